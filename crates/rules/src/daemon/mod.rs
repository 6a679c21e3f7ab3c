//! Daemon rules.

pub static RULES: &[crate::RuleEntry] = &[];
