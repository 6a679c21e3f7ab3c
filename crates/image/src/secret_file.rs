//! Secret files in an image: by name (`.aws/credentials`, `.docker/config.json`, `.npmrc`,
//! `.pypirc`, `.env`, ssh keys) confirmed by their first bytes, and by content (a private key
//! block or a known token shape in any small file). Only the kind is kept, never the text.

use dh_model::secrets::{classify_value, name_looks_secret, value_is_placeholder};

const SSH_KEY_NAMES: &[&str] = &[
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "id_ecdsa_sk",
    "id_ed25519_sk",
];

fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Is this path, by name alone, a file that may hold credentials (read more of it)?
pub fn named_candidate(path: &str) -> bool {
    let b = base(path);
    SSH_KEY_NAMES.contains(&b)
        || path.ends_with("/.aws/credentials")
        || path.ends_with("/.docker/config.json")
        || matches!(
            b,
            ".npmrc" | ".pypirc" | ".git-credentials" | ".netrc" | ".pgpass"
        )
        || is_dotenv(b)
        || (path.starts_with("/etc/ssh/ssh_host_") && path.ends_with("_key"))
}

fn is_dotenv(b: &str) -> bool {
    b == ".env"
        || (b.starts_with(".env.")
            && !matches!(
                &b[5..],
                "example" | "sample" | "template" | "dist" | "defaults" | "default"
            ))
}

/// The secret kind of a file from its path and first bytes, or `None`.
pub fn classify(path: &str, head: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(head);
    let b = base(path);
    if has_private_key_block(&text) {
        if path.starts_with("/etc/ssh/ssh_host_") {
            return Some("ssh-host-private-key");
        }
        return Some("private-key");
    }
    if SSH_KEY_NAMES.contains(&b) && text.contains("PRIVATE KEY") {
        return Some("private-key");
    }
    if path.ends_with("/.aws/credentials") {
        return assignments(&text)
            .any(|(k, v)| k.eq_ignore_ascii_case("aws_secret_access_key") && !v.is_empty())
            .then_some("aws-credentials");
    }
    if path.ends_with("/.docker/config.json") {
        return docker_config_has_auth(&text).then_some("docker-registry-auth");
    }
    match b {
        ".npmrc" => {
            return assignments(&text)
                .any(|(k, v)| {
                    let k = k.rsplit(':').next().unwrap_or(k);
                    matches!(k, "_authToken" | "_auth" | "_password") && !value_is_placeholder(v)
                })
                .then_some("npm-token")
        }
        ".pypirc" => {
            return assignments(&text)
                .any(|(k, v)| k == "password" && !value_is_placeholder(v))
                .then_some("pypi-password")
        }
        ".git-credentials" => {
            return text
                .lines()
                .any(|l| classify_value(l) == Some("url-with-password"))
                .then_some("git-credentials")
        }
        ".netrc" => {
            return text
                .split_whitespace()
                .any(|w| w == "password")
                .then_some("netrc-password")
        }
        ".pgpass" => {
            return text
                .lines()
                .any(|l| l.split(':').count() >= 5)
                .then_some("pgpass")
        }
        _ => {}
    }
    if is_dotenv(b) {
        return assignments(&text)
            .any(|(k, v)| {
                let k = k.strip_prefix("export ").unwrap_or(k).trim();
                (name_looks_secret(k) && !value_is_placeholder(v)) || classify_value(v).is_some()
            })
            .then_some("dotenv-secret");
    }
    // Any other small file that *is* a token (a file holding only `ghp_…`, `AKIA…`).
    let whole = text.trim();
    if !whole.is_empty() && !whole.contains(char::is_whitespace) {
        if let Some(kind) = classify_value(whole) {
            if kind != "url-with-password" {
                return Some(kind);
            }
        }
    }
    None
}

fn has_private_key_block(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("-----BEGIN ") && l.ends_with("PRIVATE KEY-----")
    })
}

/// `key = value` / `key=value` lines (ini, npmrc, dotenv), comments skipped.
fn assignments(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|l| {
        let l = l.trim();
        if l.starts_with('#') || l.starts_with(';') {
            return None;
        }
        let (k, v) = l.split_once('=')?;
        Some((k.trim(), v.trim().trim_matches(|c| c == '"' || c == '\'')))
    })
}

/// A Docker client config with a stored registry credential (`auths.*.auth` or
/// `identitytoken`), not merely a `credsStore` pointer.
fn docker_config_has_auth(text: &str) -> bool {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        // Truncated or odd: fall back to a textual look.
        return text.contains("\"auths\"")
            && text.contains("\"auth\": \"")
            && !text.contains("\"auth\": \"\"");
    };
    v.get("auths")
        .and_then(|a| a.as_object())
        .is_some_and(|auths| {
            auths.values().any(|e| {
                ["auth", "identitytoken", "password"].iter().any(|k| {
                    e.get(*k)
                        .and_then(|x| x.as_str())
                        .is_some_and(|s| !s.is_empty())
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let key =
            b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n";
        assert_eq!(classify("/app/deploy.pem", key), Some("private-key"));
        assert_eq!(
            classify("/etc/ssh/ssh_host_rsa_key", key),
            Some("ssh-host-private-key")
        );
        assert_eq!(
            classify("/etc/ssl/cert.pem", b"-----BEGIN CERTIFICATE-----\n"),
            None
        );
        assert_eq!(
            classify(
                "/root/.aws/credentials",
                b"[default]\naws_access_key_id = AKIAX\naws_secret_access_key = abc\n"
            ),
            Some("aws-credentials")
        );
        assert_eq!(
            classify(
                "/root/.docker/config.json",
                br#"{"auths":{"r.io":{"auth":"dXNlcjpwdw=="}}}"#
            ),
            Some("docker-registry-auth")
        );
        assert_eq!(
            classify(
                "/root/.docker/config.json",
                br#"{"credsStore":"pass","auths":{"r.io":{}}}"#
            ),
            None
        );
        assert_eq!(
            classify(
                "/home/a/.npmrc",
                b"//registry.npmjs.org/:_authToken=npm_abc\n"
            ),
            Some("npm-token")
        );
        assert_eq!(
            classify(
                "/home/a/.npmrc",
                b"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"
            ),
            None
        );
        assert_eq!(
            classify(
                "/root/.pypirc",
                b"[pypi]\nusername = __token__\npassword = pypi-xyz\n"
            ),
            Some("pypi-password")
        );
        assert_eq!(
            classify("/app/.env", b"DEBUG=1\nDB_PASSWORD=hunter2\n"),
            Some("dotenv-secret")
        );
        assert_eq!(classify("/app/.env", b"DEBUG=1\n"), None);
        assert_eq!(
            classify("/app/.env.example", b"DB_PASSWORD=changeme\n"),
            None
        );
        assert_eq!(
            classify("/app/token", b"ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"),
            Some("github-token")
        );
        assert_eq!(classify("/app/readme.txt", b"hello world\n"), None);
    }
}
