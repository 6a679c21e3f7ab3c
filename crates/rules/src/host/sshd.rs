//! The SSH server: the seeds' alternative to exposing the Engine API over TCP is
//! `DOCKER_HOST=ssh://…`, so sshd's authentication is Docker's authentication.

use super::facts;
use crate::HostRule;
use dh_model::host::value_text;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags an SSH server that accepts passwords: `PasswordAuthentication yes` in
/// `/etc/ssh/sshd_config` or an included `sshd_config.d/*.conf` — or no setting at all,
/// since sshd's default is `yes`. sshd uses the first value it reads; `Match` blocks are not
/// counted.
///
/// ## Why is this bad?
/// SSH access is Docker access for every user in the docker group (`docker -H ssh://…`), and
/// passwords can be guessed and phished; keys cannot.
///
/// ## Example
/// ```text
/// PasswordAuthentication yes
/// ```
///
/// Use instead: `PasswordAuthentication no` (in `/etc/ssh/sshd_config.d/10-no-passwords.conf`,
/// read before the distribution's defaults), and keys only.
///
/// ## References
/// - <https://docs.docker.com/engine/security/protect-access/#use-ssh-to-protect-the-docker-daemon-socket>
/// - `man sshd_config`
pub struct SshdPasswordAuth;

impl HostRule for SshdPasswordAuth {
    const META: RuleMeta = RuleMeta {
        id: "H401",
        title: "SSH server accepts passwords",
        severity: Severity::Medium,
        cis: &[],
        cwe: &["CWE-309"],
        remediation: "set PasswordAuthentication no in /etc/ssh/sshd_config (or an earlier sshd_config.d file) and reload sshd",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let h = match facts(snap) {
            Ok(h) => h,
            Err(o) => return o,
        };
        let Some(s) = &h.sshd else {
            return Outcome::pass();
        };
        match &s.password_authentication {
            Some(set) if value_text(&set.value) == "yes" => Outcome::fail(format!(
                "sshd accepts passwords (PasswordAuthentication yes, {}): SSH access is Docker access for the docker group",
                set.source.display()
            ))
            .evidence("PasswordAuthentication", "yes"),
            Some(_) => Outcome::pass(),
            None => Outcome::fail(format!(
                "sshd accepts passwords: PasswordAuthentication is not set in {} and defaults to yes",
                s.config
            ))
            .evidence("PasswordAuthentication", "yes (default)"),
        }
    }
}

/// ## What it does
/// Flags an SSH server that lets root log in with a password: `PermitRootLogin yes` in
/// `/etc/ssh/sshd_config` or an included file (the first value read wins; the default,
/// `prohibit-password`, passes).
///
/// ## Why is this bad?
/// Root over SSH with a password is one guessed password away from the host and every
/// container on it.
///
/// ## Example
/// ```text
/// PermitRootLogin yes
/// ```
///
/// Use instead: `PermitRootLogin no` (or `prohibit-password`).
///
/// ## References
/// - `man sshd_config`
pub struct SshdRootLogin;

impl HostRule for SshdRootLogin {
    const META: RuleMeta = RuleMeta {
        id: "H402",
        title: "SSH server permits root login with a password",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-250"],
        remediation:
            "set PermitRootLogin no (or prohibit-password) in /etc/ssh/sshd_config and reload sshd",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        let h = match facts(snap) {
            Ok(h) => h,
            Err(o) => return o,
        };
        match h.sshd.as_ref().and_then(|s| s.permit_root_login.as_ref()) {
            Some(set) if value_text(&set.value) == "yes" => Outcome::fail(format!(
                "sshd permits root login with a password (PermitRootLogin yes, {})",
                set.source.display()
            ))
            .evidence("PermitRootLogin", "yes"),
            _ => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::messages;
    use crate::host::testutil::host;
    use dh_model::{ConfigSetting, SourceRef, SshdFacts};

    fn set(v: &str, path: &str, line: u32) -> Option<ConfigSetting> {
        Some(ConfigSetting {
            value: v.into(),
            source: SourceRef {
                path: path.into(),
                line,
                kind: "sshd_config".into(),
            },
        })
    }

    #[test]
    fn fail_and_pass() {
        let s = host(|h| {
            h.sshd = Some(SshdFacts {
                config: "/etc/ssh/sshd_config".into(),
                password_authentication: set("yes", "/etc/ssh/sshd_config.d/50-cloud.conf", 1),
                permit_root_login: set("yes", "/etc/ssh/sshd_config", 33),
            })
        });
        assert_eq!(
            messages(&SshdPasswordAuth.check(&s)),
            ["sshd accepts passwords (PasswordAuthentication yes, /etc/ssh/sshd_config.d/50-cloud.conf:1): SSH access is Docker access for the docker group"]
        );
        assert_eq!(messages(&SshdRootLogin.check(&s)), ["sshd permits root login with a password (PermitRootLogin yes, /etc/ssh/sshd_config:33)"]);
        let s = host(|h| {
            h.sshd = Some(SshdFacts {
                config: "/etc/ssh/sshd_config".into(),
                password_authentication: set("no", "/etc/ssh/sshd_config", 1),
                permit_root_login: set("prohibit-password", "/etc/ssh/sshd_config", 2),
            })
        });
        assert_eq!(SshdPasswordAuth.check(&s), Outcome::pass());
        assert_eq!(SshdRootLogin.check(&s), Outcome::pass());
    }
}
