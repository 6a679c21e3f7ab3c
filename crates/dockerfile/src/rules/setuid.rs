use super::{chmod_modes, parse_mode, DockerfileRule};
use crate::analysis::Analysis;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags setuid and setgid bits set in the final stage: `chmod u+s`, `g+s`, `+s`, `4755`,
/// `2755`, `6755` (also through `install -m` and `find -exec chmod`), and `COPY`/`ADD
/// --chmod=4755`.
///
/// ## Why is this bad?
/// A setuid-root binary runs as root whoever starts it: any flaw in it is a privilege
/// escalation inside the container, the first step of an escape. Images should ship none.
///
/// ## Example
/// ```dockerfile
/// RUN chmod u+s /usr/local/bin/helper
/// ```
///
/// Use instead: grant the one capability the helper needs at run time
/// (`--cap-add NET_BIND_SERVICE`), or run the whole service as the user it needs.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.8 "Ensure setuid and setgid permissions are removed"
/// - CWE-250: Execution with Unnecessary Privileges
pub struct Setuid;

impl DockerfileRule for Setuid {
    const META: RuleMeta = RuleMeta {
        id: "F005",
        title: "setuid/setgid bit set",
        severity: Severity::High,
        cis: &["4.8"],
        cwe: &["CWE-250"],
        remediation: "do not set setuid/setgid bits; remove them with `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let stages = super::final_stages(a);
        let mut failures = vec![];
        for (r, c) in super::run_commands(a, Some(&stages)) {
            for m in chmod_modes(c) {
                if let Some(bits) = parse_mode(&m) {
                    if bits.setuid || bits.setgid {
                        let what = match (bits.setuid, bits.setgid) {
                            (true, true) => "setuid and setgid bits",
                            (true, false) => "the setuid bit",
                            _ => "the setgid bit",
                        };
                        failures.push(
                            Failure::new(format!("`{} {m}` sets {what}", c.program()))
                                .at(a.cmd_loc(r, c)),
                        );
                    }
                }
            }
        }
        for kw in ["COPY", "ADD"] {
            for i in super::instructions_in(a, Some(&stages), kw) {
                if let Some(f) = a.inst(i).flag("chmod") {
                    let m = f.value.clone().unwrap_or_default();
                    if parse_mode(&m).is_some_and(|b| b.setuid || b.setgid) {
                        failures.push(
                            Failure::new(format!("{kw} --chmod={m} sets the setuid/setgid bit"))
                                .at(a.loc(i, f.offset)),
                        );
                    }
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
    fn fails_on_setuid_modes() {
        let o = run(
            Setuid,
            "FROM alpine:3\nRUN chmod u+s /bin/x && chmod 2755 /bin/y\nCOPY --chmod=4755 a /a\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (2, 5, "`chmod u+s` sets the setuid bit".to_string()),
                (2, 25, "`chmod 2755` sets the setgid bit".to_string()),
                (
                    3,
                    6,
                    "COPY --chmod=4755 sets the setuid/setgid bit".to_string()
                ),
            ]
        );
    }

    #[test]
    fn passes_on_plain_modes_and_builder_stages() {
        assert_eq!(
            run(
                Setuid,
                "FROM alpine:3\nRUN chmod 0755 /bin/x && chmod a-s /bin/y\n"
            ),
            Outcome::Pass
        );
        assert_eq!(
            run(
                Setuid,
                "FROM alpine:3 AS b\nRUN chmod 4755 /x\nFROM alpine:3\nRUN true\n"
            ),
            Outcome::Pass
        );
    }
}
