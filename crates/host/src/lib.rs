//! The host collector: reads the files that configure Docker under a root directory
//! (`--root`, `/` on a live host) into [`HostFacts`]: the effective daemon configuration
//! (daemon.json + dockerd flags from the process or the systemd unit and its drop-ins +
//! environment files), ownership and mode of the files CIS section 3 names, the `docker`
//! group, subordinate ids, audit rules, mounts, the kernel release and sshd's settings.
//!
//! All I/O is here; no process is spawned except `auditctl -l` once when live.

pub mod accounts;
pub mod audit;
pub mod daemon_json;
pub mod envfile;
pub mod flags;
pub mod rooted;
pub mod sshd;
pub mod systemd;

use dh_model::{
    CollectionError, ConfigSetting, DockerdCommand, FileFact, HostFacts, KernelFact, MountEntry,
    SourceRef, UnitFile,
};
use rooted::Rooted;
use std::collections::BTreeMap;
use std::path::Path;

/// Choices beyond the root directory.
#[derive(Debug, Clone, Default)]
pub struct HostOptions {
    /// Read `/proc` for the running dockerd and run `auditctl -l` (only with root `/`).
    pub live: bool,
    /// When several dockerd processes run, prefer the one listening on this socket
    /// (`unix:///var/run/docker.sock`, or just the path).
    pub docker_host: Option<String>,
}

/// Reads the host under `root`. `live`: also read the running dockerd's command line from
/// `/proc` and the loaded audit rules (`auditctl -l`), when `root` is `/`.
pub fn collect_host(root: &Path, live: bool) -> (HostFacts, Vec<CollectionError>) {
    collect_host_with(
        root,
        &HostOptions {
            live,
            docker_host: None,
        },
    )
}

/// An argument with the place it came from.
type Arg = (String, SourceRef);

pub fn collect_host_with(root: &Path, opts: &HostOptions) -> (HostFacts, Vec<CollectionError>) {
    let fs = Rooted::new(root);
    let live = opts.live && fs.is_live_root();
    let mut errs: Vec<(String, String)> = Vec::new();
    let mut facts = HostFacts {
        root: root.display().to_string(),
        ..Default::default()
    };

    // Accounts.
    let mut acc = accounts::Accounts::default();
    let passwd_ok = read_into(&fs, "/etc/passwd", &mut errs, |t| {
        accounts::parse_passwd(t, &mut acc)
    });
    let mut group_ok = false;
    if let Some(t) = read_logged(&fs, "/etc/group", &mut errs) {
        accounts::parse_group(&t, &mut acc);
        group_ok = true;
    }
    let _ = passwd_ok;

    // systemd units.
    let service = systemd::read_unit(&fs, "docker.service", "Service", &mut errs);
    let socket = systemd::read_unit(&fs, "docker.socket", "Socket", &mut errs);
    for (name, u) in [("docker.service", &service), ("docker.socket", &socket)] {
        if let Some(u) = u {
            facts.units.extend(u.files.iter().map(|(p, d)| UnitFile {
                unit: name.into(),
                path: p.clone(),
                drop_in: *d,
            }));
        }
    }

    // The dockerd command line: the unit's (with environment), else the sysvinit defaults file.
    let mut cmd: Option<(Vec<Arg>, SourceRef)> = service
        .as_ref()
        .and_then(|u| unit_command(&fs, u, &mut errs));
    if cmd.is_none() && service.is_none() {
        for (file, var) in [
            ("/etc/default/docker", "DOCKER_OPTS"),
            ("/etc/sysconfig/docker", "OPTIONS"),
        ] {
            if let Ok(Some(t)) = fs.read_optional(file) {
                if let Some((_, v, line)) = envfile::parse_env_file(&t)
                    .into_iter()
                    .rev()
                    .find(|(k, _, _)| k == var)
                {
                    let src = SourceRef {
                        path: file.into(),
                        line,
                        kind: "environment file".into(),
                    };
                    let args = envfile::split_words(&v, &|_| None)
                        .into_iter()
                        .map(|w| (w, src.clone()))
                        .collect();
                    cmd = Some((args, src));
                    break;
                }
            }
        }
    }
    let mut uid = None;
    let mut pid = None;
    if live {
        if let Some(p) = find_dockerd(opts.docker_host.as_deref()) {
            uid = p.uid;
            pid = Some(p.pid);
            let proc_args: Vec<String> = p.args.iter().skip(1).cloned().collect();
            let same = cmd.as_ref().is_some_and(|(a, _)| {
                a.iter().map(|(w, _)| w.clone()).collect::<Vec<_>>() == proc_args
            });
            if !same {
                let src = SourceRef {
                    path: format!("/proc/{}/cmdline", p.pid),
                    line: 0,
                    kind: "dockerd flag (process)".into(),
                };
                cmd = Some((
                    proc_args.into_iter().map(|a| (a, src.clone())).collect(),
                    src,
                ));
            }
        }
    }
    let args: Vec<Arg> = cmd.as_ref().map(|(a, _)| a.clone()).unwrap_or_default();
    if let Some((a, src)) = &cmd {
        facts.dockerd = Some(DockerdCommand {
            args: a.iter().map(|(w, _)| w.clone()).collect(),
            source: src.clone(),
            uid,
            pid,
        });
    }
    let plain: Vec<String> = args.iter().map(|(w, _)| w.clone()).collect();
    let parsed = flags::parse_dockerd_args(&plain);

    // daemon.json (or --config-file).
    let config_path = parsed
        .iter()
        .rev()
        .find(|f| f.key == "config-file")
        .and_then(|f| f.value.as_str().map(str::to_string))
        .unwrap_or_else(|| "/etc/docker/daemon.json".into());
    let mut config: BTreeMap<String, Vec<ConfigSetting>> = BTreeMap::new();
    match fs.read_optional(&config_path) {
        Ok(Some(text)) => {
            facts.daemon_json = Some(config_path.clone());
            match daemon_json::parse(&text) {
                Ok(entries) => {
                    for (k, v, line) in entries {
                        config.entry(k).or_default().push(ConfigSetting {
                            value: v,
                            source: SourceRef {
                                path: config_path.clone(),
                                line,
                                kind: "daemon.json".into(),
                            },
                        });
                    }
                }
                Err(e) => errs.push((config_path.clone(), e)),
            }
        }
        Ok(None) => {}
        Err(e) => errs.push((config_path.clone(), e)),
    }
    for f in &parsed {
        let source = args
            .get(f.arg_index)
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        let source = if source.kind == "systemd unit" {
            SourceRef {
                kind: "dockerd flag (systemd unit)".into(),
                ..source
            }
        } else {
            source
        };
        config
            .entry(f.key.clone())
            .or_default()
            .push(ConfigSetting {
                value: f.value.clone(),
                source,
            });
    }
    facts.daemon_config = config;

    // Files named by CIS section 3.
    let mut files: BTreeMap<String, FileFact> = BTreeMap::new();
    let mut add = |path: &str, role: &str| {
        let e = files
            .entry(path.to_string())
            .or_insert_with(|| stat_fact(&fs, path, &acc));
        if !e.roles.iter().any(|r| r == role) {
            e.roles.push(role.to_string());
        }
    };
    for u in &facts.units {
        add(&u.path, &u.unit);
    }
    add("/etc/docker", "etc-docker");
    for host in fs.list_dir("/etc/docker/certs.d") {
        let dir = format!("/etc/docker/certs.d/{host}");
        for f in fs.list_dir(&dir) {
            add(&format!("{dir}/{f}"), "registry-cert");
        }
    }
    let tls_on = ["tls", "tlsverify"]
        .iter()
        .any(|k| facts.bool_setting(k).is_some_and(|(b, _)| b));
    for (key, default) in [
        ("tlscacert", "ca.pem"),
        ("tlscert", "cert.pem"),
        ("tlskey", "key.pem"),
    ] {
        match facts.str_setting(key) {
            Some((p, _)) if !p.is_empty() => add(&p, key),
            _ if tls_on => add(&format!("/root/.docker/{default}"), key),
            _ => {}
        }
    }
    let hosts = facts.list_values("hosts");
    let mut sockets: Vec<String> = hosts
        .iter()
        .filter_map(|(h, _)| h.strip_prefix("unix://").map(str::to_string))
        .collect();
    if hosts.is_empty() || hosts.iter().any(|(h, _)| h.starts_with("fd://")) {
        let listen = socket
            .as_ref()
            .map(|u| u.list("ListenStream"))
            .unwrap_or_default();
        let from_unit: Vec<String> = listen
            .iter()
            .filter(|d| d.value.starts_with('/'))
            .map(|d| d.value.clone())
            .collect();
        if from_unit.is_empty() {
            sockets.push("/var/run/docker.sock".into());
        } else {
            sockets.extend(from_unit);
        }
    }
    for s in &sockets {
        add(s, "docker-sock");
    }
    add(&config_path, "daemon.json");
    add("/etc/default/docker", "default-docker");
    add("/etc/sysconfig/docker", "sysconfig-docker");
    let containerd = facts
        .str_setting("containerd")
        .map(|(p, _)| p.trim_start_matches("unix://").to_string())
        .unwrap_or_else(|| "/run/containerd/containerd.sock".into());
    add(&containerd, "containerd-sock");
    // Audit targets of CIS 1.1.3-1.1.18 that exist here (role `audit:<CIS id>`).
    let data_root = facts
        .str_setting("data-root")
        .map(|(p, _)| p)
        .unwrap_or_else(|| "/var/lib/docker".into());
    for (cis, candidates) in AUDIT_TARGETS {
        let list: Vec<String> = if *cis == "1.1.5" {
            vec![data_root.clone()]
        } else {
            candidates.iter().map(|c| c.to_string()).collect()
        };
        for c in list {
            if fs.exists(&c) {
                add(&c, &format!("audit:{cis}"));
            }
        }
    }
    facts.files = files;

    // The docker group (or `--group`).
    let group = facts
        .str_setting("group")
        .map(|(g, _)| g)
        .unwrap_or_else(|| "docker".into());
    if group_ok {
        facts.docker_group = Some(accounts::group_members(&acc, &group).unwrap_or_default());
    }

    // Subordinate ids.
    for (path, slot) in [
        ("/etc/subuid", &mut facts.subuid),
        ("/etc/subgid", &mut facts.subgid),
    ] {
        match fs.read_optional(path) {
            Ok(Some(t)) => *slot = Some(accounts::parse_subid(&t, path)),
            Ok(None) => {}
            Err(e) => errs.push((path.to_string(), e)),
        }
    }

    // Audit rules.
    let mut audit_files: Vec<String> = fs
        .list_dir("/etc/audit/rules.d")
        .into_iter()
        .filter(|f| f.ends_with(".rules"))
        .map(|f| format!("/etc/audit/rules.d/{f}"))
        .collect();
    audit_files.push("/etc/audit/audit.rules".into());
    let mut audit = dh_model::AuditFacts::default();
    for f in &audit_files {
        match fs.read_optional(f) {
            Ok(Some(t)) => {
                audit.sources.push(f.clone());
                audit
                    .watches
                    .extend(audit::parse_rules(&t, f, "audit rule file"));
            }
            Ok(None) => {}
            Err(e) => errs.push((f.clone(), e)),
        }
    }
    if live {
        if let Some(auditctl) = ["/sbin/auditctl", "/usr/sbin/auditctl"]
            .iter()
            .find(|p| Path::new(p).exists())
        {
            match std::process::Command::new(auditctl).arg("-l").output() {
                Ok(o) if o.status.success() => {
                    audit.sources.push("auditctl -l".into());
                    audit.watches.extend(audit::parse_rules(
                        &String::from_utf8_lossy(&o.stdout),
                        "auditctl -l",
                        "auditctl -l",
                    ));
                }
                Ok(o) => errs.push((
                    "auditctl -l".into(),
                    String::from_utf8_lossy(&o.stderr).trim().to_string(),
                )),
                Err(e) => errs.push(("auditctl -l".into(), rooted::io_reason(&e))),
            }
        }
    }
    if !audit.sources.is_empty() {
        facts.audit = Some(audit);
    }

    // Mounts and kernel.
    if live {
        if let Ok(t) = std::fs::read_to_string("/proc/self/mountinfo") {
            facts.mounts = Some(parse_mountinfo(&t));
        }
        facts.cgroup_v2 = Some(Path::new("/sys/fs/cgroup/cgroup.controllers").exists());
        if let Ok(r) = std::fs::read_to_string("/proc/sys/kernel/osrelease") {
            facts.kernel = Some(KernelFact {
                release: r.trim().to_string(),
                source: "/proc/sys/kernel/osrelease".into(),
            });
        }
    } else {
        match fs.read_optional("/etc/fstab") {
            Ok(Some(t)) => facts.mounts = Some(parse_fstab(&t)),
            Ok(None) => {}
            Err(e) => errs.push(("/etc/fstab".into(), e)),
        }
        let mut mods = fs.list_dir("/lib/modules");
        mods.retain(|m| m.chars().next().is_some_and(|c| c.is_ascii_digit()));
        mods.sort_by_key(|m| release_key(m));
        if let Some(newest) = mods.pop() {
            facts.kernel = Some(KernelFact {
                release: newest,
                source: "newest entry of /lib/modules".into(),
            });
        }
    }

    facts.sshd = sshd::read(&fs, &mut errs);

    let errors = errs
        .into_iter()
        .map(|(source, message)| CollectionError { source, message })
        .collect();
    (facts, errors)
}

/// CIS 1.1.3-1.1.18: what the audit rules must watch (1.1.7/1.1.9 are the unit files;
/// 1.1.5 is the real data root).
const AUDIT_TARGETS: &[(&str, &[&str])] = &[
    (
        "1.1.3",
        &[
            "/usr/bin/dockerd",
            "/usr/sbin/dockerd",
            "/usr/local/bin/dockerd",
        ],
    ),
    ("1.1.4", &["/run/containerd"]),
    ("1.1.5", &[]),
    ("1.1.6", &["/etc/docker"]),
    ("1.1.8", &["/run/containerd/containerd.sock"]),
    ("1.1.10", &["/etc/default/docker"]),
    ("1.1.11", &["/etc/docker/daemon.json"]),
    ("1.1.12", &["/etc/containerd/config.toml"]),
    ("1.1.13", &["/etc/sysconfig/docker"]),
    (
        "1.1.14",
        &[
            "/usr/bin/containerd",
            "/usr/sbin/containerd",
            "/usr/local/bin/containerd",
        ],
    ),
    (
        "1.1.15",
        &[
            "/usr/bin/containerd-shim",
            "/usr/sbin/containerd-shim",
            "/usr/local/bin/containerd-shim",
        ],
    ),
    (
        "1.1.16",
        &[
            "/usr/bin/containerd-shim-runc-v1",
            "/usr/sbin/containerd-shim-runc-v1",
            "/usr/local/bin/containerd-shim-runc-v1",
        ],
    ),
    (
        "1.1.17",
        &[
            "/usr/bin/containerd-shim-runc-v2",
            "/usr/sbin/containerd-shim-runc-v2",
            "/usr/local/bin/containerd-shim-runc-v2",
        ],
    ),
    (
        "1.1.18",
        &["/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc"],
    ),
];

fn read_logged(fs: &Rooted, path: &str, errs: &mut Vec<(String, String)>) -> Option<String> {
    match fs.read_optional(path) {
        Ok(t) => t,
        Err(e) => {
            errs.push((path.to_string(), e));
            None
        }
    }
}

fn read_into(
    fs: &Rooted,
    path: &str,
    errs: &mut Vec<(String, String)>,
    f: impl FnOnce(&str),
) -> bool {
    match read_logged(fs, path, errs) {
        Some(t) => {
            f(&t);
            true
        }
        None => false,
    }
}

/// The effective `ExecStart=` of docker.service with `$VAR`s expanded from `Environment=` and
/// `EnvironmentFile=`; each argument carries the file and line that supplied it.
fn unit_command(
    fs: &Rooted,
    unit: &systemd::Unit,
    errs: &mut Vec<(String, String)>,
) -> Option<(Vec<Arg>, SourceRef)> {
    let exec = unit.list("ExecStart").pop()?;
    let mut env: BTreeMap<String, (String, SourceRef)> = BTreeMap::new();
    // systemd applies EnvironmentFile= after Environment=: file values win.
    for d in unit.list("Environment") {
        for w in envfile::split_words(&d.value, &|_| None) {
            if let Some((k, v)) = w.split_once('=') {
                env.insert(
                    k.to_string(),
                    (
                        v.to_string(),
                        SourceRef {
                            kind: "systemd unit".into(),
                            ..d.source.clone()
                        },
                    ),
                );
            }
        }
    }
    for d in unit.list("EnvironmentFile") {
        let (optional, path) = match d.value.strip_prefix('-') {
            Some(p) => (true, p.trim()),
            None => (false, d.value.trim()),
        };
        match fs.read_optional(path) {
            Ok(Some(t)) => {
                for (k, v, line) in envfile::parse_env_file(&t) {
                    env.insert(
                        k,
                        (
                            v,
                            SourceRef {
                                path: path.to_string(),
                                line,
                                kind: "environment file".into(),
                            },
                        ),
                    );
                }
            }
            Ok(None) if optional => {}
            Ok(None) => errs.push((
                path.to_string(),
                format!("not found (EnvironmentFile= in {})", d.source.display()),
            )),
            Err(e) => errs.push((path.to_string(), e)),
        }
    }
    let line = systemd::strip_exec_prefix(&exec.value);
    let words = envfile::split_words_with_origin(line, &|n| env.get(n).map(|(v, _)| v.clone()));
    let mut args: Vec<Arg> = words
        .into_iter()
        .map(|(w, origin)| {
            let src = origin
                .and_then(|o| env.get(&o).map(|(_, s)| s.clone()))
                .unwrap_or_else(|| exec.source.clone());
            (w, src)
        })
        .collect();
    if args.is_empty() {
        return None;
    }
    args.remove(0); // the program
    Some((args, exec.source))
}

struct DockerdProcess {
    pid: u32,
    uid: Option<u32>,
    args: Vec<String>,
}

/// The running dockerd (the one serving `docker_host` when several run; else the oldest).
fn find_dockerd(docker_host: Option<&str>) -> Option<DockerdProcess> {
    let mut found: Vec<DockerdProcess> = Vec::new();
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) else {
            continue;
        };
        if comm.trim() != "dockerd" {
            continue;
        }
        let Ok(raw) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        let args: Vec<String> = raw
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect();
        let uid = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines().find_map(|l| {
                    l.strip_prefix("Uid:")
                        .and_then(|r| r.split_whitespace().next()?.parse().ok())
                })
            });
        found.push(DockerdProcess { pid, uid, args });
    }
    found.sort_by_key(|p| p.pid);
    if let Some(h) = docker_host {
        let path = h.trim_start_matches("unix://");
        if let Some(i) = found
            .iter()
            .position(|p| p.args.iter().any(|a| a.ends_with(path)))
        {
            return Some(found.swap_remove(i));
        }
        // A dockerd that names its listeners, none of them this one, is another daemon.
        found.retain(|p| {
            let hosts = listener_args(&p.args);
            hosts.is_empty() || hosts.iter().any(|h| h.starts_with("fd://"))
        });
    }
    found.into_iter().next()
}

/// The `-H`/`--host` values on a dockerd command line.
fn listener_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "-H" || a == "--host" {
            if let Some(v) = it.next() {
                out.push(v.clone());
            }
        } else if let Some(v) = a.strip_prefix("--host=").or_else(|| a.strip_prefix("-H=")) {
            out.push(v.to_string());
        } else if let Some(v) = a.strip_prefix("-H").filter(|v| !v.is_empty()) {
            out.push(v.to_string());
        }
    }
    out
}

fn stat_fact(fs: &Rooted, path: &str, acc: &accounts::Accounts) -> FileFact {
    match fs.stat(path) {
        Ok(Some(s)) => FileFact {
            exists: true,
            kind: s.kind.into(),
            mode: s.mode,
            uid: s.uid,
            gid: s.gid,
            owner: acc.users.get(&s.uid).cloned(),
            group: acc.groups.get(&s.gid).cloned(),
            error: None,
            roles: vec![],
        },
        Ok(None) => FileFact::default(),
        Err(e) => FileFact {
            error: Some(e),
            ..Default::default()
        },
    }
}

fn unescape_octal(s: &str) -> String {
    s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

/// `/proc/self/mountinfo`: mount point is field 5; after ` - `: fstype, source.
pub fn parse_mountinfo(text: &str) -> Vec<MountEntry> {
    text.lines()
        .filter_map(|l| {
            let (a, b) = l.split_once(" - ")?;
            let mp = a.split_whitespace().nth(4)?;
            let mut bw = b.split_whitespace();
            let fstype = bw.next()?.to_string();
            let device = bw.next().unwrap_or("").to_string();
            Some(MountEntry {
                mount_point: unescape_octal(mp),
                device,
                fstype,
            })
        })
        .collect()
}

pub fn parse_fstab(text: &str) -> Vec<MountEntry> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 3 && f[1].starts_with('/')).then(|| MountEntry {
                mount_point: unescape_octal(f[1]),
                device: f[0].to_string(),
                fstype: f[2].to_string(),
            })
        })
        .collect()
}

/// Sort key of a kernel release: its leading numbers.
fn release_key(r: &str) -> Vec<u64> {
    r.split(|c: char| !c.is_ascii_digit())
        .take(4)
        .filter_map(|n| n.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, path: &str, text: &str) {
        let p = root.join(path.trim_start_matches('/'));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    fn sources(f: &HostFacts, key: &str) -> Vec<(String, String)> {
        f.daemon_config
            .get(key)
            .into_iter()
            .flatten()
            .map(|s| {
                (
                    dh_model::host::value_text(&s.value),
                    format!("{} [{}]", s.source.display(), s.source.kind),
                )
            })
            .collect()
    }

    #[test]
    fn unit_dropins_env_files_and_daemon_json() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        write(r, "/lib/systemd/system/docker.service", "[Service]\nEnvironmentFile=-/etc/default/docker\nEnvironmentFile=-/etc/missing\nExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n");
        // 10-a resets ExecStart; 20-b adds an Environment= used by the new command line.
        write(r, "/etc/systemd/system/docker.service.d/10-a.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --icc=false $DOCKER_OPTS ${EXTRA}\n");
        write(
            r,
            "/etc/systemd/system/docker.service.d/20-b.conf",
            "[Service]\nEnvironment=\"EXTRA=--live-restore\"\n",
        );
        // A same-named drop-in in a lower-priority directory is masked.
        write(
            r,
            "/lib/systemd/system/docker.service.d/10-a.conf",
            "[Service]\nExecStart=\nExecStart=/bin/false\n",
        );
        write(
            r,
            "/etc/default/docker",
            "# defaults\nDOCKER_OPTS=\"--userns-remap=default -H unix:///run/d.sock\"\n",
        );
        write(
            r,
            "/etc/docker/daemon.json",
            "{\n  \"icc\": true,\n  \"log-driver\": \"syslog\"\n}\n",
        );
        let (f, errors) = collect_host(r, false);
        assert_eq!(errors, vec![]);
        let cmd = f.dockerd.as_ref().unwrap();
        assert_eq!(
            cmd.args,
            [
                "--icc=false",
                "--userns-remap=default",
                "-H",
                "unix:///run/d.sock",
                "--live-restore"
            ]
        );
        assert_eq!(
            cmd.source.display(),
            "/etc/systemd/system/docker.service.d/10-a.conf:3"
        );
        assert_eq!(
            sources(&f, "icc"),
            [
                ("true".into(), "/etc/docker/daemon.json:2 [daemon.json]".into()),
                ("false".into(), "/etc/systemd/system/docker.service.d/10-a.conf:3 [dockerd flag (systemd unit)]".into())
            ]
        );
        assert_eq!(
            sources(&f, "userns-remap"),
            [(
                "default".into(),
                "/etc/default/docker:2 [environment file]".into()
            )]
        );
        assert_eq!(
            sources(&f, "hosts"),
            [(
                "unix:///run/d.sock".into(),
                "/etc/default/docker:2 [environment file]".into()
            )]
        );
        assert_eq!(
            sources(&f, "live-restore"),
            [(
                "true".into(),
                "/etc/systemd/system/docker.service.d/20-b.conf:2 [dockerd flag (systemd unit)]"
                    .into()
            )]
        );
        assert_eq!(
            sources(&f, "log-driver"),
            [(
                "syslog".into(),
                "/etc/docker/daemon.json:3 [daemon.json]".into()
            )]
        );
        let units: Vec<&str> = f.units.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            units,
            [
                "/lib/systemd/system/docker.service",
                "/etc/systemd/system/docker.service.d/10-a.conf",
                "/etc/systemd/system/docker.service.d/20-b.conf"
            ]
        );
        // The socket named by -H is what H315 checks.
        assert!(f.files["/run/d.sock"]
            .roles
            .contains(&"docker-sock".to_string()));
    }

    #[test]
    fn sysvinit_defaults_without_a_unit() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "/etc/default/docker",
            "DOCKER_OPTS='--config-file /etc/docker/alt.json -H tcp://0.0.0.0:2375'\n",
        );
        write(d.path(), "/etc/docker/alt.json", "{\"icc\": false}");
        let (f, _) = collect_host(d.path(), false);
        assert_eq!(f.daemon_json.as_deref(), Some("/etc/docker/alt.json"));
        assert_eq!(
            sources(&f, "hosts"),
            [(
                "tcp://0.0.0.0:2375".into(),
                "/etc/default/docker:1 [environment file]".into()
            )]
        );
        assert_eq!(
            sources(&f, "icc"),
            [(
                "false".into(),
                "/etc/docker/alt.json:1 [daemon.json]".into()
            )]
        );
    }

    #[test]
    fn sshd_first_value_wins_through_includes() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication no\nMatch User bob\n  PermitRootLogin yes\n");
        write(
            d.path(),
            "/etc/ssh/sshd_config.d/50-cloud-init.conf",
            "PasswordAuthentication yes\n",
        );
        let (f, _) = collect_host(d.path(), false);
        let s = f.sshd.unwrap();
        let pa = s.password_authentication.unwrap();
        assert_eq!(
            (dh_model::host::value_text(&pa.value), pa.source.display()),
            (
                "yes".into(),
                "/etc/ssh/sshd_config.d/50-cloud-init.conf:1".into()
            )
        );
        assert!(
            s.permit_root_login.is_none(),
            "Match blocks are conditional"
        );
    }

    #[test]
    fn malformed_daemon_json_is_a_collection_error() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "/etc/docker/daemon.json", "{\"icc\": fals}");
        let (f, errors) = collect_host(d.path(), false);
        assert_eq!(f.daemon_json.as_deref(), Some("/etc/docker/daemon.json"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].source, "/etc/docker/daemon.json");
        assert!(
            errors[0]
                .message
                .starts_with("line 1 column 13: expected ident"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn garbage_files_do_not_panic() {
        let d = tempfile::tempdir().unwrap();
        let junk = "\u{0}\u{feff}[Service\n=\nExecStart=\"unterminated $ ${\n\\\n[\n]\n:::\n-w\n-F\nInclude\n\u{1F600}=é\n";
        for p in [
            "/etc/docker/daemon.json",
            "/lib/systemd/system/docker.service",
            "/etc/default/docker",
            "/etc/group",
            "/etc/passwd",
            "/etc/subuid",
            "/etc/subgid",
            "/etc/audit/audit.rules",
            "/etc/ssh/sshd_config",
            "/etc/fstab",
        ] {
            write(d.path(), p, junk);
        }
        let _ = collect_host(d.path(), false);
    }
}

#[cfg(test)]
mod listener_tests {
    #[test]
    fn listener_args_every_spelling() {
        let args: Vec<String> = [
            "dockerd",
            "-H",
            "unix:///a.sock",
            "--host=tcp://127.0.0.1:2376",
            "-Hfd://",
            "--debug",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            super::listener_args(&args),
            vec!["unix:///a.sock", "tcp://127.0.0.1:2376", "fd://"]
        );
    }
}
