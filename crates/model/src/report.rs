//! The report: schema `docker-harden/report/v1` (see DESIGN.md). Fields are only ever added.

use crate::finding::{Finding, ObjectRef, Severity};
use serde::{Deserialize, Serialize};

pub const REPORT_SCHEMA: &str = "docker-harden/report/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "docker-harden".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// What was audited.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Target {
    /// `host`, `snapshot`, `files`, `image`, `container`, `endpoint`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    pub findings: usize,
    pub passed: usize,
    pub skipped: usize,
    pub by_severity: BySeverity,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BySeverity {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl BySeverity {
    pub fn count(&mut self, s: Severity) {
        match s {
            Severity::Critical => self.critical += 1,
            Severity::High => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
            Severity::Info => self.info += 1,
        }
    }
    pub fn get(&self, s: Severity) -> usize {
        match s {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// A pass or skip entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEntry {
    pub rule: String,
    pub object: ObjectRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub tool: Tool,
    pub target: Target,
    pub duration_ms: u64,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub passed: Vec<ReportEntry>,
    pub skipped: Vec<ReportEntry>,
    pub errors: Vec<String>,
    /// Warnings about the run itself (expired ignores, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Findings removed by an `[[ignore]]` entry of the policy file, with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
}

/// A finding an ignore entry of the policy file removed from `findings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppressed {
    pub rule: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    pub object: ObjectRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<crate::finding::Location>,
    /// The finding's message.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The `reason` of the ignore entry.
    pub reason: String,
    /// The ignore's `expires` date (`YYYY-MM-DD`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Report {
    pub fn new(target: Target) -> Self {
        Report {
            schema: REPORT_SCHEMA.into(),
            tool: Tool::default(),
            target,
            duration_ms: 0,
            summary: Summary::default(),
            findings: vec![],
            passed: vec![],
            skipped: vec![],
            errors: vec![],
            warnings: vec![],
            suppressed: vec![],
        }
    }

    /// Sorts findings (most severe first, then rule, then object) and recomputes the summary.
    pub fn finish(&mut self) {
        self.findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.object.cmp(&b.object))
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.location.cmp(&b.location))
                .then_with(|| a.message.cmp(&b.message))
        });
        self.passed
            .sort_by(|a, b| a.object.cmp(&b.object).then_with(|| a.rule.cmp(&b.rule)));
        self.skipped
            .sort_by(|a, b| a.object.cmp(&b.object).then_with(|| a.rule.cmp(&b.rule)));
        self.suppressed.sort_by(|a, b| {
            a.object
                .cmp(&b.object)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.location.cmp(&b.location))
        });
        let mut by = BySeverity::default();
        for f in &self.findings {
            by.count(f.severity);
        }
        self.summary = Summary {
            findings: self.findings.len(),
            passed: self.passed.len(),
            skipped: self.skipped.len(),
            by_severity: by,
        };
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Appends another report's results (used when one command audits several things).
    pub fn absorb(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.passed.extend(other.passed);
        self.skipped.extend(other.skipped);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self.suppressed.extend(other.suppressed);
    }
}
