use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags a daemon running with experimental features (`ExperimentalBuild` in `GET /info`,
/// `"experimental": true`).
///
/// ## Why is this bad?
/// Experimental features are unstable, less reviewed and may change or disappear; they do
/// not belong on production hosts.
///
/// ## Example
/// ```json
/// { "experimental": true }
/// ```
///
/// Use instead: remove the key.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.18
pub struct Experimental;

impl DaemonRule for Experimental {
    const META: RuleMeta = RuleMeta {
        id: "D018",
        title: "Experimental features enabled",
        severity: Severity::Low,
        cis: &["2.18"],
        cwe: &["CWE-1104"],
        remediation: "remove \"experimental\": true from daemon.json (and --experimental)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        if let Some(d) = &snap.daemon {
            return if d.info.experimental_build {
                Outcome::fail("the daemon runs with experimental features")
                    .evidence("Info.ExperimentalBuild", true)
            } else {
                Outcome::pass()
            };
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        match h.bool_setting("experimental") {
            Some((true, s)) => Outcome::fail(format!(
                "the daemon runs with experimental features ({})",
                set_at(s)
            ))
            .evidence("experimental", true),
            _ => Outcome::pass(),
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
        assert_eq!(Experimental.check(&recorded()), Outcome::pass());
        assert_eq!(
            messages(&Experimental.check(&with_config(&[("experimental", json!(true))]))),
            ["the daemon runs with experimental features (set in /etc/docker/daemon.json:2)"]
        );
    }
}
