use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services without `read_only: true`.
///
/// ## Why is this bad?
/// A writable root filesystem lets an intruder drop tools, change binaries and persist in
/// the container. With a read-only root, writes go only to the volumes and `tmpfs` mounts
/// you declared.
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     read_only: true
///     tmpfs: [/var/cache/nginx, /var/run]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.13
pub struct ReadOnly;

impl ServiceRule for ReadOnly {
    const META: RuleMeta = RuleMeta {
        id: "K013",
        title: "Root filesystem writable",
        severity: Severity::Low,
        cis: &["5.13"],
        cwe: &["CWE-732"],
        remediation: "add `read_only: true` and tmpfs/volumes for the paths it writes",
    };

    fn check(&self, s: &Service) -> Outcome {
        match &s.read_only {
            Some(r) if r.value => Outcome::Pass,
            Some(r) => Outcome::Fail(vec![fail_at(
                s,
                &r.pos,
                format!(
                    "service {} has a writable root filesystem (read_only: false)",
                    s.name
                ),
            )]),
            None => Outcome::Fail(vec![fail_at(
                s,
                &s.pos,
                format!(
                    "service {} has a writable root filesystem (no read_only: true)",
                    s.name
                ),
            )]),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  web:\n    image: a:1\n  rw:\n    image: a:1\n    read_only: false\n  ok:\n    image: a:1\n    read_only: \"true\"\n";
        assert_eq!(
            run("K013", y),
            [
                "2:3: service web has a writable root filesystem (no read_only: true)",
                "6:5: service rw has a writable root filesystem (read_only: false)",
                "pass"
            ]
        );
    }
}
