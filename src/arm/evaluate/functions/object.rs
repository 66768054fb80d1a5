//! Object functions (Microsoft Learn, "Object functions for ARM templates"): `createObject`,
//! `json`, `null`, and the merge of objects that `union` does.

use std::collections::HashMap;

use serde_json::Value;

use super::{as_str, exactly, not_mine};
use crate::arm::evaluate::value::{EvalError, Val, err};

/// The functions of this family; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
        "null" => {
            exactly::<0>(name, v)?;
            Val::Null
        }
        "json" => {
            let text = as_str(name, &exactly::<1>(name, v)?[0])?;
            let value: Value = serde_json::from_str(text)
                .map_err(|e| EvalError(format!("json() cannot read its text: {e}")))?;
            Val::literal(&value)
        }
        _ => return not_mine(),
    })
}

/// `createObject`: members from name, value pairs. Its values may be unknown; an unknown name
/// makes the object unknown.
pub(crate) fn create_object(v: &[Val]) -> Result<Val, EvalError> {
    if v.len() % 2 == 1 {
        return err("createObject() takes an even number of arguments");
    }
    // The last value of a name wins, in the place of its last occurrence.
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, pair) in v.chunks(2).enumerate() {
        if let Val::Str(k) = &pair[0] {
            last.insert(k, i);
        }
    }
    let mut members: Vec<(String, Val)> = Vec::new();
    for (i, pair) in v.chunks(2).enumerate() {
        match &pair[0] {
            Val::Str(k) if last.get(k.as_str()) == Some(&i) => {
                members.push((k.clone(), pair[1].clone()));
            }
            Val::Str(_) => {}
            Val::Unknown(u) => return Ok(Val::Unknown(u.clone())),
            other => {
                return err(format!(
                    "createObject() needs string keys, found {}",
                    other.kind()
                ));
            }
        }
    }
    Ok(Val::Object(members))
}

/// `union` of two objects: members merge, nested objects merge too, other values are replaced.
/// The names are found through an index, so that merging large objects takes linear time.
pub(super) fn merge(into: &mut Vec<(String, Val)>, from: &[(String, Val)]) {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(into.len());
    for (i, (k, _)) in into.iter().enumerate() {
        index.entry(k.clone()).or_insert(i);
    }
    for (k, v) in from {
        if let Some(&i) = index.get(k) {
            match (&mut into[i].1, v) {
                (Val::Object(a), Val::Object(b)) => merge(a, b),
                (slot, v) => *slot = v.clone(),
            }
        } else {
            index.insert(k.clone(), into.len());
            into.push((k.clone(), v.clone()));
        }
    }
}
