//! End-to-end tests of `tls init|client|check|env|context` and `probe`, on the built binary.
//! Live tests use the real dockerds of `scripts/tls-daemons.sh` (started here when not up):
//! skipped with a reason when not root or no dockerd, a failure with CI=true.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn bin() -> Command {
    let mut c = Command::cargo_bin("docker-harden").unwrap();
    for v in [
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_CERT_PATH",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CONFIG",
        "NO_COLOR",
    ] {
        c.env_remove(v);
    }
    c
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

fn init_pki(dir: &Path, extra: &[&str]) {
    bin()
        .args(["tls", "init", "--out"])
        .arg(dir)
        .args(["--host", "localhost", "--ip", "127.0.0.1"])
        .args(extra)
        .assert()
        .success();
}

// ---------------------------------------------------------------- files, no daemon

#[test]
fn init_writes_docker_names_private_modes_and_never_overwrites() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("pki");
    let o = bin()
        .args(["tls", "init", "--out"])
        .arg(&out)
        .args([
            "--host",
            "docker.example",
            "--host=localhost",
            "--ip",
            "127.0.0.1",
            "--days",
            "90",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("server-key.pem (0600)"), "{text}");
    assert_eq!(mode(&out), 0o700);
    for (f, m) in [
        ("ca.pem", 0o644),
        ("ca-key.pem", 0o600),
        ("server-cert.pem", 0o644),
        ("server-key.pem", 0o600),
        ("cert.pem", 0o644),
        ("key.pem", 0o600),
    ] {
        assert_eq!(mode(&out.join(f)), m, "{f}");
    }
    // openssl, independent of our parser, reads the SANs and EKUs and verifies the chain.
    if let Ok(o) = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-text", "-in"])
        .arg(out.join("server-cert.pem"))
        .output()
    {
        let t = String::from_utf8_lossy(&o.stdout);
        assert!(
            t.contains("DNS:docker.example")
                && t.contains("DNS:localhost")
                && t.contains("IP Address:127.0.0.1"),
            "{t}"
        );
        assert!(
            t.contains("TLS Web Server Authentication") && !t.contains("Client Authentication"),
            "{t}"
        );
        let v = std::process::Command::new("openssl")
            .args(["verify", "-CAfile"])
            .arg(out.join("ca.pem"))
            .arg(out.join("server-cert.pem"))
            .arg(out.join("cert.pem"))
            .output()
            .unwrap();
        assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    }
    // A second run refuses to replace anything.
    let before = std::fs::read(out.join("key.pem")).unwrap();
    bin()
        .args(["tls", "init", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "already exists (use --force to replace it)",
        ));
    assert_eq!(std::fs::read(out.join("key.pem")).unwrap(), before);
    bin()
        .args(["tls", "init", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_ne!(std::fs::read(out.join("key.pem")).unwrap(), before);
}

#[test]
fn init_rsa_4096_and_client_from_the_same_ca() {
    let t = tempfile::tempdir().unwrap();
    let ca = t.path().join("ca");
    init_pki(&ca, &["--key-type", "rsa-4096"]);
    let key = std::fs::read_to_string(ca.join("key.pem")).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    let alice = t.path().join("alice");
    bin()
        .args(["tls", "client", "--ca-dir"])
        .arg(&ca)
        .args(["--name", "alice", "--out"])
        .arg(&alice)
        .assert()
        .success();
    assert_eq!(mode(&alice.join("key.pem")), 0o600);
    assert_eq!(
        std::fs::read(alice.join("ca.pem")).unwrap(),
        std::fs::read(ca.join("ca.pem")).unwrap()
    );
    if let Ok(o) = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-text", "-in"])
        .arg(alice.join("cert.pem"))
        .output()
    {
        let t = String::from_utf8_lossy(&o.stdout);
        assert!(
            t.contains("CN = alice") && t.contains("TLS Web Client Authentication"),
            "{t}"
        );
        assert!(
            t.contains("Public-Key: (256 bit)"),
            "client key defaults to ECDSA P-256: {t}"
        );
        let v = std::process::Command::new("openssl")
            .args(["verify", "-CAfile"])
            .arg(ca.join("ca.pem"))
            .arg(alice.join("cert.pem"))
            .output()
            .unwrap();
        assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    }
    // A missing CA key is a one-line error naming the file.
    bin()
        .args(["tls", "client", "--ca-dir"])
        .arg(&alice)
        .args(["--name", "bob", "--out"])
        .arg(t.path().join("bob"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("alice/ca-key.pem: No such file"));
}

#[test]
fn env_prints_each_shell() {
    let t = tempfile::tempdir().unwrap();
    let pki = t.path().join("pki");
    init_pki(&pki, &[]);
    let run = |shell: &str| {
        let o = bin()
            .args(["tls", "env", "--cert-dir"])
            .arg(&pki)
            .args(["--host", "tcp://docker.example", "--shell", shell])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let p = pki.canonicalize().unwrap().display().to_string();
    assert!(run("bash").starts_with(&format!(
        "export DOCKER_HOST='tcp://docker.example:2376'\nexport DOCKER_TLS_VERIFY='1'\nexport DOCKER_CERT_PATH='{p}'\n"
    )));
    assert!(run("fish").contains(&format!("set -gx DOCKER_CERT_PATH '{p}';\n")));
    assert!(run("powershell").contains("$Env:DOCKER_TLS_VERIFY = '1'\n"));
    bin()
        .args(["tls", "env", "--cert-dir"])
        .arg(&pki)
        .args(["--host", "unix:///var/run/docker.sock"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("expected tcp://NAME:2376"));
    bin()
        .args(["tls", "env", "--cert-dir"])
        .arg(t.path())
        .args(["--host", "tcp://h:2376"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("ca.pem: not found"));
}

/// Every file under `dir`: relative path → (mode, contents).
fn tree(dir: &Path) -> BTreeMap<String, (u32, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                out.insert(rel, (mode(&p), vec![]));
                stack.push(p);
            } else {
                out.insert(rel, (mode(&p), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

#[test]
fn context_layout_is_what_docker_context_create_writes() {
    let t = tempfile::tempdir().unwrap();
    let pki = t.path().join("pki");
    init_pki(&pki, &[]);
    let ours = t.path().join("ours");
    bin()
        .env("DOCKER_CONFIG", &ours)
        .args([
            "tls",
            "context",
            "dh-prod",
            "--description",
            "prod",
            "--cert-dir",
        ])
        .arg(&pki)
        .args(["--host", "tcp://127.0.0.1:2376"])
        .assert()
        .success();
    bin()
        .env("DOCKER_CONFIG", &ours)
        .args([
            "tls",
            "context",
            "dh-ssh",
            "--ssh",
            "ssh://admin@docker.example",
        ])
        .assert()
        .success();
    bin()
        .env("DOCKER_CONFIG", &ours)
        .args([
            "tls",
            "context",
            "dh-ssh",
            "--ssh",
            "ssh://admin@docker.example",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    let theirs = t.path().join("theirs");
    let docker = |args: &[&str]| {
        std::process::Command::new("docker")
            .env("DOCKER_CONFIG", &theirs)
            .args(args)
            .output()
    };
    let spec = format!(
        "host=tcp://127.0.0.1:2376,ca={0}/ca.pem,cert={0}/cert.pem,key={0}/key.pem",
        pki.display()
    );
    match docker(&[
        "context",
        "create",
        "dh-prod",
        "--description",
        "prod",
        "--docker",
        &spec,
    ]) {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!("skipping the comparison with the Docker CLI: {other:?}");
            return;
        }
    }
    assert!(docker(&[
        "context",
        "create",
        "dh-ssh",
        "--docker",
        "host=ssh://admin@docker.example"
    ])
    .unwrap()
    .status
    .success());
    let a = tree(&ours.join("contexts"));
    let b = tree(&theirs.join("contexts"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert_eq!(v, &b[k], "{k} differs (mode, contents)");
    }
    // And the Docker CLI reads ours.
    let o = std::process::Command::new("docker")
        .env("DOCKER_CONFIG", &ours)
        .args([
            "context",
            "inspect",
            "dh-prod",
            "--format",
            "{{.Name}} {{.Endpoints.docker.Host}}",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "dh-prod tcp://127.0.0.1:2376"
    );
}

// ---------------------------------------------------------------- probe, no daemon

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn probe_json(args: &[&str]) -> (i32, Value) {
    let o = bin()
        .args(["probe", "--format", "json", "--timeout", "2"])
        .args(args)
        .output()
        .unwrap();
    (o.status.code().unwrap_or(-1), json(&o.stdout))
}

/// Outcome (object state) per probed address, from a JSON report.
fn outcomes(report: &Value) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for section in ["findings", "passed"] {
        for e in report[section].as_array().unwrap() {
            m.insert(
                e["object"]["name"].as_str().unwrap().to_string(),
                e["object"]["state"].as_str().unwrap().to_string(),
            );
        }
    }
    m
}

#[test]
fn probe_closed_port_and_a_web_server_that_is_not_docker() {
    let closed = free_port();
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let web = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for s in server.incoming().take(4) {
            let Ok(mut s) = s else { continue };
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ =
                s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: nginx\r\n\r\nhello");
        }
    });
    let (code, r) = probe_json(&[&format!("127.0.0.1:{closed}"), &format!("localhost:{web}")]);
    assert_eq!(code, 0, "{r}");
    let m = outcomes(&r);
    assert_eq!(m[&format!("127.0.0.1:{closed}")], "closed");
    assert_eq!(m[&format!("localhost:{web}")], "not-docker");
    assert_eq!(r["summary"]["findings"], 0);
    assert_eq!(r["schema"], "docker-harden/report/v1");
}

#[test]
fn probe_a_silent_listener_is_not_docker_within_the_timeout() {
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        // Accept and say nothing, keeping the connections open.
        let held: Vec<_> = server.incoming().take(2).collect();
        std::thread::sleep(std::time::Duration::from_secs(5));
        drop(held);
    });
    let started = std::time::Instant::now();
    let o = bin()
        .args(["probe", "--format", "json", "--timeout", "300ms"])
        .arg(format!("127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let r = json(&o.stdout);
    assert_eq!(
        outcomes(&r)[&format!("127.0.0.1:{port}")],
        "not-docker",
        "{r:#}"
    );
}

#[test]
fn probe_input_errors_are_one_line_exit_2() {
    bin()
        .args(["probe", "h:99999"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("port must be a number"));
    bin()
        .args(["probe"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no target given"));
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("targets.txt");
    std::fs::write(&f, "# lab\n127.0.0.1:1\n\nbad host:x\n").unwrap();
    bin()
        .arg("probe")
        .arg("--targets-file")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("targets.txt:4: \"bad host:x\""));
    // An unresolvable name: an error, exit 2 (nothing was probed).
    let o = bin()
        .args(["probe", "--format", "json", "nosuchhost.invalid:2375"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let r = json(&o.stdout);
    assert!(r["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("nosuchhost.invalid:2375: cannot resolve"));
    bin()
        .args(["tls", "check", "127.0.0.1:1", "--cert-dir", "/nonexistent"])
        .assert()
        .code(2);
}

#[test]
fn probe_targets_file_and_default_ports() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("targets.txt");
    std::fs::write(&f, "127.0.0.1   # both default ports\n").unwrap();
    let (code, r) = probe_json(&["--targets-file", f.to_str().unwrap(), "127.0.0.1:2375"]);
    let m = outcomes(&r);
    assert!(
        m.contains_key("127.0.0.1:2375") && m.contains_key("127.0.0.1:2376"),
        "{m:?}"
    );
    assert_eq!(m.len(), 2, "duplicates are probed once");
    assert!(code == 0 || code == 1);
}

#[test]
fn rules_lists_tls_and_probe_rules() {
    let o = bin().args(["rules"]).output().unwrap();
    let t = String::from_utf8_lossy(&o.stdout);
    for id in [
        "T001", "T002", "T003", "T004", "T005", "T006", "T101", "T102",
    ] {
        assert!(t.contains(id), "{id} missing from `rules`");
    }
    bin()
        .args(["rules", "T102"])
        .assert()
        .success()
        .stdout(predicates::str::contains("## Why is this bad?"));
}

// ---------------------------------------------------------------- live: real dockerds

struct Daemons {
    certs: PathBuf,
    verify: u16,
    plain: u16,
    tlsonly: u16,
}

/// The three test daemons, started by `scripts/tls-daemons.sh` if they are not up.
fn daemons(test: &str) -> Option<&'static Daemons> {
    static D: OnceLock<Result<Daemons, String>> = OnceLock::new();
    let d = D.get_or_init(start_daemons);
    match d {
        Ok(d) => Some(d),
        Err(why) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{test}: CI=true but {why}");
            }
            eprintln!("skipping live test {test}: {why}");
            None
        }
    }
}

fn start_daemons() -> Result<Daemons, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false);
    if !is_root {
        return Err("not root (the test dockerds need root)".into());
    }
    if std::process::Command::new("dockerd")
        .arg("--version")
        .output()
        .is_err()
    {
        return Err("no dockerd (apt-get install docker.io)".into());
    }
    let o = std::process::Command::new("bash")
        .arg(root.join("scripts/tls-daemons.sh"))
        .arg("start")
        .env("DH_BIN", assert_cmd::cargo::cargo_bin("docker-harden"))
        .output()
        .map_err(|e| format!("cannot run scripts/tls-daemons.sh: {e}"))?;
    if !o.status.success() {
        return Err(format!(
            "scripts/tls-daemons.sh start failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    let out = String::from_utf8_lossy(&o.stdout);
    let mut vars = BTreeMap::new();
    for kv in out.split_whitespace().filter(|w| w.contains('=')) {
        let (k, v) = kv.split_once('=').unwrap_or_default();
        vars.insert(k.to_string(), v.to_string());
    }
    let port = |k: &str| {
        vars.get(k)
            .and_then(|v| v.parse().ok())
            .ok_or(format!("{k} missing in {out}"))
    };
    Ok(Daemons {
        certs: PathBuf::from(vars.get("DH_TLS_CERTS").ok_or("DH_TLS_CERTS missing")?),
        verify: port("DH_TLS_PORT_VERIFY")?,
        plain: port("DH_TLS_PORT_PLAIN")?,
        tlsonly: port("DH_TLS_PORT_TLSONLY")?,
    })
}

fn docker_cli(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut c = std::process::Command::new("docker");
    for v in [
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_CERT_PATH",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CONFIG",
    ] {
        c.env_remove(v);
    }
    c.envs(env.iter().copied())
        .args(args)
        .output()
        .expect("the docker CLI runs")
}

/// `export K='v'` lines → pairs.
fn parse_env(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
        .collect()
}

#[test]
fn live_tlsverify_daemon_env_works_certless_refused_check_passes_probe_enforced() {
    let Some(d) = daemons("live_tlsverify_daemon") else {
        return;
    };
    let host = format!("tcp://localhost:{}", d.verify);
    // tls env → the Docker CLI works.
    let o = bin()
        .args(["tls", "env", "--shell", "bash", "--cert-dir"])
        .arg(&d.certs)
        .args(["--host", &host])
        .output()
        .unwrap();
    assert!(o.status.success());
    let env = parse_env(&String::from_utf8_lossy(&o.stdout));
    assert_eq!(env.len(), 3, "{env:?}");
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let o = docker_cli(&pairs, &["version", "--format", "{{.Server.Version}}"]);
    assert!(
        o.status.success(),
        "docker with the env of `tls env`: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!String::from_utf8_lossy(&o.stdout).trim().is_empty());
    // Without a client certificate: refused.
    let t = tempfile::tempdir().unwrap();
    std::fs::copy(d.certs.join("ca.pem"), t.path().join("ca.pem")).unwrap();
    let o = docker_cli(
        &[
            ("DOCKER_HOST", &host),
            ("DOCKER_TLS_VERIFY", "1"),
            ("DOCKER_CERT_PATH", t.path().to_str().unwrap()),
        ],
        &["version", "--format", "{{.Server.Version}}"],
    );
    assert!(!o.status.success(), "a client without a certificate got in");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("bad certificate"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // tls check passes, every rule.
    let o = bin()
        .args([
            "tls",
            "check",
            &format!("localhost:{}", d.verify),
            "--format",
            "json",
            "--fail-on",
            "low",
            "--cert-dir",
        ])
        .arg(&d.certs)
        .output()
        .unwrap();
    let r = json(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{r:#}");
    assert_eq!(r["summary"]["findings"], 0, "{r:#}");
    let passed: Vec<&str> = r["passed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    for id in ["T001", "T002", "T003", "T004", "T005", "T006"] {
        assert!(passed.contains(&id), "{id} did not pass: {r:#}");
    }
    assert_eq!(r["target"]["api_version"], "1.41");
    // The text report says how the certless client was refused.
    let o = bin()
        .args([
            "tls",
            "check",
            &format!("127.0.0.1:{}", d.verify),
            "--cert-dir",
        ])
        .arg(&d.certs)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("a client without a certificate was refused (alert "),
        "{text}"
    );
    // probe: mtls-enforced, no false alarm.
    let (code, r) = probe_json(&[&format!("127.0.0.1:{}", d.verify)]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(
        outcomes(&r)[&format!("127.0.0.1:{}", d.verify)],
        "mtls-enforced"
    );
    assert_eq!(r["summary"]["findings"], 0);
}

#[test]
fn live_tls_check_fails_on_a_foreign_ca_and_an_open_key() {
    let Some(d) = daemons("live_tls_check_failures") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    // A client set from another CA: the chain does not verify.
    let other = t.path().join("other");
    init_pki(&other, &[]);
    let o = bin()
        .args([
            "tls",
            "check",
            &format!("127.0.0.1:{}", d.verify),
            "--format",
            "json",
            "--cert-dir",
        ])
        .arg(&other)
        .output()
        .unwrap();
    let r = json(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{r:#}");
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "T001"
                && f["message"]
                    == format!(
                        "127.0.0.1:{}: the server certificate is not signed by the CA in ca.pem",
                        d.verify
                    )),
        "{r:#}"
    );
    // Our own set, copied with a world-readable key.
    let mine = t.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    for f in ["ca.pem", "cert.pem", "key.pem"] {
        std::fs::copy(d.certs.join(f), mine.join(f)).unwrap();
    }
    std::fs::set_permissions(mine.join("key.pem"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o700)).unwrap();
    let o = bin()
        .args([
            "tls",
            "check",
            &format!("127.0.0.1:{}", d.verify),
            "--format",
            "json",
            "--cert-dir",
        ])
        .arg(&mine)
        .output()
        .unwrap();
    let r = json(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{r:#}");
    let key = mine.join("key.pem").display().to_string();
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "T005"
                && f["message"]
                    == format!("{key}: private key is readable by group or others (mode 0644)")),
        "{r:#}"
    );
    // Nothing listens on 127.0.0.2 at that port: exit 2, naming the target.
    bin()
        .args([
            "tls",
            "check",
            &format!("127.0.0.2:{}", d.verify),
            "--cert-dir",
        ])
        .arg(&d.certs)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!("127.0.0.2:{}", d.verify)));
}

#[test]
fn live_plaintext_daemon_is_exposed_plaintext() {
    let Some(d) = daemons("live_plaintext_daemon") else {
        return;
    };
    let target = format!("127.0.0.1:{}", d.plain);
    let (code, r) = probe_json(&[&target]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(outcomes(&r)[&target], "exposed-plaintext");
    let f = &r["findings"][0];
    assert_eq!(f["rule"], "T101");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["cis"][0], "2.7");
    assert!(f["evidence"]["engine_version"].is_string(), "{r:#}");
    assert_eq!(
        r["target"]["engine_version"],
        f["evidence"]["engine_version"]
    );
    // `tls check` of a plaintext listener says so, and fails.
    let o = bin()
        .args(["tls", "check", &target, "--format", "json", "--cert-dir"])
        .arg(&d.certs)
        .output()
        .unwrap();
    let r = json(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{r:#}");
    let msgs: Vec<String> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        msgs.contains(&format!(
            "T006 {target}: answered GET /_ping (HTTP 200) to a client without a certificate"
        )) && msgs
            .iter()
            .any(|m| m.starts_with("T001") && m.contains("the Docker API answers plain HTTP here")),
        "{msgs:?}"
    );
}

#[test]
fn live_tls_without_verify_is_exposed_tls_no_client_auth() {
    let Some(d) = daemons("live_tls_without_verify") else {
        return;
    };
    let target = format!("127.0.0.1:{}", d.tlsonly);
    let (code, r) = probe_json(&[&target]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(outcomes(&r)[&target], "exposed-tls-no-client-auth");
    assert_eq!(r["findings"][0]["rule"], "T102");
    // tls check proves it too.
    let o = bin()
        .args(["tls", "check", &target, "--format", "json", "--cert-dir"])
        .arg(&d.certs)
        .output()
        .unwrap();
    let r = json(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "T006"
                && f["message"]
                    == format!(
                        "{target}: answered GET /_ping (HTTP 200) to a client without a certificate"
                    )),
        "{r:#}"
    );
}

#[test]
fn live_probe_many_at_once_and_a_context_the_docker_cli_uses() {
    let Some(d) = daemons("live_probe_many") else {
        return;
    };
    let closed = free_port();
    let targets: Vec<String> = [d.verify, d.plain, d.tlsonly, closed]
        .iter()
        .map(|p| format!("127.0.0.1:{p}"))
        .collect();
    let args: Vec<&str> = targets.iter().map(String::as_str).collect();
    let (code, r) = probe_json(&args);
    assert_eq!(code, 1);
    let m = outcomes(&r);
    assert_eq!(
        [
            m[&targets[0]].as_str(),
            m[&targets[1]].as_str(),
            m[&targets[2]].as_str(),
            m[&targets[3]].as_str()
        ],
        [
            "mtls-enforced",
            "exposed-plaintext",
            "exposed-tls-no-client-auth",
            "closed"
        ]
    );
    // A context made by `tls context` works with `docker --context`.
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("docker-config");
    let name = format!("dhtest-tls-{}", std::process::id());
    bin()
        .env("DOCKER_CONFIG", &cfg)
        .args(["tls", "context", &name, "--cert-dir"])
        .arg(&d.certs)
        .args(["--host", &format!("tcp://127.0.0.1:{}", d.verify)])
        .assert()
        .success();
    let o = docker_cli(
        &[("DOCKER_CONFIG", cfg.to_str().unwrap())],
        &[
            "--context",
            &name,
            "version",
            "--format",
            "{{.Server.Version}}",
        ],
    );
    assert!(
        o.status.success(),
        "docker --context {name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

// ------------------------------------------------- audit over TCP, with and without TLS

#[test]
fn audit_over_tls_with_client_certificates_env_and_context() {
    let Some(d) = daemons("audit_over_tls_with_client_certificates_env_and_context") else {
        return;
    };
    let host = format!("tcp://localhost:{}", d.verify);
    let out = bin()
        .env("DOCKER_TLS_VERIFY", "1")
        .env("DOCKER_CERT_PATH", &d.certs)
        .env("DOCKER_HOST", &host)
        .args(["audit", "--format", "json", "--fail-on", "none"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    assert_eq!(v["target"]["docker_host"], host.as_str());
    assert!(v["target"]["engine_version"].as_str().is_some());
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "D007"
                && f["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("answered this audit")),
        "mTLS connection must not be reported as exposed"
    );

    // The same through a context written by `tls context`.
    let cfg = tempfile::tempdir().unwrap();
    bin()
        .env("DOCKER_CONFIG", cfg.path())
        .args(["-H", &host, "tls", "context", "dh-audit-ctx", "--cert-dir"])
        .arg(&d.certs)
        .assert()
        .success();
    let out = bin()
        .env("DOCKER_CONFIG", cfg.path())
        .env_remove("DOCKER_HOST")
        .args([
            "--context",
            "dh-audit-ctx",
            "audit",
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["target"]["docker_host"], host.as_str());

    // Without client certificates the daemon refuses: exit 2, one line.
    let out = bin()
        .env_remove("DOCKER_TLS_VERIFY")
        .args(["-H", &host, "audit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn audit_of_plaintext_tcp_daemon_reports_cis_2_7() {
    let Some(d) = daemons("audit_of_plaintext_tcp_daemon_reports_cis_2_7") else {
        return;
    };
    let host = format!("tcp://127.0.0.1:{}", d.plain);
    let out = bin()
        .env_remove("DOCKER_TLS_VERIFY")
        .args(["-H", &host, "audit", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a critical finding fails the run"
    );
    let v = json(&out.stdout);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "D007")
        .cloned()
        .expect("D007 reported");
    assert_eq!(f["cis"], serde_json::json!(["2.7"]));
    assert_eq!(f["severity"], "critical");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("answered this audit over plain TCP"));
}
