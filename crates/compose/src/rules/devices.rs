use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags every host device a service is given with `devices`.
///
/// ## Why is this bad?
/// A host device in a container bypasses the filesystem: a block device gives the host's
/// disk, `/dev/mem` or `/dev/kmsg` the kernel, a GPU or USB device its driver's bugs.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     devices: ["/dev/sda:/dev/sda"]
/// ```
///
/// Use instead: no devices, or only the one needed with the narrowest permissions
/// (`"/dev/ttyUSB0:/dev/ttyUSB0:r"`).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.18
pub struct Devices;

impl ServiceRule for Devices {
    const META: RuleMeta = RuleMeta {
        id: "K018",
        title: "Host device exposed",
        severity: Severity::Medium,
        cis: &["5.18"],
        cwe: &["CWE-668"],
        remediation:
            "remove the device, or give only the one needed with the narrowest permissions",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .devices
            .iter()
            .map(|d| {
                let host = d.value.split(':').next().unwrap_or("");
                fail_at(
                    s,
                    &d.pos,
                    format!("service {} is given host device {host}", s.name),
                )
                .evidence("device", d.value.clone())
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    devices:\n      - /dev/sda:/dev/xvda:rwm\n  ok:\n    image: a:1\n    devices: []\n";
        assert_eq!(
            run("K018", y),
            ["5:9: service app is given host device /dev/sda", "pass"]
        );
    }
}
