//! Image rules (`I1xx`): contents of the final file system, layers and history, and the
//! config's secrets. One rule per file; the doc comment is the rule's documentation.

use crate::ImageScan;
use dh_model::{Outcome, RuleMeta};

mod add_instruction;
mod config_secrets;
mod curl_pipe_shell;
mod deleted_secrets;
mod root_shell;
mod secret_files;
mod setuid_files;
mod ssh_server;
mod update_alone;
mod world_writable;

pub use add_instruction::AddInstruction;
pub use config_secrets::ConfigSecrets;
pub use curl_pipe_shell::CurlPipeShell;
pub use deleted_secrets::DeletedSecrets;
pub use root_shell::RootShell;
pub use secret_files::SecretFiles;
pub use setuid_files::SetuidFiles;
pub use ssh_server::SshServer;
pub use update_alone::UpdateAlone;
pub use world_writable::WorldWritable;

/// A rule about one scanned image (config + final file system + layers).
pub trait ImageContentRule: Sync {
    const META: RuleMeta;
    fn check(&self, scan: &ImageScan) -> Outcome;
}

/// One registered rule of this crate.
#[derive(Clone, Copy)]
pub struct ContentRuleEntry {
    pub meta: &'static RuleMeta,
    pub check: fn(&ImageScan) -> Outcome,
}

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        &[$(ContentRuleEntry {
            meta: &<$rule as ImageContentRule>::META,
            check: |s| <$rule as ImageContentRule>::check(&$rule, s),
        }),*]
    };
}

/// This crate's rules, in id order.
pub static RULES: &[ContentRuleEntry] = register!(
    SetuidFiles,
    ConfigSecrets,
    SecretFiles,
    DeletedSecrets,
    WorldWritable,
    RootShell,
    SshServer,
    AddInstruction,
    UpdateAlone,
    CurlPipeShell,
);

/// Octal mode as shown by `ls`-adjacent tools: `4755`.
pub(crate) fn mode_str(mode: u32) -> String {
    format!("{:04o}", mode & 0o7777)
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::config::ImageConfig;
    use crate::layer::{path_hash, Entry, Kind, LayerFacts};
    use crate::{ImageScan, LayerInfo};

    pub fn file(path: &str, mode: u32) -> Entry {
        Entry {
            path: path.into(),
            kind: Kind::File,
            mode,
            uid: 0,
            gid: 0,
            size: 10,
            secret: None,
            root_shell: None,
        }
    }

    pub fn dir(path: &str, mode: u32) -> Entry {
        Entry {
            kind: Kind::Dir,
            ..file(path, mode)
        }
    }

    pub fn secret(path: &str, kind: &str) -> Entry {
        Entry {
            secret: Some(kind.into()),
            ..file(path, 0o600)
        }
    }

    pub fn layer(entries: Vec<Entry>, whiteouts: &[&str], others: &[&str]) -> LayerFacts {
        LayerFacts {
            entries,
            others: others.iter().map(|p| path_hash(p)).collect(),
            whiteouts: whiteouts.iter().map(|s| s.to_string()).collect(),
            opaque: vec![],
            files: 0,
            bytes: 0,
        }
    }

    pub fn scan_with(config: &str, layers: Vec<LayerFacts>) -> ImageScan {
        let cfg = ImageConfig::parse(config.as_bytes()).unwrap();
        let layers = layers
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                (
                    LayerInfo {
                        name: format!("l{i}/layer.tar"),
                        files: 0,
                        bytes: 0,
                    },
                    f,
                )
            })
            .collect();
        ImageScan::resolve(Some("app:1".into()), "sha256:abc".into(), cfg, layers)
    }

    pub fn scan(layers: Vec<LayerFacts>) -> ImageScan {
        scan_with(r#"{"config":{"User":"1000"}}"#, layers)
    }

    pub fn messages(o: dh_model::Outcome) -> Vec<String> {
        match o {
            dh_model::Outcome::Fail(f) => f.into_iter().map(|f| f.message).collect(),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
