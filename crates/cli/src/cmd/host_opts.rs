//! `audit --root DIR` and `audit --no-daemon`: host files read under a root directory
//! (`dh-host`), attached to the Snapshot the audit runs on.

use crate::cmd::audit::AuditArgs;
use crate::output::Global;
use anyhow::{bail, Result};
use clap::Args;
use dh_model::Snapshot;
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone, Default)]
pub struct HostArgs {
    /// Read host files (daemon.json, systemd units, /etc/default/docker, audit rules,
    /// /etc/group, /etc/subuid, sshd_config, …) under DIR instead of / — e.g. a mounted disk
    /// image or a test fixture. With --from, replaces the snapshot's host facts.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Audit host files only: do not contact the daemon (it may be down, or DIR is an
    /// offline image of a machine)
    #[arg(long)]
    pub no_daemon: bool,
}

/// Collects host facts into `snap` when the audit should have them: a live audit (root `/`
/// unless `--root`), `--no-daemon`, or `--from` with an explicit `--root`. A snapshot
/// audited without `--root` keeps the host facts it was recorded with.
pub fn attach_host(snap: &mut Snapshot, args: &AuditArgs, g: &Global) -> Result<()> {
    let h = &args.host;
    if args.from.is_some() && h.root.is_none() {
        if h.no_daemon {
            drop_daemon(snap);
        }
        return Ok(());
    }
    // This machine's files say nothing about a daemon reached over TCP or SSH.
    let remote = snap
        .docker_host
        .as_deref()
        .is_some_and(|d| !d.starts_with("unix://"));
    if remote && h.root.is_none() && !h.no_daemon {
        return Ok(());
    }
    collect_into(snap, h.root.as_deref(), g)?;
    if h.no_daemon {
        drop_daemon(snap);
    }
    Ok(())
}

/// Reads host facts under `root` (default `/`, which also reads `/proc` and `auditctl -l`)
/// into `snap.host`, replacing earlier host facts and host collection errors. For `audit`
/// and `collect`.
pub fn collect_into(snap: &mut Snapshot, root: Option<&Path>, g: &Global) -> Result<()> {
    let root = root
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    if !root.is_dir() {
        bail!("--root {}: not a directory", root.display());
    }
    let live = root == Path::new("/");
    let opts = dh_host::HostOptions {
        live,
        // The daemon being audited, however it was chosen (-H, DOCKER_HOST, context).
        docker_host: snap
            .docker_host
            .clone()
            .or_else(|| g.endpoint().ok().map(|e| e.host)),
    };
    let (facts, errors) = dh_host::collect_host_with(&root, &opts);
    snap.errors
        .retain(|e| !e.source.starts_with('/') && e.source != "auditctl -l");
    snap.errors.extend(errors);
    snap.host = Some(facts);
    Ok(())
}

/// `--no-daemon`: only host files are audited.
fn drop_daemon(snap: &mut Snapshot) {
    snap.daemon = None;
    snap.containers.clear();
    snap.images.clear();
    snap.networks.clear();
    snap.docker_host = None;
    snap.errors.retain(|e| !e.source.starts_with("GET "));
}
