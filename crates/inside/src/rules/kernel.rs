use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// A known container-escape kernel vulnerability and the releases it affects.
#[derive(Debug, Clone, Copy)]
pub struct KernelCve {
    pub id: &'static str,
    pub summary: &'static str,
    /// Whether a kernel release string (`5.8.0-63-generic`) is affected.
    pub affects: fn(&str) -> bool,
}

/// The kernel CVE table. Empty in this build: the seam where a table of container-escape
/// kernel CVEs (e.g. Dirty Pipe, CVE-2022-0847) plugs in; until then C219 is skipped.
pub fn kernel_cves() -> &'static [KernelCve] {
    &[]
}

/// ## What it does
/// Compares the running kernel's release (`/proc/sys/kernel/osrelease`) with a table of
/// kernel vulnerabilities known to allow container escapes. Skipped when this build has no
/// table.
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
        let table = kernel_cves();
        if table.is_empty() {
            return Outcome::skip(format!(
                "kernel {release}: no kernel CVE table in this build"
            ));
        }
        Outcome::from_failures(
            table
                .iter()
                .filter(|c| (c.affects)(release))
                .map(|c| {
                    Failure::new(format!(
                        "kernel {release} is affected by {} ({})",
                        c.id, c.summary
                    ))
                    .evidence("kernel", release)
                    .cve(c.id)
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_without_table() {
        let f = InsideFacts {
            kernel: Some("6.1.0".into()),
            ..Default::default()
        };
        assert_eq!(
            KernelCves.check(&f),
            Outcome::skip("kernel 6.1.0: no kernel CVE table in this build")
        );
    }
}
