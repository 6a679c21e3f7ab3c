use crate::output::{self, Global};
use anyhow::{Context, Result};
use clap::Args;
use dh_model::{Report, Snapshot, Target};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Audit a Snapshot written by `docker-harden collect` instead of a live daemon
    #[arg(long, value_name = "SNAPSHOT")]
    pub from: Option<PathBuf>,
    /// Also scan the contents of every image in use (setuid files, secrets, world-writable
    /// paths, history), exported from the daemon one at a time; without it, images are
    /// judged by their configuration only
    #[arg(long)]
    pub images: bool,
    #[command(flatten)]
    pub host: crate::cmd::host_opts::HostArgs,
}

pub fn load_snapshot(path: &Path) -> Result<Snapshot> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read snapshot", path.display()))?;
    let snap: Snapshot =
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if snap.schema != dh_model::SNAPSHOT_SCHEMA {
        anyhow::bail!(
            "{}: unsupported snapshot schema {:?} (expected {:?})",
            path.display(),
            snap.schema,
            dh_model::SNAPSHOT_SCHEMA
        );
    }
    Ok(snap)
}

pub fn audit_snapshot(snap: &Snapshot, g: &Global, kind: &str) -> Report {
    let started = Instant::now();
    let rules: Vec<_> = dh_rules::registry()
        .into_iter()
        .filter(|r| g.rule_enabled(r.meta.id))
        .collect();
    let mut report = Report::new(Target {
        kind: kind.into(),
        docker_host: snap.docker_host.clone(),
        engine_version: snap.daemon.as_ref().map(|d| d.version.version.clone()),
        api_version: snap.daemon.as_ref().map(|d| d.version.api_version.clone()),
        name: None,
    });
    dh_rules::engine::run(&rules, snap, &mut report);
    report.errors.extend(
        snap.errors
            .iter()
            .map(|e| format!("{}: {}", e.source, e.message)),
    );
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    report
}

/// Collects a Snapshot from the daemon the global options select.
pub fn collect_live(g: &Global) -> Result<Snapshot> {
    let rt = output::runtime()?;
    rt.block_on(async {
        let client = g.connect().await?;
        Ok(dh_collect::collect_snapshot(&client).await)
    })
}

pub fn run(args: AuditArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let started = Instant::now();
    let mut snap = match &args.from {
        Some(p) => load_snapshot(p)?,
        None if args.host.no_daemon => Snapshot::default(),
        None => collect_live(g)?,
    };
    crate::cmd::host_opts::attach_host(&mut snap, &args, g)?;
    let kind = if args.from.is_some() {
        "snapshot"
    } else {
        "host"
    };
    let mut report = audit_snapshot(&snap, g, kind);
    if args.images {
        if args.from.is_some() || args.host.no_daemon {
            anyhow::bail!("--images needs a live daemon to export images from");
        }
        scan_images(&snap, g, &mut report);
        report.finish();
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    output::emit(&report, g)
}

/// `audit --images`: the contents scan of every image in use, one export at a time (memory
/// stays bounded). The image-configuration rules already ran on the snapshot.
fn scan_images(snap: &Snapshot, g: &Global, report: &mut Report) {
    let config_rules: Vec<&str> = dh_rules::image::RULES.iter().map(|r| r.meta.id).collect();
    let enabled = |id: &str| g.rule_enabled(id) && !config_rules.contains(&id);
    for image in &snap.images {
        let name = image.display_name();
        let scanned = crate::cmd::image::export_image(g, &image.id).and_then(|stream| {
            dh_image::scan_archive(std::io::BufReader::with_capacity(1 << 20, stream))
                .map_err(anyhow::Error::from)
        });
        match scanned {
            Ok(mut scan) => {
                scan.name = Some(name);
                dh_image::audit(&scan, report, &enabled);
            }
            Err(e) => report
                .errors
                .push(format!("image {name}: {}", output::one_line(&e))),
        }
    }
}
