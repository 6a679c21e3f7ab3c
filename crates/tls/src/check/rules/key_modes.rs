use super::EndpointRule;
use crate::check::CheckFacts;
use dh_model::{ObjectKind, ObjectRef, Outcome, RuleMeta, Severity};

/// ## What it does
/// Checks the permissions of the private keys in the certificate directory (`key.pem`, and
/// `ca-key.pem`, `server-key.pem` when they are there): no access for group or others
/// (0600 or stricter). The directory itself must not be writable by group or others.
///
/// ## Why is this bad?
/// Whoever reads the client key *is* that client to the daemon — and a client of the
/// daemon is root on the host. Whoever reads `ca-key.pem` can mint such clients at will. A
/// directory others can write lets them swap `ca.pem` for their own CA.
///
/// ## Example
/// ```sh
/// chmod 644 ~/.docker/key.pem
/// docker-harden tls check docker.example:2376 --cert-dir ~/.docker
/// # T005 /root/.docker/key.pem: private key is readable by group or others (mode 0644)
/// ```
///
/// Use instead:
/// ```sh
/// chmod 600 ~/.docker/key.pem
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 3.14 (permissions of the server certificate key file)
pub struct KeyModes;

impl EndpointRule for KeyModes {
    const META: RuleMeta = RuleMeta {
        id: "T005",
        title: "Private key or certificate directory open to other users",
        severity: Severity::High,
        cis: &["3.14"],
        cwe: &["CWE-732"],
        remediation: "chmod 600 the key files and chmod 700 their directory",
    };

    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)> {
        f.key_files
            .iter()
            .map(|k| {
                let obj = ObjectRef::named(ObjectKind::File, k.path.clone());
                let mode = format!("{:04o}", k.mode);
                let outcome = if k.is_dir {
                    if k.mode & 0o022 != 0 {
                        Outcome::fail(format!(
                            "{}: certificate directory is writable by group or others (mode {mode})",
                            k.path
                        ))
                        .evidence("mode", mode)
                        .remediation(format!("chmod 700 {}", k.path))
                    } else {
                        Outcome::pass()
                    }
                } else if k.mode & 0o077 != 0 {
                    Outcome::fail(format!(
                        "{}: private key is readable by group or others (mode {mode})",
                        k.path
                    ))
                    .evidence("mode", mode)
                    .remediation(format!("chmod 600 {}", k.path))
                } else {
                    Outcome::pass()
                };
                (obj, outcome)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::fixture::*;

    #[test]
    fn fails_on_open_modes() {
        assert!(all_pass(&KeyModes.check(&good())));
        let mut f = good();
        f.key_files[0].mode = 0o777;
        f.key_files[1].mode = 0o644;
        assert_eq!(
            messages(KeyModes.check(&f)),
            [
                "/pki: certificate directory is writable by group or others (mode 0777)",
                "/pki/key.pem: private key is readable by group or others (mode 0644)",
            ]
        );
    }
}
