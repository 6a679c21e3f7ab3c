//! Container runtime rules (CIS Docker Benchmark v1.6.0 section 5, and 4.1).

mod privileged;

pub use privileged::Privileged;

pub static RULES: &[crate::RuleEntry] = crate::register!(Container: Privileged);
