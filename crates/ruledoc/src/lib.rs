//! Used from build scripts: reads every rule file under a source directory and extracts the
//! doc comment of the rule struct together with the rule id (`id: "C005"`), so that the doc
//! comment is the single source of a rule's documentation (`docker-harden rules C005`, SARIF
//! help text, `docs/rules.md`).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Scans `src_dir` recursively and writes `$OUT_DIR/<out_name>` containing
/// `pub static RULE_DOCS: &[(&str, &str)] = &[(id, markdown), …];`.
pub fn generate(src_dir: &str, out_name: &str) {
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo for build scripts");
    let mut entries = Vec::new();
    walk(Path::new(src_dir), &mut entries);
    entries.sort();
    let mut code = String::from("pub static RULE_DOCS: &[(&str, &str)] = &[\n");
    for (id, doc) in &entries {
        let _ = writeln!(code, "    ({id:?}, {doc:?}),");
    }
    code.push_str("];\n\n");
    code.push_str(
        "/// The documentation (markdown) of rule `id`, from its doc comment.\n\
         #[allow(dead_code)]\n\
         pub fn doc(id: &str) -> Option<&'static str> {\n    \
         RULE_DOCS.iter().find(|(i, _)| *i == id).map(|(_, d)| *d)\n}\n",
    );
    fs::write(Path::new(&out_dir).join(out_name), code).expect("write rule docs");
    println!("cargo:rerun-if-changed={src_dir}");
}

fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            println!("cargo:rerun-if-changed={}", p.display());
            if let Ok(text) = fs::read_to_string(&p) {
                out.extend(extract(&text));
            }
        }
    }
}

/// Every `/// …` block directly above a `pub struct` in a file that declares `id: "X000"`
/// after it. One rule per file is the norm; several are supported in order.
pub fn extract(text: &str) -> Vec<(String, String)> {
    let mut result = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("///") {
            doc.push(rest.strip_prefix(' ').unwrap_or(rest).to_string());
            continue;
        }
        if t.starts_with("#[") {
            continue;
        }
        if t.starts_with("pub struct") && !doc.is_empty() {
            pending = Some(doc.join("\n"));
        }
        doc.clear();
        if let Some(d) = &pending {
            if let Some(id) = find_id(t) {
                result.push((id, d.clone()));
                pending = None;
            }
        }
    }
    result
}

fn find_id(line: &str) -> Option<String> {
    let idx = line.find("id:")?;
    let rest = line[idx + 3..].trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let id = &rest[..end];
    let valid = id.len() >= 2
        && id.as_bytes()[0].is_ascii_uppercase()
        && id[1..].bytes().all(|b| b.is_ascii_digit());
    valid.then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn extracts_doc_and_id() {
        let src = "/// ## What it does\n/// Flags.\npub struct P;\nimpl X for P {\n const META: RuleMeta = RuleMeta {\n id: \"C005\", title: \"t\",\n";
        let got = super::extract(src);
        assert_eq!(
            got,
            vec![("C005".to_string(), "## What it does\nFlags.".to_string())]
        );
    }
}
