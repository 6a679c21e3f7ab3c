use super::InsideRule;
use crate::facts::{decode_caps, InsideFacts};
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::{cap_risk, CapRisk, DEFAULT_CAPS};

/// ## What it does
/// Decodes the container's bounding and effective capability sets (`CapBnd`, `CapEff` in
/// `/proc/self/status`) to names and lists those beyond Docker's default set. High when one
/// of them is a known path to the host (`SYS_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`,
/// `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`, …). A fully privileged set is C202's.
///
/// ## Why is this bad?
/// `SYS_ADMIN` alone allows mounting file systems and, on cgroup v1, the `release_agent`
/// escape; `SYS_PTRACE` with the host PID namespace injects code into host processes;
/// `DAC_READ_SEARCH` reads any host file through `open_by_handle_at` (the "shocker" exploit).
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
/// - CWE-250: Execution with Unnecessary Privileges
pub struct Capabilities;

impl InsideRule for Capabilities {
    const META: RuleMeta = RuleMeta {
        id: "C203",
        title: "Capabilities beyond Docker's default set",
        severity: Severity::Medium,
        cis: &["5.4"],
        cwe: &["CWE-250"],
        remediation: "recreate the container with --cap-drop ALL and --cap-add only what it needs; never SYS_ADMIN",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        let Some(bnd) = f.cap_bnd else {
            return Outcome::skip("CapBnd unreadable in /proc/self/status");
        };
        if let Some(last) = f.cap_last_cap {
            let all = if last >= 63 {
                u64::MAX
            } else {
                (1u64 << (last + 1)) - 1
            };
            if bnd & all == all {
                return Outcome::NotApplicable; // C202 reports it
            }
        }
        let eff = decode_caps(f.cap_eff.unwrap_or(0));
        let extra: Vec<String> = decode_caps(bnd)
            .into_iter()
            .filter(|c| !DEFAULT_CAPS.contains(&c.as_str()))
            .collect();
        if extra.is_empty() {
            return Outcome::pass();
        }
        let dangerous = extra.iter().any(|c| cap_risk(c) == CapRisk::Dangerous);
        let shown: Vec<String> = extra
            .iter()
            .map(|c| {
                if eff.contains(c) {
                    c.clone()
                } else {
                    format!("{c} (bounding only)")
                }
            })
            .collect();
        let out = Outcome::fail(format!(
            "capabilities beyond Docker's default set: {}",
            shown.join(", ")
        ))
        .evidence("extra", extra.clone())
        .evidence("effective", eff)
        .evidence("bounding", decode_caps(bnd));
        if dangerous {
            out.severity(Severity::High)
        } else {
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let mask = super::super::DEFAULT_MASK | (1 << 21);
        let f = InsideFacts {
            cap_bnd: Some(mask),
            cap_eff: Some(mask),
            cap_last_cap: Some(40),
            ..Default::default()
        };
        let o = Capabilities.check(&f);
        assert!(matches!(&o, Outcome::Fail(v) if v[0].severity == Some(Severity::High)));
        assert_eq!(
            super::super::messages(o),
            ["capabilities beyond Docker's default set: SYS_ADMIN"]
        );
        let f = InsideFacts {
            cap_bnd: Some(super::super::DEFAULT_MASK),
            cap_last_cap: Some(40),
            ..Default::default()
        };
        assert_eq!(Capabilities.check(&f), Outcome::Pass);
        let f = InsideFacts {
            cap_bnd: Some(0),
            cap_last_cap: Some(40),
            ..Default::default()
        };
        assert_eq!(Capabilities.check(&f), Outcome::Pass);
    }
}
