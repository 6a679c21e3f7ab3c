//! Compose rules: one file per rule, each a pure function of one [`Service`]. The doc
//! comment above a rule struct is its documentation (`docker-harden rules K001`).
//!
//! Concepts shared with the runtime, image and Dockerfile rules (root user, sensitive host
//! path, engine socket, capability risk, security options, all-interfaces binding) come from
//! `dh_rules::concepts`: one concept, one implementation.

use crate::model::Service;
use crate::yaml::Pos;
use dh_model::{Failure, Outcome, RuleMeta};

mod apparmor_unconfined;
mod cap_add;
mod cap_drop_all;
mod devices;
mod engine_socket;
mod environment_secret;
mod image_latest;
mod ipc_host;
mod memory_limit;
mod mount_propagation;
mod network_host;
mod no_new_privileges;
mod pid_host;
mod pids_limit;
mod ports_all_interfaces;
mod privileged;
mod privileged_ports;
mod read_only;
mod restart_always;
mod seccomp_unconfined;
mod selinux_disabled;
mod sensitive_mount;
mod user_root;
mod userns_host;
mod uts_host;

pub use apparmor_unconfined::ApparmorUnconfined;
pub use cap_add::CapAdd;
pub use cap_drop_all::CapDropAll;
pub use devices::Devices;
pub use engine_socket::EngineSocket;
pub use environment_secret::EnvironmentSecret;
pub use image_latest::ImageLatest;
pub use ipc_host::IpcHost;
pub use memory_limit::MemoryLimit;
pub use mount_propagation::MountPropagation;
pub use network_host::NetworkHost;
pub use no_new_privileges::NoNewPrivileges;
pub use pid_host::PidHost;
pub use pids_limit::PidsLimit;
pub use ports_all_interfaces::PortsAllInterfaces;
pub use privileged::Privileged;
pub use privileged_ports::PrivilegedPorts;
pub use read_only::ReadOnly;
pub use restart_always::RestartAlways;
pub use seccomp_unconfined::SeccompUnconfined;
pub use selinux_disabled::SelinuxDisabled;
pub use sensitive_mount::SensitiveMount;
pub use user_root::UserRoot;
pub use userns_host::UsernsHost;
pub use uts_host::UtsHost;

/// A rule about one compose service.
pub trait ServiceRule: Sync {
    const META: RuleMeta;
    fn check(&self, s: &Service) -> Outcome;
}

/// One registered rule.
#[derive(Clone, Copy)]
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub check: fn(&Service) -> Outcome,
}

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        &[$(RuleEntry {
            meta: &<$rule as ServiceRule>::META,
            check: |s| <$rule as ServiceRule>::check(&$rule, s),
        }),*]
    };
}

/// Every compose rule, in id order.
pub static RULES: &[RuleEntry] = register!(
    Privileged,
    EngineSocket,
    SensitiveMount,
    NetworkHost,
    PidHost,
    IpcHost,
    UsernsHost,
    CapAdd,
    CapDropAll,
    SeccompUnconfined,
    ApparmorUnconfined,
    NoNewPrivileges,
    ReadOnly,
    MemoryLimit,
    PidsLimit,
    PortsAllInterfaces,
    PrivilegedPorts,
    Devices,
    UserRoot,
    RestartAlways,
    EnvironmentSecret,
    ImageLatest,
    SelinuxDisabled,
    UtsHost,
    MountPropagation,
);

/// A failure about service `s` at `pos`.
pub(crate) fn fail_at(s: &Service, pos: &Pos, message: String) -> Failure {
    Failure::new(message)
        .at(pos.location())
        .evidence("service", s.name.clone())
}

/// Fails when a namespace setting is `host` (network_mode, pid, ipc, userns_mode).
pub(crate) fn host_namespace(
    s: &Service,
    setting: &Option<crate::model::At<String>>,
    key: &str,
    what: &str,
) -> Outcome {
    match setting {
        Some(v) if v.value.trim().eq_ignore_ascii_case("host") => Outcome::Fail(vec![fail_at(
            s,
            &v.pos,
            format!("service {} {what} ({key}: host)", s.name),
        )
        .evidence(key, "host")]),
        _ => Outcome::Pass,
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::interpolate::Env;
    use dh_model::Outcome;
    use std::collections::HashMap;
    use std::path::Path;

    /// Runs rule `id` on `yaml` (file `compose.yaml`, no environment) and returns every
    /// failure as `line:col: message`, or `pass`/`skip`/`n/a` per service.
    pub fn run(id: &str, yaml: &str) -> Vec<String> {
        let out = crate::lint_with_env(
            Path::new("compose.yaml"),
            yaml,
            Env::from_map(HashMap::new()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut v = Vec::new();
        for (meta, o) in out.into_iter().filter(|(m, _)| m.id == id) {
            let _ = meta;
            match o {
                Outcome::Pass => v.push("pass".to_string()),
                Outcome::Skip(r) => v.push(format!("skip: {r}")),
                Outcome::NotApplicable => v.push("n/a".to_string()),
                Outcome::Fail(fs) => {
                    for f in fs {
                        let l = f.location.expect("failure has a location");
                        v.push(format!("{}:{}: {}", l.line, l.column, f.message));
                    }
                }
            }
        }
        v
    }
}
