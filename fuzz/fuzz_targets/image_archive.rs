#![no_main]
//! Image archives: any byte stream is scanned or refused without a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dh_image::scan_archive(data);
});
