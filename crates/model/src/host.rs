//! Host facts read under `--root`: files, the effective daemon configuration, audit rules.
//! Filled by the host collector (`dh-host`); read by host and daemon rules.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HostFacts {
    /// The directory host files were read under (`/` on a live host).
    pub root: String,
    /// The effective dockerd configuration, keyed by daemon.json key name (`icc`, `hosts`,
    /// `userns-remap`, `tlsverify`, `live-restore`, …). Each key lists every place that set
    /// it, in the order they were read; dockerd flags are mapped to their daemon.json key.
    pub daemon_config: BTreeMap<String, Vec<ConfigSetting>>,
    /// The dockerd command line the configuration was taken from (the running process when
    /// live, else the systemd unit's effective `ExecStart=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerd: Option<DockerdCommand>,
    /// The daemon.json that was read (`/etc/docker/daemon.json` or `--config-file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_json: Option<String>,
    /// The systemd unit files that define `docker.service` / `docker.socket` (main file
    /// first, then drop-ins in the order systemd applies them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitFile>,
    /// Ownership and mode of the files CIS section 3 names, keyed by host path (not
    /// prefixed with `root`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, FileFact>,
    /// Members of the `docker` group (secondary members from `/etc/group`, plus users whose
    /// primary group it is). `None` when `/etc/group` could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_group: Option<Vec<String>>,
    /// `/etc/subuid` entries (`None`: file absent or unreadable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subuid: Option<Vec<IdRange>>,
    /// `/etc/subgid` entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subgid: Option<Vec<IdRange>>,
    /// Audit rules: every watched path (`-w PATH`, `-F path=`, `-F exe=`) and where.
    /// `None` when no audit rule file exists (auditd not configured).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditFacts>,
    /// Mounted file systems (live: `/proc/self/mountinfo`; offline: `/etc/fstab`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mounts: Option<Vec<MountEntry>>,
    /// The kernel release (`6.1.0-18-amd64`) and where it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel: Option<KernelFact>,
    /// `ListenStream=` of the `docker.socket` unit (served when dockerd runs with `-H fd://`):
    /// a path is a unix socket, `2375` or `0.0.0.0:2375` a TCP listener.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub socket_listen: Vec<ConfigSetting>,
    /// Whether the host uses the unified cgroup v2 hierarchy (live only:
    /// `/sys/fs/cgroup/cgroup.controllers` exists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgroup_v2: Option<bool>,
    /// The SSH server's effective settings (`None`: no `/etc/ssh/sshd_config`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sshd: Option<SshdFacts>,
    /// Further facts, defined by later collectors.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The dockerd command line and where it came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerdCommand {
    pub args: Vec<String>,
    pub source: SourceRef,
    /// The user id the process runs as (live only): 0 is rootful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
}

/// One systemd unit file or drop-in.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitFile {
    /// `docker.service` or `docker.socket`.
    pub unit: String,
    pub path: String,
    pub drop_in: bool,
}

/// `stat` of one file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FileFact {
    pub exists: bool,
    /// `file`, `dir`, `socket`, `symlink`, `other`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Permission bits (`0o644`).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Why it could not be read (permission denied, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the file is to Docker: `docker.service`, `docker.socket`, `etc-docker`,
    /// `registry-cert`, `tlscacert`, `tlscert`, `tlskey`, `docker-sock`, `daemon.json`,
    /// `default-docker`, `sysconfig-docker`, `containerd-sock`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

impl FileFact {
    /// `root:docker 0660`
    pub fn describe(&self) -> String {
        let o = self.owner.clone().unwrap_or_else(|| self.uid.to_string());
        let g = self.group.clone().unwrap_or_else(|| self.gid.to_string());
        format!("{o}:{g} {:04o}", self.mode)
    }
}

/// One line of `/etc/subuid` or `/etc/subgid`: `user:start:count`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IdRange {
    pub user: String,
    pub start: u64,
    pub count: u64,
    pub source: SourceRef,
}

/// What the audit rules watch.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFacts {
    /// Files the rules were read from (`auditctl -l` when live).
    pub sources: Vec<String>,
    pub watches: Vec<AuditWatch>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditWatch {
    pub path: String,
    pub source: SourceRef,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MountEntry {
    pub mount_point: String,
    pub device: String,
    pub fstype: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KernelFact {
    pub release: String,
    pub source: String,
}

/// `sshd_config` keywords that matter for Docker access, with where they were set. sshd
/// uses the first value it reads for each keyword (`Include`d files count where included).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SshdFacts {
    pub config: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_authentication: Option<ConfigSetting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permit_root_login: Option<ConfigSetting>,
}

impl HostFacts {
    /// The setting dockerd acts on for `key`: the last one read.
    pub fn setting(&self, key: &str) -> Option<&ConfigSetting> {
        self.daemon_config.get(key).and_then(|v| v.last())
    }

    /// Every value of a list-valued key (`hosts`, `authorization-plugins`, …), flattened
    /// from daemon.json arrays and repeated flags, each with where it was set.
    pub fn list_values(&self, key: &str) -> Vec<(String, &SourceRef)> {
        let mut out = Vec::new();
        for s in self.daemon_config.get(key).into_iter().flatten() {
            match &s.value {
                serde_json::Value::Array(a) => {
                    for v in a {
                        out.push((value_text(v), &s.source));
                    }
                }
                serde_json::Value::Null => {}
                v => out.push((value_text(v), &s.source)),
            }
        }
        out
    }

    /// A boolean key's effective value: `Some(true|false)` when set, `None` when unset.
    pub fn bool_setting(&self, key: &str) -> Option<(bool, &SourceRef)> {
        let s = self.setting(key)?;
        let b = match &s.value {
            serde_json::Value::Bool(b) => *b,
            serde_json::Value::String(t) => {
                matches!(t.to_ascii_lowercase().as_str(), "true" | "1" | "t")
            }
            _ => false,
        };
        Some((b, &s.source))
    }

    /// A string key's effective value.
    pub fn str_setting(&self, key: &str) -> Option<(String, &SourceRef)> {
        let s = self.setting(key)?;
        Some((value_text(&s.value), &s.source))
    }

    /// Files that play `role`, by host path.
    pub fn files_with_role<'a>(
        &'a self,
        role: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a FileFact)> + 'a {
        self.files
            .iter()
            .filter(move |(_, f)| f.roles.iter().any(|r| r == role))
    }
}

/// A JSON value as text: strings without quotes, everything else as JSON.
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One value of a daemon setting and where it was set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigSetting {
    pub value: serde_json::Value,
    pub source: SourceRef,
}

/// A file and line that set a value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceRef {
    pub path: String,
    pub line: u32,
    /// `daemon.json`, `dockerd flag (process)`, `dockerd flag (systemd unit)`,
    /// `environment file`, …
    pub kind: String,
}

impl SourceRef {
    /// `/etc/docker/daemon.json:3`
    pub fn display(&self) -> String {
        if self.line > 0 {
            format!("{}:{}", self.path, self.line)
        } else {
            self.path.clone()
        }
    }
}
