use crate::ImageRule;
use dh_model::{Image, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags images whose configured user is root: no `USER` instruction, or `USER root`, `0`,
/// `0:0`. Containers started from them run as root unless `--user` says otherwise.
///
/// ## Why is this bad?
/// An image that defaults to root makes every container started from it root unless someone
/// remembers `--user`; root in a container is root on the host's kernel.
///
/// ## Example
/// ```dockerfile
/// FROM alpine
/// CMD ["app"]
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM alpine
/// RUN adduser -D -u 10001 app
/// USER 10001
/// CMD ["app"]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.1
pub struct ImageRootUser;

impl ImageRule for ImageRootUser {
    const META: RuleMeta = RuleMeta {
        id: "I001",
        title: "Image runs as root",
        severity: Severity::Medium,
        cis: &["4.1"],
        cwe: &["CWE-250"],
        remediation:
            "add a non-root user and `USER 10001` as the last USER instruction of the image",
    };

    fn check(&self, i: &Image, _: &Snapshot) -> Outcome {
        let user = i.config.as_ref().map(|c| c.user.trim()).unwrap_or("");
        if crate::concepts::user_is_root(user) {
            let shown = if user.is_empty() {
                "no USER".to_string()
            } else {
                format!("USER {user}")
            };
            Outcome::fail(format!("image {} runs as root ({shown})", i.display_name()))
                .evidence("Config.User", user.to_string())
        } else {
            Outcome::pass()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busybox_runs_as_root() {
        let i = crate::image::fixtures::busybox();
        let Outcome::Fail(f) = ImageRootUser.check(&i, &Snapshot::default()) else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "image dh-busybox:latest runs as root (no USER)"
        );
    }

    #[test]
    fn user_set_passes() {
        let mut i = crate::image::fixtures::busybox();
        i.config.as_mut().unwrap().user = "10001".into();
        assert_eq!(ImageRootUser.check(&i, &Snapshot::default()), Outcome::Pass);
    }
}
