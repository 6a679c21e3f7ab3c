use crate::NetworkRule;
use dh_model::{Network, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags user-defined bridge networks that hold containers and let them talk to each other
/// freely: no `com.docker.network.bridge.enable_icc=false` option. Containers are counted in
/// every state (a stopped container rejoins the network when it starts). The default bridge
/// is judged by the daemon rule for `icc` (CIS 2.2).
///
/// ## Why is this bad?
/// With inter-container communication on, a compromised container can reach every port of
/// every other container on the network, not only the ones published for it.
///
/// ## Example
/// ```sh
/// docker network create app-net
/// ```
///
/// Use instead:
/// ```sh
/// docker network create -o com.docker.network.bridge.enable_icc=false app-net
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.2 (the same measure, per network)
pub struct NetworkIcc;

pub const ICC_OPTION: &str = "com.docker.network.bridge.enable_icc";

impl NetworkRule for NetworkIcc {
    const META: RuleMeta = RuleMeta {
        id: "N001",
        title: "Inter-container communication enabled on a network",
        severity: Severity::Medium,
        cis: &["2.2"],
        cwe: &["CWE-668"],
        remediation: "recreate the network with -o com.docker.network.bridge.enable_icc=false and publish only the ports containers must reach",
    };

    fn check(&self, n: &Network, snap: &Snapshot) -> Outcome {
        if n.driver != "bridge" || n.name == "bridge" {
            return Outcome::NotApplicable;
        }
        let icc = n
            .options
            .as_ref()
            .and_then(|o| o.get(ICC_OPTION))
            .map(String::as_str);
        if icc == Some("false") {
            return Outcome::pass();
        }
        let mut members: Vec<String> = snap
            .containers
            .iter()
            .filter(|c| {
                c.network_settings.networks.as_ref().is_some_and(|nets| {
                    nets.iter().any(|(name, ep)| {
                        *name == n.name || (!n.id.is_empty() && ep.network_id == n.id)
                    })
                })
            })
            .map(|c| c.display_name().to_string())
            .collect();
        for c in n.containers.iter().flat_map(|m| m.values()) {
            if !members.contains(&c.name) {
                members.push(c.name.clone());
            }
        }
        if members.is_empty() {
            return Outcome::pass();
        }
        members.sort();
        Outcome::fail(format!(
            "network {} lets its {} container(s) talk to each other freely (enable_icc not false): {}",
            n.name,
            members.len(),
            members.join(", ")
        ))
        .evidence(format!("Options.{ICC_OPTION}"), icc.unwrap_or("(unset: true)").to_string())
        .remediation(format!(
            "docker network create -o {ICC_OPTION}=false {}-isolated, then move the containers to it",
            n.name
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icc_network_with_members_fails() {
        let mut snap = crate::container::fixtures::snapshot();
        let mut net = snap.network_by_name("fx-net").unwrap().clone();
        net.options = None;
        snap.networks.push(net.clone());
        let Outcome::Fail(f) = NetworkIcc.check(&net, &snap) else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "network fx-net lets its 1 container(s) talk to each other freely (enable_icc not false): fx-hardened"
        );
    }

    #[test]
    fn icc_disabled_passes() {
        let snap = crate::container::fixtures::snapshot();
        let net = snap.network_by_name("fx-net").unwrap();
        assert_eq!(NetworkIcc.check(net, &snap), Outcome::Pass);
    }
}
