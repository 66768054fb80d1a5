//! The values of ARM template expressions: known ([`Val`]), unknown until deployment
//! ([`Unknown`]), or wrong ([`EvalError`]).

use std::fmt;

use serde_json::{Map, Value};

/// Why a value is not known before deployment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unknown {
    /// Known only when the template is deployed: the function that supplies it, such as
    /// `subscription()`.
    Deployment(String),
    /// A parameter with neither a value (parameters file) nor a default value.
    NoValue(String),
    /// A parameter whose value is a Key Vault reference, read at deployment.
    Secret(String),
    /// A function this evaluator does not compute.
    Unsupported(String),
    /// A value past one of this checker's own limits (size, work, nesting, calls): Azure may
    /// well compute it; the checker does not. What limit, in words.
    Limit(String),
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unknown::Deployment(what) => write!(f, "known only at deployment ({what})"),
            Unknown::NoValue(name) => write!(
                f,
                "parameter `{name}` has no value here (no parameters file value, no default)"
            ),
            Unknown::Secret(name) => {
                write!(
                    f,
                    "parameter `{name}` is a Key Vault reference, read at deployment"
                )
            }
            Unknown::Unsupported(name) => {
                write!(f, "the checker does not evaluate the function `{name}`")
            }
            Unknown::Limit(what) => write!(f, "not evaluated by the checker: {what}"),
        }
    }
}

/// A value of the template language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Val {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Val>),
    /// An object, members in order.
    Object(Vec<(String, Val)>),
    /// A value not known before deployment.
    Unknown(Unknown),
}

impl Val {
    /// A JSON value taken literally (a parameters file's value, the result of `json()`):
    /// strings are not expressions there.
    #[must_use]
    pub fn literal(value: &Value) -> Val {
        match value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => n.as_i64().map_or_else(|| Val::Str(n.to_string()), Val::Int),
            Value::String(s) => Val::Str(s.clone()),
            Value::Array(items) => Val::Array(items.iter().map(Val::literal).collect()),
            Value::Object(map) => Val::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Val::literal(v)))
                    .collect(),
            ),
        }
    }

    /// The first unknown in the value, depth first.
    #[must_use]
    pub(crate) fn first_unknown(&self) -> Option<&Unknown> {
        match self {
            Val::Unknown(u) => Some(u),
            Val::Array(items) => items.iter().find_map(Val::first_unknown),
            Val::Object(members) => members.iter().find_map(|(_, v)| v.first_unknown()),
            _ => None,
        }
    }

    /// A member of an object, by name without regard to case (as ARM looks names up).
    #[must_use]
    pub(crate) fn member(&self, name: &str) -> Option<&Val> {
        match self {
            Val::Object(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .or_else(|| {
                    members
                        .iter()
                        .rev()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                })
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as JSON, each unknown replaced by what `unknown` gives for it.
    pub(crate) fn to_json(&self, unknown: &mut dyn FnMut(&Unknown) -> Value) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Int(i) => Value::from(*i),
            Val::Str(s) => Value::String(s.clone()),
            Val::Array(items) => Value::Array(items.iter().map(|v| v.to_json(unknown)).collect()),
            Val::Object(members) => {
                let mut map = Map::new();
                for (k, v) in members {
                    map.insert(k.clone(), v.to_json(unknown));
                }
                Value::Object(map)
            }
            Val::Unknown(u) => unknown(u),
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "a boolean",
            Val::Int(_) => "an integer",
            Val::Str(_) => "a string",
            Val::Array(_) => "an array",
            Val::Object(_) => "an object",
            Val::Unknown(_) => "an unknown value",
        }
    }

    /// The text `string()` and `concat` give for a scalar: booleans are `True`/`False`, as
    /// .NET writes them.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Bool(true) => Some("True".into()),
            Val::Bool(false) => Some("False".into()),
            _ => None,
        }
    }
}

/// An expression that Azure would refuse: what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EvalError(pub String);

pub(crate) fn err<T>(message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError(message.into()))
}

/// The size of a value (items, members and string bytes through every level), counted up to
/// just past `limit`.
pub(crate) fn size(value: &Val, limit: usize) -> usize {
    let mut total = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        total += 1;
        match v {
            Val::Str(s) => total += s.len(),
            Val::Array(items) => stack.extend(items),
            Val::Object(members) => {
                for (k, v) in members {
                    total += k.len();
                    stack.push(v);
                }
            }
            _ => {}
        }
        if total > limit {
            break;
        }
    }
    total
}
