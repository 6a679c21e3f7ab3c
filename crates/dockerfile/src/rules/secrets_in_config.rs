use super::DockerfileRule;
use crate::analysis::{unquote, Analysis};
use crate::parser::{Args, Instruction};
use dh_model::secrets::{classify_value, name_looks_secret, value_is_placeholder, REDACTED};
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags secrets written into the Dockerfile: `ENV`, `ARG` defaults and `LABEL`s whose value
/// has a known token shape (AWS access key id, GitHub/GitLab/Slack/Stripe/npm/PyPI token,
/// private key block, URL with a password, JWT), or whose name says it is a secret
/// (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, not `GPG_KEY` or `PASSWORD_FILE`) and whose value
/// is a literal. An `ARG` with a secret-looking name and no value (`ARG NPM_TOKEN`) is a
/// low-severity hint: the value given at build time is kept in the image history. Values are
/// never printed.
///
/// ## Why is this bad?
/// `ENV` and `LABEL` values are stored in the image configuration and `ARG` values in its
/// history: anyone who can pull the image can read them, forever.
///
/// ## Example
/// ```dockerfile
/// ENV AWS_ACCESS_KEY_ID=AKIA…
/// ARG NPM_TOKEN
/// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.10 "Ensure secrets are not stored in Dockerfiles"
/// - CWE-798: Use of Hard-coded Credentials
pub struct SecretsInConfig;

impl DockerfileRule for SecretsInConfig {
    const META: RuleMeta = RuleMeta {
        id: "F007",
        title: "Secret in ENV, ARG or LABEL",
        severity: Severity::High,
        cis: &["4.10"],
        cwe: &["CWE-798"],
        remediation: "pass secrets at build time with `RUN --mount=type=secret,id=NAME` and at run time with the orchestrator's secrets, never in ENV/ARG/LABEL",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for (i, inst) in a.df.instructions.iter().enumerate() {
            let inst: &Instruction = inst;
            let kw = inst.keyword.as_str();
            let pairs: Vec<(String, Option<String>, usize)> = match (&inst.args, kw) {
                (Args::Pairs(ps), "ENV" | "LABEL") => ps
                    .iter()
                    .map(|p| (unquote(&p.key), Some(unquote(&p.value)), p.offset))
                    .collect(),
                (Args::Words(ws), "ARG") => ws
                    .iter()
                    .map(|w| match w.text.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(unquote(v)), w.offset),
                        None => (w.text.clone(), None, w.offset),
                    })
                    .collect(),
                _ => continue,
            };
            for (name, value, off) in pairs {
                let loc = a.loc(i, off);
                match value {
                    Some(v) if !v.is_empty() => {
                        if let Some(kind) = classify_value(&v) {
                            failures.push(
                                Failure::new(format!("{kw} {name} holds a value shaped like a {kind} (value redacted)"))
                                    .at(loc)
                                    .evidence("name", name.clone())
                                    .evidence("value", REDACTED)
                                    .evidence("kind", kind),
                            );
                        } else if name_looks_secret(&name) && !value_is_placeholder(&v) {
                            failures.push(
                                Failure::new(format!(
                                    "{kw} {name} sets a secret-looking variable to a literal value (value redacted)"
                                ))
                                .at(loc)
                                .evidence("name", name.clone())
                                .evidence("value", REDACTED),
                            );
                        }
                    }
                    _ => {
                        if kw == "ARG" && name_looks_secret(&name) {
                            failures.push(
                                Failure::new(format!(
                                    "ARG {name} passes a secret as a build argument: its value is kept in the image history"
                                ))
                                .at(loc)
                                .severity(Severity::Low)
                                .remediation(format!(
                                    "use `RUN --mount=type=secret,id={},env={name} …` instead of ARG {name}",
                                    name.to_ascii_lowercase()
                                )),
                            );
                        }
                    }
                }
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
    fn fails_on_token_shapes_and_literal_secrets() {
        let o = run(
            SecretsInConfig,
            "FROM alpine:3\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nENV DB_PASSWORD hunter2\nARG NPM_TOKEN\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (2, 5, "ENV AWS_ACCESS_KEY_ID holds a value shaped like a aws-access-key-id (value redacted)".to_string()),
                (3, 5, "ENV DB_PASSWORD sets a secret-looking variable to a literal value (value redacted)".to_string()),
                (4, 5, "ARG NPM_TOKEN passes a secret as a build argument: its value is kept in the image history".to_string()),
            ]
        );
        let Outcome::Fail(f) = o else { unreachable!() };
        assert_eq!(f[2].severity, Some(Severity::Low));
        let all = format!("{f:?}");
        assert!(!all.contains("hunter2") && !all.contains("AKIAIOSFODNN7EXAMPLE"));
    }

    #[test]
    fn passes_on_non_secrets_and_references() {
        let o = run(
            SecretsInConfig,
            "FROM alpine:3\nENV GPG_KEY=0xABCDEF PASSWORD_FILE=/run/secrets/db\nENV DB_PASSWORD=$DB_PASSWORD\nARG VERSION=1\nLABEL maintainer=me\n",
        );
        assert_eq!(o, Outcome::Pass);
    }
}
