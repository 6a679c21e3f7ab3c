//! A bounded, deterministic stand-in for fuzzing (the cargo-fuzz target in `fuzz/` runs
//! the same code for longer, by hand): the parser, the analysis and every rule over the
//! corpus and a few thousand mutations of it must never panic.

use std::path::Path;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PIECES: &[&str] = &[
    "\\",
    "\\\n",
    "`",
    "<<EOF",
    "<<-EOF",
    "\nEOF\n",
    "\"",
    "'",
    "$",
    "${",
    "${A:-",
    "}",
    "[",
    "]",
    "[\"a\", 1]",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "#",
    "# escape=`\n",
    "--mount=",
    "--",
    " -- ",
    "=",
    "ONBUILD ",
    "FROM ",
    "RUN ",
    "COPY ",
    "ENV ",
    "ARG ",
    "USER ",
    "HEALTHCHECK ",
    "EXPOSE ",
    "é",
    "\u{feff}",
    "\u{a0}",
    "\u{85}",
    "$(",
    "`curl x | sh`",
    "| sh",
    "&&",
    "chmod 4755 ",
    "\0",
    "AS ",
    "@sha256:",
    ":latest",
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..1 + rng.below(6) {
        let pos = rng.below(v.len() + 1);
        match rng.below(6) {
            0 => {
                let p = PIECES[rng.below(PIECES.len())].as_bytes();
                v.splice(pos..pos, p.iter().copied());
            }
            1 if !v.is_empty() => {
                let end = (pos + rng.below(40)).min(v.len());
                v.drain(pos.min(end)..end);
            }
            2 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            3 => v.truncate(pos),
            4 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(200)).min(v.len());
                let chunk = v[a..b].to_vec();
                v.splice(pos.min(v.len())..pos.min(v.len()), chunk);
            }
            _ => {
                let p = PIECES[rng.below(PIECES.len())].as_bytes();
                v.extend_from_slice(p);
            }
        }
    }
    v
}

fn exercise(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = dh_dockerfile::parse(&text);
    let _ = dh_dockerfile::parser::parse_compat(&text, dh_dockerfile::parser::Compat::V012);
    let _ = dh_dockerfile::lint("Dockerfile", &text);
}

#[test]
fn corpus_and_mutations_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    seeds.sort();
    for s in &seeds {
        exercise(s);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let base = &seeds[rng.below(seeds.len())];
        let m = mutate(&mut rng, base);
        exercise(&m);
    }
    // Pathological shapes.
    exercise("RUN ".repeat(5000).as_bytes());
    exercise(format!("RUN {}\n", "$(".repeat(3000)).as_bytes());
    exercise(format!("RUN {}\n", "\"".repeat(3001)).as_bytes());
    exercise(format!("FROM a\nRUN {}x\n", "\\\n".repeat(3000)).as_bytes());
    exercise(format!("FROM a\n{}", "RUN <<EOF\n".repeat(500)).as_bytes());
    // Deep nesting must neither overflow the stack nor take long.
    exercise(format!("FROM a\nRUN <<EOF {}\nEOF\n", "${a:-".repeat(12000)).as_bytes());
    exercise(format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(8000)).as_bytes());
    exercise(
        format!(
            "ARG A={}\nFROM ${{A%{}b}}\n",
            "a".repeat(4000),
            "*a".repeat(2000)
        )
        .as_bytes(),
    );
    exercise(format!("FROM a\nENV A=\"{}\"\n", "${a:-\"".repeat(10000)).as_bytes());
}
