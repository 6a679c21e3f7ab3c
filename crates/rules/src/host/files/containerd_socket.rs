use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the containerd socket is owned by root:root with mode 0660 or stricter.
///
/// ## Why is this bad?
/// containerd's API starts containers as root just like Docker's, bypassing every Docker
/// setting and authorization plugin.
///
/// ## Example
/// `srw-rw-rw- 1 root root /run/containerd/containerd.sock`
///
/// Use instead: `chown root:root FILE && chmod 660 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.23, 3.24
pub struct ContainerdSocketFile;

file_rule!(
    ContainerdSocketFile, id: "H323", "containerd socket ownership or mode", High, ["3.23", "3.24"],
    "chown root:root /run/containerd/containerd.sock && chmod 660 /run/containerd/containerd.sock", "containerd-sock", "containerd socket", None, 0o660
);
