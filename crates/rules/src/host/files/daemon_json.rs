use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

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
