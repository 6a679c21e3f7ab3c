use super::facts;
use crate::HostRule;
use dh_model::{HostFacts, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that the Linux audit rules watch what CIS 1.1.3–1.1.18 name, for each that exists
/// on the host: the dockerd binary (1.1.3), `/run/containerd` (1.1.4), the data root (1.1.5),
/// `/etc/docker` (1.1.6), `docker.service` (1.1.7), `containerd.sock` (1.1.8),
/// `docker.socket` (1.1.9), `/etc/default/docker` (1.1.10), daemon.json (1.1.11),
/// `/etc/containerd/config.toml` (1.1.12), `/etc/sysconfig/docker` (1.1.13), and the
/// containerd, containerd-shim(-runc-v1/v2) and runc binaries (1.1.14–1.1.18). Rules are read
/// from `/etc/audit/rules.d/*.rules` and `/etc/audit/audit.rules`, and from `auditctl -l`
/// when live. A watch on a directory covers what is below it.
///
/// ## Why is this bad?
/// Docker runs as root; without audit records, changes to its configuration, binaries and
/// data — the traces of an intrusion or of a container escape — go unrecorded.
///
/// ## Example
/// No `/etc/audit/rules.d/docker.rules`.
///
/// Use instead:
/// ```text
/// -w /usr/bin/dockerd -k docker
/// -w /var/lib/docker -k docker
/// -w /etc/docker -k docker
/// -w /lib/systemd/system/docker.service -k docker
/// ```
/// then `augenrules --load`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 1.1.3–1.1.18
pub struct AuditRules;

impl HostRule for AuditRules {
    const META: RuleMeta = RuleMeta {
        id: "H013",
        title: "Docker files and binaries are not audited",
        severity: Severity::Low,
        cis: &[
            "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.1.9", "1.1.10", "1.1.11", "1.1.12", "1.1.13",
            "1.1.14", "1.1.15", "1.1.16", "1.1.17", "1.1.18",
        ],
        cwe: &["CWE-778"],
        remediation: "add `-w PATH -k docker` for each listed path to /etc/audit/rules.d/docker.rules and run augenrules --load",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let h = match facts(snap) {
            Ok(h) => h,
            Err(o) => return o,
        };
        let targets = targets(h);
        if targets.is_empty() {
            return Outcome::skip(format!(
                "none of the files CIS 1.1.3-1.1.18 name exist under {}",
                h.root
            ));
        }
        let watches: Vec<String> = h
            .audit
            .as_ref()
            .map(|a| a.watches.iter().map(|w| canon(&w.path)).collect())
            .unwrap_or_default();
        let watched = |p: &str| {
            let p = canon(p);
            watches
                .iter()
                .any(|w| p == *w || p.starts_with(&format!("{}/", w.trim_end_matches('/'))))
        };
        // An item is covered when any of its paths is watched (e.g. /usr/bin/runc or /usr/sbin/runc).
        let mut missing: Vec<String> = Vec::new();
        let mut fix: Vec<String> = Vec::new();
        let mut i = 0;
        while i < targets.len() {
            let cis = &targets[i].0;
            let group: Vec<&String> = targets[i..]
                .iter()
                .take_while(|(c, _)| c == cis)
                .map(|(_, p)| p)
                .collect();
            i += group.len();
            if !group.iter().any(|p| watched(p)) {
                missing.push(format!("{} ({cis})", group[0]));
                fix.push(format!("-w {} -k docker", group[0]));
            }
        }
        if missing.is_empty() {
            return Outcome::pass();
        }
        let rules_txt = match &h.audit {
            None => {
                "there are no audit rules (/etc/audit/rules.d/*.rules, /etc/audit/audit.rules): "
                    .to_string()
            }
            Some(a) => format!("the audit rules ({}) ", a.sources.join(", ")),
        };
        let verb = if h.audit.is_none() {
            "nothing watches"
        } else {
            "do not watch"
        };
        Outcome::fail(format!("{rules_txt}{verb} {}", missing.join(", ")))
            .evidence("missing", missing)
            .remediation(format!(
                "add to /etc/audit/rules.d/docker.rules: {} — then augenrules --load",
                fix.join("; ")
            ))
    }
}

/// `/var/run/x` and `/run/x` are the same place.
fn canon(p: &str) -> String {
    let p = crate::concepts::normalize_path(p);
    match p.strip_prefix("/var/run") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/run{rest}"),
        _ => p,
    }
}

/// `(CIS id, path)` for every audit target present on the host.
fn targets(h: &HostFacts) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = h
        .units
        .iter()
        .filter(|u| !u.drop_in)
        .map(|u| {
            (
                if u.unit == "docker.socket" {
                    "1.1.9"
                } else {
                    "1.1.7"
                }
                .to_string(),
                u.path.clone(),
            )
        })
        .collect();
    for (path, f) in &h.files {
        if !f.exists {
            continue;
        }
        for r in &f.roles {
            let Some(cis) = r.strip_prefix("audit:") else {
                continue;
            };
            out.push((cis.to_string(), path.clone()));
        }
    }
    let key = |c: &str| {
        c.split('.')
            .map(|n| n.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    out.sort_by(|a, b| key(&a.0).cmp(&key(&b.0)).then(a.1.cmp(&b.1)));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::messages;
    use crate::host::testutil::{file, host};
    use dh_model::{AuditFacts, AuditWatch};

    #[test]
    fn fail_and_pass() {
        let mut s = host(|h| {
            h.files.insert(
                "/usr/bin/dockerd".into(),
                file("audit:1.1.3", "root", "root", 0o755),
            );
            h.files.insert(
                "/etc/docker".into(),
                file("audit:1.1.6", "root", "root", 0o755),
            );
            h.files.insert(
                "/etc/docker/daemon.json".into(),
                file("audit:1.1.11", "root", "root", 0o644),
            );
        });
        assert_eq!(
            messages(&AuditRules.check(&s)),
            ["there are no audit rules (/etc/audit/rules.d/*.rules, /etc/audit/audit.rules): nothing watches /usr/bin/dockerd (1.1.3), /etc/docker (1.1.6), /etc/docker/daemon.json (1.1.11)"]
        );
        let w = |p: &str| AuditWatch {
            path: p.into(),
            source: Default::default(),
        };
        s.host.as_mut().unwrap().audit = Some(AuditFacts {
            sources: vec!["/etc/audit/rules.d/docker.rules".into()],
            watches: vec![w("/usr/bin/dockerd")],
        });
        assert_eq!(
            messages(&AuditRules.check(&s)),
            ["the audit rules (/etc/audit/rules.d/docker.rules) do not watch /etc/docker (1.1.6), /etc/docker/daemon.json (1.1.11)"]
        );
        s.host
            .as_mut()
            .unwrap()
            .audit
            .as_mut()
            .unwrap()
            .watches
            .push(w("/etc/docker/"));
        assert_eq!(AuditRules.check(&s), Outcome::pass());
    }
}
