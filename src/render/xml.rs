//! XML text for the JUnit and Checkstyle formats: escaping that is right for any input.

/// Escapes text for XML 1.0 element content or a double-quoted attribute value.
///
/// Characters XML 1.0 cannot hold at all (C0 controls other than tab, line feed and carriage
/// return; U+FFFE and U+FFFF) are dropped: they come in from converted documents (`\x0C` from
/// pdftotext, `\x0B` from old .doc files) and would make the whole file unreadable. Tab, line
/// feed and carriage return are written as character references so that attribute values keep
/// them (a parser turns literal ones into spaces). `]]>` cannot survive since `>` is escaped.
#[must_use]
pub fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escapes text for element content, where line breaks and tabs are kept as they are (a parser
/// keeps them in content; only a carriage return would be turned into a line feed).
#[must_use]
pub fn escape_text(text: &str) -> String {
    escape_with(text, false)
}

fn escape_with(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' if !in_attribute => out.push(c),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("<名称>&\"'"), "&lt;名称&gt;&amp;&quot;&apos;");
        assert_eq!(escape("a]]>b"), "a]]&gt;b");
        assert_eq!(escape("x\u{1}\u{B}\u{C}y\u{FFFF}"), "xy");
        assert_eq!(escape("一\n二\t三\r"), "一&#10;二&#9;三&#13;");
        assert_eq!(escape_text("一\n二\t三\r]]>"), "一\n二\t三&#13;]]&gt;");
    }
}
