//! `ssh://user@host[:port]`: like the Docker CLI, run `docker system dial-stdio` on the remote
//! host over the system `ssh` client and speak HTTP over its standard input and output.

use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout};

/// The ssh arguments for a `ssh://` URL: `[-l user] [-p port] host`.
pub fn ssh_args(url: &str) -> Result<Vec<String>, String> {
    let rest = url.strip_prefix("ssh://").ok_or("not an ssh:// URL")?;
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() {
        return Err("no ssh destination".into());
    }
    let (user, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
        let (h, after) = inner.split_once(']').ok_or("unclosed [ in ssh host")?;
        (h, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() || host.starts_with('-') {
        return Err(format!("invalid ssh host {host:?}"));
    }
    let mut args = vec![
        "-o".to_string(),
        "ConnectTimeout=8".to_string(),
        "-T".to_string(),
    ];
    if let Some(u) = user {
        if u.starts_with('-') || u.contains(':') {
            return Err(format!("invalid ssh user {u:?}"));
        }
        args.extend(["-l".to_string(), u.to_string()]);
    }
    if let Some(p) = port {
        p.parse::<u16>()
            .map_err(|_| format!("invalid ssh port {p:?}"))?;
        args.extend(["-p".to_string(), p.to_string()]);
    }
    args.push("--".to_string());
    args.push(host.to_string());
    args.extend([
        "docker".to_string(),
        "system".to_string(),
        "dial-stdio".to_string(),
    ]);
    Ok(args)
}

pub struct SshStream {
    _child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
}

/// Starts `ssh … docker system dial-stdio`. ssh's own error lines (host key, auth) are kept
/// in `last_error` rather than printed, so a failure is reported as one line.
pub async fn dial_stdio(
    url: &str,
    last_error: std::sync::Arc<std::sync::Mutex<String>>,
) -> Result<SshStream, String> {
    let args = ssh_args(url)?;
    let mut child = tokio::process::Command::new("ssh")
        .args(&args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot run ssh: {e}"))?;
    let stdin = child.stdin.take().ok_or("ssh: no stdin")?;
    let stdout = child.stdout.take().ok_or("ssh: no stdout")?;
    if let Some(stderr) = child.stderr.take() {
        tokio::spawn(async move {
            use tokio::io::AsyncBufReadExt;
            let mut lines = tokio::io::BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let line = line.trim().to_string();
                if !line.is_empty() && !line.starts_with("Warning: Permanently added") {
                    if let Ok(mut e) = last_error.lock() {
                        *e = line;
                    }
                }
            }
        });
    }
    Ok(SshStream {
        _child: child,
        stdin,
        stdout,
    })
}

impl AsyncRead for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdout).poll_read(cx, buf)
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::ssh_args;

    #[test]
    fn args() {
        let a = ssh_args("ssh://ops@build.example:2222").unwrap();
        assert_eq!(
            a,
            [
                "-o",
                "ConnectTimeout=8",
                "-T",
                "-l",
                "ops",
                "-p",
                "2222",
                "--",
                "build.example",
                "docker",
                "system",
                "dial-stdio"
            ]
        );
        assert!(ssh_args("ssh://-oProxyCommand=x").is_err());
        assert!(ssh_args("ssh://").is_err());
        assert!(ssh_args("ssh://h:notaport").is_err());
    }
}
