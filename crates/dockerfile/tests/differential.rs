//! Differential test: our parser against BuildKit's own Go parser, through the `dockerfile`
//! package on PyPI (`pip install dockerfile`, which embeds BuildKit v0.12.5's parser).
//!
//! Compared per instruction: instruction word, ONBUILD sub-instruction, exec form, original
//! line(s), start and end lines, flags, argument values, heredoc names and bodies; and
//! whether the file parses at all. Runs on every Dockerfile of `tests/corpus` and on
//! generated inputs. Without python3 + `dockerfile` it skips with a printed reason; with
//! `CI=true` that is a failure.
//!
//! Our parser follows current BuildKit; the few places where v0.12.5 behaved differently
//! are reproduced by `parse_compat(_, Compat::V012)`, which is what is compared here (the
//! modern behaviour of those places has its own unit tests).

use dh_dockerfile::parser::{parse_compat, Args, Compat, Instruction};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn buildkit_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import dockerfile"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg = "python3 with the `dockerfile` package (BuildKit's parser) is not available; run `pip install dockerfile`";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg} (CI=true: the differential test must run)");
        }
        eprintln!("SKIPPED differential test: {msg}");
    }
    ok
}

/// Parses every text with BuildKit in one python process.
fn buildkit(texts: &[String]) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/buildkit_parse.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn python3");
    let input = serde_json::to_vec(texts).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "buildkit_parse.py failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Our parse in the same shape.
fn ours(text: &str) -> Value {
    match parse_compat(text, Compat::V012) {
        Err(e) => json!({"error": e.to_string()}),
        Ok(df) => json!({"commands": df.instructions.iter().map(view).collect::<Vec<_>>()}),
    }
}

/// The python wrapper passes strings through C: they end at the first NUL.
fn c_str(s: &str) -> String {
    s.split('\0').next().unwrap_or("").to_string()
}

fn view(i: &Instruction) -> Value {
    let (sub_cmd, target) = match &i.args {
        Args::OnBuild(s) => (Some(s.cmd.clone()), &**s),
        _ => (None, i),
    };
    let onbuild = sub_cmd.is_some();
    let mut original = i.original.clone();
    let mut heredocs = vec![];
    if !onbuild && !i.heredocs.is_empty() {
        original.push('\n');
        for h in &i.heredocs {
            original.push_str(&h.content);
            original.push_str(&h.name);
            original.push('\n');
            heredocs.push(json!([c_str(&h.name), c_str(&h.content)]));
        }
    }
    json!({
        "cmd": i.cmd,
        "sub_cmd": sub_cmd,
        "json": target.is_json(),
        "original": c_str(&original),
        "start_line": i.start_line,
        "end_line": i.end_line,
        "flags": i.flags.iter().map(|f| c_str(&f.raw)).collect::<Vec<_>>(),
        "value": i.values(Compat::V012).iter().map(|v| c_str(v)).collect::<Vec<_>>(),
        "heredocs": heredocs,
    })
}

/// Compares; errors are compared by presence only (messages differ in wording and line).
fn compare(name: &str, text: &str, theirs: &Value) -> Result<(), String> {
    let mine = ours(text);
    match (mine.get("error"), theirs.get("error")) {
        (Some(_), Some(_)) => return Ok(()),
        (None, None) => {}
        _ => {
            return Err(format!(
            "{name}: parse outcome differs\n input: {text:?}\n ours: {mine}\n buildkit: {theirs}"
        ))
        }
    }
    let a = mine["commands"].as_array().unwrap();
    let b = theirs["commands"].as_array().unwrap();
    if a.len() != b.len() {
        return Err(format!(
            "{name}: {} instructions, buildkit {}\n input: {text:?}\n ours: {mine}\n buildkit: {theirs}",
            a.len(),
            b.len()
        ));
    }
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return Err(format!(
                "{name}: instruction differs\n input: {text:?}\n ours:     {x}\n buildkit: {y}"
            ));
        }
    }
    Ok(())
}

fn read_dir_texts(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path();
            let bytes = std::fs::read(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The test corpus, plus every file of the directories in `DH_DIFFERENTIAL_EXTRA`
/// (colon-separated), to compare against more Dockerfiles by hand.
fn corpus() -> Vec<(String, String)> {
    let mut v = read_dir_texts(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"));
    assert!(v.len() >= 10, "corpus is missing");
    if let Ok(extra) = std::env::var("DH_DIFFERENTIAL_EXTRA") {
        for d in extra.split(':').filter(|d| !d.is_empty()) {
            v.extend(read_dir_texts(Path::new(d)));
        }
    }
    v
}

#[test]
fn corpus_matches_buildkit() {
    if !buildkit_available() {
        return;
    }
    let files = corpus();
    let texts: Vec<String> = files.iter().map(|(_, t)| t.clone()).collect();
    let theirs = buildkit(&texts);
    let mut failures = vec![];
    for ((name, text), t) in files.iter().zip(&theirs) {
        if let Err(e) = compare(name, text, t) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Pieces that Dockerfile lines are made of, including the awkward ones.
fn line_strategy() -> impl Strategy<Value = String> {
    let keyword = prop::sample::select(vec![
        "FROM",
        "RUN",
        "run",
        "CMD",
        "ENTRYPOINT",
        "COPY",
        "ADD",
        "ENV",
        "ARG",
        "LABEL",
        "EXPOSE",
        "USER",
        "WORKDIR",
        "VOLUME",
        "SHELL",
        "HEALTHCHECK",
        "ONBUILD",
        "ONBUILD RUN",
        "ONBUILD COPY",
        "STOPSIGNAL",
        "MAINTAINER",
        "FOO",
        "HEALTHCHECK CMD",
        "HEALTHCHECK --interval=5s CMD",
    ]);
    let token = prop::sample::select(vec![
        "a",
        "b=c",
        "x=\"y z\"",
        "'q r'",
        "\"s\"",
        "--mount=type=cache,target=/x",
        "--link",
        "--from=build",
        "--chmod=755",
        "--network=none",
        "--flag=\"quoted v\"",
        "--",
        "$VAR",
        "${VAR:-d}",
        "[\"j\", \"k\"]",
        "[\"j\", 1]",
        "[",
        "]",
        "&&",
        "|",
        ";",
        "#",
        "# c",
        "<<EOF",
        "<<-EOF",
        "<<'EOF'",
        "<<\"EOF\"",
        "2<<EOF",
        "cat<<EOF",
        "\\ ",
        "=",
        "k=",
        "=v",
        "a\\\"b",
        "\t",
        "  ",
        "é",
        "AS",
        "name",
        "`",
        "a`b",
        "--chown=\"a b\"",
        "[\"\\u0041\", \"b\"]",
        "[\"a\"] x",
        "<<-'E O'",
        "<<E\"F\"",
        "${A:+x}",
        "--mount=type=secret,id=s",
        "\\$x",
        "'",
        "\"",
        "-",
        "--=x",
    ]);
    (
        prop::sample::select(vec!["", " ", "\t", "  "]),
        keyword,
        prop::collection::vec(token, 0..6),
        prop::sample::select(vec!["", " ", "\\", " \\", "\\  ", "\r"]),
    )
        .prop_map(|(lead, kw, toks, end)| format!("{lead}{kw} {}{end}", toks.join(" ")))
}

fn file_strategy() -> impl Strategy<Value = String> {
    let extra = prop::sample::select(vec![
        "",
        "# comment",
        "",
        "   ",
        "EOF",
        "\tEOF",
        "body line $x",
        "# escape=`",
        "# syntax=docker/dockerfile:1",
    ]);
    prop::collection::vec(
        prop_oneof![3 => line_strategy(), 1 => extra.prop_map(String::from)],
        1..12,
    )
    .prop_map(|lines| lines.join("\n") + "\n")
}

#[test]
fn generated_inputs_match_buildkit() {
    if !buildkit_available() {
        return;
    }
    // Deterministic: the same inputs on every run, so a failure is reproducible.
    let mut runner = TestRunner::deterministic();
    let strat = file_strategy();
    let mut texts = vec![];
    for _ in 0..2500 {
        let tree = strat.new_tree(&mut runner).unwrap();
        texts.push(tree.current());
    }
    let theirs = buildkit(&texts);
    let mut failures = vec![];
    for (i, (text, t)) in texts.iter().zip(&theirs).enumerate() {
        if let Err(e) = compare(&format!("generated #{i}"), text, t) {
            failures.push(e);
        }
    }
    let n = failures.len();
    failures.truncate(5);
    assert!(
        n == 0,
        "{n} generated inputs differ; first ones:\n{}",
        failures.join("\n\n")
    );
}
