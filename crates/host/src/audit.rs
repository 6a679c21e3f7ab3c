//! Linux audit rules: which paths are watched (`-w PATH`, `-F path=`, `-F dir=`, `-F exe=`).

use dh_model::{AuditWatch, SourceRef};

pub fn parse_rules(text: &str, path: &str, kind: &str) -> Vec<AuditWatch> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let src = || SourceRef {
            path: path.to_string(),
            line: if kind == "auditctl -l" {
                0
            } else {
                i as u32 + 1
            },
            kind: kind.to_string(),
        };
        let mut j = 0;
        while j < words.len() {
            let w = words[j];
            if w == "-w" {
                if let Some(p) = words.get(j + 1) {
                    out.push(AuditWatch {
                        path: p.to_string(),
                        source: src(),
                    });
                }
                j += 2;
                continue;
            }
            if w == "-F" {
                if let Some(f) = words.get(j + 1) {
                    for k in ["path=", "dir=", "exe="] {
                        if let Some(p) = f.strip_prefix(k) {
                            out.push(AuditWatch {
                                path: p.to_string(),
                                source: src(),
                            });
                        }
                    }
                }
                j += 2;
                continue;
            }
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn watches() {
        let w = super::parse_rules(
            "# x\n-w /usr/bin/dockerd -k docker\n-a always,exit -F path=/usr/bin/runc -F perm=x -k docker\n",
            "/etc/audit/rules.d/docker.rules",
            "audit rule file",
        );
        let p: Vec<(&str, u32)> = w.iter().map(|w| (w.path.as_str(), w.source.line)).collect();
        assert_eq!(p, vec![("/usr/bin/dockerd", 2), ("/usr/bin/runc", 3)]);
    }
}
