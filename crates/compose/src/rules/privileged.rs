use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `privileged: true`.
///
/// ## Why is this bad?
/// A privileged container gets every capability and every host device, runs without
/// seccomp and AppArmor confinement, and can mount the host's disks: it is root on the host
/// in all but name.
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     privileged: true
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     cap_drop: [ALL]
///     cap_add: [NET_BIND_SERVICE]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.5
/// - Compose Specification, `privileged`
pub struct Privileged;

impl ServiceRule for Privileged {
    const META: RuleMeta = RuleMeta {
        id: "K001",
        title: "Privileged service",
        severity: Severity::Critical,
        cis: &["5.5"],
        cwe: &["CWE-250"],
        remediation: "remove `privileged: true`; add only the capabilities it needs with cap_add",
    };

    fn check(&self, s: &Service) -> Outcome {
        match &s.privileged {
            Some(p) if p.value => Outcome::Fail(vec![fail_at(
                s,
                &p.pos,
                format!(
                    "service {} runs privileged: every capability, every device",
                    s.name
                ),
            )
            .evidence("privileged", true)]),
            _ => Outcome::Pass,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n  db:\n    image: postgres:16\n    privileged: false\n";
        assert_eq!(
            run("K001", y),
            [
                "4:5: service web runs privileged: every capability, every device",
                "pass"
            ]
        );
    }
}
