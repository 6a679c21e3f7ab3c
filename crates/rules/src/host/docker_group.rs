use super::facts;
use crate::HostRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Lists the members of the `docker` group (or the group set with `group`/`-G`): secondary
/// members from `/etc/group` and users whose primary group it is.
///
/// ## Why is this bad?
/// Every member can use the Docker socket, and so can start a privileged container that
/// mounts `/`: each one is root-equivalent, without sudo's password or log. Keep the list to
/// the administrators who would have root anyway.
///
/// ## Example
/// `docker:x:999:alice,ci,deploy`
///
/// Use instead: `gpasswd -d USER docker` for each user who should not be root, and give
/// automation rootless Docker or a restricted API (an authorization plugin).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 1.1.2
pub struct DockerGroup;

impl HostRule for DockerGroup {
    const META: RuleMeta = RuleMeta {
        id: "H012",
        title: "Users in the docker group (root-equivalent)",
        severity: Severity::Medium,
        cis: &["1.1.2"],
        cwe: &["CWE-250"],
        remediation:
            "remove users who must not be root from the docker group: gpasswd -d USER docker",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let h = match facts(snap) {
            Ok(h) => h,
            Err(o) => return o,
        };
        let Some(members) = &h.docker_group else {
            return Outcome::skip("/etc/group was not read");
        };
        if members.is_empty() {
            return Outcome::pass();
        }
        let group = h
            .str_setting("group")
            .map(|(g, _)| g)
            .unwrap_or_else(|| "docker".into());
        Outcome::fail(format!(
            "{} user{} in the {group} group, each root-equivalent: {}",
            members.len(),
            if members.len() == 1 { " is" } else { "s are" },
            members.join(", ")
        ))
        .evidence("members", members.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::messages;
    use crate::host::testutil::host;

    #[test]
    fn fail_and_pass() {
        let s = host(|h| h.docker_group = Some(vec!["alice".into(), "ci".into()]));
        assert_eq!(
            messages(&DockerGroup.check(&s)),
            ["2 users are in the docker group, each root-equivalent: alice, ci"]
        );
        assert_eq!(
            DockerGroup.check(&host(|h| h.docker_group = Some(vec![]))),
            Outcome::pass()
        );
    }
}
