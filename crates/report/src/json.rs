use dh_model::Report;

/// The `docker-harden/report/v1` JSON document (pretty-printed, trailing newline).
pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        // Serialising plain data cannot fail; keep the contract if it somehow does.
        format!("{{\"schema\":\"docker-harden/report/v1\",\"errors\":[{:?}]}}", e.to_string())
    });
    s.push('\n');
    s
}
