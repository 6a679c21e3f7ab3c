use crate::concepts::normalize_cap;
use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers that keep Docker's default capability set: no `--cap-drop ALL`. Privileged
/// containers are reported by C005 instead.
///
/// ## Why is this bad?
/// The default set still holds `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `NET_RAW`,
/// `MKNOD`, … — most applications need none of them, and each widens what a compromised process
/// can do (`NET_RAW` allows ARP and DNS spoofing on the bridge).
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --cap-drop ALL app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.4
pub struct CapsNotDropped;

impl ContainerRule for CapsNotDropped {
    const META: RuleMeta = RuleMeta {
        id: "C104",
        title: "Default capabilities not dropped",
        severity: Severity::Low,
        cis: &["5.4"],
        cwe: &["CWE-250"],
        remediation: "recreate with --cap-drop ALL and add back only what the process needs (--cap-add NET_BIND_SERVICE)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        if c.host_config.privileged {
            return Outcome::NotApplicable;
        }
        let dropped = c.host_config.cap_drop.as_deref().unwrap_or(&[]);
        if dropped.iter().any(|d| normalize_cap(d) == "ALL") {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "container {} keeps the default capabilities (no --cap-drop ALL)",
                c.display_name()
            ))
            .evidence("HostConfig.CapDrop", dropped.to_vec())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn no_drop_fails() {
        assert_eq!(
            message(&check(CapsNotDropped, "fx-default")),
            "container fx-default keeps the default capabilities (no --cap-drop ALL)"
        );
    }

    #[test]
    fn drop_all_passes() {
        assert_eq!(check(CapsNotDropped, "fx-hardened"), Outcome::Pass);
    }
}
