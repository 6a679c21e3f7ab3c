use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::{cap_risk, normalize_cap, CapRisk};

/// ## What it does
/// Flags every capability a service adds with `cap_add`. `ALL` and capabilities with a
/// known path to the host (`SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `NET_ADMIN`, `BPF`, …)
/// are high; other extra capabilities medium; capabilities that are in Docker's default set
/// anyway (useful after `cap_drop: [ALL]`) low.
///
/// ## Why is this bad?
/// Each capability is a slice of root. `SYS_ADMIN` alone allows mounting filesystems and is
/// the usual first step of a container escape; `SYS_MODULE` loads kernel code.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     cap_add: [SYS_ADMIN]
/// ```
///
/// Use instead: drop everything and add back only what is needed:
/// ```yaml
///     cap_drop: [ALL]
///     cap_add: [NET_BIND_SERVICE]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.4
/// - capabilities(7)
pub struct CapAdd;

impl ServiceRule for CapAdd {
    const META: RuleMeta = RuleMeta {
        id: "K008",
        title: "Capabilities added",
        severity: Severity::High,
        cis: &["5.4"],
        cwe: &["CWE-250"],
        remediation:
            "remove the capability from cap_add, or add only the narrow one the service needs",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .cap_add
            .iter()
            .map(|c| {
                let cap = normalize_cap(&c.value);
                let (sev, why) = match cap_risk(&cap) {
                    CapRisk::All => (Severity::High, "every capability"),
                    CapRisk::Dangerous => (Severity::High, "a known path to the host"),
                    CapRisk::Extra => (Severity::Medium, "not in Docker's default set"),
                    CapRisk::Default => (Severity::Low, "in Docker's default set"),
                };
                fail_at(
                    s,
                    &c.pos,
                    format!("service {} adds capability {cap} ({why})", s.name),
                )
                .evidence("capability", cap)
                .severity(sev)
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
        let y = "services:\n  app:\n    image: a:1\n    cap_add: [cap_sys_admin, IPC_LOCK, ALL]\n  b:\n    image: a:1\n    cap_drop: [ALL]\n";
        assert_eq!(
            run("K008", y),
            [
                "4:15: service app adds capability SYS_ADMIN (a known path to the host)",
                "4:30: service app adds capability IPC_LOCK (not in Docker's default set)",
                "4:40: service app adds capability ALL (every capability)",
                "pass"
            ]
        );
    }
}
