use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the TLS CA certificate named by `tlscacert` is owned by root:root with mode
/// 0444 or stricter.
///
/// ## Why is this bad?
/// The CA decides which clients may use the API: replacing it lets an attacker's own
/// client certificate in.
///
/// ## Example
/// `-rw-rw-rw- 1 ci ci /etc/docker/tls/ca.pem`
///
/// Use instead: `chown root:root FILE && chmod 444 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.9, 3.10
pub struct CaCertFile;

file_rule!(
    CaCertFile, id: "H309", "TLS CA certificate ownership or mode", Medium, ["3.9", "3.10"],
    "chown root:root <tlscacert> && chmod 444 <tlscacert>", "tlscacert", "TLS CA certificate", None, 0o444
);
