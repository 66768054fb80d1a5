//! The document tree the reader walks: JSON values whose texts borrow from the document where
//! they can, read in one pass over the bytes.
//!
//! Reading an offer used to parse its text into a `serde_json::Value` (a `String` for every
//! name and text, a `BTreeMap` for every object) and then walk that tree. This tree has the same
//! shape and the same order of members (sorted by name, as `serde_json`'s map without
//! `preserve_order` keeps them, so that every diagnostic comes out in the same order), but a
//! text without escapes is a slice of the document, an object is one vector of members, and
//! each array or object is allocated once, at its final size.
//!
//! [`parse`] reads strict JSON (RFC 8259) within the crate's limits and notes every member that
//! an object names twice. It does not explain syntax errors: on any text that it does not read
//! whole, it returns `None`, and the caller asks `serde_json` for the error (its message and
//! position are the ones users know). Values that come from elsewhere (YAML, an ARM template's
//! evaluation, a caller's `serde_json::Value`) are borrowed into the same tree with
//! [`Value::from_serde`].

use std::borrow::Cow;

use super::at::{At, shortened};
use crate::report::diagnostic::Diagnostic;
use crate::report::rules::Rule;

/// A JSON value of a document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'t> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'t, str>),
    Array(Vec<Value<'t>>),
    Object(Map<'t>),
}

/// The members of an object, sorted by name, each name once (the last value written wins, as in
/// `serde_json`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Map<'t> {
    members: Vec<(Cow<'t, str>, Value<'t>)>,
}

static NULL: Value<'static> = Value::Null;

impl<'t> Map<'t> {
    /// The value of the member `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'t>> {
        // Objects of a document have a few members: a scan is faster than a search for them.
        if self.members.len() <= 16 {
            self.members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value)
        } else {
            self.members
                .binary_search_by(|(name, _)| name.as_ref().cmp(key))
                .ok()
                .map(|i| &self.members[i].1)
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The names, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(name, _)| name.as_ref())
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl<'t> Value<'t> {
    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'t>> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&Vec<Value<'t>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&Map<'t>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The value a JSON Pointer (RFC 6901) designates, as `serde_json::Value::pointer`.
    pub(crate) fn pointer(&self, pointer: &str) -> Option<&Value<'t>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(self, |value, token| {
            let token = token.replace("~1", "/").replace("~0", "~");
            match value {
                Value::Object(map) => map.get(&token),
                Value::Array(items) => {
                    let valid =
                        !token.starts_with('+') && (token == "0" || !token.starts_with('0'));
                    items.get(token.parse::<usize>().ok().filter(|_| valid)?)
                }
                _ => None,
            }
        })
    }

    /// The same value as a tree of this module, its texts borrowed from `value`.
    pub(crate) fn from_serde(value: &'t serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from_serde).collect())
            }
            // `serde_json`'s map is sorted by name already.
            serde_json::Value::Object(map) => Value::Object(Map {
                members: map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::from_serde(v)))
                    .collect(),
            }),
        }
    }

    /// The same value, owning its texts.
    pub(crate) fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(map) => Value::Object(Map {
                members: map
                    .members
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            }),
        }
    }
}

impl<'m, 't> IntoIterator for &'m Map<'t> {
    type Item = (&'m str, &'m Value<'t>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'m, (Cow<'t, str>, Value<'t>)>,
        fn(&'m (Cow<'t, str>, Value<'t>)) -> (&'m str, &'m Value<'t>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.members
            .iter()
            .map(|(name, value)| (name.as_ref(), value))
    }
}

impl<'t> std::ops::Index<&str> for Value<'t> {
    type Output = Value<'t>;

    fn index(&self, key: &str) -> &Value<'t> {
        self.get(key).unwrap_or(&NULL)
    }
}

/// How deep arrays and objects nest at most: `serde_json`'s limit (it refuses the 128th level),
/// so that both readers refuse the same texts.
const MAX_DEPTH: usize = 127;

/// Reads `text` (strict JSON, without a byte order mark) into a tree, with a `duplicate-key`
/// diagnostic for every member that an object names twice, in the order `serde_json`'s reader
/// found them (at the end of the second member's value). `None` when the text is not JSON that
/// `serde_json` reads to a value: ask it why.
pub(crate) fn parse(text: &str) -> Option<(Value<'_>, Vec<Diagnostic>)> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
        duplicates: Vec::new(),
        items: Vec::new(),
        members: Vec::new(),
    };
    let value = parser.value(At::Root)?;
    parser.skip_white();
    (parser.at == parser.bytes.len()).then_some((value, parser.duplicates))
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: usize,
    duplicates: Vec<Diagnostic>,
    /// The items of the arrays being read, innermost last: one stack for all, so that each
    /// array is allocated once, at its size.
    items: Vec<Value<'t>>,
    /// The members of the objects being read, likewise.
    members: Vec<(Cow<'t, str>, Value<'t>)>,
}

impl<'t> Parser<'t> {
    fn skip_white(&mut self) {
        // A pretty-printed document indents each line: skip a run of spaces in one step.
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b' ' | b'\n' | b'\r' | b'\t' => {
                    self.at += 1;
                    let rest = &self.bytes[self.at..];
                    self.at += rest.iter().position(|&b| b != b' ').unwrap_or(rest.len());
                }
                _ => return,
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_white();
        self.bytes.get(self.at).copied()
    }

    fn literal(&mut self, word: &str, value: Value<'t>) -> Option<Value<'t>> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Some(value)
        } else {
            None
        }
    }

    fn value(&mut self, at: At<'_>) -> Option<Value<'t>> {
        match self.peek()? {
            b'"' => self.string().map(Value::String),
            b'{' => self.object(at),
            b'[' => self.array(at),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        self.at += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn array(&mut self, at: At<'_>) -> Option<Value<'t>> {
        self.enter()?;
        let base = self.items.len();
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                let item = self.value(at.index(self.items.len() - base))?;
                self.items.push(item);
                match self.peek()? {
                    b',' => self.at += 1,
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(Value::Array(self.items.drain(base..).collect()))
    }

    fn object(&mut self, at: At<'_>) -> Option<Value<'t>> {
        // Past this many members, a name's earlier use is looked up in a set, so that a
        // hostile object of 100,000 members takes linear time.
        const SCAN: usize = 16;
        self.enter()?;
        let base = self.members.len();
        let mut seen: Option<std::collections::HashMap<Cow<'t, str>, usize>> = None;
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                let value = self.value(at.key(&key))?;
                let read = &self.members[base..];
                let earlier = match &mut seen {
                    Some(seen) => seen.get(&key).copied(),
                    None => read.iter().position(|(name, _)| *name == key),
                };
                if let Some(i) = earlier {
                    self.duplicates.push(Diagnostic::new(
                        Rule::DuplicateKey,
                        at.key(&key).pointer(),
                        format!(
                            "field `{}` appears twice in this object; JSON readers keep only one of the two values, so keep one",
                            shortened(&key)
                        ),
                    ));
                    self.members[base + i].1 = value;
                } else {
                    if let Some(seen) = &mut seen {
                        seen.insert(key.clone(), read.len());
                    } else if read.len() == SCAN {
                        let mut set: std::collections::HashMap<Cow<'t, str>, usize> = read
                            .iter()
                            .enumerate()
                            .map(|(i, (name, _))| (name.clone(), i))
                            .collect();
                        set.insert(key.clone(), read.len());
                        seen = Some(set);
                    }
                    self.members.push((key, value));
                }
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let mut members: Vec<(Cow<'t, str>, Value<'t>)> = self.members.drain(base..).collect();
        // Sorted by name, as `serde_json`'s map keeps them (names are unique here).
        if !members.is_sorted_by(|a, b| a.0 <= b.0) {
            members.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        Some(Value::Object(Map { members }))
    }

    /// Moves `self.at` to the next byte that ends a run of plain text in a string: a quote, a
    /// backslash or a control character (which JSON does not allow there), or the end. Eight
    /// bytes at a time: most of an offer's bytes are in its texts.
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Each byte's high bit set where the byte is zero: exact for the lowest such byte,
        // which is the one looked for.
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        while let Some(chunk) = self.bytes.get(self.at..self.at + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            let found = zero(x ^ (ONES * u64::from(b'"')))
                | zero(x ^ (ONES * u64::from(b'\\')))
                | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
            if found != 0 {
                self.at += (found.trailing_zeros() / 8) as usize;
                return;
            }
            self.at += 8;
        }
        while let Some(&b) = self.bytes.get(self.at) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return;
            }
            self.at += 1;
        }
    }

    /// A string at `self.at` (its opening quote): borrowed when it has no escape.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        self.at += 1;
        let start = self.at;
        self.skip_plain();
        match *self.bytes.get(self.at)? {
            b'"' => {
                let text = &self.text[start..self.at];
                self.at += 1;
                return Some(Cow::Borrowed(text));
            }
            b'\\' => {}
            _ => return None,
        }
        let mut owned = String::with_capacity(self.at - start + 16);
        owned.push_str(&self.text[start..self.at]);
        loop {
            let run = self.at;
            self.skip_plain();
            owned.push_str(&self.text[run..self.at]);
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    let escape = *self.bytes.get(self.at + 1)?;
                    self.at += 2;
                    match escape {
                        b'"' => owned.push('"'),
                        b'\\' => owned.push('\\'),
                        b'/' => owned.push('/'),
                        b'b' => owned.push('\u{8}'),
                        b'f' => owned.push('\u{c}'),
                        b'n' => owned.push('\n'),
                        b'r' => owned.push('\r'),
                        b't' => owned.push('\t'),
                        b'u' => {
                            let high = self.hex4()?;
                            let c = match high {
                                0xD800..=0xDBFF => {
                                    if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
                                        return None;
                                    }
                                    self.at += 2;
                                    let low = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&low) {
                                        return None;
                                    }
                                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return None,
                                _ => high,
                            };
                            owned.push(char::from_u32(c)?);
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number as JSON writes it, read to a value as `serde_json` reads it (and refused where
    /// it refuses it, out of range).
    fn number(&mut self) -> Option<Value<'t>> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        match self.bytes.get(self.at)? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                digits(self);
            }
            _ => return None,
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        let raw = &self.text[start..self.at];
        raw.parse::<serde_json::Number>().ok().map(Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of `text` equals `serde_json`'s value of it, borrowed into a tree.
    fn same(text: &str) {
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        let (mine, _) = parse(text).unwrap_or_else(|| panic!("{text:?} is read"));
        assert_eq!(mine, Value::from_serde(&theirs), "{text:?}");
    }

    #[test]
    fn reads_what_serde_json_reads_to_the_same_value() {
        for text in [
            "null",
            " true ",
            "false",
            "0",
            "-0",
            "1.5e3",
            "-12.25E-2",
            "123456789012345678901234567890",
            "18446744073709551615",
            "-9223372036854775808",
            r#""plain""#,
            r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#,
            "[]",
            "{}",
            r#"{"b": 1, "a": [1, {"c": null}], "é": "x"}"#,
            r#"{"a": 1, "a": 2}"#,
            "[[[[[]]]]]",
        ] {
            same(text);
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in [
            "",
            "nul",
            "01",
            "1.",
            "-",
            "1e",
            "1e400",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a: 1}",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"a\u{1}b\"",
            "\"open",
            "[1 2]",
            "{} x",
            "// c\n{}",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn finds_quotes_escapes_and_control_characters_at_every_place_of_a_word() {
        // The plain runs of a string are scanned eight bytes at a time: each special byte at
        // each offset, after ASCII and after multi-byte characters.
        for prefix in [
            "",
            "a",
            "abcdefg",
            "abcdefgh",
            "éé",
            "日本語x",
            "abcdefghijklmno",
        ] {
            for special in ["\\\"", "\\n", "\\u00e9", "\u{1}", "\u{1f}", "\"", ""] {
                for suffix in ["", "z", "zzzzzzzzz", "\u{7f}é"] {
                    let text = format!("[\"{prefix}{special}{suffix}\"]");
                    let theirs = serde_json::from_str::<serde_json::Value>(&text).ok();
                    let mine = parse(&text).map(|(value, _)| value);
                    assert_eq!(mine, theirs.as_ref().map(Value::from_serde), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn nests_as_deep_as_serde_json() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(127)).is_some());
        assert!(serde_json::from_str::<serde_json::Value>(&deep(127)).is_ok());
        assert!(parse(&deep(128)).is_none());
        assert!(serde_json::from_str::<serde_json::Value>(&deep(128)).is_err());
    }

    #[test]
    fn notes_duplicate_members_in_serde_json_s_order() {
        let members = (0..40).fold(String::new(), |all, i| all + &format!("\"k{i}\": {i},"));
        let text = format!(r#"{{"a": {{"x": 1, "x": 2}}, {members} "k3": 0, "a": 3}}"#);
        let (value, duplicates) = parse(&text).unwrap();
        let paths: Vec<&str> = duplicates.iter().map(|d| d.path().as_str()).collect();
        assert_eq!(paths, ["/a/x", "/k3", "/a"]);
        assert_eq!(value["a"], Value::Number(3.into()));
        assert_eq!(value["k3"], Value::Number(0.into()));
    }
}
