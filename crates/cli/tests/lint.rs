//! End-to-end tests of `docker-harden lint` (the built binary, real files; no daemon needed).

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const HARDENED: &str = r#"# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22.5
ARG RUNTIME=debian:12.6-slim@sha256:5f7d5664eae4a192c2d2d6cb67fc3f3c7891a8722cd2903cc35aa649a12b0c8d

FROM golang:${GO_VERSION}-bookworm@sha256:1a9b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,target=. \
    CGO_ENABLED=0 go build -trimpath -o /out/app ./cmd/app
# builder stages may run as root: only the final stage is judged
RUN <<EOF
set -eu
go vet ./...
EOF

FROM ${RUNTIME}
ARG APP_UID=10001
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates
rm -rf /var/lib/apt/lists/*
useradd --system --uid ${APP_UID} --shell /usr/sbin/nologin app
usermod -s /usr/sbin/nologin root
EOF
COPY --from=build --chmod=0555 /out/app /usr/local/bin/app
COPY <<-EOF /etc/app/config.toml
	listen = "0.0.0.0:8080"
	EOF
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/usr/local/bin/app", "healthcheck"]
USER ${APP_UID}
ENTRYPOINT ["/usr/local/bin/app"]
"#;

const INSECURE: &str = "FROM ubuntu\nRUN curl -fsSL https://get.example.com | sh\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n";

fn bin() -> Command {
    let mut c = Command::cargo_bin("docker-harden").unwrap();
    c.env_remove("DOCKER_HOST").env("NO_COLOR", "1");
    c
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn hardened_multistage_dockerfile_raises_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", HARDENED);
    let out = bin()
        .current_dir(dir.path())
        .args([
            "lint",
            "--format",
            "json",
            "--fail-on",
            "info",
            "Dockerfile",
        ])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert_eq!(
        v["findings"],
        serde_json::json!([]),
        "{}",
        serde_json::to_string_pretty(&v).unwrap()
    );
    assert_eq!(v["errors"], serde_json::json!([]));
    assert!(v["summary"]["passed"].as_u64().unwrap() >= 10);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn directory_walk_honours_gitignore_and_finds_all_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "Dockerfile", INSECURE);
    write(d, "services/api.Dockerfile", INSECURE);
    write(d, "services/Dockerfile.prod", INSECURE);
    write(d, "tools/Containerfile", INSECURE);
    write(d, ".devcontainer/Dockerfile", INSECURE);
    write(d, "vendor/Dockerfile", INSECURE);
    write(d, ".gitignore", "vendor/\n");
    write(d, "README.md", "# not a Dockerfile\n");
    let out = bin()
        .current_dir(d)
        .args(["lint", "--format", "json", "."])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["object"]["name"].as_str().unwrap().to_string())
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(
        files,
        vec![
            ".devcontainer/Dockerfile",
            "Dockerfile",
            "services/Dockerfile.prod",
            "services/api.Dockerfile",
            "tools/Containerfile"
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_findings_carry_file_locations() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", INSECURE);
    let out = bin()
        .current_dir(dir.path())
        .args(["lint", "--format", "json", "Dockerfile"])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert_eq!(v["schema"], "docker-harden/report/v1");
    assert_eq!(v["target"]["kind"], "files");
    let f010 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "F010")
        .expect("F010 finding");
    assert_eq!(f010["object"]["kind"], "file");
    assert_eq!(f010["object"]["name"], "Dockerfile");
    assert_eq!(
        f010["location"],
        serde_json::json!({"path": "Dockerfile", "line": 2, "column": 5})
    );
    assert_eq!(f010["cwe"], serde_json::json!(["CWE-494"]));
    let f007 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "F007")
        .unwrap();
    assert_eq!(f007["cis"], serde_json::json!(["4.10"]));
    // The secret itself never appears.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("AKIAIOSFODNN7EXAMPLE"));
}

#[test]
fn text_output_is_compiler_like_with_the_source_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", INSECURE);
    let out = bin()
        .current_dir(dir.path())
        .args(["lint", "Dockerfile"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Dockerfile:2:5: medium   F010 `curl` output is piped into `sh`"),
        "{text}"
    );
    assert!(
        text.contains("| RUN curl -fsSL https://get.example.com | sh"),
        "{text}"
    );
}

#[test]
fn stdin_with_stdin_filename() {
    let out = bin()
        .args([
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ])
        .write_stdin(INSECURE)
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let f = &v["findings"][0];
    assert_eq!(f["object"]["name"], "app/Dockerfile");
    assert_eq!(f["location"]["path"], "app/Dockerfile");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn parse_error_is_reported_others_still_linted_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good/Dockerfile", INSECURE);
    write(
        dir.path(),
        "bad/Dockerfile",
        "FROM alpine:3.19\nRUN <<EOF\necho never terminated\n",
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["lint", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out.stdout);
    assert_eq!(
        v["errors"],
        serde_json::json!(["bad/Dockerfile:2:1: unterminated heredoc"])
    );
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["object"]["name"] == "good/Dockerfile"));
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Dockerfile",
        "FROM alpine:3.19\nRUN apk add --no-cache curl\n",
    );
    // Only medium and lower findings: default --fail-on high passes.
    bin()
        .current_dir(dir.path())
        .args(["lint", "Dockerfile"])
        .assert()
        .code(0);
    bin()
        .current_dir(dir.path())
        .args(["lint", "--fail-on", "medium", "Dockerfile"])
        .assert()
        .code(1);
    bin()
        .current_dir(dir.path())
        .args(["lint", "missing/Dockerfile"])
        .assert()
        .code(2);
}

#[test]
fn select_and_ignore_rule_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", INSECURE);
    let out = bin()
        .current_dir(dir.path())
        .args([
            "lint",
            "--format",
            "json",
            "--select",
            "F014,F010",
            "Dockerfile",
        ])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let mut rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    assert_eq!(rules, vec!["F010", "F014"]);
    let out = bin()
        .current_dir(dir.path())
        .args(["lint", "--format", "json", "--ignore", "F007", "Dockerfile"])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "F007"));
    bin()
        .current_dir(dir.path())
        .args(["lint", "--select", "F999", "Dockerfile"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown rule id \"F999\""));
}

#[test]
fn inline_ignore_with_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Dockerfile",
        "FROM debian:12\n# docker-harden ignore=F010 reason=\"vendor installer, checksum verified upstream\"\nRUN curl -fsSL https://x | sh\n",
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["lint", "--format", "json", "Dockerfile"])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "F010"));
    let skipped = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rule"] == "F010")
        .unwrap();
    assert_eq!(
        skipped["reason"],
        "ignored inline: vendor installer, checksum verified upstream"
    );
}

#[test]
fn compose_files_are_linted_with_locations() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    );
    write(dir.path(), "Dockerfile", "FROM alpine:3.19\n");
    let out = bin()
        .current_dir(dir.path())
        .args(["lint", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out.stdout);
    assert_eq!(v["errors"], serde_json::json!([]));
    let find = |rule: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["object"]["name"] == "compose.yaml")
            .cloned()
            .unwrap_or_else(|| panic!("{rule} missing: {v}"))
    };
    let p = find("K001");
    assert_eq!(p["cis"], serde_json::json!(["5.5"]));
    assert_eq!(p["location"]["line"], 4);
    let s = find("K002");
    assert_eq!(s["cis"], serde_json::json!(["5.32"]));
    assert_eq!(s["location"]["line"], 6);
    // The Dockerfile next to it is linted in the same run.
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["object"]["name"] == "Dockerfile"));
}

#[test]
fn rules_catalog_lists_dockerfile_rules() {
    let out = bin().args(["rules"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for id in ["F001", "F010", "F016"] {
        assert!(text.contains(id), "{text}");
    }
    let out = bin().args(["rules", "F005"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CIS Docker Benchmark v1.6.0: 4.8") && text.contains("## What it does"),
        "{text}"
    );
}

#[test]
fn target_selects_the_shipped_stage() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Dockerfile",
        "FROM alpine:3.19 AS prod\nUSER 10001\nFROM prod AS dev\nUSER root\n",
    );
    let rules = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["lint", "--format", "json", "--select", "F001"];
        args.extend_from_slice(extra);
        args.push("Dockerfile");
        let out = bin().current_dir(dir.path()).args(&args).output().unwrap();
        json_of(&out.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&[]), vec!["the final stage runs as root: USER root"]);
    assert_eq!(rules(&["--target", "prod"]), Vec::<String>::new());
}
