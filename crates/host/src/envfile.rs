//! Environment files (`/etc/default/docker`, `/etc/sysconfig/docker`, systemd
//! `EnvironmentFile=`), and shell-like word splitting with `$VAR` expansion.

/// `(name, value, line)` of each assignment; `export ` and quotes are accepted.
pub fn parse_env_file(text: &str) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        if pending.is_empty() {
            start = n;
        }
        if let Some(cont) = raw.strip_suffix('\\') {
            pending.push_str(cont);
            continue;
        }
        pending.push_str(raw);
        let line = std::mem::take(&mut pending);
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        let t = t.strip_prefix("export ").unwrap_or(t).trim_start();
        if let Some((k, v)) = t.split_once('=') {
            let k = k.trim();
            if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                continue;
            }
            let words = split_words(v.trim(), &|_| None);
            out.push((k.to_string(), words.join(" "), start));
        }
    }
    out
}

/// Splits a command line into words (single and double quotes, backslash escapes).
/// `$NAME` outside quotes expands to several words, `${NAME}` and `$NAME` inside double quotes
/// to one; `lookup` gives a variable's value. Each word carries the variable it came from.
pub fn split_words_with_origin(
    s: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Vec<(String, Option<String>)> {
    let mut words: Vec<(String, Option<String>)> = Vec::new();
    let mut cur = String::new();
    let mut cur_origin: Option<String> = None;
    let mut in_word = false;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match (quote, c) {
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push((std::mem::take(&mut cur), cur_origin.take()));
                    in_word = false;
                }
            }
            (None, '\'') | (None, '"') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => cur.push(c),
            (_, '\\') if i + 1 < chars.len() => {
                i += 1;
                cur.push(chars[i]);
                in_word = true;
            }
            (q, '$')
                if i + 1 < chars.len()
                    && (chars[i + 1] == '{'
                        || chars[i + 1].is_ascii_alphabetic()
                        || chars[i + 1] == '_') =>
            {
                let (name, braced, next) = if chars[i + 1] == '{' {
                    let end = chars[i + 2..]
                        .iter()
                        .position(|c| *c == '}')
                        .map(|p| p + i + 2)
                        .unwrap_or(chars.len());
                    (
                        chars[i + 2..end.min(chars.len())]
                            .iter()
                            .collect::<String>(),
                        true,
                        end + 1,
                    )
                } else {
                    let mut j = i + 1;
                    while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                        j += 1;
                    }
                    (chars[i + 1..j].iter().collect::<String>(), false, j)
                };
                let value = lookup(&name).unwrap_or_default();
                if q.is_none() && !braced {
                    // Unquoted $VAR: split into words (systemd semantics).
                    let mut parts = value.split_whitespace();
                    if let Some(first) = parts.next() {
                        cur.push_str(first);
                        in_word = true;
                        cur_origin = Some(name.clone());
                        for p in parts {
                            words.push((std::mem::take(&mut cur), cur_origin.take()));
                            cur.push_str(p);
                            cur_origin = Some(name.clone());
                        }
                    }
                } else {
                    cur.push_str(&value);
                    in_word = true;
                    cur_origin = Some(name.clone());
                }
                i = next;
                continue;
            }
            (_, c) => {
                cur.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    if in_word {
        words.push((cur, cur_origin));
    }
    // An unset or empty variable adds no argument.
    words.retain(|(w, o)| !(w.is_empty() && o.is_some()));
    words
}

pub fn split_words(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    split_words_with_origin(s, lookup)
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        let t = "# comment\nDOCKER_OPTS=\"--dns 8.8.8.8 --icc=false\"\nexport X='a b'\nBAD LINE\n";
        assert_eq!(
            parse_env_file(t),
            vec![
                ("DOCKER_OPTS".into(), "--dns 8.8.8.8 --icc=false".into(), 2),
                ("X".into(), "a b".into(), 3)
            ]
        );
    }

    #[test]
    fn words_and_vars() {
        let look = |n: &str| (n == "OPTS").then(|| "--icc=false --live-restore".to_string());
        let w = split_words_with_origin(
            "/usr/bin/dockerd -H fd:// $OPTS \"--label=a b\" ${MISSING}",
            &look,
        );
        assert_eq!(
            w,
            vec![
                ("/usr/bin/dockerd".into(), None),
                ("-H".into(), None),
                ("fd://".into(), None),
                ("--icc=false".into(), Some("OPTS".into())),
                ("--live-restore".into(), Some("OPTS".into())),
                ("--label=a b".into(), None),
            ]
        );
    }
}
