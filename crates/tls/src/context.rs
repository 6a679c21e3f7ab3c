//! `tls context`: a Docker CLI context, stored exactly as `docker context create` stores it:
//!
//! ```text
//! $DOCKER_CONFIG/contexts/meta/<sha256(name)>/meta.json            (0644, dirs 0755)
//! $DOCKER_CONFIG/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem  (0600, dirs 0700)
//! ```
//!
//! `meta.json` is `{"Name":…,"Metadata":{…},"Endpoints":{"docker":{"Host":…,"SkipTLSVerify":false}}}`.

use crate::error::{Error, Result};
use crate::files;
use sha2::{Digest, Sha256};
use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The Docker CLI's configuration directory: `$DOCKER_CONFIG`, else `~/.docker`.
pub fn docker_config_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    match std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        Some(h) => Ok(PathBuf::from(h).join(".docker")),
        None => Err(Error::Invalid(
            "neither DOCKER_CONFIG nor HOME is set".into(),
        )),
    }
}

/// The directory id of a context: hex SHA-256 of its name.
pub fn context_id(name: &str) -> String {
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a context name as the Docker CLI does (`^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$`, not `default`).
pub fn validate_name(name: &str) -> Result<()> {
    let b = name.as_bytes();
    let ok = b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-'));
    if !ok {
        return Err(Error::Invalid(format!(
            "context name {name:?}: expected a letter or digit, then letters, digits, '_', '.', '+' or '-' (two characters at least)"
        )));
    }
    if name == "default" {
        return Err(Error::Invalid(
            "context name \"default\" is reserved".into(),
        ));
    }
    Ok(())
}

/// The TLS material of a context's docker endpoint.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub ca: Vec<u8>,
    pub cert: Vec<u8>,
    pub key: Vec<u8>,
}

/// A context to create.
#[derive(Debug, Clone)]
pub struct ContextSpec {
    pub name: String,
    pub description: Option<String>,
    /// `tcp://…` or `ssh://…`.
    pub host: String,
    pub tls: Option<TlsFiles>,
}

/// The `meta.json` text.
pub fn meta_json(spec: &ContextSpec) -> String {
    let metadata = match &spec.description {
        Some(d) => serde_json::json!({ "Description": d }),
        None => serde_json::json!({}),
    };
    serde_json::json!({
        "Name": spec.name,
        "Metadata": metadata,
        "Endpoints": { "docker": { "Host": spec.host, "SkipTLSVerify": false } },
    })
    .to_string()
}

fn mkdir(dir: &Path, mode: u32) -> Result<()> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(mode)
            .create(dir)
            .map_err(|e| Error::io(dir, e))?;
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(mode)).map_err(|e| Error::io(dir, e))
}

/// Creates the context under `config_dir`; refuses an existing one unless `force`.
pub fn create(config_dir: &Path, spec: &ContextSpec, force: bool) -> Result<Vec<PathBuf>> {
    validate_name(&spec.name)?;
    let id = context_id(&spec.name);
    let contexts = config_dir.join("contexts");
    let meta_dir = contexts.join("meta").join(&id);
    let tls_dir = contexts.join("tls").join(&id);
    let meta_path = meta_dir.join("meta.json");
    if meta_path.exists() && !force {
        return Err(Error::Invalid(format!(
            "context {:?} already exists ({}); use --force to replace it",
            spec.name,
            meta_path.display()
        )));
    }
    if !config_dir.exists() {
        mkdir(config_dir, 0o700)?;
    }
    let mut written = Vec::new();
    // Stale TLS files of a replaced context must not survive.
    if tls_dir.exists() {
        fs::remove_dir_all(&tls_dir).map_err(|e| Error::io(&tls_dir, e))?;
    }
    if let Some(tls) = &spec.tls {
        mkdir(&contexts.join("tls"), 0o700)?;
        mkdir(&tls_dir, 0o700)?;
        let docker = tls_dir.join("docker");
        mkdir(&docker, 0o700)?;
        for (name, data) in [
            ("ca.pem", &tls.ca),
            ("cert.pem", &tls.cert),
            ("key.pem", &tls.key),
        ] {
            let p = docker.join(name);
            files::write_atomic(&p, data, 0o600)?;
            written.push(p);
        }
    }
    mkdir(&contexts.join("meta"), 0o755)?;
    mkdir(&meta_dir, 0o755)?;
    files::write_atomic(&meta_path, meta_json(spec).as_bytes(), 0o644)?;
    written.push(meta_path);
    Ok(written)
}

/// A stored context, as [`load`] reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContext {
    pub name: String,
    /// `Endpoints.docker.Host`.
    pub host: String,
    pub skip_tls_verify: bool,
    /// `contexts/tls/<id>/docker` when it holds TLS files.
    pub tls_dir: Option<PathBuf>,
}

/// Reads context `name` from `config_dir` (as written by `docker context create` or
/// [`create`]).
pub fn load(config_dir: &Path, name: &str) -> Result<StoredContext> {
    let id = context_id(name);
    let meta_path = config_dir.join("contexts/meta").join(&id).join("meta.json");
    let text = fs::read_to_string(&meta_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::file(&meta_path, format!("context {name:?} not found"))
        } else {
            Error::io(&meta_path, e)
        }
    })?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::file(&meta_path, e.to_string()))?;
    let docker = &v["Endpoints"]["docker"];
    let host = docker["Host"]
        .as_str()
        .ok_or_else(|| Error::file(&meta_path, "no Endpoints.docker.Host"))?
        .to_string();
    let tls_dir = config_dir.join("contexts/tls").join(&id).join("docker");
    Ok(StoredContext {
        name: name.to_string(),
        host,
        skip_tls_verify: docker["SkipTLSVerify"].as_bool().unwrap_or(false),
        tls_dir: tls_dir.join("ca.pem").exists().then_some(tls_dir),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_docker_context_create() {
        // As written by `docker context create myctx --description d --docker host=…,ca=…`.
        let spec = ContextSpec {
            name: "myctx".into(),
            description: Some("d".into()),
            host: "tcp://127.0.0.1:2376".into(),
            tls: Some(TlsFiles {
                ca: b"a".to_vec(),
                cert: b"c".to_vec(),
                key: b"k".to_vec(),
            }),
        };
        assert_eq!(
            meta_json(&spec),
            r#"{"Name":"myctx","Metadata":{"Description":"d"},"Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376","SkipTLSVerify":false}}}"#
        );
        assert_eq!(
            context_id("myctx"),
            "b7dd5ada797513b6d710c626fc86ceafdc1747c4c4375a2213c763d9060c1720"
        );
        let d = tempfile::tempdir().unwrap();
        let w = create(d.path(), &spec, false).unwrap();
        assert_eq!(w.len(), 4);
        let key = d
            .path()
            .join("contexts/tls")
            .join(context_id("myctx"))
            .join("docker/key.pem");
        assert_eq!(files::mode_of(&key), Some(0o600));
        let back = load(d.path(), "myctx").unwrap();
        assert_eq!(back.host, "tcp://127.0.0.1:2376");
        assert!(back.tls_dir.unwrap().join("key.pem").exists());
        assert!(create(d.path(), &spec, false)
            .unwrap_err()
            .to_string()
            .contains("already exists"));
        let ssh = ContextSpec {
            tls: None,
            host: "ssh://u@h".into(),
            description: None,
            ..spec
        };
        create(d.path(), &ssh, true).unwrap();
        assert!(!key.exists());
        assert!(validate_name("default").is_err() && validate_name("-x").is_err());
    }
}
