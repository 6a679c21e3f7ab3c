use super::DockerfileRule;
use crate::analysis::{unquote, Analysis};
use crate::parser::Args;
use crate::script::Cmd;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags TLS certificate verification turned off and unsigned packages allowed:
/// `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`,
/// `npm`/`yarn config set strict-ssl false`, `apk --allow-untrusted`,
/// `apt-get --allow-unauthenticated`/`--allow-insecure-repositories`, `dnf`/`yum
/// --nogpgcheck`, `rpm --nosignature`, `git -c http.sslVerify=false`, `git config
/// http.sslVerify false`, and the variables `GIT_SSL_NO_VERIFY`,
/// `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `PIP_TRUSTED_HOST`,
/// `NPM_CONFIG_STRICT_SSL=false` — in `RUN` commands (heredocs included), command-prefix
/// assignments, `export`, `ENV` and `ARG` defaults.
///
/// ## Why is this bad?
/// Without verification, anyone on the network path (a proxy, a compromised mirror, a
/// hostile Wi-Fi) can substitute what the build downloads and installs.
///
/// ## Example
/// ```dockerfile
/// RUN curl -k https://example.com/tool.tgz | tar xz
/// ```
///
/// Use instead: fix the trust store (`COPY corp-ca.crt /usr/local/share/ca-certificates/`
/// then `RUN update-ca-certificates`) and keep verification on.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.11 "Ensure only verified packages are installed"
/// - CWE-295: Improper Certificate Validation
pub struct TlsDisabled;

fn falsy(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

/// An environment assignment that disables verification.
fn env_disables(name: &str, value: &str) -> bool {
    match name {
        "GIT_SSL_NO_VERIFY" => !value.is_empty() && !falsy(value),
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => value == "0",
        "PIP_TRUSTED_HOST" => !value.is_empty(),
        "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl" => falsy(value),
        _ => false,
    }
}

/// What in a command disables verification.
fn command_disables(c: &Cmd) -> Option<String> {
    let prog = c.program();
    let args = c.args();
    let has = |f: &str| {
        args.iter()
            .any(|a| *a == f || a.starts_with(&format!("{f}=")))
    };
    let cluster = |ch: char| {
        args.iter().any(|a| {
            a.starts_with('-')
                && !a.starts_with("--")
                && a.len() > 1
                && a[1..].chars().all(|c| c.is_ascii_alphabetic())
                && a.contains(ch)
        })
    };
    match prog {
        "curl" if has("--insecure") || cluster('k') => return Some("curl -k/--insecure".into()),
        "wget" if has("--no-check-certificate") => {
            return Some("wget --no-check-certificate".into())
        }
        "apk" if has("--allow-untrusted") => return Some("apk --allow-untrusted".into()),
        "apt-get" | "apt" | "aptitude" => {
            for f in [
                "--allow-unauthenticated",
                "--allow-insecure-repositories",
                "--force-yes",
            ] {
                if has(f) {
                    return Some(format!("{prog} {f}"));
                }
            }
            if args.iter().any(|a| {
                let l = a.to_ascii_lowercase();
                (l.contains("allowunauthenticated") || l.contains("allowinsecurerepositories"))
                    && (l.ends_with("=true") || l.ends_with("=1") || l.ends_with("=yes"))
            }) {
                return Some(format!("{prog} -o …AllowUnauthenticated=true"));
            }
        }
        "yum" | "dnf" | "microdnf" | "tdnf" | "zypper"
            if has("--nogpgcheck") || has("--no-gpg-checks") =>
        {
            return Some(format!("{prog} --nogpgcheck"))
        }
        "rpm" if has("--nosignature") => return Some("rpm --nosignature".into()),
        "npm" | "yarn" | "pnpm" => {
            let joined = args.join(" ").to_ascii_lowercase();
            if joined.contains("strict-ssl false")
                || joined.contains("strict-ssl=false")
                || joined.contains("strict-ssl 0")
            {
                return Some(format!("{prog} strict-ssl=false"));
            }
        }
        "git" => {
            for (k, a) in args.iter().enumerate() {
                let l = a.to_ascii_lowercase();
                if let Some(v) = l.strip_prefix("http.sslverify=") {
                    if falsy(v) {
                        return Some("git -c http.sslVerify=false".into());
                    }
                }
                if l == "http.sslverify" && args.get(k + 1).is_some_and(|v| falsy(v)) {
                    return Some("git config http.sslVerify false".into());
                }
            }
        }
        "export" => {
            for a in &args {
                if let Some((k, v)) = a.split_once('=') {
                    if env_disables(k, v) {
                        return Some(format!("export {k}={v}"));
                    }
                }
            }
        }
        _ => {}
    }
    let pip = prog.starts_with("pip")
        || prog == "uv"
        || prog == "poetry"
        || (prog.starts_with("python")
            && args.first() == Some(&"-m")
            && args.get(1).is_some_and(|m| m.starts_with("pip")));
    if pip && has("--trusted-host") {
        return Some(format!("{prog} --trusted-host"));
    }
    if prog.starts_with("pip")
        && args.iter().any(|a| a.ends_with("trusted-host"))
        && args.contains(&"set")
    {
        return Some("pip config set global.trusted-host".into());
    }
    None
}

impl DockerfileRule for TlsDisabled {
    const META: RuleMeta = RuleMeta {
        id: "F009",
        title: "TLS verification disabled or unsigned packages allowed",
        severity: Severity::High,
        cis: &["4.11"],
        cwe: &["CWE-295"],
        remediation:
            "keep certificate and signature verification on; add your CA to the trust store instead",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for (r, c) in super::run_commands(a, None) {
            for (k, v) in &c.assigns {
                if env_disables(k, v) {
                    failures.push(
                        Failure::new(format!("{k}={v} disables TLS verification"))
                            .at(a.cmd_loc(r, c)),
                    );
                }
            }
            if let Some(what) = command_disables(c) {
                failures.push(
                    Failure::new(format!("{what} disables TLS or signature verification"))
                        .at(a.cmd_loc(r, c)),
                );
            }
        }
        for (i, inst) in a.df.instructions.iter().enumerate() {
            let pairs: Vec<(String, String, usize)> = match (&inst.args, inst.keyword.as_str()) {
                (Args::Pairs(ps), "ENV") => ps
                    .iter()
                    .map(|p| (p.key.clone(), unquote(&p.value), p.offset))
                    .collect(),
                (Args::Words(ws), "ARG") => ws
                    .iter()
                    .filter_map(|w| {
                        w.text
                            .split_once('=')
                            .map(|(k, v)| (k.to_string(), unquote(v), w.offset))
                    })
                    .collect(),
                _ => continue,
            };
            for (k, v, off) in pairs {
                if env_disables(&k, &v) {
                    failures.push(
                        Failure::new(format!(
                            "{} {k}={v} disables TLS verification",
                            inst.keyword
                        ))
                        .at(a.loc(i, off)),
                    );
                }
            }
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_on_insecure_flags_and_variables() {
        let o = run(
            TlsDisabled,
            "FROM debian:12\nRUN curl -fsSLk https://x -o /x && GIT_SSL_NO_VERIFY=1 git clone https://x\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN <<EOF\npip install --trusted-host pypi.example.com requests\nEOF\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (
                    2,
                    5,
                    "curl -k/--insecure disables TLS or signature verification".to_string()
                ),
                (
                    2,
                    36,
                    "GIT_SSL_NO_VERIFY=1 disables TLS verification".to_string()
                ),
                (
                    5,
                    1,
                    "pip --trusted-host disables TLS or signature verification".to_string()
                ),
                (
                    3,
                    5,
                    "ENV NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS verification".to_string()
                ),
            ]
        );
    }

    #[test]
    fn passes_on_verified_downloads() {
        let o = run(TlsDisabled, "FROM debian:12\nRUN curl -fsSL https://x -o /x && wget -q https://y && apk add --no-cache curl\nENV PYTHONHTTPSVERIFY=1\n");
        assert_eq!(o, Outcome::Pass);
    }
}
