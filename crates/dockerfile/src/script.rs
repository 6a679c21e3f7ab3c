//! Splits the shell scripts of `RUN` (shell form and heredoc bodies) into simple commands:
//! pipelines, `&&`, `||`, `;`, `&`, newlines, subshells and `{ …; }` groups, command
//! substitutions (`$(…)`, backticks, `<(…)`) and `sh -c '…'` bodies, so that rules reason
//! about commands and their arguments, not about substrings.
//!
//! This is a focused tokenizer, not a full shell grammar. `brush-parser` (checked: it builds
//! and parses POSIX scripts into an AST) was not used because it rejects a whole script on
//! the first syntax error, while Dockerfile scripts are often fragments (a `RUN` that
//! continues a `for` loop over lines, Windows PowerShell, templated text); rules still need
//! every command that *can* be read, with offsets for line and column. Quotes, escapes,
//! line continuations, comments, redirections and in-script heredocs are handled; control
//! words (`if`, `then`, `do`, `while`, `!` …) are stripped from the front of commands.

/// A word of a command: its text with quotes removed (expansions left as written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShWord {
    pub text: String,
    /// Byte offset of the word in the script text.
    pub offset: usize,
    /// Scripts of command substitutions inside the word.
    pub subs: Vec<Script>,
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cmd {
    /// `NAME=value` assignments before the command word.
    pub assigns: Vec<(String, String)>,
    pub words: Vec<ShWord>,
    /// Byte offset of the command in the script text.
    pub offset: usize,
    /// Commands joined by `|` share a pipeline number; `index` is the place in it.
    pub pipeline: usize,
    pub index: usize,
    /// The script of `sh -c '…'` / `bash -c "…"`.
    pub inner: Option<Box<Script>>,
    /// Bodies of heredocs inside the script (`cat <<X … X`), fed to this command.
    pub stdin_heredoc: Option<String>,
}

/// Wrappers that run the command that follows them.
const WRAPPERS: &[&str] = &[
    "sudo", "env", "exec", "nohup", "time", "command", "nice", "ionice", "doas", "gosu", "su-exec",
    "chroot", "setsid", "stdbuf", "timeout", "xargs",
];

impl Cmd {
    pub fn argv(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }

    /// The words of the command that actually runs, past `sudo -u x`, `env A=b`, `nohup`…
    pub fn effective(&self) -> &[ShWord] {
        let mut w: &[ShWord] = &self.words;
        loop {
            let Some(first) = w.first() else { return w };
            let name = basename(&first.text);
            if !WRAPPERS.contains(&name) {
                return w;
            }
            let takes_arg: &[&str] = match name {
                "sudo" | "doas" => &["-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U"],
                "nice" | "ionice" => &["-n", "-c"],
                "timeout" => &["-s", "-k"],
                "xargs" => &["-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a"],
                _ => &[],
            };
            let mut i = 1;
            while i < w.len() {
                let t = &w[i].text;
                if name == "env" && t.contains('=') && !t.starts_with('-') {
                    i += 1;
                } else if t == "--" {
                    i += 1;
                    break;
                } else if t.starts_with('-') && t.len() > 1 {
                    i += if takes_arg.contains(&t.as_str()) {
                        2
                    } else {
                        1
                    };
                } else if (name == "gosu" || name == "su-exec" || name == "chroot") && i == 1 {
                    i += 1; // the user / new root
                } else if name == "timeout" && t.chars().next().is_some_and(|c| c.is_ascii_digit())
                {
                    i += 1;
                } else {
                    break;
                }
            }
            w = &w[i.min(w.len())..];
        }
    }

    /// Basename of the program that runs (`/usr/bin/apt-get` → `apt-get`).
    pub fn program(&self) -> &str {
        self.effective()
            .first()
            .map(|w| basename(&w.text))
            .unwrap_or("")
    }

    /// Arguments of the program that runs.
    pub fn args(&self) -> Vec<&str> {
        self.effective()
            .iter()
            .skip(1)
            .map(|w| w.text.as_str())
            .collect()
    }

    /// Does the command word carry `sudo` (directly or as a wrapper)?
    pub fn uses_sudo(&self) -> bool {
        self.words
            .iter()
            .take_while(|w| !w.text.is_empty())
            .take(1)
            .any(|w| matches!(basename(&w.text), "sudo" | "doas"))
    }
}

pub fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// A parsed script.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub commands: Vec<Cmd>,
}

impl Script {
    /// Every command, nested ones (substitutions, `sh -c`) included, outer first.
    pub fn all(&self) -> Vec<&Cmd> {
        let mut out = vec![];
        fn walk<'a>(s: &'a Script, out: &mut Vec<&'a Cmd>) {
            for c in &s.commands {
                out.push(c);
                for w in &c.words {
                    for sub in &w.subs {
                        walk(sub, out);
                    }
                }
                if let Some(i) = &c.inner {
                    walk(i, out);
                }
            }
        }
        walk(self, &mut out);
        out
    }

    /// Pipelines (commands joined by `|`), nested scripts included.
    pub fn pipelines(&self) -> Vec<Vec<&Cmd>> {
        let mut out: Vec<Vec<&Cmd>> = vec![];
        fn walk<'a>(s: &'a Script, out: &mut Vec<Vec<&'a Cmd>>) {
            let mut cur: Vec<&Cmd> = vec![];
            let mut id = usize::MAX;
            for c in &s.commands {
                if c.pipeline != id && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                id = c.pipeline;
                cur.push(c);
            }
            if !cur.is_empty() {
                out.push(cur);
            }
            for c in &s.commands {
                for w in &c.words {
                    for sub in &w.subs {
                        walk(sub, out);
                    }
                }
                if let Some(i) = &c.inner {
                    walk(i, out);
                }
            }
        }
        walk(self, &mut out);
        out
    }
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(ShWord, Option<(String, String)>),
    /// `|`
    Pipe,
    /// `&&`, `||`, `;`, `&`, newline, `(`, `)`
    Sep,
    /// A heredoc marker `<<X` / `<<-X`: (delimiter, strip tabs)
    Heredoc(String, bool),
    /// A redirection operator; the next word is its target.
    Redirect,
}

/// Recursion limit for nested substitutions (hostile input).
const MAX_DEPTH: usize = 16;

/// Parses a shell script. Never fails: what cannot be read is skipped.
pub fn parse_script(text: &str) -> Script {
    parse_depth(text, 0)
}

fn parse_depth(text: &str, depth: usize) -> Script {
    let toks = tokenize(text, depth);
    let mut script = Script::default();
    let mut pipeline = 0usize;
    let mut index = 0usize;
    let mut cur = Cmd::default();
    let mut skip_next_word = false;
    let mut pending_heredocs: Vec<(String, bool, usize)> = vec![];
    let finish = |cur: &mut Cmd, script: &mut Script, pipeline: usize, index: usize| {
        let mut c = std::mem::take(cur);
        strip_control_words(&mut c);
        if c.words.is_empty() && c.assigns.is_empty() {
            return false;
        }
        c.pipeline = pipeline;
        c.index = index;
        if depth < MAX_DEPTH {
            attach_inner(&mut c, depth);
        }
        script.commands.push(c);
        true
    };
    for t in toks {
        match t {
            Tok::Word(w, assign) => {
                if skip_next_word {
                    skip_next_word = false;
                    continue;
                }
                if cur.words.is_empty() {
                    if let Some(a) = assign {
                        if cur.assigns.is_empty() {
                            cur.offset = w.offset;
                        }
                        cur.assigns.push(a);
                        continue;
                    }
                    if cur.assigns.is_empty() {
                        cur.offset = w.offset;
                    }
                }
                cur.words.push(w);
            }
            Tok::Redirect => skip_next_word = true,
            Tok::Heredoc(d, strip) => {
                pending_heredocs.push((d, strip, script.commands.len()));
            }
            Tok::Pipe => {
                skip_next_word = false;
                if finish(&mut cur, &mut script, pipeline, index) {
                    index += 1;
                }
            }
            Tok::Sep => {
                skip_next_word = false;
                finish(&mut cur, &mut script, pipeline, index);
                pipeline += 1;
                index = 0;
            }
        }
    }
    finish(&mut cur, &mut script, pipeline, index);
    let _ = pending_heredocs;
    script
}

/// `if`, `then`, `do`, `!`, `{` … before a command; `fi`, `done`, `}` alone; `for x in …`.
fn strip_control_words(c: &mut Cmd) {
    const LEAD: &[&str] = &[
        "if", "then", "else", "elif", "do", "while", "until", "!", "{", "(", "time",
    ];
    while c.assigns.is_empty()
        && c.words
            .first()
            .is_some_and(|w| LEAD.contains(&w.text.as_str()) && w.subs.is_empty())
    {
        let w = c.words.remove(0);
        c.offset = c.words.first().map(|x| x.offset).unwrap_or(w.offset);
    }
    if let Some(first) = c.words.first() {
        match first.text.as_str() {
            "fi" | "done" | "}" | "esac" | ";;" => c.words.clear(),
            "for" | "case" | "select" => c.words.clear(),
            _ => {}
        }
    }
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"];

/// `sh -c '…'`: parse the script argument.
fn attach_inner(c: &mut Cmd, depth: usize) {
    let eff = c.effective();
    let Some(first) = eff.first() else { return };
    if !SHELLS.contains(&basename(&first.text)) {
        return;
    }
    let mut i = 1;
    if basename(&first.text) == "busybox" {
        i = 2;
    }
    let mut script_arg = None;
    while i < eff.len() {
        let t = &eff[i].text;
        if t.starts_with('-') && !t.starts_with("--") && t.contains('c') {
            script_arg = eff.get(i + 1).map(|w| (w.text.clone(), w.offset));
            break;
        }
        if !t.starts_with('-') {
            break;
        }
        i += 1;
    }
    if let Some((text, off)) = script_arg {
        let mut inner = parse_depth(&text, depth + 1);
        relocate(&mut inner, off);
        c.inner = Some(Box::new(inner));
    }
}

/// Nested scripts report the offset of the word they came from.
fn relocate(s: &mut Script, off: usize) {
    for c in &mut s.commands {
        c.offset = off;
        for w in &mut c.words {
            w.offset = off;
            for sub in &mut w.subs {
                relocate(sub, off);
            }
        }
        if let Some(i) = &mut c.inner {
            relocate(i, off);
        }
    }
}

fn is_name(s: &str) -> bool {
    let mut ch = s.chars();
    ch.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && ch.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Finds the end (exclusive, in chars) of a balanced `(`…`)` starting after the opening.
fn matching_paren(ch: &[(usize, char)], mut i: usize) -> usize {
    let mut depth = 1usize;
    while i < ch.len() {
        match ch[i].1 {
            '\\' => i += 1,
            '\'' => {
                i += 1;
                while i < ch.len() && ch[i].1 != '\'' {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < ch.len() && ch[i].1 != '"' {
                    if ch[i].1 == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    ch.len()
}

fn tokenize(text: &str, depth: usize) -> Vec<Tok> {
    let ch: Vec<(usize, char)> = text.char_indices().collect();
    let n = ch.len();
    let byte_at = |i: usize| if i < n { ch[i].0 } else { text.len() };
    let slice = |a: usize, b: usize| -> &str { &text[byte_at(a)..byte_at(b)] };
    let mut toks = vec![];
    let mut word = ShWord::default();
    let mut in_word = false;
    let mut quoted = false;
    // `<<X` seen on this line: bodies start after the next newline.
    let mut heredocs: Vec<(String, bool)> = vec![];
    let mut i = 0usize;

    #[allow(unused_assignments)]
    macro_rules! end_word {
        () => {
            if in_word {
                let w = std::mem::take(&mut word);
                let assign = if !quoted || w.text.contains('=') {
                    w.text
                        .split_once('=')
                        .filter(|(k, _)| is_name(k))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                } else {
                    None
                };
                toks.push(Tok::Word(w, assign));
                in_word = false;
                quoted = false;
            }
        };
    }
    macro_rules! start {
        () => {
            if !in_word {
                in_word = true;
                word.offset = byte_at(i);
            }
        };
    }
    let sub = |a: usize, b: usize| -> Script {
        if depth >= MAX_DEPTH {
            Script::default()
        } else {
            parse_depth(slice(a, b), depth + 1)
        }
    };

    while i < n {
        let c = ch[i].1;
        match c {
            '\\' => {
                if i + 1 < n && ch[i + 1].1 == '\n' {
                    i += 2;
                    continue;
                }
                if i + 2 < n && ch[i + 1].1 == '\r' && ch[i + 2].1 == '\n' {
                    i += 3;
                    continue;
                }
                start!();
                if i + 1 < n {
                    word.text.push(ch[i + 1].1);
                }
                i += 2;
            }
            ' ' | '\t' | '\r' => {
                end_word!();
                i += 1;
            }
            '\n' => {
                end_word!();
                toks.push(Tok::Sep);
                i += 1;
                // Skip bodies of heredocs opened on this line.
                for (delim, strip) in std::mem::take(&mut heredocs) {
                    let body_start = i;
                    loop {
                        if i >= n {
                            break;
                        }
                        let line_end = (i..n).find(|&k| ch[k].1 == '\n').unwrap_or(n);
                        let line = slice(i, line_end);
                        let l = if strip {
                            line.trim_start_matches('\t')
                        } else {
                            line
                        };
                        i = (line_end + 1).min(n);
                        if l.trim_end_matches('\r') == delim {
                            break;
                        }
                    }
                    let _ = body_start;
                }
            }
            '#' if !in_word => {
                while i < n && ch[i].1 != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                start!();
                quoted = true;
                i += 1;
                while i < n && ch[i].1 != '\'' {
                    word.text.push(ch[i].1);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                start!();
                quoted = true;
                i += 1;
                while i < n && ch[i].1 != '"' {
                    let d = ch[i].1;
                    if d == '\\'
                        && i + 1 < n
                        && matches!(ch[i + 1].1, '"' | '\\' | '$' | '`' | '\n')
                    {
                        if ch[i + 1].1 != '\n' {
                            word.text.push(ch[i + 1].1);
                        }
                        i += 2;
                        continue;
                    }
                    if d == '$' && i + 1 < n && ch[i + 1].1 == '(' {
                        let end = matching_paren(&ch, i + 2);
                        word.subs.push(sub(i + 2, end));
                        word.text.push_str(slice(i, (end + 1).min(n)));
                        i = end + 1;
                        continue;
                    }
                    if d == '`' {
                        let end = (i + 1..n).find(|&k| ch[k].1 == '`').unwrap_or(n);
                        word.subs.push(sub(i + 1, end));
                        word.text.push_str(slice(i, (end + 1).min(n)));
                        i = end + 1;
                        continue;
                    }
                    word.text.push(d);
                    i += 1;
                }
                i += 1;
            }
            '`' => {
                start!();
                let end = (i + 1..n).find(|&k| ch[k].1 == '`').unwrap_or(n);
                word.subs.push(sub(i + 1, end));
                word.text.push_str(slice(i, (end + 1).min(n)));
                i = end + 1;
            }
            '$' => {
                start!();
                let next = ch.get(i + 1).map(|x| x.1);
                match next {
                    Some('(') => {
                        let end = matching_paren(&ch, i + 2);
                        if ch.get(i + 2).map(|x| x.1) != Some('(') {
                            word.subs.push(sub(i + 2, end));
                        }
                        word.text.push_str(slice(i, (end + 1).min(n)));
                        i = end + 1;
                    }
                    Some('{') => {
                        let end = (i + 2..n).find(|&k| ch[k].1 == '}').unwrap_or(n);
                        word.text.push_str(slice(i, (end + 1).min(n)));
                        i = end + 1;
                    }
                    Some('\'') => {
                        quoted = true;
                        i += 2;
                        while i < n && ch[i].1 != '\'' {
                            if ch[i].1 == '\\' && i + 1 < n {
                                i += 1;
                            }
                            word.text.push(ch[i].1);
                            i += 1;
                        }
                        i += 1;
                    }
                    _ => {
                        word.text.push('$');
                        i += 1;
                    }
                }
            }
            '|' | '&' | ';' => {
                let next = ch.get(i + 1).map(|x| x.1);
                if c == '&' && next == Some('>') {
                    // `&>file`
                    end_word!();
                    toks.push(Tok::Redirect);
                    i += if ch.get(i + 2).map(|x| x.1) == Some('>') {
                        3
                    } else {
                        2
                    };
                    continue;
                }
                end_word!();
                if c == '|' && next != Some('|') {
                    toks.push(Tok::Pipe);
                    i += if next == Some('&') { 2 } else { 1 };
                } else {
                    toks.push(Tok::Sep);
                    i += if next == Some(c) { 2 } else { 1 };
                }
            }
            '(' | ')' => {
                end_word!();
                toks.push(Tok::Sep);
                i += 1;
            }
            '<' | '>' => {
                // `<(…)`, `>(…)`: process substitution.
                if ch.get(i + 1).map(|x| x.1) == Some('(') {
                    start!();
                    let end = matching_paren(&ch, i + 2);
                    word.subs.push(sub(i + 2, end));
                    word.text.push_str(slice(i, (end + 1).min(n)));
                    i = end + 1;
                    continue;
                }
                // A file-descriptor number right before is part of the operator.
                if in_word
                    && !quoted
                    && !word.text.is_empty()
                    && word.text.bytes().all(|b| b.is_ascii_digit())
                {
                    word = ShWord::default();
                    in_word = false;
                } else {
                    end_word!();
                }
                if c == '<'
                    && ch.get(i + 1).map(|x| x.1) == Some('<')
                    && ch.get(i + 2).map(|x| x.1) != Some('<')
                {
                    let mut j = i + 2;
                    let strip = ch.get(j).map(|x| x.1) == Some('-');
                    if strip {
                        j += 1;
                    }
                    while j < n && matches!(ch[j].1, ' ' | '\t') {
                        j += 1;
                    }
                    let s = j;
                    while j < n
                        && !matches!(
                            ch[j].1,
                            ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | ')'
                        )
                    {
                        j += 1;
                    }
                    let delim: String = slice(s, j)
                        .chars()
                        .filter(|c| *c != '\'' && *c != '"' && *c != '\\')
                        .collect();
                    if !delim.is_empty() {
                        heredocs.push((delim.clone(), strip));
                        toks.push(Tok::Heredoc(delim, strip));
                    }
                    i = j;
                    continue;
                }
                let mut j = i + 1;
                while j < n && matches!(ch[j].1, '<' | '>' | '&' | '|') {
                    j += 1;
                }
                // `2>&1`, `>&2`: the target is a descriptor, part of the operator.
                if slice(i, j).ends_with('&') {
                    while j < n && (ch[j].1.is_ascii_digit() || ch[j].1 == '-') {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                toks.push(Tok::Redirect);
                i = j;
            }
            _ => {
                start!();
                word.text.push(c);
                i += 1;
            }
        }
    }
    #[allow(unused_assignments)]
    {
        end_word!();
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progs(s: &Script) -> Vec<String> {
        s.all().iter().map(|c| c.argv().join(" ")).collect()
    }

    #[test]
    fn splits_lists_and_pipelines() {
        let s =
            parse_script("apt-get update && apt-get install -y curl || true; echo 'a b' | tee /x");
        assert_eq!(
            progs(&s),
            vec![
                "apt-get update",
                "apt-get install -y curl",
                "true",
                "echo a b",
                "tee /x"
            ]
        );
        let p = s.pipelines();
        assert_eq!(p.len(), 4);
        assert_eq!(p[3].len(), 2);
    }

    #[test]
    fn continuations_comments_and_control_words() {
        let s = parse_script(
            "set -eux; \\\n  if [ -f x ]; then rm x; fi\n# comment | sh\nfor f in a b; do echo \"$f\"; done",
        );
        assert_eq!(progs(&s), vec!["set -eux", "[ -f x ]", "rm x", "echo $f"]);
    }

    #[test]
    fn substitutions_and_sh_c() {
        let s = parse_script("sh -c \"$(curl -fsSL https://x/install.sh)\"");
        let all = progs(&s);
        assert!(
            all.contains(&"curl -fsSL https://x/install.sh".to_string()),
            "{all:?}"
        );
        let s = parse_script("bash -c 'wget -qO- https://x | sh'");
        let p = s.pipelines();
        assert!(p.iter().any(|p| p.len() == 2 && p[1].program() == "sh"));
    }

    #[test]
    fn assignments_wrappers_and_redirections() {
        let s = parse_script(
            "GIT_SSL_NO_VERIFY=1 sudo -u app env A=b /usr/bin/git clone x > /dev/null 2>&1",
        );
        let c = &s.commands[0];
        assert_eq!(c.assigns, vec![("GIT_SSL_NO_VERIFY".into(), "1".into())]);
        assert_eq!(c.program(), "git");
        assert_eq!(c.args(), vec!["clone", "x"]);
        assert!(c.uses_sudo());
    }

    #[test]
    fn heredoc_bodies_in_scripts_are_skipped() {
        let s = parse_script("cat <<EOF > /etc/x\ncurl a | sh\nEOF\necho done");
        assert_eq!(progs(&s), vec!["cat", "echo done"]);
    }

    #[test]
    fn subshells_and_groups() {
        let s = parse_script("(cd /src && make) && { echo ok; }");
        assert_eq!(progs(&s), vec!["cd /src", "make", "echo ok"]);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "$(",
            "`",
            "\"",
            "'",
            "<<",
            "$((1+",
            "\\",
            "a |",
            "$'\\",
            "${",
            "<(",
            "2>&",
            "(((((((((((((((((((((((((",
        ] {
            let _ = parse_script(s);
        }
        let deep = "$(".repeat(200);
        let _ = parse_script(&deep);
    }
}
