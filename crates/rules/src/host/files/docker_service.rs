use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks `docker.service` and its drop-ins are owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// Whoever can edit the unit chooses dockerd's command line: `-H tcp://0.0.0.0:2375`,
/// `--userns-remap` off — root on the next restart.
///
/// ## Example
/// `-rw-rw-rw- 1 ci ci /etc/systemd/system/docker.service.d/override.conf`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.1, 3.2
pub struct DockerServiceFile;

file_rule!(
    DockerServiceFile, id: "H301", "docker.service file ownership or mode", Medium, ["3.1", "3.2"],
    "chown root:root docker.service (and its drop-ins) && chmod 644", "docker.service", "docker.service unit file", None, 0o644
);
