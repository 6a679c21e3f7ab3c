//! Endpoint addresses as users write them: `host`, `host:port`, `[v6]:port`, `tcp://host:port`.

use crate::error::{Error, Result};

/// A host and a port to connect to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Host name or IP address, without brackets.
    pub host: String,
    pub port: u16,
}

impl Endpoint {
    /// `host:port`, with brackets around an IPv6 address.
    pub fn label(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// Splits `s` into a host and an optional port. Accepts `tcp://` and `https://` prefixes.
pub fn split_host_port(s: &str) -> Result<(String, Option<u16>)> {
    let raw = s.trim();
    let t = raw
        .strip_prefix("tcp://")
        .or_else(|| raw.strip_prefix("https://"))
        .unwrap_or(raw);
    let t = t.strip_suffix('/').unwrap_or(t);
    if t.is_empty() {
        return Err(Error::Invalid(format!("{s:?}: empty address")));
    }
    if t.contains("://") {
        return Err(Error::Invalid(format!(
            "{s:?}: unsupported scheme (expected host, host:port or tcp://host:port)"
        )));
    }
    let bad = |why: &str| Error::Invalid(format!("{s:?}: {why}"));
    let (host, port) = if let Some(rest) = t.strip_prefix('[') {
        let end = rest
            .find(']')
            .ok_or_else(|| bad("missing ']' after an IPv6 address"))?;
        let host = &rest[..end];
        let after = &rest[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(bad("unexpected text after ']'")),
        };
        (host.to_string(), port)
    } else if t.matches(':').count() > 1 {
        // A bare IPv6 address.
        (t.to_string(), None)
    } else if let Some((h, p)) = t.split_once(':') {
        (h.to_string(), Some(p))
    } else {
        (t.to_string(), None)
    };
    if host.is_empty()
        || host
            .chars()
            .any(|c| c.is_whitespace() || c == '/' || c == '@')
    {
        return Err(bad("not a host name or IP address"));
    }
    let port = match port {
        None => None,
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| bad("port must be a number from 1 to 65535"))?,
        ),
    };
    Ok((host, port))
}

/// One endpoint; `default_port` when none is written.
pub fn parse_endpoint(s: &str, default_port: u16) -> Result<Endpoint> {
    let (host, port) = split_host_port(s)?;
    Ok(Endpoint {
        host,
        port: port.unwrap_or(default_port),
    })
}

/// Endpoints for one probe target: the port written, or each of `default_ports`.
pub fn expand(s: &str, default_ports: &[u16]) -> Result<Vec<Endpoint>> {
    let (host, port) = split_host_port(s)?;
    Ok(match port {
        Some(port) => vec![Endpoint { host, port }],
        None => default_ports
            .iter()
            .map(|&port| Endpoint {
                host: host.clone(),
                port,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        assert_eq!(parse_endpoint("h:1", 2).unwrap().label(), "h:1");
        assert_eq!(parse_endpoint("tcp://h:2376", 2).unwrap().label(), "h:2376");
        assert_eq!(parse_endpoint("[::1]:5", 2).unwrap().label(), "[::1]:5");
        assert_eq!(parse_endpoint("::1", 7).unwrap().label(), "[::1]:7");
        assert_eq!(expand("h", &[2375, 2376]).unwrap().len(), 2);
        assert_eq!(expand("h:9", &[2375, 2376]).unwrap().len(), 1);
        for bad in ["", "h:0", "h:x", "h:70000", "ssh://u@h", "[::1", "a b"] {
            assert!(parse_endpoint(bad, 1).is_err(), "{bad}");
        }
    }
}
