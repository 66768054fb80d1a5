//! Numeric functions (Microsoft Learn, "Numeric functions for ARM templates"): `add`, `div`,
//! `int`, `mod`, `mul`, `sub`, on 64-bit integers. `copyIndex` needs the copy loops around, so the
//! scope evaluates it.

use super::{as_int, exactly, not_mine};
use crate::arm::evaluate::value::{EvalError, Val, err};

/// The functions of this family; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
        "int" => match &exactly::<1>(name, v)?[0] {
            Val::Int(i) => Val::Int(*i),
            Val::Str(s) => Val::Int(
                s.trim()
                    .parse()
                    .map_err(|_| EvalError(format!("int() cannot convert {s:?}")))?,
            ),
            other => return err(format!("int() cannot convert {}", other.kind())),
        },
        "add" | "sub" | "mul" | "div" | "mod" => {
            let [a, b] = exactly::<2>(name, v)?;
            let (a, b) = (as_int(name, a)?, as_int(name, b)?);
            let r = match lower {
                "add" => a.checked_add(b),
                "sub" => a.checked_sub(b),
                "mul" => a.checked_mul(b),
                "div" => a.checked_div(b),
                _ => a.checked_rem(b),
            };
            Val::Int(r.ok_or_else(|| EvalError(format!("{name}() overflows or divides by zero")))?)
        }
        _ => return not_mine(),
    })
}
