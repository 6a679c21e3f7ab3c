//! End-to-end tests of the binary that need no daemon.

use assert_cmd::Command;
use std::path::PathBuf;

fn bin() -> Command {
    let mut c = Command::cargo_bin("docker-harden").unwrap();
    c.env("NO_COLOR", "1").env("HOME", "/nonexistent");
    c
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules/tests/fixtures/snapshot-live.json")
}

fn stderr_line(out: &std::process::Output) -> String {
    let e = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        e.trim().lines().count(),
        1,
        "expected one line on stderr: {e}"
    );
    e.trim().to_string()
}

#[test]
fn docs_rules_md_is_current() {
    let out = bin()
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -q -- rules --format markdown -o docs/rules.md`"
    );
}

#[test]
fn rules_lists_and_explains() {
    let out = bin().arg("rules").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("C005") && text.contains("Privileged container"));
    let out = bin().args(["rules", "c005"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("C005 Privileged container (critical)"),
        "{text}"
    );
    assert!(text.contains("CIS Docker Benchmark v1.6.0: 5.5"));
    assert!(text.contains("## Why is this bad?"));
    let out = bin().args(["rules", "Z999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("unknown rule id \"Z999\""));
}

#[test]
fn audit_from_snapshot_text_and_exit_codes() {
    let out = bin()
        .arg("audit")
        .arg("--from")
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "critical findings with --fail-on high"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("container fx-privileged\n"));
    assert!(text.contains("critical C005 container fx-privileged runs with --privileged"));
    assert!(
        !text.contains("\x1b["),
        "no colour when NO_COLOR is set or not a terminal"
    );
    let out = bin()
        .args(["audit", "--fail-on", "none", "--from"])
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // Only low rules selected: nothing at or above high.
    let out = bin()
        .args([
            "audit",
            "--select",
            "C027,C030",
            "--format",
            "json",
            "--from",
        ])
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["C027", "C030"].into_iter().collect());
    assert_eq!(
        v["summary"]["findings"].as_u64().unwrap() as usize,
        v["findings"].as_array().unwrap().len()
    );
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("snap.json");
    std::fs::write(
        &bad,
        "{\n  \"schema\": \"docker-harden/snapshot/v1\",\n  \"containers\": [ 1 ]\n}\n",
    )
    .unwrap();
    let out = bin().arg("audit").arg("--from").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = stderr_line(&out);
    assert!(
        line.contains("snap.json") && line.contains("line 3"),
        "{line}"
    );

    std::fs::write(&bad, "{\"schema\": \"something/else\"}").unwrap();
    let out = bin().arg("audit").arg("--from").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("unsupported snapshot schema"));

    let out = bin()
        .args(["audit", "--from", "/nonexistent/snap.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("/nonexistent/snap.json"));

    let out = bin()
        .args(["audit", "--select", "C999", "--from"])
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("unknown rule id \"C999\""));

    let out = bin().args(["audit", "--format", "yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = bin().args(["-H", "foo://bar", "audit"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_line(&out).contains("invalid host \"foo://bar\""));
}

#[test]
fn docker_cli_plugin_handshake() {
    let out = bin().arg("docker-cli-plugin-metadata").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["SchemaVersion"], "0.1.0");
    assert_eq!(v["Vendor"], "docker-harden");
    // As a plugin, docker runs `docker-harden harden audit …`.
    let out = bin()
        .env("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND", "docker")
        .args(["harden", "audit", "--fail-on", "none", "--from"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("report.json");
    bin()
        .args(["audit", "--fail-on", "none", "--format", "json", "-o"])
        .arg(&out_file)
        .arg("--from")
        .arg(fixture())
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(v["schema"], "docker-harden/report/v1");
    assert_eq!(v["target"]["kind"], "snapshot");
    for key in ["findings", "passed", "skipped", "errors"] {
        assert!(v[key].is_array(), "{key} always present");
    }
}

#[test]
fn output_to_a_device_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    // A private null device, so that the test never depends on (or harms) the real one.
    let dir = tempfile::tempdir().unwrap();
    let dev = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .args(["-m", "666"])
        .arg(&dev)
        .args(["c", "1", "3"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !made {
        eprintln!("skipping output_to_a_device_keeps_the_device: mknod needs root");
        return;
    }
    bin()
        .args(["audit", "--fail-on", "none", "-o"])
        .arg(&dev)
        .arg("--from")
        .arg(fixture())
        .assert()
        .success();
    let ft = std::fs::metadata(&dev).unwrap().file_type();
    assert!(ft.is_char_device(), "an output device must stay a device");
}

#[test]
fn every_rule_of_every_crate_is_unique_documented_and_tagged() {
    let out = bin().args(["rules", "--format", "json"]).output().unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules.len() > 100, "all crates' rules are listed");
    let mut seen = std::collections::BTreeSet::new();
    for r in &rules {
        let id = r["id"].as_str().unwrap();
        assert!(seen.insert(id.to_string()), "rule id {id} is used twice");
        let doc = r["doc"].as_str().unwrap();
        for section in ["## What it does", "## Why", "## Example", "## References"] {
            assert!(doc.contains(section), "{id}: doc comment lacks {section}");
        }
        assert!(
            !r["remediation"].as_str().unwrap().is_empty(),
            "{id}: no remediation"
        );
        for cis in r["cis"].as_array().unwrap() {
            let c = cis.as_str().unwrap();
            assert!(
                c.split('.').all(|p| p.parse::<u32>().is_ok())
                    && c.starts_with(['1', '2', '3', '4', '5']),
                "{id}: {c} is not a CIS Docker Benchmark v1.6.0 id"
            );
        }
        for cwe in r["cwe"].as_array().unwrap() {
            assert!(
                cwe.as_str().unwrap().starts_with("CWE-"),
                "{id}: bad CWE {cwe}"
            );
        }
    }
}
