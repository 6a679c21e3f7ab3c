//! The `docker-harden` binary: argument parsing, output and exit codes.
//! All decisions live in the library crates.

mod cmd;
mod output;

use clap::{Parser, Subcommand};
use output::Global;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "docker-harden",
    version,
    about = "Find and fix every way a Docker host, its daemon, its images and its containers are exposed",
    long_about = None,
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit a live host (daemon, containers, images, networks) or a snapshot
    Audit(cmd::audit::AuditArgs),
    /// Write a Snapshot of the host (JSON) for a later or remote `audit --from`
    Collect(cmd::collect::CollectArgs),
    /// Lint Dockerfiles and compose files (files or directories, `-` for stdin)
    Lint(cmd::lint::LintArgs),
    /// List the rules, or explain one
    Rules(cmd::rules::RulesArgs),
    /// Show (or with --apply, write) a hardened daemon.json and systemd drop-in, merged with what exists
    DaemonConfig(cmd::daemon_config::DaemonConfigArgs),
    /// TLS for the daemon: make certificates, check an endpoint, client env and contexts
    Tls(cmd::tls::TlsArgs),
    /// Read-only check of addresses for an exposed Docker API (plaintext, or TLS without client certificates)
    Probe(cmd::probe::ProbeArgs),
    /// Scan an image's configuration and layer contents (setuid files, secrets, user, history)
    Image(cmd::image::ImageArgs),
    /// Run inside a container: report its escape surface (caps, seccomp, sockets, host mounts)
    Inside(cmd::inside::InsideArgs),
    /// Docker CLI plugin handshake (used by `docker harden …`)
    #[command(name = "docker-cli-plugin-metadata", hide = true)]
    PluginMetadata,
}

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // As a Docker CLI plugin the binary is called `docker-harden harden …`.
    if args.len() > 1
        && args[1] == "harden"
        && std::env::var_os("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND").is_some()
    {
        args.remove(1);
    }
    cmd::tls::rewrite_args(&mut args);
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Audit(a) => cmd::audit::run(a, &cli.global),
        Command::Collect(a) => cmd::collect::run(a, &cli.global),
        Command::Lint(a) => cmd::lint::run(a, &cli.global),
        Command::Rules(a) => cmd::rules::run(a, &cli.global),
        Command::DaemonConfig(a) => cmd::daemon_config::run(a, &cli.global),
        Command::Tls(a) => cmd::tls::run(a, &cli.global),
        Command::Probe(a) => cmd::probe::run(a, &cli.global),
        Command::Image(a) => cmd::image::run(a, &cli.global),
        Command::Inside(a) => cmd::inside::run(a, &cli.global),
        Command::PluginMetadata => cmd::plugin::metadata(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("docker-harden: {}", output::one_line(&e));
            ExitCode::from(2)
        }
    }
}
