use super::{host, set_at};
use crate::concepts::daemon_security_options;
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Checks that a seccomp profile applies daemon-wide: the API's `SecurityOptions` lists
/// seccomp with a profile other than `unconfined` (every shape: `name=seccomp,profile=builtin`,
/// `name=seccomp,profile=default`, a bare `seccomp` followed by `profile=default`), or
/// `seccomp-profile` in the configuration is not `unconfined`.
///
/// ## Why is this bad?
/// Docker's default seccomp profile blocks about 44 system calls (`mount`, `kexec_load`,
/// `open_by_handle_at`, `keyctl`, …) used by known container escapes. `unconfined`
/// daemon-wide removes that filter from every container.
///
/// ## Example
/// ```json
/// { "seccomp-profile": "unconfined" }
/// ```
///
/// Use instead: remove the key (the built-in profile applies), or point it at a stricter
/// profile file.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.17
/// - <https://docs.docker.com/engine/security/seccomp/>
pub struct Seccomp;

impl DaemonRule for Seccomp {
    const META: RuleMeta = RuleMeta {
        id: "D017",
        title: "No daemon-wide seccomp profile",
        severity: Severity::High,
        cis: &["2.17"],
        cwe: &["CWE-693"],
        remediation: "remove \"seccomp-profile\": \"unconfined\" from daemon.json (the built-in profile then applies), or set a custom profile file",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        if let Some(d) = &snap.daemon {
            let opts = daemon_security_options(&d.info.security_options);
            let ev = d.info.security_options.clone();
            return match opts.iter().find(|o| o.name == "seccomp") {
                None => Outcome::fail("seccomp is not enabled on this daemon: SecurityOptions has no seccomp entry").evidence("Info.SecurityOptions", ev),
                Some(o) if o.get("profile").is_some_and(|p| p.eq_ignore_ascii_case("unconfined")) => {
                    Outcome::fail("the daemon-wide seccomp profile is unconfined: containers run without a system-call filter")
                        .evidence("Info.SecurityOptions", ev)
                }
                Some(_) => Outcome::pass(),
            };
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        match h.str_setting("seccomp-profile") {
            Some((p, s)) if p.eq_ignore_ascii_case("unconfined") => Outcome::fail(format!(
                "the daemon-wide seccomp profile is unconfined ({}): containers run without a system-call filter",
                set_at(s)
            ))
            .evidence("seccomp-profile", p),
            _ => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn api_shapes() {
        assert_eq!(Seccomp.check(&recorded()), Outcome::pass());
        for (opts, pass) in [
            (vec!["name=seccomp,profile=builtin"], true),
            (vec!["seccomp", "profile=default"], true),
            (vec!["apparmor", "seccomp"], true),
            (vec!["name=seccomp,profile=unconfined"], false),
            (vec!["name=apparmor"], false),
        ] {
            let mut s = recorded();
            s.daemon.as_mut().unwrap().info.security_options =
                opts.iter().map(|s| s.to_string()).collect();
            assert_eq!(Seccomp.check(&s) == Outcome::pass(), pass, "{opts:?}");
        }
    }

    #[test]
    fn config() {
        assert_eq!(
            messages(&Seccomp.check(&with_config(&[("seccomp-profile", json!("unconfined"))]))),
            ["the daemon-wide seccomp profile is unconfined (set in /etc/docker/daemon.json:2): containers run without a system-call filter"]
        );
    }
}
