//! `--host ssh://user@host` against a real sshd on 127.0.0.1 (scripts/ssh-test-server.sh),
//! which runs `docker system dial-stdio` on the "remote" side, as the Docker CLI does.

use assert_cmd::Command;
use std::path::PathBuf;

#[test]
fn audit_over_ssh() {
    let Some(host) = dh_testkit::live_docker_host("audit_over_ssh") else {
        return;
    };
    if !std::path::Path::new("/usr/sbin/sshd").exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but sshd is not installed"
        );
        eprintln!("skipping audit_over_ssh: sshd is not installed");
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(repo.join("scripts/ssh-test-server.sh"))
        .arg("start")
        .env("DH_SSH_DIR", dir.path().join("ssh"))
        .env("DH_SSH_PORT", "22023")
        .env("DH_SSH_DOCKER_HOST", &host)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stop = || {
        let _ = std::process::Command::new(repo.join("scripts/ssh-test-server.sh"))
            .arg("stop")
            .env("DH_SSH_DIR", dir.path().join("ssh"))
            .status();
    };
    let name = dh_testkit::unique("ssh", "priv");
    let _cleanup = dh_testkit::Cleanup {
        host: host.clone(),
        containers: vec![name.clone()],
        networks: vec![],
    };
    dh_testkit::docker(
        &host,
        &[
            "create",
            "--name",
            &name,
            "--privileged",
            dh_testkit::BUSYBOX,
            "true",
        ],
    );
    let path = format!(
        "{}:{}",
        dir.path().join("ssh/bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .env("PATH", path)
        .env_remove("DOCKER_HOST")
        .args([
            "-H",
            "ssh://root@127.0.0.1:22023",
            "audit",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap();
    stop();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["target"]["docker_host"], "ssh://root@127.0.0.1:22023");
    assert_eq!(v["errors"], serde_json::json!([]));
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "C005" && f["object"]["name"] == name.as_str()));
}
