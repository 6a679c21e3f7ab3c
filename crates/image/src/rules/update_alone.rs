use super::ImageContentRule;
use crate::config::instruction;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

const UPDATES: &[&str] = &[
    "apt-get update",
    "apt update",
    "apk update",
    "yum makecache",
    "dnf makecache",
    "zypper refresh",
];
const INSTALLS: &[&str] = &["install", "upgrade", "apk add", "dist-upgrade"];

/// ## What it does
/// Flags a `RUN` step in the image history that updates the package index (`apt-get update`,
/// `apk update`, `yum makecache`) without installing anything in the same step.
///
/// ## Why is this bad?
/// The build cache keeps the index layer: later builds reuse a stale index while the
/// `install` step in another layer gets rebuilt, so the image installs outdated packages (or
/// fails). The update also adds an index-only layer that only grows the image.
///
/// ## Example
/// ```dockerfile
/// RUN apt-get update
/// RUN apt-get install -y curl
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.7
pub struct UpdateAlone;

impl ImageContentRule for UpdateAlone {
    const META: RuleMeta = RuleMeta {
        id: "I109",
        title: "Package index update alone in a RUN step",
        severity: Severity::Low,
        cis: &["4.7"],
        cwe: &[],
        remediation: "combine the update with the install in one RUN: RUN apt-get update && apt-get install -y PKG",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.config
                .history
                .iter()
                .filter_map(|h| {
                    let ins = instruction(&h.created_by);
                    if !ins.starts_with("RUN ") {
                        return None;
                    }
                    let update = UPDATES.iter().any(|u| ins.contains(u));
                    let install = INSTALLS.iter().any(|i| ins.contains(i));
                    (update && !install).then(|| {
                        Failure::new(format!("history step {}: {ins}", h.index + 1))
                            .evidence("created_by", h.created_by.clone())
                            .evidence("step", h.index + 1)
                    })
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
        let cfg = r#"{"history":[{"created_by":"/bin/sh -c apt-get update"}]}"#;
        assert_eq!(
            messages(UpdateAlone.check(&scan_with(cfg, vec![]))),
            ["history step 1: RUN apt-get update"]
        );
        let cfg = r#"{"history":[{"created_by":"/bin/sh -c apt-get update && apt-get install -y curl"}]}"#;
        assert_eq!(UpdateAlone.check(&scan_with(cfg, vec![])), Outcome::Pass);
    }
}
