//! CIS section 3: ownership and mode of the files that configure and expose Docker. One rule
//! per file (each covers the CIS ownership item and the permission item after it); the check
//! and the `file_rule!` macro that implements `HostRule` for each are here.

use super::facts;
use dh_model::{Failure, Outcome, Severity, Snapshot};

/// What a file of one role must look like.
pub(crate) struct Expect {
    pub(crate) role: &'static str,
    pub(crate) what: &'static str,
    pub(crate) owner: &'static str,
    /// `None`: root; `Some("docker")`: the daemon's group.
    pub(crate) group: Option<&'static str>,
    /// The most permissive mode allowed.
    pub(crate) max_mode: u32,
}

pub(crate) fn check(snap: &Snapshot, e: Expect) -> Outcome {
    let h = match facts(snap) {
        Ok(h) => h,
        Err(o) => return o,
    };
    let docker_group = h
        .str_setting("group")
        .map(|(g, _)| g)
        .unwrap_or_else(|| "docker".into());
    let want_group = match e.group {
        Some(_) => docker_group.as_str(),
        None => "root",
    };
    let mut failures = Vec::new();
    let mut seen = 0;
    for (path, f) in h.files_with_role(e.role) {
        if let Some(err) = &f.error {
            return Outcome::skip(format!("{path}: {err}"));
        }
        if !f.exists {
            continue;
        }
        seen += 1;
        let owner = f.owner.clone().unwrap_or_else(|| f.uid.to_string());
        let group = f.group.clone().unwrap_or_else(|| f.gid.to_string());
        let owner_ok = f.uid == 0 && e.owner == "root";
        let group_ok = if want_group == "root" {
            f.gid == 0
        } else {
            group == want_group || f.gid == 0
        };
        let extra = f.mode & !e.max_mode & 0o7777;
        let mut problems = Vec::new();
        if !owner_ok || !group_ok {
            problems.push(format!(
                "owned by {owner}:{group}, expected {}:{want_group}",
                e.owner
            ));
        }
        if extra != 0 {
            problems.push(format!(
                "mode {:04o}, expected {:04o} or stricter",
                f.mode, e.max_mode
            ));
        }
        if problems.is_empty() {
            continue;
        }
        let mut fail = Failure::new(format!("{} {path} is {}", e.what, problems.join(" and ")))
            .evidence("path", path.clone())
            .evidence("owner", format!("{owner}:{group}"))
            .evidence("mode", format!("{:04o}", f.mode))
            .remediation(format!(
                "chown {}:{want_group} {path} && chmod {:o} {path}",
                e.owner, e.max_mode
            ));
        // Anyone who can write these owns the host.
        if f.mode & 0o002 != 0 || (e.role == "tlskey" && f.mode & 0o044 != 0) {
            fail = fail.severity(Severity::Critical);
        } else if !owner_ok && f.uid != 0 {
            fail = fail.severity(Severity::High);
        }
        failures.push(fail);
    }
    if seen == 0 {
        return Outcome::skip(format!("no {} found under {}", e.what, h.root));
    }
    Outcome::from_failures(failures)
}

/// Implements `HostRule` for a file rule (the struct and its doc comment stand above).
macro_rules! file_rule {
    ($name:ident, id: $id:literal, $title:literal, $sev:ident, [$($cis:literal),*], $fix:literal,
     $role:literal, $what:literal, $group:expr, $mode:literal) => {
        impl HostRule for $name {
            const META: RuleMeta = RuleMeta { id: $id, title: $title, severity: Severity::$sev, cis: &[$($cis),*], cwe: &["CWE-732"], remediation: $fix };
            fn check(&self, snap: &Snapshot) -> Outcome {
                check(snap, Expect { role: $role, what: $what, owner: "root", group: $group, max_mode: $mode })
            }
        }
    };
}

mod ca_cert;
mod containerd_socket;
mod daemon_json;
mod default_docker;
mod docker_service;
mod docker_socket;
mod docker_socket_unit;
mod etc_docker;
mod registry_certs;
mod server_cert;
mod server_key;
mod sysconfig_docker;

pub use ca_cert::CaCertFile;
pub use containerd_socket::ContainerdSocketFile;
pub use daemon_json::DaemonJsonFile;
pub use default_docker::DefaultDockerFile;
pub use docker_service::DockerServiceFile;
pub use docker_socket::DockerSocketFile;
pub use docker_socket_unit::DockerSocketUnitFile;
pub use etc_docker::EtcDockerDir;
pub use registry_certs::RegistryCertFiles;
pub use server_cert::ServerCertFile;
pub use server_key::ServerKeyFile;
pub use sysconfig_docker::SysconfigDockerFile;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::messages;
    use crate::host::testutil::*;
    use crate::HostRule;
    use dh_model::Severity;

    #[test]
    fn socket_and_key() {
        let s = host(|h| {
            h.files.insert(
                "/var/run/docker.sock".into(),
                file("docker-sock", "root", "docker", 0o666),
            );
            h.files.insert(
                "/etc/docker/tls/key.pem".into(),
                file("tlskey", "root", "root", 0o644),
            );
            h.files.insert(
                "/etc/docker/daemon.json".into(),
                file("daemon.json", "root", "root", 0o644),
            );
        });
        let o = DockerSocketFile.check(&s);
        assert_eq!(
            messages(&o),
            ["Docker socket /var/run/docker.sock is mode 0666, expected 0660 or stricter"]
        );
        assert!(matches!(&o, Outcome::Fail(f) if f[0].severity == Some(Severity::Critical)));
        assert_eq!(
            messages(&ServerKeyFile.check(&s)),
            ["TLS server key /etc/docker/tls/key.pem is mode 0644, expected 0400 or stricter"]
        );
        assert_eq!(DaemonJsonFile.check(&s), Outcome::pass());
        assert!(matches!(ContainerdSocketFile.check(&s), Outcome::Skip(_)));
    }

    #[test]
    fn owner() {
        let s = host(|h| {
            h.files
                .insert("/etc/docker".into(), file("etc-docker", "ci", "ci", 0o775));
        });
        assert_eq!(
            messages(&EtcDockerDir.check(&s)),
            ["directory /etc/docker is owned by ci:ci, expected root:root and mode 0775, expected 0755 or stricter"]
        );
    }

    #[test]
    fn every_file_rule_fails_and_passes() {
        type Check = fn(&Snapshot) -> Outcome;
        let cases: &[(Check, &str, &str, u32, &str)] = &[
            (|s| DockerServiceFile.check(s), "docker.service", "/lib/systemd/system/docker.service", 0o644, "docker.service unit file /lib/systemd/system/docker.service is mode 0666, expected 0644 or stricter"),
            (|s| DockerSocketUnitFile.check(s), "docker.socket", "/lib/systemd/system/docker.socket", 0o644, "docker.socket unit file /lib/systemd/system/docker.socket is mode 0666, expected 0644 or stricter"),
            (|s| EtcDockerDir.check(s), "etc-docker", "/etc/docker", 0o755, "directory /etc/docker is mode 0666, expected 0755 or stricter"),
            (|s| RegistryCertFiles.check(s), "registry-cert", "/etc/docker/certs.d/r:5000/ca.crt", 0o444, "registry certificate /etc/docker/certs.d/r:5000/ca.crt is mode 0666, expected 0444 or stricter"),
            (|s| CaCertFile.check(s), "tlscacert", "/etc/docker/ca.pem", 0o444, "TLS CA certificate /etc/docker/ca.pem is mode 0666, expected 0444 or stricter"),
            (|s| ServerCertFile.check(s), "tlscert", "/etc/docker/cert.pem", 0o444, "TLS server certificate /etc/docker/cert.pem is mode 0666, expected 0444 or stricter"),
            (|s| ServerKeyFile.check(s), "tlskey", "/etc/docker/key.pem", 0o400, "TLS server key /etc/docker/key.pem is mode 0666, expected 0400 or stricter"),
            (|s| DockerSocketFile.check(s), "docker-sock", "/run/docker.sock", 0o660, "Docker socket /run/docker.sock is mode 0666, expected 0660 or stricter"),
            (|s| DaemonJsonFile.check(s), "daemon.json", "/etc/docker/daemon.json", 0o644, "daemon configuration file /etc/docker/daemon.json is mode 0666, expected 0644 or stricter"),
            (|s| DefaultDockerFile.check(s), "default-docker", "/etc/default/docker", 0o644, "environment file /etc/default/docker is mode 0666, expected 0644 or stricter"),
            (|s| SysconfigDockerFile.check(s), "sysconfig-docker", "/etc/sysconfig/docker", 0o644, "environment file /etc/sysconfig/docker is mode 0666, expected 0644 or stricter"),
            (|s| ContainerdSocketFile.check(s), "containerd-sock", "/run/containerd/containerd.sock", 0o660, "containerd socket /run/containerd/containerd.sock is mode 0666, expected 0660 or stricter"),
        ];
        for (check, role, path, good, msg) in cases {
            let group = if *role == "docker-sock" {
                "docker"
            } else {
                "root"
            };
            let bad = host(|h| {
                h.files
                    .insert(path.to_string(), file(role, "root", group, 0o666));
            });
            assert_eq!(messages(&check(&bad)), [msg.to_string()], "{role}");
            let ok = host(|h| {
                h.files
                    .insert(path.to_string(), file(role, "root", group, *good));
            });
            assert_eq!(check(&ok), Outcome::pass(), "{role}");
        }
    }
}
