use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Reports a changed base device size (`storage-opts` `dm.basesize`, devicemapper).
///
/// ## Why is this bad?
/// Raising the base device size lets every container's file system grow larger, so one
/// container can fill the data root; the CIS benchmark asks that it is changed only when
/// needed.
///
/// ## Example
/// ```json
/// { "storage-opts": ["dm.basesize=100G"] }
/// ```
///
/// Use instead: remove `dm.basesize` (and move off devicemapper, which Docker deprecated).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.11
pub struct BaseDeviceSize;

impl DaemonRule for BaseDeviceSize {
    const META: RuleMeta = RuleMeta {
        id: "D011",
        title: "Base device size changed",
        severity: Severity::Low,
        cis: &["2.11"],
        cwe: &["CWE-770"],
        remediation:
            "remove dm.basesize from storage-opts unless containers need larger file systems",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("storage-opts");
        };
        let hits: Vec<String> = h
            .list_values("storage-opts")
            .into_iter()
            .filter(|(v, _)| v.trim_start().starts_with("dm.basesize"))
            .map(|(v, s)| format!("{v} ({})", set_at(s)))
            .collect();
        if hits.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "the base device size is changed: {}",
                hits.join(", ")
            ))
            .evidence("storage-opts", hits)
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
            messages(&BaseDeviceSize.check(&with_config(&[("storage-opts", json!(["dm.basesize=100G"]))]))),
            ["the base device size is changed: dm.basesize=100G (set in /etc/docker/daemon.json:2)"]
        );
        assert_eq!(BaseDeviceSize.check(&with_config(&[])), Outcome::pass());
    }
}
