//! Validates the SARIF output against the official OASIS SARIF 2.1.0 JSON schema.
//!
//! The schema is not vendored here: it is the copy the `serde-sarif` crate (MIT) ships as
//! `src/schema.json`, a dev-dependency, found through `cargo metadata`. When it cannot be
//! found the test skips with the reason — unless `CI=true`, where that is a failure.

use dh_report::{fixture, Format};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn schema_path() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("DH_SARIF_SCHEMA") {
        return Ok(PathBuf::from(p));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .map_err(|e| format!("cannot run {cargo} metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let meta: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    let manifest = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or("serde-sarif is not in the dependency graph")?;
    let path = PathBuf::from(manifest)
        .with_file_name("src")
        .join("schema.json");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} is missing", path.display()))
    }
}

fn load_schema() -> Option<Value> {
    match schema_path().and_then(|p| {
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        serde_json::from_str::<Value>(&text).map_err(|e| format!("{}: {e}", p.display()))
    }) {
        Ok(schema) => {
            assert_eq!(
                schema["title"],
                "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
            );
            Some(schema)
        }
        Err(reason) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("SARIF schema not available in CI: {reason}");
            }
            eprintln!("skipping SARIF schema validation: {reason}");
            None
        }
    }
}

fn assert_valid(schema: &Value, sarif: &str) {
    let instance: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is not valid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let Some(schema) = load_schema() else { return };
    assert_valid(&schema, &fixture::render(&fixture::report(), Format::Sarif));
}

#[test]
fn sarif_of_a_clean_report_is_valid() {
    let Some(schema) = load_schema() else { return };
    let mut r = dh_model::Report::new(dh_model::Target {
        kind: "snapshot".into(),
        ..Default::default()
    });
    r.finish();
    assert_valid(&schema, &fixture::render(&r, Format::Sarif));
}

#[test]
fn the_schema_rejects_a_broken_document() {
    // Proves the validator is really checking: a result without a message is invalid.
    let Some(schema) = load_schema() else { return };
    let mut doc: Value =
        serde_json::from_str(&fixture::render(&fixture::report(), Format::Sarif)).unwrap();
    doc["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    doc["runs"][0]["results"][1]["level"] = Value::String("fatal".into());
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.iter_errors(&doc).count() >= 2);
}

#[test]
fn sarif_with_awkward_paths_and_names_is_valid() {
    let Some(schema) = load_schema() else { return };
    let mut r = fixture::report();
    for (n, f) in r.findings.iter_mut().enumerate() {
        f.object.name = Some(format!("<weird> name #{n} ü"));
        f.location = Some(dh_model::Location {
            path: match n % 3 {
                0 => "/abs path/Dockerfile".into(),
                1 => "./rel dir/ü#.yaml".into(),
                _ => "C:/x/y?z".into(),
            },
            line: 0,
            column: 0,
        });
    }
    r.finish();
    assert_valid(&schema, &fixture::render(&r, Format::Sarif));
}
