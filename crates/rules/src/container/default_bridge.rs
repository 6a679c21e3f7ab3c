use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers attached to the default `bridge` network (docker0).
///
/// ## Why is this bad?
/// Every container on the default bridge can reach every other one on it (unless the daemon runs
/// with `--icc=false`), and it has no embedded DNS or per-application isolation. User-defined
/// networks separate applications, and can disable inter-container traffic.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker network create -o com.docker.network.bridge.enable_icc=false app-net
/// docker run --network app-net app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.30
pub struct DefaultBridge;

impl ContainerRule for DefaultBridge {
    const META: RuleMeta = RuleMeta {
        id: "C030",
        title: "Container on the default bridge",
        severity: Severity::Low,
        cis: &["5.30"],
        cwe: &["CWE-668"],
        remediation: "create a user-defined network with ICC disabled (docker network create -o com.docker.network.bridge.enable_icc=false app-net) and run the container on it",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let mode = c.host_config.network_mode.as_str();
        let on_bridge = c
            .network_settings
            .networks
            .as_ref()
            .is_some_and(|n| n.contains_key("bridge"))
            || mode == "bridge"
            || mode == "default";
        if on_bridge {
            Outcome::fail(format!(
                "container {} is on the default bridge network",
                c.display_name()
            ))
            .evidence("HostConfig.NetworkMode", mode.to_string())
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
    fn default_bridge_fails() {
        assert_eq!(
            message(&check(DefaultBridge, "fx-default")),
            "container fx-default is on the default bridge network"
        );
    }

    #[test]
    fn user_network_passes() {
        assert_eq!(check(DefaultBridge, "fx-hardened"), Outcome::Pass);
    }
}
