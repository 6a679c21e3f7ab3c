use super::InsideRule;
use crate::facts::InsideFacts;
use dh_model::{Outcome, RuleMeta, Severity};

/// ## What it does
/// With `--network-checks` only: tries the cloud instance metadata endpoints (the link-local
/// `169.254.169.254`, `fd00:ec2::254`, `100.100.100.200`; 1 s timeout each) and flags one that
/// answers HTTP. Without the flag, nothing is sent and the rule is skipped.
///
/// ## Why is this bad?
/// The metadata service hands out the instance's cloud credentials (IAM role keys, service
/// account tokens) to whoever asks: from a container, that is the cloud account.
///
/// ## Example
/// ```sh
/// docker run app   # on a cloud VM, with IMDSv1 and no egress filter
/// ```
///
/// Use instead: require IMDSv2 with a hop limit of 1, or block `169.254.169.254` from
/// containers (`iptables -I DOCKER-USER -d 169.254.169.254 -j DROP`).
///
/// ## References
/// - CWE-918: Server-Side Request Forgery (SSRF)
pub struct CloudMetadata;

impl InsideRule for CloudMetadata {
    const META: RuleMeta = RuleMeta {
        id: "C220",
        title: "Cloud metadata endpoint reachable",
        severity: Severity::High,
        cis: &[],
        cwe: &["CWE-918"],
        remediation: "block 169.254.169.254 from containers (iptables -I DOCKER-USER -d 169.254.169.254 -j DROP) or require IMDSv2 with hop limit 1",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        match &f.metadata {
            None => Outcome::skip("not probed (use --network-checks)"),
            Some(v) if v.is_empty() => Outcome::pass(),
            Some(v) => Outcome::fail(format!(
                "cloud metadata endpoint reachable: {}",
                v.join(", ")
            ))
            .evidence("endpoints", v.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_and_passes() {
        let f = InsideFacts {
            metadata: Some(vec!["169.254.169.254:80 answers HTTP".into()]),
            ..Default::default()
        };
        assert_eq!(
            super::super::messages(CloudMetadata.check(&f)),
            ["cloud metadata endpoint reachable: 169.254.169.254:80 answers HTTP"]
        );
        assert_eq!(
            CloudMetadata.check(&InsideFacts {
                metadata: Some(vec![]),
                ..Default::default()
            }),
            Outcome::Pass
        );
        assert!(matches!(
            CloudMetadata.check(&InsideFacts::default()),
            Outcome::Skip(_)
        ));
    }
}
