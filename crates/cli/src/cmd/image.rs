//! `docker-harden image REF | --tar FILE | --oci DIR`: an image's configuration and the
//! contents of its layers, in one streaming pass.

use crate::output::{self, Global};
use anyhow::{bail, Context, Result};
use clap::Args;
use dh_model::{Report, Target};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["reference", "tar", "oci"])))]
pub struct ImageArgs {
    /// Image to export from the daemon and scan (name[:tag], name@digest or id)
    #[arg(value_name = "REF")]
    pub reference: Option<String>,

    /// A `docker save` archive (legacy or OCI layout) or an OCI image layout archive; `-`
    /// reads it from standard input (`docker save app | docker-harden image --tar -`)
    #[arg(long, value_name = "FILE")]
    pub tar: Option<PathBuf>,

    /// An OCI image layout directory (with index.json and blobs/)
    #[arg(long, value_name = "DIR")]
    pub oci: Option<PathBuf>,
}

/// The image `reference` as the daemon exports it (`GET /images/{name}/get`): a `docker save`
/// stream, read once.
pub fn export_image(g: &Global, reference: &str) -> Result<Box<dyn Read + Send>> {
    if reference.is_empty()
        || reference
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        bail!("image {reference:?}: not an image reference");
    }
    let rt = output::runtime()?;
    let path = format!("/images/{}/get", encode_reference(reference));
    let body = rt
        .block_on(async {
            let client = g.connect().await?;
            Ok::<_, anyhow::Error>(client.get_stream(&path).await?)
        })
        .with_context(|| format!("image {reference}"))?;
    let reader = dh_collect::export::BodyReader::spawn(rt.handle(), body);
    Ok(Box::new(ExportStream { reader, _rt: rt }))
}

/// The export stream and the runtime that feeds it (dropped after the reader).
struct ExportStream {
    reader: dh_collect::export::BodyReader,
    _rt: tokio::runtime::Runtime,
}

impl Read for ExportStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reader.read(buf)
    }
}

/// Percent-encodes what may not stand in a URL path; `/`, `:` and `@` are kept, as the
/// daemon's router expects them in `name:tag` and `name@digest`.
fn encode_reference(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    for b in r.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A progress bar on standard error, only when it is a terminal.
fn progress_bar(total: Option<u64>, what: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = match total {
        Some(t) => indicatif::ProgressBar::new(t).with_style(
            indicatif::ProgressStyle::with_template(
                "{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .ok()?,
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {bytes} {bytes_per_sec}")
                .ok()?,
        ),
    };
    pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    pb.set_message(format!("scanning {what}"));
    Some(pb)
}

fn scan_stream(reader: impl Read, total: Option<u64>, what: &str) -> Result<dh_image::ImageScan> {
    let pb = progress_bar(total, what);
    let mut tick = |n: u64| {
        if let Some(pb) = &pb {
            pb.set_position(n);
        }
    };
    let reader = dh_image::Progress::new(
        std::io::BufReader::with_capacity(1 << 20, reader),
        &mut tick,
    );
    let result = dh_image::scan_archive(reader);
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    result.map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

/// Scans the image the arguments name.
pub fn scan(args: &ImageArgs, g: &Global) -> Result<(dh_image::ImageScan, String)> {
    if let Some(dir) = &args.oci {
        let what = dir.display().to_string();
        let meta = std::fs::metadata(dir).with_context(|| format!("{what}: cannot open"))?;
        if !meta.is_dir() {
            bail!("{what}: not a directory (use --tar for an archive)");
        }
        let pb = progress_bar(Some(dh_image::oci_dir_size(dir)), &what);
        let mut tick = |n: u64| {
            if let Some(pb) = &pb {
                pb.set_position(n);
            }
        };
        let result = dh_image::scan_oci_dir(dir, &mut tick);
        if let Some(pb) = &pb {
            pb.finish_and_clear();
        }
        let scan = result.map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
        return Ok((scan, what));
    }
    if let Some(path) = &args.tar {
        if path.as_os_str() == "-" {
            // Standard input redirected from a file can seek: take the file path.
            #[cfg(unix)]
            {
                use std::os::fd::AsFd;
                if let Ok(owned) = std::io::stdin().as_fd().try_clone_to_owned() {
                    let f = std::fs::File::from(owned);
                    if f.metadata().is_ok_and(|m| m.is_file()) {
                        let scan = dh_image::scan_archive_file(&f, &mut |_| {})
                            .map_err(|e| anyhow::anyhow!("standard input: {e}"))?;
                        return Ok((scan, "-".into()));
                    }
                }
            }
            let scan = scan_stream(std::io::stdin().lock(), None, "standard input")?;
            return Ok((scan, "-".into()));
        }
        let what = path.display().to_string();
        let f = std::fs::File::open(path).with_context(|| format!("{what}: cannot open"))?;
        let meta = f
            .metadata()
            .with_context(|| format!("{what}: cannot open"))?;
        if meta.is_dir() {
            bail!("{what}: is a directory (use --oci for an OCI layout directory)");
        }
        let pb = progress_bar(Some(meta.len()), &what);
        let mut tick = |n: u64| {
            if let Some(pb) = &pb {
                pb.set_position(n);
            }
        };
        // A file can seek: what no rule reads is skipped rather than read.
        let result = dh_image::scan_archive_file(&f, &mut tick);
        if let Some(pb) = &pb {
            pb.finish_and_clear();
        }
        let scan = result.map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
        return Ok((scan, what));
    }
    let reference = args.reference.as_deref().unwrap_or_default();
    let stream = export_image(g, reference)?;
    let mut scan = scan_stream(stream, None, reference)?;
    if scan.name.is_none() {
        scan.name = Some(reference.to_string());
    }
    Ok((scan, reference.to_string()))
}

pub fn run(args: ImageArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let started = Instant::now();
    let (scan, source) = scan(&args, g)?;
    let mut report = Report::new(Target {
        kind: "image".into(),
        docker_host: None,
        engine_version: None,
        api_version: None,
        name: Some(scan.object().name.unwrap_or(source)),
    });
    dh_image::audit(&scan, &mut report, &|id| g.rule_enabled(id));
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    output::emit(&report, g)
}
