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
        if disabled {
            return Outcome::fail(format!(
                "container {} disables SELinux labelling (label=disable)",
                c.display_name()
            ))
            .evidence("HostConfig.SecurityOpt", opts.to_vec());
        }
        match crate::concepts::daemon_has_security_option(snap, "selinux") {
            Some(false) if c.process_label.is_empty() => {
                Outcome::skip("SELinux is not enabled on this host (daemon SecurityOptions)")
            }
            _ => Outcome::pass(),
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
            "container fx-unconfined disables SELinux labelling (label=disable)"
        );
    }

    #[test]
    fn host_without_selinux_skips() {
        assert!(matches!(check(SeLinux, "fx-hardened"), Outcome::Skip(_)));
    }
}
