//! Collectors: all of docker-harden's I/O with the Docker daemon. They return data plus
//! collection errors; they decide nothing.

pub mod client;
pub mod endpoint;
pub mod export;
pub mod procs;
pub mod ssh;

pub use client::DockerClient;
pub use endpoint::{Endpoint, EnvView, TlsFiles};

use dh_model::{CollectionError, Container, DaemonData, Image, Info, Network, Snapshot, Version};
use futures_util::future::join_all;
use std::collections::BTreeSet;

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The daemon cannot be reached at all.
    #[error("cannot connect to the Docker daemon at {host}: {cause}")]
    Unreachable { host: String, cause: String },
    /// The daemon answered with an error.
    #[error("GET {path}: {message} (HTTP {status})")]
    Api {
        path: String,
        status: u16,
        message: String,
    },
    /// Bad flags, context or TLS files.
    #[error("{0}")]
    Config(String),
}

/// Connects, negotiates the API version and returns a ready client.
pub async fn connect(endpoint: Endpoint, concurrency: usize) -> Result<DockerClient, CollectError> {
    let client = DockerClient::new(endpoint, concurrency)?;
    client.negotiate().await?;
    Ok(client)
}

/// One bulk listing plus concurrent inspects of every container (all states), the images
/// they use, and every network; `top` for running containers. Secret values are redacted
/// here, before anything is stored.
pub async fn collect_snapshot(client: &DockerClient) -> Snapshot {
    let ep = client.endpoint();
    let transport = match (ep.host.split("://").next().unwrap_or(""), &ep.tls) {
        ("tcp", None) => "tcp",
        ("tcp", Some(t)) if t.cert.as_ref().is_some_and(|c| c.exists()) => "tls",
        ("tcp", Some(_)) => "tls-no-client-cert",
        (scheme, _) => scheme,
    };
    let mut snap = Snapshot {
        docker_host: Some(ep.host.clone()),
        api_transport: Some(transport.to_string()),
        ..Snapshot::default()
    };
    let mut errors = Vec::new();

    // `/version` and `/info` are slow on some engines (they ask containerd and runc); they run
    // alongside the whole container/network/image pipeline instead of before it.
    let daemon = async {
        tokio::join!(
            client.get_json::<Version>("/version"),
            client.get_json::<Info>("/info"),
        )
    };
    // A local daemon's containers' processes are read from /proc once (see `procs`).
    let table = if ep.host.starts_with("unix://") {
        procs::ProcessTable::read(std::path::Path::new("/proc"))
    } else {
        None
    };
    let ((version, info), objects) = tokio::join!(daemon, collect_objects(client, table.as_ref()));
    match (version, info) {
        (Ok(version), Ok(info)) => snap.daemon = Some(DaemonData { version, info }),
        (v, i) => {
            if let Err(e) = v {
                errors.push(err("GET /version", e));
            }
            if let Err(e) = i {
                errors.push(err("GET /info", e));
            }
        }
    }
    let (containers, networks, images, object_errors) = objects;
    snap.containers = containers;
    snap.networks = networks;
    snap.images = images;
    errors.extend(object_errors);

    snap.containers
        .sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    snap.images.sort_by(|a, b| a.id.cmp(&b.id));
    snap.networks
        .sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    snap.errors = errors;
    snap
}

/// Containers (all states), networks and the images containers use: one listing each,
/// then concurrent inspects.
async fn collect_objects(
    client: &DockerClient,
    table: Option<&procs::ProcessTable>,
) -> (
    Vec<Container>,
    Vec<Network>,
    Vec<Image>,
    Vec<CollectionError>,
) {
    let mut errors = Vec::new();
    let (list, nets) = tokio::join!(
        client.get_json::<Vec<serde_json::Value>>("/containers/json?all=1"),
        client.get_json::<Vec<serde_json::Value>>("/networks"),
    );
    let ids: Vec<String> = match list {
        Ok(l) => l
            .iter()
            .filter_map(|c| c["Id"].as_str().map(str::to_string))
            .collect(),
        Err(e) => {
            errors.push(err("GET /containers/json", e));
            vec![]
        }
    };
    let net_ids: Vec<String> = match nets {
        Ok(l) => l
            .iter()
            .filter_map(|n| n["Id"].as_str().map(str::to_string))
            .collect(),
        Err(e) => {
            errors.push(err("GET /networks", e));
            vec![]
        }
    };

    // Containers and networks are inspected together; images need the containers first.
    let (inspected, inspected_nets) = tokio::join!(
        join_all(ids.iter().map(|id| inspect_container(client, id, table))),
        join_all(net_ids.iter().map(|id| async move {
            let path = format!("/networks/{id}");
            client
                .get_json::<Network>(&path)
                .await
                .map_err(|e| (path, e))
        }))
    );
    let mut containers = Vec::new();
    for c in inspected {
        match c {
            Ok(Some(c)) => containers.push(c),
            Ok(None) => {} // removed between listing and inspect
            Err((path, e)) => errors.push(err(&format!("GET {path}"), e)),
        }
    }
    let mut networks = Vec::new();
    for n in inspected_nets {
        match n {
            Ok(n) => networks.push(n),
            Err((path, e)) => errors.push(err(&format!("GET {path}"), e)),
        }
    }

    let image_ids: BTreeSet<String> = containers
        .iter()
        .map(|c| c.image.clone())
        .filter(|i| !i.is_empty())
        .collect();
    let fetched = join_all(image_ids.iter().map(|id| async move {
        let path = format!("/images/{id}/json");
        client.get_json::<Image>(&path).await.map_err(|e| (path, e))
    }))
    .await;
    let mut images = Vec::new();
    for i in fetched {
        match i {
            Ok(mut i) => {
                i.redact();
                images.push(i);
            }
            Err((path, e)) => errors.push(err(&format!("GET {path}"), e)),
        }
    }
    (containers, networks, images, errors)
}

fn err(source: &str, e: CollectError) -> CollectionError {
    CollectionError {
        source: source.to_string(),
        message: e.to_string(),
    }
}

async fn inspect_container(
    client: &DockerClient,
    id: &str,
    table: Option<&procs::ProcessTable>,
) -> Result<Option<Container>, (String, CollectError)> {
    let path = format!("/containers/{id}/json");
    let mut c: Container = match client.get_json(&path).await {
        Ok(c) => c,
        Err(CollectError::Api { status: 404, .. }) => return Ok(None),
        Err(e) => return Err((path, e)),
    };
    c.redact();
    let local = table.and_then(|t| {
        let pid = u32::try_from(c.state.pid).ok()?;
        t.container_processes(pid, &c.id)
    });
    if let Some(names) = local.filter(|_| c.state.running) {
        c.processes = Some(names);
    } else if c.state.running && !c.state.paused {
        // Only process names (`comm`) are kept: arguments can hold secrets. Falls back to
        // the default `ps -ef` columns when the host's ps rejects the arguments.
        let named = format!("/containers/{id}/top?ps_args=-eo%20pid,comm");
        let plain = format!("/containers/{id}/top");
        let top = match client.get_json::<serde_json::Value>(&named).await {
            Ok(v) => Ok(v),
            Err(_) => client.get_json::<serde_json::Value>(&plain).await,
        };
        if let Ok(v) = top {
            c.processes = Some(process_executables(&v));
        }
    }
    Ok(Some(c))
}

/// The executable (first word of the command column) of each process in a `top` answer.
pub fn process_executables(top: &serde_json::Value) -> Vec<String> {
    let titles: Vec<&str> = top["Titles"]
        .as_array()
        .map(|t| t.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    let col = titles
        .iter()
        .rposition(|t| *t == "CMD" || *t == "COMMAND")
        .unwrap_or(titles.len().saturating_sub(1));
    let mut out: Vec<String> = top["Processes"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get(col).and_then(|x| x.as_str()))
                .filter_map(|cmd| cmd.split_whitespace().next().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn top_executables() {
        let v = serde_json::json!({
            "Titles": ["UID","PID","PPID","C","STIME","TTY","TIME","CMD"],
            "Processes": [["root","1","0","0","10:00","?","00:00:00","/usr/sbin/sshd -D -p secret"],
                          ["root","2","1","0","10:00","?","00:00:00","sh -c mysql -psecret"]]
        });
        assert_eq!(super::process_executables(&v), vec!["/usr/sbin/sshd", "sh"]);
    }
}
