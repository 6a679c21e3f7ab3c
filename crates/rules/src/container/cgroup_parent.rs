use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers placed under a custom cgroup parent (`--cgroup-parent`).
///
/// ## Why is this bad?
/// The cgroup parent decides which resource limits apply; a container moved out of Docker's own
/// hierarchy may escape the limits set for containers, or share them with unrelated processes.
/// Confirm it is deliberate.
///
/// ## Example
/// ```sh
/// docker run --cgroup-parent /custom app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.25
pub struct CgroupParent;

impl ContainerRule for CgroupParent {
    const META: RuleMeta = RuleMeta {
        id: "C025",
        title: "Custom cgroup parent",
        severity: Severity::Low,
        cis: &["5.25"],
        cwe: &["CWE-770"],
        remediation: "recreate without --cgroup-parent unless the cgroup it names is deliberately configured with limits",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let p = &c.host_config.cgroup_parent;
        if p.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} uses the custom cgroup parent {p}",
                c.display_name()
            ))
            .evidence("HostConfig.CgroupParent", p.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn custom_parent_fails() {
        assert_eq!(
            message(&check(CgroupParent, "fx-devices")),
            "container fx-devices uses the custom cgroup parent /dh-custom"
        );
    }

    #[test]
    fn default_passes() {
        assert_eq!(check(CgroupParent, "fx-hardened"), Outcome::Pass);
    }
}
