use crate::concepts::daemon_security_options;
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the Docker Engine version (`GET /version`, component `Engine`) against the CVE
/// table kept in `crates/rules/data/cves.toml`: CVE-2019-14271 (`docker cp`),
/// CVE-2021-41091 (data root permissions), CVE-2021-21284 (only with `userns-remap`),
/// CVE-2024-29018 (DNS from internal networks), CVE-2024-41110 (AuthZ bypass, only with an
/// authorization plugin). Each finding lists the CVE, the fixed release and the advisory.
///
/// ## Why is this bad?
/// These are published, exploitable weaknesses of the engine itself. The check is
/// version-based: distributions backport fixes without changing the upstream version, so a
/// finding means "confirm with your vendor's advisory".
///
/// ## Example
/// Docker Engine 20.10.8.
///
/// Use instead: a supported engine release (or the distribution's patched package).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 1.2.2
/// - <https://docs.docker.com/engine/release-notes/>
pub struct EngineCve;

impl DaemonRule for EngineCve {
    const META: RuleMeta = RuleMeta {
        id: "D301",
        title: "Docker Engine version has known vulnerabilities",
        severity: Severity::High,
        cis: &["1.2.2"],
        cwe: &["CWE-1104"],
        remediation: "upgrade Docker Engine to a release that fixes the listed CVEs",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(d) = &snap.daemon else {
            return Outcome::skip(format!(
                "versions come from the Engine API: {}",
                crate::engine::daemon_missing_reason(snap)
            ));
        };
        let v = &d.version;
        let version = v
            .components
            .iter()
            .find(|c| c.name == "Engine")
            .map(|c| c.version.clone())
            .unwrap_or_else(|| v.version.clone());
        if version.is_empty() {
            return Outcome::skip("the daemon reported no Engine version");
        }
        let userns = daemon_security_options(&d.info.security_options)
            .iter()
            .any(|o| o.name == "userns")
            || snap
                .host
                .as_ref()
                .and_then(|h| h.str_setting("userns-remap"))
                .is_some_and(|(v, _)| !v.is_empty());
        let authz = d
            .info
            .plugins
            .authorization
            .as_ref()
            .is_some_and(|a| !a.is_empty())
            || snap
                .host
                .as_ref()
                .is_some_and(|h| !h.list_values("authorization-plugins").is_empty());
        crate::cves::check(
            "engine",
            "Docker Engine",
            &version,
            "GET /version",
            &|c| match c {
                "userns-remap" => Some(userns),
                "authz-plugin" => Some(authz),
                _ => None,
            },
        )
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
        assert_eq!(cves(&EngineCve.check(&recorded())), ["CVE-2024-29018"]);
        assert_eq!(
            messages(&EngineCve.check(&recorded()))[0],
            "Docker Engine 20.10.24+dfsg1 is affected by CVE-2024-29018: containers on --internal networks can send DNS queries to external resolvers, leaking data out of an isolated network. Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in Docker Engine 23.0.11, 25.0.5 or 26.0.0"
        );
        // The hardened daemon remaps user namespaces: CVE-2021-21284 applies to old releases.
        let mut s = recorded_hardened();
        for c in &mut s.daemon.as_mut().unwrap().version.components {
            if c.name == "Engine" {
                c.version = "19.03.0".into();
            }
        }
        assert_eq!(
            cves(&EngineCve.check(&s)),
            [
                "CVE-2019-14271",
                "CVE-2021-21284",
                "CVE-2021-41091",
                "CVE-2024-29018"
            ]
        );
        for c in &mut s.daemon.as_mut().unwrap().version.components {
            c.version = "27.1.1".into();
        }
        assert_eq!(EngineCve.check(&s), Outcome::pass());
    }
}
