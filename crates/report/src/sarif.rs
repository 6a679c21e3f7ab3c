//! SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it.

use crate::rulemeta::{fnv1a, help_uri, markdown_to_text, pascal_case, RuleInfo, INFORMATION_URI};
use crate::RenderOptions;
use dh_model::{Finding, ObjectKind, Report, Severity, Suppressed};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF `level` for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score (critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4).
pub fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// `CIS-5.5`, `CWE-250` style tags, plus `security`.
fn tags(r: &RuleInfo) -> Vec<String> {
    let mut t = vec!["security".to_string()];
    t.extend(r.cis.iter().map(|c| format!("CIS-{c}")));
    t.extend(r.cwe.iter().map(|c| {
        if c.to_ascii_uppercase().starts_with("CWE-") {
            c.to_ascii_uppercase()
        } else {
            format!("CWE-{c}")
        }
    }));
    t
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    let what = r.doc_section("What it does");
    let full = if what.is_empty() {
        r.title.clone()
    } else {
        markdown_to_text(&what).replace('\n', " ")
    };
    let mut help_md = r.doc.trim().to_string();
    let mut help_text = markdown_to_text(&r.doc);
    if !r.remediation.is_empty() {
        if !help_md.is_empty() {
            help_md.push_str("\n\n");
            help_text.push_str("\n\n");
        }
        help_md.push_str(&format!("**Fix:** {}", r.remediation));
        help_text.push_str(&format!("Fix: {}", r.remediation));
    }
    if help_text.is_empty() {
        help_text = r.title.clone();
        help_md = r.title.clone();
    }
    let mut props = Map::new();
    props.insert("tags".into(), json!(tags(r)));
    props.insert(
        "security-severity".into(),
        json!(security_severity(r.severity)),
    );
    props.insert("precision".into(), json!("high"));
    props.insert(
        "problem.severity".into(),
        json!(level(r.severity).replace("note", "recommendation")),
    );
    if !r.cis.is_empty() {
        props.insert("cis".into(), json!(r.cis));
    }
    json!({
        "id": r.id,
        "name": pascal_case(&r.title),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "helpUri": help_uri(&r.id),
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": props,
    })
}

/// A path as a URI reference: relative paths stay relative, absolute ones become `file://`.
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::new();
    let path = path.strip_prefix("./").unwrap_or(path);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=@".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn object_name(f: &Finding) -> String {
    f.object
        .name
        .clone()
        .or_else(|| f.object.id.clone())
        .unwrap_or_else(|| f.object.kind.as_str().to_string())
}

fn result(f: &Finding, rule_index: usize, ordinal: usize) -> Value {
    let name = object_name(f);
    let kind = f.object.kind.as_str();
    let mut locations = Vec::new();
    let logical = json!([{
        "name": name,
        "fullyQualifiedName": format!("{kind}/{name}"),
        "kind": kind,
    }]);
    match &f.location {
        Some(l) => {
            let mut region = Map::new();
            region.insert("startLine".into(), json!(l.line.max(1)));
            if l.column >= 1 {
                region.insert("startColumn".into(), json!(l.column));
            }
            let mut loc = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": path_to_uri(&l.path)},
                    "region": region,
                }
            });
            if f.object.kind != ObjectKind::File {
                loc["logicalLocations"] = logical;
            }
            locations.push(loc);
        }
        None => locations.push(json!({"logicalLocations": logical})),
    }
    let location_path = f.location.as_ref().map(|l| l.path.as_str()).unwrap_or("");
    let ordinal = ordinal.to_string();
    let fingerprint = fnv1a(&[&f.rule, kind, &name, location_path, &ordinal]);
    let mut props = Map::new();
    props.insert("severity".into(), json!(f.severity));
    props.insert(
        "security-severity".into(),
        json!(security_severity(f.severity)),
    );
    props.insert("object".into(), json!(f.object));
    if !f.evidence.is_empty() {
        props.insert("evidence".into(), Value::Object(f.evidence.clone()));
    }
    props.insert("remediation".into(), json!(f.remediation));
    if !f.cve.is_empty() {
        props.insert("cve".into(), json!(f.cve));
    }
    json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": level(f.severity),
        "message": {"text": format!("{}\nFix: {}", f.message, f.remediation)},
        "locations": locations,
        "partialFingerprints": {"dockerHarden/v1": fingerprint},
        "properties": props,
    })
}

/// A finding the policy ignored, rebuilt for SARIF (which records it as a suppressed result).
fn suppressed_finding(s: &Suppressed, opts: &RenderOptions) -> Finding {
    let rule = RuleInfo::lookup(opts, &s.rule, None);
    Finding {
        rule: s.rule.clone(),
        title: if s.title.is_empty() {
            rule.title
        } else {
            s.title.clone()
        },
        severity: s.severity.unwrap_or(rule.severity),
        cis: rule.cis,
        cwe: rule.cwe,
        cve: vec![],
        object: s.object.clone(),
        location: s.location.clone(),
        message: if s.message.is_empty() {
            format!("{} on {}", s.rule, s.object.label())
        } else {
            s.message.clone()
        },
        evidence: Map::new(),
        remediation: rule.remediation,
    }
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    // Findings, then what the policy ignored (as suppressed results, with the reason).
    let ignored: Vec<(Finding, &Suppressed)> = report
        .suppressed
        .iter()
        .map(|s| (suppressed_finding(s, opts), s))
        .collect();
    let all: Vec<(&Finding, Option<&Suppressed>)> = report
        .findings
        .iter()
        .map(|f| (f, None))
        .chain(ignored.iter().map(|(f, s)| (f, Some(*s))))
        .collect();

    // Rules that produced a result, in id order; each result points at its rule by index.
    let mut ids: Vec<&str> = all.iter().map(|(f, _)| f.rule.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let rules: Vec<RuleInfo> = ids
        .iter()
        .map(|id| {
            let first = all.iter().map(|(f, _)| *f).find(|f| f.rule == *id);
            RuleInfo::lookup(opts, id, first)
        })
        .collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let results: Vec<Value> = all
        .iter()
        .map(|(f, suppressed)| {
            let key = format!(
                "{}\0{}\0{}\0{}",
                f.rule,
                f.object.kind.as_str(),
                object_name(f),
                f.location.as_ref().map(|l| l.path.as_str()).unwrap_or("")
            );
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            let mut r = result(f, index.get(f.rule.as_str()).copied().unwrap_or(0), *n);
            if let Some(s) = suppressed {
                let mut justification = s.reason.clone();
                if let Some(e) = &s.expires {
                    justification.push_str(&format!(" (until {e})"));
                }
                r["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": justification,
                }]);
            }
            r
        })
        .collect();

    let mut notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": e}}))
        .collect();
    notifications.extend(
        report
            .warnings
            .iter()
            .map(|w| json!({"level": "warning", "message": {"text": w}})),
    );
    let mut invocation = json!({"executionSuccessful": report.errors.is_empty()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = json!(notifications);
    }
    if let Some(t) = &opts.generated {
        invocation["endTimeUtc"] = json!(t);
    }

    let mut run_props = Map::new();
    run_props.insert("target".into(), json!(report.target));
    run_props.insert("summary".into(), json!(report.summary));
    let rules_json: Vec<Value> = rules.iter().map(rule_descriptor).collect();
    let doc = json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": INFORMATION_URI,
                "rules": rules_json,
            }},
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": run_props,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
