use super::{chmod_modes, parse_mode, DockerfileRule};
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags world-writable permissions given in the final stage: `chmod 777`, `666`, `o+w`,
/// `a+w` (also through `install -m` and `find -exec chmod`) and `COPY`/`ADD --chmod=777`.
/// Directories with the sticky bit (`chmod 1777 /tmp`-style) are accepted.
///
/// ## Why is this bad?
/// Any user or process in the container can then replace the file — a binary, a config, a
/// script run as root later — and turn a small foothold into code execution as its owner.
///
/// ## Example
/// ```dockerfile
/// RUN chmod -R 777 /app
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN chown -R app:app /app && chmod -R u=rwX,go=rX /app
/// ```
///
/// ## References
/// - CWE-732: Incorrect Permission Assignment for Critical Resource
pub struct WorldWritable;

impl DockerfileRule for WorldWritable {
    const META: RuleMeta = RuleMeta {
        id: "F011",
        title: "World-writable permissions",
        severity: Severity::Medium,
        cis: &[],
        cwe: &["CWE-732"],
        remediation:
            "give write access to the owner only (`chmod 755`/`644`, `chown` to the service user)",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let stages = super::final_stages(a);
        let mut failures = vec![];
        for (r, c) in super::run_commands(a, Some(&stages)) {
            for m in chmod_modes(c) {
                if parse_mode(&m).is_some_and(|b| b.world_writable && !b.sticky) {
                    failures.push(
                        Failure::new(format!("`{} {m}` makes files world-writable", c.program()))
                            .at(a.cmd_loc(r, c)),
                    );
                }
            }
        }
        for kw in ["COPY", "ADD"] {
            for i in super::instructions_in(a, Some(&stages), kw) {
                if let Some(f) = a.inst(i).flag("chmod") {
                    let m = f.value.clone().unwrap_or_default();
                    if parse_mode(&m).is_some_and(|b| b.world_writable && !b.sticky) {
                        failures.push(
                            Failure::new(format!("{kw} --chmod={m} makes files world-writable"))
                                .at(a.loc(i, f.offset)),
                        );
                    }
                }
            }
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_on_world_writable_modes() {
        let o = run(
            WorldWritable,
            "FROM alpine:3\nRUN chmod -R 777 /app\nCOPY --chmod=666 a /a\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (2, 5, "`chmod 777` makes files world-writable".to_string()),
                (
                    3,
                    6,
                    "COPY --chmod=666 makes files world-writable".to_string()
                ),
            ]
        );
    }

    #[test]
    fn passes_on_sticky_and_private_modes() {
        assert_eq!(
            run(
                WorldWritable,
                "FROM alpine:3\nRUN chmod 1777 /scratch && chmod 755 /app && chmod o-w /x\n"
            ),
            Outcome::Pass
        );
    }
}
