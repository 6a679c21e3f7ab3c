use super::DockerfileRule;
use crate::analysis::Analysis;
use crate::script::{Cmd, Script};
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Flags a download executed without being verified: `curl … | sh`, `wget -O- … | bash`,
/// `… | sudo python3`, `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(wget -qO- …)"` — in
/// the shell form of `RUN`, in `sh -c` strings and in heredoc scripts, where the pipe may
/// be on a continuation line.
///
/// ## Why is this bad?
/// Whatever the server returns — a compromised release, a truncated file that stops half
/// way through `rm -rf /usr/local/…`, a different script for your build's user agent — runs
/// as root in your build, and nothing records what it was.
///
/// ## Example
/// ```dockerfile
/// RUN curl -fsSL https://get.example.com | sh
/// ```
///
/// Use instead:
/// ```dockerfile
/// ADD --checksum=sha256:<digest> https://get.example.com/install.sh /tmp/install.sh
/// RUN sh /tmp/install.sh
/// ```
///
/// ## References
/// - CWE-494: Download of Code Without Integrity Check
pub struct PipeToShell;

const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish", "perl", "ruby", "node", "php",
    "pwsh",
];

fn is_interpreter(prog: &str) -> bool {
    INTERPRETERS.contains(&prog) || prog.starts_with("python") || prog.starts_with("perl5")
}

/// A command that writes a download to standard output.
fn downloads_to_stdout(c: &Cmd) -> bool {
    let args = c.args();
    match c.program() {
        "curl" => !args.iter().any(|a| {
            *a == "-o"
                || *a == "-O"
                || a.starts_with("--output")
                || *a == "--remote-name"
                || *a == "--remote-name-all"
                || (a.starts_with('-')
                    && !a.starts_with("--")
                    && (a.contains('o') || a.contains('O')))
        }),
        "wget" => args.iter().enumerate().any(|(k, a)| {
            a.ends_with("O-")
                || *a == "--output-document=-"
                || ((a.ends_with('O') && a.starts_with('-') && !a.starts_with("--"))
                    || *a == "--output-document")
                    && args.get(k + 1) == Some(&"-")
        }),
        "fetch" => args.windows(2).any(|w| w[0] == "-o" && w[1] == "-"),
        _ => false,
    }
}

fn script_downloads(s: &Script) -> bool {
    s.all().iter().any(|c| downloads_to_stdout(c))
}

/// The interpreter reads its program from standard input (no script file argument).
fn reads_stdin(c: &Cmd) -> bool {
    let args = c.args();
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if a == "-" || a == "-s" || a == "--" {
            return true;
        }
        if a == "-c" || a == "-e" || a == "-m" {
            return false;
        }
        if !a.starts_with('-') {
            return false;
        }
        i += 1;
    }
    true
}

impl DockerfileRule for PipeToShell {
    const META: RuleMeta = RuleMeta {
        id: "F010",
        title: "Download piped into a shell",
        severity: Severity::Medium,
        cis: &[],
        cwe: &["CWE-494"],
        remediation: "download to a file, verify its checksum or signature (`ADD --checksum=sha256:…`, `sha256sum -c`), then run it",
    };

    fn check(&self, a: &Analysis) -> Outcome {
        let mut failures = vec![];
        for r in &a.runs {
            for p in r.script.pipelines() {
                for (k, c) in p.iter().enumerate() {
                    if !downloads_to_stdout(c) {
                        continue;
                    }
                    if let Some(sh) = p[k + 1..]
                        .iter()
                        .find(|d| is_interpreter(d.program()) && reads_stdin(d))
                    {
                        failures.push(
                            Failure::new(format!(
                                "`{}` output is piped into `{}`: the download runs unverified",
                                c.program(),
                                sh.program()
                            ))
                            .at(a.cmd_loc(r, c)),
                        );
                    }
                }
            }
            for c in r.script.all() {
                let prog = c.program();
                if !(is_interpreter(prog) || matches!(prog, "eval" | "source" | ".")) {
                    continue;
                }
                if c.effective()
                    .iter()
                    .skip(1)
                    .any(|w| w.subs.iter().any(script_downloads))
                {
                    failures.push(
                        Failure::new(format!("`{prog}` runs a downloaded script through a command substitution: the download runs unverified"))
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
    fn fails_on_pipes_substitutions_and_heredocs() {
        let o = run(
            PipeToShell,
            "FROM debian:12\nRUN curl -fsSL https://x/i.sh | sh\nRUN wget -qO- https://y | sudo bash -s -- --yes\nRUN sh -c \"$(curl -fsSL https://z)\"\nRUN <<EOF\nset -e\ncurl -fsSL https://w \\\n  | python3 -\nEOF\n",
        );
        assert_eq!(
            failures(&o),
            vec![
                (2, 5, "`curl` output is piped into `sh`: the download runs unverified".to_string()),
                (3, 5, "`wget` output is piped into `bash`: the download runs unverified".to_string()),
                (4, 5, "`sh` runs a downloaded script through a command substitution: the download runs unverified".to_string()),
                (7, 1, "`curl` output is piped into `python3`: the download runs unverified".to_string()),
            ]
        );
    }

    #[test]
    fn passes_on_downloads_to_files_and_non_interpreters() {
        let o = run(
            PipeToShell,
            "FROM debian:12\nRUN curl -fsSL https://x -o /tmp/i.sh && sha256sum -c sums && sh /tmp/i.sh\nRUN curl -fsSL https://x/a.tgz | tar xz\nRUN wget -qO- https://k | gpg --dearmor > /k.gpg\n",
        );
        assert_eq!(o, Outcome::Pass);
    }
}
