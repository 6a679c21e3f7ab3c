use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Reads the AppArmor profile confining the process (`/proc/self/attr/apparmor/current`, or
/// `/proc/self/attr/current` on older kernels) and flags `unconfined`. Skipped when the
/// kernel has no AppArmor.
///
/// ## Why is this bad?
/// Docker's `docker-default` profile denies writes to `/proc` and `/sys` interfaces, mounts
/// and raw access that an attacker in the container would use to reach the host.
///
/// ## Example
/// ```sh
/// docker run --security-opt apparmor=unconfined app
/// ```
///
/// Use instead: the default (no option) or a custom profile, `--security-opt apparmor=my-profile`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.2
/// - CWE-693: Protection Mechanism Failure
pub struct AppArmor;

impl InsideRule for AppArmor {
    const META: RuleMeta = RuleMeta {
        id: "C206",
        title: "No AppArmor profile",
        severity: Severity::Medium,
        cis: &["5.2"],
        cwe: &["CWE-693"],
        remediation: "recreate the container without --security-opt apparmor=unconfined (docker-default applies) or with a custom profile",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match f.apparmor.as_deref() {
            None => Outcome::skip("AppArmor is not enabled on this kernel"),
            Some(p) if p == "unconfined" || p.starts_with("unconfined ") => {
                Outcome::fail("the process is not confined by AppArmor (profile: unconfined)")
                    .evidence("apparmor", p)
            }
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
            apparmor: Some("unconfined".into()),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(AppArmor.check(&f)),
            ["the process is not confined by AppArmor (profile: unconfined)"]
        );
        let f = InsideFacts {
            apparmor: Some("docker-default (enforce)".into()),
            ..Default::default()
        };
        assert_eq!(AppArmor.check(&f), Outcome::Pass);
        assert!(matches!(
            AppArmor.check(&InsideFacts::default()),
            Outcome::Skip(_)
        ));
    }
}
