//! `sshd_config`: the first value of each keyword wins; `Include` is expanded where it
//! appears; keywords inside `Match` blocks are conditional and not taken as global.

use crate::rooted::Rooted;
use dh_model::{ConfigSetting, SourceRef, SshdFacts};

pub fn read(fs: &Rooted, errors: &mut Vec<(String, String)>) -> Option<SshdFacts> {
    let main = "/etc/ssh/sshd_config";
    let text = match fs.read_optional(main) {
        Ok(Some(t)) => t,
        Ok(None) => return None,
        Err(e) => {
            errors.push((main.to_string(), e));
            return None;
        }
    };
    let mut facts = SshdFacts {
        config: main.into(),
        ..Default::default()
    };
    let mut in_match = false;
    walk(fs, main, &text, &mut facts, &mut in_match, errors, 0);
    Some(facts)
}

fn walk(
    fs: &Rooted,
    path: &str,
    text: &str,
    facts: &mut SshdFacts,
    in_match: &mut bool,
    errors: &mut Vec<(String, String)>,
    depth: u32,
) {
    if depth > 8 {
        return;
    }
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let (kw, rest) = match t.split_once(|c: char| c.is_whitespace() || c == '=') {
            Some((k, r)) => (
                k.to_ascii_lowercase(),
                r.trim_start_matches(|c: char| c.is_whitespace() || c == '=')
                    .trim(),
            ),
            None => (t.to_ascii_lowercase(), ""),
        };
        if kw == "match" {
            *in_match = true;
            continue;
        }
        if kw == "include" {
            for pat in rest.split_whitespace() {
                let pat = if pat.starts_with('/') {
                    pat.to_string()
                } else {
                    format!("/etc/ssh/{pat}")
                };
                for file in expand_glob(fs, &pat) {
                    match fs.read_to_string(&file) {
                        Ok(t) => walk(fs, &file, &t, facts, in_match, errors, depth + 1),
                        Err(e) => errors.push((file, e)),
                    }
                }
            }
            continue;
        }
        if *in_match {
            continue;
        }
        let value = rest
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let setting = || ConfigSetting {
            value: serde_json::Value::String(value.clone()),
            source: SourceRef {
                path: path.to_string(),
                line: i as u32 + 1,
                kind: "sshd_config".into(),
            },
        };
        match kw.as_str() {
            "passwordauthentication" if facts.password_authentication.is_none() => {
                facts.password_authentication = Some(setting())
            }
            "permitrootlogin" if facts.permit_root_login.is_none() => {
                facts.permit_root_login = Some(setting())
            }
            _ => {}
        }
    }
}

/// `/etc/ssh/sshd_config.d/*.conf`: a `*` in the last component only (what sshd configs use).
fn expand_glob(fs: &Rooted, pat: &str) -> Vec<String> {
    let (dir, file) = pat.rsplit_once('/').unwrap_or(("", pat));
    if !file.contains('*') {
        return if fs.exists(pat) {
            vec![pat.to_string()]
        } else {
            vec![]
        };
    }
    let (pre, suf) = file.split_once('*').unwrap_or((file, ""));
    fs.list_dir(dir)
        .into_iter()
        .filter(|n| n.starts_with(pre) && n.ends_with(suf) && n.len() >= pre.len() + suf.len())
        .map(|n| format!("{dir}/{n}"))
        .collect()
}
