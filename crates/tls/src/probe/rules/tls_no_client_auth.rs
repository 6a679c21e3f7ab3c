use super::{engine, ProbeRule};
use crate::probe::{Exposure, ProbeResult};
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags an address where the Docker Engine API speaks TLS but answers `GET /_ping` to a
/// client that presents no certificate — a daemon started with `--tls` (or
/// `--tlsverify=false`) instead of `--tlsverify`.
///
/// ## Why is this bad?
/// TLS without client verification only hides the traffic; it authenticates nobody.
/// Anyone who reaches the port has the full Docker API, which is root on the host. It is
/// easy to mistake for a protected set-up because the port is 2376 and clients "use TLS".
///
/// ## Example
/// ```sh
/// dockerd --tls --tlscert server-cert.pem --tlskey server-key.pem -H tcp://0.0.0.0:2376
/// docker-harden probe docker.example:2376
/// # T102 docker.example:2376: the Docker API answers over TLS a client without a certificate (Docker 20.10.24, API 1.41)
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
pub struct TlsWithoutClientAuth;

impl ProbeRule for TlsWithoutClientAuth {
    const META: RuleMeta = RuleMeta {
        id: "T102",
        title: "Docker API over TLS without client certificate verification",
        severity: Severity::Critical,
        cis: &["2.7"],
        cwe: &["CWE-306", "CWE-295"],
        remediation:
            "start dockerd with --tlsverify --tlscacert ca.pem (daemon.json: \"tlsverify\": true)",
    };

    fn check(&self, r: &ProbeResult) -> Outcome {
        if r.exposure != Exposure::ExposedTlsNoClientAuth {
            return Outcome::pass();
        }
        Outcome::fail(format!(
            "{}: the Docker API answers over TLS a client without a certificate ({})",
            r.target,
            engine(r)
        ))
        .evidence("outcome", r.exposure.as_str())
        .evidence("engine_version", r.engine_version.clone())
        .evidence("api_version", r.api_version.clone())
        .evidence("detail", r.detail.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::rules::result;

    #[test]
    fn flags_tls_without_client_auth_only() {
        let Outcome::Fail(f) =
            TlsWithoutClientAuth.check(&result(Exposure::ExposedTlsNoClientAuth))
        else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "127.0.0.1:2375: the Docker API answers over TLS a client without a certificate (Docker 20.10.24, API 1.41)"
        );
        for ok in [
            Exposure::MtlsEnforced,
            Exposure::Closed,
            Exposure::NotDocker,
            Exposure::ExposedPlaintext,
        ] {
            assert_eq!(TlsWithoutClientAuth.check(&result(ok)), Outcome::Pass);
        }
    }
}
