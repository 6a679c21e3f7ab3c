use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the daemon's TLS certificate (`tlscert`) is owned by root:root with mode 0444
/// or stricter.
///
/// ## Why is this bad?
/// A replaced server certificate lets an attacker present their own identity to clients.
///
/// ## Example
/// `-rw-rw-r-- 1 root ci /etc/docker/tls/server.pem`
///
/// Use instead: `chown root:root FILE && chmod 444 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.11, 3.12
pub struct ServerCertFile;

file_rule!(
    ServerCertFile, id: "H311", "TLS server certificate ownership or mode", Medium, ["3.11", "3.12"],
    "chown root:root <tlscert> && chmod 444 <tlscert>", "tlscert", "TLS server certificate", None, 0o444
);
