use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that share the host's UTS namespace (`--uts host`).
///
/// ## Why is this bad?
/// The container can change the host's hostname and domain name, which other services and logs rely on.
///
/// ## Example
/// ```sh
/// docker run --uts host app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.21
pub struct HostUts;

impl ContainerRule for HostUts {
    const META: RuleMeta = RuleMeta {
        id: "C021",
        title: "Host UTS namespace shared",
        severity: Severity::Medium,
        cis: &["5.21"],
        cwe: &["CWE-668"],
        remediation: "recreate without --uts host",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.uts_mode == "host" {
            Outcome::fail(format!(
                "container {} shares the host's UTS namespace (--uts host)",
                c.display_name()
            ))
            .evidence("HostConfig.UTSMode", "host")
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
            message(&check(HostUts, "fx-hostns")),
            "container fx-hostns shares the host's UTS namespace (--uts host)"
        );
    }

    #[test]
    fn private_passes() {
        assert_eq!(check(HostUts, "fx-hardened"), Outcome::Pass);
    }
}
