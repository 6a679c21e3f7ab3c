use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Compares the running kernel's release (`/proc/sys/kernel/osrelease`) with a table of
/// kernel vulnerabilities known to allow container escapes — the same table
/// (`crates/rules/data/cves.toml`) the host audit uses (H201). Version-based: distributions
/// backport fixes without changing the release number.
///
/// ## Why is this bad?
/// Containers share the host kernel: a kernel bug reachable from inside (Dirty COW, Dirty
/// Pipe, `release_agent` in CVE-2022-0492) is an escape no container option prevents.
///
/// ## Example
/// ```text
/// kernel 5.8.0 (Dirty Pipe, CVE-2022-0847)
/// ```
///
/// Use instead: a patched kernel from the distribution, and a reboot.
///
/// ## References
/// - CWE-1395: Dependency on Vulnerable Third-Party Component
pub struct KernelCves;

impl InsideRule for KernelCves {
    const META: RuleMeta = RuleMeta {
        id: "C219",
        title: "Kernel with a known container-escape vulnerability",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-1395"],
        remediation: "update the host kernel to a patched release and reboot",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        let Some(release) = f.kernel.as_deref() else {
            return Outcome::skip("/proc/sys/kernel/osrelease unreadable");
        };
        // CVE-2022-0492 needs cgroup v1: known when a cgroup (v1) or cgroup2 mount is visible.
        let v1 = f.mounts.iter().any(|m| m.fstype == "cgroup");
        let v2 = f.mounts.iter().any(|m| m.fstype == "cgroup2");
        dh_rules::cves::check(
            "kernel",
            "kernel",
            release,
            "/proc/sys/kernel/osrelease",
            &|c| match c {
                "cgroup-v1" if v1 => Some(true),
                "cgroup-v1" if v2 => Some(false),
                _ => None,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_kernel_fails_with_cve_ids() {
        let f = InsideFacts {
            kernel: Some("5.8.0-63-generic".into()),
            ..Default::default()
        };
        let Outcome::Fail(fails) = KernelCves.check(&f) else {
            panic!("5.8.0 is affected by Dirty Pipe")
        };
        assert!(fails
            .iter()
            .any(|x| x.cve == vec!["CVE-2022-0847".to_string()]));
        assert!(fails[0].message.contains("Version-based"));
    }

    #[test]
    fn current_kernel_passes() {
        let f = InsideFacts {
            kernel: Some("6.12.5".into()),
            ..Default::default()
        };
        assert_eq!(KernelCves.check(&f), Outcome::Pass);
    }
}
