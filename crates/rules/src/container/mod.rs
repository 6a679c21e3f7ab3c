//! Container runtime rules (CIS Docker Benchmark v1.6.0 section 5, and 4.1). Each is judged
//! on the container's configuration (`HostConfig`), so created and stopped containers are
//! judged as they would run.

mod apparmor;
mod capabilities;
mod caps_not_dropped;
mod cgroup_parent;
mod cpu_limit;
mod default_bridge;
mod devices;
mod engine_socket;
mod healthcheck;
mod host_ipc;
mod host_network;
mod host_pid;
mod host_userns;
mod host_uts;
mod memory_limit;
mod mount_propagation;
mod no_new_privileges;
mod pids_limit;
mod ports_all_interfaces;
mod privileged;
mod privileged_ports;
mod readonly_rootfs;
mod restart_policy;
mod root_user;
mod seccomp;
mod secret_env;
mod selinux;
mod sensitive_mounts;
mod sshd;
mod systempaths;
mod ulimits;

pub use apparmor::AppArmor;
pub use capabilities::Capabilities;
pub use caps_not_dropped::CapsNotDropped;
pub use cgroup_parent::CgroupParent;
pub use cpu_limit::CpuLimit;
pub use default_bridge::DefaultBridge;
pub use devices::HostDevices;
pub use engine_socket::EngineSocket;
pub use healthcheck::Healthcheck;
pub use host_ipc::HostIpc;
pub use host_network::HostNetwork;
pub use host_pid::HostPid;
pub use host_userns::HostUserns;
pub use host_uts::HostUts;
pub use memory_limit::MemoryLimit;
pub use mount_propagation::MountPropagation;
pub use no_new_privileges::NoNewPrivileges;
pub use pids_limit::PidsLimit;
pub use ports_all_interfaces::PortsAllInterfaces;
pub use privileged::Privileged;
pub use privileged_ports::PrivilegedPorts;
pub use readonly_rootfs::ReadonlyRootfs;
pub use restart_policy::RestartPolicy;
pub use root_user::RootUser;
pub use seccomp::Seccomp;
pub use secret_env::SecretEnv;
pub use selinux::SeLinux;
pub use sensitive_mounts::SensitiveMounts;
pub use sshd::Sshd;
pub use systempaths::SystemPaths;
pub use ulimits::Ulimits;

pub static RULES: &[crate::RuleEntry] = crate::register!(Container:
    AppArmor,
    SeLinux,
    Capabilities,
    Privileged,
    SensitiveMounts,
    Sshd,
    PrivilegedPorts,
    HostNetwork,
    MemoryLimit,
    CpuLimit,
    ReadonlyRootfs,
    PortsAllInterfaces,
    RestartPolicy,
    HostPid,
    HostIpc,
    HostDevices,
    Ulimits,
    MountPropagation,
    HostUts,
    Seccomp,
    CgroupParent,
    NoNewPrivileges,
    Healthcheck,
    PidsLimit,
    DefaultBridge,
    HostUserns,
    EngineSocket,
    RootUser,
    SystemPaths,
    SecretEnv,
    CapsNotDropped,
);

use dh_model::Container;

/// A host path mounted into a container, from any of the three places inspect shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostMount {
    pub source: String,
    pub destination: String,
    pub read_write: bool,
    pub propagation: String,
    /// The inspect field it came from.
    pub field: &'static str,
}

/// Every host path (bind mount) of a container: effective `Mounts`, `HostConfig.Binds`
/// (`src:dst[:opts]`) and `HostConfig.Mounts` (`--mount type=bind`), deduplicated.
pub fn host_mounts(c: &Container) -> Vec<HostMount> {
    let mut out: Vec<HostMount> = Vec::new();
    let mut push = |m: HostMount| {
        if !out
            .iter()
            .any(|o| o.source == m.source && o.destination == m.destination)
        {
            out.push(m);
        }
    };
    for m in &c.mounts {
        if m.kind == "bind" {
            push(HostMount {
                source: m.source.clone(),
                destination: m.destination.clone(),
                read_write: m.rw,
                propagation: m.propagation.clone(),
                field: "Mounts",
            });
        }
    }
    for b in c.host_config.binds.iter().flatten() {
        let mut parts = b.splitn(3, ':');
        let src = parts.next().unwrap_or("");
        let dst = parts.next().unwrap_or("");
        let opts = parts.next().unwrap_or("");
        if !src.starts_with('/') {
            continue; // a named volume
        }
        let opts: Vec<&str> = opts.split(',').collect();
        let propagation = opts
            .iter()
            .find(|o| {
                matches!(
                    **o,
                    "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate"
                )
            })
            .copied()
            .unwrap_or("");
        push(HostMount {
            source: src.to_string(),
            destination: dst.to_string(),
            read_write: !opts.contains(&"ro"),
            propagation: propagation.to_string(),
            field: "HostConfig.Binds",
        });
    }
    for m in c.host_config.mounts.iter().flatten() {
        if m.kind == "bind" {
            push(HostMount {
                source: m.source.clone(),
                destination: m.target.clone(),
                read_write: !m.read_only,
                propagation: m
                    .bind_options
                    .as_ref()
                    .map(|b| b.propagation.clone())
                    .unwrap_or_default(),
                field: "HostConfig.Mounts",
            });
        }
    }
    out
}

/// `HostConfig.SecurityOpt`, or an empty list.
pub fn security_opts(c: &Container) -> &[String] {
    c.host_config.security_opt.as_deref().unwrap_or(&[])
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Containers as recorded from a real Docker 20.10 daemon (see
    //! `tests/fixtures/snapshot-live.json` and `scripts/record-fixtures.sh`), trimmed by
    //! the tests to the fields a rule reads.
    use dh_model::{Container, Snapshot};

    pub fn snapshot() -> Snapshot {
        let text = include_str!("../../tests/fixtures/snapshot-live.json");
        serde_json::from_str(text).expect("recorded fixture parses")
    }

    /// The recorded container named `name` (without the leading slash).
    pub fn container(snap: &Snapshot, name: &str) -> Container {
        snap.containers
            .iter()
            .find(|c| c.display_name() == name)
            .unwrap_or_else(|| panic!("fixture has no container {name}"))
            .clone()
    }

    /// Runs a rule on a recorded container and returns its outcome.
    pub fn check<R: crate::ContainerRule>(rule: R, name: &str) -> dh_model::Outcome {
        let snap = snapshot();
        let c = container(&snap, name);
        rule.check(&c, &snap)
    }

    /// The single failure message of an outcome (panics otherwise).
    pub fn message(o: &dh_model::Outcome) -> String {
        match o {
            dh_model::Outcome::Fail(f) if f.len() == 1 => f[0].message.clone(),
            other => panic!("expected one failure, got {other:?}"),
        }
    }
}
