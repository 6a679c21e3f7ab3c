use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the Docker socket(s) the daemon listens on (`unix://` hosts, or the
/// `docker.socket` unit's `ListenStream`) are owned by root:docker with mode 0660 or
/// stricter.
///
/// ## Why is this bad?
/// The socket is the API: whoever can open it is root. A world-writable socket (0666)
/// makes every local user root.
///
/// ## Example
/// `srw-rw-rw- 1 root docker /var/run/docker.sock`
///
/// Use instead: `chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.15, 3.16
pub struct DockerSocketFile;

file_rule!(
    DockerSocketFile, id: "H315", "Docker socket ownership or mode", High, ["3.15", "3.16"],
    "chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock", "docker-sock", "Docker socket", Some("docker"), 0o660
);
