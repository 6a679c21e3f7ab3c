use super::facts;
use crate::concepts::normalize_path;
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that Docker's data root (`data-root`, `DockerRootDir`; `/var/lib/docker` by
/// default) is on its own file system, not on `/`.
///
/// ## Why is this bad?
/// Images, container layers and json-file logs grow without bound. On the root file system,
/// one container writing logs or files can fill `/` and stop the host (sshd, journald,
/// package updates) — a denial of service from inside a container.
///
/// ## Example
/// `/var/lib/docker` on the same file system as `/`.
///
/// Use instead: a dedicated partition or logical volume mounted at the data root (with
/// `nodev,nosuid` where the storage driver allows).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 1.1.1
pub struct DataRootPartition;

impl HostRule for DataRootPartition {
    const META: RuleMeta = RuleMeta {
        id: "H011",
        title: "Data root is not on its own partition",
        severity: Severity::Low,
        cis: &["1.1.1"],
        cwe: &["CWE-400"],
        remediation: "mount a dedicated file system at the data root (/var/lib/docker), e.g. an LVM volume in /etc/fstab",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let h = match facts(snap) {
            Ok(h) => h,
            Err(o) => return o,
        };
        let Some(mounts) = &h.mounts else {
            return Outcome::skip(
                "no mount table was read (/proc/self/mountinfo live, /etc/fstab under --root)",
            );
        };
        let (root, from) = match (h.str_setting("data-root"), &snap.daemon) {
            (Some((p, s)), _) => (p, super::super::daemon::set_at(s)),
            (None, Some(d)) if !d.info.docker_root_dir.is_empty() => {
                (d.info.docker_root_dir.clone(), "Info.DockerRootDir".into())
            }
            _ => ("/var/lib/docker".to_string(), "default".to_string()),
        };
        let root = normalize_path(&root);
        let best = mounts
            .iter()
            .filter(|m| {
                let mp = normalize_path(&m.mount_point);
                mp == "/" || root == mp || root.starts_with(&format!("{mp}/"))
            })
            .max_by_key(|m| normalize_path(&m.mount_point).len());
        match best {
            Some(m) if normalize_path(&m.mount_point) != "/" => Outcome::pass(),
            Some(m) => Outcome::fail(format!("the data root {root} ({from}) is on the root file system ({} {}): a container can fill /", m.device, m.fstype))
                .evidence("data-root", root)
                .evidence("mount", "/"),
            None => Outcome::skip(format!("no mount in the mount table contains {root}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::messages;
    use crate::host::testutil::host;
    use dh_model::MountEntry;

    fn m(mp: &str) -> MountEntry {
        MountEntry {
            mount_point: mp.into(),
            device: format!("/dev/{}", if mp == "/" { "sda1" } else { "sdb1" }),
            fstype: "ext4".into(),
        }
    }

    #[test]
    fn fail_and_pass() {
        let s = host(|h| h.mounts = Some(vec![m("/"), m("/boot")]));
        assert_eq!(
            messages(&DataRootPartition.check(&s)),
            ["the data root /var/lib/docker (default) is on the root file system (/dev/sda1 ext4): a container can fill /"]
        );
        let s = host(|h| h.mounts = Some(vec![m("/"), m("/var/lib/docker")]));
        assert_eq!(DataRootPartition.check(&s), Outcome::pass());
        let s = host(|h| h.mounts = Some(vec![m("/"), m("/var/lib/dockerx")]));
        assert!(DataRootPartition.check(&s).is_fail());
    }
}
