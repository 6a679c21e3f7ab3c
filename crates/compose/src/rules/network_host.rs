use super::{host_namespace, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `network_mode: host`.
///
/// ## Why is this bad?
/// The container shares the host's network stack: it can bind any host port, reach services
/// listening on the host's loopback (the Docker API on TCP, databases, metadata proxies) and
/// sniff traffic with `NET_RAW`. Docker's network isolation and published-port rules no
/// longer apply.
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     network_mode: host
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     ports: ["127.0.0.1:8080:80"]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.10
pub struct NetworkHost;

impl ServiceRule for NetworkHost {
    const META: RuleMeta = RuleMeta {
        id: "K004",
        title: "Host network namespace",
        severity: Severity::High,
        cis: &["5.10"],
        cwe: &["CWE-668"],
        remediation: "remove `network_mode: host`; publish the ports the service needs",
    };

    fn check(&self, s: &Service) -> Outcome {
        host_namespace(
            s,
            &s.network_mode,
            "network_mode",
            "uses the host's network namespace",
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  web:\n    image: a:1\n    network_mode: host\n  db:\n    image: a:1\n    network_mode: \"service:web\"\n";
        assert_eq!(
            run("K004", y),
            [
                "4:5: service web uses the host's network namespace (network_mode: host)",
                "pass"
            ]
        );
    }
}
