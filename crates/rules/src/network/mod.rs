//! Network rules.

pub static RULES: &[crate::RuleEntry] = &[];
