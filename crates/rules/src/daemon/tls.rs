use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Failure, HostFacts, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks every TCP listener of the daemon (`hosts` in daemon.json, `-H tcp://…`): each must
/// use TLS **with client-certificate verification** (`tlsverify` with `tlscacert`, `tlscert`
/// and `tlskey`) — including a TCP `ListenStream=` of `docker.socket` served through
/// `-H fd://`. Plain TCP is critical; TLS that accepts any client
/// (`--tls --tlsverify=false`) is critical too; a listener on a non-loopback address is
/// called out.
///
/// ## Why is this bad?
/// The Engine API is root on the host. On plain TCP anyone who can reach the port runs
/// `docker run --privileged -v /:/host` — exposed daemons are found and hijacked by
/// scanners within hours. TLS without client verification encrypts the traffic but still
/// lets anyone in.
///
/// ## Example
/// ```json
/// { "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"] }
/// ```
///
/// Use instead:
/// ```json
/// { "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
///   "tlsverify": true, "tlscacert": "/etc/docker/tls/ca.pem",
///   "tlscert": "/etc/docker/tls/server.pem", "tlskey": "/etc/docker/tls/server-key.pem" }
/// ```
/// (`docker-harden tls init` makes the certificates), or use SSH (`DOCKER_HOST=ssh://…`).
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7
/// - <https://docs.docker.com/engine/security/protect-access/>
pub struct Tls;

impl DaemonRule for Tls {
    const META: RuleMeta = RuleMeta {
        id: "D007",
        title: "Daemon listens on TCP without TLS client verification",
        severity: Severity::Critical,
        cis: &["2.7"],
        cwe: &["CWE-306", "CWE-319"],
        remediation: "set \"tlsverify\": true with tlscacert, tlscert and tlskey for every tcp:// host (or drop the TCP listener and use SSH)",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let api = answered_without_client_auth(snap);
        let from_files = check_files(snap);
        match (api, from_files) {
            (None, files) => files,
            (Some(f), Outcome::Fail(mut more)) => {
                more.insert(0, f);
                Outcome::Fail(more)
            }
            (Some(f), _) => Outcome::Fail(vec![f]),
        }
    }
}

/// The audit itself reached the API over plain TCP (or over TLS without presenting a client
/// certificate) and the daemon answered: it serves its API to anyone who can reach it.
fn answered_without_client_auth(snap: &Snapshot) -> Option<Failure> {
    let host = snap.docker_host.as_deref().unwrap_or("");
    let how = match snap.api_transport.as_deref()? {
        "tcp" => "over plain TCP, without TLS",
        "tls-no-client-cert" => "over TLS without a client certificate",
        _ => return None,
    };
    Some(
        Failure::new(format!(
            "the Engine API at {host} answered this audit {how}: anyone who can reach it is root on the daemon's host"
        ))
        .evidence("docker_host", host.to_string())
        .evidence("api_transport", snap.api_transport.clone().unwrap_or_default()),
    )
}

fn check_files(snap: &Snapshot) -> Outcome {
    {
        let Some(h) = host(snap) else {
            return super::skip_no_host("the daemon's listeners (hosts)");
        };
        let hosts = h.list_values("hosts");
        let mut tcp: Vec<(String, String)> = hosts
            .iter()
            .filter(|(v, _)| v.starts_with("tcp://") || v.starts_with("tcp:"))
            .map(|(v, s)| (v.clone(), set_at(s)))
            .collect();
        // Socket activation: with -H fd:// dockerd serves docker.socket's ListenStream=, which
        // may be a TCP port (`2375`, `0.0.0.0:2375`).
        if hosts.iter().any(|(v, _)| v.starts_with("fd://")) {
            for l in &h.socket_listen {
                let v = dh_model::host::value_text(&l.value);
                if !v.starts_with('/') && !v.starts_with('@') && !v.is_empty() {
                    let addr = if v.contains(':') {
                        format!("tcp://{v}")
                    } else {
                        format!("tcp://0.0.0.0:{v}")
                    };
                    tcp.push((
                        addr,
                        format!("docker.socket ListenStream={v} in {}", l.source.display()),
                    ));
                }
            }
        }
        if tcp.is_empty() {
            return Outcome::pass();
        }
        let tls = h.bool_setting("tls");
        let verify = h.bool_setting("tlsverify");
        let has = |k: &str| {
            h.str_setting(k).is_some_and(|(v, _)| !v.is_empty()) || default_pem_exists(h, k)
        };
        // dockerd: --tlsverify implies --tls; --tls with a CA and no explicit --tlsverify=false
        // also ends up verifying clients (observed with 20.10).
        let verifying = match verify {
            Some((v, _)) => v,
            None => tls.is_some_and(|(t, _)| t) && h.str_setting("tlscacert").is_some(),
        };
        let tls_on = verifying || tls.is_some_and(|(t, _)| t);
        let mut failures = Vec::new();
        for (addr, at) in &tcp {
            let hostpart = addr.trim_start_matches("tcp://").trim_start_matches("tcp:");
            let ip = hostpart
                .rsplit_once(':')
                .map(|(a, _)| a)
                .unwrap_or(hostpart)
                .trim_matches(['[', ']']);
            let loopback = ip == "localhost" || ip.starts_with("127.") || ip == "::1";
            let wide = if loopback {
                ""
            } else if ip.is_empty() || ip == "0.0.0.0" || ip == "::" {
                " on every interface"
            } else {
                " on a non-loopback address"
            };
            let f = if !tls_on {
                Some(Failure::new(format!(
                    "the Engine API listens on {addr}{wide} in plain TCP, without TLS: anyone who can reach it is root on this host ({at})"
                )))
            } else if !verifying {
                Some(Failure::new(format!(
                    "the Engine API listens on {addr}{wide} with TLS but without client-certificate verification (tlsverify is off): any client is accepted ({at})"
                )))
            } else if !(has("tlscacert") && has("tlscert") && has("tlskey")) {
                let missing: Vec<&str> = ["tlscacert", "tlscert", "tlskey"]
                    .into_iter()
                    .filter(|k| !has(k))
                    .collect();
                Some(
                    Failure::new(format!(
                        "the Engine API listens on {addr} with tlsverify but {} not set: dockerd falls back to ~/.docker/*.pem or fails to start ({at})",
                        missing.join(", ")
                    ))
                    .severity(Severity::High),
                )
            } else if !loopback {
                Some(
                    Failure::new(format!(
                        "the Engine API listens on {addr}{wide} (TLS with client verification): make sure a firewall limits who can reach it ({at})"
                    ))
                    .severity(Severity::Low),
                )
            } else {
                None
            };
            if let Some(f) = f {
                failures.push(
                    f.evidence("host", addr.clone())
                        .evidence(
                            "tls",
                            tls.map(|(b, s)| format!("{b} ({})", set_at(s)))
                                .unwrap_or_else(|| "not set".into()),
                        )
                        .evidence(
                            "tlsverify",
                            verify
                                .map(|(b, s)| format!("{b} ({})", set_at(s)))
                                .unwrap_or_else(|| "not set".into()),
                        ),
                );
            }
        }
        Outcome::from_failures(failures)
    }
}

fn default_pem_exists(h: &HostFacts, key: &str) -> bool {
    h.files_with_role(key).any(|(_, f)| f.exists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn plaintext_api_answer_fails_without_host_files() {
        let snap = Snapshot {
            docker_host: Some("tcp://127.0.0.1:23761".into()),
            api_transport: Some("tcp".into()),
            ..Snapshot::default()
        };
        let Outcome::Fail(f) = Tls.check(&snap) else {
            panic!("expected a failure")
        };
        assert_eq!(
            f[0].message,
            "the Engine API at tcp://127.0.0.1:23761 answered this audit over plain TCP, without TLS: anyone who can reach it is root on the daemon's host"
        );
        let tls = Snapshot {
            api_transport: Some("tls".into()),
            ..snap
        };
        assert!(matches!(Tls.check(&tls), Outcome::Skip(_)));
    }

    #[test]
    fn plaintext_and_no_verify_fail() {
        let s = with_config(&[(
            "hosts",
            json!(["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]),
        )]);
        assert_eq!(
            messages(&Tls.check(&s)),
            ["the Engine API listens on tcp://0.0.0.0:2375 on every interface in plain TCP, without TLS: anyone who can reach it is root on this host (set in /etc/docker/daemon.json:2)"]
        );
        let s = with_config(&[
            ("hosts", json!(["tcp://127.0.0.1:2376"])),
            ("tls", json!(true)),
            ("tlsverify", json!(false)),
        ]);
        assert_eq!(
            messages(&Tls.check(&s)),
            ["the Engine API listens on tcp://127.0.0.1:2376 with TLS but without client-certificate verification (tlsverify is off): any client is accepted (set in /etc/docker/daemon.json:2)"]
        );
    }

    #[test]
    fn verified_passes() {
        let s = with_config(&[
            ("hosts", json!(["tcp://127.0.0.1:2376"])),
            ("tlsverify", json!(true)),
            ("tlscacert", json!("/etc/docker/ca.pem")),
            ("tlscert", json!("/etc/docker/cert.pem")),
            ("tlskey", json!("/etc/docker/key.pem")),
        ]);
        assert_eq!(Tls.check(&s), Outcome::pass());
        assert_eq!(Tls.check(&with_config(&[])), Outcome::pass());
    }

    #[test]
    fn socket_activated_tcp() {
        let mut s = flag(
            with_config(&[]),
            "hosts",
            json!("fd://"),
            "/lib/systemd/system/docker.service",
            7,
        );
        s.host.as_mut().unwrap().socket_listen = vec![dh_model::ConfigSetting {
            value: json!("2375"),
            source: dh_model::SourceRef {
                path: "/etc/systemd/system/docker.socket.d/tcp.conf".into(),
                line: 3,
                kind: "systemd unit".into(),
            },
        }];
        assert_eq!(
            messages(&Tls.check(&s)),
            ["the Engine API listens on tcp://0.0.0.0:2375 on every interface in plain TCP, without TLS: anyone who can reach it is root on this host (docker.socket ListenStream=2375 in /etc/systemd/system/docker.socket.d/tcp.conf:3)"]
        );
    }
}
