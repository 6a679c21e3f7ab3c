use super::ImageContentRule;
use crate::config::instruction;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

const FETCHERS: &[&str] = &["curl", "wget"];
const SHELLS: &[&str] = &[
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node",
];

fn word_base(w: &str) -> &str {
    w.rsplit('/').next().unwrap_or(w)
}

/// Does this shell text pipe a download into an interpreter (`curl … | sh`,
/// `wget -qO- … | sudo bash`, `sh -c "$(curl …)"`, `bash <(curl …)`)?
pub fn pipes_download_to_shell(text: &str) -> bool {
    let fetches = |s: &str| {
        s.split_whitespace()
            .any(|w| FETCHERS.contains(&word_base(w)))
    };
    for cmd in text
        .split("&&")
        .flat_map(|c| c.split(';'))
        .flat_map(|c| c.split("||"))
    {
        let parts: Vec<&str> = cmd.split('|').collect();
        for pair in parts.windows(2) {
            if !fetches(pair[0]) {
                continue;
            }
            let mut words = pair[1]
                .split_whitespace()
                .filter(|w| !matches!(*w, "sudo" | "-E" | "env"));
            if words.next().is_some_and(|w| SHELLS.contains(&word_base(w))) {
                return true;
            }
        }
        for subst in ["$(", "<(", "`"] {
            if let Some((before, after)) = cmd.split_once(subst) {
                let interp = before
                    .split_whitespace()
                    .any(|w| SHELLS.contains(&word_base(w)));
                if interp && fetches(after) {
                    return true;
                }
            }
        }
    }
    false
}

/// ## What it does
/// Flags `RUN` steps in the image history that download a script and run it in the same
/// breath: `curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`.
///
/// ## Why is this bad?
/// Nothing checks what was downloaded: a compromised or spoofed server, a truncated transfer
/// or a changed script runs as root in the build with no record of what ran. The image is
/// not reproducible.
///
/// ## Example
/// ```dockerfile
/// RUN curl -fsSL https://example.com/install.sh | sh
/// ```
///
/// Use instead:
/// ```dockerfile
/// COPY install.sh /tmp/install.sh   # reviewed, pinned copy
/// RUN echo "SHA256  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh
/// ```
///
/// ## References
/// - CWE-494: Download of Code Without Integrity Check
pub struct CurlPipeShell;

impl ImageContentRule for CurlPipeShell {
    const META: RuleMeta = RuleMeta {
        id: "I110",
        title: "Downloaded script piped to a shell",
        severity: Severity::Medium,
        cis: &[],
        cwe: &["CWE-494"],
        remediation: "download to a file, verify its checksum or signature (sha256sum -c), then run it; better, install a pinned package",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        Outcome::from_failures(
            scan.config
                .history
                .iter()
                .filter_map(|h| {
                    let ins = instruction(&h.created_by);
                    (ins.starts_with("RUN ") && pipes_download_to_shell(&ins)).then(|| {
                        Failure::new(format!("history step {}: {ins}", h.index + 1))
                            .evidence("created_by", h.created_by.clone())
                            .evidence("step", h.index + 1)
                    })
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn patterns() {
        for yes in [
            "curl -fsSL https://x/i.sh | sh",
            "wget -qO- https://x | sudo bash -s",
            "apk add curl && curl -s https://x | /bin/sh",
            "sh -c \"$(curl -fsSL https://x)\"",
            "bash <(curl -s https://x)",
        ] {
            assert!(pipes_download_to_shell(yes), "{yes}");
        }
        for no in [
            "curl -o /tmp/x https://x && sha256sum -c sums",
            "cat x | sh",
            "curl https://x | tar xz",
        ] {
            assert!(!pipes_download_to_shell(no), "{no}");
        }
    }

    #[test]
    fn fails_and_passes() {
        let cfg = r#"{"history":[{"created_by":"/bin/sh -c wget -qO- http://x/i.sh | sh"}]}"#;
        assert_eq!(
            messages(CurlPipeShell.check(&scan_with(cfg, vec![]))),
            ["history step 1: RUN wget -qO- http://x/i.sh | sh"]
        );
        let cfg = r#"{"history":[{"created_by":"/bin/sh -c wget -O /x http://x/i.sh"}]}"#;
        assert_eq!(CurlPipeShell.check(&scan_with(cfg, vec![])), Outcome::Pass);
    }
}
