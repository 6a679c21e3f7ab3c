//! The rules of `probe` (`T1xx`): pure functions of one [`ProbeResult`].

mod plaintext;
mod tls_no_client_auth;

pub use plaintext::PlaintextApi;
pub use tls_no_client_auth::TlsWithoutClientAuth;

use super::ProbeResult;
use dh_model::{ObjectKind, ObjectRef, Outcome, Report, RuleMeta};

/// A rule about one probed address.
pub trait ProbeRule: Sync {
    const META: RuleMeta;
    fn check(&self, r: &ProbeResult) -> Outcome;
}

type Check = fn(&ProbeResult) -> Outcome;

macro_rules! rules {
    ($($r:ident),*) => {
        /// Every `probe` rule's metadata, in order.
        pub static METAS: &[&RuleMeta] = &[$(&<$r as ProbeRule>::META),*];
        fn all() -> Vec<(&'static RuleMeta, Check)> {
            vec![$((&<$r as ProbeRule>::META, |r| <$r as ProbeRule>::check(&$r, r))),*]
        }
    };
}

rules!(PlaintextApi, TlsWithoutClientAuth);

/// The probed address as a report object: kind `host`, name the address, state the verdict.
pub fn object(r: &ProbeResult) -> ObjectRef {
    ObjectRef::named(ObjectKind::Host, r.target.clone()).with_state(r.exposure.as_str())
}

/// `Docker 20.10.24, API 1.41` when known.
pub fn engine(r: &ProbeResult) -> String {
    match (&r.engine_version, &r.api_version) {
        (Some(v), Some(a)) => format!("Docker {v}, API {a}"),
        (Some(v), None) => format!("Docker {v}"),
        (None, Some(a)) => format!("API {a}"),
        (None, None) => "version unknown".into(),
    }
}

/// Runs the enabled rules on every result into `report` (which the caller finishes).
pub fn run(results: &[ProbeResult], enabled: &dyn Fn(&str) -> bool, report: &mut Report) {
    for r in results {
        let obj = object(r);
        if let Some(e) = &r.error {
            report.errors.push(format!("{}: {e}", r.target));
        }
        for (meta, check) in all() {
            if enabled(meta.id) {
                let outcome = match &r.error {
                    Some(e) => Outcome::skip(e.clone()),
                    None => check(r),
                };
                dh_rules::engine::record(report, meta, &obj, outcome);
            }
        }
    }
}

#[cfg(test)]
pub(crate) fn result(exposure: super::Exposure) -> ProbeResult {
    ProbeResult {
        target: "127.0.0.1:2375".into(),
        exposure,
        engine_version: Some("20.10.24".into()),
        api_version: Some("1.41".into()),
        os: Some("linux".into()),
        detail: "test".into(),
        error: None,
    }
}
