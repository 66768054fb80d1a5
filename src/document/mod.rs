//! Layer 2, **document**: reading documents into checked values, every problem at once.
//!
//! The reader that walks a JSON value and reports every problem of a document at once (`decode`,
//! the `Decode` machinery every type of the model implements), and YAML ([`yaml`]): text read
//! into the same JSON value with the places of its nodes, and JSON written as YAML. Knows no
//! offer, except the names users bring from other forms (`wrong_names`: `tenantIds` for a private
//! plan's `subscriptionIds`), which the unknown-field message names; uses `report`.

mod at;
pub(crate) mod decode;
pub(crate) mod json;
mod wrong_names;
pub mod yaml;
