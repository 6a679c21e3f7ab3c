//! Network rules.

mod icc;

pub use icc::NetworkIcc;

pub static RULES: &[crate::RuleEntry] = crate::register!(Network: NetworkIcc);
