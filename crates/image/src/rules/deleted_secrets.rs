use super::ImageContentRule;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags secret files (see I103) that a layer adds and a later layer deletes or overwrites:
/// the final file system no longer shows them, but the earlier layer still holds them and
/// ships with the image.
///
/// ## Why is this bad?
/// `RUN rm` in a later step only adds a whiteout: `docker save`, `docker export` of the image
/// layers, or any registry client extracts the earlier layer and the key in it. "Deleted"
/// secrets are the most common way private keys leak through images.
///
/// ## Example
/// ```dockerfile
/// COPY id_rsa /root/.ssh/id_rsa
/// RUN git clone git@example.com:org/repo.git
/// RUN rm /root/.ssh/id_rsa
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN --mount=type=ssh git clone git@example.com:org/repo.git
/// ```
///
/// ## References
/// - CWE-798: Use of Hard-coded Credentials
/// - Docker docs: "Build secrets" and "SSH mounts" (BuildKit)
pub struct DeletedSecrets;

impl ImageContentRule for DeletedSecrets {
    const META: RuleMeta = RuleMeta {
        id: "I104",
        title: "Secret deleted in a later layer but still in the image",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-798"],
        remediation: "rebuild without the secret ever entering a layer (BuildKit RUN --mount=type=secret or --mount=type=ssh, or a multi-stage build that does not copy it), then rotate it: it has shipped",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.deleted_secrets
                .iter()
                .map(|d| {
                    let kind = d.entry.secret.as_deref().unwrap_or("secret");
                    let how = match d.removed_in {
                        Some(r) => format!("deleted in layer {}", r + 1),
                        None => "no longer in the final file system".to_string(),
                    };
                    let mut f = Failure::new(format!(
                        "{} ({kind}) is {how} but layer {} still ships it",
                        d.entry.path,
                        d.layer + 1
                    ))
                    .evidence("path", d.entry.path.clone())
                    .evidence("secret_kind", kind)
                    .evidence("layer", d.layer + 1);
                    if let Some(l) = scan.layers.get(d.layer) {
                        f = f.evidence("layer_blob", l.name.clone());
                    }
                    if let Some(r) = d.removed_in {
                        f = f.evidence("deleted_in_layer", r + 1);
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
        let s = scan(vec![
            layer(vec![file("/bin/sh", 0o755)], &[], &[]),
            layer(vec![secret("/root/.ssh/id_rsa", "private-key")], &[], &[]),
            layer(vec![], &["/root/.ssh"], &[]),
        ]);
        assert_eq!(
            messages(DeletedSecrets.check(&s)),
            ["/root/.ssh/id_rsa (private-key) is deleted in layer 3 but layer 2 still ships it"]
        );
        let s = scan(vec![layer(
            vec![secret("/root/.ssh/id_rsa", "private-key")],
            &[],
            &[],
        )]);
        assert_eq!(DeletedSecrets.check(&s), Outcome::Pass);
    }
}
