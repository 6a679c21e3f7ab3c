//! Hostile and mutated input: the parser never panics and stays fast. A bounded stand-in
//! for the cargo-fuzz target (which needs nightly), run on every `cargo test`.

use dh_compose::interpolate::Env;
use dh_compose::lint_with_env;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Lints `text`; panics only if linting takes longer than `limit`.
fn lint(text: &str, limit: Duration) -> Result<usize, String> {
    let t = Instant::now();
    let r = lint_with_env(Path::new("fuzz.yaml"), text, Env::from_map(HashMap::new()));
    let took = t.elapsed();
    if took > Duration::from_millis(100) {
        eprintln!(
            "slow: {took:?} {:?}",
            &text.chars().take(40).collect::<String>()
        );
    }
    assert!(
        took < limit,
        "took {took:?} on input starting {:?}",
        &text.chars().take(80).collect::<String>()
    );
    match r {
        Ok(v) => Ok(v.len()),
        Err(e) => {
            let s = e.to_string();
            assert!(s.starts_with("fuzz.yaml:"), "{s}");
            assert!(!s.contains('\n'), "multi-line error: {s}");
            Err(s)
        }
    }
}

const LIMIT: Duration = Duration::from_secs(3);

#[test]
fn billion_laughs_is_refused() {
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        y.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    y.push_str("services:\n  web:\n    image: a:1\n    environment: *i\n");
    let e = lint(&y, LIMIT).unwrap_err();
    assert!(e.contains("invalid YAML"), "{e}");
}

#[test]
fn deep_nesting_is_refused() {
    for n in [100, 10_000, 200_000] {
        let flow = format!("services: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(lint(&flow, LIMIT).is_err());
        let flow_map = format!("services: {}{}\n", "{a: ".repeat(n), "}".repeat(n));
        assert!(lint(&flow_map, LIMIT).is_err());
    }
    let mut block = String::new();
    for i in 0..500 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    assert!(lint(&block, LIMIT).is_err());
}

#[test]
fn huge_inputs_are_bounded() {
    let key = "k".repeat(1 << 20);
    let _ = lint(&format!("{key}: 1\n"), LIMIT);
    let _ = lint(&format!("services:\n  {key}:\n    image: a\n"), LIMIT);
    let big = "x: 1\n".repeat(1_000_000);
    let e = lint(&big, LIMIT).unwrap_err();
    assert!(e.contains("more than"), "{e}");
    let many: String = (0..50_000)
        .map(|i| format!("s{i}: {{image: a}}\n"))
        .collect();
    let _ = lint(
        &format!(
            "services:\n{}",
            many.lines().map(|l| format!("  {l}\n")).collect::<String>()
        ),
        Duration::from_secs(20),
    );
    let aliases = format!("a: &a x\nb: [{}]\n", vec!["*a"; 100_000].join(","));
    assert!(lint(&aliases, LIMIT).is_err());
    let interp = format!("services:\n  w:\n    image: \"{}\"\n", "${A:-".repeat(5000));
    assert!(lint(&interp, LIMIT).is_err());
}

#[test]
fn odd_but_valid_inputs() {
    for y in [
        "\u{feff}services:\n  w:\n    image: a:1\n",
        "services:\r\n  w:\r\n    image: a:1\r\n",
        "services:\n  w:\n",
        "services:\n  1: {image: a}\n",
        "services:\n  ? [a, b]\n  : {image: a}\n",
        "services:\n  w: !reset {}\n",
        "services:\n  w:\n    ports: !override [\"80\"]\n",
        "--- \nservices: {}\n...\n",
        "services:\n  w:\n    environment: {A: [1]}\n",
        "services:\n  w:\n    user: 0\n    pids_limit: 1e3\n    mem_limit: 1.5g\n",
        "services:\n  w:\n    extends: {file: /dev/zero, service: x}\n",
        "services:\n  w:\n    extends: {file: /proc, service: x}\n",
        "services:\n  w:\n    <<: {}\n",
        "services:\n  w:\n    <<: [*nope]\n",
        "services: ~\n",
        "null\n",
        "42\n",
        "\"just a string\"\n",
        "\t\n",
    ] {
        let _ = lint(y, LIMIT);
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    "x-base: &base\n  read_only: true\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *base\n    image: nginx:${TAG:-1.27}\n    ports:\n      - \"127.0.0.1:8080:80\"\n      - target: 443\n        published: \"8443\"\n        host_ip: \"::\"\n    volumes:\n      - type: bind\n        source: /etc\n        target: /e\n      - data:/data:ro\n    environment:\n      - A=1\n      - DB_PASSWORD=x\n  job:\n    extends: web\n    user: \"0\"\n    security_opt: [\"seccomp:unconfined\", no-new-privileges]\n    deploy: {resources: {limits: {memory: 1G, pids: 10}}}\n",
    "services:\n  a:\n    # docker-harden ignore=K001 reason=\"x\"\n    privileged: true\n    devices: [/dev/sda]\n    cap_add: [SYS_ADMIN]\n    restart: always\n    network_mode: host\n    pid: host\n    ipc: host\n    userns_mode: host\n    environment: {TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789}\n",
    "version: \"3.8\"\nservices:\n  db:\n    image: postgres\n    mem_limit: 512m\n    pids_limit: 100\n    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\", \"C:\\\\x:/y\"]\n    ports: [\"5432\", \"[::1]:5433:5432/udp\", 9000-9010:9000-9010]\nvolumes:\n  data: {}\n",
];

const ALPHABET: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    "- ",
    "&a ",
    "*a",
    "!",
    "|",
    ">",
    "'",
    "\"",
    "#",
    "%",
    "@",
    "`",
    ",",
    "?",
    "\n",
    " ",
    "  ",
    "\t",
    "${",
    "$$",
    "}",
    "<<: ",
    "\\",
    "\u{feff}",
    "é",
    "\r\n",
    "~",
    "0x",
    "-1",
    "1e999",
    "null",
    "true",
    "services:",
    "extends: ",
    "ports: ",
    "---\n",
];

#[test]
fn thousands_of_mutated_inputs() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    let mut ok = 0;
    let mut errors = 0;
    for round in 0..3000 {
        let seed = SEEDS[round % SEEDS.len()];
        let mut s: Vec<char> = seed.chars().collect();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(s.len() + 1);
            match rng.below(5) {
                0 => {
                    let end = (at + rng.below(20)).min(s.len());
                    s.drain(at..end);
                }
                1 | 2 => {
                    let piece = ALPHABET[rng.below(ALPHABET.len())];
                    s.splice(at..at, piece.chars());
                }
                3 => {
                    let end = (at + rng.below(40)).min(s.len());
                    let chunk: Vec<char> = s[at..end].to_vec();
                    let to = rng.below(s.len() + 1);
                    s.splice(to..to, chunk);
                }
                _ => {
                    if at < s.len() {
                        s[at] = char::from_u32(rng.below(0x3000) as u32).unwrap_or('x');
                    }
                }
            }
        }
        let text: String = s.into_iter().collect();
        match lint(&text, LIMIT) {
            Ok(_) => ok += 1,
            Err(_) => errors += 1,
        }
    }
    // Both outcomes are exercised, and the whole run is quick.
    assert!(ok > 100 && errors > 100, "ok {ok}, errors {errors}");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}
