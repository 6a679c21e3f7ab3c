//! Shared by live tests: find the test daemon started by `scripts/test-daemon.sh`, run the
//! docker CLI against it, and name test objects so parallel tests never collide.

use std::process::{Command, Output};

/// The locally built busybox image (see `scripts/test-daemon.sh`).
pub const BUSYBOX: &str = "dh-busybox:latest";

/// The test daemon's `DOCKER_HOST`, or `None` (after printing why) when there is none.
/// With `CI=true` a missing daemon is a failure, never a silent skip.
pub fn live_docker_host(test: &str) -> Option<String> {
    let from_env = std::env::var("DH_TEST_DOCKER_HOST").ok().filter(|h| !h.is_empty());
    let host = from_env.or_else(|| {
        let sock = "/tmp/dh-testd/docker.sock";
        std::path::Path::new(sock)
            .exists()
            .then(|| format!("unix://{sock}"))
    });
    match host {
        Some(h) if daemon_answers(&h) => Some(h),
        other => {
            let why = match other {
                Some(h) => format!("the test daemon at {h} does not answer"),
                None => "no test daemon (run scripts/test-daemon.sh start, or scripts/test.sh)".into(),
            };
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{test}: CI=true but {why}");
            }
            eprintln!("skipping live test {test}: {why}");
            None
        }
    }
}

fn daemon_answers(host: &str) -> bool {
    Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .env("DOCKER_HOST", host)
        .env_remove("DOCKER_CONTEXT")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Runs the docker CLI against `host`; panics with stderr when it fails.
pub fn docker(host: &str, args: &[&str]) -> String {
    let out = docker_output(host, args);
    assert!(
        out.status.success(),
        "docker {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs the docker CLI against `host` and returns whatever happened.
pub fn docker_output(host: &str, args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .env("DOCKER_HOST", host)
        .env_remove("DOCKER_CONTEXT")
        .env_remove("DOCKER_TLS_VERIFY")
        .env_remove("DOCKER_CERT_PATH")
        .output()
        .expect("the docker CLI runs")
}

/// A name unique to this test process: `dhtest-<prefix>-<pid>-<suffix>`.
pub fn unique(prefix: &str, suffix: &str) -> String {
    format!("dhtest-{prefix}-{}-{suffix}", std::process::id())
}

/// Removes containers on drop (also when the test panics).
pub struct Cleanup {
    pub host: String,
    pub containers: Vec<String>,
    pub networks: Vec<String>,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        for c in &self.containers {
            let _ = docker_output(&self.host, &["rm", "-f", "-v", c]);
        }
        for n in &self.networks {
            let _ = docker_output(&self.host, &["network", "rm", n]);
        }
    }
}
