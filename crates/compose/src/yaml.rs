//! A YAML document as a tree of nodes that each know their file, line and column.
//!
//! Parsed with serde-saphyr (YAML 1.2 booleans, merge keys `<<`, anchors and aliases, and a
//! budget that bounds what hostile input can cost: depth, node count, alias replay).

use crate::ComposeError;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Spanned, Tagged};
use std::fmt;
use std::sync::Arc;

/// Largest compose file we read (real ones are a few KiB).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// A 1-based position in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    pub path: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn location(&self) -> dh_model::Location {
        dh_model::Location {
            path: self.path.to_string(),
            line: self.line,
            column: self.column,
        }
    }
}

/// One YAML node with its position (for aliases and merged keys: where it is *used*).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// The text as written, when interpolation changed it.
    pub raw: Option<String>,
    /// Compose's merge tags, `!reset` or `!override`, when given.
    pub tag: Option<Box<str>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The entry of a mapping node under a string key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The (key, value) entry of a mapping node under a string key.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| k.scalar().as_deref() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// A scalar as text (`80` → "80", `true` → "true"); None for null, sequences, mappings.
    pub fn scalar(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// What kind of node this is, for error messages.
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Str(s) => format!("{:?}", clip(s)),
            Value::Seq(_) => "a sequence".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

/// At most 60 characters of `s`, for messages.
pub fn clip(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(57).collect();
        t.push_str("...");
        t
    }
}

/// A node as serde-saphyr gives it: position and tag around the value.
type RawNode = Spanned<Tagged<Raw>>;

/// The serde shape of a node, positions attached by `Spanned`.
#[derive(Debug)]
enum Raw {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<RawNode>),
    Map(Vec<(RawNode, RawNode)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Raw, E> {
                Ok(Raw::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Raw, E> {
                Ok(Raw::Int(i.into()))
            }
            fn visit_u64<E>(self, i: u64) -> Result<Raw, E> {
                Ok(Raw::Int(i.into()))
            }
            fn visit_i128<E>(self, i: i128) -> Result<Raw, E> {
                Ok(Raw::Int(i))
            }
            fn visit_u128<E>(self, i: u128) -> Result<Raw, E> {
                Ok(i128::try_from(i).map_or_else(|_| Raw::Str(i.to_string()), Raw::Int))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Raw, E> {
                Ok(Raw::Float(f))
            }
            fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
                Ok(Raw::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Raw, E> {
                Ok(Raw::Str(s))
            }
            fn visit_bytes<E>(self, b: &[u8]) -> Result<Raw, E> {
                Ok(Raw::Str(String::from_utf8_lossy(b).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Raw::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut v = Vec::new();
                while let Some(e) = a.next_entry()? {
                    v.push(e);
                }
                Ok(Raw::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

fn convert(s: Spanned<Tagged<Raw>>, path: &Arc<str>) -> Node {
    let pos = Pos {
        path: path.clone(),
        line: u32::try_from(s.referenced.line()).unwrap_or(u32::MAX),
        column: u32::try_from(s.referenced.column()).unwrap_or(u32::MAX),
    };
    let Tagged(raw, tag) = s.value;
    let value = match raw {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(v) => Value::Seq(v.into_iter().map(|x| convert(x, path)).collect()),
        Raw::Map(m) => Value::Map(
            m.into_iter()
                .map(|(k, v)| (convert(k, path), convert(v, path)))
                .collect(),
        ),
    };
    Node {
        value,
        pos,
        raw: None,
        tag: tag
            .filter(|t| t == "!reset" || t == "!override")
            .map(|t| t.into_boxed_str()),
    }
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        // YAML 1.2 booleans, as the Compose tools read them: `on`, `y`, `no` stay strings.
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_events: 400_000,
            max_nodes: 200_000,
            max_aliases: 10_000,
            max_anchors: 10_000,
            max_depth: 48,
            max_documents: 1,
            max_total_scalar_bytes: MAX_INPUT_BYTES,
            max_merge_keys: 10_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 50_000,
            max_replay_stack_depth: 32,
        },
    }
}

/// Parses one YAML document. An empty document is `Null` at 1:1.
pub fn parse(path: &Arc<str>, text: &str) -> Result<Node, ComposeError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ComposeError::new(
            crate::ErrorKind::Yaml,
            path,
            1,
            1,
            format!(
                "file is {} bytes, more than the {} a compose file may have",
                text.len(),
                MAX_INPUT_BYTES
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Node {
            value: Value::Null,
            pos: Pos {
                path: path.clone(),
                line: 1,
                column: 1,
            },
            raw: None,
            tag: None,
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<Tagged<Raw>>>(text, options()) {
        Ok(s) => Ok(convert(s, path)),
        Err(e) => {
            let e = e.without_snippet();
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let mut inner = e;
            while let serde_saphyr::Error::AliasError { error, .. }
            | serde_saphyr::Error::WithSnippet { error, .. } = inner
            {
                inner = error;
            }
            let mut msg = match inner {
                serde_saphyr::Error::Budget { breach, .. } => limit_message(breach),
                serde_saphyr::Error::AliasReplayLimitExceeded { .. }
                | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
                | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
                | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => {
                    "aliases expand to too much (an alias bomb?); refused".to_string()
                }
                other => other.to_string(),
            };
            if let Some(i) = msg.find(" at line ") {
                msg.truncate(i);
            }
            let msg = msg.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
            Err(ComposeError::new(
                crate::ErrorKind::Yaml,
                path,
                u32::try_from(line.max(1)).unwrap_or(u32::MAX),
                u32::try_from(column.max(1)).unwrap_or(u32::MAX),
                format!("invalid YAML: {}", clip_msg(&msg)),
            ))
        }
    }
}

/// What a breached budget means, in the user's words.
fn limit_message(b: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match b {
        B::Depth { .. } => "nested too deeply (more than 48 levels); refused".into(),
        B::Nodes { .. } | B::Events { .. } => {
            "too many YAML nodes for a compose file; refused".into()
        }
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => {
            "too many aliases (an alias bomb?); refused".into()
        }
        B::Documents { .. } => "more than one YAML document (---) in a compose file".into(),
        other => format!("input over the parser's limits ({other:?}); refused"),
    }
}

fn clip_msg(s: &str) -> String {
    let one_line = s.split('\n').next().unwrap_or("").trim();
    if one_line.chars().count() > 200 {
        one_line.chars().take(200).collect::<String>() + "..."
    } else {
        one_line.to_string()
    }
}
