use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that override the daemon's default ulimits (`--ulimit`).
///
/// ## Why is this bad?
/// The daemon's defaults are the reviewed, host-wide resource limits; a per-container override
/// (often raised to "unlimited") is easy to miss and can let one container exhaust file
/// descriptors or processes.
///
/// ## Example
/// ```sh
/// docker run --ulimit nofile=1048576:1048576 app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app   # with "default-ulimits" set in /etc/docker/daemon.json
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.19
pub struct Ulimits;

impl ContainerRule for Ulimits {
    const META: RuleMeta = RuleMeta {
        id: "C019",
        title: "Default ulimits overridden",
        severity: Severity::Low,
        cis: &["5.19"],
        cwe: &["CWE-770"],
        remediation: "recreate without --ulimit unless the application needs it; set host-wide defaults with default-ulimits in daemon.json",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let u = c.host_config.ulimits.as_deref().unwrap_or(&[]);
        if u.is_empty() {
            return Outcome::pass();
        }
        let list: Vec<String> = u
            .iter()
            .map(|u| format!("{}={}:{}", u.name, u.soft, u.hard))
            .collect();
        Outcome::fail(format!(
            "container {} overrides the default ulimits ({})",
            c.display_name(),
            list.join(", ")
        ))
        .evidence("HostConfig.Ulimits", list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn override_fails() {
        assert_eq!(
            message(&check(Ulimits, "fx-devices")),
            "container fx-devices overrides the default ulimits (nofile=1024:2048)"
        );
    }

    #[test]
    fn defaults_pass() {
        assert_eq!(check(Ulimits, "fx-hardened"), Outcome::Pass);
    }
}
