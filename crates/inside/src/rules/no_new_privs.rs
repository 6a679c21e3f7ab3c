use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a container whose processes may gain privileges (`NoNewPrivs: 0` in
/// `/proc/self/status`): setuid binaries and file capabilities still work in it.
///
/// ## Why is this bad?
/// Without `no_new_privs`, an unprivileged user in the container becomes root through any
/// setuid-root binary in the image (`su`, `mount`, `passwd`, a vulnerable one), which undoes
/// running as a non-root user.
///
/// ## Example
/// ```sh
/// docker run --user 1000 app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --user 1000 --security-opt no-new-privileges app
/// ```
/// or `"no-new-privileges": true` in daemon.json for every container.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.26
/// - CWE-269: Improper Privilege Management
pub struct NoNewPrivs;

impl InsideRule for NoNewPrivs {
    const META: RuleMeta = RuleMeta {
        id: "C205",
        title: "Processes can gain new privileges",
        severity: Severity::Medium,
        cis: &["5.26"],
        cwe: &["CWE-269"],
        remediation: "run with --security-opt no-new-privileges (or \"no-new-privileges\": true in daemon.json)",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match f.no_new_privs {
            None => Outcome::skip("no NoNewPrivs: line in /proc/self/status"),
            Some(false) => Outcome::fail(
                "no_new_privs is off (NoNewPrivs: 0): setuid binaries can raise privileges",
            )
            .evidence("NoNewPrivs", 0),
            Some(true) => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            no_new_privs: Some(false),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(NoNewPrivs.check(&f)),
            ["no_new_privs is off (NoNewPrivs: 0): setuid binaries can raise privileges"]
        );
        let f = InsideFacts {
            no_new_privs: Some(true),
            ..Default::default()
        };
        assert_eq!(NoNewPrivs.check(&f), Outcome::Pass);
    }
}
