use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Checks whether the process can write kernel interfaces that run a program of its choice
/// on the host: `/proc/sys/kernel/core_pattern`, `/proc/sys/kernel/modprobe`,
/// `/proc/sysrq-trigger`, `/sys/kernel/uevent_helper`, `/proc/sys/fs/binfmt_misc/register`,
/// and cgroup v1 `release_agent` files (found through `/proc/self/mountinfo`). Uses
/// `access(W_OK)`, which accounts for read-only mounts: nothing is written.
///
/// ## Why is this bad?
/// Writing `core_pattern` (`|/path/in/container`), `uevent_helper` or `release_agent` makes the
/// host kernel execute a file from the container as root on the host: a complete escape.
/// `sysrq-trigger` can reboot or crash the host.
///
/// ## Example
/// ```sh
/// docker run --privileged app
/// ```
///
/// Use instead: no `--privileged`, no `-v /proc:/host/proc`, keep Docker's masked and
/// read-only paths (`--security-opt systempaths=unconfined` removes them).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.5
/// - CWE-732: Incorrect Permission Assignment for Critical Resource
pub struct WritableKernel;

impl InsideRule for WritableKernel {
    const META: RuleMeta = RuleMeta {
        id: "C214",
        title: "Writable host kernel interface",
        severity: Severity::Critical,
        cis: &["5.5"],
        cwe: &["CWE-732"],
        remediation: "recreate the container without --privileged, --security-opt systempaths=unconfined or /proc, /sys bind mounts",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        Outcome::from_failures(
            f.writable_kernel
                .iter()
                .map(|p| {
                    dh_model::Failure::new(format!(
                        "{p} is writable: the host kernel can be made to run a program from here"
                    ))
                    .evidence("path", p.clone())
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            writable_kernel: vec!["/proc/sys/kernel/core_pattern".into()],
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(WritableKernel.check(&f)),
            ["/proc/sys/kernel/core_pattern is writable: the host kernel can be made to run a program from here"]
        );
        assert_eq!(WritableKernel.check(&InsideFacts::default()), Outcome::Pass);
    }
}
