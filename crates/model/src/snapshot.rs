//! The Snapshot: one serializable picture of a Docker host.
//!
//! Container, image, network, info and version structs are a typed *subset* of the Docker
//! Engine API's JSON (same PascalCase field names), so `docker inspect` output deserializes
//! into them directly. Only fields that a rule reads are kept: anything else, and every
//! secret value, never enters a Snapshot.

use crate::secrets::{classify_env, EnvVar};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SNAPSHOT_SCHEMA: &str = "docker-harden/snapshot/v1";

/// A problem met while collecting (permission denied, daemon unreachable, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionError {
    /// What was being read: `GET /containers/json`, `/etc/docker/daemon.json`, …
    pub source: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: String,
    #[serde(default)]
    pub tool_version: String,
    /// The endpoint the daemon data came from (`unix:///var/run/docker.sock`, `tcp://…`).
    #[serde(default)]
    pub docker_host: Option<String>,
    #[serde(default)]
    pub daemon: Option<DaemonData>,
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default)]
    pub images: Vec<Image>,
    #[serde(default)]
    pub networks: Vec<Network>,
    /// Host files and daemon configuration read under `--root` (absent when not collected).
    #[serde(default)]
    pub host: Option<crate::host::HostFacts>,
    #[serde(default)]
    pub errors: Vec<CollectionError>,
    /// How the API was reached: `unix`, `ssh`, `tls` (client certificate presented),
    /// `tls-no-client-cert`, or `tcp` (plaintext). A daemon that answered over `tcp` serves
    /// its API without TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_transport: Option<String>,
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot {
            schema: SNAPSHOT_SCHEMA.into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            docker_host: None,
            daemon: None,
            containers: vec![],
            images: vec![],
            networks: vec![],
            host: None,
            errors: vec![],
            api_transport: None,
        }
    }
}

impl Snapshot {
    pub fn image_by_id(&self, id: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.id == id)
    }
    pub fn network_by_name(&self, name: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.name == name)
    }
}

/// `GET /version` and `GET /info`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DaemonData {
    pub version: Version,
    pub info: Info,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Version {
    pub version: String,
    pub api_version: String,
    #[serde(rename = "MinAPIVersion")]
    pub min_api_version: String,
    pub os: String,
    pub arch: String,
    pub kernel_version: String,
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Component {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Info {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    pub server_version: String,
    pub driver: String,
    pub logging_driver: String,
    pub cgroup_driver: String,
    pub cgroup_version: String,
    pub kernel_version: String,
    pub operating_system: String,
    #[serde(rename = "OSType")]
    pub os_type: String,
    pub docker_root_dir: String,
    pub default_runtime: String,
    pub live_restore_enabled: bool,
    pub experimental_build: bool,
    /// `name=seccomp,profile=builtin`, `name=userns`, `name=rootless`; older engines
    /// list `seccomp` / `profile=default` style entries.
    pub security_options: Vec<String>,
    pub registry_config: Option<RegistryConfig>,
    pub plugins: Plugins,
    pub swarm: Option<SwarmInfo>,
    pub runtimes: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RegistryConfig {
    #[serde(rename = "InsecureRegistryCIDRs")]
    pub insecure_registry_cidrs: Vec<String>,
    pub index_configs: BTreeMap<String, IndexConfig>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IndexConfig {
    pub name: String,
    pub secure: bool,
    pub official: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Plugins {
    pub authorization: Option<Vec<String>>,
    pub log: Option<Vec<String>>,
    pub volume: Option<Vec<String>>,
    pub network: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SwarmInfo {
    pub local_node_state: String,
    pub control_available: bool,
}

/// `GET /containers/{id}/json`, plus `top` for running containers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Container {
    pub id: String,
    /// As Docker reports it, with a leading `/`.
    pub name: String,
    pub created: String,
    /// Image id (`sha256:…`).
    pub image: String,
    pub state: ContainerState,
    pub config: ContainerConfig,
    pub host_config: HostConfig,
    pub mounts: Vec<MountPoint>,
    pub network_settings: NetworkSettings,
    pub app_armor_profile: String,
    pub process_label: String,
    pub mount_label: String,
    pub driver: String,
    /// Command lines of the processes (`GET /containers/{id}/top`), running containers only.
    #[serde(rename = "x-processes", skip_serializing_if = "Option::is_none")]
    pub processes: Option<Vec<String>>,
}

impl Container {
    /// The name without Docker's leading slash.
    pub fn display_name(&self) -> &str {
        self.name.strip_prefix('/').unwrap_or(&self.name)
    }

    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
    pub fn status(&self) -> &str {
        if self.state.status.is_empty() {
            if self.state.running {
                "running"
            } else {
                "exited"
            }
        } else {
            &self.state.status
        }
    }

    /// Removes every secret value: env values become names plus a classification, and
    /// label values whose key looks secret are dropped. Called at collection time.
    pub fn redact(&mut self) {
        self.config.redact();
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ContainerState {
    pub status: String,
    pub running: bool,
    pub paused: bool,
    pub restarting: bool,
    pub pid: i64,
}

/// `Config` of a container or image. `Env` holds **names only** once redacted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ContainerConfig {
    pub hostname: String,
    pub user: String,
    /// Raw `NAME=value` strings as the API gives them; emptied by `redact()`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    /// Names and value classifications, filled by `redact()`; never a value.
    #[serde(rename = "x-env")]
    pub env_vars: Vec<EnvVar>,
    pub image: String,
    pub labels: Option<BTreeMap<String, String>>,
    pub healthcheck: Option<HealthConfig>,
    pub exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
}

impl ContainerConfig {
    pub fn redact(&mut self) {
        let raw = std::mem::take(&mut self.env);
        if !raw.is_empty() {
            self.env_vars = raw.iter().map(|e| classify_env(e)).collect();
        }
        if let Some(labels) = &mut self.labels {
            for (k, v) in labels.iter_mut() {
                if crate::secrets::name_looks_secret(k)
                    || crate::secrets::classify_value(v).is_some()
                {
                    *v = crate::secrets::REDACTED.to_string();
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HealthConfig {
    /// `["NONE"]` disables a healthcheck inherited from the image.
    pub test: Option<Vec<String>>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub retries: Option<i64>,
}

impl HealthConfig {
    pub fn is_disabled(&self) -> bool {
        matches!(self.test.as_deref(), Some([first, ..]) if first == "NONE")
    }
    pub fn is_set(&self) -> bool {
        matches!(self.test.as_deref(), Some([first, ..]) if first != "NONE")
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HostConfig {
    pub privileged: bool,
    pub cap_add: Option<Vec<String>>,
    pub cap_drop: Option<Vec<String>>,
    pub security_opt: Option<Vec<String>>,
    pub readonly_rootfs: bool,
    pub network_mode: String,
    pub pid_mode: String,
    pub ipc_mode: String,
    #[serde(rename = "UTSMode")]
    pub uts_mode: String,
    pub userns_mode: String,
    pub cgroupns_mode: String,
    pub memory: i64,
    pub memory_swap: i64,
    pub nano_cpus: i64,
    pub cpu_shares: i64,
    pub cpu_quota: i64,
    pub cpu_period: i64,
    pub cpuset_cpus: String,
    pub pids_limit: Option<i64>,
    pub restart_policy: RestartPolicy,
    pub devices: Option<Vec<DeviceMapping>>,
    pub device_cgroup_rules: Option<Vec<String>>,
    pub ulimits: Option<Vec<Ulimit>>,
    pub cgroup_parent: String,
    pub port_bindings: Option<BTreeMap<String, Option<Vec<PortBinding>>>>,
    pub publish_all_ports: bool,
    pub binds: Option<Vec<String>>,
    pub mounts: Option<Vec<MountSpec>>,
    pub masked_paths: Option<Vec<String>>,
    pub readonly_paths: Option<Vec<String>>,
    pub tmpfs: Option<BTreeMap<String, String>>,
    pub runtime: String,
    pub sysctls: Option<BTreeMap<String, String>>,
    pub init: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RestartPolicy {
    pub name: String,
    pub maximum_retry_count: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeviceMapping {
    pub path_on_host: String,
    pub path_in_container: String,
    pub cgroup_permissions: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ulimit {
    pub name: String,
    pub soft: i64,
    pub hard: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PortBinding {
    pub host_ip: String,
    pub host_port: String,
}

/// `HostConfig.Mounts` (the `--mount` syntax).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MountSpec {
    #[serde(rename = "Type")]
    pub kind: String,
    pub source: String,
    pub target: String,
    pub read_only: bool,
    pub bind_options: Option<BindOptions>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BindOptions {
    pub propagation: String,
}

/// The container's effective `Mounts` (what inspect shows at the top level).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MountPoint {
    #[serde(rename = "Type")]
    pub kind: String,
    pub name: String,
    pub source: String,
    pub destination: String,
    pub driver: String,
    pub mode: String,
    #[serde(rename = "RW")]
    pub rw: bool,
    pub propagation: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkSettings {
    pub networks: Option<BTreeMap<String, EndpointSettings>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EndpointSettings {
    #[serde(rename = "NetworkID")]
    pub network_id: String,
}

/// `GET /images/{id}/json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Image {
    pub id: String,
    pub repo_tags: Option<Vec<String>>,
    pub repo_digests: Option<Vec<String>>,
    pub created: String,
    pub os: String,
    pub architecture: String,
    pub config: Option<ContainerConfig>,
}

impl Image {
    /// The first tag, else the short id.
    pub fn display_name(&self) -> String {
        self.repo_tags
            .as_ref()
            .and_then(|t| t.iter().find(|t| t.as_str() != "<none>:<none>"))
            .cloned()
            .unwrap_or_else(|| crate::finding::short_id(&self.id).to_string())
    }
    pub fn redact(&mut self) {
        if let Some(c) = &mut self.config {
            c.redact();
        }
    }
}

/// `GET /networks/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Network {
    pub name: String,
    pub id: String,
    pub driver: String,
    pub scope: String,
    pub internal: bool,
    #[serde(rename = "EnableIPv6")]
    pub enable_ipv6: bool,
    pub options: Option<BTreeMap<String, String>>,
    pub containers: Option<BTreeMap<String, NetworkContainer>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkContainer {
    pub name: String,
}
