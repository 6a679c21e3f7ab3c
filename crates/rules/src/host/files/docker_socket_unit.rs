use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the `docker.socket` unit is owned by root:root with mode 0644 or stricter.
///
/// ## Why is this bad?
/// The socket unit sets who may open the Docker socket (`SocketGroup`, `SocketMode`);
/// whoever edits it can open the API to everyone.
///
/// ## Example
/// `-rw-rw-r-- 1 root ci /lib/systemd/system/docker.socket`
///
/// Use instead: `chown root:root FILE && chmod 644 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.3, 3.4
pub struct DockerSocketUnitFile;

file_rule!(
    DockerSocketUnitFile, id: "H303", "docker.socket file ownership or mode", Medium, ["3.3", "3.4"],
    "chown root:root docker.socket && chmod 644 docker.socket", "docker.socket", "docker.socket unit file", None, 0o644
);
