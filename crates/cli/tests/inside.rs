//! `docker-harden inside` in real containers on the test daemon: the statically linked binary
//! is mounted read-only into a `dh-busybox` container (no libc in it) and run with the
//! settings the issue names; each run's findings are asserted exactly.

use dh_testkit::{docker, docker_output, live_docker_host, unique, Cleanup, BUSYBOX};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Whether an ELF file has no program interpreter (PT_INTERP): statically linked.
fn is_static_elf(path: &Path) -> bool {
    let Ok(b) = std::fs::read(path) else {
        return false;
    };
    if b.len() < 64 || &b[..4] != b"\x7fELF" || b[4] != 2 {
        return false;
    }
    let u16at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]) as usize;
    let phoff = u64::from_le_bytes(b[0x20..0x28].try_into().unwrap()) as usize;
    let (phentsize, phnum) = (u16at(0x36), u16at(0x38));
    (0..phnum).all(|i| {
        let o = phoff + i * phentsize;
        o + 4 <= b.len() && u32::from_le_bytes(b[o..o + 4].try_into().unwrap()) != 3
    })
}

/// The docker-harden binary under test — statically linked, as every build of it is
/// (`.cargo/config.toml`), so it runs in the busybox containers, which have no libc.
/// `DH_STATIC_BIN` overrides it.
fn static_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let bin = std::env::var("DH_STATIC_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_docker-harden")));
        assert!(
            is_static_elf(&bin),
            "{} is not statically linked (see .cargo/config.toml)",
            bin.display()
        );
        bin
    })
    .clone()
}

const SOCK_IN_CONTAINER: &str = "/var/run/docker.sock";

/// Runs `inside` in a fresh container with `opts`; returns (exit code, JSON report, text report).
fn inside(host: &str, name: &str, opts: &[&str]) -> (i32, Value, String) {
    let bin = static_binary();
    let mount = format!("{}:/dh:ro", bin.display());
    let _cleanup = Cleanup {
        host: host.to_string(),
        containers: vec![name.to_string()],
        networks: vec![],
    };
    let mut args: Vec<&str> = vec![
        "run",
        "--name",
        name,
        "--network",
        "none",
        "-v",
        &mount,
        "--hostname",
        "probe",
    ];
    args.extend_from_slice(opts);
    // The image has no /tmp (nor anything writable once --read-only): report to stdout.
    args.extend_from_slice(&[
        BUSYBOX,
        "sh",
        "-c",
        "/dh inside --format json; echo \"=== $?\"; /dh inside --fail-on none",
    ]);
    let out = docker_output(host, &args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "docker run {opts:?}: {stderr}\n{stdout}"
    );
    let (json, rest) = stdout
        .split_once("\n=== ")
        .unwrap_or_else(|| panic!("{stdout}\n{stderr}"));
    let (code, text) = rest.split_once('\n').unwrap_or((rest, ""));
    let report: Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code.trim().parse().unwrap(), report, text.to_string())
}

fn rules(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ids(report: &Value) -> Vec<String> {
    rules(report).into_iter().map(|(r, _)| r).collect()
}

fn message<'a>(found: &'a [(String, String)], rule: &str) -> &'a str {
    found
        .iter()
        .find(|(r, _)| r == rule)
        .map(|(_, m)| m.as_str())
        .unwrap_or_else(|| panic!("no {rule} finding in {found:?}"))
}

/// The findings every container on this daemon has unless told otherwise: root, no
/// no_new_privs, no user namespace, writable rootfs, and (cgroup v1) the host cgroup namespace.
fn baseline(host: &str) -> Vec<&'static str> {
    let cgroup_v1 = docker(host, &["info", "--format", "{{.CgroupVersion}}"]) == "1";
    let mut v = vec!["C205", "C217", "C207", "C216", "C200"];
    if cgroup_v1 {
        v.insert(4, "C212");
    }
    v
}

/// Sorted as reports sort them: severity, then rule id.
fn sorted(mut v: Vec<&str>) -> Vec<String> {
    let sev = |r: &str| match r {
        "C201" | "C202" | "C214" => 0,
        "C203" | "C204" | "C208" | "C209" | "C213" | "C215" => 1,
        "C205" | "C210" | "C211" | "C217" | "C218" => 2,
        "C207" | "C212" | "C216" => 3,
        _ => 4,
    };
    v.sort_by_key(|r| (sev(r), r.to_string()));
    v.into_iter().map(str::to_string).collect()
}

#[test]
fn inside_default_and_hardened_containers() {
    let Some(host) = live_docker_host("inside: default and hardened") else {
        return;
    };
    let base = baseline(&host);

    let (code, r, text) = inside(&host, &unique("inside", "default"), &[]);
    assert_eq!(ids(&r), sorted(base.clone()), "{text}");
    assert_eq!(code, 0, "no high finding by default");
    let found = rules(&r);
    assert_eq!(
        message(&found, "C205"),
        "no_new_privs is off (NoNewPrivs: 0): setuid binaries can raise privileges"
    );
    assert_eq!(message(&found, "C217"), "the process runs as uid 0 (root)");
    assert_eq!(
        message(&found, "C216"),
        "the root file system is mounted read-write"
    );
    assert!(
        message(&found, "C200").starts_with("running in a docker container (/.dockerenv exists")
    );
    assert_eq!(r["target"]["kind"], "container");
    assert_eq!(r["findings"][0]["object"]["name"], "probe");
    let passed: Vec<&str> = r["passed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "C201", "C202", "C203", "C204", "C208", "C209", "C210", "C211", "C213", "C214", "C215",
        "C218",
    ] {
        assert!(
            passed.contains(&rule),
            "{rule} should pass in a default container: {passed:?}"
        );
    }
    let skipped: Vec<&str> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    assert!(
        skipped.contains(&"C220"),
        "metadata is never probed without --network-checks"
    );

    let (code, r, text) = inside(
        &host,
        &unique("inside", "hardened"),
        &[
            "--read-only",
            "--user",
            "1000",
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges",
        ],
    );
    let expected: Vec<&str> = base
        .iter()
        .copied()
        .filter(|r| !matches!(*r, "C205" | "C217" | "C216"))
        .collect();
    assert_eq!(ids(&r), sorted(expected), "{text}");
    assert_eq!(code, 0);
}

#[test]
fn inside_with_docker_socket_says_first_that_it_controls_the_host() {
    let Some(host) = live_docker_host("inside: docker socket") else {
        return;
    };
    let sock = host
        .strip_prefix("unix://")
        .expect("the test daemon listens on a unix socket");
    let vol = format!("{sock}:{SOCK_IN_CONTAINER}");
    let (code, r, text) = inside(&host, &unique("inside", "sock"), &["-v", &vol]);
    let mut expected = baseline(&host);
    expected.extend(["C201", "C213"]);
    assert_eq!(ids(&r), sorted(expected), "{text}");
    assert_eq!(code, 1);
    let found = rules(&r);
    assert_eq!(
        found[0].1,
        "this container controls the host: the docker API answers at /var/run/docker.sock (GET /_ping → 200 OK); anyone here can start a privileged container with the host's / mounted"
    );
    assert_eq!(
        message(&found, "C213"),
        format!(
            "/var/run/docker.sock is a read-write mount of host {sock} (engine socket docker.sock)"
        )
    );
    // The text report's first finding line says it too.
    let first = text
        .lines()
        .find(|l| l.trim_start().starts_with("critical"))
        .unwrap_or("");
    assert!(first.contains("this container controls the host"), "{text}");
}

#[test]
fn inside_with_sys_admin_host_pid_and_no_seccomp() {
    let Some(host) = live_docker_host("inside: caps, pid, seccomp") else {
        return;
    };
    let base = baseline(&host);

    let (code, r, text) = inside(
        &host,
        &unique("inside", "sysadmin"),
        &["--cap-add", "SYS_ADMIN"],
    );
    let mut expected = base.clone();
    expected.push("C203");
    assert_eq!(ids(&r), sorted(expected), "{text}");
    assert_eq!(code, 1);
    let found = rules(&r);
    assert_eq!(
        message(&found, "C203"),
        "capabilities beyond Docker's default set: SYS_ADMIN"
    );
    assert_eq!(r["findings"][0]["severity"], "high");

    let (_, r, text) = inside(&host, &unique("inside", "pidhost"), &["--pid", "host"]);
    let mut expected = base.clone();
    expected.push("C208");
    assert_eq!(ids(&r), sorted(expected), "{text}");
    let found = rules(&r);
    assert!(
        message(&found, "C208").starts_with("shares the host's pid namespace ("),
        "{text}"
    );

    let (_, r, text) = inside(
        &host,
        &unique("inside", "noseccomp"),
        &["--security-opt", "seccomp=unconfined"],
    );
    let mut expected = base.clone();
    expected.push("C204");
    assert_eq!(ids(&r), sorted(expected), "{text}");
    let found = rules(&r);
    assert_eq!(
        message(&found, "C204"),
        "seccomp is disabled (Seccomp: 0): every system call is allowed"
    );
}

#[test]
fn static_binary_is_static() {
    if live_docker_host("inside: static binary").is_none() {
        return;
    }
    let bin = static_binary();
    assert!(is_static_elf(&bin));
    let _ = docker; // the helpers above are shared by every live test
}
