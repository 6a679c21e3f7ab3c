//! The data that flows through docker-harden's pipeline.
//!
//! `collectors ──► Snapshot ──► rules ──► Findings ──► reporters`
//!
//! Everything here is plain serde data: no I/O, no clock.

pub mod finding;
pub mod host;
pub mod secrets;
pub mod report;
pub mod snapshot;

pub use finding::{Failure, Finding, Location, ObjectKind, ObjectRef, Outcome, RuleMeta, Severity};
pub use report::{BySeverity, Report, ReportEntry, Summary, Target, Tool, REPORT_SCHEMA};
pub use host::{ConfigSetting, HostFacts, SourceRef};
pub use snapshot::*;
