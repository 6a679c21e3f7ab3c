use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services without a PIDs limit: neither `pids_limit` nor
/// `deploy.resources.limits.pids`, or a limit of `0`/`-1` (unlimited).
///
/// ## Why is this bad?
/// A fork bomb in one container exhausts the host's process table and stops every other
/// service, the daemon and sshd from forking.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   app:
///     image: app:1
///     pids_limit: 200
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.29
pub struct PidsLimit;

impl ServiceRule for PidsLimit {
    const META: RuleMeta = RuleMeta {
        id: "K015",
        title: "No PIDs limit",
        severity: Severity::Low,
        cis: &["5.29"],
        cwe: &["CWE-770"],
        remediation: "set `pids_limit: 200` (or `deploy.resources.limits.pids`)",
    };

    fn check(&self, s: &Service) -> Outcome {
        let limits = [&s.pids_limit, &s.deploy_pids];
        if limits
            .iter()
            .any(|l| l.as_ref().is_some_and(|l| l.value > 0))
        {
            return Outcome::Pass;
        }
        let (pos, msg) = match limits.iter().find_map(|l| l.as_ref()) {
            Some(l) => (
                &l.pos,
                format!(
                    "service {} has no PIDs limit ({} means unlimited)",
                    s.name, l.value
                ),
            ),
            None => (
                &s.pos,
                format!(
                    "service {} has no PIDs limit (pids_limit or deploy.resources.limits.pids)",
                    s.name
                ),
            ),
        };
        Outcome::Fail(vec![fail_at(s, pos, msg)])
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n  neg:\n    image: a:1\n    pids_limit: -1\n  ok:\n    image: a:1\n    pids_limit: 100\n  ok2:\n    image: a:1\n    deploy: {resources: {limits: {pids: \"50\"}}}\n";
        assert_eq!(
            run("K015", y),
            [
                "2:3: service app has no PIDs limit (pids_limit or deploy.resources.limits.pids)",
                "6:5: service neg has no PIDs limit (-1 means unlimited)",
                "pass",
                "pass"
            ]
        );
    }
}
