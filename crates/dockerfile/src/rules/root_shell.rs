use super::DockerfileRule;
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Reports (as information) a final stage built on a distribution image that does not set
/// root's login shell to `nologin` (`usermod -s /usr/sbin/nologin root`, `chsh -s … root`,
/// or an edit of `/etc/passwd`). Images built `FROM scratch` or a distroless base have no
/// shell and are not judged.
///
/// ## Why is this bad?
/// With a login shell, anyone who gets root's credentials or a way to switch users gets an
/// interactive root shell. Setting it to `nologin` is a cheap layer of defence in depth.
///
/// ## Example
/// ```dockerfile
/// FROM debian:bookworm-slim
/// USER app
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM debian:bookworm-slim
/// RUN usermod -s /usr/sbin/nologin root
/// USER app
/// ```
///
/// ## References
/// - docker-harden seed measure "root's shell set to nologin"
pub struct RootShell;

impl DockerfileRule for RootShell {
    const META: RuleMeta = RuleMeta {
        id: "F002",
        title: "Root login shell not disabled",
        severity: Severity::Info,
        cis: &[],
        cwe: &[],
        remediation: "add `RUN usermod -s /usr/sbin/nologin root` to the final stage",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        if super::windows_final(a) {
            return Outcome::NotApplicable;
        }
        let chain = a.final_chain();
        let Some(root) = chain.last() else {
            return Outcome::NotApplicable;
        };
        let base = root
            .base_resolved
            .clone()
            .unwrap_or_else(|| root.base.clone());
        if base == "scratch" || base.contains("distroless") {
            return Outcome::NotApplicable;
        }
        let stages = super::final_stages(a);
        let disabled = super::run_commands(a, Some(&stages)).iter().any(|(_, c)| {
            let args = c.args();
            let sets_nologin = args
                .iter()
                .any(|x| x.ends_with("nologin") || x.ends_with("/false"));
            match c.program() {
                "usermod" | "chsh" => sets_nologin && args.last() == Some(&"root"),
                "sed" => {
                    args.iter().any(|x| x.contains("nologin")) && args.contains(&"/etc/passwd")
                }
                _ => false,
            }
        });
        if disabled {
            return Outcome::Pass;
        }
        let last = chain[0];
        Outcome::Fail(vec![Failure::new(
            "root's login shell is not set to nologin in the final stage",
        )
        .at(a.inst_loc(last.from))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_when_root_keeps_its_shell() {
        let o = run(RootShell, "FROM debian:12\nUSER app\n");
        assert_eq!(
            failures(&o),
            vec![(
                1,
                1,
                "root's login shell is not set to nologin in the final stage".to_string()
            )]
        );
    }

    #[test]
    fn passes_with_usermod_or_no_shell() {
        assert_eq!(
            run(
                RootShell,
                "FROM debian:12\nRUN usermod -s /usr/sbin/nologin root\n"
            ),
            Outcome::Pass
        );
        assert_eq!(
            run(RootShell, "FROM scratch\nCOPY a /a\n"),
            Outcome::NotApplicable
        );
    }
}
