//! The target system's files, read under a root directory (`--root`, default `/`), so a
//! fixture tree or a mounted disk image can stand in for the host. Paths handed in are the
//! target's absolute paths (`/etc/docker/daemon.json`).

use crate::Error;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct RootFs {
    root: PathBuf,
}

impl RootFs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        RootFs { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Is the root the running system's own `/`?
    pub fn is_host(&self) -> bool {
        self.root.canonicalize().is_ok_and(|p| p == Path::new("/"))
    }

    /// The real path of a target path.
    pub fn real(&self, target: &str) -> PathBuf {
        self.root.join(target.trim_start_matches('/'))
    }

    pub fn is_file(&self, target: &str) -> bool {
        self.real(target).is_file()
    }

    /// The directory's canonical real path (to notice `/lib` → `/usr/lib`).
    pub fn canonical(&self, target: &str) -> PathBuf {
        let real = self.real(target);
        real.canonicalize().unwrap_or(real)
    }

    /// The file's bytes, or `None` when it does not exist.
    pub fn read_opt(&self, target: &str) -> Result<Option<Vec<u8>>, Error> {
        let real = self.real(target);
        match std::fs::read(&real) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(real, e)),
        }
    }

    pub fn read_to_string(&self, target: &str) -> Result<String, Error> {
        let real = self.real(target);
        std::fs::read(&real)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| Error::io(real, e))
    }

    /// File names in a directory (empty when it does not exist), sorted.
    pub fn list(&self, target: &str) -> Result<Vec<String>, Error> {
        let real = self.real(target);
        let rd = match std::fs::read_dir(&real) {
            Ok(rd) => rd,
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Ok(Vec::new())
            }
            Err(e) => return Err(Error::io(real, e)),
        };
        let mut names: Vec<String> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    /// The file's permission bits, if it exists.
    pub fn mode(&self, target: &str) -> Option<u32> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(self.real(target))
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
}
