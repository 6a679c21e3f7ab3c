//! Inline ignores in compose files:
//!
//! ```yaml
//! services:
//!   web:
//!     # docker-harden ignore=K001 reason="needs raw sockets for the VPN"
//!     privileged: true
//!   # docker-harden ignore-file=K013,K015 reason="legacy stack, tracked in OPS-12"
//! ```
//!
//! `ignore=` applies to a finding on the next line (or on the same line, as a trailing
//! comment); `ignore-file=` to every finding in the file. A reason is required.

use crate::{ComposeError, ErrorKind};

const MARK: &str = "docker-harden ";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// 1-based line of the comment.
    pub line: u32,
    pub file_level: bool,
    pub ids: Vec<String>,
    pub reason: String,
    /// Whether the comment is alone on its line (then it covers the next line).
    pub own_line: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Ignores {
    pub directives: Vec<Directive>,
}

impl Ignores {
    /// Reads every `# docker-harden ignore…` comment of a file.
    pub fn parse(path: &str, text: &str) -> Result<Ignores, ComposeError> {
        let mut directives = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let Some(hash) = find_comment(line) else {
                continue;
            };
            let comment = line[hash + 1..].trim();
            let Some(rest) = comment.strip_prefix(MARK) else {
                continue;
            };
            let rest = rest.trim_start();
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let col = u32::try_from(line[..hash].chars().count() + 1).unwrap_or(u32::MAX);
            let err = |msg: String| ComposeError::new(ErrorKind::Ignore, path, line_no, col, msg);
            let (file_level, body) = if let Some(b) = rest.strip_prefix("ignore-file=") {
                (true, b)
            } else if let Some(b) = rest.strip_prefix("ignore=") {
                (false, b)
            } else {
                return Err(err(format!(
                    "unknown docker-harden directive {:?}: expected ignore=ID reason=\"…\" or ignore-file=ID reason=\"…\"",
                    crate::yaml::clip(rest)
                )));
            };
            let (ids_text, tail) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            let ids: Vec<String> = ids_text
                .split(',')
                .map(|s| s.trim().to_ascii_uppercase())
                .filter(|s| !s.is_empty())
                .collect();
            if ids.is_empty() {
                return Err(err("ignore comment names no rule id".into()));
            }
            let tail = tail.trim();
            let reason = tail
                .strip_prefix("reason=")
                .map(|r| {
                    let r = r.trim();
                    match r.strip_prefix('"') {
                        Some(q) => q.split('"').next().unwrap_or("").to_string(),
                        None => r.to_string(),
                    }
                })
                .unwrap_or_default();
            if reason.trim().is_empty() {
                return Err(err(format!(
                    "ignore comment for {} has no reason: add reason=\"why this is acceptable\"",
                    ids.join(",")
                )));
            }
            directives.push(Directive {
                line: line_no,
                file_level,
                ids,
                reason,
                own_line: line[..hash].trim().is_empty(),
            });
        }
        Ok(Ignores { directives })
    }

    /// The directive that silences rule `id` at `line`, if any.
    pub fn matching(&self, id: &str, line: u32) -> Option<&Directive> {
        self.directives.iter().find(|d| {
            d.ids.iter().any(|i| i == id)
                && (d.file_level
                    || (d.own_line && d.line + 1 == line)
                    || (!d.own_line && d.line == line))
        })
    }
}

/// Byte index of the `#` that starts a YAML comment on this line (outside quotes).
fn find_comment(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev_space => return Some(i),
            None if (c == '"' || c == '\'') && prev_space => quote = Some(c),
            None => {}
        }
        prev_space = c.is_whitespace();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let t = "a: 1\n  # docker-harden ignore=K001,k002 reason=\"vpn needs it\"\nb: 2 # docker-harden ignore=K003 reason=why\n# docker-harden ignore-file=K013 reason=\"legacy\"\nc: \"# docker-harden ignore=K009\"\n";
        let ig = Ignores::parse("c.yaml", t).unwrap();
        assert_eq!(ig.directives.len(), 3);
        assert_eq!(
            ig.matching("K001", 3).map(|d| d.reason.as_str()),
            Some("vpn needs it")
        );
        assert!(ig.matching("K002", 3).is_some());
        assert!(ig.matching("K001", 4).is_none());
        assert_eq!(
            ig.matching("K003", 3).map(|d| d.reason.as_str()),
            Some("why")
        );
        assert!(ig.matching("K003", 4).is_none());
        assert!(ig.matching("K013", 99).is_some());
    }

    #[test]
    fn reason_required() {
        let e = Ignores::parse("c.yaml", "a: 1\n  # docker-harden ignore=K001\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.yaml:2:3: ignore comment for K001 has no reason: add reason=\"why this is acceptable\""
        );
        let e = Ignores::parse("c.yaml", "# docker-harden ignroe=K001 reason=x\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("c.yaml:1:1: unknown docker-harden directive"));
    }
}
