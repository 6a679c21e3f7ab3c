use super::{host, set_at};
use crate::concepts::daemon_security_options;
use crate::DaemonRule;
use dh_model::{Failure, HostFacts, IdRange, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that user-namespace remapping is on (`userns-remap`; `name=userns` in the API's
/// `SecurityOptions`) and, when host files were read, that `/etc/subuid` and `/etc/subgid`
/// hold a range for the remap user (`dockremap` for `default`) that overlaps no other
/// user's range.
///
/// ## Why is this bad?
/// Without remapping, root in a container is root (uid 0) on the host: any escape, or any
/// host file a container can reach, is handled as root's. With remapping, container root is
/// an unprivileged uid. A missing range stops dockerd from starting; an overlapping one maps
/// container users onto another user's files.
///
/// ## Example
/// No `userns-remap` in daemon.json.
///
/// Use instead:
/// ```json
/// { "userns-remap": "default" }
/// ```
/// with `dockremap:100000:65536` in `/etc/subuid` and `/etc/subgid`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.9
/// - <https://docs.docker.com/engine/security/userns-remap/>
pub struct UsernsRemap;

impl DaemonRule for UsernsRemap {
    const META: RuleMeta = RuleMeta {
        id: "D009",
        title: "User namespace remapping is off or misconfigured",
        severity: Severity::Medium,
        cis: &["2.9"],
        cwe: &["CWE-250"],
        remediation: "set \"userns-remap\": \"default\" in /etc/docker/daemon.json and give dockremap its own ranges in /etc/subuid and /etc/subgid",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let api = snap.daemon.as_ref().map(|d| {
            daemon_security_options(&d.info.security_options)
                .iter()
                .any(|o| o.name == "userns")
        });
        let cfg = host(snap)
            .and_then(|h| h.str_setting("userns-remap"))
            .filter(|(v, _)| !v.is_empty());
        match (api, &cfg) {
            (Some(false), _) => {
                let mut o = Outcome::fail("user namespace remapping is off: root in a container is root on the host")
                    .evidence("Info.SecurityOptions", snap.daemon.as_ref().map(|d| d.info.security_options.clone()).unwrap_or_default());
                if let Some((v, s)) = &cfg {
                    o = o.evidence("userns-remap", format!("{v} ({}) — not in effect: restart dockerd", set_at(s)));
                }
                o
            }
            (None, None) if host(snap).is_none() => super::skip_neither(snap),
            (None, None) => Outcome::fail("user namespace remapping is off: userns-remap is not set, so root in a container is root on the host")
                .evidence("userns-remap", "not set"),
            (_, Some((v, s))) => match host(snap) {
                Some(h) => check_ranges(h, v, &set_at(s)),
                None => Outcome::pass(),
            },
            (Some(true), None) => match host(snap) {
                // On, but the setting was not found in the files read (e.g. another config file).
                Some(h) if h.subuid.is_some() => check_ranges(h, "default", "API"),
                _ => Outcome::pass(),
            },
        }
    }
}

fn check_ranges(h: &HostFacts, value: &str, at: &str) -> Outcome {
    let (user, group) = match value {
        "default" => ("dockremap".to_string(), "dockremap".to_string()),
        v => match v.split_once(':') {
            Some((u, g)) => (u.to_string(), g.to_string()),
            None => (v.to_string(), v.to_string()),
        },
    };
    let mut failures = Vec::new();
    for (file, ranges, who) in [
        ("/etc/subuid", &h.subuid, &user),
        ("/etc/subgid", &h.subgid, &group),
    ] {
        let Some(ranges) = ranges else {
            failures.push(
                Failure::new(format!("userns-remap is {value} ({at}) but {file} does not exist: dockerd cannot start"))
                    .severity(Severity::High),
            );
            continue;
        };
        let mine: Vec<&IdRange> = ranges.iter().filter(|r| &r.user == who).collect();
        if mine.is_empty() {
            failures.push(
                Failure::new(format!("userns-remap is {value} ({at}) but {file} has no entry for {who}: dockerd cannot start"))
                    .severity(Severity::High),
            );
            continue;
        }
        for m in &mine {
            for o in ranges.iter().filter(|r| &r.user != who) {
                if m.start < o.start + o.count && o.start < m.start + m.count {
                    failures.push(
                        Failure::new(format!(
                            "{file}: the range of {who} ({}:{}, {}) overlaps the range of {} ({}:{}, {}): container ids map onto that user's files",
                            m.start, m.count, m.source.display(), o.user, o.start, o.count, o.source.display()
                        ))
                        .evidence("range", format!("{}:{}:{}", who, m.start, m.count))
                        .evidence("overlaps", format!("{}:{}:{}", o.user, o.start, o.count)),
                    );
                }
            }
        }
    }
    Outcome::from_failures(failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use dh_model::SourceRef;
    use serde_json::json;

    fn range(user: &str, start: u64, line: u32, file: &str) -> IdRange {
        IdRange {
            user: user.into(),
            start,
            count: 65536,
            source: SourceRef {
                path: file.into(),
                line,
                kind: String::new(),
            },
        }
    }

    #[test]
    fn api() {
        assert_eq!(
            messages(&UsernsRemap.check(&recorded())),
            ["user namespace remapping is off: root in a container is root on the host"]
        );
        assert_eq!(UsernsRemap.check(&recorded_hardened()), Outcome::pass());
    }

    #[test]
    fn ranges() {
        let mut s = with_config(&[("userns-remap", json!("default"))]);
        let h = s.host.as_mut().unwrap();
        h.subuid = Some(vec![
            range("alice", 100000, 1, "/etc/subuid"),
            range("dockremap", 150000, 2, "/etc/subuid"),
        ]);
        h.subgid = Some(vec![]);
        assert_eq!(
            messages(&UsernsRemap.check(&s)),
            [
                "/etc/subuid: the range of dockremap (150000:65536, /etc/subuid:2) overlaps the range of alice (100000:65536, /etc/subuid:1): container ids map onto that user's files",
                "userns-remap is default (set in /etc/docker/daemon.json:2) but /etc/subgid has no entry for dockremap: dockerd cannot start",
            ]
        );
        let h = s.host.as_mut().unwrap();
        h.subuid = Some(vec![
            range("alice", 100000, 1, "/etc/subuid"),
            range("dockremap", 165536, 2, "/etc/subuid"),
        ]);
        h.subgid = Some(vec![range("dockremap", 165536, 1, "/etc/subgid")]);
        assert_eq!(UsernsRemap.check(&s), Outcome::pass());
        assert_eq!(
            messages(&UsernsRemap.check(&with_config(&[]))),
            ["user namespace remapping is off: userns-remap is not set, so root in a container is root on the host"]
        );
    }
}
