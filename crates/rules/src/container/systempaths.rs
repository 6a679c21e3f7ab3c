use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers started with `--security-opt systempaths=unconfined`, which removes
/// Docker's masking of sensitive `/proc` and `/sys` paths (`MaskedPaths` and `ReadonlyPaths`
/// empty).
///
/// ## Why is this bad?
/// Docker masks `/proc/kcore`, `/proc/keys`, `/proc/timer_list`, `/sys/firmware` and others and
/// makes `/proc/sys`, `/proc/sysrq-trigger` read-only; unmasked, they leak kernel memory and
/// state, and writable `/proc/sys` entries (such as `core_pattern`) lead straight to the host.
///
/// ## Example
/// ```sh
/// docker run --security-opt systempaths=unconfined app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
pub struct SystemPaths;

impl ContainerRule for SystemPaths {
    const META: RuleMeta = RuleMeta {
        id: "C102",
        title: "Kernel system paths unmasked",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-668"],
        remediation: "recreate without --security-opt systempaths=unconfined",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let opts = super::security_opts(c);
        let explicit = crate::concepts::security_opt_value(opts, "systempaths").as_deref()
            == Some("unconfined");
        let emptied = matches!(&c.host_config.masked_paths, Some(p) if p.is_empty())
            && !c.host_config.privileged;
        if explicit || emptied {
            Outcome::fail(format!(
                "container {} has /proc and /sys paths unmasked (systempaths=unconfined)",
                c.display_name()
            ))
            .evidence(
                "HostConfig.MaskedPaths",
                c.host_config.masked_paths.clone().unwrap_or_default(),
            )
        } else {
            Outcome::pass()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn unconfined_fails() {
        assert_eq!(
            message(&check(SystemPaths, "fx-unconfined")),
            "container fx-unconfined has /proc and /sys paths unmasked (systempaths=unconfined)"
        );
    }

    #[test]
    fn default_passes() {
        assert_eq!(check(SystemPaths, "fx-default"), Outcome::Pass);
    }
}
