//! The `docker.service` unit as systemd sees it: the unit file found first on the search
//! path, then every `docker.service.d/*.conf` drop-in in file-name order (a name in a
//! higher-priority directory masks the same name lower down), and the resulting
//! `ExecStart=` list (an empty `ExecStart=` clears what came before).

use crate::rootfs::RootFs;
use crate::Error;
use std::collections::BTreeMap;

/// Unit directories, highest priority first (systemd.unit(5), system manager).
pub const UNIT_DIRS: &[&str] = &[
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
];

/// The unit the daemon runs under.
pub const UNIT: &str = "docker.service";

/// What was read of `docker.service`.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// The unit file (target path), if one was found.
    pub fragment: Option<String>,
    /// Drop-ins in the order systemd applies them (target paths).
    pub dropins: Vec<String>,
    /// The effective `ExecStart=` command lines, each with the file that set it.
    pub exec_start: Vec<ExecStart>,
}

/// One `ExecStart=` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecStart {
    /// Special prefixes (`-`, `@`, `+`, `!`, `!!`, `:`) kept as written.
    pub prefix: String,
    /// The program and its arguments, unquoted.
    pub argv: Vec<String>,
    /// The file that set it (target path).
    pub source: String,
}

impl ExecStart {
    /// The command line in unit-file syntax, quoting what needs it.
    pub fn to_unit_syntax(&self) -> String {
        let words: Vec<String> = self.argv.iter().map(|a| quote(a)).collect();
        format!("{}{}", self.prefix, words.join(" "))
    }
}

impl Unit {
    /// Reads `docker.service` and its drop-ins under `root`.
    pub fn read(fs: &RootFs) -> Result<Unit, Error> {
        let mut unit = Unit::default();
        let mut seen_dirs = Vec::new();
        for dir in UNIT_DIRS {
            // /lib is a link to /usr/lib on merged-/usr systems: read each directory once.
            let canon = fs.canonical(dir);
            if seen_dirs.contains(&canon) {
                continue;
            }
            seen_dirs.push(canon);
            let path = format!("{dir}/{UNIT}");
            if unit.fragment.is_none() && fs.is_file(&path) {
                unit.fragment = Some(path);
            }
        }
        let mut dropins: BTreeMap<String, String> = BTreeMap::new();
        for dir in UNIT_DIRS.iter().rev() {
            let d = format!("{dir}/{UNIT}.d");
            for name in fs.list(&d)? {
                if name.ends_with(".conf") && fs.is_file(&format!("{d}/{name}")) {
                    // Inserted lowest priority first, so a higher directory masks the name.
                    dropins.insert(name.clone(), format!("{d}/{name}"));
                }
            }
        }
        unit.dropins = dropins.into_values().collect();
        let mut files: Vec<String> = unit.fragment.iter().cloned().collect();
        files.extend(unit.dropins.iter().cloned());
        for file in files {
            let text = fs.read_to_string(&file)?;
            for value in service_values(&text, "ExecStart") {
                if value.is_empty() {
                    unit.exec_start.clear();
                } else {
                    let (prefix, rest) = split_prefix(&value);
                    unit.exec_start.push(ExecStart {
                        prefix: prefix.to_string(),
                        argv: split_words(rest),
                        source: file.clone(),
                    });
                }
            }
        }
        Ok(unit)
    }

    /// The `ExecStart=` that runs dockerd (the first one whose program is named `dockerd`,
    /// else the first one).
    pub fn dockerd(&self) -> Option<&ExecStart> {
        self.exec_start
            .iter()
            .find(|e| {
                e.argv
                    .first()
                    .is_some_and(|p| p.rsplit('/').next() == Some("dockerd"))
            })
            .or(self.exec_start.first())
    }
}

/// The values assigned to `key` in the `[Service]` section, in order, with continuation
/// lines joined and comments dropped.
pub fn service_values(text: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_service = false;
    let mut logical = String::new();
    let mut lines = text.lines().peekable();
    while let Some(raw) = lines.next() {
        let line = raw.trim();
        if logical.is_empty() && (line.starts_with('#') || line.starts_with(';')) {
            continue;
        }
        if let Some(cont) = line.strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            if lines.peek().is_some() {
                continue;
            }
        } else {
            logical.push_str(line);
        }
        let l = std::mem::take(&mut logical);
        let l = l.trim();
        if l.starts_with('[') {
            in_service = l == "[Service]";
            continue;
        }
        if !in_service {
            continue;
        }
        if let Some((k, v)) = l.split_once('=') {
            if k.trim() == key {
                out.push(v.trim().to_string());
            }
        }
    }
    out
}

fn split_prefix(value: &str) -> (&str, &str) {
    let end = value
        .char_indices()
        .find(|(_, c)| !matches!(c, '-' | '@' | '+' | '!' | ':'))
        .map(|(i, _)| i)
        .unwrap_or(value.len());
    (&value[..end], value[end..].trim_start())
}

/// Splits a command line the way systemd does: whitespace separates words, single and
/// double quotes group, a backslash escapes the next character (C escapes `\n`, `\t`).
pub fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                in_word = true;
                match chars.next() {
                    Some('n') => cur.push('\n'),
                    Some('t') => cur.push('\t'),
                    Some('s') => cur.push(' '),
                    Some(o) => cur.push(o),
                    None => {}
                }
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// Quotes a word for a unit file when it holds whitespace, quotes or backslashes.
pub fn quote(word: &str) -> String {
    if !word.is_empty()
        && !word
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
    {
        return word.to_string();
    }
    let mut out = String::from("\"");
    for c in word.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_start_values_with_reset_and_continuation() {
        let text = "[Unit]\nExecStart=/not/service\n[Service]\n# ExecStart=/commented\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  -H fd:// \\\n  --containerd=/run/c.sock\n";
        assert_eq!(
            service_values(text, "ExecStart"),
            vec!["", "/usr/bin/dockerd  -H fd://  --containerd=/run/c.sock"]
        );
    }

    #[test]
    fn words_and_quotes_round_trip() {
        let w = split_words(r#"/usr/bin/dockerd --label "a b" --x='c d' e\ f"#);
        assert_eq!(
            w,
            vec!["/usr/bin/dockerd", "--label", "a b", "--x=c d", "e f"]
        );
        let line: Vec<String> = w.iter().map(|w| quote(w)).collect();
        assert_eq!(split_words(&line.join(" ")), w);
    }

    #[test]
    fn prefixes() {
        assert_eq!(split_prefix("-/usr/bin/x"), ("-", "/usr/bin/x"));
        assert_eq!(split_prefix("!!/usr/bin/x"), ("!!", "/usr/bin/x"));
        assert_eq!(split_prefix("/usr/bin/x"), ("", "/usr/bin/x"));
    }
}
