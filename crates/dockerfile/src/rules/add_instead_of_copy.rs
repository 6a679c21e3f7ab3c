use super::DockerfileRule;
use crate::analysis::Analysis;
use crate::parser::Args;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags `ADD` where `COPY` does the job: a local file that is not a tar archive (which `ADD`
/// would extract), a heredoc, or a remote URL fetched without `--checksum`. Git sources
/// (`ADD https://…/repo.git#ref`) are left alone: only `ADD` can do that.
///
/// ## Why is this bad?
/// `ADD` has surprising powers — it downloads URLs and unpacks archives. A remote file
/// fetched without a checksum can change under you; a local file that happens to be an
/// archive is silently extracted. `COPY` does exactly what it says.
///
/// ## Example
/// ```dockerfile
/// ADD app.py /app/
/// ADD https://example.com/tool /usr/local/bin/tool
/// ```
///
/// Use instead:
/// ```dockerfile
/// COPY app.py /app/
/// ADD --checksum=sha256:<digest> https://example.com/tool /usr/local/bin/tool
/// ```
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 4.9 "Ensure that COPY is used instead of ADD in Dockerfiles"
pub struct AddInsteadOfCopy;

const ARCHIVES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz",
    ".tar.lzma",
    ".tlz",
    ".gz",
    ".bz2",
    ".xz",
];

fn is_remote(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

fn is_git(s: &str) -> bool {
    s.starts_with("git@") || s.starts_with("git://") || s.contains(".git#") || s.ends_with(".git")
}

impl DockerfileRule for AddInsteadOfCopy {
    const META: RuleMeta = RuleMeta {
        id: "F006",
        title: "ADD used where COPY does",
        severity: Severity::Low,
        cis: &["4.9"],
        cwe: &[],
        remediation: "use `COPY` for local files; for downloads use `ADD --checksum=sha256:…` or `RUN curl` with a verified checksum",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for i in super::instructions_in(a, None, "ADD") {
            let inst = a.inst(i);
            let srcs: Vec<String> = match &inst.args {
                Args::Words(w) if w.len() >= 2 => {
                    w[..w.len() - 1].iter().map(|w| w.text.clone()).collect()
                }
                Args::Json(v) if v.len() >= 2 => v[..v.len() - 1].to_vec(),
                _ => continue,
            };
            let has_checksum = inst.flag("checksum").is_some();
            for s in srcs {
                let msg = if s.starts_with("<<") {
                    Some(format!("ADD {s}: a heredoc is copied the same way by COPY"))
                } else if is_git(&s) {
                    None
                } else if is_remote(&s) {
                    (!has_checksum).then(|| {
                        format!(
                            "ADD {s} downloads without --checksum: the file can change under you"
                        )
                    })
                } else if ARCHIVES.iter().any(|e| s.to_ascii_lowercase().ends_with(e)) {
                    None
                } else {
                    Some(format!(
                        "ADD {s}: a local path that is not an archive is copied the same way by COPY"
                    ))
                };
                if let Some(m) = msg {
                    failures.push(Failure::new(m).at(a.inst_loc(i)));
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
    fn fails_on_local_file_and_unchecked_url() {
        let o = run(
            AddInsteadOfCopy,
            "FROM alpine:3\nADD app.py /app/\nADD https://example.com/t /t\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (2, 1, "ADD app.py: a local path that is not an archive is copied the same way by COPY".to_string()),
                (3, 1, "ADD https://example.com/t downloads without --checksum: the file can change under you".to_string()),
            ]
        );
    }

    #[test]
    fn passes_on_archives_git_and_checksummed_urls() {
        let o = run(
            AddInsteadOfCopy,
            "FROM alpine:3\nADD rootfs.tar.gz /\nADD https://github.com/moby/buildkit.git#v0.13 /src\nADD --checksum=sha256:abc https://example.com/t /t\n",
        );
        assert_eq!(o, Outcome::Pass);
    }
}
