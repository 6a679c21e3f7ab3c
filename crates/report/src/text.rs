use crate::RenderOptions;
use dh_model::{Finding, Report, Severity};
use std::fmt::Write as _;

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn sev_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    }
}

/// Findings grouped by object, then a summary line.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut out = String::new();
    let c = opts.color;
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    let mut sorted: Vec<&Finding> = report.findings.iter().collect();
    sorted.sort_by(|a, b| {
        a.object
            .cmp(&b.object)
            .then_with(|| a.location.cmp(&b.location))
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    for f in sorted {
        let label = f.object.label();
        match groups.last_mut() {
            Some((l, v)) if *l == label => v.push(f),
            _ => groups.push((label, vec![f])),
        }
    }
    for (label, findings) in &groups {
        let _ = writeln!(out, "{}", paint(c, "1", label));
        for f in findings {
            let sev = format!("{:<8}", f.severity.as_str());
            let cis = if f.cis.is_empty() {
                String::new()
            } else {
                format!(" [CIS {}]", f.cis.join(", "))
            };
            let loc = match &f.location {
                Some(l) => format!("{}:{}:{}: ", l.path, l.line, l.column),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}{} {} {}{}",
                loc,
                paint(c, sev_color(f.severity), &sev),
                paint(c, "1", &f.rule),
                f.message,
                paint(c, "2", &cis)
            );
            if let Some(l) = &f.location {
                if let Some(line) = (opts.source_line)(&l.path, l.line) {
                    let _ = writeln!(out, "      | {}", line.trim_end());
                }
            }
            if !f.evidence.is_empty() {
                let ev: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                let _ = writeln!(out, "      {} {}", paint(c, "2", "evidence:"), ev.join(" "));
            }
            let _ = writeln!(out, "      {} {}", paint(c, "32", "fix:"), f.remediation);
        }
        out.push('\n');
    }
    for e in &report.errors {
        let _ = writeln!(out, "{} {e}", paint(c, "31", "error:"));
    }
    for w in &report.warnings {
        let _ = writeln!(out, "{} {w}", paint(c, "33", "warning:"));
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} findings ({} critical, {} high, {} medium, {} low, {} info), {} passed, {} skipped",
        s.findings,
        s.by_severity.critical,
        s.by_severity.high,
        s.by_severity.medium,
        s.by_severity.low,
        s.by_severity.info,
        s.passed,
        s.skipped
    );
    out
}
