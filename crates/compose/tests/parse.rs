//! Parser behaviour: interpolation, anchors and merge keys, extends, short and long syntax,
//! errors at file:line:column, inline ignores.

use dh_compose::interpolate::Env;
use dh_compose::model::VolumeKind;
use dh_compose::{lint_compose_file, lint_with_env, ErrorKind};
use dh_model::Outcome;
use std::path::Path;

fn env(vars: &[(&str, &str)]) -> Env {
    Env::from_map(
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// `rule line:col: message` for every failure, in order.
fn findings(path: &Path, yaml: &str, e: Env) -> Vec<String> {
    let out = lint_with_env(path, yaml, e).unwrap_or_else(|e| panic!("{e}"));
    let mut v = Vec::new();
    for (meta, o) in out {
        if let Outcome::Fail(fs) = o {
            for f in fs {
                let l = f.location.expect("location");
                v.push(format!(
                    "{} {}:{}:{}: {}",
                    meta.id, l.path, l.line, l.column, f.message
                ));
            }
        }
    }
    v
}

fn only(v: &[String], id: &str) -> Vec<String> {
    v.iter().filter(|s| s.starts_with(id)).cloned().collect()
}

fn err(yaml: &str) -> String {
    lint_with_env(Path::new("compose.yaml"), yaml, env(&[]))
        .map(|_| "no error".to_string())
        .unwrap_or_else(|e| e.to_string())
}

const HARDENED: &str = r#"
services:
  web:
    image: nginx:1.27@sha256:abc
    user: "101:101"
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    mem_limit: 256m
    pids_limit: 100
    restart: on-failure:5
    ports: ["127.0.0.1:8080:8080"]
    environment:
      DB_PASSWORD_FILE: /run/secrets/db
    secrets: [db]
secrets:
  db:
    file: ./db.txt
"#;

#[test]
fn hardened_file_has_no_findings() {
    assert_eq!(
        findings(Path::new("compose.yaml"), HARDENED, env(&[])),
        Vec::<String>::new()
    );
}

#[test]
fn interpolation_from_env() {
    let y = "services:\n  web:\n    image: nginx:${TAG:-latest}\n    privileged: ${PRIV:-false}\n    ports: [\"${BIND-0.0.0.0}:${PORT:?}:80\"]\n    command: echo $$HOME\n";
    let got = findings(
        Path::new("compose.yaml"),
        y,
        env(&[("PRIV", "true"), ("PORT", "80")]),
    );
    assert_eq!(
        only(&got, "K001"),
        ["K001 compose.yaml:4:5: service web runs privileged: every capability, every device"]
    );
    assert_eq!(
        only(&got, "K022"),
        ["K022 compose.yaml:3:5: service web uses image nginx:latest: latest is a moving tag"]
    );
    assert_eq!(
        only(&got, "K017"),
        ["K017 compose.yaml:5:13: service web publishes privileged host port 80 (0.0.0.0:80:80)"]
    );
    // With the variables set the other way, nothing of the above.
    let got = findings(
        Path::new("compose.yaml"),
        y,
        env(&[("TAG", "1.27"), ("BIND", "127.0.0.1"), ("PORT", "8080")]),
    );
    assert!(only(&got, "K001").is_empty() && only(&got, "K022").is_empty());
    assert!(only(&got, "K016").is_empty() && only(&got, "K017").is_empty());
}

#[test]
fn interpolation_errors_name_the_key() {
    assert_eq!(
        err("services:\n  web:\n    image: \"nginx:${TAG\"\n"),
        "compose.yaml:3:12: services.web.image: invalid interpolation format: \"${TAG\" without a closing \"}\""
    );
}

#[test]
fn dotenv_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "# defaults\nWEB_PRIV=true\n").unwrap();
    let p = dir.path().join("compose.yaml");
    let y = "services:\n  web:\n    image: a:1\n    privileged: ${WEB_PRIV:-false}\n";
    std::fs::write(&p, y).unwrap();
    let out = lint_compose_file(&p, y).unwrap();
    let k001 = out.iter().find(|(m, _)| m.id == "K001").unwrap();
    assert!(k001.1.is_fail(), "{:?}", k001.1);
}

#[test]
fn anchors_and_merge_keys() {
    let y = "x-hardening: &hard\n  read_only: true\n  cap_drop: [ALL]\n  privileged: true\nservices:\n  web:\n    <<: *hard\n    image: a:1\n  worker:\n    <<: *hard\n    privileged: false\n    image: a:1\n";
    let got = findings(Path::new("compose.yaml"), y, env(&[]));
    // The merged key is reported where it is used, the `<<: *hard` line of the service.
    assert_eq!(
        only(&got, "K001"),
        ["K001 compose.yaml:7:9: service web runs privileged: every capability, every device"]
    );
    assert!(only(&got, "K013").is_empty(), "{got:?}");
    assert!(only(&got, "K009").is_empty(), "{got:?}");
}

#[test]
fn x_extensions_are_ignored() {
    let y = "x-broken: ${NOT CLOSED\nservices:\n  web:\n    image: a:1\n    x-notes: \"${ALSO\"\n  x-template:\n    privileged: true\n";
    let got = findings(Path::new("compose.yaml"), y, env(&[]));
    assert!(only(&got, "K001").is_empty());
    assert!(!got.iter().any(|f| f.contains("x-template")));
}

#[test]
fn extends_same_file_and_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("common.yml");
    std::fs::write(
        &base,
        "services:\n  base:\n    image: a:1\n    cap_add: [SYS_ADMIN]\n    environment:\n      - MODE=prod\n",
    )
    .unwrap();
    let p = dir.path().join("compose.yaml");
    let y = "services:\n  tmpl:\n    image: a:2\n    ports: [\"80:80\"]\n  web:\n    extends: tmpl\n    ports: [\"127.0.0.1:81:81\"]\n  job:\n    extends:\n      file: common.yml\n      service: base\n    cap_add: [NET_ADMIN]\n    environment:\n      API_TOKEN: abcdef123456\n";
    let got = findings(&p, y, env(&[]));
    let b = base.display().to_string();
    let c = p.display().to_string();
    assert_eq!(
        only(&got, "K016"),
        [
            format!("K016 {c}:4:13: service tmpl publishes port 80:80 on all host interfaces"),
            format!("K016 {c}:4:13: service web publishes port 80:80 on all host interfaces"),
        ]
    );
    assert_eq!(
        only(&got, "K008"),
        [
            format!(
                "K008 {b}:4:15: service job adds capability SYS_ADMIN (a known path to the host)"
            ),
            format!(
                "K008 {c}:12:15: service job adds capability NET_ADMIN (a known path to the host)"
            ),
        ]
    );
    assert_eq!(
        only(&got, "K021"),
        [format!(
            "K021 {c}:14:7: service job has a secret value in environment variable API_TOKEN"
        )]
    );
}

#[test]
fn extends_errors() {
    assert_eq!(
        err("services:\n  a:\n    extends: b\n  b:\n    extends: a\n"),
        "compose.yaml:5:5: services.b.extends: circular reference to service \"a\""
    );
    assert_eq!(
        err("services:\n  a:\n    extends: nope\n"),
        "compose.yaml:3:14: services.a.extends: no service \"nope\" to extend"
    );
    let e = err("services:\n  a:\n    extends: {file: missing.yml, service: x}\n");
    assert!(
        e.starts_with("compose.yaml:3:21: services.a.extends.file: cannot read missing.yml: "),
        "{e}"
    );
}

#[test]
fn long_and_short_syntax() {
    let y = "services:\n  web:\n    image: a:1\n    ports:\n      - 80\n      - \"127.0.0.1:8080:80/udp\"\n      - target: 443\n        published: 443\n        host_ip: \"::\"\n    volumes:\n      - type: bind\n        source: /etc\n        target: /host/etc\n        read_only: true\n      - data:/data\n      - /var/lib/docker:/d:ro,z\n";
    let file = dh_compose::parse_compose_file(Path::new("compose.yaml"), y).unwrap();
    let s = &file.services[0];
    assert_eq!(s.ports.len(), 3);
    assert_eq!(s.ports[0].published, None);
    assert_eq!(s.ports[1].host_ip, "127.0.0.1");
    assert_eq!(s.ports[1].protocol, "udp");
    assert_eq!(s.ports[2].published, Some((443, 443)));
    assert_eq!(s.ports[2].host_ip, "::");
    assert_eq!(s.volumes[0].kind, VolumeKind::Bind);
    assert!(s.volumes[0].read_only);
    assert_eq!(s.volumes[1].kind, VolumeKind::Volume);
    assert!(s.volumes[2].read_only);
    let got = findings(Path::new("compose.yaml"), y, env(&[]));
    assert_eq!(
        only(&got, "K016"),
        [
            "K016 compose.yaml:5:9: service web publishes port 80 on all host interfaces",
            "K016 compose.yaml:7:9: service web publishes port [::]:443:443 on all host interfaces",
        ]
    );
    assert_eq!(
        only(&got, "K003"),
        [
            "K003 compose.yaml:11:9: service web mounts sensitive host path /etc (read-only) (under /etc)",
            "K003 compose.yaml:16:9: service web mounts sensitive host path /var/lib/docker (read-only) (under /var/lib/docker)",
        ]
    );
}

#[test]
fn schema_errors_at_line_and_column() {
    assert_eq!(
        err("services:\n  web:\n    image: a:1\n    ports:\n      - \"8080:80:tcp\"\n"),
        "compose.yaml:5:9: services.web.ports[0]: expected \"[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]\", found \"8080:80:tcp\""
    );
    assert_eq!(
        err("services:\n  web:\n    privileged: maybe\n"),
        "compose.yaml:3:17: services.web.privileged: expected true or false, found \"maybe\""
    );
    assert_eq!(
        err("services:\n  web:\n    ports:\n      - published: 80\n"),
        "compose.yaml:4:9: services.web.ports[0]: long syntax needs \"target\""
    );
    assert_eq!(
        err("services:\n  web:\n    volumes: [\"a:b:c:d\"]\n"),
        "compose.yaml:3:15: services.web.volumes[0]: expected \"[SOURCE:]TARGET[:MODE]\", found \"a:b:c:d\""
    );
    assert_eq!(
        err("services: [web]\n"),
        "compose.yaml:1:11: services: expected a mapping of services, found a sequence"
    );
    assert_eq!(
        err("- a\n- b\n"),
        "compose.yaml:1:1: expected a mapping at the top level, found a sequence"
    );
    assert_eq!(
        err("services:\n  web:\n    cap_add: SYS_ADMIN\n"),
        "compose.yaml:3:14: services.web.cap_add: expected a list, found \"SYS_ADMIN\""
    );
}

#[test]
fn yaml_errors_are_one_line_with_position() {
    let e = lint_with_env(Path::new("c.yml"), "a: [1, 2\nb: c\n", env(&[])).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Yaml);
    assert_eq!((e.line, e.column), (2, 2));
    assert!(
        e.to_string().starts_with("c.yml:2:2: invalid YAML: "),
        "{e}"
    );
    assert!(!e.to_string().contains('\n'));
    assert_eq!(
        err("services:\n  web: {}\n  web: {}\n"),
        "compose.yaml:3:3: invalid YAML: duplicate mapping key: web"
    );
}

#[test]
fn empty_and_serviceless_files() {
    assert!(lint_with_env(Path::new("c.yml"), "", env(&[]))
        .unwrap()
        .is_empty());
    assert!(lint_with_env(Path::new("c.yml"), "# nothing\n", env(&[]))
        .unwrap()
        .is_empty());
    assert!(lint_with_env(Path::new("c.yml"), "services:\n", env(&[]))
        .unwrap()
        .is_empty());
    assert!(
        lint_with_env(Path::new("c.yml"), "volumes:\n  x: {}\n", env(&[]))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn inline_and_file_ignores() {
    let y = "# docker-harden ignore-file=K013,K014,K015,K009,K012,K019 reason=\"demo stack\"\nservices:\n  web:\n    image: a:1\n    # docker-harden ignore=K001 reason=\"needs /dev/net/tun\"\n    privileged: true\n    ports:\n      - \"8080:80\" # docker-harden ignore=K016 reason=\"public web\"\n      - \"9090:90\"\n";
    let out = lint_with_env(Path::new("compose.yaml"), y, env(&[])).unwrap();
    let get = |id: &str| {
        out.iter()
            .find(|(m, _)| m.id == id)
            .map(|(_, o)| o.clone())
            .unwrap()
    };
    assert_eq!(
        get("K001"),
        Outcome::Skip("ignored at compose.yaml:5: needs /dev/net/tun".into())
    );
    assert_eq!(
        get("K013"),
        Outcome::Skip("ignored at compose.yaml:1: demo stack".into())
    );
    let Outcome::Fail(k016) = get("K016") else {
        panic!("K016 should fail")
    };
    assert_eq!(k016.len(), 1);
    assert_eq!(
        k016[0].message,
        "service web publishes port 9090:90 on all host interfaces"
    );
    assert_eq!(
        err("services:\n  # docker-harden ignore=K001\n  web: {image: a:1}\n"),
        "compose.yaml:2:3: ignore comment for K001 has no reason: add reason=\"why this is acceptable\""
    );
}

#[test]
fn catalog_is_complete_and_documented() {
    let cat = dh_compose::catalog();
    assert_eq!(cat.len(), 25);
    let mut ids: Vec<&str> = cat.iter().map(|(m, _)| m.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 25);
    for (m, doc) in cat {
        assert!(m.id.starts_with('K'));
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(doc.contains(section), "{} lacks {section}", m.id);
        }
        assert!(!m.remediation.is_empty());
    }
}

#[test]
fn every_failure_has_a_location_and_names_its_service() {
    let y = "services:\n  svc1:\n    image: a\n    privileged: true\n    network_mode: host\n    pid: host\n    ipc: host\n    userns_mode: host\n    cap_add: [ALL]\n    security_opt: [\"seccomp:unconfined\", \"apparmor:unconfined\", \"label:disable\"]\n    uts: host\n    ports: [\"22:22\"]\n    devices: [\"/dev/mem\"]\n    user: root\n    restart: always\n    volumes: [\"/var/run/docker.sock:/s\", \"/proc:/p\"]\n    environment: [\"PASSWORD=x1\"]\n";
    let out = lint_with_env(Path::new("compose.yaml"), y, env(&[])).unwrap();
    let mut failed = Vec::new();
    for (m, o) in &out {
        if let Outcome::Fail(fs) = o {
            failed.push(m.id);
            for f in fs {
                assert!(f.location.is_some(), "{}", m.id);
                assert!(f.message.starts_with("service svc1 "), "{}", f.message);
                assert!(!f.message.contains("x1"));
            }
        }
    }
    // K009 (cap_drop) does not apply to a privileged service: K001 says it all.
    assert_eq!(failed.len(), 23, "{failed:?}");
    assert!(!failed.contains(&"K009"));
}

#[test]
fn items_built_from_missing_variables_are_skipped_not_errors() {
    let y = "services:\n  w:\n    image: a:1\n    ports:\n      - ${PORT}\n      - \"${BIND}:8080:80\"\n    volumes:\n      - ${DATA}:/data\n";
    let file = lint_with_env(Path::new("compose.yaml"), y, env(&[])).unwrap();
    assert!(!file.is_empty());
    let parsed = dh_compose::model::Loader::new(env(&[]))
        .compose_file(Path::new("compose.yaml"), y)
        .unwrap();
    assert_eq!(parsed.services[0].ports.len(), 1);
    assert!(parsed.services[0].volumes.is_empty());
    // The same text written literally is an error.
    assert!(err("services:\n  w:\n    volumes:\n      - :/data\n")
        .contains("expected \"[SOURCE:]TARGET[:MODE]\""));
}

#[test]
fn remote_extends_are_not_fetched() {
    let y = "services:\n  w:\n    extends:\n      file: https://example.invalid/base.yml\n      service: base\n    privileged: true\n";
    let got = findings(Path::new("compose.yaml"), y, env(&[]));
    assert_eq!(
        only(&got, "K001"),
        ["K001 compose.yaml:6:5: service w runs privileged: every capability, every device"]
    );
}

#[test]
fn reset_and_override_tags_in_extends() {
    let y = "services:\n  base:\n    image: a:1\n    ports: [\"80:80\"]\n    cap_add: [SYS_ADMIN]\n    deploy:\n      resources:\n        limits: {memory: 1G, pids: 10}\n  web:\n    extends: base\n    ports: !reset []\n    cap_add: !override [CHOWN]\n    deploy:\n      resources:\n        limits:\n          memory: !reset null\n";
    let parsed = dh_compose::model::Loader::new(env(&[]))
        .compose_file(Path::new("compose.yaml"), y)
        .unwrap();
    let web = &parsed.services[1];
    assert!(web.ports.is_empty());
    assert_eq!(web.cap_add.len(), 1);
    assert_eq!(web.cap_add[0].value, "CHOWN");
    assert!(web.deploy_memory.is_none());
    assert_eq!(web.deploy_pids.as_ref().map(|p| p.value), Some(10));
}
