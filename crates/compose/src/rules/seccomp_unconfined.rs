use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};
use dh_rules::concepts::{parse_security_opt, security_opt_value};

/// ## What it does
/// Flags services with `security_opt: ["seccomp:unconfined"]` (or `seccomp=unconfined`).
///
/// ## Why is this bad?
/// Docker's default seccomp profile blocks about 50 system calls that containers do not
/// need and that have been the way out in kernel exploits (`keyctl`, `unshare`, `bpf`,
/// `userfaultfd`, …). Unconfined removes that filter.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     security_opt: ["seccomp:unconfined"]
/// ```
///
/// Use instead: the default profile, or a custom one that adds only the needed call:
/// `security_opt: ["seccomp:./seccomp.json"]`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.22
pub struct SeccompUnconfined;

impl ServiceRule for SeccompUnconfined {
    const META: RuleMeta = RuleMeta {
        id: "K010",
        title: "Seccomp disabled",
        severity: Severity::High,
        cis: &["5.22"],
        cwe: &["CWE-693"],
        remediation: "remove `seccomp:unconfined` from security_opt (or use a custom profile)",
    };

    fn check(&self, s: &Service) -> Outcome {
        unconfined(s, "seccomp", "disables the seccomp filter")
    }
}

/// Fails when the last `KEY:` security option of the service is `unconfined`.
pub(crate) fn unconfined(s: &Service, key: &str, what: &str) -> Outcome {
    let opts: Vec<String> = s.security_opt.iter().map(|o| o.value.clone()).collect();
    if !security_opt_value(&opts, key).is_some_and(|v| v.eq_ignore_ascii_case("unconfined")) {
        return Outcome::Pass;
    }
    let Some(item) = s
        .security_opt
        .iter()
        .rev()
        .find(|o| parse_security_opt(&o.value).0 == key)
    else {
        return Outcome::Pass;
    };
    Outcome::Fail(vec![fail_at(
        s,
        &item.pos,
        format!("service {} {what} (security_opt: {})", s.name, item.value),
    )
    .evidence("security_opt", item.value.clone())])
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    security_opt:\n      - seccomp=unconfined\n  b:\n    image: a:1\n    security_opt: [\"seccomp:unconfined\", \"seccomp:./p.json\"]\n";
        assert_eq!(
            run("K010", y),
            [
                "5:9: service app disables the seccomp filter (security_opt: seccomp=unconfined)",
                "pass"
            ]
        );
    }
}
