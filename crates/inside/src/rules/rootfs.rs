use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a container whose root file system is mounted read-write (from the `/` line of
/// `/proc/self/mountinfo`).
///
/// ## Why is this bad?
/// An intruder can change the container's programs and configuration, drop tools and persist
/// until the container is recreated; a read-only root with tmpfs for scratch space leaves
/// nothing to tamper with.
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
/// - CWE-732: Incorrect Permission Assignment for Critical Resource
pub struct RootfsWritable;

impl InsideRule for RootfsWritable {
    const META: RuleMeta = RuleMeta {
        id: "C216",
        title: "Root file system is writable",
        severity: Severity::Low,
        cis: &["5.13"],
        cwe: &["CWE-732"],
        remediation: "run with --read-only (and --tmpfs for the paths that must be writable)",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match f.rootfs_writable {
            None => Outcome::skip("no / line in /proc/self/mountinfo"),
            Some(true) => Outcome::fail("the root file system is mounted read-write"),
            Some(false) => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            rootfs_writable: Some(true),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(RootfsWritable.check(&f)),
            ["the root file system is mounted read-write"]
        );
        let f = InsideFacts {
            rootfs_writable: Some(false),
            ..Default::default()
        };
        assert_eq!(RootfsWritable.check(&f), Outcome::Pass);
    }
}
