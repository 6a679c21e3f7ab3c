use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that share the host's network namespace (`--network host`).
///
/// ## Why is this bad?
/// With the host network the container sees every host interface, can bind any host port, reach services listening on localhost (including a TCP-exposed Docker API) and sniff traffic with NET_RAW.
///
/// ## Example
/// ```sh
/// docker run --network host app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.10
pub struct HostNetwork;

impl ContainerRule for HostNetwork {
    const META: RuleMeta = RuleMeta {
        id: "C010",
        title: "Host network namespace shared",
        severity: Severity::High,
        cis: &["5.10"],
        cwe: &["CWE-668"],
        remediation: "recreate without --network host",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.network_mode == "host" {
            Outcome::fail(format!(
                "container {} shares the host's network namespace (--network host)",
                c.display_name()
            ))
            .evidence("HostConfig.NetworkMode", "host")
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
            message(&check(HostNetwork, "fx-hostns")),
            "container fx-hostns shares the host's network namespace (--network host)"
        );
    }

    #[test]
    fn private_passes() {
        assert_eq!(check(HostNetwork, "fx-hardened"), Outcome::Pass);
    }
}
