//! The JSON Schema of the offer document, for editors and other tools.
//!
//! The schema is generated from the crate's own types (through `schemars`), so it says what the
//! crate checks: lengths in characters, patterns, GUIDs, item counts, allowed values, required
//! and unknown fields, the tagged unions, defaults, and a description of every field. Two files
//! are committed in the repository's `schema/` folder (`lighthouse-offer schema --out FILE` writes
//! either anywhere else); each names itself by its file name alone, a relative `$id`, since the
//! project publishes the schema at no web address:
//!
//! | file | draft | for |
//! | --- | --- | --- |
//! | `lighthouse-offer.schema.json` | 2020-12 | VS Code and current tools; the one documents name in `$schema` |
//! | `lighthouse-offer.draft-07.schema.json` | draft-07 | the YAML language server and older editors, which read up to draft-07 |
//!
//! [`offer_schema`] makes either of them, [`offer_schema_text`] the exact text of the file, and
//! `lighthouse-offer schema --draft 07|2020-12` prints it. A test fails when a committed file is
//! stale and says how to regenerate it
//! (`UPDATE_GENERATED=1 cargo test --test rules committed_files_are_current`).
//!
//! ```
//! use lighthouse_offer::schema::{Draft, offer_schema};
//!
//! let schema = offer_schema(Draft::V2020_12);
//! assert_eq!(schema.get("$id").and_then(|id| id.as_str()), Some(Draft::V2020_12.id()));
//! assert_eq!(schema.pointer("/properties/plans/maxItems"), Some(&serde_json::json!(100)));
//! ```
//!
//! # What the schema checks, and what only the crate checks
//!
//! A document the crate accepts is always valid against the schema. The reverse does not hold:
//! some rules need more than JSON Schema can say (the role catalog, the HTML parser, other items
//! of a list, the image files), and warnings are not errors. Those rules, and the parts of rules
//! that the schema checks only in part, are listed in one place, [`GAPS`]; a test checks both
//! files against a corpus of documents, one per rule, and fails when the schema and the crate
//! disagree anywhere else. Run `lighthouse-offer check` for the full answer.
//!
//! # Choices made for editors
//!
//! - **Tagged unions** (`availability` by `visibility`, lead destinations and Dynamics 365
//!   authentication by `type`) are `oneOf` branches that each list all their properties, with
//!   the tag as a required `const` property and `additionalProperties: false`. VS Code picks the
//!   branch by such a `const` tag, which keeps its messages about the branch the document meant;
//!   and the same shape means the same in draft-07, which has no `unevaluatedProperties`.
//! - **Role IDs**: any GUID is valid (Azure adds built-in roles faster than this crate is
//!   released; the crate warns about roles it does not know), and every built-in role that Azure
//!   Lighthouse supports is offered for completion by its name, through `defaultSnippets` (label:
//!   the role's name, inserted text: its GUID). VS Code and the YAML language server both read
//!   `defaultSnippets`; other validators ignore the keyword. An `enum` or `const` list would name
//!   each suggestion by its GUID only, and a mistyped GUID would get a message listing hundreds of
//!   them.
//! - **Long patterns** (URLs, activation durations) carry `patternErrorMessage`, which VS Code and
//!   the YAML language server show instead of the pattern itself.
//! - **No `format`**: editors check formats with their own rules (VS Code refuses
//!   `josé@münchen.de`, which the crate accepts), so only patterns are used, and they never refuse
//!   what the crate accepts.
//! - **Patterns** use the syntax that ECMA-262 (editors) and Rust's `regex` read alike: no
//!   lookaround, no `\d`, `\w` or `\s`, no `.` (read differently for `\r` and `\u2028`).

use std::fmt;
use std::str::FromStr;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::offers::offer::Offer;

mod gaps;
mod transform;

pub use gaps::{Extent, GAPS, Gap, GapKind};
use transform::{
    describe_root, describe_tags, editor_text, flatten_tagged_unions, offer_role_completion,
    remove_null, remove_unused_definitions, to_draft_07, walk_schemas,
};

/// A version of JSON Schema that the offer schema is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Draft {
    /// Draft-07 (2018), the newest that the YAML language server and older editors read.
    V07,
    /// Draft 2020-12, the current version; VS Code reads it.
    V2020_12,
}

impl Draft {
    /// Both drafts, oldest first.
    pub const ALL: [Draft; 2] = [Draft::V07, Draft::V2020_12];

    /// The draft's name as the command line takes it: `07` or `2020-12`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Draft::V07 => "07",
            Draft::V2020_12 => "2020-12",
        }
    }

    /// The name of the committed file in the repository's `schema/` folder.
    #[must_use]
    pub const fn file_name(self) -> &'static str {
        match self {
            Draft::V07 => "lighthouse-offer.draft-07.schema.json",
            Draft::V2020_12 => "lighthouse-offer.schema.json",
        }
    }

    /// The schema's `$id`: its [`Draft::file_name`], a relative reference (no web address
    /// serves the schema). Documents name the file in their `"$schema"` field by a path relative
    /// to themselves (`"../../schema/lighthouse-offer.schema.json"` in the repository's
    /// examples, `"lighthouse-offer.schema.json"` beside a document, as `init` writes it).
    #[must_use]
    pub const fn id(self) -> &'static str {
        self.file_name()
    }

    /// The meta-schema the schema says it follows (its `$schema`).
    #[must_use]
    pub const fn meta_schema(self) -> &'static str {
        match self {
            Draft::V07 => "http://json-schema.org/draft-07/schema#",
            Draft::V2020_12 => "https://json-schema.org/draft/2020-12/schema",
        }
    }
}

impl fmt::Display for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A draft name that is neither `07` nor `2020-12`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected a JSON Schema draft \"07\" or \"2020-12\", found {found:?}")]
pub struct DraftError {
    found: String,
}

impl FromStr for Draft {
    type Err = DraftError;

    /// Reads `07` or `2020-12`.
    ///
    /// ```
    /// use lighthouse_offer::schema::Draft;
    ///
    /// assert_eq!("07".parse::<Draft>(), Ok(Draft::V07));
    /// assert!("2019-09".parse::<Draft>().is_err());
    /// ```
    fn from_str(name: &str) -> Result<Self, DraftError> {
        Draft::ALL
            .into_iter()
            .find(|draft| draft.name() == name)
            .ok_or_else(|| DraftError {
                found: name.chars().take(60).collect(),
            })
    }
}

/// The JSON Schema of the whole offer document ([`Offer`]) in `draft`, as committed in the
/// repository's `schema/` folder.
///
/// # Panics
/// Only on a bug of the crate: when a type's schema is not what the editor transforms expect
/// (a tagged union whose variant has conditions of its own, no role definition). The tests
/// generate both drafts, so such a bug does not reach a release.
#[must_use]
pub fn offer_schema(draft: Draft) -> Schema {
    let generated = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Offer>();
    let mut value = generated.to_value();
    flatten_tagged_unions(&mut value);
    remove_null(&mut value);
    remove_unused_definitions(&mut value);
    walk_schemas(&mut value, &mut |schema| {
        if let Some(Value::String(text)) = schema.get_mut("description") {
            *text = editor_text(text);
        }
    });
    describe_tags(&mut value);
    offer_role_completion(&mut value);
    describe_root(&mut value, draft);
    let mut schema = Schema::try_from(value).expect("the generated schema is an object");
    if draft == Draft::V07 {
        to_draft_07(&mut schema);
    }
    schema
}

/// The text of the committed schema file of `draft`: [`offer_schema`], pretty-printed, with a
/// final line break.
///
/// # Panics
/// As [`offer_schema`].
#[must_use]
pub fn offer_schema_text(draft: Draft) -> String {
    let mut text =
        serde_json::to_string_pretty(&offer_schema(draft)).expect("a schema always serializes");
    text.push('\n');
    text
}
