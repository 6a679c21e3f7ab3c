//! The examples the README shows are what the linter says.

use dh_compose::interpolate::Env;
use dh_compose::lint_with_env;
use dh_model::Outcome;
use std::collections::HashMap;
use std::path::Path;

#[test]
fn readme_example_output() {
    let text = include_str!("fixtures/readme.yaml");
    let out = lint_with_env(
        Path::new("compose.yaml"),
        text,
        Env::from_map(HashMap::new()),
    )
    .unwrap();
    let mut lines = Vec::new();
    let mut skipped = Vec::new();
    for (m, o) in out {
        match o {
            Outcome::Fail(fs) => {
                for f in fs {
                    let l = f.location.unwrap();
                    lines.push((
                        l.line,
                        format!("{}:{}:{}: {} {}", l.path, l.line, l.column, m.id, f.message),
                    ));
                }
            }
            Outcome::Skip(r) => skipped.push(format!("{} {r}", m.id)),
            _ => {}
        }
    }
    lines.sort();
    let lines: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
    assert_eq!(
        lines,
        [
            "compose.yaml:2:3: K019 service web sets no user: it runs as the image's user, root unless the image sets USER",
            "compose.yaml:4:5: K001 service web runs privileged: every capability, every device",
            "compose.yaml:9:9: K002 service web mounts the container engine socket /var/run/docker.sock (docker.sock): root on the host",
            "compose.yaml:12:9: K016 service web publishes port 8080:80 on all host interfaces",
            "compose.yaml:15:7: K021 service web has a secret value in environment variable DB_PASSWORD",
        ]
    );
    assert_eq!(
        skipped,
        [
            "K008 ignored at compose.yaml:24: WireGuard needs NET_ADMIN to create its interface",
            "K016 ignored at compose.yaml:27: public VPN endpoint",
        ]
    );
}
