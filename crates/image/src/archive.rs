//! Image sources: a `docker save` stream (legacy `manifest.json` + `<id>/layer.tar`, or the
//! OCI layout newer engines write), an OCI layout archive, an OCI layout directory.
//!
//! A `docker save` stream lists its layers in no useful order (Docker 20.10 writes the layer
//! directories first, sorted by id, and `manifest.json` last), and the export stream from the
//! API cannot be rewound. So the scanner reads the archive once: every layer blob is scanned as
//! it streams by into [`LayerFacts`] keyed by its path in the archive, every small JSON file
//! (manifest, index, config) is kept, and the layer order is resolved at the end.

use crate::config::ImageConfig;
use crate::layer::{
    looks_like_tar, read_head, scan_layer, sniff_compression, Compression, LayerFacts,
};
use crate::{ImageError, ImageScan, LayerInfo};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;

/// Largest JSON document (manifest, index, config) kept from an archive.
const MAX_JSON: u64 = 16 * 1024 * 1024;
/// Most JSON kept from one archive, all documents together (bounded memory on hostile input).
const MAX_JSON_TOTAL: usize = 64 * 1024 * 1024;

fn keep_doc(
    docs: &mut HashMap<String, Vec<u8>>,
    key: String,
    bytes: Vec<u8>,
) -> Result<(), ImageError> {
    let total: usize = docs.values().map(Vec::len).sum::<usize>() + bytes.len();
    if total > MAX_JSON_TOTAL {
        return Err(ImageError::Malformed(format!(
            "more than {} MiB of JSON documents: not an image archive",
            MAX_JSON_TOTAL >> 20
        )));
    }
    docs.insert(key, bytes);
    Ok(())
}

/// A reader that reports how many bytes went through it.
pub struct Progress<'a, R> {
    inner: R,
    done: u64,
    last: u64,
    report: &'a mut dyn FnMut(u64),
}

impl<'a, R: Read> Progress<'a, R> {
    pub fn new(inner: R, report: &'a mut dyn FnMut(u64)) -> Self {
        Progress {
            inner,
            done: 0,
            last: 0,
            report,
        }
    }
}

impl<R: Read> Read for Progress<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if self.done - self.last >= 1 << 20 || n == 0 {
            self.last = self.done;
            (self.report)(self.done);
        }
        Ok(n)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LegacyManifest {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    layers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: String,
    digest: String,
    #[serde(default)]
    annotations: Option<HashMap<String, String>>,
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Deserialize)]
struct Platform {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OciDoc {
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Option<Vec<Descriptor>>,
}

/// What the resolution of an image's manifest yields.
struct Plan {
    name: Option<String>,
    config_key: String,
    layer_keys: Vec<String>,
}

fn blob_key(digest: &str) -> Result<String, ImageError> {
    let (alg, hex) = digest
        .split_once(':')
        .ok_or_else(|| ImageError::Malformed(format!("bad digest {digest:?}")))?;
    if alg.is_empty() || hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ImageError::Malformed(format!("bad digest {digest:?}")));
    }
    Ok(format!("blobs/{alg}/{hex}"))
}

fn parse_json<T: for<'de> Deserialize<'de>>(what: &str, bytes: &[u8]) -> Result<T, ImageError> {
    serde_json::from_slice(bytes).map_err(|e| ImageError::Malformed(format!("{what}: {e}")))
}

/// Follows an OCI index (possibly nested) to one image manifest: linux/amd64 when there is a
/// choice, else the first.
fn oci_plan(get: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Plan, ImageError> {
    let index = get("index.json").ok_or_else(|| {
        ImageError::Malformed(
            "neither manifest.json nor index.json found: not a docker save or OCI layout archive"
                .into(),
        )
    })?;
    let mut doc: OciDoc = parse_json("index.json", &index)?;
    let mut name = None;
    for _ in 0..4 {
        if let (Some(cfg), Some(layers)) = (&doc.config, &doc.layers) {
            return Ok(Plan {
                name,
                config_key: blob_key(&cfg.digest)?,
                layer_keys: layers
                    .iter()
                    .map(|l| blob_key(&l.digest))
                    .collect::<Result<_, _>>()?,
            });
        }
        let manifests = doc.manifests.as_deref().unwrap_or(&[]);
        let pick = manifests
            .iter()
            .find(|m| {
                m.platform
                    .as_ref()
                    .is_some_and(|p| p.os == "linux" && p.architecture == "amd64")
            })
            .or_else(|| {
                manifests
                    .iter()
                    .find(|m| m.platform.is_none() && !m.media_type.contains("attestation"))
            })
            .or_else(|| manifests.first())
            .ok_or_else(|| ImageError::Malformed("OCI index lists no manifest".into()))?;
        if name.is_none() {
            name = pick.annotations.as_ref().and_then(|a| {
                a.get("io.containerd.image.name")
                    .or_else(|| a.get("org.opencontainers.image.ref.name"))
                    .cloned()
            });
        }
        let key = blob_key(&pick.digest)?;
        let bytes = get(&key).ok_or_else(|| {
            ImageError::Malformed(format!(
                "manifest {} is missing from the archive",
                pick.digest
            ))
        })?;
        doc = parse_json(&key, &bytes)?;
    }
    Err(ImageError::Malformed("OCI index nested too deeply".into()))
}

fn legacy_plan(manifest: &[u8]) -> Result<Plan, ImageError> {
    let list: Vec<LegacyManifest> = parse_json("manifest.json", manifest)?;
    let m = list
        .into_iter()
        .next()
        .ok_or_else(|| ImageError::Malformed("manifest.json lists no image".into()))?;
    Ok(Plan {
        name: m.repo_tags.and_then(|t| t.into_iter().next()),
        config_key: crate::layer::normalize(&m.config),
        layer_keys: m
            .layers
            .iter()
            .map(|l| crate::layer::normalize(l))
            .collect(),
    })
}

/// Where a hard or symbolic link entry of the archive points, as a normalised archive path.
fn link_target<R: Read>(e: &tar::Entry<'_, R>, key: &str) -> Option<String> {
    let t = e.link_name().ok()??.to_string_lossy().into_owned();
    Some(if e.header().entry_type() == tar::EntryType::Link {
        crate::layer::normalize(&t)
    } else {
        let dir = key.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        crate::layer::normalize(&format!("{dir}/{t}"))
    })
}

/// Scans a `docker save` or OCI layout archive from a stream, in one pass.
pub fn scan_archive<R: Read>(reader: R) -> Result<ImageScan, ImageError> {
    let mut ar = tar::Archive::new(reader);
    let mut docs: HashMap<String, Vec<u8>> = HashMap::new();
    let mut layers: HashMap<String, Result<LayerFacts, String>> = HashMap::new();
    let mut links: HashMap<String, String> = HashMap::new();
    let entries = ar
        .entries()
        .map_err(|e| ImageError::io("reading the archive", e))?;
    let mut saw_any = false;
    for entry in entries {
        let mut e = entry.map_err(|e| ImageError::io("reading the archive", e))?;
        saw_any = true;
        let path = e
            .path()
            .map_err(|e| ImageError::io("reading the archive", e))?
            .to_string_lossy()
            .into_owned();
        let key = crate::layer::normalize(&path);
        match e.header().entry_type() {
            tar::EntryType::Symlink | tar::EntryType::Link => {
                // Older `docker save` links a repeated layer to its first copy.
                if let Some(resolved) = link_target(&e, &key) {
                    links.insert(key, resolved);
                }
                continue;
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {}
            _ => continue,
        }
        let size = e.size();
        let head = read_head(&mut e, 512).map_err(|err| ImageError::io(&path, err))?;
        let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let jsonish = key.ends_with(".json") || key == "/repositories" || key == "/oci-layout";
        if size <= MAX_JSON
            && (jsonish || matches!(first, Some(b'{') | Some(b'[')))
            && !looks_like_tar(&head)
        {
            let mut bytes = head;
            e.read_to_end(&mut bytes)
                .map_err(|err| ImageError::io(&path, err))?;
            keep_doc(&mut docs, key, bytes)?;
            continue;
        }
        let layerish = key.ends_with("/layer.tar")
            || key.ends_with(".tar")
            || key.contains("/blobs/")
            || sniff_compression(&head) != Compression::None
            || looks_like_tar(&head);
        if !layerish {
            continue;
        }
        let stream = io::Cursor::new(head).chain(&mut e);
        let facts = scan_layer(stream).map_err(|err| err.to_string());
        // Drain what a failed layer left so the outer stream stays in step.
        let _ = io::copy(&mut e, &mut io::sink());
        layers.insert(key, facts);
    }
    if !saw_any {
        return Err(ImageError::Malformed("empty archive".into()));
    }
    finish(docs, layers, links)
}

fn finish(
    docs: HashMap<String, Vec<u8>>,
    mut layers: HashMap<String, Result<LayerFacts, String>>,
    links: HashMap<String, String>,
) -> Result<ImageScan, ImageError> {
    let get = |k: &str| -> Option<Vec<u8>> {
        let k = crate::layer::normalize(k);
        let k = links.get(&k).cloned().unwrap_or(k);
        docs.get(&k).cloned()
    };
    let plan = match docs.get("/manifest.json") {
        Some(m) => legacy_plan(m)?,
        None => oci_plan(&get)?,
    };
    let config_bytes = get(&plan.config_key).ok_or_else(|| {
        ImageError::Malformed(format!(
            "image config {} is missing from the archive",
            plan.config_key.trim_start_matches('/')
        ))
    })?;
    let config = ImageConfig::parse(&config_bytes)?;
    let mut ordered = Vec::new();
    for key in &plan.layer_keys {
        let k = crate::layer::normalize(key);
        let k = links.get(&k).cloned().unwrap_or(k);
        let facts = match layers.remove(&k) {
            Some(Ok(f)) => f,
            Some(Err(err)) => {
                return Err(ImageError::Malformed(format!(
                    "layer {}: {err}",
                    k.trim_start_matches('/')
                )))
            }
            None => match plan
                .layer_keys
                .iter()
                .position(|x| crate::layer::normalize(x) == k)
            {
                // The same layer listed twice: already consumed by an earlier position.
                Some(p) if ordered.len() > p => clone_layer(&ordered, p),
                _ => {
                    return Err(ImageError::Malformed(format!(
                        "layer {} is missing from the archive",
                        k.trim_start_matches('/')
                    )))
                }
            },
        };
        ordered.push((layer_name(&k), facts));
    }
    Ok(ImageScan::resolve(
        plan.name,
        digest_of(&plan.config_key),
        config,
        ordered,
    ))
}

/// A byte range of a file, read with `pread` so that it never moves the file's offset.
struct SubFile<'a> {
    file: &'a std::fs::File,
    start: u64,
    len: u64,
    pos: u64,
}

impl Read for SubFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let left = self.len.saturating_sub(self.pos);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        let got = self.file.read_at(&mut buf[..n], self.start + self.pos)?;
        self.pos += got as u64;
        Ok(got)
    }
}

impl io::Seek for SubFile<'_> {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        let new = match to {
            io::SeekFrom::Start(n) => n as i128,
            io::SeekFrom::Current(d) => self.pos as i128 + d as i128,
            io::SeekFrom::End(d) => self.len as i128 + d as i128,
        };
        if new < 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before start",
            ));
        }
        self.pos = new as u64;
        Ok(self.pos)
    }
}

/// Scans a `docker save` or OCI layout archive *file*: the same single pass as
/// [`scan_archive`], but what no rule reads is skipped with seeks (uncompressed layers are
/// walked header to header), so a large image costs little more than its headers.
pub fn scan_archive_file(
    file: &std::fs::File,
    report: &mut dyn FnMut(u64),
) -> Result<ImageScan, ImageError> {
    let mut reader = file;
    io::Seek::seek(&mut reader, io::SeekFrom::Start(0))
        .map_err(|e| ImageError::io("seeking the archive", e))?;
    let mut ar = tar::Archive::new(file);
    let mut docs: HashMap<String, Vec<u8>> = HashMap::new();
    let mut layers: HashMap<String, Result<LayerFacts, String>> = HashMap::new();
    let mut links: HashMap<String, String> = HashMap::new();
    let entries = ar
        .entries_with_seek()
        .map_err(|e| ImageError::io("reading the archive", e))?;
    let mut saw_any = false;
    for entry in entries {
        let mut e = entry.map_err(|e| ImageError::io("reading the archive", e))?;
        saw_any = true;
        let path = e
            .path()
            .map_err(|e| ImageError::io("reading the archive", e))?
            .to_string_lossy()
            .into_owned();
        let key = crate::layer::normalize(&path);
        match e.header().entry_type() {
            tar::EntryType::Symlink | tar::EntryType::Link => {
                // Older `docker save` links a repeated layer to its first copy.
                if let Some(resolved) = link_target(&e, &key) {
                    links.insert(key, resolved);
                }
                continue;
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {}
            _ => continue,
        }
        let size = e.size();
        let start = e.raw_file_position();
        let mut sub = SubFile {
            file,
            start,
            len: size,
            pos: 0,
        };
        let head = read_head(&mut sub, 512).map_err(|err| ImageError::io(&path, err))?;
        let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let jsonish = key.ends_with(".json") || key == "/repositories" || key == "/oci-layout";
        if size <= MAX_JSON
            && (jsonish || matches!(first, Some(b'{') | Some(b'[')))
            && !looks_like_tar(&head)
        {
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes)
                .map_err(|err| ImageError::io(&path, err))?;
            keep_doc(&mut docs, key, bytes)?;
            continue;
        }
        let compression = sniff_compression(&head);
        let layerish = key.ends_with("/layer.tar")
            || key.ends_with(".tar")
            || key.contains("/blobs/")
            || compression != Compression::None
            || looks_like_tar(&head);
        if !layerish {
            continue;
        }
        let sub = SubFile {
            file,
            start,
            len: size,
            pos: 0,
        };
        let facts = if compression == Compression::None {
            crate::layer::scan_tar_seekable(sub)
        } else {
            scan_layer(io::BufReader::with_capacity(256 * 1024, sub))
        };
        layers.insert(key, facts.map_err(|err| err.to_string()));
        report(start + size);
    }
    if !saw_any {
        return Err(ImageError::Malformed("empty archive".into()));
    }
    finish(docs, layers, links)
}

fn clone_layer(ordered: &[(LayerInfo, LayerFacts)], p: usize) -> LayerFacts {
    ordered[p].1.clone()
}

fn layer_name(key: &str) -> LayerInfo {
    LayerInfo {
        name: key.trim_start_matches('/').to_string(),
        files: 0,
        bytes: 0,
    }
}

/// `/blobs/sha256/abc` or `/abc.json` → `sha256:abc`.
fn digest_of(config_key: &str) -> String {
    let k = config_key.trim_start_matches('/');
    if let Some(rest) = k.strip_prefix("blobs/") {
        if let Some((alg, hex)) = rest.split_once('/') {
            return format!("{alg}:{hex}");
        }
    }
    let hex = k.trim_end_matches(".json");
    format!("sha256:{hex}")
}

/// Scans an OCI image layout directory: index and config first, then each layer in order.
pub fn scan_oci_dir(dir: &Path, report: &mut dyn FnMut(u64)) -> Result<ImageScan, ImageError> {
    if !dir.join("index.json").is_file() {
        return Err(ImageError::Malformed(format!(
            "{}: no index.json: not an OCI image layout directory",
            dir.display()
        )));
    }
    let read = |k: &str| -> Option<Vec<u8>> {
        let p = dir.join(k.trim_start_matches('/'));
        let meta = std::fs::metadata(&p).ok()?;
        if meta.len() > MAX_JSON {
            return None;
        }
        std::fs::read(p).ok()
    };
    let plan = oci_plan(&read)?;
    let config_bytes = read(&plan.config_key).ok_or_else(|| {
        ImageError::Malformed(format!("image config {} is missing", plan.config_key))
    })?;
    let config = ImageConfig::parse(&config_bytes)?;
    let mut done = 0u64;
    let mut ordered = Vec::new();
    for key in &plan.layer_keys {
        let p = dir.join(key.trim_start_matches('/'));
        let f = std::fs::File::open(&p).map_err(|e| ImageError::io(&p.display().to_string(), e))?;
        let mut progress = |n: u64| report(done + n);
        let reader = Progress::new(io::BufReader::with_capacity(256 * 1024, f), &mut progress);
        let facts =
            scan_layer(reader).map_err(|e| ImageError::Malformed(format!("layer {key}: {e}")))?;
        done += std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        ordered.push((layer_name(key), facts));
    }
    Ok(ImageScan::resolve(
        plan.name,
        digest_of(&plan.config_key),
        config,
        ordered,
    ))
}

/// Total size of the blobs an OCI directory's layers use (for a progress bar).
pub fn oci_dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir.join("blobs/sha256"))
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(files: &[(&str, u32, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, mode, data) in files {
            let mut h = tar::Header::new_gnu();
            if path.ends_with('/') {
                h.set_entry_type(tar::EntryType::Directory);
            }
            h.set_size(if path.ends_with('/') {
                0
            } else {
                data.len() as u64
            });
            h.set_mode(*mode);
            h.set_cksum();
            b.append_data(&mut h, path, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    const KEY: &[u8] = b"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";

    /// A legacy `docker save` archive as Docker 20.10 writes it: layer directories first (in
    /// id order, not layer order), config, then manifest.json last.
    fn legacy_archive() -> Vec<u8> {
        let l1 = tar_of(&[
            ("bin/", 0o755, b""),
            ("bin/su", 0o4755, b"ELF"),
            ("etc/passwd", 0o644, b"root:x:0:0::/root:/bin/sh\n"),
        ]);
        let l2 = tar_of(&[("root/.ssh/", 0o700, b""), ("root/.ssh/id_rsa", 0o600, KEY)]);
        let l3 = tar_of(&[
            ("root/.ssh/.wh.id_rsa", 0o600, b""),
            ("bin/su", 0o755, b"ELF"),
        ]);
        let config = br#"{"os":"linux","architecture":"amd64","config":{"User":"","Env":["PATH=/bin"]},"history":[{"created_by":"/bin/sh -c #(nop) ADD file:x in / "}]}"#;
        let manifest = br#"[{"Config":"cfg.json","RepoTags":["app:1"],"Layers":["ccc/layer.tar","aaa/layer.tar","bbb/layer.tar"]}]"#;
        tar_of(&[
            ("aaa/", 0o755, b""),
            ("aaa/layer.tar", 0o644, &l2),
            ("bbb/", 0o755, b""),
            ("bbb/layer.tar", 0o644, &l3),
            ("ccc/", 0o755, b""),
            ("ccc/layer.tar", 0o644, &l1),
            ("cfg.json", 0o644, config),
            ("manifest.json", 0o644, manifest),
        ])
    }

    fn summary(s: &ImageScan) -> (Vec<String>, Vec<String>) {
        (
            s.final_fs.keys().cloned().collect(),
            s.deleted_secrets
                .iter()
                .map(|d| format!("{}@{}", d.entry.path, d.layer))
                .collect(),
        )
    }

    #[test]
    fn stream_and_file_agree_and_resolve_order() {
        let bytes = legacy_archive();
        let streamed = scan_archive(&bytes[..]).unwrap();
        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, &bytes).unwrap();
        let seeked = scan_archive_file(&f, &mut |_| {}).unwrap();
        assert_eq!(summary(&streamed), summary(&seeked));
        // /bin/su lost its setuid bit in layer 3; the key was deleted but layer 2 ships it.
        assert_eq!(
            summary(&streamed),
            (
                vec!["/etc/passwd".to_string()],
                vec!["/root/.ssh/id_rsa@1".to_string()]
            )
        );
        assert_eq!(streamed.name.as_deref(), Some("app:1"));
        assert_eq!(streamed.id, "sha256:cfg");
        assert_eq!(streamed.layers.len(), 3);
    }

    #[test]
    fn truncated_or_corrupted_archives_never_panic() {
        let bytes = legacy_archive();
        for cut in (0..bytes.len()).step_by(97) {
            let _ = scan_archive(&bytes[..cut]);
        }
        let mut flipped = bytes.clone();
        for i in (0..flipped.len()).step_by(131) {
            flipped[i] ^= 0x5a;
            let _ = scan_archive(&flipped[..]);
        }
        assert!(scan_archive(&b""[..]).is_err());
    }
}
