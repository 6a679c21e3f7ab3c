use super::DockerfileRule;
use crate::analysis::Analysis;
use crate::parser::Args;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a final stage without a `HEALTHCHECK` (in itself or the stages it is built `FROM`),
/// or whose health check is disabled with `HEALTHCHECK NONE`.
///
/// ## Why is this bad?
/// Without a health check, the engine and orchestrators only know whether the process is
/// alive, not whether it works; a hung service keeps receiving traffic and is never
/// restarted.
///
/// ## Example
/// ```dockerfile
/// FROM nginx:1.25
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM nginx:1.25
/// HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.6 "Ensure that HEALTHCHECK instructions have been added to container images"
pub struct Healthcheck;

impl DockerfileRule for Healthcheck {
    const META: RuleMeta = RuleMeta {
        id: "F003",
        title: "No HEALTHCHECK in the final stage",
        severity: Severity::Low,
        cis: &["4.6"],
        cwe: &[],
        remediation: "add `HEALTHCHECK CMD <command that fails when the service is unhealthy>` to the final stage",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let Some(last) = a.final_stage() else {
            return Outcome::NotApplicable;
        };
        for stage in a.final_chain() {
            if let Some(i) = super::instructions_in(a, Some(&[stage.index]), "HEALTHCHECK").pop() {
                if let Args::Health { kind, .. } = &a.inst(i).args {
                    if kind.text.eq_ignore_ascii_case("none") {
                        return Outcome::Fail(vec![Failure::new(
                            "HEALTHCHECK NONE disables the health check of the final stage",
                        )
                        .at(a.inst_loc(i))]);
                    }
                }
                return Outcome::Pass;
            }
        }
        Outcome::Fail(vec![
            Failure::new("the final stage has no HEALTHCHECK").at(a.inst_loc(last.from))
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_without_healthcheck() {
        let o = run(
            Healthcheck,
            "FROM alpine AS b\nHEALTHCHECK CMD true\nFROM nginx:1.25\n",
        );
        assert_eq!(
            failures(&o),
            vec![(3, 1, "the final stage has no HEALTHCHECK".to_string())]
        );
        let o = run(Healthcheck, "FROM nginx:1.25\nHEALTHCHECK NONE\n");
        assert_eq!(
            failures(&o),
            vec![(
                2,
                1,
                "HEALTHCHECK NONE disables the health check of the final stage".to_string()
            )]
        );
    }

    #[test]
    fn passes_with_healthcheck() {
        assert_eq!(run(Healthcheck, "FROM nginx:1.25\nHEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"http://localhost/\"]\n"), Outcome::Pass);
    }
}
