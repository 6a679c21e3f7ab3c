//! dockerd command-line flags and their daemon.json key names.

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `--icc`, `--icc=false`.
    Bool,
    /// `--log-level debug`, `--log-level=debug`.
    Value,
    /// Repeatable: `-H a -H b` → `hosts: [a, b]`.
    List,
}

/// `(flag names, daemon.json key, kind)`. From dockerd's `--help` (20.10 … 27); a flag not
/// listed is mapped to its own name without dashes, which is the daemon.json key for most.
pub const FLAGS: &[(&[&str], &str, FlagKind)] = &[
    (&["-H", "--host"], "hosts", FlagKind::List),
    (&["--tls"], "tls", FlagKind::Bool),
    (&["--tlsverify"], "tlsverify", FlagKind::Bool),
    (&["--tlscacert"], "tlscacert", FlagKind::Value),
    (&["--tlscert"], "tlscert", FlagKind::Value),
    (&["--tlskey"], "tlskey", FlagKind::Value),
    (&["--icc"], "icc", FlagKind::Bool),
    (&["--iptables"], "iptables", FlagKind::Bool),
    (&["--ip6tables"], "ip6tables", FlagKind::Bool),
    (&["--ip-forward"], "ip-forward", FlagKind::Bool),
    (&["--ip-masq"], "ip-masq", FlagKind::Bool),
    (&["--ipv6"], "ipv6", FlagKind::Bool),
    (&["--userland-proxy"], "userland-proxy", FlagKind::Bool),
    (
        &["--userland-proxy-path"],
        "userland-proxy-path",
        FlagKind::Value,
    ),
    (&["--live-restore"], "live-restore", FlagKind::Bool),
    (
        &["--no-new-privileges"],
        "no-new-privileges",
        FlagKind::Bool,
    ),
    (&["--userns-remap"], "userns-remap", FlagKind::Value),
    (&["-l", "--log-level"], "log-level", FlagKind::Value),
    (&["--log-driver"], "log-driver", FlagKind::Value),
    (&["--log-opt"], "log-opts", FlagKind::List),
    (
        &["--insecure-registry"],
        "insecure-registries",
        FlagKind::List,
    ),
    (&["--registry-mirror"], "registry-mirrors", FlagKind::List),
    (
        &["-s", "--storage-driver"],
        "storage-driver",
        FlagKind::Value,
    ),
    (&["--storage-opt"], "storage-opts", FlagKind::List),
    (&["--default-ulimit"], "default-ulimits", FlagKind::List),
    (&["--cgroup-parent"], "cgroup-parent", FlagKind::Value),
    (
        &["--authorization-plugin"],
        "authorization-plugins",
        FlagKind::List,
    ),
    (&["--seccomp-profile"], "seccomp-profile", FlagKind::Value),
    (&["--experimental"], "experimental", FlagKind::Bool),
    (
        &["--data-root", "-g", "--graph"],
        "data-root",
        FlagKind::Value,
    ),
    (&["--exec-root"], "exec-root", FlagKind::Value),
    (&["-p", "--pidfile"], "pidfile", FlagKind::Value),
    (&["--selinux-enabled"], "selinux-enabled", FlagKind::Bool),
    (&["-D", "--debug"], "debug", FlagKind::Bool),
    (&["-b", "--bridge"], "bridge", FlagKind::Value),
    (&["--bip"], "bip", FlagKind::Value),
    (&["--ip"], "ip", FlagKind::Value),
    (&["--containerd"], "containerd", FlagKind::Value),
    (&["--default-runtime"], "default-runtime", FlagKind::Value),
    (&["--add-runtime"], "runtimes", FlagKind::List),
    (&["--exec-opt"], "exec-opts", FlagKind::List),
    (&["-G", "--group"], "group", FlagKind::Value),
    (&["--init"], "init", FlagKind::Bool),
    (&["--init-path"], "init-path", FlagKind::Value),
    (&["--rootless"], "rootless", FlagKind::Bool),
    (&["--dns"], "dns", FlagKind::List),
    (&["--dns-opt"], "dns-opts", FlagKind::List),
    (&["--dns-search"], "dns-search", FlagKind::List),
    (&["--label"], "labels", FlagKind::List),
    (&["--mtu"], "mtu", FlagKind::Value),
    (&["--raw-logs"], "raw-logs", FlagKind::Bool),
    (
        &["--default-address-pool"],
        "default-address-pools",
        FlagKind::List,
    ),
    (
        &["--default-cgroupns-mode"],
        "default-cgroupns-mode",
        FlagKind::Value,
    ),
    (&["--default-ipc-mode"], "default-ipc-mode", FlagKind::Value),
    (&["--default-shm-size"], "default-shm-size", FlagKind::Value),
    (&["--cluster-store"], "cluster-store", FlagKind::Value),
    (
        &["--cluster-advertise"],
        "cluster-advertise",
        FlagKind::Value,
    ),
    (&["--fixed-cidr"], "fixed-cidr", FlagKind::Value),
    (&["--fixed-cidr-v6"], "fixed-cidr-v6", FlagKind::Value),
    (&["--default-gateway"], "default-gateway", FlagKind::Value),
    (
        &["--max-concurrent-downloads"],
        "max-concurrent-downloads",
        FlagKind::Value,
    ),
    (
        &["--max-concurrent-uploads"],
        "max-concurrent-uploads",
        FlagKind::Value,
    ),
    (&["--shutdown-timeout"], "shutdown-timeout", FlagKind::Value),
    (&["--oom-score-adjust"], "oom-score-adjust", FlagKind::Value),
    (
        &["--allow-nondistributable-artifacts"],
        "allow-nondistributable-artifacts",
        FlagKind::List,
    ),
    (&["--metrics-addr"], "metrics-addr", FlagKind::Value),
    (
        &["--node-generic-resource"],
        "node-generic-resources",
        FlagKind::List,
    ),
    (
        &["--swarm-default-advertise-addr"],
        "swarm-default-advertise-addr",
        FlagKind::Value,
    ),
    (
        &["--no-legacy-registry"],
        "no-legacy-registry",
        FlagKind::Bool,
    ),
    (
        &["--disable-legacy-registry"],
        "disable-legacy-registry",
        FlagKind::Bool,
    ),
    (&["--validate"], "validate", FlagKind::Bool),
    (&["--config-file"], "config-file", FlagKind::Value),
];

/// A flag occurrence mapped to its daemon.json key.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFlag {
    pub key: String,
    pub value: serde_json::Value,
    /// Index of the argument that held the flag name.
    pub arg_index: usize,
    pub flag: String,
}

fn lookup(name: &str) -> Option<(&'static str, FlagKind)> {
    FLAGS
        .iter()
        .find(|(names, _, _)| names.contains(&name))
        .map(|(_, k, kind)| (*k, *kind))
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "t" => Some(true),
        "false" | "0" | "f" => Some(false),
        _ => None,
    }
}

/// Parses dockerd arguments (without the program name) into daemon.json keys.
pub fn parse_dockerd_args(args: &[String]) -> Vec<ParsedFlag> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let idx = i;
        i += 1;
        if !a.starts_with('-') || a == "-" || a == "--" {
            continue;
        }
        let (name, inline): (String, Option<String>) = match a.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => {
                // `-Hunix:///x`: a short flag glued to its value.
                match (a.starts_with("--"), a.get(..2), a.get(2..)) {
                    (false, Some(short), Some(rest))
                        if !rest.is_empty() && lookup(short).is_some() =>
                    {
                        (short.to_string(), Some(rest.to_string()))
                    }
                    _ => (a.clone(), None),
                }
            }
        };
        let (key, kind) = match lookup(&name) {
            Some(x) => x,
            None => {
                // Unknown flag: its own name; a value follows unless the next word is a flag.
                let key = name.trim_start_matches('-').to_string();
                let value = match inline {
                    Some(v) => serde_json::Value::String(v),
                    None => match args.get(i) {
                        Some(n) if !n.starts_with('-') => {
                            i += 1;
                            serde_json::Value::String(n.clone())
                        }
                        _ => serde_json::Value::Bool(true),
                    },
                };
                out.push(ParsedFlag {
                    key,
                    value,
                    arg_index: idx,
                    flag: name,
                });
                continue;
            }
        };
        let value = match kind {
            FlagKind::Bool => match inline.as_deref() {
                Some(v) => parse_bool(v)
                    .map(serde_json::Value::Bool)
                    .unwrap_or_else(|| serde_json::Value::String(v.to_string())),
                None => serde_json::Value::Bool(true),
            },
            FlagKind::Value | FlagKind::List => match inline {
                Some(v) => serde_json::Value::String(v),
                None => match args.get(i) {
                    Some(n) => {
                        i += 1;
                        serde_json::Value::String(n.clone())
                    }
                    None => serde_json::Value::Null,
                },
            },
        };
        out.push(ParsedFlag {
            key: key.to_string(),
            value,
            arg_index: idx,
            flag: name,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn odd_input_does_not_panic() {
        for a in ["-é", "-", "--", "-Hé", "--=", "=", "-H", "--icc=", "-l"] {
            let _ = parse_dockerd_args(&args(a));
        }
        let got = parse_dockerd_args(&args("-Hé"));
        assert_eq!(got[0].value, json!("é"));
    }

    #[test]
    fn maps_flags_to_keys() {
        let got = parse_dockerd_args(&args(
            "-H fd:// --icc=false --live-restore -Htcp://0.0.0.0:2375 --log-level debug --userns-remap=default --tlsverify --weird x",
        ));
        let kv: Vec<(String, serde_json::Value)> =
            got.into_iter().map(|f| (f.key, f.value)).collect();
        assert_eq!(
            kv,
            vec![
                ("hosts".into(), json!("fd://")),
                ("icc".into(), json!(false)),
                ("live-restore".into(), json!(true)),
                ("hosts".into(), json!("tcp://0.0.0.0:2375")),
                ("log-level".into(), json!("debug")),
                ("userns-remap".into(), json!("default")),
                ("tlsverify".into(), json!(true)),
                ("weird".into(), json!("x")),
            ]
        );
    }
}
