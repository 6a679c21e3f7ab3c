//! Reporters turn a [`Report`] into a format. They never decide anything.

use dh_model::{Report, RuleMeta};
use std::str::FromStr;

mod json;
mod text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Html,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "junit" => Ok(Format::Junit),
            "html" => Ok(Format::Html),
            o => Err(format!("unknown format {o:?} (expected text, json, sarif, junit or html)")),
        }
    }
}

/// What a reporter may need beyond the report itself.
pub struct RenderOptions<'a> {
    /// Colour (only on a terminal and without `NO_COLOR`; the caller decides).
    pub color: bool,
    /// Rule metadata and documentation (markdown), for SARIF rule help and HTML.
    pub rules: &'a [(&'static RuleMeta, &'static str)],
    /// For lint findings: read a source line to show under the finding (text format).
    pub source_line: &'a dyn Fn(&str, u32) -> Option<String>,
}

pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Json => json::render(report),
        Format::Text => text::render(report, opts),
        // Filled in by the reporters' own modules.
        Format::Sarif | Format::Junit | Format::Html => json::render(report),
    }
}
