use crate::ContainerRule;
use dh_model::Failure;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags bind mounts of sensitive host directories — `/`, `/boot`, `/dev`, `/etc`, `/lib`,
/// `/proc`, `/sys`, `/usr`, `/bin`, `/sbin`, `/root`, `/var/lib/docker`, `/var/lib/containerd`,
/// `/var/log`, `/run`, `/var/run` — or anything below them, wherever they are mounted in the
/// container. Read-write mounts are high, read-only ones medium. Paths are normalised
/// (`//etc/./`, `/srv/../etc`). Engine sockets are reported by C032.
///
/// ## Why is this bad?
/// A container that can write `/etc` can add a user or a cron job on the host; one that can read
/// it reads `/etc/shadow`. `/proc`, `/sys` and `/dev` expose the kernel and every device.
///
/// ## Example
/// ```sh
/// docker run -v /etc:/host/etc app
/// ```
///
/// Use instead:
/// ```sh
/// docker run -v /srv/app/config:/config:ro app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.6
pub struct SensitiveMounts;

impl ContainerRule for SensitiveMounts {
    const META: RuleMeta = RuleMeta {
        id: "C006",
        title: "Sensitive host directory mounted",
        severity: Severity::High,
        cis: &["5.6"],
        cwe: &["CWE-668"],
        remediation: "mount only the application directories the container needs, read-only where possible (-v /srv/app/config:/config:ro); never /, /etc, /proc, /sys, /dev, /boot, /usr, /lib or the Docker data root",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let mut failures = Vec::new();
        for m in super::host_mounts(c) {
            let Some(dir) = crate::concepts::sensitive_host_path(&m.source) else {
                continue;
            };
            let mode = if m.read_write {
                "read-write"
            } else {
                "read-only"
            };
            let what = if m.source.trim_end_matches('/') == dir || m.source == "/" {
                format!("host {dir}")
            } else {
                format!("host {} (under {dir})", m.source)
            };
            let mut f = Failure::new(format!(
                "container {} mounts {what} at {} ({mode})",
                c.display_name(),
                m.destination
            ))
            .evidence(m.field, format!("{}:{}", m.source, m.destination))
            .evidence("read_write", m.read_write);
            f.severity = Some(if m.read_write {
                Severity::High
            } else {
                Severity::Medium
            });
            failures.push(f);
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::check;

    #[test]
    fn etc_and_usr_fail() {
        let Outcome::Fail(f) = check(SensitiveMounts, "fx-mounts") else {
            panic!()
        };
        let mut msgs: Vec<_> = f.iter().map(|f| (f.message.clone(), f.severity)).collect();
        msgs.sort();
        assert_eq!(
            msgs,
            vec![
                ("container fx-mounts mounts host /etc at /host/etc (read-only)".to_string(), Some(Severity::Medium)),
                ("container fx-mounts mounts host /usr/lib (under /usr) at /host/lib (read-write)".to_string(), Some(Severity::High)),
            ]
        );
    }

    #[test]
    fn tmp_and_socket_pass() {
        assert_eq!(check(SensitiveMounts, "fx-propagation"), Outcome::Pass);
        assert_eq!(check(SensitiveMounts, "fx-socket"), Outcome::Pass);
    }
}
