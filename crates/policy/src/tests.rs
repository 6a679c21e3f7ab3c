use super::*;
use dh_model::{Location, ObjectKind, ObjectRef, Target};
use serde_json::Map;

const KNOWN: &[&str] = &["C005", "C027", "F012"];

fn parse(text: &str) -> Result<Policy, PolicyError> {
    Policy::parse(text, Path::new(".docker-harden.toml"))
}

fn err(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(e) => e.to_string(),
    }
}

fn finding(rule: &str, object: ObjectRef, sev: Severity) -> Finding {
    Finding {
        rule: rule.into(),
        title: "t".into(),
        severity: sev,
        cis: vec![],
        cwe: vec![],
        cve: vec![],
        object,
        location: None,
        message: "m".into(),
        evidence: Map::new(),
        remediation: "r".into(),
    }
}

fn container(name: &str) -> ObjectRef {
    ObjectRef::named(ObjectKind::Container, name).with_id(format!("{name}0123456789abcdef"))
}

fn report(findings: Vec<Finding>) -> Report {
    let mut r = Report::new(Target {
        kind: "snapshot".into(),
        ..Default::default()
    });
    r.findings = findings;
    r.finish();
    r
}

const TODAY: (i32, u32, u32) = (2026, 11, 23);

#[test]
fn ignore_with_reason_suppresses() {
    let p = parse("[[ignore]]\nrule = \"C005\"\nreason = \"lab host\"\n").unwrap();
    p.validate_rules(KNOWN).unwrap();
    let mut r = report(vec![
        finding("C005", container("web"), Severity::Critical),
        finding("C027", container("web"), Severity::Low),
    ]);
    p.apply(&mut r, TODAY);
    r.finish();
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].rule, "C027");
    assert_eq!(r.suppressed.len(), 1);
    assert_eq!(r.suppressed[0].rule, "C005");
    assert_eq!(r.suppressed[0].reason, "lab host");
    assert_eq!(r.suppressed[0].message, "m");
    assert_eq!(r.suppressed[0].title, "t");
    assert_eq!(r.suppressed[0].severity, Some(Severity::Critical));
    assert_eq!(r.suppressed[0].object.name.as_deref(), Some("web"));
    assert!(r.warnings.is_empty());
    assert_eq!(r.summary.findings, 1);
    // Serialised additively: absent when empty.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["suppressed"][0]["reason"], "lab host");
    assert!(serde_json::to_value(report(vec![]))
        .unwrap()
        .get("suppressed")
        .is_none());
}

#[test]
fn expired_ignore_warns_and_finding_returns() {
    let text = "# policy\n[[ignore]]\nrule = \"C005\"\nreason = \"until migration\"\nexpires = 2026-01-31\n";
    let p = parse(text).unwrap();
    let mut r = report(vec![finding("C005", container("web"), Severity::Critical)]);
    p.apply(&mut r, TODAY);
    r.finish();
    assert_eq!(r.findings.len(), 1);
    assert!(r.suppressed.is_empty());
    assert_eq!(
        r.warnings,
        vec![".docker-harden.toml:2:1: ignore of C005 expired on 2026-01-31 (1 finding is reported again; reason was: until migration)"]
    );
}

#[test]
fn expiry_day_itself_still_ignores() {
    let p = parse("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nexpires = 2026-11-23\n").unwrap();
    let mut r = report(vec![finding("C005", container("web"), Severity::Critical)]);
    p.apply(&mut r, TODAY);
    assert!(r.findings.is_empty());
    assert_eq!(r.suppressed[0].expires.as_deref(), Some("2026-11-23"));
    let mut r = report(vec![finding("C005", container("web"), Severity::Critical)]);
    p.apply(&mut r, (2026, 11, 24));
    assert_eq!(r.findings.len(), 1);
}

#[test]
fn expires_as_string_is_accepted() {
    let p =
        parse("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nexpires = \"2027-01-31\"\n").unwrap();
    assert_eq!(p.ignores[0].expires, Some(Date::new(2027, 1, 31)));
}

#[test]
fn object_glob_matches_container_names() {
    let p =
        parse("[[ignore]]\nrule = \"C005\"\nreason = \"web tier\"\nobject = \"web-*\"\n").unwrap();
    let mut r = report(vec![
        finding("C005", container("web-1"), Severity::Critical),
        finding("C005", container("web-2"), Severity::Critical),
        finding("C005", container("db"), Severity::Critical),
        finding("C005", container("myweb-1"), Severity::Critical),
    ]);
    p.apply(&mut r, TODAY);
    r.finish();
    let left: Vec<_> = r
        .findings
        .iter()
        .map(|f| f.object.name.clone().unwrap())
        .collect();
    assert_eq!(left, vec!["db", "myweb-1"]);
    assert_eq!(r.suppressed.len(), 2);
}

#[test]
fn object_glob_matches_short_id() {
    let p = parse("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nobject = \"db0123*\"\n").unwrap();
    let mut r = report(vec![finding("C005", container("db"), Severity::Critical)]);
    p.apply(&mut r, TODAY);
    assert!(r.findings.is_empty());
}

#[test]
fn path_glob_matches_file_findings() {
    let p =
        parse("[[ignore]]\nrule = \"F012\"\nreason = \"fixtures\"\npath = \"tests/**\"\n").unwrap();
    let mut inside = finding(
        "F012",
        ObjectRef::named(ObjectKind::File, "tests/a/Dockerfile"),
        Severity::Medium,
    );
    inside.location = Some(Location {
        path: "tests/a/Dockerfile".into(),
        line: 3,
        column: 1,
    });
    let mut dotted = inside.clone();
    dotted.location.as_mut().unwrap().path = "./tests/b/Dockerfile".into();
    let mut outside = inside.clone();
    outside.location.as_mut().unwrap().path = "app/Dockerfile".into();
    outside.object.name = Some("app/Dockerfile".into());
    // A path glob never matches a finding that has no file.
    let no_file = finding("F012", container("tests"), Severity::Medium);
    let mut r = report(vec![inside, dotted, outside, no_file]);
    p.apply(&mut r, TODAY);
    assert_eq!(r.suppressed.len(), 2);
    assert_eq!(r.suppressed[0].location.as_ref().unwrap().line, 3);
    assert_eq!(r.findings.len(), 2);
}

#[test]
fn severity_override_applies_before_finish() {
    let p = parse("[severity]\nC027 = \"medium\"\nc005 = \"LOW\"\n").unwrap();
    p.validate_rules(KNOWN).unwrap();
    let mut r = report(vec![
        finding("C027", container("web"), Severity::Low),
        finding("C005", container("web"), Severity::Critical),
    ]);
    p.apply(&mut r, TODAY);
    r.finish();
    assert_eq!(r.findings[0].rule, "C027");
    assert_eq!(r.findings[0].severity, Severity::Medium);
    assert_eq!(r.findings[1].severity, Severity::Low);
    assert_eq!(r.summary.by_severity.medium, 1);
    assert_eq!(r.summary.by_severity.critical, 0);
}

#[test]
fn missing_reason_names_file_and_position() {
    let text = "[severity]\nC027 = \"medium\"\n\n[[ignore]]\nrule = \"C005\"\n";
    assert_eq!(
        err(text),
        ".docker-harden.toml:4:1: ignore entry needs a reason"
    );
}

#[test]
fn empty_reason_is_an_error() {
    assert_eq!(
        err("[[ignore]]\nrule = \"C005\"\nreason = \"  \"\n"),
        ".docker-harden.toml:3:10: ignore entry: reason is empty"
    );
}

#[test]
fn missing_rule_is_an_error() {
    assert_eq!(
        err("[[ignore]]\nreason = \"x\"\n"),
        ".docker-harden.toml:1:1: ignore entry needs a rule (e.g. rule = \"C005\")"
    );
}

#[test]
fn bad_toml_has_a_position() {
    assert_eq!(
        err("[[ignore]]\nrule = \"C005\nreason = \"x\"\n"),
        ".docker-harden.toml:2:13: invalid basic string, expected `\"`"
    );
    let e = err("[[ignore]\n");
    assert!(e.starts_with(".docker-harden.toml:1:10: "), "{e}");
}

#[test]
fn unknown_key_has_a_position() {
    let e = err("[[ignore]]\nrule = \"C005\"\nreasn = \"typo\"\n");
    assert!(
        e.starts_with(".docker-harden.toml:3:1: unknown field `reasn`"),
        "{e}"
    );
    let e = err("[ignores]\n");
    assert!(
        e.starts_with(".docker-harden.toml:1:2: unknown field `ignores`"),
        "{e}"
    );
}

#[test]
fn bad_expires_is_an_error() {
    assert_eq!(
        err("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nexpires = \"soon\"\n"),
        ".docker-harden.toml:4:11: ignore entry: expires must be a date like 2027-01-31, found \"soon\""
    );
    let e = err("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nexpires = \"2027-02-30\"\n");
    assert!(e.contains("expires must be a date"), "{e}");
}

#[test]
fn bad_glob_is_an_error() {
    let e = err("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nobject = \"web-[\"\n");
    assert!(
        e.starts_with(".docker-harden.toml:4:10: ignore entry: bad object glob \"web-[\""),
        "{e}"
    );
}

#[test]
fn bad_severity_is_an_error() {
    assert_eq!(
        err("[severity]\nC027 = \"urgent\"\n"),
        ".docker-harden.toml:2:8: severity.C027: unknown severity \"urgent\" (expected critical, high, medium, low or info)"
    );
}

#[test]
fn unknown_rule_names_the_file() {
    let p = parse("\n[[ignore]]\nrule = \"C999\"\nreason = \"x\"\n").unwrap();
    assert_eq!(
        p.validate_rules(KNOWN).unwrap_err().to_string(),
        ".docker-harden.toml:3:8: ignore entry: unknown rule id \"C999\" (see `docker-harden rules`)"
    );
    let p = parse("[severity]\nX001 = \"low\"\n").unwrap();
    assert_eq!(
        p.validate_rules(KNOWN).unwrap_err().to_string(),
        ".docker-harden.toml:2:1: severity: unknown rule id \"X001\" (see `docker-harden rules`)"
    );
}

#[test]
fn discover_searches_upward() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a/b/c");
    std::fs::create_dir_all(&deep).unwrap();
    assert!(Policy::discover(&deep)
        .unwrap()
        .is_none_or(|p| !p.path.starts_with(dir.path())));
    let file = dir.path().join("a").join(FILE_NAME);
    std::fs::write(&file, "[[ignore]]\nrule = \"C005\"\nreason = \"x\"\n").unwrap();
    let p = Policy::discover(&deep).unwrap().unwrap();
    assert_eq!(p.path, file);
    assert_eq!(p.ignores.len(), 1);
    std::fs::write(&file, "[[ignore]]\nrule = \"C005\"\n").unwrap();
    let e = Policy::discover(&deep).unwrap_err();
    assert_eq!(e.path(), file);
    assert!(e
        .to_string()
        .ends_with(".docker-harden.toml:1:1: ignore entry needs a reason"));
}

#[test]
fn load_missing_file_is_an_error() {
    let e = Policy::load(Path::new("/nonexistent/policy.toml")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("/nonexistent/policy.toml: cannot read policy file: "),
        "{e}"
    );
}

#[test]
fn empty_policy_changes_nothing() {
    let p = parse("# nothing yet\n").unwrap();
    let mut r = report(vec![finding("C005", container("web"), Severity::Critical)]);
    let before = r.clone();
    p.apply(&mut r, TODAY);
    r.finish();
    assert_eq!(r, before);
}

#[test]
fn first_live_ignore_wins_over_expired_one() {
    let p = parse(
        "[[ignore]]\nrule = \"C005\"\nreason = \"old\"\nexpires = 2020-01-01\n\n[[ignore]]\nrule = \"C005\"\nreason = \"new\"\n",
    )
    .unwrap();
    let mut r = report(vec![finding("C005", container("web"), Severity::Critical)]);
    p.apply(&mut r, TODAY);
    assert!(r.findings.is_empty());
    assert_eq!(r.suppressed[0].reason, "new");
    assert_eq!(r.warnings.len(), 1);
    assert!(
        r.warnings[0].contains("expired on 2020-01-01 (no finding is reported again"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn positions_count_characters_not_bytes() {
    let e = err("# é\n[[ignore]]\nrule = \"C005\"\n");
    assert_eq!(e, ".docker-harden.toml:2:1: ignore entry needs a reason");
    assert_eq!(line_col("é=1", 2), (1, 2));
}

#[test]
fn civil_dates() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    assert_eq!(civil_from_days(20_415), (2025, 11, 23));
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    let (y, _, _) = today_utc();
    assert!(y >= 2025);
}
