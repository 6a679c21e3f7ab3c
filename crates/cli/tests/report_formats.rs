//! End to end through the binary: every `--format` on a snapshot audit, `--output`, and the
//! policy file (`.docker-harden.toml` found upward, or `--config`). Pure: no daemon needed.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const SNAPSHOT: &str = r#"{"schema":"docker-harden/snapshot/v1","containers":[{"Id":"abc","Name":"/web","State":{"Status":"created"},"HostConfig":{"Privileged":true}}]}"#;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("snap.json"), SNAPSHOT).unwrap();
        Fixture { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn policy(&self, text: &str) {
        std::fs::write(self.path().join(".docker-harden.toml"), text).unwrap();
    }
    /// `docker-harden audit --from snap.json --select C005 ARGS…`, run in the fixture dir.
    fn audit(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("docker-harden").unwrap();
        cmd.current_dir(self.path())
            .env_remove("DOCKER_HOST")
            .env("NO_COLOR", "1")
            .args(["audit", "--from"])
            .arg(self.path().join("snap.json"))
            .args(["--select", "C005"])
            .args(args);
        cmd
    }
    fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let out = self
            .audit(&all)
            .assert()
            .code(code)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout when the run fails"
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn json_reports_the_privileged_container() {
    let fx = Fixture::new();
    let r = fx.json(&[], 1);
    assert_eq!(r["schema"], "docker-harden/report/v1");
    assert_eq!(r["findings"][0]["rule"], "C005");
    assert_eq!(r["findings"][0]["object"]["name"], "web");
    assert_eq!(r["findings"][0]["severity"], "critical");
    assert!(r.get("suppressed").is_none());
}

#[test]
fn text_is_the_default_and_has_no_colour_off_a_terminal() {
    let fx = Fixture::new();
    let out = fx
        .audit(&[])
        .env_remove("NO_COLOR")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("container web\n  critical C005 container web runs with --privileged"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "1 findings (1 critical, 0 high, 0 medium, 0 low, 0 info), 0 passed, 0 skipped\n"
        ),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn sarif_junit_and_html_through_the_binary() {
    let fx = Fixture::new();
    let out = fx
        .audit(&["--format", "sarif"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let sarif: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "C005");
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["properties"]["tags"][1],
        "CIS-5.5"
    );
    assert!(run["tool"]["driver"]["rules"][0]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    assert_eq!(run["results"][0]["level"], "error");
    assert_eq!(
        run["results"][0]["locations"][0]["logicalLocations"][0]["name"],
        "web"
    );

    let out = fx
        .audit(&["--format", "junit"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert!(
        xml.contains("<testcase name=\"C005 Privileged container\" classname=\"container web\"")
    );
    assert!(xml.contains("<failure message=\"container web runs with --privileged"));
    assert!(xml.trim_end().ends_with("</testsuites>"));

    let html_path = fx.path().join("report.html");
    fx.audit(&["--format", "html", "--output"])
        .arg(&html_path)
        .assert()
        .code(1)
        .stdout("");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<tr class=\"finding\" data-sev=\"critical\" data-kind=\"container\">"));
    assert!(html.contains("<dt>generated</dt><dd>20"));
}

#[test]
fn policy_ignore_moves_the_finding_to_suppressed() {
    let fx = Fixture::new();
    fx.policy("[[ignore]]\nrule = \"C005\"\nreason = \"lab machine, accepted risk\"\n");
    let r = fx.json(&[], 0);
    assert_eq!(r["findings"], serde_json::json!([]));
    assert_eq!(r["summary"]["findings"], 0);
    assert_eq!(r["suppressed"][0]["rule"], "C005");
    assert_eq!(r["suppressed"][0]["object"]["name"], "web");
    assert_eq!(r["suppressed"][0]["reason"], "lab machine, accepted risk");
    // SARIF keeps it as a suppressed result, so code scanning shows it as dismissed.
    let out = fx
        .audit(&["--format", "sarif"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let sarif: Value = serde_json::from_slice(&out).unwrap();
    let res = &sarif["runs"][0]["results"][0];
    assert_eq!(res["ruleId"], "C005");
    assert_eq!(
        res["suppressions"][0]["justification"],
        "lab machine, accepted risk"
    );
    // Text says so too.
    let out = fx.audit(&[]).assert().code(0).get_output().stdout.clone();
    assert!(String::from_utf8(out)
        .unwrap()
        .ends_with(", 1 ignored by policy\n"));
}

#[test]
fn policy_is_found_in_a_parent_directory() {
    let fx = Fixture::new();
    fx.policy("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nobject = \"we*\"\n");
    let sub = fx.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let out = fx
        .audit(&["--format", "json"])
        .current_dir(&sub)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(r["suppressed"][0]["rule"], "C005");
}

#[test]
fn object_glob_that_does_not_match_keeps_the_finding() {
    let fx = Fixture::new();
    fx.policy("[[ignore]]\nrule = \"C005\"\nreason = \"x\"\nobject = \"db-*\"\n");
    let r = fx.json(&[], 1);
    assert_eq!(r["findings"][0]["rule"], "C005");
}

#[test]
fn expired_ignore_warns_and_the_finding_returns() {
    let fx = Fixture::new();
    fx.policy(
        "[[ignore]]\nrule = \"C005\"\nreason = \"until the migration\"\nexpires = 2020-01-31\n",
    );
    let r = fx.json(&[], 1);
    assert_eq!(r["findings"][0]["rule"], "C005");
    // Also on stderr, since it is not on the terminal otherwise.
    let out = fx
        .audit(&["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("docker-harden: warning: "), "{err}");
    assert!(
        err.contains("ignore of C005 expired on 2020-01-31"),
        "{err}"
    );
    let w = r["warnings"][0].as_str().unwrap();
    assert!(w.ends_with(".docker-harden.toml:1:1: ignore of C005 expired on 2020-01-31 (1 finding is reported again; reason was: until the migration)"), "{w}");
}

#[test]
fn severity_override_changes_the_exit_code() {
    let fx = Fixture::new();
    fx.policy("[severity]\nC005 = \"low\"\n");
    let r = fx.json(&[], 0);
    assert_eq!(r["findings"][0]["severity"], "low");
    assert_eq!(r["summary"]["by_severity"]["low"], 1);
    fx.json(&["--fail-on", "low"], 1);
}

#[test]
fn explicit_config_wins_over_discovery() {
    let fx = Fixture::new();
    fx.policy("[[ignore]]\nrule = \"C005\"\nreason = \"discovered\"\n");
    let other = fx.path().join("strict.toml");
    std::fs::write(&other, "# nothing ignored\n").unwrap();
    let r = fx.json(&["--config", other.to_str().unwrap()], 1);
    assert_eq!(r["findings"][0]["rule"], "C005");
}

#[test]
fn policy_without_reason_exits_2_with_file_and_position() {
    let fx = Fixture::new();
    let p = fx.path().join("policy.toml");
    std::fs::write(&p, "# team policy\n\n[[ignore]]\nrule = \"C005\"\n").unwrap();
    let err = stderr_of(&mut fx.audit(&["--config", p.to_str().unwrap()]), 2);
    assert_eq!(
        err,
        format!(
            "docker-harden: {}:3:1: ignore entry needs a reason\n",
            p.display()
        )
    );
}

#[test]
fn malformed_policy_exits_2_with_position() {
    let fx = Fixture::new();
    fx.policy("[[ignore]]\nrule = \"C005\nreason = \"x\"\n");
    let err = stderr_of(&mut fx.audit(&[]), 2);
    assert!(err.starts_with("docker-harden: "), "{err}");
    assert!(err.contains(".docker-harden.toml:2:13: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unknown_rule_in_policy_exits_2() {
    let fx = Fixture::new();
    fx.policy("[[ignore]]\nrule = \"Z999\"\nreason = \"x\"\n");
    let err = stderr_of(&mut fx.audit(&[]), 2);
    assert!(
        err.ends_with(".docker-harden.toml:2:8: ignore entry: unknown rule id \"Z999\" (see `docker-harden rules`)\n"),
        "{err}"
    );
}

#[test]
fn missing_config_file_exits_2() {
    let fx = Fixture::new();
    let err = stderr_of(&mut fx.audit(&["--config", "no-such.toml"]), 2);
    assert!(
        err.starts_with("docker-harden: no-such.toml: cannot read policy file: "),
        "{err}"
    );
}
