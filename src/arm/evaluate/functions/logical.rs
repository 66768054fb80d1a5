//! Logical functions (Microsoft Learn, "Logical functions for ARM templates"): `and`, `bool`,
//! `false`, `not`, `or`, `true`. `if` evaluates only the branch taken, so the scope evaluates it
//! ([`Scope::eval`](super::super::Scope::eval)).

use super::{as_bool, exactly, not_mine};
use crate::arm::evaluate::value::{EvalError, Val, err};

/// The functions of this family; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
        "true" | "false" => {
            exactly::<0>(name, v)?;
            Val::Bool(lower == "true")
        }
        "not" => Val::Bool(!as_bool(name, &exactly::<1>(name, v)?[0])?),
        "and" | "or" => {
            if v.len() < 2 {
                return err(format!("{name}() takes at least 2 arguments"));
            }
            let bools = v
                .iter()
                .map(|x| as_bool(name, x))
                .collect::<Result<Vec<_>, _>>()?;
            Val::Bool(if lower == "and" {
                bools.iter().all(|b| *b)
            } else {
                bools.iter().any(|b| *b)
            })
        }
        "bool" => match &exactly::<1>(name, v)?[0] {
            Val::Bool(b) => Val::Bool(*b),
            Val::Int(i) => Val::Bool(*i != 0),
            Val::Str(s) if s.eq_ignore_ascii_case("true") => Val::Bool(true),
            Val::Str(s) if s.eq_ignore_ascii_case("false") => Val::Bool(false),
            other => return err(format!("bool() cannot convert {}", other.kind())),
        },
        _ => return not_mine(),
    })
}
