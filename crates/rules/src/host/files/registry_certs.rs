use super::{check, Expect};
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks every file under `/etc/docker/certs.d/` (registry certificates) is owned by
/// root:root with mode 0444 or stricter.
///
/// ## Why is this bad?
/// Whoever can replace a registry's CA certificate can impersonate the registry and
/// serve any image.
///
/// ## Example
/// `-rw-rw-rw- 1 root root /etc/docker/certs.d/registry:5000/ca.crt`
///
/// Use instead: `chown root:root FILE && chmod 444 FILE`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.7, 3.8
pub struct RegistryCertFiles;

file_rule!(
    RegistryCertFiles, id: "H307", "Registry certificate ownership or mode", Medium, ["3.7", "3.8"],
    "chown -R root:root /etc/docker/certs.d && chmod 444 /etc/docker/certs.d/*/*", "registry-cert", "registry certificate", None, 0o444
);
