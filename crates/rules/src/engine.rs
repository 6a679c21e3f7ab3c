//! Runs registered rules over a Snapshot and gathers findings, passes and skips.

use crate::{RuleEntry, Runner};
use dh_model::{Finding, ObjectKind, ObjectRef, Outcome, Report, ReportEntry, RuleMeta, Snapshot};

/// Adds one rule's outcome on one object to a report.
pub fn record(report: &mut Report, meta: &RuleMeta, object: &ObjectRef, outcome: Outcome) {
    match outcome {
        Outcome::Pass => report.passed.push(ReportEntry {
            rule: meta.id.to_string(),
            object: object.clone(),
            reason: None,
        }),
        Outcome::Skip(reason) => report.skipped.push(ReportEntry {
            rule: meta.id.to_string(),
            object: object.clone(),
            reason: Some(reason),
        }),
        Outcome::NotApplicable => {}
        Outcome::Fail(failures) => {
            for f in failures {
                report.findings.push(Finding::from_failure(meta, object, f));
            }
        }
    }
}

/// The object reference of a container as reports show it.
pub fn container_ref(c: &dh_model::Container) -> ObjectRef {
    ObjectRef::named(ObjectKind::Container, c.display_name())
        .with_id(c.id.clone())
        .with_state(c.status().to_string())
}

pub fn image_ref(i: &dh_model::Image) -> ObjectRef {
    ObjectRef::named(ObjectKind::Image, i.display_name()).with_id(i.id.clone())
}

pub fn network_ref(n: &dh_model::Network) -> ObjectRef {
    ObjectRef::named(ObjectKind::Network, n.name.clone()).with_id(n.id.clone())
}

/// Runs `rules` on `snap` into `report` (which the caller finishes).
///
/// `Daemon` and `Host` rules are always called, once per snapshot: each decides from the
/// API data (`snap.daemon`) or the host facts (`snap.host`), whichever it has, and returns
/// `Outcome::skip` itself when neither can decide it (see [`daemon_missing_reason`]).
pub fn run(rules: &[RuleEntry], snap: &Snapshot, report: &mut Report) {
    for rule in rules {
        match rule.run {
            Runner::Daemon(f) => record(report, rule.meta, &ObjectRef::daemon(), f(snap)),
            Runner::Host(f) => record(report, rule.meta, &ObjectRef::host(), f(snap)),
            Runner::Container(f) => {
                for c in &snap.containers {
                    record(report, rule.meta, &container_ref(c), f(c, snap));
                }
            }
            Runner::Network(f) => {
                for n in &snap.networks {
                    record(report, rule.meta, &network_ref(n), f(n, snap));
                }
            }
            Runner::Image(f) => {
                for i in &snap.images {
                    record(report, rule.meta, &image_ref(i), f(i, snap));
                }
            }
        }
    }
}

/// Why daemon data is missing (for a rule's skip reason).
pub fn daemon_missing_reason(snap: &Snapshot) -> String {
    snap.errors
        .iter()
        .find(|e| e.source.starts_with("GET /info") || e.source.starts_with("GET /version"))
        .map(|e| format!("daemon data unavailable: {}", e.message))
        .unwrap_or_else(|| "daemon data was not collected".to_string())
}

/// Why host facts are missing (for a rule's skip reason).
pub fn host_missing_reason(snap: &Snapshot) -> String {
    let remote = snap
        .docker_host
        .as_deref()
        .is_some_and(|h| !h.starts_with("unix://"));
    if remote {
        "host files were not read: the daemon is remote (run on its host, or give --root with a copy of its files)".to_string()
    } else {
        "host files were not collected (audit with --root, or on the Docker host itself)"
            .to_string()
    }
}

/// Skip reason for a rule that needs either daemon data or host facts and has neither.
pub fn neither_reason(snap: &Snapshot) -> String {
    format!(
        "{}, and {}",
        daemon_missing_reason(snap),
        host_missing_reason(snap)
    )
}
