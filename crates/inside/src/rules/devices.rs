use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Lists host devices visible in the container's `/dev`: block devices (disks, partitions,
/// loop and device-mapper devices) and `/dev/mem`, `/dev/kmem`, `/dev/port`, `/dev/kmsg`.
///
/// ## Why is this bad?
/// A visible disk can be read (and, with `MKNOD`/write access, mounted or written) below every
/// file permission; `/dev/mem` is physical memory; `/dev/kmsg` leaks kernel addresses.
///
/// ## Example
/// ```sh
/// docker run --device /dev/sda app
/// ```
///
/// Use instead: no `--device` for disks; if a device is truly needed, pass it read-only
/// (`--device /dev/sdb:/dev/sdb:r`) and only that one.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.18
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostDevices;

impl InsideRule for HostDevices {
    const META: RuleMeta = RuleMeta {
        id: "C215",
        title: "Host device visible in /dev",
        severity: Severity::High,
        cis: &["5.18"],
        cwe: &["CWE-668"],
        remediation:
            "recreate the container without --device for host disks and without --privileged",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        if f.devices.is_empty() {
            return Outcome::pass();
        }
        Outcome::fail(format!(
            "host devices are visible: {}",
            f.devices.join(", ")
        ))
        .evidence("devices", f.devices.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            devices: vec!["/dev/sda (block device)".into()],
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(HostDevices.check(&f)),
            ["host devices are visible: /dev/sda (block device)"]
        );
        assert_eq!(HostDevices.check(&InsideFacts::default()), Outcome::Pass);
    }
}
