//! Lints one Dockerfile: parse, analyse, run every rule, apply inline ignores.
//!
//! Ignores, in Dockerfile comments:
//! - `# docker-harden ignore=F012,F010 reason="…"` on the line(s) right before an
//!   instruction: the rules' findings within that instruction (heredoc bodies included) are
//!   dropped;
//! - `# docker-harden ignore-file=F015 reason="…"` anywhere: the rules are off for the file.
//!
//! The reason is required; an ignore without one is not applied and produces a warning.

use crate::analysis::Analysis;
use crate::parser::{parse, Comment, Dockerfile};
use crate::rules::RULES;
use dh_model::{Outcome, RuleMeta};

/// The results of one file.
#[derive(Debug, Clone)]
pub struct FileLint {
    /// One outcome per rule, in rule order.
    pub outcomes: Vec<(&'static RuleMeta, Outcome)>,
    /// Problems with the file's own ignore comments.
    pub warnings: Vec<String>,
}

/// A file that cannot be parsed: `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct LintError {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug)]
struct Ignore {
    ids: Vec<String>,
    reason: String,
    /// `None`: whole file; `Some((first, last))`: lines of one instruction.
    lines: Option<(u32, u32)>,
}

/// How to lint.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// The stage that is shipped (`docker build --target`); files without it ship their last.
    pub target: Option<String>,
}

/// Parses and lints one Dockerfile. `path` is used for locations and messages only.
pub fn lint(path: &str, text: &str) -> Result<FileLint, LintError> {
    lint_with(path, text, &LintOptions::default())
}

/// [`lint`] with options.
pub fn lint_with(path: &str, text: &str, opts: &LintOptions) -> Result<FileLint, LintError> {
    let df = parse(text).map_err(|e| LintError {
        path: path.to_string(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    Ok(lint_parsed(path, &df, opts))
}

/// Lints an already parsed Dockerfile.
pub fn lint_parsed(path: &str, df: &Dockerfile, opts: &LintOptions) -> FileLint {
    let a = Analysis::with_target(path, df, opts.target.as_deref());
    let mut warnings = vec![];
    let ignores = collect_ignores(path, df, &mut warnings);
    let outcomes = RULES
        .iter()
        .map(|r| {
            let out = (r.run)(&a);
            (r.meta, apply_ignores(r.meta.id, out, &ignores))
        })
        .collect();
    FileLint { outcomes, warnings }
}

fn apply_ignores(id: &str, out: Outcome, ignores: &[Ignore]) -> Outcome {
    let mine: Vec<&Ignore> = ignores
        .iter()
        .filter(|i| i.ids.iter().any(|x| x == id))
        .collect();
    if mine.is_empty() {
        return out;
    }
    if let Some(file) = mine.iter().find(|i| i.lines.is_none()) {
        return Outcome::skip(format!("ignored for this file: {}", file.reason));
    }
    let Outcome::Fail(failures) = out else {
        return out;
    };
    let mut reasons = vec![];
    let kept: Vec<_> = failures
        .into_iter()
        .filter(|f| {
            let line = f.location.as_ref().map(|l| l.line).unwrap_or(0);
            match mine
                .iter()
                .find(|i| i.lines.is_some_and(|(a, b)| a <= line && line <= b))
            {
                Some(i) => {
                    reasons.push(i.reason.clone());
                    false
                }
                None => true,
            }
        })
        .collect();
    if kept.is_empty() {
        reasons.dedup();
        Outcome::skip(format!("ignored inline: {}", reasons.join("; ")))
    } else {
        Outcome::Fail(kept)
    }
}

fn collect_ignores(path: &str, df: &Dockerfile, warnings: &mut Vec<String>) -> Vec<Ignore> {
    let known: Vec<&str> = RULES.iter().map(|r| r.meta.id).collect();
    let mut out = vec![];
    for c in &df.comments {
        let Some(rest) = c.text.strip_prefix("docker-harden") else {
            continue;
        };
        let rest = rest.trim_start();
        let (file_level, spec) = if let Some(s) = rest.strip_prefix("ignore-file=") {
            (true, s)
        } else if let Some(s) = rest.strip_prefix("ignore=") {
            (false, s)
        } else {
            warnings.push(format!(
                "{path}:{}: unknown docker-harden comment (expected `ignore=ID reason=\"…\"` or `ignore-file=ID reason=\"…\"`)",
                c.line
            ));
            continue;
        };
        let (ids_part, tail) = spec.split_once(char::is_whitespace).unwrap_or((spec, ""));
        let ids: Vec<String> = ids_part
            .split(',')
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|s| !s.is_empty())
            .collect();
        for id in &ids {
            if !known.contains(&id.as_str()) {
                warnings.push(format!("{path}:{}: ignore of unknown rule {id}", c.line));
            }
        }
        let Some(reason) = reason_of(tail) else {
            warnings.push(format!(
                "{path}:{}: `docker-harden ignore` without reason=\"…\" is not applied",
                c.line
            ));
            continue;
        };
        let lines = if file_level {
            None
        } else {
            match next_instruction(df, c) {
                Some(l) => Some(l),
                None => {
                    warnings.push(format!(
                        "{path}:{}: `docker-harden ignore` is not followed by an instruction",
                        c.line
                    ));
                    continue;
                }
            }
        };
        out.push(Ignore { ids, reason, lines });
    }
    out
}

fn reason_of(tail: &str) -> Option<String> {
    let r = tail.trim().strip_prefix("reason=")?;
    let r = match r.strip_prefix('"') {
        Some(q) => q.split('"').next().unwrap_or(""),
        None => r.trim(),
    };
    (!r.trim().is_empty()).then(|| r.trim().to_string())
}

/// Lines of the instruction right after a comment (only comments may come between).
fn next_instruction(df: &Dockerfile, c: &Comment) -> Option<(u32, u32)> {
    let inst = df.instructions.iter().find(|i| i.start_line > c.line)?;
    let between_ok = (c.line + 1..inst.start_line).all(|l| df.comments.iter().any(|k| k.line == l));
    between_ok.then_some((inst.start_line, inst.end_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_failing(f: &FileLint) -> Vec<&str> {
        f.outcomes
            .iter()
            .filter(|(_, o)| o.is_fail())
            .map(|(m, _)| m.id)
            .collect()
    }

    #[test]
    fn inline_and_file_ignores() {
        let text = "# docker-harden ignore-file=F015 reason=\"digests pinned by renovate at release\"\nFROM debian:12\n# docker-harden ignore=F012 reason=\"legacy installer needs sudo\"\nRUN sudo true\nRUN sudo false\n";
        let f = lint("Dockerfile", text).unwrap();
        let o = f.outcomes.iter().find(|(m, _)| m.id == "F012").unwrap();
        let Outcome::Fail(v) = &o.1 else {
            panic!("{o:?}")
        };
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].location.as_ref().unwrap().line, 5);
        assert!(!ids_failing(&f).contains(&"F015"));
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    }

    #[test]
    fn ignore_without_reason_is_not_applied() {
        let f = lint(
            "D",
            "FROM debian:12\n# docker-harden ignore=F012\nRUN sudo true\n",
        )
        .unwrap();
        assert!(ids_failing(&f).contains(&"F012"));
        assert_eq!(
            f.warnings,
            vec!["D:2: `docker-harden ignore` without reason=\"…\" is not applied"]
        );
    }

    #[test]
    fn parse_error_names_file_and_line() {
        let e = lint("x/Dockerfile", "FROM a\nRUN <<EOF\nno end\n").unwrap_err();
        assert_eq!(e.to_string(), "x/Dockerfile:2:1: unterminated heredoc");
    }
}
