//! Host rules: CIS Docker Benchmark v1.6.0 section 1 (H0xx: H011 = 1.1.1 …), the kernel's
//! known CVEs (H2xx), the files of section 3 (H3NN = CIS 3.NN and 3.NN+1: ownership and
//! mode of one file), and the SSH server (H4xx).

mod audit_rules;
mod data_partition;
mod docker_group;
mod files;
mod kernel_cve;
mod sshd;

pub use audit_rules::AuditRules;
pub use data_partition::DataRootPartition;
pub use docker_group::DockerGroup;
pub use files::{
    CaCertFile, ContainerdSocketFile, DaemonJsonFile, DefaultDockerFile, DockerServiceFile,
    DockerSocketFile, DockerSocketUnitFile, EtcDockerDir, RegistryCertFiles, ServerCertFile,
    ServerKeyFile, SysconfigDockerFile,
};
pub use kernel_cve::KernelCve;
pub use sshd::{SshdPasswordAuth, SshdRootLogin};

pub static RULES: &[crate::RuleEntry] = crate::register!(Host:
    DataRootPartition, DockerGroup, AuditRules, KernelCve,
    DockerServiceFile, DockerSocketUnitFile, EtcDockerDir, RegistryCertFiles, CaCertFile, ServerCertFile,
    ServerKeyFile, DockerSocketFile, DaemonJsonFile, DefaultDockerFile, SysconfigDockerFile, ContainerdSocketFile,
    SshdPasswordAuth, SshdRootLogin,
);

use dh_model::{HostFacts, Outcome, Snapshot};

/// The host facts, or the skip outcome to return.
pub(crate) fn facts(snap: &Snapshot) -> Result<&HostFacts, Outcome> {
    snap.host
        .as_ref()
        .ok_or_else(|| Outcome::skip(crate::engine::host_missing_reason(snap)))
}

#[cfg(test)]
pub(crate) mod testutil {
    use dh_model::{FileFact, HostFacts, Snapshot};

    pub fn host(f: impl FnOnce(&mut HostFacts)) -> Snapshot {
        let mut h = HostFacts {
            root: "/".into(),
            ..Default::default()
        };
        f(&mut h);
        Snapshot {
            host: Some(h),
            ..Default::default()
        }
    }

    pub fn file(role: &str, owner: &str, group: &str, mode: u32) -> FileFact {
        let id = |n: &str| if n == "root" { 0 } else { 1000 };
        FileFact {
            exists: true,
            kind: "file".into(),
            mode,
            uid: id(owner),
            gid: id(group),
            owner: Some(owner.into()),
            group: Some(group.into()),
            error: None,
            roles: vec![role.into()],
        }
    }
}
