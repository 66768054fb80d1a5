//! Array functions (Microsoft Learn, "Array functions for ARM templates"): `concat`, `contains`,
//! `createArray`, `empty`, `first`, `last`, `length`, `union`; most take strings and objects too,
//! as Microsoft's pages say. `createArray` keeps unknown items in place, so the scope builds it.

use std::collections::HashSet;

use super::object::merge;
use super::{as_str, exactly, not_mine};
use crate::arm::evaluate::value::{EvalError, Val, err};

/// `contains`; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
        "contains" => {
            let [c, item] = exactly::<2>(name, v)?;
            Val::Bool(match c {
                Val::Str(s) => s.contains(&item.text().unwrap_or_default()),
                Val::Array(items) => items.contains(item),
                Val::Object(members) => {
                    let key = as_str(name, item)?;
                    members.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
                }
                other => return err(format!("contains() cannot search {}", other.kind())),
            })
        }
        _ => return not_mine(),
    })
}

/// The functions that measure or join arrays, strings and objects alike, on arguments without
/// unknowns: `length`, `empty`, `first`, `last`, `union`, `concat`.
pub(super) fn structural(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    match lower {
        "length" | "empty" => {
            let [x] = v else {
                return err(format!("{name}() takes 1 argument, found {}", v.len()));
            };
            let n = match x {
                Val::Str(s) => s.chars().count(),
                Val::Array(items) => items.len(),
                Val::Object(members) => members.len(),
                Val::Null if lower == "empty" => 0,
                other => return err(format!("{name}() cannot measure {}", other.kind())),
            };
            Ok(if lower == "empty" {
                Val::Bool(n == 0)
            } else {
                Val::Int(i64::try_from(n).unwrap_or(i64::MAX))
            })
        }
        "first" | "last" => match v {
            [Val::Array(items)] => Ok(if lower == "first" {
                items.first()
            } else {
                items.last()
            }
            .cloned()
            .unwrap_or(Val::Null)),
            [Val::Str(s)] => Ok(Val::Str(
                if lower == "first" {
                    s.chars().next()
                } else {
                    s.chars().last()
                }
                .map(String::from)
                .unwrap_or_default(),
            )),
            _ => err(format!("{name}() takes one array or string")),
        },
        "union" => {
            if v.is_empty() {
                return err("union() needs at least one argument");
            }
            if v.iter().all(|x| matches!(x, Val::Object(_))) {
                let mut members = Vec::new();
                for x in v {
                    if let Val::Object(m) = x {
                        merge(&mut members, m);
                    }
                }
                Ok(Val::Object(members))
            } else if v.iter().all(|x| matches!(x, Val::Array(_))) {
                // Each item once, in the order first met: a set of the items kept (hashing keeps
                // the union linear, where a search of the items kept was quadratic).
                let mut seen: HashSet<&Val> = HashSet::new();
                let mut items: Vec<Val> = Vec::new();
                for x in v {
                    if let Val::Array(more) = x {
                        for item in more {
                            if seen.insert(item) {
                                items.push(item.clone());
                            }
                        }
                    }
                }
                Ok(Val::Array(items))
            } else {
                err("union() takes arrays only or objects only")
            }
        }
        // concat
        _ => {
            if !v.is_empty() && v.iter().all(|x| matches!(x, Val::Array(_))) {
                let mut items = Vec::new();
                for x in v {
                    if let Val::Array(more) = x {
                        items.extend(more.iter().cloned());
                    }
                }
                return Ok(Val::Array(items));
            }
            if let Some(u) = v.iter().find_map(Val::first_unknown) {
                return Ok(Val::Unknown(u.clone()));
            }
            let mut out = String::new();
            for x in v {
                match x.text() {
                    Some(t) => out.push_str(&t),
                    None => {
                        return err(format!(
                            "concat() joins strings or arrays, not both and not {}",
                            x.kind()
                        ));
                    }
                }
            }
            Ok(Val::Str(out))
        }
    }
}
