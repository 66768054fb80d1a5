//! Publishing an update: what changed between two versions of an offer, whether Partner Center
//! allows it, and what customers will be asked to review.
//!
//! An offer is published, then updated: a new role, a new plan, a new logo. Some changes can
//! never be published (the offer ID, a plan ID, a public plan made private, a removed hero
//! image, a manifest changed without a higher version); changes to a plan's manifest reach
//! customers who use the plan as an update icon on their **Service providers** page, and each of
//! them decides whether to accept the new version (seed documents, 2020); everything else only
//! changes what Marketplace shows. [`Offer::update_to`] compares two checked offers and returns
//! an [`Update`]: every [`Change`], each of one [`ChangeClass`].

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::offers::offer::Offer;
use crate::plans::plan::{Availability, Plan};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Severity};
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;
use crate::values::text::PlanId;

mod manifests;
mod sections;

use manifests::compare_manifests;
use sections::compare_sections;

/// What a change means for publishing the update. Ordered from the most serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeClass {
    /// Partner Center refuses the update: the offer ID or the publisher changed, a published
    /// plan was removed (or renamed: a new plan ID) instead of stopped from selling, a public
    /// plan became private, the hero image was removed, a manifest changed without a higher
    /// version, a manifest version went down, a plan names another managing tenant. Rules
    /// `LO0800`..`LO0809` and `LO0820` (`tenant-changed`, which kept its code when it became
    /// forbidden), severity error.
    Forbidden,
    /// Customers who use the plan see an update icon on their Service providers page, review
    /// the change and decide whether to accept the new version: authorizations and eligible
    /// authorizations added, removed or changed, a new manifest version. Rules
    /// `LO0810`..`LO0829` except `LO0820`, severity warning.
    CustomerReview,
    /// Only what Marketplace shows, or what happens around the offer, changes; customers have
    /// nothing to review: the offer's name, the listing, marketing artifacts, plans' texts, new
    /// plans, private audiences, lead management, legal terms, support. Rules
    /// `LO0830`..`LO0849`, severity warning.
    ListingOnly,
}

impl ChangeClass {
    /// The severity of the class's diagnostics: [`Severity::Error`] for forbidden changes, a
    /// [`Severity::Warning`] (something to look at) for the others.
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            ChangeClass::Forbidden => Severity::Error,
            ChangeClass::CustomerReview | ChangeClass::ListingOnly => Severity::Warning,
        }
    }

    /// What the class means for the update, as one sentence.
    #[must_use]
    pub const fn meaning(self) -> &'static str {
        match self {
            ChangeClass::Forbidden => "Partner Center refuses an update with this change.",
            ChangeClass::CustomerReview => {
                "Customers who use the plan review this change and decide whether to accept the new version."
            }
            ChangeClass::ListingOnly => {
                "Only what Marketplace shows changes; customers have nothing to review."
            }
        }
    }
}

impl fmt::Display for ChangeClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeClass::Forbidden => "forbidden",
            ChangeClass::CustomerReview => "customer review",
            ChangeClass::ListingOnly => "listing only",
        })
    }
}

impl Rule {
    /// The class of a change between two versions of an offer, for the rules of changes
    /// (`LO08xx`); `None` for every other rule. A change's rule is never found by checking one
    /// document, so it cannot be acknowledged in `acknowledgedWarnings`.
    ///
    /// ```
    /// use lighthouse_offer::Rule;
    /// use lighthouse_offer::update::ChangeClass;
    ///
    /// assert_eq!(Rule::PlanRemoved.change_class(), Some(ChangeClass::Forbidden));
    /// assert_eq!(Rule::OwnerRole.change_class(), None);
    /// ```
    #[must_use]
    pub const fn change_class(self) -> Option<ChangeClass> {
        match self {
            Rule::OfferIdChanged
            | Rule::PublisherIdChanged
            | Rule::PlanRemoved
            | Rule::PlanMadePrivate
            | Rule::HeroImageRemoved
            | Rule::ManifestChangedWithoutNewVersion
            | Rule::ManifestVersionLowered
            | Rule::TenantChanged => Some(ChangeClass::Forbidden),
            Rule::AuthorizationAdded
            | Rule::AuthorizationRemoved
            | Rule::AuthorizationRoleChanged
            | Rule::AuthorizationRenamed
            | Rule::AssignableRolesChanged
            | Rule::EligibleAuthorizationAdded
            | Rule::EligibleAuthorizationRemoved
            | Rule::EligibleAuthorizationRoleChanged
            | Rule::EligibleAuthorizationRenamed
            | Rule::EligiblePolicyChanged
            | Rule::ManifestVersionRaised => Some(ChangeClass::CustomerReview),
            Rule::OfferNameChanged
            | Rule::PlanAdded
            | Rule::PlanDetailsChanged
            | Rule::PlanMadePublic
            | Rule::PrivateAudienceChanged
            | Rule::ListingChanged
            | Rule::MarketingArtifactsChanged
            | Rule::LeadManagementChanged
            | Rule::LegalChanged
            | Rule::SupportChanged => Some(ChangeClass::ListingOnly),
            _ => None,
        }
    }
}

/// Which of the two documents a [`Change`]'s path points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeSide {
    /// The published version: for something removed, which only it has.
    Old,
    /// The new version: for everything that is added or changed.
    New,
}

impl fmt::Display for ChangeSide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeSide::Old => "old",
            ChangeSide::New => "new",
        })
    }
}

/// One difference between two versions of an offer: a [`Diagnostic`] (its [`Rule`] with the
/// stable code and name, where it is, and a message that says what changed), its
/// [`ChangeClass`], the document its path points into, and for a plan's change the plan and a
/// sentence for customers.
///
/// The path is a JSON Pointer into the **new** document, except for something removed (a plan,
/// an authorization, the hero image, a listing field): that only the **old** document has, and
/// the path points there ([`Change::side`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Change {
    diagnostic: Diagnostic,
    class: ChangeClass,
    side: ChangeSide,
    plan_id: Option<PlanId>,
    for_customers: Option<String>,
}

impl Change {
    fn new(
        rule: Rule,
        side: ChangeSide,
        path: JsonPointer,
        message: String,
        plan_id: Option<PlanId>,
        for_customers: Option<String>,
    ) -> Change {
        let class = rule
            .change_class()
            .expect("changes are made of change rules only");
        Change {
            diagnostic: Diagnostic::new(rule, path, message),
            class,
            side,
            plan_id,
            for_customers,
        }
    }

    /// The change as a diagnostic: its rule (stable code and name), its path in the document
    /// [`Change::side`] names, and what changed (lowercase and without a final period, like
    /// every message of the crate). Its severity is the class's ([`ChangeClass::severity`]).
    #[must_use]
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }

    /// The class of the change.
    #[must_use]
    pub fn class(&self) -> ChangeClass {
        self.class
    }

    /// The document the path points into: [`ChangeSide::Old`] for something removed, [`ChangeSide::New`]
    /// otherwise.
    #[must_use]
    pub fn side(&self) -> ChangeSide {
        self.side
    }

    /// The plan the change is in, for changes of a plan.
    #[must_use]
    pub fn plan_id(&self) -> Option<&PlanId> {
        self.plan_id.as_ref()
    }

    /// For a [`ChangeClass::CustomerReview`] change, one sentence written for the customer:
    /// which principal gains or loses which role (by the role's name in the catalog). The plan
    /// is not named; [`Update::customer_summary`] groups the sentences by plan.
    #[must_use]
    pub fn for_customers(&self) -> Option<&str> {
        self.for_customers.as_deref()
    }
}

impl From<Change> for Diagnostic {
    fn from(change: Change) -> Diagnostic {
        change.diagnostic
    }
}

impl fmt::Display for Change {
    /// `forbidden[LO0802] old /plans/1: plan "gold" was removed; …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {} {}: {}",
            self.class,
            self.diagnostic.code(),
            self.side,
            self.diagnostic.path(),
            self.diagnostic.message()
        )
    }
}

/// Every change between a published offer and its next version ([`Offer::update_to`]), each of
/// one [`ChangeClass`]: changes Partner Center refuses, changes that customers who use a plan
/// review behind the update icon on their Service providers page before they accept the new
/// version (seed documents, 2020), and changes of the listing only.
///
///
/// How the two versions are matched:
/// - plans by plan ID, whatever their order. A plan ID is fixed once published, so a renamed
///   plan is a removed plan (forbidden: `plan-removed`, whose message says so) and a new one;
/// - authorizations (and eligible authorizations) of a plan by principal and role: first the
///   pairs with the same principal and role (then only a new display name, new assignable roles
///   or a new just-in-time policy can differ), then, in document order, the remaining ones of
///   the same principal (a changed role); what is left is added or removed;
/// - private audiences as sets of subscriptions, manifest versions as versions (`1.10.0` is
///   higher than `1.9.0`);
/// - the listing, marketing artifacts, lead management, legal terms and support field by field,
///   as the documents write them.
///
/// Reordering plans, authorizations or subscriptions is no change. Not compared: `$schema`,
/// `edition` and `acknowledgedWarnings` (they are not published), and the contents of image
/// files (only their names: a logo replaced under the same name is not seen).
///
/// Changes are ordered by class (forbidden first), then by path.
///
/// ```
/// use lighthouse_offer::Offer;
/// use lighthouse_offer::update::ChangeClass;
///
/// let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json")?;
/// let published = Offer::from_json_str(&text)?.into_parts().0;
/// let next = Offer::from_json_str(&text.replace("\"1.2.0\"", "\"1.1.0\""))?.into_parts().0;
///
/// let update = published.update_to(&next);
/// assert!(!update.is_allowed());
/// let change = &update.changes()[0];
/// assert_eq!(change.class(), ChangeClass::Forbidden);
/// assert_eq!(change.diagnostic().name(), "manifest-version-lowered");
/// assert_eq!(change.diagnostic().path().as_str(), "/plans/0/manifest/version");
/// assert!(published.update_to(&published).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "an update says whether it may be published"]
pub struct Update {
    changes: Vec<Change>,
    summary: Option<String>,
}

impl Offer {
    /// Every change from this published offer to `next`, each classified: see [`Update`].
    pub fn update_to(&self, next: &Offer) -> Update {
        Update::between(self, next)
    }
}

impl Update {
    /// The changes from `old` (the published offer) to `new`. [`Offer::update_to`] says the
    /// same as a method.
    pub fn between(old: &Offer, new: &Offer) -> Update {
        let mut found = Found::default();
        compare_offers(old, new, &mut found);
        let summary = found.summary();
        let mut changes = found.changes;
        changes.sort_by(|a, b| {
            let (x, y) = (&a.diagnostic, &b.diagnostic);
            (a.class, x.path(), x.rule(), a.side).cmp(&(b.class, y.path(), y.rule(), b.side))
        });
        Update { changes, summary }
    }

    /// Every change, forbidden ones first.
    #[must_use]
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether Partner Center accepts the update: no change is forbidden.
    #[must_use]
    pub fn is_allowed(&self) -> bool {
        !self
            .changes
            .iter()
            .any(|c| c.class() == ChangeClass::Forbidden)
    }

    /// The changes of one class.
    pub fn of_class(&self, class: ChangeClass) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class() == class)
    }

    /// What customers who use the offer will review, written for them, grouped by plan in the
    /// new document's order; `None` when no change is for customers to review.
    ///
    /// ```text
    /// Plan "Gold: 24x7 monitoring" (gold), manifest version 1.2.0 to 1.3.0:
    /// - "Contoso SOC readers" (8e2d1c0b-3a4f-4b5c-9d6e-7f8a9b0c1d2e) gains the role Monitoring Reader.
    /// ```
    #[must_use]
    pub fn customer_summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    /// The changes as diagnostics, in the same order (paths as [`Change::side`] says).
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.changes.iter().map(|c| c.diagnostic.clone()).collect()
    }
}

impl fmt::Display for Update {
    /// One change a line, or `no changes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return f.write_str("no changes");
        }
        for (i, change) in self.changes.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{change}")?;
        }
        Ok(())
    }
}

// ---- collecting changes ----

/// The changes found so far, and the plans whose changes customers review, for the summary.
#[derive(Default)]
struct Found {
    changes: Vec<Change>,
    /// The ID and the summary's header of each plan with changes for customers to review, in
    /// the new document's order of plans.
    reviewed_plans: Vec<(PlanId, String)>,
}

impl Found {
    fn add(&mut self, rule: Rule, side: ChangeSide, path: JsonPointer, message: String) {
        self.changes
            .push(Change::new(rule, side, path, message, None, None));
    }

    fn summary(&self) -> Option<String> {
        let mut text = String::new();
        for (plan_id, header) in &self.reviewed_plans {
            let lines: Vec<&String> = self
                .changes
                .iter()
                .filter(|change| change.plan_id.as_ref() == Some(plan_id))
                .filter_map(|change| change.for_customers.as_ref())
                .collect();
            // A plan whose only changes are forbidden (another tenant) has nothing to review.
            if lines.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(header);
            text.push('\n');
            for line in lines {
                let _ = writeln!(text, "- {line}");
            }
        }
        (!text.is_empty()).then_some(text)
    }
}

/// The changes of one plan, with the plan's ID and place filled in.
struct PlanChanges<'a> {
    found: &'a mut Found,
    plan_id: &'a PlanId,
    /// The plan in the new document, and in the old one.
    new_at: JsonPointer,
    old_at: JsonPointer,
    /// The catalog that names roles: the new offer's.
    roles: &'a RoleCatalog,
}

impl PlanChanges<'_> {
    fn add(&mut self, rule: Rule, side: ChangeSide, relative: &JsonPointer, message: String) {
        self.push(rule, side, relative, message, None);
    }

    fn review(
        &mut self,
        rule: Rule,
        side: ChangeSide,
        relative: &JsonPointer,
        message: String,
        for_customers: String,
    ) {
        self.push(rule, side, relative, message, Some(for_customers));
    }

    fn push(
        &mut self,
        rule: Rule,
        side: ChangeSide,
        relative: &JsonPointer,
        mut message: String,
        for_customers: Option<String>,
    ) {
        let base = match side {
            ChangeSide::Old => &self.old_at,
            ChangeSide::New => &self.new_at,
        };
        message.insert_str(0, &format!("plan {:?}: ", self.plan_id.as_str()));
        self.found.changes.push(Change::new(
            rule,
            side,
            base.clone().join(relative),
            message,
            Some(self.plan_id.clone()),
            for_customers,
        ));
    }
}

fn compare_offers(old: &Offer, new: &Offer, found: &mut Found) {
    // The offer's identity and name: what changed, from what to what, and why it matters.
    for (rule, key, what, before, after, why) in [
        (
            Rule::OfferIdChanged,
            "offerId",
            "offer ID",
            old.offer_id().as_str(),
            new.offer_id().as_str(),
            "; an offer's ID can't change once it is published",
        ),
        (
            Rule::PublisherIdChanged,
            "publisherId",
            "publisher ID",
            old.publisher_id().as_str(),
            new.publisher_id().as_str(),
            "; an offer is updated by the publisher that published it",
        ),
        (
            Rule::OfferNameChanged,
            "name",
            "offer name",
            old.name().as_str(),
            new.name().as_str(),
            "",
        ),
    ] {
        if before != after {
            found.add(
                rule,
                ChangeSide::New,
                JsonPointer::root().key(key),
                format!("{what} changed from {before:?} to {after:?}{why}"),
            );
        }
    }
    compare_plans(old.plans(), new.plans(), new.role_catalog(), found);
    compare_sections(old, new, found);
}

fn compare_plans(old: &[Plan], new: &[Plan], roles: &RoleCatalog, found: &mut Found) {
    let plans = JsonPointer::root().key("plans");
    let find = |plans: &[Plan], id: &PlanId| plans.iter().position(|p| p.plan_id() == id);
    let added: Vec<&str> = new
        .iter()
        .filter(|p| find(old, p.plan_id()).is_none())
        .map(|p| p.plan_id().as_str())
        .collect();
    for (i, plan) in old.iter().enumerate() {
        if find(new, plan.plan_id()).is_none() {
            let id = plan.plan_id().as_str();
            let mut message = format!(
                "plan {id:?} was removed; a plan can't be renamed or removed, only stopped from selling (stop sell): keep it in the document and stop its sale in Partner Center"
            );
            if !added.is_empty() {
                let _ = write!(
                    message,
                    "; if plan {} is this plan renamed, give it back the ID {id:?}",
                    or_list(added.iter().map(|a| format!("{a:?}")))
                );
            }
            found.add(
                Rule::PlanRemoved,
                ChangeSide::Old,
                plans.clone().index(i),
                message,
            );
        }
    }
    for (j, plan) in new.iter().enumerate() {
        let new_at = plans.clone().index(j);
        match find(old, plan.plan_id()) {
            None => found.add(
                Rule::PlanAdded,
                ChangeSide::New,
                new_at,
                format!(
                    "plan {:?} ({:?}) is new, {}",
                    plan.plan_id().as_str(),
                    plan.title().as_str(),
                    audience(plan.availability())
                ),
            ),
            Some(i) => {
                let mut changes = PlanChanges {
                    found: &mut *found,
                    plan_id: plan.plan_id(),
                    new_at,
                    old_at: plans.clone().index(i),
                    roles,
                };
                compare_plan(&old[i], plan, &mut changes);
            }
        }
    }
}

/// Who can buy a plan, for a message.
fn audience(availability: &Availability) -> String {
    match availability {
        Availability::Public => "public".to_owned(),
        Availability::Private { subscription_ids } => format!(
            "private to {}",
            plural(subscription_ids.len(), "subscription")
        ),
    }
}

fn compare_plan(old: &Plan, new: &Plan, changes: &mut PlanChanges<'_>) {
    let here = JsonPointer::root();
    let texts = [
        ("title", old.title().as_str(), new.title().as_str()),
        ("summary", old.summary().as_str(), new.summary().as_str()),
        (
            "description",
            old.description().as_str(),
            new.description().as_str(),
        ),
    ];
    for (key, before, after) in texts {
        if before != after {
            let message = if before.chars().count() <= SHOWN && after.chars().count() <= SHOWN {
                format!("{key} changed from {before:?} to {after:?}")
            } else {
                format!("{key} changed")
            };
            changes.add(
                Rule::PlanDetailsChanged,
                ChangeSide::New,
                &here.clone().key(key),
                message,
            );
        }
    }
    compare_availability(old.availability(), new.availability(), changes);
    compare_manifests(old, new, changes);
}

fn compare_availability(old: &Availability, new: &Availability, changes: &mut PlanChanges<'_>) {
    let at = JsonPointer::root().key("availability");
    match (old, new) {
        (Availability::Public, Availability::Public) => {}
        (Availability::Public, Availability::Private { .. }) => changes.add(
            Rule::PlanMadePrivate,
            ChangeSide::New,
            &at.key("visibility"),
            "was public and is now private; a public plan can never become private".to_owned(),
        ),
        (Availability::Private { .. }, Availability::Public) => changes.add(
            Rule::PlanMadePublic,
            ChangeSide::New,
            &at.key("visibility"),
            "was private and is now public: every customer can see and buy it".to_owned(),
        ),
        (
            Availability::Private {
                subscription_ids: before,
            },
            Availability::Private {
                subscription_ids: after,
            },
        ) => {
            let before: BTreeSet<_> = before.iter().collect();
            let after: BTreeSet<_> = after.iter().collect();
            let gained = after.difference(&before).count();
            let lost = before.difference(&after).count();
            if gained + lost > 0 {
                changes.add(
                    Rule::PrivateAudienceChanged,
                    ChangeSide::New,
                    &at.key("subscriptionIds"),
                    format!(
                        "private audience changed: {} added, {} removed",
                        plural(gained, "subscription"),
                        plural(lost, "subscription")
                    ),
                );
            }
        }
    }
}

/// How long a value shown in a message may be, in characters; longer ones are only said to
/// have changed.
const SHOWN: usize = 80;

// ---- words ----

fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: impl Iterator<Item = String>) -> String {
    joined(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: impl Iterator<Item = String>) -> String {
    joined(items, "or")
}

fn joined(items: impl Iterator<Item = String>, last: &str) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., end] => format!("{} {last} {end}", init.join(", ")),
    }
}

/// `30 minutes`, `1 hour`, `1 hour 30 minutes`, `8 hours`.
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => plural(m as usize, "minute"),
        (h, 0) => plural(h as usize, "hour"),
        (h, m) => format!(
            "{} {}",
            plural(h as usize, "hour"),
            plural(m as usize, "minute")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::sections::differ;
    use super::*;

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration(30), "30 minutes");
        assert_eq!(duration(60), "1 hour");
        assert_eq!(duration(90), "1 hour 30 minutes");
        assert_eq!(duration(480), "8 hours");
    }

    #[test]
    fn lists_join_with_commas_and_a_last_word() {
        let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(words(&[]).into_iter()), "");
        assert_eq!(and_list(words(&["a"]).into_iter()), "a");
        assert_eq!(and_list(words(&["a", "b"]).into_iter()), "a and b");
        assert_eq!(or_list(words(&["a", "b", "c"]).into_iter()), "a, b or c");
    }

    #[test]
    fn every_change_rule_has_the_severity_of_its_class_and_a_code_in_its_range() {
        let mut count = 0;
        for rule in Rule::ALL {
            let Some(class) = rule.change_class() else {
                assert!(!rule.code().starts_with("LO08"), "{rule:?} has no class");
                continue;
            };
            count += 1;
            assert_eq!(rule.severity(), class.severity(), "{rule:?}");
            let number: u32 = rule.code()[2..].parse().unwrap();
            let range = match class {
                // `tenant-changed` kept its code when Microsoft's guidance made it forbidden.
                ChangeClass::Forbidden if *rule == Rule::TenantChanged => 820..=820,
                ChangeClass::Forbidden => 800..=809,
                ChangeClass::CustomerReview => 810..=829,
                ChangeClass::ListingOnly => 830..=849,
            };
            assert!(range.contains(&number), "{rule:?}");
        }
        assert_eq!(count, 29);
    }

    #[test]
    fn tagged_objects_of_another_type_are_one_difference() {
        let old = serde_json::json!({"d": {"type": "a", "x": 1}, "same": [1]});
        let new = serde_json::json!({"d": {"type": "b", "y": 1}, "same": [1]});
        let mut found = Vec::new();
        differ(&old, &new, Vec::new(), &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, vec!["d".to_owned()]);
    }
}
