use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags published ports bound to every host interface (`-p 8080:80`, `0.0.0.0`, `::`), and
/// `--publish-all`.
///
/// ## Why is this bad?
/// Docker's NAT rules bypass most host firewalls (ufw, firewalld): a port published on all
/// interfaces is reachable from every network the host is on.
///
/// ## Example
/// ```sh
/// docker run -p 8080:80 web
/// ```
///
/// Use instead:
/// ```sh
/// docker run -p 127.0.0.1:8080:80 web
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.14
pub struct PortsAllInterfaces;

impl ContainerRule for PortsAllInterfaces {
    const META: RuleMeta = RuleMeta {
        id: "C014",
        title: "Port published on all host interfaces",
        severity: Severity::Medium,
        cis: &["5.14"],
        cwe: &["CWE-668"],
        remediation: "bind published ports to the address that needs them: -p 127.0.0.1:8080:8080 (or a specific interface address)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let mut open: Vec<String> = Vec::new();
        for (cport, bindings) in c.host_config.port_bindings.iter().flatten() {
            for b in bindings.iter().flatten() {
                if crate::concepts::binds_all_interfaces(&b.host_ip) {
                    let hp = if b.host_port.is_empty() {
                        "*"
                    } else {
                        b.host_port.as_str()
                    };
                    open.push(format!("{hp}->{cport}"));
                }
            }
        }
        open.sort();
        if c.host_config.publish_all_ports {
            open.push("--publish-all".into());
        }
        if open.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} publishes {} on all host interfaces",
                c.display_name(),
                open.join(", ")
            ))
            .evidence("HostConfig.PortBindings", open)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn wildcard_fails_loopback_not_listed() {
        assert_eq!(
            message(&check(PortsAllInterfaces, "fx-ports")),
            "container fx-ports publishes 2222->22/tcp, 80->80/tcp on all host interfaces"
        );
    }

    #[test]
    fn no_ports_pass() {
        assert_eq!(check(PortsAllInterfaces, "fx-hardened"), Outcome::Pass);
    }
}
