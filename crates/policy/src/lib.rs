//! The shared policy file, `.docker-harden.toml`: ignores (each with a required `reason`, an
//! optional `expires` date and optional object/path globs) and severity overrides. It serves
//! every command that produces a report (`audit`, `lint`, `image`, …).
//!
//! ```toml
//! [[ignore]]
//! rule = "C027"
//! reason = "healthchecks come from the orchestrator"
//! object = "web-*"          # glob on the object name (container, image, network, file)
//! expires = 2027-01-31      # after this date the finding is reported again, with a warning
//!
//! [[ignore]]
//! rule = "F012"
//! reason = "test fixtures"
//! path = "tests/**"         # glob on the path of file findings
//!
//! [severity]
//! C027 = "medium"
//! ```
//!
//! No clock here: the caller passes today's date to [`Policy::apply`] (see [`today_utc`]).

use dh_model::{Finding, Report, Severity, Suppressed};
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name [`Policy::discover`] looks for.
pub const FILE_NAME: &str = ".docker-harden.toml";

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Self {
        Date { year, month, day }
    }
}

impl From<(i32, u32, u32)> for Date {
    fn from((year, month, day): (i32, u32, u32)) -> Self {
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Today's date in UTC from the system clock (for the binary; rules never read a clock).
pub fn today_utc() -> (i32, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// Now, UTC, RFC 3339 to the second (`2026-11-23T10:45:00Z`), for report headers.
pub fn timestamp_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let t = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// An error in a policy file. Its message starts with `FILE:LINE:COLUMN:` where a position
/// is known.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("{}: cannot read policy file: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Other { path: PathBuf, message: String },
}

impl PolicyError {
    /// The policy file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            PolicyError::Read { path, .. }
            | PolicyError::Invalid { path, .. }
            | PolicyError::Other { path, .. } => path,
        }
    }
}

/// One `[[ignore]]` entry.
#[derive(Debug, Clone)]
pub struct Ignore {
    pub rule: String,
    pub reason: String,
    pub expires: Option<Date>,
    /// The glob as written, and its matcher.
    pub object: Option<(String, GlobMatcher)>,
    pub path: Option<(String, GlobMatcher)>,
    /// 1-based line and column of the entry's `[[ignore]]` header.
    pub line: usize,
    pub column: usize,
    rule_pos: (usize, usize),
}

impl Ignore {
    /// Does this entry cover `f` (whatever its expiry)?
    pub fn matches(&self, f: &Finding) -> bool {
        if f.rule != self.rule {
            return false;
        }
        if let Some((_, g)) = &self.object {
            let by_name = f.object.name.as_deref().is_some_and(|n| g.is_match(n));
            let by_id =
                f.object.id.as_deref().is_some_and(|id| {
                    g.is_match(id) || g.is_match(dh_model::finding::short_id(id))
                });
            if !by_name && !by_id {
                return false;
            }
        }
        if let Some((_, g)) = &self.path {
            let path = f
                .location
                .as_ref()
                .map(|l| l.path.as_str())
                .or(match f.object.kind {
                    dh_model::ObjectKind::File => f.object.name.as_deref(),
                    _ => None,
                });
            match path {
                Some(p) if g.is_match(p) || g.is_match(p.strip_prefix("./").unwrap_or(p)) => {}
                _ => return false,
            }
        }
        true
    }

    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| today > e)
    }
}

/// A loaded policy file.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The file it was read from (empty for [`Policy::default`]).
    pub path: PathBuf,
    pub ignores: Vec<Ignore>,
    /// Severity overrides by rule id, with the 1-based position of the key.
    pub severity: BTreeMap<String, (Severity, (usize, usize))>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    ignore: Vec<Spanned<RawIgnore>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    rule: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
    expires: Option<Spanned<toml::Value>>,
    object: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

impl Policy {
    /// Reads and checks a policy file.
    pub fn load(path: &Path) -> Result<Policy, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Policy::parse(&text, path)
    }

    /// The nearest `.docker-harden.toml` in `start` or a parent directory, loaded; `None`
    /// when there is none.
    pub fn discover(start: &Path) -> Result<Option<Policy>, PolicyError> {
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Policy::load(&candidate).map(Some);
            }
        }
        Ok(None)
    }

    /// Parses policy text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Policy, PolicyError> {
        let err = |at: usize, message: String| {
            let (line, column) = line_col(text, at);
            PolicyError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let raw: RawPolicy = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            // toml's message may span lines (it quotes the source); keep the first.
            let msg = e.message().lines().next().unwrap_or("invalid TOML").trim();
            err(at, msg.to_string())
        })?;

        let mut ignores = Vec::new();
        for entry in raw.ignore {
            let start = entry.span().start;
            let e = entry.into_inner();
            let Some(rule) = e.rule else {
                return Err(err(
                    start,
                    "ignore entry needs a rule (e.g. rule = \"C005\")".into(),
                ));
            };
            let rule_pos = line_col(text, rule.span().start);
            let rule_id = rule.get_ref().trim().to_ascii_uppercase();
            if rule_id.is_empty() {
                return Err(err(rule.span().start, "ignore entry: rule is empty".into()));
            }
            let reason = match e.reason {
                Some(r) if !r.get_ref().trim().is_empty() => r.into_inner().trim().to_string(),
                Some(r) => {
                    return Err(err(r.span().start, "ignore entry: reason is empty".into()));
                }
                None => return Err(err(start, "ignore entry needs a reason".into())),
            };
            let expires = match e.expires {
                None => None,
                Some(v) => Some(parse_date(v.get_ref()).ok_or_else(|| {
                    err(
                        v.span().start,
                        format!(
                            "ignore entry: expires must be a date like 2027-01-31, found {}",
                            v.get_ref()
                        ),
                    )
                })?),
            };
            let glob = |g: Option<Spanned<String>>, what: &str| -> Result<_, PolicyError> {
                match g {
                    None => Ok(None),
                    Some(g) => match Glob::new(g.get_ref()) {
                        Ok(m) => Ok(Some((g.get_ref().clone(), m.compile_matcher()))),
                        Err(e) => Err(err(
                            g.span().start,
                            format!(
                                "ignore entry: bad {what} glob {:?}: {}",
                                g.get_ref(),
                                e.kind()
                            ),
                        )),
                    },
                }
            };
            let (line, column) = line_col(text, start);
            ignores.push(Ignore {
                rule: rule_id,
                reason,
                expires,
                object: glob(e.object, "object")?,
                path: glob(e.path, "path")?,
                line,
                column,
                rule_pos,
            });
        }

        let mut severity = BTreeMap::new();
        for (k, v) in raw.severity {
            let sev: Severity = v.get_ref().parse().map_err(|m: String| {
                err(v.span().start, format!("severity.{}: {m}", k.get_ref()))
            })?;
            let pos = line_col(text, k.span().start);
            severity.insert(k.get_ref().trim().to_ascii_uppercase(), (sev, pos));
        }

        Ok(Policy {
            path: path.to_path_buf(),
            ignores,
            severity,
        })
    }

    /// Checks every rule id the policy names against `known`; the first unknown one is an
    /// error naming the file and position.
    pub fn validate_rules(&self, known: &[&str]) -> Result<(), PolicyError> {
        let invalid = |(line, column): (usize, usize), message: String| PolicyError::Invalid {
            path: self.path.clone(),
            line,
            column,
            message,
        };
        for i in &self.ignores {
            if !known.contains(&i.rule.as_str()) {
                return Err(invalid(
                    i.rule_pos,
                    format!(
                        "ignore entry: unknown rule id {:?} (see `docker-harden rules`)",
                        i.rule
                    ),
                ));
            }
        }
        for (id, (_, pos)) in &self.severity {
            if !known.contains(&id.as_str()) {
                return Err(invalid(
                    *pos,
                    format!("severity: unknown rule id {id:?} (see `docker-harden rules`)"),
                ));
            }
        }
        Ok(())
    }

    /// Applies the policy: severity overrides first, then ignores. Ignored findings move to
    /// `report.suppressed`; an expired ignore leaves its findings in place and adds a
    /// warning. The caller re-runs `report.finish()` afterwards.
    pub fn apply(&self, report: &mut Report, today: impl Into<Date>) {
        let today = today.into();
        for f in &mut report.findings {
            if let Some((sev, _)) = self.severity.get(&f.rule) {
                f.severity = *sev;
            }
        }
        let mut returned = vec![0usize; self.ignores.len()];
        let findings = std::mem::take(&mut report.findings);
        for f in findings {
            let mut hit = None;
            let mut expired = Vec::new();
            for (n, ig) in self.ignores.iter().enumerate() {
                if ig.matches(&f) {
                    if ig.is_expired(today) {
                        expired.push(n);
                    } else {
                        hit = Some(ig);
                        break;
                    }
                }
            }
            if hit.is_none() {
                for n in expired {
                    returned[n] += 1;
                }
            }
            match hit {
                Some(ig) => report.suppressed.push(Suppressed {
                    rule: f.rule,
                    title: f.title,
                    severity: Some(f.severity),
                    object: f.object,
                    location: f.location,
                    message: f.message,
                    reason: ig.reason.clone(),
                    expires: ig.expires.map(|d| d.to_string()),
                }),
                None => report.findings.push(f),
            }
        }
        for (ig, n) in self.ignores.iter().zip(returned) {
            if let Some(exp) = ig.expires.filter(|_| ig.is_expired(today)) {
                let what = match n {
                    0 => "no finding is reported again because of it".to_string(),
                    1 => "1 finding is reported again".to_string(),
                    n => format!("{n} findings are reported again"),
                };
                report.warnings.push(format!(
                    "{}:{}:{}: ignore of {} expired on {exp} ({what}; reason was: {})",
                    self.path.display(),
                    ig.line,
                    ig.column,
                    ig.rule,
                    ig.reason
                ));
            }
        }
    }
}

fn parse_date(v: &toml::Value) -> Option<Date> {
    let (y, m, d) = match v {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date?;
            (i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        toml::Value::String(s) => {
            let mut it = s.trim().splitn(3, '-');
            let y: i32 = it.next()?.parse().ok()?;
            let m: u32 = it.next()?.parse().ok()?;
            let d: u32 = it.next()?.parse().ok()?;
            (y, m, d)
        }
        _ => return None,
    };
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&d)
        .then_some(Date::new(y, m, d))
}

#[cfg(test)]
mod tests;
