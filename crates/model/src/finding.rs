//! Rules, outcomes and findings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity {other:?} (expected critical, high, medium, low or info)"
            )),
        }
    }
}

/// Static description of a rule. The long documentation comes from the rule's doc comment
/// (see `dh_rules::docs`).
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable id: `H` host, `D` daemon, `C` container, `N` network, `I` image,
    /// `F` Dockerfile, `K` compose, `T` TLS/exposure. Never reused.
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// CIS Docker Benchmark v1.6.0 ids.
    pub cis: &'static [&'static str],
    pub cwe: &'static [&'static str],
    /// One-line fix: the exact flag, daemon.json key or Dockerfile line.
    pub remediation: &'static str,
}

/// What kind of thing a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    Host,
    Daemon,
    Container,
    Image,
    Network,
    File,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Host => "host",
            ObjectKind::Daemon => "daemon",
            ObjectKind::Container => "container",
            ObjectKind::Image => "image",
            ObjectKind::Network => "network",
            ObjectKind::File => "file",
        }
    }
}

/// The object a finding, pass or skip is about. Ordered by kind, then name, then id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: ObjectKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Ord for ObjectRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.kind, &self.name, &self.id, &self.state).cmp(&(
            other.kind,
            &other.name,
            &other.id,
            &other.state,
        ))
    }
}

impl PartialOrd for ObjectRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl ObjectRef {
    pub fn new(kind: ObjectKind) -> Self {
        ObjectRef {
            kind,
            id: None,
            name: None,
            state: None,
        }
    }
    pub fn host() -> Self {
        Self::new(ObjectKind::Host)
    }
    pub fn daemon() -> Self {
        Self::new(ObjectKind::Daemon)
    }
    pub fn named(kind: ObjectKind, name: impl Into<String>) -> Self {
        ObjectRef {
            name: Some(name.into()),
            ..Self::new(kind)
        }
    }
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
    pub fn with_state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }
    /// A short human label: `container web`, `daemon`, `file Dockerfile`.
    pub fn label(&self) -> String {
        match (&self.name, &self.id) {
            (Some(n), _) => format!("{} {}", self.kind.as_str(), n),
            (None, Some(id)) => format!("{} {}", self.kind.as_str(), short_id(id)),
            (None, None) => self.kind.as_str().to_string(),
        }
    }
}

/// The first 12 hex digits of an id, without a `sha256:` prefix.
pub fn short_id(id: &str) -> &str {
    let id = id.strip_prefix("sha256:").unwrap_or(id);
    &id[..id.len().min(12)]
}

/// A position in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

/// One failed check of one rule on one object, as rules produce it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Failure {
    pub message: String,
    pub evidence: Map<String, Value>,
    /// Overrides the rule's static remediation with a precise one.
    pub remediation: Option<String>,
    pub location: Option<Location>,
    /// Overrides the rule's default severity (e.g. a low-severity hint variant).
    pub severity: Option<Severity>,
    pub cve: Vec<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            ..Default::default()
        }
    }
    pub fn evidence(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.evidence.insert(key.into(), value.into());
        self
    }
    pub fn remediation(mut self, fix: impl Into<String>) -> Self {
        self.remediation = Some(fix.into());
        self
    }
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
    pub fn cve(mut self, id: impl Into<String>) -> Self {
        self.cve.push(id.into());
        self
    }
}

/// The result of one rule on one object.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    /// The rule could not be decided (input missing); the reason says why.
    Skip(String),
    /// The rule does not apply to this object at all (not recorded anywhere).
    NotApplicable,
    Fail(Vec<Failure>),
}

impl Outcome {
    pub fn pass() -> Self {
        Outcome::Pass
    }
    pub fn skip(reason: impl Into<String>) -> Self {
        Outcome::Skip(reason.into())
    }
    pub fn fail(message: impl Into<String>) -> Self {
        Outcome::Fail(vec![Failure::new(message)])
    }
    /// Fails with every failure given, or passes when there are none.
    pub fn from_failures(failures: Vec<Failure>) -> Self {
        if failures.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail(failures)
        }
    }
    /// Adds evidence to the last failure (builder style, as in STYLE.md).
    pub fn evidence(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        if let Outcome::Fail(f) = &mut self {
            if let Some(last) = f.last_mut() {
                last.evidence.insert(key.into(), value.into());
            }
        }
        self
    }
    pub fn remediation(mut self, fix: impl Into<String>) -> Self {
        if let Outcome::Fail(f) = &mut self {
            if let Some(last) = f.last_mut() {
                last.remediation = Some(fix.into());
            }
        }
        self
    }
    pub fn severity(mut self, severity: Severity) -> Self {
        if let Outcome::Fail(f) = &mut self {
            if let Some(last) = f.last_mut() {
                last.severity = Some(severity);
            }
        }
        self
    }
    pub fn is_fail(&self) -> bool {
        matches!(self, Outcome::Fail(_))
    }
}

/// A finding as reported (JSON schema `docker-harden/report/v1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    pub cis: Vec<String>,
    pub cwe: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cve: Vec<String>,
    pub object: ObjectRef,
    pub location: Option<Location>,
    pub message: String,
    pub evidence: Map<String, Value>,
    pub remediation: String,
}

impl Finding {
    /// Builds the reported finding from a rule's metadata and one failure.
    pub fn from_failure(meta: &RuleMeta, object: &ObjectRef, f: Failure) -> Self {
        Finding {
            rule: meta.id.to_string(),
            title: meta.title.to_string(),
            severity: f.severity.unwrap_or(meta.severity),
            cis: meta.cis.iter().map(|s| s.to_string()).collect(),
            cwe: meta.cwe.iter().map(|s| s.to_string()).collect(),
            cve: f.cve,
            object: object.clone(),
            location: f.location,
            message: f.message,
            evidence: f.evidence,
            remediation: f
                .remediation
                .unwrap_or_else(|| meta.remediation.to_string()),
        }
    }
}
