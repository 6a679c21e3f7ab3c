//! A small Docker Engine API client: HTTP/1.1 (hyper) over a unix socket, TCP, TCP+TLS
//! (rustls, client certificates) or SSH (`ssh HOST docker system dial-stdio`, as the Docker
//! CLI does). Keep-alive connections are pooled; concurrency is bounded.

use crate::endpoint::{Endpoint, TlsFiles};
use crate::CollectError;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::http1::SendRequest;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Semaphore;

/// The oldest Engine API docker-harden speaks (Docker 1.12).
pub const MIN_API: (u32, u32) = (1, 24);
/// The newest Engine API docker-harden asks for; newer daemons answer at this version.
pub const MAX_API: (u32, u32) = (1, 51);

trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}
type BoxIo = Pin<Box<dyn Io>>;

pub struct DockerClient {
    endpoint: Endpoint,
    tls: Option<Arc<rustls::ClientConfig>>,
    idle: Mutex<Vec<SendRequest<Empty<Bytes>>>>,
    permits: Semaphore,
    /// `/v1.41` once negotiated.
    prefix: Mutex<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// The last line ssh printed on stderr (ssh:// endpoints), for error messages.
    ssh_error: Arc<Mutex<String>>,
}

impl DockerClient {
    /// Prepares a client (reads TLS files); does not connect yet.
    pub fn new(endpoint: Endpoint, concurrency: usize) -> Result<Self, CollectError> {
        let tls = match &endpoint.tls {
            Some(files) => Some(Arc::new(tls_config(files)?)),
            None => None,
        };
        Ok(DockerClient {
            endpoint,
            tls,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(concurrency.max(1)),
            prefix: Mutex::new(String::new()),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(60),
            ssh_error: Arc::new(Mutex::new(String::new())),
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    fn unreachable(&self, cause: impl std::fmt::Display) -> CollectError {
        let mut cause = cause.to_string();
        if let Ok(ssh) = self.ssh_error.lock() {
            if !ssh.is_empty() {
                cause = format!("ssh: {ssh} ({cause})");
            }
        }
        CollectError::Unreachable {
            host: self.endpoint.host.clone(),
            cause,
        }
    }

    async fn connect(&self) -> Result<SendRequest<Empty<Bytes>>, CollectError> {
        let io = tokio::time::timeout(self.connect_timeout, self.open())
            .await
            .map_err(|_| {
                self.unreachable(format!("no answer within {:?}", self.connect_timeout))
            })??;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
            .await
            .map_err(|e| self.unreachable(e))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(sender)
    }

    async fn open(&self) -> Result<BoxIo, CollectError> {
        let host = &self.endpoint.host;
        if let Some(path) = host.strip_prefix("unix://") {
            let s = tokio::net::UnixStream::connect(path)
                .await
                .map_err(|e| self.unreachable(io_cause(&e)))?;
            return Ok(Box::pin(s));
        }
        if let Some(addr) = host.strip_prefix("tcp://") {
            let addr = addr.split('/').next().unwrap_or(addr);
            let s = tokio::net::TcpStream::connect(addr)
                .await
                .map_err(|e| self.unreachable(io_cause(&e)))?;
            let _ = s.set_nodelay(true);
            return match &self.tls {
                None => Ok(Box::pin(s)),
                Some(cfg) => {
                    let name = server_name(addr).map_err(|e| self.unreachable(e))?;
                    let tls = tokio_rustls::TlsConnector::from(cfg.clone())
                        .connect(name, s)
                        .await
                        .map_err(|e| self.unreachable(format!("TLS handshake failed: {e}")))?;
                    Ok(Box::pin(tls))
                }
            };
        }
        if host.starts_with("ssh://") {
            return crate::ssh::dial_stdio(host, self.ssh_error.clone())
                .await
                .map(|s| Box::pin(s) as BoxIo)
                .map_err(|e| self.unreachable(e));
        }
        Err(self.unreachable("unsupported scheme"))
    }

    async fn sender(&self) -> Result<SendRequest<Empty<Bytes>>, CollectError> {
        loop {
            let candidate = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
            match candidate {
                Some(mut s) => {
                    if s.ready().await.is_ok() {
                        return Ok(s);
                    }
                }
                None => return self.connect().await,
            }
        }
    }

    fn request(&self, path: &str) -> Result<Request<Empty<Bytes>>, CollectError> {
        let prefix = self.prefix.lock().map(|p| p.clone()).unwrap_or_default();
        Request::get(format!("{prefix}{path}"))
            .header(hyper::header::HOST, "docker")
            .header(
                hyper::header::USER_AGENT,
                concat!("docker-harden/", env!("CARGO_PKG_VERSION")),
            )
            .body(Empty::new())
            .map_err(|e| CollectError::Api {
                path: path.to_string(),
                status: 0,
                message: e.to_string(),
            })
    }

    /// `GET path` (a versioned path once negotiated), the whole body.
    pub async fn get(&self, path: &str) -> Result<(StatusCode, Bytes), CollectError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| self.unreachable(e))?;
        let fut = async {
            let mut sender = self.sender().await?;
            let resp = sender
                .send_request(self.request(path)?)
                .await
                .map_err(|e| self.unreachable(e))?;
            let status = resp.status();
            let body = resp
                .into_body()
                .collect()
                .await
                .map_err(|e| self.unreachable(e))?
                .to_bytes();
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(sender);
            }
            Ok::<_, CollectError>((status, body))
        };
        tokio::time::timeout(self.request_timeout, fut)
            .await
            .map_err(|_| {
                self.unreachable(format!(
                    "GET {path}: no answer within {:?}",
                    self.request_timeout
                ))
            })?
    }

    /// `GET path` and decode JSON; a non-2xx answer is an error with the daemon's message.
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<T, CollectError> {
        let (status, body) = self.get(path).await?;
        if !status.is_success() {
            return Err(api_error(path, status, &body));
        }
        serde_json::from_slice(&body).map_err(|e| CollectError::Api {
            path: path.to_string(),
            status: status.as_u16(),
            message: format!("unexpected answer: {e}"),
        })
    }

    /// `GET path` as a stream of body chunks (image export, event streams): never buffered whole.
    pub async fn get_stream(&self, path: &str) -> Result<hyper::body::Incoming, CollectError> {
        let mut sender = self.connect().await?;
        let resp = sender
            .send_request(self.request(path)?)
            .await
            .map_err(|e| self.unreachable(e))?;
        let status = resp.status();
        if !status.is_success() {
            let body = resp
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            return Err(api_error(path, status, &body));
        }
        Ok(resp.into_body())
    }

    /// Pings the daemon and fixes the API version for later requests: the daemon's own
    /// version, capped at [`MAX_API`]. Fails when the daemon is older than [`MIN_API`].
    pub async fn negotiate(&self) -> Result<String, CollectError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| self.unreachable(e))?;
        let fut = async {
            let mut sender = self.connect().await?;
            let resp = sender
                .send_request(self.request("/_ping")?)
                .await
                .map_err(|e| self.unreachable(e))?;
            let status = resp.status();
            let header = resp
                .headers()
                .get("api-version")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = resp
                .into_body()
                .collect()
                .await
                .map_err(|e| self.unreachable(e))?
                .to_bytes();
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(sender);
            }
            Ok::<_, CollectError>((status, header, body))
        };
        let (status, header, body) =
            tokio::time::timeout(self.connect_timeout * 2, fut)
                .await
                .map_err(|_| self.unreachable("the daemon did not answer /_ping"))??;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            let hint = if text.contains("HTTP request to an HTTPS server") {
                " (the daemon wants TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)"
            } else {
                ""
            };
            return Err(self.unreachable(format!("/_ping answered {status}{hint}")));
        }
        let version = header.unwrap_or_else(|| "1.24".to_string());
        let parsed = parse_api(&version)
            .ok_or_else(|| self.unreachable(format!("bad API-Version {version:?}")))?;
        if parsed < MIN_API {
            return Err(self.unreachable(format!(
                "API version {version} is older than the minimum {}.{}",
                MIN_API.0, MIN_API.1
            )));
        }
        let use_v = parsed.min(MAX_API);
        let v = format!("{}.{}", use_v.0, use_v.1);
        if let Ok(mut p) = self.prefix.lock() {
            *p = format!("/v{v}");
        }
        Ok(v)
    }
}

pub fn parse_api(v: &str) -> Option<(u32, u32)> {
    let (a, b) = v.trim().split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn api_error(path: &str, status: StatusCode, body: &[u8]) -> CollectError {
    let message = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| {
            String::from_utf8_lossy(body)
                .trim()
                .chars()
                .take(200)
                .collect()
        });
    CollectError::Api {
        path: path.to_string(),
        status: status.as_u16(),
        message,
    }
}

fn io_cause(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such socket".into(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied (are you in the docker group, or root?)".into()
        }
        std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
        _ => e.to_string(),
    }
}

fn server_name(addr: &str) -> Result<rustls_pki_types::ServerName<'static>, String> {
    let host = if let Some(rest) = addr.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        addr.rsplit_once(':').map(|(h, _)| h).unwrap_or(addr)
    };
    rustls_pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| format!("invalid TLS server name {host:?}: {e}"))
}

/// Builds the rustls client configuration from Docker-style TLS files.
pub fn tls_config(files: &TlsFiles) -> Result<rustls::ClientConfig, CollectError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let cfg_err = |p: &std::path::Path, e: &dyn std::fmt::Display| {
        CollectError::Config(format!("{}: {e}", p.display()))
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| CollectError::Config(e.to_string()))?;
    let builder = if files.verify {
        let ca = files
            .ca
            .as_ref()
            .ok_or_else(|| CollectError::Config("TLS verification needs a CA (ca.pem)".into()))?;
        let mut roots = rustls::RootCertStore::empty();
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(ca)
            .map_err(|e| cfg_err(ca, &e))?
            .collect::<Result<_, _>>()
            .map_err(|e| cfg_err(ca, &e))?;
        if certs.is_empty() {
            return Err(cfg_err(ca, &"no certificate in file"));
        }
        for c in certs {
            roots.add(c).map_err(|e| cfg_err(ca, &e))?;
        }
        builder.with_root_certificates(roots)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerify(provider)))
    };
    match (&files.cert, &files.key) {
        (Some(cert), Some(key)) if cert.exists() && key.exists() => {
            let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
                .map_err(|e| cfg_err(cert, &e))?
                .collect::<Result<_, _>>()
                .map_err(|e| cfg_err(cert, &e))?;
            let k = PrivateKeyDer::from_pem_file(key).map_err(|e| cfg_err(key, &e))?;
            builder
                .with_client_auth_cert(chain, k)
                .map_err(|e| cfg_err(cert, &e))
        }
        _ => Ok(builder.with_no_client_auth()),
    }
}

/// Accepts any server certificate: only for contexts with `SkipTLSVerify: true`.
#[derive(Debug)]
struct NoVerify(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _: &rustls_pki_types::CertificateDer<'_>,
        _: &[rustls_pki_types::CertificateDer<'_>],
        _: &rustls_pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls_pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &rustls_pki_types::CertificateDer<'_>,
        d: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &rustls_pki_types::CertificateDer<'_>,
        d: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_versions() {
        assert_eq!(parse_api("1.41"), Some((1, 41)));
        assert_eq!(parse_api(" 1.51 "), Some((1, 51)));
        assert_eq!(parse_api("1"), None);
        assert_eq!(parse_api("x.y"), None);
        // A newer daemon is asked at our newest version; an older one at its own.
        assert_eq!((1, 53).min(MAX_API), MAX_API);
        assert_eq!((1, 41).min(MAX_API), (1, 41));
        assert!((1, 23) < MIN_API);
    }

    #[test]
    fn tls_server_names() {
        assert!(server_name("127.0.0.1:2376").is_ok());
        assert!(server_name("[::1]:2376").is_ok());
        assert!(server_name("docker.example.com:2376").is_ok());
    }

    #[test]
    fn missing_tls_files_name_the_file() {
        let files = TlsFiles {
            ca: Some("/nonexistent/ca.pem".into()),
            cert: None,
            key: None,
            verify: true,
        };
        let err = tls_config(&files).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
    }
}
