//! Offer documents written in YAML: read into the same JSON value the JSON reader walks, so that
//! every diagnostic carries the same JSON Pointer, with the place of every value in the YAML text.
//!
//! ```
//! use lighthouse_offer::ReadOptions;
//! use lighthouse_offer::yaml::Document;
//!
//! let text = "offerId: contoso\nname: no\n";
//! let report = ReadOptions::new().read_yaml(text).unwrap_err();
//! // `no` is text to YAML 1.2 and the boolean false to YAML 1.1: the fix is to quote it.
//! let name = report.diagnostics().iter().find(|d| d.path().as_str() == "/name").unwrap();
//! assert_eq!(name.name(), "yaml-implicit-type");
//! assert!(name.message().contains("'no'"));
//! // Where a pointer is in the text, for editors and the command line.
//! let document = Document::parse(text).unwrap();
//! let place = document.span(name.path(), false);
//! assert_eq!(&text[place], "no");
//! ```
//!
//! The reader follows YAML 1.2's core schema (what `saphyr-parser`, the parser underneath, reads)
//! and refuses what would pass silently:
//! - a key given twice in a mapping: `duplicate-key`, as in JSON;
//! - anchors and aliases whose expansion would exceed the document limit
//!   ([`Offer::MAX_DOCUMENT_BYTES`](crate::Offer::MAX_DOCUMENT_BYTES)): `document-too-large`,
//!   checked before each alias is copied; every value an alias repeats counts 16 bytes plus its
//!   text (keys included), so that empty texts, sequences and mappings count too;
//! - a plain (unquoted) value that YAML turns into a boolean, a number or null where the document
//!   expects text (`1.10`, `true`, `~`), and a plain `yes`, `no`, `on`, `off` that YAML 1.1 readers
//!   take for booleans: `yaml-implicit-type`, with the quoted spelling that fixes it;
//! - tags other than the core schema's, more than one document in the stream, and keys that are
//!   not text: `invalid-yaml`.

mod write;

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};
use serde_json::{Map, Number, Value};

use crate::document::decode::{MAX_DOCUMENT_BYTES, shortened};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report};
use crate::report::rules::Rule;

pub use write::{json_to_yaml, to_yaml_string};

/// The deepest nesting of sequences and mappings read, as for JSON documents.
const MAX_DEPTH: usize = 127;

/// What every value costs, besides its text, when aliases are expanded: an empty text, sequence
/// or mapping still takes memory once copied, so that a bomb of `""`, `[]` or `{}` is measured
/// as well as one of long texts.
const NODE_COST: usize = 16;

/// A YAML document read into a JSON value, with the place of each value in the text.
///
/// Its `Debug` output counts what it holds and shows none of the document's values, which may
/// include a secret written where a reference belongs.
#[derive(Clone)]
pub struct Document {
    value: Value,
    places: HashMap<String, Place>,
    /// Problems found while reading: keys given twice.
    pub(crate) found: Vec<Diagnostic>,
    /// Plain scalars whose reading deserves a second look, by pointer.
    plain: HashMap<String, Plain>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("values", &self.places.len())
            .field("duplicate_keys", &self.found.len())
            .finish_non_exhaustive()
    }
}

/// Where a value is in the text: byte ranges of the value and, for a mapping's member, its key.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Place {
    key: Option<Range<usize>>,
    value: Range<usize>,
}

/// A plain scalar that YAML 1.2 reads as something other than text, or that YAML 1.1 reads
/// otherwise than YAML 1.2.
#[derive(Clone, Debug)]
struct Plain {
    /// The scalar as written.
    text: String,
    /// What YAML 1.1 makes of it, when that differs from YAML 1.2's reading.
    yaml11: Option<Value>,
}

impl Document {
    /// Reads a YAML text: one document (a mapping for an offer), within the crate's limits.
    ///
    /// # Errors
    /// A [`Report`] with one diagnostic when the text is not YAML this reader accepts
    /// (`invalid-yaml`), too large, nested too deep, or expands beyond the limit through aliases.
    pub fn parse(text: &str) -> Result<Document, Report> {
        let one = |rule, message: String| {
            Report::new(vec![Diagnostic::new(rule, JsonPointer::root(), message)])
        };
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(one(
                Rule::DocumentTooLarge,
                format!(
                    "the document has {} bytes, at most {MAX_DOCUMENT_BYTES} ({} MiB) are read",
                    text.len(),
                    MAX_DOCUMENT_BYTES / (1024 * 1024)
                ),
            ));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Reader::new(text).read().map_err(|e| one(e.rule, e.message))
    }

    /// The document as the JSON value the offer reader walks.
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The bytes of the text that `pointer` designates: the value, or with `key` the key of a
    /// mapping's member (the value for a sequence's item). A pointer that leads nowhere falls
    /// back to its nearest ancestor that exists; the whole document to its first line.
    #[must_use]
    pub fn span(&self, pointer: &JsonPointer, key: bool) -> Range<usize> {
        let mut at = pointer.as_str();
        loop {
            if let Some(place) = self.places.get(at) {
                return match (&place.key, key) {
                    (Some(key), true) => key.clone(),
                    _ => place.value.clone(),
                };
            }
            match at.rfind('/') {
                Some(slash) => at = &at[..slash],
                None => return 0..0,
            }
        }
    }

    /// The pointer of the innermost value (or key) whose bytes hold `offset`, for editors: what
    /// the cursor is on.
    #[must_use]
    pub fn pointer_at(&self, offset: usize) -> Option<JsonPointer> {
        let holds = |r: &Range<usize>| r.start <= offset && offset <= r.end;
        self.places
            .iter()
            .filter(|(_, place)| holds(&place.value) || place.key.as_ref().is_some_and(holds))
            .min_by_key(|(pointer, place)| (place.value.len(), std::cmp::Reverse(pointer.len())))
            .map(|(pointer, _)| pointer_from(pointer))
    }

    /// Replaces the `wrong-type` diagnostics of plain scalars by `yaml-implicit-type` with the
    /// quoting that fixes them, and adds one for every plain scalar that YAML 1.1 reads as a
    /// boolean where the reader took it for text.
    pub(crate) fn explain(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = diagnostics
            .into_iter()
            .map(|d| {
                let plain = self.plain.get(d.path().as_str());
                match plain {
                    Some(plain) if d.rule() == Rule::WrongType => {
                        implicit_type(plain, d.message(), d.path().clone()).unwrap_or(d)
                    }
                    _ => d,
                }
            })
            .collect();
        let mut ambiguous: Vec<(&String, &Plain)> = self
            .plain
            .iter()
            .filter(|(pointer, plain)| {
                matches!(plain.yaml11, Some(Value::Bool(_)))
                    && matches!(self.value.pointer(pointer), Some(Value::String(_)))
                    && !out.iter().any(|d| d.path().as_str() == pointer.as_str())
            })
            .collect();
        ambiguous.sort_by_key(|(pointer, _)| self.places.get(*pointer).map(|p| p.value.start));
        for (pointer, plain) in ambiguous {
            let b = plain
                .yaml11
                .as_ref()
                .and_then(Value::as_bool)
                .unwrap_or_default();
            out.push(Diagnostic::new(
                Rule::YamlImplicitType,
                pointer_from(pointer),
                format!(
                    "`{}` is text in YAML 1.2 but the boolean {b} in YAML 1.1, and readers differ; \
                     this field is text: write it in quotes, {}",
                    plain.text,
                    quoted(&plain.text)
                ),
            ));
        }
        out
    }
}

/// The diagnostic for a plain scalar found where the reader expected another type, when quoting
/// (or writing `true`/`false`) fixes it.
fn implicit_type(plain: &Plain, message: &str, path: JsonPointer) -> Option<Diagnostic> {
    let text = &plain.text;
    let message = if message.starts_with("expected a string") {
        let read_as = if text.is_empty() {
            "an empty value is null in YAML".to_owned()
        } else {
            format!("`{text}` is read by YAML as {}", describe_plain(text))
        };
        format!(
            "{read_as}, but this field is text: write it in quotes, {}",
            quoted(text)
        )
    } else if message.starts_with("expected true or false") {
        let b = plain.yaml11.as_ref()?.as_bool()?;
        format!(
            "`{text}` is the boolean {b} only in YAML 1.1; YAML 1.2, which this reader follows, \
             reads it as text: write {b}"
        )
    } else {
        return None;
    };
    Some(Diagnostic::new(Rule::YamlImplicitType, path, message))
}

/// What YAML 1.2 makes of a plain scalar that is not text, for messages.
fn describe_plain(text: &str) -> String {
    match resolve(text) {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        _ if text.contains(".inf") || text.contains(".Inf") || text.contains(".INF") => {
            "infinity".into()
        }
        _ => "a number that is not finite".into(),
    }
}

/// `text` quoted for YAML: in single quotes, or in double quotes when it holds one.
fn quoted(text: &str) -> String {
    if text.contains('\'') {
        serde_json::to_string(text).unwrap_or_default()
    } else {
        format!("'{text}'")
    }
}

/// A JSON Pointer from its text, as the reader wrote it.
fn pointer_from(text: &str) -> JsonPointer {
    text.split('/')
        .skip(1)
        .fold(JsonPointer::root(), |pointer, token| {
            pointer.key(&token.replace("~1", "/").replace("~0", "~"))
        })
}

/// Where a syntax error is, as a range of one character (empty at the end of the text); `None`
/// when `text` is YAML. For the command line and editors, which show the error in place.
#[must_use]
pub fn syntax_error(text: &str) -> Option<Range<usize>> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shift = text.len() - text_no_bom.len();
    let error = Reader::new(text_no_bom).read().err()?;
    let at = shift + error.at?.min(text_no_bom.len());
    let width = text[at..].chars().next().map_or(0, char::len_utf8);
    Some(at..at + width)
}

/// The lines (from 1) where a comment begins in a YAML text, for tools that write a document
/// back: the value read keeps no comment, so they can say which are lost. Empty when the text is
/// not YAML this reader takes, or has no comment.
///
/// ```
/// use lighthouse_offer::yaml::comment_lines;
///
/// let text = "# An offer\nofferId: contoso # the ID\nname: \"A # in text\"\n";
/// assert_eq!(comment_lines(text), vec![1, 2]);
/// ```
#[must_use]
pub fn comment_lines(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut scalars: Vec<Range<usize>> = Vec::new();
    for next in Parser::new_from_str(text) {
        match next {
            Ok((Event::Scalar(_, style, ..), span)) => {
                let start = span.start.index();
                // The span of a quoted scalar may run on past its closing quote: find it.
                let end = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        closing_quote(&chars, start).unwrap_or(span.end.index())
                    }
                    _ => span.end.index(),
                };
                scalars.push(start..end);
            }
            Ok(_) => {}
            Err(_) => return Vec::new(),
        }
    }
    let mut lines = Vec::new();
    let (mut line, mut previous, mut inside) = (1, '\n', 0);
    for (index, &c) in chars.iter().enumerate() {
        while inside < scalars.len() && scalars[inside].end <= index {
            inside += 1;
        }
        let in_scalar = scalars
            .get(inside)
            .is_some_and(|range| range.start <= index);
        if c == '#' && previous.is_whitespace() && !in_scalar && lines.last() != Some(&line) {
            lines.push(line);
        }
        if c == '\n' {
            line += 1;
        }
        previous = c;
    }
    lines
}

/// The index after the quote that closes the quoted scalar opening at `start`: `''` is a quote
/// inside single quotes, `\"` inside double quotes.
fn closing_quote(chars: &[char], start: usize) -> Option<usize> {
    let quote = *chars.get(start)?;
    let mut at = start + 1;
    while at < chars.len() {
        let c = chars[at];
        if quote == '"' && c == '\\' {
            at += 2;
            continue;
        }
        if c == quote {
            if quote == '\'' && chars.get(at + 1) == Some(&'\'') {
                at += 2;
                continue;
            }
            return Some(at + 1);
        }
        at += 1;
    }
    None
}

/// Why a text could not be read, and where (a byte offset) when the parser said so.
struct Failure {
    rule: Rule,
    message: String,
    at: Option<usize>,
}

impl Failure {
    fn invalid(message: String, at: usize) -> Self {
        Failure {
            rule: Rule::InvalidYaml,
            message,
            at: Some(at),
        }
    }
}

/// A sequence or mapping being built.
enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        start: usize,
        end: usize,
        size: usize,
    },
    Map {
        map: Map<String, Value>,
        key: Option<(String, Range<usize>)>,
        anchor: usize,
        start: usize,
        end: usize,
        size: usize,
    },
}

/// The event walker: builds the value, notes places, duplicates, plain scalars and anchors.
struct Reader<'t> {
    text: &'t str,
    /// The text is ASCII, so a character index is its byte offset (known once: asking at every
    /// event made reading quadratic in the document's size).
    ascii: bool,
    /// Character index → byte offset, moved along the text as events come (they come in order).
    cursor: (usize, usize),
    stack: Vec<Frame>,
    places: HashMap<String, Place>,
    found: Vec<Diagnostic>,
    plain: HashMap<String, Plain>,
    /// Anchored values with their expanded size: [`NODE_COST`] per value plus its text.
    anchors: HashMap<usize, (Value, usize)>,
    /// The bytes the document expands to: its text plus every alias's expansion.
    expanded: usize,
    documents: usize,
    root: Option<Value>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            text,
            ascii: text.is_ascii(),
            cursor: (0, 0),
            stack: Vec::new(),
            places: HashMap::new(),
            found: Vec::new(),
            plain: HashMap::new(),
            anchors: HashMap::new(),
            expanded: text.len(),
            documents: 0,
            root: None,
        }
    }

    /// The byte offset of a character index.
    fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        let (mut chars, mut bytes) = self.cursor;
        while chars < index && bytes < self.text.len() {
            bytes += self.text[bytes..].chars().next().map_or(1, char::len_utf8);
            chars += 1;
        }
        while chars > index {
            bytes -= self.text[..bytes]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
            chars -= 1;
        }
        self.cursor = (chars, bytes);
        bytes
    }

    fn range(&mut self, span: &Span) -> Range<usize> {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index());
        start..end.max(start)
    }

    /// The pointer of the value being read: the path through the open sequences and mappings.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for frame in &self.stack {
            out.push('/');
            match frame {
                Frame::Seq { items, .. } => out.push_str(&items.len().to_string()),
                Frame::Map {
                    key: Some((key, _)),
                    ..
                } => {
                    out.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Frame::Map { key: None, .. } => {
                    out.pop();
                    break;
                }
            }
        }
        out
    }

    fn read(mut self) -> Result<Document, Failure> {
        let mut parser = Parser::new_from_str(self.text);
        loop {
            let next = parser.next();
            let Some(next) = next else { break };
            let (event, span) = next.map_err(|e| self.scan_error(&e))?;
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        let at = self.byte(span.start.index());
                        return Err(Failure::invalid(
                            "the text holds more than one YAML document; an offer is one document"
                                .into(),
                            at,
                        ));
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let range = self.range(&span);
                    let size = NODE_COST.saturating_add(text.len());
                    let value = self.scalar(&text, style, tag.as_deref(), &range)?;
                    self.node(value, anchor, range, size)?;
                }
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    let sequence = matches!(event, Event::SequenceStart(..));
                    self.open(sequence, anchor, tag.as_deref(), &span)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(&span)?,
                Event::Alias(id) => self.alias(id, &span)?,
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        let value = self.root.take().unwrap_or(Value::Null);
        Ok(Document {
            value,
            places: self.places,
            found: self.found,
            plain: self.plain,
        })
    }

    /// A sequence or mapping begins.
    fn open(
        &mut self,
        sequence: bool,
        anchor: usize,
        tag: Option<&Tag>,
        span: &Span,
    ) -> Result<(), Failure> {
        let start = self.byte(span.start.index());
        if let Some(tag) = tag {
            let expected = if sequence { "seq" } else { "map" };
            if !(tag.is_yaml_core_schema() && tag.suffix == expected) {
                return Err(Failure::invalid(unsupported_tag(tag), start));
            }
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Failure {
                rule: Rule::NestingTooDeep,
                message: format!(
                    "sequences and mappings are nested more than {MAX_DEPTH} deep \
                     (at line {} column {}); an offer document nests at most 9 levels",
                    span.start.line(),
                    span.start.col() + 1
                ),
                at: Some(start),
            });
        }
        self.stack.push(if sequence {
            Frame::Seq {
                items: Vec::new(),
                anchor,
                start,
                end: start,
                size: 0,
            }
        } else {
            Frame::Map {
                map: Map::new(),
                key: None,
                anchor,
                start,
                end: start,
                size: 0,
            }
        });
        Ok(())
    }

    /// A sequence or mapping ends: it becomes a value.
    fn close(&mut self, span: &Span) -> Result<(), Failure> {
        let close = self.byte(span.end.index());
        let frame = self.stack.pop().expect("the parser balances its events");
        let (value, anchor, start, end, size) = match frame {
            Frame::Seq {
                items,
                anchor,
                start,
                end,
                size,
            } => (Value::Array(items), anchor, start, end, size),
            Frame::Map {
                map,
                anchor,
                start,
                end,
                size,
                ..
            } => (Value::Object(map), anchor, start, end, size),
        };
        // A flow collection ends with its bracket; a block one with its last value.
        let flow = matches!(self.text.as_bytes().get(start), Some(b'[' | b'{'));
        let end = if flow { close.max(end) } else { end };
        self.node(value, anchor, start..end, size.saturating_add(NODE_COST))?;
        Ok(())
    }

    /// An alias: a copy of its anchor's value, within the expansion limit.
    fn alias(&mut self, id: usize, span: &Span) -> Result<(), Failure> {
        let range = self.range(span);
        let Some((value, size)) = self.anchors.get(&id) else {
            return Err(Failure::invalid(
                "an alias names an anchor that is not defined before it".into(),
                range.start,
            ));
        };
        let size = *size;
        self.expanded = self.expanded.saturating_add(size);
        if self.expanded > MAX_DOCUMENT_BYTES {
            return Err(Failure {
                rule: Rule::DocumentTooLarge,
                message: format!(
                    "the document's aliases expand it to more than {MAX_DOCUMENT_BYTES} \
                     bytes ({} MiB, the limit of a document; at line {} column {}): \
                     write the values out instead of repeating them with aliases",
                    MAX_DOCUMENT_BYTES / (1024 * 1024),
                    span.start.line(),
                    span.start.col() + 1
                ),
                at: Some(range.start),
            });
        }
        let value = value.clone();
        self.node(value, 0, range, size)?;
        Ok(())
    }

    fn scan_error(&mut self, error: &ScanError) -> Failure {
        let marker = error.marker();
        let at = self.byte(marker.index());
        Failure::invalid(
            format!(
                "the document is not valid YAML: {} at line {} column {}",
                error.info(),
                marker.line(),
                marker.col() + 1
            ),
            at,
        )
    }

    /// The value of a scalar: text when quoted or tagged `!!str`, else YAML 1.2's reading of it.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        range: &Range<usize>,
    ) -> Result<Value, Failure> {
        if let Some(tag) = tag {
            if tag.is_yaml_core_schema() && tag.suffix == "str" {
                return Ok(Value::String(text.to_owned()));
            }
            return Err(Failure::invalid(unsupported_tag(tag), range.start));
        }
        if style != ScalarStyle::Plain {
            return Ok(Value::String(text.to_owned()));
        }
        let value = resolve(text);
        let yaml11 = resolve_yaml11(text).filter(|v| *v != value);
        let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
        if !is_key && (!value.is_string() || yaml11.is_some()) {
            let pointer = self.pointer();
            self.plain.insert(
                pointer,
                Plain {
                    text: text.to_owned(),
                    yaml11,
                },
            );
        }
        Ok(value)
    }

    /// A finished value: the key of a member, the value of a member, an item, or the root.
    fn node(
        &mut self,
        value: Value,
        anchor: usize,
        range: Range<usize>,
        size: usize,
    ) -> Result<(), Failure> {
        if anchor != 0 {
            self.anchors
                .insert(anchor, (value.clone(), size.max(NODE_COST)));
        }
        let end = range.end;
        let pointer = self.pointer();
        match self.stack.last_mut() {
            None => {
                self.places.insert(
                    String::new(),
                    Place {
                        key: None,
                        value: range,
                    },
                );
                self.root = Some(value);
            }
            Some(Frame::Map {
                key: slot @ None,
                end: frame_end,
                size: frame_size,
                ..
            }) => {
                // The key costs what its value (the scalar) costs; its text is counted there.
                *frame_size = frame_size.saturating_add(size);
                let key = match value {
                    Value::String(key) => key,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Null if self.text[range.clone()].trim().is_empty() => String::new(),
                    Value::Null => self.text[range.clone()].to_owned(),
                    Value::Array(_) | Value::Object(_) => {
                        return Err(Failure::invalid(
                            "a key is a sequence or a mapping; keys of an offer document are text"
                                .into(),
                            range.start,
                        ));
                    }
                };
                *frame_end = end;
                *slot = Some((key, range));
            }
            Some(Frame::Map {
                map,
                key: slot @ Some(_),
                end: frame_end,
                size: frame_size,
                ..
            }) => {
                let (key, key_range) = slot.take().expect("matched Some");
                *frame_end = end;
                *frame_size = frame_size.saturating_add(size);
                if map.contains_key(&key) {
                    self.found.push(Diagnostic::new(
                        Rule::DuplicateKey,
                        pointer_from(&pointer),
                        format!(
                            "key `{}` appears twice in this mapping; YAML requires keys to be \
                             unique and readers keep only one of the two values, so keep one",
                            shortened(&key)
                        ),
                    ));
                }
                map.insert(key, value);
                self.places.insert(
                    pointer,
                    Place {
                        key: Some(key_range),
                        value: range,
                    },
                );
            }
            Some(Frame::Seq {
                items,
                end: frame_end,
                size: frame_size,
                ..
            }) => {
                *frame_end = end;
                *frame_size = frame_size.saturating_add(size);
                items.push(value);
                self.places.insert(
                    pointer,
                    Place {
                        key: None,
                        value: range,
                    },
                );
            }
        }
        Ok(())
    }
}

fn unsupported_tag(tag: &Tag) -> String {
    format!(
        "the tag `{}{}` is not read here: an offer document uses plain YAML values (quote a value \
         to make it text)",
        tag.handle, tag.suffix
    )
}

/// A plain scalar as YAML 1.2's core schema reads it.
fn resolve(text: &str) -> Value {
    match text {
        // Not-a-number is a float to YAML; JSON has no such number: null, reported as not text.
        "" | "~" | "null" | "Null" | "NULL" | ".nan" | ".NaN" | ".NAN" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Value::Null;
    }
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    let integer = |s: &str, radix: u32| {
        i64::from_str_radix(s, radix)
            .map(Number::from)
            .ok()
            .or_else(|| u64::from_str_radix(s, radix).map(Number::from).ok())
            .or_else(|| s.parse::<f64>().ok().and_then(Number::from_f64))
    };
    if let Some(hex) = text.strip_prefix("0x") {
        if digits(hex, 16) {
            return integer(hex, 16).map_or(Value::Null, Value::Number);
        }
    } else if let Some(octal) = text.strip_prefix("0o") {
        if digits(octal, 8) {
            return integer(octal, 8).map_or(Value::Null, Value::Number);
        }
    } else if digits(unsigned, 10) {
        return integer(text.strip_prefix('+').unwrap_or(text), 10)
            .map_or(Value::Null, Value::Number);
    } else if is_float(unsigned) {
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number);
    }
    Value::String(text.to_owned())
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` without sign: YAML 1.2's float.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(e) => (&text[..e], Some(&text[e + 1..])),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => all_digits(fraction),
        Some((whole, fraction)) => {
            all_digits(whole) && (fraction.is_empty() || all_digits(fraction))
        }
        None => all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

/// What YAML 1.1 makes of a plain scalar where it is not text, for the values where readers of
/// the two versions differ: the booleans `yes`, `no`, `on`, `off`, `y`, `n` and numbers written
/// with `_`, `:` (base 60) or `0b`.
fn resolve_yaml11(text: &str) -> Option<Value> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(Value::Bool(true)),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(Value::Bool(false)),
        _ => {
            let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
            let numeric = unsigned.starts_with(|c: char| c.is_ascii_digit())
                && (unsigned.contains('_') || unsigned.contains(':') || unsigned.starts_with("0b"))
                && unsigned
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '_' | ':' | '.' | 'b'));
            numeric.then(|| Value::String(format!("a number ({text})")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_outside_scalars_only() {
        let text = "# top\na: \"x # y\"\nb: 'p # q' # after\nc: |\n  # text\n  more\nd: e#f\n\
                    e: [1, # in flow\n  2]\n";
        assert_eq!(comment_lines(text), vec![1, 3, 8]);
        assert_eq!(comment_lines("a: 1\n"), Vec::<usize>::new());
        assert_eq!(
            comment_lines("a: 'it''s # x' # c\nb: \"q\\\" # y\" # d\n"),
            vec![1, 2]
        );
    }

    #[test]
    fn core_schema_resolution() {
        assert_eq!(resolve("1.10"), serde_json::json!(1.1));
        assert_eq!(resolve("1.0.0"), Value::String("1.0.0".into()));
        assert_eq!(resolve("no"), Value::String("no".into()));
        assert_eq!(resolve("TRUE"), Value::Bool(true));
        assert_eq!(resolve("~"), Value::Null);
        assert_eq!(resolve("0x1F"), serde_json::json!(31));
        assert_eq!(resolve("0o17"), serde_json::json!(15));
        assert_eq!(resolve("-12"), serde_json::json!(-12));
        assert_eq!(resolve("1e3"), serde_json::json!(1000.0));
        assert_eq!(resolve(".5"), serde_json::json!(0.5));
        assert_eq!(resolve("1e"), Value::String("1e".into()));
        assert_eq!(
            resolve("8e3af657-a8ff"),
            Value::String("8e3af657-a8ff".into())
        );
        assert_eq!(resolve("1_000"), Value::String("1_000".into()));
        assert!(resolve_yaml11("1_000").is_some());
        assert_eq!(resolve_yaml11("off"), Some(Value::Bool(false)));
        assert_eq!(resolve_yaml11("offer"), None);
        assert_eq!(
            resolve_yaml11("12:30"),
            Some(Value::String("a number (12:30)".into()))
        );
    }
}
