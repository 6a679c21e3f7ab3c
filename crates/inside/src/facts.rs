//! What a process inside a container can see of its own confinement, gathered from `/proc`,
//! `/sys`, `/dev` and the file system. All I/O of `inside` lives here; the rules are pure
//! functions of [`InsideFacts`].

use serde::Serialize;
use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Capability names by bit number (`include/uapi/linux/capability.h`).
pub const CAP_NAMES: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
];

/// `0x00000000a80425fb` → names of the set bits (`CAP_42` for bits this table predates).
pub fn decode_caps(mask: u64) -> Vec<String> {
    (0..64)
        .filter(|b| mask & (1u64 << b) != 0)
        .map(|b| {
            CAP_NAMES
                .get(b as usize)
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("CAP_{b}"))
        })
        .collect()
}

/// Initial namespace inode numbers fixed by the kernel (`include/linux/proc_ns.h`):
/// a process whose namespace has this inode shares it with the host's init.
pub const INIT_NS_INODES: &[(&str, u64)] = &[
    ("ipc", 0xEFFF_FFFF),
    ("uts", 0xEFFF_FFFE),
    ("user", 0xEFFF_FFFD),
    ("pid", 0xEFFF_FFFC),
    ("cgroup", 0xEFFF_FFFB),
];

/// How the container was detected, and by which runtime.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Runtime {
    pub in_container: bool,
    /// `docker`, `podman`, `containerd`, `kubernetes`, `lxc`, or `unknown`.
    pub runtime: Option<String>,
    pub evidence: Vec<String>,
}

/// Whether one namespace is the host's, and how that was decided.
#[derive(Debug, Clone, Serialize)]
pub struct NamespaceFact {
    pub name: String,
    pub inode: Option<u64>,
    /// `Some(true)`: shared with the host; `None`: could not tell.
    pub host: Option<bool>,
    pub method: String,
}

/// An engine API endpoint found from inside.
#[derive(Debug, Clone, Serialize)]
pub struct SocketFact {
    /// A path (`/var/run/docker.sock`) or a `DOCKER_HOST` URL.
    pub endpoint: String,
    /// `docker`, `podman`, `containerd`, … (from the name or the `_ping` answer).
    pub engine: String,
    /// Connected at all.
    pub connects: bool,
    /// `GET /_ping` answered `200 OK`.
    pub answers: bool,
    pub detail: String,
}

/// One line of `/proc/self/mountinfo` that matters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mount {
    pub mountpoint: String,
    /// Path inside the source file system (the host path, for a bind mount of it).
    pub root: String,
    pub fstype: String,
    pub source: String,
    pub writable: bool,
}

/// Everything `inside` looked at.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InsideFacts {
    pub hostname: String,
    pub runtime: Runtime,
    pub cap_eff: Option<u64>,
    pub cap_prm: Option<u64>,
    pub cap_bnd: Option<u64>,
    pub cap_last_cap: Option<u32>,
    /// 0 disabled, 1 strict, 2 filter.
    pub seccomp: Option<u8>,
    pub no_new_privs: Option<bool>,
    /// `None`: AppArmor is not enabled on this kernel.
    pub apparmor: Option<String>,
    pub uid_map: Option<String>,
    pub namespaces: Vec<NamespaceFact>,
    pub sockets: Vec<SocketFact>,
    pub mounts: Vec<Mount>,
    /// Kernel interfaces this process can write.
    pub writable_kernel: Vec<String>,
    /// Host devices visible in `/dev` (`/dev/sda (block)`).
    pub devices: Vec<String>,
    pub rootfs_writable: Option<bool>,
    pub euid: Option<u32>,
    /// Names only.
    pub secret_env: Vec<String>,
    pub kernel: Option<String>,
    /// `None` when `--network-checks` was not given.
    pub metadata: Option<Vec<String>>,
}

/// Options of a collection run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Probe cloud metadata endpoints (link-local, 1 s timeout).
    pub network_checks: bool,
    /// Largest number of directory entries the socket search visits.
    pub max_walk: usize,
}

fn read(path: &str) -> Option<String> {
    fs::read_to_string(path).ok()
}

/// `Key:\tvalue` of `/proc/self/status`.
pub fn status_field<'a>(status: &'a str, key: &str) -> Option<&'a str> {
    status.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k == key).then(|| v.trim())
    })
}

fn hex_field(status: &str, key: &str) -> Option<u64> {
    u64::from_str_radix(status_field(status, key)?, 16).ok()
}

/// Parses `/proc/self/mountinfo`.
pub fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|l| {
            let (pre, post) = l.split_once(" - ")?;
            let f: Vec<&str> = pre.split(' ').collect();
            let g: Vec<&str> = post.split(' ').collect();
            if f.len() < 6 || g.len() < 2 {
                return None;
            }
            Some(Mount {
                mountpoint: unescape(f[4]),
                root: unescape(f[3]),
                fstype: g[0].to_string(),
                source: unescape(g[1]),
                writable: f[5].split(',').any(|o| o == "rw"),
            })
        })
        .collect()
}

/// mountinfo escapes space, tab, newline and backslash as `\ooo`.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = u32::from(b[i + 1] - b'0') * 64
                + u32::from(b[i + 2] - b'0') * 8
                + u32::from(b[i + 3] - b'0');
            out.push(v as u8);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ns_inode(pid: &str, ns: &str) -> Result<u64, std::io::Error> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(format!("/proc/{pid}/ns/{ns}")).map(|m| m.ino())
}

/// Does PID 2 look like the kernel's `kthreadd`? Only the initial PID namespace sees it.
fn kthreadd_visible() -> bool {
    read("/proc/2/status").is_some_and(|s| {
        status_field(&s, "Name") == Some("kthreadd") && status_field(&s, "PPid") == Some("0")
    })
}

/// Host namespaces. The method, in order:
/// 1. the kernel gives the initial IPC, UTS, user, PID and cgroup namespaces fixed inode
///    numbers: ours equal to it means it is the host's;
/// 2. PID: `kthreadd` (PID 2, parent 0) is visible only in the initial PID namespace; and in
///    a private PID namespace PID 1 is the container's own entrypoint, in our mount namespace,
///    so a PID 1 in another mount namespace (or one we may not inspect) means the PID
///    namespace is shared with processes outside the container;
/// 3. with the host's PID 1 visible, any namespace equal to PID 1's is the host's (this is how
///    the network namespace is compared; it has no fixed inode);
/// 4. network otherwise: a container's own network namespace never holds the host side of the
///    bridge: seeing `docker0`, `br-*` or `veth*` interfaces means the host's network.
pub fn namespaces() -> Vec<NamespaceFact> {
    let self_mnt = ns_inode("self", "mnt").ok();
    let pid1_mnt = ns_inode("1", "mnt");
    let pid1_outside = match (&pid1_mnt, self_mnt) {
        (Ok(p), Some(s)) => *p != s,
        (Err(e), Some(_)) => e.kind() == std::io::ErrorKind::PermissionDenied,
        _ => false,
    };
    let kthreadd = kthreadd_visible();
    let mut out = Vec::new();
    for ns in ["pid", "net", "ipc", "uts", "cgroup", "user"] {
        let inode = ns_inode("self", ns).ok();
        let init = INIT_NS_INODES
            .iter()
            .find(|(n, _)| *n == ns)
            .map(|(_, i)| *i);
        let (host, method) = if inode.is_some() && inode == init {
            (
                Some(true),
                format!(
                    "inode {:#x} is the kernel's initial {ns} namespace",
                    init.unwrap_or(0)
                ),
            )
        } else if ns == "pid" && kthreadd {
            (Some(true), "kthreadd (PID 2) is visible".to_string())
        } else if ns == "pid" && pid1_outside {
            (
                Some(true),
                "PID 1 is outside this container's mount namespace".to_string(),
            )
        } else if ns != "user"
            && pid1_outside
            && ns_inode("1", ns).ok().is_some_and(|p| Some(p) == inode)
        {
            (
                Some(true),
                format!("same {ns} namespace as the host's PID 1"),
            )
        } else if ns == "net" {
            let ifaces = read("/proc/net/dev").unwrap_or_default();
            let host_if = ifaces
                .lines()
                .skip(2)
                .filter_map(|l| l.split(':').next())
                .map(str::trim)
                .find(|n| {
                    *n == "docker0"
                        || n.starts_with("br-")
                        || n.starts_with("veth")
                        || n.starts_with("cni")
                        || n.starts_with("podman")
                });
            match host_if {
                Some(n) => (Some(true), format!("host bridge interface {n} is visible")),
                None => (
                    Some(false),
                    "no host bridge or veth interface visible".to_string(),
                ),
            }
        } else if inode.is_some() && init.is_some() {
            (
                Some(false),
                "inode differs from the kernel's initial namespace".to_string(),
            )
        } else {
            (None, "namespace not readable".to_string())
        };
        out.push(NamespaceFact {
            name: ns.to_string(),
            inode,
            host,
            method,
        });
    }
    out
}

fn detect_runtime(mounts: &[Mount]) -> Runtime {
    let mut ev = Vec::new();
    let mut rt: Option<&str> = None;
    if Path::new("/.dockerenv").exists() {
        ev.push("/.dockerenv exists".to_string());
        rt = Some("docker");
    }
    if Path::new("/run/.containerenv").exists() {
        ev.push("/run/.containerenv exists".to_string());
        rt = rt.or(Some("podman"));
    }
    if let Ok(c) = std::env::var("container") {
        ev.push(format!("environment variable container={c}"));
        rt = rt.or(Some(if c == "podman" { "podman" } else { "unknown" }));
    }
    'files: for file in ["/proc/1/cgroup", "/proc/self/cgroup"] {
        let text = read(file).unwrap_or_default();
        for (needle, name) in [
            ("kubepods", "kubernetes"),
            ("/docker/", "docker"),
            ("docker-", "docker"),
            ("libpod", "podman"),
            ("containerd", "containerd"),
            ("/lxc/", "lxc"),
        ] {
            if text.contains(needle) {
                ev.push(format!("{file} mentions {}", needle.trim_matches('/')));
                rt = rt.or(Some(name));
                break 'files;
            }
        }
    }
    if let Some(m) = mounts
        .iter()
        .find(|m| m.mountpoint == "/etc/hostname" && m.root.contains("/containers/"))
    {
        ev.push(format!("/etc/hostname is bind-mounted from {}", m.root));
        rt = rt.or(Some(if m.root.contains("/docker/") {
            "docker"
        } else {
            "unknown"
        }));
    }
    if let Some(m) = mounts.iter().find(|m| m.mountpoint == "/") {
        if m.fstype == "overlay" || m.fstype == "aufs" {
            ev.push(format!("the root file system is {}", m.fstype));
        }
    }
    Runtime {
        in_container: rt.is_some(),
        runtime: rt.map(str::to_string),
        evidence: ev,
    }
}

/// Directories never walked when looking for sockets.
const NO_WALK: &[&str] = &["/proc", "/sys", "/dev"];

/// Where engine sockets usually are; always checked.
const WELL_KNOWN_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/crio/crio.sock",
    "/run/buildkit/buildkitd.sock",
];

/// Finds unix sockets in the file system: a bounded breadth-first walk from `/` (no symlinks
/// followed, `/proc`, `/sys`, `/dev` skipped, at most `max` entries, depth 8).
pub fn find_sockets(max: usize) -> Vec<PathBuf> {
    let mut found: BTreeSet<PathBuf> = WELL_KNOWN_SOCKETS
        .iter()
        .map(PathBuf::from)
        .filter(|p| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_socket()))
        .collect();
    let mut queue = std::collections::VecDeque::from([(PathBuf::from("/"), 0usize)]);
    let mut seen = 0usize;
    while let Some((dir, depth)) = queue.pop_front() {
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            seen += 1;
            if seen > max {
                return found.into_iter().collect();
            }
            let Ok(ft) = e.file_type() else { continue };
            let p = e.path();
            if ft.is_socket() {
                found.insert(p);
            } else if ft.is_dir() && depth < 8 && !NO_WALK.iter().any(|n| p == Path::new(n)) {
                queue.push_back((p, depth + 1));
            }
        }
    }
    found.into_iter().collect()
}

const PING: &[u8] =
    b"GET /_ping HTTP/1.0\r\nHost: docker\r\nUser-Agent: docker-harden-inside\r\n\r\n";

/// Reads an HTTP response to `GET /_ping`: (status line ok, engine from headers, body).
fn parse_ping(resp: &str) -> (bool, Option<&'static str>, String) {
    let (head, body) = resp.split_once("\r\n\r\n").unwrap_or((resp, ""));
    let ok = head.starts_with("HTTP/1.") && head.split_whitespace().nth(1) == Some("200");
    let lower = head.to_ascii_lowercase();
    let engine = if lower.contains("libpod-api-version") {
        Some("podman")
    } else if lower.contains("api-version") || lower.contains("docker-experimental") {
        Some("docker")
    } else {
        None
    };
    (ok, engine, body.trim().to_string())
}

fn engine_from_name(path: &str) -> String {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.trim_end_matches(".sock").to_string()
}

fn ping_stream<S: Read + Write>(mut s: S) -> std::io::Result<String> {
    s.write_all(PING)?;
    let mut buf = Vec::new();
    let _ = s.take(64 * 1024).read_to_end(&mut buf);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Connects to a unix socket and sends a read-only `GET /_ping` (1 s timeouts).
pub fn probe_unix(path: &Path) -> SocketFact {
    let endpoint = path.display().to_string();
    let named = dh_rules::concepts::engine_socket(&endpoint).is_some();
    let mut fact = SocketFact {
        engine: if named {
            engine_from_name(&endpoint)
        } else {
            "unknown".into()
        },
        endpoint,
        connects: false,
        answers: false,
        detail: String::new(),
    };
    let s = match std::os::unix::net::UnixStream::connect(path) {
        Ok(s) => s,
        Err(e) => {
            fact.detail = format!("connect: {e}");
            return fact;
        }
    };
    fact.connects = true;
    let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = s.set_write_timeout(Some(Duration::from_secs(1)));
    match ping_stream(s) {
        Ok(resp) => {
            let (ok, engine, body) = parse_ping(&resp);
            if let Some(e) = engine {
                fact.engine = e.to_string();
            }
            fact.answers = ok && (engine.is_some() || body == "OK");
            fact.detail = if fact.answers {
                format!("GET /_ping → 200 {body}")
            } else if !resp.starts_with("HTTP/") {
                "connects; not an HTTP API (gRPC or other protocol)".into()
            } else {
                format!("GET /_ping → {}", resp.lines().next().unwrap_or(""))
            };
        }
        Err(e) => fact.detail = format!("connects; GET /_ping: {e}"),
    }
    fact
}

/// `DOCKER_HOST=tcp://h:p` or `unix:///path`: probes it the same way.
pub fn probe_docker_host(url: &str) -> Option<SocketFact> {
    if let Some(path) = url.strip_prefix("unix://") {
        let mut f = probe_unix(Path::new(path));
        f.endpoint = format!("DOCKER_HOST={url}");
        return Some(f);
    }
    let addr = url.strip_prefix("tcp://")?.trim_end_matches('/');
    let mut fact = SocketFact {
        endpoint: format!("DOCKER_HOST={url}"),
        engine: "docker".into(),
        connects: false,
        answers: false,
        detail: String::new(),
    };
    use std::net::ToSocketAddrs;
    let Some(sa) = addr.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        fact.detail = format!("cannot resolve {addr}");
        return Some(fact);
    };
    match std::net::TcpStream::connect_timeout(&sa, Duration::from_secs(1)) {
        Ok(s) => {
            fact.connects = true;
            let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
            let _ = s.set_write_timeout(Some(Duration::from_secs(1)));
            if let Ok(resp) = ping_stream(s) {
                let (ok, _, body) = parse_ping(&resp);
                fact.answers = ok;
                fact.detail = format!(
                    "GET /_ping → {}",
                    if ok {
                        format!("200 {body}")
                    } else {
                        resp.lines().next().unwrap_or("no answer").to_string()
                    }
                );
            }
        }
        Err(e) => fact.detail = format!("connect: {e}"),
    }
    Some(fact)
}

/// File systems that are never a host bind mount.
const VIRTUAL_FS: &[&str] = &[
    "proc",
    "sysfs",
    "tmpfs",
    "devtmpfs",
    "devpts",
    "mqueue",
    "cgroup",
    "cgroup2",
    "overlay",
    "aufs",
    "shm",
    "nsfs",
    "securityfs",
    "debugfs",
    "tracefs",
    "pstore",
    "bpf",
    "fusectl",
    "configfs",
    "hugetlbfs",
    "autofs",
    "binfmt_misc",
    "rpc_pipefs",
    "efivarfs",
    "selinuxfs",
];

/// Mounts that come from the host rather than from the engine's own setup.
pub fn host_mounts(mounts: &[Mount]) -> Vec<Mount> {
    mounts
        .iter()
        .filter(|m| {
            let engine_file = matches!(
                m.mountpoint.as_str(),
                "/etc/hosts" | "/etc/hostname" | "/etc/resolv.conf"
            ) && m.root.contains("/containers/");
            let named_volume = m.root.contains("/volumes/") && m.root.ends_with("/_data");
            !VIRTUAL_FS.contains(&m.fstype.as_str())
                && m.mountpoint != "/"
                && !engine_file
                && !named_volume
        })
        .cloned()
        .collect()
}

fn writable(path: &str) -> bool {
    let Ok(c) = std::ffi::CString::new(path) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path; access(2) only reads it.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// Kernel interfaces whose write access is a container escape.
fn writable_kernel(mounts: &[Mount]) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/proc/sys/kernel/core_pattern",
        "/proc/sysrq-trigger",
        "/sys/kernel/uevent_helper",
        "/proc/sys/kernel/modprobe",
        "/proc/sys/fs/binfmt_misc/register",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for m in mounts.iter().filter(|m| m.fstype == "cgroup") {
        paths.push(format!(
            "{}/release_agent",
            m.mountpoint.trim_end_matches('/')
        ));
    }
    paths
        .into_iter()
        .filter(|p| Path::new(p).exists() && writable(p))
        .collect()
}

/// Devices in `/dev` that give the host's hardware or kernel memory.
fn host_devices() -> Vec<String> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir("/dev") else {
        return out;
    };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let Ok(ft) = e.file_type() else { continue };
        let name = e.file_name().to_string_lossy().into_owned();
        if ft.is_block_device() {
            out.push(format!("/dev/{name} (block device)"));
        } else if ft.is_char_device() && matches!(name.as_str(), "mem" | "kmem" | "port" | "kmsg") {
            out.push(format!("/dev/{name} (kernel memory/log)"));
        }
    }
    out
}

/// Cloud metadata endpoints (link-local), 1 s timeout each.
fn metadata_endpoints() -> Vec<String> {
    let mut out = Vec::new();
    for addr in [
        "169.254.169.254:80",
        "[fd00:ec2::254]:80",
        "100.100.100.200:80",
    ] {
        use std::net::ToSocketAddrs;
        let Some(sa) = addr.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
            continue;
        };
        if let Ok(mut s) = std::net::TcpStream::connect_timeout(&sa, Duration::from_secs(1)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
            let _ =
                s.write_all(b"GET / HTTP/1.0\r\nMetadata-Flavor: Google\r\nMetadata: true\r\n\r\n");
            let mut buf = [0u8; 64];
            let n = s.read(&mut buf).unwrap_or(0);
            if n > 0 && buf.starts_with(b"HTTP/") {
                out.push(format!("{addr} answers HTTP"));
            }
        }
    }
    out
}

/// Gathers every fact `inside` reports.
pub fn collect(opts: &Options) -> InsideFacts {
    let status = read("/proc/self/status").unwrap_or_default();
    let mounts = parse_mountinfo(&read("/proc/self/mountinfo").unwrap_or_default());
    let apparmor = read("/proc/self/attr/apparmor/current")
        .or_else(|| read("/proc/self/attr/current"))
        .map(|s| s.trim_matches(char::from(0)).trim().to_string())
        .filter(|s| !s.is_empty());
    let apparmor_enabled =
        read("/sys/module/apparmor/parameters/enabled").is_some_and(|s| s.trim() == "Y");
    let mut sockets: Vec<SocketFact> = find_sockets(if opts.max_walk == 0 {
        200_000
    } else {
        opts.max_walk
    })
    .iter()
    .map(|p| probe_unix(p))
    .filter(|f| f.connects || dh_rules::concepts::engine_socket(&f.endpoint).is_some())
    .collect();
    if let Ok(h) = std::env::var("DOCKER_HOST") {
        sockets.extend(probe_docker_host(&h));
    }
    let secret_env = std::env::vars_os()
        .filter_map(|(k, v)| {
            let k = k.to_string_lossy().into_owned();
            (dh_model::secrets::name_looks_secret(&k) && !v.is_empty()).then_some(k)
        })
        .collect();
    InsideFacts {
        hostname: read("/proc/sys/kernel/hostname")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| "unknown".into()),
        runtime: detect_runtime(&mounts),
        cap_eff: hex_field(&status, "CapEff"),
        cap_prm: hex_field(&status, "CapPrm"),
        cap_bnd: hex_field(&status, "CapBnd"),
        cap_last_cap: read("/proc/sys/kernel/cap_last_cap").and_then(|s| s.trim().parse().ok()),
        seccomp: status_field(&status, "Seccomp").and_then(|s| s.parse().ok()),
        no_new_privs: status_field(&status, "NoNewPrivs").map(|s| s == "1"),
        apparmor: if apparmor_enabled {
            apparmor.or(Some("unconfined".into()))
        } else {
            None
        },
        uid_map: read("/proc/self/uid_map")
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")),
        namespaces: namespaces(),
        sockets,
        writable_kernel: writable_kernel(&mounts),
        devices: host_devices(),
        rootfs_writable: mounts
            .iter()
            .rev()
            .find(|m| m.mountpoint == "/")
            .map(|m| m.writable),
        euid: status_field(&status, "Uid")
            .and_then(|s| s.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok()),
        secret_env,
        kernel: read("/proc/sys/kernel/osrelease").map(|s| s.trim().to_string()),
        metadata: opts.network_checks.then(metadata_endpoints),
        mounts: host_mounts(&mounts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_decode() {
        assert_eq!(decode_caps(0xa80425fb).len(), 14);
        assert!(decode_caps(0xa80425fb).contains(&"NET_BIND_SERVICE".to_string()));
        assert_eq!(decode_caps(1 << 21), ["SYS_ADMIN"]);
        assert_eq!(decode_caps(1 << 45), ["CAP_45"]);
    }

    #[test]
    fn mountinfo() {
        let t = "100 90 0:50 / / rw,relatime - overlay overlay rw,lowerdir=x\n\
                 101 100 8:1 /var/lib/docker/containers/abc/hostname /etc/hostname rw - ext4 /dev/sda1 rw\n\
                 102 100 8:1 /tmp/dh\\040x/docker.sock /var/run/docker.sock rw - ext4 /dev/sda1 rw\n\
                 103 100 8:1 /etc /host/etc ro - ext4 /dev/sda1 rw\n\
                 104 100 8:1 /var/lib/docker/volumes/v/_data /data rw - ext4 /dev/sda1 rw\n";
        let m = parse_mountinfo(t);
        assert_eq!(m.len(), 5);
        assert_eq!(m[2].root, "/tmp/dh x/docker.sock");
        assert!(!m[3].writable);
        let h: Vec<_> = host_mounts(&m).into_iter().map(|m| m.mountpoint).collect();
        assert_eq!(h, ["/var/run/docker.sock", "/host/etc"]);
    }

    #[test]
    fn ping() {
        let r = "HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK";
        assert_eq!(parse_ping(r), (true, Some("docker"), "OK".to_string()));
        assert!(!parse_ping("HTTP/1.1 404 Not Found\r\n\r\n").0);
        assert_eq!(
            engine_from_name("/run/containerd/containerd.sock"),
            "containerd"
        );
        assert_eq!(engine_from_name("/var/run/docker.sock"), "docker");
    }

    #[test]
    fn status() {
        let s = "Name:\tsh\nSeccomp:\t2\nNoNewPrivs:\t0\nCapBnd:\t00000000a80425fb\n";
        assert_eq!(status_field(s, "Seccomp"), Some("2"));
        assert_eq!(hex_field(s, "CapBnd"), Some(0xa80425fb));
    }
}
