//! Writing a plan: each file through a temporary file in its own directory and a rename,
//! after a timestamped backup of the file it replaces (`NAME.bak-YYYYMMDDTHHMMSS`).

use crate::plan::{FileChange, Plan};
use crate::rootfs::RootFs;
use crate::Error;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// One file written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Real path.
    pub path: PathBuf,
    /// Real path of the backup of the file it replaced.
    pub backup: Option<PathBuf>,
}

/// Writes every file of the plan under the root, in order.
pub fn apply(fs: &RootFs, plan: &Plan, now: SystemTime) -> Result<Vec<Written>, Error> {
    let stamp = timestamp(now);
    // Checked for every file before any is written.
    for f in &plan.files {
        let real = fs.real(&f.path);
        if std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::Refused {
                path: real,
                cause: "is a symbolic link (nothing written): docker-harden replaces files, not links; edit the file it points to, or replace the link with a copy".into(),
            });
        }
    }
    let mut written = Vec::new();
    for f in &plan.files {
        written.push(write_one(fs, f, &stamp)?);
    }
    Ok(written)
}

fn write_one(fs: &RootFs, f: &FileChange, stamp: &str) -> Result<Written, Error> {
    let real = fs.real(&f.path);
    let dir = real
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let old_meta = std::fs::metadata(&real).ok();
    let backup = match &old_meta {
        Some(_) => Some(backup(&real, stamp)?),
        None => None,
    };
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.docker-harden-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(f.mode)
            .open(&tmp)?;
        file.write_all(f.new.as_bytes())?;
        // The umask may have narrowed the mode: set it exactly.
        file.set_permissions(std::fs::Permissions::from_mode(f.mode))?;
        if let Some(m) = &old_meta {
            // Keep the owner (best effort: only root may give files away).
            let _ = std::os::unix::fs::fchown(&file, Some(m.uid()), Some(m.gid()));
        }
        file.sync_all()?;
        std::fs::rename(&tmp, &real)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(real, e));
    }
    Ok(Written { path: real, backup })
}

/// Copies `path` to `path.bak-STAMP` (`-2`, `-3`… when that exists), keeping its mode.
fn backup(path: &Path, stamp: &str) -> Result<PathBuf, Error> {
    let base = format!("{}.bak-{stamp}", path.display());
    let mut n = 1;
    loop {
        let candidate = PathBuf::from(if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        if std::fs::symlink_metadata(&candidate).is_err() {
            std::fs::copy(path, &candidate).map_err(|e| Error::io(&candidate, e))?;
            return Ok(candidate);
        }
        n += 1;
    }
}

/// `YYYYMMDDTHHMMSS` in UTC.
pub fn timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(UNIX_EPOCH), "19700101T000000");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        assert_eq!(timestamp(t), "20261118T110640");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(timestamp(t), "20000229T000000");
    }
}
