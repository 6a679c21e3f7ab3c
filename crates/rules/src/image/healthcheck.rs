use crate::ImageRule;
use dh_model::{Image, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags images without a `HEALTHCHECK` instruction (or with `HEALTHCHECK NONE`).
///
/// ## Why is this bad?
/// Without a healthcheck, the engine cannot tell a hung or hijacked service from a healthy
/// one; every container started from the image inherits that blindness.
///
/// ## Example
/// ```dockerfile
/// FROM nginx
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM nginx
/// HEALTHCHECK --interval=30s CMD wget -qO- http://localhost/ || exit 1
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.6
pub struct ImageHealthcheck;

impl ImageRule for ImageHealthcheck {
    const META: RuleMeta = RuleMeta {
        id: "I006",
        title: "Image has no HEALTHCHECK",
        severity: Severity::Low,
        cis: &["4.6"],
        cwe: &["CWE-703"],
        remediation: "add `HEALTHCHECK CMD <probe>` to the Dockerfile",
    };

    fn check(&self, i: &Image, _: &Snapshot) -> Outcome {
        let set = i
            .config
            .as_ref()
            .and_then(|c| c.healthcheck.as_ref())
            .is_some_and(|h| h.is_set());
        if set {
            Outcome::pass()
        } else {
            Outcome::fail(format!("image {} has no HEALTHCHECK", i.display_name()))
                .evidence("Config.Healthcheck", serde_json::Value::Null)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busybox_has_none() {
        let i = crate::image::fixtures::busybox();
        let Outcome::Fail(f) = ImageHealthcheck.check(&i, &Snapshot::default()) else {
            panic!()
        };
        assert_eq!(f[0].message, "image dh-busybox:latest has no HEALTHCHECK");
    }

    #[test]
    fn healthcheck_passes() {
        let mut i = crate::image::fixtures::busybox();
        i.config.as_mut().unwrap().healthcheck = Some(dh_model::HealthConfig {
            test: Some(vec!["CMD".into(), "true".into()]),
            ..Default::default()
        });
        assert_eq!(
            ImageHealthcheck.check(&i, &Snapshot::default()),
            Outcome::Pass
        );
    }
}
