//! Values of ARM template expressions, as Azure Resource Manager computes them, far enough to
//! read a delegation.
//!
//! Every value is one of three answers:
//! - **known**: a [`Val`] without [`Val::Unknown`] inside;
//! - **unknown**: [`Val::Unknown`], a value that only the deployment supplies (a parameter
//!   without a value, `subscription()`, a Key Vault reference) or that this evaluator does not
//!   compute (an unsupported function). Unknowns may sit inside known arrays and objects:
//!   `createArray(parameters('group'))` is a known array of one unknown item;
//! - **wrong**: an [`EvalError`], an expression that Azure would refuse too (a parameter the
//!   template does not declare, `concat` of an array and a string, an index past the end…).
//!
//! The functions covered are those that delegation templates use: `parameters`, `variables`
//! (with `copy` loops in variables and objects) and `copyIndex`; `concat`, `format`, `string`,
//! `toLower`, `toUpper`, `replace`, `split`, `trim`, `startsWith`, `endsWith`, `contains`; `if`
//! (only the branch taken is evaluated), `equals` (deep, case-sensitive), `not`, `and`, `or`,
//! `bool`, `int`, `true`, `false`, `null`, `coalesce`; `createArray`, `createObject`, `union`,
//! `json`, `empty`, `length`, `first`, `last`; `add`, `sub`, `mul`, `div`, `mod`; `guid`;
//! `resourceId`, `subscriptionResourceId`, `tenantResourceId`. Functions whose values exist
//! only at deployment (`subscription`, `resourceGroup`, `deployment`, `tenant`,
//! `managementGroup`, `environment`, `reference`, `list…`, `utcNow`, `newGuid`, `uniqueString`)
//! give unknowns. Sources: Microsoft Learn, "ARM template functions" (string, logical,
//! comparison, array, object, deployment, resource pages), the examples of which are this
//! module's tests.
//!
//! No published crate evaluates ARM template expressions (searched 2026-12-03): `regorus`
//! parses the expressions inside Azure Policy rules, for its own policy engine, without
//! `guid()`; Microsoft's DSC library, whose functions resemble ARM's, is not on crates.io and
//! follows DSC's semantics. Hence this module, written for the crate.
//!
//! ## Limits
//!
//! A template is the user's input: evaluation is bounded in size and in time. A value is
//! [`Unknown::Limit`] (not an error: Azure may well compute it) past [`MAX_CALLS`] function
//! calls, past 256 levels of nesting, when it would grow past [`MAX_VALUE_SIZE`] items and
//! characters (a variable that doubles another thirty times), and once the template's
//! evaluation has done [`MAX_WORK`]: every call counts one, every value a function makes or
//! copies counts its size (a large variable used a thousand times). `union` and object merges
//! find items and names by hashing, in linear time. [`Scope::limit`] tells the first limit met.
//!
//! ## `guid()`
//!
//! Microsoft documents `guid()` as the name-based UUID of RFC 4122 §4.3 "with some
//! modifications" that it does not publish. The reading implemented here is the one that
//! independent reimplementations agree on: a version-5 UUID (SHA-1) in the namespace
//! `11fb06fb-712d-4ddd-98c7-e71bbd588830`, of the arguments joined with `-`, encoded as UTF-8,
//! written in lower case. **How certain:** the version and variant bits match the names Azure
//! gave in published reports, but no input with its Azure-computed output was found, so the
//! namespace, the separator and the encoding are not verified against Azure. The checker
//! relies on `guid()` only to show names and to see that two resources use the same inputs;
//! no verdict depends on the exact value.

mod functions;
mod scope;
#[cfg(test)]
mod tests;
mod value;

use uuid::Uuid;

pub use scope::{Parameter, Scope};
pub use value::{EvalError, Unknown, Val};

/// The namespace of ARM's `guid()` (see the module's documentation for how certain it is).
pub const GUID_NAMESPACE: Uuid = Uuid::from_u128(0x11fb_06fb_712d_4ddd_98c7_e71b_bd58_8830);

/// The most items a `copy` loop makes (Microsoft Learn, "Variable iteration in ARM templates":
/// the count can't exceed 800).
pub const MAX_COPY_COUNT: i64 = 800;

/// `guid()` of these strings: the UUID ARM's `guid()` is read to compute.
///
/// ```
/// use lighthouse_offer::arm::evaluate::guid;
///
/// assert_eq!(guid(&["hello", "world"]).to_string(), "a5b868f8-11fe-567a-ace0-e77cc87f104e");
/// ```
#[must_use]
pub fn guid(parts: &[&str]) -> Uuid {
    Uuid::new_v5(&GUID_NAMESPACE, parts.join("-").as_bytes())
}

/// How deep evaluation may recurse (variables using variables, nested values).
pub(crate) const MAX_DEPTH: usize = 256;

/// The most values one value built by a function may hold (array items and object members,
/// counted through every level), and the most bytes of its strings: far beyond any delegation,
/// low enough that a hostile template (a variable that doubles another, thirty times) fails
/// quickly instead of filling the memory.
pub const MAX_VALUE_SIZE: usize = 200_000;

/// The most function calls one template's evaluation makes.
pub const MAX_CALLS: usize = 1_000_000;

/// The most work one template's evaluation does, in items and characters: every function call
/// counts one, and every value a function makes or copies counts its size. With it, the time
/// of an evaluation is bounded as well as the size of its values (a large variable used a
/// thousand times is copied a thousand times).
pub const MAX_WORK: usize = 20_000_000;
