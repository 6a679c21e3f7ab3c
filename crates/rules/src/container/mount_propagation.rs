use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags bind mounts with `shared` or `rshared` propagation.
///
/// ## Why is this bad?
/// With shared propagation, mounts the container makes under that path appear on the host (and
/// the other way round): a container can change what the host sees.
///
/// ## Example
/// ```sh
/// docker run --mount type=bind,source=/srv,target=/data,bind-propagation=rshared app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --mount type=bind,source=/srv,target=/data app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.20
pub struct MountPropagation;

impl ContainerRule for MountPropagation {
    const META: RuleMeta = RuleMeta {
        id: "C020",
        title: "Shared mount propagation",
        severity: Severity::Medium,
        cis: &["5.20"],
        cwe: &["CWE-668"],
        remediation: "recreate the mount without shared/rshared propagation (the default, rprivate, is right for almost every container)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let shared: Vec<String> = super::host_mounts(c)
            .into_iter()
            .filter(|m| matches!(m.propagation.as_str(), "shared" | "rshared"))
            .map(|m| format!("{}:{} ({})", m.source, m.destination, m.propagation))
            .collect();
        if shared.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} has mounts with shared propagation: {}",
                c.display_name(),
                shared.join(", ")
            ))
            .evidence("Mounts.Propagation", shared)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn rshared_fails() {
        assert_eq!(
            message(&check(MountPropagation, "fx-propagation")),
            "container fx-propagation has mounts with shared propagation: /tmp:/data (rshared)"
        );
    }

    #[test]
    fn private_passes() {
        assert_eq!(check(MountPropagation, "fx-mounts"), Outcome::Pass);
    }
}
