use super::host;
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Reports a daemon.json that is not a valid JSON object, with the line and column of the
/// error.
///
/// ## Why is this bad?
/// dockerd refuses to start with an unreadable configuration file ("unable to configure the
/// Docker daemon with file …"); every other setting in it — TLS, user namespaces, ICC — is
/// not in effect on the next restart.
///
/// ## Example
/// ```json
/// { "icc": false, }
/// ```
///
/// Use instead: `{ "icc": false }` (no trailing commas or comments; check with
/// `dockerd --validate --config-file /etc/docker/daemon.json` on Docker 23+).
///
/// ## References
/// - <https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file>
pub struct DaemonJsonInvalid;

impl DaemonRule for DaemonJsonInvalid {
    const META: RuleMeta = RuleMeta {
        id: "D202",
        title: "daemon.json is not valid",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-1188"],
        remediation: "fix the JSON syntax of daemon.json at the reported line",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("daemon.json");
        };
        let Some(path) = &h.daemon_json else {
            return Outcome::pass();
        };
        match snap
            .errors
            .iter()
            .find(|e| &e.source == path && e.message.starts_with("line "))
        {
            Some(e) => Outcome::fail(format!(
                "{path}: {}: dockerd refuses to start with this file",
                e.message
            ))
            .evidence("daemon.json", path.clone()),
            None => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use dh_model::CollectionError;

    #[test]
    fn fail_and_pass() {
        let mut s = with_config(&[]);
        s.host.as_mut().unwrap().daemon_json = Some("/etc/docker/daemon.json".into());
        assert_eq!(DaemonJsonInvalid.check(&s), Outcome::pass());
        s.errors.push(CollectionError {
            source: "/etc/docker/daemon.json".into(),
            message: "line 3 column 1: trailing comma".into(),
        });
        assert_eq!(
            messages(&DaemonJsonInvalid.check(&s)),
            ["/etc/docker/daemon.json: line 3 column 1: trailing comma: dockerd refuses to start with this file"]
        );
    }
}
