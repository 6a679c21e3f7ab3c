use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services without a memory limit: neither `mem_limit` nor
/// `deploy.resources.limits.memory`, or a limit of `0`/`-1` (unlimited).
///
/// ## Why is this bad?
/// A container without a limit can take all the host's memory, by a bug or on purpose, and
/// the kernel's OOM killer then picks victims among the host's processes and the other
/// containers.
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
///     deploy:
///       resources:
///         limits:
///           memory: 512M
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.11
pub struct MemoryLimit;

impl ServiceRule for MemoryLimit {
    const META: RuleMeta = RuleMeta {
        id: "K014",
        title: "No memory limit",
        severity: Severity::Medium,
        cis: &["5.11"],
        cwe: &["CWE-770"],
        remediation: "set `mem_limit: 512m` or `deploy.resources.limits.memory: 512M`",
    };

    fn check(&self, s: &Service) -> Outcome {
        let limits = [&s.mem_limit, &s.deploy_memory];
        let unlimited = |v: &str| matches!(v.trim(), "" | "0" | "-1");
        if limits
            .iter()
            .any(|l| l.as_ref().is_some_and(|l| !unlimited(&l.value)))
        {
            return Outcome::Pass;
        }
        let (pos, msg) = match limits.iter().find_map(|l| l.as_ref()) {
            Some(l) => (
                &l.pos,
                format!(
                    "service {} has no memory limit ({} means unlimited)",
                    s.name, l.value
                ),
            ),
            None => (
                &s.pos,
                format!(
                    "service {} has no memory limit (mem_limit or deploy.resources.limits.memory)",
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
        let y = "services:\n  app:\n    image: a:1\n  zero:\n    image: a:1\n    mem_limit: 0\n  ok:\n    image: a:1\n    mem_limit: 512m\n  ok2:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n";
        assert_eq!(
            run("K014", y),
            [
                "2:3: service app has no memory limit (mem_limit or deploy.resources.limits.memory)",
                "6:5: service zero has no memory limit (0 means unlimited)",
                "pass",
                "pass"
            ]
        );
    }
}
