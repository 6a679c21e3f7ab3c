//! A representative report for the reporters' tests (several objects and severities, a file
//! finding with a location, passes, skips, an ignored finding, errors and warnings) and a
//! rule catalog to render it with. Not part of the API.

use crate::RenderOptions;
use dh_model::{
    Finding, Location, ObjectKind, ObjectRef, Report, ReportEntry, RuleMeta, Severity, Suppressed,
    Target,
};
use serde_json::{json, Map, Value};

pub static C005: RuleMeta = RuleMeta {
    id: "C005",
    title: "Privileged container",
    severity: Severity::Critical,
    cis: &["5.5"],
    cwe: &["CWE-250"],
    remediation: "recreate without --privileged; add only the capabilities it needs with --cap-add",
};

pub static C027: RuleMeta = RuleMeta {
    id: "C027",
    title: "No healthcheck",
    severity: Severity::Low,
    cis: &["5.27"],
    cwe: &["CWE-754"],
    remediation: "add --health-cmd (or HEALTHCHECK in the image)",
};

const C005_DOC: &str = "## What it does\nFlags containers created with `--privileged`.\n\n## Why is this bad?\nA privileged container gets every capability and every host device.\n\n## Example\n```sh\ndocker run --privileged nginx\n```\n\n## References\n- CIS Docker Benchmark v1.6.0, 5.5";
const C027_DOC: &str = "## What it does\nFlags containers without a healthcheck.\n\n## Why is this bad?\nNobody notices a hung service.";

/// The catalog the fixture is rendered with (F012, I001, D010 and C001 are deliberately
/// missing: reporters must fall back to what the finding says).
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    vec![(&C005, C005_DOC), (&C027, C027_DOC)]
}

fn ev(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule: &str,
    title: &str,
    severity: Severity,
    cis: &[&str],
    cwe: &[&str],
    object: ObjectRef,
    message: &str,
    evidence: Map<String, Value>,
    remediation: &str,
) -> Finding {
    Finding {
        rule: rule.into(),
        title: title.into(),
        severity,
        cis: cis.iter().map(|s| s.to_string()).collect(),
        cwe: cwe.iter().map(|s| s.to_string()).collect(),
        cve: vec![],
        object,
        location: None,
        message: message.into(),
        evidence,
        remediation: remediation.into(),
    }
}

fn container(name: &str, id: &str, state: &str) -> ObjectRef {
    ObjectRef::named(ObjectKind::Container, name)
        .with_id(id)
        .with_state(state)
}

/// The sample report, finished.
pub fn report() -> Report {
    let web = container(
        "web",
        "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
        "running",
    );
    let db = container(
        "db",
        "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
        "exited",
    );
    let mut r = Report::new(Target {
        kind: "host".into(),
        docker_host: Some("unix:///var/run/docker.sock".into()),
        engine_version: Some("20.10.24".into()),
        api_version: Some("1.41".into()),
        name: None,
    });
    r.tool.version = "0.0.0-test".into();
    r.duration_ms = 41;
    r.findings = vec![
        finding(
            "C005",
            "Privileged container",
            Severity::Critical,
            &["5.5"],
            &["CWE-250"],
            web.clone(),
            "container web runs with --privileged: every capability, every device",
            ev(&[("HostConfig.Privileged", json!(true))]),
            C005.remediation,
        ),
        finding(
            "C027",
            "No healthcheck",
            Severity::Low,
            &["5.27"],
            &["CWE-754"],
            web.clone(),
            "container web has no healthcheck",
            ev(&[("Config.Healthcheck", Value::Null)]),
            C027.remediation,
        ),
        finding(
            "C001",
            "Runs as root",
            Severity::High,
            &["4.1"],
            &["CWE-250"],
            db.clone(),
            "container db runs as root (User is empty)",
            ev(&[("Config.User", json!(""))]),
            "run as an unprivileged user: --user 10001:10001",
        ),
        finding(
            "D010",
            "Live restore disabled",
            Severity::Medium,
            &["2.15"],
            &[],
            ObjectRef::daemon(),
            "the daemon runs without live-restore",
            ev(&[("Info.LiveRestoreEnabled", json!(false))]),
            "set \"live-restore\": true in /etc/docker/daemon.json",
        ),
        finding(
            "I001",
            "Image has no healthcheck",
            Severity::Info,
            &["4.6"],
            &[],
            ObjectRef::named(ObjectKind::Image, "nginx:1.25")
                .with_id("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
            "image nginx:1.25 declares no HEALTHCHECK",
            Map::new(),
            "add a HEALTHCHECK instruction to the Dockerfile",
        ),
        Finding {
            location: Some(Location {
                path: "app/Dockerfile".into(),
                line: 3,
                column: 1,
            }),
            ..finding(
                "F012",
                "Last USER is root",
                Severity::Medium,
                &["4.1"],
                &["CWE-250"],
                ObjectRef::named(ObjectKind::File, "app/Dockerfile"),
                "the last USER instruction switches to root",
                ev(&[("USER", json!("root"))]),
                "end the Dockerfile with USER 10001",
            )
        },
    ];
    r.passed = vec![
        ReportEntry {
            rule: "C005".into(),
            object: db.clone(),
            reason: None,
        },
        ReportEntry {
            rule: "C027".into(),
            object: db.clone(),
            reason: None,
        },
        ReportEntry {
            rule: "C001".into(),
            object: web.clone(),
            reason: None,
        },
    ];
    r.skipped = vec![ReportEntry {
        rule: "H103".into(),
        object: ObjectRef::host(),
        reason: Some("/etc/audit/audit.rules: permission denied".into()),
    }];
    r.suppressed = vec![Suppressed {
        rule: "C027".into(),
        title: "No healthcheck".into(),
        severity: Some(Severity::Low),
        object: container("batch-1", "77aa", "exited"),
        location: None,
        message: "container batch-1 has no healthcheck".into(),
        reason: "batch jobs have no service to check".into(),
        expires: Some("2027-01-31".into()),
    }];
    r.errors = vec![
        "GET /containers/4f1c2d3e4f5a/top: 500 Internal Server Error: container is paused".into(),
    ];
    r.warnings = vec![".docker-harden.toml:7:1: ignore of C001 expired on 2026-01-31 (1 finding is reported again; reason was: legacy)".into()];
    r.finish();
    r
}

/// Shows line 3 of `app/Dockerfile`, as the CLI would read it.
pub fn source_line(path: &str, line: u32) -> Option<String> {
    (path == "app/Dockerfile" && line == 3).then(|| "USER root".to_string())
}

/// Renders `report` in `format` with the fixture catalog, no colour and a fixed time.
pub fn render(report: &Report, format: crate::Format) -> String {
    let cat = catalog();
    crate::render(
        report,
        format,
        &RenderOptions {
            color: false,
            rules: &cat,
            source_line: &source_line,
            generated: Some("2026-11-23T10:45:00Z".into()),
        },
    )
}
