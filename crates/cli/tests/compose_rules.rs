//! The compose rules are in `docker-harden rules`, documented from their doc comments.

use assert_cmd::Command;

fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("docker-harden")
        .unwrap()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn rules_lists_and_explains_compose_rules() {
    let list = stdout(&["rules"]);
    for id in ["K001", "K002", "K016", "K021", "K024"] {
        assert!(list.contains(id), "{id} missing from:\n{list}");
    }
    let doc = stdout(&["rules", "k002"]);
    assert!(
        doc.contains("K002 Container engine socket mounted (critical)"),
        "{doc}"
    );
    assert!(doc.contains("CIS Docker Benchmark v1.6.0: 5.32"), "{doc}");
    assert!(doc.contains("## Why is this bad?"), "{doc}");
}
