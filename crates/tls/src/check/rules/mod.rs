//! The rules of `tls check` (`T0xx`): pure functions of [`CheckFacts`].

mod chain;
mod expiry;
mod key_modes;
mod key_usage;
mod no_cert;
mod san;

pub use chain::ChainVerified;
pub use expiry::Expiry;
pub use key_modes::KeyModes;
pub use key_usage::KeyUsage;
pub use no_cert::RefusesNoCert;
pub use san::SanCoversName;

use super::CheckFacts;
use dh_model::{ObjectKind, ObjectRef, Outcome, Report, RuleMeta};

/// A rule about one TLS endpoint and the client's certificate directory.
pub trait EndpointRule: Sync {
    const META: RuleMeta;
    /// Outcomes per object (the endpoint, or a key file).
    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)>;
}

type Check = fn(&CheckFacts) -> Vec<(ObjectRef, Outcome)>;

macro_rules! rules {
    ($($r:ident),*) => {
        /// Every `tls check` rule's metadata, in order.
        pub static METAS: &[&RuleMeta] = &[$(&<$r as EndpointRule>::META),*];
        fn all() -> Vec<(&'static RuleMeta, Check)> {
            vec![$((&<$r as EndpointRule>::META, |f| <$r as EndpointRule>::check(&$r, f))),*]
        }
    };
}

rules!(
    ChainVerified,
    SanCoversName,
    Expiry,
    KeyUsage,
    KeyModes,
    RefusesNoCert
);

/// The endpoint as a report object.
pub fn endpoint(f: &CheckFacts) -> ObjectRef {
    ObjectRef::named(ObjectKind::Host, f.endpoint.clone())
}

/// Runs the enabled rules on `f` into `report` (which the caller finishes).
pub fn run(f: &CheckFacts, enabled: &dyn Fn(&str) -> bool, report: &mut Report) {
    for (meta, check) in all() {
        if !enabled(meta.id) {
            continue;
        }
        for (obj, outcome) in check(f) {
            dh_rules::engine::record(report, meta, &obj, outcome);
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::super::*;
    use dh_model::{ObjectRef, Outcome};

    pub const NOW: i64 = 1_800_000_000;
    pub const DAY: i64 = 86_400;

    pub fn cert(role: &str, eku_server: bool, eku_client: bool) -> CertInfo {
        CertInfo {
            role: role.into(),
            source: format!("/pki/{role}.pem"),
            subject: format!("CN={role}"),
            not_after: NOW + 365 * DAY,
            dns_names: vec!["docker.example".into()],
            ip_addresses: vec!["127.0.0.1".parse().unwrap()],
            server_auth: Some(eku_server),
            client_auth: Some(eku_client),
            is_ca: role == "CA",
        }
    }

    /// A healthy endpoint: every rule passes.
    pub fn good() -> CheckFacts {
        CheckFacts {
            endpoint: "127.0.0.1:2376".into(),
            server_name: "127.0.0.1".into(),
            now: NOW,
            ca: Some(CertInfo {
                server_auth: None,
                client_auth: None,
                ..cert("CA", false, false)
            }),
            client: Some(cert("client", false, true)),
            server: Some(cert("server", true, false)),
            chain_error: None,
            handshake_error: None,
            ping: Some(Ok("1.41".into())),
            tls_version: Some("TLS 1.3".into()),
            no_cert: NoCertAttempt::Refused("alert certificate_required on the first read".into()),
            key_files: vec![
                KeyFile {
                    path: "/pki".into(),
                    mode: 0o700,
                    is_dir: true,
                },
                KeyFile {
                    path: "/pki/key.pem".into(),
                    mode: 0o600,
                    is_dir: false,
                },
            ],
        }
    }

    /// The messages of the failures of `outcomes`.
    pub fn messages(outcomes: Vec<(ObjectRef, Outcome)>) -> Vec<String> {
        outcomes
            .into_iter()
            .flat_map(|(_, o)| match o {
                Outcome::Fail(f) => f.into_iter().map(|f| f.message).collect(),
                _ => vec![],
            })
            .collect()
    }

    pub fn all_pass(outcomes: &[(ObjectRef, Outcome)]) -> bool {
        !outcomes.is_empty() && outcomes.iter().all(|(_, o)| *o == Outcome::Pass)
    }
}
