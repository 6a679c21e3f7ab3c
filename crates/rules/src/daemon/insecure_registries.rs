use super::{host, set_at};
use crate::DaemonRule;
use dh_model::{Outcome, RuleMeta, Severity, Snapshot};

/// ## What it does
/// Flags insecure registries: registries the daemon talks to over plain HTTP or without
/// verifying their TLS certificate (`insecure-registries`, `--insecure-registry`). The
/// daemon's built-in `127.0.0.0/8` entry is not reported.
///
/// ## Why is this bad?
/// Anyone on the path to an insecure registry can read and replace the images pulled from
/// it — and a replaced image runs with whatever privileges its containers get.
///
/// ## Example
/// ```json
/// { "insecure-registries": ["registry.internal:5000"] }
/// ```
///
/// Use instead: give the registry a certificate (or put its CA in
/// `/etc/docker/certs.d/registry.internal:5000/ca.crt`) and remove the entry.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.5
pub struct InsecureRegistries;

impl DaemonRule for InsecureRegistries {
    const META: RuleMeta = RuleMeta {
        id: "D005",
        title: "Insecure registries configured",
        severity: Severity::High,
        cis: &["2.5"],
        cwe: &["CWE-319", "CWE-295"],
        remediation: "remove insecure-registries from daemon.json (and --insecure-registry flags); use TLS with the registry's CA in /etc/docker/certs.d/",
    };

    fn check(&self, snap: &Snapshot) -> Outcome {
        if let Some(d) = &snap.daemon {
            if let Some(rc) = &d.info.registry_config {
                let mut bad: Vec<String> = rc
                    .insecure_registry_cidrs
                    .iter()
                    .filter(|c| c.as_str() != "127.0.0.0/8" && c.as_str() != "::1/128")
                    .cloned()
                    .collect();
                bad.extend(
                    rc.index_configs
                        .values()
                        .filter(|i| !i.secure)
                        .map(|i| i.name.clone()),
                );
                return if bad.is_empty() {
                    Outcome::pass()
                } else {
                    let mut o = Outcome::fail(format!(
                        "the daemon trusts insecure registries: {}",
                        bad.join(", ")
                    ))
                    .evidence("Info.RegistryConfig (insecure)", bad.clone());
                    if let Some(h) = host(snap) {
                        let set: Vec<String> = h
                            .list_values("insecure-registries")
                            .iter()
                            .map(|(v, s)| format!("{v} ({})", set_at(s)))
                            .collect();
                        if !set.is_empty() {
                            o = o.evidence("insecure-registries", set);
                        }
                    }
                    o
                };
            }
        }
        let Some(h) = host(snap) else {
            return super::skip_neither(snap);
        };
        let set: Vec<String> = h
            .list_values("insecure-registries")
            .iter()
            .map(|(v, s)| format!("{v} ({})", set_at(s)))
            .collect();
        if set.is_empty() {
            Outcome::pass()
        } else {
            Outcome::fail(format!(
                "the daemon trusts insecure registries: {}",
                set.join(", ")
            ))
            .evidence("insecure-registries", set)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::testutil::*;
    use serde_json::json;

    #[test]
    fn fail_and_pass() {
        assert_eq!(InsecureRegistries.check(&recorded()), Outcome::pass());
        let mut s = recorded();
        s.daemon
            .as_mut()
            .unwrap()
            .info
            .registry_config
            .as_mut()
            .unwrap()
            .insecure_registry_cidrs
            .push("10.0.0.0/8".into());
        assert_eq!(
            messages(&InsecureRegistries.check(&s)),
            ["the daemon trusts insecure registries: 10.0.0.0/8"]
        );
        assert_eq!(
            messages(&InsecureRegistries.check(&with_config(&[("insecure-registries", json!(["reg:5000"]))]))),
            ["the daemon trusts insecure registries: reg:5000 (set in /etc/docker/daemon.json:2)"]
        );
    }
}
