//! `/etc/passwd`, `/etc/group`, `/etc/subuid`, `/etc/subgid`.

use dh_model::{IdRange, SourceRef};
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Accounts {
    pub users: BTreeMap<u32, String>,
    pub groups: BTreeMap<u32, String>,
    /// user name → primary gid
    pub primary_gid: BTreeMap<String, u32>,
    /// group name → (gid, secondary members)
    pub members: BTreeMap<String, (u32, Vec<String>)>,
}

pub fn parse_passwd(text: &str, acc: &mut Accounts) {
    for line in text.lines() {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 4 || line.starts_with('#') {
            continue;
        }
        if let (Ok(uid), Ok(gid)) = (f[2].parse::<u32>(), f[3].parse::<u32>()) {
            acc.users.entry(uid).or_insert_with(|| f[0].to_string());
            acc.primary_gid.insert(f[0].to_string(), gid);
        }
    }
}

pub fn parse_group(text: &str, acc: &mut Accounts) {
    for line in text.lines() {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 3 || line.starts_with('#') {
            continue;
        }
        if let Ok(gid) = f[2].parse::<u32>() {
            acc.groups.entry(gid).or_insert_with(|| f[0].to_string());
            let members = f
                .get(3)
                .map(|m| {
                    m.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            acc.members.insert(f[0].to_string(), (gid, members));
        }
    }
}

/// Every member of `group`: secondary members, then users whose primary group it is.
pub fn group_members(acc: &Accounts, group: &str) -> Option<Vec<String>> {
    let (gid, secondary) = acc.members.get(group)?;
    let mut all = secondary.clone();
    for (user, g) in &acc.primary_gid {
        if g == gid && !all.contains(user) {
            all.push(user.clone());
        }
    }
    Some(all)
}

/// `user:start:count` lines; malformed lines are skipped.
pub fn parse_subid(text: &str, path: &str) -> Vec<IdRange> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = t.split(':').collect();
        if f.len() != 3 {
            continue;
        }
        if let (Ok(start), Ok(count)) = (f[1].parse::<u64>(), f[2].parse::<u64>()) {
            out.push(IdRange {
                user: f[0].to_string(),
                start,
                count,
                source: SourceRef {
                    path: path.into(),
                    line: i as u32 + 1,
                    kind: "subordinate id file".into(),
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_members() {
        let mut a = Accounts::default();
        parse_passwd(
            "root:x:0:0::/root:/bin/sh\nci:x:1001:105::/home/ci:/bin/sh\n",
            &mut a,
        );
        parse_group("root:x:0:\ndocker:x:105:alice,bob\n", &mut a);
        assert_eq!(
            group_members(&a, "docker").unwrap(),
            vec!["alice", "bob", "ci"]
        );
        assert!(group_members(&a, "nope").is_none());
    }

    #[test]
    fn subids() {
        let r = parse_subid("dockremap:100000:65536\nbad\n", "/etc/subuid");
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].start, r[0].count, r[0].source.line),
            (100000, 65536, 1)
        );
    }
}
