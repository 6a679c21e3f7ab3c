//! Validates the SARIF output against the official OASIS SARIF 2.1.0 JSON schema.
//!
//! The schema is not vendored here: it is the copy the `serde-sarif` crate (MIT) ships as
//! `src/schema.json`, a dev-dependency, found in cargo's registry cache. When it cannot be
//! found the test skips with the reason — unless `CI=true`, where that is a failure.

use dh_report::{fixture, Format};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `serde-sarif`'s copy of the schema in cargo's registry cache, at the version Cargo.lock
/// pins. (Not `cargo metadata`: offline it fails on other platforms' crates that were never
/// downloaded.)
fn schema_path() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("DH_SARIF_SCHEMA") {
        return Ok(PathBuf::from(p));
    }
    let lock_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    let lock =
        std::fs::read_to_string(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"serde-sarif\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .ok_or("serde-sarif is not in Cargo.lock")?;
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let registries = cargo_home.join("registry").join("src");
    let entries =
        std::fs::read_dir(&registries).map_err(|e| format!("{}: {e}", registries.display()))?;
    for entry in entries.flatten() {
        let candidate = entry
            .path()
            .join(format!("serde-sarif-{version}"))
            .join("src")
            .join("schema.json");
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    Err(format!(
        "serde-sarif-{version}/src/schema.json not found under {}",
        registries.display()
    ))
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

/// The `language` pattern of the official schema (on `run` and `toolComponent`) is not a
/// valid regular expression in the strict (Unicode) ECMA-262 dialect: an unbalanced `]`.
/// The `jsonschema` crate checks a schema against the draft-07 meta-schema, whose
/// `format: regex` then refuses the whole schema, so that pattern is replaced by what it
/// means. docker-harden never writes a `language`, so nothing it outputs is checked less.
const BAD_LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn fix_patterns(v: &mut Value) -> usize {
    match v {
        Value::Object(map) => {
            let mut n = 0;
            for (k, child) in map.iter_mut() {
                if k == "pattern" && child == BAD_LANGUAGE_PATTERN {
                    *child = Value::String("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
                    n += 1;
                } else {
                    n += fix_patterns(child);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(fix_patterns).sum(),
        _ => 0,
    }
}

/// A validator for the schema with formats (`uri`, `uri-reference`, `date-time`, …) checked.
fn validators(schema: &Value) -> Vec<(&'static str, jsonschema::Validator)> {
    let mut fixed = schema.clone();
    assert_eq!(
        fix_patterns(&mut fixed),
        2,
        "the schema changed: revisit this test"
    );
    let with_formats = jsonschema::options()
        .should_validate_formats(true)
        .build(&fixed)
        .expect("the SARIF schema compiles");
    vec![("SARIF 2.1.0 schema", with_formats)]
}

fn assert_valid(schema: &Value, sarif: &str) {
    let instance: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    for (name, validator) in validators(schema) {
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF is not valid ({name}):\n{}",
            errors.join("\n")
        );
    }
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
    for (name, validator) in validators(&schema) {
        assert!(validator.iter_errors(&doc).count() >= 2, "{name}");
    }
    // And formats are checked: a URI with a space is not a uri-reference.
    let mut doc: Value =
        serde_json::from_str(&fixture::render(&fixture::report(), Format::Sarif)).unwrap();
    doc["runs"][0]["tool"]["driver"]["informationUri"] = Value::String("not a uri".into());
    let (_, with_formats) = validators(&schema).pop().unwrap();
    assert!(with_formats.iter_errors(&doc).count() >= 1);
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
