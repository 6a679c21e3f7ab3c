//! `${VAR}` interpolation as the Compose Specification defines it, and `.env` files.
//!
//! Variables come from the process environment, then from the `.env` file beside the compose
//! file (the environment wins, as with `docker compose`). A variable that is required
//! (`${VAR:?msg}`) but unset reads as empty: lint must work without the deployment's secrets.

use std::collections::HashMap;

/// Where `${VAR}` values come from.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// The process environment over the given `.env` entries.
    pub fn from_process_and_dotenv(dotenv: HashMap<String, String>) -> Self {
        let mut vars = dotenv;
        vars.extend(std::env::vars());
        Env { vars }
    }

    /// Exactly these variables (for tests).
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        Env { vars }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }
}

/// Why a string could not be interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpolationError(pub String);

/// Interpolates one string value.
pub fn interpolate(s: &str, env: &Env) -> Result<String, InterpolationError> {
    if !s.contains('$') {
        return Ok(s.to_string());
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    expand(&chars, &mut i, env, 0, false)
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// Expands from `*i` until the end, or (when `in_braces`) until the `}` closing the current
/// `${…}` default, which is consumed.
fn expand(
    c: &[char],
    i: &mut usize,
    env: &Env,
    depth: usize,
    in_braces: bool,
) -> Result<String, InterpolationError> {
    if depth > 16 {
        return Err(InterpolationError(
            "invalid interpolation format: nested more than 16 levels".into(),
        ));
    }
    let mut out = String::new();
    while *i < c.len() {
        let ch = c[*i];
        if in_braces && ch == '}' {
            *i += 1;
            return Ok(out);
        }
        if ch != '$' {
            out.push(ch);
            *i += 1;
            continue;
        }
        // `$` …
        match c.get(*i + 1) {
            Some('$') => {
                out.push('$');
                *i += 2;
            }
            Some('{') => {
                *i += 2;
                out.push_str(&braced(c, i, env, depth)?);
            }
            Some(&n) if is_name_start(n) => {
                let start = *i + 1;
                let mut j = start;
                while j < c.len() && is_name_char(c[j]) {
                    j += 1;
                }
                let name: String = c[start..j].iter().collect();
                out.push_str(env.get(&name).unwrap_or(""));
                *i = j;
            }
            _ => {
                out.push('$');
                *i += 1;
            }
        }
    }
    if in_braces {
        return Err(InterpolationError(
            "invalid interpolation format: \"${\" without a closing \"}\"".into(),
        ));
    }
    Ok(out)
}

/// After `${`: `NAME`, then `}` or an operator and its word.
fn braced(
    c: &[char],
    i: &mut usize,
    env: &Env,
    depth: usize,
) -> Result<String, InterpolationError> {
    let start = *i;
    while *i < c.len() && is_name_char(c[*i]) {
        *i += 1;
    }
    let name: String = c[start..*i].iter().collect();
    if name.is_empty() || !is_name_start(name.chars().next().unwrap_or('0')) {
        let rest: String = c[start..].iter().take(30).collect();
        return Err(InterpolationError(format!(
            "invalid interpolation format: \"${{{rest}\": expected a variable name after \"${{\""
        )));
    }
    let value = env.get(&name);
    let op: String = match (c.get(*i), c.get(*i + 1)) {
        (Some('}'), _) => {
            *i += 1;
            return Ok(value.unwrap_or("").to_string());
        }
        (Some(':'), Some(o @ ('-' | '?' | '+'))) => {
            *i += 2;
            format!(":{o}")
        }
        (Some(o @ ('-' | '?' | '+')), _) => {
            *i += 1;
            o.to_string()
        }
        (None, _) => {
            return Err(InterpolationError(format!(
                "invalid interpolation format: \"${{{name}\" without a closing \"}}\""
            )))
        }
        (Some(other), _) => {
            return Err(InterpolationError(format!(
                "invalid interpolation format: unexpected {other:?} after \"${{{name}\""
            )))
        }
    };
    let word = expand(c, i, env, depth + 1, true)?;
    let set = value.is_some();
    let nonempty = value.is_some_and(|v| !v.is_empty());
    Ok(match op.as_str() {
        ":-" if nonempty => value.unwrap_or("").to_string(),
        ":-" => word,
        "-" if set => value.unwrap_or("").to_string(),
        "-" => word,
        ":+" if nonempty => word,
        "+" if set => word,
        ":+" | "+" => String::new(),
        // `:?` and `?`: unset reads as empty (see the module doc).
        _ => value.unwrap_or("").to_string(),
    })
}

/// Parses a `.env` file: `KEY=VALUE` lines, `export KEY=VALUE`, `#` comments, single or double
/// quotes (double quotes honour `\n`, `\"`, `\\`), inline ` #` comments after unquoted values.
pub fn parse_dotenv(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| is_name_char(c) || c == '.' || c == '-') {
            continue;
        }
        let v = v.trim();
        let value = if let Some(rest) = v.strip_prefix('"') {
            let mut s = String::new();
            let mut it = rest.chars();
            while let Some(ch) = it.next() {
                match ch {
                    '"' => break,
                    '\\' => match it.next() {
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some(o) => s.push(o),
                        None => {}
                    },
                    o => s.push(o),
                }
            }
            s
        } else if let Some(rest) = v.strip_prefix('\'') {
            rest.split('\'').next().unwrap_or("").to_string()
        } else {
            match v.find(" #") {
                Some(i) => v[..i].trim_end().to_string(),
                None => v.to_string(),
            }
        };
        out.insert(k.to_string(), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        Env::from_map(HashMap::from([
            ("TAG".to_string(), "1.2".to_string()),
            ("EMPTY".to_string(), String::new()),
        ]))
    }

    #[test]
    fn forms() {
        let e = env();
        let t = |s: &str| interpolate(s, &e).unwrap();
        assert_eq!(t("nginx:${TAG}"), "nginx:1.2");
        assert_eq!(t("nginx:$TAG-x"), "nginx:1.2-x");
        assert_eq!(t("${NOPE:-dflt}"), "dflt");
        assert_eq!(t("${EMPTY:-dflt}"), "dflt");
        assert_eq!(t("${EMPTY-dflt}"), "");
        assert_eq!(t("${NOPE-dflt}"), "dflt");
        assert_eq!(t("${TAG:+set}"), "set");
        assert_eq!(t("${NOPE:+set}"), "");
        assert_eq!(t("${NOPE:?must be set}"), "");
        assert_eq!(t("${TAG:?must be set}"), "1.2");
        assert_eq!(t("$$HOME and $${TAG}"), "$HOME and ${TAG}");
        assert_eq!(t("${NOPE:-${TAG}}"), "1.2");
        assert_eq!(t("${NOPE:-a-${NOPE2:-b}-c}"), "a-b-c");
        assert_eq!(t("cost $ 5"), "cost $ 5");
        assert_eq!(t("$NOPE"), "");
    }

    #[test]
    fn errors() {
        let e = env();
        assert!(interpolate("${TAG", &e).unwrap_err().0.contains("closing"));
        assert!(interpolate("${NOPE:-abc", &e)
            .unwrap_err()
            .0
            .contains("closing"));
        assert!(interpolate("${}", &e)
            .unwrap_err()
            .0
            .contains("variable name"));
        assert!(interpolate("${TAG!x}", &e)
            .unwrap_err()
            .0
            .contains("unexpected"));
        let deep = "${A:-".repeat(100);
        assert!(interpolate(&deep, &e).is_err());
    }

    #[test]
    fn dotenv() {
        let m = parse_dotenv(
            "# c\nA=1\nexport B = two \nC=\"q\\\"x\"\nD='lit $X'\nE=v # comment\nbad line\n",
        );
        assert_eq!(m["A"], "1");
        assert_eq!(m["B"], "two");
        assert_eq!(m["C"], "q\"x");
        assert_eq!(m["D"], "lit $X");
        assert_eq!(m["E"], "v");
        assert_eq!(m.len(), 5);
    }
}
