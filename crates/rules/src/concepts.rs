//! Concepts shared by runtime, image, Dockerfile and compose rules: one concept, one
//! implementation ("runs as root", "sensitive host path", "dangerous capability", …).

/// Docker's default capability set (moby `oci/caps/defaults.go`).
pub const DEFAULT_CAPS: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Capabilities that give a container a known path to the host or to other containers.
pub const DANGEROUS_CAPS: &[&str] = &[
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "DAC_READ_SEARCH",
    "NET_ADMIN",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "BPF",
    "PERFMON",
    "SYSLOG",
    "LINUX_IMMUTABLE",
    "AUDIT_CONTROL",
    "SYS_RESOURCE",
    "CHECKPOINT_RESTORE",
];

/// `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`.
pub fn normalize_cap(name: &str) -> String {
    let up = name.trim().to_ascii_uppercase();
    up.strip_prefix("CAP_").map(str::to_string).unwrap_or(up)
}

/// How bad adding this capability is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CapRisk {
    /// In Docker's default set already: adding it changes nothing unless it was dropped.
    Default,
    Extra,
    Dangerous,
    All,
}

pub fn cap_risk(name: &str) -> CapRisk {
    let n = normalize_cap(name);
    if n == "ALL" {
        CapRisk::All
    } else if DANGEROUS_CAPS.contains(&n.as_str()) {
        CapRisk::Dangerous
    } else if DEFAULT_CAPS.contains(&n.as_str()) {
        CapRisk::Default
    } else {
        CapRisk::Extra
    }
}

/// Is this `USER` value (`name`, `uid`, `name:group`, `uid:gid`) root? Empty means the
/// image default, which is root unless the image says otherwise.
pub fn user_is_root(user: &str) -> bool {
    let user = user.trim();
    let who = user.split(':').next().unwrap_or("").trim();
    who.is_empty() || who == "root" || who.trim_start_matches('0').is_empty()
}

/// Host directories whose mount gives a container the host (CIS 5.6 and beyond).
/// Matched as the path itself or anything below it.
const SENSITIVE_TREES: &[&str] = &[
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/sys",
    "/usr",
    "/bin",
    "/sbin",
    "/root",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/kubelet",
    "/var/log",
];

/// Directories that are sensitive as a whole (they hold sockets and runtime state), but
/// whose individual entries are judged by their own rules (e.g. a socket → CIS 5.32).
const SENSITIVE_WHOLE: &[&str] = &["/", "/run", "/var/run", "/var", "/home"];

/// Normalises a host path: collapses `//`, `/./`, resolves `..` lexically, drops a
/// trailing slash.
pub fn normalize_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// If mounting host `path` into a container is sensitive, the matched sensitive directory.
pub fn sensitive_host_path(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') {
        return None; // a named volume, not a host path
    }
    let p = normalize_path(path);
    if let Some(w) = SENSITIVE_WHOLE.iter().find(|w| **w == p) {
        return Some(w);
    }
    SENSITIVE_TREES
        .iter()
        .find(|t| p == **t || p.starts_with(&format!("{t}/")))
        .copied()
}

/// Socket file names of container engines whose API is root on the host.
const ENGINE_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "podman.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "buildkitd.sock",
    "dockershim.sock",
];

/// Directories that hold an engine socket: mounting one mounts the socket.
const ENGINE_SOCKET_DIRS: &[&str] = &[
    "/run",
    "/var/run",
    "/run/docker",
    "/var/run/docker",
    "/run/containerd",
    "/var/run/containerd",
    "/run/podman",
    "/var/run/podman",
    "/run/crio",
    "/var/run/crio",
    "/run/buildkit",
];

/// If host `path` is (or contains) a container engine's API socket, which one.
pub fn engine_socket(path: &str) -> Option<String> {
    let p = normalize_path(path);
    let file = p.rsplit('/').next().unwrap_or("");
    if ENGINE_SOCKETS.contains(&file) {
        return Some(file.to_string());
    }
    if ENGINE_SOCKET_DIRS.contains(&p.as_str()) {
        return Some(format!("{p} (directory holding the engine socket)"));
    }
    // Rootless Docker and Podman: /run/user/<uid>/docker.sock, …/podman/podman.sock
    if let Some(rest) = p.strip_prefix("/run/user/") {
        let mut it = rest.split('/');
        let uid_ok = it
            .next()
            .is_some_and(|u| u.bytes().all(|b| b.is_ascii_digit()));
        if uid_ok && it.next().is_none_or(|d| d == "podman" || d == "docker") && it.next().is_none()
        {
            return Some(format!("{p} (rootless engine runtime directory)"));
        }
    }
    None
}

/// Is this host IP "all interfaces"?
pub fn binds_all_interfaces(host_ip: &str) -> bool {
    matches!(host_ip.trim(), "" | "0.0.0.0" | "::" | "[::]")
}

/// `80/tcp` → 80.
pub fn port_number(spec: &str) -> Option<u32> {
    spec.split('/').next()?.trim().parse().ok()
}

/// Process command lines that are an SSH server.
pub fn is_ssh_server(cmdline: &str) -> bool {
    let first = cmdline.split_whitespace().next().unwrap_or("");
    let base = first.rsplit('/').next().unwrap_or(first);
    let base = base.trim_end_matches(':');
    matches!(base, "sshd" | "dropbear" | "sshd-session" | "tinysshd")
        || cmdline.starts_with("sshd:")
}

/// Parses one `security_opt` entry (`seccomp=unconfined`, `seccomp:unconfined`,
/// `no-new-privileges`, `no-new-privileges:true`, `apparmor=x`, `label=disable`).
pub fn parse_security_opt(opt: &str) -> (String, String) {
    let opt = opt.trim();
    match opt.split_once(['=', ':']) {
        Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim().to_string()),
        None => (opt.to_ascii_lowercase(), String::new()),
    }
}

/// Whether a security_opt list turns on no-new-privileges.
pub fn has_no_new_privileges(opts: &[String]) -> bool {
    let mut on = false;
    for o in opts {
        let (k, v) = parse_security_opt(o);
        if k == "no-new-privileges" {
            on = v.is_empty() || v.eq_ignore_ascii_case("true");
        }
    }
    on
}

/// The value of a security_opt key (last one wins, as in Docker).
pub fn security_opt_value(opts: &[String], key: &str) -> Option<String> {
    opts.iter()
        .map(|o| parse_security_opt(o))
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v)
        .next_back()
}

/// One entry of the daemon's `SecurityOptions` (`GET /info`): its name and `key=value`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonSecurityOption {
    pub name: String,
    pub options: Vec<(String, String)>,
}

impl DaemonSecurityOption {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the daemon's `SecurityOptions` in every shape engines have used:
/// `name=seccomp,profile=builtin` (current), `name=seccomp,profile=default` (20.10), a bare
/// `profile=default` following `name=seccomp` or `seccomp` (older), and bare names
/// (`apparmor`, `seccomp`, `selinux` on very old engines).
pub fn daemon_security_options(opts: &[String]) -> Vec<DaemonSecurityOption> {
    let mut out: Vec<DaemonSecurityOption> = Vec::new();
    for raw in opts {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        if !raw.contains('=') {
            out.push(DaemonSecurityOption {
                name: raw.to_ascii_lowercase(),
                options: vec![],
            });
            continue;
        }
        let mut name = None;
        let mut options = Vec::new();
        for part in raw.split(',') {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
            if k == "name" {
                name = Some(v.to_ascii_lowercase());
            } else {
                options.push((k, v));
            }
        }
        match (name, out.last_mut()) {
            (Some(n), _) => out.push(DaemonSecurityOption { name: n, options }),
            // `profile=default` on its own belongs to the entry before it (seccomp).
            (None, Some(prev)) => prev.options.extend(options),
            (None, None) => out.push(DaemonSecurityOption {
                name: "seccomp".into(),
                options,
            }),
        }
    }
    out
}

/// Whether the daemon reports security option `name` (e.g. `apparmor`, `userns`); `None`
/// without daemon data.
pub fn daemon_has_security_option(snap: &dh_model::Snapshot, name: &str) -> Option<bool> {
    let d = snap.daemon.as_ref()?;
    Some(
        daemon_security_options(&d.info.security_options)
            .iter()
            .any(|o| o.name == name),
    )
}

/// Host devices that give raw access to disks, memory or the kernel log.
pub fn is_dangerous_device(path: &str) -> bool {
    let p = normalize_path(path);
    let name = p.strip_prefix("/dev/").unwrap_or("");
    [
        "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "dm-", "md", "loop", "nbd", "mapper/",
    ]
    .iter()
    .any(|pre| name.starts_with(pre))
        || matches!(
            name,
            "mem" | "kmem" | "port" | "kmsg" | "fuse" | "disk" | "cpu" | "mcelog"
        )
        || name.starts_with("disk/")
        || name.starts_with("cpu/")
        || p == "/dev"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        for u in ["", "root", "0", "0:0", "root:root", "00", " 0:1000"] {
            assert!(user_is_root(u), "{u:?}");
        }
        for u in ["1000", "app", "1000:0", "nobody", "10"] {
            assert!(!user_is_root(u), "{u:?}");
        }
    }

    #[test]
    fn caps() {
        assert_eq!(normalize_cap("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(cap_risk("CAP_SYS_ADMIN"), CapRisk::Dangerous);
        assert_eq!(cap_risk("all"), CapRisk::All);
        assert_eq!(cap_risk("NET_BIND_SERVICE"), CapRisk::Default);
        assert_eq!(cap_risk("IPC_LOCK"), CapRisk::Extra);
    }

    #[test]
    fn paths() {
        assert_eq!(sensitive_host_path("/"), Some("/"));
        assert_eq!(sensitive_host_path("/etc/nginx/"), Some("/etc"));
        assert_eq!(sensitive_host_path("//proc"), Some("/proc"));
        assert_eq!(sensitive_host_path("/srv/../etc"), Some("/etc"));
        assert_eq!(sensitive_host_path("/srv/data"), None);
        assert_eq!(sensitive_host_path("/etcetera"), None);
        assert_eq!(sensitive_host_path("/var/run/docker.sock"), None);
        assert_eq!(sensitive_host_path("myvolume"), None);
    }

    #[test]
    fn sockets() {
        assert!(engine_socket("/var/run/docker.sock").is_some());
        assert!(engine_socket("/run/containerd/containerd.sock").is_some());
        assert!(engine_socket("/tmp/x/docker.sock").is_some());
        assert!(engine_socket("/run/user/1000/podman/podman.sock").is_some());
        assert!(engine_socket("/var/run").is_some());
        assert!(engine_socket("/srv/app").is_none());
    }

    #[test]
    fn secopts() {
        let o = vec![
            "no-new-privileges:true".to_string(),
            "seccomp=unconfined".into(),
        ];
        assert!(has_no_new_privileges(&o));
        assert_eq!(
            security_opt_value(&o, "seccomp").as_deref(),
            Some("unconfined")
        );
        assert!(!has_no_new_privileges(&[
            "no-new-privileges=false".to_string()
        ]));
    }

    #[test]
    fn daemon_secopts_shapes() {
        let v = |s: &[&str]| {
            daemon_security_options(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        let new = v(&[
            "name=seccomp,profile=builtin",
            "name=userns",
            "name=cgroupns",
        ]);
        assert_eq!(new[0].name, "seccomp");
        assert_eq!(new[0].get("profile"), Some("builtin"));
        assert_eq!(new[1].name, "userns");
        let old = v(&["seccomp", "profile=default"]);
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].get("profile"), Some("default"));
        let bare = v(&["apparmor", "seccomp"]);
        assert_eq!(
            bare.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
            vec!["apparmor", "seccomp"]
        );
        assert_eq!(v(&["profile=default"])[0].name, "seccomp");
    }

    #[test]
    fn ssh() {
        assert!(is_ssh_server("/usr/sbin/sshd -D"));
        assert!(is_ssh_server("sshd: /usr/sbin/sshd -D [listener]"));
        assert!(!is_ssh_server("/bin/sh -c ssh-agent"));
    }
}
