use super::ImageContentRule;
use crate::config::instruction;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `ADD` instructions in the image history (`created_by`). The first layer's
/// `ADD file:… in /`, which is how every base image puts its root file system in place, is
/// not reported.
///
/// ## Why is this bad?
/// `ADD` fetches URLs (without checksum verification unless `--checksum` is given) and silently
/// unpacks local archives, so what lands in the image is not what the Dockerfile reader
/// expects. `COPY` does only what it says.
///
/// ## Example
/// ```dockerfile
/// ADD https://example.com/tool.tar.gz /opt/
/// ```
///
/// Use instead:
/// ```dockerfile
/// COPY tool.tar.gz /opt/
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.9
pub struct AddInstruction;

impl ImageContentRule for AddInstruction {
    const META: RuleMeta = RuleMeta {
        id: "I108",
        title: "ADD instead of COPY in the image history",
        severity: Severity::Low,
        cis: &["4.9"],
        cwe: &[],
        remediation:
            "use COPY for local files; fetch remote files in a RUN step that verifies a checksum",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        let first_layer = scan.config.history.iter().position(|h| !h.empty_layer);
        Outcome::from_failures(
            scan.config
                .history
                .iter()
                .filter_map(|h| {
                    let ins = instruction(&h.created_by);
                    if !ins.starts_with("ADD ") {
                        return None;
                    }
                    let base_rootfs = Some(h.index) == first_layer && ins.ends_with(" in /");
                    if base_rootfs {
                        return None;
                    }
                    Some(
                        Failure::new(format!("history step {}: {ins}", h.index + 1))
                            .evidence("created_by", h.created_by.clone())
                            .evidence("step", h.index + 1),
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
        let cfg = r#"{"history":[{"created_by":"/bin/sh -c #(nop) ADD file:aa in / "},{"created_by":"/bin/sh -c #(nop) ADD file:bb in /opt/ "}]}"#;
        assert_eq!(
            messages(AddInstruction.check(&scan_with(cfg, vec![]))),
            ["history step 2: ADD file:bb in /opt/"]
        );
        let cfg = r#"{"history":[{"created_by":"/bin/sh -c #(nop) ADD file:aa in / "},{"created_by":"/bin/sh -c #(nop) COPY file:bb in /opt/ "}]}"#;
        assert_eq!(AddInstruction.check(&scan_with(cfg, vec![])), Outcome::Pass);
    }
}
