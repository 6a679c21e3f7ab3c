use super::{mode_str, ImageContentRule};
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Lists every setuid and setgid file left in the image's final file system (after all
/// layers and whiteouts are applied), one finding per path.
///
/// ## Why is this bad?
/// A setuid-root binary runs as root whoever starts it: each one is a way for a process that
/// broke into the container as an unprivileged user to become root inside it, and root in a
/// container is one kernel bug away from the host. Most applications need none of them.
///
/// ## Example
/// ```dockerfile
/// FROM debian:12
/// COPY app /app
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM debian:12
/// RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
/// COPY app /app
/// ```
/// or run containers with `--security-opt no-new-privileges`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.8
pub struct SetuidFiles;

impl ImageContentRule for SetuidFiles {
    const META: RuleMeta = RuleMeta {
        id: "I101",
        title: "Setuid or setgid file in the image",
        severity: Severity::Medium,
        cis: &["4.8"],
        cwe: &[],
        remediation: "remove the setuid/setgid bits in the Dockerfile: RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        let failures = scan
            .files()
            .filter(|(e, _)| e.is_setuid() || e.is_setgid())
            .map(|(e, layer)| {
                let what = match (e.is_setuid(), e.is_setgid()) {
                    (true, true) => "setuid and setgid",
                    (true, false) => "setuid",
                    _ => "setgid",
                };
                let owner = if e.is_setuid() {
                    format!("uid {}", e.uid)
                } else {
                    format!("gid {}", e.gid)
                };
                let owner = if owner.ends_with(" 0") {
                    "root".to_string()
                } else {
                    owner
                };
                Failure::new(format!(
                    "{} is {what} {owner} (mode {})",
                    e.path,
                    mode_str(e.mode)
                ))
                .evidence("path", e.path.clone())
                .evidence("mode", mode_str(e.mode))
                .evidence("uid", e.uid)
                .evidence("gid", e.gid)
                .evidence("layer", layer + 1)
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn fails_and_passes() {
        let s = scan(vec![layer(
            vec![file("/bin/su", 0o4755), file("/usr/bin/wall", 0o2755)],
            &[],
            &[],
        )]);
        assert_eq!(
            messages(SetuidFiles.check(&s)),
            [
                "/bin/su is setuid root (mode 4755)",
                "/usr/bin/wall is setgid root (mode 2755)"
            ]
        );
        // A later layer that chmods it (same path, no longer interesting) clears it.
        let s = scan(vec![
            layer(vec![file("/bin/su", 0o4755)], &[], &[]),
            layer(vec![], &[], &["/bin/su"]),
        ]);
        assert_eq!(SetuidFiles.check(&s), Outcome::Pass);
    }
}
