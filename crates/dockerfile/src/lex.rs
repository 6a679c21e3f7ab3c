//! BuildKit's word lexer (`frontend/dockerfile/shell/lex.go`), re-implemented: quote
//! removal, escapes and variable expansion (`$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`,
//! `${VAR:+x}`, `${VAR+x}`, `${VAR:?msg}`, `${VAR#p}`, `${VAR%p}`, `${VAR/p/r}`), and word
//! splitting. The parser uses it to find heredoc markers exactly as BuildKit does; the
//! analysis uses it to resolve `FROM $BASE`, `USER $UID`, `EXPOSE $PORT`.

use std::collections::HashMap;

/// Why a word could not be processed (BuildKit refuses the same inputs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError(pub String);

impl std::fmt::Display for LexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Variables visible to an expansion.
pub trait Env {
    fn get(&self, name: &str) -> Option<String>;
}

/// No variables at all.
pub struct NoEnv;
impl Env for NoEnv {
    fn get(&self, _: &str) -> Option<String> {
        None
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }
}

/// Options of BuildKit's `shell.Lex`.
#[derive(Debug, Clone, Copy)]
pub struct Lex {
    pub escape: char,
    /// Keep quote characters in the result.
    pub raw_quotes: bool,
    /// Keep escape characters in the result.
    pub raw_escapes: bool,
    /// Leave references to unset variables as written.
    pub skip_unset: bool,
    /// `<<` followed by blanks stays one word (BuildKit after v0.12).
    pub heredoc_markers: bool,
}

impl Lex {
    pub fn new(escape: char) -> Self {
        Lex {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset: false,
            heredoc_markers: true,
        }
    }

    /// `ProcessWord`: the word with quotes removed and variables expanded.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, LexError> {
        Ok(self.run(word, env)?.0)
    }

    /// `ProcessWords`: expansion, then splitting on whitespace outside quotes.
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, LexError> {
        Ok(self.run(word, env)?.1)
    }

    fn run(&self, word: &str, env: &dyn Env) -> Result<(String, Vec<String>), LexError> {
        let mut sw = ShellWord {
            lex: *self,
            chars: word.chars().collect(),
            i: 0,
            env,
            raw_escapes: self.raw_escapes,
            depth: 0,
        };
        let raw = sw.raw_escapes;
        sw.process_stop_on(None, raw)
            .map_err(|e| LexError(format!("failed to process {word:?}: {}", e.0)))
    }
}

struct ShellWord<'a> {
    lex: Lex,
    chars: Vec<char>,
    i: usize,
    env: &'a dyn Env,
    raw_escapes: bool,
    depth: usize,
}

/// Nesting limit of `${a:-${b:-…}}`: deeper input is refused instead of exhausting the stack.
const MAX_NESTING: usize = 200;

#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

fn go_space(c: char) -> bool {
    c.is_whitespace()
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if go_space(ch) && self.in_word {
            if !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else if !go_space(ch) {
            self.add_raw_char(ch);
        }
    }
    fn add_raw_char(&mut self, ch: char) {
        self.buf.push(ch);
        self.in_word = true;
    }
    fn add_string(&mut self, s: &str) {
        for c in s.chars() {
            self.add_char(c);
        }
    }
    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }
    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(std::mem::take(&mut self.buf));
        }
        self.words
    }
}

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied();
        if c.is_some() {
            self.i += 1;
        }
        c
    }

    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), LexError> {
        if self.depth >= MAX_NESTING {
            return Err(LexError("variable substitutions nested too deeply".into()));
        }
        self.depth += 1;
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let r = self.stop_on_inner(stop);
        self.raw_escapes = saved;
        self.depth -= 1;
        r
    }

    fn stop_on_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), LexError> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            let special = match ch {
                '$' => Some(self.process_dollar()?),
                '<' if self.lex.heredoc_markers => Some(self.process_possible_heredoc()),
                '\'' => Some(self.process_single_quote()?),
                '"' => Some(self.process_double_quote()?),
                _ => None,
            };
            if let Some(tmp) = special {
                result.push_str(&tmp);
                if ch == '$' {
                    words.add_string(&tmp);
                } else {
                    words.add_raw_string(&tmp);
                }
                continue;
            }
            let mut ch = self.next().unwrap_or_default();
            if ch == self.lex.escape {
                if self.raw_escapes {
                    words.add_raw_char(ch);
                    result.push(ch);
                }
                match self.next() {
                    None => break,
                    Some(c) => ch = c,
                }
                words.add_raw_char(ch);
            } else {
                words.add_char(ch);
            }
            result.push(ch);
        }
        if let Some(s) = stop {
            return Err(LexError(format!(
                "unexpected end of statement while looking for matching {s}"
            )));
        }
        Ok((result, words.finish()))
    }

    fn process_single_quote(&mut self) -> Result<String, LexError> {
        let mut result = String::new();
        let q = self.next().unwrap_or('\'');
        if self.lex.raw_quotes {
            result.push(q);
        }
        loop {
            match self.next() {
                None => {
                    return Err(LexError(
                        "unexpected end of statement while looking for matching single-quote"
                            .into(),
                    ))
                }
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, LexError> {
        let mut result = String::new();
        let q = self.next().unwrap_or('"');
        if self.lex.raw_quotes {
            result.push(q);
        }
        loop {
            match self.peek() {
                None => {
                    return Err(LexError(
                        "unexpected end of statement while looking for matching double-quote"
                            .into(),
                    ))
                }
                Some('"') => {
                    self.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let v = self.process_dollar()?;
                    result.push_str(&v);
                }
                Some(_) => {
                    let mut ch = self.next().unwrap_or_default();
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(c) if c == '"' || c == '$' || c == self.lex.escape => {
                                ch = self.next().unwrap_or_default();
                            }
                            _ => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn process_possible_heredoc(&mut self) -> String {
        self.next();
        if self.peek() != Some('<') {
            return "<".into();
        }
        self.next();
        let mut s = String::from("<<");
        while let Some(c) = self.peek() {
            if matches!(c, '\t' | '\r' | ' ') {
                s.push(c);
                self.next();
            } else {
                break;
            }
        }
        s
    }

    fn get_env(&self, name: &str) -> Option<String> {
        self.env.get(name)
    }

    fn process_dollar(&mut self) -> Result<String, LexError> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(match self.get_env(&name) {
                Some(v) => v,
                None if self.lex.skip_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return Err(LexError("syntax error: missing '}'".into())),
            Some('{') | Some('}') | Some(':') => {
                return Err(LexError("syntax error: bad substitution".into()))
            }
            _ => {}
        }
        let name = self.process_name();
        let first = self.next();
        let mut chs: String = first.map(String::from).unwrap_or_default();
        let mut ch = first;
        let mut null_is_unset = false;
        match ch {
            Some('}') => {
                return Ok(match self.get_env(&name) {
                    Some(v) => v,
                    None if self.lex.skip_unset => format!("${{{name}}}"),
                    None => String::new(),
                })
            }
            Some(':') => {
                null_is_unset = true;
                ch = self.next();
                if let Some(c) = ch {
                    chs.push(c);
                }
            }
            Some('+' | '-' | '?' | '#' | '%') => {}
            Some('/') => return self.process_replace(&name),
            _ => {
                return Err(LexError(format!(
                    "unsupported modifier ({chs}) in substitution"
                )))
            }
        }
        // `${name:x}` falls through here for any x, as in Go.
        let raw = matches!(ch, Some('#') | Some('%'));
        if null_is_unset && raw {
            return Err(LexError(format!(
                "unsupported modifier ({chs}) in substitution"
            )));
        }
        let word = match self.process_stop_on(Some('}'), raw) {
            Ok((w, _)) => w,
            Err(e) => {
                if self.peek().is_none() {
                    return Err(LexError("syntax error: missing '}'".into()));
                }
                return Err(e);
            }
        };
        let value = self.get_env(&name);
        if self.lex.skip_unset && value.is_none() {
            return Ok(format!("${{{name}{chs}{word}}}"));
        }
        let set = value.is_some();
        let value = value.unwrap_or_default();
        let unset = !set || (null_is_unset && value.is_empty());
        match ch {
            Some('-') => Ok(if unset { word } else { value }),
            Some('+') => Ok(if unset { String::new() } else { word }),
            Some('?') => {
                if !set {
                    let m = if word.is_empty() {
                        "is not allowed to be unset".to_string()
                    } else {
                        word
                    };
                    return Err(LexError(format!("{name}: {m}")));
                }
                if null_is_unset && value.is_empty() {
                    let m = if word.is_empty() {
                        "is not allowed to be empty".to_string()
                    } else {
                        word
                    };
                    return Err(LexError(format!("{name}: {m}")));
                }
                Ok(value)
            }
            Some(c @ ('%' | '#')) => {
                let (greedy, pat) = match word.strip_prefix(c) {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, word),
                };
                Ok(if c == '#' {
                    trim_prefix(&pat, &value, greedy)
                } else {
                    trim_suffix(&pat, &value, greedy)
                })
            }
            _ => Err(LexError(format!(
                "unsupported modifier ({chs}) in substitution"
            ))),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`.
    fn process_replace(&mut self, name: &str) -> Result<String, LexError> {
        let all = self.peek() == Some('/');
        if all {
            self.next();
        }
        let pattern = match self.process_stop_on(Some('/'), true) {
            Ok((w, _)) => w,
            Err(e) => {
                if self.peek().is_none() {
                    return Err(LexError("syntax error: missing '/' in ${}".into()));
                }
                return Err(e);
            }
        };
        let repl = match self.process_stop_on(Some('}'), true) {
            Ok((w, _)) => w,
            Err(e) => {
                if self.peek().is_none() {
                    return Err(LexError("syntax error: missing '}'".into()));
                }
                return Err(e);
            }
        };
        let value = self.get_env(name);
        if self.lex.skip_unset && value.is_none() {
            return Ok(format!("${{{name}/{pattern}/{repl}}}"));
        }
        let value = value.unwrap_or_default();
        if value.len() > MAX_GLOB || pattern.len() > MAX_GLOB {
            return Ok(value);
        }
        let value: Vec<char> = value.chars().collect();
        let pat: Vec<char> = pattern.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut replaced = false;
        while i <= value.len() {
            if !replaced || all {
                // leftmost-longest match of the glob at i
                if let Some(end) = (i..=value.len())
                    .rev()
                    .find(|&e| glob_match(&pat, &value[i..e]))
                {
                    if end > i || pat.is_empty() {
                        out.push_str(&repl);
                        replaced = true;
                        if end == i {
                            if i < value.len() {
                                out.push(value[i]);
                            }
                            i += 1;
                        } else {
                            i = end;
                        }
                        continue;
                    }
                }
            }
            if i < value.len() {
                out.push(value[i]);
            }
            i += 1;
        }
        Ok(out)
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(c) = self.peek() {
                    if !is_digit(c) {
                        break;
                    }
                    name.push(c);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !is_digit(ch) && ch != '_' {
                break;
            }
            name.push(ch);
            self.next();
        }
        name
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// Longest pattern or value the `#`, `%` and `/` operators work on; beyond it the value is
/// left as is (hostile input must not make matching quadratic in a huge string).
const MAX_GLOB: usize = 4096;

/// Shell glob (`*`, `?`, `\x`) matching a whole string; iterative, backtracking only to
/// the last `*`.
fn glob_match(pat: &[char], s: &[char]) -> bool {
    // Tokens: Some(c) literal, None for `*`, Some('\0')-free `?` marked separately.
    #[derive(Clone, Copy, PartialEq)]
    enum T {
        Lit(char),
        Any,
        Star,
    }
    let mut toks = Vec::with_capacity(pat.len());
    let mut i = 0;
    while i < pat.len() {
        match pat[i] {
            '*' => toks.push(T::Star),
            '?' => toks.push(T::Any),
            '\\' if i + 1 < pat.len() => {
                i += 1;
                toks.push(T::Lit(pat[i]));
            }
            c => toks.push(T::Lit(c)),
        }
        i += 1;
    }
    let (mut p, mut k) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while k < s.len() {
        match toks.get(p) {
            Some(T::Star) => {
                star = Some((p, k));
                p += 1;
            }
            Some(T::Any) => {
                p += 1;
                k += 1;
            }
            Some(T::Lit(c)) if *c == s[k] => {
                p += 1;
                k += 1;
            }
            _ => match star {
                Some((sp, sk)) => {
                    p = sp + 1;
                    k = sk + 1;
                    star = Some((sp, sk + 1));
                }
                None => return false,
            },
        }
    }
    toks[p.min(toks.len())..].iter().all(|t| *t == T::Star)
}

fn trim_prefix(pat: &str, value: &str, greedy: bool) -> String {
    if pat.len() > MAX_GLOB || value.len() > MAX_GLOB {
        return value.to_string();
    }
    let p: Vec<char> = pat.chars().collect();
    let v: Vec<char> = value.chars().collect();
    let mut ends: Box<dyn Iterator<Item = usize>> = if greedy {
        Box::new((0..=v.len()).rev())
    } else {
        Box::new(0..=v.len())
    };
    match ends.find(|&e| glob_match(&p, &v[..e])) {
        Some(e) => v[e..].iter().collect(),
        None => value.to_string(),
    }
}

fn trim_suffix(pat: &str, value: &str, greedy: bool) -> String {
    if pat.len() > MAX_GLOB || value.len() > MAX_GLOB {
        return value.to_string();
    }
    let p: Vec<char> = pat.chars().collect();
    let v: Vec<char> = value.chars().collect();
    let mut starts: Box<dyn Iterator<Item = usize>> = if greedy {
        Box::new(0..=v.len())
    } else {
        Box::new((0..=v.len()).rev())
    };
    match starts.find(|&s| glob_match(&p, &v[s..])) {
        Some(s) => v[..s].iter().collect(),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn expansion_forms() {
        let e = env(&[("A", "alpine"), ("E", ""), ("V", "3.19.1")]);
        let l = Lex::new('\\');
        let w = |s: &str| l.process_word(s, &e).unwrap();
        assert_eq!(w("$A:${V}"), "alpine:3.19.1");
        assert_eq!(w("${X:-def}"), "def");
        assert_eq!(w("${E:-def}"), "def");
        assert_eq!(w("${E-def}"), "");
        assert_eq!(w("${A:+set}"), "set");
        assert_eq!(w("${X:+set}"), "");
        assert_eq!(w("${V%.*}"), "3.19");
        assert_eq!(w("${V%%.*}"), "3");
        assert_eq!(w("${V#*.}"), "19.1");
        assert_eq!(w("${V/./-}"), "3-19.1");
        assert_eq!(w("${V//./-}"), "3-19-1");
        assert_eq!(w(r"\$A"), "$A");
        assert_eq!(w("'$A'"), "$A");
        assert_eq!(w("\"$A x\""), "alpine x");
        assert!(l.process_word("${X:?must be set}", &e).is_err());
        assert!(l.process_word("${A", &e).is_err());
        assert!(l.process_word("${}", &e).is_err());
        let deep = format!("{}x{}", "${a:-".repeat(5000), "}".repeat(5000));
        assert!(l.process_word(&deep, &e).is_err());
    }

    #[test]
    fn globs() {
        let g = |p: &str, s: &str| {
            glob_match(
                &p.chars().collect::<Vec<_>>(),
                &s.chars().collect::<Vec<_>>(),
            )
        };
        assert!(g("a*c", "abbbc") && g("*", "") && g("a?c", "abc") && g("\\*", "*"));
        assert!(!g("a*d", "abc") && !g("?", "") && !g("\\*", "x"));
        let long = "a".repeat(3000);
        assert!(!g(&format!("{}b", "*a".repeat(50)), &long));
    }

    #[test]
    fn backtick_escape() {
        let l = Lex::new('`');
        assert_eq!(l.process_word("`$A", &NoEnv).unwrap(), "$A");
    }

    #[test]
    fn words_split_outside_quotes() {
        let l = Lex::new('\\');
        assert_eq!(
            l.process_words("a \"b c\" d", &NoEnv).unwrap(),
            vec!["a", "b c", "d"]
        );
    }
}
