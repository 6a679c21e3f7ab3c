use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::secrets::{classify_value, name_looks_secret, value_is_placeholder};
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags secret values written into `environment` (list or mapping form): a secret-looking
/// name (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, not `GPG_KEY` or `PASSWORD_FILE`) with a
/// literal value, or a value shaped like a known token (AWS access key, GitHub token,
/// private key, URL with a password) under any name. Values taken from the environment or
/// `.env` (`${DB_PASSWORD}`) are not flagged. The value is never printed.
///
/// ## Why is this bad?
/// The compose file is committed, shared and copied into CI logs; anything in it is
/// public to everyone who can read the repository. Environment variables are also visible
/// in `docker inspect` and to every process in the container.
///
/// ## Example
/// ```yaml
/// services:
///   db:
///     image: postgres:16
///     environment:
///       POSTGRES_PASSWORD: hunter2
/// ```
///
/// Use instead:
/// ```yaml
/// services:
///   db:
///     image: postgres:16
///     environment:
///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
///     secrets: [db_password]
/// secrets:
///   db_password:
///     file: ./db_password.txt
/// ```
///
/// ## References
/// - CWE-798: Use of Hard-coded Credentials
/// - Compose Specification, `secrets`
pub struct EnvironmentSecret;

impl ServiceRule for EnvironmentSecret {
    const META: RuleMeta = RuleMeta {
        id: "K021",
        title: "Secret in environment",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-798"],
        remediation: "move the value to a compose secret (`secrets:`) or an untracked .env file referenced as ${VAR}",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .environment
            .iter()
            .filter_map(|e| {
                // Judge the text as written: a value that came from `${VAR}` is not in the file.
                let written = e.written.as_deref()?;
                let kind = classify_value(written);
                let by_name = name_looks_secret(&e.name) && !value_is_placeholder(written);
                if kind.is_none() && !by_name {
                    return None;
                }
                let what = kind
                    .map(|k| format!(" (looks like a {k})"))
                    .unwrap_or_default();
                let mut f = fail_at(
                    s,
                    &e.pos,
                    format!(
                        "service {} has a secret value in environment variable {}{what}",
                        s.name, e.name
                    ),
                )
                .evidence("variable", e.name.clone());
                if let Some(k) = kind {
                    f = f.evidence("value_kind", k);
                }
                Some(f)
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::run;

    #[test]
    fn fails_and_passes() {
        let y = "services:\n  app:\n    image: a:1\n    environment:\n      - DB_PASSWORD=hunter2\n      - DEBUG=1\n      - AWS_ID=AKIAIOSFODNN7EXAMPLE\n  map:\n    image: a:1\n    environment:\n      API_KEY: \"s3cr3t-value\"\n      GPG_KEY: ABCDEF\n  ok:\n    image: a:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      DB_PASSWORD_FILE: /run/secrets/db\n      TOKEN:\n      SECRET_KEY: ${SECRET_KEY:-}\n";
        let got = run("K021", y);
        assert_eq!(
            got,
            [
                "5:9: service app has a secret value in environment variable DB_PASSWORD",
                "7:9: service app has a secret value in environment variable AWS_ID (looks like a aws-access-key-id)",
                "11:7: service map has a secret value in environment variable API_KEY",
                "pass"
            ]
        );
        assert!(!got
            .iter()
            .any(|m| m.contains("hunter2") || m.contains("AKIA")));
    }
}
