use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags running containers with an SSH server process (`sshd`, `dropbear`, `tinysshd`), from
/// the daemon's process list of the container (`docker top`). Stopped containers cannot be
/// listed and are reported as skipped.
///
/// ## Why is this bad?
/// An SSH server in a container is another set of credentials and keys to manage, patch and
/// audit, and another way in that bypasses the engine's access control. `docker exec` gives the
/// same shell, audited by the daemon.
///
/// ## Example
/// ```dockerfile
/// RUN apt-get install -y openssh-server
/// CMD ["/usr/sbin/sshd", "-D"]
/// ```
///
/// Use instead:
/// ```sh
/// docker exec -it app sh
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.7
pub struct Sshd;

impl ContainerRule for Sshd {
    const META: RuleMeta = RuleMeta {
        id: "C007",
        title: "SSH server running in container",
        severity: Severity::Medium,
        cis: &["5.7"],
        cwe: &["CWE-1188"],
        remediation:
            "remove the SSH server from the image; use docker exec (or kubectl exec) to get a shell",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let Some(procs) = &c.processes else {
            return if c.state.running {
                Outcome::skip("the container's process list could not be read")
            } else {
                Outcome::skip(format!(
                    "container is {}: its processes cannot be listed",
                    c.status()
                ))
            };
        };
        let ssh: Vec<&String> = procs
            .iter()
            .filter(|p| crate::concepts::is_ssh_server(p))
            .collect();
        if ssh.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} runs an SSH server ({})",
                c.display_name(),
                ssh[0]
            ))
            .evidence(
                "processes",
                ssh.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn sshd_process_fails() {
        assert_eq!(
            message(&check(Sshd, "fx-sshd")),
            "container fx-sshd runs an SSH server (sshd)"
        );
    }

    #[test]
    fn plain_process_passes_and_stopped_skips() {
        assert_eq!(check(Sshd, "fx-hardened"), Outcome::Pass);
        assert!(matches!(check(Sshd, "fx-exited"), Outcome::Skip(_)));
    }
}
