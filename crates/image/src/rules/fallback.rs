//! Stand-ins for the shared image-config rules `I001` (user) and `I006` (healthcheck) of
//! `dh_rules::image`, used only while that crate does not register them (see
//! `fallback_config_rules`). They judge with the same shared concept
//! (`dh_rules::concepts::user_is_root`).

use super::ImageContentRule;
use crate::ImageScan;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags images whose configuration has no `USER`, or a root one (`root`, `0`, `0:0`): their
/// containers run as root unless started with `--user`.
///
/// ## Why is this bad?
/// Root in a container is root on the host's kernel: any container escape, writable host
/// mount or kernel bug is then exploited with full privileges.
///
/// ## Example
/// ```dockerfile
/// FROM alpine
/// COPY app /app
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM alpine
/// RUN adduser -D -u 10001 app
/// USER 10001
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.1
/// - CWE-250: Execution with Unnecessary Privileges
pub struct UserRoot;

impl ImageContentRule for UserRoot {
    const META: RuleMeta = RuleMeta {
        id: "I001",
        title: "Image runs as root",
        severity: Severity::Medium,
        cis: &["4.1"],
        cwe: &["CWE-250"],
        remediation: "add a non-root user and a USER instruction to the Dockerfile (USER 10001)",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        let user = scan.config.run.user.trim();
        if dh_rules::concepts::user_is_root(user) {
            let shown = if user.is_empty() {
                "no USER (root)".to_string()
            } else {
                format!("USER {user}")
            };
            Outcome::fail(format!(
                "image {} runs as root: {shown}",
                scan.object().name.unwrap_or_default()
            ))
            .evidence("Config.User", user)
        } else {
            Outcome::pass()
        }
    }
}

/// ## What it does
/// Flags images without a `HEALTHCHECK` (or with `HEALTHCHECK NONE`).
///
/// ## Why is this bad?
/// Without a health check the engine and orchestrators only know that the process exists,
/// not that it works: a hung service is never restarted or taken out of rotation.
///
/// ## Example
/// ```dockerfile
/// CMD ["/app/server"]
/// ```
///
/// Use instead:
/// ```dockerfile
/// HEALTHCHECK --interval=30s CMD ["/app/server", "--health"]
/// CMD ["/app/server"]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.6
pub struct NoHealthcheck;

impl ImageContentRule for NoHealthcheck {
    const META: RuleMeta = RuleMeta {
        id: "I006",
        title: "Image has no HEALTHCHECK",
        severity: Severity::Low,
        cis: &["4.6"],
        cwe: &[],
        remediation: "add a HEALTHCHECK instruction to the Dockerfile (HEALTHCHECK CMD [\"/app\", \"--health\"])",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        let test = scan
            .config
            .run
            .healthcheck
            .as_ref()
            .and_then(|h| h.test.as_ref());
        match test.and_then(|t| t.first()) {
            Some(first) if first != "NONE" => Outcome::pass(),
            _ => Outcome::fail(format!(
                "image {} has no HEALTHCHECK",
                scan.object().name.unwrap_or_default()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn user() {
        let s = scan_with(r#"{"config":{"User":""}}"#, vec![]);
        assert_eq!(
            messages(UserRoot.check(&s)),
            ["image app:1 runs as root: no USER (root)"]
        );
        assert_eq!(
            UserRoot.check(&scan_with(r#"{"config":{"User":"1000"}}"#, vec![])),
            Outcome::Pass
        );
    }

    #[test]
    fn healthcheck() {
        let s = scan_with(r#"{"config":{}}"#, vec![]);
        assert_eq!(
            messages(NoHealthcheck.check(&s)),
            ["image app:1 has no HEALTHCHECK"]
        );
        let s = scan_with(
            r#"{"config":{"Healthcheck":{"Test":["CMD","true"]}}}"#,
            vec![],
        );
        assert_eq!(NoHealthcheck.check(&s), Outcome::Pass);
    }
}
