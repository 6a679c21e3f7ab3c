//! Dockerfiles: a BuildKit-exact parser ([`parser`]), the shell commands of `RUN`
//! ([`script`]), the build's stages with their `ARG`/`ENV`/`USER` resolved ([`analysis`]),
//! and the Dockerfile rules (`F…`, [`rules`]), run by [`lint()`].

pub mod analysis;
pub mod files;
pub mod lex;
pub mod lint;
pub mod parser;
pub mod rules;
pub mod script;

pub use lint::{lint, lint_parsed, lint_with, FileLint, LintError, LintOptions};
pub use parser::{parse, Dockerfile, Instruction, ParseError, Pos};

use dh_model::RuleMeta;

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// The documentation (markdown, from the rule's doc comment) of a Dockerfile rule.
pub fn doc(id: &str) -> Option<&'static str> {
    docs::doc(id)
}

/// `(meta, doc)` of every Dockerfile rule, for `docker-harden rules`.
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    rules::RULES
        .iter()
        .map(|r| (r.meta, doc(r.meta.id).unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    #[test]
    fn ids_unique_documented_and_tagged() {
        let mut seen = HashSet::new();
        for (m, d) in super::catalog() {
            assert!(seen.insert(m.id), "duplicate rule id {}", m.id);
            assert!(m.id.starts_with('F'));
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## References",
            ] {
                assert!(d.contains(section), "rule {} lacks {section}", m.id);
            }
            assert!(!m.remediation.is_empty());
        }
        let tags = |id: &str| {
            let (m, _) = super::catalog()
                .into_iter()
                .find(|(m, _)| m.id == id)
                .unwrap();
            (m.cis.to_vec(), m.cwe.to_vec())
        };
        // The tags the issue requires.
        assert_eq!(tags("F001"), (vec!["4.1"], vec!["CWE-250"]));
        assert_eq!(tags("F003").0, vec!["4.6"]);
        assert_eq!(tags("F004").0, vec!["4.7"]);
        assert_eq!(tags("F005"), (vec!["4.8"], vec!["CWE-250"]));
        assert_eq!(tags("F006").0, vec!["4.9"]);
        assert_eq!(tags("F007"), (vec!["4.10"], vec!["CWE-798"]));
        assert_eq!(tags("F008"), (vec!["4.10"], vec!["CWE-798"]));
        assert_eq!(tags("F009"), (vec!["4.11"], vec!["CWE-295"]));
        assert_eq!(tags("F010").1, vec!["CWE-494"]);
        assert_eq!(tags("F011").1, vec!["CWE-732"]);
        assert_eq!(tags("F013").0, vec!["5.7"]);
    }
}
