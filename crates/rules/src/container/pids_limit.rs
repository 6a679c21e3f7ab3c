use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers with no PIDs cgroup limit (`--pids-limit` unset, 0 or -1).
///
/// ## Why is this bad?
/// A fork bomb in one container exhausts the host's process table and stops every other
/// container and host service from starting processes.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --pids-limit 200 app
/// # a running container: docker update --pids-limit 200 app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.29
pub struct PidsLimit;

impl ContainerRule for PidsLimit {
    const META: RuleMeta = RuleMeta {
        id: "C029",
        title: "No PIDs limit",
        severity: Severity::Medium,
        cis: &["5.29"],
        cwe: &["CWE-770"],
        remediation:
            "docker update --pids-limit 200 <container> (and set --pids-limit when recreating it)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        match c.host_config.pids_limit {
            Some(n) if n > 0 => Outcome::pass(),
            other => {
                let name = c.display_name();
                Outcome::fail(format!("container {name} has no PIDs limit"))
                    .evidence(
                        "HostConfig.PidsLimit",
                        other.map(serde_json::Value::from).unwrap_or_default(),
                    )
                    .remediation(format!("docker update --pids-limit 200 {name}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn unlimited_fails() {
        assert_eq!(
            message(&check(PidsLimit, "fx-default")),
            "container fx-default has no PIDs limit"
        );
    }

    #[test]
    fn limited_passes() {
        assert_eq!(check(PidsLimit, "fx-hardened"), Outcome::Pass);
    }
}
