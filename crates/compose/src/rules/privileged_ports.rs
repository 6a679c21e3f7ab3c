use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services that publish a privileged host port (below 1024), in short or long syntax.
///
/// ## Why is this bad?
/// Ports below 1024 are reserved for system services; a container taking one can
/// impersonate a host service (SSH on 22, DNS on 53) and needs the daemon to bind as root.
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     ports: ["80:8080"]
/// ```
///
/// Use instead: an unprivileged host port behind the host's proxy or load balancer,
/// `ports: ["127.0.0.1:8080:8080"]`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.8
pub struct PrivilegedPorts;

impl ServiceRule for PrivilegedPorts {
    const META: RuleMeta = RuleMeta {
        id: "K017",
        title: "Privileged host port published",
        severity: Severity::Low,
        cis: &["5.8"],
        cwe: &["CWE-250"],
        remediation: "publish on a host port of 1024 or above",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .ports
            .iter()
            .filter_map(|p| {
                let (start, _) = p.published?;
                (start < 1024).then(|| {
                    fail_at(
                        s,
                        &p.pos,
                        format!(
                            "service {} publishes privileged host port {start} ({})",
                            s.name, p.spec
                        ),
                    )
                    .evidence("host_port", start)
                })
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
        let y = "services:\n  web:\n    image: a:1\n    ports: [\"127.0.0.1:80:8080\", \"8080:80\"]\n  ok:\n    image: a:1\n    ports: [\"8080:80\", \"443\"]\n";
        assert_eq!(
            run("K017", y),
            [
                "4:13: service web publishes privileged host port 80 (127.0.0.1:80:8080)",
                "pass"
            ]
        );
    }
}
