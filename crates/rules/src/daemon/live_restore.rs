use super::{bool_or_default, describe, host};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that `live-restore` is on (`LiveRestoreEnabled` in `GET /info`, or the
/// configuration).
///
/// ## Why is this bad?
/// Without it, restarting or upgrading dockerd stops every container — so security updates
/// of the engine get postponed. With it, containers keep running while the daemon restarts.
///
/// ## Example
/// `LiveRestoreEnabled: false`.
///
/// Use instead:
/// ```json
/// { "live-restore": true }
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.15
pub struct LiveRestore;

impl DaemonRule for LiveRestore {
    const META: RuleMeta = RuleMeta {
        id: "D015",
        title: "Live restore is off",
        severity: Severity::Low,
        cis: &["2.15"],
        cwe: &["CWE-693"],
        remediation: "set \"live-restore\": true in /etc/docker/daemon.json and reload dockerd",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let cfg = host(snap).map(|h| bool_or_default(h, "live-restore", false));
        if let Some(d) = &snap.daemon {
            return if d.info.live_restore_enabled {
                Outcome::pass()
            } else {
                let mut o =
                    Outcome::fail("live-restore is off: restarting dockerd stops every container")
                        .evidence("Info.LiveRestoreEnabled", false);
                if let Some((v, s)) = cfg {
                    o = o.evidence("live-restore", describe(v, s));
                }
                o
            };
        }
        match cfg {
            None => super::skip_neither(snap),
            Some((true, _)) => Outcome::pass(),
            Some((false, s)) => Outcome::fail(format!(
                "live-restore is off: restarting dockerd stops every container ({})",
                describe(false, s)
            ))
            .evidence("live-restore", describe(false, s)),
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
            messages(&LiveRestore.check(&recorded())),
            ["live-restore is off: restarting dockerd stops every container"]
        );
        assert_eq!(LiveRestore.check(&recorded_hardened()), Outcome::pass());
        assert_eq!(
            LiveRestore.check(&with_config(&[("live-restore", json!(true))])),
            Outcome::pass()
        );
    }
}
