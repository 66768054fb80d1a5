//! Rule editions: which set of Microsoft's rules a document is checked against.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::decode::{At, Cx, Decode};
use crate::rules::Rule;

/// A named set of the rules that Microsoft changed over time, as Rust editions name sets of
/// language rules. A document says its edition in its `edition` field; without one it is
/// checked as [`Edition::E2020`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema,
)]
pub enum Edition {
    /// The rules of the source documents, Microsoft's "Publish a managed service offer to Azure
    /// Marketplace" of 2020.
    #[default]
    #[serde(rename = "2020")]
    E2020,
}

impl Edition {
    /// Every edition, oldest first.
    pub const ALL: &'static [Edition] = &[Edition::E2020];

    /// The edition's name, as the document writes it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Edition::E2020 => "2020",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Decode for Edition {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let name = cx.str(value, at)?;
        if let Some(edition) = Edition::ALL.iter().find(|e| e.name() == name) {
            Some(*edition)
        } else {
            let known: Vec<String> = Edition::ALL.iter().map(|e| format!("\"{e}\"")).collect();
            cx.error(
                Rule::UnknownVariant,
                at,
                format!(
                    "expected an edition ({}), found {:?}",
                    known.join(", "),
                    crate::decode::shortened(name)
                ),
            );
            None
        }
    }
}
