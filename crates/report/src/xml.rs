//! Escaping for XML and HTML text and attribute values.

/// Escapes `& < > " '` and replaces characters XML 1.0 forbids (most C0 controls, lone
/// surrogates cannot occur in a `str`, U+FFFE/U+FFFF) with U+FFFD, so any input yields
/// well-formed XML and inert HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Like [`escape`], for attribute values: newlines and tabs become character references so
/// parsers keep them (attribute-value normalisation would turn them into spaces).
pub fn escape_attr(s: &str) -> String {
    escape(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1b}[31mb\u{0}"), "a\u{fffd}[31mb\u{fffd}");
        assert_eq!(escape_attr("a\nb"), "a&#10;b");
    }
}
