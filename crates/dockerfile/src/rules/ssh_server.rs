use super::{installed_packages, DockerfileRule};
use crate::analysis::Analysis;
use crate::parser::Args;
use dh_model::{Failure, Outcome, RuleMeta, Severity};
use dh_rules::concepts::port_number;

/// ## What it does
/// Flags an SSH server in the image that is shipped: `EXPOSE 22` (also `22/tcp`, ranges and
/// `EXPOSE $PORT` resolved) or an SSH server package installed in the final stage
/// (`openssh-server`, `openssh`, `dropbear`, `ssh`, `tinysshd`).
///
/// ## Why is this bad?
/// An SSH daemon in a container is one more network service with credentials to manage and
/// patch. `docker exec` (and the orchestrator's equivalent) gives shell access without it.
///
/// ## Example
/// ```dockerfile
/// RUN apt-get install -y openssh-server
/// EXPOSE 22
/// ```
///
/// Use instead: `docker exec -it <container> sh` when a shell is needed.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 5.7 "Ensure sshd is not run within containers"
pub struct SshServer;

const SSH_PACKAGES: &[&str] = &[
    "openssh-server",
    "openssh",
    "dropbear",
    "ssh",
    "tinysshd",
    "tinyssh",
    "openssh-server-pam",
];

fn exposes_22(spec: &str) -> bool {
    let port = spec.split('/').next().unwrap_or("");
    if let Some((lo, hi)) = port.split_once('-') {
        return matches!((lo.parse::<u32>(), hi.parse::<u32>()), (Ok(l), Ok(h)) if l <= 22 && 22 <= h);
    }
    port_number(spec) == Some(22)
}

impl DockerfileRule for SshServer {
    const META: RuleMeta = RuleMeta {
        id: "F013",
        title: "SSH server in the image",
        severity: Severity::Medium,
        cis: &["5.7"],
        cwe: &[],
        remediation: "remove the SSH server and `EXPOSE 22`; use `docker exec` for shell access",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let stages = super::final_stages(a);
        let mut failures = vec![];
        for i in super::instructions_in(a, Some(&stages), "EXPOSE") {
            if let Args::Words(ws) = &a.inst(i).args {
                for w in ws {
                    let spec = a.expand_at(i, &w.text).unwrap_or_else(|| w.text.clone());
                    if exposes_22(&spec) {
                        failures.push(
                            Failure::new(format!("EXPOSE {} publishes the SSH port", w.text))
                                .at(a.loc(i, w.offset)),
                        );
                    }
                }
            }
        }
        for (r, c) in super::run_commands(a, Some(&stages)) {
            for p in installed_packages(c) {
                if SSH_PACKAGES.contains(&p.as_str()) {
                    failures.push(
                        Failure::new(format!(
                            "`{} {}` installs the SSH server {p}",
                            c.program(),
                            c.args().first().copied().unwrap_or("")
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
    fn fails_on_expose_22_and_sshd_packages() {
        let o = run(
            SshServer,
            "FROM debian:12\nARG P=22\nRUN apt-get install -y openssh-server\nEXPOSE 80 ${P}/tcp\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (4, 11, "EXPOSE ${P}/tcp publishes the SSH port".to_string()),
                (
                    3,
                    5,
                    "`apt-get install` installs the SSH server openssh-server".to_string()
                ),
            ]
        );
    }

    #[test]
    fn passes_on_clients_and_builder_stages() {
        let o = run(SshServer, "FROM debian:12 AS b\nRUN apt-get install -y openssh-server\nFROM debian:12\nRUN apt-get install -y openssh-client\nEXPOSE 2222 8080\n");
        assert_eq!(o, Outcome::Pass);
    }
}
