use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks the daemon's TLS private key (`tlskey`) is owned by root:root with mode 0400.
///
/// ## Why is this bad?
/// Anyone who can read the key can impersonate the daemon to its clients and decrypt
/// their traffic; a group- or world-readable key is critical.
///
/// ## Example
/// `-rw-r--r-- 1 root root /etc/docker/tls/server-key.pem`
///
/// Use instead: `chown root:root FILE && chmod 400 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.13, 3.14
pub struct ServerKeyFile;

file_rule!(
    ServerKeyFile, id: "H313", "TLS server key ownership or mode", High, ["3.13", "3.14"],
    "chown root:root <tlskey> && chmod 400 <tlskey>", "tlskey", "TLS server key", None, 0o400
);
