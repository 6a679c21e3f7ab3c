//! JUnit XML: one `testcase` per (rule, object), one `testsuite` per object kind. Findings
//! are `<failure>`s, skips (and findings the policy ignores) are `<skipped>`, passes are
//! plain testcases, collection errors are `<error>` testcases of a `docker-harden` suite.

use crate::rulemeta::RuleInfo;
use crate::xml::{escape, escape_attr};
use crate::RenderOptions;
use dh_model::{Finding, ObjectKind, ObjectRef, Report};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Default)]
struct Case<'a> {
    findings: Vec<&'a Finding>,
    skipped: Option<String>,
}

fn evidence_line(f: &Finding) -> Option<String> {
    if f.evidence.is_empty() {
        return None;
    }
    let ev: Vec<String> = f.evidence.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Some(ev.join(" "))
}

fn failure_body(findings: &[&Finding]) -> String {
    let mut b = String::new();
    for f in findings {
        let _ = writeln!(b, "[{}] {}", f.severity, f.message);
        if let Some(l) = &f.location {
            let _ = writeln!(b, "location: {}:{}:{}", l.path, l.line, l.column);
        }
        if let Some(ev) = evidence_line(f) {
            let _ = writeln!(b, "evidence: {ev}");
        }
        let _ = writeln!(b, "fix: {}", f.remediation);
        let mut refs = Vec::new();
        if !f.cis.is_empty() {
            refs.push(format!("CIS Docker Benchmark v1.6.0 {}", f.cis.join(", ")));
        }
        if !f.cwe.is_empty() {
            refs.push(f.cwe.join(", "));
        }
        if !refs.is_empty() {
            let _ = writeln!(b, "references: {}", refs.join("; "));
        }
        b.push('\n');
    }
    b.trim_end().to_string()
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    // kind → (object, rule) → case. BTreeMaps keep the output in a stable order.
    let mut suites: BTreeMap<ObjectKind, BTreeMap<(&ObjectRef, &str), Case>> = BTreeMap::new();
    for f in &report.findings {
        let case = suites
            .entry(f.object.kind)
            .or_default()
            .entry((&f.object, f.rule.as_str()))
            .or_default();
        case.findings.push(f);
    }
    for s in &report.skipped {
        let case = suites
            .entry(s.object.kind)
            .or_default()
            .entry((&s.object, s.rule.as_str()))
            .or_default();
        case.skipped
            .get_or_insert_with(|| s.reason.clone().unwrap_or_else(|| "not decided".into()));
    }
    for s in &report.suppressed {
        let case = suites
            .entry(s.object.kind)
            .or_default()
            .entry((&s.object, s.rule.as_str()))
            .or_default();
        case.skipped
            .get_or_insert_with(|| format!("ignored by policy: {}", s.reason));
    }
    for p in &report.passed {
        suites
            .entry(p.object.kind)
            .or_default()
            .entry((&p.object, p.rule.as_str()))
            .or_default();
    }

    let timestamp = opts
        .generated
        .as_deref()
        .map(|t| t.trim_end_matches('Z').to_string());
    let mut body = String::new();
    let (mut total, mut total_fail, mut total_skip) = (0usize, 0usize, 0usize);
    let mut titles: BTreeMap<&str, String> = BTreeMap::new();
    for (kind, cases) in &suites {
        let tests = cases.len();
        let failures = cases.values().filter(|c| !c.findings.is_empty()).count();
        let skipped = cases
            .values()
            .filter(|c| c.findings.is_empty() && c.skipped.is_some())
            .count();
        total += tests;
        total_fail += failures;
        total_skip += skipped;
        let _ = write!(
            body,
            "  <testsuite name=\"docker-harden.{kind}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0.000\"",
            kind = kind.as_str()
        );
        if let Some(t) = &timestamp {
            let _ = write!(body, " timestamp=\"{}\"", escape_attr(t));
        }
        body.push_str(">\n");
        for ((object, rule), case) in cases {
            let title = titles.entry(rule).or_insert_with(|| {
                RuleInfo::lookup(opts, rule, case.findings.first().copied()).title
            });
            let name = format!("{rule} {title}");
            let _ = write!(
                body,
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
                escape_attr(&name),
                escape_attr(&object.label())
            );
            if let Some(l) = case.findings.iter().find_map(|f| f.location.as_ref()) {
                let _ = write!(
                    body,
                    " file=\"{}\" line=\"{}\"",
                    escape_attr(&l.path),
                    l.line
                );
            }
            if let Some(first) = case.findings.first() {
                let worst = case
                    .findings
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(first.severity);
                let message = match case.findings.len() {
                    1 => first.message.clone(),
                    n => format!("{} (and {} more)", first.message, n - 1),
                };
                let _ = writeln!(
                    body,
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                    escape_attr(&message),
                    worst.as_str(),
                    escape(&failure_body(&case.findings))
                );
            } else if let Some(reason) = &case.skipped {
                let _ = writeln!(
                    body,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    escape_attr(reason)
                );
            } else {
                body.push_str("/>\n");
            }
        }
        body.push_str("  </testsuite>\n");
    }
    let errors = report.errors.len();
    if errors > 0 || !report.warnings.is_empty() {
        total += errors;
        let _ = writeln!(
            body,
            "  <testsuite name=\"docker-harden\" tests=\"{errors}\" failures=\"0\" errors=\"{errors}\" skipped=\"0\" time=\"0.000\">"
        );
        for (n, e) in report.errors.iter().enumerate() {
            let _ = writeln!(
                body,
                "    <testcase name=\"error {}\" classname=\"docker-harden\" time=\"0\">\n      <error message=\"{}\" type=\"error\"/>\n    </testcase>",
                n + 1,
                escape_attr(e)
            );
        }
        if !report.warnings.is_empty() {
            let _ = writeln!(
                body,
                "    <system-err>{}</system-err>",
                escape(
                    &report
                        .warnings
                        .iter()
                        .map(|w| format!("warning: {w}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            );
        }
        body.push_str("  </testsuite>\n");
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{total}\" failures=\"{total_fail}\" errors=\"{errors}\" skipped=\"{total_skip}\" time=\"{}\">",
        escape_attr(&format!("{} {}", report.tool.name, report.tool.version)),
        seconds(report.duration_ms)
    );
    out.push_str(&body);
    out.push_str("</testsuites>\n");
    out
}
