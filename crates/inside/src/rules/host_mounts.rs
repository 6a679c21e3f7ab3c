use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Failure, Outcome, RuleMeta, Severity};
use dh_rules::concepts::{engine_socket, sensitive_host_path};

/// Data roots of container engines: mounting them gives every container's files.
const DATA_ROOTS: &[&str] = &[
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/containers",
];

/// ## What it does
/// Reads `/proc/self/mountinfo` and flags mounts of the host that matter: a whole host file
/// system (`/` of a block device), sensitive host directories (`/etc`, `/proc`, `/sys`,
/// `/var/run`, `/root`, `/boot`, …), the engine's data root (`/var/lib/docker`) and engine
/// sockets. The path shown is the mount's root inside its source file system, which for a
/// bind mount is the host path (relative to the host file system that holds it).
///
/// ## Why is this bad?
/// A writable host `/etc` lets the container add a root user or a cron job to the host; the
/// data root holds every other container's file system; a read-only mount still leaks host
/// secrets (`/etc/shadow`, keys).
///
/// ## Example
/// ```sh
/// docker run -v /:/host app
/// ```
///
/// Use instead: mount only the application's own data directory or a named volume, read-only
/// when it can be (`-v appdata:/data:ro`).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.6
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostMounts;

impl InsideRule for HostMounts {
    const META: RuleMeta = RuleMeta {
        id: "C213",
        title: "Sensitive host path mounted",
        severity: Severity::High,
        cis: &["5.6"],
        cwe: &["CWE-668"],
        remediation: "recreate the container without the host mount (-v HOST:CONTAINER); use a named volume or a narrow, read-only bind of the data it needs",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        let mut failures = Vec::new();
        for m in &f.mounts {
            let why = if m.root == "/" && m.source.starts_with("/dev/") {
                Some(format!("the whole file system of {}", m.source))
            } else if let Some(s) = engine_socket(&m.root) {
                Some(format!("engine socket {s}"))
            } else if DATA_ROOTS
                .iter()
                .any(|d| m.root == *d || m.root.starts_with(&format!("{d}/")))
            {
                Some("the container engine's data root".to_string())
            } else {
                sensitive_host_path(&m.root).map(|d| format!("sensitive host directory {d}"))
            };
            if let Some(why) = why {
                let rw = if m.writable {
                    "read-write"
                } else {
                    "read-only"
                };
                failures.push(
                    Failure::new(format!(
                        "{} is a {rw} mount of host {} ({why})",
                        m.mountpoint, m.root
                    ))
                    .evidence("mountpoint", m.mountpoint.clone())
                    .evidence("host_path", m.root.clone())
                    .evidence("source", m.source.clone())
                    .evidence("fstype", m.fstype.clone())
                    .evidence("writable", m.writable),
                );
            }
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Mount;

    fn mount(mp: &str, root: &str, rw: bool) -> Mount {
        Mount {
            mountpoint: mp.into(),
            root: root.into(),
            fstype: "ext4".into(),
            source: "/dev/vda".into(),
            writable: rw,
        }
    }

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            mounts: vec![
                mount("/host/etc", "/etc", false),
                mount("/data", "/srv/data", true),
            ],
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(HostMounts.check(&f)),
            ["/host/etc is a read-only mount of host /etc (sensitive host directory /etc)"]
        );
        let f = InsideFacts {
            mounts: vec![mount("/data", "/srv/data", true)],
            ..Default::default()
        };
        assert_eq!(HostMounts.check(&f), Outcome::Pass);
    }
}
