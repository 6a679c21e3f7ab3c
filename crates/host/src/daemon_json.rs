//! daemon.json: parsed with serde_json, plus the line of each top-level key (serde_json keeps
//! no positions, so a small scanner finds them).

use serde_json::{Map, Value};

/// Top-level keys with their values and 1-based line numbers, in file order.
pub fn parse(text: &str) -> Result<Vec<(String, Value, u32)>, String> {
    let map: Map<String, Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => m,
        Ok(other) => {
            return Err(format!(
                "line 1: expected a JSON object, found {}",
                match other {
                    Value::Array(_) => "an array",
                    Value::String(_) => "a string",
                    Value::Number(_) => "a number",
                    Value::Bool(_) => "a boolean",
                    _ => "null",
                }
            ))
        }
        Err(e) => {
            return Err(format!(
                "line {} column {}: {}",
                e.line(),
                e.column(),
                strip_pos(&e.to_string())
            ))
        }
    };
    let lines = key_lines(text);
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let line = lines
                .iter()
                .rev()
                .find(|(n, _)| *n == k)
                .map(|(_, l)| *l)
                .unwrap_or(0);
            (k, v, line)
        })
        .collect())
}

fn strip_pos(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// `(key, line)` of every key at depth 1.
fn key_lines(text: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut line = 1u32;
    let mut chars = text.chars().peekable();
    // Whether the next string at depth 1 is a key (after `{` or `,`).
    let mut expect_key = false;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '{' | '[' => {
                depth += 1;
                expect_key = c == '{' && depth == 1;
            }
            '}' | ']' => depth -= 1,
            ',' if depth == 1 => expect_key = true,
            ':' if depth == 1 => expect_key = false,
            '"' => {
                let start_line = line;
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(n) = chars.next() {
                                s.push(n);
                            }
                        }
                        '"' => break,
                        '\n' => {
                            line += 1;
                            s.push(c)
                        }
                        _ => s.push(c),
                    }
                }
                if depth == 1 && expect_key {
                    out.push((s, start_line));
                    expect_key = false;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_of_keys() {
        let t = "{\n  \"icc\": false,\n  \"hosts\": [\"unix:///var/run/docker.sock\",\n    \"tcp://0.0.0.0:2376\"],\n  \"log-opts\": {\"max-size\": \"10m\"},\n  \"live-restore\": true\n}\n";
        let got: Vec<(String, u32)> = super::parse(t)
            .unwrap()
            .into_iter()
            .map(|(k, _, l)| (k, l))
            .collect();
        assert_eq!(
            got,
            vec![
                ("icc".into(), 2),
                ("hosts".into(), 3),
                ("log-opts".into(), 5),
                ("live-restore".into(), 6)
            ]
        );
    }

    #[test]
    fn errors_name_position() {
        let e = super::parse("{\n  \"icc\": false,\n}\n").unwrap_err();
        assert!(e.starts_with("line 3 column 1: trailing comma"), "{e}");
        assert_eq!(
            super::parse("[1]").unwrap_err(),
            "line 1: expected a JSON object, found an array"
        );
    }
}
