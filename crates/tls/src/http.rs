//! The two requests docker-harden ever sends to a remote endpoint — `GET /_ping` and
//! `GET /version` — over plain TCP or TLS, with a size limit. Written on the raw stream (not
//! an HTTP client library) so that a TLS alert on the first read reaches the caller intact:
//! under TLS 1.3 that alert is how a server refuses a client without a certificate.

use std::io;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Responses larger than this are cut off (the Docker API's answers are a few hundred bytes).
pub const MAX_RESPONSE: usize = 64 * 1024;

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// Does this look like the Docker Engine API answering `/_ping`?
    pub fn is_docker_ping(&self) -> bool {
        self.header("Api-Version").is_some()
            || self
                .header("Server")
                .is_some_and(|s| s.starts_with("Docker/"))
    }
    /// Go's answer to plain HTTP on a TLS listener (and nginx's, for a TLS proxy).
    pub fn is_https_required(&self) -> bool {
        let b = self.body_text();
        self.status == 400
            && (b.contains("Client sent an HTTP request to an HTTPS server")
                || b.contains("The plain HTTP request was sent to HTTPS port"))
    }
}

/// Sends `GET path` and reads the whole response.
pub async fn get<S>(io: &mut S, host: &str, path: &str) -> io::Result<Response>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: docker-harden/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    io.write_all(req.as_bytes()).await?;
    io.flush().await?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match io.read(&mut chunk).await {
            Ok(n) => n,
            // A TLS peer that closes without close_notify after a complete answer.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && !buf.is_empty() => 0,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return match parse(&buf, true)? {
                Some(r) => Ok(r),
                None if buf.is_empty() => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed without an answer",
                )),
                None => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed in the middle of the answer",
                )),
            };
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > MAX_RESPONSE {
            buf.truncate(MAX_RESPONSE);
            return parse(&buf, true)?.ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidData, "answer larger than 64 KiB")
            });
        }
        if let Some(r) = parse(&buf, false)? {
            return Ok(r);
        }
    }
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Parses a response; `None` while incomplete. With `eof`, a body without a length ends at
/// the end of the data.
pub fn parse(buf: &[u8], eof: bool) -> io::Result<Option<Response>> {
    let mut headers = [httparse::EMPTY_HEADER; 48];
    let mut resp = httparse::Response::new(&mut headers);
    let head_len = match resp.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(invalid(format!("not an HTTP response ({e})"))),
    };
    let status = resp.code.unwrap_or(0);
    let headers: Vec<(String, String)> = resp
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let find = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.trim().to_string())
    };
    let rest = &buf[head_len..];
    let body = if find("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        match dechunk(rest)? {
            Some(b) => b,
            None if eof => return Err(invalid("chunked answer cut short")),
            None => return Ok(None),
        }
    } else if let Some(cl) = find("Content-Length") {
        let len: usize = cl
            .parse()
            .map_err(|_| invalid(format!("bad Content-Length {cl:?}")))?;
        if rest.len() >= len {
            rest[..len].to_vec()
        } else if eof {
            return Err(invalid("answer shorter than its Content-Length"));
        } else {
            return Ok(None);
        }
    } else if status == 204 || status == 304 || (100..200).contains(&status) {
        Vec::new()
    } else if eof {
        rest.to_vec()
    } else {
        return Ok(None);
    };
    Ok(Some(Response {
        status,
        headers,
        body,
    }))
}

fn dechunk(mut data: &[u8]) -> io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return Ok(None);
        };
        let line = std::str::from_utf8(&data[..eol]).map_err(|_| invalid("bad chunk size"))?;
        let size_str = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_str, 16).map_err(|_| invalid("bad chunk size"))?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(Some(out));
        }
        if data.len() < size + 2 {
            return Ok(None);
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lengths_chunks_and_partials() {
        let r = parse(
            b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK",
            false,
        )
        .unwrap()
        .unwrap();
        assert_eq!((r.status, r.body_text().as_str()), (200, "OK"));
        assert!(r.is_docker_ping());
        assert!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nOK", false)
                .unwrap()
                .is_none()
        );
        let c = parse(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            false,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.body, b"{}");
        let h = parse(
            b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
            true,
        )
        .unwrap()
        .unwrap();
        assert!(h.is_https_required());
        assert!(parse(b"SSH-2.0-OpenSSH_9.2\r\n", false).is_err());
    }
}
