use super::DockerfileRule;
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a `RUN` that refreshes the package index (`apt-get update`, `apt update`,
/// `apk update`, `zypper refresh`, `dnf makecache`) without installing or upgrading
/// anything with the same package manager in the same `RUN` (heredoc bodies included).
///
/// ## Why is this bad?
/// Each `RUN` is a cached layer. An update alone in its own layer is reused by later builds
/// long after the index went stale, so the install in a later layer gets old, possibly
/// vulnerable, package versions — or fails.
///
/// ## Example
/// ```dockerfile
/// RUN apt-get update
/// RUN apt-get install -y curl
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN apt-get update && apt-get install -y --no-install-recommends curl \
///  && rm -rf /var/lib/apt/lists/*
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.7 "Ensure update instructions are not used alone in the Dockerfile"
pub struct UpdateAlone;

fn family(prog: &str) -> Option<&'static str> {
    match prog {
        "apt-get" | "apt" | "aptitude" => Some("apt"),
        "apk" => Some("apk"),
        "zypper" => Some("zypper"),
        "yum" | "dnf" | "microdnf" | "tdnf" => Some("rpm"),
        _ => None,
    }
}

fn is_update(prog: &str, sub: &str) -> bool {
    match family(prog) {
        Some("apt") | Some("apk") => sub == "update",
        Some("zypper") => matches!(sub, "refresh" | "ref"),
        Some("rpm") => sub == "makecache",
        _ => false,
    }
}

fn is_install(prog: &str, sub: &str) -> bool {
    match family(prog) {
        Some("apt") => matches!(
            sub,
            "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "reinstall"
        ),
        Some("apk") => matches!(sub, "add" | "upgrade" | "fix"),
        Some("zypper") => matches!(
            sub,
            "install" | "in" | "update" | "up" | "dist-upgrade" | "dup" | "patch"
        ),
        Some("rpm") => matches!(
            sub,
            "install" | "update" | "upgrade" | "groupinstall" | "reinstall"
        ),
        _ => false,
    }
}

impl DockerfileRule for UpdateAlone {
    const META: RuleMeta = RuleMeta {
        id: "F004",
        title: "Package index update without install",
        severity: Severity::Medium,
        cis: &["4.7"],
        cwe: &[],
        remediation:
            "update and install in the same RUN: `RUN apt-get update && apt-get install -y …`",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        let mut insts: Vec<usize> = a.runs.iter().map(|r| r.inst).collect();
        insts.dedup();
        for inst in insts {
            let cmds: Vec<_> = a
                .runs
                .iter()
                .filter(|r| r.inst == inst)
                .flat_map(|r| r.script.all().into_iter().map(move |c| (r, c)))
                .collect();
            // The subcommand: the first argument that is neither an option nor its value.
            let sub_of = |c: &crate::script::Cmd| -> String {
                let args = c.args();
                let mut i = 0;
                while i < args.len() {
                    let a = args[i];
                    if matches!(
                        a,
                        "-o" | "-c"
                            | "-t"
                            | "-X"
                            | "--repository"
                            | "-p"
                            | "--root"
                            | "-r"
                            | "--repo"
                    ) {
                        i += 2;
                    } else if a.starts_with('-') {
                        i += 1;
                    } else {
                        return a.to_string();
                    }
                }
                String::new()
            };
            for (r, c) in &cmds {
                let prog = c.program();
                if !is_update(prog, &sub_of(c)) {
                    continue;
                }
                let fam = family(prog);
                let installed = cmds.iter().any(|(_, d)| {
                    family(d.program()) == fam && is_install(d.program(), &sub_of(d))
                });
                if !installed {
                    failures.push(
                        Failure::new(format!(
                            "`{prog} {}` without an install in the same RUN: later builds reuse a stale package index",
                            sub_of(c)
                        ))
                        .at(a.cmd_loc(r, c)),
                    );
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
    fn fails_on_update_alone() {
        let o = run(
            UpdateAlone,
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
        );
        assert_eq!(
            failures(&o),
            vec![(2, 5, "`apt-get update` without an install in the same RUN: later builds reuse a stale package index".to_string())]
        );
    }

    #[test]
    fn passes_with_install_in_same_run_or_heredoc() {
        assert_eq!(
            run(
                UpdateAlone,
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            ),
            Outcome::Pass
        );
        assert_eq!(
            run(
                UpdateAlone,
                "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n"
            ),
            Outcome::Pass
        );
        assert_eq!(
            run(
                UpdateAlone,
                "FROM alpine:3\nRUN apk update && apk add curl\n"
            ),
            Outcome::Pass
        );
    }

    #[test]
    fn option_values_are_not_subcommands() {
        let o = run(
            UpdateAlone,
            "FROM debian:12\nRUN apt-get -o Acquire::Retries=3 update\n",
        );
        assert_eq!(failures(&o).len(), 1);
    }
}
