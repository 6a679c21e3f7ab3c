//! Works out every file change: the merged daemon.json, the systemd drop-in when flags on
//! the unit's dockerd command line would clash with daemon.json, and the subuid/subgid
//! entries for user-namespace remapping. Reads only; nothing here writes.

use crate::dockerd_flags::{self, Flag};
use crate::request::{Request, PLAINTEXT_PORT};
use crate::rootfs::RootFs;
use crate::systemd::{ExecStart, Unit};
use crate::{subid, Error};
use serde_json::{Map, Value};

/// Where dockerd reads its configuration unless `--config-file` says otherwise.
pub const DEFAULT_CONFIG: &str = "/etc/docker/daemon.json";
/// The directory of drop-ins written by docker-harden.
pub const DROPIN_DIR: &str = "/etc/systemd/system/docker.service.d";
/// Drop-in names docker-harden may use, preferred first (the second when another drop-in
/// that sets `ExecStart=` sorts after the first and would override it).
pub const DROPIN_NAMES: &[&str] = &["docker-harden.conf", "zz-docker-harden.conf"];

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The target's absolute path.
    pub path: String,
    /// What is there now (`None`: the file does not exist).
    pub old: Option<String>,
    pub new: String,
    /// Permission bits to write it with.
    pub mode: u32,
}

impl FileChange {
    /// A unified diff (`a/PATH` → `b/PATH`, so `patch -p1 -d ROOT` applies it).
    pub fn unified_diff(&self) -> String {
        let rel = self.path.trim_start_matches('/');
        let old = self.old.as_deref().unwrap_or("");
        let from = match self.old {
            Some(_) => format!("a/{rel}"),
            None => "/dev/null".to_string(),
        };
        similar::TextDiff::from_lines(old, &self.new)
            .unified_diff()
            .context_radius(3)
            .header(&from, &format!("b/{rel}"))
            .missing_newline_hint(true)
            .to_string()
    }
}

/// Everything `daemon-config` would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The daemon.json path dockerd reads (target path).
    pub daemon_json: String,
    /// The file changes, in the order they are to be written (only real changes).
    pub files: Vec<FileChange>,
    /// One line per setting added, replaced or removed.
    pub changes: Vec<String>,
    /// What the user must know before restarting dockerd.
    pub warnings: Vec<String>,
    /// The unit's dockerd program, if a unit was found.
    pub dockerd_program: Option<String>,
    /// The unit files read.
    pub unit_files: Vec<String>,
    /// TLS files the new configuration names that do not exist (real paths): dockerd
    /// would not start, so `--apply` refuses.
    pub missing_tls_files: Vec<std::path::PathBuf>,
}

impl Plan {
    /// The new daemon.json text (existing or new), whether or not it changes.
    pub fn daemon_json_change(&self) -> Option<&FileChange> {
        self.files.iter().find(|f| f.path == self.daemon_json)
    }
}

/// Builds the plan for `req` against the system under `fs`.
pub fn plan(fs: &RootFs, req: &Request) -> Result<Plan, Error> {
    let unit = Unit::read(fs)?;
    let exec = unit.dockerd().cloned();
    let flags = exec
        .as_ref()
        .map(|e| dockerd_flags::parse(&e.argv))
        .unwrap_or_default();
    let daemon_json = flags
        .iter()
        .find(|f| f.name == "config-file")
        .and_then(|f| f.value.clone())
        .map(|p| {
            if p.starts_with('/') {
                p
            } else {
                format!("/{p}")
            }
        })
        .unwrap_or_else(|| DEFAULT_CONFIG.to_string());

    let mut plan = Plan {
        daemon_json: daemon_json.clone(),
        dockerd_program: exec.as_ref().and_then(|e| e.argv.first().cloned()),
        unit_files: unit.fragment.iter().chain(&unit.dropins).cloned().collect(),
        ..Plan::default()
    };
    if let Some(e) = &exec {
        if e.argv.iter().any(|a| a.contains('$')) {
            plan.warnings.push(format!(
                "{}: ExecStart uses environment variables ({}): flags they hold are not seen here and may still clash with daemon.json",
                e.source,
                e.argv.iter().filter(|a| a.contains('$')).cloned().collect::<Vec<_>>().join(" ")
            ));
        }
    } else {
        plan.warnings.push(format!(
            "no {} unit found under {}: if dockerd is started with -H or other flags elsewhere, they may clash with daemon.json",
            crate::systemd::UNIT,
            fs.root().display()
        ));
    }

    // daemon.json as it is.
    let real = fs.real(&daemon_json);
    let old_text = fs
        .read_opt(&daemon_json)?
        .map(|b| utf8(b, &real))
        .transpose()?;
    let old_map = match &old_text {
        None => Map::new(),
        Some(t) if t.trim().is_empty() => Map::new(),
        Some(t) => parse_object(t, &real)?,
    };
    let old_mode = fs.mode(&daemon_json);

    let mut m = Merge {
        map: old_map.clone(),
        path: real.clone(),
        changes: Vec::new(),
    };
    apply_request(&mut m, req, &flags, &mut plan.warnings)?;
    merge_hosts(&mut m, req, &flags, &mut plan.warnings)?;
    plan.changes = std::mem::take(&mut m.changes);

    // subuid/subgid, before the daemon.json so dockerd finds them at its next start.
    if let Some(remap) = req.userns_remap.as_deref() {
        subid_changes(fs, remap, &mut plan)?;
        if old_map.get("userns-remap").and_then(Value::as_str) != Some(remap) {
            plan.warnings.push(
                "userns-remap: dockerd keeps a separate image, container and volume store per remapping (under DATA-ROOT/UID.GID): after the restart the existing images, containers and volumes are hidden (not deleted) until the setting is removed; files in bind mounts must be owned by the remapped ids".into(),
            );
        }
    }

    if m.map != old_map || (old_text.is_none() && !m.map.is_empty()) {
        let indent = old_text
            .as_deref()
            .map(detect_indent)
            .unwrap_or_else(|| "  ".into());
        plan.files.push(FileChange {
            path: daemon_json.clone(),
            old: old_text.clone(),
            new: to_json_text(&m.map, &indent),
            // CIS 3.17/3.18: root-owned, 0644 or stricter.
            mode: old_mode.map(|md| md & 0o644).unwrap_or(0o644),
        });
        if old_mode.is_some_and(|md| md & !0o644 != 0) {
            plan.changes.push(format!(
                "{daemon_json}: mode {:04o} -> {:04o} (CIS 3.18: 644 or stricter)",
                old_mode.unwrap_or(0),
                old_mode.unwrap_or(0) & 0o644
            ));
        }
    }

    // The drop-in: flags that set what daemon.json now sets must leave ExecStart.
    if let Some(e) = &exec {
        let clashing: Vec<&Flag> = flags
            .iter()
            .filter(|f| f.name != "config-file" && m.map.contains_key(f.json_key()))
            .collect();
        if !clashing.is_empty() {
            dropin(fs, &unit, e, &clashing, &daemon_json, &mut plan)?;
        }
    }

    tls_file_warnings(fs, req, &mut plan);
    Ok(plan)
}

/// The text of a file this command may rewrite: not UTF-8 is an error (with its position),
/// never a lossy conversion that would be written back.
fn utf8(bytes: Vec<u8>, path: &std::path::Path) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        Error::Json {
            path: path.to_path_buf(),
            line,
            column,
            cause: "not valid UTF-8".into(),
        }
    })
}

/// Parses daemon.json text; errors carry `path:line:col`.
pub fn parse_object(text: &str, path: &std::path::Path) -> Result<Map<String, Value>, Error> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let cause = match msg.rfind(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        Error::Json {
            path: path.to_path_buf(),
            line: e.line().max(1),
            column: e.column().max(1),
            cause,
        }
    })?;
    match v {
        Value::Object(m) => Ok(m),
        other => {
            let (line, column) = first_char_position(text);
            Err(Error::Json {
                path: path.to_path_buf(),
                line,
                column,
                cause: format!(
                    "expected a JSON object at the top level, found {}",
                    kind(&other)
                ),
            })
        }
    }
}

fn first_char_position(text: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.find(|c: char| !c.is_whitespace()) {
            return (i + 1, line[..c].chars().count() + 1);
        }
    }
    (1, 1)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The indentation of the first indented line (two spaces when there is none).
fn detect_indent(text: &str) -> String {
    text.lines()
        .skip(1)
        .map(|l| &l[..l.len() - l.trim_start().len()])
        .find(|w| !w.is_empty())
        .unwrap_or("  ")
        .to_string()
}

fn to_json_text(map: &Map<String, Value>, indent: &str) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    // Serializing a Map into a Vec cannot fail.
    let _ = map.serialize(&mut ser);
    let mut s = String::from_utf8_lossy(&buf).into_owned();
    s.push('\n');
    s
}

struct Merge {
    map: Map<String, Value>,
    path: std::path::PathBuf,
    changes: Vec<String>,
}

impl Merge {
    /// Sets `key`, replacing a different value (listed).
    fn set(&mut self, key: &str, value: Value) {
        match self.map.get(key) {
            Some(old) if *old == value => {}
            Some(old) => {
                self.changes
                    .push(format!("replaced \"{key}\": {old} -> {value}"));
                self.map.insert(key.to_string(), value);
            }
            None => {
                self.changes.push(format!("set \"{key}\": {value}"));
                self.map.insert(key.to_string(), value);
            }
        }
    }

    /// The object under `key` (created empty when absent); an error when it is not one.
    fn object(&mut self, key: &str) -> Result<Map<String, Value>, Error> {
        match self.map.get(key) {
            None => Ok(Map::new()),
            Some(Value::Object(o)) => Ok(o.clone()),
            Some(other) => Err(Error::Key {
                path: self.path.clone(),
                key: key.into(),
                cause: format!("expected an object, found {}", kind(other)),
            }),
        }
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| Error::Key {
                        path: self.path.clone(),
                        key: key.into(),
                        cause: format!("expected an array of strings, found {} in it", kind(v)),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(other) => Err(Error::Key {
                path: self.path.clone(),
                key: key.into(),
                cause: format!("expected an array of strings, found {}", kind(other)),
            }),
        }
    }
}

fn apply_request(
    m: &mut Merge,
    req: &Request,
    flags: &[Flag],
    warnings: &mut Vec<String>,
) -> Result<(), Error> {
    if let Some(tls) = &req.tls {
        m.set("tls", Value::Bool(true));
        m.set("tlsverify", Value::Bool(true));
        m.set("tlscacert", Value::String(tls.ca()));
        m.set("tlscert", Value::String(tls.cert()));
        m.set("tlskey", Value::String(tls.key()));
    }
    if let Some(r) = &req.userns_remap {
        m.set("userns-remap", Value::String(r.clone()));
    }
    if req.no_icc {
        if m.map.get("icc") != Some(&Value::Bool(false)) {
            warnings.push(
                "icc=false: containers on the default bridge network can no longer reach each other; put containers that must talk on a user-defined network (docker network create)".into(),
            );
        }
        m.set("icc", Value::Bool(false));
        // icc=false is enforced with iptables rules: dockerd refuses it with iptables off.
        let flag_off = flags
            .iter()
            .any(|f| f.name == "iptables" && f.value.as_deref() == Some("false"));
        if m.map.get("iptables") == Some(&Value::Bool(false)) || flag_off {
            m.set("iptables", Value::Bool(true));
        }
    }
    if req.no_new_privileges {
        m.set("no-new-privileges", Value::Bool(true));
    }
    if req.live_restore {
        if m.map.get("live-restore") != Some(&Value::Bool(true)) {
            warnings.push(
                "live-restore is incompatible with swarm mode: leave it out on a swarm node".into(),
            );
        }
        m.set("live-restore", Value::Bool(true));
    }
    if req.no_userland_proxy {
        m.set("userland-proxy", Value::Bool(false));
    }
    if let Some(d) = &req.log_driver {
        log_driver(m, d, warnings)?;
    }
    if !req.default_ulimits.is_empty() || req.recommended {
        let mut ul = m.object("default-ulimits")?;
        let before = ul.clone();
        for u in &req.default_ulimits {
            ul.insert(u.name.clone(), u.to_json());
        }
        if req.recommended && !ul.contains_key("nofile") {
            // CIS 2.8: a default the daemon enforces, high enough for common servers.
            ul.insert(
                "nofile".into(),
                serde_json::json!({"Name": "nofile", "Hard": 65536, "Soft": 65536}),
            );
        }
        if ul != before {
            m.set("default-ulimits", Value::Object(ul));
        }
    }
    if req.recommended {
        // Rotation for json-file, the default driver, which otherwise grows without bound.
        let driver = m
            .map
            .get("log-driver")
            .and_then(Value::as_str)
            .unwrap_or("json-file");
        if driver == "json-file" {
            let mut opts = m.object("log-opts")?;
            let before = opts.clone();
            opts.entry("max-size")
                .or_insert_with(|| Value::String("10m".into()));
            opts.entry("max-file")
                .or_insert_with(|| Value::String("3".into()));
            if opts != before {
                m.set("log-opts", Value::Object(opts));
            }
        }
        if m.map.get("log-level").and_then(Value::as_str) == Some("debug") {
            // CIS 2.3: info, not debug.
            m.set("log-level", Value::String("info".into()));
        }
    }
    Ok(())
}

/// Logging drivers built into dockerd (anything else must be an installed plugin).
const LOG_DRIVERS: &[&str] = &[
    "json-file",
    "local",
    "journald",
    "syslog",
    "gelf",
    "fluentd",
    "awslogs",
    "splunk",
    "etwlogs",
    "gcplogs",
    "logentries",
    "none",
];

/// `log-opts` every driver accepts; the rest belong to one driver.
const GENERIC_LOG_OPTS: &[&str] = &[
    "mode",
    "max-buffer-size",
    "labels",
    "labels-regex",
    "env",
    "env-regex",
    "tag",
];

/// Sets the logging driver, dropping `log-opts` the new driver would refuse (dockerd does
/// not start with an option its driver does not know).
fn log_driver(m: &mut Merge, driver: &str, warnings: &mut Vec<String>) -> Result<(), Error> {
    if !LOG_DRIVERS.contains(&driver) && !driver.contains('/') && !driver.contains(':') {
        warnings.push(format!(
            "log-driver {driver:?} is not built into dockerd: it must be an installed logging plugin"
        ));
    }
    if driver == "none" {
        warnings.push(
            "log-driver none: `docker logs` shows nothing and container output is lost".into(),
        );
    }
    let old = m
        .map
        .get("log-driver")
        .and_then(Value::as_str)
        .unwrap_or("json-file")
        .to_string();
    if old != driver && m.map.contains_key("log-opts") {
        let mut opts = m.object("log-opts")?;
        let rotation = ["json-file", "local"].contains(&driver);
        let dropped: Vec<String> = opts
            .keys()
            .filter(|k| {
                let keeps = GENERIC_LOG_OPTS.contains(&k.as_str())
                    || (rotation && ["max-size", "max-file", "compress"].contains(&k.as_str()));
                !keeps
            })
            .cloned()
            .collect();
        if !dropped.is_empty() {
            for k in &dropped {
                opts.remove(k);
            }
            m.changes.push(format!(
                "removed \"log-opts\" {} (options of the {old} driver that {driver} refuses)",
                dropped.join(", ")
            ));
            if opts.is_empty() {
                m.map.remove("log-opts");
            } else {
                m.map.insert("log-opts".into(), Value::Object(opts));
            }
        }
    }
    m.set("log-driver", Value::String(driver.to_string()));
    Ok(())
}

fn is_plaintext_tcp(host: &str) -> Option<u16> {
    let rest = match host.split_once("://") {
        Some(("tcp", r)) => r,
        Some(_) => return None,
        None => host,
    };
    let port = rest
        .rsplit_once(':')
        .and_then(|(_, p)| p.trim_end_matches('/').parse::<u16>().ok())
        .unwrap_or(PLAINTEXT_PORT);
    Some(port)
}

fn merge_hosts(
    m: &mut Merge,
    req: &Request,
    flags: &[Flag],
    warnings: &mut Vec<String>,
) -> Result<(), Error> {
    let json_hosts = m.strings("hosts")?;
    let unit_hosts: Vec<String> = flags
        .iter()
        .filter(|f| f.json_key() == "hosts")
        .filter_map(|f| f.value.clone())
        .collect();
    if json_hosts.is_none() && req.tls.is_none() {
        return Ok(());
    }
    let mut hosts = json_hosts.clone().unwrap_or_default();
    for h in &unit_hosts {
        if !hosts.contains(h) {
            m.changes.push(format!(
                "moved -H {h} from the dockerd command line into \"hosts\""
            ));
            hosts.push(h.clone());
        }
    }
    if let Some(tls) = &req.tls {
        let entry = tls.listen.host_entry();
        hosts.retain(|h| match is_plaintext_tcp(h) {
            Some(port) if *h != entry && (port == PLAINTEXT_PORT || port == tls.listen.port) => {
                m.changes.push(format!(
                    "removed \"{h}\" from \"hosts\" ({})",
                    if port == PLAINTEXT_PORT {
                        "plaintext port 2375"
                    } else {
                        "replaced by the --listen address"
                    }
                ));
                false
            }
            _ => true,
        });
        if hosts.is_empty() {
            // dockerd's default listener, which a `hosts` list would otherwise drop.
            hosts.push("unix:///var/run/docker.sock".into());
        }
        if !hosts.contains(&entry) {
            hosts.push(entry);
        }
    } else {
        for h in &hosts {
            if is_plaintext_tcp(h).is_some() {
                warnings.push(format!(
                    "\"hosts\" has the TCP listener {h} and TLS is not asked for: unless dockerd runs with tlsverify, anyone who reaches it is root on this host (CIS 2.7); use --tls-dir and --listen"
                ));
            }
        }
    }
    let new = Value::Array(hosts.into_iter().map(Value::String).collect());
    if m.map.get("hosts") != Some(&new) {
        match m.map.get("hosts") {
            Some(old) => m
                .changes
                .push(format!("replaced \"hosts\": {old} -> {new}")),
            None => m.changes.push(format!("set \"hosts\": {new}")),
        }
        m.map.insert("hosts".into(), new);
    }
    Ok(())
}

fn subid_changes(fs: &RootFs, remap: &str, plan: &mut Plan) -> Result<(), Error> {
    let (user, group) = match remap {
        "default" => ("dockremap", "dockremap"),
        r => match r.split_once(':') {
            Some((u, g)) => (u, g),
            None => (r, r),
        },
    };
    for (file, name) in [("/etc/subuid", user), ("/etc/subgid", group)] {
        if name.chars().all(|c| c.is_ascii_digit()) {
            plan.warnings.push(format!(
                "userns-remap {remap:?}: {file} is keyed by name; add the range for id {name} by hand"
            ));
            continue;
        }
        let old = fs
            .read_opt(file)?
            .map(|b| utf8(b, &fs.real(file)))
            .transpose()?;
        if let Some(new) = subid::with_entry(old.as_deref().unwrap_or(""), name) {
            plan.changes.push(format!(
                "{file}: added {}",
                new.lines().last().unwrap_or_default()
            ));
            plan.files.push(FileChange {
                path: file.into(),
                old,
                new,
                mode: fs.mode(file).unwrap_or(0o644),
            });
        }
    }
    Ok(())
}

fn dropin(
    fs: &RootFs,
    unit: &Unit,
    exec: &ExecStart,
    clashing: &[&Flag],
    daemon_json: &str,
    plan: &mut Plan,
) -> Result<(), Error> {
    let mut drop_tokens = vec![false; exec.argv.len()];
    for f in clashing {
        for i in f.tokens.clone() {
            drop_tokens[i] = true;
        }
        if f.json_key() != "hosts" {
            plan.changes.push(format!(
                "removed {} from the dockerd command line (daemon.json sets \"{}\")",
                f.display(&exec.argv),
                f.json_key()
            ));
        }
    }
    let removed: Vec<String> = clashing.iter().map(|f| f.display(&exec.argv)).collect();
    let argv: Vec<String> = exec
        .argv
        .iter()
        .enumerate()
        .filter(|(i, _)| !drop_tokens[*i])
        .map(|(_, a)| a.clone())
        .collect();
    let new_exec = ExecStart {
        prefix: exec.prefix.clone(),
        argv,
        source: String::new(),
    };

    // Our drop-in must come after any other drop-in that sets ExecStart, or that one wins.
    let last_setter = unit
        .dropins
        .iter()
        .filter(|d| !DROPIN_NAMES.iter().any(|n| d.ends_with(&format!("/{n}"))))
        .filter(|d| {
            fs.read_to_string(d)
                .map(|t| !crate::systemd::service_values(&t, "ExecStart").is_empty())
                .unwrap_or(false)
        })
        .filter_map(|d| d.rsplit('/').next().map(str::to_string))
        .max();
    let name = DROPIN_NAMES
        .iter()
        .find(|n| last_setter.as_deref().is_none_or(|l| **n > l))
        .ok_or_else(|| Error::Refused {
            path: fs.real(&format!("{DROPIN_DIR}/{}", last_setter.clone().unwrap_or_default())),
            cause: format!(
                "this drop-in sets ExecStart and sorts after {}; rename it or remove its ExecStart lines first",
                DROPIN_NAMES.join(" and ")
            ),
        })?;
    let path = format!("{DROPIN_DIR}/{name}");
    let new = format!(
        "# Written by docker-harden daemon-config.\n\
         # dockerd refuses to start when an option is set both as a flag and in\n\
         # {daemon_json}, so ExecStart is reset and set again without:\n\
         #   {}\n\
         # (listeners given with -H are kept in \"hosts\" there, fd:// included).\n\
         [Service]\n\
         ExecStart=\n\
         ExecStart={}\n",
        removed.join(" "),
        new_exec.to_unit_syntax()
    );
    let old = fs
        .read_opt(&path)?
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    if old.as_deref() != Some(new.as_str()) {
        plan.changes.push(format!(
            "{path}: ExecStart without {} (was set in {})",
            removed.join(" "),
            exec.source
        ));
        plan.files.push(FileChange {
            path,
            old,
            new,
            mode: 0o644,
        });
    }
    Ok(())
}

fn tls_file_warnings(fs: &RootFs, req: &Request, plan: &mut Plan) {
    let Some(tls) = &req.tls else { return };
    let warnings = &mut plan.warnings;
    for f in [tls.ca(), tls.cert(), tls.key()] {
        match fs.mode(&f) {
            None if !fs.is_file(&f) => {
                plan.missing_tls_files.push(fs.real(&f));
                warnings.push(format!(
                "{}: not found; dockerd will not start without it (create the PKI with `docker-harden tls init --out {}`)",
                fs.real(&f).display(),
                tls.dir
            ))
            }
            None => {}
            Some(mode) if f == tls.key() && mode & 0o077 != 0 => warnings.push(format!(
                "{}: mode {mode:04o}: the server key must be readable by root only (chmod 600)",
                fs.real(&f).display()
            )),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Listen, Tls};

    fn root(files: &[(&str, &str)]) -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        for (p, text) in files {
            let real = t.path().join(p.trim_start_matches('/'));
            std::fs::create_dir_all(real.parent().unwrap()).unwrap();
            std::fs::write(real, text).unwrap();
        }
        t
    }

    fn new_json(p: &Plan) -> Value {
        serde_json::from_str(&p.daemon_json_change().unwrap().new).unwrap()
    }

    #[test]
    fn log_driver_change_drops_foreign_options() {
        let t = root(&[(
            DEFAULT_CONFIG,
            r#"{"log-opts": {"max-size": "5m", "tag": "x", "syslog-address": "udp://1.2.3.4:514"}}"#,
        )]);
        let req = Request {
            log_driver: Some("journald".into()),
            ..Request::default()
        };
        let p = plan(&RootFs::new(t.path()), &req).unwrap();
        assert_eq!(new_json(&p)["log-opts"], serde_json::json!({"tag": "x"}));
        assert!(p.changes.contains(&"removed \"log-opts\" max-size, syslog-address (options of the json-file driver that journald refuses)".to_string()), "{:?}", p.changes);
    }

    #[test]
    fn nothing_to_do_when_already_hardened() {
        let t = root(&[(DEFAULT_CONFIG, "{\"icc\": false, \"live-restore\": true}")]);
        let req = Request {
            no_icc: true,
            live_restore: true,
            ..Request::default()
        };
        let p = plan(&RootFs::new(t.path()), &req).unwrap();
        assert!(p.files.is_empty());
        assert!(p.changes.is_empty());
        assert!(
            !p.warnings
                .iter()
                .any(|w| w.contains("icc") || w.contains("swarm")),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn icc_false_turns_iptables_back_on() {
        let t = root(&[(DEFAULT_CONFIG, r#"{"iptables": false}"#)]);
        let req = Request {
            no_icc: true,
            ..Request::default()
        };
        let p = plan(&RootFs::new(t.path()), &req).unwrap();
        assert_eq!(new_json(&p)["iptables"], true);
        assert!(p
            .changes
            .contains(&"replaced \"iptables\": false -> true".to_string()));
    }

    #[test]
    fn tls_without_unit_keeps_the_default_socket() {
        let t = root(&[]);
        let req = Request {
            tls: Some(Tls {
                dir: "/etc/docker/tls".into(),
                listen: Listen::parse("127.0.0.1").unwrap(),
            }),
            ..Request::default()
        };
        let p = plan(&RootFs::new(t.path()), &req).unwrap();
        assert_eq!(
            new_json(&p)["hosts"],
            serde_json::json!(["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"])
        );
        assert_eq!(p.missing_tls_files.len(), 3);
        assert!(!p.files.iter().any(|f| f.path.contains("systemd")));
    }

    #[test]
    fn existing_ulimits_and_rotation_are_kept_by_all_recommended() {
        let t = root(&[(
            DEFAULT_CONFIG,
            r#"{"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 1024, "Soft": 1024}}, "log-opts": {"max-size": "50m"}}"#,
        )]);
        let p = plan(
            &RootFs::new(t.path()),
            &Request::default().all_recommended(),
        )
        .unwrap();
        let v = new_json(&p);
        assert_eq!(v["default-ulimits"]["nofile"]["Hard"], 1024);
        assert_eq!(
            v["log-opts"],
            serde_json::json!({"max-size": "50m", "max-file": "3"})
        );
    }

    #[test]
    fn an_explicit_ulimit_replaces() {
        let t = root(&[(
            DEFAULT_CONFIG,
            r#"{"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 1024, "Soft": 1024}}}"#,
        )]);
        let req = Request {
            default_ulimits: vec![crate::Ulimit::parse("nofile=4096").unwrap()],
            ..Request::default()
        };
        let p = plan(&RootFs::new(t.path()), &req).unwrap();
        assert_eq!(new_json(&p)["default-ulimits"]["nofile"]["Soft"], 4096);
    }

    #[test]
    fn invalid_utf8_is_an_error_with_position() {
        let t = root(&[]);
        let p = t.path().join("etc/docker/daemon.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"{\n  \"log-driver\": \"j\xffson\"}").unwrap();
        let e = plan(
            &RootFs::new(t.path()),
            &Request::default().all_recommended(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}:2:19: not valid UTF-8", p.display())
        );
    }

    #[test]
    fn environment_in_exec_start_is_warned() {
        let t = root(&[("/lib/systemd/system/docker.service", "[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd $DOCKER_OPTS\n")]);
        let p = plan(
            &RootFs::new(t.path()),
            &Request {
                live_restore: true,
                ..Request::default()
            },
        )
        .unwrap();
        assert!(
            p.warnings
                .iter()
                .any(|w| w.contains("ExecStart uses environment variables ($DOCKER_OPTS)")),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn indentation_detected() {
        assert_eq!(detect_indent("{\n\t\"a\": 1\n}"), "\t");
        assert_eq!(detect_indent("{\"a\": 1}"), "  ");
    }
}
