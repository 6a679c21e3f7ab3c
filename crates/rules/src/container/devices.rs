use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags host devices passed into a container (`--device`), and device cgroup rules that allow
/// every device (`--device-cgroup-rule 'a *:* rwm'`). Block devices and kernel memory (`/dev/sd*`,
/// `/dev/nvme*`, `/dev/mem`, `/dev/kmem`, `/dev/kmsg`, …) are high.
///
/// ## Why is this bad?
/// A host disk device gives raw access to the host's file systems; `/dev/mem` to its memory.
/// Every device is kernel driver code the container can reach.
///
/// ## Example
/// ```sh
/// docker run --device /dev/sda app
/// ```
///
/// Use instead:
/// ```sh
/// docker run app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.18
pub struct HostDevices;

impl ContainerRule for HostDevices {
    const META: RuleMeta = RuleMeta {
        id: "C018",
        title: "Host devices exposed",
        severity: Severity::Medium,
        cis: &["5.18"],
        cwe: &["CWE-668"],
        remediation: "recreate without --device; if a device is truly needed, pass only it, with the least permissions (--device /dev/ttyUSB0:/dev/ttyUSB0:r)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let devices = c.host_config.devices.as_deref().unwrap_or(&[]);
        let rules = c.host_config.device_cgroup_rules.as_deref().unwrap_or(&[]);
        let allow_all = rules.iter().any(|r| r.trim().starts_with("a "));
        if devices.is_empty() && !allow_all {
            return Outcome::pass();
        }
        let paths: Vec<String> = devices
            .iter()
            .map(|d| format!("{}:{}", d.path_on_host, d.path_in_container))
            .collect();
        let dangerous = allow_all
            || devices
                .iter()
                .any(|d| crate::concepts::is_dangerous_device(&d.path_on_host));
        let what = if paths.is_empty() {
            "allows every device through its device cgroup rules".to_string()
        } else {
            format!("has host devices {}", paths.join(", "))
        };
        Outcome::fail(format!("container {} {what}", c.display_name()))
            .evidence("HostConfig.Devices", paths)
            .evidence("HostConfig.DeviceCgroupRules", rules.to_vec())
            .severity(if dangerous {
                Severity::High
            } else {
                Severity::Medium
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn device_fails() {
        assert_eq!(
            message(&check(HostDevices, "fx-devices")),
            "container fx-devices has host devices /dev/null:/dev/xnull"
        );
    }

    #[test]
    fn none_passes() {
        assert_eq!(check(HostDevices, "fx-hardened"), Outcome::Pass);
    }
}
