use super::{bool_or_default, host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that the daemon manages iptables (`iptables` is not `false`).
///
/// ## Why is this bad?
/// With `--iptables=false` Docker no longer writes the rules that isolate networks, enforce
/// `icc=false` and limit published ports; containers' reachability is whatever the host
/// firewall happens to allow.
///
/// ## Example
/// ```json
/// { "iptables": false }
/// ```
///
/// Use instead: remove the key (the default is `true`).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.4
pub struct Iptables;

impl DaemonRule for Iptables {
    const META: RuleMeta = RuleMeta {
        id: "D004",
        title: "Docker may not change iptables",
        severity: Severity::Medium,
        cis: &["2.4"],
        cwe: &["CWE-284"],
        remediation: "remove \"iptables\": false from daemon.json (and --iptables=false from the dockerd command line)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("the iptables setting");
        };
        match bool_or_default(h, "iptables", true) {
            (false, Some(s)) => Outcome::fail(format!(
                "iptables is false ({}): Docker does not write its network isolation rules",
                set_at(s)
            ))
            .evidence("iptables", false),
            _ => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn fail_and_pass() {
        assert_eq!(
            messages(&Iptables.check(&with_config(&[("iptables", json!(false))]))),
            ["iptables is false (set in /etc/docker/daemon.json:2): Docker does not write its network isolation rules"]
        );
        assert_eq!(Iptables.check(&with_config(&[])), Outcome::pass());
    }
}
