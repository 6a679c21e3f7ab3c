//! Server certificate verifiers: one that accepts any certificate (the probe only asks
//! whether the server refuses *us*), and one that verifies against the user's CA while
//! recording what it saw (for `tls check`'s report).

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, SignatureScheme};
use std::sync::{Arc, Mutex};

/// Accepts any server certificate; still checks the handshake signatures.
#[derive(Debug)]
pub struct AcceptAny(pub Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// What the recording verifier saw.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// End-entity first.
    pub chain: Vec<CertificateDer<'static>>,
    /// Why the chain did not verify against the CA (`None`: it did).
    pub chain_error: Option<String>,
    /// The chain verified but the name used is not in the certificate.
    pub name_mismatch: bool,
}

/// Verifies against the CA; a name mismatch is recorded and tolerated (reported by its own
/// rule), every other failure ends the handshake.
#[derive(Debug)]
pub struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    pub seen: Mutex<Seen>,
}

impl Recording {
    pub fn new(inner: Arc<WebPkiServerVerifier>) -> Self {
        Recording {
            inner,
            seen: Mutex::new(Seen::default()),
        }
    }
    pub fn seen(&self) -> Seen {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let result =
            self.inner
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now);
        let mut seen = Seen {
            chain: std::iter::once(end_entity)
                .chain(intermediates)
                .map(|c| c.clone().into_owned())
                .collect(),
            ..Seen::default()
        };
        let verdict = match result {
            Ok(v) => Ok(v),
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => {
                seen.name_mismatch = true;
                Ok(ServerCertVerified::assertion())
            }
            Err(e) => {
                seen.chain_error = Some(describe(&e));
                Err(e)
            }
        };
        if let Ok(mut s) = self.seen.lock() {
            *s = seen;
        }
        verdict
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A rustls error in words a user can act on.
pub fn describe(e: &Error) -> String {
    match e {
        Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "the server certificate is not signed by the CA in ca.pem".into()
        }
        Error::InvalidCertificate(CertificateError::Expired)
        | Error::InvalidCertificate(CertificateError::ExpiredContext { .. }) => {
            "the server certificate has expired".into()
        }
        Error::InvalidCertificate(CertificateError::BadSignature) => {
            "the server certificate is not signed by the CA in ca.pem (its signature does not verify with that CA's key)".into()
        }
        Error::AlertReceived(a @ (rustls::AlertDescription::BadCertificate
        | rustls::AlertDescription::UnknownCA
        | rustls::AlertDescription::CertificateRequired
        | rustls::AlertDescription::CertificateExpired
        | rustls::AlertDescription::UnsupportedCertificate)) => format!(
            "the server refused the client certificate (alert {}): is cert.pem issued by the daemon's CA, and still valid?",
            alert_name(*a)
        ),
        Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => {
            "the server did not answer with TLS (a plaintext listener?)".into()
        }
        other => other.to_string(),
    }
}

/// An alert as the TLS RFCs name it (`bad_certificate`).
pub fn alert_name(a: rustls::AlertDescription) -> String {
    let debug = format!("{a:?}");
    let mut out = String::new();
    for (i, c) in debug.char_indices() {
        if c.is_ascii_uppercase()
            && i > 0
            && !debug[..i].ends_with(|p: char| p.is_ascii_uppercase())
        {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Did the TLS handshake fail because the server speaks something other than TLS?
pub fn not_tls(e: &std::io::Error) -> bool {
    matches!(
        rustls_error(e),
        Some(Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType
        ))
    )
}

/// The rustls error inside an I/O error, if any.
pub fn rustls_error(e: &std::io::Error) -> Option<&Error> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<Error>())
}

/// Did the server refuse us for lack of a (valid) client certificate? `Some(how)` when the
/// error is a TLS alert saying so, or a reset right after the handshake.
pub fn refused_client(e: &std::io::Error) -> Option<String> {
    use rustls::AlertDescription as A;
    if let Some(Error::AlertReceived(a)) = rustls_error(e) {
        return match a {
            A::CertificateRequired => Some("alert certificate_required".into()),
            A::BadCertificate => Some("alert bad_certificate".into()),
            A::HandshakeFailure => Some("alert handshake_failure".into()),
            A::UnknownCA => Some("alert unknown_ca".into()),
            A::AccessDenied => Some("alert access_denied".into()),
            _ => None,
        };
    }
    match e.kind() {
        std::io::ErrorKind::ConnectionReset => Some("connection reset after the handshake".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn alert_names_follow_the_rfc() {
        use rustls::AlertDescription as A;
        assert_eq!(super::alert_name(A::BadCertificate), "bad_certificate");
        assert_eq!(super::alert_name(A::UnknownCA), "unknown_ca");
        assert_eq!(
            super::alert_name(A::CertificateRequired),
            "certificate_required"
        );
    }
}
