//! `dockerd --validate --config-file FILE` (dockerd 23.0 and later): the daemon's own
//! check of a configuration, run on the new text before anything is written.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validation {
    /// dockerd accepted it.
    Accepted { dockerd: PathBuf },
    /// dockerd rejected it, with its message.
    Rejected { dockerd: PathBuf, output: String },
    /// This dockerd has no `--validate` (before 23.0): nothing was checked.
    Unsupported { dockerd: PathBuf, version: String },
    /// No dockerd to ask.
    NoDockerd { why: String },
}

/// Finds `dockerd` on `PATH`.
pub fn find_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("dockerd"))
        .find(|p| p.is_file())
}

/// Asks `dockerd` about `config` (the text of a daemon.json).
pub fn validate(dockerd: &Path, config: &str) -> Validation {
    let help = match Command::new(dockerd).arg("--help").output() {
        Ok(o) => format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            return Validation::NoDockerd {
                why: format!("{}: {e}", dockerd.display()),
            }
        }
    };
    if !help.contains("--validate") {
        let version = Command::new(dockerd)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        return Validation::Unsupported {
            dockerd: dockerd.to_path_buf(),
            version,
        };
    }
    let tmp = std::env::temp_dir().join(format!(
        "docker-harden-validate-{}-{}.json",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    if let Err(e) = write_private(&tmp, config) {
        return Validation::NoDockerd {
            why: format!("{}: {e}", tmp.display()),
        };
    }
    let out = Command::new(dockerd)
        .args(["--validate", "--config-file"])
        .arg(&tmp)
        .output();
    let _ = std::fs::remove_file(&tmp);
    match out {
        Ok(o) if o.status.success() => Validation::Accepted {
            dockerd: dockerd.to_path_buf(),
        },
        Ok(o) => {
            let text = format!(
                "{} {}",
                String::from_utf8_lossy(&o.stderr).trim(),
                String::from_utf8_lossy(&o.stdout).trim()
            );
            Validation::Rejected {
                dockerd: dockerd.to_path_buf(),
                output: text.split_whitespace().collect::<Vec<_>>().join(" "),
            }
        }
        Err(e) => Validation::NoDockerd {
            why: format!("{}: {e}", dockerd.display()),
        },
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}
