use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the version of the default OCI runtime — the `GET /version` component named after
/// `DefaultRuntime` (`runc` on a stock engine) — against the runc CVEs in
/// `crates/rules/data/cves.toml`: CVE-2019-5736, CVE-2021-30465, CVE-2024-21626,
/// CVE-2025-31133, CVE-2025-52565, CVE-2025-52881.
///
/// ## Why is this bad?
/// runc sets up every container; its bugs are container escapes (overwriting the host's
/// runc binary, leaked host file descriptors, masked-path and /dev/console races).
/// Version-based: distributions backport fixes without changing the version (Debian's
/// `1.1.5+ds1-1+deb12u1` carries several).
///
/// ## Example
/// runc 1.1.5.
///
/// Use instead: runc 1.2.8, 1.3.3 or later.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 1.2.2
/// - <https://github.com/opencontainers/runc/security/advisories>
pub struct RuncCve;

impl DaemonRule for RuncCve {
    const META: RuleMeta = RuleMeta {
        id: "D303",
        title: "runc version has known container escapes",
        severity: Severity::Critical,
        cis: &["1.2.2"],
        cwe: &["CWE-1104"],
        remediation: "upgrade runc to a release that fixes the listed CVEs (1.2.8, 1.3.3 or later)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(d) = &snap.daemon else {
            return Outcome::skip(format!(
                "versions come from the Engine API: {}",
                crate::engine::daemon_missing_reason(snap)
            ));
        };
        let default = if d.info.default_runtime.is_empty() {
            "runc"
        } else {
            d.info.default_runtime.as_str()
        };
        let comp = d.version.components.iter().find(|c| c.name == default);
        match comp {
            Some(c) if c.name == "runc" || default.contains("runc") => crate::cves::check(
                "runc",
                "runc",
                &c.version,
                &format!("GET /version component {}", c.name),
                &|_| None,
            ),
            Some(c) => Outcome::skip(format!(
                "the default runtime is {} {}, not runc",
                c.name, c.version
            )),
            None => Outcome::skip(format!(
                "the daemon reported no version for its default runtime {default}"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;

    fn cves(o: &Outcome) -> Vec<String> {
        match o {
            Outcome::Fail(f) => f.iter().flat_map(|f| f.cve.clone()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn recorded_and_edited() {
        // Debian 12's runc 1.1.5+ds1 (recorded): upstream 1.1.5 predates these fixes.
        assert_eq!(
            cves(&RuncCve.check(&recorded())),
            [
                "CVE-2024-21626",
                "CVE-2025-31133",
                "CVE-2025-52565",
                "CVE-2025-52881"
            ]
        );
        let mut s = recorded();
        for c in &mut s.daemon.as_mut().unwrap().version.components {
            if c.name == "runc" {
                c.version = "1.0.0-rc6+dev".into();
            }
        }
        let o = RuncCve.check(&s);
        assert_eq!(
            cves(&o),
            [
                "CVE-2019-5736",
                "CVE-2021-30465",
                "CVE-2025-31133",
                "CVE-2025-52565",
                "CVE-2025-52881"
            ]
        );
        for c in &mut s.daemon.as_mut().unwrap().version.components {
            if c.name == "runc" {
                c.version = "1.3.3".into();
            }
        }
        assert_eq!(RuncCve.check(&s), Outcome::pass());
    }
}
