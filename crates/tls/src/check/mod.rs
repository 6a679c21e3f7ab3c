//! `tls check HOST:PORT`: connect with the client certificate, then without one, and gather
//! the facts the `T0xx` rules judge (see [`rules`]).

pub mod rules;

use crate::error::{Error, Result};
use crate::files::mode_of;
use crate::http;
use crate::pki::{CA_CERT, CA_KEY, CLIENT_CERT, CLIENT_KEY, SERVER_KEY};
use crate::target::Endpoint;
use crate::verify::{self, AcceptAny, Recording};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use serde::Serialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::timeout;

/// What a certificate says, as far as the rules care.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertInfo {
    /// `CA`, `server` or `client`.
    pub role: String,
    /// The file it came from (the server's certificate comes from the connection).
    pub source: String,
    pub subject: String,
    /// Seconds since the epoch.
    pub not_after: i64,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<IpAddr>,
    /// `None`: no extended key usage extension at all.
    pub server_auth: Option<bool>,
    pub client_auth: Option<bool>,
    pub is_ca: bool,
}

impl CertInfo {
    /// Parses a DER certificate.
    pub fn parse(role: &str, source: &str, der: &[u8]) -> std::result::Result<Self, String> {
        use x509_parser::prelude::*;
        let (_, c) =
            parse_x509_certificate(der).map_err(|e| format!("not an X.509 certificate: {e}"))?;
        let mut dns_names = Vec::new();
        let mut ip_addresses = Vec::new();
        if let Ok(Some(san)) = c.subject_alternative_name() {
            for n in &san.value.general_names {
                match n {
                    GeneralName::DNSName(d) => dns_names.push(d.to_string()),
                    GeneralName::IPAddress(b) => match b.len() {
                        4 => ip_addresses
                            .push(IpAddr::from(<[u8; 4]>::try_from(*b).unwrap_or_default())),
                        16 => ip_addresses
                            .push(IpAddr::from(<[u8; 16]>::try_from(*b).unwrap_or_default())),
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        let (server_auth, client_auth) = match c.extended_key_usage() {
            Ok(Some(e)) => (
                Some(e.value.server_auth || e.value.any),
                Some(e.value.client_auth || e.value.any),
            ),
            _ => (None, None),
        };
        Ok(CertInfo {
            role: role.into(),
            source: source.into(),
            subject: c.subject().to_string(),
            not_after: c.validity().not_after.timestamp(),
            dns_names,
            ip_addresses,
            server_auth,
            client_auth,
            is_ca: c.is_ca(),
        })
    }

    /// Does this certificate cover `name` (a DNS name or an IP address)? RFC 6125: SANs only,
    /// a wildcard matches one whole left-most label.
    pub fn covers(&self, name: &str) -> bool {
        if let Ok(ip) = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            return self.ip_addresses.contains(&ip);
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.dns_names.iter().any(|d| {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            match d.strip_prefix("*.") {
                Some(suffix) => name
                    .split_once('.')
                    .is_some_and(|(first, rest)| !first.is_empty() && rest == suffix),
                None => d == name,
            }
        })
    }
}

/// A private key (or the directory holding them) and its permission bits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFile {
    pub path: String,
    pub mode: u32,
    pub is_dir: bool,
}

/// What happened when a client without a certificate tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum NoCertAttempt {
    /// Refused: how (an alert, a reset).
    Refused(String),
    /// The API answered: HTTP status.
    Accepted(u16),
    /// Neither: what happened instead.
    Unclear(String),
}

/// Everything the `T0xx` rules judge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckFacts {
    /// `host:port` as connected to.
    pub endpoint: String,
    /// The name the certificate must cover (the host part).
    pub server_name: String,
    /// When the check ran, seconds since the epoch (rules use no clock).
    pub now: i64,
    pub ca: Option<CertInfo>,
    pub client: Option<CertInfo>,
    pub server: Option<CertInfo>,
    /// Why the server's chain did not verify against ca.pem.
    pub chain_error: Option<String>,
    /// Why the handshake with the client certificate failed otherwise.
    pub handshake_error: Option<String>,
    /// `GET /_ping` with the client certificate: `Ok(api version)` or why not.
    pub ping: Option<std::result::Result<String, String>>,
    pub tls_version: Option<String>,
    pub no_cert: NoCertAttempt,
    pub key_files: Vec<KeyFile>,
}

/// What `tls check` connects to and with.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub endpoint: Endpoint,
    pub cert_dir: PathBuf,
    pub timeout: Duration,
}

fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    if !path.exists() {
        return Err(Error::file(path, "not found"));
    }
    let certs: Vec<_> = CertificateDer::pem_file_iter(path)
        .map_err(|e| Error::file(path, format!("cannot read: {e}")))?
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::file(path, format!("not a PEM certificate: {e}")))?;
    if certs.is_empty() {
        return Err(Error::file(path, "no certificate in it"));
    }
    Ok(certs)
}

fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>> {
    if !path.exists() {
        return Err(Error::file(path, "not found"));
    }
    PrivateKeyDer::from_pem_file(path)
        .map_err(|e| Error::file(path, format!("not a PEM private key: {e}")))
}

fn server_name(host: &str) -> Result<ServerName<'static>> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ServerName::IpAddress(ip.into()));
    }
    ServerName::try_from(host.to_string())
        .map_err(|_| Error::Invalid(format!("{host:?}: not a valid server name")))
}

async fn connect(ep: &Endpoint, limit: Duration) -> std::result::Result<TcpStream, String> {
    match timeout(limit, TcpStream::connect((ep.host.as_str(), ep.port))).await {
        Ok(Ok(s)) => {
            let _ = s.set_nodelay(true);
            Ok(s)
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} ms", limit.as_millis())),
    }
}

/// Reads the local files and talks to the endpoint. Errors only when the check cannot run at
/// all (a file missing or unreadable, the endpoint unreachable).
pub async fn collect(opts: &CheckOptions, now: i64) -> Result<CheckFacts> {
    let dir = &opts.cert_dir;
    let ca_path = dir.join(CA_CERT);
    let cert_path = dir.join(CLIENT_CERT);
    let key_path = dir.join(CLIENT_KEY);
    let ca_certs = load_certs(&ca_path)?;
    let client_chain = load_certs(&cert_path)?;
    let client_key = load_key(&key_path)?;
    let info = |role: &str, path: &Path, der: &[u8]| {
        CertInfo::parse(role, &path.display().to_string(), der).map_err(|m| Error::file(path, m))
    };
    let ca = info("CA", &ca_path, &ca_certs[0])?;
    let client = info("client", &cert_path, &client_chain[0])?;

    let mut key_files = vec![KeyFile {
        path: dir.display().to_string(),
        mode: mode_of(dir).unwrap_or(0),
        is_dir: true,
    }];
    for name in [CLIENT_KEY, CA_KEY, SERVER_KEY] {
        let p = dir.join(name);
        if let Some(mode) = mode_of(&p) {
            key_files.push(KeyFile {
                path: p.display().to_string(),
                mode,
                is_dir: false,
            });
        }
    }

    let provider = crate::provider();
    let mut roots = rustls::RootCertStore::empty();
    for c in &ca_certs {
        roots
            .add(c.clone())
            .map_err(|e| Error::file(&ca_path, format!("unusable CA certificate: {e}")))?;
    }
    let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| Error::file(&ca_path, format!("unusable CA certificate: {e}")))?;
    let recording = Arc::new(Recording::new(webpki));
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Invalid(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(recording.clone())
        .with_client_auth_cert(client_chain, client_key)
        .map_err(|e| Error::file(&key_path, format!("does not fit cert.pem: {e}")))?;
    let name = server_name(&opts.endpoint.host)?;
    let label = opts.endpoint.label();
    let limit = opts.timeout;

    // 1. With the client certificate.
    let tcp = connect(&opts.endpoint, limit)
        .await
        .map_err(|message| Error::Connect {
            target: label.clone(),
            message,
        })?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let mut handshake_error = None;
    let mut ping = None;
    let mut tls_version = None;
    let mut plaintext_api = None;
    match timeout(limit, connector.connect(name.clone(), tcp)).await {
        Err(_) => handshake_error = Some(format!("no TLS answer within {} ms", limit.as_millis())),
        Ok(Err(e)) if verify::not_tls(&e) => {
            // Not TLS at all: is it the Docker API in plain HTTP?
            let plain = match connect(&opts.endpoint, limit).await {
                Ok(mut tcp) => timeout(limit, http::get(&mut tcp, &opts.endpoint.host, "/_ping"))
                    .await
                    .ok()
                    .and_then(|r| r.ok()),
                Err(_) => None,
            };
            handshake_error = Some(match &plain {
                Some(r) if r.is_docker_ping() => {
                    plaintext_api = Some(r.status);
                    "not TLS: the Docker API answers plain HTTP here, without any authentication"
                        .into()
                }
                _ => io_tls_error(&e),
            });
        }
        Ok(Err(e)) => handshake_error = Some(io_tls_error(&e)),
        Ok(Ok(mut tls)) => {
            tls_version = tls.get_ref().1.protocol_version().map(|v| match v {
                rustls::ProtocolVersion::TLSv1_3 => "TLS 1.3".to_string(),
                rustls::ProtocolVersion::TLSv1_2 => "TLS 1.2".to_string(),
                other => format!("{other:?}"),
            });
            ping = Some(
                match timeout(limit, http::get(&mut tls, &opts.endpoint.host, "/_ping")).await {
                    Err(_) => Err(format!(
                        "no answer to GET /_ping within {} ms",
                        limit.as_millis()
                    )),
                    Ok(Err(e)) => Err(io_tls_error(&e)),
                    Ok(Ok(r)) if r.status == 200 && r.is_docker_ping() => {
                        Ok(r.header("Api-Version").unwrap_or("").to_string())
                    }
                    Ok(Ok(r)) => Err(format!(
                        "GET /_ping answered HTTP {} {}",
                        r.status,
                        r.body_text()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .chars()
                            .take(60)
                            .collect::<String>()
                    )),
                },
            );
        }
    }
    let seen = recording.seen();
    let server = match seen.chain.first() {
        Some(der) => Some(
            CertInfo::parse("server", &label, der).map_err(|m| Error::Connect {
                target: label.clone(),
                message: m,
            })?,
        ),
        None => None,
    };
    if seen.chain_error.is_some() {
        handshake_error = None; // reported as the chain error
    }

    // 2. Without a client certificate: the server must refuse.
    let no_cert = match plaintext_api {
        Some(status) => NoCertAttempt::Accepted(status),
        None => no_cert_attempt(&opts.endpoint, name, limit, provider).await,
    };

    Ok(CheckFacts {
        endpoint: label,
        server_name: opts.endpoint.host.clone(),
        now,
        ca: Some(ca),
        client: Some(client),
        server,
        chain_error: seen.chain_error,
        handshake_error,
        ping,
        tls_version,
        no_cert,
        key_files,
    })
}

fn io_tls_error(e: &std::io::Error) -> String {
    match verify::rustls_error(e) {
        Some(r) => verify::describe(r),
        None => e.to_string(),
    }
}

/// A TLS client without a certificate: handshake, then `GET /_ping` (under TLS 1.3 the
/// server's refusal arrives only on that first read).
pub async fn no_cert_attempt(
    ep: &Endpoint,
    name: ServerName<'static>,
    limit: Duration,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> NoCertAttempt {
    let config = match rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
    {
        Ok(b) => b
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
            .with_no_client_auth(),
        Err(e) => return NoCertAttempt::Unclear(e.to_string()),
    };
    let tcp = match connect(ep, limit).await {
        Ok(s) => s,
        Err(e) => return NoCertAttempt::Unclear(format!("cannot connect again: {e}")),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let mut tls = match timeout(limit, connector.connect(name, tcp)).await {
        Err(_) => {
            return NoCertAttempt::Unclear(format!("no TLS answer within {} ms", limit.as_millis()))
        }
        Ok(Err(e)) => {
            return match verify::refused_client(&e) {
                Some(how) => NoCertAttempt::Refused(format!("{how} during the handshake")),
                None => NoCertAttempt::Unclear(io_tls_error(&e)),
            }
        }
        Ok(Ok(t)) => t,
    };
    match timeout(limit, http::get(&mut tls, &ep.host, "/_ping")).await {
        Err(_) => NoCertAttempt::Unclear(format!("no answer within {} ms", limit.as_millis())),
        Ok(Ok(r)) => NoCertAttempt::Accepted(r.status),
        Ok(Err(e)) => match verify::refused_client(&e) {
            Some(how) => NoCertAttempt::Refused(format!("{how} on the first read")),
            None if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                NoCertAttempt::Refused("connection closed without an answer".into())
            }
            None => NoCertAttempt::Unclear(io_tls_error(&e)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_follows_rfc6125() {
        let c = CertInfo {
            role: "server".into(),
            source: "x".into(),
            subject: String::new(),
            not_after: 0,
            dns_names: vec!["docker.example".into(), "*.nodes.example".into()],
            ip_addresses: vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()],
            server_auth: Some(true),
            client_auth: Some(false),
            is_ca: false,
        };
        assert!(c.covers("docker.example"));
        assert!(c.covers("DOCKER.example."));
        assert!(c.covers("a.nodes.example"));
        assert!(!c.covers("a.b.nodes.example"));
        assert!(!c.covers("nodes.example"));
        assert!(c.covers("127.0.0.1"));
        assert!(c.covers("::1"));
        assert!(!c.covers("127.0.0.2"));
        assert!(!c.covers("other.example"));
    }
}
