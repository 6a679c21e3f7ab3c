use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that publish a container port on a host port below 1024 (`-p 80:80`).
///
/// ## Why is this bad?
/// Ports below 1024 are reserved for privileged services; publishing one lets a container take a
/// well-known service's place (SSH, HTTP, DNS) on the host's addresses.
///
/// ## Example
/// ```sh
/// docker run -p 80:8080 web
/// ```
///
/// Use instead:
/// ```sh
/// docker run -p 8080:8080 web
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.8
pub struct PrivilegedPorts;

impl ContainerRule for PrivilegedPorts {
    const META: RuleMeta = RuleMeta {
        id: "C008",
        title: "Privileged host port published",
        severity: Severity::Medium,
        cis: &["5.8"],
        cwe: &["CWE-250"],
        remediation: "publish on a host port above 1023 (-p 8080:80) and put a reverse proxy in front if port 80/443 is needed",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let mut low: Vec<String> = Vec::new();
        for (cport, bindings) in c.host_config.port_bindings.iter().flatten() {
            for b in bindings.iter().flatten() {
                if let Ok(p) = b.host_port.trim().parse::<u32>() {
                    if (1..1024).contains(&p) {
                        low.push(format!("{p}->{cport}"));
                    }
                }
            }
        }
        if low.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} publishes privileged host ports {}",
                c.display_name(),
                low.join(", ")
            ))
            .evidence("HostConfig.PortBindings", low)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn port_80_fails() {
        assert_eq!(
            message(&check(PrivilegedPorts, "fx-ports")),
            "container fx-ports publishes privileged host ports 80->80/tcp"
        );
    }

    #[test]
    fn no_ports_pass() {
        assert_eq!(check(PrivilegedPorts, "fx-hardened"), Outcome::Pass);
    }
}
