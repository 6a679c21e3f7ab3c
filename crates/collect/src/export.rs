//! Streams a body from the daemon (e.g. `GET /images/{name}/get`) into a blocking
//! `std::io::Read`, a chunk at a time, so consumers never hold it whole.

use bytes::Bytes;
use http_body_util::BodyExt;
use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver};

/// A blocking reader fed by a body streamed on a tokio runtime.
pub struct BodyReader {
    rx: Receiver<Result<Bytes, String>>,
    current: Bytes,
    done: bool,
}

impl BodyReader {
    /// Spawns the pump on `handle`; at most a few chunks are buffered.
    pub fn spawn(handle: &tokio::runtime::Handle, mut body: hyper::body::Incoming) -> Self {
        let (tx, rx) = sync_channel::<Result<Bytes, String>>(8);
        handle.spawn(async move {
            loop {
                match body.frame().await {
                    Some(Ok(frame)) => {
                        if let Ok(data) = frame.into_data() {
                            let tx2 = tx.clone();
                            // The channel is bounded: block this pump (not the runtime).
                            let sent =
                                tokio::task::spawn_blocking(move || tx2.send(Ok(data))).await;
                            if !matches!(sent, Ok(Ok(()))) {
                                return;
                            }
                        }
                    }
                    Some(Err(e)) => {
                        let _ = tx.send(Err(e.to_string()));
                        return;
                    }
                    None => return,
                }
            }
        });
        BodyReader {
            rx,
            current: Bytes::new(),
            done: false,
        }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(b)) => self.current = b,
                Ok(Err(e)) => return Err(std::io::Error::other(e)),
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        let _ = self.current.split_to(n);
        Ok(n)
    }
}
