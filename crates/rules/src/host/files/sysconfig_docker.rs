use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks `/etc/sysconfig/docker` is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// On Red Hat-style systems it supplies dockerd's `OPTIONS`: write access adds flags.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/sysconfig/docker`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.21, 3.22
pub struct SysconfigDockerFile;

file_rule!(
    SysconfigDockerFile, id: "H321", "/etc/sysconfig/docker ownership or mode", Medium, ["3.21", "3.22"],
    "chown root:root /etc/sysconfig/docker && chmod 644 /etc/sysconfig/docker", "sysconfig-docker", "environment file", None, 0o644
);
