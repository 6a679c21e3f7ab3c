use super::{endpoint, EndpointRule};
use crate::check::CheckFacts;
use dh_model::{ObjectRef, Outcome, RuleMeta, Severity};

/// ## What it does
/// Connects to the daemon's TLS endpoint with the client certificate from the certificate
/// directory and checks that the server's certificate chain verifies against `ca.pem`, that
/// the handshake with the client certificate succeeds and that the Docker API answers
/// `GET /_ping`.
///
/// ## Why is this bad?
/// A chain that does not verify means the client cannot tell the real daemon from an
/// impostor; users then reach for `--tlsverify=false` or `DOCKER_TLS_VERIFY=`, and every
/// command they send, with its secrets, goes to whoever answers. A client certificate the
/// server refuses means the set-up does not work at all.
///
/// ## Example
/// ```sh
/// docker-harden tls check docker.example:2376 --cert-dir ~/.docker
/// # T001 docker.example:2376: the server certificate is not signed by the CA in ca.pem
/// ```
///
/// Use instead: certificates from one CA, made by `docker-harden tls init`:
/// ```sh
/// docker-harden tls init --out /etc/docker/tls --host docker.example
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7 (TLS authentication for the Docker daemon)
/// - <https://docs.docker.com/engine/security/protect-access/>
pub struct ChainVerified;

impl EndpointRule for ChainVerified {
    const META: RuleMeta = RuleMeta {
        id: "T001",
        title: "TLS endpoint does not verify with the CA and client certificate",
        severity: Severity::High,
        cis: &["2.7"],
        cwe: &["CWE-295"],
        remediation: "serve a certificate signed by the CA in ca.pem (dockerd --tlscert/--tlskey, made by `docker-harden tls init`) and issue clients from the same CA",
    };

    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)> {
        let e = &f.endpoint;
        let outcome = if let Some(err) = &f.chain_error {
            Outcome::fail(format!("{e}: {err}")).evidence("chain_error", err.as_str())
        } else if let Some(err) = &f.handshake_error {
            Outcome::fail(format!(
                "{e}: the TLS handshake with the client certificate failed: {err}"
            ))
            .evidence("handshake_error", err.as_str())
        } else {
            match &f.ping {
                Some(Ok(_)) => Outcome::pass(),
                Some(Err(err)) => Outcome::fail(format!(
                    "{e}: the Docker API did not answer GET /_ping with the client certificate: {err}"
                ))
                .evidence("ping_error", err.as_str()),
                None => Outcome::skip("no TLS connection was made"),
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
    fn fails_on_a_foreign_chain_passes_on_a_good_one() {
        assert!(all_pass(&ChainVerified.check(&good())));
        let mut f = good();
        f.chain_error = Some("the server certificate is not signed by the CA in ca.pem".into());
        assert_eq!(
            messages(ChainVerified.check(&f)),
            ["127.0.0.1:2376: the server certificate is not signed by the CA in ca.pem"]
        );
        let mut f = good();
        f.ping = Some(Err("GET /_ping answered HTTP 404".into()));
        assert_eq!(
            messages(ChainVerified.check(&f)),
            ["127.0.0.1:2376: the Docker API did not answer GET /_ping with the client certificate: GET /_ping answered HTTP 404"]
        );
    }
}
