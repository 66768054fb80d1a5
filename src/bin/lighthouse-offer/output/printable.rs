//! Text that came from a document or another input, made safe to print on a terminal or into a
//! CI log: control characters (CR, LF, ESC, the C1 controls that some terminals read as ESC,
//! DEL) and the characters that reorder text on screen (bidirectional overrides) are written
//! as escapes (`\r`, `\n`, `\u{1b}`), so that a crafted value can neither move the cursor,
//! colour or clear the terminal, nor start a line of its own that a CI runner would read as a
//! workflow command (`::error::…`).
//!
//! Uses no other module of the tool.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as it is. A tab is harmless and kept.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            _ if !escape(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// One line of text for people: every unsafe character escaped, line breaks included.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// Text whose line breaks are its own layout (a table, a GitHub workflow command's message,
/// which escapes CR and LF itself): every other unsafe character escaped.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| is_unsafe(c) && c != '\n' && c != '\r')
}

/// A document's text as a snippet shows it, every byte at its place: the renderer already
/// shows the C0 controls, DEL and the bidirectional overrides as symbols (`␛`, `␍`); a C1
/// control (two bytes in UTF-8) becomes `¤` (two bytes as well), so positions do not move.
pub fn snippet_text(text: &str) -> Cow<'_, str> {
    let c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(c1) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c1(c) { '\u{a4}' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_reordering_characters_are_escaped() {
        assert_eq!(
            printable("a\r\n::error::x\u{1b}[2J\u{9b}31m\u{202e}b\tc"),
            "a\\r\\n::error::x\\u{1b}[2J\\u{9b}31m\\u{202e}b\tc"
        );
        assert!(matches!(printable("plain é text"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(printable_lines("a\r\nb\u{1b}c"), "a\r\nb\\u{1b}c");
    }

    #[test]
    fn snippets_keep_every_position() {
        let text = "x\u{9b}y\u{1b}";
        let shown = snippet_text(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "x\u{a4}y\u{1b}");
    }
}
