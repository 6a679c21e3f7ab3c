use crate::output::{self, Global};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CollectArgs {
    #[command(flatten)]
    pub host: crate::cmd::host_opts::HostArgs,
}

/// `collect --output snap.json`: the Snapshot a later `audit --from` audits.
pub fn run(args: CollectArgs, g: &Global) -> Result<ExitCode> {
    let audit_args = crate::cmd::audit::AuditArgs {
        from: None,
        images: false,
        host: args.host,
    };
    let mut snap = if audit_args.host.no_daemon {
        dh_model::Snapshot::default()
    } else {
        crate::cmd::audit::collect_live(g)?
    };
    crate::cmd::host_opts::attach_host(&mut snap, &audit_args, g)?;
    let mut text = serde_json::to_string_pretty(&snap)?;
    text.push('\n');
    match &g.output {
        Some(p) => output::write_file_atomic(p, text.as_bytes())
            .with_context(|| format!("{}: cannot write snapshot", p.display()))?,
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}
