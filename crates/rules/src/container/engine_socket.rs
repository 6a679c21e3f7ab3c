use crate::ContainerRule;
use dh_model::Failure;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that mount a container engine's API socket — `docker.sock`,
/// `containerd.sock`, `podman.sock`, `crio.sock`, `buildkitd.sock`, … — at any host path, or a
/// directory that holds one (`/run`, `/var/run`, `/run/containerd`, a rootless engine's
/// `/run/user/<uid>`).
///
/// ## Why is this bad?
/// Whoever can talk to the engine API can start a privileged container with the host's root file
/// system mounted: the socket is root on the host, read-only mount or not.
///
/// ## Example
/// ```sh
/// docker run -v /var/run/docker.sock:/var/run/docker.sock ci-agent
/// ```
///
/// Use instead:
/// ```sh
/// docker run ci-agent   # and reach a filtering socket proxy over the network if you must
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.32
pub struct EngineSocket;

impl ContainerRule for EngineSocket {
    const META: RuleMeta = RuleMeta {
        id: "C032",
        title: "Container engine socket mounted",
        severity: Severity::Critical,
        cis: &["5.32"],
        cwe: &["CWE-250"],
        remediation: "remove the -v …/docker.sock mount; if a tool must drive Docker, give it a socket proxy that allows only the API calls it needs, or run it on the host",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let failures: Vec<Failure> = super::host_mounts(c)
            .into_iter()
            .filter_map(|m| {
                let sock = crate::concepts::engine_socket(&m.source)?;
                Some(
                    Failure::new(format!(
                        "container {} mounts the engine socket {} at {}: it controls the host",
                        c.display_name(),
                        m.source,
                        m.destination
                    ))
                    .evidence(m.field, format!("{}:{}", m.source, m.destination))
                    .evidence("socket", sock),
                )
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn docker_sock_fails() {
        let m = message(&check(EngineSocket, "fx-socket"));
        assert!(
            m.starts_with("container fx-socket mounts the engine socket "),
            "{m}"
        );
        assert!(
            m.ends_with("docker.sock at /var/run/docker.sock: it controls the host"),
            "{m}"
        );
    }

    #[test]
    fn other_mounts_pass() {
        assert_eq!(check(EngineSocket, "fx-mounts"), Outcome::Pass);
    }
}
