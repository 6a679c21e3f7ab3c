//! CIS section 3: ownership and mode of the files that configure and expose Docker. One rule
//! per file (each covers the CIS ownership item and the permission item after it).

use super::facts;
use crate::HostRule;
use dh_model::{Failure, Outcome, RuleMeta, Severity, Snapshot};

/// What a file of one role must look like.
struct Expect {
    role: &'static str,
    what: &'static str,
    owner: &'static str,
    /// `None`: root; `Some("docker")`: the daemon's group.
    group: Option<&'static str>,
    /// The most permissive mode allowed.
    max_mode: u32,
}

fn check(snap: &Snapshot, e: Expect) -> Outcome {
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

/// ## What it does
/// Checks `docker.service` and its drop-ins are owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// Whoever can edit the unit chooses dockerd's command line: `-H tcp://0.0.0.0:2375`,
/// `--userns-remap` off — root on the next restart.
///
/// ## Example
/// `-rw-rw-rw- 1 ci ci /etc/systemd/system/docker.service.d/override.conf`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.1, 3.2
pub struct DockerServiceFile;

file_rule!(
    DockerServiceFile, id: "H301", "docker.service file ownership or mode", Medium, ["3.1", "3.2"],
    "chown root:root docker.service (and its drop-ins) && chmod 644", "docker.service", "docker.service unit file", None, 0o644
);

/// ## What it does
/// Checks the `docker.socket` unit is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// The socket unit sets who may open the Docker socket (`SocketGroup`, `SocketMode`);
/// whoever edits it can open the API to everyone.
///
/// ## Example
/// `-rw-rw-r-- 1 root ci /lib/systemd/system/docker.socket`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.3, 3.4
pub struct DockerSocketUnitFile;

file_rule!(
    DockerSocketUnitFile, id: "H303", "docker.socket file ownership or mode", Medium, ["3.3", "3.4"],
    "chown root:root docker.socket && chmod 644 docker.socket", "docker.socket", "docker.socket unit file", None, 0o644
);

/// ## What it does
/// Checks `/etc/docker` is owned by root:root with mode 0755 or stricter.
///
/// ## Why is this bad?
/// It holds daemon.json, TLS keys and registry certificates: write access to it is
/// control of the daemon.
///
/// ## Example
/// `drwxrwxrwx 2 root root /etc/docker`
///
/// Use instead: `chown root:root /etc/docker && chmod 755 /etc/docker`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.5, 3.6
pub struct EtcDockerDir;

file_rule!(
    EtcDockerDir, id: "H305", "/etc/docker ownership or mode", Medium, ["3.5", "3.6"],
    "chown root:root /etc/docker && chmod 755 /etc/docker", "etc-docker", "directory", None, 0o755
);

/// ## What it does
/// Checks every file under `/etc/docker/certs.d/` (registry certificates) is owned by
/// root:root with mode 0444 or stricter.
///
/// ## Why is this bad?
/// Whoever can replace a registry's CA certificate can impersonate the registry and
/// serve any image.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/docker/certs.d/registry:5000/ca.crt`
///
/// Use instead: `chown root:root FILE && chmod 444 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.7, 3.8
pub struct RegistryCertFiles;

file_rule!(
    RegistryCertFiles, id: "H307", "Registry certificate ownership or mode", Medium, ["3.7", "3.8"],
    "chown -R root:root /etc/docker/certs.d && chmod 444 /etc/docker/certs.d/*/*", "registry-cert", "registry certificate", None, 0o444
);

/// ## What it does
/// Checks the TLS CA certificate named by `tlscacert` is owned by root:root with mode
/// 0444 or stricter.
///
/// ## Why is this bad?
/// The CA decides which clients may use the API: replacing it lets an attacker's own
/// client certificate in.
///
/// ## Example
/// `-rw-rw-rw- 1 ci ci /etc/docker/tls/ca.pem`
///
/// Use instead: `chown root:root FILE && chmod 444 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.9, 3.10
pub struct CaCertFile;

file_rule!(
    CaCertFile, id: "H309", "TLS CA certificate ownership or mode", Medium, ["3.9", "3.10"],
    "chown root:root <tlscacert> && chmod 444 <tlscacert>", "tlscacert", "TLS CA certificate", None, 0o444
);

/// ## What it does
/// Checks the daemon's TLS certificate (`tlscert`) is owned by root:root with mode 0444
/// or stricter.
///
/// ## Why is this bad?
/// A replaced server certificate lets an attacker present their own identity to clients.
///
/// ## Example
/// `-rw-rw-r-- 1 root ci /etc/docker/tls/server.pem`
///
/// Use instead: `chown root:root FILE && chmod 444 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.11, 3.12
pub struct ServerCertFile;

file_rule!(
    ServerCertFile, id: "H311", "TLS server certificate ownership or mode", Medium, ["3.11", "3.12"],
    "chown root:root <tlscert> && chmod 444 <tlscert>", "tlscert", "TLS server certificate", None, 0o444
);

/// ## What it does
/// Checks the daemon's TLS private key (`tlskey`) is owned by root:root with mode 0400.
///
/// ## Why is this bad?
/// Anyone who can read the key can impersonate the daemon to its clients and decrypt
/// their traffic; a group- or world-readable key is critical.
///
/// ## Example
/// `-rw-r--r-- 1 root root /etc/docker/tls/server-key.pem`
///
/// Use instead: `chown root:root FILE && chmod 400 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.13, 3.14
pub struct ServerKeyFile;

file_rule!(
    ServerKeyFile, id: "H313", "TLS server key ownership or mode", High, ["3.13", "3.14"],
    "chown root:root <tlskey> && chmod 400 <tlskey>", "tlskey", "TLS server key", None, 0o400
);

/// ## What it does
/// Checks the Docker socket(s) the daemon listens on (`unix://` hosts, or the
/// `docker.socket` unit's `ListenStream`) are owned by root:docker with mode 0660 or
/// stricter.
///
/// ## Why is this bad?
/// The socket is the API: whoever can open it is root. A world-writable socket (0666)
/// makes every local user root.
///
/// ## Example
/// `srw-rw-rw- 1 root docker /var/run/docker.sock`
///
/// Use instead: `chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.15, 3.16
pub struct DockerSocketFile;

file_rule!(
    DockerSocketFile, id: "H315", "Docker socket ownership or mode", High, ["3.15", "3.16"],
    "chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock", "docker-sock", "Docker socket", Some("docker"), 0o660
);

/// ## What it does
/// Checks daemon.json is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// daemon.json sets TLS, listeners, user namespaces and authorization plugins: write
/// access to it is control of the daemon.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/docker/daemon.json`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.17, 3.18
pub struct DaemonJsonFile;

file_rule!(
    DaemonJsonFile, id: "H317", "daemon.json ownership or mode", Medium, ["3.17", "3.18"],
    "chown root:root /etc/docker/daemon.json && chmod 644 /etc/docker/daemon.json", "daemon.json", "daemon configuration file", None, 0o644
);

/// ## What it does
/// Checks `/etc/default/docker` is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// It is read into dockerd's environment (`DOCKER_OPTS`) by the unit and init scripts:
/// write access adds dockerd flags.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/default/docker`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.19, 3.20
pub struct DefaultDockerFile;

file_rule!(
    DefaultDockerFile, id: "H319", "/etc/default/docker ownership or mode", Medium, ["3.19", "3.20"],
    "chown root:root /etc/default/docker && chmod 644 /etc/default/docker", "default-docker", "environment file", None, 0o644
);

/// ## What it does
/// Checks `/etc/sysconfig/docker` is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// On Red Hat-style systems it supplies dockerd's `OPTIONS`: write access adds flags.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/sysconfig/docker`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.21, 3.22
pub struct SysconfigDockerFile;

file_rule!(
    SysconfigDockerFile, id: "H321", "/etc/sysconfig/docker ownership or mode", Medium, ["3.21", "3.22"],
    "chown root:root /etc/sysconfig/docker && chmod 644 /etc/sysconfig/docker", "sysconfig-docker", "environment file", None, 0o644
);

/// ## What it does
/// Checks the containerd socket is owned by root:root with mode 0660 or stricter.
///
/// ## Why is this bad?
/// containerd's API starts containers as root just like Docker's, bypassing every Docker
/// setting and authorization plugin.
///
/// ## Example
/// `srw-rw-rw- 1 root root /run/containerd/containerd.sock`
///
/// Use instead: `chown root:root FILE && chmod 660 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.23, 3.24
pub struct ContainerdSocketFile;

file_rule!(
    ContainerdSocketFile, id: "H323", "containerd socket ownership or mode", High, ["3.23", "3.24"],
    "chown root:root /run/containerd/containerd.sock && chmod 660 /run/containerd/containerd.sock", "containerd-sock", "containerd socket", None, 0o660
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::messages;
    use crate::host::testutil::*;

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
}
