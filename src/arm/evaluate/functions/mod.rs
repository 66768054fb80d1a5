//! ARM's template functions, one file per family as Microsoft Learn's "ARM template functions"
//! pages group them. Functions that need the scope (`parameters`, `variables`, `copyIndex`, the
//! lazy `if`) are evaluated by [`Scope`](super::Scope); functions whose values exist only at
//! deployment are listed by [`at_deployment`].

mod array;
mod comparison;
mod logical;
mod numeric;
pub(crate) mod object;
mod resource;
mod string;

use serde_json::Value;

use crate::arm::evaluate::value::{EvalError, Val, err};

/// The functions whose values exist only when the template is deployed: of the scope family
/// (`subscription`, `resourceGroup`, `tenant`, `managementGroup`), the deployment family
/// (`deployment`, `environment`), the date family (`utcNow`), the resource family (`reference`,
/// `list…`, `pickZones`, `extensionResourceId`, `managementGroupResourceId`), and the strings no
/// one can know before (`newGuid`, `uniqueString`). `lower` is the name in lower case.
pub(crate) fn at_deployment(lower: &str) -> bool {
    matches!(
        lower,
        "subscription"
            | "resourcegroup"
            | "deployment"
            | "tenant"
            | "managementgroup"
            | "environment"
            | "reference"
            | "utcnow"
            | "newguid"
            | "uniquestring"
            | "pickzones"
            | "listkeys"
            | "listsecrets"
            | "extensionresourceid"
            | "managementgroupresourceid"
    ) || lower.starts_with("list")
}

/// The functions that measure or join arrays, strings and objects alike (`length`, `empty`,
/// `first`, `last`, `union`, `concat`) and `coalesce`, on arguments without unknowns (but
/// `coalesce`, which skips them).
pub(crate) fn structural(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    if lower == "coalesce" {
        return Ok(comparison::coalesce(v));
    }
    array::structural(lower, name, v)
}

/// The functions of one family: the value of the call `name` (`lower` in lower case) of these
/// arguments, or the error of [`not_mine`] when the family has no such function.
type Family = fn(&str, &str, &[Val]) -> Result<Val, EvalError>;

/// The functions of known arguments; `None` for a function this evaluator does not know.
pub(crate) fn scalar(lower: &str, name: &str, v: &[Val]) -> Option<Result<Val, EvalError>> {
    let families: [Family; 7] = [
        logical::call,
        comparison::call,
        string::call,
        array::call,
        numeric::call,
        object::call,
        resource::call,
    ];
    for family in families {
        match family(lower, name, v) {
            Err(EvalError(message)) if message.is_empty() => {}
            other => return Some(other),
        }
    }
    None
}

/// What a family answers for a function of another family: an error without a message.
fn not_mine() -> Result<Val, EvalError> {
    Err(EvalError(String::new()))
}

fn as_str<'v>(name: &str, v: &'v Val) -> Result<&'v str, EvalError> {
    match v {
        Val::Str(s) => Ok(s),
        other => err(format!("{name}() needs a string, found {}", other.kind())),
    }
}

fn as_int(name: &str, v: &Val) -> Result<i64, EvalError> {
    match v {
        Val::Int(i) => Ok(*i),
        other => err(format!("{name}() needs an integer, found {}", other.kind())),
    }
}

fn as_bool(name: &str, v: &Val) -> Result<bool, EvalError> {
    match v {
        Val::Bool(b) => Ok(*b),
        other => err(format!("{name}() needs a boolean, found {}", other.kind())),
    }
}

fn exactly<'v, const N: usize>(name: &str, v: &'v [Val]) -> Result<&'v [Val; N], EvalError> {
    v.try_into()
        .map_err(|_| EvalError(format!("{name}() takes {N} argument(s), found {}", v.len())))
}

fn to_json_text(v: &Val) -> String {
    v.to_json(&mut |_| Value::Null).to_string()
}
