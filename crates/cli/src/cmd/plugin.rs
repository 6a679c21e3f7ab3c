use std::process::ExitCode;

/// The Docker CLI plugin handshake: `docker` runs `docker-harden docker-cli-plugin-metadata`
/// and expects this JSON on standard output.
pub fn metadata() -> anyhow::Result<ExitCode> {
    let meta = serde_json::json!({
        "SchemaVersion": "0.1.0",
        "Vendor": "docker-harden",
        "Version": env!("CARGO_PKG_VERSION"),
        "ShortDescription": "Audit and harden Docker hosts, images, Dockerfiles and containers",
        "URL": "https://github.com/docker-harden/docker-harden"
    });
    println!("{}", serde_json::to_string_pretty(&meta)?);
    Ok(ExitCode::SUCCESS)
}
