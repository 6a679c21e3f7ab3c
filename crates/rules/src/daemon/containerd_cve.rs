use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the containerd version (`GET /version`, component `containerd`) against the CVE
/// table in `crates/rules/data/cves.toml` — CVE-2020-15257, the shim API reachable from
/// host-network containers.
///
/// ## Why is this bad?
/// A vulnerable containerd lets a container with `--network host` talk to the shim API and
/// take over the host. Version-based: distributions backport fixes without changing the
/// version.
///
/// ## Example
/// containerd 1.4.2.
///
/// Use instead: containerd 1.3.9, 1.4.3 or later.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 1.2.2
/// - <https://github.com/containerd/containerd/security/advisories/GHSA-36xw-fx78-c5r4>
pub struct ContainerdCve;

impl DaemonRule for ContainerdCve {
    const META: RuleMeta = RuleMeta {
        id: "D302",
        title: "containerd version has known vulnerabilities",
        severity: Severity::High,
        cis: &["1.2.2"],
        cwe: &["CWE-1104"],
        remediation: "upgrade containerd to a release that fixes the listed CVEs",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(d) = &snap.daemon else {
            return Outcome::skip(format!(
                "versions come from the Engine API: {}",
                crate::engine::daemon_missing_reason(snap)
            ));
        };
        match d
            .version
            .components
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case("containerd"))
        {
            Some(c) => crate::cves::check(
                "containerd",
                "containerd",
                &c.version,
                "GET /version",
                &|_| None,
            ),
            None => Outcome::skip("the daemon reported no containerd component"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;

    #[test]
    fn fail_and_pass() {
        assert_eq!(ContainerdCve.check(&recorded()), Outcome::pass());
        let mut s = recorded();
        for c in &mut s.daemon.as_mut().unwrap().version.components {
            if c.name == "containerd" {
                c.version = "v1.4.2".into();
            }
        }
        assert_eq!(
            messages(&ContainerdCve.check(&s)),
            ["containerd v1.4.2 is affected by CVE-2020-15257: the shim API is reachable on an abstract unix socket from host-network containers, which can take over the host (\"containerd-shim\"). Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in containerd 1.3.9 or 1.4.3"]
        );
    }
}
