use super::seccomp_unconfined::unconfined;
use super::ServiceRule;
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `security_opt: ["apparmor:unconfined"]` (or `apparmor=unconfined`).
///
/// ## Why is this bad?
/// On hosts with AppArmor, Docker confines containers with the `docker-default` profile,
/// which denies writes to `/proc` and `/sys` files and mounts that lead out of the container.
/// Unconfined removes those guards.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     security_opt: ["apparmor:unconfined"]
/// ```
///
/// Use instead: the default profile, or a profile of your own loaded on the host
/// (`apparmor:my-profile`).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.2
pub struct ApparmorUnconfined;

impl ServiceRule for ApparmorUnconfined {
    const META: RuleMeta = RuleMeta {
        id: "K011",
        title: "AppArmor disabled",
        severity: Severity::High,
        cis: &["5.2"],
        cwe: &["CWE-693"],
        remediation: "remove `apparmor:unconfined` from security_opt (or name a custom profile)",
    };

    fn check(&self, s: &Service) -> Outcome {
        unconfined(s, "apparmor", "disables AppArmor confinement")
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    security_opt: [\"apparmor:unconfined\"]\n  b:\n    image: a:1\n    security_opt: [\"apparmor=docker-default\"]\n";
        assert_eq!(
            run("K011", y),
            ["4:20: service app disables AppArmor confinement (security_opt: apparmor:unconfined)", "pass"]
        );
    }
}
