use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that share the host's IPC namespace (`--ipc host`).
///
/// ## Why is this bad?
/// The container can read and write the host's shared memory segments and message queues, which other processes use for data and locks.
///
/// ## Example
/// ```sh
/// docker run --ipc host app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.17
pub struct HostIpc;

impl ContainerRule for HostIpc {
    const META: RuleMeta = RuleMeta {
        id: "C017",
        title: "Host IPC namespace shared",
        severity: Severity::High,
        cis: &["5.17"],
        cwe: &["CWE-668"],
        remediation: "recreate without --ipc host",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.ipc_mode == "host" {
            Outcome::fail(format!(
                "container {} shares the host's IPC namespace (--ipc host)",
                c.display_name()
            ))
            .evidence("HostConfig.IpcMode", "host")
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
            message(&check(HostIpc, "fx-hostns")),
            "container fx-hostns shares the host's IPC namespace (--ipc host)"
        );
    }

    #[test]
    fn private_passes() {
        assert_eq!(check(HostIpc, "fx-hardened"), Outcome::Pass);
    }
}
