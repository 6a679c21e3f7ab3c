use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers whose process runs as root: no user set in the container or its image, or
/// `root`, `0`, `0:0`. On a daemon with user-namespace remapping (and without `--userns host`)
/// root in the container is an unprivileged host user, so the finding is lowered to low.
///
/// ## Why is this bad?
/// Root in a container is root on the host's kernel: every kernel or runtime escape starts from
/// a much better place, and files on mounted volumes are written as root.
///
/// ## Example
/// ```sh
/// docker run app          # image without USER
/// ```
///
/// Use instead:
/// ```sh
/// docker run --user 10001:10001 app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.1
pub struct RootUser;

impl ContainerRule for RootUser {
    const META: RuleMeta = RuleMeta {
        id: "C101",
        title: "Container runs as root",
        severity: Severity::Medium,
        cis: &["4.1"],
        cwe: &["CWE-250"],
        remediation:
            "run as an unprivileged user: USER 10001 in the Dockerfile, or --user 10001:10001",
    };

    fn check(&self, c: &Container, snap: &Snapshot) -> Outcome {
        let user = c.config.user.trim();
        if !crate::concepts::user_is_root(user) {
            return Outcome::pass();
        }
        let shown = if user.is_empty() {
            "root (no user set)".to_string()
        } else {
            format!("root ({user})")
        };
        let remapped = crate::concepts::daemon_has_security_option(snap, "userns") == Some(true)
            && c.host_config.userns_mode != "host";
        let out = Outcome::fail(format!("container {} runs as {shown}", c.display_name()))
            .evidence("Config.User", user.to_string());
        if remapped {
            out.severity(Severity::Low)
        } else {
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn root_fails() {
        assert_eq!(
            message(&check(RootUser, "fx-default")),
            "container fx-default runs as root (no user set)"
        );
    }

    #[test]
    fn uid_1000_passes() {
        assert_eq!(check(RootUser, "fx-hardened"), Outcome::Pass);
    }
}
