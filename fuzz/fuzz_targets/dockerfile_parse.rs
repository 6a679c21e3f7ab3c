//! `cargo +nightly fuzz run dockerfile_parse crates/dockerfile/tests/corpus`
//! Parser, analysis and every Dockerfile rule must never panic on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = dh_dockerfile::parse(&text);
    let _ = dh_dockerfile::lint("Dockerfile", &text);
});
