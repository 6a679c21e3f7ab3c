use super::{endpoint, EndpointRule};
use crate::check::CheckFacts;
use dh_model::{Failure, ObjectRef, Outcome, RuleMeta, Severity};

/// ## What it does
/// Checks the extended key usages: the server certificate must say `serverAuth`, the client
/// certificate `clientAuth`, and neither may be a CA certificate.
///
/// ## Why is this bad?
/// A certificate without the right extended key usage is refused by strict clients and
/// servers (Go's TLS stack, so dockerd and the Docker CLI, checks them). One with no
/// extended key usage at all, or a leaf that is also a CA, can be reused for what it was
/// never meant for: a client certificate that also works as a server certificate lets any
/// client impersonate the daemon to the others.
///
/// ## Example
/// ```sh
/// openssl req -new -x509 -key key.pem -out cert.pem   # no extendedKeyUsage
/// docker-harden tls check docker.example:2376 --cert-dir .
/// # T004 docker.example:2376: the client certificate (CN=client) has no extended key usage (any use is allowed); expected clientAuth
/// ```
///
/// Use instead: `docker-harden tls client --ca-dir pki --name alice --out alice/`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7
/// - RFC 5280, 4.2.1.12 (extended key usage)
pub struct KeyUsage;

impl EndpointRule for KeyUsage {
    const META: RuleMeta = RuleMeta {
        id: "T004",
        title: "Certificate has the wrong extended key usage",
        severity: Severity::High,
        cis: &["2.7"],
        cwe: &["CWE-295"],
        remediation: "reissue with the right extended key usage: `docker-harden tls init --force` (server: serverAuth) or `docker-harden tls client` (client: clientAuth)",
    };

    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)> {
        let mut failures = Vec::new();
        let mut checked = 0;
        for (cert, want, has) in [
            (
                &f.server,
                "serverAuth",
                f.server.as_ref().and_then(|c| c.server_auth),
            ),
            (
                &f.client,
                "clientAuth",
                f.client.as_ref().and_then(|c| c.client_auth),
            ),
        ] {
            let Some(c) = cert else { continue };
            checked += 1;
            let what = format!("the {} certificate ({})", c.role, c.subject);
            let msg = match has {
                Some(true) if !c.is_ca => continue,
                Some(true) => format!("{what} is also a CA certificate"),
                Some(false) => format!("{what} lacks the extended key usage {want}"),
                None => format!(
                    "{what} has no extended key usage (any use is allowed); expected {want}"
                ),
            };
            failures.push(
                Failure::new(format!("{}: {msg}", f.endpoint))
                    .evidence("certificate", c.source.as_str()),
            );
        }
        let outcome = if checked == 0 {
            Outcome::skip("no certificate to check")
        } else {
            Outcome::from_failures(failures)
        };
        vec![(endpoint(f), outcome)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::fixture::*;

    #[test]
    fn fails_on_swapped_or_missing_usages() {
        assert!(all_pass(&KeyUsage.check(&good())));
        let mut f = good();
        f.server = Some(cert("server", false, true));
        f.client.as_mut().unwrap().client_auth = None;
        assert_eq!(
            messages(KeyUsage.check(&f)),
            [
                "127.0.0.1:2376: the server certificate (CN=server) lacks the extended key usage serverAuth",
                "127.0.0.1:2376: the client certificate (CN=client) has no extended key usage (any use is allowed); expected clientAuth",
            ]
        );
    }
}
