//! Secret detection shared by every part of docker-harden (container env, Dockerfile
//! `ENV`/`ARG`/`LABEL`, compose `environment`, image config): one concept, one implementation.
//!
//! Values are classified *before* they are dropped, so rules can reason about a secret
//! without ever holding its text.

use serde::{Deserialize, Serialize};

/// What replaces a secret value wherever one would have been shown.
pub const REDACTED: &str = "<redacted>";

/// An environment variable after redaction: its name and what its value looked like.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EnvVar {
    pub name: String,
    /// The value was empty (`NAME=` or `NAME`).
    pub empty: bool,
    /// Known token shape the value matched (`aws-access-key-id`, `private-key`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_kind: Option<String>,
}

/// Splits `NAME=value` and classifies the value; the value itself is dropped.
pub fn classify_env(raw: &str) -> EnvVar {
    let (name, value) = raw.split_once('=').unwrap_or((raw, ""));
    EnvVar {
        name: name.to_string(),
        empty: value.is_empty(),
        value_kind: classify_value(value).map(str::to_string),
    }
}

/// Words that, as a whole `_`/`-`/`.`-separated part of a name, make it secret-looking.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "PRIVATE",
    "PRIVKEY",
    "AUTHKEY",
    "PASSPHRASE",
    "CLIENTSECRET",
    "SESSIONKEY",
];

/// Words that, as the *last* part of a name, make it not a secret itself but a pointer to one
/// or a setting about one (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`).
const POINTER_SUFFIXES: &[&str] = &[
    "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST", "PORT", "NAME", "ID", "TTL",
    "TIMEOUT", "EXPIRY", "EXPIRES", "LENGTH", "TYPE", "ALGORITHM", "HEADER", "FINGERPRINT",
    "ENABLED", "REQUIRED", "POLICY", "VERSION", "USER", "USERNAME", "LOCATION", "MODE",
    "PUBLIC",
];

/// Does this variable name look like it holds a secret?
///
/// Deliberately stricter than "contains KEY": `GPG_KEY`, `PUBLIC_KEY`, `SSH_KEY_PATH`,
/// `PASSWORD_FILE` and `PWD` are not secrets; `DB_PASSWORD`, `API_KEY`, `SECRET_KEY`,
/// `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY` and `NPM_TOKEN` are.
pub fn name_looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let parts: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return false;
    };
    if POINTER_SUFFIXES.contains(last) {
        return false;
    }
    if parts.iter().any(|p| SECRET_WORDS.contains(p)) {
        return true;
    }
    // `*_KEY` only with a qualifier that makes it a secret key (not `GPG_KEY`, `PUBLIC_KEY`).
    if *last == "KEY" && parts.len() >= 2 {
        let prev = parts[parts.len() - 2];
        return matches!(
            prev,
            "API" | "ACCESS" | "SECRET" | "PRIVATE" | "MASTER" | "ENCRYPTION" | "SIGNING"
                | "LICENSE" | "APP" | "CLIENT" | "AUTH" | "SESSION" | "JWT" | "HMAC"
        );
    }
    false
}

/// Recognises well-known secret token shapes in a value; returns the kind.
pub fn classify_value(v: &str) -> Option<&'static str> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("private-key");
    }
    if let Some(kind) = classify_token(v) {
        return Some(kind);
    }
    if url_has_password(v) {
        return Some("url-with-password");
    }
    None
}

fn classify_token(v: &str) -> Option<&'static str> {
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let upper_alnum = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    for prefix in ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if rest.len() == 16 && upper_alnum(rest) {
                return Some("aws-access-key-id");
            }
        }
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if rest.len() >= 36 && alnum(rest) {
                return Some("github-token");
            }
        }
    }
    if let Some(rest) = v.strip_prefix("github_pat_") {
        if rest.len() >= 22 && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Some("github-token");
        }
    }
    if let Some(rest) = v.strip_prefix("glpat-") {
        if rest.len() >= 20 && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Some("gitlab-token");
        }
    }
    for prefix in ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if rest.len() >= 10 {
                return Some("slack-token");
            }
        }
    }
    for prefix in ["sk_live_", "rk_live_"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if rest.len() >= 16 && alnum(rest) {
                return Some("stripe-key");
            }
        }
    }
    if let Some(rest) = v.strip_prefix("AIza") {
        if rest.len() == 35
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Some("google-api-key");
        }
    }
    if let Some(rest) = v.strip_prefix("npm_") {
        if rest.len() == 36 && alnum(rest) {
            return Some("npm-token");
        }
    }
    if let Some(rest) = v.strip_prefix("pypi-") {
        if rest.len() >= 50 {
            return Some("pypi-token");
        }
    }
    if v.starts_with("eyJ") && v.split('.').count() == 3 && v.len() > 30 {
        return Some("jwt");
    }
    None
}

/// `scheme://user:password@host` with a non-empty, non-placeholder password.
fn url_has_password(v: &str) -> bool {
    let Some((_, rest)) = v.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return false;
    };
    match userinfo.split_once(':') {
        Some((_, pw)) => !pw.is_empty() && !pw.starts_with('$') && !pw.starts_with("${"),
        None => false,
    }
}

/// A value that is a reference rather than a secret: empty, a variable, a file path.
pub fn value_is_placeholder(v: &str) -> bool {
    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
    v.is_empty()
        || v.starts_with('$')
        || v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("file:")
        || v.starts_with("vault:")
        || v.starts_with("<")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for yes in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "API_KEY",
            "SECRET_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "NPM_TOKEN",
            "client-secret",
            "PRIVATE_KEY",
            "password",
        ] {
            assert!(name_looks_secret(yes), "{yes}");
        }
        for no in [
            "PATH",
            "PWD",
            "GPG_KEY",
            "PUBLIC_KEY",
            "PASSWORD_FILE",
            "SSH_KEY_PATH",
            "TOKEN_URL",
            "AWS_ACCESS_KEY_ID",
            "HOME",
            "KEY",
            "SECRET_NAME",
            "MONKEY",
            "PASSENGER_ENV",
        ] {
            assert!(!name_looks_secret(no), "{no}");
        }
    }

    #[test]
    fn values() {
        assert_eq!(classify_value("AKIAIOSFODNN7EXAMPLE"), Some("aws-access-key-id"));
        assert_eq!(
            classify_value("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            Some("github-token")
        );
        assert_eq!(
            classify_value("-----BEGIN RSA PRIVATE KEY-----\nMII"),
            Some("private-key")
        );
        assert_eq!(
            classify_value("postgres://app:s3cr3t@db:5432/app"),
            Some("url-with-password")
        );
        assert_eq!(classify_value("postgres://app@db/app"), None);
        assert_eq!(classify_value("hello"), None);
        assert_eq!(classify_value(""), None);
    }

    #[test]
    fn env_redacts() {
        let e = classify_env("TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(e.name, "TOKEN");
        assert!(!e.empty);
        assert_eq!(e.value_kind.as_deref(), Some("github-token"));
        let s = serde_json::to_string(&e).unwrap();
        assert!(!s.contains("ghp_"));
    }
}
