//! `probe TARGET…`: a read-only check of whether a Docker API is exposed at an address.
//!
//! Per address: plain `GET /_ping` (and `GET /version` when it answers); on Go's "Client sent
//! an HTTP request to an HTTPS server", a TLS handshake *without* a client certificate that
//! accepts any server certificate, then `GET /_ping`. A refusal — an alert during the
//! handshake, or under TLS 1.3 on the first read — means client verification is enforced.
//! Nothing but `GET /_ping` and `GET /version` is ever sent.

pub mod rules;

use crate::http::{self, Response};
use crate::target::Endpoint;
use crate::verify::{self, AcceptAny};
use rustls::pki_types::ServerName;
use serde::Serialize;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::timeout;

/// Default ports when a target names none: the plaintext and the TLS port of the Docker API.
pub const DEFAULT_PORTS: [u16; 2] = [2375, 2376];

/// What a probe found at one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exposure {
    /// The Docker API answers plain HTTP: anyone who reaches the port is root on the host.
    ExposedPlaintext,
    /// The Docker API answers over TLS a client without a certificate.
    ExposedTlsNoClientAuth,
    /// A TLS listener that refuses clients without a certificate.
    MtlsEnforced,
    /// Something answered, but not the Docker API.
    NotDocker,
    /// Nothing accepted the connection (refused, filtered, unresolvable).
    Closed,
}

impl Exposure {
    pub fn as_str(self) -> &'static str {
        match self {
            Exposure::ExposedPlaintext => "exposed-plaintext",
            Exposure::ExposedTlsNoClientAuth => "exposed-tls-no-client-auth",
            Exposure::MtlsEnforced => "mtls-enforced",
            Exposure::NotDocker => "not-docker",
            Exposure::Closed => "closed",
        }
    }
}

impl std::fmt::Display for Exposure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result for one address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeResult {
    /// `host:port`.
    pub target: String,
    pub exposure: Exposure,
    /// From `GET /version`, when the API answered.
    pub engine_version: Option<String>,
    pub api_version: Option<String>,
    pub os: Option<String>,
    /// How the verdict was reached: `connection refused`, `alert certificate_required`, …
    pub detail: String,
    /// Why the address could not be probed at all (the name does not resolve).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ProbeResult {
    fn new(ep: &Endpoint, exposure: Exposure, detail: impl Into<String>) -> Self {
        ProbeResult {
            target: ep.label(),
            exposure,
            engine_version: None,
            api_version: None,
            os: None,
            detail: detail.into(),
            error: None,
        }
    }
}

/// How to probe.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Limit for each step (connect, handshake, answer).
    pub timeout: Duration,
    /// Addresses probed at once.
    pub concurrency: usize,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            timeout: Duration::from_secs(3),
            concurrency: 256,
        }
    }
}

/// Probes every endpoint, `opts.concurrency` at a time; results in the order given.
pub async fn probe_all(endpoints: Vec<Endpoint>, opts: &ProbeOptions) -> Vec<ProbeResult> {
    let sem = Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1)));
    let provider = crate::provider();
    let mut set = tokio::task::JoinSet::new();
    let n = endpoints.len();
    for (i, ep) in endpoints.into_iter().enumerate() {
        let sem = sem.clone();
        let provider = provider.clone();
        let limit = opts.timeout;
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            (i, probe_one(&ep, limit, provider).await)
        });
    }
    let mut out: Vec<Option<ProbeResult>> = vec![None; n];
    while let Some(r) = set.join_next().await {
        if let Ok((i, res)) = r {
            out[i] = Some(res);
        }
    }
    out.into_iter().flatten().collect()
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

async fn connect(ep: &Endpoint, limit: Duration) -> Result<TcpStream, String> {
    match timeout(limit, TcpStream::connect((ep.host.as_str(), ep.port))).await {
        Ok(Ok(s)) => {
            let _ = s.set_nodelay(true);
            Ok(s)
        }
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            Err("connection refused".into())
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} ms (filtered?)", ms(limit))),
    }
}

async fn plain_get(ep: &Endpoint, path: &str, limit: Duration) -> Result<Response, String> {
    let mut tcp = connect(ep, limit).await?;
    match timeout(limit, http::get(&mut tcp, &ep.host, path)).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer within {} ms", ms(limit))),
    }
}

fn server_name(host: &str) -> ServerName<'static> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ServerName::IpAddress(ip.into());
    }
    ServerName::try_from(host.to_string())
        .unwrap_or_else(|_| ServerName::IpAddress(IpAddr::from([127, 0, 0, 1]).into()))
}

enum TlsGet {
    Answer(Response),
    /// The server refused a client without a certificate: how.
    Refused(String),
    /// Anything else: what.
    Failed(String, bool),
}

async fn tls_get(
    ep: &Endpoint,
    path: &str,
    limit: Duration,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> TlsGet {
    let config = match rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
    {
        Ok(b) => b
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
            .with_no_client_auth(),
        Err(e) => return TlsGet::Failed(e.to_string(), false),
    };
    let tcp = match connect(ep, limit).await {
        Ok(t) => t,
        Err(e) => return TlsGet::Failed(e, false),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let mut tls = match timeout(limit, connector.connect(server_name(&ep.host), tcp)).await {
        Err(_) => return TlsGet::Failed(format!("no TLS answer within {} ms", ms(limit)), false),
        Ok(Err(e)) => {
            return match verify::refused_client(&e) {
                Some(how) => TlsGet::Refused(format!("{how} during the TLS handshake")),
                None => TlsGet::Failed(format!("TLS handshake failed: {e}"), false),
            }
        }
        Ok(Ok(t)) => t,
    };
    match timeout(limit, http::get(&mut tls, &ep.host, path)).await {
        Err(_) => TlsGet::Failed(format!("no answer over TLS within {} ms", ms(limit)), true),
        Ok(Ok(r)) => TlsGet::Answer(r),
        Ok(Err(e)) => match verify::refused_client(&e) {
            Some(how) => TlsGet::Refused(format!("{how} on the first read")),
            None => TlsGet::Failed(e.to_string(), e.kind() == std::io::ErrorKind::UnexpectedEof),
        },
    }
}

fn read_version(r: &Response, result: &mut ProbeResult) {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&r.body) {
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        result.engine_version = s("Version");
        result.api_version = s("ApiVersion");
        result.os = s("Os");
    }
}

/// Probes one address.
pub async fn probe_one(
    ep: &Endpoint,
    limit: Duration,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> ProbeResult {
    if ep.host.parse::<IpAddr>().is_err() {
        let lookup = timeout(limit, tokio::net::lookup_host((ep.host.as_str(), ep.port))).await;
        let why = match lookup {
            Ok(Ok(addrs)) => (addrs.count() == 0).then(|| "no address".to_string()),
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some(format!("no answer within {} ms", ms(limit))),
        };
        if let Some(why) = why {
            let mut r = ProbeResult::new(
                ep,
                Exposure::Closed,
                format!("cannot resolve {}: {why}", ep.host),
            );
            r.error = Some(r.detail.clone());
            return r;
        }
    }
    let mut tcp = match connect(ep, limit).await {
        Ok(t) => t,
        Err(e) => return ProbeResult::new(ep, Exposure::Closed, e),
    };
    let plain = match timeout(limit, http::get(&mut tcp, &ep.host, "/_ping")).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer within {} ms", ms(limit))),
    };
    drop(tcp);
    let https_hint = match &plain {
        Ok(r) if r.is_docker_ping() => {
            let mut res = ProbeResult::new(
                ep,
                Exposure::ExposedPlaintext,
                format!("GET /_ping answered HTTP {} over plain TCP", r.status),
            );
            res.api_version = r.header("Api-Version").map(str::to_string);
            if let Ok(v) = plain_get(ep, "/version", limit).await {
                read_version(&v, &mut res);
            }
            return res;
        }
        Ok(r) if r.is_https_required() => true,
        Ok(r) => {
            return ProbeResult::new(
                ep,
                Exposure::NotDocker,
                format!("HTTP {} without Docker's Api-Version header", r.status),
            )
        }
        Err(_) => false,
    };
    match tls_get(ep, "/_ping", limit, provider.clone()).await {
        TlsGet::Answer(r) if r.is_docker_ping() => {
            let mut res = ProbeResult::new(
                ep,
                Exposure::ExposedTlsNoClientAuth,
                format!(
                    "GET /_ping answered HTTP {} over TLS without a client certificate",
                    r.status
                ),
            );
            res.api_version = r.header("Api-Version").map(str::to_string);
            if let TlsGet::Answer(v) = tls_get(ep, "/version", limit, provider).await {
                read_version(&v, &mut res);
            }
            res
        }
        TlsGet::Answer(r) => ProbeResult::new(
            ep,
            Exposure::NotDocker,
            format!(
                "HTTP {} over TLS without Docker's Api-Version header",
                r.status
            ),
        ),
        TlsGet::Refused(how) => ProbeResult::new(ep, Exposure::MtlsEnforced, how),
        // Go's TLS listener said "HTTPS", then hung up on a certless client: refused.
        TlsGet::Failed(why, true) if https_hint => ProbeResult::new(
            ep,
            Exposure::MtlsEnforced,
            format!("closed the connection of a client without a certificate ({why})"),
        ),
        TlsGet::Failed(why, _) => {
            let plain_why = plain.err().unwrap_or_else(|| "asked for HTTPS".into());
            ProbeResult::new(
                ep,
                Exposure::NotDocker,
                format!("plain HTTP: {plain_why}; TLS: {why}"),
            )
        }
    }
}
