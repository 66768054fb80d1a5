//! Comparison functions (Microsoft Learn, "Comparison functions for ARM templates"): `coalesce`
//! and `equals` (deep, case-sensitive).

use super::{exactly, not_mine};
use crate::arm::evaluate::value::{EvalError, Val};

/// The functions of this family; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
        "equals" => {
            let [a, b] = exactly::<2>(name, v)?;
            Val::Bool(a == b)
        }
        _ => return not_mine(),
    })
}

/// `coalesce`: the first argument that is not null, or null.
pub(super) fn coalesce(v: &[Val]) -> Val {
    for x in v {
        match x {
            Val::Null => {}
            other => return other.clone(),
        }
    }
    Val::Null
}
