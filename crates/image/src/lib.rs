//! docker-harden's image scanner: an image's configuration and the contents of its layers,
//! from a `docker save` stream (the daemon's export, or a file), an OCI layout archive or an
//! OCI layout directory.
//!
//! One streaming pass: each layer is decompressed (gzip, zstd or none, sniffed) and read entry
//! by entry with the `tar` crate; nothing is extracted, and only the metadata the rules need is
//! kept per path. Whiteouts (`.wh.NAME`, `.wh..wh..opq`) are applied layer by layer to know
//! the final file system — and what an earlier layer still ships after a later one "deleted" it.

pub mod archive;
pub mod config;
pub mod layer;
pub mod rules;
pub mod secret_file;

pub use archive::{oci_dir_size, scan_archive, scan_archive_file, scan_oci_dir, Progress};
pub use config::ImageConfig;
pub use layer::{Entry, Kind, LayerFacts};

use dh_model::{Image, ObjectRef, Report, RuleMeta};
use std::collections::BTreeMap;

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// Why an image could not be scanned. The caller prefixes the input's name.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Malformed(String),
}

impl ImageError {
    pub fn io(what: &str, source: std::io::Error) -> Self {
        ImageError::Io {
            what: what.to_string(),
            source,
        }
    }
}

/// One layer as listed by the manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerInfo {
    /// Path of the layer in the archive (`<id>/layer.tar`, `blobs/sha256/<hex>`).
    pub name: String,
    pub files: u64,
    pub bytes: u64,
}

/// A secret file that an earlier layer adds and the final file system no longer has.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedSecret {
    pub entry: Entry,
    /// Layer (0-based, bottom first) that ships the file.
    pub layer: usize,
    /// Layer that deleted or replaced it.
    pub removed_in: Option<usize>,
}

/// Everything the image rules look at.
#[derive(Debug, Clone)]
pub struct ImageScan {
    /// `repo:tag` from the archive, when it names one.
    pub name: Option<String>,
    /// Config digest (`sha256:…`): the image id.
    pub id: String,
    pub config: ImageConfig,
    pub layers: Vec<LayerInfo>,
    /// Interesting paths of the final file system, with the layer that wrote them.
    pub final_fs: BTreeMap<String, (Entry, usize)>,
    pub deleted_secrets: Vec<DeletedSecret>,
}

impl ImageScan {
    /// Applies the layers bottom-up: whiteouts and opaque directories hide what is below,
    /// an entry replaces the same path below.
    pub fn resolve(
        name: Option<String>,
        id: String,
        config: ImageConfig,
        layers: Vec<(LayerInfo, LayerFacts)>,
    ) -> Self {
        let mut fs: BTreeMap<String, (Entry, usize)> = BTreeMap::new();
        let mut secrets_seen: Vec<(Entry, usize)> = Vec::new();
        let mut removed_at: BTreeMap<(String, usize), usize> = BTreeMap::new();
        let mut infos = Vec::new();
        for (i, (mut info, facts)) in layers.into_iter().enumerate() {
            let mut gone: Vec<String> = Vec::new();
            for dir in &facts.opaque {
                let prefix = if dir == "/" {
                    "/".to_string()
                } else {
                    format!("{dir}/")
                };
                gone.extend(fs.keys().filter(|k| k.starts_with(&prefix)).cloned());
            }
            for w in &facts.whiteouts {
                let prefix = format!("{w}/");
                gone.extend(
                    fs.keys()
                        .filter(|k| *k == w || k.starts_with(&prefix))
                        .cloned(),
                );
            }
            gone.extend(
                fs.keys()
                    .filter(|k| facts.others.contains(&layer::path_hash(k)))
                    .cloned(),
            );
            for e in &facts.entries {
                if fs.contains_key(&e.path) {
                    gone.push(e.path.clone());
                }
            }
            for k in gone {
                if let Some((e, l)) = fs.remove(&k) {
                    if e.secret.is_some() {
                        removed_at.insert((e.path.clone(), l), i);
                    }
                }
            }
            for e in facts.entries {
                if e.secret.is_some() {
                    secrets_seen.push((e.clone(), i));
                }
                fs.insert(e.path.clone(), (e, i));
            }
            info.files = facts.files;
            info.bytes = facts.bytes;
            infos.push(info);
        }
        let deleted_secrets = secrets_seen
            .into_iter()
            .filter(|(e, l)| fs.get(&e.path).is_none_or(|(_, fl)| fl != l))
            .map(|(entry, layer)| DeletedSecret {
                removed_in: removed_at.get(&(entry.path.clone(), layer)).copied(),
                entry,
                layer,
            })
            .collect();
        ImageScan {
            name,
            id,
            config,
            layers: infos,
            final_fs: fs,
            deleted_secrets,
        }
    }

    /// The image as the shared image-config rules (`dh_rules::image`) see it.
    pub fn model_image(&self) -> Image {
        Image {
            id: self.id.clone(),
            repo_tags: self.name.clone().map(|n| vec![n]),
            repo_digests: None,
            created: self.config.created.clone(),
            os: self.config.os.clone(),
            architecture: self.config.architecture.clone(),
            config: Some(self.config.run.clone()),
        }
    }

    /// The report object every finding of this image is about.
    pub fn object(&self) -> ObjectRef {
        dh_rules::engine::image_ref(&self.model_image())
    }

    /// Final-FS entries, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&Entry, usize)> {
        self.final_fs.values().map(|(e, l)| (e, *l))
    }
}

/// Runs the image-config rules of `dh_rules::image` and this crate's rules on a scan, into
/// `report`. `enabled` filters rule ids (`--select`/`--ignore`).
pub fn audit(scan: &ImageScan, report: &mut Report, enabled: &dyn Fn(&str) -> bool) {
    let image = scan.model_image();
    let object = scan.object();
    // The image-config rules (user, healthcheck, …) are the shared ones that `audit` runs on
    // every image: one concept, one rule.
    let shared: Vec<dh_rules::RuleEntry> = dh_rules::image::RULES
        .iter()
        .filter(|r| enabled(r.meta.id))
        .copied()
        .collect();
    let snap: dh_model::Snapshot = serde_json::from_value(serde_json::json!({
        "schema": dh_model::SNAPSHOT_SCHEMA,
        "images": [image],
    }))
    .expect("a snapshot with one image deserializes");
    dh_rules::engine::run(&shared, &snap, report);
    for rule in rules::RULES {
        if enabled(rule.meta.id) {
            dh_rules::engine::record(report, rule.meta, &object, (rule.check)(scan));
        }
    }
}

/// The documentation of one of this crate's rules.
pub fn doc(id: &str) -> Option<&'static str> {
    docs::doc(id)
}

/// `(meta, doc)` for every rule of this crate, for `docker-harden rules`.
pub fn catalog() -> Vec<(&'static RuleMeta, &'static str)> {
    rules::RULES
        .iter()
        .map(|r| (r.meta, doc(r.meta.id).unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_unique_and_documented() {
        let mut seen = HashSet::new();
        for (meta, d) in catalog() {
            assert!(seen.insert(meta.id), "duplicate rule id {}", meta.id);
            assert!(
                d.contains("## What it does")
                    && d.contains("## Why")
                    && d.contains("## Example")
                    && d.contains("## References"),
                "rule {} lacks a complete doc comment",
                meta.id
            );
            assert!(!meta.remediation.is_empty());
        }
    }
}
