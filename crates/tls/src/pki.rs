//! `tls init` and `tls client`: a CA, a server certificate and client certificates for the
//! daemon's TLS listener, with the file names Docker expects.
//!
//! Keys are made by ring (ECDSA P-256) or, for RSA-4096, by the `rsa` crate (ring cannot
//! generate RSA keys); rcgen signs every certificate with ring.

use crate::error::{Error, Result};
use crate::files::{self, CERT_MODE, KEY_MODE};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType, SerialNumber,
};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use time::{Duration, OffsetDateTime};

/// Docker's file names (`dockerd --tlscacert/--tlscert/--tlskey`, `DOCKER_CERT_PATH`).
pub const CA_CERT: &str = "ca.pem";
/// The CA's private key: kept beside the CA certificate, never copied to a client or server.
pub const CA_KEY: &str = "ca-key.pem";
pub const SERVER_CERT: &str = "server-cert.pem";
pub const SERVER_KEY: &str = "server-key.pem";
pub const CLIENT_CERT: &str = "cert.pem";
pub const CLIENT_KEY: &str = "key.pem";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyType {
    #[default]
    EcdsaP256,
    Rsa4096,
}

impl std::str::FromStr for KeyType {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "ecdsa-p256" | "ecdsa" => Ok(KeyType::EcdsaP256),
            "rsa-4096" | "rsa" => Ok(KeyType::Rsa4096),
            other => Err(format!(
                "unknown key type {other:?} (expected ecdsa-p256 or rsa-4096)"
            )),
        }
    }
}

/// What `tls init` makes.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub out: PathBuf,
    /// DNS names of the daemon (server certificate SANs).
    pub hosts: Vec<String>,
    /// IP addresses of the daemon (server certificate SANs).
    pub ips: Vec<IpAddr>,
    pub days: u32,
    pub key_type: KeyType,
    /// Common name of the first client certificate.
    pub client_name: String,
    pub force: bool,
}

/// A file written, for the command's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub mode: u32,
    pub what: &'static str,
}

fn generate_key(kind: KeyType) -> Result<KeyPair> {
    match kind {
        KeyType::EcdsaP256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map_err(|e| Error::Invalid(format!("cannot generate an ECDSA key: {e}"))),
        KeyType::Rsa4096 => {
            use rsa::pkcs8::{EncodePrivateKey, LineEnding};
            let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 4096)
                .map_err(|e| Error::Invalid(format!("cannot generate an RSA key: {e}")))?;
            let pem = key
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| Error::Invalid(format!("cannot encode the RSA key: {e}")))?;
            KeyPair::from_pkcs8_pem_and_sign_algo(&pem, &rcgen::PKCS_RSA_SHA256)
                .map_err(|e| Error::Invalid(format!("cannot load the RSA key: {e}")))
        }
    }
}

fn random_serial() -> SerialNumber {
    let mut bytes = [0u8; 16];
    use rand_core::RngCore;
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes[0] &= 0x7f; // positive
    bytes[0] |= 0x01; // and without a leading zero octet
    SerialNumber::from_slice(&bytes)
}

fn validity(params: &mut CertificateParams, now: OffsetDateTime, days: u32) {
    // An hour back: clocks of client and daemon are rarely in exact agreement.
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(i64::from(days));
}

fn name(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "docker-harden");
    dn.push(DnType::CommonName, cn);
    dn
}

fn check_days(days: u32) -> Result<()> {
    if days == 0 || days > 3650 {
        return Err(Error::Invalid(format!("--days {days}: expected 1 to 3650")));
    }
    Ok(())
}

fn leaf_params(
    cn: &str,
    now: OffsetDateTime,
    days: u32,
    eku: ExtendedKeyUsagePurpose,
) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = name(cn);
    p.serial_number = Some(random_serial());
    validity(&mut p, now, days);
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    p.extended_key_usages = vec![eku];
    p.use_authority_key_identifier_extension = true;
    p
}

/// Checks a DNS name for the server certificate (letters, digits, `-`, `.`, a leading `*.`).
fn valid_dns_name(name: &str) -> bool {
    let body = name.strip_prefix("*.").unwrap_or(name);
    !body.is_empty()
        && body.len() <= 253
        && body.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// The SANs of the server certificate; defaults when none are given: the machine's host
/// name, `localhost`, 127.0.0.1 and ::1.
pub fn server_sans(hosts: &[String], ips: &[IpAddr]) -> Result<(Vec<String>, Vec<IpAddr>)> {
    let mut hosts = hosts.to_vec();
    let mut ips = ips.to_vec();
    for h in &hosts {
        if h.parse::<IpAddr>().is_ok() {
            return Err(Error::Invalid(format!(
                "--host {h}: an IP address; pass it with --ip"
            )));
        }
        if !valid_dns_name(h) {
            return Err(Error::Invalid(format!(
                "--host {h:?}: not a valid DNS name"
            )));
        }
    }
    if hosts.is_empty() && ips.is_empty() {
        if let Ok(h) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
            let h = h.trim().to_string();
            if valid_dns_name(&h) && h != "localhost" {
                hosts.push(h);
            }
        }
        hosts.push("localhost".into());
        ips.push(IpAddr::from([127, 0, 0, 1]));
        ips.push("::1".parse().expect("literal"));
    }
    hosts.dedup();
    ips.dedup();
    Ok((hosts, ips))
}

/// `tls init`: CA, server and client certificates under `opts.out`.
pub fn init(opts: &InitOptions, now: OffsetDateTime) -> Result<Vec<Written>> {
    check_days(opts.days)?;
    let (hosts, ips) = server_sans(&opts.hosts, &opts.ips)?;
    let names = [
        CA_CERT,
        CA_KEY,
        SERVER_CERT,
        SERVER_KEY,
        CLIENT_CERT,
        CLIENT_KEY,
    ];
    let paths: Vec<PathBuf> = names.iter().map(|n| opts.out.join(n)).collect();
    files::refuse_existing(&paths, opts.force)?;

    // CA.
    let ca_key = generate_key(opts.key_type)?;
    let mut ca = CertificateParams::default();
    // A name of its own: two docker-harden CAs must not look like one issuer.
    let tag: String = {
        use rand_core::RngCore;
        format!("{:08x}", rand_core::OsRng.next_u32())
    };
    ca.distinguished_name = name(&format!("docker-harden CA {tag}"));
    ca.serial_number = Some(random_serial());
    validity(&mut ca, now, opts.days);
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca
        .self_signed(&ca_key)
        .map_err(|e| Error::Invalid(format!("cannot sign the CA certificate: {e}")))?;
    let issuer = Issuer::new(ca, &ca_key);

    // Server.
    let cn = hosts
        .first()
        .cloned()
        .or_else(|| ips.first().map(|i| i.to_string()))
        .unwrap_or_else(|| "docker".into());
    let server_key = generate_key(opts.key_type)?;
    let mut sp = leaf_params(&cn, now, opts.days, ExtendedKeyUsagePurpose::ServerAuth);
    for h in &hosts {
        let s = h
            .as_str()
            .try_into()
            .map_err(|e| Error::Invalid(format!("--host {h:?}: {e}")))?;
        sp.subject_alt_names.push(SanType::DnsName(s));
    }
    for ip in &ips {
        sp.subject_alt_names.push(SanType::IpAddress(*ip));
    }
    let server_cert = sp
        .signed_by(&server_key, &issuer)
        .map_err(|e| Error::Invalid(format!("cannot sign the server certificate: {e}")))?;

    // First client.
    let (client_cert, client_key) =
        client_pair(&opts.client_name, now, opts.days, opts.key_type, &issuer)?;

    files::private_dir(&opts.out)?;
    let mut out = Vec::new();
    let items: [(&str, String, u32, &'static str); 6] = [
        (
            CA_KEY,
            ca_key.serialize_pem(),
            KEY_MODE,
            "CA key (keep offline; needed only by `tls client`)",
        ),
        (
            CA_CERT,
            ca_cert.pem(),
            CERT_MODE,
            "CA certificate (daemon --tlscacert, clients)",
        ),
        (
            SERVER_KEY,
            server_key.serialize_pem(),
            KEY_MODE,
            "server key (daemon --tlskey)",
        ),
        (
            SERVER_CERT,
            server_cert.pem(),
            CERT_MODE,
            "server certificate (daemon --tlscert)",
        ),
        (CLIENT_KEY, client_key, KEY_MODE, "client key"),
        (CLIENT_CERT, client_cert, CERT_MODE, "client certificate"),
    ];
    for (n, data, mode, what) in items {
        let path = opts.out.join(n);
        files::write_atomic(&path, data.as_bytes(), mode)?;
        out.push(Written { path, mode, what });
    }
    Ok(out)
}

fn client_pair(
    cn: &str,
    now: OffsetDateTime,
    days: u32,
    key_type: KeyType,
    issuer: &Issuer<'_, &KeyPair>,
) -> Result<(String, String)> {
    if cn.is_empty() || cn.len() > 64 || cn.chars().any(|c| c.is_control()) {
        return Err(Error::Invalid(format!(
            "--name {cn:?}: expected 1 to 64 printable characters"
        )));
    }
    let key = generate_key(key_type)?;
    let params = leaf_params(cn, now, days, ExtendedKeyUsagePurpose::ClientAuth);
    let cert = params
        .signed_by(&key, issuer)
        .map_err(|e| Error::Invalid(format!("cannot sign the client certificate: {e}")))?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// What `tls client` makes.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub ca_dir: PathBuf,
    pub name: String,
    pub out: PathBuf,
    pub days: u32,
    pub key_type: KeyType,
    pub force: bool,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// `tls client`: another client certificate from the CA in `ca_dir`, written with a copy of
/// `ca.pem` to `out` so that `out` can be used as `DOCKER_CERT_PATH` directly.
pub fn issue_client(opts: &ClientOptions, now: OffsetDateTime) -> Result<Vec<Written>> {
    check_days(opts.days)?;
    let ca_pem_path = opts.ca_dir.join(CA_CERT);
    let ca_key_path = opts.ca_dir.join(CA_KEY);
    let ca_pem = read(&ca_pem_path)?;
    let ca_key_pem = read(&ca_key_path)?;
    let ca_key = KeyPair::from_pem(&ca_key_pem)
        .map_err(|e| Error::file(&ca_key_path, format!("not a PKCS#8 private key: {e}")))?;
    let issuer = Issuer::from_ca_cert_pem(&ca_pem, &ca_key)
        .map_err(|e| Error::file(&ca_pem_path, format!("not a CA certificate: {e}")))?;
    check_ca_matches_key(&ca_pem, &ca_key).map_err(|m| Error::file(&ca_key_path, m))?;
    let paths: Vec<PathBuf> = [CA_CERT, CLIENT_CERT, CLIENT_KEY]
        .iter()
        .map(|n| opts.out.join(n))
        .collect();
    let same_dir = opts.out.canonicalize().ok() == opts.ca_dir.canonicalize().ok();
    let check: Vec<PathBuf> = if same_dir {
        paths[1..].to_vec()
    } else {
        paths.clone()
    };
    files::refuse_existing(&check, opts.force)?;
    let (cert, key) = client_pair(&opts.name, now, opts.days, opts.key_type, &issuer)?;
    files::private_dir(&opts.out)?;
    let mut out = Vec::new();
    if !same_dir {
        files::write_atomic(&paths[0], ca_pem.as_bytes(), CERT_MODE)?;
        out.push(Written {
            path: paths[0].clone(),
            mode: CERT_MODE,
            what: "CA certificate",
        });
    }
    files::write_atomic(&paths[2], key.as_bytes(), KEY_MODE)?;
    out.push(Written {
        path: paths[2].clone(),
        mode: KEY_MODE,
        what: "client key",
    });
    files::write_atomic(&paths[1], cert.as_bytes(), CERT_MODE)?;
    out.push(Written {
        path: paths[1].clone(),
        mode: CERT_MODE,
        what: "client certificate",
    });
    Ok(out)
}

fn check_ca_matches_key(ca_pem: &str, key: &KeyPair) -> std::result::Result<(), String> {
    use rustls_pki_types::pem::PemObject;
    let der = rustls_pki_types::CertificateDer::from_pem_slice(ca_pem.as_bytes())
        .map_err(|e| format!("cannot read the CA certificate: {e}"))?;
    let (_, cert) = x509_parser::parse_x509_certificate(&der)
        .map_err(|e| format!("cannot parse the CA certificate: {e}"))?;
    if cert.public_key().subject_public_key.data.as_ref() != key.public_key_raw() {
        return Err("this key does not belong to the CA certificate ca.pem".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::mode_of;
    use x509_parser::prelude::*;

    fn parse(path: &Path) -> Vec<u8> {
        use rustls_pki_types::pem::PemObject;
        rustls_pki_types::CertificateDer::from_pem_file(path)
            .unwrap()
            .to_vec()
    }

    #[test]
    fn init_writes_docker_layout_with_modes_and_ekus() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("pki");
        let opts = InitOptions {
            out: out.clone(),
            hosts: vec!["docker.example".into()],
            ips: vec!["127.0.0.1".parse().unwrap()],
            days: 10,
            key_type: KeyType::EcdsaP256,
            client_name: "alice".into(),
            force: false,
        };
        let w = init(&opts, OffsetDateTime::now_utc()).unwrap();
        assert_eq!(w.len(), 6);
        assert_eq!(mode_of(&out), Some(0o700));
        for k in [CA_KEY, SERVER_KEY, CLIENT_KEY] {
            assert_eq!(mode_of(&out.join(k)), Some(0o600), "{k}");
        }
        let der = parse(&out.join(SERVER_CERT));
        let (_, c) = parse_x509_certificate(&der).unwrap();
        let eku = c.extended_key_usage().unwrap().unwrap().value;
        assert!(eku.server_auth && !eku.client_auth);
        let san = c.subject_alternative_name().unwrap().unwrap().value;
        assert!(san
            .general_names
            .contains(&GeneralName::DNSName("docker.example")));
        assert!(san
            .general_names
            .contains(&GeneralName::IPAddress(&[127, 0, 0, 1])));
        let der = parse(&out.join(CLIENT_CERT));
        let (_, c) = parse_x509_certificate(&der).unwrap();
        let eku = c.extended_key_usage().unwrap().unwrap().value;
        assert!(eku.client_auth && !eku.server_auth);
        // Second run: refused; with --force: replaced.
        let e = init(&opts, OffsetDateTime::now_utc()).unwrap_err();
        assert!(e.to_string().contains("already exists (use --force"), "{e}");
        init(
            &InitOptions {
                force: true,
                ..opts.clone()
            },
            OffsetDateTime::now_utc(),
        )
        .unwrap();
        // Another client from the same CA.
        let c2 = d.path().join("bob");
        let w = issue_client(
            &ClientOptions {
                ca_dir: out.clone(),
                name: "bob".into(),
                out: c2.clone(),
                days: 5,
                key_type: KeyType::EcdsaP256,
                force: false,
            },
            OffsetDateTime::now_utc(),
        )
        .unwrap();
        assert_eq!(w.len(), 3);
        assert_eq!(mode_of(&c2.join(CLIENT_KEY)), Some(0o600));
        assert_eq!(
            std::fs::read(c2.join(CA_CERT)).unwrap(),
            std::fs::read(out.join(CA_CERT)).unwrap()
        );
    }

    #[test]
    fn rejects_bad_input() {
        assert!(server_sans(&["10.0.0.1".into()], &[]).is_err());
        assert!(server_sans(&["bad name".into()], &[]).is_err());
        assert!(check_days(0).is_err());
        let (h, i) = server_sans(&[], &[]).unwrap();
        assert!(h.contains(&"localhost".to_string()) && i.len() == 2);
    }
}
