//! Reporters turn a [`Report`] into a format. They never decide anything.

use dh_model::{Report, RuleMeta};
use std::str::FromStr;

#[doc(hidden)]
pub mod fixture;
mod html;
mod json;
mod junit;
mod rulemeta;
pub mod sarif;
mod text;
mod xml;

pub use rulemeta::{help_uri, RULES_DOC};

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
            o => Err(format!(
                "unknown format {o:?} (expected text, json, sarif, junit or html)"
            )),
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
    /// When the report was made (RFC 3339, UTC), for the HTML header, JUnit and SARIF; the
    /// caller reads the clock (see `dh_policy::timestamp_utc`). `None` leaves it out.
    pub generated: Option<String>,
}

pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Json => json::render(report),
        Format::Text => text::render(report, opts),
        Format::Sarif => sarif::render(report, opts),
        Format::Junit => junit::render(report, opts),
        Format::Html => html::render(report, opts),
    }
}

#[cfg(test)]
mod tests;
