use super::ImageContentRule;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags SSH server binaries (`sshd`, `sshd-session`, `dropbear`, `tinysshd`) in the image's
/// final file system.
///
/// ## Why is this bad?
/// A container should not be administered over SSH: `docker exec` does that without a
/// listening daemon, host keys, passwords or keys to manage. An SSH server is an extra
/// network-facing root process and usually comes with baked-in host keys.
///
/// ## Example
/// ```dockerfile
/// RUN apt-get install -y openssh-server
/// ```
///
/// Use instead:
/// ```sh
/// docker exec -it CONTAINER sh
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.7
pub struct SshServer;

impl ImageContentRule for SshServer {
    const META: RuleMeta = RuleMeta {
        id: "I107",
        title: "SSH server in the image",
        severity: Severity::Medium,
        cis: &["5.7"],
        cwe: &[],
        remediation: "remove the SSH server package from the image (apt-get purge openssh-server / apk del openssh-server dropbear); use docker exec",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.files()
                .filter(|(e, _)| e.ssh_server())
                .map(|(e, layer)| {
                    Failure::new(format!("{} is an SSH server", e.path))
                        .evidence("path", e.path.clone())
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
        let s = scan(vec![layer(vec![file("/usr/sbin/sshd", 0o755)], &[], &[])]);
        assert_eq!(
            messages(SshServer.check(&s)),
            ["/usr/sbin/sshd is an SSH server"]
        );
        let s = scan(vec![layer(vec![file("/usr/bin/ssh", 0o755)], &[], &[])]);
        assert_eq!(SshServer.check(&s), Outcome::Pass);
    }
}
