//! Writing key material: atomically (temporary file + rename), with the mode set before a
//! byte is written, never replacing an existing file unless asked to.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Mode of private keys.
pub const KEY_MODE: u32 = 0o600;
/// Mode of certificates (public).
pub const CERT_MODE: u32 = 0o644;
/// Mode of a directory holding private keys.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` (and parents) and makes it 0700.
pub fn private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)
            .map_err(|e| Error::io(dir, e))?;
    }
    if !dir.is_dir() {
        return Err(Error::file(dir, "not a directory"));
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(DIR_MODE)).map_err(|e| Error::io(dir, e))
}

/// Fails with [`Error::Exists`] for the first of `paths` that exists, unless `force`.
pub fn refuse_existing(paths: &[PathBuf], force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    match paths.iter().find(|p| p.symlink_metadata().is_ok()) {
        Some(p) => Err(Error::Exists(p.clone())),
        None => Ok(()),
    }
}

/// Writes `data` to `path` through a temporary file created with `mode` in the same
/// directory, then renames it into place (so readers never see a partial key and the key is
/// never readable by others, not even for an instant).
pub fn write_atomic(path: &Path, data: &[u8], mode: u32) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.tmp{}.{n}", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(Error::io(&tmp, e)),
        }
    };
    let result = (|| {
        // The umask may have narrowed the mode; set it exactly, still before any data.
        file.set_permissions(fs::Permissions::from_mode(mode))?;
        file.write_all(data)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// The permission bits of a file (`None` when it cannot be read).
pub fn mode_of(path: &Path) -> Option<u32> {
    fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_with_mode_and_refuses_existing() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("pki");
        private_dir(&dir).unwrap();
        assert_eq!(mode_of(&dir), Some(0o700));
        let key = dir.join("key.pem");
        write_atomic(&key, b"secret", KEY_MODE).unwrap();
        assert_eq!(mode_of(&key), Some(0o600));
        assert_eq!(fs::read(&key).unwrap(), b"secret");
        let err = refuse_existing(std::slice::from_ref(&key), false).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("key.pem: already exists (use --force to replace it)"));
        refuse_existing(std::slice::from_ref(&key), true).unwrap();
        write_atomic(&key, b"new", KEY_MODE).unwrap();
        assert_eq!(fs::read(&key).unwrap(), b"new");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }
}
