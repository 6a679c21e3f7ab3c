//! The Dockerfile rules (`F…`), one per file; the doc comment above each rule struct is its
//! documentation. Adding a rule = one file, one line in [`RULES`], one test.

use crate::analysis::{Analysis, RunScript};
use crate::script::{basename, Cmd};
use dh_model::{Outcome, RuleMeta};

mod add_instead_of_copy;
mod base_digest;
mod base_latest;
mod healthcheck;
mod insecure_security;
mod pipe_to_shell;
mod root_shell;
mod root_user;
mod secret_files;
mod secrets_in_config;
mod setuid;
mod ssh_server;
mod sudo;
mod tls_disabled;
mod update_alone;
mod world_writable;

/// A rule about one Dockerfile.
pub trait DockerfileRule: Sync {
    const META: RuleMeta;
    fn check(&self, a: &Analysis) -> Outcome;
}

/// One registered rule.
#[derive(Clone, Copy)]
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub run: fn(&Analysis) -> Outcome,
}

macro_rules! rules {
    ($($rule:path),* $(,)?) => {
        &[$(RuleEntry {
            meta: &<$rule as DockerfileRule>::META,
            run: |a| <$rule as DockerfileRule>::check(&$rule, a),
        }),*]
    };
}

/// Every Dockerfile rule, in id order.
pub static RULES: &[RuleEntry] = rules!(
    root_user::RootUser,
    root_shell::RootShell,
    healthcheck::Healthcheck,
    update_alone::UpdateAlone,
    setuid::Setuid,
    add_instead_of_copy::AddInsteadOfCopy,
    secrets_in_config::SecretsInConfig,
    secret_files::SecretFiles,
    tls_disabled::TlsDisabled,
    pipe_to_shell::PipeToShell,
    world_writable::WorldWritable,
    sudo::Sudo,
    ssh_server::SshServer,
    base_latest::BaseLatest,
    base_digest::BaseDigest,
    insecure_security::InsecureSecurity,
);

// ---- shared helpers -------------------------------------------------------------------

/// Every command of every `RUN` of the stages `stages` (all stages when `None`).
pub(crate) fn run_commands<'a>(
    a: &'a Analysis,
    stages: Option<&[usize]>,
) -> Vec<(&'a RunScript, &'a Cmd)> {
    let mut out = vec![];
    for r in &a.runs {
        if stages.is_some_and(|s| !s.contains(&r.stage)) {
            continue;
        }
        for c in r.script.all() {
            out.push((r, c));
        }
    }
    out
}

/// Is the final stage built on a Windows base image (no root, no login shells)?
pub(crate) fn windows_final(a: &Analysis) -> bool {
    a.final_chain().last().is_some_and(|s| {
        let b = s
            .base_resolved
            .as_deref()
            .unwrap_or(&s.base)
            .to_ascii_lowercase();
        b.contains("windows") || b.contains("nanoserver") || b.contains("servercore")
    })
}

/// Stage indexes of the final stage and its ancestors.
pub(crate) fn final_stages(a: &Analysis) -> Vec<usize> {
    a.final_chain().iter().map(|s| s.index).collect()
}

/// Instructions (index, instruction) of the given stages, with their keyword.
pub(crate) fn instructions_in(a: &Analysis, stages: Option<&[usize]>, keyword: &str) -> Vec<usize> {
    (0..a.df.instructions.len())
        .filter(|&i| a.inst(i).keyword == keyword)
        .filter(|&i| match (stages, a.stage_of[i]) {
            (None, _) => true,
            (Some(s), Some(st)) => s.contains(&st),
            (Some(_), None) => false,
        })
        .collect()
}

/// File permission bits a `chmod` mode sets.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ModeBits {
    pub setuid: bool,
    pub setgid: bool,
    pub world_writable: bool,
    pub sticky: bool,
}

/// Parses an octal (`4755`) or symbolic (`u+s,o+w`) chmod mode.
pub(crate) fn parse_mode(m: &str) -> Option<ModeBits> {
    if !m.is_empty() && m.len() <= 5 && m.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let v = u32::from_str_radix(m, 8).ok()?;
        return Some(ModeBits {
            setuid: v & 0o4000 != 0,
            setgid: v & 0o2000 != 0,
            sticky: v & 0o1000 != 0,
            world_writable: v & 0o002 != 0,
        });
    }
    let mut bits = ModeBits::default();
    for clause in m.split(',') {
        let who: String = clause.chars().take_while(|c| "ugoa".contains(*c)).collect();
        let mut rest = &clause[who.len()..];
        if rest.is_empty() {
            return None;
        }
        while let Some(op) = rest.chars().next() {
            if !"+-=".contains(op) {
                return None;
            }
            let perms: String = rest[1..]
                .chars()
                .take_while(|c| "rwxXstugo".contains(*c))
                .collect();
            rest = &rest[1 + perms.len()..];
            if op == '-' {
                continue;
            }
            let all = who.is_empty() || who.contains('a');
            if perms.contains('s') {
                bits.setuid |= all || who.contains('u');
                bits.setgid |= all || who.contains('g');
            }
            if perms.contains('t') {
                bits.sticky = true;
            }
            if perms.contains('w') && (who.contains('o') || who.contains('a')) {
                bits.world_writable = true;
            }
        }
    }
    Some(bits)
}

/// The modes a command applies: `chmod MODE…`, `install -m MODE`, `find … -exec chmod MODE`.
pub(crate) fn chmod_modes(c: &Cmd) -> Vec<String> {
    let eff = c.effective();
    let words: Vec<&str> = eff.iter().map(|w| w.text.as_str()).collect();
    let mut out = vec![];
    let mut i = 0;
    while i < words.len() {
        let prog = basename(words[i]);
        if prog == "chmod" && (i == 0 || matches!(words[i - 1], "-exec" | "-execdir")) {
            for w in &words[i + 1..] {
                let is_symbolic_minus = w.starts_with('-')
                    && w[1..].chars().all(|c| "rwxXst".contains(c))
                    && w.len() > 1;
                if w.starts_with('-') && !is_symbolic_minus {
                    continue;
                }
                out.push(w.to_string());
                break;
            }
        }
        if prog == "install" && i == 0 {
            for (k, w) in words.iter().enumerate().skip(1) {
                if *w == "-m" || *w == "--mode" {
                    if let Some(m) = words.get(k + 1) {
                        out.push(m.to_string());
                    }
                } else if let Some(m) = w.strip_prefix("--mode=") {
                    out.push(m.to_string());
                } else if let Some(m) = w.strip_prefix("-m").filter(|m| !m.is_empty()) {
                    out.push(m.to_string());
                }
            }
        }
        i += 1;
    }
    out
}

/// Packages a command installs (`apt-get install`, `apk add`, `dnf install`, `zypper in`…),
/// versions stripped.
pub(crate) fn installed_packages(c: &Cmd) -> Vec<String> {
    let prog = c.program();
    let args = c.args();
    let (subs, with_value): (&[&str], &[&str]) = match prog {
        "apt-get" | "apt" | "aptitude" => (&["install"], &["-o", "-t", "-c"]),
        "apk" => (
            &["add"],
            &["-t", "--virtual", "-X", "--repository", "-p", "--root"],
        ),
        "yum" | "dnf" | "microdnf" | "tdnf" => {
            (&["install"], &["--enablerepo", "--disablerepo", "-c"])
        }
        "zypper" => (&["install", "in"], &["-r", "--repo"]),
        _ => return vec![],
    };
    let Some(pos) = args.iter().position(|a| subs.contains(a)) else {
        return vec![];
    };
    let mut out = vec![];
    let mut skip = false;
    for a in &args[pos + 1..] {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with('-') {
            skip = with_value.contains(a);
            continue;
        }
        let name = a
            .split(['=', '>', '<', '~'])
            .next()
            .unwrap_or(a)
            .trim_end_matches(":amd64");
        out.push(name.to_string());
    }
    out
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::analysis::Analysis;
    use crate::parser::parse;
    use dh_model::{Failure, Outcome};

    /// Runs one rule on a Dockerfile text; returns its outcome.
    pub fn run<R: super::DockerfileRule>(rule: R, text: &str) -> Outcome {
        let df = parse(text).expect("test Dockerfile parses");
        let a = Analysis::new("Dockerfile", &df);
        rule.check(&a)
    }

    /// The failures' `(line, column, message)`.
    pub fn failures(o: &Outcome) -> Vec<(u32, u32, String)> {
        match o {
            Outcome::Fail(f) => f
                .iter()
                .map(|f: &Failure| {
                    let l = f
                        .location
                        .as_ref()
                        .expect("every Dockerfile failure has a location");
                    (l.line, l.column, f.message.clone())
                })
                .collect(),
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        let m = |s| parse_mode(s).unwrap();
        assert!(m("4755").setuid && !m("4755").setgid);
        assert!(m("2755").setgid);
        assert!(m("u+s").setuid && !m("u+s").setgid);
        assert!(m("+s").setuid && m("+s").setgid);
        assert!(m("g+s").setgid);
        assert!(m("777").world_writable && !m("755").world_writable);
        assert!(m("o+w").world_writable && m("a+rwx").world_writable);
        assert!(!m("+w").world_writable && !m("u-s").setuid);
        assert!(m("1777").sticky);
        assert_eq!(parse_mode("/usr/bin/x"), None);
    }

    #[test]
    fn packages() {
        let s = crate::script::parse_script(
            "apt-get install -y --no-install-recommends openssh-server=1:9.2 curl && apk add --no-cache -t .deps dropbear",
        );
        let all = s.all();
        assert_eq!(installed_packages(all[0]), vec!["openssh-server", "curl"]);
        assert_eq!(installed_packages(all[1]), vec!["dropbear"]);
    }
}
