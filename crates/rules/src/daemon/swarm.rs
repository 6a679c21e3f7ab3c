use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags a daemon that is part of a swarm (`Swarm.LocalNodeState` is `active`, `pending`
/// or `locked`) — CIS asks that swarm mode stays off where it is not used.
///
/// ## Why is this bad?
/// Swarm mode opens management (2377/tcp), gossip (7946) and overlay (4789/udp) ports and
/// lets managers schedule containers on this host. Unused, it is attack surface only.
///
/// ## Example
/// `docker swarm init` on a single host that runs plain containers.
///
/// Use instead: `docker swarm leave` (`--force` on the last manager).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.1
pub struct Swarm;

impl DaemonRule for Swarm {
    const META: RuleMeta = RuleMeta {
        id: "D101",
        title: "Swarm mode is enabled",
        severity: Severity::Low,
        cis: &["5.1"],
        cwe: &["CWE-1125"],
        remediation: "if this host does not need swarm mode: docker swarm leave",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(d) = &snap.daemon else {
            return Outcome::skip(format!(
                "swarm state comes from the Engine API: {}",
                crate::engine::daemon_missing_reason(snap)
            ));
        };
        let state = d
            .info
            .swarm
            .as_ref()
            .map(|s| s.local_node_state.as_str())
            .unwrap_or("");
        match state {
            "active" | "pending" | "locked" => {
                let role = if d.info.swarm.as_ref().is_some_and(|s| s.control_available) {
                    "a manager"
                } else {
                    "a worker"
                };
                Outcome::fail(format!(
                    "swarm mode is {state}: this daemon is {role} of a swarm"
                ))
                .evidence("Info.Swarm.LocalNodeState", state)
            }
            _ => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;

    #[test]
    fn fail_and_pass() {
        assert_eq!(Swarm.check(&recorded()), Outcome::pass());
        let mut s = recorded();
        let sw = s.daemon.as_mut().unwrap().info.swarm.as_mut().unwrap();
        sw.local_node_state = "active".into();
        sw.control_available = true;
        assert_eq!(
            messages(&Swarm.check(&s)),
            ["swarm mode is active: this daemon is a manager of a swarm"]
        );
    }
}
