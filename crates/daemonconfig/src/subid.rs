//! `/etc/subuid` and `/etc/subgid` (subid(5)): `name:start:count` lines. User-namespace
//! remapping needs a subordinate range for the remap user; the new range must not overlap
//! any other user's, or two users would share the same host ids.

/// Width of the range dockerd expects for a remapped root (ids 0–65535 in the container).
pub const RANGE: u64 = 65536;

/// First id handed out; ids below are left to ordinary users and groups (as useradd does).
pub const FIRST: u64 = 100_000;

/// One valid entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub start: u64,
    pub count: u64,
}

pub fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .filter_map(|l| {
            let mut it = l.trim().splitn(3, ':');
            let name = it.next()?.to_string();
            let start = it.next()?.trim().parse().ok()?;
            let count = it.next()?.trim().parse().ok()?;
            (!name.is_empty() && !name.starts_with('#')).then_some(Entry { name, start, count })
        })
        .collect()
}

/// The file with a `RANGE`-wide entry for `name` added, or `None` when `name` already has a
/// range at least that wide.
pub fn with_entry(text: &str, name: &str) -> Option<String> {
    let entries = parse(text);
    if entries.iter().any(|e| e.name == name && e.count >= RANGE) {
        return None;
    }
    let start = free_start(&entries);
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{name}:{start}:{RANGE}\n"));
    Some(out)
}

/// The lowest start at or above `FIRST` whose range overlaps no entry.
fn free_start(entries: &[Entry]) -> u64 {
    let mut ranges: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| (e.start, e.start.saturating_add(e.count)))
        .collect();
    ranges.sort();
    let mut start = FIRST;
    for (s, e) in ranges {
        if s >= start.saturating_add(RANGE) {
            break;
        }
        if e > start {
            start = e;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_range_on_empty_file() {
        assert_eq!(
            with_entry("", "dockremap").unwrap(),
            "dockremap:100000:65536\n"
        );
    }

    #[test]
    fn after_existing_ranges_and_in_gaps() {
        let t = "alice:100000:65536\nbob:165536:65536";
        assert_eq!(
            with_entry(t, "dockremap").unwrap(),
            "alice:100000:65536\nbob:165536:65536\ndockremap:231072:65536\n"
        );
        // A gap wide enough is used; one too narrow is not.
        let t = "a:100000:65536\nb:300000:65536\n";
        assert!(with_entry(t, "d").unwrap().ends_with("d:165536:65536\n"));
        let t = "a:100000:65536\nb:200000:65536\n";
        assert!(with_entry(t, "d").unwrap().ends_with("d:265536:65536\n"));
    }

    #[test]
    fn existing_entry_kept() {
        assert_eq!(with_entry("dockremap:500000:65536\n", "dockremap"), None);
        // Too narrow a range for the user: a full one is added.
        assert!(with_entry("dockremap:500000:10\n", "dockremap").is_some());
    }

    #[test]
    fn garbage_lines_ignored() {
        let e = parse("# comment\nbad\nx:1:2\ny:a:b\n");
        assert_eq!(
            e,
            vec![Entry {
                name: "x".into(),
                start: 1,
                count: 2
            }]
        );
    }
}
