use crate::output::{self, Global};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CollectArgs {}

/// `collect --output snap.json`: the Snapshot a later `audit --from` audits.
pub fn run(_args: CollectArgs, g: &Global) -> Result<ExitCode> {
    let snap = crate::cmd::audit::collect_live(g)?;
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
