//! The local process table, read once from `/proc`, for the process names of running
//! containers (the sshd check). Asking the daemon instead (`GET /containers/{id}/top`) makes
//! it run `ps` over every process on the host once per container, which grows with the
//! square of the number of containers; this is one pass over `/proc`.
//!
//! Used only when the daemon is local (a unix socket) and a container's main process is
//! visible here with the container's id in its cgroup (same PID namespace); otherwise the
//! collector falls back to `top`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct ProcessTable {
    root: PathBuf,
    comm: HashMap<u32, String>,
    children: HashMap<u32, Vec<u32>>,
}

impl ProcessTable {
    /// Reads `<proc>/<pid>/stat` of every process; `None` when `proc` cannot be listed.
    pub fn read(proc: &Path) -> Option<ProcessTable> {
        let mut comm = HashMap::new();
        let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
        for entry in std::fs::read_dir(proc).ok()?.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue; // the process ended
            };
            if let Some((name, ppid)) = parse_stat(&stat) {
                comm.insert(pid, name);
                children.entry(ppid).or_default().push(pid);
            }
        }
        Some(ProcessTable {
            root: proc.to_path_buf(),
            comm,
            children,
        })
    }

    /// The names of `pid` and all its descendants, when `pid` is container `id`'s main
    /// process as seen from here (its cgroup names the container); sorted, deduplicated.
    pub fn container_processes(&self, pid: u32, id: &str) -> Option<Vec<String>> {
        if pid == 0 || id.len() < 12 {
            return None;
        }
        let cgroup =
            std::fs::read_to_string(self.root.join(pid.to_string()).join("cgroup")).ok()?;
        if !cgroup.contains(id) {
            return None;
        }
        let mut names = Vec::new();
        let mut stack = vec![pid];
        let mut seen = 0usize;
        while let Some(p) = stack.pop() {
            seen += 1;
            if seen > 100_000 {
                break; // a cycle cannot happen in /proc, but never loop forever on odd input
            }
            if let Some(n) = self.comm.get(&p) {
                names.push(n.clone());
            }
            if let Some(kids) = self.children.get(&p) {
                stack.extend(kids.iter().copied().filter(|k| *k != p));
            }
        }
        names.sort();
        names.dedup();
        Some(names)
    }
}

/// `1234 (comm with) spaces) S 1 …` → (`comm with) spaces`, 1).
fn parse_stat(stat: &str) -> Option<(String, u32)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_string();
    let mut rest = stat.get(close + 1..)?.split_whitespace();
    let _state = rest.next()?;
    let ppid = rest.next()?.parse().ok()?;
    Some((name, ppid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc_entry(dir: &Path, pid: u32, comm: &str, ppid: u32, cgroup: &str) {
        let d = dir.join(pid.to_string());
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("stat"), format!("{pid} ({comm}) S {ppid} 1 1 0 -1")).unwrap();
        std::fs::write(d.join("cgroup"), cgroup).unwrap();
    }

    #[test]
    fn descendants_of_a_container_process() {
        let dir = tempfile::tempdir().unwrap();
        let id = "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";
        let cg = format!("0::/system.slice/docker-{id}.scope\n");
        proc_entry(dir.path(), 1, "systemd", 0, "0::/init.scope\n");
        proc_entry(dir.path(), 100, "sleep", 1, &cg);
        proc_entry(dir.path(), 101, "sshd", 100, &cg);
        proc_entry(dir.path(), 102, "we) ird", 101, &cg);
        proc_entry(dir.path(), 200, "other", 1, "0::/docker/ffff\n");
        std::fs::create_dir_all(dir.path().join("self")).unwrap();
        let t = ProcessTable::read(dir.path()).unwrap();
        assert_eq!(
            t.container_processes(100, id).unwrap(),
            vec!["sleep", "sshd", "we) ird"]
        );
        // Not the container's process (another PID namespace, or a reused pid): no answer.
        assert_eq!(t.container_processes(200, id), None);
        assert_eq!(t.container_processes(999, id), None);
        assert_eq!(t.container_processes(0, id), None);
    }

    #[test]
    fn stat_lines() {
        assert_eq!(parse_stat("7 (a (b)) R 3 0"), Some(("a (b)".into(), 3)));
        assert_eq!(parse_stat("garbage"), None);
        assert_eq!(parse_stat("7 (x) R notanumber"), None);
    }
}
