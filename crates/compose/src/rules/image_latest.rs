use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `image:` references without a tag (which means `:latest`) or with the `:latest`
/// tag, unless pinned by digest (`@sha256:…`). Services that `build:` the image they name
/// are not judged.
///
/// ## Why is this bad?
/// `latest` moves: the next `docker compose pull` can bring a different major version or a
/// compromised image, and two hosts running "the same" file run different code. A pinned
/// tag, better a digest, makes deployments reproducible and reviewable.
///
/// ## Example
/// ```yaml
/// services:
///   web:
///     image: nginx
/// ```
///
/// Use instead:
/// ```yaml
///     image: nginx:1.27.3@sha256:…
/// ```
///
/// ## References
/// - Docker docs, "Image tags and digests"
pub struct ImageLatest;

impl ServiceRule for ImageLatest {
    const META: RuleMeta = RuleMeta {
        id: "K022",
        title: "Image not pinned",
        severity: Severity::Low,
        cis: &[],
        cwe: &["CWE-1357"],
        remediation:
            "pin the image to a version tag, better to a digest (`image: nginx:1.27@sha256:…`)",
    };

    fn check(&self, s: &Service) -> Outcome {
        let Some(img) = &s.image else {
            return Outcome::NotApplicable;
        };
        let r = img.value.trim();
        if r.is_empty() || s.has_build {
            return Outcome::NotApplicable;
        }
        if r.contains('@') {
            return Outcome::Pass;
        }
        // The tag is after the last ':' of the last path component (a registry may have a port).
        let last = r.rsplit('/').next().unwrap_or(r);
        let msg = match last.rsplit_once(':') {
            Some((_, "latest")) => {
                format!("service {} uses image {r}: latest is a moving tag", s.name)
            }
            Some(_) => return Outcome::Pass,
            None => format!(
                "service {} uses image {r} without a tag (latest, a moving tag)",
                s.name
            ),
        };
        Outcome::Fail(vec![fail_at(s, &img.pos, msg).evidence("image", r)])
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  a:\n    image: nginx\n  b:\n    image: localhost:5000/app:latest\n  c:\n    image: localhost:5000/app:1.2\n  d:\n    image: app@sha256:0123\n  e:\n    build: .\n    image: myapp\n";
        assert_eq!(
            run("K022", y),
            [
                "3:5: service a uses image nginx without a tag (latest, a moving tag)",
                "5:5: service b uses image localhost:5000/app:latest: latest is a moving tag",
                "pass",
                "pass",
                "n/a"
            ]
        );
    }
}
