use super::{engine, ProbeRule};
use crate::probe::{Exposure, ProbeResult};
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags an address where the Docker Engine API answers plain HTTP (`GET /_ping` returns
/// Docker's `Api-Version` header) — typically `dockerd -H tcp://0.0.0.0:2375`.
///
/// ## Why is this bad?
/// The Docker API has no authentication of its own. Anyone who can reach the port can run
/// `docker -H tcp://HOST:2375 run --privileged -v /:/host …` and is root on the host; such
/// daemons are found by internet-wide scans within hours and used for cryptomining. The
/// traffic, with every secret passed in environment variables, is readable on the wire.
///
/// ## Example
/// ```sh
/// dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375
/// docker-harden probe docker.example
/// # T101 docker.example:2375: the Docker API answers plain HTTP, without authentication (Docker 20.10.24, API 1.41)
/// ```
///
/// Use instead: TLS with client certificates on 2376, or SSH (`DOCKER_HOST=ssh://user@host`):
/// ```sh
/// docker-harden tls init --out /etc/docker/tls --host docker.example
/// dockerd --tlsverify --tlscacert /etc/docker/tls/ca.pem --tlscert /etc/docker/tls/server-cert.pem \
///         --tlskey /etc/docker/tls/server-key.pem -H tcp://0.0.0.0:2376
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7
/// - <https://docs.docker.com/engine/security/protect-access/>
pub struct PlaintextApi;

impl ProbeRule for PlaintextApi {
    const META: RuleMeta = RuleMeta {
        id: "T101",
        title: "Docker API exposed over plaintext TCP",
        severity: Severity::Critical,
        cis: &["2.7"],
        cwe: &["CWE-306", "CWE-319"],
        remediation: "remove the tcp:// listener (-H / \"hosts\"), or serve it with --tlsverify and client certificates on 2376 (`docker-harden tls init`, `docker-harden daemon-config --tls-dir`)",
    };

    fn check(&self, r: &ProbeResult) -> Outcome {
        if r.exposure != Exposure::ExposedPlaintext {
            return Outcome::pass();
        }
        Outcome::fail(format!(
            "{}: the Docker API answers plain HTTP, without authentication ({})",
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
    fn flags_plaintext_only() {
        let Outcome::Fail(f) = PlaintextApi.check(&result(Exposure::ExposedPlaintext)) else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "127.0.0.1:2375: the Docker API answers plain HTTP, without authentication (Docker 20.10.24, API 1.41)"
        );
        for ok in [
            Exposure::MtlsEnforced,
            Exposure::Closed,
            Exposure::NotDocker,
            Exposure::ExposedTlsNoClientAuth,
        ] {
            assert_eq!(PlaintextApi.check(&result(ok)), Outcome::Pass);
        }
    }
}
