use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers created with `--privileged`.
///
/// ## Why is this bad?
/// A privileged container gets every capability and every host device, runs without
/// seccomp and AppArmor confinement, and can mount the host's disks: it is root on the host
/// in all but name.
///
/// ## Example
/// ```sh
/// docker run --privileged nginx
/// ```
///
/// Use instead:
/// ```sh
/// docker run --cap-drop ALL --cap-add NET_BIND_SERVICE nginx
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.5
pub struct Privileged;

impl ContainerRule for Privileged {
    const META: RuleMeta = RuleMeta {
        id: "C005",
        title: "Privileged container",
        severity: Severity::Critical,
        cis: &["5.5"],
        cwe: &["CWE-250"],
        remediation: "recreate without --privileged; add only the capabilities it needs with --cap-add",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.privileged {
            Outcome::fail(format!(
                "container {} runs with --privileged: every capability, every device",
                c.display_name()
            ))
            .evidence("HostConfig.Privileged", true)
        } else {
            Outcome::pass()
        }
    }
}
