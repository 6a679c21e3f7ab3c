use crate::concepts::{cap_risk, normalize_cap, CapRisk};
use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags capabilities added beyond Docker's default set (`--cap-add`): `ALL` is critical, known
/// escape paths (`SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `DAC_READ_SEARCH`, `NET_ADMIN`,
/// `SYS_RAWIO`, `BPF`, …) are high, any other extra capability is medium. Names are accepted
/// with or without `CAP_`, in any case. Adding back a default capability after `--cap-drop ALL`
/// is the recommended pattern and is not flagged (docker-bench-security flags any `CapAdd`).
///
/// ## Why is this bad?
/// Each capability is a slice of root. `SYS_ADMIN` alone allows mounting file systems and, with
/// cgroup v1, the `release_agent` escape; `SYS_MODULE` loads kernel modules; `SYS_PTRACE` reads
/// other processes' memory.
///
/// ## Example
/// ```sh
/// docker run --cap-add SYS_ADMIN app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --cap-drop ALL --cap-add NET_BIND_SERVICE app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.4
/// - https://man7.org/linux/man-pages/man7/capabilities.7.html
pub struct Capabilities;

impl ContainerRule for Capabilities {
    const META: RuleMeta = RuleMeta {
        id: "C004",
        title: "Capabilities added beyond the default set",
        severity: Severity::High,
        cis: &["5.4"],
        cwe: &["CWE-250"],
        remediation: "recreate with --cap-drop ALL and --cap-add only for the capabilities the process needs; never SYS_ADMIN or ALL",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let added = c.host_config.cap_add.as_deref().unwrap_or(&[]);
        let mut dangerous: Vec<String> = Vec::new();
        let mut extra: Vec<String> = Vec::new();
        let mut all = false;
        for cap in added {
            match cap_risk(cap) {
                CapRisk::All => all = true,
                CapRisk::Dangerous => dangerous.push(normalize_cap(cap)),
                CapRisk::Extra => extra.push(normalize_cap(cap)),
                CapRisk::Default => {}
            }
        }
        let (severity, what) = if all {
            (
                Severity::Critical,
                "every capability (--cap-add ALL)".to_string(),
            )
        } else if !dangerous.is_empty() {
            let mut w = format!("dangerous capabilities: {}", dangerous.join(", "));
            if !extra.is_empty() {
                w.push_str(&format!(
                    " (and beyond the default set: {})",
                    extra.join(", ")
                ));
            }
            (Severity::High, w)
        } else if !extra.is_empty() {
            (
                Severity::Medium,
                format!("capabilities beyond the default set: {}", extra.join(", ")),
            )
        } else {
            return Outcome::pass();
        };
        Outcome::fail(format!("container {} adds {what}", c.display_name()))
            .evidence("HostConfig.CapAdd", added.to_vec())
            .severity(severity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn dangerous_caps_fail_high() {
        let o = check(Capabilities, "fx-caps");
        assert_eq!(
            message(&o),
            "container fx-caps adds dangerous capabilities: NET_ADMIN, SYS_ADMIN (and beyond the default set: IPC_LOCK)"
        );
        let Outcome::Fail(f) = o else { unreachable!() };
        assert_eq!(f[0].severity, Some(Severity::High));
    }

    #[test]
    fn all_is_critical() {
        let Outcome::Fail(f) = check(Capabilities, "fx-capall") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "container fx-capall adds every capability (--cap-add ALL)"
        );
        assert_eq!(f[0].severity, Some(Severity::Critical));
    }

    #[test]
    fn none_added_passes() {
        assert_eq!(check(Capabilities, "fx-hardened"), Outcome::Pass);
    }

    /// Where we differ from docker-bench-security (which warns on any CapAdd): dropping
    /// everything and adding back one default capability is the recommended pattern.
    #[test]
    fn readding_a_default_capability_after_drop_all_passes() {
        let snap = crate::container::fixtures::snapshot();
        let mut c = crate::container::fixtures::container(&snap, "fx-hardened");
        c.host_config.cap_add = Some(vec!["NET_BIND_SERVICE".into(), "cap_chown".into()]);
        assert_eq!(Capabilities.check(&c, &snap), Outcome::Pass);
    }
}
