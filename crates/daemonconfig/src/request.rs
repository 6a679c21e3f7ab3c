//! What the user asked for: the hardening flags of `daemon-config`, checked.

use crate::Error;

/// The TLS port dockerd conventionally serves with client-certificate verification.
pub const TLS_PORT: u16 = 2376;
/// The plaintext port: never configured by docker-harden.
pub const PLAINTEXT_PORT: u16 = 2375;

/// The hardening to merge into the daemon configuration.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `--tls-dir` + `--listen`: TLS with client-certificate verification on a TCP listener.
    pub tls: Option<Tls>,
    /// `--userns-remap` (`default` or `USER[:GROUP]`).
    pub userns_remap: Option<String>,
    /// `--icc=false`.
    pub no_icc: bool,
    /// `--no-new-privileges`.
    pub no_new_privileges: bool,
    /// `--live-restore`.
    pub live_restore: bool,
    /// `--userland-proxy=false`.
    pub no_userland_proxy: bool,
    /// `--log-driver`.
    pub log_driver: Option<String>,
    /// `--default-ulimit` (replace what is configured for that limit).
    pub default_ulimits: Vec<Ulimit>,
    /// `--all-recommended`: also the settings that only fill gaps (log rotation for
    /// json-file, a `nofile` default ulimit, `log-level` not `debug`).
    pub recommended: bool,
}

impl Request {
    /// Every hardening that is safe to turn on by default (TLS stays as given).
    pub fn all_recommended(mut self) -> Self {
        self.userns_remap.get_or_insert_with(|| "default".into());
        self.no_icc = true;
        self.no_new_privileges = true;
        self.live_restore = true;
        self.no_userland_proxy = true;
        self.recommended = true;
        self
    }

    /// Does this request change anything at all?
    pub fn is_empty(&self) -> bool {
        self.tls.is_none()
            && self.userns_remap.is_none()
            && !self.no_icc
            && !self.no_new_privileges
            && !self.live_restore
            && !self.no_userland_proxy
            && self.log_driver.is_none()
            && self.default_ulimits.is_empty()
            && !self.recommended
    }
}

/// TLS settings: the directory holding `ca.pem`, `server-cert.pem`, `server-key.pem` (as
/// `docker-harden tls init` writes them) and the address to listen on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    /// Absolute directory on the target host.
    pub dir: String,
    pub listen: Listen,
}

impl Tls {
    pub fn ca(&self) -> String {
        format!("{}/ca.pem", self.dir.trim_end_matches('/'))
    }
    pub fn cert(&self) -> String {
        format!("{}/server-cert.pem", self.dir.trim_end_matches('/'))
    }
    pub fn key(&self) -> String {
        format!("{}/server-key.pem", self.dir.trim_end_matches('/'))
    }
}

/// A TCP listen address `ADDR:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    /// Host name or IP (IPv6 in brackets).
    pub addr: String,
    pub port: u16,
}

impl Listen {
    /// Parses `ADDR[:PORT]` or `tcp://ADDR[:PORT]` (port 2376 when omitted); refuses any
    /// other scheme and the plaintext port 2375.
    pub fn parse(s: &str) -> Result<Listen, Error> {
        let flag = "--listen";
        let rest = match s.split_once("://") {
            None => s,
            Some(("tcp", rest)) => rest,
            Some((scheme, _)) => {
                return Err(Error::flag(
                    flag,
                    format!(
                    "{s:?}: expected ADDR:PORT for a TLS TCP listener, not a {scheme}:// address"
                ),
                ))
            }
        };
        let rest = rest.trim_end_matches('/');
        let (addr, port) = if let Some(v6) = rest.strip_prefix('[') {
            let (a, p) = v6.split_once(']').ok_or_else(|| {
                Error::flag(flag, format!("{s:?}: missing ']' after the IPv6 address"))
            })?;
            let port = match p {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| {
                    Error::flag(flag, format!("{s:?}: expected ':PORT' after ']'"))
                })?),
            };
            (format!("[{a}]"), port)
        } else if rest.matches(':').count() > 1 {
            return Err(Error::flag(
                flag,
                format!("{s:?}: write an IPv6 address in brackets, e.g. [::1]:2376"),
            ));
        } else {
            match rest.split_once(':') {
                Some((a, p)) => (a.to_string(), Some(p)),
                None => (rest.to_string(), None),
            }
        };
        if addr.is_empty() || addr == "[]" {
            return Err(Error::flag(
                flag,
                format!("{s:?}: no address (use 127.0.0.1, a host name, or 0.0.0.0 for every interface)"),
            ));
        }
        let port = match port {
            None => TLS_PORT,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| Error::flag(flag, format!("{s:?}: {p:?} is not a TCP port")))?,
        };
        if port == PLAINTEXT_PORT {
            return Err(Error::flag(
                flag,
                format!("{s:?}: port 2375 is Docker's plaintext port; docker-harden only configures TLS with client certificates, on 2376"),
            ));
        }
        Ok(Listen { addr, port })
    }

    /// The `hosts` entry: `tcp://ADDR:PORT`.
    pub fn host_entry(&self) -> String {
        format!("tcp://{}:{}", self.addr, self.port)
    }
}

/// A default ulimit `NAME=SOFT[:HARD]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ulimit {
    pub name: String,
    pub soft: i64,
    pub hard: i64,
}

const ULIMIT_NAMES: &[&str] = &[
    "core",
    "cpu",
    "data",
    "fsize",
    "locks",
    "memlock",
    "msgqueue",
    "nice",
    "nofile",
    "nproc",
    "rss",
    "rtprio",
    "rttime",
    "sigpending",
    "stack",
];

impl Ulimit {
    pub fn parse(s: &str) -> Result<Ulimit, Error> {
        let flag = "--default-ulimit";
        let (name, vals) = s.split_once('=').ok_or_else(|| {
            Error::flag(
                flag,
                format!("{s:?}: expected NAME=SOFT[:HARD], e.g. nofile=65536:65536"),
            )
        })?;
        if !ULIMIT_NAMES.contains(&name) {
            return Err(Error::flag(
                flag,
                format!(
                    "{s:?}: unknown limit {name:?} (one of {})",
                    ULIMIT_NAMES.join(", ")
                ),
            ));
        }
        let num = |v: &str| {
            v.parse::<i64>().ok().filter(|n| *n >= -1).ok_or_else(|| {
                Error::flag(
                    flag,
                    format!("{s:?}: {v:?} is not a limit (a number, or -1 for unlimited)"),
                )
            })
        };
        let (soft, hard) = match vals.split_once(':') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => (num(vals)?, num(vals)?),
        };
        let unl = |n: i64| if n == -1 { i64::MAX } else { n };
        if unl(soft) > unl(hard) {
            return Err(Error::flag(
                flag,
                format!("{s:?}: the soft limit {soft} is above the hard limit {hard}"),
            ));
        }
        Ok(Ulimit {
            name: name.to_string(),
            soft,
            hard,
        })
    }

    /// The daemon.json form: `{"Name": …, "Hard": …, "Soft": …}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"Name": self.name, "Hard": self.hard, "Soft": self.soft})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_forms() {
        let l = Listen::parse("127.0.0.1:2376").unwrap();
        assert_eq!(l.host_entry(), "tcp://127.0.0.1:2376");
        assert_eq!(
            Listen::parse("tcp://docker.example:2377").unwrap().port,
            2377
        );
        assert_eq!(Listen::parse("10.0.0.1").unwrap().port, 2376);
        assert_eq!(
            Listen::parse("[::1]:2376").unwrap().host_entry(),
            "tcp://[::1]:2376"
        );
    }

    #[test]
    fn listen_refusals() {
        let e = |s: &str| Listen::parse(s).unwrap_err().to_string();
        assert!(e("0.0.0.0:2375").contains("port 2375 is Docker's plaintext port"));
        assert!(e("http://1.2.3.4:2376").contains("not a http:// address"));
        assert!(e("::1:2376").contains("brackets"));
        assert!(e(":2376").contains("no address"));
        assert!(e("1.2.3.4:x").contains("is not a TCP port"));
    }

    #[test]
    fn ulimits() {
        let u = Ulimit::parse("nofile=1024:4096").unwrap();
        assert_eq!(
            u.to_json(),
            serde_json::json!({"Name":"nofile","Hard":4096,"Soft":1024})
        );
        assert_eq!(Ulimit::parse("nproc=10").unwrap().hard, 10);
        assert!(Ulimit::parse("nofile=10:5").is_err());
        assert!(Ulimit::parse("files=10").is_err());
        assert!(Ulimit::parse("nofile").is_err());
    }
}
