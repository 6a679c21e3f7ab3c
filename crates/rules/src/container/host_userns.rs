use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that share the host's user namespace (`--userns host`).
///
/// ## Why is this bad?
/// On a daemon with user-namespace remapping, `--userns host` opts this container out: its root is the host's root again.
///
/// ## Example
/// ```sh
/// docker run --userns host app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.31
pub struct HostUserns;

impl ContainerRule for HostUserns {
    const META: RuleMeta = RuleMeta {
        id: "C031",
        title: "Host user namespace shared",
        severity: Severity::Medium,
        cis: &["5.31"],
        cwe: &["CWE-668"],
        remediation: "recreate without --userns host",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.userns_mode == "host" {
            Outcome::fail(format!(
                "container {} shares the host's user namespace (--userns host)",
                c.display_name()
            ))
            .evidence("HostConfig.UsernsMode", "host")
        } else {
            Outcome::pass()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn host_mode_fails() {
        assert_eq!(
            message(&check(HostUserns, "fx-hostns")),
            "container fx-hostns shares the host's user namespace (--userns host)"
        );
    }

    #[test]
    fn private_passes() {
        assert_eq!(check(HostUserns, "fx-hardened"), Outcome::Pass);
    }
}
