//! One layer, streamed: decompression sniffed from magic bytes, entries read with the `tar`
//! crate, and only the facts the rules need kept per path. Nothing is written to disk and no
//! layer is ever held in memory: a path that no rule cares about is kept as a 64-bit hash
//! (so that an upper layer can still be seen replacing an interesting lower one).

use crate::secret_file;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::{self, Read};

/// Bytes read from a small file to sniff its content (private key blocks, tokens).
pub const SNIFF_BYTES: usize = 4 * 1024;
/// Bytes read from a file whose name makes it a secret candidate (`.docker/config.json`, …).
pub const NAMED_SNIFF_BYTES: usize = 16 * 1024;
/// Bytes read from `/etc/passwd` to find root's entry.
pub const PASSWD_BYTES: usize = 64 * 1024;
/// Files larger than this are never content-sniffed (key and credential files are small).
pub const SNIFF_MAX_SIZE: u64 = 64 * 1024;

/// What kind of tar entry a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    HardLink,
    Other,
}

/// The facts kept about one interesting path of one layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Absolute path in the image (`/usr/bin/su`).
    pub path: String,
    pub kind: Kind,
    /// Permission bits including setuid/setgid/sticky (`0o4755`).
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub size: u64,
    /// Secret kind (`private-key`, `docker-registry-auth`, …) when the file is a secret.
    pub secret: Option<String>,
    /// For `/etc/passwd`: root's login shell (`None` when there is no root entry).
    pub root_shell: Option<Option<String>>,
}

impl Entry {
    /// A regular file or a hard link to one (a hard link's header carries the file's mode).
    fn is_file(&self) -> bool {
        matches!(self.kind, Kind::File | Kind::HardLink)
    }
    pub fn is_setuid(&self) -> bool {
        self.is_file() && self.mode & 0o4000 != 0
    }
    pub fn is_setgid(&self) -> bool {
        self.is_file() && self.mode & 0o2000 != 0
    }
    pub fn world_writable(&self) -> bool {
        match self.kind {
            Kind::File | Kind::HardLink => self.mode & 0o002 != 0,
            Kind::Dir => self.mode & 0o002 != 0 && self.mode & 0o1000 == 0,
            _ => false,
        }
    }
    pub fn ssh_server(&self) -> bool {
        matches!(self.kind, Kind::File | Kind::Symlink | Kind::HardLink)
            && is_ssh_server_path(&self.path)
    }
}

/// What one layer adds, replaces and deletes.
#[derive(Debug, Default, Clone)]
pub struct LayerFacts {
    /// Paths some rule cares about, with their metadata.
    pub entries: Vec<Entry>,
    /// Hashes of every other path this layer writes (see [`path_hash`]).
    pub others: HashSet<u64>,
    /// `.wh.NAME` whiteouts: absolute paths deleted from the layers below.
    pub whiteouts: Vec<String>,
    /// `.wh..wh..opq` markers: directories whose lower-layer content is hidden.
    pub opaque: Vec<String>,
    /// Entries read (files, directories, links).
    pub files: u64,
    /// Uncompressed bytes of file content.
    pub bytes: u64,
}

/// A stable hash of a path, for paths no rule looks at.
pub fn path_hash(path: &str) -> u64 {
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

/// Compression of a layer blob, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

pub fn sniff_compression(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Does this look like the start of a tar stream (`ustar` at offset 257)?
pub fn looks_like_tar(head: &[u8]) -> bool {
    head.len() >= 262 && &head[257..262] == b"ustar"
}

/// Reads up to `n` bytes (fewer only at end of stream).
pub fn read_head<R: Read>(r: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// `./usr/bin/../bin/su` → `/usr/bin/su` (lexically; `..` never climbs above `/`).
pub fn normalize(path: &str) -> String {
    dh_rules::concepts::normalize_path(path)
}

fn is_ssh_server_path(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or("");
    matches!(base, "sshd" | "dropbear" | "sshd-session" | "tinysshd")
        && dh_rules::concepts::is_ssh_server(path)
}

/// Paths never content-sniffed: documentation and test fixtures of language packages are full
/// of example keys.
fn sniff_excluded(path: &str) -> bool {
    path.starts_with("/usr/share/doc/")
        || path.starts_with("/usr/share/man/")
        || ["/test/", "/tests/", "/testdata/", "/fixtures/", "/testing/"]
            .iter()
            .any(|d| path.contains(d))
}

/// Scans one layer blob (gzip, zstd or plain tar) from a stream.
pub fn scan_layer<R: Read>(mut r: R) -> io::Result<LayerFacts> {
    let head = read_head(&mut r, 4)?;
    let stream = io::Cursor::new(head.clone()).chain(r);
    match sniff_compression(&head) {
        Compression::Gzip => scan_tar(flate2::read::MultiGzDecoder::new(
            io::BufReader::with_capacity(256 * 1024, stream),
        )),
        Compression::Zstd => {
            let dec = ruzstd::decoding::StreamingDecoder::new(io::BufReader::with_capacity(
                256 * 1024,
                stream,
            ))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}")))?;
            scan_tar(dec)
        }
        Compression::None => scan_tar(stream),
    }
}

fn scan_tar<R: Read>(r: R) -> io::Result<LayerFacts> {
    let mut ar = tar::Archive::new(r);
    scan_entries(ar.entries()?)
}

/// Scans an uncompressed layer that can seek: file contents nobody sniffs are skipped with a
/// seek instead of being read.
pub fn scan_tar_seekable<R: Read + io::Seek>(r: R) -> io::Result<LayerFacts> {
    let mut ar = tar::Archive::new(r);
    scan_entries(ar.entries_with_seek()?)
}

fn scan_entries<R: Read>(entries: tar::Entries<'_, R>) -> io::Result<LayerFacts> {
    let mut facts = LayerFacts::default();
    for entry in entries {
        let mut e = entry?;
        let header = e.header();
        let kind = match header.entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => Kind::File,
            tar::EntryType::Directory => Kind::Dir,
            tar::EntryType::Symlink => Kind::Symlink,
            tar::EntryType::Link => Kind::HardLink,
            tar::EntryType::XGlobalHeader | tar::EntryType::XHeader => continue,
            tar::EntryType::GNULongName | tar::EntryType::GNULongLink => continue,
            _ => Kind::Other,
        };
        let mode = header.mode().unwrap_or(0) & 0o7777;
        let uid = header.uid().unwrap_or(0);
        let gid = header.gid().unwrap_or(0);
        let size = e.size();
        let raw_path = e.path()?.to_string_lossy().into_owned();
        let path = normalize(&raw_path);
        if path == "/" {
            continue;
        }
        facts.files += 1;
        let (dir, base) = match path.rsplit_once('/') {
            Some((d, b)) => (if d.is_empty() { "/" } else { d }, b),
            None => ("/", path.as_str()),
        };
        if base == ".wh..wh..opq" {
            facts.opaque.push(dir.to_string());
            continue;
        }
        if let Some(gone) = base.strip_prefix(".wh.") {
            facts.whiteouts.push(normalize(&format!("{dir}/{gone}")));
            continue;
        }
        if kind == Kind::File {
            facts.bytes += size;
        }
        let mut entry = Entry {
            path,
            kind,
            mode,
            uid,
            gid,
            size,
            secret: None,
            root_shell: None,
        };
        if kind == Kind::File {
            if entry.path == "/etc/passwd" {
                let text = read_head(&mut e, PASSWD_BYTES)?;
                entry.root_shell = Some(root_shell(&String::from_utf8_lossy(&text)));
            } else if secret_file::named_candidate(&entry.path) {
                let text = read_head(&mut e, NAMED_SNIFF_BYTES)?;
                entry.secret = secret_file::classify(&entry.path, &text).map(str::to_string);
            } else if size <= SNIFF_MAX_SIZE && size > 0 && !sniff_excluded(&entry.path) {
                let text = read_head(&mut e, SNIFF_BYTES)?;
                entry.secret = secret_file::classify(&entry.path, &text).map(str::to_string);
            }
        }
        let interesting = entry.is_setuid()
            || entry.is_setgid()
            || entry.world_writable()
            || entry.secret.is_some()
            || entry.root_shell.is_some()
            || entry.ssh_server();
        if interesting {
            facts.entries.push(entry);
        } else {
            facts.others.insert(path_hash(&entry.path));
        }
    }
    Ok(facts)
}

/// Root's login shell from `/etc/passwd` text: `Some(shell)` for the first uid-0 or `root`
/// entry, `None` when there is none.
pub fn root_shell(passwd: &str) -> Option<String> {
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() >= 7 && (f[0] == "root" || f[2] == "0") && !line.starts_with('#') {
            Some(f[6].trim().to_string())
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn tar_of(files: &[(&str, u32, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, mode, data) in files {
            let mut h = tar::Header::new_gnu();
            if path.ends_with('/') {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
            } else {
                h.set_size(data.len() as u64);
            }
            h.set_mode(*mode);
            h.set_cksum();
            b.append_data(&mut h, path, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn facts_from_plain_and_gzip() {
        let raw = tar_of(&[
            ("bin/", 0o755, b""),
            ("bin/su", 0o4755, b"ELF"),
            ("bin/ls", 0o755, b"ELF"),
            ("etc/passwd", 0o644, b"root:x:0:0:root:/root:/bin/sh\n"),
            ("root/.ssh/.wh.id_rsa", 0o644, b""),
            ("opt/.wh..wh..opq", 0o644, b""),
            ("srv/open/", 0o777, b""),
            ("tmp/", 0o1777, b""),
        ]);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &raw).unwrap();
        let gz = gz.finish().unwrap();
        for blob in [raw.clone(), gz] {
            let f = scan_layer(&blob[..]).unwrap();
            let paths: Vec<&str> = f.entries.iter().map(|e| e.path.as_str()).collect();
            assert_eq!(paths, ["/bin/su", "/etc/passwd", "/srv/open"]);
            assert_eq!(f.whiteouts, ["/root/.ssh/id_rsa"]);
            assert_eq!(f.opaque, ["/opt"]);
            assert!(f.others.contains(&path_hash("/bin/ls")));
            assert_eq!(f.entries[1].root_shell, Some(Some("/bin/sh".into())));
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let junk = [0x1fu8, 0x8b, 0, 1, 2, 3];
        assert!(scan_layer(&junk[..]).is_err());
        let junk = [0x28u8, 0xb5, 0x2f, 0xfd, 9, 9, 9];
        assert!(scan_layer(&junk[..]).is_err());
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 251) as u8).collect();
        let _ = scan_layer(&junk[..]);
    }

    #[test]
    fn passwd_root() {
        assert_eq!(
            root_shell("root:x:0:0::/root:/sbin/nologin\n"),
            Some("/sbin/nologin".into())
        );
        assert_eq!(root_shell("app:x:1000:1000::/:/bin/sh\n"), None);
    }
}
