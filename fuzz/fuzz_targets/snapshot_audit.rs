#![no_main]
//! Snapshots: any JSON that parses as a Snapshot is audited by every rule without a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(snap) = serde_json::from_slice::<dh_model::Snapshot>(data) {
        let mut report = dh_model::Report::new(dh_model::Target::default());
        dh_rules::engine::run(&dh_rules::registry(), &snap, &mut report);
        report.finish();
    }
});
