use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::normalize_cap;

/// ## What it does
/// Flags services that do not drop every capability with `cap_drop: [ALL]`.
///
/// ## Why is this bad?
/// Docker's default set still holds 14 capabilities (`NET_RAW` for ARP and DNS spoofing,
/// `CHOWN`, `DAC_OVERRIDE`, `SETUID`, `MKNOD`, …). Most services need none of them, or
/// one (`NET_BIND_SERVICE`). Dropping all and adding back the few needed makes an exploit
/// inside the container much less useful.
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     cap_drop: [ALL]
///     cap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.4
pub struct CapDropAll;

impl ServiceRule for CapDropAll {
    const META: RuleMeta = RuleMeta {
        id: "K009",
        title: "Capabilities not dropped",
        severity: Severity::Low,
        cis: &["5.4"],
        cwe: &["CWE-250"],
        remediation: "add `cap_drop: [ALL]` and cap_add only what the service needs",
    };

    fn check(&self, s: &Service) -> Outcome {
        if s.privileged.as_ref().is_some_and(|p| p.value) {
            // K001 covers it; cap_drop has no effect on a privileged container.
            return Outcome::Pass;
        }
        if s.cap_drop.iter().any(|c| normalize_cap(&c.value) == "ALL") {
            return Outcome::Pass;
        }
        Outcome::Fail(vec![fail_at(
            s,
            &s.pos,
            format!(
                "service {} keeps Docker's default capabilities (no cap_drop: [ALL])",
                s.name
            ),
        )])
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  web:\n    image: a:1\n    cap_drop: [NET_RAW]\n  ok:\n    image: a:1\n    cap_drop:\n      - all\n";
        assert_eq!(
            run("K009", y),
            [
                "2:3: service web keeps Docker's default capabilities (no cap_drop: [ALL])",
                "pass"
            ]
        );
    }
}
