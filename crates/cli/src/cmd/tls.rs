//! `docker-harden tls init | client | check | env | context`.

use crate::output::{self, Global};
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use dh_model::{Report, Target};
use dh_tls::check::{CheckFacts, CheckOptions, NoCertAttempt};
use dh_tls::pki::{self, KeyType};
use std::ffi::OsString;
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct TlsArgs {
    #[command(subcommand)]
    pub command: TlsCommand,
}

#[derive(Subcommand, Debug)]
pub enum TlsCommand {
    /// Create a CA, a server certificate and a client certificate for the daemon's TLS listener
    Init(InitArgs),
    /// Issue another client certificate from the CA (one per person or machine)
    Client(ClientArgs),
    /// Connect to a TLS endpoint with the client certificate and verify it (and that it refuses clients without one)
    Check(CheckArgs),
    /// Print DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for a shell
    Env(EnvArgs),
    /// Create a Docker context for the TLS endpoint (or for SSH with --ssh)
    Context(ContextArgs),
}

#[derive(Args, Debug)]
#[command(
    after_help = "Here --host NAME means --dns NAME: a DNS name for the server certificate (not a daemon address).\nWithout --host/--dns and --ip: this machine's host name, localhost, 127.0.0.1 and ::1.\n\nExample:\n  docker-harden tls init --out /etc/docker/tls --host docker.example --ip 192.0.2.10"
)]
pub struct InitArgs {
    /// Directory to write the files to (created 0700)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// DNS name clients use for the daemon (repeatable; written `--host NAME` too)
    #[arg(long = "dns", value_name = "NAME", value_delimiter = ',')]
    pub hosts: Vec<String>,
    /// IP address clients use for the daemon (repeatable)
    #[arg(long = "ip", value_name = "ADDR", value_delimiter = ',')]
    pub ips: Vec<IpAddr>,
    /// Validity of the certificates, in days
    #[arg(long, default_value_t = 365, value_name = "N")]
    pub days: u32,
    /// Key algorithm
    #[arg(long = "key-type", default_value = "ecdsa-p256", value_parser = ["ecdsa-p256", "rsa-4096"])]
    pub key_type: String,
    /// Common name of the first client certificate
    #[arg(long = "client-name", default_value = "client", value_name = "NAME")]
    pub client_name: String,
    /// Replace existing files
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  docker-harden tls client --ca-dir /etc/docker/tls --name alice --out ./alice"
)]
pub struct ClientArgs {
    /// Directory holding ca.pem and ca-key.pem (from `tls init`)
    #[arg(long = "ca-dir", value_name = "DIR")]
    pub ca_dir: PathBuf,
    /// Name of the client (certificate common name)
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Directory for ca.pem, cert.pem and key.pem (usable as DOCKER_CERT_PATH)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Validity, in days
    #[arg(long, default_value_t = 365, value_name = "N")]
    pub days: u32,
    /// Key algorithm
    #[arg(long = "key-type", default_value = "ecdsa-p256", value_parser = ["ecdsa-p256", "rsa-4096"])]
    pub key_type: String,
    /// Replace existing files
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  docker-harden tls check docker.example:2376 --cert-dir ~/.docker"
)]
pub struct CheckArgs {
    /// Endpoint to check: HOST:PORT (port 2376 when omitted)
    #[arg(value_name = "HOST:PORT")]
    pub target: String,
    /// Directory with ca.pem, cert.pem and key.pem [default: $DOCKER_CERT_PATH or ~/.docker]
    #[arg(long = "cert-dir", value_name = "DIR")]
    pub cert_dir: Option<PathBuf>,
    /// Limit for each network step (e.g. 5, 2.5, 800ms)
    #[arg(long, default_value = "5", value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Duration,
}

#[derive(Args, Debug)]
#[command(
    after_help = "The daemon address comes from --host (or DOCKER_HOST).\n\nExample:\n  eval \"$(docker-harden tls env --cert-dir ~/.docker/docker.example --host tcp://docker.example:2376)\""
)]
pub struct EnvArgs {
    /// Directory with ca.pem, cert.pem and key.pem [default: $DOCKER_CERT_PATH or ~/.docker]
    #[arg(long = "cert-dir", value_name = "DIR")]
    pub cert_dir: Option<PathBuf>,
    /// Shell syntax [default: from $SHELL, else bash]
    #[arg(long, value_parser = ["bash", "zsh", "fish", "powershell"])]
    pub shell: Option<String>,
}

#[derive(Args, Debug)]
#[command(
    after_help = "The daemon address comes from --host (or DOCKER_HOST); the context is stored under $DOCKER_CONFIG (default ~/.docker), as `docker context create` stores it.\n\nExamples:\n  docker-harden tls context prod --cert-dir ./alice --host tcp://docker.example:2376\n  docker-harden tls context prod-ssh --ssh ssh://admin@docker.example\n  docker --context prod version"
)]
pub struct ContextArgs {
    /// Name of the context
    pub name: String,
    /// Directory with ca.pem, cert.pem and key.pem [default: $DOCKER_CERT_PATH or ~/.docker]
    #[arg(long = "cert-dir", value_name = "DIR", conflicts_with = "ssh")]
    pub cert_dir: Option<PathBuf>,
    /// Create an SSH context instead (ssh://[USER@]HOST[:PORT]); the Docker CLI runs `docker system dial-stdio` over ssh
    #[arg(long, value_name = "URL")]
    pub ssh: Option<String>,
    /// Description stored with the context
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Replace an existing context of that name
    #[arg(long)]
    pub force: bool,
}

/// `--host` is the global daemon address, but `tls init` documents `--host NAME…` for the
/// certificate's DNS names (as the issue and Docker's own guide word it): rewrite it there.
pub fn rewrite_args(args: &mut [OsString]) {
    let Some(i) = args
        .windows(2)
        .position(|w| w[0] == "tls" && w[1] == "init")
    else {
        return;
    };
    for a in args.iter_mut().skip(i + 2) {
        if a == "--" {
            break;
        }
        if a == "--host" {
            *a = "--dns".into();
        } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--host=")) {
            *a = format!("--dns={v}").into();
        }
    }
}

/// `5`, `2.5`, `800ms`, `3s`.
pub fn parse_timeout(s: &str) -> std::result::Result<Duration, String> {
    let t = s.trim();
    let (num, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    match num.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v * scale <= 600.0 => {
            Ok(Duration::from_secs_f64(v * scale))
        }
        _ => Err(format!(
            "{s:?}: expected a duration such as 5, 2.5 or 800ms (at most 600 s)"
        )),
    }
}

fn key_type(s: &str) -> Result<KeyType> {
    s.parse().map_err(anyhow::Error::msg)
}

/// The client certificate directory: the flag, `$DOCKER_CERT_PATH`, or `~/.docker`.
pub fn cert_dir(flag: &Option<PathBuf>) -> Result<PathBuf> {
    if let Some(d) = flag {
        return Ok(d.clone());
    }
    if let Some(d) = std::env::var_os("DOCKER_CERT_PATH").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    Ok(dh_tls::context::docker_config_dir()?)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

pub fn run(args: TlsArgs, g: &Global) -> Result<ExitCode> {
    match args.command {
        TlsCommand::Init(a) => init(a, g),
        TlsCommand::Client(a) => client(a, g),
        TlsCommand::Check(a) => check(a, g),
        TlsCommand::Env(a) => env(a, g),
        TlsCommand::Context(a) => context(a, g),
    }
}

fn print_written(written: &[pki::Written], g: &Global, then: &str) -> Result<ExitCode> {
    let text = if g.format == "json" {
        let files: Vec<_> = written
            .iter()
            .map(|w| serde_json::json!({"path": w.path, "mode": format!("{:04o}", w.mode), "what": w.what}))
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({ "files": files }))? + "\n"
    } else {
        let mut s = String::new();
        for w in written {
            s.push_str(&format!(
                "wrote {} ({:04o}): {}\n",
                w.path.display(),
                w.mode,
                w.what
            ));
        }
        s.push_str(then);
        s
    };
    match &g.output {
        Some(p) => output::write_file_atomic(p, text.as_bytes())
            .with_context(|| format!("{}: cannot write", p.display()))?,
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn abs(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn init(a: InitArgs, g: &Global) -> Result<ExitCode> {
    let opts = pki::InitOptions {
        out: a.out.clone(),
        hosts: a.hosts,
        ips: a.ips,
        days: a.days,
        key_type: key_type(&a.key_type)?,
        client_name: a.client_name,
        force: a.force,
    };
    let written = pki::init(&opts, dh_tls::time::OffsetDateTime::now_utc())?;
    let d = abs(&a.out);
    let d = d.display();
    let then = format!(
        "\nNext steps:\n  1. daemon (keep ca-key.pem off the daemon host if you can):\n     dockerd --tlsverify --tlscacert {d}/ca.pem --tlscert {d}/server-cert.pem --tlskey {d}/server-key.pem -H tcp://0.0.0.0:2376\n     (or: docker-harden daemon-config --tls-dir {d} --listen 0.0.0.0:2376 --apply)\n  2. client: eval \"$(docker-harden tls env --cert-dir {d} --host tcp://NAME:2376)\"\n  3. proof:  docker-harden tls check NAME:2376 --cert-dir {d}\n"
    );
    print_written(&written, g, &then)
}

fn client(a: ClientArgs, g: &Global) -> Result<ExitCode> {
    let opts = pki::ClientOptions {
        ca_dir: a.ca_dir,
        name: a.name,
        out: a.out.clone(),
        days: a.days,
        key_type: key_type(&a.key_type)?,
        force: a.force,
    };
    let written = pki::issue_client(&opts, dh_tls::time::OffsetDateTime::now_utc())?;
    let then = format!(
        "\nUse it: eval \"$(docker-harden tls env --cert-dir {} --host tcp://NAME:2376)\"\n",
        abs(&a.out).display()
    );
    print_written(&written, g, &then)
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// One line on what the connections showed, printed above the text report.
fn check_summary(f: &CheckFacts) -> String {
    let with = match &f.ping {
        Some(Ok(api)) => format!(
            "the Docker API (API {api}) answered with the client certificate over {}",
            f.tls_version.as_deref().unwrap_or("TLS")
        ),
        Some(Err(e)) => format!("with the client certificate: {e}"),
        None => "no TLS session with the client certificate".to_string(),
    };
    let without = match &f.no_cert {
        NoCertAttempt::Refused(how) => {
            format!("a client without a certificate was refused ({how})")
        }
        NoCertAttempt::Accepted(s) => {
            format!("a client WITHOUT a certificate was answered (HTTP {s})")
        }
        NoCertAttempt::Unclear(w) => format!("without a certificate: {w}"),
    };
    format!("{}: {with}; {without}\n\n", f.endpoint)
}

fn check(a: CheckArgs, g: &Global) -> Result<ExitCode> {
    g.validate_rule_ids(&crate::cmd::rules::known_ids())?;
    let endpoint = dh_tls::target::parse_endpoint(&a.target, 2376)?;
    let dir = cert_dir(&a.cert_dir)?;
    if !dir.is_dir() {
        bail!(
            "{}: certificate directory not found (give --cert-dir DIR)",
            dir.display()
        );
    }
    let started = Instant::now();
    let opts = CheckOptions {
        endpoint: endpoint.clone(),
        cert_dir: dir,
        timeout: a.timeout,
    };
    let facts = runtime()?.block_on(dh_tls::check::collect(&opts, now_unix()))?;
    let mut report = Report::new(Target {
        kind: "endpoint".into(),
        docker_host: Some(format!("tcp://{}", facts.endpoint)),
        engine_version: None,
        api_version: facts.ping.as_ref().and_then(|p| p.as_ref().ok()).cloned(),
        name: Some(facts.endpoint.clone()),
    });
    dh_tls::check::rules::run(&facts, &|id| g.rule_enabled(id), &mut report);
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.finish();
    if g.format == "text" {
        print_preamble(&check_summary(&facts), g);
    }
    output::emit(&report, g)
}

/// Text shown above a text report: on stdout, or on stderr when the report goes to a file.
pub fn print_preamble(text: &str, g: &Global) {
    if g.output.is_some() {
        eprint!("{text}");
    } else {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

fn require_client_files(dir: &Path) -> Result<()> {
    for f in [pki::CA_CERT, pki::CLIENT_CERT, pki::CLIENT_KEY] {
        let p = dir.join(f);
        if !p.is_file() {
            bail!(
                "{}: not found (a client certificate directory holds ca.pem, cert.pem and key.pem)",
                p.display()
            );
        }
    }
    Ok(())
}

fn daemon_host(g: &Global) -> Result<String> {
    match &g.host {
        Some(h) => Ok(dh_tls::shell_env::tcp_host(h)?),
        None => bail!("--host tcp://NAME:2376 is required (the daemon's TLS address)"),
    }
}

fn env(a: EnvArgs, g: &Global) -> Result<ExitCode> {
    use dh_tls::shell_env::{render, Shell};
    let dir = abs(&cert_dir(&a.cert_dir)?);
    require_client_files(&dir)?;
    let host = daemon_host(g)?;
    let shell: Shell = match &a.shell {
        Some(s) => s.parse().map_err(anyhow::Error::msg)?,
        None => Shell::detect(),
    };
    let dir_s = dir
        .to_str()
        .with_context(|| format!("{}: path is not UTF-8", dir.display()))?;
    let invocation = format!(
        "docker-harden tls env --cert-dir {} --host {host}",
        shell_word(dir_s)
    );
    let text = render(shell, &host, dir_s, &invocation);
    match &g.output {
        Some(p) => output::write_file_atomic(p, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn shell_word(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+:@".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `ssh://[user@]host[:port]`, checked as the Docker CLI would need it.
fn ssh_url(s: &str) -> Result<String> {
    let Some(rest) = s.strip_prefix("ssh://") else {
        bail!("--ssh {s:?}: expected ssh://[USER@]HOST[:PORT]");
    };
    let hostport = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
    if rest.contains('/') || hostport.is_empty() {
        bail!("--ssh {s:?}: expected ssh://[USER@]HOST[:PORT] (no path)");
    }
    dh_tls::target::split_host_port(hostport).with_context(|| format!("--ssh {s:?}"))?;
    Ok(s.to_string())
}

fn context(a: ContextArgs, g: &Global) -> Result<ExitCode> {
    use dh_tls::context::{create, docker_config_dir, ContextSpec, TlsFiles};
    let (host, tls) = match &a.ssh {
        Some(url) => (ssh_url(url)?, None),
        None => {
            let dir = cert_dir(&a.cert_dir)?;
            require_client_files(&dir)?;
            let read = |n: &str| -> Result<Vec<u8>> {
                let p = dir.join(n);
                std::fs::read(&p).with_context(|| format!("{}: cannot read", p.display()))
            };
            let tls = TlsFiles {
                ca: read(pki::CA_CERT)?,
                cert: read(pki::CLIENT_CERT)?,
                key: read(pki::CLIENT_KEY)?,
            };
            (daemon_host(g)?, Some(tls))
        }
    };
    let config = docker_config_dir()?;
    let spec = ContextSpec {
        name: a.name.clone(),
        description: a.description,
        host: host.clone(),
        tls,
    };
    let written = create(&config, &spec, a.force)?;
    let mut text = String::new();
    for w in &written {
        text.push_str(&format!("wrote {}\n", w.display()));
    }
    text.push_str(&format!(
        "context {:?} → {host}\nUse it: docker --context {0} version   (or: docker context use {0})\n",
        a.name
    ));
    match &g.output {
        Some(p) => output::write_file_atomic(p, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_host_for_tls_init_only() {
        let mut a: Vec<OsString> = [
            "dh", "tls", "init", "--host", "a", "--host=b", "--", "--host",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        rewrite_args(&mut a);
        assert_eq!(a[3], "--dns");
        assert_eq!(a[5], "--dns=b");
        assert_eq!(a[7], "--host");
        let mut b: Vec<OsString> = ["dh", "tls", "env", "--host", "tcp://h"]
            .iter()
            .map(OsString::from)
            .collect();
        rewrite_args(&mut b);
        assert_eq!(b[3], "--host");
    }

    #[test]
    fn parses_timeouts_and_ssh_urls() {
        assert_eq!(parse_timeout("800ms").unwrap(), Duration::from_millis(800));
        assert_eq!(parse_timeout("2.5").unwrap(), Duration::from_millis(2500));
        assert!(parse_timeout("0").is_err() && parse_timeout("x").is_err());
        assert!(ssh_url("ssh://u@h").is_ok() && ssh_url("ssh://h:22").is_ok());
        assert!(ssh_url("tcp://h").is_err() && ssh_url("ssh://u@h/x").is_err());
    }
}
