//! Host rules.

pub static RULES: &[crate::RuleEntry] = &[];
