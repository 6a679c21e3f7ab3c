//! `docker-harden image`: real images built on the test daemon from `dh-busybox:latest`,
//! exported with `docker save`, scanned as a stream (the same bytes the API export gives),
//! as a file, as an OCI layout directory and as an OCI layout archive (both converted here,
//! with gzip and zstd layers and the blobs in a shuffled order).

use assert_cmd::Command;
use dh_testkit::{docker, docker_output, live_docker_host, unique, BUSYBOX};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// Removes images on drop.
struct Images {
    host: String,
    names: Vec<String>,
}

impl Drop for Images {
    fn drop(&mut self) {
        for n in &self.names {
            let _ = docker_output(&self.host, &["rmi", "-f", n]);
        }
    }
}

const TEST_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";

fn build(host: &str, tag: &str, dockerfile: &str, files: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
    for (name, content) in files {
        fs::write(dir.path().join(name), content).unwrap();
    }
    // --network none: RUN steps need no network, and the shared daemon's bridge may be gone.
    docker(
        host,
        &[
            "build",
            "-q",
            "--network",
            "none",
            "-t",
            tag,
            &dir.path().display().to_string(),
        ],
    );
}

fn vulnerable_dockerfile() -> String {
    format!(
        "FROM {BUSYBOX}\n\
         RUN cp /bin/busybox /bin/suidbox && chmod 4755 /bin/suidbox\n\
         COPY id_rsa /root/.ssh/id_rsa\n\
         RUN rm /root/.ssh/id_rsa\n\
         RUN mkdir -p /etc /app && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && chmod 777 /app\n\
         ADD motd /etc/motd\n\
         RUN true || apk update\n\
         RUN true || wget -qO- http://example.invalid/install.sh | sh\n\
         ENV DB_PASSWORD=hunter2 PATH=/bin\n"
    )
}

fn hardened_dockerfile() -> String {
    format!(
        "FROM {BUSYBOX}\n\
         RUN mkdir -p /etc && echo 'root:x:0:0:root:/root:/sbin/nologin' > /etc/passwd && echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd\n\
         USER 1000\n\
         HEALTHCHECK CMD [\"true\"]\n"
    )
}

fn run_image(args: &[&str], stdin: Option<Vec<u8>>) -> (i32, Value, String) {
    let mut cmd = Command::cargo_bin("docker-harden").unwrap();
    cmd.arg("image").args(args).args(["--format", "json"]);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    (out.status.code().unwrap_or(-1), report, stderr)
}

/// `(rule, severity, message)` of every finding; I001/I006 (the shared image-config rules)
/// by rule only, as their wording belongs to `dh_rules::image`.
fn findings(report: &Value) -> BTreeSet<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rule = f["rule"].as_str().unwrap().to_string();
            let msg = if rule == "I001" || rule == "I006" {
                String::new()
            } else {
                f["message"].as_str().unwrap().to_string()
            };
            (rule, f["severity"].as_str().unwrap().to_string(), msg)
        })
        .collect()
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// Converts a legacy `docker save` archive to an OCI image layout directory: config blob,
/// layers compressed (even layers gzip, odd zstd), manifest and index.
fn to_oci_layout(save: &[u8], name: &str, out: &Path) {
    let mut files = std::collections::HashMap::new();
    let mut ar = tar::Archive::new(save);
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        if e.header().entry_type() != tar::EntryType::Regular {
            continue;
        }
        let p = e.path().unwrap().to_string_lossy().into_owned();
        let mut v = Vec::new();
        e.read_to_end(&mut v).unwrap();
        files.insert(p, v);
    }
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let m = &manifest[0];
    let blobs = out.join("blobs/sha256");
    fs::create_dir_all(&blobs).unwrap();
    let put = |bytes: &[u8]| -> (String, usize) {
        let hex = sha256_hex(bytes);
        fs::write(blobs.join(&hex), bytes).unwrap();
        (format!("sha256:{hex}"), bytes.len())
    };
    let (cfg_digest, cfg_size) = put(&files[m["Config"].as_str().unwrap()]);
    let mut layers = Vec::new();
    for (i, l) in m["Layers"].as_array().unwrap().iter().enumerate() {
        let raw = &files[l.as_str().unwrap()];
        let (blob, media) = if i % 2 == 0 {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(raw).unwrap();
            (
                gz.finish().unwrap(),
                "application/vnd.oci.image.layer.v1.tar+gzip",
            )
        } else {
            (
                ruzstd::encoding::compress_to_vec(
                    &raw[..],
                    ruzstd::encoding::CompressionLevel::Fastest,
                ),
                "application/vnd.oci.image.layer.v1.tar+zstd",
            )
        };
        let (d, s) = put(&blob);
        layers.push(json!({"mediaType": media, "digest": d, "size": s}));
    }
    let man = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg_digest, "size": cfg_size},
        "layers": layers,
    }))
    .unwrap();
    let (man_digest, man_size) = put(&man);
    fs::write(out.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    fs::write(
        out.join("index.json"),
        serde_json::to_vec(&json!({
            "schemaVersion": 2,
            "manifests": [{
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": man_digest, "size": man_size,
                "annotations": {"io.containerd.image.name": name, "org.opencontainers.image.ref.name": "latest"}
            }]
        }))
        .unwrap(),
    )
    .unwrap();
}

/// An OCI layout directory as an archive, blobs first in reverse name order, index last.
fn tar_dir(dir: &Path) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut blobs: Vec<_> = fs::read_dir(dir.join("blobs/sha256"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    blobs.sort();
    blobs.reverse();
    for p in blobs {
        let rel = p.strip_prefix(dir).unwrap();
        b.append_path_with_name(&p, rel).unwrap();
    }
    b.append_path_with_name(dir.join("oci-layout"), "oci-layout")
        .unwrap();
    b.append_path_with_name(dir.join("index.json"), "index.json")
        .unwrap();
    b.into_inner().unwrap()
}

fn expect(set: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    set.iter()
        .map(|(r, s, m)| (r.to_string(), s.to_string(), m.to_string()))
        .collect()
}

#[test]
fn vulnerable_and_hardened_images_from_every_source() {
    let Some(host) = live_docker_host("image: vulnerable and hardened images") else {
        return;
    };
    let vuln = format!("{}:latest", unique("image", "vuln"));
    let hard = format!("{}:latest", unique("image", "hard"));
    let _cleanup = Images {
        host: host.clone(),
        names: vec![vuln.clone(), hard.clone()],
    };
    build(
        &host,
        &vuln,
        &vulnerable_dockerfile(),
        &[("id_rsa", TEST_KEY), ("motd", "hello\n")],
    );
    build(&host, &hard, &hardened_dockerfile(), &[]);

    let tmp = tempfile::tempdir().unwrap();
    for (tag, expected_code, expected) in [
        (
            &vuln,
            1,
            expect(&[
                ("I001", "medium", ""),
                ("I006", "low", ""),
                ("I101", "medium", "/bin/suidbox is setuid root (mode 4755)"),
                ("I102", "high", "Env DB_PASSWORD holds a secret value: <redacted>"),
                ("I104", "high", "/root/.ssh/id_rsa (private-key) is deleted in layer 5 but layer 4 still ships it"),
                ("I105", "medium", "/app: directory is world-writable without the sticky bit (mode 0777)"),
                ("I106", "info", "root's login shell in /etc/passwd is /bin/sh, not nologin"),
                ("I108", "low", "ADD"),
                ("I109", "low", "history step 9: RUN true || apk update"),
                ("I110", "medium", "history step 10: RUN true || wget -qO- http://example.invalid/install.sh | sh"),
            ]),
        ),
        (&hard, 0, expect(&[])),
    ] {
        let save_path = tmp.path().join(format!("{}.tar", tag.replace([':', '/'], "_")));
        docker(&host, &["save", "-o", &save_path.display().to_string(), tag]);
        let save = fs::read(&save_path).unwrap();
        let oci_dir = tmp.path().join(format!("{}-oci", tag.replace([':', '/'], "_")));
        to_oci_layout(&save, tag, &oci_dir);
        let oci_tar = tmp.path().join(format!("{}-oci.tar", tag.replace([':', '/'], "_")));
        fs::write(&oci_tar, tar_dir(&oci_dir)).unwrap();

        let sources: Vec<(&str, (i32, Value, String))> = vec![
            ("stream", run_image(&["--tar", "-"], Some(save.clone()))),
            ("file", run_image(&["--tar", &save_path.display().to_string()], None)),
            ("oci dir", run_image(&["--oci", &oci_dir.display().to_string()], None)),
            ("oci archive", run_image(&["--tar", &oci_tar.display().to_string()], None)),
        ];
        for (what, (code, report, stderr)) in &sources {
            let got = findings(report);
            // The ADD step's message carries a content hash: compare its prefix.
            let got: BTreeSet<_> = got
                .into_iter()
                .map(|(r, s, m)| {
                    if r == "I108" {
                        assert!(m.starts_with("history step 8: ADD file:") && m.ends_with(" in /etc/motd"), "{m}");
                        (r, s, "ADD".to_string())
                    } else {
                        (r, s, m)
                    }
                })
                .collect();
            assert_eq!(got, expected, "{tag} from {what}; stderr: {stderr}");
            assert_eq!(*code, expected_code, "{tag} from {what}: exit code; stderr: {stderr}");
            assert_eq!(report["target"]["kind"], "image");
            assert_eq!(report["findings"].as_array().unwrap().first().map(|f| f["object"]["name"].clone()).unwrap_or(json!(tag)), json!(tag));
            let text = report.to_string();
            assert!(!text.contains("hunter2"), "a secret value leaked into the report");
            assert!(!text.contains("b3BlbnNzaC1rZXkt"), "key material leaked into the report");
        }
    }
}

#[test]
fn unreadable_and_malformed_inputs_exit_2_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.tar");
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["image", "--tar", &missing.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("missing.tar: cannot open"), "{err}");

    let junk = tmp.path().join("junk.tar");
    fs::write(
        &junk,
        b"this is not a tar archive at all, just text that goes on for a while",
    )
    .unwrap();
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["image", "--tar", &junk.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("docker-harden: ") && err.contains("junk.tar"),
        "{err}"
    );

    // A tar that is not an image.
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(3);
    h.set_mode(0o644);
    h.set_cksum();
    b.append_data(&mut h, "hello.txt", &b"hi\n"[..]).unwrap();
    let notimage = tmp.path().join("notimage.tar");
    fs::write(&notimage, b.into_inner().unwrap()).unwrap();
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["image", "--tar", &notimage.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a docker save or OCI layout archive"),
        "{err}"
    );

    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(["image", "--oci", &tmp.path().display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an OCI image layout directory"));

    // No source at all is a usage error.
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .arg("image")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
