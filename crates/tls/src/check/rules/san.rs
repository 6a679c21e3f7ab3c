use super::{endpoint, EndpointRule};
use crate::check::CheckFacts;
use dh_model::{ObjectRef, Outcome, RuleMeta, Severity};

/// ## What it does
/// Checks that the server certificate's subject alternative names cover the name the client
/// connects with (the host part of `HOST:PORT`): a DNS name, a `*.` wildcard for one label,
/// or an IP address.
///
/// ## Why is this bad?
/// The Docker CLI refuses a certificate that does not name the host it dialled
/// (`x509: certificate is valid for …, not …`). Users work around it with
/// `--tlsverify=false` or by editing `/etc/hosts`, which throws away the protection TLS
/// gives against an impostor daemon. The common name is not enough: clients only read SANs.
///
/// ## Example
/// ```sh
/// docker-harden tls init --out pki --host docker.example   # no --ip
/// docker-harden tls check 192.0.2.10:2376 --cert-dir pki
/// # T002 192.0.2.10:2376: the server certificate does not cover 192.0.2.10 (SANs: docker.example)
/// ```
///
/// Use instead:
/// ```sh
/// docker-harden tls init --out pki --host docker.example --ip 192.0.2.10 --force
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7
/// - RFC 6125, section 6 (verifying a service identity)
pub struct SanCoversName;

impl EndpointRule for SanCoversName {
    const META: RuleMeta = RuleMeta {
        id: "T002",
        title: "Server certificate does not cover the name clients use",
        severity: Severity::High,
        cis: &["2.7"],
        cwe: &["CWE-297"],
        remediation: "reissue the server certificate with every name and address clients use: `docker-harden tls init --host NAME --ip ADDR --force`",
    };

    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)> {
        let outcome = match &f.server {
            None => Outcome::skip("the server sent no certificate"),
            Some(c) if c.covers(&f.server_name) => Outcome::pass(),
            Some(c) => {
                let sans: Vec<String> = c
                    .dns_names
                    .iter()
                    .cloned()
                    .chain(c.ip_addresses.iter().map(|i| i.to_string()))
                    .collect();
                let list = if sans.is_empty() {
                    "none".to_string()
                } else {
                    sans.join(", ")
                };
                Outcome::fail(format!(
                    "{}: the server certificate does not cover {} (SANs: {list})",
                    f.endpoint, f.server_name
                ))
                .evidence("name", f.server_name.as_str())
                .evidence("sans", sans)
            }
        };
        vec![(endpoint(f), outcome)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::fixture::*;

    #[test]
    fn fails_for_an_uncovered_name() {
        assert!(all_pass(&SanCoversName.check(&good())));
        let mut f = good();
        f.endpoint = "10.1.2.3:2376".into();
        f.server_name = "10.1.2.3".into();
        assert_eq!(
            messages(SanCoversName.check(&f)),
            ["10.1.2.3:2376: the server certificate does not cover 10.1.2.3 (SANs: docker.example, 127.0.0.1)"]
        );
    }
}
