//! Terraform's values as the reader evaluates them: JSON-like, plus **unknown** (with the
//! reason), each carrying where it is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::report::rules::Rule;

/// Where a value is written: a byte range of one file of the check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct At {
    pub file: usize,
    pub start: usize,
    pub end: usize,
}

/// Why a value is unknown before `terraform apply`.
#[derive(Debug, PartialEq)]
pub(crate) struct Why {
    /// In words, for the note.
    pub reason: String,
    /// Where the unknown comes from (the variable, the data source, the function call).
    pub at: Option<At>,
    /// The address of the registration definition this value is the ID of, for
    /// `azurerm_lighthouse_definition.x.id`: it links an assignment to its definition.
    pub definition: Option<String>,
    /// A string built around the unknown value, the unknown parts written `\u{0}`
    /// (`"${data.azurerm_subscription.current.id}/resourceGroups/rg"`): what is known of it.
    pub partial: Option<String>,
}

/// A value.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// Lists, tuples and sets (sets are sorted and without repeats).
    List(Vec<V>),
    /// Maps and objects, keys in lexical order, as Terraform iterates them.
    Map(BTreeMap<String, V>),
    Unknown(Rc<Why>),
}

/// A value and where it is written.
#[derive(Clone, Debug)]
pub(crate) struct V {
    pub kind: Kind,
    pub at: Option<At>,
}

impl V {
    pub fn new(kind: Kind, at: Option<At>) -> V {
        V { kind, at }
    }

    pub fn null(at: Option<At>) -> V {
        V::new(Kind::Null, at)
    }

    pub fn string(s: impl Into<String>, at: Option<At>) -> V {
        V::new(Kind::String(s.into()), at)
    }

    pub fn unknown(reason: impl Into<String>, at: Option<At>) -> V {
        V::new(
            Kind::Unknown(Rc::new(Why {
                reason: reason.into(),
                at,
                definition: None,
                partial: None,
            })),
            at,
        )
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn why(&self) -> Option<&Rc<Why>> {
        match &self.kind {
            Kind::Unknown(w) => Some(w),
            _ => None,
        }
    }

    /// The first unknown inside (depth first), for a value that must be wholly known.
    pub fn first_unknown(&self) -> Option<&V> {
        match &self.kind {
            Kind::Unknown(_) => Some(self),
            Kind::List(items) => items.iter().find_map(V::first_unknown),
            Kind::Map(map) => map.values().find_map(V::first_unknown),
            _ => None,
        }
    }

    /// The same value placed elsewhere.
    pub fn at(mut self, at: Option<At>) -> V {
        self.at = at;
        self
    }

    /// The type's name in Terraform's words, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "bool",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::List(_) => "list",
            Kind::Map(_) => "object",
            Kind::Unknown(_) => "unknown",
        }
    }

    /// Structural equality, wherever the values are written.
    pub fn same(&self, other: &V) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Null, Kind::Null) => true,
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            #[allow(clippy::float_cmp)]
            (Kind::Number(a), Kind::Number(b)) => a == b,
            (Kind::String(a), Kind::String(b)) => a == b,
            (Kind::List(a), Kind::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
            }
            (Kind::Map(a), Kind::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same(vb))
            }
            _ => false,
        }
    }

    /// The value as a string, as Terraform converts primitives (`5`, `true`); `None` for
    /// null, collections and unknowns.
    pub fn to_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Number(n) => Some(number_text(*n)),
            Kind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The value as JSON (unknowns as `null`), for `jsonencode` and the plan.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null | Kind::Unknown(_) => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => number_json(*n),
            Kind::String(s) => Value::String(s.clone()),
            Kind::List(items) => Value::Array(items.iter().map(V::to_json).collect()),
            Kind::Map(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// A JSON value, every part placed at `at`.
    pub fn from_json(value: &serde_json::Value, at: Option<At>) -> V {
        use serde_json::Value;
        let kind = match value {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(n.as_f64().unwrap_or(0.0)),
            Value::String(s) => Kind::String(s.clone()),
            Value::Array(items) => Kind::List(items.iter().map(|v| V::from_json(v, at)).collect()),
            Value::Object(map) => Kind::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), V::from_json(v, at)))
                    .collect(),
            ),
        };
        V::new(kind, at)
    }
}

/// A number as Terraform writes it: integers without a fraction.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        i.to_string()
    } else {
        let mut s = String::new();
        let _ = write!(s, "{n}");
        s
    }
}

fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        serde_json::Value::from(i)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// An evaluation that failed: what Terraform says and where.
#[derive(Clone, Debug)]
pub(crate) struct Fault {
    pub rule: Rule,
    pub message: String,
    pub at: Option<At>,
    /// Whether `try` and `can` catch it (dynamic errors); references to undeclared names are
    /// static in Terraform and never caught.
    pub catchable: bool,
}

impl Fault {
    pub fn dynamic(message: impl Into<String>, at: Option<At>) -> Fault {
        Fault {
            rule: Rule::TerraformInvalidExpression,
            message: message.into(),
            at,
            catchable: true,
        }
    }

    pub fn fixed(rule: Rule, message: impl Into<String>, at: Option<At>) -> Fault {
        Fault {
            rule,
            message: message.into(),
            at,
            catchable: false,
        }
    }
}

pub(crate) type R = Result<V, Fault>;

pub(crate) fn num(i: usize, at: Option<At>) -> V {
    #[allow(clippy::cast_precision_loss)]
    V::new(Kind::Number(i as f64), at)
}

pub(crate) fn number(v: &V) -> Result<f64, Fault> {
    match &v.kind {
        Kind::Number(n) => Ok(*n),
        Kind::String(s) => s.trim().parse().map_err(|_| {
            Fault::dynamic(format!("expected a number, found the string {s:?}"), v.at)
        }),
        _ => Err(Fault::dynamic(
            format!("expected a number, found {}", v.type_name()),
            v.at,
        )),
    }
}

pub(crate) fn boolean(v: &V) -> Result<bool, Fault> {
    match &v.kind {
        Kind::Bool(b) => Ok(*b),
        Kind::String(s) if s == "true" => Ok(true),
        Kind::String(s) if s == "false" => Ok(false),
        _ => Err(Fault::dynamic(
            format!("expected a bool, found {}", v.type_name()),
            v.at,
        )),
    }
}

pub(crate) fn get(v: &V, name: &str, at: Option<At>) -> R {
    match &v.kind {
        Kind::Map(map) => map
            .get(name)
            .cloned()
            .ok_or_else(|| Fault::dynamic(format!("this object has no attribute `{name}`"), at)),
        Kind::Null => Err(Fault::dynamic(format!("cannot read `{name}` of null"), at)),
        _ => Err(Fault::dynamic(
            format!("cannot read `{name}` of a {}", v.type_name()),
            at,
        )),
    }
}

pub(crate) fn index(v: &V, key: &V, at: Option<At>) -> R {
    match &v.kind {
        Kind::List(items) => {
            let n = number(key)?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = n as usize;
            if n < 0.0 || n.fract() != 0.0 || i >= items.len() {
                return Err(Fault::dynamic(
                    format!(
                        "the index {} is outside the list of {} items",
                        number_text(n),
                        items.len()
                    ),
                    at,
                ));
            }
            Ok(items[i].clone())
        }
        Kind::Map(map) => {
            let k = key
                .to_text()
                .ok_or_else(|| Fault::dynamic("a map's key must be a string", at))?;
            map.get(&k)
                .cloned()
                .ok_or_else(|| Fault::dynamic(format!("the map has no key {k:?}"), at))
        }
        Kind::Null => Err(Fault::dynamic("cannot index null", at)),
        _ => Err(Fault::dynamic(
            format!("cannot index a {}", v.type_name()),
            at,
        )),
    }
}
