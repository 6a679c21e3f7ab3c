//! A Dockerfile parser that accepts exactly what BuildKit's parser
//! (`frontend/dockerfile/parser`) accepts and splits lines, flags and arguments the same way,
//! with a line and column for every node. Checked differentially against BuildKit's own Go
//! parser (`tests/differential.rs`).
//!
//! Parser-level errors are BuildKit's: a repeated or invalid parser directive, a JSON array
//! with non-string elements, `ENV`/`LABEL` without a value, an unterminated heredoc, a line
//! over 64 KiB, a file with no instructions.

use crate::lex::{Lex, NoEnv};

/// A position in the source, 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A parse error, where BuildKit reports one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`) from the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub line: u32,
}

/// A comment line (top level or inside a continuation), without the `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub line: u32,
    pub text: String,
}

/// A heredoc attached to `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    pub fd: u64,
    /// Variables in the body are expanded (the delimiter was not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body.
    pub chomp: bool,
    /// The body as written, line endings included.
    pub content: String,
    /// Line of the body's first line.
    pub body_line: u32,
}

impl Heredoc {
    /// The body as the build sees it (leading tabs removed for `<<-`).
    pub fn body(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        self.content
            .split_inclusive('\n')
            .map(|l| l.trim_start_matches('\t'))
            .collect()
    }
}

/// A word of an instruction's arguments with its offset in [`Instruction::original`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub offset: usize,
}

/// An `ENV`/`LABEL` pair. `sep` is false for the legacy `ENV NAME value` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
    pub offset: usize,
    pub sep: bool,
}

/// An instruction's arguments, shaped as BuildKit's line parsers shape them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// No arguments.
    None,
    /// Exec form: a JSON array of strings.
    Json(Vec<String>),
    /// One string: shell form of `RUN`/`CMD`/`ENTRYPOINT`/`SHELL`, or `USER`, `WORKDIR`…
    Text(Word),
    /// Whitespace-delimited words (`FROM`, `EXPOSE`, `COPY`, `ADD`, `VOLUME`) or `ARG` words.
    Words(Vec<Word>),
    /// `ENV`, `LABEL`.
    Pairs(Vec<KeyValue>),
    /// `HEALTHCHECK NONE` / `HEALTHCHECK CMD …`.
    Health { kind: Word, cmd: Box<Args> },
    /// `ONBUILD` with its instruction.
    OnBuild(Box<Instruction>),
    /// An unknown instruction (BuildKit's parser keeps it with an empty value).
    Unknown,
}

/// A `--name=value` flag before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The flag as BuildKit reports it (quotes and escapes processed), e.g. `--mount=type=cache,target=/x`.
    pub raw: String,
    pub name: String,
    pub value: Option<String>,
    pub offset: usize,
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The instruction word as written (`run`, `RUN`).
    pub cmd: String,
    /// Upper-case instruction word.
    pub keyword: String,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// The logical line (continuations joined), as BuildKit's `Original`.
    pub original: String,
    pub start_line: u32,
    /// Last line, heredoc bodies included.
    pub end_line: u32,
    pub heredocs: Vec<Heredoc>,
    /// Offset of the arguments (after the flags) in `original`.
    pub rest_offset: usize,
    /// The arguments text (after the flags), trimmed.
    pub rest: String,
    segments: Vec<(usize, u32, u32)>,
}

impl Instruction {
    /// Position of a byte offset of [`Self::original`].
    pub fn pos(&self, offset: usize) -> Pos {
        let mut seg = (0usize, self.start_line, 1u32);
        for s in &self.segments {
            if s.0 <= offset {
                seg = *s;
            } else {
                break;
            }
        }
        let upto = offset.min(self.original.len());
        let from = seg.0.min(upto);
        let chars = self
            .original
            .get(from..upto)
            .map(|s| s.chars().count())
            .unwrap_or(0) as u32;
        Pos {
            line: seg.1,
            column: seg.2 + chars,
        }
    }

    /// Position of the instruction word.
    pub fn start(&self) -> Pos {
        self.pos(self.original.len() - self.original.trim_start().len())
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The instruction that runs: itself, or the one inside `ONBUILD`.
    pub fn effective(&self) -> &Instruction {
        match &self.args {
            Args::OnBuild(i) => i.effective(),
            _ => self,
        }
    }

    /// BuildKit's node values (`Node.Next` chain) in the shape of BuildKit at `compat`:
    /// `Modern` includes the `=` separator node of `ENV`/`LABEL` pairs, `V012` does not.
    pub fn values(&self, compat: Compat) -> Vec<String> {
        fn of(a: &Args, compat: Compat) -> Vec<String> {
            match a {
                Args::None => vec![],
                Args::Json(v) => v.clone(),
                Args::Text(w) => vec![w.text.clone()],
                Args::Words(ws) => ws.iter().map(|w| w.text.clone()).collect(),
                Args::Pairs(ps) => {
                    let mut v = vec![];
                    for p in ps {
                        v.push(p.key.clone());
                        v.push(p.value.clone());
                        if compat == Compat::Modern {
                            v.push(if p.sep { "=".into() } else { String::new() });
                        }
                    }
                    v
                }
                Args::Health { kind, cmd } => {
                    let mut v = vec![kind.text.clone()];
                    v.extend(of(cmd, compat));
                    v
                }
                Args::OnBuild(i) => of(&i.args, compat),
                Args::Unknown => vec![String::new()],
            }
        }
        of(&self.args, compat)
    }

    /// Exec (JSON) form?
    pub fn is_json(&self) -> bool {
        match &self.args {
            Args::Json(_) => true,
            Args::Health { cmd, .. } => matches!(**cmd, Args::Json(_)),
            _ => false,
        }
    }
}

/// Which BuildKit's output shape [`Instruction::values`] mimics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    Modern,
    V012,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    /// Lines of empty continuation lines (BuildKit warns about them).
    pub empty_continuation_lines: Vec<u32>,
}

/// BuildKit's `bufio.Scanner` limit: longer lines are an error.
const MAX_LINE: usize = 64 * 1024;

fn err(line: u32, column: u32, message: impl Into<String>) -> ParseError {
    ParseError {
        line: line.max(1),
        column: column.max(1),
        message: message.into(),
    }
}

/// Go's `unicode.IsSpace` on a byte read as a Latin-1 rune (BuildKit's flag parser and
/// `HEALTHCHECK` splitter index bytes).
fn byte_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x85 | 0xa0)
}

/// `[\t\v\f\r ]`
fn re_ws(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

struct DirectiveState {
    done: bool,
    seen: Vec<String>,
    compat: Compat,
}

impl DirectiveState {
    /// BuildKit's `DirectiveParser.ParseLine` on an already left-trimmed line.
    fn parse_line(&mut self, line: &str) -> Result<Option<(String, String)>, String> {
        if self.done {
            return Ok(None);
        }
        let Some(rest) = line.strip_prefix('#') else {
            self.done = true;
            return Ok(None);
        };
        let rest = rest.trim_start_matches(char::is_whitespace);
        // ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$   (\s is [\t\n\f\r ])
        let re_s = |c: char| matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ');
        let name_len = rest
            .char_indices()
            .take_while(|(i, c)| {
                if *i == 0 {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_ascii_alphanumeric()
                }
            })
            .count();
        if name_len == 0 {
            self.done = true;
            return Ok(None);
        }
        let name = &rest[..name_len];
        let after = rest[name_len..].trim_start_matches(re_s);
        let Some(v) = after.strip_prefix('=') else {
            self.done = true;
            return Ok(None);
        };
        let v = v.trim_start_matches(re_s).trim_end_matches(re_s);
        if v.is_empty() {
            self.done = true;
            return Ok(None);
        }
        let k = name.to_ascii_lowercase();
        let known = match self.compat {
            Compat::Modern => matches!(k.as_str(), "syntax" | "escape" | "check"),
            Compat::V012 => matches!(k.as_str(), "syntax" | "escape"),
        };
        if !known {
            self.done = true;
            return Ok(None);
        }
        if self.seen.contains(&k) {
            return Err(format!("only one {k} parser directive can be used"));
        }
        self.seen.push(k.clone());
        Ok(Some((k, v.to_string())))
    }
}

/// `trimNewline`: strips every trailing `\r` and `\n`.
fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

fn is_comment(s: &str) -> bool {
    s.trim_start().starts_with('#')
}

/// BuildKit's line-continuation regex `([^E])E[ \t]*$|^E[ \t]*$`: the line without the
/// continuation character, and whether the logical line ends here.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let t = line.trim_end_matches([' ', '\t']);
    if let Some(before) = t.strip_suffix(escape) {
        if !before.ends_with(escape) {
            return (before, false);
        }
    }
    (line, true)
}

/// Parses a Dockerfile as current BuildKit does.
pub fn parse(input: &str) -> Result<Dockerfile, ParseError> {
    parse_compat(input, Compat::Modern)
}

/// Parses a Dockerfile as BuildKit at `compat` does. `V012` reproduces BuildKit v0.12's
/// parser (the one the differential test runs): JSON arrays followed by text still count as
/// JSON, `\\` at the end of a line continues it, `<< EOF` is not a heredoc, the escape
/// character inside flags is always `\`, and `# check=` is not a directive.
pub fn parse_compat(input: &str, compat: Compat) -> Result<Dockerfile, ParseError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let lines: Vec<&str> = input.split_inclusive('\n').collect();
    for (i, l) in lines.iter().enumerate() {
        if l.len() > MAX_LINE {
            return Err(err(
                i as u32 + 1,
                1,
                format!(
                    "dockerfile line greater than max allowed size of {}",
                    MAX_LINE - 1
                ),
            ));
        }
    }
    let mut ds = DirectiveState {
        done: false,
        seen: vec![],
        compat,
    };
    let mut escape = '\\';
    let mut out = Dockerfile {
        directives: vec![],
        escape,
        instructions: vec![],
        comments: vec![],
        empty_continuation_lines: vec![],
    };
    let mut idx = 0usize;
    while idx < lines.len() {
        let raw = lines[idx];
        idx += 1;
        let line_no = idx as u32;
        let token = trim_newline(raw);
        let stripped = token.trim_start();
        let lead_cols = token[..token.len() - stripped.len()].chars().count() as u32;
        if is_comment(stripped) {
            out.comments.push(Comment {
                line: line_no,
                text: stripped[1..].trim().to_string(),
            });
        }
        match ds.parse_line(stripped) {
            Err(m) => return Err(err(line_no, 1, m)),
            Ok(Some((k, v))) => {
                if k == "escape" {
                    if v != "`" && v != "\\" {
                        return Err(err(
                            line_no,
                            1,
                            format!("invalid escape token '{v}' does not match ` or \\"),
                        ));
                    }
                    escape = v.chars().next().unwrap_or('\\');
                    out.escape = escape;
                }
                out.directives.push(Directive {
                    name: k,
                    value: v,
                    line: line_no,
                });
            }
            Ok(None) => {}
        }
        let processed = if is_comment(stripped) { "" } else { stripped };
        let start_line = line_no;
        let (first, mut eol) = trim_continuation(processed, escape);
        if eol && first.is_empty() {
            continue;
        }
        let mut buf = String::from(first);
        let mut segments = vec![(0usize, line_no, lead_cols + 1)];
        let mut cur_line = line_no;
        while !eol && idx < lines.len() {
            let raw = lines[idx];
            idx += 1;
            cur_line = idx as u32;
            let token = trim_newline(raw);
            // Directive parsing sees continuation lines too (it is done by now, in practice).
            if let Err(m) = ds.parse_line(token) {
                return Err(err(cur_line, 1, m));
            }
            if is_comment(token) {
                out.comments.push(Comment {
                    line: cur_line,
                    text: token.trim_start()[1..].trim().to_string(),
                });
                continue;
            }
            if token.trim_start().is_empty() {
                out.empty_continuation_lines.push(cur_line);
                continue;
            }
            let (piece, e) = trim_continuation(token, escape);
            eol = e;
            segments.push((buf.len(), cur_line, 1));
            buf.push_str(piece);
        }
        let mut inst = node_from_line(&buf, escape, compat).map_err(|m| err(start_line, 1, m))?;
        inst.segments = segments.clone();
        if let Args::OnBuild(sub) = &mut inst.args {
            // Offsets of the inner instruction are offsets of the ONBUILD line.
            sub.segments = segments;
            sub.original = buf.clone();
        }
        inst.start_line = start_line;
        if can_contain_heredoc(&inst) && buf.contains("<<") {
            let docs = heredocs_from_line(&buf, compat).map_err(|m| err(start_line, 1, m))?;
            for mut h in docs {
                h.body_line = cur_line + 1;
                let mut content = String::new();
                let mut terminated = false;
                while idx < lines.len() {
                    let raw = lines[idx];
                    idx += 1;
                    cur_line = idx as u32;
                    let mut t = trim_newline(raw);
                    if h.chomp {
                        t = t.trim_start_matches('\t');
                    }
                    if t == h.name {
                        terminated = true;
                        break;
                    }
                    content.push_str(raw);
                }
                if !terminated {
                    return Err(err(start_line, 1, "unterminated heredoc"));
                }
                h.content = content;
                inst.heredocs.push(h);
            }
        }
        inst.end_line = cur_line;
        if let Args::OnBuild(sub) = &mut inst.args {
            sub.start_line = start_line;
            sub.end_line = cur_line;
            sub.heredocs = inst.heredocs.clone();
        }
        out.instructions.push(inst);
    }
    if out.instructions.is_empty() {
        return Err(err(lines.len() as u32, 1, "file with no instructions"));
    }
    Ok(out)
}

fn can_contain_heredoc(inst: &Instruction) -> bool {
    let i = inst.effective();
    matches!(i.keyword.as_str(), "ADD" | "COPY" | "RUN") && !matches!(i.args, Args::Json(_))
}

/// BuildKit's `splitCommand` + dispatch to the line parsers.
fn node_from_line(line: &str, escape: char, compat: Compat) -> Result<Instruction, String> {
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    let (cmd, after_off) = match trimmed.find(re_ws) {
        Some(i) => {
            let ws_end = trimmed[i..]
                .find(|c: char| !re_ws(c))
                .map(|j| i + j)
                .unwrap_or(trimmed.len());
            (&trimmed[..i], Some(lead + ws_end))
        }
        None => (trimmed, None),
    };
    let (flags, rest, rest_offset) = match after_off {
        Some(off) => {
            let seg = &line[off..lead + trimmed.len()];
            let flag_escape = if compat == Compat::V012 { '\\' } else { escape };
            let (rest_rel, flags) = extract_flags(seg, flag_escape)?;
            let flags = flags
                .into_iter()
                .map(|(raw, o)| {
                    let body = raw.strip_prefix("--").unwrap_or(&raw);
                    let (name, value) = match body.split_once('=') {
                        Some((n, v)) => (n.to_string(), Some(v.to_string())),
                        None => (body.to_string(), None),
                    };
                    Flag {
                        raw,
                        name,
                        value,
                        offset: off + o,
                    }
                })
                .collect();
            let rest_full = &seg[rest_rel..];
            let r = rest_full.trim();
            let roff = off + rest_rel + (rest_full.len() - rest_full.trim_start().len());
            (flags, r.to_string(), roff)
        }
        None => (vec![], String::new(), lead + trimmed.len()),
    };
    let keyword = cmd.to_uppercase();
    let args = dispatch(&cmd.to_lowercase(), &rest, rest_offset, escape, compat)?;
    Ok(Instruction {
        cmd: cmd.to_string(),
        keyword,
        flags,
        args,
        original: line.to_string(),
        start_line: 0,
        end_line: 0,
        heredocs: vec![],
        rest_offset,
        rest,
        segments: vec![],
    })
}

/// BuildKit's `extractBuilderFlags` (byte-wise, as in Go): the offset where the arguments
/// start, and the flags with their offsets.
fn extract_flags(line: &str, escape: char) -> Result<(usize, Vec<(String, usize)>), String> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let esc = escape as u32 as u8;
    let mut words = vec![];
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = vec![];
    let mut word_start = 0usize;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0usize;
    let latin1 = |w: &[u8]| -> String { w.iter().map(|&c| c as char).collect() };
    // Bytes of the flag words are read as Latin-1 runes, as Go's `rune(line[pos])` does;
    // re-decode to keep UTF-8 text intact when the bytes were valid UTF-8.
    let finish = |w: &[u8]| -> String {
        match std::str::from_utf8(w) {
            Ok(s) => s.to_string(),
            Err(_) => latin1(w),
        }
    };
    while pos <= b.len() {
        let ch = if pos < b.len() { b[pos] } else { 0 };
        if phase == Phase::Spaces {
            if pos == b.len() {
                break;
            }
            if byte_space(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == b.len() || b[pos + 1] != b'-' {
                return Ok((pos, words));
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if pos == b.len() {
            let w = finish(&word);
            if w != "--" && (blank_ok || !w.is_empty()) {
                words.push((w, word_start));
            }
            break;
        }
        if phase == Phase::Word {
            if byte_space(ch) {
                let w = finish(&word);
                phase = Phase::Spaces;
                if w == "--" {
                    return Ok((pos, words));
                }
                if blank_ok || !w.is_empty() {
                    words.push((w, word_start));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if c == esc && escape.is_ascii() {
                if pos + 1 == b.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = b[pos];
            }
            word.push(c);
            pos += 1;
            continue;
        }
        // in quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if c == esc && escape.is_ascii() {
            if pos + 1 == b.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = b[pos];
        }
        word.push(c);
        pos += 1;
    }
    Ok((b.len(), words))
}

fn dispatch(
    cmd: &str,
    rest: &str,
    off: usize,
    escape: char,
    compat: Compat,
) -> Result<Args, String> {
    match cmd {
        "add" | "copy" | "volume" => parse_maybe_json_to_list(rest, off, compat),
        "arg" => Ok(parse_name_or_name_val(rest, off, escape)),
        "cmd" | "entrypoint" | "run" | "shell" => parse_maybe_json(rest, off, compat),
        "env" => parse_name_val(rest, off, "ENV", escape),
        "label" => parse_name_val(rest, off, "LABEL", escape),
        "expose" | "from" => Ok(parse_whitespace_delimited(rest, off)),
        "healthcheck" => parse_health(rest, off, compat),
        "maintainer" | "stopsignal" | "user" | "workdir" => Ok(parse_string(rest, off)),
        "onbuild" => {
            if rest.is_empty() {
                return Ok(Args::None);
            }
            // BuildKit's parser nests ONBUILD ONBUILD …, which its build then refuses; refuse
            // a deep chain here rather than recurse without bound.
            let first = rest.split(re_ws).next().unwrap_or("");
            if first.eq_ignore_ascii_case("onbuild")
                && rest.len() > 64
                && rest.to_ascii_lowercase().matches("onbuild").count() > 16
            {
                return Err("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into());
            }
            let mut child = node_from_line(rest, escape, compat)?;
            shift(&mut child, off);
            Ok(Args::OnBuild(Box::new(child)))
        }
        _ => Ok(Args::Unknown),
    }
}

/// Moves a sub-instruction's offsets into its parent's `original`.
fn shift(i: &mut Instruction, off: usize) {
    i.rest_offset += off;
    for f in &mut i.flags {
        f.offset += off;
    }
    fn shift_args(a: &mut Args, off: usize) {
        match a {
            Args::Text(w) => w.offset += off,
            Args::Words(ws) => ws.iter_mut().for_each(|w| w.offset += off),
            Args::Pairs(ps) => ps.iter_mut().for_each(|p| p.offset += off),
            Args::Health { kind, cmd } => {
                kind.offset += off;
                shift_args(cmd, off);
            }
            Args::OnBuild(i) => shift(i, off),
            _ => {}
        }
    }
    shift_args(&mut i.args, off);
}

fn parse_string(rest: &str, off: usize) -> Args {
    if rest.is_empty() {
        Args::None
    } else {
        Args::Text(Word {
            text: rest.to_string(),
            offset: off,
        })
    }
}

fn parse_whitespace_delimited(rest: &str, off: usize) -> Args {
    if rest.is_empty() {
        return Args::None;
    }
    let mut words = vec![];
    let mut start = 0usize;
    let mut in_ws = false;
    for (i, c) in rest.char_indices() {
        if re_ws(c) {
            if !in_ws {
                words.push(Word {
                    text: rest[start..i].to_string(),
                    offset: off + start,
                });
                in_ws = true;
            }
        } else if in_ws {
            start = i;
            in_ws = false;
        }
    }
    words.push(Word {
        text: if in_ws {
            String::new()
        } else {
            rest[start..].to_string()
        },
        offset: off + if in_ws { rest.len() } else { start },
    });
    Args::Words(words)
}

enum JsonResult {
    Ok(Vec<String>),
    NotJson,
    NotStrings,
}

fn parse_json(rest: &str, compat: Compat) -> JsonResult {
    let r = rest.trim_start();
    if !r.starts_with('[') {
        return JsonResult::NotJson;
    }
    let parsed = match compat {
        // json.Unmarshal: the whole text must be the array.
        Compat::Modern => serde_json::from_str::<Vec<serde_json::Value>>(r),
        // json.Decoder.Decode: the first value; what follows is ignored.
        Compat::V012 => match serde_json::Deserializer::from_str(r)
            .into_iter::<Vec<serde_json::Value>>()
            .next()
        {
            Some(v) => v,
            None => return JsonResult::NotJson,
        },
    };
    match parsed {
        Err(_) => JsonResult::NotJson,
        Ok(v) => {
            let mut out = vec![];
            for x in v {
                match x {
                    serde_json::Value::String(s) => out.push(s),
                    _ => return JsonResult::NotStrings,
                }
            }
            JsonResult::Ok(out)
        }
    }
}

const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";

fn parse_maybe_json(rest: &str, off: usize, compat: Compat) -> Result<Args, String> {
    if rest.is_empty() {
        return Ok(Args::None);
    }
    match parse_json(rest, compat) {
        JsonResult::Ok(v) => Ok(Args::Json(v)),
        JsonResult::NotStrings => Err(NOT_STRINGS.into()),
        JsonResult::NotJson => Ok(parse_string(rest, off)),
    }
}

fn parse_maybe_json_to_list(rest: &str, off: usize, compat: Compat) -> Result<Args, String> {
    match parse_json(rest, compat) {
        JsonResult::Ok(v) => Ok(Args::Json(v)),
        JsonResult::NotStrings => Err(NOT_STRINGS.into()),
        JsonResult::NotJson => Ok(parse_whitespace_delimited(rest, off)),
    }
}

fn parse_health(rest: &str, off: usize, compat: Compat) -> Result<Args, String> {
    let b = rest.as_bytes();
    let sep = b.iter().position(|&c| byte_space(c)).unwrap_or(b.len());
    if sep == 0 {
        return Ok(Args::None);
    }
    let next = b[sep..]
        .iter()
        .position(|&c| !byte_space(c))
        .map(|p| sep + p)
        .unwrap_or(b.len());
    let (Some(kind), Some(tail)) = (rest.get(..sep), rest.get(next..)) else {
        // A split inside a multi-byte character: keep the whole text as the type.
        return Ok(Args::Health {
            kind: Word {
                text: rest.to_string(),
                offset: off,
            },
            cmd: Box::new(Args::None),
        });
    };
    let cmd = parse_maybe_json(tail, off + next, compat)?;
    Ok(Args::Health {
        kind: Word {
            text: kind.to_string(),
            offset: off,
        },
        cmd: Box::new(cmd),
    })
}

/// BuildKit's `parseWords`: words split on whitespace outside quotes; quotes and escapes
/// are kept.
fn parse_words(rest: &str, escape: char) -> Vec<(String, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let mut words = vec![];
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut buf = String::new();
    let mut start = 0usize;
    let mut i = 0usize;
    loop {
        let at_end = i >= chars.len();
        let (bpos, ch) = if at_end { (rest.len(), '\0') } else { chars[i] };
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                i += 1;
                continue;
            }
            phase = Phase::Word;
            start = bpos;
        }
        if at_end {
            if blank_ok || !buf.is_empty() {
                words.push((std::mem::take(&mut buf), start));
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !buf.is_empty() {
                    words.push((std::mem::take(&mut buf), start));
                }
                buf.clear();
                blank_ok = false;
                i += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            let mut c = ch;
            if ch == escape {
                if i + 1 == chars.len() {
                    i += 1;
                    continue;
                }
                buf.push(ch);
                i += 1;
                c = chars[i].1;
            }
            buf.push(c);
            i += 1;
            continue;
        }
        // quote
        if ch == quote {
            phase = Phase::Word;
        }
        let mut c = ch;
        if ch == escape && quote != '\'' {
            if i + 1 == chars.len() {
                phase = Phase::Word;
                i += 1;
                continue;
            }
            i += 1;
            buf.push(ch);
            c = chars[i].1;
        }
        buf.push(c);
        i += 1;
    }
    words
}

fn parse_name_val(rest: &str, off: usize, key: &str, escape: char) -> Result<Args, String> {
    let words = parse_words(rest, escape);
    if words.is_empty() {
        return Ok(Args::None);
    }
    if !words[0].0.contains('=') {
        let Some(i) = rest.find(re_ws) else {
            return Err(format!("{key} must have two arguments"));
        };
        let j = rest[i..]
            .find(|c: char| !re_ws(c))
            .map(|j| i + j)
            .unwrap_or(rest.len());
        return Ok(Args::Pairs(vec![KeyValue {
            key: rest[..i].to_string(),
            value: rest[j..].to_string(),
            offset: off,
            sep: false,
        }]));
    }
    let mut pairs = vec![];
    for (w, o) in words {
        let Some((k, v)) = w.split_once('=') else {
            return Err(format!(
                "Syntax error - can't find = in {w:?}. Must be of the form: name=value"
            ));
        };
        pairs.push(KeyValue {
            key: k.to_string(),
            value: v.to_string(),
            offset: off + o,
            sep: true,
        });
    }
    Ok(Args::Pairs(pairs))
}

fn parse_name_or_name_val(rest: &str, off: usize, escape: char) -> Args {
    let words = parse_words(rest, escape);
    if words.is_empty() {
        return Args::None;
    }
    Args::Words(
        words
            .into_iter()
            .map(|(text, o)| Word {
                text,
                offset: off + o,
            })
            .collect(),
    )
}

/// `^(\d*)<<(-?)\s*([^<]*)$` on one raw word, then the delimiter's quotes removed.
fn heredoc_from_word(word: &str, compat: Compat) -> Result<Option<Heredoc>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, after) = match after.strip_prefix('-') {
        Some(a) => (true, a),
        None => (false, after),
    };
    let rest = match compat {
        Compat::Modern => after.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']),
        Compat::V012 => after,
    };
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    let fd = if digits == 0 {
        0
    } else {
        word[..digits].parse::<u64>().unwrap_or(u64::MAX)
    };
    let mut lex = Lex::new('\\');
    lex.skip_unset = true;
    lex.heredoc_markers = compat == Compat::Modern;
    let words = lex.process_words(rest, &NoEnv).map_err(|e| e.to_string())?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex.process_words(rest, &NoEnv).map_err(|e| e.to_string())?;
    if raw.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    Ok(Some(Heredoc {
        name: words[0].clone(),
        fd,
        expand: quotes(&words[0]) == quotes(&raw[0]),
        chomp,
        content: String::new(),
        body_line: 0,
    }))
}

fn heredocs_from_line(line: &str, compat: Compat) -> Result<Vec<Heredoc>, String> {
    let lex = Lex {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: true,
        skip_unset: true,
        heredoc_markers: compat == Compat::Modern,
    };
    // BuildKit ignores a lexing error here: such a line has no heredocs.
    let words = lex.process_words(line, &NoEnv).unwrap_or_default();
    let mut docs = vec![];
    for w in words {
        if let Some(h) = heredoc_from_word(&w, compat)? {
            docs.push(h);
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests;
