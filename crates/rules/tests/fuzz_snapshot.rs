//! Bounded fuzzing of the snapshot parser and every rule: thousands of mutations of a
//! recorded snapshot must either fail to parse cleanly or be audited without a panic.

use dh_model::{Report, Snapshot, Target};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "\"\"",
    "null",
    "0",
    "-1",
    "99999999999999999999",
    "[]",
    "{}",
    "\"host\"",
    "\"/\"",
    "true",
    "\"ALL\"",
    "\"seccomp=unconfined\"",
    "\"0.0.0.0\"",
    "\"\u{1F600}\"",
    ",",
    ":",
    "\"on-failure\"",
];

fn mutate(text: &str, rng: &mut XorShift) -> String {
    let mut b: Vec<u8> = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = b.len();
        let at = rng.below(len);
        match rng.below(4) {
            0 => {
                let end = (at + rng.below(64)).min(len);
                b.drain(at..end);
            }
            1 => {
                let end = (at + rng.below(256)).min(len);
                let chunk = b[at..end].to_vec();
                let to = rng.below(b.len());
                b.splice(to..to, chunk);
            }
            2 => {
                let p = PIECES[rng.below(PIECES.len())].as_bytes();
                let end = (at + rng.below(12)).min(len);
                b.splice(at..end, p.iter().copied());
            }
            _ => {
                if at < len {
                    let set = b"{}[]\":,0a \\";
                    b[at] = set[rng.below(set.len())];
                }
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn mutated_snapshots_never_panic() {
    let base = include_str!("fixtures/snapshot-live.json");
    let rules = dh_rules::registry();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut parsed = 0;
    for _ in 0..3000 {
        let text = mutate(base, &mut rng);
        if let Ok(snap) = serde_json::from_str::<Snapshot>(&text) {
            parsed += 1;
            let mut report = Report::new(Target::default());
            dh_rules::engine::run(&rules, &snap, &mut report);
            report.finish();
        }
    }
    assert!(
        parsed > 100,
        "mutations should often still parse ({parsed})"
    );
}
