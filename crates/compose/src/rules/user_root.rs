use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::user_is_root;

/// ## What it does
/// Flags services that run as root: `user: root`, `user: "0"`, `user: "0:0"`, or no `user`
/// at all (then the image decides, and most images run as root). Same logic as the runtime
/// and Dockerfile "runs as root" rules.
///
/// ## Why is this bad?
/// Root in a container is root on the host's kernel: with any misconfiguration (a mounted
/// socket, a capability, a kernel bug) it is root on the host. A non-root user makes the
/// same escape need a second step.
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
///     user: "10001:10001"
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.1
pub struct UserRoot;

impl ServiceRule for UserRoot {
    const META: RuleMeta = RuleMeta {
        id: "K019",
        title: "Service runs as root",
        severity: Severity::Medium,
        cis: &["4.1"],
        cwe: &["CWE-250"],
        remediation: "set `user: \"10001:10001\"` (a non-root uid the image can run as)",
    };

    fn check(&self, s: &Service) -> Outcome {
        match &s.user {
            Some(u) if u.value.trim_matches(|c: char| c == ':' || c.is_whitespace()).is_empty()
                && s.user_written.is_some() =>
            {
                Outcome::Skip(format!(
                    "service {}: user {:?} comes from variables that are not set here",
                    s.name,
                    s.user_written.as_deref().unwrap_or_default()
                ))
            }
            Some(u) if user_is_root(&u.value) => Outcome::Fail(vec![fail_at(
                s,
                &u.pos,
                format!("service {} runs as root (user: {})", s.name, u.value),
            )
            .evidence("user", u.value.clone())]),
            Some(_) => Outcome::Pass,
            None => Outcome::Fail(vec![fail_at(
                s,
                &s.pos,
                format!("service {} sets no user: it runs as the image's user, root unless the image sets USER", s.name),
            )
            .severity(Severity::Low)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n  r:\n    image: a:1\n    user: \"0:0\"\n  ok:\n    image: a:1\n    user: 1000:1000\n  v:\n    image: a:1\n    user: \"${UID}:${GID}\"\n";
        assert_eq!(
            run("K019", y),
            [
                "2:3: service app sets no user: it runs as the image's user, root unless the image sets USER",
                "6:5: service r runs as root (user: 0:0)",
                "pass",
                "skip: service v: user \"${UID}:${GID}\" comes from variables that are not set here"
            ]
        );
    }
}
