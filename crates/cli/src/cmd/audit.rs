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
}

pub fn load_snapshot(path: &Path) -> Result<Snapshot> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read snapshot", path.display()))?;
    let snap: Snapshot = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
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
    report
        .errors
        .extend(snap.errors.iter().map(|e| format!("{}: {}", e.source, e.message)));
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    report
}

pub fn run(args: AuditArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let snap = match &args.from {
        Some(p) => load_snapshot(p)?,
        None => anyhow::bail!("live audit: not yet wired"),
    };
    let report = audit_snapshot(&snap, g, "snapshot");
    output::emit(&report, g)
}
