use super::DockerfileRule;
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `RUN --security=insecure`, which runs the step without the build sandbox — like a
/// `--privileged` container — when the builder allows the `security.insecure` entitlement.
///
/// ## Why is this bad?
/// The step gets every capability and the host's devices: a compromised dependency fetched
/// in that step owns the build host, and the build now depends on a builder configured to
/// allow it.
///
/// ## Example
/// ```dockerfile
/// RUN --security=insecure mount -t tmpfs none /mnt
/// ```
///
/// Use instead: do the privileged work outside the build, or use `RUN --mount=type=tmpfs`
/// and other mounts the sandbox allows.
///
/// ## References
/// - Docker docs, "Dockerfile reference: RUN --security"
/// - CWE-250: Execution with Unnecessary Privileges
pub struct InsecureSecurity;

impl DockerfileRule for InsecureSecurity {
    const META: RuleMeta = RuleMeta {
        id: "F016",
        title: "RUN --security=insecure",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-250"],
        remediation: "remove `--security=insecure`; keep build steps inside the sandbox",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for (i, inst) in a.df.instructions.iter().enumerate() {
            let eff = inst.effective();
            if eff.keyword != "RUN" {
                continue;
            }
            if let Some(f) = eff.flag("security") {
                if f.value.as_deref() == Some("insecure") {
                    failures.push(
                        Failure::new(
                            "RUN --security=insecure runs the step without the build sandbox",
                        )
                        .at(a.loc(i, f.offset)),
                    );
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
    fn fails_on_insecure() {
        let o = run(
            InsecureSecurity,
            "FROM alpine:3\nRUN --security=insecure make\n",
        );
        assert_eq!(
            failures(&o),
            vec![(
                2,
                5,
                "RUN --security=insecure runs the step without the build sandbox".to_string()
            )]
        );
    }

    #[test]
    fn passes_on_sandboxed() {
        assert_eq!(
            run(
                InsecureSecurity,
                "FROM alpine:3\nRUN --security=sandbox --network=none make\n"
            ),
            Outcome::Pass
        );
    }
}
