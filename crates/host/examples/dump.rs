//! Prints the host facts of a root directory as JSON: `cargo run -p dh-host --example dump -- / live`.
fn main() {
    let mut a = std::env::args().skip(1);
    let root = a.next().unwrap_or_else(|| "/".into());
    let live = a.next().as_deref() == Some("live");
    let t = std::time::Instant::now();
    let (facts, errors) = dh_host::collect_host(std::path::Path::new(&root), live);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({"facts": facts, "errors": errors}))
            .unwrap_or_default()
    );
    eprintln!("collected in {ms:.2} ms");
}
