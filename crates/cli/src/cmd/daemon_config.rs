//! `docker-harden daemon-config`: print (and with `--apply`, write) a hardened dockerd
//! configuration merged with what the host has. The plan and its diffs come from
//! `dh-daemonconfig`; this file turns flags into a request and reports.

use crate::output::Global;
use anyhow::{bail, Context, Result};
use clap::Args;
use dh_daemonconfig::{Listen, Request, RootFs, Tls, Ulimit, Validation};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
#[command(after_help = "\
Dry run by default: prints a unified diff of every file it would change and writes nothing.
With --apply it writes each file atomically, after a backup (FILE.bak-YYYYMMDDTHHMMSS).

Examples:
  docker-harden daemon-config --all-recommended
  docker-harden daemon-config --tls-dir /etc/docker/tls --listen 0.0.0.0:2376 --apply
  docker-harden daemon-config --root /mnt/image --icc=false --live-restore")]
pub struct DaemonConfigArgs {
    /// Root of the system to configure (a fixture tree or a mounted disk image)
    #[arg(long, default_value = "/", value_name = "DIR")]
    pub root: PathBuf,

    /// Serve the API with TLS and client-certificate verification, with ca.pem,
    /// server-cert.pem and server-key.pem from DIR (as `docker-harden tls init` writes them)
    #[arg(long, value_name = "DIR")]
    pub tls_dir: Option<PathBuf>,

    /// TCP address of the TLS listener, ADDR[:PORT] (port 2376 by default; 2375 is refused)
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<String>,

    /// Remap container root to an unprivileged host range: `default` (user dockremap) or
    /// USER[:GROUP]
    #[arg(long, value_name = "default|USER[:GROUP]")]
    pub userns_remap: Option<String>,

    /// Forbid traffic between containers on the default bridge (`--icc=false`)
    #[arg(long, value_name = "false", require_equals = true, value_parser = ["false"])]
    pub icc: Option<String>,

    /// Stop containers gaining privileges through setuid binaries (no-new-privileges)
    #[arg(long)]
    pub no_new_privileges: bool,

    /// Keep containers running while dockerd restarts or upgrades
    #[arg(long)]
    pub live_restore: bool,

    /// Publish ports with iptables rules instead of docker-proxy (`--userland-proxy=false`)
    #[arg(long, value_name = "false", require_equals = true, value_parser = ["false"])]
    pub userland_proxy: Option<String>,

    /// Default logging driver for containers (e.g. journald, syslog, local)
    #[arg(long, value_name = "DRIVER")]
    pub log_driver: Option<String>,

    /// Default ulimit for containers, NAME=SOFT[:HARD] (e.g. nofile=65536:65536); repeatable
    #[arg(long, value_name = "NAME=SOFT[:HARD]")]
    pub default_ulimit: Vec<String>,

    /// Every hardening that is safe to turn on by default: userns-remap default, icc=false,
    /// no-new-privileges, live-restore, userland-proxy=false, json-file log rotation and a
    /// nofile ulimit where none is set (TLS only with --tls-dir/--listen)
    #[arg(long)]
    pub all_recommended: bool,

    /// Write the changes (default: show them and write nothing)
    #[arg(long)]
    pub apply: bool,

    /// Print the resulting daemon.json instead of the diffs
    #[arg(long)]
    pub print_config: bool,

    /// dockerd used for `dockerd --validate` (default: the unit's dockerd, else PATH)
    #[arg(long, value_name = "PATH")]
    pub dockerd: Option<PathBuf>,
}

pub fn run(a: DaemonConfigArgs, g: &Global) -> Result<ExitCode> {
    let as_json = match g.format.as_str() {
        "text" => false,
        "json" => true,
        f => bail!("--format {f}: daemon-config prints text (diffs) or json"),
    };
    if !a.root.is_dir() {
        bail!("--root {}: not a directory", a.root.display());
    }
    let fs = RootFs::new(&a.root);
    let req = request(&a, &fs)?;
    let plan = dh_daemonconfig::plan(&fs, &req)?;
    let root_label = a.root.display().to_string();

    if !as_json {
        let text = if a.print_config {
            new_config(&fs, &plan)
        } else {
            plan.files.iter().map(|f| f.unified_diff()).collect()
        };
        emit_text(g, &text)?;
    }
    if plan.files.is_empty() {
        eprintln!("docker-harden: nothing to change: the configuration under {root_label} already has every setting asked for");
    }
    for c in &plan.changes {
        eprintln!("change: {c}");
    }
    for w in &plan.warnings {
        eprintln!("warning: {w}");
    }

    let validation = plan
        .daemon_json_change()
        .map(|new| validation(&a, &fs, &plan, &new.new));
    match &validation {
        Some(Validation::Accepted { dockerd }) => eprintln!(
            "validated: {} --validate accepts the new {}",
            dockerd.display(),
            plan.daemon_json
        ),
        Some(Validation::Rejected { dockerd, output }) => bail!(
            "{}: {} --validate rejects the new configuration (nothing written): {output}",
            plan.daemon_json,
            dockerd.display()
        ),
        Some(Validation::Unsupported { dockerd, version }) => eprintln!(
            "not validated: {} ({}) has no --validate (it came with Docker 23.0); docker-harden checked the JSON and the keys it sets",
            dockerd.display(),
            if version.is_empty() { "unknown version" } else { version.as_str() }
        ),
        Some(Validation::NoDockerd { why }) => {
            eprintln!("not validated: no dockerd to run --validate ({why})")
        }
        None => {}
    }

    let mut written = Vec::new();
    if plan.files.is_empty() {
        // Nothing to write, with or without --apply.
    } else if !a.apply {
        eprintln!(
            "dry run: nothing written; run again with --apply to write {} file{}",
            plan.files.len(),
            if plan.files.len() == 1 { "" } else { "s" }
        );
    } else {
        if let Some(missing) = plan.missing_tls_files.first() {
            bail!(
                "{}: not found (nothing written): dockerd would not start; create the PKI first with `docker-harden tls init`",
                missing.display()
            );
        }
        written = match dh_daemonconfig::apply(&fs, &plan, std::time::SystemTime::now()) {
            Ok(w) => w,
            Err(dh_daemonconfig::Error::Io { path, source })
                if source.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                bail!("{}: {source} (run as root, e.g. with sudo)", path.display())
            }
            Err(e) => return Err(e.into()),
        };
        for w in &written {
            match &w.backup {
                Some(b) => eprintln!("wrote {} (backup: {})", w.path.display(), b.display()),
                None => eprintln!("wrote {}", w.path.display()),
            }
        }
        if fs.is_host() {
            eprintln!("restart dockerd to use the new configuration:\n  systemctl daemon-reload && systemctl restart docker");
        } else {
            eprintln!("on the system under {root_label}, restart dockerd to use the new configuration:\n  systemctl daemon-reload && systemctl restart docker");
        }
    }

    if as_json {
        let doc = json_report(&a, &fs, &plan, validation.as_ref(), &written);
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        emit_text(g, &text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The daemon.json as it will be (or is, when nothing changes).
fn new_config(fs: &RootFs, plan: &dh_daemonconfig::Plan) -> String {
    match plan.daemon_json_change() {
        Some(f) => f.new.clone(),
        None => fs
            .read_to_string(&plan.daemon_json)
            .unwrap_or_else(|_| "{}\n".into()),
    }
}

/// Standard output, or the `--output` file.
fn emit_text(g: &Global, text: &str) -> Result<()> {
    match &g.output {
        Some(path) => crate::output::write_file_atomic(path, text.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            Ok(())
        }
    }
}

/// `--format json`: the plan, the validation and what was written, for scripts.
fn json_report(
    a: &DaemonConfigArgs,
    fs: &RootFs,
    plan: &dh_daemonconfig::Plan,
    validation: Option<&Validation>,
    written: &[dh_daemonconfig::Written],
) -> serde_json::Value {
    use serde_json::json;
    let validation = match validation {
        None => json!(null),
        Some(Validation::Accepted { dockerd }) => {
            json!({"result": "accepted", "dockerd": dockerd})
        }
        Some(Validation::Rejected { dockerd, output }) => {
            json!({"result": "rejected", "dockerd": dockerd, "detail": output})
        }
        Some(Validation::Unsupported { dockerd, version }) => {
            json!({"result": "unsupported", "dockerd": dockerd, "detail": version})
        }
        Some(Validation::NoDockerd { why }) => json!({"result": "no-dockerd", "detail": why}),
    };
    json!({
        "schema": "docker-harden/daemon-config/v1",
        "root": a.root,
        "daemon_json": plan.daemon_json,
        "applied": a.apply && !written.is_empty(),
        "config": serde_json::from_str::<serde_json::Value>(&new_config(fs, plan)).unwrap_or(json!(null)),
        "files": plan.files.iter().map(|f| json!({
            "path": f.path,
            "exists": f.old.is_some(),
            "mode": format!("{:04o}", f.mode),
            "diff": f.unified_diff(),
            "content": f.new,
        })).collect::<Vec<_>>(),
        "changes": plan.changes,
        "warnings": plan.warnings,
        "validation": validation,
        "written": written.iter().map(|w| json!({"path": w.path, "backup": w.backup})).collect::<Vec<_>>(),
    })
}

fn request(a: &DaemonConfigArgs, fs: &RootFs) -> Result<Request> {
    let mut req = Request::default();
    match (&a.tls_dir, &a.listen) {
        (Some(dir), Some(listen)) => {
            let listen = Listen::parse(listen)?;
            req.tls = Some(Tls {
                dir: tls_dir(dir, fs)?,
                listen,
            });
        }
        (Some(_), None) => bail!("--tls-dir: also give --listen ADDR:2376, the address dockerd serves TLS on"),
        (None, Some(_)) => bail!("--listen: docker-harden never configures a plaintext TCP listener; also give --tls-dir DIR with ca.pem, server-cert.pem and server-key.pem (see `docker-harden tls init`)"),
        (None, None) => {}
    }
    if let Some(r) = &a.userns_remap {
        let ok = !r.is_empty()
            && r.split(':').count() <= 2
            && r.split(':').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            });
        if !ok {
            bail!("--userns-remap: {r:?}: expected `default` or USER[:GROUP]");
        }
        req.userns_remap = Some(r.clone());
    }
    req.no_icc = a.icc.is_some();
    req.no_new_privileges = a.no_new_privileges;
    req.live_restore = a.live_restore;
    req.no_userland_proxy = a.userland_proxy.is_some();
    if let Some(d) = &a.log_driver {
        if d.is_empty() || d.chars().any(|c| c.is_whitespace()) {
            bail!("--log-driver: {d:?}: not a logging driver name");
        }
        req.log_driver = Some(d.clone());
    }
    for u in &a.default_ulimit {
        req.default_ulimits.push(Ulimit::parse(u)?);
    }
    if a.all_recommended {
        req = req.all_recommended();
    }
    if req.is_empty() {
        bail!("daemon-config: nothing asked for; give --all-recommended or the hardening flags you want (see --help)");
    }
    Ok(req)
}

/// The TLS directory as the target host sees it: absolute (a relative one only on the host
/// itself, resolved from the current directory).
fn tls_dir(dir: &Path, fs: &RootFs) -> Result<String> {
    let abs = if dir.is_absolute() {
        dir.to_path_buf()
    } else if fs.is_host() {
        std::env::current_dir()
            .context("--tls-dir: cannot read the current directory")?
            .join(dir)
    } else {
        bail!(
            "--tls-dir {}: give the absolute path the directory has on the target system",
            dir.display()
        );
    };
    let s = abs.to_string_lossy().into_owned();
    if s.chars().any(|c| c == '"' || c.is_control()) {
        bail!("--tls-dir {s:?}: unusable characters in the path");
    }
    Ok(s)
}

fn validation(
    a: &DaemonConfigArgs,
    fs: &RootFs,
    plan: &dh_daemonconfig::Plan,
    text: &str,
) -> Validation {
    let dockerd = a
        .dockerd
        .clone()
        .or_else(|| {
            // The unit's own dockerd, when the root is this host.
            plan.dockerd_program
                .as_ref()
                .filter(|p| fs.is_host() && p.starts_with('/'))
                .map(PathBuf::from)
                .filter(|p| p.is_file())
        })
        .or_else(dh_daemonconfig::find_on_path);
    match dockerd {
        Some(d) => dh_daemonconfig::validate(&d, text),
        None => Validation::NoDockerd {
            why: "dockerd is not on PATH".into(),
        },
    }
}
