//! The check of an offer against its rule edition: everything an edition changes beyond the
//! types' own invariants, judged on facts that the offer's reader hands over (from a typed offer,
//! or from the document for the parts that could not be read). The table it reads is
//! [`EditionRules`](crate::edition::EditionRules).

use crate::document::json::Value;

use crate::media::html::{markup_length, visible_text};
use crate::offers::listing::{ListingDescription, uses_required_term};
use crate::plans::audience::PrivateAudience;
use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::values::edition::{Edition, ImageRule, LogoSlot};
use crate::values::text::PlanTitle;

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
    /// Whether the offer chooses the Microsoft Standard Contract.
    pub(crate) standard_contract: bool,
    /// The number of support URLs: `None` when unknown (the section is not an object),
    /// `Some(None)` when `supportUrls` is left out.
    #[allow(clippy::option_option)]
    // unknown, left out, or a count: as the reader's `Optional`
    pub(crate) support_urls: Option<Option<usize>>,
    /// Whether the listing has a marketing identifier; `None` when the listing is not an object.
    pub(crate) marketing_identifier: Option<bool>,
    /// The listing's categories that are texts, with their index.
    pub(crate) categories: Vec<(usize, &'a str)>,
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
        let listing = document.get("listing").and_then(Value::as_object);
        EditionFacts {
            plans,
            description,
            artifacts,
            standard_contract: document
                .pointer("/legal/useStandardContract")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            support_urls: document
                .get("support")
                .and_then(Value::as_object)
                .map(|support| {
                    support
                        .get("supportUrls")
                        .map(|urls| urls.as_array().map_or(0, Vec::len))
                }),
            marketing_identifier: listing.map(|l| l.contains_key("marketingIdentifier")),
            categories: listing
                .and_then(|l| l.get("categories"))
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| Some((i, c.as_str()?)))
                        .collect()
                })
                .unwrap_or_default(),
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
    found.extend(check_listing_and_terms(facts, edition));
    found
}

/// The Standard Contract, support URLs, marketing identifier and categories of an edition.
fn check_listing_and_terms(facts: &EditionFacts<'_>, edition: Edition) -> Vec<Diagnostic> {
    let rules = edition.rules();
    let root = JsonPointer::root();
    let listing = root.clone().key("listing");
    let mut found = Vec::new();
    if facts.standard_contract && !rules.standard_contract {
        found.push(
            Diagnostic::new(
                Rule::NotInEdition,
                root.clone().key("legal").key("useStandardContract"),
                format!(
                    "edition {edition} has no Microsoft Standard Contract for Managed Service offers: Partner Center asks for the offer's own terms"
                ),
            )
            // The rule's fix ("remove the value") would leave the offer without terms.
            .with_help(
                "Set `useStandardContract` to `false` (or leave it out) and write the offer's own \
                 terms in `termsOfUse`.",
            ),
        );
    }
    if let Some(count) = facts.support_urls
        && count.unwrap_or(0) < rules.support_urls_min
    {
        let min = rules.support_urls_min;
        let support = root.clone().key("support");
        found.push(match count {
            None => Diagnostic::new(
                Rule::MissingField,
                support,
                format!(
                    "missing required field `supportUrls`: edition {edition} requires at least {min} support URL{}",
                    if min == 1 { "" } else { "s" }
                ),
            ),
            Some(count) => Diagnostic::new(
                Rule::TooFewItems,
                support.key("supportUrls"),
                format!(
                    "at least {min} support URL{} required in edition {edition}, found {count}",
                    if min == 1 { " is" } else { "s are" }
                ),
            ),
        });
    }
    match facts.marketing_identifier {
        Some(true) if !rules.marketing_identifier => found.push(Diagnostic::new(
            Rule::NotInEdition,
            listing.clone().key("marketingIdentifier"),
            format!(
                "edition {edition} has no marketing identifier: the Marketplace address is made from the offer ID; remove `marketingIdentifier`"
            ),
        )),
        Some(false) if rules.marketing_identifier => found.push(Diagnostic::new(
            Rule::MissingField,
            listing.clone(),
            format!(
                "missing required field `marketingIdentifier`: edition {edition} makes the Marketplace address from it"
            ),
        )),
        _ => {}
    }
    if let Some(known) = rules.categories {
        for (i, category) in &facts.categories {
            if known.contains(category) {
                continue;
            }
            let hint = suggest_category(category, known)
                .map(|name| format!("did you mean \"{name}\"? "))
                .unwrap_or_default();
            found.push(Diagnostic::new(
                Rule::UnknownVariant,
                listing.clone().key("categories").index(*i),
                format!(
                    "\"{}\" is not a Marketplace category of edition {edition}; {hint}expected one of: {}",
                    crate::document::decode::shortened(category),
                    known.join(", ")
                ),
            ));
        }
    }
    found
}

/// The known category a written one was probably meant to be: a close spelling (any case), or
/// the one known name that contains it as a whole word or more (`Monitoring` for
/// `Monitoring & Diagnostics`).
fn suggest_category(written: &str, known: &[&'static str]) -> Option<&'static str> {
    if let Some(close) = crate::document::decode::closest(written, known) {
        return Some(close);
    }
    let wanted = written.trim().to_lowercase();
    if wanted.chars().count() < 2 {
        return None;
    }
    let mut containing = known.iter().filter(|name| {
        let name = name.to_lowercase();
        name.split(|c: char| !c.is_alphanumeric())
            .any(|word| word == wanted)
            || (wanted.len() >= 4 && name.contains(&wanted))
    });
    match (containing.next(), containing.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
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
    if rules.managed_service_term && length > 0 && !uses_required_term(text) {
        found.push(Diagnostic::new(
            Rule::MissingManagedServiceTerm,
            at.clone(),
            format!(
                "the description must use the term \"managed service\" or \"managed services\" in edition {edition}"
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
