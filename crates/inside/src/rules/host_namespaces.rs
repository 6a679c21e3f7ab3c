//! Host namespaces seen from inside. How "host" is decided is documented on
//! `crate::facts::namespaces`: fixed initial inode numbers, `kthreadd`, PID 1 outside our
//! mount namespace, comparison with the host's PID 1, host bridge interfaces.

use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

fn shared(f: &InsideFacts, ns: &str, consequence: &str) -> Outcome {
    match f.namespaces.iter().find(|n| n.name == ns) {
        None => Outcome::skip(format!("{ns} namespace not inspected")),
        Some(n) => match n.host {
            Some(true) => Outcome::fail(format!(
                "shares the host's {ns} namespace ({}): {consequence}",
                n.method
            ))
            .evidence("namespace", ns)
            .evidence("inode", n.inode.unwrap_or(0))
            .evidence("method", n.method.clone()),
            Some(false) => Outcome::pass(),
            None => Outcome::skip(format!("{ns} namespace: {}", n.method)),
        },
    }
}

/// ## What it does
/// Detects a container that shares the host's PID namespace (`--pid host`).
///
/// ## Why is this bad?
/// Every host process is visible, with its command line and environment; with `SYS_PTRACE`
/// or as the same uid, they can be signalled, traced and injected into, and
/// `/proc/1/root` is the host's file system.
///
/// ## Example
/// ```sh
/// docker run --pid host app
/// ```
///
/// Use instead: no `--pid` option (a private PID namespace).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.16
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostPidNs;

impl InsideRule for HostPidNs {
    const META: RuleMeta = RuleMeta {
        id: "C208",
        title: "Host PID namespace",
        severity: Severity::High,
        cis: &["5.16"],
        cwe: &["CWE-668"],
        remediation: "recreate the container without --pid host",
    };
    fn check(&self, f: &InsideFacts) -> Outcome {
        shared(f, "pid", "host processes are visible and reachable")
    }
}

/// ## What it does
/// Detects a container that shares the host's network namespace (`--network host`).
///
/// ## Why is this bad?
/// The container sees and binds every host interface, reaches services listening on the
/// host's loopback (including an engine API on `127.0.0.1:2375`), and escapes every network
/// isolation and firewall rule Docker sets up.
///
/// ## Example
/// ```sh
/// docker run --network host app
/// ```
///
/// Use instead: a user-defined bridge network and `-p` for the ports that must be published.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.10
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostNetNs;

impl InsideRule for HostNetNs {
    const META: RuleMeta = RuleMeta {
        id: "C209",
        title: "Host network namespace",
        severity: Severity::High,
        cis: &["5.10"],
        cwe: &["CWE-668"],
        remediation: "recreate the container without --network host; publish ports with -p",
    };
    fn check(&self, f: &InsideFacts) -> Outcome {
        shared(
            f,
            "net",
            "every host interface and loopback service is reachable",
        )
    }
}

/// ## What it does
/// Detects a container that shares the host's IPC namespace (`--ipc host`).
///
/// ## Why is this bad?
/// Host shared memory segments, semaphores and message queues are readable and writable
/// from the container.
///
/// ## Example
/// ```sh
/// docker run --ipc host app
/// ```
///
/// Use instead: no `--ipc` option, or `--ipc shareable` between the containers that need it.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.17
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostIpcNs;

impl InsideRule for HostIpcNs {
    const META: RuleMeta = RuleMeta {
        id: "C210",
        title: "Host IPC namespace",
        severity: Severity::Medium,
        cis: &["5.17"],
        cwe: &["CWE-668"],
        remediation: "recreate the container without --ipc host",
    };
    fn check(&self, f: &InsideFacts) -> Outcome {
        shared(f, "ipc", "host shared memory and semaphores are reachable")
    }
}

/// ## What it does
/// Detects a container that shares the host's UTS namespace (`--uts host`).
///
/// ## Why is this bad?
/// A process with `SYS_ADMIN` can change the host's hostname and domain name; the host's
/// name also leaks into the container.
///
/// ## Example
/// ```sh
/// docker run --uts host app
/// ```
///
/// Use instead: no `--uts` option.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.21
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostUtsNs;

impl InsideRule for HostUtsNs {
    const META: RuleMeta = RuleMeta {
        id: "C211",
        title: "Host UTS namespace",
        severity: Severity::Medium,
        cis: &["5.21"],
        cwe: &["CWE-668"],
        remediation: "recreate the container without --uts host",
    };
    fn check(&self, f: &InsideFacts) -> Outcome {
        shared(f, "uts", "the host's hostname is shared")
    }
}

/// ## What it does
/// Detects a container that shares the host's cgroup namespace (`--cgroupns host`, the
/// default with cgroup v1).
///
/// ## Why is this bad?
/// The container sees the host's whole cgroup hierarchy and its paths (container ids, other
/// workloads); with write access to a cgroup v1 hierarchy it is the first step of the
/// `release_agent` escape.
///
/// ## Example
/// ```sh
/// docker run --cgroupns host app
/// ```
///
/// Use instead: `--cgroupns private` (the default on cgroup v2 hosts).
///
/// ## References
/// - CWE-668: Exposure of Resource to Wrong Sphere
pub struct HostCgroupNs;

impl InsideRule for HostCgroupNs {
    const META: RuleMeta = RuleMeta {
        id: "C212",
        title: "Host cgroup namespace",
        severity: Severity::Low,
        cis: &[],
        cwe: &["CWE-668"],
        remediation:
            "run with --cgroupns private (or \"default-cgroupns-mode\": \"private\" in daemon.json)",
    };
    fn check(&self, f: &InsideFacts) -> Outcome {
        shared(f, "cgroup", "the host's cgroup hierarchy is visible")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::NamespaceFact;

    #[test]
    fn fails_and_passes() {
        let mut f = InsideFacts::default();
        f.namespaces.push(NamespaceFact {
            name: "pid".into(),
            inode: Some(0xeffffffc),
            host: Some(true),
            method: "inode 0xeffffffc is the kernel's initial pid namespace".into(),
        });
        assert_eq!(
            super::super::messages(HostPidNs.check(&f)),
            ["shares the host's pid namespace (inode 0xeffffffc is the kernel's initial pid namespace): host processes are visible and reachable"]
        );
        f.namespaces[0].host = Some(false);
        assert_eq!(HostPidNs.check(&f), Outcome::Pass);
    }
}
