use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers started with SELinux labelling disabled (`--security-opt label=disable`).
///
/// ## Why is this bad?
/// On SELinux hosts every container gets its own label (MCS category), which keeps it away from
/// host files and from other containers even when it runs as root. Disabling labels removes that
/// wall.
///
/// ## Example
/// ```sh
/// docker run --security-opt label=disable nginx
/// ```
///
/// Use instead:
/// ```sh
/// docker run nginx    # or --security-opt label=type:<type> for a custom policy
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.3
pub struct SeLinux;

impl ContainerRule for SeLinux {
    const META: RuleMeta = RuleMeta {
        id: "C003",
        title: "SELinux labelling disabled",
        severity: Severity::High,
        cis: &["5.3"],
        cwe: &["CWE-693"],
        remediation: "recreate without --security-opt label=disable",
    };

    fn check(&self, c: &Container, snap: &Snapshot) -> Outcome {
        let opts = super::security_opts(c);
        let disabled = opts.iter().any(|o| {
            let (k, v) = crate::concepts::parse_security_opt(o);
            k == "label" && v.eq_ignore_ascii_case("disable")
        });
        let host_selinux = crate::concepts::daemon_has_security_option(snap, "selinux");
        if !disabled {
            return match host_selinux {
                Some(false) => {
                    Outcome::skip("SELinux is not enabled on this host (daemon SecurityOptions)")
                }
                _ => Outcome::pass(),
            };
        }
        // Docker itself adds label=disable for --privileged, --pid host and --ipc host.
        let h = &c.host_config;
        let implied_by = if h.privileged {
            Some("--privileged")
        } else if h.pid_mode == "host" {
            Some("--pid host")
        } else if h.ipc_mode == "host" {
            Some("--ipc host")
        } else {
            None
        };
        let name = c.display_name();
        match (host_selinux, implied_by) {
            (Some(false), Some(_)) => Outcome::skip("SELinux is not enabled on this host (daemon SecurityOptions)"),
            (Some(false), None) => Outcome::fail(format!(
                "container {name} disables SELinux labelling (label=disable); no effect on this host, which has no SELinux"
            ))
            .evidence("HostConfig.SecurityOpt", opts.to_vec())
            .severity(Severity::Low),
            (_, Some(flag)) => Outcome::fail(format!(
                "container {name} runs without SELinux labelling (label=disable, implied by {flag})"
            ))
            .evidence("HostConfig.SecurityOpt", opts.to_vec()),
            (_, None) => Outcome::fail(format!("container {name} disables SELinux labelling (label=disable)"))
                .evidence("HostConfig.SecurityOpt", opts.to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn label_disable_fails() {
        let o = check(SeLinux, "fx-unconfined");
        assert_eq!(
            message(&o),
            "container fx-unconfined disables SELinux labelling (label=disable); no effect on this host, which has no SELinux"
        );
        let Outcome::Fail(f) = o else { unreachable!() };
        assert_eq!(f[0].severity, Some(Severity::Low));
    }

    #[test]
    fn host_without_selinux_skips() {
        assert!(matches!(check(SeLinux, "fx-hardened"), Outcome::Skip(_)));
        // Docker adds label=disable itself for --privileged: not a second finding here.
        assert!(matches!(check(SeLinux, "fx-privileged"), Outcome::Skip(_)));
    }

    #[test]
    fn selinux_host_fails_implied_disable() {
        let mut snap = crate::container::fixtures::snapshot();
        snap.daemon
            .as_mut()
            .unwrap()
            .info
            .security_options
            .push("name=selinux".into());
        let c = crate::container::fixtures::container(&snap, "fx-hostns");
        assert_eq!(
            message(&SeLinux.check(&c, &snap)),
            "container fx-hostns runs without SELinux labelling (label=disable, implied by --pid host)"
        );
    }
}
