//! Image rules.

pub static RULES: &[crate::RuleEntry] = &[];
