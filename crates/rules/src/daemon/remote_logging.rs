use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// Logging drivers that keep logs on the host only.
const LOCAL_DRIVERS: &[&str] = &["json-file", "local", "journald", "none", ""];

/// ## What it does
/// Checks that the default logging driver ships container logs off the host (`syslog`,
/// `gelf`, `fluentd`, `awslogs`, `splunk`, `gcplogs`, …), from `LoggingDriver` in
/// `GET /info` or `log-driver` in the configuration.
///
/// ## Why is this bad?
/// With `json-file`, `local` or `journald` the logs live on the host an attacker has just
/// compromised, and are lost with it; central logging keeps the trail.
///
/// ## Example
/// ```json
/// { "log-driver": "json-file" }
/// ```
///
/// Use instead:
/// ```json
/// { "log-driver": "syslog", "log-opts": { "syslog-address": "tcp://logs.internal:514" } }
/// ```
/// (or forward journald/json-file logs with a host agent, and record that as an exception).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.13
pub struct RemoteLogging;

impl DaemonRule for RemoteLogging {
    const META: RuleMeta = RuleMeta {
        id: "D013",
        title: "Container logs stay on the host",
        severity: Severity::Low,
        cis: &["2.13"],
        cwe: &["CWE-778"],
        remediation: "set a remote \"log-driver\" (syslog, gelf, fluentd, …) with its log-opts in daemon.json, or forward local logs with an agent",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let cfg = host(snap).and_then(|h| h.str_setting("log-driver"));
        let (driver, from) = match (&snap.daemon, &cfg) {
            (Some(d), _) => (
                d.info.logging_driver.clone(),
                "Info.LoggingDriver".to_string(),
            ),
            (None, Some((v, s))) => (v.clone(), set_at(s)),
            (None, None) if host(snap).is_some() => {
                ("json-file".to_string(), "default".to_string())
            }
            (None, None) => return super::skip_neither(snap),
        };
        if LOCAL_DRIVERS.contains(&driver.as_str()) {
            Outcome::fail(format!(
                "the default logging driver is {driver} ({from}): container logs stay on this host"
            ))
            .evidence("log-driver", driver)
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
            messages(&RemoteLogging.check(&recorded())),
            ["the default logging driver is json-file (Info.LoggingDriver): container logs stay on this host"]
        );
        assert_eq!(
            RemoteLogging.check(&with_config(&[("log-driver", json!("syslog"))])),
            Outcome::pass()
        );
    }
}
