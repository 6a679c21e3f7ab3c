//! `docker-harden inside`: run in a container, report its escape surface.

use crate::output::{self, Global};
use anyhow::Result;
use clap::Args;
use dh_model::{Report, Target};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct InsideArgs {
    /// Also probe cloud metadata endpoints (link-local 169.254.169.254 and friends, 1 s
    /// timeout); off by default because it sends network traffic
    #[arg(long)]
    pub network_checks: bool,

    /// Largest number of file system entries visited while looking for engine sockets
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    pub max_walk: usize,
}

pub fn run(args: InsideArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let started = Instant::now();
    let facts = dh_inside::collect(&dh_inside::Options {
        network_checks: args.network_checks,
        max_walk: args.max_walk,
    });
    let mut report = Report::new(Target {
        kind: "container".into(),
        docker_host: None,
        engine_version: None,
        api_version: None,
        name: Some(facts.hostname.clone()),
    });
    dh_inside::audit(&facts, &mut report, &|id| g.rule_enabled(id));
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    output::emit(&report, g)
}
