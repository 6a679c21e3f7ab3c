use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::parse_security_opt;

/// ## What it does
/// Flags services with `security_opt: ["label:disable"]` (or `label=disable`).
///
/// ## Why is this bad?
/// On SELinux hosts, Docker gives every container its own MCS label so that a process that
/// escapes the container still cannot read the host's or the other containers' files.
/// `label:disable` runs the container unconfined by SELinux.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     security_opt: ["label:disable"]
/// ```
///
/// Use instead: leave labeling on; relabel the volumes that need it with `:z` or `:Z`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.3
pub struct SelinuxDisabled;

impl ServiceRule for SelinuxDisabled {
    const META: RuleMeta = RuleMeta {
        id: "K023",
        title: "SELinux labeling disabled",
        severity: Severity::Medium,
        cis: &["5.3"],
        cwe: &["CWE-693"],
        remediation:
            "remove `label:disable` from security_opt; relabel volumes with `:z`/`:Z` instead",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .security_opt
            .iter()
            .filter(|o| {
                let (k, v) = parse_security_opt(&o.value);
                k == "label" && v.eq_ignore_ascii_case("disable")
            })
            .map(|o| {
                fail_at(
                    s,
                    &o.pos,
                    format!(
                        "service {} disables SELinux labeling (security_opt: {})",
                        s.name, o.value
                    ),
                )
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    security_opt: [\"label=disable\"]\n  b:\n    image: a:1\n    security_opt: [\"label:type:svirt_apache_t\"]\n";
        assert_eq!(
            run("K023", y),
            [
                "4:20: service app disables SELinux labeling (security_opt: label=disable)",
                "pass"
            ]
        );
    }
}
