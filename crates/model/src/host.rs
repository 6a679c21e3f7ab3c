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
    /// Further facts (files, audit rules, users, …), defined by the host collector.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl HostFacts {
    /// The setting dockerd acts on for `key`: the last one read.
    pub fn setting(&self, key: &str) -> Option<&ConfigSetting> {
        self.daemon_config.get(key).and_then(|v| v.last())
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
