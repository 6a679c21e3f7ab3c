use super::{mode_str, ImageContentRule};
use crate::{ImageScan, Kind};
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// Directories where world-writable is normal (with the sticky bit, checked separately).
const TMP_LIKE: &[&str] = &[
    "/tmp",
    "/var/tmp",
    "/dev/shm",
    "/run/lock",
    "/var/lock",
    "/dev/mqueue",
];

fn tmp_like(path: &str) -> bool {
    TMP_LIKE
        .iter()
        .any(|t| path == *t || path.starts_with(&format!("{t}/")))
}

/// ## What it does
/// Flags world-writable files, and world-writable directories without the sticky bit,
/// outside `/tmp`-like places (`/tmp`, `/var/tmp`, `/dev/shm`, `/run/lock`, `/var/lock`).
/// Symbolic links (always `0777`) are ignored.
///
/// ## Why is this bad?
/// Any user in the container can replace a world-writable program, script or configuration
/// file that root later runs or reads; in a world-writable directory without the sticky bit any
/// user can delete or swap the files of another.
///
/// ## Example
/// ```dockerfile
/// RUN chmod -R 777 /app
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN chown -R app:app /app/data && chmod 0750 /app/data
/// ```
///
/// ## References
/// - CWE-732: Incorrect Permission Assignment for Critical Resource
pub struct WorldWritable;

impl ImageContentRule for WorldWritable {
    const META: RuleMeta = RuleMeta {
        id: "I105",
        title: "World-writable file or directory in the image",
        severity: Severity::Medium,
        cis: &[],
        cwe: &["CWE-732"],
        remediation: "RUN chmod o-w PATH (or chmod +t for a shared directory); give write access to the app's own user instead",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.files()
                .filter(|(e, _)| e.world_writable() && !tmp_like(&e.path))
                .map(|(e, layer)| {
                    let what = if e.kind == Kind::Dir {
                        "directory is world-writable without the sticky bit"
                    } else {
                        "file is world-writable"
                    };
                    Failure::new(format!("{}: {what} (mode {})", e.path, mode_str(e.mode)))
                        .evidence("path", e.path.clone())
                        .evidence("mode", mode_str(e.mode))
                        .evidence("layer", layer + 1)
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn fails_and_passes() {
        let s = scan(vec![layer(
            vec![
                dir("/app/data", 0o777),
                file("/app/run.sh", 0o777),
                dir("/tmp/x", 0o777),
                dir("/shared", 0o1777),
            ],
            &[],
            &[],
        )]);
        assert_eq!(
            messages(WorldWritable.check(&s)),
            [
                "/app/data: directory is world-writable without the sticky bit (mode 0777)",
                "/app/run.sh: file is world-writable (mode 0777)"
            ]
        );
        let s = scan(vec![layer(vec![dir("/tmp", 0o1777)], &[], &[])]);
        assert_eq!(WorldWritable.check(&s), Outcome::Pass);
    }
}
