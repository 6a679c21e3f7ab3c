use super::host;
use crate::concepts::daemon_security_options;
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Reports a Docker daemon that runs as root (rootful) rather than in rootless mode.
///
/// ## Why is this bad?
/// A rootful daemon is root on the host: any escape from a container, and any user who can
/// reach its socket, gets root. Rootless mode runs the daemon and its containers as an
/// unprivileged user, so an escape lands in that user's account. It is not always possible
/// (some storage and network features need root), hence a low severity.
///
/// ## Example
/// `SecurityOptions` without `name=rootless`, or a dockerd process with uid 0.
///
/// Use instead: `dockerd-rootless-setuptool.sh install` as an unprivileged user.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.1
/// - <https://docs.docker.com/engine/security/rootless/>
pub struct Rootful;

impl DaemonRule for Rootful {
    const META: RuleMeta = RuleMeta {
        id: "D001",
        title: "Daemon runs as root (not rootless)",
        severity: Severity::Low,
        cis: &["2.1"],
        cwe: &["CWE-250"],
        remediation: "run the daemon in rootless mode where the workload allows it (dockerd-rootless-setuptool.sh install)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        if let Some(d) = &snap.daemon {
            let rootless = daemon_security_options(&d.info.security_options)
                .iter()
                .any(|o| o.name == "rootless");
            return if rootless {
                Outcome::pass()
            } else {
                Outcome::fail("the daemon runs as root: SecurityOptions has no name=rootless")
                    .evidence("Info.SecurityOptions", d.info.security_options.clone())
            };
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        if h.bool_setting("rootless").is_some_and(|(b, _)| b) {
            return Outcome::pass();
        }
        match h.dockerd.as_ref().and_then(|c| c.uid.map(|u| (u, c))) {
            Some((0, c)) => Outcome::fail(format!(
                "dockerd (pid {}) runs as root (uid 0)",
                c.pid.unwrap_or(0)
            ))
            .evidence("dockerd.uid", 0),
            Some(_) => Outcome::pass(),
            None => Outcome::skip(
                "no running dockerd process was read (not live) and the API was not queried",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;

    #[test]
    fn fail_and_pass() {
        let o = Rootful.check(&recorded());
        assert_eq!(
            messages(&o),
            ["the daemon runs as root: SecurityOptions has no name=rootless"]
        );
        let mut s = recorded();
        s.daemon
            .as_mut()
            .unwrap()
            .info
            .security_options
            .push("name=rootless".into());
        assert_eq!(Rootful.check(&s), Outcome::pass());
        assert!(matches!(
            Rootful.check(&Snapshot::default()),
            Outcome::Skip(_)
        ));
    }
}
