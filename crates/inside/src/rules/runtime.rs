use super::InsideRule;
use crate::facts::{decode_caps, InsideFacts};
use dh_model::{Failure, Outcome, RuleMeta, Severity};

/// ## What it does
/// Says whether `inside` runs in a container at all and which runtime made it (from
/// `/.dockerenv`, `/run/.containerenv`, the cgroup paths of PID 1 and of itself, the
/// `container` environment variable and the engine's bind mounts), with a summary of the
/// confinement: capabilities, seccomp, AppArmor, user, kernel. Informational.
///
/// ## Why is this bad?
/// It is not: it is the context for every other `inside` finding, and tells when the binary
/// was not run in a container at all (then the other findings describe the host itself).
///
/// ## Example
/// ```sh
/// docker run --rm -v "$(command -v docker-harden)":/dh:ro IMAGE /dh inside
/// ```
///
/// ## References
/// - docker-harden seed measure "check a container's escape surface from inside it"
pub struct Runtime;

impl InsideRule for Runtime {
    const META: RuleMeta = RuleMeta {
        id: "C200",
        title: "Container runtime and confinement",
        severity: Severity::Info,
        cis: &[],
        cwe: &[],
        remediation: "none needed: context for the other findings",
    };

    fn check(&self, f: &InsideFacts) -> Outcome {
        let rt = &f.runtime;
        let msg = match (&rt.runtime, rt.in_container) {
            (Some(r), true) => format!("running in a {r} container ({})", rt.evidence.join("; ")),
            _ => "not running in a container: no /.dockerenv, /run/.containerenv or container cgroup; these findings describe the host".to_string(),
        };
        let mut fail = Failure::new(msg)
            .evidence("in_container", rt.in_container)
            .evidence("runtime", rt.runtime.clone().unwrap_or_default())
            .evidence("detected_by", rt.evidence.clone());
        if let Some(c) = f.cap_eff {
            fail = fail.evidence("capabilities_effective", decode_caps(c));
        }
        if let Some(c) = f.cap_bnd {
            fail = fail.evidence("capabilities_bounding", decode_caps(c));
        }
        if let Some(s) = f.seccomp {
            fail = fail.evidence("seccomp", s);
        }
        if let Some(a) = &f.apparmor {
            fail = fail.evidence("apparmor", a.clone());
        }
        if let Some(u) = f.euid {
            fail = fail.evidence("euid", u);
        }
        if let Some(k) = &f.kernel {
            fail = fail.evidence("kernel", k.clone());
        }
        Outcome::Fail(vec![fail.severity(Severity::Info)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_runtime() {
        let mut f = InsideFacts::default();
        f.runtime.in_container = true;
        f.runtime.runtime = Some("docker".into());
        f.runtime.evidence = vec!["/.dockerenv exists".into()];
        assert_eq!(
            super::super::messages(Runtime.check(&f)),
            ["running in a docker container (/.dockerenv exists)"]
        );
        let f = InsideFacts::default();
        assert!(
            super::super::messages(Runtime.check(&f))[0].starts_with("not running in a container")
        );
    }
}
