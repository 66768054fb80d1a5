//! The Marketplace listing: the texts, links and categories customers read before they buy.

use std::fmt;

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::media::html::{HtmlProblem, check_basic_html};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report, Violation};
use crate::report::rules::Rule;
use crate::values::guid::SubscriptionId;
use crate::values::text::{TextError, text_type};
use crate::values::web::HttpsUrl;

text_type! {
    /// The listing's title: 1 to 50 characters; usually the offer's name (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::listing::ListingTitle;
    ///
    /// assert!(ListingTitle::new("Contoso Managed Sentinel").is_ok());
    /// assert!(ListingTitle::new("x".repeat(51)).is_err());
    /// ```
    ListingTitle, "listing title", chars 1..=50, one line
}

text_type! {
    /// The listing's summary, shown in search results: 1 to 100 characters (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::listing::ListingSummary;
    ///
    /// assert!(ListingSummary::new("24x7 threat monitoring by Contoso's SOC").is_ok());
    /// assert!(ListingSummary::new("x".repeat(101)).is_err());
    /// ```
    ListingSummary, "listing summary", chars 1..=100,
    allowed: None
}

text_type! {
    /// The listing's long summary, shown on the offer's page: 1 to 256 characters (seed
    /// documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::listing::LongSummary;
    ///
    /// assert!(LongSummary::new("Contoso's analysts watch your Sentinel workspaces.").is_ok());
    /// assert!(LongSummary::new("x".repeat(257)).is_err());
    /// ```
    LongSummary, "long summary", chars 1..=256,
    allowed: None
}

text_type! {
    /// The identifier that makes the offer's Marketplace address:
    /// `…/marketplace/apps/{publisher}-{identifier}`. Lowercase letters, digits and `-`
    /// (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::listing::MarketingIdentifier;
    ///
    /// assert!(MarketingIdentifier::new("contoso-sentinel").is_ok());
    /// assert!(MarketingIdentifier::new("contoso_sentinel").is_err());
    /// ```
    MarketingIdentifier, "marketing identifier", chars 1..,
    allowed: Some("lowercase letters, digits and `-`"), pattern: "^[a-z0-9-]+$"
}

text_type! {
    /// The name of a useful link or of a category: one line, no white space at either end.
    ///
    /// ```
    /// use lighthouse_offer::listing::Label;
    ///
    /// assert!(Label::new("Documentation").is_ok());
    /// assert!(Label::new(" Documentation").is_err());
    /// ```
    Label, "name", chars 1.., one line
}

/// The term a managed service listing's description must use (seed documents, 2020), in
/// lowercase; it is looked for in the text a reader sees, without regard to case, markup,
/// entities or how the words are spaced or broken over lines. "managed services" contains it.
pub const REQUIRED_TERM: &str = "managed service";

/// The listing's description: basic HTML, at most [`ListingDescription::MAX_CHARS`] characters
/// markup included. Edition 2020 also asks for the term "managed service" or "managed services"
/// ([`REQUIRED_TERM`], any case; seed documents, 2020), which the offer's edition check judges
/// ([`EditionRules::managed_service_term`](crate::edition::EditionRules::managed_service_term)). The limit is the loosest of any edition
/// (5,000, edition 2026); the offer's edition may allow fewer: edition 2020 allows 3,000, checked
/// by the offer's reader and builder (see [`EditionRules`](crate::edition::EditionRules)). The HTML allowed is the subset
/// [`crate::media::html`] documents; anything that could run or hide content is refused with its
/// position.
///
/// ```
/// use lighthouse_offer::listing::ListingDescription;
///
/// assert!(ListingDescription::new("<p>Contoso's <b>managed services</b> for Sentinel.</p>").is_ok());
/// assert!(ListingDescription::new("<p>Contoso watches Sentinel for you.</p>").is_ok());
/// assert!(ListingDescription::new("<p>Contoso watches Sentinel.<script>x()</script></p>").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ListingDescription(String);

/// Why a text is not a valid listing description: every problem found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct DescriptionError {
    problems: Vec<DescriptionProblem>,
}

impl DescriptionError {
    /// Every problem, in order.
    #[must_use]
    pub fn problems(&self) -> &[DescriptionProblem] {
        &self.problems
    }
}

/// One problem of a listing description.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DescriptionProblem {
    /// Empty or too long.
    #[error(transparent)]
    Length(TextError),
    /// HTML outside the allowed subset.
    #[error("{0}")]
    Html(HtmlProblem),
}

impl Violation for DescriptionProblem {
    fn rule(&self) -> Rule {
        match self {
            DescriptionProblem::Length(e) => e.rule(),
            DescriptionProblem::Html(p) => p.rule(),
        }
    }
}

impl ListingDescription {
    /// The most characters a description may have in any edition, markup included: 5,000
    /// (Microsoft Learn, edition 2026; edition 2020 allows 3,000).
    pub const MAX_CHARS: usize = 5_000;

    /// Checks a description.
    ///
    /// # Errors
    /// A [`DescriptionError`] with every problem: length, each HTML problem.
    pub fn new(text: impl Into<String>) -> Result<Self, DescriptionError> {
        let text = text.into();
        let mut problems = Vec::new();
        let found = text.chars().count();
        if found == 0 {
            problems.push(DescriptionProblem::Length(TextError::TooShort {
                what: "listing description",
                min: 1,
                found,
            }));
        } else if found > Self::MAX_CHARS {
            problems.push(DescriptionProblem::Length(TextError::TooLong {
                what: "listing description",
                max: Self::MAX_CHARS,
                found,
            }));
        }
        problems.extend(
            check_basic_html(&text)
                .into_iter()
                .map(DescriptionProblem::Html),
        );
        if problems.is_empty() {
            Ok(ListingDescription(text))
        } else {
            Err(DescriptionError { problems })
        }
    }

    /// The description, as written (HTML).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ListingDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ListingDescription({:?})", self.0)
    }
}

impl fmt::Display for ListingDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether the visible text uses [`REQUIRED_TERM`]: `managed <b>services</b>`,
/// `managed&nbsp;services` and a line break between the words all count.
pub(crate) fn uses_required_term(html: &str) -> bool {
    let visible = crate::media::html::visible_text(html).to_lowercase();
    let words: Vec<&str> = visible.split_whitespace().collect();
    words.join(" ").contains(REQUIRED_TERM)
}

impl JsonSchema for ListingDescription {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ListingDescription".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "maxLength": ListingDescription::MAX_CHARS,
            "description": "What the offer does, in basic HTML: at most 5,000 characters, markup included (3,000 in edition 2020, which also asks for the term \"managed service\" or \"managed services\"). Scripts, styles, frames, event handlers and non-https links are refused.",
        })
    }
}

impl Decode for ListingDescription {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let text = cx.str(value, at)?;
        match ListingDescription::new(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let path = at.pointer();
                for problem in e.problems {
                    cx.report(problem.at(path.clone()));
                }
                None
            }
        }
    }
}

/// A useful link on the listing: documentation, release notes, FAQ… (seed documents, 2020).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsefulLink {
    /// What the link leads to, as customers read it.
    name: Label,
    /// Where it leads: an absolute https URL.
    url: HttpsUrl,
}

impl UsefulLink {
    /// A link.
    #[must_use]
    pub fn new(name: Label, url: HttpsUrl) -> Self {
        UsefulLink { name, url }
    }

    /// The link's name.
    #[must_use]
    pub fn name(&self) -> &Label {
        &self.name
    }

    /// The link's URL.
    #[must_use]
    pub fn url(&self) -> &HttpsUrl {
        &self.url
    }
}

impl Decode for UsefulLink {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let name = obj.required("name", cx);
        let url = obj.required("url", cx);
        obj.finish(cx);
        Some(UsefulLink::new(name?, url?))
    }
}

/// The Marketplace listing of an offer (seed documents: "Marketplace – Overview").
///
/// Rules: title ≤ 50, summary ≤ 100, long summary ≤ 256 characters; a description in basic HTML
/// of at most 3,000 (edition 2020) or 5,000 (edition 2026) characters that uses the term
/// "managed service"; a marketing identifier of lowercase letters, digits and `-` (edition 2020
/// only: its edition check requires it, and edition 2026 refuses it); 1 to 100 distinct preview
/// subscription IDs; useful links with https URLs; 1 to 5 distinct categories (in edition 2026,
/// from [`AZURE_MARKETPLACE_CATEGORIES`](crate::edition::AZURE_MARKETPLACE_CATEGORIES)).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Listing {
    /// The title: at most 50 characters, usually the offer's name.
    title: ListingTitle,
    /// The summary shown in search results: at most 100 characters.
    summary: ListingSummary,
    /// The summary shown on the offer's page: at most 256 characters.
    long_summary: LongSummary,
    /// The description in basic HTML: at most 3,000 characters in edition 2020 and 5,000 in
    /// edition 2026, markup included, using the term "managed service".
    description: ListingDescription,
    /// Edition 2020 only, and required there: makes the Marketplace address
    /// `…/marketplace/apps/{publisher}-{identifier}`. Partner Center (edition 2026) has no
    /// marketing identifier: the address is made from the offer ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    marketing_identifier: Option<MarketingIdentifier>,
    /// The 1 to 100 subscriptions that see the offer in preview, before it goes live.
    #[schemars(
        length(min = 1, max = Self::MAX_PREVIEW_SUBSCRIPTIONS),
        extend("uniqueItems" = true)
    )]
    preview_subscription_ids: Vec<SubscriptionId>,
    /// Documentation, release notes, FAQ and other links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    useful_links: Vec<UsefulLink>,
    /// The Marketplace categories the offer appears in: 1 to 5, distinct.
    #[schemars(length(min = 1, max = Self::MAX_CATEGORIES), extend("uniqueItems" = true))]
    categories: Vec<Label>,
}

/// Builds a [`Listing`]; [`ListingBuilder::build`] checks the lists.
#[derive(Clone, Debug)]
#[must_use]
pub struct ListingBuilder {
    listing: Listing,
}

impl ListingBuilder {
    /// Adds a preview subscription.
    pub fn preview_subscription(mut self, id: SubscriptionId) -> Self {
        self.listing.preview_subscription_ids.push(id);
        self
    }

    /// Adds a useful link.
    pub fn useful_link(mut self, link: UsefulLink) -> Self {
        self.listing.useful_links.push(link);
        self
    }

    /// Sets the marketing identifier, which edition 2020 requires and edition 2026 refuses.
    pub fn marketing_identifier(mut self, identifier: MarketingIdentifier) -> Self {
        self.listing.marketing_identifier = Some(identifier);
        self
    }

    /// Adds a category.
    pub fn category(mut self, category: Label) -> Self {
        self.listing.categories.push(category);
        self
    }

    /// Checks the lists: 1 to 100 distinct preview subscriptions, 1 to 5 distinct categories.
    ///
    /// # Errors
    /// A [`Report`] with every problem, paths relative to the listing.
    pub fn build(self) -> Result<Listing, Report> {
        let problems = self.listing.list_problems();
        if problems.is_empty() {
            Ok(self.listing)
        } else {
            Err(Report::new(problems))
        }
    }
}

impl Listing {
    /// The most preview subscriptions a listing may name.
    pub const MAX_PREVIEW_SUBSCRIPTIONS: usize = 100;
    /// The most categories a listing may name.
    pub const MAX_CATEGORIES: usize = 5;

    /// Starts a listing from its texts; add preview subscriptions, links and categories to the
    /// builder.
    ///
    /// ```
    /// use lighthouse_offer::listing::{
    ///     Label, Listing, ListingDescription, ListingSummary, ListingTitle, LongSummary,
    ///     MarketingIdentifier,
    /// };
    ///
    /// let listing = Listing::builder(
    ///     ListingTitle::new("Contoso Managed Sentinel")?,
    ///     ListingSummary::new("24x7 threat monitoring")?,
    ///     LongSummary::new("Contoso's analysts watch your Sentinel workspaces.")?,
    ///     ListingDescription::new("<p>Managed services for Microsoft Sentinel.</p>")?,
    /// )
    /// .marketing_identifier(MarketingIdentifier::new("contoso-sentinel")?)
    /// .preview_subscription("9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f".parse()?)
    /// .category(Label::new("Security")?);
    /// assert!(listing.clone().build().is_ok());
    /// // A sixth category is one too many.
    /// let crowded = ["A", "B", "C", "D", "E"]
    ///     .into_iter()
    ///     .fold(listing, |l, c| l.category(Label::new(c).unwrap()));
    /// assert_eq!(crowded.build().unwrap_err().diagnostics()[0].name(), "too-many-items");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(
        title: ListingTitle,
        summary: ListingSummary,
        long_summary: LongSummary,
        description: ListingDescription,
    ) -> ListingBuilder {
        ListingBuilder {
            listing: Listing {
                title,
                summary,
                long_summary,
                description,
                marketing_identifier: None,
                preview_subscription_ids: Vec::new(),
                useful_links: Vec::new(),
                categories: Vec::new(),
            },
        }
    }

    fn list_problems(&self) -> Vec<Diagnostic> {
        let mut found = preview_problems(&self.preview_subscription_ids);
        found.extend(category_problems(&self.categories));
        found
    }

    /// The title.
    #[must_use]
    pub fn title(&self) -> &ListingTitle {
        &self.title
    }

    /// The summary.
    #[must_use]
    pub fn summary(&self) -> &ListingSummary {
        &self.summary
    }

    /// The long summary.
    #[must_use]
    pub fn long_summary(&self) -> &LongSummary {
        &self.long_summary
    }

    /// The description.
    #[must_use]
    pub fn description(&self) -> &ListingDescription {
        &self.description
    }

    /// The marketing identifier (edition 2020).
    #[must_use]
    pub fn marketing_identifier(&self) -> Option<&MarketingIdentifier> {
        self.marketing_identifier.as_ref()
    }

    /// The preview subscriptions.
    #[must_use]
    pub fn preview_subscription_ids(&self) -> &[SubscriptionId] {
        &self.preview_subscription_ids
    }

    /// The useful links.
    #[must_use]
    pub fn useful_links(&self) -> &[UsefulLink] {
        &self.useful_links
    }

    /// The categories.
    #[must_use]
    pub fn categories(&self) -> &[Label] {
        &self.categories
    }
}

/// Count and uniqueness of a list, relative to the list: `1..=max` items, no item twice.
pub(crate) fn list_problems<T: Eq + std::hash::Hash + fmt::Display>(
    items: &[T],
    (what, whats): (&str, &str),
    max: usize,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let here = JsonPointer::root();
    if items.is_empty() {
        found.push(Diagnostic::new(
            Rule::TooFewItems,
            here.clone(),
            format!("at least one {what} is required, found none"),
        ));
    } else if items.len() > max {
        found.push(Diagnostic::new(
            Rule::TooManyItems,
            here.clone(),
            format!("found {} {whats}, at most {max} are allowed", items.len()),
        ));
    }
    for (i, first) in crate::document::decode::repeats_by(items, |item| item) {
        found.push(Diagnostic::new(
            Rule::DuplicateItem,
            here.clone().index(i),
            format!(
                "{what} {} is listed twice, first at index {first}",
                items[i]
            ),
        ));
    }
    found
}

fn preview_problems(ids: &[SubscriptionId]) -> Vec<Diagnostic> {
    let at = JsonPointer::root().key("previewSubscriptionIds");
    list_problems(
        ids,
        ("preview subscription", "preview subscriptions"),
        Listing::MAX_PREVIEW_SUBSCRIPTIONS,
    )
    .into_iter()
    .map(|d| d.under(&at))
    .collect()
}

fn category_problems(categories: &[Label]) -> Vec<Diagnostic> {
    let at = JsonPointer::root().key("categories");
    list_problems(
        categories,
        ("category", "categories"),
        Listing::MAX_CATEGORIES,
    )
    .into_iter()
    .map(|d| d.under(&at))
    .collect()
}

impl Decode for Listing {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let title = obj.required("title", cx);
        let summary = obj.required("summary", cx);
        let long_summary = obj.required("longSummary", cx);
        let description = obj.required("description", cx);
        let marketing_identifier = obj.optional("marketingIdentifier", cx).valid();
        let preview = obj.required::<Vec<SubscriptionId>>("previewSubscriptionIds", cx);
        let useful_links = obj
            .optional::<Vec<UsefulLink>>("usefulLinks", cx)
            .or(Vec::new());
        let categories = obj.required::<Vec<Label>>("categories", cx);
        obj.finish(cx);
        let mut problems = Vec::new();
        if let Some(ids) = &preview {
            problems.extend(preview_problems(ids));
        }
        if let Some(categories) = &categories {
            problems.extend(category_problems(categories));
        }
        let valid = problems.is_empty();
        cx.report_under(at, problems);
        let listing = Listing {
            title: title?,
            summary: summary?,
            long_summary: long_summary?,
            description: description?,
            marketing_identifier: marketing_identifier?,
            preview_subscription_ids: preview?,
            useful_links: useful_links?,
            categories: categories?,
        };
        valid.then_some(listing)
    }
}

deserialize_via_decode!(Listing, UsefulLink, ListingDescription);
