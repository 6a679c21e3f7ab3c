use super::{host_namespace, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `uts: host`.
///
/// ## Why is this bad?
/// The container shares the host's UTS namespace: it sees, and as root can change, the
/// host's hostname and NIS domain name, which other host services and logs rely on.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     uts: host
/// ```
///
/// Use instead: leave `uts` unset; set `hostname:` if the service needs a given name.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.21
pub struct UtsHost;

impl ServiceRule for UtsHost {
    const META: RuleMeta = RuleMeta {
        id: "K024",
        title: "Host UTS namespace",
        severity: Severity::Medium,
        cis: &["5.21"],
        cwe: &["CWE-668"],
        remediation: "remove `uts: host`",
    };

    fn check(&self, s: &Service) -> Outcome {
        host_namespace(s, &s.uts, "uts", "shares the host's UTS namespace")
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    uts: host\n  b:\n    image: a:1\n";
        assert_eq!(
            run("K024", y),
            [
                "4:5: service app shares the host's UTS namespace (uts: host)",
                "pass"
            ]
        );
    }
}
