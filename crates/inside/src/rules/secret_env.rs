use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Lists environment variables of the process whose *names* look like secrets
/// (`DB_PASSWORD`, `API_TOKEN`, `AWS_SECRET_ACCESS_KEY`; not `PASSWORD_FILE`). Values are never
/// read into the report.
///
/// ## Why is this bad?
/// Environment variables are shown by `docker inspect`, inherited by every child process,
/// written to crash dumps and logs, and readable in `/proc/*/environ` by anything running as
/// the same user: a secret there is exposed far beyond the one process that needs it.
///
/// ## Example
/// ```sh
/// docker run -e DB_PASSWORD=hunter2 app
/// ```
///
/// Use instead: a secret file (`docker secret`, a read-only bind of a file under
/// `/run/secrets`) and `DB_PASSWORD_FILE=/run/secrets/db`.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.10
/// - CWE-526: Exposure of Sensitive Information Through Environmental Variables
pub struct SecretEnv;

impl InsideRule for SecretEnv {
    const META: RuleMeta = RuleMeta {
        id: "C218",
        title: "Secret-looking environment variables",
        severity: Severity::Medium,
        cis: &["4.10"],
        cwe: &["CWE-526"],
        remediation: "pass secrets as files (docker secret, /run/secrets/NAME) and point the app at them (NAME_FILE=…)",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        if f.secret_env.is_empty() {
            return Outcome::pass();
        }
        Outcome::fail(format!(
            "secret-looking environment variables (values not shown): {}",
            f.secret_env.join(", ")
        ))
        .evidence("names", f.secret_env.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            secret_env: vec!["DB_PASSWORD".into()],
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(SecretEnv.check(&f)),
            ["secret-looking environment variables (values not shown): DB_PASSWORD"]
        );
        assert_eq!(SecretEnv.check(&InsideFacts::default()), Outcome::Pass);
    }
}
