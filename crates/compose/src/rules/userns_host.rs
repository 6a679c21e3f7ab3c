use super::{host_namespace, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `userns_mode: host`.
///
/// ## Why is this bad?
/// On a daemon with user namespace remapping (`userns-remap`), root in a container maps to
/// an unprivileged host user. `userns_mode: host` opts the service out: its root is the
/// host's root again.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     userns_mode: host
/// ```
///
/// Use instead: leave `userns_mode` unset.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.31
pub struct UsernsHost;

impl ServiceRule for UsernsHost {
    const META: RuleMeta = RuleMeta {
        id: "K007",
        title: "User namespace remapping disabled",
        severity: Severity::Medium,
        cis: &["5.31"],
        cwe: &["CWE-250"],
        remediation: "remove `userns_mode: host`",
    };

    fn check(&self, s: &Service) -> Outcome {
        host_namespace(
            s,
            &s.userns_mode,
            "userns_mode",
            "opts out of user namespace remapping",
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    userns_mode: host\n  b:\n    image: a:1\n";
        assert_eq!(
            run("K007", y),
            [
                "4:5: service app opts out of user namespace remapping (userns_mode: host)",
                "pass"
            ]
        );
    }
}
