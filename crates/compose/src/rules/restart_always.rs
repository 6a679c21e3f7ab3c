use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `restart: always` and `restart: unless-stopped`.
///
/// ## Why is this bad?
/// A container that crashes, or is crashed on purpose, is restarted without limit: a crash
/// loop burns CPU and fills logs, and an exploit gets as many tries as it wants. CIS asks
/// for `on-failure` with a maximum count.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     restart: always
/// ```
///
/// Use instead:
/// ```yaml
///     restart: "on-failure:5"
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.15
pub struct RestartAlways;

impl ServiceRule for RestartAlways {
    const META: RuleMeta = RuleMeta {
        id: "K020",
        title: "Unlimited restart policy",
        severity: Severity::Low,
        cis: &["5.15"],
        cwe: &["CWE-400"],
        remediation: "use `restart: \"on-failure:5\"`",
    };

    fn check(&self, s: &Service) -> Outcome {
        match &s.restart {
            Some(r) if matches!(r.value.trim(), "always" | "unless-stopped") => {
                Outcome::Fail(vec![fail_at(
                    s,
                    &r.pos,
                    format!(
                        "service {} restarts without limit (restart: {})",
                        s.name,
                        r.value.trim()
                    ),
                )
                .evidence("restart", r.value.clone())])
            }
            _ => Outcome::Pass,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    restart: unless-stopped\n  ok:\n    image: a:1\n    restart: on-failure:5\n";
        assert_eq!(
            run("K020", y),
            [
                "4:5: service app restarts without limit (restart: unless-stopped)",
                "pass"
            ]
        );
    }
}
