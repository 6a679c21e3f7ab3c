use super::{endpoint, EndpointRule};
use crate::check::{CertInfo, CheckFacts};
use dh_model::{Failure, ObjectRef, Outcome, RuleMeta, Severity};

/// Below this many days left, a certificate is flagged (as a warning, `medium`).
pub const WARN_DAYS: i64 = 30;

/// ## What it does
/// Checks how long the CA, server and client certificates remain valid: an expired one is a
/// failure (`high`), one that expires within 30 days a warning (`medium`).
///
/// ## Why is this bad?
/// When the server or CA certificate expires, every client is locked out at once — usually
/// found out in the middle of an incident, and "fixed" by turning verification off. An
/// expired client certificate locks out its user.
///
/// ## Example
/// ```sh
/// docker-harden tls check docker.example:2376 --cert-dir ~/.docker
/// # T003 docker.example:2376: the server certificate (CN=docker.example) expires in 12 days (2026-12-05)
/// ```
///
/// Use instead: renew in time (`docker-harden tls init --force` for the whole set, or
/// `docker-harden tls client` for one client) and restart the daemon.
///
/// ## References
/// - CIS Docker Benchmark v1.6.0, 2.7
pub struct Expiry;

impl EndpointRule for Expiry {
    const META: RuleMeta = RuleMeta {
        id: "T003",
        title: "Certificate expired or about to expire",
        severity: Severity::High,
        cis: &["2.7"],
        cwe: &["CWE-298"],
        remediation: "renew the certificate: `docker-harden tls init --force` (CA and server) or `docker-harden tls client` (a client), then restart dockerd",
    };

    fn check(&self, f: &CheckFacts) -> Vec<(ObjectRef, Outcome)> {
        let certs: Vec<&CertInfo> = [&f.ca, &f.server, &f.client]
            .into_iter()
            .flatten()
            .collect();
        if certs.is_empty() {
            return vec![(endpoint(f), Outcome::skip("no certificate to check"))];
        }
        let mut failures = Vec::new();
        for c in certs {
            let left = c.not_after - f.now;
            let date = date(c.not_after);
            let what = format!("the {} certificate ({})", c.role, c.subject);
            if left <= 0 {
                failures.push(
                    Failure::new(format!("{}: {what} expired on {date}", f.endpoint))
                        .evidence("not_after", date.as_str())
                        .evidence("certificate", c.source.as_str()),
                );
            } else if left < WARN_DAYS * 86_400 {
                let days = left / 86_400;
                failures.push(
                    Failure::new(format!(
                        "{}: {what} expires in {days} days ({date})",
                        f.endpoint
                    ))
                    .evidence("not_after", date.as_str())
                    .evidence("days_left", days)
                    .evidence("certificate", c.source.as_str())
                    .severity(Severity::Medium),
                );
            }
        }
        vec![(endpoint(f), Outcome::from_failures(failures))]
    }
}

/// `YYYY-MM-DD` (UTC) of a timestamp.
fn date(ts: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(ts) {
        Ok(t) => format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        Err(_) => ts.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::fixture::*;

    #[test]
    fn fails_expired_warns_soon() {
        assert!(all_pass(&Expiry.check(&good())));
        let mut f = good();
        f.server.as_mut().unwrap().not_after = NOW + 12 * DAY + 5;
        f.client.as_mut().unwrap().not_after = NOW - DAY;
        let out = Expiry.check(&f);
        let Outcome::Fail(fs) = &out[0].1 else {
            panic!()
        };
        assert_eq!(fs[0].severity, Some(Severity::Medium));
        assert_eq!(fs[1].severity, None);
        assert_eq!(
            messages(out),
            [
                "127.0.0.1:2376: the server certificate (CN=server) expires in 12 days (2027-01-27)",
                "127.0.0.1:2376: the client certificate (CN=client) expired on 2027-01-14",
            ]
        );
    }
}
