//! Options and behaviour shared by every command: output format and file, `--fail-on`,
//! rule selection, colour, the policy file, exit codes.

use anyhow::{bail, Context, Result};
use clap::Args;
use dh_model::{Report, Severity};
use dh_report::{Format, RenderOptions};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Daemon socket to connect to (unix://, tcp://, ssh://), as in the Docker CLI
    #[arg(short = 'H', long = "host", global = true, env = "DOCKER_HOST", value_name = "URL")]
    pub host: Option<String>,

    /// Docker context to use (overrides DOCKER_HOST and the current context)
    #[arg(short = 'c', long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// Output format
    #[arg(long, global = true, default_value = "text", value_parser = ["text", "json", "sarif", "junit", "html"])]
    pub format: String,

    /// Write the report to FILE instead of standard output
    #[arg(short = 'o', long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 1 when a finding is at or above this severity
    #[arg(long, global = true, default_value = "high", value_parser = ["critical", "high", "medium", "low", "info", "none"])]
    pub fail_on: String,

    /// Run only these rules (ids, comma-separated or repeated)
    #[arg(long, global = true, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// Skip these rules (ids, comma-separated or repeated)
    #[arg(long, global = true, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Policy file (default: .docker-harden.toml, searched upward from the current directory)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl Global {
    /// Checks `--select`/`--ignore` against the known rule ids (unknown ids are an error).
    pub fn validate_rule_ids(&self, known: &[&str]) -> Result<()> {
        for id in self.select.iter().chain(&self.ignore) {
            if !known.contains(&id.as_str()) {
                bail!("unknown rule id {id:?} (see `docker-harden rules`)");
            }
        }
        Ok(())
    }

    /// Is this rule selected by `--select`/`--ignore`?
    pub fn rule_enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s == id))
            && !self.ignore.iter().any(|s| s == id)
    }

    pub fn fail_threshold(&self) -> Option<Severity> {
        self.fail_on.parse().ok()
    }
}

/// Renders the report, writes it, and returns the exit code the contract asks for.
pub fn emit(report: &Report, g: &Global) -> Result<ExitCode> {
    let format: Format = g.format.parse().map_err(anyhow::Error::msg)?;
    let to_terminal = g.output.is_none() && std::io::stdout().is_terminal();
    let color = to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let catalog = crate::cmd::rules::catalog();
    let read_line = |path: &str, line: u32| -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        text.lines().nth(line.checked_sub(1)? as usize).map(str::to_string)
    };
    let text = dh_report::render(
        report,
        format,
        &RenderOptions {
            color,
            rules: &catalog,
            source_line: &read_line,
        },
    );
    match &g.output {
        Some(path) => write_file_atomic(path, text.as_bytes())
            .with_context(|| format!("{}: cannot write report", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }
    Ok(exit_code(report, g))
}

pub fn exit_code(report: &Report, g: &Global) -> ExitCode {
    if !report.errors.is_empty() && report.summary.passed + report.summary.findings == 0 {
        return ExitCode::from(2);
    }
    match (g.fail_threshold(), report.worst()) {
        (Some(t), Some(w)) if w >= t => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// Writes through a temporary file in the same directory and renames it into place.
pub fn write_file_atomic(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// An error and its causes on one line: `snap.json: line 3 column 5: expected value`.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string().replace('\n', " ");
        if parts.last().is_none_or(|p| !p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}
