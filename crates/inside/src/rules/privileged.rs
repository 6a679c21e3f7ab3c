use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Detects a privileged container (or one given `--cap-add ALL`) from inside: every
/// capability the running kernel knows — bits 0 to `/proc/sys/kernel/cap_last_cap` — is in
/// the bounding set. Comparing with the kernel's own last capability, not with a fixed
/// `0000003fffffffff` string, keeps this right on kernels that add capabilities.
///
/// ## Why is this bad?
/// With every capability (and, when privileged, every device and no seccomp or AppArmor),
/// a process in the container can load kernel modules, mount the host's disks and write to
/// kernel interfaces: it is root on the host.
///
/// ## Example
/// ```sh
/// docker run --privileged app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --cap-drop ALL --cap-add NET_BIND_SERVICE app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.5
/// - CWE-250: Execution with Unnecessary Privileges
pub struct Privileged;

impl InsideRule for Privileged {
    const META: RuleMeta = RuleMeta {
        id: "C202",
        title: "Container has every capability (privileged)",
        severity: Severity::Critical,
        cis: &["5.5"],
        cwe: &["CWE-250"],
        remediation: "recreate the container without --privileged or --cap-add ALL; add only the capabilities it needs",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        let (Some(bnd), Some(last)) = (f.cap_bnd, f.cap_last_cap) else {
            return Outcome::skip("CapBnd or /proc/sys/kernel/cap_last_cap unreadable");
        };
        let all = if last >= 63 {
            u64::MAX
        } else {
            (1u64 << (last + 1)) - 1
        };
        if bnd & all == all {
            Outcome::fail(format!(
                "every capability up to cap_last_cap {last} is in the bounding set ({bnd:#018x}): privileged or --cap-add ALL"
            ))
            .evidence("CapBnd", format!("{bnd:016x}"))
            .evidence("cap_last_cap", last)
        } else {
            Outcome::pass()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let mut f = InsideFacts {
            cap_bnd: Some(0x1ff_ffff_ffff),
            cap_last_cap: Some(40),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(Privileged.check(&f)),
            ["every capability up to cap_last_cap 40 is in the bounding set (0x000001ffffffffff): privileged or --cap-add ALL"]
        );
        f.cap_bnd = Some(super::super::DEFAULT_MASK);
        assert_eq!(Privileged.check(&f), Outcome::Pass);
    }
}
