//! `docker-harden lint PATH…`: Dockerfiles and compose files, files or directories walked
//! recursively (honouring `.gitignore`), `-` for standard input. Files are linted in
//! parallel; a file that cannot be parsed is reported in `errors` (exit code 2) while the
//! others are still linted.

use crate::output::{self, Global};
use anyhow::{bail, Result};
use clap::Args;
use dh_dockerfile::files::{discover, kind_of, FileKind};
use dh_model::{ObjectKind, ObjectRef, Report, Target};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Dockerfiles, compose files or directories (searched recursively); `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The name to report for standard input; it also decides the kind (a name like
    /// `compose.yaml` is linted as a compose file, anything else as a Dockerfile)
    #[arg(long, value_name = "NAME", default_value = "Dockerfile")]
    pub stdin_filename: String,

    /// Judge this stage as the image that is shipped, as `docker build --target STAGE` does
    /// (default: the last stage; files without this stage are judged on their last one)
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
}

/// One file to lint.
struct Input {
    /// The path as reported (and read back for source lines).
    name: String,
    kind: FileKind,
    /// Already-read text (standard input), else read from `name`.
    text: Option<String>,
    path: PathBuf,
}

/// What linting one file produced.
enum FileResult {
    Lint(dh_dockerfile::FileLint),
    Error(String),
}

/// Compose files: `dh-compose` parses (interpolation from the environment and the `.env`
/// beside the file, anchors, `extends`) and runs the K rules.
pub fn lint_compose_file(path: &str, text: &str) -> Result<dh_dockerfile::FileLint, String> {
    dh_compose::lint_compose_file(std::path::Path::new(path), text)
        .map(|outcomes| dh_dockerfile::FileLint {
            outcomes,
            warnings: vec![],
        })
        .map_err(|e| e.to_string())
}

/// Lints one file according to its kind: the one dispatch point for every file kind.
fn lint_file(
    name: &str,
    kind: FileKind,
    text: &str,
    opts: &dh_dockerfile::LintOptions,
) -> FileResult {
    let result = match kind {
        FileKind::Dockerfile => {
            dh_dockerfile::lint_with(name, text, opts).map_err(|e| e.to_string())
        }
        FileKind::Compose => lint_compose_file(name, text),
    };
    match result {
        Ok(l) => FileResult::Lint(l),
        Err(e) => FileResult::Error(e),
    }
}

fn display(p: &std::path::Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

pub fn run(args: LintArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let started = Instant::now();
    let mut report = Report::new(Target {
        kind: "files".into(),
        name: Some(
            args.paths
                .iter()
                .map(|p| display(p))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ..Target::default()
    });

    let mut inputs: Vec<Input> = vec![];
    let mut stdin_used = false;
    for p in &args.paths {
        if p.as_os_str() == "-" {
            if stdin_used {
                bail!("-: standard input can be given only once");
            }
            stdin_used = true;
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| anyhow::anyhow!("-: cannot read standard input: {e}"))?;
            let name = args.stdin_filename.clone();
            let kind = kind_of(std::path::Path::new(&name)).unwrap_or(FileKind::Dockerfile);
            inputs.push(Input {
                name: name.clone(),
                kind,
                text: Some(text),
                path: PathBuf::from(name),
            });
        } else if p.is_dir() {
            let (files, errors) = discover(p);
            report.errors.extend(errors);
            if files.is_empty() {
                report.warnings.push(format!(
                    "{}: no Dockerfile or compose file found",
                    display(p)
                ));
            }
            for (f, kind) in files {
                inputs.push(Input {
                    name: display(&f),
                    kind,
                    text: None,
                    path: f,
                });
            }
        } else if p.exists() {
            // A file named explicitly is linted whatever its name: a Dockerfile unless its
            // name says compose.
            let kind = kind_of(p).unwrap_or(FileKind::Dockerfile);
            inputs.push(Input {
                name: display(p),
                kind,
                text: None,
                path: p.clone(),
            });
        } else {
            report
                .errors
                .push(format!("{}: no such file or directory", display(p)));
        }
    }
    // The same file reached twice (a file and its directory) is linted once.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| i.text.is_some() || seen.insert(i.path.clone()));

    let opts = dh_dockerfile::LintOptions {
        target: args.target.clone(),
    };
    let results = lint_parallel(&inputs, &opts);
    for (input, result) in inputs.iter().zip(results) {
        match result {
            FileResult::Error(e) => report.errors.push(e),
            FileResult::Lint(l) => {
                let object = ObjectRef::named(ObjectKind::File, input.name.clone());
                for (meta, outcome) in l.outcomes {
                    if g.rule_enabled(meta.id) {
                        dh_rules::engine::record(&mut report, meta, &object, outcome);
                    }
                }
                report.warnings.extend(l.warnings);
            }
        }
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    let code = output::emit(&report, g)?;
    // Errors also go to stderr, unless the text report on stdout already shows them.
    if g.output.is_some() || g.format != "text" {
        for e in &report.errors {
            eprintln!("docker-harden: {e}");
        }
    }
    // A file that could not be read or parsed makes the run incomplete (DESIGN: exit 2),
    // even though the other files were linted and reported.
    if !report.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(code)
}

/// Reads and lints the inputs on all cores; results in input order.
fn lint_parallel(inputs: &[Input], opts: &dh_dockerfile::LintOptions) -> Vec<FileResult> {
    let n = inputs.len();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(n.max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<FileResult>>> = (0..n).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            // A generous stack: hostile files must not exhaust it (the parsers bound their
            // recursion too).
            let spawned = std::thread::Builder::new()
                .stack_size(16 << 20)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let input = &inputs[i];
                    let r = match &input.text {
                        Some(t) => lint_file(&input.name, input.kind, t, opts),
                        None => match std::fs::read(&input.path) {
                            Ok(bytes) => {
                                let text = String::from_utf8_lossy(&bytes);
                                lint_file(&input.name, input.kind, &text, opts)
                            }
                            Err(e) => {
                                FileResult::Error(format!("{}: cannot read: {e}", input.name))
                            }
                        },
                    };
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(r);
                    }
                });
            if spawned.is_err() {
                break; // the files left are reported as not linted
            }
        }
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| FileResult::Error("internal error: file not linted".into()))
        })
        .collect()
}
