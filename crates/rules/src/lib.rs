//! docker-harden's rules for live hosts and snapshots: pure functions of a [`Snapshot`].
//!
//! One rule per file; the doc comment above the rule struct is the rule's documentation
//! (extracted at build time, see `dh-ruledoc`). Adding a rule = one file, one line in the
//! domain's `RULES` list, one fixture test.

pub mod concepts;
pub mod container;
pub mod cves;
pub mod daemon;
pub mod engine;
pub mod host;
pub mod image;
pub mod network;
pub mod version;

use dh_model::{Container, Image, Network, Outcome, RuleMeta, Snapshot};

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// A rule about one container. Judged on its configuration (`HostConfig`), so a created or
/// stopped container is judged as it would run.
pub trait ContainerRule: Sync {
    const META: RuleMeta;
    fn check(&self, c: &Container, snap: &Snapshot) -> Outcome;
}

/// A rule about the daemon as a whole (object kind `daemon`).
pub trait DaemonRule: Sync {
    const META: RuleMeta;
    fn check(&self, snap: &Snapshot) -> Outcome;
}

/// A rule about the host (object kind `host`): files, audit rules, kernel.
pub trait HostRule: Sync {
    const META: RuleMeta;
    fn check(&self, snap: &Snapshot) -> Outcome;
}

/// A rule about one network.
pub trait NetworkRule: Sync {
    const META: RuleMeta;
    fn check(&self, n: &Network, snap: &Snapshot) -> Outcome;
}

/// A rule about one image's configuration (images used by containers).
pub trait ImageRule: Sync {
    const META: RuleMeta;
    fn check(&self, i: &Image, snap: &Snapshot) -> Outcome;
}

/// How the engine runs a registered rule.
#[derive(Clone, Copy)]
pub enum Runner {
    Container(fn(&Container, &Snapshot) -> Outcome),
    Daemon(fn(&Snapshot) -> Outcome),
    Host(fn(&Snapshot) -> Outcome),
    Network(fn(&Network, &Snapshot) -> Outcome),
    Image(fn(&Image, &Snapshot) -> Outcome),
}

/// One registered rule.
#[derive(Clone, Copy)]
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub run: Runner,
}

/// Registers rules of one domain: `register!(Container: Privileged, CapAdd)`.
/// Kinds: `Container`, `Network`, `Image` (per object) and `Daemon`, `Host` (per snapshot).
#[macro_export]
macro_rules! register {
    (Container: $($rule:path),* $(,)?) => { $crate::register!(@obj Container ContainerRule $($rule),*) };
    (Network: $($rule:path),* $(,)?) => { $crate::register!(@obj Network NetworkRule $($rule),*) };
    (Image: $($rule:path),* $(,)?) => { $crate::register!(@obj Image ImageRule $($rule),*) };
    (Daemon: $($rule:path),* $(,)?) => { $crate::register!(@glob Daemon DaemonRule $($rule),*) };
    (Host: $($rule:path),* $(,)?) => { $crate::register!(@glob Host HostRule $($rule),*) };
    (@obj $kind:ident $tr:ident $($rule:path),*) => {
        &[$($crate::RuleEntry {
            meta: &<$rule as $crate::$tr>::META,
            run: $crate::Runner::$kind(|x, s| <$rule as $crate::$tr>::check(&$rule, x, s)),
        }),*]
    };
    (@glob $kind:ident $tr:ident $($rule:path),*) => {
        &[$($crate::RuleEntry {
            meta: &<$rule as $crate::$tr>::META,
            run: $crate::Runner::$kind(|s| <$rule as $crate::$tr>::check(&$rule, s)),
        }),*]
    };
}

/// Every rule this crate runs on a Snapshot, in a stable order.
pub fn registry() -> Vec<RuleEntry> {
    let mut all = Vec::new();
    all.extend_from_slice(host::RULES);
    all.extend_from_slice(daemon::RULES);
    all.extend_from_slice(container::RULES);
    all.extend_from_slice(image::RULES);
    all.extend_from_slice(network::RULES);
    all
}

/// The documentation (markdown, from the rule's doc comment) of a rule of this crate.
pub fn doc(id: &str) -> Option<&'static str> {
    docs::doc(id)
}

/// `(meta, doc)` for every rule of this crate, for `docker-harden rules`.
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    registry()
        .into_iter()
        .map(|e| (e.meta, doc(e.meta.id).unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_unique_and_documented() {
        let mut seen = HashSet::new();
        for e in registry() {
            assert!(seen.insert(e.meta.id), "duplicate rule id {}", e.meta.id);
            let d = doc(e.meta.id).unwrap_or_default();
            assert!(
                d.contains("## What it does") && d.contains("## Why"),
                "rule {} lacks a doc comment with What/Why sections",
                e.meta.id
            );
            assert!(
                !e.meta.remediation.is_empty(),
                "{} has no remediation",
                e.meta.id
            );
        }
    }
}
