use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that run without a seccomp filter: `--security-opt seccomp=unconfined`, or
/// `--privileged` (which turns seccomp off).
///
/// ## Why is this bad?
/// Docker's default seccomp profile blocks about 50 system calls that are rarely needed and
/// often exploited (`keyctl`, `add_key`, `unshare`, `mount`, `bpf`, …). Without it every kernel
/// bug reachable through a system call is reachable from the container.
///
/// ## Example
/// ```sh
/// docker run --security-opt seccomp=unconfined app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.22
/// - https://docs.docker.com/engine/security/seccomp/
pub struct Seccomp;

impl ContainerRule for Seccomp {
    const META: RuleMeta = RuleMeta {
        id: "C022",
        title: "Seccomp profile disabled",
        severity: Severity::High,
        cis: &["5.22"],
        cwe: &["CWE-693"],
        remediation: "recreate without --security-opt seccomp=unconfined (the default profile applies), or with --security-opt seccomp=<your profile.json>",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let opts = super::security_opts(c);
        let name = c.display_name();
        if crate::concepts::security_opt_value(opts, "seccomp").as_deref() == Some("unconfined") {
            Outcome::fail(format!(
                "container {name} runs without seccomp (seccomp=unconfined)"
            ))
            .evidence("HostConfig.SecurityOpt", opts.to_vec())
        } else if c.host_config.privileged {
            Outcome::fail(format!(
                "container {name} runs without seccomp (--privileged)"
            ))
            .evidence("HostConfig.Privileged", true)
        } else {
            Outcome::pass()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn unconfined_fails() {
        assert_eq!(
            message(&check(Seccomp, "fx-unconfined")),
            "container fx-unconfined runs without seccomp (seccomp=unconfined)"
        );
        assert_eq!(
            message(&check(Seccomp, "fx-privileged")),
            "container fx-privileged runs without seccomp (--privileged)"
        );
    }

    #[test]
    fn default_passes() {
        assert_eq!(check(Seccomp, "fx-default"), Outcome::Pass);
    }
}
