use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that run without an AppArmor profile: `--security-opt apparmor=unconfined`,
/// an `unconfined` profile, or no profile at all on a host that has AppArmor.
///
/// ## Why is this bad?
/// AppArmor confines what a container's processes can do on the host (mounts, `/proc` and `/sys`
/// writes, raw network access). Without it, one kernel or runtime bug is enough to escape.
///
/// ## Example
/// ```sh
/// docker run --security-opt apparmor=unconfined nginx
/// ```
///
/// Use instead:
/// ```sh
/// docker run --security-opt apparmor=docker-default nginx
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.2
/// - https://docs.docker.com/engine/security/apparmor/
pub struct AppArmor;

impl ContainerRule for AppArmor {
    const META: RuleMeta = RuleMeta {
        id: "C002",
        title: "AppArmor profile not applied",
        severity: Severity::High,
        cis: &["5.2"],
        cwe: &["CWE-693"],
        remediation: "recreate without --security-opt apparmor=unconfined (Docker applies docker-default), or with --security-opt apparmor=<your profile>",
    };

    fn check(&self, c: &Container, snap: &Snapshot) -> Outcome {
        let name = c.display_name();
        let opts = super::security_opts(c);
        if crate::concepts::security_opt_value(opts, "apparmor").as_deref() == Some("unconfined") {
            return Outcome::fail(format!(
                "container {name} disables AppArmor (apparmor=unconfined)"
            ))
            .evidence("HostConfig.SecurityOpt", opts.to_vec());
        }
        if c.app_armor_profile == "unconfined" {
            return Outcome::fail(format!(
                "container {name} runs with the unconfined AppArmor profile"
            ))
            .evidence("AppArmorProfile", "unconfined");
        }
        if !c.app_armor_profile.is_empty() {
            return Outcome::pass();
        }
        match crate::concepts::daemon_has_security_option(snap, "apparmor") {
            Some(true) => Outcome::fail(format!("container {name} has no AppArmor profile"))
                .evidence("AppArmorProfile", ""),
            Some(false) => {
                Outcome::skip("AppArmor is not enabled on this host (daemon SecurityOptions)")
            }
            None => Outcome::skip("unknown whether the host has AppArmor (no daemon info)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn unconfined_fails() {
        let o = check(AppArmor, "fx-unconfined");
        assert_eq!(
            message(&o),
            "container fx-unconfined disables AppArmor (apparmor=unconfined)"
        );
    }

    #[test]
    fn host_without_apparmor_skips() {
        // The recording host has no AppArmor: the daemon lists only seccomp.
        assert!(matches!(check(AppArmor, "fx-hardened"), Outcome::Skip(_)));
    }
}
