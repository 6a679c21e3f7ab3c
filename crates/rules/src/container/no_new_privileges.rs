use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that can gain privileges through setuid/setgid binaries or file
/// capabilities: no `--security-opt no-new-privileges` on the container, and no
/// `"no-new-privileges": true` in the daemon's configuration (when host files were read).
///
/// ## Why is this bad?
/// Without `no_new_privs`, a process running as an unprivileged user can become root through
/// any setuid binary in the image (`su`, `passwd`, `mount`, …) — one of the usual first steps
/// of an escape.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --security-opt no-new-privileges app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.26
pub struct NoNewPrivileges;

impl ContainerRule for NoNewPrivileges {
    const META: RuleMeta = RuleMeta {
        id: "C026",
        title: "no-new-privileges not set",
        severity: Severity::Medium,
        cis: &["5.26"],
        cwe: &["CWE-269"],
        remediation: "recreate with --security-opt no-new-privileges (or set \"no-new-privileges\": true in daemon.json for every container)",
    };

    fn check(&self, c: &Container, snap: &Snapshot) -> Outcome {
        let opts = super::security_opts(c);
        if crate::concepts::has_no_new_privileges(opts) {
            return Outcome::pass();
        }
        let explicitly_off =
            crate::concepts::security_opt_value(opts, "no-new-privileges").is_some();
        let daemon_wide = snap
            .host
            .as_ref()
            .and_then(|h| h.setting("no-new-privileges"))
            .is_some_and(|s| s.value == serde_json::Value::Bool(true));
        if daemon_wide && !explicitly_off {
            return Outcome::pass();
        }
        Outcome::fail(format!(
            "container {} can gain new privileges (no-new-privileges not set)",
            c.display_name()
        ))
        .evidence("HostConfig.SecurityOpt", opts.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn unset_fails() {
        assert_eq!(
            message(&check(NoNewPrivileges, "fx-default")),
            "container fx-default can gain new privileges (no-new-privileges not set)"
        );
    }

    #[test]
    fn set_passes() {
        assert_eq!(check(NoNewPrivileges, "fx-hardened"), Outcome::Pass);
    }

    #[test]
    fn daemon_wide_setting_passes() {
        let mut snap = crate::container::fixtures::snapshot();
        let mut host = dh_model::HostFacts::default();
        host.daemon_config.insert(
            "no-new-privileges".into(),
            vec![dh_model::ConfigSetting {
                value: true.into(),
                source: Default::default(),
            }],
        );
        snap.host = Some(host);
        let c = crate::container::fixtures::container(&snap, "fx-default");
        assert_eq!(NoNewPrivileges.check(&c, &snap), Outcome::Pass);
    }
}
