//! `inside` rules (`C2xx`): pure functions of [`InsideFacts`], about the container the
//! binary runs in. One rule per file; the doc comment is the rule's documentation.

use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta};

mod apparmor;
mod capabilities;
mod cloud_metadata;
mod devices;
mod engine_socket;
mod host_mounts;
mod host_namespaces;
mod kernel;
mod no_new_privs;
mod privileged;
mod rootfs;
mod runtime;
mod seccomp;
mod secret_env;
mod uid0;
mod userns;
mod writable_kernel;

pub use apparmor::AppArmor;
pub use capabilities::Capabilities;
pub use cloud_metadata::CloudMetadata;
pub use devices::HostDevices;
pub use engine_socket::EngineSocket;
pub use host_mounts::HostMounts;
pub use host_namespaces::{HostCgroupNs, HostIpcNs, HostNetNs, HostPidNs, HostUtsNs};
pub use kernel::KernelCves;
pub use no_new_privs::NoNewPrivs;
pub use privileged::Privileged;
pub use rootfs::RootfsWritable;
pub use runtime::Runtime;
pub use seccomp::Seccomp;
pub use secret_env::SecretEnv;
pub use uid0::RunsAsRoot;
pub use userns::NoUserNamespace;
pub use writable_kernel::WritableKernel;

/// A rule about the container `inside` runs in.
pub trait InsideRule: Sync {
    const META: RuleMeta;
    fn check(&self, f: &InsideFacts) -> Outcome;
}

#[derive(Clone, Copy)]
pub struct InsideRuleEntry {
    pub meta: &'static RuleMeta,
    pub check: fn(&InsideFacts) -> Outcome,
}

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        &[$(InsideRuleEntry {
            meta: &<$rule as InsideRule>::META,
            check: |f| <$rule as InsideRule>::check(&$rule, f),
        }),*]
    };
}

/// Every `inside` rule, in id order.
pub static RULES: &[InsideRuleEntry] = register!(
    Runtime,
    EngineSocket,
    Privileged,
    Capabilities,
    Seccomp,
    NoNewPrivs,
    AppArmor,
    NoUserNamespace,
    HostPidNs,
    HostNetNs,
    HostIpcNs,
    HostUtsNs,
    HostCgroupNs,
    HostMounts,
    WritableKernel,
    HostDevices,
    RootfsWritable,
    RunsAsRoot,
    SecretEnv,
    KernelCves,
    CloudMetadata,
);

/// Docker's default capability mask, from the shared list.
pub fn default_caps() -> Vec<String> {
    dh_rules::concepts::DEFAULT_CAPS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[cfg(test)]
pub(crate) fn messages(o: Outcome) -> Vec<String> {
    match o {
        Outcome::Fail(f) => f.into_iter().map(|f| f.message).collect(),
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Docker's default bounding set as a mask, for tests.
#[cfg(test)]
pub(crate) const DEFAULT_MASK: u64 = 0xa80425fb;
