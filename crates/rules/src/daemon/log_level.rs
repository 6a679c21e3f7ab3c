use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the daemon's `log-level` (`--log-level`, `-l`; `debug`/`-D`) is `info` (the
/// default) or `warn`.
///
/// ## Why is this bad?
/// `debug` logs request bodies and internal state (including data you would not want in
/// logs) and floods storage; `error` and `fatal` drop the events an investigation needs.
///
/// ## Example
/// ```sh
/// dockerd --log-level=debug
/// ```
///
/// Use instead: leave `log-level` unset, or `"log-level": "info"`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.3
pub struct LogLevel;

impl DaemonRule for LogLevel {
    const META: RuleMeta = RuleMeta {
        id: "D003",
        title: "Daemon log level is not info",
        severity: Severity::Low,
        cis: &["2.3"],
        cwe: &["CWE-778"],
        remediation:
            "set \"log-level\": \"info\" in /etc/docker/daemon.json (or remove --log-level/--debug)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("the log level");
        };
        if let Some((true, s)) = h.bool_setting("debug") {
            return Outcome::fail(format!("debug logging is on ({})", set_at(s)))
                .evidence("debug", true);
        }
        match h.str_setting("log-level") {
            Some((l, s)) if !matches!(l.to_ascii_lowercase().as_str(), "info" | "warn") => {
                Outcome::fail(format!("log-level is {l} ({}); use info", set_at(s)))
                    .evidence("log-level", l)
            }
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
        assert_eq!(
            messages(&LogLevel.check(&with_config(&[("log-level", json!("debug"))]))),
            ["log-level is debug (set in /etc/docker/daemon.json:2); use info"]
        );
        assert_eq!(
            LogLevel.check(&with_config(&[("log-level", json!("info"))])),
            Outcome::pass()
        );
        assert_eq!(LogLevel.check(&with_config(&[])), Outcome::pass());
    }
}
