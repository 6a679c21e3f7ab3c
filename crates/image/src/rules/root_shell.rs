use super::ImageContentRule;
use crate::ImageScan;
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// Shells that refuse a login.
pub fn is_nologin(shell: &str) -> bool {
    let base = shell.rsplit('/').next().unwrap_or(shell);
    matches!(base, "nologin" | "false" | "true")
}

/// ## What it does
/// Reports when root's entry in the image's `/etc/passwd` has a real login shell instead of
/// `/sbin/nologin` (or `/bin/false`). Informational.
///
/// ## Why is this bad?
/// A container image has no reason to let anyone log in as root. With a nologin shell, a
/// `su`, `login` or remote shell that someone manages to reach gives no root shell, one more
/// step an intruder must take.
///
/// ## Example
/// ```text
/// root:x:0:0:root:/root:/bin/sh
/// ```
///
/// Use instead:
/// ```dockerfile
/// RUN sed -i -e 's#^root:\(.*\):[^:]*$#root:\1:/sbin/nologin#' /etc/passwd
/// ```
///
/// ## References
/// - docker-harden seed measure "root account has no login shell"
pub struct RootShell;

impl ImageContentRule for RootShell {
    const META: RuleMeta = RuleMeta {
        id: "I106",
        title: "Root has a login shell",
        severity: Severity::Info,
        cis: &[],
        cwe: &[],
        remediation: "set root's shell to /sbin/nologin in /etc/passwd (RUN sed -i 's#^\\(root:.*:\\)[^:]*$#\\1/sbin/nologin#' /etc/passwd)",
    };

    fn check(&self, scan: &ImageScan) -> Outcome {
        let Some((entry, _)) = scan.final_fs.get("/etc/passwd") else {
            return Outcome::skip("the image has no /etc/passwd");
        };
        match entry.root_shell.as_ref() {
            Some(Some(shell)) if !is_nologin(shell) => Outcome::Fail(vec![Failure::new(format!(
                "root's login shell in /etc/passwd is {shell}, not nologin"
            ))
            .evidence("path", "/etc/passwd")
            .evidence("shell", shell.clone())]),
            _ => Outcome::pass(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    fn passwd(shell: &str) -> crate::Entry {
        crate::Entry {
            root_shell: Some(Some(shell.into())),
            ..file("/etc/passwd", 0o644)
        }
    }

    #[test]
    fn fails_and_passes() {
        let s = scan(vec![layer(vec![passwd("/bin/sh")], &[], &[])]);
        assert_eq!(
            messages(RootShell.check(&s)),
            ["root's login shell in /etc/passwd is /bin/sh, not nologin"]
        );
        let s = scan(vec![layer(vec![passwd("/sbin/nologin")], &[], &[])]);
        assert_eq!(RootShell.check(&s), Outcome::Pass);
        assert!(matches!(RootShell.check(&scan(vec![])), Outcome::Skip(_)));
    }
}
