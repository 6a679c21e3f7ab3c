use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a container process running as uid 0 (the effective uid in `/proc/self/status`).
///
/// ## Why is this bad?
/// Root in the container owns every file of the image and, without a user namespace, is root
/// on the host for anything it can reach: a writable mount, a device, a kernel bug.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --user 10001:10001 app
/// ```
/// or `USER 10001` in the Dockerfile.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.1
/// - CWE-250: Execution with Unnecessary Privileges
pub struct RunsAsRoot;

impl InsideRule for RunsAsRoot {
    const META: RuleMeta = RuleMeta {
        id: "C217",
        title: "Running as root",
        severity: Severity::Medium,
        cis: &["4.1"],
        cwe: &["CWE-250"],
        remediation: "run with --user UID:GID, or set USER in the image",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match f.euid {
            None => Outcome::skip("no Uid: line in /proc/self/status"),
            Some(0) => Outcome::fail("the process runs as uid 0 (root)").evidence("euid", 0),
            Some(_) => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            euid: Some(0),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(RunsAsRoot.check(&f)),
            ["the process runs as uid 0 (root)"]
        );
        let f = InsideFacts {
            euid: Some(1000),
            ..Default::default()
        };
        assert_eq!(RunsAsRoot.check(&f), Outcome::Pass);
    }
}
