use super::DockerfileRule;
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `sudo` (or `doas`) in `RUN` commands, heredoc scripts included.
///
/// ## Why is this bad?
/// `RUN` already runs as the stage's `USER`; switching to root with `sudo` means the image
/// ships `sudo` and a sudoers rule, so any process in the container can become root. Do
/// root work before `USER`, or with `USER root` … `USER app` around it.
///
/// ## Example
/// ```dockerfile
/// USER app
/// RUN sudo apt-get install -y curl
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN apt-get install -y curl
/// USER app
/// ```
///
/// ## References
/// - CWE-250: Execution with Unnecessary Privileges
pub struct Sudo;

impl DockerfileRule for Sudo {
    const META: RuleMeta = RuleMeta {
        id: "F012",
        title: "sudo used in RUN",
        severity: Severity::Low,
        cis: &[],
        cwe: &["CWE-250"],
        remediation:
            "run root steps before `USER` (or between `USER root` and `USER app`) instead of `sudo`",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let failures = super::run_commands(a, None)
            .into_iter()
            .filter(|(_, c)| c.uses_sudo())
            .map(|(r, c)| {
                let run = c.program();
                Failure::new(format!(
                    "`{}` runs `{run}` as root through sudo",
                    c.words[0].text
                ))
                .at(a.cmd_loc(r, c))
            })
            .collect();
        Outcome::from_failures(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_on_sudo() {
        let o = run(
            Sudo,
            "FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\n",
        );
        assert_eq!(
            failures(&o),
            vec![(
                2,
                23,
                "`sudo` runs `apt-get` as root through sudo".to_string()
            )]
        );
    }

    #[test]
    fn passes_without_sudo() {
        assert_eq!(
            run(
                Sudo,
                "FROM debian:12\nRUN apt-get install -y sudo-like && echo sudo\n"
            ),
            Outcome::Pass
        );
    }
}
