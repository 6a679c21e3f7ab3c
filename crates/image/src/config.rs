//! The image configuration (`<id>.json` / the OCI config blob): user, healthcheck, env and
//! labels (secret values classified, then dropped), history.

use crate::ImageError;
use dh_model::secrets::{classify_env, classify_value, name_looks_secret, value_is_placeholder};
use dh_model::{ContainerConfig, HealthConfig};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawConfig {
    created: Option<String>,
    os: String,
    architecture: String,
    config: Option<RawRunConfig>,
    history: Vec<RawHistory>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct RawRunConfig {
    user: Option<String>,
    env: Option<Vec<String>>,
    labels: Option<BTreeMap<String, String>>,
    healthcheck: Option<HealthConfig>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawHistory {
    created_by: Option<String>,
    empty_layer: Option<bool>,
}

/// A secret-looking `Env` entry or label of the config; the value is gone.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigSecret {
    /// `Env` or `Labels`.
    pub place: &'static str,
    pub name: String,
    /// Token shape of the value, when it had a known one.
    pub value_kind: Option<String>,
}

/// One history step: the instruction that made it, and whether it made a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryStep {
    /// Position in the history, 0-based.
    pub index: usize,
    pub created_by: String,
    pub empty_layer: bool,
}

/// What the rules need from an image config. Env values never survive parsing.
#[derive(Debug, Clone, Default)]
pub struct ImageConfig {
    pub created: String,
    pub os: String,
    pub architecture: String,
    /// The run config with `Env` redacted (names and value kinds only).
    pub run: ContainerConfig,
    pub secrets: Vec<ConfigSecret>,
    pub history: Vec<HistoryStep>,
}

impl ImageConfig {
    pub fn parse(bytes: &[u8]) -> Result<Self, ImageError> {
        let raw: RawConfig = serde_json::from_slice(bytes)
            .map_err(|e| ImageError::Malformed(format!("image config: {e}")))?;
        let rc = raw.config.unwrap_or_default();
        let mut secrets = Vec::new();
        for e in rc.env.as_deref().unwrap_or(&[]) {
            let (_, value) = e.split_once('=').unwrap_or((e, ""));
            let v = classify_env(e);
            if (name_looks_secret(&v.name) && !value_is_placeholder(value))
                || v.value_kind.is_some()
            {
                secrets.push(ConfigSecret {
                    place: "Env",
                    name: v.name,
                    value_kind: v.value_kind,
                });
            }
        }
        for (k, v) in rc.labels.iter().flatten() {
            let kind = classify_value(v);
            if (name_looks_secret(k) && !value_is_placeholder(v)) || kind.is_some() {
                secrets.push(ConfigSecret {
                    place: "Labels",
                    name: k.clone(),
                    value_kind: kind.map(str::to_string),
                });
            }
        }
        let mut run = ContainerConfig {
            user: rc.user.unwrap_or_default(),
            env: rc.env.unwrap_or_default(),
            labels: rc.labels,
            healthcheck: rc.healthcheck,
            exposed_ports: rc.exposed_ports,
            entrypoint: rc.entrypoint,
            cmd: rc.cmd,
            ..Default::default()
        };
        run.redact();
        let history = raw
            .history
            .into_iter()
            .enumerate()
            .map(|(index, h)| HistoryStep {
                index,
                created_by: h.created_by.unwrap_or_default(),
                empty_layer: h.empty_layer.unwrap_or(false),
            })
            .collect();
        Ok(ImageConfig {
            created: raw.created.unwrap_or_default(),
            os: raw.os,
            architecture: raw.architecture,
            run,
            secrets,
            history,
        })
    }
}

/// `/bin/sh -c #(nop)  ADD file:… in / ` → `ADD file:… in /`; `/bin/sh -c apk add x` →
/// `RUN apk add x`; BuildKit's `RUN /bin/sh -c … # buildkit` likewise.
pub fn instruction(created_by: &str) -> String {
    let s = created_by.trim();
    let s = s.strip_suffix("# buildkit").unwrap_or(s).trim();
    for shell in ["/bin/sh -c #(nop)", "/bin/bash -c #(nop)"] {
        if let Some(rest) = s.strip_prefix(shell) {
            return rest.trim().to_string();
        }
    }
    for shell in ["/bin/sh -c ", "/bin/bash -c ", "|"] {
        if let Some(rest) = s.strip_prefix(shell) {
            let rest = if shell == "|" {
                // `|2 A=b C=d /bin/sh -c …`: build args before the shell.
                rest.split_once(" -c ").map(|(_, r)| r).unwrap_or(rest)
            } else {
                rest
            };
            return format!("RUN {}", rest.trim());
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_never_kept() {
        let cfg = br#"{"os":"linux","config":{"User":"","Env":["PATH=/bin","DB_PASSWORD=hunter2","TOKEN_FILE=/run/t","X=ghp_abcdefghijklmnopqrstuvwxyz0123456789"],"Labels":{"api_token":"s3cr3t","maintainer":"me"}},"history":[{"created_by":"/bin/sh -c #(nop) ADD file:1 in / "}]}"#;
        let c = ImageConfig::parse(cfg).unwrap();
        let names: Vec<_> = c
            .secrets
            .iter()
            .map(|s| (s.place, s.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Env", "DB_PASSWORD"),
                ("Env", "X"),
                ("Labels", "api_token")
            ]
        );
        let dump = format!("{:?}", c);
        assert!(!dump.contains("hunter2") && !dump.contains("ghp_") && !dump.contains("s3cr3t"));
        assert_eq!(
            c.history[0].created_by,
            "/bin/sh -c #(nop) ADD file:1 in / "
        );
        assert!(ImageConfig::parse(b"[1,2]").is_err());
    }

    #[test]
    fn instructions() {
        assert_eq!(
            instruction("/bin/sh -c #(nop)  ADD file:abc in / "),
            "ADD file:abc in /"
        );
        assert_eq!(instruction("/bin/sh -c apk update"), "RUN apk update");
        assert_eq!(
            instruction("RUN /bin/sh -c apt-get update # buildkit"),
            "RUN /bin/sh -c apt-get update"
        );
        assert_eq!(instruction("|1 V=2 /bin/sh -c echo $V"), "RUN echo $V");
    }
}
