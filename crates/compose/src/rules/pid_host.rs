use super::{host_namespace, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `pid: host`.
///
/// ## Why is this bad?
/// The container sees every process on the host, can read their environment and command
/// lines (secrets), and with `SYS_PTRACE` or as root can signal or attach to them.
///
/// ## Example
/// ```yaml
/// services:
///   monitor:
///     image: monitor:3
///     pid: host
/// ```
///
/// Use instead: leave `pid` unset (a private PID namespace).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.16
pub struct PidHost;

impl ServiceRule for PidHost {
    const META: RuleMeta = RuleMeta {
        id: "K005",
        title: "Host PID namespace",
        severity: Severity::High,
        cis: &["5.16"],
        cwe: &["CWE-668"],
        remediation: "remove `pid: host`",
    };

    fn check(&self, s: &Service) -> Outcome {
        host_namespace(s, &s.pid, "pid", "shares the host's process namespace")
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  mon:\n    image: a:1\n    pid: \"host\"\n  db:\n    image: a:1\n";
        assert_eq!(
            run("K005", y),
            [
                "4:5: service mon shares the host's process namespace (pid: host)",
                "pass"
            ]
        );
    }
}
