use super::ImageContentRule;
use crate::ImageScan;
use dh_model::secrets::REDACTED;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `Env` entries and labels of the image configuration whose name or value looks like a
/// secret (`DB_PASSWORD=…`, `API_TOKEN=…`, a value shaped like an AWS key or a GitHub token).
/// The value is never shown: reports say `<redacted>`.
///
/// ## Why is this bad?
/// The image configuration is public to anyone who can pull the image (`docker inspect`,
/// `docker history`, any registry browser), and every container started from it inherits the
/// environment, where `docker inspect` and `/proc/*/environ` show it again.
///
/// ## Example
/// ```dockerfile
/// ENV DB_PASSWORD=hunter2
/// ```
///
/// Use instead:
/// ```dockerfile
/// # pass it at run time from a secret store, or mount it as a file:
/// # docker run --env-file /run/secrets/db.env app   /  docker secret / BuildKit --secret
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.10
/// - CWE-798: Use of Hard-coded Credentials
pub struct ConfigSecrets;

impl ImageContentRule for ConfigSecrets {
    const META: RuleMeta = RuleMeta {
        id: "I102",
        title: "Secret in the image configuration",
        severity: Severity::High,
        cis: &["4.10"],
        cwe: &["CWE-798"],
        remediation: "remove the ENV/LABEL from the Dockerfile and pass the secret at run time (docker secret, --env-file, BuildKit RUN --mount=type=secret); rotate the exposed value",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.config
                .secrets
                .iter()
                .map(|s| {
                    let shape = s
                        .value_kind
                        .as_deref()
                        .map(|k| format!(" ({k})"))
                        .unwrap_or_default();
                    let mut f = Failure::new(format!(
                        "{} {} holds a secret value{shape}: {REDACTED}",
                        s.place, s.name
                    ))
                    .evidence("place", s.place)
                    .evidence("name", s.name.clone())
                    .evidence("value", REDACTED);
                    if let Some(k) = &s.value_kind {
                        f = f.evidence("value_kind", k.clone());
                    }
                    f
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn fails_and_passes() {
        let s = scan_with(
            r#"{"config":{"Env":["PATH=/bin","DB_PASSWORD=hunter2"]}}"#,
            vec![],
        );
        let m = messages(ConfigSecrets.check(&s));
        assert_eq!(m, ["Env DB_PASSWORD holds a secret value: <redacted>"]);
        let s = scan_with(
            r#"{"config":{"Env":["PATH=/bin","DB_PASSWORD_FILE=/run/secrets/db"]}}"#,
            vec![],
        );
        assert_eq!(ConfigSecrets.check(&s), Outcome::Pass);
    }
}
