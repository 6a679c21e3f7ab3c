use super::{host_namespace, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags services with `ipc: host`.
///
/// ## Why is this bad?
/// The container shares the host's System V IPC objects and POSIX shared memory
/// (`/dev/shm`): it can read and corrupt memory that host processes share.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     ipc: host
/// ```
///
/// Use instead: leave `ipc` unset, or `ipc: shareable` / `ipc: "service:other"` to share
/// only between the services that need it.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.17
pub struct IpcHost;

impl ServiceRule for IpcHost {
    const META: RuleMeta = RuleMeta {
        id: "K006",
        title: "Host IPC namespace",
        severity: Severity::High,
        cis: &["5.17"],
        cwe: &["CWE-668"],
        remediation: "remove `ipc: host`",
    };

    fn check(&self, s: &Service) -> Outcome {
        host_namespace(s, &s.ipc, "ipc", "shares the host's IPC namespace")
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    ipc: host\n  b:\n    image: a:1\n    ipc: shareable\n";
        assert_eq!(
            run("K006", y),
            [
                "4:5: service app shares the host's IPC namespace (ipc: host)",
                "pass"
            ]
        );
    }
}
