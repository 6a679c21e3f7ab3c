//! End-to-end tests of host and daemon-configuration auditing: fixture host trees built here
//! (`audit --no-daemon --root DIR`), snapshots with host facts (`audit --from`), snapshots
//! recorded from the real test daemons with versions edited to old releases, and live tests
//! against the plain test daemon and the hardened one (`scripts/hardened-daemon.sh`).

use assert_cmd::Command;
use serde_json::{json, Value};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn write(root: &Path, path: &str, text: &str, mode: u32) {
    let p = root.join(path.trim_start_matches('/'));
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
}

fn mkdir(root: &Path, path: &str, mode: u32) {
    let p = root.join(path.trim_start_matches('/'));
    fs::create_dir_all(&p).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether this process may chown (root): ownership findings are expected only then.
fn can_chown(root: &Path) -> bool {
    let p = root.join("chown-probe");
    fs::write(&p, "").unwrap();
    let ok = std::os::unix::fs::chown(&p, Some(1000), Some(1000)).is_ok();
    fs::remove_file(&p).unwrap();
    ok
}

const DEBIAN_UNIT: &str = "[Unit]\nDescription=Docker Application Container Engine\n\n[Service]\nType=notify\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS\nExecReload=/bin/kill -s HUP $MAINPID\n\n[Install]\nWantedBy=multi-user.target\n";
const SOCKET_UNIT: &str = "[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n";

fn common(root: &Path) {
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nci:x:1001:1001::/home/ci:/bin/sh\ndockremap:x:999:999::/nonexistent:/usr/sbin/nologin\n", 0o644);
    write(
        root,
        "/etc/group",
        "root:x:0:\nalice:x:1000:\nci:x:1001:\ndockremap:x:999:\ndocker:x:998:alice,ci\n",
        0o644,
    );
    write(
        root,
        "/lib/systemd/system/docker.service",
        DEBIAN_UNIT,
        0o644,
    );
    write(
        root,
        "/lib/systemd/system/docker.socket",
        SOCKET_UNIT,
        0o644,
    );
    write(root, "/usr/sbin/dockerd", "", 0o755);
    write(root, "/usr/sbin/runc", "", 0o755);
    mkdir(root, "/etc/docker", 0o755);
}

/// A host configured the way the usual TLS how-to leaves it, and worse.
fn bad_host(root: &Path) {
    common(root);
    write(
        root,
        "/etc/docker/daemon.json",
        r#"{
  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
  "tls": true,
  "tlsverify": false,
  "tlscert": "/etc/docker/tls/cert.pem",
  "tlskey": "/etc/docker/tls/key.pem",
  "icc": true,
  "insecure-registries": ["registry.local:5000"],
  "log-level": "debug",
  "userns-remap": "default",
  "storage-driver": "aufs",
  "experimental": true,
  "seccomp-profile": "unconfined",
  "iptables": false
}
"#,
        0o666,
    );
    write(root, "/etc/docker/tls/cert.pem", "cert", 0o644);
    write(root, "/etc/docker/tls/key.pem", "key", 0o644);
    write(
        root,
        "/etc/docker/certs.d/registry.local:5000/ca.crt",
        "ca",
        0o666,
    );
    // The how-to's override: empties ExecStart= and starts dockerd with -H fd:// again.
    write(
        root,
        "/etc/systemd/system/docker.service.d/override.conf",
        "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n",
        0o664,
    );
    write(
        root,
        "/etc/default/docker",
        "# Docker defaults\n\nDOCKER_OPTS=\"--log-level=warn --default-ulimit nofile=1024:4096\"\n",
        0o644,
    );
    write(
        root,
        "/etc/subuid",
        "alice:100000:65536\ndockremap:150000:65536\n",
        0o644,
    );
    write(root, "/etc/subgid", "alice:100000:65536\n", 0o644);
    write(
        root,
        "/etc/audit/rules.d/docker.rules",
        "-w /usr/sbin/dockerd -k docker\n",
        0o640,
    );
    write(
        root,
        "/etc/ssh/sshd_config",
        "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin yes\nPasswordAuthentication no\n",
        0o644,
    );
    write(
        root,
        "/etc/ssh/sshd_config.d/50-cloud-init.conf",
        "PasswordAuthentication yes\n",
        0o644,
    );
    write(
        root,
        "/etc/fstab",
        "/dev/sda1 / ext4 errors=remount-ro 0 1\n/dev/sda2 /boot ext4 defaults 0 2\n",
        0o644,
    );
    mkdir(root, "/lib/modules/5.10.0-8-amd64", 0o755);
}

/// The same kind of host, hardened: every finding fixed.
fn hardened_host(root: &Path) {
    common(root);
    write(
        root,
        "/etc/group",
        "root:x:0:\nalice:x:1000:\nci:x:1001:\ndockremap:x:999:\ndocker:x:998:\n",
        0o644,
    );
    write(
        root,
        "/etc/docker/daemon.json",
        r#"{
  "hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"],
  "tlsverify": true,
  "tlscacert": "/etc/docker/tls/ca.pem",
  "tlscert": "/etc/docker/tls/cert.pem",
  "tlskey": "/etc/docker/tls/key.pem",
  "icc": false,
  "userns-remap": "default",
  "no-new-privileges": true,
  "live-restore": true,
  "userland-proxy": false,
  "log-driver": "syslog",
  "authorization-plugins": ["docker-harden-authz"],
  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 4096}}
}
"#,
        0o644,
    );
    write(root, "/etc/docker/tls/ca.pem", "ca", 0o444);
    write(root, "/etc/docker/tls/cert.pem", "cert", 0o444);
    write(root, "/etc/docker/tls/key.pem", "key", 0o400);
    write(
        root,
        "/etc/docker/certs.d/registry.local:5000/ca.crt",
        "ca",
        0o444,
    );
    // The fix for the clash: empty ExecStart=, then dockerd without -H.
    write(
        root,
        "/etc/systemd/system/docker.service.d/override.conf",
        "[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd\n",
        0o644,
    );
    write(root, "/etc/default/docker", "# Docker defaults\n", 0o644);
    write(
        root,
        "/etc/subuid",
        "alice:100000:65536\ndockremap:165536:65536\n",
        0o644,
    );
    write(
        root,
        "/etc/subgid",
        "alice:100000:65536\ndockremap:165536:65536\n",
        0o644,
    );
    let mut rules = String::new();
    for p in [
        "/usr/sbin/dockerd",
        "/var/lib/docker",
        "/etc/docker",
        "/lib/systemd/system/docker.service",
        "/lib/systemd/system/docker.socket",
        "/etc/default/docker",
        "/usr/sbin/runc",
    ] {
        rules.push_str(&format!("-w {p} -k docker\n"));
    }
    write(root, "/etc/audit/rules.d/docker.rules", &rules, 0o640);
    mkdir(root, "/var/lib/docker", 0o710);
    write(
        root,
        "/etc/ssh/sshd_config",
        "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nPasswordAuthentication no\n",
        0o644,
    );
    write(root, "/etc/fstab", "/dev/sda1 / ext4 errors=remount-ro 0 1\n/dev/vg0/docker /var/lib/docker xfs defaults 0 2\n", 0o644);
    mkdir(root, "/lib/modules/6.1.0-18-amd64", 0o755);
}

fn audit_json(args: &[&str]) -> (Value, i32) {
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .env_remove("DOCKER_HOST")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, code)
}

fn findings(v: &Value) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    f.sort();
    f
}

fn rules_in(v: &Value, list: &str) -> Vec<String> {
    let mut r: Vec<String> = v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap().to_string())
        .collect();
    r.sort();
    r.dedup();
    r
}

#[test]
fn bad_host_exact_findings() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    bad_host(root);
    let chown = can_chown(root);
    if chown {
        std::os::unix::fs::chown(root.join("etc/docker/tls/cert.pem"), Some(1001), Some(1001))
            .unwrap();
    }
    let (v, code) = audit_json(&["audit", "--no-daemon", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1);
    let mut expected: Vec<(String, String)> = vec![
        ("D002", "ICC is enabled on the default bridge: icc is true, set in /etc/docker/daemon.json:7"),
        ("D004", "iptables is false (set in /etc/docker/daemon.json:14): Docker does not write its network isolation rules"),
        ("D005", "the daemon trusts insecure registries: registry.local:5000 (set in /etc/docker/daemon.json:8)"),
        ("D006", "the daemon uses the aufs storage driver (set in /etc/docker/daemon.json:11)"),
        ("D007", "the Engine API listens on tcp://0.0.0.0:2376 on every interface with TLS but without client-certificate verification (tlsverify is off): any client is accepted (set in /etc/docker/daemon.json:2)"),
        ("D009", "/etc/subuid: the range of dockremap (150000:65536, /etc/subuid:2) overlaps the range of alice (100000:65536, /etc/subuid:1): container ids map onto that user's files"),
        ("D009", "userns-remap is default (set in /etc/docker/daemon.json:10) but /etc/subgid has no entry for dockremap: dockerd cannot start"),
        ("D012", "no authorization plugin: every client of the API may do everything"),
        ("D013", "the default logging driver is json-file (default): container logs stay on this host"),
        ("D014", "no-new-privileges is off daemon-wide: false (default)"),
        ("D015", "live-restore is off: restarting dockerd stops every container (false (default))"),
        ("D016", "the userland proxy is on: true (default)"),
        ("D017", "the daemon-wide seccomp profile is unconfined (set in /etc/docker/daemon.json:13): containers run without a system-call filter"),
        ("D018", "the daemon runs with experimental features (set in /etc/docker/daemon.json:12)"),
        ("D201", "hosts is set both in daemon.json [[\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2376\"] (/etc/docker/daemon.json:2)] and as a dockerd flag [fd:// (/etc/systemd/system/docker.service.d/override.conf:3)]: dockerd refuses to start (\"the following directives are specified both as a flag and in the configuration file: hosts\")"),
        ("D201", "log-level is set both in daemon.json [debug (/etc/docker/daemon.json:9)] and as a dockerd flag [warn (/etc/default/docker:3)]: dockerd refuses to start (\"the following directives are specified both as a flag and in the configuration file: log-level\")"),
        ("H011", "the data root /var/lib/docker (default) is on the root file system (/dev/sda1 ext4): a container can fill /"),
        ("H012", "2 users are in the docker group, each root-equivalent: alice, ci"),
        ("H013", "the audit rules (/etc/audit/rules.d/docker.rules) do not watch /etc/docker (1.1.6), /lib/systemd/system/docker.service (1.1.7), /lib/systemd/system/docker.socket (1.1.9), /etc/default/docker (1.1.10), /etc/docker/daemon.json (1.1.11), /usr/sbin/runc (1.1.18)"),
        ("H201", "kernel 5.10.0-8-amd64 is affected by CVE-2022-0185: a heap overflow in legacy_parse_param (fs_context) lets a process with CAP_SYS_ADMIN in a user namespace escape to the host. Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in Linux 5.16.2, 5.15.16, 5.10.93 or 5.4.173"),
        ("H201", "kernel 5.10.0-8-amd64 is affected by CVE-2022-0847: Dirty Pipe: pipe buffer flags let any process overwrite read-only files, including setuid binaries and image layers. Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in Linux 5.16.11, 5.15.25 or 5.10.102"),
        ("H301", "docker.service unit file /etc/systemd/system/docker.service.d/override.conf is mode 0664, expected 0644 or stricter"),
        ("H307", "registry certificate /etc/docker/certs.d/registry.local:5000/ca.crt is mode 0666, expected 0444 or stricter"),
        ("H311", "TLS server certificate /etc/docker/tls/cert.pem is mode 0644, expected 0444 or stricter"),
        ("H313", "TLS server key /etc/docker/tls/key.pem is mode 0644, expected 0400 or stricter"),
        ("H317", "daemon configuration file /etc/docker/daemon.json is mode 0666, expected 0644 or stricter"),
        ("H401", "sshd accepts passwords (PasswordAuthentication yes, /etc/ssh/sshd_config.d/50-cloud-init.conf:1): SSH access is Docker access for the docker group"),
        ("H402", "sshd permits root login with a password (PermitRootLogin yes, /etc/ssh/sshd_config:2)"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    if chown {
        expected.retain(|(r, _)| r != "H311");
        expected.push(("H311".into(), "TLS server certificate /etc/docker/tls/cert.pem is owned by ci:ci, expected root:root and mode 0644, expected 0444 or stricter".into()));
    }
    expected.sort();
    assert_eq!(findings(&v), expected);
    // Severity where it matters: plaintext-or-unverified TCP and a readable key are critical.
    let sev = |rule: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(sev("D007"), ["critical"]);
    assert_eq!(sev("H313"), ["critical"]);
    // CVE findings carry their ids.
    let mut cves: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "H201")
        .flat_map(|f| {
            f["cve"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
        })
        .collect();
    cves.sort();
    assert_eq!(cves, ["CVE-2022-0185", "CVE-2022-0847"]);
    // Rules that need the API say why they skipped.
    for r in ["D101", "D301", "D302", "D303"] {
        assert!(
            rules_in(&v, "skipped").contains(&r.to_string()),
            "{r} not skipped"
        );
    }
}

#[test]
fn hardened_host_has_no_findings() {
    let d = tempfile::tempdir().unwrap();
    hardened_host(d.path());
    let (v, code) = audit_json(&["audit", "--no-daemon", "--root", d.path().to_str().unwrap()]);
    assert_eq!(findings(&v), Vec::<(String, String)>::new());
    assert_eq!(code, 0);
    let passed = rules_in(&v, "passed");
    for r in [
        "D002", "D003", "D004", "D005", "D006", "D007", "D008", "D009", "D012", "D013", "D014",
        "D015", "D016", "D017", "D018", "D201", "D202", "H011", "H012", "H013", "H201", "H301",
        "H303", "H305", "H307", "H309", "H311", "H313", "H317", "H319", "H401", "H402",
    ] {
        assert!(passed.contains(&r.to_string()), "{r} did not pass: {v:#}");
    }
}

#[test]
fn snapshot_with_host_facts_gives_the_same_findings() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("root");
    fs::create_dir(&root).unwrap();
    bad_host(&root);
    let (facts, errors) = dh_host::collect_host(&root, false);
    let snap = json!({"schema": "docker-harden/snapshot/v1", "host": facts, "errors": errors});
    let snap_path = d.path().join("snap.json");
    fs::write(&snap_path, serde_json::to_string_pretty(&snap).unwrap()).unwrap();
    let (a, _) = audit_json(&["audit", "--no-daemon", "--root", root.to_str().unwrap()]);
    let (b, _) = audit_json(&["audit", "--from", snap_path.to_str().unwrap()]);
    assert_eq!(findings(&a), findings(&b));
    assert!(findings(&b).iter().any(|(r, _)| r == "D201"));
}

#[test]
fn malformed_daemon_json_is_reported_with_position() {
    let d = tempfile::tempdir().unwrap();
    hardened_host(d.path());
    write(
        d.path(),
        "/etc/docker/daemon.json",
        "{\n  \"icc\": false,\n}\n",
        0o644,
    );
    let (v, _) = audit_json(&[
        "audit",
        "--no-daemon",
        "--root",
        d.path().to_str().unwrap(),
        "--select",
        "D202",
    ]);
    assert_eq!(
        findings(&v),
        [("D202".to_string(), "/etc/docker/daemon.json: line 3 column 1: trailing comma: dockerd refuses to start with this file".to_string())]
    );
}

#[test]
fn bad_root_is_a_one_line_error() {
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["audit", "--no-daemon", "--root", "/nonexistent/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "docker-harden: --root /nonexistent/dir: not a directory\n"
    );
}

fn fixture(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/tests/fixtures")
        .join(name);
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

fn recorded_snapshot(kind: &str) -> Value {
    json!({
        "schema": "docker-harden/snapshot/v1",
        "docker_host": "unix:///tmp/dh-testd/docker.sock",
        "daemon": {"version": fixture(&format!("version-20.10-{kind}.json")), "info": fixture(&format!("info-20.10-{kind}.json"))},
        "networks": [fixture(&format!("network-bridge-20.10-{kind}.json"))],
    })
}

fn set_component(snap: &mut Value, name: &str, version: &str) {
    for c in snap["daemon"]["version"]["Components"]
        .as_array_mut()
        .unwrap()
    {
        if c["Name"] == name {
            c["Version"] = json!(version);
        }
    }
}

#[test]
fn old_versions_produce_cve_findings() {
    let d = tempfile::tempdir().unwrap();
    let mut snap = recorded_snapshot("default");
    set_component(&mut snap, "Engine", "18.09.1");
    set_component(&mut snap, "containerd", "1.4.2");
    set_component(&mut snap, "runc", "1.0.0-rc6+dev");
    snap["daemon"]["version"]["KernelVersion"] = json!("4.4.0-21-generic");
    let p = d.path().join("old.json");
    fs::write(&p, snap.to_string()).unwrap();
    let (v, code) = audit_json(&[
        "audit",
        "--from",
        p.to_str().unwrap(),
        "--select",
        "D301,D302,D303,H201",
    ]);
    assert_eq!(code, 1);
    let mut got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["cve"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String)> = [
        ("D301", "CVE-2021-41091"),
        ("D301", "CVE-2024-29018"),
        ("D302", "CVE-2020-15257"),
        ("D303", "CVE-2019-5736"),
        ("D303", "CVE-2021-30465"),
        ("D303", "CVE-2025-31133"),
        ("D303", "CVE-2025-52565"),
        ("D303", "CVE-2025-52881"),
        ("H201", "CVE-2016-5195"),
        ("H201", "CVE-2022-0492"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    let msg = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["cve"][0] == "CVE-2019-5736")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("Version-based") && msg.contains("fixed in runc 1.0.0-rc7"),
        "{msg}"
    );
}

#[test]
fn recorded_daemons_api_rules() {
    let d = tempfile::tempdir().unwrap();
    let run = |kind: &str| {
        let p = d.path().join(format!("{kind}.json"));
        fs::write(&p, recorded_snapshot(kind).to_string()).unwrap();
        audit_json(&[
            "audit",
            "--from",
            p.to_str().unwrap(),
            "--select",
            "D002,D009,D015,D017,D018,D101,D005,D006",
        ])
        .0
    };
    let plain = run("default");
    assert_eq!(rules_in(&plain, "findings"), ["D002", "D009", "D015"]);
    let hardened = run("hardened");
    assert_eq!(rules_in(&hardened, "findings"), Vec::<String>::new());
    assert_eq!(
        rules_in(&hardened, "passed"),
        ["D002", "D005", "D006", "D009", "D015", "D017", "D018", "D101"]
    );
}

/// `GET path` over a unix socket, HTTP/1.0 (no chunking): the body, as the daemon sent it.
fn api_get(socket: &str, path: &str) -> Value {
    use std::io::{Read, Write};
    let mut s =
        std::os::unix::net::UnixStream::connect(socket).unwrap_or_else(|e| panic!("{socket}: {e}"));
    write!(s, "GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
}

/// A Snapshot of a live daemon's info, version and bridge network, recorded over its socket.
fn record(host: &str) -> Value {
    let sock = host.trim_start_matches("unix://");
    json!({
        "schema": "docker-harden/snapshot/v1",
        "docker_host": host,
        "daemon": {"version": api_get(sock, "/version"), "info": api_get(sock, "/info")},
        "networks": [api_get(sock, "/networks/bridge")],
    })
}

/// The hardened daemon of `scripts/hardened-daemon.sh`, or None (a failure with CI=true).
fn hardened_docker_host() -> Option<String> {
    let host = std::env::var("DH_HARDENED_DOCKER_HOST")
        .unwrap_or_else(|_| "unix:///tmp/dh-hardened/docker.sock".into());
    let sock = host.trim_start_matches("unix://").to_string();
    if std::os::unix::net::UnixStream::connect(&sock).is_ok() {
        return Some(host);
    }
    let why =
        format!("no hardened daemon at {host} (run scripts/hardened-daemon.sh start as root)");
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but {why}");
    }
    eprintln!("skipping live hardened-daemon test: {why}");
    None
}

const HARDENING: &str = "D002,D009,D014,D015,D016";

/// Live: audit a daemon from a snapshot recorded now plus the host facts of this machine
/// (`--root /` reads the daemon's command line from /proc).
fn live_audit(host: &str) -> Value {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("snap.json");
    fs::write(&p, record(host).to_string()).unwrap();
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args([
            "-H",
            host,
            "audit",
            "--from",
            p.to_str().unwrap(),
            "--root",
            "/",
            "--select",
            HARDENING,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn live_hardened_daemon_passes_hardening_checks() {
    let Some(host) = hardened_docker_host() else {
        return;
    };
    let v = live_audit(&host);
    assert_eq!(findings(&v), Vec::<(String, String)>::new(), "{v:#}");
    assert_eq!(
        rules_in(&v, "passed"),
        ["D002", "D009", "D014", "D015", "D016"]
    );
}

#[test]
fn live_plain_daemon_fails_hardening_checks() {
    let Some(host) = dh_testkit::live_docker_host("live_plain_daemon_fails_hardening_checks")
    else {
        return;
    };
    if !host.starts_with("unix://") {
        return;
    }
    let v = live_audit(&host);
    assert_eq!(
        rules_in(&v, "findings"),
        ["D002", "D009", "D014", "D015", "D016"],
        "{v:#}"
    );
    let ev = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "D002")
        .unwrap()["evidence"]
        .clone();
    assert_eq!(
        ev["network bridge: Options.com.docker.network.bridge.enable_icc"],
        "true"
    );
}
