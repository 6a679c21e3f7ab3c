use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags the `aufs` storage driver.
///
/// ## Why is this bad?
/// aufs is unmaintained, not in mainline kernels, removed from Docker 24, and has known
/// kernel crashes and security problems. overlay2 is the supported driver.
///
/// ## Example
/// ```json
/// { "storage-driver": "aufs" }
/// ```
///
/// Use instead: `"storage-driver": "overlay2"` (migrate images first).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.6
pub struct AufsStorage;

impl DaemonRule for AufsStorage {
    const META: RuleMeta = RuleMeta {
        id: "D006",
        title: "aufs storage driver in use",
        severity: Severity::Medium,
        cis: &["2.6"],
        cwe: &["CWE-1104"],
        remediation: "switch to \"storage-driver\": \"overlay2\" (re-pull or migrate images)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        if let Some(d) = &snap.daemon {
            return if d.info.driver == "aufs" {
                Outcome::fail("the daemon uses the aufs storage driver")
                    .evidence("Info.Driver", "aufs")
            } else {
                Outcome::pass()
            };
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        match h.str_setting("storage-driver") {
            Some((d, s)) if d == "aufs" => Outcome::fail(format!(
                "the daemon uses the aufs storage driver ({})",
                set_at(s)
            ))
            .evidence("storage-driver", d),
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
        assert_eq!(AufsStorage.check(&recorded()), Outcome::pass());
        assert_eq!(
            messages(&AufsStorage.check(&with_config(&[("storage-driver", json!("aufs"))]))),
            ["the daemon uses the aufs storage driver (set in /etc/docker/daemon.json:2)"]
        );
    }
}
