use super::{fail_at, ServiceRule};
use crate::model::Service;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags bind mounts with shared mount propagation: `shared` or `rshared`, in the short
/// syntax (`/mnt:/mnt:rshared`) or the long one (`bind: {propagation: rshared}`).
///
/// ## Why is this bad?
/// With shared propagation, mounts made inside the container appear on the host (and the
/// other way round): a container can mount over host paths, and host mounts leak in.
///
/// ## Example
/// ```yaml
/// services:
///   app:
///     image: app:1
///     volumes:
///       - /mnt/data:/data:rshared
/// ```
///
/// Use instead: the default (`rprivate`), or `rslave` when the container must see mounts
/// the host makes later.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.20
pub struct MountPropagation;

impl ServiceRule for MountPropagation {
    const META: RuleMeta = RuleMeta {
        id: "K025",
        title: "Shared mount propagation",
        severity: Severity::Medium,
        cis: &["5.20"],
        cwe: &["CWE-668"],
        remediation: "drop `shared`/`rshared` from the volume (default rprivate, or rslave)",
    };

    fn check(&self, s: &Service) -> Outcome {
        let failures = s
            .volumes
            .iter()
            .filter_map(|v| {
                let p = v.propagation.as_deref()?;
                matches!(p, "shared" | "rshared").then(|| {
                    fail_at(
                        s,
                        &v.pos,
                        format!(
                            "service {} mounts {} with {p} propagation",
                            s.name, v.target
                        ),
                    )
                    .evidence("propagation", p)
                })
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
        let y = "services:\n  app:\n    image: a:1\n    volumes:\n      - /mnt:/mnt:rshared\n      - type: bind\n        source: /srv\n        target: /srv\n        bind:\n          propagation: shared\n  ok:\n    image: a:1\n    volumes: [\"/mnt:/mnt:rslave\"]\n";
        assert_eq!(
            run("K025", y),
            [
                "5:9: service app mounts /mnt with rshared propagation",
                "6:9: service app mounts /srv with shared propagation",
                "pass"
            ]
        );
    }
}
