//! Reading host paths under a root directory. Absolute symlinks are resolved inside the root
//! (as on the mounted system), so `--root /mnt/image` never reads the auditor's own files.

use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

pub struct Rooted {
    root: PathBuf,
}

/// Ownership, mode and type of one path.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub kind: &'static str,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Rooted {
    pub fn new(root: &Path) -> Self {
        Rooted {
            root: root.to_path_buf(),
        }
    }

    pub fn is_live_root(&self) -> bool {
        self.root == Path::new("/")
    }

    /// The real path of host `path`, following symlinks inside the root (at most 40).
    pub fn resolve(&self, path: &str) -> PathBuf {
        let mut parts: Vec<String> = Vec::new();
        let mut todo: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .rev()
            .map(str::to_string)
            .collect();
        let mut hops = 0;
        while let Some(seg) = todo.pop() {
            match seg.as_str() {
                "." => continue,
                ".." => {
                    parts.pop();
                    continue;
                }
                _ => {}
            }
            parts.push(seg);
            let real = self.join(&parts);
            if let Ok(target) = fs::read_link(&real) {
                hops += 1;
                if hops > 40 {
                    break;
                }
                parts.pop();
                let t = target.to_string_lossy().into_owned();
                if t.starts_with('/') {
                    parts.clear();
                }
                todo.extend(
                    t.split('/')
                        .filter(|s| !s.is_empty())
                        .rev()
                        .map(str::to_string),
                );
            }
        }
        self.join(&parts)
    }

    fn join(&self, parts: &[String]) -> PathBuf {
        let mut p = self.root.clone();
        for s in parts {
            p.push(s);
        }
        p
    }

    pub fn exists(&self, path: &str) -> bool {
        fs::symlink_metadata(self.resolve(path)).is_ok()
    }

    pub fn read_to_string(&self, path: &str) -> Result<String, String> {
        let real = self.resolve(path);
        let bytes = fs::read(&real).map_err(|e| io_reason(&e))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// `Ok(None)` when the file does not exist.
    pub fn read_optional(&self, path: &str) -> Result<Option<String>, String> {
        match fs::read(self.resolve(path)) {
            Ok(b) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
            Err(e) if absent(&e) => Ok(None),
            Err(e) => Err(io_reason(&e)),
        }
    }

    /// File names in a directory, sorted; empty when it does not exist.
    pub fn list_dir(&self, path: &str) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.resolve(path))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    pub fn stat(&self, path: &str) -> Result<Option<Stat>, String> {
        match fs::metadata(self.resolve(path)) {
            Ok(m) => {
                let ft = m.file_type();
                let kind = if ft.is_dir() {
                    "dir"
                } else if ft.is_file() {
                    "file"
                } else if ft.is_socket() {
                    "socket"
                } else {
                    "other"
                };
                Ok(Some(Stat {
                    kind,
                    mode: m.mode() & 0o7777,
                    uid: m.uid(),
                    gid: m.gid(),
                }))
            }
            Err(e) if absent(&e) => Ok(None),
            Err(e) => Err(io_reason(&e)),
        }
    }
}

/// Not there: missing, or a path component is not a directory.
fn absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// `permission denied`, `not found`, … without the OS error number.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_ascii_lowercase(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_symlinks_stay_inside_root() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("run")).unwrap();
        fs::create_dir_all(d.path().join("var")).unwrap();
        fs::write(d.path().join("run/x"), "inside").unwrap();
        std::os::unix::fs::symlink("/run", d.path().join("var/run")).unwrap();
        let r = Rooted::new(d.path());
        assert_eq!(r.read_to_string("/var/run/x").unwrap(), "inside");
        assert_eq!(r.read_to_string("/var/../run/x").unwrap(), "inside");
    }
}
