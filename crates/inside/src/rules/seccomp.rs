use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Reads the seccomp mode of the process (`Seccomp:` in `/proc/self/status`: 0 disabled,
/// 1 strict, 2 filter) and flags a container that runs without a seccomp filter.
///
/// ## Why is this bad?
/// Docker's default seccomp profile blocks about 50 system calls (`keyctl`, `add_key`,
/// `unshare` of user namespaces, `kexec_load`, `open_by_handle_at`, `bpf`, …) that are the
/// entry points of many kernel exploits and container escapes. `seccomp=unconfined` removes
/// that layer.
///
/// ## Example
/// ```sh
/// docker run --security-opt seccomp=unconfined app
/// ```
///
/// Use instead: the default profile (no option), or a stricter custom one with
/// `--security-opt seccomp=profile.json`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.22
/// - CWE-693: Protection Mechanism Failure
pub struct Seccomp;

impl InsideRule for Seccomp {
    const META: RuleMeta = RuleMeta {
        id: "C204",
        title: "No seccomp filter",
        severity: Severity::High,
        cis: &["5.22"],
        cwe: &["CWE-693"],
        remediation: "recreate the container without --security-opt seccomp=unconfined (the default profile applies)",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match f.seccomp {
            None => {
                Outcome::skip("no Seccomp: line in /proc/self/status (kernel without seccomp?)")
            }
            Some(0) => {
                Outcome::fail("seccomp is disabled (Seccomp: 0): every system call is allowed")
                    .evidence("Seccomp", 0)
            }
            Some(_) => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            seccomp: Some(0),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(Seccomp.check(&f)),
            ["seccomp is disabled (Seccomp: 0): every system call is allowed"]
        );
        let f = InsideFacts {
            seccomp: Some(2),
            ..Default::default()
        };
        assert_eq!(Seccomp.check(&f), Outcome::Pass);
    }
}
