use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers with no memory limit (`HostConfig.Memory` is 0).
///
/// ## Why is this bad?
/// One container with a leak or under attack can take all of the host's memory and make the
/// kernel's OOM killer end other containers, or the daemon itself.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --memory 512m --memory-swap 512m app
/// # a running container: docker update --memory 512m --memory-swap 512m app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.11
pub struct MemoryLimit;

impl ContainerRule for MemoryLimit {
    const META: RuleMeta = RuleMeta {
        id: "C011",
        title: "No memory limit",
        severity: Severity::Medium,
        cis: &["5.11"],
        cwe: &["CWE-770"],
        remediation: "docker update --memory 512m --memory-swap 512m <container> (and set --memory when recreating it)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.memory > 0 {
            Outcome::pass()
        } else {
            let name = c.display_name();
            Outcome::fail(format!("container {name} has no memory limit"))
                .evidence("HostConfig.Memory", c.host_config.memory)
                .remediation(format!(
                    "docker update --memory 512m --memory-swap 512m {name}"
                ))
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
            message(&check(MemoryLimit, "fx-default")),
            "container fx-default has no memory limit"
        );
    }

    #[test]
    fn limited_passes() {
        assert_eq!(check(MemoryLimit, "fx-hardened"), Outcome::Pass);
    }
}
