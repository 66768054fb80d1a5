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
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use crate::media::image::SizeRule;
use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

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
/// # Ok::<(), lighthouse_offer::edition::EditionError>(())
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
    /// (40×40, 90×90, 115×115 and 255×115 pixels), an optional 815×290 hero image, a
    /// marketing identifier, one or two support URLs, the term "managed service" in the
    /// description, and the Microsoft Standard Contract as an option. A document without
    /// `edition` is checked as 2020.
    #[default]
    #[serde(rename = "2020")]
    E2020,
    /// The rules Microsoft Learn documents today: plan titles of at most 200 characters,
    /// descriptions of at most 5,000 characters (markup included), private audiences of at most
    /// 10,000 subscriptions, one required large logo (a square PNG of 216×216 to 350×350
    /// pixels) with optional 90×90 and 48×48 logos, no wide logo and no hero image, screenshots
    /// and video thumbnails of 1280×720 pixels, a caption for every screenshot, and a
    /// non-English description that begins or ends with "This service is available in" and the
    /// language's name; no Microsoft Standard Contract, optional support URLs, no marketing
    /// identifier, categories from Azure Marketplace's list, and no required "managed service"
    /// term.
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

crate::document::decode::decode_from_str!(Edition);
crate::document::decode::deserialize_via_decode!(Edition);

/// The place of a logo in the document (`marketingArtifacts.logos.small` …) and on the
/// Marketplace. Which logos an edition requires, allows or refuses, and their sizes, are in
/// [`EditionRules::logos`](crate::edition::EditionRules::logos).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogoSlot {
    /// The small logo, shown in search results (`small`).
    Small,
    /// The medium logo, shown when a resource is created (`medium`).
    Medium,
    /// The large logo, shown on the offer's page (`large`).
    Large,
    /// The wide logo (`wide`): edition 2020 only.
    Wide,
}

impl LogoSlot {
    /// Every slot, in the document's order.
    pub const ALL: [LogoSlot; 4] = [
        LogoSlot::Small,
        LogoSlot::Medium,
        LogoSlot::Large,
        LogoSlot::Wide,
    ];

    /// The slot's field name in the document.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            LogoSlot::Small => "small",
            LogoSlot::Medium => "medium",
            LogoSlot::Large => "large",
            LogoSlot::Wide => "wide",
        }
    }
}

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
/// | "managed service(s)" in the description | required | not asked for |
/// | Microsoft Standard Contract (`useStandardContract`) | allowed | not allowed: the offer's own terms of use |
/// | support URLs | 1 or 2 | 0 to 2 (optional) |
/// | marketing identifier | required; address `…/marketplace/apps/{publisher}-{identifier}` | not allowed; address `…/marketplace/apps/{publisher}.{offer ID}` |
/// | categories (1 to 5) | any label | one of the 20 Azure Marketplace categories ([`AZURE_MARKETPLACE_CATEGORIES`]) |
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
///   logo or a hero image. "Support URLs (optional)" for Azure Global and Azure Government
///   customers; the Cloud Partner Portal of the source documents required them.
/// - *Configure Managed Service offer properties* (`create-managed-service-offer-properties`,
///   2021-07-12, the newest full text found): under Legal the publisher provides its own terms
///   and conditions, which customers must accept; the page has no Standard Contract option,
///   which the properties pages of other offer types (virtual machines) still offer. The
///   source documents' Cloud Partner Portal offered it: edition 2020 keeps it. The same page:
///   "at least one and up to five categories". Microsoft's general page on categories (2021-12-03)
///   allows two categories for Azure Marketplace offers; the Managed Service page is the one
///   for this offer type, so both editions keep 1 to 5 (not confirmed on today's page).
/// - *Create a Managed Service offer* (`create-managed-service-offer`, 2022-07-20): the offer
///   ID "is visible in the URL of the commercial marketplace listing"; Partner Center has no
///   marketing identifier (the Cloud Partner Portal of the source documents had one). The
///   page elides the path before the offer ID; `…/marketplace/apps/{publisher}.{offer ID}` is the
///   form Azure Marketplace uses for it. Microsoft's Lighthouse pages of 2026 call the store
///   "Microsoft Marketplace" and link `https://marketplace.microsoft.com`, but no Microsoft page
///   found gives that store's listing address, so the classic Azure Marketplace address is
///   kept.
/// - The term "managed service(s)" in the description: only the Cloud Partner Portal guide of
///   the source documents (2020-01-16) asks for it. Partner Center's pages from 2020 on (*Create
///   a Managed Service offer*, 2020-05-19 and 2022-07-20; *Plan a Managed Service offer*,
///   2020-12-23; *Configure Managed Service offer listing details*, 2021-07-12) describe the
///   description without it. The commercial marketplace certification policy 700 (Managed
///   Services; version 1.67 of 2024-08-26 lists sections 700.1 to 700.6) could not be read, so
///   whether certification still asks for the term is not confirmed: edition 2026 does not
///   refuse an offer on it, since an offer refused for a rule no current page states could not
///   be published at all, while one that certification asks to reword can be fixed then.
/// - *Marketplace categories and industries* (`marketplace-categories-industries`, 2021-12-03)
///   and its table of Azure Marketplace categories (2020-07-30): the category names. The
///   source documents name no list, so edition 2020 accepts any label.
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
#[allow(clippy::struct_excessive_bools)] // a table of yes/no rules, one field each
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
    /// Whether the listing's description must use the term "managed service" or "managed
    /// services" (rule `missing-managed-service-term`).
    pub managed_service_term: bool,
    /// Whether the offer may use the Microsoft Standard Contract (`useStandardContract: true`)
    /// instead of its own terms of use.
    pub standard_contract: bool,
    /// The fewest support URLs (`support.supportUrls`); the most is two in every edition.
    pub support_urls_min: usize,
    /// Whether the listing has a marketing identifier (`listing.marketingIdentifier`): required
    /// when `true`, not allowed when `false`. It also decides the offer's Marketplace address
    /// ([`Offer::marketplace_url`](crate::Offer::marketplace_url)).
    pub marketing_identifier: bool,
    /// The Marketplace categories a listing may choose from, spelt as Partner Center spells
    /// them; `None` when the edition's sources give no list (any label is accepted).
    pub categories: Option<&'static [&'static str]>,
    /// The warnings that exist in this edition and not in every edition (see
    /// [`Edition::reports`]).
    pub warnings: &'static [Rule],
    /// Where the edition's rules come from.
    pub source: &'static str,
}

/// The categories of Azure Marketplace, which a Managed Service offer chooses from (Microsoft
/// Learn, *Marketplace categories and industries*, whose version of 2021-12-03 marks Managed
/// Service offers as listed in Azure Marketplace categories; the table of categories it
/// includes is of 2020-07-30, the newest version found). Subcategories are not modelled: the
/// Managed Service properties page (2021-07-12) asks for categories only.
pub const AZURE_MARKETPLACE_CATEGORIES: [&str; 20] = [
    "Analytics",
    "AI + Machine Learning",
    "Blockchain",
    "Compute",
    "Containers",
    "Databases",
    "Developer Tools",
    "DevOps",
    "Identity",
    "Integration",
    "Internet of Things",
    "IT & Management Tools",
    "Media",
    "Migration",
    "Mixed Reality",
    "Monitoring & Diagnostics",
    "Networking",
    "Security",
    "Storage",
    "Web",
];

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
    managed_service_term: true,
    standard_contract: true,
    support_urls_min: 1,
    marketing_identifier: true,
    categories: None,
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
    managed_service_term: false,
    standard_contract: false,
    support_urls_min: 0,
    marketing_identifier: false,
    categories: Some(&AZURE_MARKETPLACE_CATEGORIES),
    warnings: &[Rule::MissingLanguageStatement],
    source: "Microsoft Learn: create plans for a Managed Service offer (2021 and today's page); configure Managed Service offer listing details (2022); plan a Managed Service offer (2020-12-23); configure Managed Service offer properties (2021-07-12); create a Managed Service offer (2022-07-20); marketplace categories and industries (2021-12-03)",
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
        let mut listing = json!({ "properties": {
            "description": { "maxLength": self.description_max_chars }
        } });
        if self.marketing_identifier {
            listing["required"] = json!(["marketingIdentifier"]);
        } else {
            listing["properties"]["marketingIdentifier"] = Value::Bool(false);
        }
        if let Some(categories) = self.categories {
            listing["properties"]["categories"] = json!({ "items": { "enum": categories } });
        }
        let legal = if self.standard_contract {
            json!({})
        } else {
            json!({ "properties": { "useStandardContract": { "const": false } } })
        };
        let support = if self.support_urls_min > 0 {
            json!({
                "required": ["supportUrls"],
                "properties": { "supportUrls": { "minItems": self.support_urls_min } }
            })
        } else {
            json!({})
        };
        json!({
            "properties": {
                "legal": legal,
                "support": support,
                "plans": { "items": { "properties": {
                    "title": { "maxLength": self.plan_title_max_chars },
                    "availability": { "properties": {
                        "subscriptionIds": { "maxItems": self.private_audience_max }
                    } }
                } } },
                "listing": listing,
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
