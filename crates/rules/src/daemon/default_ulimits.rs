use super::host;
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Reports when the daemon sets no `default-ulimits` (`--default-ulimit`), so containers
/// inherit the daemon's own limits (often `LimitNOFILE=1048576`, unlimited processes).
///
/// ## Why is this bad?
/// Without default ulimits one container can exhaust file descriptors or processes for the
/// whole host. Per-container `--ulimit` still overrides the default where needed.
///
/// ## Example
/// No `default-ulimits` in daemon.json.
///
/// Use instead:
/// ```json
/// { "default-ulimits": { "nofile": { "Name": "nofile", "Soft": 1024, "Hard": 4096 },
///                        "nproc":  { "Name": "nproc",  "Soft": 1024, "Hard": 2048 } } }
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.8
pub struct DefaultUlimits;

impl DaemonRule for DefaultUlimits {
    const META: RuleMeta = RuleMeta {
        id: "D008",
        title: "No default ulimits for containers",
        severity: Severity::Low,
        cis: &["2.8"],
        cwe: &["CWE-770"],
        remediation:
            "set \"default-ulimits\" (at least nofile and nproc) in /etc/docker/daemon.json",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("default-ulimits");
        };
        if h.setting("default-ulimits").is_some() {
            Outcome::pass()
        } else {
            Outcome::fail("no default-ulimits: containers inherit the daemon's limits")
                .evidence("default-ulimits", "not set")
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
            messages(&DefaultUlimits.check(&with_config(&[]))),
            ["no default-ulimits: containers inherit the daemon's limits"]
        );
        let s = with_config(&[(
            "default-ulimits",
            json!({"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 4096}}),
        )]);
        assert_eq!(DefaultUlimits.check(&s), Outcome::pass());
    }
}
