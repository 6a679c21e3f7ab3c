use super::DockerfileRule;
use crate::analysis::Analysis;
use crate::parser::Args;
use dh_model::{Failure, Outcome, RuleMeta, Severity};
use dh_rules::concepts::user_is_root;

/// ## What it does
/// Flags a Dockerfile whose final stage — the image that is shipped — runs as root: it has
/// no `USER` instruction (in itself or in the stages it is built `FROM`), or its last `USER`
/// is `root` or uid `0`. `USER $VAR` is resolved through `ARG` defaults and `ENV`. Builder
/// stages are not judged: only the final stage runs in production.
///
/// ## Why is this bad?
/// A process running as root in a container is root on the host's kernel: any escape
/// (a kernel bug, a mounted socket, a writable host path) is a root escape. Running as an
/// unprivileged user costs nothing for most services.
///
/// ## Example
/// ```dockerfile
/// FROM golang:1.22 AS build
/// USER 1000
/// FROM debian:bookworm-slim
/// COPY --from=build /out/app /app
/// CMD ["/app"]
/// ```
///
/// Use instead:
/// ```dockerfile
/// FROM debian:bookworm-slim
/// RUN useradd --system --uid 10001 app
/// COPY --from=build /out/app /app
/// USER app
/// CMD ["/app"]
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.1 "Ensure that a user for the container has been created"
/// - CWE-250: Execution with Unnecessary Privileges
pub struct RootUser;

impl DockerfileRule for RootUser {
    const META: RuleMeta = RuleMeta {
        id: "F001",
        title: "Final stage runs as root",
        severity: Severity::Medium,
        cis: &["4.1"],
        cwe: &["CWE-250"],
        remediation: "add `USER <non-root user>` (e.g. `USER 10001`) to the final stage",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        if super::windows_final(a) {
            return Outcome::NotApplicable;
        }
        let Some(last) = a.final_stage() else {
            return Outcome::NotApplicable;
        };
        for stage in a.final_chain() {
            let user = super::instructions_in(a, Some(&[stage.index]), "USER")
                .into_iter()
                .next_back();
            let Some(i) = user else { continue };
            let Args::Text(w) = &a.inst(i).args else {
                continue;
            };
            let Some(resolved) = a.expand_at(i, &w.text) else {
                return Outcome::skip(format!(
                    "USER {} cannot be resolved: a build argument it uses has no default",
                    w.text
                ));
            };
            if user_is_root(&resolved) {
                let shown = if resolved == w.text {
                    format!("USER {}", w.text)
                } else {
                    format!("USER {} (resolves to {resolved})", w.text)
                };
                return Outcome::Fail(vec![Failure::new(format!(
                    "the final stage runs as root: {shown}"
                ))
                .at(a.inst_loc(i))
                .evidence("user", resolved)]);
            }
            return Outcome::Pass;
        }
        // No USER anywhere in the chain: the base image's default user (root) applies,
        // unless the base image is a known non-root variant.
        let root = a.final_chain().last().copied().unwrap_or(last);
        let base = root
            .base_resolved
            .clone()
            .unwrap_or_else(|| root.base.clone());
        if base.contains("nonroot") || base.contains(":rootless") {
            return Outcome::Pass;
        }
        Outcome::Fail(vec![Failure::new(format!(
            "the final stage (FROM {}) sets no USER: the container runs as root",
            last.base
        ))
        .at(a.inst_loc(last.from))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{failures, run};

    #[test]
    fn fails_without_user_in_final_stage() {
        let o = run(
            RootUser,
            "FROM golang:1.22 AS build\nUSER 1000\nFROM debian:12\nCMD [\"/app\"]\n",
        );
        assert_eq!(
            failures(&o),
            vec![(
                3,
                1,
                "the final stage (FROM debian:12) sets no USER: the container runs as root"
                    .to_string()
            )]
        );
    }

    #[test]
    fn fails_on_user_arg_resolving_to_root() {
        let o = run(RootUser, "FROM alpine:3.19\nARG RUNAS=0\nUSER ${RUNAS}\n");
        assert_eq!(
            failures(&o),
            vec![(
                3,
                1,
                "the final stage runs as root: USER ${RUNAS} (resolves to 0)".to_string()
            )]
        );
    }

    #[test]
    fn passes_with_user_in_final_or_parent_stage() {
        assert_eq!(
            run(
                RootUser,
                "FROM alpine AS build\nFROM debian:12\nARG UID=10001\nUSER $UID\n"
            ),
            Outcome::Pass
        );
        assert_eq!(
            run(
                RootUser,
                "FROM alpine:3 AS base\nUSER app\nFROM base\nRUN true\n"
            ),
            Outcome::Pass
        );
        assert_eq!(
            run(RootUser, "FROM gcr.io/distroless/static:nonroot\n"),
            Outcome::Pass
        );
    }

    #[test]
    fn global_arg_redeclared_in_the_stage_is_resolved() {
        let o = run(
            RootUser,
            "ARG UID=0\nFROM alpine:3 AS b\nFROM alpine:3\nARG UID\nUSER $UID\n",
        );
        assert_eq!(
            failures(&o),
            vec![(
                5,
                1,
                "the final stage runs as root: USER $UID (resolves to 0)".to_string()
            )]
        );
        assert_eq!(
            run(
                RootUser,
                "ARG UID=10001\nFROM alpine:3\nARG UID\nUSER $UID:$UID\n"
            ),
            Outcome::Pass
        );
    }

    #[test]
    fn skips_unresolvable_user() {
        assert!(matches!(
            run(RootUser, "FROM alpine\nARG U\nUSER $U\n"),
            Outcome::Skip(_)
        ));
    }
}
