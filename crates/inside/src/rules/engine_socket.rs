use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Looks for container engine API sockets reachable from inside the container — anywhere in
/// its file system (a bounded walk, plus the usual paths) and through `DOCKER_HOST` — and
/// sends each a read-only `GET /_ping`. A Docker or Podman API that answers, or a containerd
/// socket that accepts a connection, is reported first: this container controls the host.
///
/// ## Why is this bad?
/// The engine API is root on the host. Anyone in the container can start a new container
/// with `--privileged -v /:/host` and own the host; no exploit is needed.
///
/// ## Example
/// ```sh
/// docker run -v /var/run/docker.sock:/var/run/docker.sock app
/// ```
///
/// Use instead: do not mount the socket. A tool that must talk to the engine gets a filtering
/// proxy that allows only the calls it needs, or runs rootless.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.32
/// - CWE-269: Improper Privilege Management
pub struct EngineSocket;

impl InsideRule for EngineSocket {
    const META: RuleMeta = RuleMeta {
        id: "C201",
        title: "Container engine API reachable from inside",
        severity: Severity::Critical,
        cis: &["5.32"],
        cwe: &["CWE-269"],
        remediation: "remove the socket mount (-v /var/run/docker.sock:…) and DOCKER_HOST from the container; use a filtering API proxy if access is truly needed",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        let failures: Vec<Failure> = f
            .sockets
            .iter()
            .filter(|s| s.answers || (s.connects && s.engine != "unknown"))
            .map(|s| {
                let how = if s.answers {
                    format!("the {} API answers at {} ({})", s.engine, s.endpoint, s.detail)
                } else {
                    format!("the {} socket {} accepts connections", s.engine, s.endpoint)
                };
                Failure::new(format!(
                    "this container controls the host: {how}; anyone here can start a privileged container with the host's / mounted"
                ))
                .evidence("endpoint", s.endpoint.clone())
                .evidence("engine", s.engine.clone())
                .evidence("ping", s.detail.clone())
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::SocketFact;

    #[test]
    fn fails_and_passes() {
        let mut f = InsideFacts::default();
        f.sockets.push(SocketFact {
            endpoint: "/var/run/docker.sock".into(),
            engine: "docker".into(),
            connects: true,
            answers: true,
            detail: "GET /_ping → 200 OK".into(),
        });
        assert_eq!(
            super::super::messages(EngineSocket.check(&f)),
            ["this container controls the host: the docker API answers at /var/run/docker.sock (GET /_ping → 200 OK); anyone here can start a privileged container with the host's / mounted"]
        );
        f.sockets[0].connects = false;
        f.sockets[0].answers = false;
        assert_eq!(EngineSocket.check(&f), Outcome::Pass);
    }
}
