//! Where a diagnostic is in the text: from a JSON Pointer to a byte range, and from a byte offset
//! to a line and column.
//!
//! The library reports places as JSON Pointers in the document's own names; it does not keep
//! positions. This module reads the same text a second time with `jsonc-parser` (strictly: every
//! JSON extension it knows is switched off) to find the bytes that a pointer designates. A syntax
//! error has no pointer worth the name (it is reported at `""`), so its place comes from
//! `serde_json`, the parser that found it.
//!
//! Uses `io::input` (the input format) and the library.

use std::ops::Range;

use jsonc_parser::CollectOptions;
use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged as _;
use lighthouse_offer::JsonPointer;

/// Which part of an object member a span covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The member's value (or the array element): what most rules are about.
    Value,
    /// The member's name, with its quotes: what `unknown-field` is about.
    Key,
}

/// A document's text and its syntax tree, to find the places that pointers designate.
pub struct Locator<'a> {
    text: &'a str,
    /// `None` when the text is not strict JSON; every pointer then falls back to the first line.
    root: Option<Value<'a>>,
    /// The document's places when it is read as YAML.
    yaml: Option<lighthouse_offer::yaml::Document>,
}

impl<'a> Locator<'a> {
    /// Reads `text` as strict JSON ([RFC 8259]): no comments, trailing or missing commas, single
    /// quotes, unquoted names or numbers beyond JSON's.
    ///
    /// [RFC 8259]: https://www.rfc-editor.org/rfc/rfc8259
    pub fn new(text: &'a str) -> Self {
        Self::with_comments(text, false)
    }

    /// Reads `text` as an ARM file: JSON with `//` and `/* */` comments (and line breaks inside
    /// strings, which the parser keeps), as Azure Resource Manager reads templates. Comments
    /// hold no place in the value, so the pointers of the library stay right.
    pub fn arm(text: &'a str) -> Self {
        Self::with_comments(text, true)
    }

    fn with_comments(text: &'a str, comments: bool) -> Self {
        let options = lighthouse_offer::arm::parse_options(comments);
        let parse = |options: &jsonc_parser::ParseOptions| {
            jsonc_parser::parse_to_ast(text, &CollectOptions::default(), options)
                .ok()
                .and_then(|parsed| parsed.value)
        };
        // An offer document with comments or trailing commas is read leniently by the library
        // (each is an error of its own), so its other findings are placed the same way.
        let root = parse(&options).or_else(|| {
            let mut lenient = lighthouse_offer::arm::parse_options(true);
            lenient.allow_trailing_commas = true;
            parse(&lenient)
        });
        Locator {
            text,
            root,
            yaml: None,
        }
    }

    /// A locator for a text in `format`: JSON as [`Locator::new`], YAML through the library's
    /// YAML reader, which keeps the place of every value.
    pub fn for_format(text: &'a str, format: crate::io::input::InputFormat) -> Self {
        match format {
            crate::io::input::InputFormat::Json => Locator::new(text),
            crate::io::input::InputFormat::Yaml => Locator {
                text,
                root: None,
                yaml: lighthouse_offer::yaml::Document::parse(text).ok(),
            },
        }
    }

    /// The bytes that `pointer` designates: the member's value (or its name, for [`Part::Key`]),
    /// or the array element. A pointer that leads nowhere falls back to its nearest ancestor that
    /// exists. The whole document (`""`) is shown as its first line, from where the value starts.
    pub fn span(&self, pointer: &JsonPointer, part: Part) -> Range<usize> {
        if let Some(yaml) = &self.yaml {
            let whole = yaml.span(&JsonPointer::root(), false);
            let span = yaml.span(pointer, part == Part::Key);
            return if span == whole {
                first_line(self.text, whole.start)
            } else {
                span
            };
        }
        let Some(root) = &self.root else {
            return first_line(self.text, 0);
        };
        let mut value = root;
        let mut key = None;
        for token in pointer.tokens() {
            let next = match value {
                Value::Object(object) => object
                    .properties
                    .iter()
                    // Like serde_json, the last of two members with the same name is the one read.
                    .rfind(|member| member.name.as_str() == token)
                    .map(|member| (&member.value, Some(member.name.range()))),
                Value::Array(array) => array_index(&token)
                    .and_then(|index| array.elements.get(index))
                    .map(|element| (element, None)),
                _ => None,
            };
            let Some((next, name)) = next else { break };
            value = next;
            key = name;
        }
        if std::ptr::eq(value, root) {
            return first_line(self.text, root.start());
        }
        match (part, key) {
            (Part::Key, Some(name)) => name.start..name.end,
            _ => value.start()..value.end(),
        }
    }
}

/// An array index as RFC 6901 writes it: `0`, or digits without a leading zero.
fn array_index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// From the first character that is not white space at or after `from`, to the end of its line
/// (trailing white space left out). Empty at the end of the text.
fn first_line(text: &str, from: usize) -> Range<usize> {
    let rest = &text[from..];
    let start = from + (rest.len() - rest.trim_start().len());
    let line = text[start..].split('\n').next().unwrap_or_default();
    start..start + line.trim_end().len()
}

/// Where the ARM dialect (JSON with comments) stops reading `text`: the range the parser gives,
/// or `None` when the text is read.
pub fn arm_syntax_error(text: &str) -> Option<Range<usize>> {
    let options = lighthouse_offer::arm::parse_options(true);
    let error = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).err()?;
    let range = error.range();
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    Some(start..end)
}

/// The place of a comment or a trailing comma that the library read leniently (`json-comment`,
/// `trailing-comma`): the line and column at the end of its message (columns in bytes), as the
/// comment's or the comma's bytes.
pub fn lenient_span(
    text: &str,
    rule: lighthouse_offer::Rule,
    message: &str,
) -> Option<Range<usize>> {
    use lighthouse_offer::Rule;
    if !matches!(rule, Rule::JsonComment | Rule::TrailingComma) {
        return None;
    }
    let (_, place) = message.rsplit_once(" at line ")?;
    let (line, column) = place.split_once(" column ")?;
    let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = line_start + column.checked_sub(1)?;
    let rest = text.get(at..)?;
    let len = if rest.starts_with("//") {
        rest.split('\n').next().unwrap_or_default().trim_end().len()
    } else if rest.starts_with("/*") {
        rest.find("*/").map_or(rest.len(), |end| end + 2)
    } else if rest.starts_with(',') {
        1
    } else {
        return None;
    };
    Some(at..at + len)
}

/// Where `serde_json` stops reading `text`, as a range of one character (empty at the end of
/// the text); `None` when the text is JSON.
///
/// `serde_json` counts columns in bytes, 1-based, and points at the character that it could not
/// use; when the text ends too early, at its last character (or column 0 after a final newline).
pub fn syntax_error(text: &str) -> Option<Range<usize>> {
    let error = serde_json::from_str::<Skip>(text).err()?;
    let line_start = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut at = line_start + error.column().saturating_sub(1);
    // A trailing comma is shown at the comma, not at the bracket after it.
    if error.to_string().starts_with("trailing comma") {
        let before = text[..at.min(text.len())].trim_end();
        if before.ends_with(',') {
            return Some(before.len() - 1..before.len());
        }
    }
    // A text that ends too early is shown just after its last character that counts (before
    // trailing white space), where an editor's cursor would go to fix it.
    let content = text.trim_end().len();
    if error.is_eof() || at >= content {
        return Some(content..content);
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let width = text[at..].chars().next().map_or(0, char::len_utf8);
    Some(at..at + width)
}

/// Any JSON value, checked and dropped as it is parsed. Unlike `serde::de::IgnoredAny`, which
/// `serde_json` skips without counting levels, it is read through `deserialize_any`, so that a
/// text nested too deep fails where the library's parse failed, not at its end.
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Skip)
    }
}

impl<'de> serde::de::Visitor<'de> for Skip {
    type Value = Skip;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<Skip, A::Error> {
        while items.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut members: A) -> Result<Skip, A::Error> {
        while members.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::files::line_column;

    /// The text of the span that `pointer` designates.
    #[track_caller]
    fn at<'a>(text: &'a str, pointer: &str, part: Part) -> &'a str {
        let pointer = pointer_from(pointer);
        &text[Locator::new(text).span(&pointer, part)]
    }

    /// A `JsonPointer` from its escaped text, built through the library's own escaping.
    fn pointer_from(escaped: &str) -> JsonPointer {
        let mut pointer = JsonPointer::root();
        for token in escaped.split('/').skip(1) {
            pointer = pointer.key(&token.replace("~1", "/").replace("~0", "~"));
        }
        assert_eq!(pointer.as_str(), escaped, "test pointer must round-trip");
        pointer
    }

    const DOC: &str = r#"{
  "offerId": "contoso",
  "plans": [
    { "planId": "gold", "title": "Gold" },
    { "planId": "silver" }
  ],
  "a/b": 1,
  "m~n": { "x": true },
  "": null,
  "é": "ü"
}
"#;

    #[test]
    fn member_value_and_key() {
        assert_eq!(at(DOC, "/offerId", Part::Value), r#""contoso""#);
        assert_eq!(at(DOC, "/offerId", Part::Key), r#""offerId""#);
    }

    #[test]
    fn array_elements() {
        assert_eq!(
            at(DOC, "/plans/1", Part::Value),
            r#"{ "planId": "silver" }"#
        );
        assert_eq!(at(DOC, "/plans/0/title", Part::Value), r#""Gold""#);
        // An element has no name: the key part falls back to the element itself.
        assert_eq!(at(DOC, "/plans/1", Part::Key), r#"{ "planId": "silver" }"#);
    }

    #[test]
    fn escaped_tokens() {
        assert_eq!(at(DOC, "/a~1b", Part::Value), "1");
        assert_eq!(at(DOC, "/m~0n/x", Part::Value), "true");
        assert_eq!(at(DOC, "/m~0n", Part::Key), r#""m~n""#);
        assert_eq!(
            at(DOC, "/", Part::Value),
            "null",
            "the empty name is a member too"
        );
    }

    #[test]
    fn missing_paths_fall_back_to_the_nearest_ancestor() {
        assert_eq!(
            at(DOC, "/plans/1/title", Part::Value),
            r#"{ "planId": "silver" }"#
        );
        assert_eq!(
            at(DOC, "/plans/1/title", Part::Key),
            r#"{ "planId": "silver" }"#
        );
        let plans = &DOC[DOC.find('[').unwrap()..=DOC.find(']').unwrap()];
        assert_eq!(at(DOC, "/plans/7/planId", Part::Value), plans);
        assert_eq!(at(DOC, "/offerId/deeper", Part::Value), r#""contoso""#);
        // RFC 6901: `01` and `-` are not indexes of an existing element.
        assert_eq!(at(DOC, "/plans/01", Part::Value).chars().next(), Some('['));
        assert_eq!(at(DOC, "/plans/-", Part::Value).chars().next(), Some('['));
    }

    #[test]
    fn the_whole_document_is_its_first_line() {
        assert_eq!(at(DOC, "", Part::Value), "{");
        assert_eq!(at(DOC, "/nowhere", Part::Value), "{");
        assert_eq!(at("\n\n  [1,\n 2]  \n", "", Part::Value), "[1,");
        assert_eq!(at("{}", "", Part::Key), "{}");
    }

    #[test]
    fn text_that_is_not_json_falls_back_to_the_first_line() {
        let broken = "{ // a comment\n  \"a\": 1\n  \"b\": 2\n}";
        assert_eq!(at(broken, "/a", Part::Value), "{ // a comment");
        assert_eq!(at("", "/a", Part::Value), "");
    }

    #[test]
    fn comments_and_trailing_commas_are_read_as_the_library_reads_them() {
        // The library reports each comment and trailing comma and judges the rest: its other
        // findings are placed in the same text.
        let jsonc = "{ // a comment\n  \"a\": 1,\n}";
        assert_eq!(at(jsonc, "/a", Part::Value), "1");
        let text = "{\n  \"a\": [1, 2,], /* b */\n}";
        let comma = lenient_span(
            text,
            lighthouse_offer::Rule::TrailingComma,
            "… at line 2 column 15",
        )
        .unwrap();
        assert_eq!(&text[comma], ",");
        let comment = lenient_span(
            text,
            lighthouse_offer::Rule::JsonComment,
            "… at line 2 column 17",
        )
        .unwrap();
        assert_eq!(&text[comment], "/* b */");
        assert_eq!(
            lenient_span(
                text,
                lighthouse_offer::Rule::InvalidJson,
                "… at line 2 column 15"
            ),
            None
        );
    }

    #[test]
    fn duplicate_names_resolve_to_the_last_one_like_serde_json() {
        assert_eq!(at(r#"{"a": 1, "a": 2}"#, "/a", Part::Value), "2");
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let value = DOC.find(r#""ü""#).unwrap();
        // Line 10 is `  "é": "ü"`: the value starts after 7 characters (8 bytes).
        assert_eq!(line_column(DOC, value), (10, 8));
        assert_eq!(line_column(DOC, 0), (1, 1));
        assert_eq!(line_column("a\nb", 2), (2, 1));
    }

    #[test]
    fn syntax_errors_point_at_the_character_serde_json_could_not_use() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let span = syntax_error(text).unwrap();
        assert_eq!(&text[span.clone()], "\"");
        assert_eq!(line_column(text, span.start), (3, 3));
        // serde_json counts bytes; the span is found all the same after a two-byte character.
        let text = r#"{"é" 1}"#;
        assert_eq!(&text[syntax_error(text).unwrap()], "1");
        assert_eq!(syntax_error(r#"{"a": [1, 2]}"#), None);
    }

    #[test]
    fn syntax_errors_at_the_end_of_the_text_point_after_the_last_character() {
        // serde_json says line 2, column 0 here; the place to fix is after the `1`.
        let text = "{\"a\": 1\n";
        assert_eq!(syntax_error(text), Some(7..7));
        assert_eq!(syntax_error("{\"a\": 1  \n\n  "), Some(7..7));
        assert_eq!(syntax_error("[1,"), Some(3..3));
        assert_eq!(syntax_error(""), Some(0..0));
        assert_eq!(syntax_error("  \n"), Some(0..0));
        // Trailing characters are not the end of the text.
        assert_eq!(syntax_error("{} x"), Some(3..4));
    }
}
