//! Finding the files `docker-harden lint` reads: Dockerfiles and compose files, in
//! directories walked recursively with `.gitignore` (and `.ignore`) honoured.

use std::path::{Path, PathBuf};

/// What a file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Dockerfile,
    Compose,
}

/// `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile` → Dockerfile;
/// `compose.yaml`, `compose.override.yml`, `docker-compose.yml`, `docker-compose.dev.yaml`
/// → compose; anything else → `None`.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") || lower.ends_with(".containerignore") {
        return None;
    }
    for stem in ["dockerfile", "containerfile"] {
        if lower == stem
            || lower.starts_with(&format!("{stem}."))
            || lower.ends_with(&format!(".{stem}"))
        {
            return Some(FileKind::Dockerfile);
        }
    }
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if yaml && (lower.starts_with("docker-compose") || lower.starts_with("compose.")) {
        return Some(FileKind::Compose);
    }
    None
}

/// Every Dockerfile and compose file under `root`, sorted, and the errors met on the way
/// (unreadable directories) as `path: cause`.
pub fn discover(root: &Path) -> (Vec<(PathBuf, FileKind)>, Vec<String>) {
    let mut files = vec![];
    let mut errors = vec![];
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    if let Some(k) = kind_of(e.path()) {
                        let p = e
                            .path()
                            .strip_prefix("./")
                            .unwrap_or(e.path())
                            .to_path_buf();
                        files.push((p, k));
                    }
                }
            }
            Err(err) => errors.push(err.to_string()),
        }
    }
    files.sort();
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let k = |s: &str| kind_of(Path::new(s));
        for d in [
            "Dockerfile",
            "dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "Containerfile",
            "x/Containerfile.dev",
        ] {
            assert_eq!(k(d), Some(FileKind::Dockerfile), "{d}");
        }
        for c in [
            "compose.yaml",
            "compose.yml",
            "docker-compose.yml",
            "docker-compose.prod.yaml",
            "compose.override.yml",
        ] {
            assert_eq!(k(c), Some(FileKind::Compose), "{c}");
        }
        for n in [
            "Dockerfile.dockerignore",
            "README.md",
            "composer.yaml",
            "values.yaml",
            "Makefile",
        ] {
            assert_eq!(k(n), None, "{n}");
        }
    }
}
