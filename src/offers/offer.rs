//! The whole offer: settings, plans, the Marketplace listing and everything around it.

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::delegation::rules::{unread_grant_warnings, unread_manifest_warnings};
use crate::document::decode::{At, Cx, Decode, Object, deserialize_via_decode};
use crate::offers::artifacts::MarketingArtifacts;
use crate::offers::edition_check::{ArtifactFacts, EditionFacts, check_edition};
use crate::offers::leads::LeadManagement;
use crate::offers::legal::Legal;
use crate::offers::listing::{Label, Listing};
use crate::offers::support::Support;
use crate::plans::plan::{Availability, Plan};
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity};
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;
use crate::values::edition::{Edition, LogoSlot, depends_on_edition};
use crate::values::text::{OfferId, PublisherId};

crate::values::text::text_type! {
    /// The offer's name as customers see it: 1 to 50 characters (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::OfferName;
    ///
    /// assert!(OfferName::new("Contoso Managed Sentinel").is_ok());
    /// assert!(OfferName::new("x".repeat(51)).is_err());
    /// ```
    OfferName, "offer name", chars 1..=50, one line
}

/// The name of a warning the publisher has read and accepts (`acknowledgedWarnings`): the
/// kebab-case name of a [`Rule`] whose severity is [`Severity::Warning`].
///
/// ```
/// use lighthouse_offer::Rule;
/// use lighthouse_offer::offer::AcknowledgedWarning;
///
/// let ack: AcknowledgedWarning = "missing-delete-role".parse()?;
/// assert_eq!(ack.rule(), Rule::MissingDeleteRole);
/// assert!("owner-role".parse::<AcknowledgedWarning>().is_err()); // an error, not a warning
/// # Ok::<(), lighthouse_offer::offer::AcknowledgementError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AcknowledgedWarning(Rule);

/// A name in `acknowledgedWarnings` that is not the name of a warning.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AcknowledgementError {
    /// No rule has this name.
    #[error("no warning is named {found:?}; {}", match near {
        Some(near) => format!("did you mean `{near}`?"),
        None => "`lighthouse-offer explain --list` lists the warnings".to_owned(),
    })]
    Unknown {
        /// The name found, shortened.
        found: String,
        /// The name of a warning that is close to it, when there is one: a typo, most likely.
        near: Option<&'static str>,
    },
    /// The rule is an error, or a warning that is not about one document (a stale
    /// acknowledgement, a change of an update): neither can be acknowledged.
    #[error(
        "`{found}` cannot be acknowledged: only the warnings that checking a document reports can"
    )]
    NotAWarning {
        /// The name found.
        found: &'static str,
    },
}

impl crate::report::diagnostic::Violation for AcknowledgementError {
    fn rule(&self) -> Rule {
        Rule::UnknownWarningName
    }
}

impl AcknowledgedWarning {
    /// Acknowledges a warning by its rule.
    ///
    /// # Errors
    /// [`AcknowledgementError::NotAWarning`] when the rule is an error, or one that may not be
    /// acknowledged (`stale-acknowledgement`, the changes of an update and the findings of an
    /// audit, which checking one document never finds: [`Rule::compares_versions`],
    /// [`Rule::judges_deployed`], and the rules of ARM and Terraform files:
    /// [`Rule::is_arm_file_rule`], [`Rule::is_terraform_rule`]).
    pub fn new(rule: Rule) -> Result<Self, AcknowledgementError> {
        if rule.severity() == Severity::Warning
            && rule != Rule::StaleAcknowledgement
            && !rule.compares_versions()
            && !rule.judges_deployed()
            && !rule.is_arm_file_rule()
            && !rule.is_terraform_rule()
        {
            Ok(AcknowledgedWarning(rule))
        } else {
            Err(AcknowledgementError::NotAWarning { found: rule.name() })
        }
    }

    /// The warning's rule.
    #[must_use]
    pub fn rule(self) -> Rule {
        self.0
    }
}

impl std::str::FromStr for AcknowledgedWarning {
    type Err = AcknowledgementError;
    fn from_str(name: &str) -> Result<Self, AcknowledgementError> {
        let rule = Rule::ALL.iter().find(|r| r.name() == name).ok_or_else(|| {
            let warnings: Vec<&'static str> = Rule::ALL
                .iter()
                .filter(|r| AcknowledgedWarning::new(**r).is_ok())
                .map(|r| r.name())
                .collect();
            AcknowledgementError::Unknown {
                found: name.chars().take(60).collect(),
                near: crate::document::decode::closest(
                    &name.chars().take(60).collect::<String>(),
                    &warnings,
                ),
            }
        })?;
        Self::new(*rule)
    }
}

impl std::fmt::Display for AcknowledgedWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

impl Serialize for AcknowledgedWarning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.name())
    }
}

impl JsonSchema for AcknowledgedWarning {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AcknowledgedWarning".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| AcknowledgedWarning::new(**r).is_ok())
            .map(|r| r.name())
            .collect();
        schemars::json_schema!({
            "type": "string",
            "enum": names,
            "description": "The name of a warning the publisher has read and accepts.",
        })
    }
}

crate::document::decode::decode_from_str!(AcknowledgedWarning);

/// A managed service offer, as one document describes it (see the crate's `FORMAT` contract):
/// offer settings, plans, the Marketplace listing, marketing artifacts, lead management, legal
/// terms and support.
///
/// Rules of the offer as a whole:
/// - 1 to [`Offer::MAX_PLANS`] plans with distinct plan IDs, at most
///   [`Offer::MAX_PRIVATE_PLANS`] of them private (Microsoft Learn, later than the seeds);
/// - every warning is reported unless its name is in `acknowledgedWarnings`, and an
///   acknowledgement of a warning that does not occur is itself reported
///   (`stale-acknowledgement`), so that acknowledgements do not outlive their reason. The
///   warnings found in the hero's pixels are reported, filtered and found stale by
///   [`Offer::verify_images`], which reads the files.
///
/// # Reading
///
/// [`Offer::from_json_str`] reads JSON; [`ReadOptions`] reads JSON, YAML or a parsed value, with
/// an edition or a role catalog of its own. Both give a [`Checked`] offer, with its warnings.
///
/// **serde's `Deserialize` drops the warnings.** It runs the same checks (an offer with an
/// error is a serde error listing them all), judges roles with the bundled catalog, and gives
/// the offer alone: a warning such as `missing-delete-role` is not reported anywhere. Ask
/// [`Offer::warnings`] afterwards, or read with [`ReadOptions`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = crate::values::edition::add_edition_rules)]
pub struct Offer {
    /// The JSON Schema the document follows, for editors; ignored by the checks.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    /// The edition of the rules the document is checked against; `2020` when left out. The
    /// crate always writes it.
    #[serde(default)]
    edition: Edition,
    /// The offer's ID: lowercase letters, digits, `-` and `_`, 1 to 50 characters; unique among
    /// the publisher's offers, shown in URLs, fixed once published.
    offer_id: OfferId,
    /// The Partner Center publisher the offer belongs to.
    publisher_id: PublisherId,
    /// The offer's name as customers see it: 1 to 50 characters.
    name: OfferName,
    /// The plans: 1 to 100, at most 45 private, with distinct plan IDs.
    #[schemars(
        length(min = 1, max = Self::MAX_PLANS),
        extend(
            "contains" = { "properties": { "availability": {
                "properties": { "visibility": { "const": "private" } },
                "required": ["visibility"],
            } } },
            "minContains" = 0,
            "maxContains" = Self::MAX_PRIVATE_PLANS,
        )
    )]
    plans: Vec<Plan>,
    /// What Marketplace shows: title, summaries, description, links, categories.
    listing: Listing,
    /// Logos, hero image, screenshots and videos.
    marketing_artifacts: MarketingArtifacts,
    /// Where Marketplace sends leads.
    lead_management: LeadManagement,
    /// Privacy policy and terms.
    legal: Legal,
    /// Who supports the offer.
    support: Support,
    /// Warnings the publisher has read and accepts, by name; they are no longer reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    acknowledged_warnings: Vec<AcknowledgedWarning>,
    /// The role catalog the offer was read with, which judges its roles whenever its warnings
    /// are asked for. Not written, and not part of equality.
    #[serde(skip)]
    #[schemars(skip)]
    roles: KeptCatalog,
}

/// The role catalog an offer keeps: equal to any other, so that two offers are equal by what
/// they say, whichever catalog judged them.
#[derive(Clone, Debug, Default)]
struct KeptCatalog(RoleCatalog);

impl PartialEq for KeptCatalog {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for KeptCatalog {}

/// Builds an [`Offer`] in code; [`OfferBuilder::build`] checks it as the document reader does,
/// so a section left out is a `missing-field` error at its document path.
#[derive(Clone, Debug)]
#[must_use]
pub struct OfferBuilder {
    schema: Option<String>,
    edition: Edition,
    offer_id: OfferId,
    publisher_id: PublisherId,
    name: OfferName,
    plans: Vec<Plan>,
    listing: Option<Listing>,
    marketing_artifacts: Option<MarketingArtifacts>,
    lead_management: Option<LeadManagement>,
    legal: Option<Legal>,
    support: Option<Support>,
    acknowledged_warnings: Vec<AcknowledgedWarning>,
}

impl OfferBuilder {
    /// Sets `$schema`, the address of the JSON Schema that editors use for the document; the
    /// checks ignore it. Left out when not set.
    pub fn schema(mut self, url: impl Into<String>) -> Self {
        self.schema = Some(url.into());
        self
    }

    /// Checks the offer against `edition` (by default [`Edition::E2020`], as a document without
    /// `edition`).
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = edition;
        self
    }

    /// Adds a plan.
    pub fn plan(mut self, plan: Plan) -> Self {
        self.plans.push(plan);
        self
    }

    /// Sets the Marketplace listing.
    pub fn listing(mut self, listing: Listing) -> Self {
        self.listing = Some(listing);
        self
    }

    /// Sets the marketing artifacts.
    pub fn marketing_artifacts(mut self, artifacts: MarketingArtifacts) -> Self {
        self.marketing_artifacts = Some(artifacts);
        self
    }

    /// Sets lead management.
    pub fn lead_management(mut self, leads: LeadManagement) -> Self {
        self.lead_management = Some(leads);
        self
    }

    /// Sets the legal terms.
    pub fn legal(mut self, legal: Legal) -> Self {
        self.legal = Some(legal);
        self
    }

    /// Sets the support contacts.
    pub fn support(mut self, support: Support) -> Self {
        self.support = Some(support);
        self
    }

    /// Acknowledges a warning: it is no longer reported, as long as it occurs.
    pub fn acknowledge(mut self, warning: AcknowledgedWarning) -> Self {
        self.acknowledged_warnings.push(warning);
        self
    }

    /// Checks the offer as a whole, and against its edition's rules.
    ///
    /// # Errors
    /// A [`Report`] with every problem (and the warnings), at the paths the document would have.
    pub fn build(self) -> Result<Checked<Offer>, Report> {
        let ids: Vec<Option<&str>> = self
            .plans
            .iter()
            .map(|p| Some(p.plan_id().as_str()))
            .collect();
        let private = self
            .plans
            .iter()
            .filter(|p| p.availability().is_private())
            .count();
        let mut problems = plan_list_problems(&ids, private);
        let missing = |present: bool, key: &str| {
            (!present).then(|| {
                Diagnostic::new(
                    Rule::MissingField,
                    JsonPointer::root(),
                    format!("missing required field `{key}`"),
                )
            })
        };
        problems.extend(missing(self.listing.is_some(), "listing"));
        problems.extend(missing(
            self.marketing_artifacts.is_some(),
            "marketingArtifacts",
        ));
        problems.extend(missing(self.lead_management.is_some(), "leadManagement"));
        problems.extend(missing(self.legal.is_some(), "legal"));
        problems.extend(missing(self.support.is_some(), "support"));
        let (
            Some(listing),
            Some(marketing_artifacts),
            Some(lead_management),
            Some(legal),
            Some(support),
            true,
        ) = (
            self.listing,
            self.marketing_artifacts,
            self.lead_management,
            self.legal,
            self.support,
            problems.is_empty(),
        )
        else {
            return Err(Report::new(problems));
        };
        let offer = Offer {
            schema: self.schema,
            edition: self.edition,
            offer_id: self.offer_id,
            publisher_id: self.publisher_id,
            name: self.name,
            plans: self.plans,
            listing,
            marketing_artifacts,
            lead_management,
            legal,
            support,
            acknowledged_warnings: self.acknowledged_warnings,
            roles: KeptCatalog::default(),
        };
        let (errors, _) = split(check_edition(&EditionFacts::of(&offer), offer.edition));
        let warnings = offer.warnings();
        if errors.is_empty() {
            Ok(Checked::new(offer, warnings))
        } else {
            Err(Report::new(errors.into_iter().chain(warnings).collect()))
        }
    }
}

impl Offer {
    /// Starts an offer from its settings; add plans and sections to the builder.
    pub fn builder(offer_id: OfferId, publisher_id: PublisherId, name: OfferName) -> OfferBuilder {
        OfferBuilder {
            schema: None,
            edition: Edition::default(),
            offer_id,
            publisher_id,
            name,
            plans: Vec::new(),
            listing: None,
            marketing_artifacts: None,
            lead_management: None,
            legal: None,
            support: None,
            acknowledged_warnings: Vec::new(),
        }
    }

    /// The most plans an offer may have.
    pub const MAX_PLANS: usize = 100;
    /// The most private plans an offer may have.
    pub const MAX_PRIVATE_PLANS: usize = 45;
    /// The largest document, in bytes, that [`Offer::from_json_str`] reads: 16 MiB. A longer
    /// text is refused before it is parsed (`document-too-large`), because the parsed tree of
    /// a hostile document can take many times its size in memory.
    ///
    /// A real offer is tens of kilobytes; one of 100 plans with 20 authorizations and 5
    /// eligible authorizations each is under 1 MB. Private audiences are the only large part:
    /// the limit leaves room for about 300,000 subscription IDs in all (the rules allow up to
    /// 20,000 in each of 45 private plans: an offer that large does not fit in one document; this
    /// is the crate's limit, not Partner Center's). The other limits of reading: arrays and
    /// objects nested at
    /// most 127 deep (`nesting-too-deep`), and at most [`Report::MAX_DIAGNOSTICS`] diagnostics
    /// (`too-many-problems` counts the rest).
    pub const MAX_DOCUMENT_BYTES: usize = crate::document::decode::MAX_DOCUMENT_BYTES;

    /// Reads and checks an offer document: every problem of the document at once, each at its
    /// JSON Pointer, or the offer with the warnings that are not acknowledged.
    ///
    /// The document is checked against the edition its `edition` field names (`2020` when it
    /// has none); [`ReadOptions::edition`] can choose another, and [`ReadOptions`] reads YAML too. Image files are not read
    /// here; call [`Offer::verify_images`] for that.
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn from_json_str(text: &str) -> Result<Checked<Offer>, Report> {
        ReadOptions::new().read_json(text)
    }

    /// The role catalog the offer was read with ([`ReadOptions::role_catalog`]; the bundled
    /// one for an offer built or read without one), which judges its roles whenever
    /// [`Offer::warnings`] is asked.
    #[must_use]
    pub fn role_catalog(&self) -> &RoleCatalog {
        &self.roles.0
    }

    /// The edition of the rules the offer was checked against.
    #[must_use]
    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// The document's `$schema`, if it names one.
    #[must_use]
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// This offer under another edition, without the acknowledgements of warnings that edition does
    /// not have. It may break that edition's rules: for [`crate::migration::migrate`] only, which
    /// never hands it out.
    pub(crate) fn retargeted(&self, edition: Edition) -> Offer {
        let mut offer = self.clone();
        offer.edition = edition;
        offer
            .acknowledged_warnings
            .retain(|ack| edition.reports(ack.rule()));
        offer
    }

    /// The offer's ID.
    #[must_use]
    pub fn offer_id(&self) -> &OfferId {
        &self.offer_id
    }

    /// The publisher's ID.
    #[must_use]
    pub fn publisher_id(&self) -> &PublisherId {
        &self.publisher_id
    }

    /// The offer's name.
    #[must_use]
    pub fn name(&self) -> &OfferName {
        &self.name
    }

    /// The plans (at least one).
    #[must_use]
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    /// The plan with this ID.
    #[must_use]
    pub fn plan(&self, plan_id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.plan_id().as_str() == plan_id)
    }

    /// The Marketplace listing.
    #[must_use]
    pub fn listing(&self) -> &Listing {
        &self.listing
    }

    /// The marketing artifacts.
    #[must_use]
    pub fn marketing_artifacts(&self) -> &MarketingArtifacts {
        &self.marketing_artifacts
    }

    /// Lead management.
    #[must_use]
    pub fn lead_management(&self) -> &LeadManagement {
        &self.lead_management
    }

    /// Legal terms.
    #[must_use]
    pub fn legal(&self) -> &Legal {
        &self.legal
    }

    /// Support contacts.
    #[must_use]
    pub fn support(&self) -> &Support {
        &self.support
    }

    /// The acknowledged warnings.
    #[must_use]
    pub fn acknowledged_warnings(&self) -> &[AcknowledgedWarning] {
        &self.acknowledged_warnings
    }

    /// The offer's page on Azure Marketplace, as its edition makes it
    /// ([`EditionRules::marketing_identifier`](crate::edition::EditionRules::marketing_identifier)):
    ///
    /// - edition 2020, from the marketing identifier, as the seed documents give it:
    ///   `https://azuremarketplace.microsoft.com/marketplace/apps/{publisher}-{marketing identifier}`;
    /// - edition 2026, from the offer ID, which Partner Center puts in the listing's address
    ///   (Microsoft Learn, *Create a Managed Service offer*, 2022-07-20):
    ///   `https://azuremarketplace.microsoft.com/marketplace/apps/{publisher}.{offer ID}`. This is the
    ///   classic Azure Marketplace address; Microsoft's pages of 2026 name the store "Microsoft
    ///   Marketplace" (`marketplace.microsoft.com`) without giving a listing address there.
    ///
    /// An offer of edition 2020 built without a marketing identifier (which its edition check
    /// refuses) gets the offer ID's address.
    ///
    /// ```
    /// use lighthouse_offer::{Edition, Offer};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/offer.json")).unwrap();
    /// let (offer, _) = Offer::from_json_str(&text).unwrap().into_parts();
    /// assert_eq!(
    ///     offer.marketplace_url(),
    ///     "https://azuremarketplace.microsoft.com/marketplace/apps/contoso-contoso-managed-sentinel"
    /// );
    /// ```
    #[must_use]
    pub fn marketplace_url(&self) -> String {
        match self.listing.marketing_identifier() {
            Some(identifier) if self.edition.rules().marketing_identifier => format!(
                "https://azuremarketplace.microsoft.com/marketplace/apps/{}-{identifier}",
                self.publisher_id
            ),
            _ => format!(
                "https://azuremarketplace.microsoft.com/marketplace/apps/{}.{}",
                self.publisher_id, self.offer_id
            ),
        }
    }

    /// Reads and checks every image file the offer names, relative to `base_dir` (the folder of
    /// the offer document), with the sizes of the offer's edition: see
    /// [`MarketingArtifacts::verify_images`]. Paths are the document's
    /// (`/marketingArtifacts/logos/small`). The only step of the crate that reads files.
    #[must_use]
    pub fn verify_images(&self, base_dir: &std::path::Path) -> Vec<Diagnostic> {
        let at = JsonPointer::root().key("marketingArtifacts");
        let found: Vec<Diagnostic> = self
            .marketing_artifacts
            .verify_images(base_dir, self.edition)
            .into_iter()
            .map(|d| d.under(&at))
            .collect();
        // The hero's pixels were judged unless reading or decoding it failed.
        let hero_at = at.key("hero");
        let hero_judged = self.marketing_artifacts.hero().is_some()
            && !found.iter().any(|d| {
                d.path() == &hero_at
                    && !matches!(d.rule(), Rule::HeroBackground)
                    && !HERO_PIXEL_WARNINGS.contains(&d.rule())
            });
        filter_acknowledged(
            found,
            &self.acknowledged_warnings,
            Some(self.edition),
            |rule| hero_judged && HERO_PIXEL_WARNINGS.contains(&rule),
        )
    }

    /// Every warning of the offer that is not acknowledged, including `stale-acknowledgement`
    /// for acknowledgements of warnings that do not occur.
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let has_hero = self.marketing_artifacts.hero().is_some();
        filter_acknowledged(
            self.all_warnings(),
            &self.acknowledged_warnings,
            Some(self.edition),
            |rule| judged_by_document(rule, Some(has_hero)),
        )
    }

    /// Every warning of the offer's parts and of its edition, acknowledged or not.
    fn all_warnings(&self) -> Vec<Diagnostic> {
        let (_, edition_warnings) = split(check_edition(&EditionFacts::of(self), self.edition));
        let mut found = part_warnings(
            &self.roles.0,
            self.plans.iter().map(Some),
            Some(&self.marketing_artifacts),
            Some(&self.lead_management),
            Some(self.edition),
        );
        found.extend(edition_warnings);
        found
    }
}

/// Errors apart from warnings.
fn split(found: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    found
        .into_iter()
        .partition(|d| d.severity() == Severity::Error)
}

/// The warnings of the offer's parts that exist in `edition`, at their document paths; a part
/// that could not be read is `None` and has none. Without an edition (the document names an
/// unknown one), only the warnings of every edition.
fn part_warnings<'p>(
    catalog: &RoleCatalog,
    plans: impl Iterator<Item = Option<&'p Plan>>,
    artifacts: Option<&MarketingArtifacts>,
    leads: Option<&LeadManagement>,
    edition: Option<Edition>,
) -> Vec<Diagnostic> {
    let root = JsonPointer::root();
    let mut found = Vec::new();
    for (i, plan) in plans.enumerate() {
        if let Some(plan) = plan {
            let warnings = plan.warnings_in(catalog);
            if !warnings.is_empty() {
                let at = root.clone().key("plans").index(i);
                found.extend(warnings.into_iter().map(|w| w.under(&at)));
            }
        }
    }
    if let Some(artifacts) = artifacts {
        let at = root.clone().key("marketingArtifacts");
        found.extend(artifacts.warnings().into_iter().map(|w| w.under(&at)));
    }
    if let Some(leads) = leads {
        let at = root.key("leadManagement");
        found.extend(leads.warnings().into_iter().map(|w| w.under(&at)));
    }
    found.retain(|w| match edition {
        Some(edition) => edition.reports(w.rule()),
        None => !depends_on_edition(w.rule()),
    });
    found
}

/// The warnings found in the hero's pixels, by [`Offer::verify_images`] only: the document
/// alone cannot tell whether they occur.
const HERO_PIXEL_WARNINGS: [Rule; 2] = [Rule::LightHeroBackground, Rule::HeroRightSpaceNotEmpty];

/// Whether reading the document tells if a warning of `rule` occurs. `has_hero` is whether the
/// offer has a hero image, `None` when the marketing artifacts could not be read: the hero's
/// pixel warnings cannot occur without a hero, and are judged from the image files otherwise.
fn judged_by_document(rule: Rule, has_hero: Option<bool>) -> bool {
    !HERO_PIXEL_WARNINGS.contains(&rule) || has_hero == Some(false)
}

/// Removes acknowledged warnings, and reports acknowledgements that match no warning among
/// those of a rule that `judged` says these diagnostics tell about. `edition` names the edition
/// in the message when it has no such warning at all.
fn filter_acknowledged(
    warnings: Vec<Diagnostic>,
    acknowledged: &[AcknowledgedWarning],
    edition: Option<Edition>,
    judged: impl Fn(Rule) -> bool,
) -> Vec<Diagnostic> {
    let stale: Vec<Diagnostic> = acknowledged
        .iter()
        .enumerate()
        .filter(|(_, ack)| judged(ack.rule()))
        .filter(|(_, ack)| !warnings.iter().any(|w| w.rule() == ack.rule()))
        .map(|(i, ack)| {
            Diagnostic::new(
                Rule::StaleAcknowledgement,
                JsonPointer::root().key("acknowledgedWarnings").index(i),
                if let Some(edition) = edition.filter(|e| !e.reports(ack.rule())) {
                    format!(
                        "warning `{}` is acknowledged but edition {edition} has no such warning; remove the acknowledgement",
                        ack.rule().name()
                    )
                } else {
                    format!(
                        "warning `{}` is acknowledged but does not occur; remove the acknowledgement",
                        ack.rule().name()
                    )
                },
            )
        })
        .collect();
    warnings
        .into_iter()
        .filter(|w| !acknowledged.iter().any(|a| a.rule() == w.rule()))
        .chain(stale)
        .collect()
}

/// Plan-list rules: 1 to 100 plans, distinct plan IDs (`None` for a plan whose ID could not be
/// read), at most 45 private.
fn plan_list_problems(ids: &[Option<&str>], private: usize) -> Vec<Diagnostic> {
    let mut found = plan_count_problems(ids.len());
    found.extend(plan_item_problems(ids, private));
    found
}

/// 1 to 100 plans.
fn plan_count_problems(count: usize) -> Vec<Diagnostic> {
    let at = JsonPointer::root().key("plans");
    let mut found = Vec::new();
    if count == 0 {
        found.push(Diagnostic::new(
            Rule::TooFewItems,
            at.clone(),
            "an offer needs at least one plan, found none",
        ));
    }
    if count > Offer::MAX_PLANS {
        found.push(Diagnostic::new(
            Rule::TooManyItems,
            at,
            format!(
                "an offer has {count} plans, at most {} are allowed",
                Offer::MAX_PLANS
            ),
        ));
    }
    found
}

/// Distinct plan IDs (`None` for a plan whose ID could not be read), at most 45 private.
fn plan_item_problems(ids: &[Option<&str>], private: usize) -> Vec<Diagnostic> {
    let at = JsonPointer::root().key("plans");
    let mut found = Vec::new();
    // Where each ID appears first: a map, not a search of the items before, so that a hostile
    // list of 100,000 plans takes linear time.
    let mut seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(ids.len().min(Offer::MAX_PLANS + 1));
    for (i, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        if let Some(&first) = seen.get(id) {
            found.push(Diagnostic::new(
                Rule::DuplicateItem,
                at.clone().index(i).key("planId"),
                format!("plan ID {id:?} is used twice, first by the plan at index {first}"),
            ));
        } else {
            seen.insert(id, i);
        }
    }
    if private > Offer::MAX_PRIVATE_PLANS {
        found.push(Diagnostic::new(
            Rule::TooManyPrivatePlans,
            at,
            format!(
                "an offer has {private} private plans, at most {} are allowed",
                Offer::MAX_PRIVATE_PLANS
            ),
        ));
    }
    found
}

/// The warnings of plans that could not be read, judged from the document itself, at document
/// paths: the delete role and the warnings of the grants (an unknown role, an eligible principal
/// that is its own only approver, …) must not wait until the plan's errors are fixed.
fn unread_plan_warnings(
    catalog: &RoleCatalog,
    document: &Value,
    read: Option<&[Option<Plan>]>,
) -> Vec<Diagnostic> {
    let (Some(read), Some(items)) = (read, document.get("plans").and_then(Value::as_array)) else {
        return Vec::new();
    };
    items
        .iter()
        .zip(read)
        .enumerate()
        .filter(|(_, (_, plan))| plan.is_none())
        .filter_map(|(i, (item, _))| {
            let manifest = JsonPointer::root().key("plans").index(i).key("manifest");
            let value = item.get("manifest")?;
            let found: Vec<Diagnostic> = unread_manifest_warnings(value)
                .into_iter()
                .chain(unread_grant_warnings(catalog, value))
                .map(|w| w.under(&manifest))
                .collect();
            Some(found)
        })
        .flatten()
        .collect()
}

/// The result of reading `value`, with its placeholders (`<…>` texts, rule `placeholder-value`)
/// reported, each saying what belongs there, in place of what the value's own checks found at
/// it (a placeholder is no GUID nor URL, and saying so tells nothing).
fn with_placeholders(
    value: &Value,
    read: Result<Checked<Offer>, Report>,
) -> Result<Checked<Offer>, Report> {
    let found = crate::document::decode::placeholders(value);
    if found.is_empty() {
        return read;
    }
    let others = match read {
        Ok(checked) => checked.into_parts().1,
        Err(report) => report.into_diagnostics(),
    };
    Err(Report::new(placeholder_findings(&found, others)))
}

/// The placeholders `found` as diagnostics, and the `others` that are not about them.
fn placeholder_findings(
    found: &[(JsonPointer, Option<String>, String)],
    others: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let at_placeholder = |d: &Diagnostic| {
        found.iter().any(|(at, _, _)| {
            let (p, q) = (d.path().as_str(), at.as_str());
            p == q || p.strip_prefix(q).is_some_and(|rest| rest.starts_with('/'))
        })
    };
    let mut diagnostics: Vec<Diagnostic> = found
        .iter()
        .map(|(at, key, text)| {
            Diagnostic::new(
                Rule::PlaceholderValue,
                at.clone(),
                format!(
                    "{text:?} is a placeholder; expected {}",
                    placeholder_expects(key.as_deref())
                ),
            )
            .with_help(format!(
                "Replace {text:?} with {}.",
                placeholder_expects(key.as_deref())
            ))
        })
        .collect();
    diagnostics.extend(others.into_iter().filter(|d| !at_placeholder(d)));
    diagnostics
}

/// What belongs in a member of an offer document, by the member's name, for the message of a
/// placeholder there.
fn placeholder_expects(key: Option<&str>) -> &'static str {
    match key.unwrap_or_default() {
        "offerId" => "the offer's ID in Partner Center (lowercase letters, digits, `-` and `_`)",
        "publisherId" => "your publisher ID in Partner Center",
        "name" => "a name for people",
        "planId" => "the plan's ID (lowercase letters, digits, `-` and `_`)",
        "title" => "a title customers see",
        "summary" | "longSummary" => "a summary customers see",
        "description" => "a description customers see",
        "tenantId" => "the GUID of your (the managing) Microsoft Entra tenant",
        "principalId" => "the object ID (GUID) of a user or group in your tenant",
        "principalIdDisplayName" => "the principal's name as customers should see it",
        "roleDefinitionId" | "delegatedRoleDefinitionIds" => {
            "the GUID of a built-in role (`lighthouse-offer roles NAME` finds it)"
        }
        "subscriptionIds" | "previewSubscriptionIds" => "the GUID of an Azure subscription",
        "url" | "privacyPolicyUrl" | "supportUrls" | "instanceUrl" => "an `https://` address",
        "email" | "contactEmails" => "an email address",
        "phone" => "a phone number (`+1 425 555 0100`)",
        "fromEnv" => "the name of an environment variable",
        "marketingIdentifier" => "the offer's marketing identifier",
        "categories" => "a Marketplace category (`lighthouse-offer schema` lists them)",
        "termsOfUse" => "the `https://` address of your terms of use, or their text",
        _ => "the real value",
    }
}

/// The warning of a document without `edition`: it keeps the meaning it had before editions
/// existed (2020), and is told so, unless the caller chose the edition.
fn edition_not_named(value: &Value, at: At<'_>, chosen: Option<Edition>) -> Option<Diagnostic> {
    (chosen.is_none() && value.is_object() && value.get("edition").is_none()).then(|| {
        Diagnostic::new(
            Rule::EditionNotNamed,
            at.pointer(),
            format!(
                "the document names no edition: it is checked against the rules of edition {}, \
                 while Partner Center applies those of edition {} today",
                Edition::default(),
                Edition::LATEST
            ),
        )
    })
}

/// Reads an offer; `edition` (the caller's choice) replaces the document's `edition`.
fn decode_offer(
    value: &Value,
    at: At<'_>,
    cx: &mut Cx,
    warnings: &mut Vec<Diagnostic>,
    edition: Option<Edition>,
) -> Option<Offer> {
    let mut obj: Object<'_, '_> = cx.object(value, at)?;
    let schema = obj.optional::<String>("$schema", cx).valid();
    let written = obj
        .optional::<Edition>("edition", cx)
        .or(Edition::default());
    let not_named = edition_not_named(value, at, edition);
    // An unknown edition is reported; the rest is then checked against the types only.
    let edition = edition.or(written);
    let offer_id = obj.required("offerId", cx);
    let publisher_id = obj.required("publisherId", cx);
    let name = obj.required("name", cx);
    let offer_at = at;
    let plans = obj.raw("plans").map(|raw| {
        let at = at.key("plans");
        let items = cx.array(raw, at)?;
        // The count first: with a hostile list of 100,000 plans, it is the problem to see, before
        // the report fills up with the plans' own.
        cx.report_under(offer_at, plan_count_problems(items.len()));
        let read: Vec<Option<Plan>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| Plan::decode(item, at.index(i), cx))
            .collect();
        let ids: Vec<Option<&str>> = items
            .iter()
            .map(|p| p.get("planId").and_then(Value::as_str))
            .collect();
        let private = read
            .iter()
            .flatten()
            .filter(|p| p.availability().is_private())
            .count();
        cx.report_under(offer_at, plan_item_problems(&ids, private));
        Some(read)
    });
    if plans.is_none() {
        cx.error(Rule::MissingField, at, "missing required field `plans`");
    }
    let listing = obj.required::<Listing>("listing", cx);
    let artifacts = obj.required::<MarketingArtifacts>("marketingArtifacts", cx);
    let lead_management = obj.required::<LeadManagement>("leadManagement", cx);
    let legal = obj.required("legal", cx);
    let support = obj.required("support", cx);
    let acknowledged = obj
        .optional::<Vec<AcknowledgedWarning>>("acknowledgedWarnings", cx)
        .or(Vec::new());
    obj.finish(cx);

    // The edition's rules and the warnings of every part that could be read, so that they are
    // reported beside the other errors.
    let plans: Option<Vec<Option<Plan>>> = plans.flatten();
    let mut all_warnings = unread_plan_warnings(RoleCatalog::of(cx), value, plans.as_deref());
    all_warnings.extend(not_named);
    all_warnings.extend(part_warnings(
        RoleCatalog::of(cx),
        plans.iter().flatten().map(Option::as_ref),
        artifacts.as_ref(),
        lead_management.as_ref(),
        edition,
    ));
    if let Some(edition) = edition {
        let (errors, edition_warnings) =
            split(check_edition(&EditionFacts::of_document(value), edition));
        cx.report_under(at, errors);
        all_warnings.extend(edition_warnings);
    }
    match &acknowledged {
        Some(acknowledged) => {
            // A part that could not be read may hide the warning an acknowledgement is for:
            // then no acknowledgement is called stale.
            let every_part_read = plans
                .as_ref()
                .is_some_and(|plans| plans.iter().all(Option::is_some))
                && artifacts.is_some()
                && lead_management.is_some();
            let has_hero = artifacts.as_ref().map(|a| a.hero().is_some());
            warnings.extend(filter_acknowledged(
                all_warnings,
                acknowledged,
                edition,
                |rule| every_part_read && judged_by_document(rule, has_hero),
            ));
        }
        None => warnings.extend(all_warnings),
    }

    let plans: Vec<Plan> = plans?.into_iter().collect::<Option<_>>()?;
    Some(Offer {
        schema: schema?,
        edition: edition?,
        offer_id: offer_id?,
        publisher_id: publisher_id?,
        name: name?,
        plans,
        listing: listing?,
        marketing_artifacts: artifacts?,
        lead_management: lead_management?,
        legal: legal?,
        support: support?,
        acknowledged_warnings: acknowledged?,
        roles: KeptCatalog(RoleCatalog::of(cx).clone()),
    })
}

impl Decode for Offer {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        // Deserialization goes through the same gate as the reader: placeholders included.
        let found = crate::document::decode::placeholders(value);
        if found.is_empty() {
            return decode_offer(value, at, cx, &mut Vec::new(), None);
        }
        let mut inner = cx.fresh();
        let _ = decode_offer(value, At::Root, &mut inner, &mut Vec::new(), None);
        let errors: Vec<Diagnostic> = inner
            .into_diagnostics_with(Vec::new())
            .into_iter()
            .filter(|d| d.severity() == Severity::Error)
            .collect();
        cx.report_under(at, placeholder_findings(&found, errors));
        None
    }
}

deserialize_via_decode!(Offer, AcknowledgedWarning);

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
            standard_contract: offer.legal().uses_standard_contract(),
            support_urls: Some(Some(offer.support().support_urls().len())),
            marketing_identifier: Some(offer.listing().marketing_identifier().is_some()),
            categories: offer
                .listing()
                .categories()
                .iter()
                .map(Label::as_str)
                .enumerate()
                .collect(),
        }
    }
}

/// The offer reader, with its options: [`ReadOptions::new`] reads a document as it is written,
/// judging roles with the bundled catalog; [`ReadOptions::edition`] and
/// [`ReadOptions::role_catalog`] change that. It reads JSON ([`ReadOptions::read_json`]), YAML
/// ([`ReadOptions::read_yaml`]) or a document already parsed ([`ReadOptions::read_value`],
/// [`ReadOptions::read_yaml_document`]). [`Offer::from_json_str`] is the shortcut for JSON
/// without options.
///
/// ```
/// use lighthouse_offer::{Edition, Offer, ReadOptions};
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/offer.json")).unwrap();
///
/// // The example is written for edition 2020; edition 2026 has no wide logo.
/// assert!(Offer::from_json_str(&text).is_ok());
/// let report = ReadOptions::new().edition(Edition::E2026).read_json(&text).unwrap_err();
/// assert!(report.errors().any(|e| e.path().as_str() == "/marketingArtifacts/logos/wide"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Check against this edition, whatever the document's `edition` field says.
    edition: Option<Edition>,
    /// Judge roles with this catalog.
    role_catalog: RoleCatalog,
}

impl ReadOptions {
    /// Reads documents as they are written, judging roles with the bundled catalog.
    #[must_use]
    pub fn new() -> Self {
        ReadOptions::default()
    }

    /// Checks against `edition`, whatever the document's `edition` field says (the command
    /// line's `--edition`). The offer read then has this edition, and writes it.
    #[must_use]
    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = Some(edition);
        self
    }

    /// Judges roles with `catalog`, a newer `az role definition list` before the bundled
    /// catalog (the command line's `--role-catalog`): see [`RoleCatalog`]. The offer read
    /// keeps it ([`Offer::role_catalog`]), so that [`Offer::warnings`] judges with it too.
    #[must_use]
    pub fn role_catalog(mut self, catalog: RoleCatalog) -> Self {
        self.role_catalog = catalog;
        self
    }

    /// Reads and checks an offer document written in JSON.
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn read_json(&self, text: &str) -> Result<Checked<Offer>, Report> {
        let (value, duplicates) =
            crate::document::decode::read_tree(text, crate::document::decode::DocumentKind::Offer)?;
        self.read(&value, duplicates)
    }

    /// Reads and checks an offer document already parsed into a JSON value.
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn read_value(&self, value: &serde_json::Value) -> Result<Checked<Offer>, Report> {
        self.read(&Value::from_serde(value), Vec::new())
    }

    /// Reads a parsed document; `found` are the problems the parse found already (fields named
    /// twice in an object).
    pub(crate) fn read(
        &self,
        value: &Value,
        found: Vec<Diagnostic>,
    ) -> Result<Checked<Offer>, Report> {
        let mut cx = self.role_catalog.cx();
        for diagnostic in found {
            cx.report(diagnostic);
        }
        let mut warnings = Vec::new();
        let offer = decode_offer(value, At::Root, &mut cx, &mut warnings, self.edition);
        let read = match offer {
            Some(offer) if cx.is_empty() => Ok(Checked::new(offer, warnings)),
            _ => Err(Report::new(cx.into_diagnostics_with(warnings))),
        };
        with_placeholders(value, read)
    }
}
