use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks `/etc/default/docker` is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// It is read into dockerd's environment (`DOCKER_OPTS`) by the unit and init scripts:
/// write access adds dockerd flags.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/default/docker`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.19, 3.20
pub struct DefaultDockerFile;

file_rule!(
    DefaultDockerFile, id: "H319", "/etc/default/docker ownership or mode", Medium, ["3.19", "3.20"],
    "chown root:root /etc/default/docker && chmod 644 /etc/default/docker", "default-docker", "environment file", None, 0o644
);
