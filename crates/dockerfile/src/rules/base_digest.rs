use super::base_latest::{external_stages, split_ref};
use super::DockerfileRule;
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// A hint (information): a `FROM` with a tag but no digest (`@sha256:…`). Tags can be
/// re-pointed by whoever controls the repository; a digest cannot.
///
/// ## Why is this bad?
/// A re-pushed tag changes your base image without any change in your repository — which
/// is how a compromised upstream reaches every downstream build. Pin the digest and let a
/// bot (Renovate, Dependabot) propose updates.
///
/// ## Example
/// ```dockerfile
/// FROM python:3.12-slim
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM python:3.12-slim@sha256:<digest>
/// ```
///
/// ## References
/// - Docker docs, "Pin base image versions"
pub struct BaseDigest;

impl DockerfileRule for BaseDigest {
    const META: RuleMeta = RuleMeta {
        id: "F015",
        title: "Base image not pinned by digest",
        severity: Severity::Info,
        cis: &[],
        cwe: &[],
        remediation: "append the digest: `FROM image:tag@sha256:…` (`docker buildx imagetools inspect image:tag` shows it)",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for s in external_stages(a) {
            let Some(img) = &s.base_resolved else {
                continue;
            };
            let (_, tag, digest) = split_ref(img);
            if digest.is_none() && tag.is_some_and(|t| t != "latest") {
                failures.push(
                    Failure::new(format!("FROM {img} is pinned by tag only, not by digest"))
                        .at(a.inst_loc(s.from)),
                );
            }
        }
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn hints_on_tag_without_digest() {
        let o = run(BaseDigest, "FROM python:3.12-slim\n");
        assert_eq!(
            failures(&o),
            vec![(
                1,
                1,
                "FROM python:3.12-slim is pinned by tag only, not by digest".to_string()
            )]
        );
    }

    #[test]
    fn passes_with_digest() {
        assert_eq!(
            run(BaseDigest, "FROM python:3.12-slim@sha256:0123\n"),
            Outcome::Pass
        );
    }
}
