use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::binds_all_interfaces;

/// ## What it does
/// Flags published ports without a host address (`"8080:80"`, `"80"`, long syntax without
/// `host_ip`) or bound to `0.0.0.0` / `::`: they listen on every interface of the host.
///
/// ## Why is this bad?
/// A port meant for a reverse proxy on the same host is reachable from the whole network,
/// and Docker's iptables rules bypass host firewalls such as ufw. Bind to the interface the
/// traffic comes from.
///
/// ## Example
/// ```yaml
/// services:
///   db:
///     image: postgres:16
///     ports: ["5432:5432"]
/// ```
///
/// Use instead:
/// ```yaml
///     ports: ["127.0.0.1:5432:5432"]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.14
pub struct PortsAllInterfaces;

impl ServiceRule for PortsAllInterfaces {
    const META: RuleMeta = RuleMeta {
        id: "K016",
        title: "Port published on all interfaces",
        severity: Severity::Medium,
        cis: &["5.14"],
        cwe: &["CWE-668"],
        remediation:
            "publish on one address: `\"127.0.0.1:8080:80\"` (or host_ip in the long syntax)",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .ports
            .iter()
            .filter(|p| binds_all_interfaces(&p.host_ip))
            .map(|p| {
                fail_at(
                    s,
                    &p.pos,
                    format!(
                        "service {} publishes port {} on all host interfaces",
                        s.name, p.spec
                    ),
                )
                .evidence("port", p.spec.clone())
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  web:\n    image: a:1\n    ports:\n      - \"8080:80\"\n      - 9000\n      - target: 443\n        published: \"8443\"\n      - \"0.0.0.0:53:53/udp\"\n  ok:\n    image: a:1\n    ports:\n      - 127.0.0.1:8080:80\n      - target: 443\n        host_ip: 10.0.0.5\n        published: 8443\n";
        assert_eq!(
            run("K016", y),
            [
                "5:9: service web publishes port 8080:80 on all host interfaces",
                "6:9: service web publishes port 9000 on all host interfaces",
                "7:9: service web publishes port 8443:443 on all host interfaces",
                "9:9: service web publishes port 0.0.0.0:53:53/udp on all host interfaces",
                "pass"
            ]
        );
    }
}
