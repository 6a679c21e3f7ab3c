use super::{fail_at, ServiceRule};
use crate::model::{Service, VolumeKind};
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::{engine_socket, sensitive_host_path};

/// ## What it does
/// Flags bind mounts of sensitive host directories: `/`, `/etc`, `/proc`, `/sys`, `/dev`,
/// `/boot`, `/usr`, `/lib`, `/root`, `/var/lib/docker`, `/var/log` and the like (the same
/// list as the runtime rule). Engine sockets are flagged by K002 instead.
///
/// ## Why is this bad?
/// A container that can write `/etc` can add a user or a cron job to the host; one that sees
/// `/proc` or `/sys` of the host can change kernel settings; `/var/lib/docker` holds every
/// other container's filesystem. Read-only mounts still leak secrets (`/etc/shadow`, keys).
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     volumes:
///       - /etc:/host-etc
/// ```
///
/// Use instead: mount only the file the service needs, read-only:
/// ```yaml
///     volumes:
///       - ./nginx.conf:/etc/nginx/nginx.conf:ro
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.6
pub struct SensitiveMount;

impl ServiceRule for SensitiveMount {
    const META: RuleMeta = RuleMeta {
        id: "K003",
        title: "Sensitive host directory mounted",
        severity: Severity::High,
        cis: &["5.6"],
        cwe: &["CWE-668"],
        remediation:
            "mount only the files the service needs, read-only (`:ro`), never system directories",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .volumes
            .iter()
            .filter(|v| v.kind == VolumeKind::Bind)
            .filter_map(|v| {
                let src = v.source.as_deref()?;
                if engine_socket(src).is_some() {
                    return None;
                }
                let dir = sensitive_host_path(src)?;
                let ro = if v.read_only { " (read-only)" } else { "" };
                let f = fail_at(
                    s,
                    &v.pos,
                    format!(
                        "service {} mounts sensitive host path {src}{ro} (under {dir})",
                        s.name
                    ),
                )
                .evidence("source", src)
                .evidence("read_only", v.read_only);
                Some(if v.read_only {
                    f.severity(Severity::Medium)
                } else {
                    f
                })
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
        let y = "services:\n  web:\n    image: a:1\n    volumes:\n      - /etc/ssl:/ssl:ro\n      - /:/host\n      - /var/run/docker.sock:/s\n  ok:\n    image: a:1\n    volumes: [\"./etc:/etc\", \"etc:/etc\", \"/srv/data:/data\"]\n";
        assert_eq!(
            run("K003", y),
            [
                "5:9: service web mounts sensitive host path /etc/ssl (read-only) (under /etc)",
                "6:9: service web mounts sensitive host path / (under /)",
                "pass"
            ]
        );
    }
}
