//! Writing a JSON value as YAML, for documents read from YAML (`migrate` writes back the format
//! it read). Block style, two spaces of indentation; a string is written plain only when every
//! YAML reader, 1.1 or 1.2, reads it back as the same text, and in double quotes otherwise (a
//! JSON string is a valid YAML double-quoted scalar).

use serde_json::Value;

/// A JSON value with the members of its objects in the order of the text.
enum Node {
    Scalar(Value),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl From<&Value> for Node {
    fn from(value: &Value) -> Self {
        match value {
            Value::Array(items) => Node::Seq(items.iter().map(Node::from).collect()),
            Value::Object(map) => Node::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::from(v)))
                    .collect(),
            ),
            scalar => Node::Scalar(scalar.clone()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(b)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Number(n.into())))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Number(n.into())))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
        Ok(Node::Scalar(
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(s.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Node::Map(members))
    }
}

/// A JSON text as a YAML document, the members of objects kept in the order of the text (see
/// [`to_yaml_string`]).
///
/// # Errors
/// When `json` is not JSON.
pub fn json_to_yaml(json: &str) -> Result<String, serde_json::Error> {
    let node: Node = serde_json::from_str(json)?;
    Ok(write_document(&node))
}

/// `value` as a YAML document, ending with a line break (members in the order of the value's
/// map, alphabetical; [`json_to_yaml`] keeps the order of a text). Reading it back with
/// [`Document::parse`](super::Document::parse) gives `value` again.
///
/// ```
/// use lighthouse_offer::yaml::{Document, to_yaml_string};
///
/// let value = serde_json::json!({ "version": "1.10", "name": "no", "plans": [{ "planId": "gold" }] });
/// let text = to_yaml_string(&value);
/// assert_eq!(text, "name: \"no\"\nplans:\n  - planId: gold\nversion: \"1.10\"\n");
/// assert_eq!(Document::parse(&text).unwrap().value(), &value);
/// ```
#[must_use]
pub fn to_yaml_string(value: &Value) -> String {
    write_document(&Node::from(value))
}

fn write_document(node: &Node) -> String {
    let mut out = String::new();
    match node {
        Node::Map(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Node::Seq(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            write_scalar(&mut out, scalar);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n(' ', level));
}

fn write_map(out: &mut String, map: &[(String, Node)], level: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first member of a mapping inside a sequence item follows the `- `.
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        write_string(out, key);
        out.push(':');
        write_nested(out, value, level);
    }
}

fn write_seq(out: &mut String, items: &[Node], level: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        out.push_str("- ");
        match item {
            Node::Map(map) if !map.is_empty() => write_map(out, map, level + 2),
            Node::Seq(inner) if !inner.is_empty() => write_seq(out, inner, level + 2),
            scalar => {
                write_scalar(out, scalar);
                out.push('\n');
            }
        }
    }
}

/// A member's value after `key:`: on the same line when a scalar, below it when a collection.
fn write_nested(out: &mut String, value: &Node, level: usize) {
    match value {
        Node::Map(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 2);
        }
        Node::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, level + 2);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar);
            out.push('\n');
        }
    }
}

fn write_scalar(out: &mut String, value: &Node) {
    match value {
        Node::Scalar(Value::String(text)) => write_string(out, text),
        Node::Scalar(other) => out.push_str(&other.to_string()),
        Node::Map(_) => out.push_str("{}"),
        Node::Seq(_) => out.push_str("[]"),
    }
}

fn write_string(out: &mut String, text: &str) {
    if is_plain_safe(text) {
        out.push_str(text);
    } else {
        out.push_str(&serde_json::to_string(text).expect("a string always serializes"));
    }
}

/// Whether `text` can be written without quotes: letters, digits and a few marks that mean
/// nothing to YAML, not starting with a mark, and read back as the same text by YAML 1.2 and 1.1.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '@' | '+'))
        && super::resolve(text) == Value::String(text.to_owned())
        && super::resolve_yaml11(text).is_none()
}
