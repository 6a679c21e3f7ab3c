use crate::output::Global;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CollectArgs {
    /// Where to write the Snapshot (default: standard output)
    #[arg(long = "snapshot-out", short = 's', value_name = "FILE")]
    pub snapshot_out: Option<PathBuf>,
}

pub fn run(_args: CollectArgs, _g: &Global) -> Result<ExitCode> {
    anyhow::bail!("collect: not yet wired")
}
