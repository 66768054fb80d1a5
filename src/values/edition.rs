//! Rule editions: which set of Microsoft's rules a document is checked against.
//!
//! Microsoft changed the rules of managed service offers after the crate's source documents were
//! written (2020): the logo set, the description's length, the size of a private audience, the
//! length of a plan title. A provider preparing a submission today needs today's rules; the crate
//! still checks the 2020 rules exactly as the source documents state them. So the rules are
//! named **editions**, as Rust editions name sets of language rules: [`Edition::E2020`] and
//! [`Edition::E2026`]. A document names its edition in its `edition` field; without one it is
//! checked as `2020`.
//!
//! The table of what differs, with its sources and what cannot be checked, is the
//! documentation of [`EditionRules`].
//!
//! # Moving to a newer edition
//!
//! [`migrate`] says what must change for another edition, rewrites what can be rewritten without
//! losing anything (the `edition` field, acknowledgements of warnings the edition does not have),
//! and never drops content: a wide logo under `2026` is reported as to be removed, and the
//! rewritten document keeps it until the publisher removes it.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use crate::artifacts::LogoSlot;
use crate::audience::PrivateAudience;
use crate::diagnostic::{Diagnostic, JsonPointer, Severity, Violation};
use crate::html::{markup_length, visible_text};
use crate::image::SizeRule;
use crate::listing::ListingDescription;
use crate::offer::Offer;
use crate::plan::Availability;
use crate::rules::Rule;
use crate::text::PlanTitle;

/// A named set of the rules that Microsoft changed over time, as Rust editions name sets of
/// language rules. A document says its edition in its `edition` field; without one it is
/// checked as [`Edition::E2020`]. The differences are in [`EditionRules`]; the module
/// documentation has them as a table, with their sources.
///
/// ```
/// use lighthouse_offer::Edition;
///
/// let edition: Edition = "2026".parse()?;
/// assert_eq!(edition.rules().plan_title_max_chars, 200);
/// assert_eq!(Edition::default().rules().plan_title_max_chars, 50);
/// assert!("2027".parse::<Edition>().is_err());
/// # Ok::<(), lighthouse_offer::EditionError>(())
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema,
)]
#[schemars(
    description = "The edition of the rules the document is checked against, as Rust editions name sets of language rules: \"2020\" (the source documents' rules, and the edition of a document without `edition`) or \"2026\" (the rules Microsoft documents today)."
)]
pub enum Edition {
    /// The rules of the source documents, Microsoft's "Publish a managed service offer to Azure
    /// Marketplace" (2020): plan titles of at most 50 characters, descriptions of at most 3,000
    /// characters, private audiences of at most 20,000 subscriptions, four required logos
    /// (40×40, 90×90, 115×115 and 255×115 pixels) and an optional 815×290 hero image. A
    /// document without `edition` is checked as 2020.
    #[default]
    #[serde(rename = "2020")]
    E2020,
    /// The rules Microsoft Learn documents today: plan titles of at most 200 characters,
    /// descriptions of at most 5,000 characters (markup included), private audiences of at most
    /// 10,000 subscriptions, one required large logo (a square PNG of 216×216 to 350×350
    /// pixels) with optional 90×90 and 48×48 logos, no wide logo and no hero image, screenshots
    /// and video thumbnails of 1280×720 pixels, a caption for every screenshot, and a
    /// non-English description that begins or ends with "This service is available in" and the
    /// language's name.
    #[serde(rename = "2026")]
    E2026,
}

/// A text that names no edition.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected an edition ({}), found {found:?}", known_editions())]
pub struct EditionError {
    found: String,
}

fn known_editions() -> String {
    let names: Vec<String> = Edition::ALL.iter().map(|e| format!("\"{e}\"")).collect();
    names.join(", ")
}

impl Violation for EditionError {
    fn rule(&self) -> Rule {
        Rule::UnknownVariant
    }
}

impl Edition {
    /// Every edition, oldest first.
    pub const ALL: &'static [Edition] = &[Edition::E2020, Edition::E2026];

    /// The newest edition: the rules Microsoft documents today.
    pub const LATEST: Edition = Edition::E2026;

    /// The edition's name, as the document writes it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Edition::E2020 => "2020",
            Edition::E2026 => "2026",
        }
    }

    /// The edition's entry in the table of rules that differ between editions.
    #[must_use]
    pub const fn rules(self) -> &'static EditionRules {
        match self {
            Edition::E2020 => &RULES_2020,
            Edition::E2026 => &RULES_2026,
        }
    }

    /// Whether a finding of `rule` exists in this edition. Every error and most warnings exist in
    /// every edition; a warning that some edition lists in [`EditionRules::warnings`] exists only
    /// in the editions that list it (`missing-hero-image` only in `2020`).
    ///
    /// ```
    /// use lighthouse_offer::{Edition, Rule};
    ///
    /// assert!(Edition::E2020.reports(Rule::MissingHeroImage));
    /// assert!(!Edition::E2026.reports(Rule::MissingHeroImage));
    /// assert!(Edition::E2026.reports(Rule::MissingDeleteRole));
    /// ```
    #[must_use]
    pub fn reports(self, rule: Rule) -> bool {
        !depends_on_edition(rule) || self.rules().warnings.contains(&rule)
    }
}

/// Whether some edition lists `rule` among its own warnings.
pub(crate) fn depends_on_edition(rule: Rule) -> bool {
    Edition::ALL
        .iter()
        .any(|e| e.rules().warnings.contains(&rule))
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Edition {
    type Err = EditionError;

    /// Reads an edition's name: `2020` or `2026`.
    fn from_str(name: &str) -> Result<Self, EditionError> {
        Edition::ALL
            .iter()
            .find(|e| e.name() == name)
            .copied()
            .ok_or_else(|| EditionError {
                found: name.chars().take(60).collect(),
            })
    }
}

crate::decode::decode_from_str!(Edition);
crate::decode::deserialize_via_decode!(Edition);

/// What an edition asks of one image: required or optional with its size, or not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageRule {
    /// The document must name the image, and it must have this size.
    Required(SizeRule),
    /// The document may name the image; if it does, the image must have this size.
    Optional(SizeRule),
    /// The edition has no such image: a document that names one is told to remove it.
    NotAllowed,
}

impl ImageRule {
    /// The size the image must have, unless it is not allowed.
    #[must_use]
    pub const fn size(self) -> Option<SizeRule> {
        match self {
            ImageRule::Required(size) | ImageRule::Optional(size) => Some(size),
            ImageRule::NotAllowed => None,
        }
    }

    /// Whether the document must name the image.
    #[must_use]
    pub const fn is_required(self) -> bool {
        matches!(self, ImageRule::Required(_))
    }
}

/// The rules that differ between editions: one entry per edition, the only place where an
/// edition's limits, images and warnings are written down. Everything else is the same in every
/// edition and lives in the types. Get an entry with [`Edition::rules`].
///
/// Lengths count characters (Unicode scalar values); the description's length counts its
/// markup, in both editions ("the maximum length of the field" in 2020, "including HTML tags and
/// spaces" later).
///
/// # What lives where
///
/// Every rule that all editions share is an invariant of a type: a [`PlanTitle`] has 1 to 200
/// characters, whatever the edition. Where editions differ, the type accepts the loosest value
/// any edition accepts, and the difference lives in **one table**, this one, with one entry per
/// edition ([`Edition::rules`]). The reader and the builder of an [`Offer`] check the table's
/// entry for the offer's edition, reporting what it finds with the same codes, paths and
/// messages as the types do, and naming the edition ("plan title has 51 characters, at most 50
/// are allowed in edition 2020"); [`Offer::verify_images`] takes the image sizes from it, and
/// the JSON Schema of the offer gets one `if`/`then` per edition from it.
///
/// | rule | `2020` | `2026` |
/// |---|---|---|
/// | plan title | ≤ 50 characters | ≤ 200 characters |
/// | listing description (markup counts) | ≤ 3,000 characters | ≤ 5,000 characters |
/// | private audience | ≤ 20,000 subscriptions | ≤ 10,000 subscriptions |
/// | small logo | required, 40×40 | optional, 48×48 |
/// | medium logo | required, 90×90 | optional, 90×90 |
/// | large logo | required, 115×115 | required, square 216×216 to 350×350 |
/// | wide logo | required, 255×115 | not allowed |
/// | hero image | optional, 815×290 (warning `missing-hero-image` without one) | not allowed |
/// | screenshots (up to 5) | PNG of any size, caption optional | 1280×720, caption required |
/// | video thumbnails (up to 5 videos) | PNG of any size | 1280×720 |
/// | non-English description | no rule | must begin or end with "This service is available in &lt;language&gt;" (warning `missing-language-statement`, a heuristic) |
///
/// # Sources
///
/// Edition `2020`: the source documents, Microsoft's "Publish a managed service offer to Azure
/// Marketplace" (Partner Center and Cloud Partner Portal, early 2020).
///
/// Edition `2026`, Microsoft Learn (`https://learn.microsoft.com/azure/marketplace/…`, sources
/// in MicrosoftDocs/azure-docs, `articles/marketplace/…`; dates are the articles' `ms.date`):
/// - *Create plans for a Managed Service offer* (`create-managed-service-offer-plans`): "Use a
///   maximum of 200 characters" for the plan name (the page on learn.microsoft.com today; the
///   article of 2021-07-12 still said 50), and private plans of "up to 10,000 subscription IDs
///   using a .CSV file" (2021-07-12; the source documents said 20,000).
/// - *Configure Managed Service offer listing details* (`create-managed-service-offer-listing`,
///   2022-03-15, the latest version found): a description of "up to 5,000 characters of text in this box, including HTML
///   tags and spaces" (the article of 2021-07-12 said 2,000); a large logo "in .PNG format
///   between 216x216 and 350x350 pixels", from which Partner Center makes the medium (90×90) and
///   small (48×48) logos, "which you can replace later"; up to five screenshots, "1280x720
///   pixels in size and in .PNG format", each with a caption; up to five YouTube or Vimeo
///   videos, each with a "thumbnail image of the video, sized 1280x720 pixels and in .PNG
///   format"; and the note that a non-English description "must begin or end with the English
///   phrase 'This service is available in &lt;language of your offer content&gt;'".
/// - *Plan a Managed Service offer* (`plan-managed-service-offer`, 2020-12-23): the same logo,
///   screenshot and video rules and the same note on languages. No later article has a wide
///   logo or a hero image.
///
/// # What cannot be checked
///
/// - Logo guidance (few colours, no gradient, no text, not stretched, not white, black or blue on
///   a transparent background) and the hero's "no text": they need a person.
/// - Whether a non-English description really is non-English: see
///   [`Rule::MissingLanguageStatement`] for the heuristic. Descriptions of fewer than 20 words
///   are not judged, and the language named in the statement is not compared with the text's.
/// - That a video's thumbnail shows the video, or that the video exists.
/// - Partner Center's limit of 10 subscription IDs typed in by hand: a document holds the list,
///   as the CSV upload does.
///
/// [`PlanTitle`]: crate::PlanTitle
/// [`Offer`]: crate::Offer
/// [`Offer::verify_images`]: crate::Offer::verify_images
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EditionRules {
    /// The edition this entry is for.
    pub edition: Edition,
    /// The most characters of a plan's title.
    pub plan_title_max_chars: usize,
    /// The most characters of the listing's description, markup included.
    pub description_max_chars: usize,
    /// The most subscription IDs of a private plan's audience.
    pub private_audience_max: usize,
    /// Each logo's place and what the edition asks of it.
    pub logos: [(LogoSlot, ImageRule); 4],
    /// What the edition asks of the hero image.
    pub hero: ImageRule,
    /// The size of every screenshot.
    pub screenshot_size: SizeRule,
    /// Whether every screenshot needs a caption.
    pub screenshot_caption_required: bool,
    /// The size of every video's thumbnail.
    pub video_thumbnail_size: SizeRule,
    /// The warnings that exist in this edition and not in every edition (see
    /// [`Edition::reports`]).
    pub warnings: &'static [Rule],
    /// Where the edition's rules come from.
    pub source: &'static str,
}

static RULES_2020: EditionRules = EditionRules {
    edition: Edition::E2020,
    plan_title_max_chars: 50,
    description_max_chars: 3_000,
    private_audience_max: 20_000,
    logos: [
        (
            LogoSlot::Small,
            ImageRule::Required(SizeRule::exact(40, 40)),
        ),
        (
            LogoSlot::Medium,
            ImageRule::Required(SizeRule::exact(90, 90)),
        ),
        (
            LogoSlot::Large,
            ImageRule::Required(SizeRule::exact(115, 115)),
        ),
        (
            LogoSlot::Wide,
            ImageRule::Required(SizeRule::exact(255, 115)),
        ),
    ],
    hero: ImageRule::Optional(SizeRule::exact(815, 290)),
    // The source documents give no size for screenshots and thumbnails: any sound PNG.
    screenshot_size: SizeRule::ANY,
    screenshot_caption_required: false,
    video_thumbnail_size: SizeRule::ANY,
    warnings: &[Rule::MissingHeroImage],
    source: "Publish a managed service offer to Azure Marketplace (seed documents, 2020)",
};

static RULES_2026: EditionRules = EditionRules {
    edition: Edition::E2026,
    plan_title_max_chars: 200,
    description_max_chars: 5_000,
    private_audience_max: 10_000,
    logos: [
        (
            LogoSlot::Small,
            ImageRule::Optional(SizeRule::exact(48, 48)),
        ),
        (
            LogoSlot::Medium,
            ImageRule::Optional(SizeRule::exact(90, 90)),
        ),
        (
            LogoSlot::Large,
            ImageRule::Required(SizeRule::square(216, 350)),
        ),
        (LogoSlot::Wide, ImageRule::NotAllowed),
    ],
    hero: ImageRule::NotAllowed,
    screenshot_size: SizeRule::exact(1280, 720),
    screenshot_caption_required: true,
    video_thumbnail_size: SizeRule::exact(1280, 720),
    warnings: &[Rule::MissingLanguageStatement],
    source: "Microsoft Learn: create plans for a Managed Service offer; configure Managed Service offer listing details (2022); plan a Managed Service offer",
};

impl EditionRules {
    /// What the edition asks of the logo in `slot`.
    #[must_use]
    pub fn logo(&self, slot: LogoSlot) -> ImageRule {
        self.logos
            .iter()
            .find(|(s, _)| *s == slot)
            .map_or(ImageRule::NotAllowed, |(_, rule)| *rule)
    }

    /// The edition's rules as a JSON Schema that applies on top of the offer's own: the tighter
    /// limits, the required logos, the images it does not allow, required captions.
    fn schema(&self) -> Value {
        let required: Vec<&str> = self
            .logos
            .iter()
            .filter(|(_, rule)| rule.is_required())
            .map(|(slot, _)| slot.key())
            .collect();
        let mut logos = json!({ "required": required });
        for (slot, rule) in &self.logos {
            if *rule == ImageRule::NotAllowed {
                logos["properties"][slot.key()] = Value::Bool(false);
            }
        }
        let mut artifacts = json!({ "properties": { "logos": logos } });
        if self.hero == ImageRule::NotAllowed {
            artifacts["properties"]["hero"] = Value::Bool(false);
        }
        if self.screenshot_caption_required {
            artifacts["properties"]["screenshots"] =
                json!({ "items": { "required": ["caption"] } });
        }
        json!({
            "properties": {
                "plans": { "items": { "properties": {
                    "title": { "maxLength": self.plan_title_max_chars },
                    "availability": { "properties": {
                        "subscriptionIds": { "maxItems": self.private_audience_max }
                    } }
                } } },
                "listing": { "properties": {
                    "description": { "maxLength": self.description_max_chars }
                } },
                "marketingArtifacts": artifacts
            }
        })
    }
}

/// Adds the editions' rules to the offer's JSON Schema: one `if` (the document's `edition`,
/// `2020` when absent) and `then` (that edition's rules) per edition.
pub(crate) fn add_edition_rules(schema: &mut schemars::Schema) {
    let conditions = Edition::ALL.iter().map(|edition| {
        let mut condition = json!({ "properties": { "edition": { "const": edition.name() } } });
        if *edition != Edition::default() {
            condition["required"] = json!(["edition"]);
        }
        json!({ "if": condition, "then": edition.rules().schema() })
    });
    if let Some(Value::Array(all)) = schema.get_mut("allOf") {
        all.extend(conditions);
    } else {
        schema.insert("allOf".into(), Value::Array(conditions.collect()));
    }
}

/// How an offer is read: [`ReadOptions::default`] reads a document as it is written.
///
/// ```
/// use lighthouse_offer::{Edition, ReadOptions};
///
/// let options = ReadOptions::new().edition(Edition::E2026);
/// assert_eq!(options.edition, Some(Edition::E2026));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Check against this edition, whatever the document's `edition` says (the command line's
    /// `--edition`). The offer read then has this edition, and writes it.
    pub edition: Option<Edition>,
}

impl ReadOptions {
    /// Reads documents as they are written.
    #[must_use]
    pub fn new() -> Self {
        ReadOptions::default()
    }

    /// Checks against `edition`, whatever the document says.
    #[must_use]
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = Some(edition);
        self
    }
}

/// What the edition check looks at, gathered from a typed offer or, for the parts that could
/// not be read, from the document itself: so that a plan with another error still has its title
/// checked against the edition. A fact that is unknown is `None` (or left out).
#[derive(Debug, Default)]
pub(crate) struct EditionFacts<'a> {
    /// Per plan: its title and the size of its private audience, each if it passed its type.
    pub(crate) plans: Vec<(Option<&'a str>, Option<usize>)>,
    /// The listing's description, if it passed its type.
    pub(crate) description: Option<&'a str>,
    /// The marketing artifacts, if the section is an object.
    pub(crate) artifacts: Option<ArtifactFacts>,
}

/// Which images a document's marketing artifacts name.
#[derive(Debug, Default)]
pub(crate) struct ArtifactFacts {
    /// The logo slots that are filled; `None` when `logos` is not an object.
    pub(crate) logos: Option<Vec<LogoSlot>>,
    pub(crate) hero: bool,
    /// Per screenshot: whether it has a caption.
    pub(crate) screenshot_captions: Vec<bool>,
}

impl<'a> EditionFacts<'a> {
    /// The facts of a typed offer.
    pub(crate) fn of(offer: &'a Offer) -> Self {
        let artifacts = offer.marketing_artifacts();
        EditionFacts {
            plans: offer
                .plans()
                .iter()
                .map(|plan| {
                    let audience = match plan.availability() {
                        Availability::Private { subscription_ids } => Some(subscription_ids.len()),
                        Availability::Public => None,
                    };
                    (Some(plan.title().as_str()), audience)
                })
                .collect(),
            description: Some(offer.listing().description().as_str()),
            artifacts: Some(ArtifactFacts {
                logos: Some(
                    LogoSlot::ALL
                        .into_iter()
                        .filter(|slot| artifacts.logos().get(*slot).is_some())
                        .collect(),
                ),
                hero: artifacts.hero().is_some(),
                screenshot_captions: artifacts
                    .screenshots()
                    .iter()
                    .map(|s| s.caption().is_some())
                    .collect(),
            }),
        }
    }

    /// The facts of a document, read from its JSON, also of values that break their type's own
    /// rules: a title of 201 characters breaks the type's limit (200) and, in edition 2020, the
    /// edition's (50), and both are said, so that the message names the limit that applies.
    pub(crate) fn of_document(document: &'a Value) -> Self {
        let plans = document
            .get("plans")
            .and_then(Value::as_array)
            .map(|plans| {
                plans
                    .iter()
                    .map(|plan| {
                        let title = plan
                            .get("title")
                            .and_then(Value::as_str)
                            .filter(|t| !t.is_empty());
                        let audience = plan
                            .pointer("/availability/subscriptionIds")
                            .and_then(Value::as_array)
                            .map(Vec::len)
                            .filter(|n| *n > 0);
                        (title, audience)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let description = document
            .pointer("/listing/description")
            .and_then(Value::as_str);
        let artifacts = document
            .get("marketingArtifacts")
            .and_then(Value::as_object)
            .map(|artifacts| ArtifactFacts {
                logos: artifacts
                    .get("logos")
                    .and_then(Value::as_object)
                    .map(|logos| {
                        LogoSlot::ALL
                            .into_iter()
                            .filter(|slot| logos.contains_key(slot.key()))
                            .collect()
                    }),
                hero: artifacts.contains_key("hero"),
                screenshot_captions: artifacts
                    .get("screenshots")
                    .and_then(Value::as_array)
                    .map(|shots| shots.iter().map(|s| s.get("caption").is_some()).collect())
                    .unwrap_or_default(),
            });
        EditionFacts {
            plans,
            description,
            artifacts,
        }
    }
}

/// Checks an offer's facts against an edition's entry in [`EditionRules`]: everything an
/// edition changes beyond the types' own invariants. Errors and warnings, at document paths.
pub(crate) fn check_edition(facts: &EditionFacts<'_>, edition: Edition) -> Vec<Diagnostic> {
    let rules = edition.rules();
    let root = JsonPointer::root();
    let mut found = Vec::new();
    for (i, (title, audience)) in facts.plans.iter().enumerate() {
        let at = root.clone().key("plans").index(i);
        if let Some(title) = title {
            let title = title.chars().count();
            if breaks(title, rules.plan_title_max_chars, PlanTitle::MAX_CHARS) {
                found.push(Diagnostic::new(
                    Rule::TextTooLong,
                    at.clone().key("title"),
                    format!(
                        "plan title has {title} characters, at most {} are allowed in edition {edition}",
                        rules.plan_title_max_chars
                    ),
                ));
            }
        }
        if let Some(count) = *audience
            && breaks(
                count,
                rules.private_audience_max,
                Some(PrivateAudience::MAX_SUBSCRIPTIONS),
            )
        {
            found.push(Diagnostic::new(
                Rule::TooManyItems,
                at.key("availability").key("subscriptionIds"),
                format!(
                    "a private audience names at most {} subscription IDs in edition {edition}, found {count}",
                    rules.private_audience_max
                ),
            ));
        }
    }
    if let Some(description) = facts.description {
        found.extend(check_description(description, edition));
    }
    if let Some(artifacts) = &facts.artifacts {
        found.extend(check_artifacts(artifacts, edition));
    }
    found
}

/// Whether `found` breaks an edition's limit `max` in a way the type's own limit (`type_max`,
/// the loosest of any edition) does not say already: when both limits are the same, the type's
/// diagnostic is the one.
fn breaks(found: usize, max: usize, type_max: Option<usize>) -> bool {
    found > max && Some(max) != type_max
}

fn check_description(text: &str, edition: Edition) -> Vec<Diagnostic> {
    let rules = edition.rules();
    let at = JsonPointer::root().key("listing").key("description");
    let mut found = Vec::new();
    let length = markup_length(text);
    if breaks(
        length,
        rules.description_max_chars,
        Some(ListingDescription::MAX_CHARS),
    ) {
        found.push(Diagnostic::new(
            Rule::TextTooLong,
            at.clone(),
            format!(
                "listing description has {length} characters, at most {} are allowed in edition {edition} (markup included)",
                rules.description_max_chars
            ),
        ));
    }
    if edition.reports(Rule::MissingLanguageStatement)
        && let Some(judged) = LanguageJudgement::of(text)
        && !judged.looks_english()
        && !judged.has_statement
    {
        found.push(Diagnostic::new(
            Rule::MissingLanguageStatement,
            at,
            format!(
                "the description does not look English ({} of its {} words are common English words) and does not begin or end with \"{LANGUAGE_STATEMENT} <language>\", which edition {edition} asks of a non-English listing",
                judged.english_words, judged.words
            ),
        ));
    }
    found
}

fn check_artifacts(artifacts: &ArtifactFacts, edition: Edition) -> Vec<Diagnostic> {
    let rules = edition.rules();
    let here = JsonPointer::root().key("marketingArtifacts");
    let mut found = Vec::new();
    let logos = here.clone().key("logos");
    if let Some(filled) = &artifacts.logos {
        for (slot, rule) in &rules.logos {
            let key = slot.key();
            match (filled.contains(slot), rule) {
                (false, ImageRule::Required(size)) => found.push(Diagnostic::new(
                    Rule::MissingField,
                    logos.clone(),
                    format!(
                        "missing required field `{key}`: edition {edition} requires a {key} logo, {size}"
                    ),
                )),
                (true, ImageRule::NotAllowed) => found.push(Diagnostic::new(
                    Rule::NotInEdition,
                    logos.clone().key(key),
                    format!("edition {edition} has no {key} logo; remove `{key}`"),
                )),
                _ => {}
            }
        }
    }
    if artifacts.hero && rules.hero == ImageRule::NotAllowed {
        found.push(Diagnostic::new(
            Rule::NotInEdition,
            here.clone().key("hero"),
            format!("edition {edition} has no hero image; remove `hero`"),
        ));
    }
    if rules.screenshot_caption_required {
        for (i, has_caption) in artifacts.screenshot_captions.iter().enumerate() {
            if !has_caption {
                found.push(Diagnostic::new(
                    Rule::MissingField,
                    here.clone().key("screenshots").index(i),
                    format!(
                        "missing required field `caption`: edition {edition} requires a caption for every screenshot"
                    ),
                ));
            }
        }
    }
    found
}

/// The phrase a non-English description begins or ends with (Microsoft Learn), followed by the
/// language's name.
pub const LANGUAGE_STATEMENT: &str = "This service is available in";

/// Descriptions with fewer words than this are not judged.
const MIN_WORDS_TO_JUDGE: usize = 20;

/// English function words that are rare as words of the other languages Marketplace listings
/// are written in: no `a`, `in`, `is`, `an`, `on`, `to`, `we` or `will`, which are words of
/// Spanish, Dutch, German, French, Polish or Czech too.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "for", "with", "your", "you", "our", "that", "this", "from", "by", "are",
    "be", "have", "has", "can", "not", "it", "its", "which", "who", "into", "more", "than",
];

/// A text has fewer than 1 in this many words from [`ENGLISH_WORDS`]: not English.
const ENGLISH_SHARE_DIVISOR: usize = 20;

/// What the language heuristic found in a description.
#[derive(Debug)]
struct LanguageJudgement {
    words: usize,
    english_words: usize,
    has_statement: bool,
}

impl LanguageJudgement {
    /// Judges the visible text of a description; `None` when it is too short to judge.
    fn of(description: &str) -> Option<Self> {
        let text = visible_text(description).to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < MIN_WORDS_TO_JUDGE {
            return None;
        }
        let english_words = words.iter().filter(|w| ENGLISH_WORDS.contains(w)).count();
        Some(LanguageJudgement {
            words: words.len(),
            english_words,
            has_statement: has_language_statement(&text),
        })
    }

    fn looks_english(&self) -> bool {
        self.english_words * ENGLISH_SHARE_DIVISOR >= self.words
    }
}

/// Whether the lowercased visible text begins with the statement, or its last sentence does.
fn has_language_statement(text: &str) -> bool {
    let phrase = LANGUAGE_STATEMENT.to_lowercase();
    let text = text.trim();
    if text.starts_with(&phrase) {
        return true;
    }
    let body = text.trim_end_matches(|c: char| matches!(c, '.' | '!' | '?') || c.is_whitespace());
    let last_start = body.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    body[last_start..].trim_start().starts_with(&phrase)
}

/// A change [`migrate`] made to the document by itself, at its path in the original document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    path: JsonPointer,
    message: String,
}

impl Rewrite {
    /// Where the change is, in the original document.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// What was changed.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Rewrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What it takes to move an offer to another edition: the changes the publisher must make
/// ([`Migration::changes`]), the ones made already ([`Migration::rewrites`]), and the rewritten
/// document ([`Migration::document`]).
///
/// The rewritten document keeps everything the offer has: a wide logo or hero image that the
/// new edition does not allow stays in it, reported as an error of [`Rule::NotInEdition`], until
/// the publisher removes it. So the rewritten document passes the new edition's checks exactly
/// when [`Migration::is_complete`] is true (image files aside: see
/// [`Migration::verify_images`]).
#[derive(Clone, Debug)]
pub struct Migration {
    from: Edition,
    offer: Offer,
    changes: Vec<Diagnostic>,
    rewrites: Vec<Rewrite>,
}

/// Says what must change for `offer` to follow the rules of edition `to`, and rewrites what can be
/// rewritten without loss: the `edition` field, and acknowledgements of warnings that edition
/// `to` does not have (they would be reported as stale).
///
/// The changes are the errors and warnings of edition `to` that depend on the edition, at their
/// paths in the document (which the rewrite does not move): a plan title or description too long,
/// a private audience too large, a logo that is missing or not allowed, a hero image, a screenshot
/// without caption, a warning of the new edition. Image sizes need the files: see
/// [`Migration::verify_images`].
///
/// ```
/// use lighthouse_offer::{Edition, Offer, migrate};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/offer.json")).unwrap();
///
/// let (offer, _) = Offer::from_json_str(&text).unwrap().into_parts();
/// let migration = migrate(&offer, Edition::E2026);
/// assert!(!migration.is_complete());
/// // Edition 2026 has no hero image and no wide logo: the first change, in document order.
/// let hero = &migration.changes()[0];
/// assert_eq!(hero.path().as_str(), "/marketingArtifacts/hero");
/// assert_eq!(hero.message(), "edition 2026 has no hero image; remove `hero`");
/// assert_eq!(migration.document()["edition"], "2026");
/// ```
#[must_use]
pub fn migrate(offer: &Offer, to: Edition) -> Migration {
    let from = offer.edition();
    let mut rewrites = Vec::new();
    if from != to {
        rewrites.push(Rewrite {
            path: JsonPointer::root().key("edition"),
            message: format!("set the edition to \"{to}\" (was \"{from}\")"),
        });
    }
    for (i, ack) in offer.acknowledged_warnings().iter().enumerate() {
        if !to.reports(ack.rule()) {
            rewrites.push(Rewrite {
                path: JsonPointer::root().key("acknowledgedWarnings").index(i),
                message: format!(
                    "removed the acknowledgement of `{}`: edition {to} has no such warning",
                    ack.rule().name()
                ),
            });
        }
    }
    let target = offer.retargeted(to);
    let mut changes: Vec<Diagnostic> = check_edition(&EditionFacts::of(&target), to)
        .into_iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    changes.extend(
        target
            .warnings()
            .into_iter()
            .filter(|w| depends_on_edition(w.rule())),
    );
    changes.sort_by(|a, b| a.path().cmp(b.path()).then(a.rule().cmp(&b.rule())));
    Migration {
        from,
        offer: target,
        changes,
        rewrites,
    }
}

impl Migration {
    /// The edition the offer had.
    #[must_use]
    pub fn from(&self) -> Edition {
        self.from
    }

    /// The edition the offer moves to.
    #[must_use]
    pub fn to(&self) -> Edition {
        self.offer.edition()
    }

    /// What the publisher must change (errors) or look at (warnings) for the new edition, in
    /// document order.
    #[must_use]
    pub fn changes(&self) -> &[Diagnostic] {
        &self.changes
    }

    /// The changes that are errors: the rewritten document fails the new edition's checks until
    /// they are made.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.changes
            .iter()
            .filter(|d| d.severity() == Severity::Error)
    }

    /// Whether the rewritten document passes the new edition's checks (image files aside).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The changes made to the document already.
    #[must_use]
    pub fn rewrites(&self) -> &[Rewrite] {
        &self.rewrites
    }

    /// The rewritten document, as JSON: the offer with the new edition and the rewrites, and
    /// nothing left out.
    ///
    /// # Panics
    /// Never: an offer is made of strings, numbers, booleans, arrays and objects.
    #[must_use]
    pub fn document(&self) -> Value {
        serde_json::to_value(&self.offer).expect("an offer always serializes")
    }

    /// The rewritten document as pretty-printed JSON text, its fields in the document format's
    /// order, with a final line break.
    ///
    /// # Panics
    /// Never: an offer is made of strings, numbers, booleans, arrays and objects.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(&self.offer).expect("an offer always serializes");
        text.push('\n');
        text
    }

    /// Checks the offer's image files against the new edition's sizes, as
    /// [`Offer::verify_images`] does; `base_dir` is the document's folder.
    #[must_use]
    pub fn verify_images(&self, base_dir: &Path) -> Vec<Diagnostic> {
        self.offer.verify_images(base_dir)
    }
}
