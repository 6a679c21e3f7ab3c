//! `tls env`: the client environment (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`)
//! as commands for bash/zsh, fish or PowerShell.

use crate::error::{Error, Result};
use crate::target::split_host_port;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    PowerShell,
}

impl std::str::FromStr for Shell {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "bash" | "sh" => Ok(Shell::Bash),
            "zsh" => Ok(Shell::Zsh),
            "fish" => Ok(Shell::Fish),
            "powershell" | "pwsh" => Ok(Shell::PowerShell),
            other => Err(format!(
                "unknown shell {other:?} (expected bash, zsh, fish or powershell)"
            )),
        }
    }
}

impl Shell {
    /// The user's shell from `$SHELL`, bash when unknown.
    pub fn detect() -> Shell {
        std::env::var("SHELL")
            .ok()
            .and_then(|s| s.rsplit('/').next().and_then(|n| n.parse().ok()))
            .unwrap_or(Shell::Bash)
    }
}

/// `tcp://HOST:PORT` from what the user wrote (port 2376 when none is given).
pub fn tcp_host(host: &str) -> Result<String> {
    let h = host.trim();
    if !h.starts_with("tcp://") {
        return Err(Error::Invalid(format!(
            "--host {h:?}: expected tcp://NAME:2376 (TLS applies to TCP endpoints only)"
        )));
    }
    let (name, port) = split_host_port(h)?;
    let ep = crate::target::Endpoint {
        host: name,
        port: port.unwrap_or(2376),
    };
    Ok(format!("tcp://{}", ep.label()))
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn fish_quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn ps_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The commands that set the client environment, with a usage comment.
pub fn render(shell: Shell, host: &str, cert_path: &str, invocation: &str) -> String {
    let vars = [
        ("DOCKER_HOST", host),
        ("DOCKER_TLS_VERIFY", "1"),
        ("DOCKER_CERT_PATH", cert_path),
    ];
    let mut out = String::new();
    for (k, v) in vars {
        out.push_str(&match shell {
            Shell::Bash | Shell::Zsh => format!("export {k}={}\n", sh_quote(v)),
            Shell::Fish => format!("set -gx {k} {};\n", fish_quote(v)),
            Shell::PowerShell => format!("$Env:{k} = {}\n", ps_quote(v)),
        });
    }
    out.push_str(&match shell {
        Shell::Bash | Shell::Zsh => {
            format!("# Run this command to configure your shell:\n# eval \"$({invocation})\"\n")
        }
        Shell::Fish => {
            format!("# Run this command to configure your shell:\n# {invocation} | source\n")
        }
        Shell::PowerShell => format!(
            "# Run this command to configure your shell:\n# & {invocation} | Invoke-Expression\n"
        ),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_each_shell() {
        let b = render(Shell::Bash, "tcp://h:2376", "/p/it's", "x");
        assert!(b.starts_with("export DOCKER_HOST='tcp://h:2376'\nexport DOCKER_TLS_VERIFY='1'\n"));
        assert!(b.contains("export DOCKER_CERT_PATH='/p/it'\\''s'\n"));
        let f = render(Shell::Fish, "tcp://h:2376", "/p", "x");
        assert!(f.starts_with("set -gx DOCKER_HOST 'tcp://h:2376';\n"));
        let p = render(Shell::PowerShell, "tcp://h:2376", "C:\\p", "x");
        assert!(p.contains("$Env:DOCKER_CERT_PATH = 'C:\\p'\n"));
        assert_eq!(tcp_host("tcp://h").unwrap(), "tcp://h:2376");
        assert_eq!(tcp_host("tcp://[::1]:5").unwrap(), "tcp://[::1]:5");
        assert!(tcp_host("ssh://u@h").is_err());
        assert!(tcp_host("h:2376").is_err());
    }
}
