use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Reads `/proc/self/uid_map`: `0 0 4294967295` means the container shares the host's user
/// namespace, so uid 0 inside is uid 0 on the host.
///
/// ## Why is this bad?
/// With a user namespace (`userns-remap` or rootless Docker), root in the container is an
/// unprivileged uid on the host: a process that escapes owns nothing. Without one, every
/// escape lands as real root.
///
/// ## Example
/// ```json
/// {}
/// ```
///
/// Use instead (daemon.json):
/// ```json
/// { "userns-remap": "default" }
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.9 and 5.31
/// - CWE-250: Execution with Unnecessary Privileges
pub struct NoUserNamespace;

impl InsideRule for NoUserNamespace {
    const META: RuleMeta = RuleMeta {
        id: "C207",
        title: "No user namespace: container root is host root",
        severity: Severity::Low,
        cis: &["2.9", "5.31"],
        cwe: &["CWE-250"],
        remediation: "enable user namespace remapping (\"userns-remap\": \"default\" in daemon.json) or run the engine rootless",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match f.uid_map.as_deref() {
            None => Outcome::skip("/proc/self/uid_map unreadable"),
            Some("0 0 4294967295") => Outcome::fail(
                "no user namespace: uid_map is 0 0 4294967295, uid 0 here is uid 0 on the host",
            )
            .evidence("uid_map", "0 0 4294967295"),
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
            uid_map: Some("0 0 4294967295".into()),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(NoUserNamespace.check(&f)),
            ["no user namespace: uid_map is 0 0 4294967295, uid 0 here is uid 0 on the host"]
        );
        let f = InsideFacts {
            uid_map: Some("0 100000 65536".into()),
            ..Default::default()
        };
        assert_eq!(NoUserNamespace.check(&f), Outcome::Pass);
    }
}
