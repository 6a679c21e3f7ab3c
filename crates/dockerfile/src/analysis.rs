//! What the rules see: the build's stages (with `FROM` resolved through `ARG`s and parent
//! stages), the variables in scope at each instruction, and every `RUN` script (shell form
//! and heredoc bodies) split into commands, with a source location for each.

use crate::lex::Lex;
use crate::parser::{Args, Dockerfile, Instruction};
use crate::script::{parse_script, Cmd, Script};
use dh_model::Location;
use std::collections::HashMap;

/// One build stage.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// `AS name`, lower-cased.
    pub name: Option<String>,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// The image as written.
    pub base: String,
    /// The image with build arguments substituted by their defaults; `None` when a variable
    /// has no default.
    pub base_resolved: Option<String>,
    /// The earlier stage this one is built `FROM`.
    pub parent: Option<usize>,
    /// Instruction indexes of the stage, `FROM` excluded.
    pub body: std::ops::Range<usize>,
}

/// Where the text of a script comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The instruction line; offsets are offsets into [`Instruction::original`] after `rest_offset`.
    Line,
    /// Heredoc number `n` of the instruction.
    Heredoc(usize),
}

/// A shell script of a `RUN` instruction.
#[derive(Debug, Clone)]
pub struct RunScript {
    pub inst: usize,
    pub stage: usize,
    pub origin: Origin,
    pub script: Script,
}

/// A parsed Dockerfile, ready for the rules.
pub struct Analysis<'a> {
    pub path: &'a str,
    pub df: &'a Dockerfile,
    /// `ARG`s before the first `FROM` and their defaults.
    pub meta_args: HashMap<String, Option<String>>,
    pub stages: Vec<Stage>,
    /// Stage index of each instruction (`None` before the first `FROM`).
    pub stage_of: Vec<Option<usize>>,
    pub runs: Vec<RunScript>,
    /// The stage that is built (`--target`), when not the last one.
    pub target: Option<usize>,
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

impl<'a> Analysis<'a> {
    pub fn new(path: &'a str, df: &'a Dockerfile) -> Self {
        Self::with_target(path, df, None)
    }

    /// As [`Analysis::new`], judging stage `target` (a name, or an index) as the one that is
    /// shipped, as `docker build --target` does. A file without that stage ships its last one.
    pub fn with_target(path: &'a str, df: &'a Dockerfile, target: Option<&str>) -> Self {
        // BuildKit's automatic platform arguments, in the global scope (values for the most
        // common target; they only decide which stage a `FROM base-$TARGETOS` refers to).
        let mut meta_args: HashMap<String, Option<String>> = [
            ("BUILDPLATFORM", "linux/amd64"),
            ("BUILDOS", "linux"),
            ("BUILDARCH", "amd64"),
            ("BUILDVARIANT", ""),
            ("TARGETPLATFORM", "linux/amd64"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "amd64"),
            ("TARGETVARIANT", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
        let mut stages: Vec<Stage> = vec![];
        let mut stage_of = vec![None; df.instructions.len()];
        for (i, inst) in df.instructions.iter().enumerate() {
            match inst.keyword.as_str() {
                "ARG" if stages.is_empty() => {
                    for (k, v) in arg_pairs(inst) {
                        meta_args.insert(k, v);
                    }
                }
                "FROM" => {
                    if let Some(last) = stages.last_mut() {
                        last.body.end = i;
                    }
                    let words: Vec<String> = match &inst.args {
                        Args::Words(w) => w.iter().map(|w| w.text.clone()).collect(),
                        _ => vec![],
                    };
                    let base = words.first().cloned().unwrap_or_default();
                    let name = match words.as_slice() {
                        [_, as_, n, ..] if as_.eq_ignore_ascii_case("as") => Some(n.to_lowercase()),
                        _ => None,
                    };
                    let env: HashMap<String, String> = meta_args
                        .iter()
                        .filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
                        .collect();
                    let base_resolved = expand(&base, &env, df.escape);
                    let parent = base_resolved.as_ref().and_then(|b| {
                        let b = b.to_lowercase();
                        stages
                            .iter()
                            .rposition(|s| s.name.as_deref() == Some(b.as_str()))
                    });
                    stages.push(Stage {
                        index: stages.len(),
                        name,
                        from: i,
                        base,
                        base_resolved,
                        parent,
                        body: i + 1..df.instructions.len(),
                    });
                    stage_of[i] = Some(stages.len() - 1);
                }
                _ => {
                    if !stages.is_empty() {
                        stage_of[i] = Some(stages.len() - 1);
                    }
                }
            }
        }
        let target = target.and_then(|t| {
            let t = t.to_lowercase();
            stages
                .iter()
                .position(|s| s.name.as_deref() == Some(t.as_str()))
                .or_else(|| t.parse::<usize>().ok().filter(|&i| i < stages.len()))
        });
        let mut a = Analysis {
            path,
            df,
            meta_args,
            stages,
            stage_of,
            runs: vec![],
            target,
        };
        a.runs = a.collect_runs();
        a
    }

    fn collect_runs(&self) -> Vec<RunScript> {
        let mut out = vec![];
        for (i, inst) in self.df.instructions.iter().enumerate() {
            // ONBUILD RUN runs in the images built from this one, not here.
            if inst.keyword != "RUN" {
                continue;
            }
            let Some(stage) = self.stage_of[i] else {
                continue;
            };
            if let Args::Text(w) = &inst.args {
                let line = parse_script(&w.text);
                let feeds_shell = line.commands.is_empty()
                    || line.commands.iter().all(|c| SHELLS.contains(&c.program()));
                out.push(RunScript {
                    inst: i,
                    stage,
                    origin: Origin::Line,
                    script: line,
                });
                for (n, h) in inst.heredocs.iter().enumerate() {
                    let body = h.body();
                    let shebang = body.lines().next().filter(|l| l.starts_with("#!"));
                    let shell_body = match shebang {
                        Some(l) => SHELLS
                            .iter()
                            .any(|s| l.ends_with(&format!("/{s}")) || l.contains(&format!(" {s}"))),
                        None => feeds_shell,
                    };
                    if shell_body {
                        out.push(RunScript {
                            inst: i,
                            stage,
                            origin: Origin::Heredoc(n),
                            script: parse_script(&body),
                        });
                    }
                }
            }
        }
        out
    }

    pub fn inst(&self, i: usize) -> &Instruction {
        &self.df.instructions[i]
    }

    /// Location of a byte offset of an instruction's original line.
    pub fn loc(&self, inst: usize, offset: usize) -> Location {
        let p = self.inst(inst).pos(offset);
        Location {
            path: self.path.to_string(),
            line: p.line,
            column: p.column,
        }
    }

    /// Location of the instruction word.
    pub fn inst_loc(&self, inst: usize) -> Location {
        let p = self.inst(inst).start();
        Location {
            path: self.path.to_string(),
            line: p.line,
            column: p.column,
        }
    }

    /// Location of a command of a `RUN` script.
    pub fn cmd_loc(&self, run: &RunScript, cmd: &Cmd) -> Location {
        let inst = self.inst(run.inst);
        match run.origin {
            Origin::Line => {
                let base = match &inst.args {
                    Args::Text(w) => w.offset,
                    _ => inst.rest_offset,
                };
                self.loc(run.inst, base + cmd.offset)
            }
            Origin::Heredoc(n) => {
                let h = &inst.heredocs[n];
                let body = h.body();
                let upto = &body[..cmd.offset.min(body.len())];
                let line = h.body_line + upto.matches('\n').count() as u32;
                let col_start = upto.rfind('\n').map(|p| p + 1).unwrap_or(0);
                let mut column = upto[col_start..].chars().count() as u32 + 1;
                if h.chomp {
                    // Account for the tabs the chomp removed from this line.
                    let raw_line = h
                        .content
                        .lines()
                        .nth((line - h.body_line) as usize)
                        .unwrap_or("");
                    column += (raw_line.len() - raw_line.trim_start_matches('\t').len()) as u32;
                }
                Location {
                    path: self.path.to_string(),
                    line,
                    column,
                }
            }
        }
    }

    /// The stage that is shipped: the `--target` stage, else the last one (BuildKit's default).
    pub fn final_stage(&self) -> Option<&Stage> {
        match self.target {
            Some(t) => self.stages.get(t),
            None => self.stages.last(),
        }
    }

    /// The final stage and the stages it is built `FROM`, final first.
    pub fn final_chain(&self) -> Vec<&Stage> {
        let mut out = vec![];
        let mut cur = self.final_stage();
        while let Some(s) = cur {
            if out.iter().any(|x: &&Stage| x.index == s.index) {
                break;
            }
            out.push(s);
            cur = s.parent.map(|p| &self.stages[p]);
        }
        out
    }

    /// Variables in scope just before instruction `inst` of its stage: `ARG`s declared in the
    /// stage (with their defaults or the global default) and `ENV`s, inherited `ENV`s of parent
    /// stages included. Variables without a known value are absent.
    pub fn env_at(&self, inst: usize) -> HashMap<String, String> {
        let Some(stage) = self.stage_of.get(inst).copied().flatten() else {
            return HashMap::new();
        };
        let mut chain = vec![];
        let mut cur = Some(stage);
        while let Some(s) = cur {
            if chain.contains(&s) {
                break;
            }
            chain.push(s);
            cur = self.stages[s].parent;
        }
        let mut env = HashMap::new();
        for (n, &s) in chain.iter().rev().enumerate() {
            let is_own = n == chain.len() - 1;
            let st = &self.stages[s];
            let end = if is_own { inst } else { st.body.end };
            let mut args: HashMap<String, String> = HashMap::new();
            for i in st.body.start..end.min(st.body.end) {
                let ins = self.inst(i);
                match ins.keyword.as_str() {
                    "ARG" if is_own => {
                        for (k, v) in arg_pairs(ins) {
                            let v = v
                                .map(|v| {
                                    expand(&v, &merged(&env, &args), self.df.escape).unwrap_or(v)
                                })
                                .or_else(|| self.meta_args.get(&k).cloned().flatten());
                            match v {
                                Some(v) => {
                                    args.insert(k, v);
                                }
                                None => {
                                    args.remove(&k);
                                }
                            }
                        }
                    }
                    "ENV" => {
                        if let Args::Pairs(ps) = &ins.args {
                            for p in ps {
                                let scope = merged(&env, &args);
                                let v = expand(&p.value, &scope, self.df.escape)
                                    .unwrap_or_else(|| p.value.clone());
                                env.insert(p.key.clone(), v);
                            }
                        }
                    }
                    _ => {}
                }
            }
            if is_own {
                for (k, v) in args {
                    env.entry(k).or_insert(v);
                }
            }
        }
        env
    }

    /// A word of instruction `inst` with its variables substituted; `None` if one is unknown.
    pub fn expand_at(&self, inst: usize, word: &str) -> Option<String> {
        expand(word, &self.env_at(inst), self.df.escape)
    }
}

fn merged(a: &HashMap<String, String>, b: &HashMap<String, String>) -> HashMap<String, String> {
    let mut m = a.clone();
    for (k, v) in b {
        m.insert(k.clone(), v.clone());
    }
    m
}

/// `ARG A=1 B` → `[(A, Some(1)), (B, None)]`, quotes removed.
pub fn arg_pairs(inst: &Instruction) -> Vec<(String, Option<String>)> {
    let Args::Words(ws) = &inst.args else {
        return vec![];
    };
    ws.iter()
        .map(|w| match w.text.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(unquote(v))),
            None => (w.text.clone(), None),
        })
        .collect()
}

/// Removes one level of shell quoting and escapes, as the build does for values.
pub fn unquote(v: &str) -> String {
    let mut lex = Lex::new('\\');
    lex.skip_unset = true;
    lex.process_word(v, &crate::lex::NoEnv)
        .unwrap_or_else(|_| v.to_string())
}

/// Substitutes variables; `None` when a referenced variable is unknown or the word is malformed.
pub fn expand(word: &str, env: &HashMap<String, String>, escape: char) -> Option<String> {
    if !word.contains('$') {
        let mut lex = Lex::new(escape);
        lex.skip_unset = true;
        return lex.process_word(word, env).ok();
    }
    let mut lex = Lex::new(escape);
    lex.skip_unset = true;
    let out = lex.process_word(word, env).ok()?;
    // With skip_unset, an unknown variable stays as written.
    let mut probe = Lex::new(escape);
    probe.skip_unset = false;
    let strict = probe.process_word(word, env).ok()?;
    (out == strict).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;

    #[test]
    fn stages_resolve_args_and_parents() {
        let df = parse(
            "ARG BASE=alpine\nARG TAG\nFROM ${BASE}:3.19 AS build\nARG UID=1000\nENV HOME=/home/app\nFROM build\nARG UID\nUSER ${UID}\nFROM $BASE:$TAG\n",
        )
        .unwrap();
        let a = Analysis::new("Dockerfile", &df);
        assert_eq!(a.stages.len(), 3);
        assert_eq!(a.stages[0].base_resolved.as_deref(), Some("alpine:3.19"));
        assert_eq!(a.stages[1].parent, Some(0));
        assert_eq!(a.stages[2].base_resolved, None);
        let user = a.expand_at(7, "${UID}");
        // `ARG UID` in the second stage has no default of its own and no global one.
        assert_eq!(user, None);
        assert_eq!(
            a.env_at(7).get("HOME").map(String::as_str),
            Some("/home/app")
        );
    }

    #[test]
    fn platform_args_pick_the_stage() {
        let df = parse("FROM alpine:3 AS base-linux\nUSER app\nFROM base-$TARGETOS\n").unwrap();
        let a = Analysis::new("D", &df);
        assert_eq!(a.stages[1].parent, Some(0));
    }

    #[test]
    fn heredoc_scripts_and_locations() {
        let df = parse("FROM alpine\nRUN <<EOF\nset -e\n  apk add curl\nEOF\nRUN python3 <<PY\nimport os\nPY\n").unwrap();
        let a = Analysis::new("D", &df);
        let heredoc_runs: Vec<_> = a.runs.iter().filter(|r| r.origin != Origin::Line).collect();
        assert_eq!(heredoc_runs.len(), 1);
        let r = heredoc_runs[0];
        let cmd = &r.script.commands[1];
        assert_eq!(cmd.program(), "apk");
        let l = a.cmd_loc(r, cmd);
        assert_eq!((l.line, l.column), (4, 3));
    }
}
