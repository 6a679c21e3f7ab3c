use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that share the host's PID namespace (`--pid host`).
///
/// ## Why is this bad?
/// The container sees every host process; as root it can signal them, and with SYS_PTRACE read their memory and environment (secrets included) or inject code.
///
/// ## Example
/// ```sh
/// docker run --pid host app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.16
pub struct HostPid;

impl ContainerRule for HostPid {
    const META: RuleMeta = RuleMeta {
        id: "C016",
        title: "Host PID namespace shared",
        severity: Severity::High,
        cis: &["5.16"],
        cwe: &["CWE-668"],
        remediation: "recreate without --pid host",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.pid_mode == "host" {
            Outcome::fail(format!(
                "container {} shares the host's PID namespace (--pid host)",
                c.display_name()
            ))
            .evidence("HostConfig.PidMode", "host")
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
            message(&check(HostPid, "fx-hostns")),
            "container fx-hostns shares the host's PID namespace (--pid host)"
        );
    }

    #[test]
    fn private_passes() {
        assert_eq!(check(HostPid, "fx-hardened"), Outcome::Pass);
    }
}
