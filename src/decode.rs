//! The document reader: walks a parsed JSON value and builds model values, collecting every
//! problem on the way instead of stopping at the first.
//!
//! Each model type implements [`Decode`]. Leaves parse their text with the same constructor a
//! caller would use; aggregates read their fields through [`Object`], which reports missing and
//! unknown fields, and then run the same checks as their builders. Paths are built only when a
//! problem is reported, so a valid document costs no path allocations.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, JsonPointer, Violation};
use crate::rules::Rule;

/// Where the reader is, as a chain of borrowed steps from the root; turned into a
/// [`JsonPointer`] only when needed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    pub(crate) fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    pub(crate) fn pointer(&self) -> JsonPointer {
        match self {
            At::Root => JsonPointer::root(),
            At::Key(parent, key) => parent.pointer().key(key),
            At::Index(parent, index) => parent.pointer().index(*index),
        }
    }
}

/// The reader's context: the diagnostics found so far.
#[derive(Debug, Default)]
pub(crate) struct Cx {
    diagnostics: Vec<Diagnostic>,
}

impl Cx {
    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn error(&mut self, rule: Rule, at: At<'_>, message: impl Into<String>) {
        self.report(Diagnostic::new(rule, at.pointer(), message));
    }

    /// Reports diagnostics whose paths are relative to `at`.
    pub(crate) fn report_under(
        &mut self,
        at: At<'_>,
        diagnostics: impl IntoIterator<Item = Diagnostic>,
    ) {
        let prefix = at.pointer();
        self.diagnostics
            .extend(diagnostics.into_iter().map(|d| d.under(&prefix)));
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
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
            Some(text)
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
    pub(crate) fn array<'v>(&mut self, value: &'v Value, at: At<'_>) -> Option<&'v [Value]> {
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
                known: Vec::with_capacity(map.len()),
            })
        } else {
            self.wrong_type("an object", value, at);
            None
        }
    }
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
    map: &'v Map<String, Value>,
    at: At<'a>,
    known: Vec<&'static str>,
}

impl<'v> Object<'v, '_> {
    /// The raw value of a field, marking it as known.
    pub(crate) fn raw(&mut self, key: &'static str) -> Option<&'v Value> {
        self.known.push(key);
        self.map.get(key)
    }

    /// A field that must be present.
    pub(crate) fn required<T: Decode>(&mut self, key: &'static str, cx: &mut Cx) -> Option<T> {
        if let Some(value) = self.raw(key) {
            T::decode(value, self.at.key(key), cx)
        } else {
            cx.error(
                Rule::MissingField,
                self.at,
                format!("missing required field `{key}`"),
            );
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

    /// Reports every field that was not read, with the closest known name as a hint.
    pub(crate) fn finish(self, cx: &mut Cx) {
        for key in self.map.keys() {
            if !self.known.contains(&key.as_str()) {
                let hint = closest(key, &self.known).map_or_else(
                    || format!("; expected one of {}", list(&self.known)),
                    |near| format!("; did you mean `{near}`?"),
                );
                cx.error(
                    Rule::UnknownField,
                    self.at.key(key),
                    format!("unknown field `{key}`{hint}"),
                );
            }
        }
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The known name closest to `key` by edit distance, when it is close enough to be a typo.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(&key.to_lowercase(), &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Reads a whole value of a model type from a JSON value: the value, or every diagnostic.
pub(crate) fn decode_value<T: Decode>(value: &Value) -> Result<T, Vec<Diagnostic>> {
    let mut cx = Cx::default();
    match T::decode(value, At::Root, &mut cx) {
        Some(v) if cx.diagnostics.is_empty() => Ok(v),
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
                crate::decode::decode_value::<$ty>(&value).map_err(|diagnostics| {
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
        impl crate::decode::Decode for $ty {
            fn decode(value: &serde_json::Value, at: crate::decode::At<'_>, cx: &mut crate::decode::Cx) -> Option<Self> {
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
) -> Result<crate::diagnostic::Checked<T>, crate::diagnostic::Report> {
    use crate::diagnostic::{Checked, Report};
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Report::new(vec![Diagnostic::new(
            Rule::InvalidJson,
            JsonPointer::root(),
            format!("the document is not valid JSON: {e}"),
        )])
    })?;
    match decode_value::<T>(&value) {
        Ok(v) => {
            let found = warnings(&v);
            Ok(Checked::new(v, found))
        }
        Err(diagnostics) => Err(Report::new(diagnostics)),
    }
}
