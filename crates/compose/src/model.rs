//! The parts of the Compose Specification that the rules judge, with positions: services
//! after `extends`, merge keys and interpolation, ports and volumes in short or long syntax.

use crate::interpolate::{interpolate, Env};
use crate::yaml::{self, clip, Node, Pos, Value};
use crate::{ComposeError, ErrorKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A value and where it was written (for a `key: value` setting: the key).
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
}

/// A compose file: its services, in file order.
#[derive(Debug, Clone, Default)]
pub struct ComposeFile {
    pub services: Vec<Service>,
}

/// One service, as `docker compose` would run it.
#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    /// The service's key under `services:`.
    pub pos: Pos,
    pub image: Option<At<String>>,
    pub has_build: bool,
    pub privileged: Option<At<bool>>,
    pub user: Option<At<String>>,
    /// `user` as written, when it came from interpolation (`"${UID}:${GID}"`).
    pub user_written: Option<String>,
    pub network_mode: Option<At<String>>,
    pub pid: Option<At<String>>,
    pub ipc: Option<At<String>>,
    pub uts: Option<At<String>>,
    pub userns_mode: Option<At<String>>,
    pub cap_add: Vec<At<String>>,
    pub cap_drop: Vec<At<String>>,
    pub security_opt: Vec<At<String>>,
    /// Where `security_opt:` itself is, when present.
    pub security_opt_pos: Option<Pos>,
    pub read_only: Option<At<bool>>,
    pub mem_limit: Option<At<String>>,
    pub deploy_memory: Option<At<String>>,
    pub pids_limit: Option<At<i64>>,
    pub deploy_pids: Option<At<i64>>,
    pub ports: Vec<Port>,
    pub volumes: Vec<Volume>,
    pub devices: Vec<At<String>>,
    pub restart: Option<At<String>>,
    pub deploy_restart_condition: Option<At<String>>,
    pub environment: Vec<EnvEntry>,
}

/// One published port.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// Empty when not given (all interfaces).
    pub host_ip: String,
    /// Host port range, when published on a chosen port (else an ephemeral one).
    pub published: Option<(u32, u32)>,
    pub target: (u32, u32),
    pub protocol: String,
    /// As written (short syntax) or rebuilt from the long syntax, for messages.
    pub spec: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeKind {
    Bind,
    Volume,
    Tmpfs,
    Other(String),
}

/// One entry of `volumes:`.
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    pub kind: VolumeKind,
    /// Host path (bind) or volume name; None for an anonymous volume or tmpfs.
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
    /// Bind propagation (`shared`, `rshared`, `slave`, …), when given.
    pub propagation: Option<String>,
    pub pos: Pos,
}

/// One variable of `environment:`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvEntry {
    pub name: String,
    /// After interpolation; None when given without a value (taken from the shell).
    pub value: Option<String>,
    /// As written in the file, before interpolation.
    pub written: Option<String>,
    pub pos: Pos,
}

/// Loads compose files: the first one from text, the ones `extends: file:` names from disk.
pub struct Loader {
    env: Env,
    /// Interpolated documents by canonical path, for `extends`.
    docs: HashMap<PathBuf, Node>,
}

const EXTENDS_DEPTH: usize = 16;

impl Loader {
    pub fn new(env: Env) -> Self {
        Loader {
            env,
            docs: HashMap::new(),
        }
    }

    /// Parses and interpolates one compose document.
    pub fn document(&self, path: &Arc<str>, text: &str) -> Result<Node, ComposeError> {
        let mut root = yaml::parse(path, text)?;
        match &root.value {
            Value::Map(_) | Value::Null => {}
            _ => {
                return Err(err_at(
                    ErrorKind::Schema,
                    &root.pos,
                    format!(
                        "expected a mapping at the top level, found {}",
                        root.describe()
                    ),
                ))
            }
        }
        if let Value::Map(m) = &mut root.value {
            for (k, v) in m.iter_mut() {
                let key = k.scalar().unwrap_or_default();
                if key.starts_with("x-") {
                    continue;
                }
                interpolate_node(v, &self.env, &key)?;
            }
        }
        Ok(root)
    }

    /// The services of a compose file, `extends` resolved.
    pub fn compose_file(&mut self, path: &Path, text: &str) -> Result<ComposeFile, ComposeError> {
        let p: Arc<str> = Arc::from(path.display().to_string());
        let root = self.document(&p, text)?;
        let Some(services) = root.get("services") else {
            return Ok(ComposeFile::default());
        };
        let entries = match &services.value {
            Value::Null => return Ok(ComposeFile::default()),
            Value::Map(m) => m,
            _ => {
                return Err(err_at(
                    ErrorKind::Schema,
                    &services.pos,
                    format!(
                        "services: expected a mapping of services, found {}",
                        services.describe()
                    ),
                ))
            }
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut out = Vec::new();
        for (k, v) in entries {
            let name = k.scalar().unwrap_or_default();
            if name.starts_with("x-") {
                continue;
            }
            let mut chain = vec![(path.to_path_buf(), name.clone())];
            let merged = self.resolve(&root, &dir, &name, v, &mut chain)?;
            out.push(service(&name, k.pos.clone(), &merged)?);
        }
        Ok(ComposeFile { services: out })
    }

    /// A service's mapping with its `extends` chain merged in.
    fn resolve(
        &mut self,
        root: &Node,
        dir: &Path,
        name: &str,
        node: &Node,
        chain: &mut Vec<(PathBuf, String)>,
    ) -> Result<Node, ComposeError> {
        let here = format!("services.{name}");
        let Value::Map(_) = &node.value else {
            if node.is_null() {
                return Ok(Node {
                    value: Value::Map(Vec::new()),
                    ..node.clone()
                });
            }
            return Err(err_at(
                ErrorKind::Schema,
                &node.pos,
                format!("{here}: expected a mapping, found {}", node.describe()),
            ));
        };
        let Some((ext_key, ext)) = node.entry("extends") else {
            return Ok(node.clone());
        };
        let (base_name, file) = match &ext.value {
            Value::Str(s) => (s.clone(), None),
            Value::Map(_) => {
                let svc = ext.get("service").and_then(Node::scalar).ok_or_else(|| {
                    err_at(
                        ErrorKind::Extends,
                        &ext.pos,
                        format!("{here}.extends: missing \"service\""),
                    )
                })?;
                let file = match ext.get("file") {
                    Some(f) => Some((
                        f.scalar().ok_or_else(|| {
                            err_at(
                                ErrorKind::Extends,
                                &f.pos,
                                format!(
                                    "{here}.extends.file: expected a path, found {}",
                                    f.describe()
                                ),
                            )
                        })?,
                        f.pos.clone(),
                    )),
                    None => None,
                };
                (svc, file)
            }
            _ => {
                return Err(err_at(
                    ErrorKind::Extends,
                    &ext.pos,
                    format!(
                        "{here}.extends: expected a service name or a mapping, found {}",
                        ext.describe()
                    ),
                ))
            }
        };
        if chain.len() > EXTENDS_DEPTH {
            return Err(err_at(
                ErrorKind::Extends,
                &ext_key.pos,
                format!("{here}.extends: more than {EXTENDS_DEPTH} levels"),
            ));
        }
        if let Some((f, _)) = &file {
            if f.contains("://") || f.starts_with("git@") || f.starts_with("oci:") {
                // A remote base (git, OCI, URL): not fetched by a linter; judge what is here.
                let mut local = node.clone();
                if let Value::Map(m) = &mut local.value {
                    m.retain(|(k, _)| k.scalar().as_deref() != Some("extends"));
                }
                return Ok(local);
            }
        }
        let (base_root, base_dir, base_path) = match file {
            None => (
                root.clone(),
                dir.to_path_buf(),
                chain.last().map(|c| c.0.clone()).unwrap_or_default(),
            ),
            Some((f, fpos)) => {
                let full = dir.join(&f);
                let key = full.canonicalize().unwrap_or_else(|_| full.clone());
                if !self.docs.contains_key(&key) {
                    let text = crate::read_bounded(&full).map_err(|e| {
                        err_at(
                            ErrorKind::Extends,
                            &fpos,
                            format!("{here}.extends.file: cannot read {}: {e}", full.display()),
                        )
                    })?;
                    let p: Arc<str> = Arc::from(full.display().to_string());
                    let doc = self.document(&p, &text)?;
                    self.docs.insert(key.clone(), doc);
                }
                let doc = self.docs.get(&key).cloned().unwrap_or(Node {
                    value: Value::Null,
                    pos: fpos.clone(),
                    raw: None,
                    tag: None,
                });
                (
                    doc,
                    full.parent().map(Path::to_path_buf).unwrap_or_default(),
                    key,
                )
            }
        };
        if chain
            .iter()
            .any(|(p, n)| *p == base_path && *n == base_name)
        {
            return Err(err_at(
                ErrorKind::Extends,
                &ext_key.pos,
                format!("{here}.extends: circular reference to service {base_name:?}"),
            ));
        }
        let base_node = base_root
            .get("services")
            .and_then(|s| s.get(&base_name))
            .ok_or_else(|| {
                err_at(
                    ErrorKind::Extends,
                    &ext.pos,
                    format!("{here}.extends: no service {base_name:?} to extend"),
                )
            })?
            .clone();
        chain.push((base_path, base_name.clone()));
        let base = self.resolve(&base_root, &base_dir, &base_name, &base_node, chain)?;
        chain.pop();
        Ok(merge_service(&base, node))
    }
}

/// Keys whose sequences accumulate across `extends` (Compose Specification, "Merge").
const APPEND_KEYS: &[&str] = &[
    "cap_add",
    "cap_drop",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "env_file",
    "expose",
    "external_links",
    "group_add",
    "links",
    "ports",
    "secrets",
    "configs",
    "security_opt",
    "tmpfs",
    "volumes",
    "volumes_from",
];
/// Keys given as a mapping or as `KEY=VALUE` lists, merged by key.
const MAPPING_KEYS: &[&str] = &[
    "environment",
    "labels",
    "annotations",
    "sysctls",
    "extra_hosts",
];

fn merge_service(base: &Node, local: &Node) -> Node {
    let (Value::Map(b), Value::Map(l)) = (&base.value, &local.value) else {
        return local.clone();
    };
    let mut out: Vec<(Node, Node)> = b
        .iter()
        .filter(|(k, _)| k.scalar().as_deref() != Some("extends"))
        .cloned()
        .collect();
    for (k, v) in l {
        let key = k.scalar().unwrap_or_default();
        if key == "extends" {
            continue;
        }
        let Some(i) = out
            .iter()
            .position(|(bk, _)| bk.scalar().as_deref() == Some(&key))
        else {
            if v.tag.as_deref() != Some("!reset") {
                out.push((k.clone(), v.clone()));
            }
            continue;
        };
        let bv = &out[i].1;
        let merged = if v.tag.as_deref() == Some("!reset") {
            out.remove(i);
            continue;
        } else if v.tag.as_deref() == Some("!override") {
            v.clone()
        } else if MAPPING_KEYS.contains(&key.as_str()) {
            merge_maps(&as_mapping(bv), &as_mapping(v))
        } else {
            match (&bv.value, &v.value) {
                (Value::Seq(a), Value::Seq(c)) if APPEND_KEYS.contains(&key.as_str()) => {
                    let mut all = a.clone();
                    all.extend(c.iter().cloned());
                    Node {
                        value: Value::Seq(all),
                        ..v.clone()
                    }
                }
                (Value::Map(_), Value::Map(_)) => merge_maps(bv, v),
                _ => v.clone(),
            }
        };
        out[i] = (k.clone(), merged);
    }
    Node {
        value: Value::Map(out),
        ..local.clone()
    }
}

fn merge_maps(base: &Node, local: &Node) -> Node {
    let (Value::Map(b), Value::Map(l)) = (&base.value, &local.value) else {
        return local.clone();
    };
    let mut out = b.clone();
    for (k, v) in l {
        let key = k.scalar();
        let pos = out.iter().position(|(bk, _)| bk.scalar() == key);
        if v.tag.as_deref() == Some("!reset") {
            if let Some(i) = pos {
                out.remove(i);
            }
            continue;
        }
        match pos {
            Some(i) if v.tag.as_deref() == Some("!override") => out[i] = (k.clone(), v.clone()),
            Some(i) => {
                let m = match (&out[i].1.value, &v.value) {
                    (Value::Map(_), Value::Map(_)) => merge_maps(&out[i].1, v),
                    _ => v.clone(),
                };
                out[i] = (k.clone(), m);
            }
            None => out.push((k.clone(), v.clone())),
        }
    }
    Node {
        value: Value::Map(out),
        ..local.clone()
    }
}

/// `[A=1, B]` → `{A: "1", B: null}`; a mapping stays as it is.
fn as_mapping(n: &Node) -> Node {
    match &n.value {
        Value::Seq(items) => {
            let entries = items
                .iter()
                .map(|it| {
                    let s = it.scalar().unwrap_or_default();
                    let raw = it.raw.as_deref();
                    let (k, v) = match s.split_once('=') {
                        Some((k, v)) => (k.to_string(), Value::Str(v.to_string())),
                        None => (s.clone(), Value::Null),
                    };
                    let raw_v = raw.and_then(|r| r.split_once('=').map(|(_, v)| v.to_string()));
                    (
                        Node {
                            value: Value::Str(k),
                            pos: it.pos.clone(),
                            raw: None,
                            tag: None,
                        },
                        Node {
                            value: v,
                            pos: it.pos.clone(),
                            raw: raw_v,
                            tag: None,
                        },
                    )
                })
                .collect();
            Node {
                value: Value::Map(entries),
                ..n.clone()
            }
        }
        _ => n.clone(),
    }
}

fn interpolate_node(n: &mut Node, env: &Env, path: &str) -> Result<(), ComposeError> {
    match &mut n.value {
        Value::Str(s) if s.contains('$') => {
            let out = interpolate(s, env).map_err(|e| {
                err_at(ErrorKind::Interpolation, &n.pos, format!("{path}: {}", e.0))
            })?;
            if out != *s {
                n.raw = Some(std::mem::replace(s, out));
            }
        }
        Value::Seq(items) => {
            for (i, it) in items.iter_mut().enumerate() {
                interpolate_node(it, env, &format!("{path}[{i}]"))?;
            }
        }
        Value::Map(m) => {
            for (k, v) in m.iter_mut() {
                let key = k.scalar().unwrap_or_default();
                if key.starts_with("x-") {
                    continue;
                }
                interpolate_node(v, env, &format!("{path}.{key}"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

pub(crate) fn err_at(kind: ErrorKind, pos: &Pos, message: String) -> ComposeError {
    ComposeError::new(kind, &pos.path, pos.line, pos.column, message)
}

fn schema(pos: &Pos, path: &str, what: String) -> ComposeError {
    err_at(ErrorKind::Schema, pos, format!("{path}: {what}"))
}

fn get_str(svc: &Node, key: &str, path: &str) -> Result<Option<At<String>>, ComposeError> {
    let Some((k, v)) = svc.entry(key) else {
        return Ok(None);
    };
    match &v.value {
        Value::Null => Ok(None),
        Value::Seq(_) | Value::Map(_) => Err(schema(
            &v.pos,
            &format!("{path}.{key}"),
            format!("expected a string, found {}", v.describe()),
        )),
        _ => Ok(v.scalar().map(|value| At {
            value,
            pos: k.pos.clone(),
        })),
    }
}

fn to_bool(v: &Node) -> Option<bool> {
    match &v.value {
        Value::Bool(b) => Some(*b),
        Value::Int(1) => Some(true),
        Value::Int(0) => Some(false),
        Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" | "1" => Some(true),
            "false" | "no" | "off" | "n" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn get_bool(svc: &Node, key: &str, path: &str) -> Result<Option<At<bool>>, ComposeError> {
    let Some((k, v)) = svc.entry(key) else {
        return Ok(None);
    };
    if v.is_null() {
        return Ok(None);
    }
    let b = to_bool(v).ok_or_else(|| {
        schema(
            &v.pos,
            &format!("{path}.{key}"),
            format!("expected true or false, found {}", v.describe()),
        )
    })?;
    Ok(Some(At {
        value: b,
        pos: k.pos.clone(),
    }))
}

fn to_int(v: &Node) -> Option<i64> {
    match &v.value {
        Value::Int(i) => i64::try_from(*i).ok(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => Some(*f as i64),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn int_at(k: &Node, v: &Node, path: &str) -> Result<Option<At<i64>>, ComposeError> {
    if v.is_null() {
        return Ok(None);
    }
    let i = to_int(v).ok_or_else(|| {
        schema(
            &v.pos,
            path,
            format!("expected an integer, found {}", v.describe()),
        )
    })?;
    Ok(Some(At {
        value: i,
        pos: k.pos.clone(),
    }))
}

fn get_list(svc: &Node, key: &str, path: &str) -> Result<Vec<At<String>>, ComposeError> {
    let Some(v) = svc.get(key) else {
        return Ok(Vec::new());
    };
    match &v.value {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                it.scalar()
                    .map(|value| At {
                        value,
                        pos: it.pos.clone(),
                    })
                    .ok_or_else(|| {
                        schema(
                            &it.pos,
                            &format!("{path}.{key}[{i}]"),
                            format!("expected a string, found {}", it.describe()),
                        )
                    })
            })
            .collect(),
        _ => Err(schema(
            &v.pos,
            &format!("{path}.{key}"),
            format!("expected a list, found {}", v.describe()),
        )),
    }
}

/// Builds a [`Service`] from its (merged) mapping.
pub fn service(name: &str, pos: Pos, n: &Node) -> Result<Service, ComposeError> {
    let path = format!("services.{name}");
    let p = path.as_str();
    let mut s = Service {
        name: name.to_string(),
        pos,
        image: get_str(n, "image", p)?,
        has_build: n.get("build").is_some_and(|b| !b.is_null()),
        privileged: get_bool(n, "privileged", p)?,
        user: get_str(n, "user", p)?,
        user_written: n.get("user").and_then(|u| u.raw.clone()),
        network_mode: get_str(n, "network_mode", p)?,
        pid: get_str(n, "pid", p)?,
        ipc: get_str(n, "ipc", p)?,
        uts: get_str(n, "uts", p)?,
        userns_mode: get_str(n, "userns_mode", p)?,
        cap_add: get_list(n, "cap_add", p)?,
        cap_drop: get_list(n, "cap_drop", p)?,
        security_opt: get_list(n, "security_opt", p)?,
        security_opt_pos: n.entry("security_opt").map(|(k, _)| k.pos.clone()),
        read_only: get_bool(n, "read_only", p)?,
        mem_limit: get_str(n, "mem_limit", p)?,
        deploy_memory: None,
        pids_limit: None,
        deploy_pids: None,
        ports: Vec::new(),
        volumes: Vec::new(),
        devices: Vec::new(),
        restart: get_str(n, "restart", p)?,
        deploy_restart_condition: None,
        environment: Vec::new(),
    };
    if let Some((k, v)) = n.entry("pids_limit") {
        s.pids_limit = int_at(k, v, &format!("{p}.pids_limit"))?;
    }
    if let Some(deploy) = n.get("deploy") {
        if let Some(limits) = deploy.get("resources").and_then(|r| r.get("limits")) {
            s.deploy_memory = get_str(limits, "memory", &format!("{p}.deploy.resources.limits"))?;
            if let Some((k, v)) = limits.entry("pids") {
                s.deploy_pids = int_at(k, v, &format!("{p}.deploy.resources.limits.pids"))?;
            }
        }
        if let Some(rp) = deploy.get("restart_policy") {
            s.deploy_restart_condition =
                get_str(rp, "condition", &format!("{p}.deploy.restart_policy"))?;
        }
    }
    if let Some(ports) = n.get("ports") {
        s.ports = parse_ports(ports, &format!("{p}.ports"))?;
    }
    if let Some(vols) = n.get("volumes") {
        s.volumes = parse_volumes(vols, &format!("{p}.volumes"))?;
    }
    if let Some(devs) = n.get("devices") {
        s.devices = parse_devices(devs, &format!("{p}.devices"))?;
    }
    if let Some(env) = n.get("environment") {
        s.environment = parse_environment(env, &format!("{p}.environment"))?;
    }
    Ok(s)
}

const PORT_SHORT: &str = "\"[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]\"";

fn port_range(s: &str) -> Option<(u32, u32)> {
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?),
        None => {
            let a = s.trim().parse::<u32>().ok()?;
            (a, a)
        }
    };
    (a >= 1 && b <= 65535 && a <= b).then_some((a, b))
}

/// `(host_ip, published range, target range, protocol)` of a short-syntax port.
pub type ShortPort = (String, Option<(u32, u32)>, (u32, u32), String);

/// Short syntax: `"80"`, `"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"[::1]:8080:80"`,
/// `"127.0.0.1::80"`, `"8000-8010:8000-8010"`.
pub fn parse_port_short(spec: &str) -> Option<ShortPort> {
    let spec = spec.trim();
    let (addr, proto) = match spec.rsplit_once('/') {
        Some((a, p)) => (a, p.to_ascii_lowercase()),
        None => (spec, "tcp".to_string()),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return None;
    }
    let (ip, rest) = if let Some(r) = addr.strip_prefix('[') {
        let (ip, rest) = r.split_once(']')?;
        (ip.to_string(), rest.strip_prefix(':')?)
    } else {
        let parts: Vec<&str> = addr.split(':').collect();
        match parts.len() {
            1 | 2 => (String::new(), addr),
            3 => (parts[0].to_string(), &addr[parts[0].len() + 1..]),
            n => {
                // An IPv6 address without brackets: everything but the last two parts.
                let ip_len = parts[..n - 2].join(":").len();
                (parts[..n - 2].join(":"), &addr[ip_len + 1..])
            }
        }
    };
    let (host, container) = match rest.rsplit_once(':') {
        Some((h, c)) => (Some(h), c),
        None => (None, rest),
    };
    let target = port_range(container)?;
    let published = match host {
        None | Some("") => None,
        Some(h) => Some(port_range(h)?),
    };
    if !ip.is_empty() && host.is_none() && addr.contains(']') {
        return None;
    }
    Some((ip, published, target, proto))
}

fn parse_ports(n: &Node, path: &str) -> Result<Vec<Port>, ComposeError> {
    let items = match &n.value {
        Value::Null => return Ok(Vec::new()),
        Value::Seq(items) => items,
        _ => {
            return Err(schema(
                &n.pos,
                path,
                format!("expected a list, found {}", n.describe()),
            ))
        }
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        match &it.value {
            Value::Map(_) => {
                let parsed = (|| -> Result<Port, ComposeError> {
                    let target_node = it.get("target").ok_or_else(|| {
                        schema(&it.pos, &ipath, "long syntax needs \"target\"".into())
                    })?;
                    let target = target_node
                        .scalar()
                        .as_deref()
                        .and_then(port_range)
                        .ok_or_else(|| {
                            schema(
                                &target_node.pos,
                                &format!("{ipath}.target"),
                                format!("expected a port number, found {}", target_node.describe()),
                            )
                        })?;
                    let published = match it.get("published") {
                        Some(p) if !p.is_null() => {
                            let s = p.scalar().unwrap_or_default();
                            if s.is_empty() {
                                None
                            } else {
                                Some(port_range(&s).ok_or_else(|| {
                                    schema(
                                        &p.pos,
                                        &format!("{ipath}.published"),
                                        format!(
                                            "expected a port or a range, found {}",
                                            p.describe()
                                        ),
                                    )
                                })?)
                            }
                        }
                        _ => None,
                    };
                    let host_ip = it.get("host_ip").and_then(Node::scalar).unwrap_or_default();
                    let protocol = it
                        .get("protocol")
                        .and_then(Node::scalar)
                        .unwrap_or_else(|| "tcp".into());
                    let spec = match published {
                        Some((a, b)) if a != b => {
                            format!("{host_ip}:{a}-{b}:{}", fmt_range(target))
                        }
                        Some((a, _)) => format!("{}{a}:{}", ip_prefix(&host_ip), fmt_range(target)),
                        None => format!("{}{}", ip_prefix(&host_ip), fmt_range(target)),
                    };
                    Ok(Port {
                        host_ip,
                        published,
                        target,
                        protocol,
                        spec,
                        pos: it.pos.clone(),
                    })
                })();
                match parsed {
                    Ok(x) => out.push(x),
                    // Built from variables this run does not have: cannot be judged.
                    Err(_) if from_variables(it) => {}
                    Err(e) => return Err(e),
                }
            }
            Value::Str(_) | Value::Int(_) => {
                let spec = it.scalar().unwrap_or_default();
                let Some((host_ip, published, target, protocol)) = parse_port_short(&spec) else {
                    if it.raw.is_some() {
                        // Built from variables this run does not have: cannot be judged.
                        continue;
                    }
                    return Err(schema(
                        &it.pos,
                        &ipath,
                        format!("expected {PORT_SHORT}, found {:?}", clip(&spec)),
                    ));
                };
                out.push(Port {
                    host_ip,
                    published,
                    target,
                    protocol,
                    spec,
                    pos: it.pos.clone(),
                });
            }
            _ => {
                return Err(schema(
                    &it.pos,
                    &ipath,
                    format!(
                        "expected {PORT_SHORT} or a mapping with \"target\", found {}",
                        it.describe()
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// Whether a long-syntax entry has a value that came from interpolation.
fn from_variables(it: &Node) -> bool {
    match &it.value {
        Value::Map(m) => m.iter().any(|(_, v)| v.raw.is_some()),
        _ => it.raw.is_some(),
    }
}

fn ip_prefix(ip: &str) -> String {
    if ip.is_empty() {
        String::new()
    } else if ip.contains(':') {
        format!("[{ip}]:")
    } else {
        format!("{ip}:")
    }
}

fn fmt_range((a, b): (u32, u32)) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}-{b}")
    }
}

fn is_host_path(s: &str) -> bool {
    let b = s.as_bytes();
    s.starts_with('/')
        || s.starts_with('.')
        || s.starts_with('~')
        || s.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// `(kind, source, target, read_only, propagation)` of a short-syntax volume.
pub type ShortVolume = (VolumeKind, Option<String>, String, bool, Option<String>);

const PROPAGATIONS: &[&str] = &[
    "shared", "rshared", "slave", "rslave", "private", "rprivate",
];

/// Short syntax: `[SOURCE:]TARGET[:MODE]`.
pub fn parse_volume_short(spec: &str) -> Option<ShortVolume> {
    let spec = spec.trim();
    // A Windows drive letter (`C:\data:/data`) is part of the source.
    let (drive, rest) = {
        let b = spec.as_bytes();
        if b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/')
        {
            (&spec[..2], &spec[2..])
        } else {
            ("", spec)
        }
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [t] => (None, *t, ""),
        [s, t] => (Some(format!("{drive}{s}")), *t, ""),
        [s, t, m] => (Some(format!("{drive}{s}")), *t, *m),
        _ => return None,
    };
    if target.is_empty() || source.as_deref() == Some("") {
        return None;
    }
    let read_only = mode.split(',').any(|m| m.trim() == "ro");
    let propagation = mode
        .split(',')
        .map(str::trim)
        .find(|m| PROPAGATIONS.contains(m))
        .map(str::to_string);
    let kind = match &source {
        Some(s) if is_host_path(s) => VolumeKind::Bind,
        _ => VolumeKind::Volume,
    };
    Some((kind, source, target.to_string(), read_only, propagation))
}

fn parse_volumes(n: &Node, path: &str) -> Result<Vec<Volume>, ComposeError> {
    let items = match &n.value {
        Value::Null => return Ok(Vec::new()),
        Value::Seq(items) => items,
        _ => {
            return Err(schema(
                &n.pos,
                path,
                format!("expected a list, found {}", n.describe()),
            ))
        }
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        match &it.value {
            Value::Map(_) => {
                let parsed = (|| -> Result<Volume, ComposeError> {
                    let target = it
                        .get("target")
                        .and_then(Node::scalar)
                        .filter(|t| !t.is_empty())
                        .ok_or_else(|| {
                            schema(&it.pos, &ipath, "long syntax needs \"target\"".into())
                        })?;
                    let source = it
                        .get("source")
                        .and_then(Node::scalar)
                        .filter(|s| !s.is_empty());
                    let kind = match it.get("type").and_then(Node::scalar).as_deref() {
                        Some("bind") => VolumeKind::Bind,
                        Some("volume") => VolumeKind::Volume,
                        Some("tmpfs") => VolumeKind::Tmpfs,
                        Some(other) => VolumeKind::Other(other.to_string()),
                        None => match &source {
                            Some(s) if is_host_path(s) => VolumeKind::Bind,
                            _ => VolumeKind::Volume,
                        },
                    };
                    let read_only = it.get("read_only").and_then(to_bool).unwrap_or(false);
                    let propagation = it
                        .get("bind")
                        .and_then(|b| b.get("propagation"))
                        .and_then(Node::scalar);
                    Ok(Volume {
                        kind,
                        source,
                        target,
                        read_only,
                        propagation,
                        pos: it.pos.clone(),
                    })
                })();
                match parsed {
                    Ok(x) => out.push(x),
                    // Built from variables this run does not have: cannot be judged.
                    Err(_) if from_variables(it) => {}
                    Err(e) => return Err(e),
                }
            }
            Value::Str(s) => {
                let Some((kind, source, target, read_only, propagation)) = parse_volume_short(s)
                else {
                    if it.raw.is_some() {
                        // Built from variables this run does not have: cannot be judged.
                        continue;
                    }
                    return Err(schema(
                        &it.pos,
                        &ipath,
                        format!("expected \"[SOURCE:]TARGET[:MODE]\", found {:?}", clip(s)),
                    ));
                };
                out.push(Volume {
                    kind,
                    source,
                    target,
                    read_only,
                    propagation,
                    pos: it.pos.clone(),
                });
            }
            _ => {
                return Err(schema(
                    &it.pos,
                    &ipath,
                    format!(
                    "expected \"[SOURCE:]TARGET[:MODE]\" or a mapping with \"target\", found {}",
                    it.describe()
                ),
                ))
            }
        }
    }
    Ok(out)
}

fn parse_devices(n: &Node, path: &str) -> Result<Vec<At<String>>, ComposeError> {
    let items = match &n.value {
        Value::Null => return Ok(Vec::new()),
        Value::Seq(items) => items,
        _ => {
            return Err(schema(
                &n.pos,
                path,
                format!("expected a list, found {}", n.describe()),
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let value = match &it.value {
                Value::Map(_) => it.get("source").and_then(Node::scalar),
                _ => it.scalar(),
            };
            value
                .map(|value| At {
                    value,
                    pos: it.pos.clone(),
                })
                .ok_or_else(|| {
                    schema(
                        &it.pos,
                        &format!("{path}[{i}]"),
                        format!(
                            "expected \"HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]\", found {}",
                            it.describe()
                        ),
                    )
                })
        })
        .collect()
}

fn parse_environment(n: &Node, path: &str) -> Result<Vec<EnvEntry>, ComposeError> {
    match &n.value {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => {
            for (i, it) in items.iter().enumerate() {
                if it.scalar().is_none() {
                    return Err(schema(
                        &it.pos,
                        &format!("{path}[{i}]"),
                        format!("expected \"NAME=VALUE\", found {}", it.describe()),
                    ));
                }
            }
            parse_environment(&as_mapping(n), path)
        }
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| {
                let name = k.scalar().unwrap_or_default();
                let value = match &v.value {
                    Value::Null => None,
                    Value::Seq(_) | Value::Map(_) => {
                        return Err(schema(
                            &v.pos,
                            &format!("{path}.{name}"),
                            format!("expected a string, found {}", v.describe()),
                        ))
                    }
                    _ => v.scalar(),
                };
                let written = v.raw.clone().or_else(|| value.clone());
                Ok(EnvEntry {
                    name,
                    value,
                    written,
                    pos: k.pos.clone(),
                })
            })
            .collect(),
        _ => Err(schema(
            &n.pos,
            path,
            format!(
                "expected a mapping or a list of \"NAME=VALUE\", found {}",
                n.describe()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ports() {
        let p = |s| parse_port_short(s);
        assert_eq!(p("80"), Some((String::new(), None, (80, 80), "tcp".into())));
        assert_eq!(
            p("8080:80"),
            Some((String::new(), Some((8080, 8080)), (80, 80), "tcp".into()))
        );
        assert_eq!(
            p("127.0.0.1:8080:80/udp"),
            Some((
                "127.0.0.1".into(),
                Some((8080, 8080)),
                (80, 80),
                "udp".into()
            ))
        );
        assert_eq!(
            p("127.0.0.1::80"),
            Some(("127.0.0.1".into(), None, (80, 80), "tcp".into()))
        );
        assert_eq!(
            p("[::1]:8080:80"),
            Some(("::1".into(), Some((8080, 8080)), (80, 80), "tcp".into()))
        );
        assert_eq!(
            p("::1:8080:80"),
            Some(("::1".into(), Some((8080, 8080)), (80, 80), "tcp".into()))
        );
        assert_eq!(
            p("8000-8010:9000-9010"),
            Some((
                String::new(),
                Some((8000, 8010)),
                (9000, 9010),
                "tcp".into()
            ))
        );
        for bad in [
            "8080:80:tcp",
            "abc",
            "",
            "70000",
            "0",
            "80/http",
            "1:2:3:",
            "[::1]80",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }

    #[test]
    fn short_volumes() {
        let v = |s| parse_volume_short(s);
        let vol = |k, src: Option<&str>, t: &str, ro, prop: Option<&str>| {
            Some((
                k,
                src.map(String::from),
                t.to_string(),
                ro,
                prop.map(String::from),
            ))
        };
        assert_eq!(
            v("/data"),
            vol(VolumeKind::Volume, None, "/data", false, None)
        );
        assert_eq!(
            v("db:/var/lib/db"),
            vol(VolumeKind::Volume, Some("db"), "/var/lib/db", false, None)
        );
        assert_eq!(
            v("/etc:/host/etc:ro"),
            vol(VolumeKind::Bind, Some("/etc"), "/host/etc", true, None)
        );
        assert_eq!(
            v("./src:/src:rw,z"),
            vol(VolumeKind::Bind, Some("./src"), "/src", false, None)
        );
        assert_eq!(
            v("/mnt:/mnt:ro,rshared"),
            vol(
                VolumeKind::Bind,
                Some("/mnt"),
                "/mnt",
                true,
                Some("rshared")
            )
        );
        assert_eq!(
            v("C:\\data:/data"),
            vol(VolumeKind::Bind, Some("C:\\data"), "/data", false, None)
        );
        assert_eq!(v("a:b:c:d"), None);
        assert_eq!(v(":/x"), None);
    }
}
