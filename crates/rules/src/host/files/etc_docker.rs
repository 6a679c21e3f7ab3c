use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

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
