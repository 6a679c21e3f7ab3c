use super::DockerfileRule;
use crate::analysis::{Analysis, Stage};
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a `FROM` whose image — after `ARG` defaults are substituted — has no tag or the
/// `:latest` tag and no digest. Stages built from an earlier stage and `scratch` are not
/// judged; an image whose build argument has no default cannot be judged.
///
/// ## Why is this bad?
/// `latest` moves: the same Dockerfile builds a different image tomorrow, a rebuild to fix
/// one thing silently upgrades everything, and you cannot tell which base a running image
/// came from.
///
/// ## Example
/// ```dockerfile
/// ARG BASE=debian
/// FROM ${BASE}
/// ```
///
/// Use instead:
/// ```dockerfile
/// ARG BASE=debian:12.5-slim
/// FROM ${BASE}
/// ```
///
/// ## References
/// - Docker docs, "Best practices: pin base image versions"
pub struct BaseLatest;

/// `(name, tag, digest)` of an image reference.
pub(crate) fn split_ref(r: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match r.split_once('@') {
        Some((a, d)) => (a, Some(d)),
        None => (r, None),
    };
    let last_slash = rest.rfind('/').map(|p| p + 1).unwrap_or(0);
    match rest[last_slash..].rfind(':') {
        Some(c) => (
            &rest[..last_slash + c],
            Some(&rest[last_slash + c + 1..]),
            digest,
        ),
        None => (rest, None, digest),
    }
}

/// Stages built from an external image (not `scratch`, not an earlier stage).
pub(crate) fn external_stages<'a>(a: &'a Analysis) -> Vec<&'a Stage> {
    a.stages
        .iter()
        .filter(|s| s.parent.is_none())
        .filter(|s| {
            s.base_resolved
                .as_deref()
                .is_none_or(|b| !b.eq_ignore_ascii_case("scratch"))
        })
        .collect()
}

impl DockerfileRule for BaseLatest {
    const META: RuleMeta = RuleMeta {
        id: "F014",
        title: "Base image untagged or :latest",
        severity: Severity::Medium,
        cis: &[],
        cwe: &[],
        remediation:
            "pin the base image to a version tag (and a digest): `FROM debian:12.5-slim@sha256:…`",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        let mut undecided = vec![];
        for s in external_stages(a) {
            let Some(img) = &s.base_resolved else {
                undecided.push(s.base.clone());
                continue;
            };
            let (name, tag, digest) = split_ref(img);
            if digest.is_some() {
                continue;
            }
            let shown = if *img == s.base {
                img.clone()
            } else {
                format!("{} (resolves to {img})", s.base)
            };
            match tag {
                None => failures.push(
                    Failure::new(format!("FROM {shown} has no tag: it means {name}:latest"))
                        .at(a.inst_loc(s.from)),
                ),
                Some("latest") => failures.push(
                    Failure::new(format!("FROM {shown} uses the moving :latest tag"))
                        .at(a.inst_loc(s.from)),
                ),
                _ => {}
            }
        }
        if failures.is_empty() && !undecided.is_empty() {
            return Outcome::skip(format!(
                "FROM {} cannot be resolved: a build argument it uses has no default",
                undecided.join(", ")
            ));
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_on_untagged_and_latest_after_arg_resolution() {
        let o = run(
            BaseLatest,
            "ARG BASE=ubuntu\nFROM $BASE AS a\nFROM nginx:latest\nFROM a\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (
                    2,
                    1,
                    "FROM $BASE (resolves to ubuntu) has no tag: it means ubuntu:latest"
                        .to_string()
                ),
                (
                    3,
                    1,
                    "FROM nginx:latest uses the moving :latest tag".to_string()
                ),
            ]
        );
    }

    #[test]
    fn passes_on_tags_digests_stages_and_scratch() {
        let o = run(
            BaseLatest,
            "ARG V=3.19\nFROM alpine:${V} AS a\nFROM registry:5000/team/app@sha256:abc\nFROM a\nFROM scratch\n",
        );
        assert_eq!(o, Outcome::Pass);
        assert_eq!(
            split_ref("localhost:5000/x"),
            ("localhost:5000/x", None, None)
        );
    }
}
