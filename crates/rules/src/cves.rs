//! The CVE table (`data/cves.toml`) and the version check shared by rules D301–D303 and H201.

use crate::version::Version;
use dh_model::{Failure, Outcome, Severity};
use serde::Deserialize;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/cves.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Cve {
    pub id: String,
    pub component: String,
    pub severity: Severity,
    pub title: String,
    pub ranges: Vec<Range>,
    pub fixed: String,
    #[serde(default)]
    pub condition: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Range {
    pub introduced: String,
    pub fixed: String,
}

#[derive(Deserialize)]
struct Table {
    cve: Vec<Cve>,
}

/// Every entry of the table (parsed once; the table is tested to parse).
pub fn table() -> &'static [Cve] {
    static T: OnceLock<Vec<Cve>> = OnceLock::new();
    T.get_or_init(|| {
        toml::from_str::<Table>(TABLE)
            .map(|t| t.cve)
            .unwrap_or_default()
    })
}

impl Cve {
    pub fn affects(&self, v: &Version) -> bool {
        self.ranges.iter().any(|r| {
            let lo = if r.introduced == "0" {
                true
            } else {
                Version::parse(&r.introduced).is_some_and(|i| *v >= i)
            };
            lo && Version::parse(&r.fixed).is_some_and(|f| *v < f)
        })
    }
}

/// Checks `version` of `component` against the table. `condition` says whether an entry's
/// condition holds (`None`: unknown → the entry is not reported). `what` names the
/// component in messages (`runc`, `Docker Engine`, `kernel`); `from` says where the
/// version was read.
pub fn check(
    component: &str,
    what: &str,
    version: &str,
    from: &str,
    condition: &dyn Fn(&str) -> Option<bool>,
) -> Outcome {
    let Some(v) = Version::parse(version) else {
        return Outcome::skip(format!(
            "cannot parse the {what} version {version:?} ({from})"
        ));
    };
    let mut failures = Vec::new();
    for c in table()
        .iter()
        .filter(|c| c.component == component && c.affects(&v))
    {
        let note = match &c.condition {
            None => String::new(),
            Some(cond) => match condition(cond) {
                Some(true) => format!(" (applies: {})", condition_text(cond)),
                _ => continue,
            },
        };
        failures.push(
            Failure::new(format!(
                "{what} {version} is affected by {}: {}{note}. Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in {}",
                c.id, c.title, c.fixed
            ))
            .cve(c.id.clone())
            .severity(c.severity)
            .evidence("component", what)
            .evidence("version", version)
            .evidence("version_source", from)
            .evidence("fixed_in", c.fixed.clone())
            .evidence("advisory", c.source.clone())
            .remediation(format!("upgrade {what} to {} or later (or your distribution's patched package)", c.fixed)),
        );
    }
    Outcome::from_failures(failures)
}

fn condition_text(c: &str) -> &str {
    match c {
        "userns-remap" => "the daemon uses --userns-remap",
        "authz-plugin" => "an authorization plugin is configured",
        "cgroup-v1" => "the host uses cgroup v1",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_is_complete() {
        let t: Vec<Cve> = toml::from_str::<Table>(TABLE)
            .expect("cves.toml parses")
            .cve;
        for id in [
            "CVE-2019-5736",
            "CVE-2021-30465",
            "CVE-2024-21626",
            "CVE-2025-31133",
            "CVE-2025-52565",
            "CVE-2025-52881",
            "CVE-2020-15257",
            "CVE-2019-14271",
            "CVE-2021-41091",
            "CVE-2021-21284",
            "CVE-2024-29018",
            "CVE-2024-41110",
            "CVE-2016-5195",
            "CVE-2022-0847",
            "CVE-2022-0492",
            "CVE-2022-0185",
        ] {
            assert!(t.iter().any(|c| c.id == id), "{id} missing from cves.toml");
        }
        for c in &t {
            assert!(c.source.starts_with("https://"), "{} has no source", c.id);
            assert!(
                ["engine", "containerd", "runc", "kernel"].contains(&c.component.as_str()),
                "{}",
                c.id
            );
            for r in &c.ranges {
                assert!(
                    r.introduced == "0" || Version::parse(&r.introduced).is_some(),
                    "{}",
                    c.id
                );
                assert!(Version::parse(&r.fixed).is_some(), "{}", c.id);
            }
        }
    }

    fn ids(component: &str, v: &str) -> Vec<String> {
        match check(component, component, v, "test", &|_| Some(true)) {
            Outcome::Fail(f) => f.into_iter().flat_map(|f| f.cve).collect(),
            Outcome::Pass => vec![],
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ranges() {
        assert_eq!(
            ids("runc", "1.0.0-rc6+dev"),
            [
                "CVE-2019-5736",
                "CVE-2021-30465",
                "CVE-2025-31133",
                "CVE-2025-52565",
                "CVE-2025-52881"
            ]
        );
        assert_eq!(
            ids("runc", "1.1.5+ds1"),
            [
                "CVE-2024-21626",
                "CVE-2025-31133",
                "CVE-2025-52565",
                "CVE-2025-52881"
            ]
        );
        assert_eq!(
            ids("runc", "1.1.12"),
            ["CVE-2025-31133", "CVE-2025-52565", "CVE-2025-52881"]
        );
        assert!(ids("runc", "v1.3.3").is_empty());
        assert!(ids("runc", "1.2.8").is_empty());
        assert_eq!(ids("containerd", "1.4.2"), ["CVE-2020-15257"]);
        assert!(ids("containerd", "v1.7.13").is_empty());
        assert_eq!(
            ids("engine", "19.03.0"),
            [
                "CVE-2019-14271",
                "CVE-2021-21284",
                "CVE-2021-41091",
                "CVE-2024-29018",
                "CVE-2024-41110"
            ]
        );
        assert_eq!(
            ids("engine", "20.10.24+dfsg1"),
            ["CVE-2024-29018", "CVE-2024-41110"]
        );
        assert!(ids("engine", "27.1.1").is_empty());
        assert_eq!(
            ids("kernel", "4.4.0-21-generic"),
            ["CVE-2016-5195", "CVE-2022-0492"]
        );
        assert_eq!(
            ids("kernel", "5.10.0-8-amd64"),
            ["CVE-2022-0185", "CVE-2022-0492", "CVE-2022-0847"]
        );
        assert!(ids("kernel", "6.1.0-18-amd64").is_empty());
    }

    #[test]
    fn conditions_and_message() {
        let o = check(
            "engine",
            "Docker Engine",
            "20.10.24+dfsg1",
            "GET /version",
            &|_| None,
        );
        let Outcome::Fail(f) = o else { panic!() };
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "Docker Engine 20.10.24+dfsg1 is affected by CVE-2024-29018: containers on --internal networks can send DNS queries to external resolvers, leaking data out of an isolated network. Version-based: distributions backport fixes without changing the version, so check your vendor's advisory; fixed in Docker Engine 23.0.11, 25.0.5 or 26.0.0"
        );
        assert!(matches!(
            check("runc", "runc", "garbage", "x", &|_| None),
            Outcome::Skip(_)
        ));
    }
}
