//! The document reader: walks a parsed JSON value and builds model values, collecting every
//! problem on the way instead of stopping at the first.
//!
//! Each model type implements [`Decode`]. Leaves parse their text with the same constructor a
//! caller would use; aggregates read their fields through [`Object`], which reports missing and
//! unknown fields, and then run the same checks as their builders. Paths are built only when a
//! problem is reported, so a valid document costs no path allocations.

use std::any::Any;
use std::sync::Arc;

use serde_json::Value as JsonValue;

use super::json::{Map, Value};

use crate::report::diagnostic::{Diagnostic, JsonPointer, Report, Violation};
use crate::report::rules::Rule;

pub(crate) use super::at::{At, shortened};

/// The reader's context: the diagnostics found so far, at most [`Report::MAX_DIAGNOSTICS`] of
/// them; the others are only counted, so that a hostile document (a list of 100,000 broken items)
/// costs neither memory nor the time to build paths and messages nobody will read.
///
/// It also carries the facts the checks of upper layers read besides the document (the role
/// catalog that judges roles: `RoleCatalog::of`). This layer stores them without knowing their
/// type, so that it uses nothing above it; the reader that creates the context puts them in
/// ([`Cx::with_facts`]), and the layer that declares their type reads them back
/// ([`Cx::facts`]). No global: every input of a check is in the context it is given.
#[derive(Debug, Default)]
pub(crate) struct Cx {
    diagnostics: Vec<Diagnostic>,
    /// Problems found beyond the limit.
    omitted: usize,
    /// The facts of upper layers, if the reader was given any.
    facts: Option<Arc<dyn Any + Send + Sync>>,
}

impl Cx {
    /// A context whose checks read `facts` (of a type an upper layer declares).
    pub(crate) fn with_facts(facts: Arc<dyn Any + Send + Sync>) -> Self {
        Cx {
            facts: Some(facts),
            ..Cx::default()
        }
    }

    /// The facts of type `T` this context carries, if it carries them.
    pub(crate) fn facts<T: Any>(&self) -> Option<&T> {
        self.facts.as_deref()?.downcast_ref::<T>()
    }

    /// A fresh context (no diagnostics) that reads the same facts as this one.
    pub(crate) fn fresh(&self) -> Self {
        Cx {
            facts: self.facts.clone(),
            ..Cx::default()
        }
    }

    /// Whether nothing was reported.
    pub(crate) fn is_empty(&self) -> bool {
        self.diagnostics.is_empty() && self.omitted == 0
    }

    /// Whether the report is full: further problems are only counted.
    pub(crate) fn is_full(&self) -> bool {
        self.diagnostics.len() >= Report::MAX_DIAGNOSTICS
    }

    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        if self.is_full() {
            self.omitted += 1;
        } else {
            self.diagnostics.push(diagnostic);
        }
    }

    pub(crate) fn error(&mut self, rule: Rule, at: At<'_>, message: impl Into<String>) {
        if self.is_full() {
            self.omitted += 1;
        } else {
            self.report(Diagnostic::new(rule, at.pointer(), message));
        }
    }

    /// Reports diagnostics whose paths are relative to `at`. The path of `at` is built only when
    /// there is something to report.
    pub(crate) fn report_under(
        &mut self,
        at: At<'_>,
        diagnostics: impl IntoIterator<Item = Diagnostic>,
    ) {
        let mut prefix = None;
        for diagnostic in diagnostics {
            if self.is_full() {
                self.omitted += 1;
            } else {
                let prefix = prefix.get_or_insert_with(|| at.pointer());
                self.diagnostics.push(diagnostic.under(prefix));
            }
        }
    }

    /// The diagnostics found, then `more` (warnings found beside them) as far as the limit
    /// allows, and a last `too-many-problems` diagnostic that counts what was left out.
    pub(crate) fn into_diagnostics_with(mut self, more: Vec<Diagnostic>) -> Vec<Diagnostic> {
        for diagnostic in more {
            self.report(diagnostic);
        }
        if self.omitted > 0 {
            self.diagnostics.push(Diagnostic::new(
                Rule::TooManyProblems,
                JsonPointer::root(),
                omitted_message(self.omitted),
            ));
        }
        self.diagnostics
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.into_diagnostics_with(Vec::new())
    }

    fn wrong_type(&mut self, expected: &str, value: &Value, at: At<'_>) {
        self.error(
            Rule::WrongType,
            at,
            format!("expected {expected}, found {}", describe(value)),
        );
    }

    /// The value as a string, or a `wrong-type` diagnostic.
    pub(crate) fn str<'v>(&mut self, value: &'v Value, at: At<'_>) -> Option<&'v str> {
        if let Value::String(text) = value {
            Some(text.as_ref())
        } else {
            self.wrong_type("a string", value, at);
            None
        }
    }

    pub(crate) fn bool(&mut self, value: &Value, at: At<'_>) -> Option<bool> {
        if let Value::Bool(b) = value {
            Some(*b)
        } else {
            self.wrong_type("true or false", value, at);
            None
        }
    }

    /// Reads a string with a constructor of the model.
    pub(crate) fn parse_str<T, E: Violation>(
        &mut self,
        value: &Value,
        at: At<'_>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.str(value, at)?;
        parse(text)
            .map_err(|e| self.report(e.at(at.pointer())))
            .ok()
    }

    /// The value as an array, or a `wrong-type` diagnostic.
    pub(crate) fn array<'v>(&mut self, value: &'v Value, at: At<'_>) -> Option<&'v [Value<'v>]> {
        if let Value::Array(items) = value {
            Some(items)
        } else {
            self.wrong_type("an array", value, at);
            None
        }
    }

    /// The value as an object whose fields are then read one by one.
    pub(crate) fn object<'v, 'a>(
        &mut self,
        value: &'v Value,
        at: At<'a>,
    ) -> Option<Object<'v, 'a>> {
        if let Value::Object(map) = value {
            Some(Object {
                map,
                at,
                known: Known::default(),
                missing: Vec::new(),
            })
        } else {
            self.wrong_type("an object", value, at);
            None
        }
    }
}

/// The message of `too-many-problems` for `n` problems left out of a report.
pub(crate) fn omitted_message(n: usize) -> String {
    format!(
        "{n} more problem{} found and not shown: a report lists at most {}; fix the problems \
         shown and check again",
        if n == 1 { " was" } else { "s were" },
        Report::MAX_DIAGNOSTICS
    )
}

/// [`describe`] for a `serde_json` value (an ARM template's, evaluated).
pub(crate) fn describe_json(value: &JsonValue) -> String {
    describe(&Value::from_serde(value))
}

/// A short description of a JSON value for messages: its type, and for scalars the value.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("a string of {} characters", s.chars().count())
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(a) => format!("an array of {} items", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

/// A model type that can be read from a document value.
pub(crate) trait Decode: Sized {
    /// Reads the value, or reports why it cannot and returns `None`.
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self>;
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let items = cx.array(value, at)?;
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for (i, item) in items.iter().enumerate() {
            match T::decode(item, at.index(i), cx) {
                Some(v) if complete => out.push(v),
                Some(_) => {}
                None => complete = false,
            }
        }
        complete.then_some(out)
    }
}

impl Decode for String {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        cx.str(value, at).map(str::to_owned)
    }
}

impl Decode for bool {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        cx.bool(value, at)
    }
}

/// A field that may be left out: `Absent`, present and valid, or present and invalid (already
/// reported).
#[derive(Debug)]
pub(crate) enum Optional<T> {
    Absent,
    Present(T),
    Invalid,
}

impl<T> Optional<T> {
    /// `Some(None)` when absent, `Some(Some(v))` when valid, `None` when invalid: the outer
    /// option is "could be read", as everywhere in the reader.
    #[allow(clippy::option_option)]
    pub(crate) fn valid(self) -> Option<Option<T>> {
        match self {
            Optional::Absent => Some(None),
            Optional::Present(v) => Some(Some(v)),
            Optional::Invalid => None,
        }
    }

    /// The value, or `default` when absent; `None` when invalid.
    pub(crate) fn or(self, default: T) -> Option<T> {
        self.valid().map(|v| v.unwrap_or(default))
    }
}

/// An object being read field by field. Call [`Object::finish`] after the last field to report
/// the fields that nobody asked for.
pub(crate) struct Object<'v, 'a> {
    map: &'v Map<'v>,
    at: At<'a>,
    known: Known,
    /// Required fields that are missing, reported by [`Object::finish`] (unless a misspelt
    /// field stands for one: then the unknown field says so, once).
    missing: Vec<&'static str>,
}

/// The field names an [`Object`] was asked for: kept inline, as no object of the format has more
/// than [`Known::INLINE`] fields, so that reading an object allocates nothing.
#[derive(Default)]
struct Known {
    inline: [&'static str; Known::INLINE],
    len: usize,
    more: Vec<&'static str>,
}

impl Known {
    const INLINE: usize = 16;

    fn push(&mut self, key: &'static str) {
        if self.len < Self::INLINE {
            self.inline[self.len] = key;
            self.len += 1;
        } else {
            self.more.push(key);
        }
    }

    fn as_vec(&self) -> Vec<&'static str> {
        self.inline[..self.len]
            .iter()
            .chain(&self.more)
            .copied()
            .collect()
    }

    fn contains(&self, key: &str) -> bool {
        self.inline[..self.len].contains(&key) || self.more.contains(&key)
    }
}

impl<'v> Object<'v, '_> {
    /// The raw value of a field, marking it as known.
    pub(crate) fn raw(&mut self, key: &'static str) -> Option<&'v Value<'v>> {
        self.known.push(key);
        self.map.get(key)
    }

    /// A field that must be present.
    pub(crate) fn required<T: Decode>(&mut self, key: &'static str, cx: &mut Cx) -> Option<T> {
        if let Some(value) = self.raw(key) {
            T::decode(value, self.at.key(key), cx)
        } else {
            self.missing.push(key);
            None
        }
    }

    /// A field that says which shape the rest of the object has (`type`, `visibility`): read
    /// first, and reported at once when missing, since the reader cannot go on without it.
    pub(crate) fn tag<T: Decode>(&mut self, key: &'static str, cx: &mut Cx) -> Option<T> {
        if let Some(value) = self.raw(key) {
            T::decode(value, self.at.key(key), cx)
        } else {
            // `"audience": "private"` for `"visibility": "private"`: the name from elsewhere is
            // the problem, told once with what to write.
            let known = self.known.as_vec();
            let written = self
                .map
                .keys()
                .find_map(|found| wrong_name(found, &known).filter(|w| w.right == key));
            match written {
                Some(wrong) => cx.report(wrong_field(self.at, wrong)),
                None => cx.error(
                    Rule::MissingField,
                    self.at,
                    format!("missing required field `{key}`"),
                ),
            }
            None
        }
    }

    /// A field that may be left out.
    pub(crate) fn optional<T: Decode>(&mut self, key: &'static str, cx: &mut Cx) -> Optional<T> {
        match self.raw(key) {
            None => Optional::Absent,
            Some(value) => match T::decode(value, self.at.key(key), cx) {
                Some(v) => Optional::Present(v),
                None => Optional::Invalid,
            },
        }
    }

    /// Reports the required fields that are missing, and lets fields that were not read pass:
    /// for inputs written by a service that adds read-only fields over time (the audit's REST
    /// answers), where an unknown field is no typo.
    pub(crate) fn finish_allowing_unknown(self, cx: &mut Cx) {
        for key in &self.missing {
            cx.error(
                Rule::MissingField,
                self.at,
                format!("missing required field `{key}`"),
            );
        }
    }

    /// Reports every field that was not read, with the closest known name as a hint, or with
    /// a message of its own for a name from another form ([`WRONG_NAMES`](super::wrong_names::WRONG_NAMES)).
    pub(crate) fn finish(self, cx: &mut Cx) {
        let unknown = || self.map.keys().filter(|key| !self.known.contains(key));
        let mut known = None;
        for key in &self.missing {
            // `roleDefintionId` for `roleDefinitionId`, `tenantIds` for `subscriptionIds`: one
            // problem, told once, as the unknown field with what to write.
            let misspelt = unknown().any(|found| {
                closest(found, &[key]) == Some(*key)
                    || wrong_name(found, known.get_or_insert_with(|| self.known.as_vec()))
                        .is_some_and(|w| w.right == *key)
            });
            if !misspelt {
                cx.error(
                    Rule::MissingField,
                    self.at,
                    format!("missing required field `{key}`"),
                );
            }
        }
        for key in self.map.keys() {
            if self.known.contains(key) {
                continue;
            }
            if cx.is_full() {
                cx.omitted += 1;
                continue;
            }
            let known = known.get_or_insert_with(|| self.known.as_vec());
            if let Some(wrong) = wrong_name(key, known) {
                cx.report(wrong_field(self.at, wrong));
                continue;
            }
            let near = closest(key, known);
            let hint = near.map_or_else(
                || format!("; expected one of {}", list(known)),
                |near| format!("; did you mean `{near}`?"),
            );
            let diagnostic = Diagnostic::new(
                Rule::UnknownField,
                self.at.key(key).pointer(),
                format!("unknown field `{}`{hint}", shortened(key)),
            );
            cx.report(match near {
                Some(near) => diagnostic.with_help(format!("Rename the field to `{near}`.")),
                None => diagnostic,
            });
        }
    }
}

/// The unknown-field diagnostic of a name from another form, at its field of `at`.
fn wrong_field(at: At<'_>, wrong: &WrongName) -> Diagnostic {
    Diagnostic::new(
        Rule::UnknownField,
        at.key(wrong.name).pointer(),
        wrong.message(),
    )
    .with_help(wrong.help())
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

use super::wrong_names::{WrongName, wrong_name};
pub(crate) use crate::report::near::closest;

/// Reads a whole value of a model type from a JSON value: the value, or every diagnostic.
pub(crate) fn decode_value<T: Decode>(value: &Value) -> Result<T, Vec<Diagnostic>> {
    let mut cx = Cx::default();
    match T::decode(value, At::Root, &mut cx) {
        Some(v) if cx.is_empty() => Ok(v),
        _ => Err(cx.into_diagnostics()),
    }
}

/// `Deserialize` for a model type through its [`Decode`] reader, so that serde and the document
/// reader share one gate. Problems become one serde error that lists them all.
macro_rules! deserialize_via_decode {
    ($($ty:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let value = crate::document::json::Value::from_serde(&value);
                crate::document::decode::decode_value::<$ty>(&value).map_err(|diagnostics| {
                    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                    serde::de::Error::custom(lines.join("; "))
                })
            }
        }
    )*};
}
pub(crate) use deserialize_via_decode;

/// `Decode` for a leaf type read from a string through a constructor returning a [`Violation`].
macro_rules! decode_from_str {
    ($($ty:ty),* $(,)?) => {$(
        impl crate::document::decode::Decode for $ty {
            fn decode(value: &crate::document::json::Value<'_>, at: crate::document::decode::At<'_>, cx: &mut crate::document::decode::Cx) -> Option<Self> {
                cx.parse_str(value, at, |text| text.parse::<$ty>())
            }
        }
    )*};
}
pub(crate) use decode_from_str;

/// Reads a JSON document of a model type: a syntax error, or every problem of the document, or
/// the value with its warnings.
pub(crate) fn read_document<T: Decode>(
    text: &str,
    warnings: impl FnOnce(&T) -> Vec<Diagnostic>,
) -> Result<crate::report::diagnostic::Checked<T>, crate::report::diagnostic::Report> {
    use crate::report::diagnostic::Checked;
    let (value, duplicates) = read_tree(text, DocumentKind::Offer)?;
    match decode_value::<T>(&value) {
        Ok(v) if duplicates.is_empty() => {
            let found = warnings(&v);
            Ok(Checked::new(v, found))
        }
        Ok(_) => Err(Report::new(duplicates)),
        Err(mut diagnostics) => {
            diagnostics.extend(duplicates);
            Err(Report::new(diagnostics))
        }
    }
}

/// Reads a document's text into the reader's tree ([`super::json`]), within the limits of
/// [`parse_document_of`] and with the same findings: texts are borrowed from `text`, and each
/// array and object is allocated once. A text that the tree's reader does not read whole (not
/// JSON, too deep, too large, comments or trailing commas) is given to [`parse_document_of`],
/// which says why in `serde_json`'s words (or reads it leniently), so that every message and
/// position is the one it always was.
pub(crate) fn read_tree(
    text: &str,
    kind: DocumentKind,
) -> Result<(Value<'_>, Vec<Diagnostic>), Report> {
    if text.len() <= MAX_DOCUMENT_BYTES {
        let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(read) = super::json::parse(stripped) {
            return Ok(read);
        }
    }
    let (value, found) = parse_document_of(text, kind)?;
    Ok((Value::from_serde(&value).into_owned(), found))
}

/// The largest document the reader parses, in bytes (16 MiB): published as
/// [`Offer::MAX_DOCUMENT_BYTES`](crate::Offer::MAX_DOCUMENT_BYTES).
pub(crate) const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// What a parsed document is, so that the reader's own messages name it: an offer document,
/// or another input read with the same limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DocumentKind {
    /// An offer document.
    Offer,
    /// What Azure Resource Manager or `az` lists of `Microsoft.ManagedServices` (the audit's input).
    Delegations,
    /// A role catalog (`--role-catalog`).
    RoleCatalog,
}

impl DocumentKind {
    /// What the document should hold, for "expected …" when it is empty.
    fn expected(self) -> &'static str {
        match self {
            DocumentKind::Offer => "a JSON object, the offer",
            DocumentKind::Delegations => {
                "the JSON that Azure Resource Manager or `az managedservices` lists"
            }
            DocumentKind::RoleCatalog => "a JSON array, the role catalog",
        }
    }

    /// The help of a limit's diagnostic for a document that is not an offer (an offer's is the
    /// rule's fix, which speaks of offers).
    fn limit_help(self, rule: Rule) -> Option<&'static str> {
        match (self, rule) {
            (DocumentKind::Offer, _) => None,
            (_, Rule::DocumentTooLarge) => {
                Some("Split the input into several files (one per subscription, for example).")
            }
            (_, _) => Some("Save the input as the service printed it, unchanged."),
        }
    }
}

/// Parses a document's text to a `serde_json::Value`, within the crate's limits: at most
/// [`MAX_DOCUMENT_BYTES`], checked before parsing, and nested at most 127 deep (`serde_json`'s
/// recursion limit, which fails cleanly). The value comes with a `duplicate-key` diagnostic for
/// every field that an object names twice (the value keeps the last one, as `serde_json` does);
/// the reader goes on, so that they are reported with every other problem. The messages of its
/// limits name what the document is (`kind`). Offer documents are read through [`read_tree`],
/// which comes here only for a text it does not read (to say why, or to read it leniently).
pub(crate) fn parse_document_of(
    text: &str,
    kind: DocumentKind,
) -> Result<(JsonValue, Vec<Diagnostic>), Report> {
    let max = MAX_DOCUMENT_BYTES;
    let one = |rule, message: String| {
        let diagnostic = Diagnostic::new(rule, JsonPointer::root(), message);
        Report::new(vec![match kind.limit_help(rule) {
            Some(help) if rule != Rule::InvalidJson => diagnostic.with_help(help),
            _ => diagnostic,
        }])
    };
    if text.len() > max {
        return Err(one(
            Rule::DocumentTooLarge,
            format!(
                "the document has {} bytes, at most {max} ({} MiB) are read",
                text.len(),
                max / (1024 * 1024)
            ),
        ));
    }
    // A byte order mark, as editors on Windows write one, is not part of the JSON (RFC 8259
    // allows a reader to ignore it).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(one(
            Rule::InvalidJson,
            format!("the document is empty; expected {}", kind.expected()),
        ));
    }
    let duplicates = std::cell::RefCell::new(Vec::new());
    let mut parsed = parse_value(text, &duplicates);
    let mut found = Vec::new();
    let blanked;
    let mut text = text;
    if parsed.is_err() && kind == DocumentKind::Offer {
        // Comments and trailing commas, read leniently: each is an error at its place, and
        // the rest of the document is read as if they were not there, so that every other
        // problem is reported in the same run.
        let (without, lenient) = without_leniencies(text);
        if !lenient.is_empty() {
            found = lenient;
            blanked = without;
            text = &blanked;
            duplicates.borrow_mut().clear();
            parsed = parse_value(text, &duplicates);
        }
    }
    let value = parsed.map_err(|e| {
        // serde_json says so in its message only; its category is a syntax error.
        if e.to_string().starts_with("recursion limit exceeded") {
            one(
                Rule::NestingTooDeep,
                format!(
                    "arrays and objects are nested more than 127 deep (at line {} column {}){}",
                    e.line(),
                    e.column(),
                    if kind == DocumentKind::Offer {
                        "; an offer document nests at most 9 levels"
                    } else {
                        ", deeper than this tool reads"
                    }
                ),
            )
        } else {
            Report::new(vec![not_json(text, &e)])
        }
    });
    let value = match value {
        Ok(value) => value,
        Err(report) if found.is_empty() => return Err(report),
        Err(report) => {
            found.extend(report.into_diagnostics());
            return Err(Report::new(found));
        }
    };
    found.extend(duplicates.into_inner());
    Ok((value, found))
}

/// Parses `text` to a value, noting the fields named twice in `duplicates`.
fn parse_value(
    text: &str,
    duplicates: &std::cell::RefCell<Vec<Diagnostic>>,
) -> Result<JsonValue, serde_json::Error> {
    let mut parser = serde_json::Deserializer::from_str(text);
    serde::de::DeserializeSeed::deserialize(
        ValueSeed {
            at: At::Root,
            duplicates,
        },
        &mut parser,
    )
    .and_then(|value| parser.end().map(|()| value))
}

/// `text` with its comments (`//`, `/* */`) and trailing commas (before `]` or `}`) replaced by
/// spaces, line breaks kept, so that every byte keeps its line and column; and a diagnostic for
/// each, at its line and column (`json-comment`, `trailing-comma`), in the order of the text.
/// Strings are skipped whole. A `/*` that is never closed and a `/` alone are left for the
/// parser to refuse.
pub(crate) fn without_leniencies(text: &str) -> (String, Vec<Diagnostic>) {
    /// Where the next byte that is not white space nor a closed comment is, from `i`.
    fn significant(bytes: &[u8], mut i: usize) -> usize {
        loop {
            match bytes.get(i) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
                Some(b'/') => match comment_end(bytes, i) {
                    Some(end) => i = end,
                    None => return i,
                },
                _ => return i,
            }
        }
    }
    /// The end of the comment that starts at `i`, if one does and is closed.
    fn comment_end(bytes: &[u8], i: usize) -> Option<usize> {
        match bytes.get(i + 1)? {
            b'/' => Some(
                bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |n| i + n),
            ),
            b'*' => bytes[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map(|n| i + 2 + n + 2),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    // (where, what): fewer than `Report::MAX_DIAGNOSTICS` of them, the others only counted.
    let mut places: Vec<(usize, Rule, &str)> = Vec::new();
    let mut omitted = 0;
    let mut note = |at: usize, rule: Rule, what: &'static str| {
        // One place is kept for a syntax error found beside them.
        if places.len() < Report::MAX_DIAGNOSTICS - 1 {
            places.push((at, rule, what));
        } else {
            omitted += 1;
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' => {
                let Some(end) = comment_end(bytes, i) else {
                    i += 1;
                    continue;
                };
                let what = if bytes[i + 1] == b'/' {
                    "a `//` comment"
                } else {
                    "a `/* */` comment"
                };
                note(i, Rule::JsonComment, what);
                for b in &mut out[i..end] {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            b',' => {
                let next = significant(bytes, i + 1);
                match bytes.get(next) {
                    Some(b']') => note(i, Rule::TrailingComma, "item of an array"),
                    Some(b'}') => note(i, Rule::TrailingComma, "member of an object"),
                    _ => {}
                }
                if matches!(bytes.get(next), Some(b']' | b'}')) {
                    out[i] = b' ';
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    let found = leniency_diagnostics(text, places, omitted);
    // Only ASCII bytes were replaced, by spaces: the text is still UTF-8.
    let out = String::from_utf8(out).unwrap_or_else(|_| text.to_owned());
    (out, found)
}

/// The diagnostics of the comments and trailing commas found at `places` (with what each is), at
/// their lines and columns (1-based, columns in bytes as `serde_json` counts them), computed in
/// one pass over the text; `omitted` more are counted by a last `too-many-problems`.
fn leniency_diagnostics(
    text: &str,
    places: Vec<(usize, Rule, &str)>,
    omitted: usize,
) -> Vec<Diagnostic> {
    let mut found = Vec::with_capacity(places.len() + 1);
    let (mut line, mut line_start, mut from) = (1, 0, 0);
    for (at, rule, what) in places {
        for (n, _) in text[from..at].match_indices('\n') {
            line += 1;
            line_start = from + n + 1;
        }
        from = at;
        let place = format!(" at line {line} column {}", at - line_start + 1);
        found.push(Diagnostic::new(
            rule,
            JsonPointer::root(),
            if rule == Rule::JsonComment {
                format!("JSON has no comments: {what}, read as if it were not there{place}")
            } else {
                format!("JSON allows no comma after the last {what}, read as if it were not there{place}")
            },
        ));
    }
    if omitted > 0 {
        found.push(Diagnostic::new(
            Rule::TooManyProblems,
            JsonPointer::root(),
            omitted_message(omitted),
        ));
    }
    found
}

/// The `invalid-json` diagnostic of a text `serde_json` refused, saying what users most often
/// write that JSON does not allow: a comment, a trailing comma, or a YAML document.
fn not_json(text: &str, error: &serde_json::Error) -> Diagnostic {
    let place = format!(" at line {} column {}", error.line(), error.column());
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (line_start + error.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let rest = &text[at..];
    let diagnostic = |message: String, help: &str| {
        Diagnostic::new(Rule::InvalidJson, JsonPointer::root(), message).with_help(help)
    };
    if looks_like_yaml(text) {
        return diagnostic(
            format!("the document is not JSON: it looks like YAML{place}"),
            "Read it as YAML: name the file `.yaml` or `.yml`, or pass `--input-format yaml` \
             (`ReadOptions::read_yaml` in code).",
        );
    }
    for (start, name) in [("//", "`//` comment"), ("/*", "`/* */` comment")] {
        if rest.starts_with(start) {
            return diagnostic(
                format!("the document has a {name}, which JSON does not allow{place}"),
                "Remove the comment, or write the offer in YAML (`offer.yaml`), where `#` \
                 starts a comment.",
            );
        }
    }
    if error.to_string().starts_with("trailing comma") {
        return diagnostic(
            format!(
                "the document has a comma after the last item of a list or object, which JSON \
                 does not allow{place}"
            ),
            "Remove the comma after the last item.",
        );
    }
    Diagnostic::new(
        Rule::InvalidJson,
        JsonPointer::root(),
        format!("the document is not valid JSON: {error}"),
    )
}

/// Whether a text that is not JSON looks like a YAML document: its first line that is not blank
/// starts a comment (`#`), a document (`---`), or is a `key: value` line.
fn looks_like_yaml(text: &str) -> bool {
    let Some(first) = text.lines().map(str::trim).find(|line| !line.is_empty()) else {
        return false;
    };
    if first.starts_with('{') || first.starts_with('[') || first.starts_with('/') {
        return false;
    }
    first.starts_with('#')
        || first.starts_with("---")
        || first.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty() && !key.contains(' ') && (rest.is_empty() || rest.starts_with(' '))
        })
}

/// Builds a `serde_json::Value` as `serde_json` does, and notes every field that an object names
/// twice. The path of a duplicate is built only when one is found.
struct ValueSeed<'a> {
    at: At<'a>,
    duplicates: &'a std::cell::RefCell<Vec<Diagnostic>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = JsonValue;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<JsonValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ValueSeed<'_> {
    type Value = JsonValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<JsonValue, E> {
        Ok(serde_json::Number::from_f64(n).map_or(JsonValue::Null, JsonValue::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<JsonValue, E> {
        Ok(JsonValue::String(s))
    }

    fn visit_unit<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ValueSeed {
            at: self.at.index(items.len()),
            duplicates: self.duplicates,
        })? {
            items.push(item);
        }
        Ok(JsonValue::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed {
                at: self.at.key(&key),
                duplicates: self.duplicates,
            })?;
            // One look-up: the entry of the key, which a duplicate replaces.
            match object.entry(key) {
                serde_json::map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                serde_json::map::Entry::Occupied(mut entry) => {
                    self.duplicates.borrow_mut().push(Diagnostic::new(
                        Rule::DuplicateKey,
                        self.at.key(entry.key()).pointer(),
                        format!(
                            "field `{}` appears twice in this object; JSON readers keep only one of the two values, so keep one",
                            shortened(entry.key())
                        ),
                    ));
                    entry.insert(value);
                }
            }
        }
        Ok(JsonValue::Object(object))
    }
}

/// Each item whose key equals an earlier item's, as (its index, the index of the first item with
/// that key), in the order of the items. Short lists are compared pairwise without allocating;
/// longer ones go through a hash map, so that a hostile list of 100,000 items takes linear time.
pub(crate) fn repeats_by<'a, T, K: Eq + std::hash::Hash>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<(usize, usize)> {
    const PAIRWISE: usize = 16;
    let mut found = Vec::new();
    if items.len() <= PAIRWISE {
        for (i, item) in items.iter().enumerate() {
            let k = key(item);
            if let Some(first) = items[..i].iter().position(|other| key(other) == k) {
                found.push((i, first));
            }
        }
    } else {
        let mut first = std::collections::HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match first.entry(key(item)) {
                std::collections::hash_map::Entry::Occupied(seen) => found.push((i, *seen.get())),
                std::collections::hash_map::Entry::Vacant(new) => {
                    new.insert(i);
                }
            }
        }
    }
    found
}

/// Text in angle brackets, without brackets inside: `<insert managing tenant id>`, the
/// placeholders of Microsoft's samples and of `lighthouse-offer init`'s starter (rule
/// `placeholder-value`, shared by offer documents and ARM files).
pub(crate) fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.len() > 2 && t.starts_with('<') && t.ends_with('>') && !t[1..t.len() - 1].contains(['<', '>'])
}

/// Every placeholder text in `value` ([`is_placeholder`]), at its pointer, with the name of the
/// member it is the value of (or the name of the array it is in). The walk keeps where it is as
/// a chain of borrowed steps ([`At`]): a pointer is built only for a placeholder found, so a
/// document without one costs no allocation.
pub(crate) fn placeholders(value: &Value) -> Vec<(JsonPointer, Option<String>, String)> {
    fn walk(
        value: &Value,
        at: At<'_>,
        key: Option<&str>,
        found: &mut Vec<(JsonPointer, Option<String>, String)>,
    ) {
        match value {
            Value::String(text) if is_placeholder(text) => {
                found.push((at.pointer(), key.map(str::to_owned), text.to_string()));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, at.index(i), key, found);
                }
            }
            Value::Object(members) => {
                for (name, member) in members {
                    walk(member, at.key(name), Some(name), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(value, At::Root, None, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree's reader and `serde_json`'s (the reader before it) give the same value and the
    /// same `duplicate-key` findings, in the same order, or both refuse the text.
    fn same_reading(text: &str) {
        let theirs = parse_document_of(text, DocumentKind::Offer)
            .map(|(value, found)| (Value::from_serde(&value).into_owned(), found));
        let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
        match (super::super::json::parse(stripped), theirs) {
            (Some(mine), Ok(theirs)) => assert_eq!(mine, theirs, "{text:?}"),
            (None, Err(_)) => {}
            (mine, theirs) => panic!("{text:?}: {mine:?} but serde_json: {theirs:?}"),
        }
    }

    #[test]
    fn the_tree_reads_as_serde_json_reads_with_duplicates() {
        for text in [
            r#"{"a": 1, "b": {"c": [1, {"d": 2, "d": 3}], "c": 4}, "a": {"x": "é"}}"#,
            r#"[{"k": 1, "k": 1, "k": 2}, {"\u006b": 1, "k": 2}]"#,
            r#"{"z": 1, "y": 2, "x": 3, "a~b/c": {"a~b/c": 1, "a~b/c": 2}}"#,
            "\u{feff}{\"a\": 1}",
            r#"{"long": "a string with \"escapes\" and \\ and \/ and \u2028"}"#,
        ] {
            same_reading(text);
        }
        let many = (0..100).fold(String::new(), |all, i| {
            all + &format!("\"k{}\": {i},", i % 37)
        });
        same_reading(&format!("{{{many} \"end\": true}}"));
        let example = include_str!("../../examples/contoso-sentinel/offer.json");
        same_reading(example);
        same_reading(&example.replacen("\"offerId\"", "\"name\": 1, \"offerId\"", 1));
    }
}
