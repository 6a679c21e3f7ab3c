use super::host;
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that an authorization plugin guards the Engine API (`authorization-plugins`;
/// `Plugins.Authorization` in `GET /info`).
///
/// ## Why is this bad?
/// Without one, every client that reaches the socket may do everything, including
/// `docker run --privileged -v /:/host`. An authorization plugin (e.g. `docker-harden
/// authz`) can refuse such requests.
///
/// ## Example
/// `Plugins.Authorization: null`.
///
/// Use instead:
/// ```json
/// { "authorization-plugins": ["docker-harden-authz"] }
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.12
/// - <https://docs.docker.com/engine/extend/plugins_authorization/>
pub struct AuthorizationPlugin;

impl DaemonRule for AuthorizationPlugin {
    const META: RuleMeta = RuleMeta {
        id: "D012",
        title: "No authorization plugin",
        severity: Severity::Low,
        cis: &["2.12"],
        cwe: &["CWE-862"],
        remediation: "configure an authorization plugin: \"authorization-plugins\": [\"<plugin>\"] in daemon.json",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        if let Some(d) = &snap.daemon {
            let plugins = d.info.plugins.authorization.clone().unwrap_or_default();
            return if plugins.is_empty() {
                Outcome::fail("no authorization plugin: every client of the API may do everything")
                    .evidence("Info.Plugins.Authorization", serde_json::Value::Null)
            } else {
                Outcome::pass()
            };
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        if h.list_values("authorization-plugins").is_empty() {
            Outcome::fail("no authorization plugin: every client of the API may do everything")
                .evidence("authorization-plugins", "not set")
        } else {
            Outcome::pass()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn fail_and_pass() {
        assert_eq!(
            messages(&AuthorizationPlugin.check(&recorded())),
            ["no authorization plugin: every client of the API may do everything"]
        );
        assert_eq!(
            AuthorizationPlugin.check(&with_config(&[("authorization-plugins", json!(["authz"]))])),
            Outcome::pass()
        );
    }
}
