use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers whose root file system is writable (no `--read-only`).
///
/// ## Why is this bad?
/// A writable root file system lets an intruder replace binaries, drop tools and persist across
/// process restarts; a read-only one keeps the container as the image built it.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --read-only --tmpfs /tmp app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.13
pub struct ReadonlyRootfs;

impl ContainerRule for ReadonlyRootfs {
    const META: RuleMeta = RuleMeta {
        id: "C013",
        title: "Root filesystem writable",
        severity: Severity::Medium,
        cis: &["5.13"],
        cwe: &["CWE-732"],
        remediation: "recreate with --read-only, and --tmpfs /tmp (or volumes) for the paths that must be written",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.readonly_rootfs {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} has a writable root filesystem",
                c.display_name()
            ))
            .evidence("HostConfig.ReadonlyRootfs", false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn writable_fails() {
        assert_eq!(
            message(&check(ReadonlyRootfs, "fx-default")),
            "container fx-default has a writable root filesystem"
        );
    }

    #[test]
    fn read_only_passes() {
        assert_eq!(check(ReadonlyRootfs, "fx-hardened"), Outcome::Pass);
    }
}
