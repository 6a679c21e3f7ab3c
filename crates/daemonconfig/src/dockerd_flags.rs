//! The dockerd command line as written in a systemd `ExecStart=`: which flags it sets, and
//! which daemon.json key each one would clash with (dockerd refuses to start when the same
//! option is given both as a flag and in daemon.json).

/// dockerd's boolean flags (`--flag` or `--flag=false`, never a separate value), 20.10–27.
const BOOL_FLAGS: &[&str] = &[
    "cri-containerd",
    "debug",
    "experimental",
    "help",
    "icc",
    "init",
    "ip-forward",
    "ip-masq",
    "ip6tables",
    "iptables",
    "ipv6",
    "live-restore",
    "no-new-privileges",
    "raw-logs",
    "rootless",
    "selinux-enabled",
    "tls",
    "tlsverify",
    "userland-proxy",
    "validate",
    "version",
    "bridge-accept-fwmark-unset",
];

/// One-letter shorthands and the long flag they stand for.
const SHORTHANDS: &[(char, &str)] = &[
    ('H', "host"),
    ('D', "debug"),
    ('G', "group"),
    ('b', "bridge"),
    ('g', "graph"),
    ('l', "log-level"),
    ('p', "pidfile"),
    ('s', "storage-driver"),
    ('v', "version"),
    ('h', "help"),
];

/// Flags whose daemon.json key is not the flag's own name (lists take a plural key).
const KEY_OF_FLAG: &[(&str, &str)] = &[
    ("host", "hosts"),
    ("default-ulimit", "default-ulimits"),
    ("log-opt", "log-opts"),
    ("storage-opt", "storage-opts"),
    ("dns-opt", "dns-opts"),
    ("label", "labels"),
    ("exec-opt", "exec-opts"),
    ("insecure-registry", "insecure-registries"),
    ("registry-mirror", "registry-mirrors"),
    ("add-runtime", "runtimes"),
    ("authorization-plugin", "authorization-plugins"),
    ("default-address-pool", "default-address-pools"),
    ("node-generic-resource", "node-generic-resources"),
    ("cluster-store-opt", "cluster-store-opts"),
];

/// One flag found on a dockerd command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The long name, without dashes (`host` for `-H`).
    pub name: String,
    /// Its value (`None` for a boolean flag given bare).
    pub value: Option<String>,
    /// Indices into the argument list of the tokens this flag used (1 or 2).
    pub tokens: std::ops::Range<usize>,
}

impl Flag {
    /// The daemon.json key that sets the same option.
    pub fn json_key(&self) -> &str {
        KEY_OF_FLAG
            .iter()
            .find(|(f, _)| *f == self.name)
            .map(|(_, k)| *k)
            .unwrap_or(&self.name)
    }

    /// The flag as it was written, for messages.
    pub fn display(&self, args: &[String]) -> String {
        args[self.tokens.clone()].join(" ")
    }
}

/// Parses the arguments after the program name (index 0 of `args` is the program).
pub fn parse(args: &[String]) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let arg = &args[i];
        let start = i;
        i += 1;
        let (name, inline) = if let Some(long) = arg.strip_prefix("--") {
            if long.is_empty() {
                break;
            }
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if let Some(short) = arg.strip_prefix('-') {
            let mut chars = short.chars();
            let Some(c) = chars.next() else { continue };
            let rest: String = chars.collect();
            let name = SHORTHANDS
                .iter()
                .find(|(s, _)| *s == c)
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|| c.to_string());
            let rest = rest.strip_prefix('=').map(str::to_string).unwrap_or(rest);
            (name, (!rest.is_empty()).then_some(rest))
        } else {
            continue; // dockerd takes no positional arguments
        };
        let is_bool = BOOL_FLAGS.contains(&name.as_str());
        let value = match inline {
            Some(v) => Some(v),
            None if is_bool => None,
            None if i < args.len() => {
                i += 1;
                Some(args[i - 1].clone())
            }
            None => None,
        };
        flags.push(Flag {
            name,
            value,
            tokens: start..i,
        });
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn debian_unit() {
        let a = argv("/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock");
        let f = parse(&a);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].name, "host");
        assert_eq!(f[0].json_key(), "hosts");
        assert_eq!(f[0].value.as_deref(), Some("fd://"));
        assert_eq!(f[0].tokens, 1..3);
        assert_eq!(f[1].name, "containerd");
        assert_eq!(f[1].tokens, 3..4);
    }

    #[test]
    fn forms_of_flags() {
        let a = argv("dockerd -Hfd:// -H=unix:///x --host tcp://1.2.3.4:2376 --live-restore --icc=false --log-opt max-size=1m -D --config-file /etc/d.json");
        let f = parse(&a);
        let names: Vec<_> = f.iter().map(|f| (f.json_key(), f.value.clone())).collect();
        assert_eq!(
            names,
            vec![
                ("hosts", Some("fd://".into())),
                ("hosts", Some("unix:///x".into())),
                ("hosts", Some("tcp://1.2.3.4:2376".into())),
                ("live-restore", None),
                ("icc", Some("false".into())),
                ("log-opts", Some("max-size=1m".into())),
                ("debug", None),
                ("config-file", Some("/etc/d.json".into())),
            ]
        );
    }

    #[test]
    fn dangling_value_flag() {
        let f = parse(&argv("dockerd --data-root"));
        assert_eq!(f[0].value, None);
        assert_eq!(f[0].tokens, 1..2);
    }
}
