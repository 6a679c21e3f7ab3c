use crate::ContainerRule;
use dh_model::{Container, Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags containers with neither a CPU limit (`--cpus`, `--cpu-quota`, `--cpuset-cpus`) nor a
/// CPU share weight other than the default (`--cpu-shares`).
///
/// ## Why is this bad?
/// Without a limit or weight, one busy container gets as much CPU as every other container
/// together and can starve them and the host's own services.
///
/// ## Example
/// ```sh
/// docker run app
/// ```
///
/// Use instead:
/// ```sh
/// docker run --cpus 1 app
/// # a running container: docker update --cpus 1 app
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.12
pub struct CpuLimit;

impl ContainerRule for CpuLimit {
    const META: RuleMeta = RuleMeta {
        id: "C012",
        title: "No CPU limit or priority",
        severity: Severity::Low,
        cis: &["5.12"],
        cwe: &["CWE-770"],
        remediation: "docker update --cpus 1 --cpu-shares 512 <container> (and set --cpus when recreating it)",
    };

    fn check(&self, c: &Container, _: &Snapshot) -> Outcome {
        let h = &c.host_config;
        let shares_set = h.cpu_shares > 0 && h.cpu_shares != 1024;
        if h.nano_cpus > 0 || h.cpu_quota > 0 || !h.cpuset_cpus.is_empty() || shares_set {
            Outcome::pass()
        } else {
            let name = c.display_name();
            Outcome::fail(format!("container {name} has no CPU limit or share weight"))
                .evidence("HostConfig.NanoCpus", h.nano_cpus)
                .evidence("HostConfig.CpuShares", h.cpu_shares)
                .remediation(format!("docker update --cpus 1 {name}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::fixtures::{check, message};

    #[test]
    fn unlimited_fails() {
        assert_eq!(
            message(&check(CpuLimit, "fx-default")),
            "container fx-default has no CPU limit or share weight"
        );
    }

    #[test]
    fn limited_passes() {
        assert_eq!(check(CpuLimit, "fx-hardened"), Outcome::Pass);
    }
}
