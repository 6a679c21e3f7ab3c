#![no_main]
//! Compose files: parsing, interpolation, extends and every K rule must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dh_compose::lint_with_env(
            std::path::Path::new("compose.yaml"),
            text,
            Default::default(),
        );
    }
});
