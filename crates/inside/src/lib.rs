//! `docker-harden inside`: run in a container, report its escape surface — capabilities,
//! seccomp, AppArmor, no_new_privs, user and host namespaces, engine sockets, host mounts,
//! writable kernel interfaces, host devices — in the same report schema as every other
//! command (object kind `container`, name = hostname).
//!
//! [`facts::collect`] does all the I/O; the rules in [`rules`] are pure functions of its
//! result.

pub mod facts;
pub mod rules;

pub use facts::{collect, InsideFacts, Options};

use dh_model::{ObjectKind, ObjectRef, Report, RuleMeta};

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// The object every `inside` finding is about.
pub fn object(f: &InsideFacts) -> ObjectRef {
    let state = if f.runtime.in_container {
        "running"
    } else {
        "not-a-container"
    };
    ObjectRef::named(ObjectKind::Container, f.hostname.clone()).with_state(state)
}

/// Runs the `inside` rules on facts, into `report`.
pub fn audit(f: &InsideFacts, report: &mut Report, enabled: &dyn Fn(&str) -> bool) {
    let obj = object(f);
    for r in rules::RULES {
        if enabled(r.meta.id) {
            dh_rules::engine::record(report, r.meta, &obj, (r.check)(f));
        }
    }
}

pub fn doc(id: &str) -> Option<&'static str> {
    docs::doc(id)
}

/// `(meta, doc)` for every `inside` rule, for `docker-harden rules`.
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    rules::RULES
        .iter()
        .map(|r| (r.meta, doc(r.meta.id).unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_unique_and_documented() {
        let mut seen = HashSet::new();
        for (meta, d) in catalog() {
            assert!(seen.insert(meta.id), "duplicate rule id {}", meta.id);
            assert!(
                d.contains("## What it does")
                    && d.contains("## Why")
                    && d.contains("## Example")
                    && d.contains("## References"),
                "rule {} lacks a complete doc comment",
                meta.id
            );
        }
    }
}
