use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers without a healthcheck (none in the image or on the command line), or with
/// the image's healthcheck disabled (`--no-healthcheck`).
///
/// ## Why is this bad?
/// Without a healthcheck the engine (and an orchestrator) cannot tell a hung or hijacked service
/// from a healthy one, and will keep sending it traffic.
///
/// ## Example
/// ```sh
/// docker run --no-healthcheck app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --health-cmd 'wget -qO- http://localhost:8080/health || exit 1' app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.27 (and 4.6 for images)
pub struct Healthcheck;

impl ContainerRule for Healthcheck {
    const META: RuleMeta = RuleMeta {
        id: "C027",
        title: "No healthcheck",
        severity: Severity::Low,
        cis: &["5.27"],
        cwe: &["CWE-703"],
        remediation: "add HEALTHCHECK to the image, or recreate with --health-cmd '<probe>' --health-interval 30s",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let name = c.display_name();
        match &c.config.healthcheck {
            Some(h) if h.is_set() => Outcome::pass(),
            Some(h) if h.is_disabled() => {
                Outcome::fail(format!("container {name} has its healthcheck disabled")).evidence(
                    "Config.Healthcheck.Test",
                    h.test.clone().unwrap_or_default(),
                )
            }
            _ => Outcome::fail(format!("container {name} has no healthcheck"))
                .evidence("Config.Healthcheck", serde_json::Value::Null),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn missing_fails() {
        assert_eq!(
            message(&check(Healthcheck, "fx-default")),
            "container fx-default has no healthcheck"
        );
    }

    #[test]
    fn present_passes() {
        assert_eq!(check(Healthcheck, "fx-hardened"), Outcome::Pass);
    }
}
