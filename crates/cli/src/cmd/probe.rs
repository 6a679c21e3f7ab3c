//! `docker-harden probe TARGET…`: is a Docker API exposed at these addresses?

use crate::output::{self, Global};
use anyhow::{bail, Context as _, Result};
use clap::Args;
use dh_model::{Report, Target};
use dh_tls::probe::{probe_all, rules, ProbeOptions, ProbeResult, DEFAULT_PORTS};
use dh_tls::target::{expand, Endpoint};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
#[command(
    after_help = "Sends only GET /_ping and GET /version; never anything that changes state.\nProbe only addresses you are responsible for.\n\nExamples:\n  docker-harden probe docker.example            # ports 2375 and 2376\n  docker-harden probe 192.0.2.10:2376 --format json\n  docker-harden probe --targets-file hosts.txt --timeout 1"
)]
pub struct ProbeArgs {
    /// Addresses: HOST or HOST:PORT (without a port: 2375 and 2376)
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Read more targets from FILE, one per line (# starts a comment)
    #[arg(long = "targets-file", value_name = "FILE")]
    pub targets_file: Option<PathBuf>,
    /// Limit for each network step (e.g. 3, 0.5, 800ms)
    #[arg(long, default_value = "3", value_name = "SECONDS", value_parser = crate::cmd::tls::parse_timeout)]
    pub timeout: Duration,
    /// Addresses probed at once
    #[arg(long, default_value_t = 256, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub concurrency: u32,
}

/// Every endpoint to probe, in the order given, without duplicates.
fn endpoints(args: &ProbeArgs) -> Result<Vec<Endpoint>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |eps: Vec<Endpoint>| {
        for e in eps {
            if seen.insert(e.clone()) {
                out.push(e);
            }
        }
    };
    for t in &args.targets {
        add(expand(t, &DEFAULT_PORTS)?);
    }
    if let Some(path) = &args.targets_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read targets file", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let t = line.split('#').next().unwrap_or("").trim();
            if t.is_empty() {
                continue;
            }
            let eps = expand(t, &DEFAULT_PORTS)
                .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), i + 1))?;
            add(eps);
        }
    }
    if out.is_empty() {
        bail!("no target given (probe HOST[:PORT]… or --targets-file FILE)");
    }
    Ok(out)
}

fn table(results: &[ProbeResult]) -> String {
    let w = results
        .iter()
        .map(|r| r.target.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut s = format!(
        "{:<w$}  {:<26}  {:<16}  DETAIL\n",
        "TARGET", "OUTCOME", "ENGINE"
    );
    for r in results {
        let engine = r.engine_version.as_deref().unwrap_or("-");
        let _ = writeln!(
            s,
            "{:<w$}  {:<26}  {:<16}  {}",
            r.target,
            r.exposure.as_str(),
            engine,
            r.detail
        );
    }
    s.push('\n');
    s
}

/// How many probes may run at once without running out of file descriptors (each uses up to
/// two sockets); a probe that fails with EMFILE would be misreported as `closed`.
fn fd_budget() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| {
                    l.split_whitespace()
                        .nth(3)
                        .and_then(|v| v.parse::<usize>().ok())
                })
        })
        .unwrap_or(1024);
    (soft.saturating_sub(64) / 2).max(1)
}

pub fn run(args: ProbeArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let eps = endpoints(&args)?;
    let started = Instant::now();
    let opts = ProbeOptions {
        timeout: args.timeout,
        concurrency: (args.concurrency as usize).min(fd_budget()),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let results = rt.block_on(probe_all(eps, &opts));
    let single = (results.len() == 1).then(|| &results[0]);
    let mut report = Report::new(Target {
        kind: "endpoint".into(),
        docker_host: single.map(|r| format!("tcp://{}", r.target)),
        engine_version: single.and_then(|r| r.engine_version.clone()),
        api_version: single.and_then(|r| r.api_version.clone()),
        name: Some(match single {
            Some(r) => r.target.clone(),
            None => format!("{} addresses", results.len()),
        }),
    });
    rules::run(&results, &|id| g.rule_enabled(id), &mut report);
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    if g.format == "text" {
        crate::cmd::tls::print_preamble(&table(&results), g);
    }
    output::emit(&report, g)
}
