use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the host kernel's version (from `GET /version`, else `/proc/sys/kernel/osrelease`
/// live, else the newest `/lib/modules` entry under `--root`) against the kernel CVEs in
/// `crates/rules/data/cves.toml`: CVE-2016-5195 (Dirty COW), CVE-2022-0847 (Dirty Pipe),
/// CVE-2022-0492 (cgroup v1 `release_agent`, reported when the daemon or the live host shows cgroup v1),
/// CVE-2022-0185 (`fs_context` overflow).
///
/// ## Why is this bad?
/// Containers share the host kernel: a kernel privilege escalation is a container escape,
/// whatever the container's settings. Version-based: distribution kernels carry backported
/// fixes under old version numbers (`5.10.0-8-amd64` may be patched), so a finding means
/// "confirm with your vendor's advisory".
///
/// ## Example
/// Kernel 5.10.0-8-amd64.
///
/// Use instead: the distribution's current kernel, and a reboot into it.
///
/// ## References
/// - <https://dirtypipe.cm4all.com/>
/// - <https://unit42.paloaltonetworks.com/cve-2022-0492-cgroups/>
pub struct KernelCve;

impl HostRule for KernelCve {
    const META: RuleMeta = RuleMeta {
        id: "H201",
        title: "Host kernel version has known privilege escalations",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-1104"],
        remediation: "install the distribution's current kernel and reboot into it",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let api = snap.daemon.as_ref().and_then(|d| {
            let k = if d.version.kernel_version.is_empty() {
                &d.info.kernel_version
            } else {
                &d.version.kernel_version
            };
            (!k.is_empty()).then(|| (k.clone(), "GET /version KernelVersion".to_string()))
        });
        let host = snap
            .host
            .as_ref()
            .and_then(|h| h.kernel.as_ref())
            .map(|k| (k.release.clone(), k.source.clone()));
        let Some((release, from)) = api.or(host) else {
            return Outcome::skip(format!(
                "the kernel version is unknown: {}",
                crate::engine::neither_reason(snap)
            ));
        };
        let cgroup = snap
            .daemon
            .as_ref()
            .map(|d| d.info.cgroup_version.clone())
            .unwrap_or_default();
        crate::cves::check("kernel", "kernel", &release, &from, &|c| match c {
            "cgroup-v1" => match cgroup.as_str() {
                "1" => Some(true),
                "2" => Some(false),
                _ => None,
            },
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::{messages, recorded};
    use crate::host::testutil::host;
    use dh_model::KernelFact;

    #[test]
    fn fail_and_pass() {
        assert_eq!(KernelCve.check(&recorded()), Outcome::pass());
        let mut s = recorded();
        s.daemon.as_mut().unwrap().version.kernel_version = "5.10.0-8-amd64".into();
        let o = KernelCve.check(&s);
        let cves: Vec<String> = match &o {
            Outcome::Fail(f) => f.iter().flat_map(|f| f.cve.clone()).collect(),
            _ => vec![],
        };
        assert_eq!(cves, ["CVE-2022-0185", "CVE-2022-0492", "CVE-2022-0847"]);
        let s = host(|h| {
            h.kernel = Some(KernelFact {
                release: "4.4.0-21-generic".into(),
                source: "/proc/sys/kernel/osrelease".into(),
            })
        });
        assert_eq!(
            messages(&KernelCve.check(&s)),
            ["kernel 4.4.0-21-generic is affected by CVE-2016-5195: Dirty COW: a copy-on-write race lets any process write to read-only memory mappings (container escape via the vDSO or setuid files). Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in Linux 4.8.3, 4.7.9, 4.4.26 (and the matching 3.x stable releases)"]
        );
    }
}
