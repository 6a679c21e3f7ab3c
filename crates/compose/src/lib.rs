//! Compose files: a parser for the Compose Specification that keeps every key's file, line
//! and column, and the security rules (ids `K…`) that judge each service.
//!
//! ```no_run
//! let path = std::path::Path::new("compose.yaml");
//! let text = std::fs::read_to_string(path).unwrap();
//! for (meta, outcome) in dh_compose::lint_compose_file(path, &text).unwrap() {
//!     println!("{} {:?}", meta.id, outcome);
//! }
//! ```

pub mod ignore;
pub mod interpolate;
pub mod model;
pub mod rules;
pub mod yaml;

use dh_model::{Outcome, RuleMeta};
use std::collections::HashMap;
use std::path::Path;

pub use model::{ComposeFile, Service};

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// What went wrong with a compose file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not valid YAML, or over the limits for hostile input.
    Yaml,
    /// Valid YAML that is not a valid compose file (`services.web.ports[0]: expected …`).
    Schema,
    /// A malformed `${…}`.
    Interpolation,
    /// `extends` names a missing service or file, or loops.
    Extends,
    /// A malformed `# docker-harden ignore…` comment.
    Ignore,
}

/// A compose file that cannot be linted: `compose.yaml:14:7: services.web.ports[0]: …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ComposeError {
    pub kind: ErrorKind,
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// 1-based.
    pub column: u32,
    pub message: String,
}

impl ComposeError {
    pub fn new(kind: ErrorKind, path: &str, line: u32, column: u32, message: String) -> Self {
        ComposeError {
            kind,
            path: path.to_string(),
            line: line.max(1),
            column: column.max(1),
            message,
        }
    }
}

/// The documentation (markdown, from the rule's doc comment) of a compose rule.
pub fn doc(id: &str) -> Option<&'static str> {
    docs::doc(id)
}

/// `(meta, doc)` for every compose rule, for `docker-harden rules`.
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    rules::RULES
        .iter()
        .map(|r| (r.meta, doc(r.meta.id).unwrap_or("")))
        .collect()
}

/// Is this file name one of the compose file names `lint` looks for in a directory?
/// `compose.yaml`, `compose.yml`, `docker-compose.yml`, `docker-compose.override.yaml`,
/// `docker-compose.prod.yml`, `compose.override.yml`, …
pub fn is_compose_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    stem == "compose"
        || stem == "docker-compose"
        || stem.starts_with("compose.")
        || stem.starts_with("docker-compose.")
        || stem.starts_with("docker-compose-")
}

/// Reads a file that a compose file points at (`extends: file:`, `.env`): only a regular
/// file, at most [`yaml::MAX_INPUT_BYTES`] (a hostile file could name `/dev/zero` or a FIFO).
pub fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    // Checked before opening: opening a FIFO would block.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let f = std::fs::File::open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut buf = Vec::new();
    f.take(yaml::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut buf)?;
    if buf.len() > yaml::MAX_INPUT_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} bytes",
            yaml::MAX_INPUT_BYTES
        )));
    }
    String::from_utf8(buf).map_err(|_| std::io::Error::other("not UTF-8 text"))
}

/// Reads the `.env` file beside a compose file (missing: empty).
fn dotenv_beside(path: &Path) -> HashMap<String, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match read_bounded(&dir.join(".env")) {
        Ok(t) => interpolate::parse_dotenv(&t),
        Err(_) => HashMap::new(),
    }
}

/// Parses a compose file (variables from the process environment and the `.env` beside it).
pub fn parse_compose_file(path: &Path, text: &str) -> Result<ComposeFile, ComposeError> {
    let env = interpolate::Env::from_process_and_dotenv(dotenv_beside(path));
    model::Loader::new(env).compose_file(path, text)
}

/// Lints one compose file: for every service and every rule (services in file order, rules
/// in id order), the outcome. Every failure has its `location` set (this file, or the file
/// an `extends: file:` came from) and a message naming the service. Findings silenced by an
/// inline or file-level ignore come back as `Outcome::Skip("ignored at path:line: reason")`;
/// `Outcome::NotApplicable` (e.g. K022 for a service without `image`) is not to be reported.
/// A file without services gives an empty list.
pub fn lint_compose_file(
    path: &Path,
    text: &str,
) -> Result<Vec<(&'static RuleMeta, Outcome)>, ComposeError> {
    let env = interpolate::Env::from_process_and_dotenv(dotenv_beside(path));
    lint_with_env(path, text, env)
}

/// [`lint_compose_file`] with the variables given (no process environment, no `.env`).
pub fn lint_with_env(
    path: &Path,
    text: &str,
    env: interpolate::Env,
) -> Result<Vec<(&'static RuleMeta, Outcome)>, ComposeError> {
    let shown = path.display().to_string();
    let file = model::Loader::new(env).compose_file(path, text)?;
    let main_ignores = ignore::Ignores::parse(&shown, text)?;
    let mut other_ignores: HashMap<String, ignore::Ignores> = HashMap::new();
    let mut out = Vec::new();
    for svc in &file.services {
        for rule in rules::RULES {
            let outcome = (rule.check)(svc);
            let Outcome::Fail(failures) = outcome else {
                out.push((rule.meta, outcome));
                continue;
            };
            let mut kept = Vec::new();
            let mut silenced = Vec::new();
            for f in failures {
                let Some(loc) = &f.location else {
                    kept.push(f);
                    continue;
                };
                let ig = if loc.path == shown {
                    &main_ignores
                } else {
                    other_ignores.entry(loc.path.clone()).or_insert_with(|| {
                        read_bounded(Path::new(&loc.path))
                            .ok()
                            .and_then(|t| ignore::Ignores::parse(&loc.path, &t).ok())
                            .unwrap_or_default()
                    })
                };
                match ig.matching(rule.meta.id, loc.line) {
                    Some(d) => {
                        silenced.push(format!("ignored at {}:{}: {}", loc.path, d.line, d.reason))
                    }
                    None => kept.push(f),
                }
            }
            let outcome = if kept.is_empty() {
                Outcome::Skip(silenced.join("; "))
            } else {
                Outcome::Fail(kept)
            };
            out.push((rule.meta, outcome));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn compose_file_names() {
        for yes in [
            "compose.yaml",
            "compose.yml",
            "docker-compose.yml",
            "docker-compose.yaml",
            "docker-compose.override.yml",
            "compose.prod.yaml",
            "docker-compose-dev.yml",
            "Docker-Compose.YML",
        ] {
            assert!(super::is_compose_file_name(yes), "{yes}");
        }
        for no in [
            "compose.json",
            "values.yaml",
            "composer.yaml",
            "docker-compose.yml.bak",
            "k8s.yml",
        ] {
            assert!(!super::is_compose_file_name(no), "{no}");
        }
    }

    #[test]
    fn error_display() {
        let e = super::ComposeError::new(
            super::ErrorKind::Schema,
            "compose.yaml",
            14,
            7,
            "services.web.ports[0]: expected …".into(),
        );
        assert_eq!(
            e.to_string(),
            "compose.yaml:14:7: services.web.ports[0]: expected …"
        );
        assert_eq!((e.line, e.column), (14, 7));
    }
}
