use super::{endpoint, EndpointRule};
use crate::check::{CheckFacts, NoCertAttempt};
use dh_model::{ObjectRef, Outcome, RuleMeta, Severity};

/// ## What it does
/// Connects a second time *without* a client certificate, sends `GET /_ping`, and checks
/// that the daemon refuses: a TLS alert (`bad_certificate`, or under TLS 1.3
/// `certificate_required`, which arrives only on the first read) or a closed connection.
///
/// ## Why is this bad?
/// A daemon started with `--tls` but without `--tlsverify` (or with `--tlsverify=false`)
/// encrypts the connection but lets anyone in: whoever reaches the port can start a
/// privileged container that mounts the host's root filesystem. Only a test from the
/// outside proves that client verification is on.
///
/// ## Example
/// ```sh
/// dockerd --tls --tlscert server-cert.pem --tlskey server-key.pem -H tcp://0.0.0.0:2376
/// # T006 docker.example:2376: answered GET /_ping (HTTP 200) to a client without a certificate
/// ```
///
/// Use instead:
/// ```sh
/// dockerd --tlsverify --tlscacert ca.pem --tlscert server-cert.pem --tlskey server-key.pem -H tcp://0.0.0.0:2376
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7
/// - <https://docs.docker.com/engine/security/protect-access/>
pub struct RefusesNoCert;

impl EndpointRule for RefusesNoCert {
    const META: RuleMeta = RuleMeta {
        id: "T006",
        title: "Daemon accepts TLS clients without a certificate",
        severity: Severity::Critical,
        cis: &["2.7"],
        cwe: &["CWE-306"],
        remediation: "start dockerd with --tlsverify and --tlscacert (daemon.json: \"tlsverify\": true, \"tlscacert\": \"…/ca.pem\")",
    };

    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)> {
        let outcome = match &f.no_cert {
            NoCertAttempt::Refused(_) => Outcome::pass(),
            NoCertAttempt::Accepted(status) => Outcome::fail(format!(
                "{}: answered GET /_ping (HTTP {status}) to a client without a certificate",
                f.endpoint
            ))
            .evidence("status", *status),
            NoCertAttempt::Unclear(why) => Outcome::skip(format!(
                "could not tell whether a client without a certificate is refused: {why}"
            )),
        };
        vec![(endpoint(f), outcome)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::fixture::*;

    #[test]
    fn fails_when_a_certless_client_gets_in() {
        assert!(all_pass(&RefusesNoCert.check(&good())));
        let mut f = good();
        f.no_cert = NoCertAttempt::Accepted(200);
        assert_eq!(
            messages(RefusesNoCert.check(&f)),
            ["127.0.0.1:2376: answered GET /_ping (HTTP 200) to a client without a certificate"]
        );
    }
}
