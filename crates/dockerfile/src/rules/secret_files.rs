use super::DockerfileRule;
use crate::analysis::Analysis;
use crate::parser::Args;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `COPY`/`ADD` of files that hold credentials: SSH private keys (`id_rsa`,
/// `id_ed25519`…), `.env` files, private keys (`*.key`, `*key*.pem`, `*.p12`, `*.pfx`),
/// `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.aws/credentials`,
/// `.docker/config.json`, `.kube/config`.
///
/// ## Why is this bad?
/// A file copied into a layer stays in the image even if a later layer deletes it; anyone
/// who pulls the image can extract it.
///
/// ## Example
/// ```dockerfile
/// COPY .npmrc /root/.npmrc
/// RUN npm ci && rm /root/.npmrc
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.10 "Ensure secrets are not stored in Dockerfiles"
/// - CWE-798: Use of Hard-coded Credentials
pub struct SecretFiles;

/// What kind of secret a path is, if any.
pub(crate) fn secret_file_kind(path: &str) -> Option<&'static str> {
    let p = path.trim_end_matches('/');
    let base = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
    if matches!(
        base.as_str(),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk"
    ) {
        return Some("an SSH private key");
    }
    if base == ".env"
        || (base.starts_with(".env.")
            && !matches!(
                &base[5..],
                "example" | "sample" | "template" | "dist" | "defaults"
            ))
    {
        return Some("an environment file");
    }
    if base.ends_with(".key")
        || base.ends_with(".p12")
        || base.ends_with(".pfx")
        || base.ends_with(".jks")
    {
        return Some("a private key or keystore");
    }
    if base.ends_with(".pem") && (base.contains("key") || base.contains("priv")) {
        return Some("a private key");
    }
    if matches!(
        base.as_str(),
        ".npmrc" | ".pypirc" | ".netrc" | ".git-credentials" | ".pgpass"
    ) {
        return Some("a credentials file");
    }
    let lower = p.to_ascii_lowercase();
    if lower.ends_with(".aws/credentials")
        || lower.ends_with(".docker/config.json")
        || lower.ends_with(".kube/config")
    {
        return Some("a credentials file");
    }
    if lower.ends_with(".ssh")
        || lower.contains(".ssh/")
            && !base.ends_with(".pub")
            && base != "known_hosts"
            && base != "config"
    {
        return Some("an SSH directory");
    }
    None
}

impl DockerfileRule for SecretFiles {
    const META: RuleMeta = RuleMeta {
        id: "F008",
        title: "Secret file copied into the image",
        severity: Severity::High,
        cis: &["4.10"],
        cwe: &["CWE-798"],
        remediation: "mount the file for one step with `RUN --mount=type=secret,id=NAME,target=PATH` and keep it out of the build context (.dockerignore)",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for kw in ["COPY", "ADD"] {
            for i in super::instructions_in(a, None, kw) {
                let inst = a.inst(i);
                let srcs: Vec<(String, usize)> = match &inst.args {
                    Args::Words(w) if w.len() >= 2 => w[..w.len() - 1]
                        .iter()
                        .map(|w| (w.text.clone(), w.offset))
                        .collect(),
                    Args::Json(v) if v.len() >= 2 => v[..v.len() - 1]
                        .iter()
                        .map(|s| (s.clone(), inst.rest_offset))
                        .collect(),
                    _ => continue,
                };
                for (s, off) in srcs {
                    if s.starts_with("<<") {
                        continue;
                    }
                    if let Some(kind) = secret_file_kind(&s) {
                        failures.push(
                            Failure::new(format!("{kw} {s} puts {kind} into an image layer"))
                                .at(a.loc(i, off))
                                .evidence("path", s.clone()),
                        );
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
    fn fails_on_keys_and_credentials() {
        let o = run(
            SecretFiles,
            "FROM alpine:3\nCOPY id_rsa .npmrc /root/\nADD certs/server-key.pem /etc/ssl/\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (
                    2,
                    6,
                    "COPY id_rsa puts an SSH private key into an image layer".to_string()
                ),
                (
                    2,
                    13,
                    "COPY .npmrc puts a credentials file into an image layer".to_string()
                ),
                (
                    3,
                    5,
                    "ADD certs/server-key.pem puts a private key into an image layer".to_string()
                ),
            ]
        );
    }

    #[test]
    fn passes_on_ordinary_files() {
        let o = run(
            SecretFiles,
            "FROM alpine:3\nCOPY .env.example id_rsa.pub cert.pem /app/\n",
        );
        assert_eq!(o, Outcome::Pass);
    }
}
