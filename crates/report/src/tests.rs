use crate::fixture;
use crate::{Format, RenderOptions};
use dh_model::{ObjectKind, ObjectRef, Report, Target};
use quick_xml::events::Event;
use serde_json::Value;

fn sample() -> Report {
    fixture::report()
}

#[test]
fn text_snapshot() {
    insta::assert_snapshot!("text", fixture::render(&sample(), Format::Text));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", fixture::render(&sample(), Format::Json));
}

#[test]
fn text_colour_only_when_asked() {
    let plain = fixture::render(&sample(), Format::Text);
    assert!(!plain.contains('\x1b'));
    let cat = fixture::catalog();
    let coloured = crate::render(
        &sample(),
        Format::Text,
        &RenderOptions {
            color: true,
            rules: &cat,
            source_line: &fixture::source_line,
            generated: None,
        },
    );
    assert!(coloured.contains("\x1b[1;31mcritical"));
}

#[test]
fn text_of_a_clean_report() {
    let mut r = Report::new(Target {
        kind: "snapshot".into(),
        ..Default::default()
    });
    r.finish();
    assert_eq!(
        fixture::render(&r, Format::Text),
        "0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info), 0 passed, 0 skipped\n"
    );
}

#[test]
fn json_round_trips() {
    let r = sample();
    let back: Report = serde_json::from_str(&fixture::render(&r, Format::Json)).unwrap();
    assert_eq!(back, r);
}

// ---------------------------------------------------------------- SARIF

fn sarif(r: &Report) -> Value {
    serde_json::from_str(&fixture::render(r, Format::Sarif)).unwrap()
}

#[test]
fn sarif_driver_and_rules() {
    let s = sarif(&sample());
    assert_eq!(s["version"], "2.1.0");
    let driver = &s["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "docker-harden");
    assert_eq!(driver["version"], "0.0.0-test");
    assert_eq!(
        driver["informationUri"],
        "https://github.com/docker-harden/docker-harden"
    );
    let ids: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // Exactly the rules that produced a result (H103 was only skipped).
    assert_eq!(ids, ["C001", "C005", "C027", "D010", "F012", "I001"]);
    let c005 = &driver["rules"][1];
    assert_eq!(c005["name"], "PrivilegedContainer");
    assert_eq!(c005["shortDescription"]["text"], "Privileged container");
    assert_eq!(
        c005["fullDescription"]["text"],
        "Flags containers created with `--privileged`.".replace('`', "")
    );
    assert!(c005["help"]["markdown"]
        .as_str()
        .unwrap()
        .starts_with("## What it does\nFlags containers created with `--privileged`."));
    assert!(c005["help"]["markdown"].as_str().unwrap().ends_with(
        "**Fix:** recreate without --privileged; add only the capabilities it needs with --cap-add"
    ));
    let text = c005["help"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("What it does\nFlags containers created with --privileged."),
        "{text}"
    );
    assert!(!text.contains("```"));
    assert_eq!(
        c005["helpUri"],
        "https://github.com/docker-harden/docker-harden/blob/main/docs/rules.md#c005"
    );
    assert_eq!(c005["defaultConfiguration"]["level"], "error");
    assert_eq!(
        c005["properties"]["tags"],
        serde_json::json!(["security", "CIS-5.5", "CWE-250"])
    );
    assert_eq!(c005["properties"]["security-severity"], "9.5");
    // A rule the catalog does not know still gets metadata from its finding.
    let f012 = &driver["rules"][4];
    assert_eq!(f012["shortDescription"]["text"], "Last USER is root");
    assert_eq!(
        f012["properties"]["tags"],
        serde_json::json!(["security", "CIS-4.1", "CWE-250"])
    );
    assert_eq!(f012["defaultConfiguration"]["level"], "warning");
    assert_eq!(driver["rules"][5]["defaultConfiguration"]["level"], "note");
}

#[test]
fn sarif_results_and_locations() {
    let s = sarif(&sample());
    let run = &s["runs"][0];
    let results = run["results"].as_array().unwrap();
    // Six findings and the one the policy ignored, recorded as suppressed.
    assert_eq!(results.len(), 7);
    let ignored: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0]["ruleId"], "C027");
    assert_eq!(
        ignored[0]["message"]["text"],
        "container batch-1 has no healthcheck\nFix: add --health-cmd (or HEALTHCHECK in the image)"
    );
    assert_eq!(
        ignored[0]["suppressions"],
        serde_json::json!([{"kind": "external", "status": "accepted", "justification": "batch jobs have no service to check (until 2027-01-31)"}])
    );
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], r["ruleId"]);
    }
    let priv_ = results.iter().find(|r| r["ruleId"] == "C005").unwrap();
    assert_eq!(priv_["level"], "error");
    assert!(priv_["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("container web runs with --privileged"));
    assert_eq!(
        priv_["locations"][0]["logicalLocations"][0],
        serde_json::json!({"name": "web", "fullyQualifiedName": "container/web", "kind": "container"})
    );
    assert!(priv_["locations"][0].get("physicalLocation").is_none());
    let file = results.iter().find(|r| r["ruleId"] == "F012").unwrap();
    assert_eq!(file["level"], "warning");
    let phys = &file["locations"][0]["physicalLocation"];
    assert_eq!(phys["artifactLocation"]["uri"], "app/Dockerfile");
    assert_eq!(
        phys["region"],
        serde_json::json!({"startLine": 3, "startColumn": 1})
    );
    let info = results.iter().find(|r| r["ruleId"] == "I001").unwrap();
    assert_eq!(info["level"], "note");
    // Errors and warnings become notifications.
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"].as_array().unwrap().len(),
        2
    );
    assert_eq!(inv["endTimeUtc"], "2026-11-23T10:45:00Z");
}

#[test]
fn sarif_fingerprints_are_stable_and_distinct() {
    let a = sarif(&sample());
    let b = sarif(&sample());
    let fp = |s: &Value| -> Vec<String> {
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["dockerHarden/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(fp(&a), fp(&b));
    let mut uniq = fp(&a);
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), 7);
    // Two findings of one rule on one object still get distinct fingerprints.
    let mut r = sample();
    let dup = r.findings[0].clone();
    r.findings.push(dup);
    let mut v = fp(&sarif(&r));
    v.sort();
    v.dedup();
    assert_eq!(v.len(), 8);
    // The fingerprint does not depend on the container id (a recreated container keeps it).
    let mut r2 = sample();
    for f in r2.findings.iter_mut().filter(|f| f.object.name.is_some()) {
        f.object.id = Some("ffff".into());
    }
    assert_eq!(fp(&sarif(&r2)), fp(&a));
}

#[test]
fn sarif_uris_are_encoded() {
    assert_eq!(
        crate::sarif::path_to_uri("./a b/Dockerfile"),
        "a%20b/Dockerfile"
    );
    assert_eq!(
        crate::sarif::path_to_uri("/srv/app/Dockerfile"),
        "file:///srv/app/Dockerfile"
    );
    assert_eq!(crate::sarif::path_to_uri("dir/ü#1"), "dir/%C3%BC%231");
}

// ---------------------------------------------------------------- JUnit

#[derive(Debug, Default)]
struct Junit {
    suites: Vec<(String, usize, usize, usize)>,
    cases: Vec<(String, String, Option<String>)>,
    top: (usize, usize, usize, usize),
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .map(|a| a.unwrap())
        .find(|a| AsRef::<str>::as_ref(&a.key) == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .unwrap()
                .into_owned()
        })
}

fn num(e: &quick_xml::events::BytesStart, name: &str) -> usize {
    attr(e, name).unwrap().parse().unwrap()
}

/// Parses the whole document (failing on any well-formedness error).
fn parse_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut j = Junit::default();
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                depth += 1;
                handle(&mut j, &e);
            }
            Event::Empty(e) => handle(&mut j, &e),
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    j
}

fn handle(j: &mut Junit, e: &quick_xml::events::BytesStart) {
    let name = e.name();
    let name: &str = name.as_ref();
    match name {
        "testsuites" => {
            j.top = (
                num(e, "tests"),
                num(e, "failures"),
                num(e, "skipped"),
                num(e, "errors"),
            )
        }
        "testsuite" => j.suites.push((
            attr(e, "name").unwrap(),
            num(e, "tests"),
            num(e, "failures"),
            num(e, "skipped"),
        )),
        "testcase" => j.cases.push((
            attr(e, "name").unwrap(),
            attr(e, "classname").unwrap(),
            None,
        )),
        "failure" | "skipped" | "error" => {
            let last = j.cases.last_mut().unwrap();
            last.2 = Some(format!("{}:{}", name, attr(e, "message").unwrap()));
        }
        _ => {}
    }
}

#[test]
fn junit_one_testcase_per_rule_and_object() {
    let xml = fixture::render(&sample(), Format::Junit);
    let j = parse_junit(&xml);
    let names: Vec<&str> = j.suites.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "docker-harden.host",
            "docker-harden.daemon",
            "docker-harden.container",
            "docker-harden.image",
            "docker-harden.file",
            "docker-harden"
        ]
    );
    // 6 findings + 3 passes + 1 skip + 1 ignored + 1 error.
    assert_eq!(j.top, (12, 6, 2, 1));
    let container = j
        .suites
        .iter()
        .find(|s| s.0 == "docker-harden.container")
        .unwrap();
    assert_eq!((container.1, container.2, container.3), (7, 3, 1));
    let c005 = j
        .cases
        .iter()
        .find(|c| c.0 == "C005 Privileged container" && c.1 == "container web")
        .unwrap();
    assert_eq!(
        c005.2.as_deref(),
        Some("failure:container web runs with --privileged: every capability, every device")
    );
    let pass = j
        .cases
        .iter()
        .find(|c| c.0 == "C005 Privileged container" && c.1 == "container db")
        .unwrap();
    assert_eq!(pass.2, None);
    let skip = j.cases.iter().find(|c| c.0.starts_with("H103")).unwrap();
    assert_eq!(
        skip.2.as_deref(),
        Some("skipped:/etc/audit/audit.rules: permission denied")
    );
    let ignored = j.cases.iter().find(|c| c.1 == "container batch-1").unwrap();
    assert_eq!(
        ignored.2.as_deref(),
        Some("skipped:ignored by policy: batch jobs have no service to check")
    );
    assert!(xml.contains("type=\"critical\""));
    assert!(xml.contains("fix: recreate without --privileged"));
    assert!(xml.contains("file=\"app/Dockerfile\" line=\"3\""));
    assert!(xml.contains("evidence: HostConfig.Privileged=true"));
}

fn hostile() -> Report {
    let mut r = sample();
    let evil = "<script>alert(\"x\")</script> & ]]> '\u{1b}[31m\u{0}";
    r.findings[0].object.name = Some(evil.into());
    r.findings[0].message = format!("container {evil} runs with --privileged");
    r.findings[0].remediation = format!("fix {evil}");
    r.findings[0]
        .evidence
        .insert(evil.into(), Value::String(evil.into()));
    r.findings[0].cis = vec![evil.into()];
    r.skipped[0].reason = Some(evil.into());
    r.passed[0].object = ObjectRef::named(ObjectKind::Container, evil);
    r.errors.push(evil.into());
    r.warnings.push(evil.into());
    r.target.name = Some(evil.into());
    r.suppressed[0].reason = evil.into();
    r.finish();
    r
}

#[test]
fn junit_escapes_everything() {
    let xml = fixture::render(&hostile(), Format::Junit);
    let j = parse_junit(&xml);
    assert!(j
        .cases
        .iter()
        .any(|c| c.1 == "container <script>alert(\"x\")</script> & ]]> '\u{fffd}[31m\u{fffd}"));
    assert!(!xml.contains("<script>"));
    assert!(!xml.contains('\u{1b}'));
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_structure() {
    let html = fixture::render(&sample(), Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    // Self-contained: nothing fetched from elsewhere.
    for bad in ["src=", "<link", "@import", "url(", "http://"] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert_eq!(html.matches("<tr class=\"finding\"").count(), 6);
    assert!(html.contains("<dt>docker host</dt><dd>unix:///var/run/docker.sock</dd>"));
    assert!(html.contains("<dt>engine</dt><dd>20.10.24</dd>"));
    assert!(html.contains("<dt>generated</dt><dd>2026-11-23T10:45:00Z</dd>"));
    assert!(html.contains(
        "data-sev=\"critical\" title=\"click to hide or show critical findings\"><b>1</b>"
    ));
    assert!(html.contains("id=\"count-passed\"><b>3</b>"));
    assert!(html.contains("id=\"count-skipped\"><b>1</b>"));
    assert!(html.contains("id=\"count-ignored\"><b>1</b>"));
    assert!(html.contains("<input id=\"q\" type=\"search\""));
    assert!(html.contains("<th data-col=\"severity\">Severity</th><th data-col=\"rule\">Rule</th><th data-col=\"cis\">CIS</th><th data-col=\"object\">Object</th><th data-col=\"message\">Message</th>"));
    // Findings come most severe first, each with remediation and evidence.
    let first = html.find("<tr class=\"finding\"").unwrap();
    assert!(html[first..]
        .starts_with("<tr class=\"finding\" data-sev=\"critical\" data-kind=\"container\">"));
    assert!(html.contains("<tr><td class=\"fix\">fix</td><td>recreate without --privileged; add only the capabilities it needs with --cap-add</td></tr>"));
    assert!(html.contains("<code>HostConfig.Privileged</code> = <code>true</code>"));
    assert!(html.contains("<code>app/Dockerfile:3:1</code>"));
    assert!(html.contains(
        "href=\"https://github.com/docker-harden/docker-harden/blob/main/docs/rules.md#c005\""
    ));
    assert!(html.contains("/etc/audit/audit.rules: permission denied"));
    assert!(html.contains("<li class=\"err\">error: GET /containers/4f1c2d3e4f5a/top"));
    assert!(html.contains("batch jobs have no service to check"));
    assert_eq!(html.matches("<script>").count(), 1);
    // Balanced table markup.
    assert_eq!(
        html.matches("<table").count(),
        html.matches("</table>").count()
    );
    assert_eq!(html.matches("<tr").count(), html.matches("</tr>").count());
    assert_eq!(
        html.matches("<details").count(),
        html.matches("</details>").count()
    );
}

#[test]
fn html_escapes_everything() {
    let html = fixture::render(&hostile(), Format::Html);
    // Our own script is the only one; the injected markup is inert text.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("alert(\"x\")"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &#39;"));
    assert!(!html.contains('\u{1b}'));
    assert!(!html.contains('\u{0}'));
}

#[test]
fn html_of_a_clean_report() {
    let mut r = Report::new(Target {
        kind: "snapshot".into(),
        ..Default::default()
    });
    r.finish();
    let html = fixture::render(&r, Format::Html);
    assert!(html.contains("<p class=\"none\">No findings.</p>"));
    assert!(!html.contains("<table id=\"findings\""));
}
