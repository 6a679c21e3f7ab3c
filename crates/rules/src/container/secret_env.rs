use crate::ContainerRule;
use dh_model::secrets::name_looks_secret;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags environment variables that hold a secret: a value with a known token shape (AWS access
/// key, GitHub token, private key block, URL with a password, …) — high — or a non-empty value
/// under a secret-looking name (`DB_PASSWORD`, `API_KEY`, `SECRET_KEY`, `*_TOKEN`) — medium.
/// Names such as `GPG_KEY`, `PUBLIC_KEY` or `PASSWORD_FILE` are not secrets. Values are
/// classified when the container is collected and never stored or shown.
///
/// ## Why is this bad?
/// Environment variables are visible to anyone who can run `docker inspect`, to every process in
/// the container, in `/proc/*/environ`, in crash reports and in child processes.
///
/// ## Example
/// ```sh
/// docker run -e DB_PASSWORD=hunter2 app
/// ```
///
/// Use instead:
/// ```sh
/// docker run -v /srv/secrets/db_password:/run/secrets/db_password:ro -e DB_PASSWORD_FILE=/run/secrets/db_password app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.10
pub struct SecretEnv;

impl ContainerRule for SecretEnv {
    const META: RuleMeta = RuleMeta {
        id: "C103",
        title: "Secret in container environment",
        severity: Severity::High,
        cis: &["4.10"],
        cwe: &["CWE-798", "CWE-526"],
        remediation: "pass secrets as files (docker secrets, a read-only mount, or /run/secrets) and point the application at them (e.g. DB_PASSWORD_FILE=/run/secrets/db_password)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let mut shaped: Vec<String> = Vec::new();
        let mut named: Vec<String> = Vec::new();
        for v in &c.config.env_vars {
            if let Some(kind) = &v.value_kind {
                shaped.push(format!("{} ({kind})", v.name));
            } else if !v.empty && name_looks_secret(&v.name) {
                named.push(v.name.clone());
            }
        }
        if shaped.is_empty() && named.is_empty() {
            return Outcome::pass();
        }
        let mut all = shaped.clone();
        all.extend(named.iter().cloned());
        Outcome::fail(format!(
            "container {} has secrets in its environment: {}",
            c.display_name(),
            all.join(", ")
        ))
        .evidence("Config.Env", all)
        .severity(if shaped.is_empty() {
            Severity::Medium
        } else {
            Severity::High
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn secrets_fail_by_shape_and_name() {
        assert_eq!(
            message(&check(SecretEnv, "fx-env")),
            "container fx-env has secrets in its environment: GITHUB_TOKEN (github-token), DB_PASSWORD"
        );
    }

    #[test]
    fn plain_env_passes() {
        assert_eq!(check(SecretEnv, "fx-default"), Outcome::Pass);
    }
}
