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
//! stale and says how to regenerate it (`UPDATE_GENERATED=1 cargo test --test schema`).
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
use schemars::transform::Transform as _;
use serde_json::{Map, Value, json};

use crate::offers::offer::Offer;
use crate::report::rules::Rule;
use crate::roles;

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

// ---- the rules the schema does not check ----

/// Why the schema does not check a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GapKind {
    /// JSON Schema cannot say it, or cannot say it well: the rule needs the role catalog, an HTML
    /// parser, a comparison between items, or a keyword the draft lacks.
    NotExpressible,
    /// A warning: an editor would show it as an error, and a document may acknowledge it.
    Warning,
    /// Not about the document's JSON value: its JSON syntax, the image files it names, or
    /// Partner Center's CSV upload.
    OutsideTheDocument,
}

/// How much of a rule the schema leaves to the crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extent {
    /// The schema checks none of the rule.
    Whole,
    /// The schema checks the rule in part; [`Gap::reason`] says which part it leaves out.
    Part,
}

/// A rule, or part of a rule, that the crate checks and the schema does not: a document that
/// breaks it is valid against the schema but not for `lighthouse-offer check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gap {
    rule: Rule,
    kind: GapKind,
    extent: Extent,
    drafts: &'static [Draft],
    reason: &'static str,
}

impl Gap {
    const fn new(
        rule: Rule,
        kind: GapKind,
        extent: Extent,
        drafts: &'static [Draft],
        reason: &'static str,
    ) -> Self {
        Gap {
            rule,
            kind,
            extent,
            drafts,
            reason,
        }
    }

    /// The rule.
    #[must_use]
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// Why the schema leaves it out.
    #[must_use]
    pub const fn kind(&self) -> GapKind {
        self.kind
    }

    /// All of the rule, or a part.
    #[must_use]
    pub const fn extent(&self) -> Extent {
        self.extent
    }

    /// The drafts whose schema has the gap (most gaps are in both).
    #[must_use]
    pub const fn drafts(&self) -> &'static [Draft] {
        self.drafts
    }

    /// What the schema does not check, in words.
    #[must_use]
    pub const fn reason(&self) -> &'static str {
        self.reason
    }
}

const BOTH: &[Draft] = &Draft::ALL;

const ROLE_CATALOG: &str = "decided by the built-in role catalog, which changes with every Azure \
    release; the schema accepts any GUID and offers the supported roles for completion";

/// Every rule, or part of a rule, that the crate checks and the JSON Schema does not, in code
/// order. Every other rule of [`Rule::ALL`] is checked by the schema exactly as the crate checks
/// it, for the document's value (the crate also reads the image files: see
/// [`GapKind::OutsideTheDocument`]). The changes of an update (`LO08xx`,
/// [`Rule::change_class`]) compare two documents and are no rules of one document, so they are
/// not listed.
///
/// ```
/// use lighthouse_offer::Rule;
/// use lighthouse_offer::schema::{Extent, GAPS};
///
/// let owner = GAPS.iter().find(|gap| gap.rule() == Rule::OwnerRole).unwrap();
/// assert_eq!(owner.extent(), Extent::Whole);
/// assert!(!GAPS.iter().any(|gap| gap.rule() == Rule::TextTooLong));
/// ```
pub const GAPS: &[Gap] = &[
    Gap::new(
        Rule::InvalidJson,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "JSON syntax: a schema checks a document that has already been parsed",
    ),
    Gap::new(
        Rule::TooManyItems,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "a plan's manifest has at most 20 authorizations, permanent and eligible together: the \
         schema bounds each of the two lists by 20, and cannot add their lengths",
    ),
    Gap::new(
        Rule::DuplicateItem,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "`uniqueItems` compares values exactly: the crate also finds GUIDs and email addresses \
         that differ only in case, URLs that differ only in form (`https://contoso.com` and \
         `https://contoso.com/`), and plans with the same `planId`",
    ),
    Gap::new(
        Rule::DocumentTooLarge,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the size of the text: the crate refuses documents over 16 MiB before parsing them",
    ),
    Gap::new(
        Rule::NestingTooDeep,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the nesting of the text: the parser refuses arrays and objects nested deeper than 127",
    ),
    Gap::new(
        Rule::TooManyProblems,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a limit of the crate's report (1,000 diagnostics), not a rule of the document",
    ),
    Gap::new(
        Rule::DuplicateKey,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a field named twice is a property of the text: a schema sees the parsed value, which keeps one",
    ),
    Gap::new(
        Rule::InvalidYaml,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "YAML syntax: a schema checks a document that has already been parsed",
    ),
    Gap::new(
        Rule::YamlImplicitType,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "how the YAML text spells a value (quoted or plain): a schema sees the parsed value",
    ),
    Gap::new(
        Rule::InvalidVersion,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "numbers above 18446744073709551615, the largest the crate can read",
    ),
    Gap::new(
        Rule::InvalidCsvLine,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "Partner Center's private audience CSV, not the document",
    ),
    Gap::new(
        Rule::InvalidCsvHeader,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "Partner Center's private audience CSV, not the document",
    ),
    Gap::new(
        Rule::UnsupportedAudienceType,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "Partner Center's private audience CSV, not the document",
    ),
    Gap::new(
        Rule::InvalidUrl,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "the schema checks the scheme, the absence of a user name or password and of white \
         space; the crate parses the whole URL (a host that is no valid domain or IP address, \
         an empty host, a port above 65535)",
    ),
    Gap::new(
        Rule::InvalidEmail,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "the schema checks `local@domain.tld`; the crate checks RFC 5322's syntax of each part \
         (`a..b@contoso.com`, spaces, label lengths)",
    ),
    Gap::new(
        Rule::OwnerRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::DataActionsRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::RestrictedActionRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::UnknownRole,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, and decided by the role catalog",
    ),
    Gap::new(
        Rule::UnsupportedAssignableRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::UnsupportedEligibleRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::EligiblePolicyMismatch,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "compares the policies of items that share a role: JSON Schema cannot compare items",
    ),
    Gap::new(
        Rule::EligibleWithoutPermanentAuthorization,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::EligiblePrincipalIsOnlyApprover,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::DataActionsAssignableRole,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, and decided by the role catalog",
    ),
    Gap::new(
        Rule::MissingDeleteRole,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::TooManyPrivatePlans,
        GapKind::NotExpressible,
        Extent::Whole,
        &[Draft::V07],
        "counting the private plans needs `maxContains`, which draft-07 lacks (the 2020-12 \
         schema has it)",
    ),
    Gap::new(
        Rule::MissingManagedServiceTerm,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "the term is looked for in the text a reader sees: markup, entities and line breaks between the words do not count, which a pattern over the HTML cannot follow",
    ),
    Gap::new(
        Rule::StaleAcknowledgement,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, and it depends on the other warnings of the document",
    ),
    Gap::new(
        Rule::DescriptionHtmlElement,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlAttribute,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlUrl,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlUnbalanced,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlNesting,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlComment,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlSyntax,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::InvalidVideoUrl,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "a host written with percent escapes, non-ASCII letters or as an IP address is left \
         to the crate, which reads it as the URL standard does",
    ),
    Gap::new(
        Rule::MissingHeroImage,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::ImageNotFound,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::ImageNotAFile,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::ImageUnreadable,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::ImageTooLarge,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::NotAPng,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::CorruptPng,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::WrongImageSize,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::HeroBackground,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::LightHeroBackground,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file (and a warning)",
    ),
    Gap::new(
        Rule::HeroRightSpaceNotEmpty,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file (and a warning)",
    ),
    Gap::new(
        Rule::DynamicsNotOnline,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::SignedEndpointUrl,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::MissingLanguageStatement,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, judged by a heuristic over the description's words",
    ),
    Gap::new(
        Rule::EditionNotNamed,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning: `edition` is optional, and its default is what the warning is about",
    ),
    Gap::new(
        Rule::PlaceholderValue,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "a `<…>` text in any field: a pattern on every string would make every text's schema unreadable",
    ),
    Gap::new(
        Rule::NotADelegation,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::ParameterWithoutValue,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnsupportedExpression,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnsupportedTemplate,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::ConflictingParameters,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::DeploymentTimeValue,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::InvalidExpression,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::BicepFile,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnknownApiVersion,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::EligibleNeedsNewerApiVersion,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::OldApiVersion,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingDisplayName,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingDescription,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::DisplayNameNamesOtherRole,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::LinkedTemplate,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::DefinitionAtResourceGroupScope,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::InvalidResourceId,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::AuthorizationNotInPlan,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::AuthorizationMissing,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::EligibleAuthorizationNotInPlan,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::EligibleAuthorizationMissing,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::JustInTimePolicyDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::RoleNoLongerSupported,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::ForeignManagingTenant,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::PlanVersionBehind,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::PlanVersionAhead,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::UnmatchedDelegation,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::DisplayNameDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::DefinitionNotExpanded,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::SubscriptionUnreadable,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::AssignableRolesDiffer,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::BicepSyntax,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndefinedSymbol,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingTargetScope,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::BicepFileNotFound,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::BicepConstructUnsupported,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndeclaredParameter,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
];

// ---- transforms of the generated schema ----

/// Calls `visit` on every schema object reachable from `value` through the keywords that hold
/// schemas (the root, definitions, properties, items, the combinators, conditions).
fn walk_schemas(value: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>)) {
    let Value::Object(schema) = value else {
        return;
    };
    visit(schema);
    for (key, child) in schema.iter_mut() {
        match key.as_str() {
            "properties" | "$defs" | "definitions" | "patternProperties" => {
                if let Value::Object(map) = child {
                    for sub in map.values_mut() {
                        walk_schemas(sub, visit);
                    }
                }
            }
            "oneOf" | "anyOf" | "allOf" | "prefixItems" => {
                if let Value::Array(list) = child {
                    for sub in list {
                        walk_schemas(sub, visit);
                    }
                }
            }
            "items" | "additionalProperties" | "not" | "if" | "then" | "else" | "contains" => {
                walk_schemas(child, visit);
            }
            _ => {}
        }
    }
}

/// The name of the definition a `$ref` points to.
fn definition_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/$defs/")
        .or_else(|| reference.strip_prefix("#/definitions/"))
}

/// The keywords a struct's definition may have for its properties to be copied into a branch of a
/// tagged union; anything else (a condition, a combinator) would be lost by the copy.
const COPYABLE: [&str; 6] = [
    "type",
    "description",
    "properties",
    "required",
    "additionalProperties",
    "examples",
];

/// Serde's internally tagged enums come out of `schemars` as branches that hold the tag and a
/// `$ref` to the variant's struct, closed with `unevaluatedProperties`. Each branch becomes one
/// object schema with the tag and the struct's properties, closed with `additionalProperties`:
/// the same in draft-07 (which has no `unevaluatedProperties`), and the shape editors recognise
/// as a discriminated union.
fn flatten_tagged_unions(root: &mut Value) {
    let definitions = root.get("$defs").cloned().unwrap_or(Value::Null);
    walk_schemas(root, &mut |schema| {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = schema.get_mut(key) else {
                continue;
            };
            for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
                let Some(name) = branch
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(definition_name)
                else {
                    continue;
                };
                if !branch.contains_key("properties") {
                    continue;
                }
                let target = definitions[name].as_object().cloned().unwrap_or_default();
                if let Some(extra) = target.keys().find(|k| !COPYABLE.contains(&k.as_str())) {
                    panic!("cannot flatten the union branch {name}: it has `{extra}`");
                }
                branch.remove("$ref");
                let closed = branch.remove("unevaluatedProperties") == Some(Value::Bool(false))
                    || target.get("additionalProperties") == Some(&Value::Bool(false));
                if let Some(Value::Object(extra)) = target.get("properties") {
                    let properties = branch
                        .entry("properties")
                        .or_insert_with(|| json!({}))
                        .as_object_mut()
                        .expect("properties is an object");
                    for (k, v) in extra {
                        properties.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                if let Some(Value::Array(extra)) = target.get("required") {
                    let required = branch
                        .entry("required")
                        .or_insert_with(|| json!([]))
                        .as_array_mut()
                        .expect("required is an array");
                    for r in extra {
                        if !required.contains(r) {
                            required.push(r.clone());
                        }
                    }
                }
                if let Some(description) = target.get("description") {
                    branch.insert("description".into(), description.clone());
                }
                if closed {
                    branch.insert("additionalProperties".into(), Value::Bool(false));
                }
            }
        }
    });
}

/// The crate never accepts `null`: a field that may be left out must be left out. `schemars`
/// writes `Option` fields as "this or null"; the `null` goes.
fn remove_null(root: &mut Value) {
    walk_schemas(root, &mut |schema| {
        if let Some(Value::Array(types)) = schema.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let single = types.remove(0);
                schema.insert("type".into(), single);
            }
        }
        let mut only = None;
        if let Some(Value::Array(branches)) = schema.get_mut("anyOf") {
            branches.retain(|b| b != &json!({ "type": "null" }));
            if branches.len() == 1 {
                only = branches.pop();
            }
        }
        if let Some(Value::Object(branch)) = only {
            schema.remove("anyOf");
            for (k, v) in branch {
                schema.entry(k).or_insert(v);
            }
        }
    });
}

/// Removes the definitions that nothing refers to any more (the structs of flattened branches).
fn remove_unused_definitions(root: &mut Value) {
    loop {
        let mut used = std::collections::BTreeSet::new();
        collect_references(root, &mut used);
        let Some(Value::Object(definitions)) = root.get_mut("$defs") else {
            return;
        };
        let before = definitions.len();
        definitions.retain(|name, _| used.contains(name));
        if definitions.len() == before {
            return;
        }
    }
}

fn collect_references(value: &Value, used: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        used.extend(definition_name(r).map(str::to_owned));
                    }
                    _ => collect_references(v, used),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_references(v, used)),
        _ => {}
    }
}

/// A doc comment as an editor shows it: without code examples, with rustdoc's links reduced to
/// their text, and with the lines of each paragraph joined (list items keep their own line).
pub(crate) fn editor_text(doc: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    for line in doc.lines().map(str::trim_end) {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || is_link_definition(line) {
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else if current.is_empty() {
            current.push_str(trimmed);
        } else if trimmed.starts_with("- ") {
            current.push('\n');
            current.push_str(trimmed);
        } else {
            current.push(' ');
            current.push_str(trimmed);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    strip_links(&paragraphs.join("\n\n"))
}

/// `[RFC 6901]: https://…`, the target of a reference-style link.
fn is_link_definition(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('[')
        && line
            .find("]: ")
            .is_some_and(|end| !line[1..end].contains(']'))
}

/// `[`Plan`]` → `` `Plan` ``, `[text](target)` and `[text][target]` → `text`; brackets inside
/// code spans (`` `["…"]` ``) stay.
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // The next `[` outside a code span.
        let mut in_code = false;
        let Some(open) = rest.char_indices().find_map(|(i, c)| match c {
            '`' => {
                in_code = !in_code;
                None
            }
            '[' if !in_code => Some(i),
            _ => None,
        }) else {
            break;
        };
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let label = &after[..close];
        let mut tail = &after[close + 1..];
        for (start, end) in [('(', ')'), ('[', ']')] {
            if tail.starts_with(start)
                && let Some(stop) = tail.find(end)
            {
                tail = &tail[stop + 1..];
                break;
            }
        }
        out.push_str(label);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The tag property of each union branch (`"visibility": { "const": "private" }`) gets a
/// description: the first sentence of its branch's.
fn describe_tags(root: &mut Value) {
    walk_schemas(root, &mut |schema| {
        let Some(Value::Array(branches)) = schema.get_mut("oneOf") else {
            return;
        };
        for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
            let summary = branch
                .get("description")
                .and_then(Value::as_str)
                .map(first_sentence);
            let Some(Value::Object(properties)) = branch.get_mut("properties") else {
                continue;
            };
            for property in properties.values_mut().filter_map(Value::as_object_mut) {
                if let (Some(Value::String(tag)), None) =
                    (property.get("const"), property.get("description"))
                {
                    let text = match &summary {
                        Some(summary) => format!("`{tag}`: {summary}"),
                        None => format!("`{tag}`"),
                    };
                    property.insert("description".into(), Value::String(text));
                }
            }
        }
    });
}

fn first_sentence(text: &str) -> String {
    let end = text
        .find(". ")
        .map_or(text.len(), |i| i + 1)
        .min(text.find('\n').unwrap_or(text.len()));
    text[..end].trim().to_owned()
}

/// Role IDs: every built-in role that Azure Lighthouse supports, offered by name for completion.
fn offer_role_completion(root: &mut Value) {
    let Some(Value::Object(role)) = root.pointer_mut("/$defs/RoleDefinitionId") else {
        panic!("the schema has no RoleDefinitionId definition");
    };
    let mut supported: Vec<_> = roles::built_in()
        .iter()
        .filter(|r| r.support().is_supported())
        .collect();
    supported.sort_by_key(|r| (r.name().trim().to_lowercase(), r.id()));
    let snippets: Vec<Value> = supported
        .iter()
        .map(|r| json!({ "label": r.name().trim(), "body": r.id().to_string() }))
        .collect();
    role.insert(
        "description".into(),
        Value::String(format!(
            "The GUID of an Azure built-in role (ARM: `roleDefinitionId`). Completion offers the \
             {} built-in roles that Azure Lighthouse can delegate, by name. Any GUID is valid \
             here: `lighthouse-offer check` rejects Owner, roles with data actions and roles \
             that can change access, and warns about roles it does not know.",
            supported.len()
        )),
    );
    role.insert("defaultSnippets".into(), Value::Array(snippets));
}

/// The root's `$schema`, `$id`, title and description, and the `$schema` field's example.
fn describe_root(root: &mut Value, draft: Draft) {
    let Value::Object(map) = root else {
        return;
    };
    if let Some(Value::Object(field)) = map.get_mut("properties").and_then(|p| p.get_mut("$schema"))
    {
        field.insert("examples".into(), json!([draft.id()]));
    }
    map.insert("$schema".into(), json!(draft.meta_schema()));
    map.insert("$id".into(), json!(draft.id()));
    map.insert(
        "title".into(),
        json!("Azure Lighthouse managed service offer"),
    );
    map.insert(
        "description".into(),
        json!(
            "A managed service offer for Azure Marketplace, as one document: offer settings, \
             plans with their manifests, the Marketplace listing, marketing artifacts, lead \
             management, legal terms and support. This schema carries every rule that JSON \
             Schema can express; `lighthouse-offer check` checks all of them, including the role \
             catalog, the listing's HTML and the image files."
        ),
    );
}

/// The same schema in draft-07: `definitions` instead of `$defs`, no `$ref` beside other
/// keywords, and no `minContains`/`maxContains` (their `contains` would require an item).
fn to_draft_07(schema: &mut Schema) {
    let value = schema.as_object_mut().expect("the schema is an object");
    if let Some(definitions) = value.remove("$defs") {
        value.insert("definitions".into(), definitions);
    }
    let mut root = Value::Object(std::mem::take(value));
    rewrite_references(&mut root);
    walk_schemas(&mut root, &mut |schema| {
        if schema.contains_key("maxContains") || schema.contains_key("minContains") {
            schema.remove("contains");
            schema.remove("minContains");
            schema.remove("maxContains");
        }
    });
    *schema = Schema::try_from(root).expect("still an object");
    schemars::transform::RemoveRefSiblings::default().transform(schema);
}

fn rewrite_references(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match (k.as_str(), &mut *v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(name) = r.strip_prefix("#/$defs/") {
                            *r = format!("#/definitions/{name}");
                        }
                    }
                    _ => rewrite_references(v),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(rewrite_references),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_text_drops_code_and_links() {
        let doc = "A [`Plan`] of an [offer](crate::Offer), see [RFC 6901].\nSecond line.\n\n\
                   - one\n  more\n- two `[\"x\"]`\n\n```\nlet x = 1;\n```\n[RFC 6901]: https://example.com";
        assert_eq!(
            editor_text(doc),
            "A `Plan` of an offer, see RFC 6901. Second line.\n\n- one more\n- two `[\"x\"]`"
        );
    }
}
