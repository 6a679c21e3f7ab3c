use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags restart policies that restart without bound: `always`, `unless-stopped`, and
/// `on-failure` with no maximum or more than 5 retries. (docker-bench-security flags only
/// `always`; `unless-stopped` and `on-failure` without a maximum restart just as endlessly.)
///
/// ## Why is this bad?
/// A container that crashes in a loop — or is crashed on purpose — is restarted forever, using
/// resources and hiding the failure; a bounded policy stops and shows it.
///
/// ## Example
/// ```sh
/// docker run --restart always app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --restart on-failure:5 app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.15
pub struct RestartPolicy;

impl ContainerRule for RestartPolicy {
    const META: RuleMeta = RuleMeta {
        id: "C015",
        title: "Unbounded restart policy",
        severity: Severity::Low,
        cis: &["5.15"],
        cwe: &["CWE-400"],
        remediation: "docker update --restart on-failure:5 <container>",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let p = &c.host_config.restart_policy;
        let name = c.display_name();
        let why = match p.name.as_str() {
            "always" | "unless-stopped" => {
                format!("restart policy {} restarts without bound", p.name)
            }
            "on-failure" if p.maximum_retry_count == 0 => {
                "restart policy on-failure has no maximum retry count".to_string()
            }
            "on-failure" if p.maximum_retry_count > 5 => format!(
                "restart policy on-failure:{} allows more than 5 retries",
                p.maximum_retry_count
            ),
            _ => return Outcome::pass(),
        };
        Outcome::fail(format!("container {name}: {why}"))
            .evidence("HostConfig.RestartPolicy.Name", p.name.clone())
            .evidence(
                "HostConfig.RestartPolicy.MaximumRetryCount",
                p.maximum_retry_count,
            )
            .remediation(format!("docker update --restart on-failure:5 {name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn always_fails() {
        assert_eq!(
            message(&check(RestartPolicy, "fx-restart")),
            "container fx-restart: restart policy always restarts without bound"
        );
    }

    #[test]
    fn bounded_and_none_pass() {
        assert_eq!(check(RestartPolicy, "fx-hardened"), Outcome::Pass);
        assert_eq!(check(RestartPolicy, "fx-default"), Outcome::Pass);
    }

    /// Where we differ from docker-bench-security (which flags only `always`): these restart
    /// without bound too.
    #[test]
    fn unless_stopped_and_unbounded_on_failure_fail() {
        let snap = crate::container::fixtures::snapshot();
        let mut c = crate::container::fixtures::container(&snap, "fx-default");
        for (name, max, msg) in [
            (
                "unless-stopped",
                0,
                "restart policy unless-stopped restarts without bound",
            ),
            (
                "on-failure",
                0,
                "restart policy on-failure has no maximum retry count",
            ),
            (
                "on-failure",
                10,
                "restart policy on-failure:10 allows more than 5 retries",
            ),
        ] {
            c.host_config.restart_policy = dh_model::RestartPolicy {
                name: name.into(),
                maximum_retry_count: max,
            };
            assert_eq!(
                message(&RestartPolicy.check(&c, &snap)),
                format!("container fx-default: {msg}")
            );
        }
        c.host_config.restart_policy.maximum_retry_count = 5;
        assert_eq!(RestartPolicy.check(&c, &snap), Outcome::Pass);
    }
}
