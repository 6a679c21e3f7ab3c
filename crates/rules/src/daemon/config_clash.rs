use super::host;
use crate::DaemonRule;
use dh_model::host::value_text;
use dh_model::{Failure, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Finds daemon settings given both in daemon.json and as a dockerd flag — the classic case
/// is `"hosts"` in daemon.json (from the usual TLS how-to) while the distribution's
/// `docker.service` starts `dockerd -H fd://`. It names the file and line of each value.
///
/// ## Why is this bad?
/// dockerd refuses to start: "the following directives are specified both as a flag and in
/// the configuration file". The host then has no Docker at all until someone edits the unit,
/// often under pressure and by turning security settings off.
///
/// ## Example
/// `/etc/docker/daemon.json`:
/// ```json
/// { "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"] }
/// ```
/// with `ExecStart=/usr/bin/dockerd -H fd://` in `docker.service`.
///
/// Use instead: keep the value in one place — e.g. a drop-in
/// `/etc/systemd/system/docker.service.d/override.conf` that clears the command line:
/// ```ini
/// [Service]
/// ExecStart=
/// ExecStart=/usr/bin/dockerd
/// ```
///
/// ## References
/// - <https://docs.docker.com/config/daemon/#configure-the-docker-daemon>
/// - <https://docs.docker.com/engine/daemon/remote-access/>
pub struct ConfigClash;

impl DaemonRule for ConfigClash {
    const META: RuleMeta = RuleMeta {
        id: "D201",
        title: "Setting given both in daemon.json and as a dockerd flag",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-1188"],
        remediation: "set each key in one place: remove it from daemon.json or from the dockerd command line (systemd drop-in with an empty ExecStart= line first)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let Some(h) = host(snap) else {
            return super::skip_no_host("the daemon's configuration files");
        };
        let mut failures = Vec::new();
        for (key, settings) in &h.daemon_config {
            if key == "config-file" {
                continue;
            }
            let file: Vec<_> = settings
                .iter()
                .filter(|s| s.source.kind == "daemon.json")
                .collect();
            let flags: Vec<_> = settings
                .iter()
                .filter(|s| s.source.kind != "daemon.json")
                .collect();
            if file.is_empty() || flags.is_empty() {
                continue;
            }
            let in_file: Vec<String> = file
                .iter()
                .map(|s| format!("{} ({})", value_text(&s.value), s.source.display()))
                .collect();
            let as_flag: Vec<String> = flags
                .iter()
                .map(|s| format!("{} ({})", value_text(&s.value), s.source.display()))
                .collect();
            let mut f = Failure::new(format!(
                "{key} is set both in daemon.json [{}] and as a dockerd flag [{}]: dockerd refuses to start (\"the following directives are specified both as a flag and in the configuration file: {key}\")",
                in_file.join(", "),
                as_flag.join(", ")
            ))
            .evidence("daemon.json", in_file)
            .evidence("flags", as_flag);
            if key == "hosts" {
                f = f.remediation(
                    "keep hosts in daemon.json and drop -H from the unit: create /etc/systemd/system/docker.service.d/override.conf with `[Service]`, an empty `ExecStart=`, then `ExecStart=/usr/sbin/dockerd` (your unit's dockerd path, without -H); systemctl daemon-reload && systemctl restart docker",
                );
            }
            failures.push(f);
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn hosts_clash() {
        let s = with_config(&[(
            "hosts",
            json!(["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"]),
        )]);
        let s = flag(
            s,
            "hosts",
            json!("fd://"),
            "/lib/systemd/system/docker.service",
            13,
        );
        assert_eq!(
            messages(&ConfigClash.check(&s)),
            ["hosts is set both in daemon.json [[\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2376\"] (/etc/docker/daemon.json:2)] and as a dockerd flag [fd:// (/lib/systemd/system/docker.service:13)]: dockerd refuses to start (\"the following directives are specified both as a flag and in the configuration file: hosts\")"]
        );
        let s = flag(
            with_config(&[("icc", json!(false))]),
            "hosts",
            json!("fd://"),
            "/lib/systemd/system/docker.service",
            13,
        );
        assert_eq!(ConfigClash.check(&s), Outcome::pass());
    }
}
