use super::{fail_at, ServiceRule};
use crate::model::{Service, VolumeKind};
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::engine_socket;

/// ## What it does
/// Flags services that mount a container engine's API socket (`docker.sock`,
/// `containerd.sock`, `podman.sock`, …) or the directory that holds it.
///
/// ## Why is this bad?
/// Whoever can talk to the engine's socket can start a privileged container with the host's
/// root filesystem mounted: the socket is root on the host. A read-only bind does not help;
/// the API is still fully usable through it.
///
/// ## Example
/// ```yaml
/// services:
///   agent:
///     image: ci-agent:2
///     volumes:
///       - /var/run/docker.sock:/var/run/docker.sock
/// ```
///
/// Use instead: an API proxy that allows only the calls the service needs, or a rootless
/// engine dedicated to the service.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.32
pub struct EngineSocket;

impl ServiceRule for EngineSocket {
    const META: RuleMeta = RuleMeta {
        id: "K002",
        title: "Container engine socket mounted",
        severity: Severity::Critical,
        cis: &["5.32"],
        cwe: &["CWE-250"],
        remediation:
            "remove the docker.sock volume; use an API proxy that allows only what is needed",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .volumes
            .iter()
            .filter(|v| v.kind == VolumeKind::Bind)
            .filter_map(|v| {
                let src = v.source.as_deref()?;
                let sock = engine_socket(src)?;
                Some(
                    fail_at(
                        s,
                        &v.pos,
                        format!("service {} mounts the container engine socket {src} ({sock}): root on the host", s.name),
                    )
                    .evidence("source", src)
                    .evidence("target", v.target.clone()),
                )
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  agent:\n    image: a:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - type: bind\n        source: /run/containerd/containerd.sock\n        target: /c.sock\n  web:\n    image: a:1\n    volumes: [\"docker.sock:/x\", \"./data:/data\"]\n";
        assert_eq!(
            run("K002", y),
            [
                "5:9: service agent mounts the container engine socket /var/run/docker.sock (docker.sock): root on the host",
                "6:9: service agent mounts the container engine socket /run/containerd/containerd.sock (containerd.sock): root on the host",
                "pass"
            ]
        );
    }
}
