//! One self-contained HTML page (inline CSS and a little vanilla JS, nothing loaded from
//! elsewhere): header, summary by severity, a sortable and filterable findings table with
//! evidence and remediation per finding, passed/skipped/suppressed lists, errors.
//!
//! Every value from the report goes through [`escape`]; the script reads the page's DOM and
//! never receives report data, so a container named `<script>` stays text.

use crate::rulemeta::{help_uri, RuleInfo};
use crate::xml::{escape as e, escape_attr as a};
use crate::RenderOptions;
use dh_model::{ObjectRef, Report, ReportEntry, Severity};
use std::fmt::Write as _;

const STYLE: &str = r#"
:root{--crit:#8b0000;--high:#d32f2f;--med:#e67e00;--low:#1976d2;--info:#607d8b;--ok:#2e7d32;--bg:#fafafa;--fg:#1c1c1c;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:var(--bg);color:var(--fg)}
header{background:#1f2933;color:#fff;padding:18px 28px}
header h1{margin:0 0 6px;font-size:22px}
header dl{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0;font-size:13px;color:#cfd8dc}
header dt{display:inline;font-weight:600;color:#fff}header dd{display:inline;margin:0 0 0 4px}
main{padding:18px 28px;max-width:1400px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:18px}
.card{border:1px solid var(--line);border-radius:6px;background:#fff;padding:8px 14px;min-width:92px;cursor:default}
.card b{display:block;font-size:22px}.card span{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card.sev{cursor:pointer;user-select:none}.card.sev.off{opacity:.35}
.sev-critical b,.badge.critical{color:var(--crit)}.sev-high b,.badge.high{color:var(--high)}.sev-medium b,.badge.medium{color:var(--med)}.sev-low b,.badge.low{color:var(--low)}.sev-info b,.badge.info{color:var(--info)}
.badge{font-weight:700;text-transform:uppercase;font-size:12px}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:10px 0}
.controls input,.controls select{font:inherit;padding:5px 8px;border:1px solid #bbb;border-radius:4px}
.controls input{min-width:280px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
th{background:#eceff1;cursor:pointer;white-space:nowrap;user-select:none}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
td.obj{white-space:nowrap}td.obj small,small.title{color:var(--muted)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
details>summary{cursor:pointer;color:#37474f}
.detail{margin:6px 0 2px;padding:8px 10px;background:#f5f7f8;border-left:3px solid #b0bec5}
.detail table{border:none;background:none;width:auto}.detail td{border:none;padding:1px 10px 1px 0}
.fix{color:var(--ok);font-weight:600}
section{margin-top:26px}section h2{font-size:17px;margin:0 0 8px}
ul.plain{margin:0;padding-left:18px}
.err{color:var(--high)}.warn{color:var(--med)}
.none{color:var(--ok);font-weight:600}
.count{color:var(--muted);font-weight:400}
"#;

const SCRIPT: &str = r#"
(function(){
  var table=document.getElementById('findings'); if(!table) return;
  var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
  var q=document.getElementById('q'), kind=document.getElementById('kind'), shown=document.getElementById('shown');
  var off={};
  function apply(){
    var text=q.value.toLowerCase(), k=kind.value, n=0;
    rows.forEach(function(r){
      var ok=!off[r.dataset.sev] && (!k || r.dataset.kind===k) && (!text || r.textContent.toLowerCase().indexOf(text)>=0);
      r.hidden=!ok; if(ok) n++;
    });
    shown.textContent=n+' of '+rows.length+' shown';
  }
  q.addEventListener('input',apply); kind.addEventListener('change',apply);
  Array.prototype.forEach.call(document.querySelectorAll('.card.sev'),function(c){
    c.addEventListener('click',function(){ var s=c.dataset.sev; off[s]=!off[s]; c.classList.toggle('off',off[s]); apply(); });
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      rows.sort(function(x,y){
        var a=x.cells[i].dataset.key||x.cells[i].textContent, b=y.cells[i].dataset.key||y.cells[i].textContent;
        var c=a.localeCompare(b,undefined,{numeric:true}); return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  apply();
})();
"#;

fn sev_rank(s: Severity) -> u8 {
    match s {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low => 3,
        Severity::Info => 4,
    }
}

fn object_cell(o: &ObjectRef) -> String {
    let name = o
        .name
        .clone()
        .or_else(|| {
            o.id.as_deref()
                .map(|i| dh_model::finding::short_id(i).to_string())
        })
        .unwrap_or_default();
    let mut s = format!("{} <b>{}</b>", e(o.kind.as_str()), e(&name));
    if let Some(st) = &o.state {
        let _ = write!(s, " <small>({})</small>", e(st));
    }
    s
}

fn entry_list(
    out: &mut String,
    title: &str,
    entries: &[ReportEntry],
    opts: &RenderOptions,
    open: bool,
) {
    let _ = write!(
        out,
        "<section><details{}><summary><h2 style=\"display:inline\">{} <span class=\"count\">({})</span></h2></summary>",
        if open { " open" } else { "" },
        e(title),
        entries.len()
    );
    if entries.is_empty() {
        out.push_str("<p>None.</p>");
    } else {
        out.push_str("<table><thead><tr><th>Rule</th><th>Object</th>");
        let with_reason = entries.iter().any(|x| x.reason.is_some());
        if with_reason {
            out.push_str("<th>Reason</th>");
        }
        out.push_str("</tr></thead><tbody>");
        for x in entries {
            let r = RuleInfo::lookup(opts, &x.rule, None);
            let _ = write!(
                out,
                "<tr><td><a href=\"{}\"><code>{}</code></a> {}</td><td class=\"obj\">{}</td>",
                a(&help_uri(&x.rule)),
                e(&x.rule),
                if r.title != x.rule {
                    e(&r.title)
                } else {
                    String::new()
                },
                object_cell(&x.object)
            );
            if with_reason {
                let _ = write!(out, "<td>{}</td>", e(x.reason.as_deref().unwrap_or("")));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</details></section>\n");
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut out = String::with_capacity(16 * 1024 + report.findings.len() * 1024);
    let t = &report.target;
    let title = format!(
        "docker-harden report: {}",
        t.name
            .as_deref()
            .or(t.docker_host.as_deref())
            .unwrap_or(&t.kind)
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><dl>",
        e(&title),
        e(&title)
    );
    let mut meta: Vec<(&str, String)> = vec![("target", t.kind.clone())];
    if let Some(n) = &t.name {
        meta.push(("name", n.clone()));
    }
    if let Some(h) = &t.docker_host {
        meta.push(("docker host", h.clone()));
    }
    if let Some(v) = &t.engine_version {
        meta.push(("engine", v.clone()));
    }
    if let Some(v) = &t.api_version {
        meta.push(("API", v.clone()));
    }
    if let Some(g) = &opts.generated {
        meta.push(("generated", g.clone()));
    }
    meta.push(("duration", format!("{} ms", report.duration_ms)));
    meta.push((
        "tool",
        format!("{} {}", report.tool.name, report.tool.version),
    ));
    for (k, v) in meta {
        let _ = write!(out, "<div><dt>{}</dt><dd>{}</dd></div>", e(k), e(&v));
    }
    out.push_str("</dl></header>\n<main>\n");

    // Summary cards: one per severity (click to hide/show), then passed/skipped/….
    let s = &report.summary;
    out.push_str("<div class=\"cards\" id=\"summary\">");
    for sev in Severity::ALL {
        let _ = write!(
            out,
            "<div class=\"card sev sev-{sev}\" data-sev=\"{sev}\" title=\"click to hide or show {sev} findings\"><b>{}</b><span>{sev}</span></div>",
            s.by_severity.get(sev)
        );
    }
    let mut others = vec![
        ("findings", s.findings),
        ("passed", s.passed),
        ("skipped", s.skipped),
    ];
    if !report.suppressed.is_empty() {
        others.push(("ignored", report.suppressed.len()));
    }
    if !report.errors.is_empty() {
        others.push(("errors", report.errors.len()));
    }
    for (k, n) in others {
        let _ = write!(
            out,
            "<div class=\"card\" id=\"count-{k}\"><b>{n}</b><span>{k}</span></div>"
        );
    }
    out.push_str("</div>\n");

    if !report.errors.is_empty() || !report.warnings.is_empty() {
        out.push_str("<section id=\"errors\"><h2>Errors and warnings</h2><ul class=\"plain\">");
        for x in &report.errors {
            let _ = write!(out, "<li class=\"err\">error: {}</li>", e(x));
        }
        for x in &report.warnings {
            let _ = write!(out, "<li class=\"warn\">warning: {}</li>", e(x));
        }
        out.push_str("</ul></section>\n");
    }

    out.push_str("<section><h2>Findings</h2>");
    if report.findings.is_empty() {
        out.push_str("<p class=\"none\">No findings.</p>");
    } else {
        let mut kinds: Vec<&str> = report
            .findings
            .iter()
            .map(|f| f.object.kind.as_str())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        out.push_str("<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"Filter: rule, CIS id, object, text…\" aria-label=\"filter findings\"><select id=\"kind\" aria-label=\"object kind\"><option value=\"\">all objects</option>");
        for k in kinds {
            let _ = write!(out, "<option value=\"{k}\">{k}</option>");
        }
        out.push_str("</select><span id=\"shown\" class=\"count\"></span></div>\n");
        out.push_str("<table id=\"findings\"><thead><tr><th data-col=\"severity\">Severity</th><th data-col=\"rule\">Rule</th><th data-col=\"cis\">CIS</th><th data-col=\"object\">Object</th><th data-col=\"message\">Message</th></tr></thead>\n<tbody>\n");
        for f in &report.findings {
            let sev = f.severity.as_str();
            let obj_key = f.object.label();
            let _ = write!(
                out,
                "<tr class=\"finding\" data-sev=\"{sev}\" data-kind=\"{}\"><td data-key=\"{}\"><span class=\"badge {sev}\">{sev}</span></td><td data-key=\"{}\"><a href=\"{}\"><code>{}</code></a><br><small class=\"title\">{}</small></td><td>{}</td><td class=\"obj\" data-key=\"{}\">{}</td><td>{}",
                f.object.kind.as_str(),
                sev_rank(f.severity),
                a(&f.rule),
                a(&help_uri(&f.rule)),
                e(&f.rule),
                e(&f.title),
                e(&f.cis.join(", ")),
                a(&obj_key),
                object_cell(&f.object),
                e(&f.message),
            );
            out.push_str(
                "<details class=\"more\"><summary>details and fix</summary><div class=\"detail\"><table>",
            );
            let _ = write!(
                out,
                "<tr><td>rule</td><td>{} — {}</td></tr>",
                e(&f.rule),
                e(&f.title)
            );
            if let Some(l) = &f.location {
                let _ = write!(
                    out,
                    "<tr><td>location</td><td><code>{}:{}:{}</code></td></tr>",
                    e(&l.path),
                    l.line,
                    l.column
                );
            }
            if let Some(id) = &f.object.id {
                let _ = write!(
                    out,
                    "<tr><td>object id</td><td><code>{}</code></td></tr>",
                    e(id)
                );
            }
            for (k, v) in &f.evidence {
                let v = match v {
                    serde_json::Value::String(s) if !s.is_empty() => s.clone(),
                    other => other.to_string(),
                };
                let _ = write!(
                    out,
                    "<tr><td>evidence</td><td><code>{}</code> = <code>{}</code></td></tr>",
                    e(k),
                    e(&v)
                );
            }
            if !f.cis.is_empty() {
                let _ = write!(
                    out,
                    "<tr><td>CIS v1.6.0</td><td>{}</td></tr>",
                    e(&f.cis.join(", "))
                );
            }
            if !f.cwe.is_empty() {
                let _ = write!(
                    out,
                    "<tr><td>CWE</td><td>{}</td></tr>",
                    e(&f.cwe.join(", "))
                );
            }
            if !f.cve.is_empty() {
                let _ = write!(
                    out,
                    "<tr><td>CVE</td><td>{}</td></tr>",
                    e(&f.cve.join(", "))
                );
            }
            let _ = writeln!(
                out,
                "<tr><td class=\"fix\">fix</td><td>{}</td></tr></table></div></details></td></tr>",
                e(&f.remediation)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");

    if !report.suppressed.is_empty() {
        let _ = write!(
            out,
            "<section id=\"suppressed\"><details><summary><h2 style=\"display:inline\">Ignored by policy <span class=\"count\">({})</span></h2></summary><table><thead><tr><th>Rule</th><th>Object</th><th>Message</th><th>Reason</th><th>Expires</th></tr></thead><tbody>",
            report.suppressed.len()
        );
        for x in &report.suppressed {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td class=\"obj\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&x.rule),
                object_cell(&x.object),
                e(&x.message),
                e(&x.reason),
                e(x.expires.as_deref().unwrap_or("never"))
            );
        }
        out.push_str("</tbody></table></details></section>\n");
    }
    entry_list(
        &mut out,
        "Skipped",
        &report.skipped,
        opts,
        !report.skipped.is_empty() && report.skipped.len() <= 20,
    );
    entry_list(&mut out, "Passed", &report.passed, opts, false);
    let _ = write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}
