//! End-to-end tests of `docker-harden daemon-config` on fixture roots the tests build, and a
//! live test: the configuration it writes is accepted by a real dockerd.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const DEBIAN_UNIT: &str = "[Unit]
Description=Docker Application Container Engine
After=network-online.target docker.socket firewalld.service containerd.service
Requires=docker.socket containerd.service

[Service]
Type=notify
# the default is not to use systemd for cgroups because the delegate issues still
# exists and systemd currently does not support the cgroup feature set required
# for containers run by docker
ExecStart=/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
ExecReload=/bin/kill -s HUP $MAINPID
TimeoutSec=0
RestartSec=2
Restart=always

[Install]
WantedBy=multi-user.target
";

fn write(root: &Path, path: &str, text: &str, mode: u32) {
    let p = root.join(path.trim_start_matches('/'));
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path.trim_start_matches('/'))).unwrap()
}

fn mode(root: &Path, path: &str) -> u32 {
    std::fs::metadata(root.join(path.trim_start_matches('/')))
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

/// Every file and directory under `root` with its bytes and mode.
fn tree(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let md = e.metadata().unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let m = md.permissions().mode();
            if md.is_dir() {
                out.insert(rel, (Vec::new(), m));
                stack.push(e.path());
            } else {
                out.insert(rel, (std::fs::read(e.path()).unwrap(), m));
            }
        }
    }
    out
}

fn debian_root() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "/lib/systemd/system/docker.service",
        DEBIAN_UNIT,
        0o644,
    );
    t
}

/// Runs daemon-config under `root`; returns (exit code, stdout, stderr).
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .arg("daemon-config")
        .arg("--root")
        .arg(root)
        .args(args)
        // A dockerd that has no --validate, so the tests do not depend on the host's.
        .env("PATH", fake_dockerd_dir(false))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A directory with a fake `dockerd` (with or without `--validate`; with it, any config
/// holding "reject-me" is refused), plus the tools the fake needs.
fn fake_dockerd_dir(with_validate: bool) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dhdc-fake-dockerd-{with_validate}"));
    let script = dir.join("dockerd");
    if !script.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let help = if with_validate {
            "      --validate   Validate daemon configuration and exit"
        } else {
            ""
        };
        let text = format!(
            "#!/bin/sh\ncase \"$1\" in\n  --help) echo 'Usage: dockerd [OPTIONS]'; echo '{help}'; exit 0;;\n  --version) echo 'Docker version 99.0.0-fake'; exit 0;;\n  --validate) if /bin/grep -q reject-me \"$3\"; then echo 'unable to configure the Docker daemon with file '\"$3\"': reject-me is not a setting' >&2; exit 1; fi; echo 'configuration OK'; exit 0;;\nesac\nexit 3\n"
        );
        let tmp = dir.join(format!(
            ".dockerd.{}.{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::rename(&tmp, &script).unwrap();
    }
    dir
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn empty_root_dry_run_shows_new_files_and_touches_nothing() {
    let t = tempfile::tempdir().unwrap();
    let before = tree(t.path());
    let (code, out, err) = run(t.path(), &["--all-recommended"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("--- /dev/null\n+++ b/etc/docker/daemon.json\n"),
        "{out}"
    );
    assert!(
        out.contains("+    \"userns-remap\": \"default\",\n")
            || out.contains("+  \"userns-remap\": \"default\",\n"),
        "{out}"
    );
    assert!(
        out.contains("--- /dev/null\n+++ b/etc/subuid\n@@ -0,0 +1 @@\n+dockremap:100000:65536\n"),
        "{out}"
    );
    assert!(out.contains("+++ b/etc/subgid\n"), "{out}");
    assert!(
        !out.contains("docker-harden.conf"),
        "no unit, no drop-in: {out}"
    );
    assert!(
        err.contains("warning: no docker.service unit found under"),
        "{err}"
    );
    assert!(
        err.contains("hidden (not deleted)"),
        "userns warning: {err}"
    );
    assert!(
        err.contains("dry run: nothing written; run again with --apply to write 3 files"),
        "{err}"
    );
    assert_eq!(tree(t.path()), before, "a dry run must not touch the root");
}

#[test]
fn debian_unit_with_tls_gets_hosts_and_a_dropin() {
    let t = debian_root();
    write(
        t.path(),
        "/etc/docker/daemon.json",
        "{\n  \"storage-driver\": \"overlay2\",\n  \"icc\": true\n}\n",
        0o644,
    );
    let before = tree(t.path());
    let (code, out, err) = run(
        t.path(),
        &[
            "--tls-dir",
            "/etc/docker/tls",
            "--listen",
            "127.0.0.1:2376",
            "--icc=false",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(tree(t.path()), before, "a dry run must not touch the root");
    let expected_json = "--- a/etc/docker/daemon.json
+++ b/etc/docker/daemon.json
@@ -1,4 +1,13 @@
 {
   \"storage-driver\": \"overlay2\",
-  \"icc\": true
+  \"icc\": false,
+  \"tls\": true,
+  \"tlsverify\": true,
+  \"tlscacert\": \"/etc/docker/tls/ca.pem\",
+  \"tlscert\": \"/etc/docker/tls/server-cert.pem\",
+  \"tlskey\": \"/etc/docker/tls/server-key.pem\",
+  \"hosts\": [
+    \"fd://\",
+    \"tcp://127.0.0.1:2376\"
+  ]
 }
";
    assert!(out.contains(expected_json), "{out}");
    let expected_dropin = "--- /dev/null
+++ b/etc/systemd/system/docker.service.d/docker-harden.conf
@@ -0,0 +1,8 @@
+# Written by docker-harden daemon-config.
+# dockerd refuses to start when an option is set both as a flag and in
+# /etc/docker/daemon.json, so ExecStart is reset and set again without:
+#   -H fd://
+# (listeners given with -H are kept in \"hosts\" there, fd:// included).
+[Service]
+ExecStart=
+ExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock
";
    assert!(out.contains(expected_dropin), "{out}");
    assert!(
        err.contains("change: replaced \"icc\": true -> false"),
        "{err}"
    );
    assert!(
        err.contains("change: moved -H fd:// from the dockerd command line into \"hosts\""),
        "{err}"
    );
    assert!(err.contains("/etc/docker/tls/ca.pem: not found"), "{err}");
}

#[test]
fn existing_hosts_are_merged_and_plaintext_2375_removed() {
    let t = debian_root();
    write(
        t.path(),
        "/etc/docker/daemon.json",
        r#"{"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"], "debug": false}"#,
        0o644,
    );
    let (code, out, err) = run(
        t.path(),
        &["--tls-dir", "/etc/docker/tls", "--listen", "10.0.0.5"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("change: removed \"tcp://0.0.0.0:2375\" from \"hosts\" (plaintext port 2375)"),
        "{err}"
    );
    let (_, cfg, _) = run(
        t.path(),
        &[
            "--tls-dir",
            "/etc/docker/tls",
            "--listen",
            "10.0.0.5",
            "--print-config",
        ],
    );
    let v = json(&cfg);
    assert_eq!(
        v["hosts"],
        serde_json::json!([
            "unix:///var/run/docker.sock",
            "fd://",
            "tcp://10.0.0.5:2376"
        ])
    );
    assert_eq!(v["debug"], false);
    assert!(
        out.contains("docker-harden.conf"),
        "-H in the unit + hosts: drop-in needed"
    );
}

#[test]
fn existing_conflict_without_tls_is_fixed_and_plaintext_warned() {
    // hosts in daemon.json *and* -H in the unit: dockerd would not start. The drop-in fixes it.
    let t = debian_root();
    write(
        t.path(),
        "/etc/docker/daemon.json",
        r#"{"hosts": ["tcp://127.0.0.1:2375"]}"#,
        0o644,
    );
    let (code, out, err) = run(t.path(), &["--live-restore"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("+ExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock\n"),
        "{out}"
    );
    assert!(
        err.contains(
            "\"hosts\" has the TCP listener tcp://127.0.0.1:2375 and TLS is not asked for"
        ),
        "{err}"
    );
}

#[test]
fn dropin_reset_is_followed_and_later_dropins_win() {
    let t = debian_root();
    // systemctl edit's override.conf sorts after docker-harden.conf: ours must sort later.
    write(
        t.path(),
        "/etc/systemd/system/docker.service.d/override.conf",
        "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock \\\n    --live-restore --log-level=warn\n",
        0o644,
    );
    write(
        t.path(),
        "/lib/systemd/system/docker.service.d/10-env.conf",
        "[Service]\nEnvironment=FOO=1\n",
        0o644,
    );
    let (code, out, err) = run(t.path(), &["--live-restore", "--no-new-privileges"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("+++ b/etc/systemd/system/docker.service.d/zz-docker-harden.conf\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "+ExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock --log-level=warn\n"
        ),
        "{out}"
    );
    assert!(err.contains("change: removed --live-restore from the dockerd command line (daemon.json sets \"live-restore\")"), "{err}");
}

#[test]
fn config_file_from_the_unit_is_used() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "/usr/lib/systemd/system/docker.service",
        "[Service]\nExecStart=/usr/bin/dockerd --config-file /etc/docker/custom.json\n",
        0o644,
    );
    write(
        t.path(),
        "/etc/docker/custom.json",
        "{\"bip\": \"10.9.0.1/24\"}\n",
        0o644,
    );
    let (code, out, err) = run(t.path(), &["--userland-proxy=false"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("--- a/etc/docker/custom.json\n+++ b/etc/docker/custom.json\n"),
        "{out}"
    );
    assert!(!out.contains("daemon.json"), "{out}");
}

#[test]
fn malformed_json_is_exit_2_with_path_line_col() {
    let t = debian_root();
    write(
        t.path(),
        "/etc/docker/daemon.json",
        "{\n  \"icc\": false\n  \"live-restore\": true\n}\n",
        0o644,
    );
    let (code, out, err) = run(t.path(), &["--all-recommended"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let path = t.path().join("etc/docker/daemon.json");
    assert_eq!(
        err.trim(),
        format!(
            "docker-harden: {}:3:3: expected `,` or `}}`",
            path.display()
        )
    );

    write(t.path(), "/etc/docker/daemon.json", "\n  [1, 2]\n", 0o644);
    let (code, _, err) = run(t.path(), &["--all-recommended"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        format!(
            "docker-harden: {}:2:3: expected a JSON object at the top level, found an array",
            path.display()
        )
    );

    write(
        t.path(),
        "/etc/docker/daemon.json",
        r#"{"hosts": "tcp://1.2.3.4:2376"}"#,
        0o644,
    );
    let (code, _, err) = run(t.path(), &["--tls-dir", "/t", "--listen", "127.0.0.1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("daemon.json: \"hosts\": expected an array of strings, found a string"),
        "{err}"
    );
}

#[test]
fn flag_errors_are_exit_2() {
    let t = debian_root();
    for (args, msg) in [
        (
            &["--tls-dir", "/t", "--listen", "0.0.0.0:2375"][..],
            "port 2375 is Docker's plaintext port",
        ),
        (
            &["--listen", "127.0.0.1:2376"][..],
            "never configures a plaintext TCP listener",
        ),
        (&["--tls-dir", "/t"][..], "also give --listen"),
        (&[][..], "nothing asked for"),
        (
            &["--default-ulimit", "nofile=10:5"][..],
            "soft limit 10 is above the hard limit 5",
        ),
        (
            &["--userns-remap", "a:b:c"][..],
            "expected `default` or USER[:GROUP]",
        ),
        (
            &["--tls-dir", "relative", "--listen", "127.0.0.1"][..],
            "give the absolute path",
        ),
        (&["--icc=true"][..], "invalid value 'true'"),
    ] {
        let (code, out, err) = run(t.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    let (code, _, err) = run(Path::new("/nonexistent-dhdc"), &["--live-restore"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--root /nonexistent-dhdc: not a directory"),
        "{err}"
    );
}

#[test]
fn apply_writes_backups_modes_and_subids_then_is_idempotent() {
    let t = debian_root();
    let r = t.path();
    write(
        r,
        "/etc/docker/daemon.json",
        "{\n\t\"log-driver\": \"journald\",\n\t\"icc\": true\n}\n",
        0o666,
    );
    write(
        r,
        "/etc/subuid",
        "alice:100000:65536\nbob:165536:65536",
        0o644,
    );
    write(r, "/etc/subgid", "alice:100000:65536\n", 0o640);
    for f in ["ca.pem", "server-cert.pem"] {
        write(r, &format!("/etc/docker/tls/{f}"), "PEM", 0o644);
    }
    write(r, "/etc/docker/tls/server-key.pem", "KEY", 0o600);
    let args = [
        "--all-recommended",
        "--tls-dir",
        "/etc/docker/tls",
        "--listen",
        "127.0.0.1:2376",
        "--apply",
    ];
    let (code, _, err) = run(r, &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("systemctl daemon-reload && systemctl restart docker"),
        "{err}"
    );
    assert!(err.contains("not validated: "), "{err}");
    assert!(err.contains("has no --validate"), "{err}");

    let v = json(&read(r, "/etc/docker/daemon.json"));
    assert_eq!(v["log-driver"], "journald", "existing keys kept");
    assert_eq!(v["icc"], false);
    assert_eq!(v["userns-remap"], "default");
    assert_eq!(v["tlsverify"], true);
    assert_eq!(
        v["hosts"],
        serde_json::json!(["fd://", "tcp://127.0.0.1:2376"])
    );
    assert!(
        v.get("log-opts").is_none(),
        "rotation options belong to json-file only"
    );
    assert!(
        read(r, "/etc/docker/daemon.json").contains("\n\t\"icc\": false"),
        "indentation kept"
    );
    assert_eq!(
        mode(r, "/etc/docker/daemon.json"),
        0o644,
        "CIS 3.18: 644 or stricter"
    );
    assert!(err.contains("mode 0666 -> 0644"), "{err}");

    // Backups: the old bytes and mode, with a timestamped name.
    let backups: Vec<String> = std::fs::read_dir(r.join("etc/docker"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("daemon.json.bak-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let stamp = backups[0].trim_start_matches("daemon.json.bak-");
    assert!(
        stamp.len() == 15
            && stamp.as_bytes()[8] == b'T'
            && stamp.chars().filter(char::is_ascii_digit).count() == 14,
        "{stamp}"
    );
    assert_eq!(
        read(r, &format!("/etc/docker/{}", backups[0])),
        "{\n\t\"log-driver\": \"journald\",\n\t\"icc\": true\n}\n"
    );
    assert_eq!(mode(r, &format!("/etc/docker/{}", backups[0])), 0o666);

    // subuid/subgid: a 65536-wide range clear of the others, modes kept.
    assert_eq!(
        read(r, "/etc/subuid"),
        "alice:100000:65536\nbob:165536:65536\ndockremap:231072:65536\n"
    );
    assert_eq!(
        read(r, "/etc/subgid"),
        "alice:100000:65536\ndockremap:165536:65536\n"
    );
    assert_eq!(mode(r, "/etc/subgid"), 0o640);
    assert!(r.join("etc/subuid.bak-".to_string() + stamp).exists());

    let dropin = read(r, "/etc/systemd/system/docker.service.d/docker-harden.conf");
    assert!(dropin.ends_with("[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock\n"), "{dropin}");
    assert_eq!(
        mode(r, "/etc/systemd/system/docker.service.d/docker-harden.conf"),
        0o644
    );
    assert!(!r
        .join("etc/systemd/system/docker.service.d/docker-harden.conf.bak-".to_string() + stamp)
        .exists());

    // Second run: nothing to change, nothing touched.
    let after = tree(r);
    let (code, out, err) = run(r, &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("nothing to change"), "{err}");
    assert_eq!(tree(r), after, "second apply must change nothing");
}

#[test]
fn apply_refuses_when_tls_files_are_missing() {
    let t = debian_root();
    let before = tree(t.path());
    let (code, _, err) = run(
        t.path(),
        &[
            "--tls-dir",
            "/etc/docker/tls",
            "--listen",
            "127.0.0.1",
            "--apply",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("etc/docker/tls/ca.pem: not found (nothing written)"),
        "{err}"
    );
    assert_eq!(tree(t.path()), before);
}

#[test]
fn dockerd_validate_is_used_when_it_exists() {
    let t = debian_root();
    let fake = fake_dockerd_dir(true).join("dockerd");
    let fake = fake.to_str().unwrap();
    let (code, _, err) = run(t.path(), &["--live-restore", "--dockerd", fake, "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "validated: {fake} --validate accepts the new /etc/docker/daemon.json"
        )),
        "{err}"
    );

    let before = tree(t.path());
    let (code, _, err) = run(
        t.path(),
        &["--log-driver", "reject-me", "--dockerd", fake, "--apply"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--validate rejects the new configuration (nothing written): unable to configure the Docker daemon"), "{err}");
    assert_eq!(tree(t.path()), before);
}

#[test]
fn help_lists_the_flags() {
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["daemon-config", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for f in [
        "--tls-dir",
        "--listen",
        "--userns-remap",
        "--icc",
        "--no-new-privileges",
        "--live-restore",
        "--userland-proxy",
        "--log-driver",
        "--default-ulimit",
        "--all-recommended",
        "--apply",
        "--root",
    ] {
        assert!(help.contains(f), "{f} missing from help");
    }
}

// ---------------------------------------------------------------------------------------
// Live: a real dockerd accepts what `--apply --all-recommended` wrote.

/// Why the live test cannot run here, if it cannot (with CI=true that is a failure).
fn live_prerequisites(test: &str) -> bool {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let missing: Vec<&str> = ["dockerd", "nsenter", "ip", "iptables", "useradd"]
        .into_iter()
        .filter(|t| {
            !std::process::Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect();
    let why = if !is_root {
        "not root (a second dockerd and a network namespace need root)".to_string()
    } else if !missing.is_empty() {
        format!("missing {}", missing.join(", "))
    } else {
        return true;
    };
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test}: CI=true but {why}");
    }
    eprintln!("skipping live test {test}: {why}");
    false
}

/// A dockerd of this test's own, in its own network namespace; stopped and removed on drop.
struct TestDaemon {
    dir: PathBuf,
    netns: String,
    child: Option<std::process::Child>,
}

impl TestDaemon {
    /// Starts dockerd with `config` in a network namespace of its own (its iptables rules,
    /// which icc=false needs, never touch the host's or the shared test daemon's), with its
    /// own data root, exec root, pidfile and socket, and waits for `/_ping`. With
    /// `socket_activated` the socket is handed over as systemd does (`fd://`), and no `-H`
    /// is given: the listeners come from `hosts` in the config, as with the drop-in.
    fn start(name: &str, config: &Path, socket_activated: bool) -> TestDaemon {
        let netns = format!("dhdc-{name}-{}", std::process::id());
        let dir = PathBuf::from(format!("/tmp/dhdc-live-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut d = TestDaemon {
            dir: dir.clone(),
            netns: netns.clone(),
            child: None,
        };
        let ok = |args: &[&str]| {
            std::process::Command::new(args[0])
                .args(&args[1..])
                .status()
                .is_ok_and(|s| s.success())
        };
        assert!(ok(&["ip", "netns", "add", &netns]));
        assert!(ok(&[
            "ip", "netns", "exec", &netns, "ip", "link", "set", "lo", "up"
        ]));
        let log = std::fs::File::create(dir.join("dockerd.log")).unwrap();
        let mut cmd = std::process::Command::new("nsenter");
        cmd.arg(format!("--net=/var/run/netns/{netns}"));
        if socket_activated {
            cmd.arg("systemd-socket-activate").arg("-l").arg(d.sock());
        }
        cmd.arg("dockerd")
            .arg("--config-file")
            .arg(config)
            .arg("--data-root")
            .arg(dir.join("data"))
            .arg("--exec-root")
            .arg(dir.join("exec"))
            .arg("--pidfile")
            .arg(dir.join("dockerd.pid"))
            .arg("--bridge=none");
        if !socket_activated {
            cmd.arg("-H").arg(format!("unix://{}", d.sock().display()));
        }
        d.child = Some(
            cmd.stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap(),
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if let Ok((status, body)) = http_get(&d.sock(), "/_ping") {
                if status.contains("200") && body == "OK" {
                    return d;
                }
            }
            if let Some(c) = d.child.as_mut() {
                if let Ok(Some(st)) = c.try_wait() {
                    panic!(
                        "dockerd exited ({st}) with the generated config:\n{}",
                        d.log()
                    );
                }
            }
            assert!(
                std::time::Instant::now() < deadline,
                "dockerd did not answer /_ping in 60 s:\n{}",
                d.log()
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }

    /// Runs a command inside the daemon's network namespace.
    fn in_netns(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("nsenter")
            .arg(format!("--net=/var/run/netns/{}", self.netns))
            .args(args)
            .output()
            .unwrap()
    }

    fn sock(&self) -> PathBuf {
        self.dir.join("docker.sock")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dockerd.log")).unwrap_or_default()
    }
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let pid = c.id().to_string();
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid])
                .status();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            loop {
                if c.try_wait().ok().flatten().is_some() {
                    break;
                }
                if std::time::Instant::now() > deadline {
                    let _ = c.kill();
                    let _ = c.wait();
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
        let _ = std::process::Command::new("ip")
            .args(["netns", "del", &self.netns])
            .status();
        // Whatever dockerd left mounted under its directories, then the directory.
        let _ = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "grep -o ' {d}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l; rm -rf {d}",
                d = self.dir.display()
            ))
            .status();
    }
}

/// GET over the daemon's unix socket; returns (status line, body).
fn http_get(sock: &Path, path: &str) -> std::io::Result<(String, String)> {
    use std::io::{Read, Write};
    let mut s = std::os::unix::net::UnixStream::connect(sock)?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n")?;
    let mut buf = String::new();
    s.read_to_string(&mut buf)?;
    let (head, body) = buf.split_once("\r\n\r\n").unwrap_or((&buf, ""));
    Ok((
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    ))
}

/// The real host needs the remap user and its ranges for `userns-remap: default`.
fn ensure_dockremap_on_host() {
    let exists = std::process::Command::new("getent")
        .args(["passwd", "dockremap"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !exists {
        let st = std::process::Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--shell",
                "/bin/false",
                "dockremap",
            ])
            .status()
            .unwrap();
        assert!(st.success(), "useradd dockremap failed");
    }
    for f in ["/etc/subuid", "/etc/subgid"] {
        let old = std::fs::read_to_string(f).unwrap_or_default();
        if let Some(new) = dh_daemonconfig::subid::with_entry(&old, "dockremap") {
            std::fs::write(f, new).unwrap();
        }
    }
}

#[test]
fn live_dockerd_accepts_all_recommended() {
    if !live_prerequisites("live_dockerd_accepts_all_recommended") {
        return;
    }
    let t = debian_root();
    write(
        t.path(),
        "/etc/docker/daemon.json",
        "{\n  \"log-level\": \"debug\"\n}\n",
        0o644,
    );
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["daemon-config", "--all-recommended", "--apply", "--root"])
        .arg(t.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = t.path().join("etc/docker/daemon.json");

    ensure_dockremap_on_host();
    let d = TestDaemon::start("all", &config, false);
    let (status, body) = http_get(&d.sock(), "/info").unwrap();
    assert!(status.contains("200"), "{status}");
    let info = json(&body);
    let opts: Vec<String> = info["SecurityOptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    assert!(opts.iter().any(|o| o == "name=userns"), "{opts:?}");
    assert_eq!(info["LiveRestoreEnabled"], true, "{body}");
    assert_eq!(info["LoggingDriver"], "json-file");
    assert!(
        info["DockerRootDir"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/data/", d.dir.display())),
        "userns-remap keeps its store under DATA-ROOT/UID.GID: {}",
        info["DockerRootDir"]
    );
    assert!(
        !d.log().contains("level=debug"),
        "log-level debug was replaced by info"
    );

    // And `audit` of that daemon, with the applied files as host files, finds it hardened.
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .env_remove("DOCKER_CONTEXT")
        .args(["-H", &format!("unix://{}", d.sock().display())])
        .args(["audit", "--format", "json", "--fail-on", "none", "--root"])
        .arg(t.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&String::from_utf8_lossy(&out.stdout));
    let passed: Vec<&str> = report["passed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["object"]["kind"] == "daemon")
        .filter_map(|p| p["rule"].as_str())
        .collect();
    for rule in ["D002", "D009", "D014", "D015", "D016"] {
        assert!(
            passed.contains(&rule),
            "{rule} should pass after --apply: {passed:?}"
        );
    }
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl.
fn openssl_pki(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let sh = format!(
        r#"set -e; cd {d}
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca-key.pem -out ca.pem -subj /CN=dhdc-ca -days 2
        for n in server client; do
          openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $n-key.pem -out $n.csr -subj /CN=$n
        done
        printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
        printf 'extendedKeyUsage=clientAuth\n' > client.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 2 -extfile server.ext
        openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 2 -extfile client.ext
        mv client-key.pem key.pem; chmod 600 *key.pem"#,
        d = dir.display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(sh)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn live_tls_config_with_socket_activation_keeps_fd_listener() {
    if !live_prerequisites("live_tls_config_with_socket_activation_keeps_fd_listener") {
        return;
    }
    for tool in ["openssl", "curl", "systemd-socket-activate"] {
        let found = std::process::Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but {tool} is missing");
            }
            eprintln!("skipping live TLS test: {tool} missing");
            return;
        }
    }
    let t = debian_root();
    // The TLS files live at a real path; the fixture root reaches them through /tmp.
    let pki = tempfile::tempdir().unwrap();
    openssl_pki(pki.path());
    std::os::unix::fs::symlink("/tmp", t.path().join("tmp")).unwrap();
    let tls_dir = pki.path().to_str().unwrap();
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args([
            "daemon-config",
            "--apply",
            "--tls-dir",
            tls_dir,
            "--listen",
            "127.0.0.1:2376",
            "--root",
        ])
        .arg(t.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dropin = read(
        t.path(),
        "/etc/systemd/system/docker.service.d/docker-harden.conf",
    );
    assert!(dropin
        .contains("\nExecStart=/usr/sbin/dockerd --containerd=/run/containerd/containerd.sock\n"));

    // dockerd as the drop-in starts it: no -H, the socket from systemd, listeners from hosts.
    let d = TestDaemon::start("tls", &t.path().join("etc/docker/daemon.json"), true);
    let (status, _) = http_get(&d.sock(), "/_ping").unwrap();
    assert!(status.contains("200"), "fd:// listener kept: {status}");

    let p = |f: &str| pki.path().join(f).to_string_lossy().into_owned();
    let with_cert = d.in_netns(&[
        "curl",
        "-sS",
        "--max-time",
        "10",
        "--cacert",
        &p("ca.pem"),
        "--cert",
        &p("cert.pem"),
        "--key",
        &p("key.pem"),
        "https://127.0.0.1:2376/_ping",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&with_cert.stdout),
        "OK",
        "{}\n{}",
        String::from_utf8_lossy(&with_cert.stderr),
        d.log()
    );
    let without_cert = d.in_netns(&[
        "curl",
        "-sS",
        "--max-time",
        "10",
        "--cacert",
        &p("ca.pem"),
        "https://127.0.0.1:2376/_ping",
    ]);
    assert!(
        !without_cert.status.success(),
        "a client without a certificate must be refused"
    );
    assert_ne!(String::from_utf8_lossy(&without_cert.stdout), "OK");
    let plaintext = d.in_netns(&[
        "curl",
        "-sS",
        "--max-time",
        "10",
        "http://127.0.0.1:2375/_ping",
    ]);
    assert!(!plaintext.status.success(), "nothing listens on 2375");
}

#[test]
fn json_format_and_output_file() {
    let t = debian_root();
    let (code, out, err) = run(
        t.path(),
        &[
            "--format",
            "json",
            "--live-restore",
            "--userns-remap",
            "default",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["schema"], "docker-harden/daemon-config/v1");
    assert_eq!(v["applied"], false);
    assert_eq!(v["daemon_json"], "/etc/docker/daemon.json");
    assert_eq!(
        v["config"],
        serde_json::json!({"userns-remap": "default", "live-restore": true})
    );
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["/etc/subuid", "/etc/subgid", "/etc/docker/daemon.json"]
    );
    assert_eq!(v["files"][2]["mode"], "0644");
    assert!(v["files"][2]["diff"]
        .as_str()
        .unwrap()
        .starts_with("--- /dev/null\n+++ b/etc/docker/daemon.json\n"));
    assert_eq!(v["validation"]["result"], "unsupported");
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("hidden (not deleted)")));

    let plan = tempfile::tempdir().unwrap();
    let plan_file = plan.path().join("hardening.patch");
    let (code, out, err) = run(
        t.path(),
        &["--live-restore", "-o", plan_file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(std::fs::read_to_string(&plan_file)
        .unwrap()
        .contains("+  \"live-restore\": true\n"));

    let (code, _, err) = run(t.path(), &["--live-restore", "--format", "sarif"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--format sarif: daemon-config prints text (diffs) or json"),
        "{err}"
    );
}

#[test]
fn symlinked_daemon_json_is_refused_before_anything_is_written() {
    let t = debian_root();
    write(t.path(), "/etc/docker/real.json", "{}", 0o644);
    std::os::unix::fs::symlink("real.json", t.path().join("etc/docker/daemon.json")).unwrap();
    let before = tree(t.path());
    let (code, _, err) = run(t.path(), &["--all-recommended", "--apply"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("daemon.json: is a symbolic link (nothing written)"),
        "{err}"
    );
    assert_eq!(tree(t.path()), before);
}
