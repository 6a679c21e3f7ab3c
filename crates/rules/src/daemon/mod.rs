//! Daemon rules (CIS Docker Benchmark v1.6.0 section 2, 5.1, and the daemon's versions).
//!
//! Each rule decides from the Engine API data (`snap.daemon`, `snap.networks`) when that can
//! decide it, else from the effective configuration read from the host (`snap.host`:
//! daemon.json, dockerd flags, systemd unit, environment files), and names the file and line
//! that set the value. With neither, it skips with the reason.
//!
//! Ids: `D0NN` ≈ CIS 2.NN, `D101` swarm (CIS 5.1), `D2xx` configuration errors, `D3xx`
//! versions with known CVEs.

mod aufs;
mod authz;
mod cgroup_parent;
mod config_clash;
mod containerd_cve;
mod daemon_json_invalid;
mod default_ulimits;
mod engine_cve;
mod experimental;
mod icc;
mod insecure_registries;
mod iptables;
mod live_restore;
mod log_level;
mod no_new_privileges;
mod remote_logging;
mod rootful;
mod runc_cve;
mod seccomp;
mod storage_basesize;
mod swarm;
mod tls;
mod userland_proxy;
mod userns;

pub use aufs::AufsStorage;
pub use authz::AuthorizationPlugin;
pub use cgroup_parent::CgroupParent;
pub use config_clash::ConfigClash;
pub use containerd_cve::ContainerdCve;
pub use daemon_json_invalid::DaemonJsonInvalid;
pub use default_ulimits::DefaultUlimits;
pub use engine_cve::EngineCve;
pub use experimental::Experimental;
pub use icc::Icc;
pub use insecure_registries::InsecureRegistries;
pub use iptables::Iptables;
pub use live_restore::LiveRestore;
pub use log_level::LogLevel;
pub use no_new_privileges::NoNewPrivileges;
pub use remote_logging::RemoteLogging;
pub use rootful::Rootful;
pub use runc_cve::RuncCve;
pub use seccomp::Seccomp;
pub use storage_basesize::BaseDeviceSize;
pub use swarm::Swarm;
pub use tls::Tls;
pub use userland_proxy::UserlandProxy;
pub use userns::UsernsRemap;

pub static RULES: &[crate::RuleEntry] = crate::register!(Daemon:
    Rootful, Icc, LogLevel, Iptables, InsecureRegistries, AufsStorage, Tls, DefaultUlimits,
    UsernsRemap, CgroupParent, BaseDeviceSize, AuthorizationPlugin, RemoteLogging,
    NoNewPrivileges, LiveRestore, UserlandProxy, Seccomp, Experimental, Swarm, ConfigClash,
    DaemonJsonInvalid, EngineCve, ContainerdCve, RuncCve,
);

use dh_model::{HostFacts, Outcome, Snapshot, SourceRef};

/// The host facts, if collected.
pub(crate) fn host(snap: &Snapshot) -> Option<&HostFacts> {
    snap.host.as_ref()
}

/// `set in /etc/docker/daemon.json:3` / `set by dockerd flag in …`.
pub(crate) fn set_at(src: &SourceRef) -> String {
    if src.kind.starts_with("dockerd flag") {
        format!("set by a dockerd flag in {}", src.display())
    } else {
        format!("set in {}", src.display())
    }
}

/// Skip: neither API data nor host facts.
pub(crate) fn skip_neither(snap: &Snapshot) -> Outcome {
    Outcome::skip(crate::engine::neither_reason(snap))
}

/// Skip: host facts needed (the API does not expose this setting).
pub(crate) fn skip_no_host(what: &str) -> Outcome {
    Outcome::skip(format!(
        "{what} is not exposed by the Engine API and host files were not collected (audit on the Docker host, or with --root)"
    ))
}

/// A boolean daemon setting with a default: `(value, Some(source) | None when defaulted)`.
pub(crate) fn bool_or_default<'a>(
    h: &'a HostFacts,
    key: &str,
    default: bool,
) -> (bool, Option<&'a SourceRef>) {
    match h.bool_setting(key) {
        Some((b, s)) => (b, Some(s)),
        None => (default, None),
    }
}

/// Evidence text for a setting: `"false (set in /etc/docker/daemon.json:2)"` or `"true (default)"`.
pub(crate) fn describe(value: impl std::fmt::Display, src: Option<&SourceRef>) -> String {
    match src {
        Some(s) => format!("{value} ({})", set_at(s)),
        None => format!("{value} (default)"),
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    use dh_model::{ConfigSetting, DaemonData, HostFacts, Snapshot, SourceRef};
    use serde_json::Value;

    /// A snapshot with host facts whose daemon.json sets `pairs` (line = index + 2).
    pub fn with_config(pairs: &[(&str, Value)]) -> Snapshot {
        let mut h = HostFacts {
            root: "/".into(),
            ..Default::default()
        };
        for (i, (k, v)) in pairs.iter().enumerate() {
            h.daemon_config
                .entry(k.to_string())
                .or_default()
                .push(ConfigSetting {
                    value: v.clone(),
                    source: SourceRef {
                        path: "/etc/docker/daemon.json".into(),
                        line: i as u32 + 2,
                        kind: "daemon.json".into(),
                    },
                });
        }
        Snapshot {
            host: Some(h),
            ..Default::default()
        }
    }

    /// Adds a flag setting from the systemd unit.
    pub fn flag(mut s: Snapshot, key: &str, v: Value, path: &str, line: u32) -> Snapshot {
        if let Some(h) = s.host.as_mut() {
            h.daemon_config
                .entry(key.into())
                .or_default()
                .push(ConfigSetting {
                    value: v,
                    source: SourceRef {
                        path: path.into(),
                        line,
                        kind: "dockerd flag (systemd unit)".into(),
                    },
                });
        }
        s
    }

    /// A snapshot with daemon data recorded from the test daemon (Docker 20.10.24, defaults).
    pub fn recorded() -> Snapshot {
        let info: dh_model::Info =
            serde_json::from_str(include_str!("../../tests/fixtures/info-20.10-default.json"))
                .expect("fixture");
        let version: dh_model::Version = serde_json::from_str(include_str!(
            "../../tests/fixtures/version-20.10-default.json"
        ))
        .expect("fixture");
        let bridge: dh_model::Network = serde_json::from_str(include_str!(
            "../../tests/fixtures/network-bridge-20.10-default.json"
        ))
        .expect("fixture");
        Snapshot {
            daemon: Some(DaemonData { version, info }),
            networks: vec![bridge],
            ..Default::default()
        }
    }

    /// The hardened test daemon (`scripts/hardened-daemon.sh`), recorded.
    pub fn recorded_hardened() -> Snapshot {
        let info: dh_model::Info = serde_json::from_str(include_str!(
            "../../tests/fixtures/info-20.10-hardened.json"
        ))
        .expect("fixture");
        let version: dh_model::Version = serde_json::from_str(include_str!(
            "../../tests/fixtures/version-20.10-hardened.json"
        ))
        .expect("fixture");
        let bridge: dh_model::Network = serde_json::from_str(include_str!(
            "../../tests/fixtures/network-bridge-20.10-hardened.json"
        ))
        .expect("fixture");
        Snapshot {
            daemon: Some(DaemonData { version, info }),
            networks: vec![bridge],
            ..Default::default()
        }
    }

    pub fn messages(o: &dh_model::Outcome) -> Vec<String> {
        match o {
            dh_model::Outcome::Fail(f) => f.iter().map(|f| f.message.clone()).collect(),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
