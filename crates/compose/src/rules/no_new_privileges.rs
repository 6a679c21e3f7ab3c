use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::{has_no_new_privileges, parse_security_opt};

/// ## What it does
/// Flags services whose `security_opt` does not turn on `no-new-privileges`.
///
/// ## Why is this bad?
/// Without it a process in the container can gain privileges through setuid and setgid
/// binaries (`su`, `sudo`, `passwd`, a planted binary) or file capabilities. With it, the
/// kernel refuses any privilege gain on `execve`.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   app:
///     image: app:1
///     security_opt: ["no-new-privileges:true"]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.26
pub struct NoNewPrivileges;

impl ServiceRule for NoNewPrivileges {
    const META: RuleMeta = RuleMeta {
        id: "K012",
        title: "no-new-privileges not set",
        severity: Severity::Medium,
        cis: &["5.26"],
        cwe: &["CWE-250"],
        remediation: "add `security_opt: [\"no-new-privileges:true\"]`",
    };

    fn check(&self, s: &Service) -> Outcome {
        let opts: Vec<String> = s.security_opt.iter().map(|o| o.value.clone()).collect();
        if has_no_new_privileges(&opts) {
            return Outcome::Pass;
        }
        // Point at an explicit `no-new-privileges:false`, else at security_opt, else the service.
        let explicit = s
            .security_opt
            .iter()
            .rev()
            .find(|o| parse_security_opt(&o.value).0 == "no-new-privileges");
        let (pos, msg) = match explicit {
            Some(o) => (&o.pos, format!("service {} turns no-new-privileges off ({})", s.name, o.value)),
            None => (
                s.security_opt_pos.as_ref().unwrap_or(&s.pos),
                format!("service {} can gain privileges through setuid binaries (no security_opt no-new-privileges:true)", s.name),
            ),
        };
        Outcome::Fail(vec![fail_at(s, pos, msg)])
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n  off:\n    image: a:1\n    security_opt: [\"no-new-privileges=false\"]\n  ok:\n    image: a:1\n    security_opt: [no-new-privileges]\n";
        assert_eq!(
            run("K012", y),
            [
                "2:3: service app can gain privileges through setuid binaries (no security_opt no-new-privileges:true)",
                "6:20: service off turns no-new-privileges off (no-new-privileges=false)",
                "pass"
            ]
        );
    }
}
