use super::{bool_or_default, describe, host};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that the daemon sets `no-new-privileges` for every container by default
/// (`"no-new-privileges": true`, `--no-new-privileges`).
///
/// ## Why is this bad?
/// Without it, a process in a container can gain privileges through setuid and setcap
/// binaries (`su`, `sudo`, `ping` …) — the first step of many escapes. Containers that truly
/// need it can still opt out with `--security-opt no-new-privileges=false`.
///
/// ## Example
/// No `no-new-privileges` in daemon.json.
///
/// Use instead:
/// ```json
/// { "no-new-privileges": true }
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.14
pub struct NoNewPrivileges;

impl DaemonRule for NoNewPrivileges {
    const META: RuleMeta = RuleMeta {
        id: "D014",
        title: "Containers may gain new privileges by default",
        severity: Severity::Medium,
        cis: &["2.14"],
        cwe: &["CWE-269"],
        remediation: "set \"no-new-privileges\": true in /etc/docker/daemon.json (or dockerd --no-new-privileges)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("no-new-privileges");
        };
        match bool_or_default(h, "no-new-privileges", false) {
            (true, _) => Outcome::pass(),
            (false, src) => Outcome::fail(format!(
                "no-new-privileges is off daemon-wide: {}",
                describe(false, src)
            ))
            .evidence("no-new-privileges", describe(false, src)),
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
            messages(&NoNewPrivileges.check(&with_config(&[]))),
            ["no-new-privileges is off daemon-wide: false (default)"]
        );
        assert_eq!(
            NoNewPrivileges.check(&with_config(&[("no-new-privileges", json!(true))])),
            Outcome::pass()
        );
    }
}
