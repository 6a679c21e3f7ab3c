//! docker-harden's remote-access tooling: a PKI for the daemon's TLS listener (`tls init`,
//! `tls client`), a check of a live TLS endpoint (`tls check`), client environment and Docker
//! contexts (`tls env`, `tls context`), and a read-only exposure probe (`probe`).
//!
//! I/O lives in [`pki`], [`check`] (collection half), [`probe`] and [`context`]; the rules
//! (`T0xx` for `tls check`, `T1xx` for `probe`) are pure functions of the collected facts,
//! one per file, documented by their doc comments.

pub mod check;
pub mod context;
pub mod error;
pub mod files;
pub mod http;
pub mod pki;
pub mod probe;
pub mod shell_env;
pub mod target;
mod verify;

pub use error::Error;
pub use time;

use dh_model::RuleMeta;

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// The documentation (markdown, from the rule's doc comment) of a rule of this crate.
pub fn doc(id: &str) -> Option<&'static str> {
    docs::doc(id)
}

/// `(meta, doc)` for every rule of this crate, for `docker-harden rules`.
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    check::rules::METAS
        .iter()
        .chain(probe::rules::METAS.iter())
        .map(|m| (*m, doc(m.id).unwrap_or("")))
        .collect()
}

/// The rustls crypto provider docker-harden uses everywhere (ring, never aws-lc).
pub fn provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    std::sync::Arc::new(rustls::crypto::ring::default_provider())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_unique_and_documented() {
        let mut seen = HashSet::new();
        for (m, d) in catalog() {
            assert!(seen.insert(m.id), "duplicate rule id {}", m.id);
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## References",
            ] {
                assert!(d.contains(section), "rule {} lacks {section}", m.id);
            }
            assert!(!m.remediation.is_empty(), "{} has no remediation", m.id);
        }
        assert!(seen.len() >= 8);
    }
}
