//! Live end-to-end tests: the built binary against a real dockerd (scripts/test-daemon.sh)
//! with the sample containers of scripts/sample-containers.sh.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Samples {
    host: String,
    prefix: String,
}

impl Samples {
    fn create(host: &str, tag: &str) -> Samples {
        let prefix = dh_testkit::unique("audit", tag);
        let st = std::process::Command::new(repo().join("scripts/sample-containers.sh"))
            .args(["create", &prefix])
            .env("DOCKER_HOST", host)
            .status()
            .expect("sample script runs");
        assert!(st.success(), "creating sample containers failed");
        Samples {
            host: host.to_string(),
            prefix,
        }
    }
}

impl Drop for Samples {
    fn drop(&mut self) {
        let _ = std::process::Command::new(repo().join("scripts/sample-containers.sh"))
            .args(["remove", &self.prefix])
            .env("DOCKER_HOST", &self.host)
            .status();
    }
}

fn harden(host: &str) -> Command {
    let mut c = Command::cargo_bin("docker-harden").unwrap();
    c.env_remove("DOCKER_CONTEXT")
        .env_remove("DOCKER_TLS_VERIFY")
        .env("DOCKER_HOST", host)
        .env("HOME", "/nonexistent");
    c
}

fn json_report(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

/// Container-rule (`C…`) findings per sample container (name without the prefix).
fn findings_by_container(report: &Value, prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        if f["object"]["kind"] != "container" {
            continue;
        }
        let name = f["object"]["name"].as_str().unwrap();
        if let Some(short) = name.strip_prefix(&format!("{prefix}-")) {
            by.entry(short.to_string())
                .or_default()
                .insert(f["rule"].as_str().unwrap().to_string());
        }
    }
    by
}

const BASE: &[&str] = &[
    "C011", "C012", "C013", "C026", "C027", "C029", "C030", "C101", "C104",
];

fn set(base: &[&str], minus: &[&str], plus: &[&str]) -> BTreeSet<String> {
    base.iter()
        .filter(|r| !minus.contains(r))
        .chain(plus)
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn live_audit_reports_each_container_with_exact_rules() {
    let Some(host) =
        dh_testkit::live_docker_host("live_audit_reports_each_container_with_exact_rules")
    else {
        return;
    };
    let s = Samples::create(&host, "exact");
    let report =
        json_report(harden(&host).args(["audit", "--format", "json", "--fail-on", "none"]));
    assert_eq!(report["schema"], "docker-harden/report/v1");
    assert_eq!(report["target"]["kind"], "host");
    assert!(report["target"]["api_version"]
        .as_str()
        .is_some_and(|v| v.starts_with("1.")));
    let got = findings_by_container(&report, &s.prefix);

    let mut want: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    want.insert("default".into(), set(BASE, &[], &[]));
    want.insert("privileged".into(), set(BASE, &["C104"], &["C005", "C022"]));
    want.insert("caps".into(), set(BASE, &[], &["C004"]));
    want.insert("capall".into(), set(BASE, &[], &["C004"]));
    want.insert(
        "hostns".into(),
        set(BASE, &["C030"], &["C010", "C016", "C017", "C021", "C031"]),
    );
    want.insert("socket".into(), set(BASE, &[], &["C032"]));
    want.insert("mounts".into(), set(BASE, &[], &["C006"]));
    want.insert("propagation".into(), set(BASE, &[], &["C020"]));
    want.insert(
        "unconfined".into(),
        set(BASE, &[], &["C002", "C003", "C022", "C102"]),
    );
    want.insert("ports".into(), set(BASE, &[], &["C008", "C014"]));
    want.insert("devices".into(), set(BASE, &[], &["C018", "C019", "C025"]));
    want.insert("restart".into(), set(BASE, &[], &["C015"]));
    want.insert("sshd".into(), set(BASE, &[], &["C007"]));
    want.insert("env".into(), set(BASE, &[], &["C103"]));
    want.insert("paused".into(), set(BASE, &[], &[]));
    want.insert("exited".into(), set(BASE, &[], &[]));
    assert_eq!(got, want, "findings per container");
    assert!(
        !got.contains_key("hardened"),
        "the hardened container has runtime findings"
    );

    // Every state is audited, and reported as such.
    let states: BTreeMap<String, String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let n = f["object"]["name"]
                .as_str()?
                .strip_prefix(&format!("{}-", s.prefix))?;
            Some((n.to_string(), f["object"]["state"].as_str()?.to_string()))
        })
        .collect();
    assert_eq!(states["privileged"], "created");
    assert_eq!(states["paused"], "paused");
    assert_eq!(states["exited"], "exited");
    assert_eq!(states["default"], "running");

    // CIS ids and severities of the critical ones.
    let find = |c: &str, r: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == r && f["object"]["name"] == format!("{}-{c}", s.prefix))
            .cloned()
            .unwrap()
    };
    let p = find("privileged", "C005");
    assert_eq!(p["cis"], serde_json::json!(["5.5"]));
    assert_eq!(p["severity"], "critical");
    assert_eq!(p["evidence"]["HostConfig.Privileged"], true);
    assert_eq!(find("socket", "C032")["cis"], serde_json::json!(["5.32"]));
    assert_eq!(find("socket", "C032")["severity"], "critical");
    assert_eq!(find("capall", "C004")["severity"], "critical");
    assert_eq!(find("hostns", "C016")["severity"], "high");
    assert_eq!(find("default", "C027")["severity"], "low");

    // The hardened container passes every container rule that applies to it.
    let passed: BTreeSet<&str> = report["passed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["object"]["name"] == format!("{}-hardened", s.prefix))
        .filter_map(|p| p["rule"].as_str())
        .collect();
    for r in [
        "C005", "C011", "C012", "C013", "C015", "C026", "C027", "C029", "C030", "C101", "C104",
    ] {
        assert!(
            passed.contains(r),
            "hardened container should pass {r}: {passed:?}"
        );
    }
}

#[test]
fn snapshot_audit_equals_live_audit_and_redacts_secrets() {
    let Some(host) =
        dh_testkit::live_docker_host("snapshot_audit_equals_live_audit_and_redacts_secrets")
    else {
        return;
    };
    let s = Samples::create(&host, "snap");
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap.json");
    harden(&host)
        .args(["collect", "-o"])
        .arg(&snap)
        .assert()
        .success();
    let live = json_report(harden(&host).args(["audit", "--format", "json", "--fail-on", "none"]));
    let offline = json_report(
        harden("unix:///nonexistent.sock")
            .args(["audit", "--format", "json", "--fail-on", "none", "--from"])
            .arg(&snap),
    );
    let mine = |r: &Value, key: &str| -> Vec<Value> {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["object"]["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with(&s.prefix))
            })
            .cloned()
            .collect()
    };
    assert!(!mine(&live, "findings").is_empty());
    assert_eq!(mine(&live, "findings"), mine(&offline, "findings"));
    assert_eq!(mine(&live, "passed"), mine(&offline, "passed"));
    assert_eq!(mine(&live, "skipped"), mine(&offline, "skipped"));

    // No secret value reaches the snapshot or any report format.
    let secrets = [
        "hunter2-very-secret",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
    ];
    let snap_text = std::fs::read_to_string(&snap).unwrap();
    for fmt in ["text", "json", "sarif", "junit", "html"] {
        let out = harden("unix:///nonexistent.sock")
            .args(["audit", "--fail-on", "none", "--format", fmt, "--from"])
            .arg(&snap)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        for sec in secrets {
            assert!(!text.contains(sec), "{fmt} output leaks a secret");
        }
    }
    for sec in secrets {
        assert!(!snap_text.contains(sec), "snapshot leaks a secret");
    }
    assert!(snap_text.contains("DB_PASSWORD"), "variable names are kept");
}

#[test]
fn unreachable_daemon_exits_2_quickly_with_one_line() {
    for host in ["unix:///nonexistent/docker.sock", "tcp://127.0.0.1:1"] {
        let started = std::time::Instant::now();
        let out = harden(host).arg("audit").output().unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(host), "{err}");
        assert!(
            err.starts_with("docker-harden: cannot connect to the Docker daemon"),
            "{err}"
        );
    }
}

#[test]
fn audit_images_scans_the_contents_of_images_in_use() {
    let Some(host) =
        dh_testkit::live_docker_host("audit_images_scans_the_contents_of_images_in_use")
    else {
        return;
    };
    let tag = format!("{}:setuid", dh_testkit::unique("audit", "img"));
    let ctx = tempfile::tempdir().unwrap();
    std::fs::write(
        ctx.path().join("Dockerfile"),
        format!(
            "FROM {}\nRUN cp /bin/busybox /bin/su-copy && chmod u+s /bin/su-copy\n",
            dh_testkit::BUSYBOX
        ),
    )
    .unwrap();
    let out = std::process::Command::new("docker")
        .args(["build", "-q", "-t", &tag])
        .arg(ctx.path())
        .env("DOCKER_HOST", &host)
        .env("DOCKER_BUILDKIT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = dh_testkit::unique("audit", "imgc");
    let _cleanup = dh_testkit::Cleanup {
        host: host.clone(),
        containers: vec![name.clone()],
        networks: vec![],
    };
    dh_testkit::docker(&host, &["create", "--name", &name, &tag, "true"]);
    let report = json_report(harden(&host).args([
        "audit",
        "--images",
        "--select",
        "I001,I101",
        "--format",
        "json",
        "--fail-on",
        "none",
    ]));
    let setuid: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "I101" && f["object"]["name"] == tag.as_str())
        .collect();
    assert_eq!(setuid.len(), 1, "{report}");
    assert!(setuid[0]["message"]
        .as_str()
        .unwrap()
        .contains("/bin/su-copy"));
    assert_eq!(setuid[0]["cis"], serde_json::json!(["4.8"]));
    // The configuration rule runs once per image, not again in the contents scan.
    let i001 = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "I001" && f["object"]["name"] == tag.as_str())
        .count();
    assert_eq!(i001, 1);
    let _ = dh_testkit::docker_output(&host, &["rmi", "-f", &tag]);
}
