//! Which daemon to talk to, resolved the way the Docker CLI does it:
//! `--host` / `--context` flags, then `DOCKER_HOST`, `DOCKER_CONTEXT`, the `currentContext` of
//! `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`), then the default socket.
//! TLS from `DOCKER_TLS_VERIFY` + `DOCKER_CERT_PATH`, or from the context's TLS store.

use crate::CollectError;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";

/// Client TLS material, as files (like `DOCKER_CERT_PATH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Verify the server's certificate (`DOCKER_TLS_VERIFY`; a context's `SkipTLSVerify: false`).
    pub verify: bool,
}

/// A resolved daemon endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `unix:///path`, `tcp://host:port`, `ssh://user@host[:port]`.
    pub host: String,
    pub tls: Option<TlsFiles>,
    /// How it was chosen, for error messages: `--host`, `DOCKER_HOST`, `context "x"`, `default`.
    pub origin: String,
}

/// What the environment says; separated from `std::env` for tests.
#[derive(Debug, Clone, Default)]
pub struct EnvView {
    pub docker_host: Option<String>,
    pub docker_context: Option<String>,
    pub docker_tls_verify: Option<String>,
    pub docker_cert_path: Option<String>,
    pub docker_config: Option<String>,
    pub home: Option<String>,
}

impl EnvView {
    pub fn from_process() -> Self {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        EnvView {
            docker_host: get("DOCKER_HOST"),
            docker_context: get("DOCKER_CONTEXT"),
            docker_tls_verify: get("DOCKER_TLS_VERIFY"),
            docker_cert_path: get("DOCKER_CERT_PATH"),
            docker_config: get("DOCKER_CONFIG"),
            home: get("HOME"),
        }
    }

    /// `$DOCKER_CONFIG` or `~/.docker`.
    pub fn config_dir(&self) -> PathBuf {
        match (&self.docker_config, &self.home) {
            (Some(d), _) => PathBuf::from(d),
            (None, Some(h)) => Path::new(h).join(".docker"),
            (None, None) => PathBuf::from("/root/.docker"),
        }
    }
}

impl Endpoint {
    /// Resolves the endpoint from flags and environment, as the Docker CLI does.
    pub fn resolve(
        flag_host: Option<&str>,
        flag_context: Option<&str>,
        env: &EnvView,
    ) -> Result<Endpoint, CollectError> {
        if flag_host.is_some() && flag_context.is_some() {
            return Err(CollectError::Config(
                "conflicting options: either specify --host or --context, not both".into(),
            ));
        }
        if let Some(ctx) = flag_context {
            return Self::from_context(ctx, env, "--context");
        }
        if let Some(h) = flag_host {
            return Self::from_host(h, env, "--host");
        }
        if let Some(h) = &env.docker_host {
            return Self::from_host(h, env, "DOCKER_HOST");
        }
        if let Some(ctx) = &env.docker_context {
            return Self::from_context(ctx, env, "DOCKER_CONTEXT");
        }
        if let Some(ctx) = current_context(env)? {
            return Self::from_context(&ctx, env, "currentContext in config.json");
        }
        Ok(Endpoint {
            host: DEFAULT_HOST.into(),
            tls: None,
            origin: "default".into(),
        })
    }

    fn from_host(host: &str, env: &EnvView, origin: &str) -> Result<Endpoint, CollectError> {
        let host = normalize_host(host, env.docker_tls_verify.is_some())?;
        let tls = if host.starts_with("tcp://") && env.docker_tls_verify.is_some() {
            let dir = env
                .docker_cert_path
                .as_ref()
                .map(PathBuf::from)
                .unwrap_or_else(|| env.config_dir());
            Some(TlsFiles {
                ca: Some(dir.join("ca.pem")),
                cert: Some(dir.join("cert.pem")),
                key: Some(dir.join("key.pem")),
                verify: true,
            })
        } else {
            None
        };
        Ok(Endpoint {
            host,
            tls,
            origin: origin.into(),
        })
    }

    fn from_context(name: &str, env: &EnvView, origin: &str) -> Result<Endpoint, CollectError> {
        if name == "default" {
            let h = env
                .docker_host
                .clone()
                .unwrap_or_else(|| DEFAULT_HOST.into());
            return Self::from_host(&h, env, "default context");
        }
        let dir = env.config_dir().join("contexts");
        let id = context_dir_id(name);
        let meta_path = dir.join("meta").join(&id).join("meta.json");
        let text = std::fs::read_to_string(&meta_path).map_err(|e| {
            CollectError::Config(format!(
                "context {name:?} (from {origin}) not found: {}: {e}",
                meta_path.display()
            ))
        })?;
        let meta: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| CollectError::Config(format!("{}: {e}", meta_path.display())))?;
        let ep = &meta["Endpoints"]["docker"];
        let host = ep["Host"].as_str().ok_or_else(|| {
            CollectError::Config(format!(
                "{}: context {name:?} has no Endpoints.docker.Host",
                meta_path.display()
            ))
        })?;
        let skip_verify = ep["SkipTLSVerify"].as_bool().unwrap_or(false);
        let tls_dir = dir.join("tls").join(&id).join("docker");
        let file = |n: &str| {
            let p = tls_dir.join(n);
            p.exists().then_some(p)
        };
        let (ca, cert, key) = (file("ca.pem"), file("cert.pem"), file("key.pem"));
        let host = normalize_host(host, ca.is_some() || cert.is_some())?;
        let tls = if host.starts_with("tcp://") && (ca.is_some() || cert.is_some() || key.is_some())
        {
            Some(TlsFiles {
                ca,
                cert,
                key,
                verify: !skip_verify,
            })
        } else {
            None
        };
        Ok(Endpoint {
            host,
            tls,
            origin: format!("context {name:?}"),
        })
    }
}

/// The Docker CLI stores a context under the hex SHA-256 of its name.
pub fn context_dir_id(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn current_context(env: &EnvView) -> Result<Option<String>, CollectError> {
    let path = env.config_dir().join("config.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) => return Ok(None),
    };
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| CollectError::Config(format!("{}: {e}", path.display())))?;
    Ok(v["currentContext"]
        .as_str()
        .filter(|s| !s.is_empty() && *s != "default")
        .map(str::to_string))
}

/// Validates and completes a host URL: `tcp://h` gets its default port (2376 with TLS,
/// else 2375); a bare path means `unix://`; `http://` is accepted as `tcp://`.
pub fn normalize_host(host: &str, tls: bool) -> Result<String, CollectError> {
    let host = host.trim();
    let bad = |why: &str| CollectError::Config(format!("invalid host {host:?}: {why}"));
    if host.starts_with('/') {
        return Ok(format!("unix://{host}"));
    }
    let (scheme, rest) = host
        .split_once("://")
        .ok_or_else(|| bad("expected unix://, tcp:// or ssh://"))?;
    match scheme {
        "unix" => {
            if rest.is_empty() {
                return Err(bad("empty socket path"));
            }
            Ok(format!("unix://{rest}"))
        }
        "tcp" | "http" | "https" => {
            let authority = rest.split('/').next().unwrap_or("");
            if authority.is_empty() {
                return Err(bad("no address"));
            }
            let has_port = if let Some(stripped) = authority.strip_prefix('[') {
                stripped.contains("]:")
            } else {
                authority.contains(':')
            };
            let port = if tls || scheme == "https" { 2376 } else { 2375 };
            Ok(if has_port {
                format!("tcp://{authority}")
            } else {
                format!("tcp://{authority}:{port}")
            })
        }
        "ssh" => {
            if rest.is_empty() {
                return Err(bad("no ssh destination"));
            }
            Ok(host.to_string())
        }
        "npipe" | "fd" => Err(bad(&format!(
            "{scheme}:// is not supported by docker-harden"
        ))),
        _ => Err(bad("expected unix://, tcp:// or ssh://")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> EnvView {
        EnvView {
            home: Some("/nonexistent".into()),
            ..Default::default()
        }
    }

    #[test]
    fn precedence() {
        let mut e = env();
        assert_eq!(
            Endpoint::resolve(None, None, &e).unwrap().host,
            DEFAULT_HOST
        );
        e.docker_host = Some("tcp://10.0.0.1".into());
        let ep = Endpoint::resolve(None, None, &e).unwrap();
        assert_eq!(ep.host, "tcp://10.0.0.1:2375");
        assert_eq!(ep.origin, "DOCKER_HOST");
        let ep = Endpoint::resolve(Some("unix:///x.sock"), None, &e).unwrap();
        assert_eq!(ep.host, "unix:///x.sock");
        assert!(Endpoint::resolve(Some("unix:///x"), Some("c"), &e).is_err());
    }

    #[test]
    fn tls_env() {
        let mut e = env();
        e.docker_host = Some("tcp://127.0.0.1".into());
        e.docker_tls_verify = Some("1".into());
        e.docker_cert_path = Some("/certs".into());
        let ep = Endpoint::resolve(None, None, &e).unwrap();
        assert_eq!(ep.host, "tcp://127.0.0.1:2376");
        let tls = ep.tls.unwrap();
        assert_eq!(tls.ca.unwrap(), PathBuf::from("/certs/ca.pem"));
        assert!(tls.verify);
    }

    #[test]
    fn context_store() {
        let dir = tempfile::tempdir().unwrap();
        let id = context_dir_id("prod");
        let meta = dir.path().join("contexts/meta").join(&id);
        std::fs::create_dir_all(&meta).unwrap();
        std::fs::write(
            meta.join("meta.json"),
            r#"{"Name":"prod","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376","SkipTLSVerify":false}}}"#,
        )
        .unwrap();
        let tls = dir.path().join("contexts/tls").join(&id).join("docker");
        std::fs::create_dir_all(&tls).unwrap();
        for f in ["ca.pem", "cert.pem", "key.pem"] {
            std::fs::write(tls.join(f), "x").unwrap();
        }
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"currentContext":"prod"}"#,
        )
        .unwrap();
        let e = EnvView {
            docker_config: Some(dir.path().to_string_lossy().into()),
            ..Default::default()
        };
        let ep = Endpoint::resolve(None, None, &e).unwrap();
        assert_eq!(ep.host, "tcp://127.0.0.1:2376");
        assert!(ep.tls.as_ref().unwrap().verify);
        assert_eq!(ep.tls.unwrap().key.unwrap(), tls.join("key.pem"));
        let err = Endpoint::resolve(None, Some("nope"), &e).unwrap_err();
        assert!(err.to_string().contains("context \"nope\""));
    }

    #[test]
    fn context_id_is_sha256() {
        assert_eq!(
            context_dir_id("default"),
            "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
        );
    }

    #[test]
    fn hosts() {
        assert!(normalize_host("foo", false).is_err());
        assert!(normalize_host("tcp://", false).is_err());
        assert_eq!(
            normalize_host("/run/docker.sock", false).unwrap(),
            "unix:///run/docker.sock"
        );
        assert_eq!(
            normalize_host("tcp://[::1]", true).unwrap(),
            "tcp://[::1]:2376"
        );
        assert_eq!(
            normalize_host("tcp://[::1]:1", true).unwrap(),
            "tcp://[::1]:1"
        );
    }
}
