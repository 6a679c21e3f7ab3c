use super::ImageContentRule;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags secret files in the image's final file system: private keys (any small file holding
/// a `-----BEGIN … PRIVATE KEY-----` block, `id_rsa`, ssh host keys), `.aws/credentials` with a
/// secret key, `.docker/config.json` with registry `auths`, `.npmrc` and `.pypirc` tokens,
/// `.env` files with secret values, `.git-credentials`, `.netrc`, and files that are a bare
/// token. Files are recognised by name and by a sniff of their first few KiB; their content is
/// never reported.
///
/// ## Why is this bad?
/// Whoever can pull the image has the file: registries, CI caches and every host that ran it.
/// Build credentials copied in "just for the build" end up shipped.
///
/// ## Example
/// ```dockerfile
/// COPY .npmrc /root/.npmrc
/// RUN npm ci
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.10
/// - CWE-798: Use of Hard-coded Credentials
pub struct SecretFiles;

impl ImageContentRule for SecretFiles {
    const META: RuleMeta = RuleMeta {
        id: "I103",
        title: "Secret file in the image",
        severity: Severity::High,
        cis: &["4.10"],
        cwe: &["CWE-798"],
        remediation: "do not COPY credentials into the image: use BuildKit RUN --mount=type=secret for build-time secrets and mount runtime secrets; add the file to .dockerignore; rotate it",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.files()
                .filter_map(|(e, layer)| {
                    let kind = e.secret.as_deref()?;
                    Some(
                        Failure::new(format!("{} is a secret file ({kind})", e.path))
                            .evidence("path", e.path.clone())
                            .evidence("secret_kind", kind)
                            .evidence("layer", layer + 1),
                    )
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
        let s = scan(vec![layer(
            vec![secret("/root/.ssh/id_rsa", "private-key")],
            &[],
            &[],
        )]);
        assert_eq!(
            messages(SecretFiles.check(&s)),
            ["/root/.ssh/id_rsa is a secret file (private-key)"]
        );
        let s = scan(vec![layer(vec![file("/etc/motd", 0o644)], &[], &[])]);
        assert_eq!(SecretFiles.check(&s), Outcome::Pass);
    }
}
