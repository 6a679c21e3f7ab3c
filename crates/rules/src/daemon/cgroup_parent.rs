use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Reports a daemon-wide `cgroup-parent` (`--cgroup-parent`), so it can be confirmed.
///
/// ## Why is this bad?
/// Containers are placed under the given cgroup: if that cgroup is not limited, or is shared
/// with other workloads, the resource limits you expect do not hold. The default
/// (`/docker`, or `system.slice` with systemd) is what the CIS benchmark expects unless there
/// is a reason.
///
/// ## Example
/// ```json
/// { "cgroup-parent": "/custom" }
/// ```
///
/// Use instead: remove the key unless the parent cgroup is intentionally limited.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.10
pub struct CgroupParent;

impl DaemonRule for CgroupParent {
    const META: RuleMeta = RuleMeta {
        id: "D010",
        title: "Daemon-wide cgroup parent is not the default",
        severity: Severity::Info,
        cis: &["2.10"],
        cwe: &["CWE-770"],
        remediation: "remove \"cgroup-parent\" from daemon.json unless that cgroup carries the limits you want",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("cgroup-parent");
        };
        match h.str_setting("cgroup-parent") {
            Some((v, s)) if !v.is_empty() => Outcome::fail(format!(
                "containers are placed under cgroup {v} ({}): confirm it is limited",
                set_at(s)
            ))
            .evidence("cgroup-parent", v),
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
            messages(&CgroupParent.check(&with_config(&[("cgroup-parent", json!("/custom"))]))),
            ["containers are placed under cgroup /custom (set in /etc/docker/daemon.json:2): confirm it is limited"]
        );
        assert_eq!(CgroupParent.check(&with_config(&[])), Outcome::pass());
    }
}
