use super::{describe, host};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that inter-container communication (ICC) is disabled on the default bridge
/// network: from the bridge network's `com.docker.network.bridge.enable_icc` option when the
/// API was queried, else from the daemon's `icc` setting (daemon.json or `--icc`).
///
/// ## Why is this bad?
/// With ICC on (the default), every container on the default bridge can reach every port of
/// every other one: one compromised container can attack all its neighbours, with no
/// firewall in between.
///
/// ## Example
/// ```json
/// { "icc": true }
/// ```
///
/// Use instead:
/// ```json
/// { "icc": false }
/// ```
/// and connect containers that must talk through user-defined networks.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.2
/// - <https://docs.docker.com/network/drivers/bridge/>
pub struct Icc;

const OPT: &str = "com.docker.network.bridge.enable_icc";

impl DaemonRule for Icc {
    const META: RuleMeta = RuleMeta {
        id: "D002",
        title: "Inter-container communication on the default bridge",
        severity: Severity::Medium,
        cis: &["2.2"],
        cwe: &["CWE-923"],
        remediation: "set \"icc\": false in /etc/docker/daemon.json (or dockerd --icc=false) and restart dockerd",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let cfg = host(snap).and_then(|h| h.bool_setting("icc"));
        if snap.daemon.is_some() {
            let bridge = snap.networks.iter().find(|n| {
                n.options
                    .as_ref()
                    .and_then(|o| o.get("com.docker.network.bridge.default_bridge"))
                    .is_some_and(|v| v == "true")
                    || (n.name == "bridge" && n.driver == "bridge")
            });
            if let Some(n) = bridge {
                let v = n
                    .options
                    .as_ref()
                    .and_then(|o| o.get(OPT))
                    .map(String::as_str)
                    .unwrap_or("true");
                if v == "false" {
                    return Outcome::pass();
                }
                let mut o = Outcome::fail(format!(
                    "ICC is enabled on the default bridge network {}: every container on it can reach every other",
                    n.name
                ))
                .evidence(format!("network {}: Options.{OPT}", n.name), v);
                if let Some((b, s)) = cfg {
                    o = o.evidence("icc", describe(b, Some(s)));
                }
                return o;
            }
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        if h.str_setting("bridge").is_some_and(|(b, _)| b == "none") {
            return Outcome::pass();
        }
        match cfg {
            Some((false, _)) => Outcome::pass(),
            Some((true, s)) => Outcome::fail(format!(
                "ICC is enabled on the default bridge: icc is true, {}",
                super::set_at(s)
            ))
            .evidence("icc", describe(true, Some(s))),
            None => Outcome::fail(
                "ICC is enabled on the default bridge: icc is not set and defaults to true",
            )
            .evidence("icc", describe(true, None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn from_api() {
        assert_eq!(
            messages(&Icc.check(&recorded())),
            ["ICC is enabled on the default bridge network bridge: every container on it can reach every other"]
        );
        assert_eq!(Icc.check(&recorded_hardened()), Outcome::pass());
    }

    #[test]
    fn from_config() {
        assert_eq!(
            messages(&Icc.check(&with_config(&[("icc", json!(true))]))),
            ["ICC is enabled on the default bridge: icc is true, set in /etc/docker/daemon.json:2"]
        );
        assert_eq!(
            messages(&Icc.check(&with_config(&[]))),
            ["ICC is enabled on the default bridge: icc is not set and defaults to true"]
        );
        assert_eq!(
            Icc.check(&with_config(&[("icc", json!(false))])),
            Outcome::pass()
        );
    }
}
