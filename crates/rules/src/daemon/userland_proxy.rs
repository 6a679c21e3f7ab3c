use super::{bool_or_default, describe, host};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that the userland proxy is off (`"userland-proxy": false`).
///
/// ## Why is this bad?
/// With the proxy on (the default), every published port runs a `docker-proxy` process as
/// root on the host: more attack surface, and traffic that bypasses the iptables rules that
/// hairpin NAT would apply.
///
/// ## Example
/// No `userland-proxy` in daemon.json.
///
/// Use instead:
/// ```json
/// { "userland-proxy": false }
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.16
pub struct UserlandProxy;

impl DaemonRule for UserlandProxy {
    const META: RuleMeta = RuleMeta {
        id: "D016",
        title: "Userland proxy is on",
        severity: Severity::Low,
        cis: &["2.16"],
        cwe: &["CWE-1125"],
        remediation: "set \"userland-proxy\": false in /etc/docker/daemon.json (hairpin NAT needs a 3.x+ kernel)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("userland-proxy");
        };
        match bool_or_default(h, "userland-proxy", true) {
            (false, _) => Outcome::pass(),
            (true, s) => Outcome::fail(format!("the userland proxy is on: {}", describe(true, s)))
                .evidence("userland-proxy", describe(true, s)),
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
            messages(&UserlandProxy.check(&with_config(&[]))),
            ["the userland proxy is on: true (default)"]
        );
        assert_eq!(
            UserlandProxy.check(&with_config(&[("userland-proxy", json!(false))])),
            Outcome::pass()
        );
    }
}
