//! systemd unit files: the main unit and its drop-ins, merged the way systemd does it.

use crate::rooted::Rooted;
use dh_model::SourceRef;

/// Unit search path, highest priority first.
pub const UNIT_DIRS: &[&str] = &[
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
];

/// One directive value with where it was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub value: String,
    pub source: SourceRef,
}

/// The files of a unit, in the order systemd applies them, and the directives of one section.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// `(host path, is drop-in)`.
    pub files: Vec<(String, bool)>,
    /// Directives of the wanted section, in order (each with its source).
    pub directives: Vec<(String, Directive)>,
}

impl Unit {
    /// The effective list of a list-valued directive: an empty assignment clears the list.
    pub fn list(&self, name: &str) -> Vec<Directive> {
        let mut out = Vec::new();
        for (k, d) in &self.directives {
            if k == name {
                if d.value.trim().is_empty() {
                    out.clear();
                } else {
                    out.push(d.clone());
                }
            }
        }
        out
    }
    /// The last assignment of a single-valued directive.
    pub fn last(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, d)| d)
    }
}

/// Reads `name` (e.g. `docker.service`) with its drop-ins; `section` is `Service` or `Socket`.
/// `None` when no unit file exists. Read errors are pushed to `errors`.
pub fn read_unit(
    fs: &Rooted,
    name: &str,
    section: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<Unit> {
    let main = UNIT_DIRS
        .iter()
        .map(|d| format!("{d}/{name}"))
        .find(|p| fs.exists(p))?;
    let mut unit = Unit::default();
    unit.files.push((main.clone(), false));
    // Drop-ins: by file name across all directories; a higher-priority directory masks a
    // same-named file in a lower one; applied in file-name order.
    let mut dropins: std::collections::BTreeMap<String, String> = Default::default();
    for d in UNIT_DIRS.iter().rev() {
        let dir = format!("{d}/{name}.d");
        for f in fs.list_dir(&dir) {
            if f.ends_with(".conf") {
                dropins.insert(f.clone(), format!("{dir}/{f}"));
            }
        }
    }
    unit.files.extend(dropins.into_values().map(|p| (p, true)));
    for (path, _) in unit.files.clone() {
        match fs.read_to_string(&path) {
            Ok(text) => parse_into(&text, &path, section, &mut unit.directives),
            Err(e) => errors.push((path.clone(), e)),
        }
    }
    Some(unit)
}

fn parse_into(text: &str, path: &str, section: &str, out: &mut Vec<(String, Directive)>) {
    let mut current = String::new();
    let mut pending = String::new();
    let mut start = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        if pending.is_empty() {
            start = n;
            let t = raw.trim_start();
            if t.starts_with('#') || t.starts_with(';') {
                continue;
            }
        }
        if let Some(cont) = raw.strip_suffix('\\') {
            pending.push_str(cont);
            pending.push(' ');
            continue;
        }
        pending.push_str(raw);
        let line = std::mem::take(&mut pending);
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') {
            current = t[1..t.len() - 1].to_string();
            continue;
        }
        if current != section {
            continue;
        }
        if let Some((k, v)) = t.split_once('=') {
            out.push((
                k.trim().to_string(),
                Directive {
                    value: v.trim().to_string(),
                    source: SourceRef {
                        path: path.to_string(),
                        line: start,
                        kind: "systemd unit".into(),
                    },
                },
            ));
        }
    }
}

/// Strips systemd's ExecStart prefixes (`-`, `@`, `+`, `!`, `!!`, `:`).
pub fn strip_exec_prefix(v: &str) -> &str {
    v.trim_start_matches(['-', '@', '+', '!', ':'])
}
