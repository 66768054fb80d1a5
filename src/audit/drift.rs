//! The audit: every deployed delegation held against the plan it belongs to.

use std::collections::{HashMap, HashSet};

use crate::audit::deployed::{
    Deployed, DeployedResource, PlanReference, RegistrationAssignment, ResourceScope,
};
use crate::delegation::record::{
    Delegation, EligibleGrant, GrantApprover, GrantPolicy, PermanentGrant,
};
use crate::offers::offer::Offer;
use crate::plans::authorization::Authorization;
use crate::plans::plan::Plan;
use crate::report::diagnostic::{Diagnostic, JsonPointer, Severity};
use crate::report::rules::Rule;
use crate::roles::{RoleCatalog, RoleSupport, UnsupportedReason};
use crate::values::guid::{PrincipalId, RoleDefinitionId, TenantId};
use crate::values::text::PlanId;
use crate::values::version::ManifestVersion;

/// Which resource of the input a delegation was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DelegationKind {
    /// A registration assignment with its definition: a delegation in force.
    Assignment,
    /// A registration definition that no assignment of the input applies.
    Definition,
    /// A marketplace registration definition: what a Marketplace plan version delegates.
    MarketplaceDefinition,
}

/// How a delegation was matched to a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchedBy {
    /// By its Marketplace `plan` block: publisher, offer and plan ID.
    MarketplacePlan,
    /// Onboarded without Marketplace (no `plan` block): the plan of the same managing tenant whose
    /// manifest has the most authorizations (principal and role) in common with it.
    ClosestManifest,
}

/// The audit's verdict on one delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Verdict {
    /// Azure holds what the plan says.
    InSync,
    /// Only warnings: an older plan version, different display names.
    Warnings,
    /// Errors: authorizations or policies that differ, roles no longer supported.
    Drifted,
    /// A delegation of the offer's tenant that matches no plan.
    Unmatched,
    /// A delegation of the offer (its Marketplace `plan` block names the offer, or it grants
    /// access to principals of the offer's plans) managed by another tenant than the offer's: an
    /// error (`foreign-managing-tenant`).
    ForeignTenant,
    /// Another provider's delegation: managed by another tenant than the offer's, naming no plan
    /// of the offer and granting nothing to the offer's principals. A customer may delegate to
    /// several providers; the offer has nothing to say about the others, so it is listed in the
    /// summary and not judged (no diagnostic).
    OtherProvider,
    /// Not judged: the input lacks its definition.
    NotJudged,
}

impl Verdict {
    /// The verdict in a few words, as the summary writes it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Verdict::InSync => "in sync",
            Verdict::Warnings => "warnings",
            Verdict::Drifted => "drifted",
            Verdict::Unmatched => "matches no plan",
            Verdict::ForeignTenant => "other tenant",
            Verdict::OtherProvider => "other provider, not audited",
            Verdict::NotJudged => "not judged",
        }
    }
}

/// One delegation as the audit saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditedDelegation {
    kind: DelegationKind,
    scope: Option<ResourceScope>,
    plan: Option<PlanId>,
    matched_by: Option<MatchedBy>,
    deployed_version: Option<String>,
    verdict: Verdict,
    errors: usize,
    warnings: usize,
    pub(super) path: JsonPointer,
}

impl AuditedDelegation {
    /// Which resource it was read from.
    #[must_use]
    pub fn kind(&self) -> DelegationKind {
        self.kind
    }

    /// The customer's subscription and resource group, when the input says.
    #[must_use]
    pub fn scope(&self) -> Option<&ResourceScope> {
        self.scope.as_ref()
    }

    /// The plan it was matched to.
    #[must_use]
    pub fn plan(&self) -> Option<&PlanId> {
        self.plan.as_ref()
    }

    /// How it was matched to its plan.
    #[must_use]
    pub fn matched_by(&self) -> Option<MatchedBy> {
        self.matched_by
    }

    /// The plan version in Azure (the `plan` block's `version`), for a Marketplace delegation.
    #[must_use]
    pub fn deployed_version(&self) -> Option<&str> {
        self.deployed_version.as_deref()
    }

    /// The verdict.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// How many errors the audit found in it.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// How many warnings the audit found in it.
    #[must_use]
    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// Where it is in the input.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }
}

/// Counts of an audit, for its last line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Delegations audited.
    pub delegations: usize,
    /// In sync with their plan.
    pub in_sync: usize,
    /// With warnings only.
    pub with_warnings: usize,
    /// With errors.
    pub drifted: usize,
    /// Of the offer's tenant, matching no plan.
    pub unmatched: usize,
    /// Of the offer, managed by another tenant.
    pub foreign: usize,
    /// Other providers' delegations, not judged.
    pub other_providers: usize,
    /// Not judged.
    pub not_judged: usize,
    /// Errors found, reading problems included.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

/// What an audit found: every delegation with its verdict, and every diagnostic (the problems of
/// resources that could not be read first, then the findings), each pointing into the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audit {
    pub(super) delegations: Vec<AuditedDelegation>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Audit {
    /// The delegations, in the input's order.
    #[must_use]
    pub fn delegations(&self) -> &[AuditedDelegation] {
        &self.delegations
    }

    /// Every diagnostic: errors and warnings with paths into the input.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, owned.
    #[must_use]
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether some diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }

    /// The counts.
    #[must_use]
    pub fn totals(&self) -> Totals {
        let mut totals = Totals {
            delegations: self.delegations.len(),
            ..Totals::default()
        };
        for d in &self.delegations {
            match d.verdict {
                Verdict::InSync => totals.in_sync += 1,
                Verdict::Warnings => totals.with_warnings += 1,
                Verdict::Drifted => totals.drifted += 1,
                Verdict::Unmatched => totals.unmatched += 1,
                Verdict::ForeignTenant => totals.foreign += 1,
                Verdict::OtherProvider => totals.other_providers += 1,
                Verdict::NotJudged => totals.not_judged += 1,
            }
        }
        for d in &self.diagnostics {
            match d.severity() {
                Severity::Error => totals.errors += 1,
                Severity::Warning => totals.warnings += 1,
                // An audit reports no notes (only ARM files' checks do).
                Severity::Note => {}
            }
        }
        totals
    }

    /// Another audit's delegations and diagnostics after this one's, for one summary of several
    /// inputs (the paths of the diagnostics still point into their own inputs).
    pub fn merge(&mut self, other: Audit) {
        self.delegations.extend(other.delegations);
        self.diagnostics.extend(other.diagnostics);
    }
}

fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// Holds every delegation of `deployed` against the offer and says what differs.
///
/// Each delegation is matched to a plan: by its Marketplace `plan` block (publisher, offer and
/// plan ID), or, for one onboarded by an ARM template without a `plan` block, to the plan of the
/// same managing tenant whose manifest has the most authorizations (principal and role) in common
/// with it. Then, as diagnostics with paths into the input whose messages name the subscription
/// and resource group:
///
/// - errors: authorizations and eligible authorizations in Azure but not in the plan
///   (`authorization-not-in-plan`, `eligible-authorization-not-in-plan`) or in the plan but not
///   in Azure (`authorization-missing`, `eligible-authorization-missing`), matched by principal
///   and role; other roles a User Access Administrator may assign (`assignable-roles-differ`);
///   another just-in-time policy (`just-in-time-policy-differs`); a role Azure
///   Lighthouse no longer supports (`role-no-longer-supported`); a delegation of the offer with
///   another managing tenant (`foreign-managing-tenant`);
/// - warnings: an older plan version (`plan-version-behind`, which lists how the older
///   version's access differs from the plan's instead of reporting those differences as errors:
///   the customer has not accepted the update) or a newer one (`plan-version-ahead`); a delegation of the offer's tenant that matches no plan
///   (`unmatched-delegation`); another display name (`display-name-differs`); a role the catalog
///   does not know (`unknown-role`); an input that holds no delegation of the offer at all
///   (`no-delegation-of-offer`, which says what it holds instead: an audit that judged nothing
///   is no pass).
///
/// Assignments listed without their definition are joined to a definition of the same input by
/// `registrationDefinitionId`; without one they are `definition-not-expanded`. Another
/// provider's delegation (another tenant, naming no plan of the offer, granting nothing to its
/// principals) is listed with [`Verdict::OtherProvider`] and not judged. The problems of
/// resources that could not be read come first in the diagnostics.
#[must_use]
pub fn audit(offer: &Offer, deployed: &Deployed) -> Audit {
    let mut out = Audit {
        delegations: Vec::new(),
        diagnostics: deployed.problems().to_vec(),
    };
    let definitions: HashMap<String, usize> = deployed
        .resources()
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            DeployedResource::Definition(d) => d.id().map(|id| (id.to_ascii_lowercase(), i)),
            _ => None,
        })
        .collect();
    let mut applied: HashSet<usize> = HashSet::new();
    for r in deployed.resources() {
        if let DeployedResource::Assignment(a) = r
            && a.registration_definition().is_none()
            && let Some(&i) = definitions.get(&a.registration_definition_id().to_ascii_lowercase())
        {
            applied.insert(i);
        }
    }
    let offer_tenants: Vec<TenantId> = offer
        .plans()
        .iter()
        .map(|p| p.manifest().tenant_id())
        .collect();
    let judge = Judge {
        offer,
        offer_tenants: &offer_tenants,
    };
    for (i, resource) in deployed.resources().iter().enumerate() {
        let subject = match resource {
            DeployedResource::Assignment(a) => {
                let joined = || {
                    definitions
                        .get(&a.registration_definition_id().to_ascii_lowercase())
                        .and_then(|&j| match &deployed.resources()[j] {
                            DeployedResource::Definition(d) => Some(d),
                            _ => None,
                        })
                };
                let Some(d) = a.registration_definition().or_else(joined) else {
                    not_expanded(&mut out, a);
                    continue;
                };
                Subject {
                    kind: DelegationKind::Assignment,
                    scope: Some(a.scope().clone()),
                    grants: d.grants(),
                    plan: d.plan(),
                    definition_path: d.path(),
                    path: a.path(),
                    roles: offer.role_catalog(),
                }
            }
            DeployedResource::Definition(d) if !applied.contains(&i) => Subject {
                kind: DelegationKind::Definition,
                scope: d.id().and_then(ResourceScope::from_resource_id),
                grants: d.grants(),
                plan: d.plan(),
                definition_path: d.path(),
                path: d.path(),
                roles: offer.role_catalog(),
            },
            DeployedResource::Definition(_) => continue,
            DeployedResource::Marketplace(m) => Subject {
                kind: DelegationKind::MarketplaceDefinition,
                scope: m.id().and_then(ResourceScope::from_resource_id),
                grants: m.grants(),
                plan: m.plan(),
                definition_path: m.path(),
                path: m.path(),
                roles: offer.role_catalog(),
            },
        };
        judge.delegation(&mut out, subject);
    }
    if let Some(empty) = nothing_of_the_offer(offer, &out) {
        out.diagnostics.push(empty);
    }
    out
}

/// The warning `no-delegation-of-offer` when none of the delegations audited is the offer's
/// (matched to a plan, or naming the offer under another tenant), with what the input holds
/// instead: an audit that judged nothing is no pass.
fn nothing_of_the_offer(offer: &Offer, out: &Audit) -> Option<Diagnostic> {
    let totals = out.totals();
    let of_the_offer = totals.in_sync + totals.with_warnings + totals.drifted + totals.foreign;
    // A delegation that could not be judged (an assignment without its definition) may be the
    // offer's, and one of the offer's tenant matching no plan is a warning of its own: each says
    // so already.
    // A resource that could not be read may be the offer's too: its error says so already.
    let unread = out
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error);
    if of_the_offer > 0 || totals.not_judged > 0 || totals.unmatched > 0 || unread {
        return None;
    }
    let instead = if totals.other_providers == 0 {
        "nothing at all (no registration assignment or definition)".to_owned()
    } else {
        format!(
            "{} of other providers only",
            plural(totals.other_providers, "delegation")
        )
    };
    Some(Diagnostic::new(
        Rule::NoDelegationOfOffer,
        JsonPointer::root(),
        format!(
            "the input holds no delegation of offer `{}`; it holds {instead}",
            offer.offer_id().as_str()
        ),
    ))
}

struct Judge<'a> {
    offer: &'a Offer,
    offer_tenants: &'a [TenantId],
}

/// One delegation to judge: what it delegates and where it is.
struct Subject<'d> {
    kind: DelegationKind,
    scope: Option<ResourceScope>,
    grants: &'d Delegation,
    plan: Option<&'d PlanReference>,
    /// The definition object (which holds `plan`).
    definition_path: &'d JsonPointer,
    /// The resource the delegation was read from.
    path: &'d JsonPointer,
    /// The catalog that judges its roles: the offer's.
    roles: &'d RoleCatalog,
}

/// An assignment without its definition: reported, not judged.
fn not_expanded(out: &mut Audit, a: &RegistrationAssignment) {
    out.diagnostics.push(Diagnostic::new(
        Rule::DefinitionNotExpanded,
        a.path()
            .clone()
            .key("properties")
            .key("registrationDefinitionId"),
        format!(
            "{}: the assignment comes without its registration definition, so it cannot be \
             judged; list assignments with `$expandRegistrationDefinition=true` (az: \
             `--include-definition true`)",
            a.scope()
        ),
    ));
    out.delegations.push(AuditedDelegation {
        kind: DelegationKind::Assignment,
        scope: Some(a.scope().clone()),
        plan: None,
        matched_by: None,
        deployed_version: None,
        verdict: Verdict::NotJudged,
        errors: 1,
        warnings: 0,
        path: a.path().clone(),
    });
}

/// Where a finding is, for messages: the scope, or the definition when the input has no scope.
fn place(scope: Option<&ResourceScope>) -> String {
    scope.map_or_else(|| "the definition".to_owned(), ToString::to_string)
}

fn role_name(role: RoleDefinitionId) -> String {
    role.built_in().map_or_else(
        || role.to_string(),
        |r| format!("\"{}\" ({role})", r.name().trim()),
    )
}

fn same_text(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Judge<'_> {
    /// The plan a delegation belongs to, how it was matched, or the verdict when it matches none.
    fn find_plan(
        &self,
        grants: &Delegation,
        plan: Option<&PlanReference>,
    ) -> Result<(&Plan, MatchedBy), Verdict> {
        let tenant = grants.managed_by_tenant_id();
        if let Some(reference) = plan {
            let ours = same_text(reference.publisher(), self.offer.publisher_id().as_str())
                && same_text(reference.product(), self.offer.offer_id().as_str());
            let found = self
                .offer
                .plans()
                .iter()
                .find(|p| same_text(p.plan_id().as_str(), reference.name()));
            return match found {
                Some(plan) if ours => Ok((plan, MatchedBy::MarketplacePlan)),
                _ if self.offer_tenants.contains(&tenant) => Err(Verdict::Unmatched),
                // It names this offer, with a tenant that is not the offer's.
                _ if ours => Err(Verdict::ForeignTenant),
                _ => Err(Verdict::OtherProvider),
            };
        }
        if !self.offer_tenants.contains(&tenant) {
            // Without a plan block, a delegation to another tenant is the offer's only when it
            // grants access to principals of the offer's plans (deployed with the wrong tenant);
            // otherwise it is another provider's, which the offer has nothing to say about.
            let principals: HashSet<PrincipalId> =
                self.offer
                    .plans()
                    .iter()
                    .flat_map(|p| {
                        let m = p.manifest();
                        m.authorizations()
                            .iter()
                            .map(Authorization::principal_id)
                            .chain(m.eligible_authorizations().iter().map(
                                crate::plans::authorization::EligibleAuthorization::principal_id,
                            ))
                    })
                    .collect();
            let ours = grants
                .authorizations()
                .iter()
                .map(PermanentGrant::principal_id)
                .chain(
                    grants
                        .eligible_authorizations()
                        .iter()
                        .map(EligibleGrant::principal_id),
                )
                .any(|p| principals.contains(&p));
            return Err(if ours {
                Verdict::ForeignTenant
            } else {
                Verdict::OtherProvider
            });
        }
        let pairs: HashSet<(PrincipalId, RoleDefinitionId)> = grants
            .authorizations()
            .iter()
            .map(|a| (a.principal_id(), a.role_definition_id()))
            .chain(
                grants
                    .eligible_authorizations()
                    .iter()
                    .map(|e| (e.principal_id(), e.role_definition_id())),
            )
            .collect();
        let mut best: Option<(&Plan, usize)> = None;
        for plan in self.offer.plans() {
            let manifest = plan.manifest();
            if manifest.tenant_id() != tenant {
                continue;
            }
            let common = manifest
                .authorizations()
                .iter()
                .map(|a| (a.principal_id(), a.role_definition_id()))
                .chain(
                    manifest
                        .eligible_authorizations()
                        .iter()
                        .map(|e| (e.principal_id(), e.role_definition_id())),
                )
                .filter(|pair| pairs.contains(pair))
                .count();
            if common > 0 && best.is_none_or(|(_, most)| common > most) {
                best = Some((plan, common));
            }
        }
        best.map(|(plan, _)| (plan, MatchedBy::ClosestManifest))
            .ok_or(Verdict::Unmatched)
    }

    fn delegation(&self, out: &mut Audit, subject: Subject<'_>) {
        let where_ = place(subject.scope.as_ref());
        let grants = subject.grants;
        let mut found = Vec::new();
        let mut plan_id = None;
        let mut matched_by = None;
        let verdict_without_plan = match self.find_plan(grants, subject.plan) {
            Ok((plan, by)) => {
                plan_id = Some(plan.plan_id().clone());
                matched_by = Some(by);
                Self::matched(&mut found, &subject, plan, &where_)
            }
            Err(Verdict::ForeignTenant) => {
                found.push(self.foreign(grants, &where_));
                Some(Verdict::ForeignTenant)
            }
            // Another provider's delegation: listed in the summary, not judged.
            Err(Verdict::OtherProvider) => Some(Verdict::OtherProvider),
            Err(verdict) => {
                found.push(self.unmatched(&subject, &where_));
                roles_findings(&mut found, self.offer.role_catalog(), grants, &where_);
                Some(verdict)
            }
        };
        let errors = found
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        let warnings = found.len() - errors;
        out.diagnostics.extend(found);
        let verdict = verdict_without_plan.unwrap_or(if errors > 0 {
            Verdict::Drifted
        } else if warnings > 0 {
            Verdict::Warnings
        } else {
            Verdict::InSync
        });
        out.delegations.push(AuditedDelegation {
            kind: subject.kind,
            scope: subject.scope,
            plan: plan_id,
            matched_by,
            deployed_version: subject.plan.map(|r| r.version().to_owned()),
            verdict,
            errors,
            warnings,
            path: subject.path.clone(),
        });
    }

    /// The findings of a delegation matched to `plan`; a verdict when it is not judged further.
    fn matched(
        found: &mut Vec<Diagnostic>,
        subject: &Subject<'_>,
        plan: &Plan,
        where_: &str,
    ) -> Option<Verdict> {
        let grants = subject.grants;
        let tenant = grants.managed_by_tenant_id();
        if plan.manifest().tenant_id() != tenant {
            found.push(Diagnostic::new(
                Rule::ForeignManagingTenant,
                grants.path().clone().key("managedByTenantId"),
                format!(
                    "{where_}: the delegation of plan `{}` is managed by tenant {tenant}, the \
                     plan's tenant is {}",
                    plan.plan_id(),
                    plan.manifest().tenant_id()
                ),
            ));
            return Some(Verdict::ForeignTenant);
        }
        let version = subject.plan.and_then(|r| {
            let at = subject.definition_path.clone().key("plan").key("version");
            version_finding(r, plan, where_, at)
        });
        let mut differences = Vec::new();
        compare_permanent(&mut differences, grants, plan, where_);
        compare_eligible(&mut differences, grants, plan, where_);
        match version {
            // A customer on an older version who has not accepted the update holds what that
            // version gave: the differences are not drift by the provider's hand, and the
            // document does not say what the older version held. They are listed in the one
            // warning that says the customer is behind, not reported as errors.
            Some(mut behind) if behind.rule() == Rule::PlanVersionBehind => {
                if !differences.is_empty() {
                    let prefix = format!("{where_}: ");
                    let listed: Vec<&str> = differences
                        .iter()
                        .map(|d| d.message().strip_prefix(&prefix).unwrap_or(d.message()))
                        .collect();
                    behind = Diagnostic::new(
                        Rule::PlanVersionBehind,
                        behind.path().clone(),
                        format!(
                            "{}; until they do, Azure holds that version's access, which differs \
                             from the offer's in {}: {}",
                            behind.message(),
                            plural(differences.len(), "way"),
                            listed.join("; ")
                        ),
                    );
                }
                found.push(behind);
            }
            other => {
                found.extend(other);
                found.extend(differences);
            }
        }
        roles_findings(found, subject.roles, grants, where_);
        None
    }

    /// The finding of a delegation of another tenant.
    fn foreign(&self, grants: &Delegation, where_: &str) -> Diagnostic {
        let mut tenants: Vec<String> = self.offer_tenants.iter().map(ToString::to_string).collect();
        tenants.sort_unstable();
        tenants.dedup();
        Diagnostic::new(
            Rule::ForeignManagingTenant,
            grants.path().clone().key("managedByTenantId"),
            format!(
                "{where_}: the delegation is managed by tenant {}{}, not by the offer's ({})",
                grants.managed_by_tenant_id(),
                grants
                    .managed_by_tenant_name()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default(),
                tenants.join(", ")
            ),
        )
    }

    /// The finding of a delegation of the offer's tenant that matches no plan.
    fn unmatched(&self, subject: &Subject<'_>, where_: &str) -> Diagnostic {
        let (what, at) = match subject.plan {
            Some(r) => (
                format!(
                    "its Marketplace plan {}.{}.{} is not a plan of this offer ({}.{})",
                    r.publisher(),
                    r.product(),
                    r.name(),
                    self.offer.publisher_id(),
                    self.offer.offer_id()
                ),
                subject.definition_path.clone().key("plan"),
            ),
            None => (
                "it has no Marketplace plan and no authorization in common with any plan of the \
                 offer"
                    .to_owned(),
                subject.grants.path().clone().key("authorizations"),
            ),
        };
        Diagnostic::new(
            Rule::UnmatchedDelegation,
            at,
            format!(
                "{where_}: a delegation of the offer's tenant {} matches no plan: {what}",
                subject.grants.managed_by_tenant_id()
            ),
        )
    }
}

/// The version warning: `plan-version-behind` when the deployed version is older than the
/// plan's, `plan-version-ahead` when newer, none when equal or unreadable.
fn version_finding(
    reference: &PlanReference,
    plan: &Plan,
    where_: &str,
    at: JsonPointer,
) -> Option<Diagnostic> {
    let deployed = ManifestVersion::parse(reference.version()).ok()?;
    let current = plan.manifest().version();
    match deployed.cmp(current) {
        std::cmp::Ordering::Less => Some(Diagnostic::new(
            Rule::PlanVersionBehind,
            at,
            format!(
                "{where_}: plan `{}` is deployed in version {deployed}, the offer's is \
                 {current}: the customer has not accepted the update",
                plan.plan_id()
            ),
        )),
        std::cmp::Ordering::Greater => Some(Diagnostic::new(
            Rule::PlanVersionAhead,
            at,
            format!(
                "{where_}: plan `{}` is deployed in version {deployed}, newer than the offer \
                 document's {current}: the document is not what was published",
                plan.plan_id()
            ),
        )),
        std::cmp::Ordering::Equal => None,
    }
}

/// A principal and a role: what a grant of Azure and a grant of the plan are paired by.
type GrantKey = (PrincipalId, RoleDefinitionId);

/// Azure's grants paired with the plan's by principal and role: each of Azure's, with its index
/// and the plan's grant with the same key (if any), in Azure's order; then the plan's grants that
/// Azure does not hold, in the plan's order.
type Paired<'d, 'p, D, P> = (Vec<(usize, &'d D, Option<&'p P>)>, Vec<&'p P>);

fn pair_grants<'d, 'p, D, P>(
    deployed: &'d [D],
    deployed_key: impl Fn(&D) -> GrantKey,
    planned: &'p [P],
    planned_key: impl Fn(&P) -> GrantKey,
) -> Paired<'d, 'p, D, P> {
    let by_key: HashMap<GrantKey, &P> = planned.iter().map(|p| (planned_key(p), p)).collect();
    let mut held = HashSet::new();
    let paired = deployed
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let key = deployed_key(d);
            held.insert(key);
            (i, d, by_key.get(&key).copied())
        })
        .collect();
    let missing = planned
        .iter()
        .filter(|p| !held.contains(&planned_key(p)))
        .collect();
    (paired, missing)
}

/// The finding when Azure names a principal (`who`: "principal", "eligible principal")
/// otherwise than the plan does.
fn display_name_finding(
    deployed: Option<&str>,
    planned: &str,
    who: &str,
    principal: PrincipalId,
    where_: &str,
    plan_id: &PlanId,
    at: JsonPointer,
) -> Option<Diagnostic> {
    let deployed = deployed.filter(|deployed| *deployed != planned)?;
    Some(Diagnostic::new(
        Rule::DisplayNameDiffers,
        at,
        format!(
            "{where_}: {who} {principal} is named {deployed:?} in Azure and {planned:?} in plan \
             `{plan_id}`"
        ),
    ))
}

/// The permanent authorizations of Azure against the plan's.
fn compare_permanent(found: &mut Vec<Diagnostic>, grants: &Delegation, plan: &Plan, where_: &str) {
    let at = grants.path();
    let manifest = plan.manifest();
    let plan_id = plan.plan_id();
    let (paired, missing) = pair_grants(
        grants.authorizations(),
        |a| (a.principal_id(), a.role_definition_id()),
        manifest.authorizations(),
        |a| (a.principal_id(), a.role_definition_id()),
    );
    for (i, a, planned) in paired {
        let item = || at.clone().key("authorizations").index(i);
        match planned {
            None => found.push(Diagnostic::new(
                Rule::AuthorizationNotInPlan,
                item().key("roleDefinitionId"),
                format!(
                    "{where_}: principal {}{} holds role {}, which plan `{plan_id}` does not give \
                     it",
                    a.principal_id(),
                    quoted(a.principal_id_display_name()),
                    role_name(a.role_definition_id())
                ),
            )),
            Some(planned) => {
                found.extend(display_name_finding(
                    a.principal_id_display_name(),
                    planned.principal_id_display_name().as_str(),
                    "principal",
                    a.principal_id(),
                    where_,
                    plan_id,
                    item().key("principalIdDisplayName"),
                ));
                found.extend(assignable_roles_finding(
                    a,
                    planned,
                    where_,
                    plan_id,
                    &|| item().key("delegatedRoleDefinitionIds"),
                ));
            }
        }
    }
    for a in missing {
        found.push(Diagnostic::new(
            Rule::AuthorizationMissing,
            at.clone().key("authorizations"),
            format!(
                "{where_}: plan `{plan_id}` gives principal {} (\"{}\") role {}, which Azure \
                 does not hold",
                a.principal_id(),
                a.principal_id_display_name(),
                role_name(a.role_definition_id())
            ),
        ));
    }
}

/// The eligible authorizations of Azure against the plan's, with their policies.
fn compare_eligible(found: &mut Vec<Diagnostic>, grants: &Delegation, plan: &Plan, where_: &str) {
    let at = grants.path();
    let manifest = plan.manifest();
    let plan_id = plan.plan_id();
    let (paired, missing) = pair_grants(
        grants.eligible_authorizations(),
        |e| (e.principal_id(), e.role_definition_id()),
        manifest.eligible_authorizations(),
        |e| (e.principal_id(), e.role_definition_id()),
    );
    for (i, e, plan_e) in paired {
        let item = || at.clone().key("eligibleAuthorizations").index(i);
        let Some(plan_e) = plan_e else {
            found.push(Diagnostic::new(
                Rule::EligibleAuthorizationNotInPlan,
                item().key("roleDefinitionId"),
                format!(
                    "{where_}: principal {}{} may activate role {} just in time, which plan \
                     `{plan_id}` does not allow",
                    e.principal_id(),
                    quoted(e.principal_id_display_name()),
                    role_name(e.role_definition_id())
                ),
            ));
            continue;
        };
        found.extend(display_name_finding(
            e.principal_id_display_name(),
            plan_e.principal_id_display_name().as_str(),
            "eligible principal",
            e.principal_id(),
            where_,
            plan_id,
            item().key("principalIdDisplayName"),
        ));
        let differences = policy_differences(
            plan_e.just_in_time_access_policy(),
            e.just_in_time_access_policy(),
        );
        if !differences.is_empty() {
            found.push(Diagnostic::new(
                Rule::JustInTimePolicyDiffers,
                item().key("justInTimeAccessPolicy"),
                format!(
                    "{where_}: the just-in-time policy of principal {} with role {} differs from \
                     plan `{plan_id}`'s: {}",
                    e.principal_id(),
                    role_name(e.role_definition_id()),
                    differences.join(", ")
                ),
            ));
        }
    }
    for e in missing {
        found.push(Diagnostic::new(
            Rule::EligibleAuthorizationMissing,
            at.clone().key("eligibleAuthorizations"),
            format!(
                "{where_}: plan `{plan_id}` lets principal {} (\"{}\") activate role {} just \
                 in time, which Azure does not allow",
                e.principal_id(),
                e.principal_id_display_name(),
                role_name(e.role_definition_id())
            ),
        ));
    }
}

/// How a deployed just-in-time policy differs from the plan's, in words; empty when equal.
fn policy_differences(
    ours: &crate::plans::authorization::JustInTimeAccessPolicy,
    theirs: &GrantPolicy,
) -> Vec<String> {
    let mut differences = Vec::new();
    if ours.multi_factor_auth_provider() != theirs.multi_factor_auth_provider() {
        differences.push(format!(
            "multi-factor authentication {:?} instead of {:?}",
            theirs.multi_factor_auth_provider(),
            ours.multi_factor_auth_provider()
        ));
    }
    if ours.maximum_activation_duration() != theirs.maximum_activation_duration() {
        differences.push(format!(
            "activations of up to {} instead of {}",
            theirs.maximum_activation_duration(),
            ours.maximum_activation_duration()
        ));
    }
    let mut planned_approvers: Vec<PrincipalId> = ours
        .managed_by_tenant_approvers()
        .iter()
        .map(crate::plans::authorization::Approver::principal_id)
        .collect();
    let mut deployed_approvers: Vec<PrincipalId> = theirs
        .managed_by_tenant_approvers()
        .iter()
        .map(GrantApprover::principal_id)
        .collect();
    planned_approvers.sort_unstable();
    planned_approvers.dedup();
    deployed_approvers.sort_unstable();
    deployed_approvers.dedup();
    if planned_approvers != deployed_approvers {
        differences.push(format!(
            "{} approvers instead of the plan's {}",
            deployed_approvers.len(),
            planned_approvers.len()
        ));
    }
    differences
}

/// The finding when the roles a User Access Administrator may assign differ from the plan's.
fn assignable_roles_finding(
    deployed: &PermanentGrant,
    planned: &Authorization,
    where_: &str,
    plan_id: &PlanId,
    at: &dyn Fn() -> JsonPointer,
) -> Option<Diagnostic> {
    let mut theirs: Vec<RoleDefinitionId> = deployed.delegated_role_definition_ids().to_vec();
    let mut ours: Vec<RoleDefinitionId> = planned.delegated_role_definition_ids().to_vec();
    theirs.sort_unstable();
    theirs.dedup();
    ours.sort_unstable();
    ours.dedup();
    if theirs == ours {
        return None;
    }
    let names = |roles: &[RoleDefinitionId]| {
        if roles.is_empty() {
            "none".to_owned()
        } else {
            roles
                .iter()
                .map(|r| role_name(*r))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    Some(Diagnostic::new(
        Rule::AssignableRolesDiffer,
        at(),
        format!(
            "{where_}: principal {} may assign {} to managed identities in Azure, plan \
             `{plan_id}` says {}",
            deployed.principal_id(),
            names(&theirs),
            names(&ours)
        ),
    ))
}

fn quoted(name: Option<&str>) -> String {
    name.map(|n| format!(" ({n:?})")).unwrap_or_default()
}

/// The roles of the delegation that Azure Lighthouse does not accept today, judged by the
/// offer's role catalog, and those the catalog does not know: a GUID a digit or two from a
/// built-in role's is the typo error of every road (`role-guid-typo`), any other the warning
/// `unknown-role`, each with the catalog's own message and help.
fn roles_findings(
    found: &mut Vec<Diagnostic>,
    catalog: &RoleCatalog,
    grants: &Delegation,
    where_: &str,
) {
    let at = grants.path();
    let judge = |role: RoleDefinitionId, path: JsonPointer, found: &mut Vec<Diagnostic>| {
        let support = catalog.support(role);
        if matches!(
            support,
            RoleSupport::Supported | RoleSupport::AssignableRolesOnly
        ) {
            return;
        }
        let Some(d) = catalog.support_diagnostic(role, path.clone()) else {
            return;
        };
        let (rule, message) = if support == RoleSupport::Unknown {
            // The catalog's finding for a GUID it does not know, as every road has it: a typo
            // of a built-in role's GUID (an error naming the role, its help the GUID to write),
            // or an unknown role (a warning whose help names `--role-catalog`).
            let help = d.help().to_owned();
            found.push(
                Diagnostic::new(d.rule(), path, format!("{where_}: {}", d.message()))
                    .with_help(help),
            );
            return;
        } else if let RoleSupport::Unsupported(UnsupportedReason::DataActions) = support {
            // Refused since roles with data actions were (Log Analytics Contributor, 2025):
            // Azure accepted it when it was deployed.
            (
                Rule::RoleNoLongerSupported,
                format!(
                    "{}; Azure Lighthouse stopped accepting it after this delegation was \
                     deployed: the delegation keeps working, but cannot be deployed again as it is",
                    d.message()
                ),
            )
        } else {
            // Owner and the roles that can change access were never accepted in a delegation:
            // what the input says Azure holds is not what Azure would have deployed.
            (
                Rule::RoleNoLongerSupported,
                format!(
                    "{}; Azure Lighthouse has never accepted this role in a delegation, so \
                     Azure cannot have deployed it as the input shows: check that the input is \
                     Azure's own answer, unedited",
                    d.message()
                ),
            )
        };
        found.push(Diagnostic::new(rule, path, format!("{where_}: {message}")));
    };
    for (i, a) in grants.authorizations().iter().enumerate() {
        let item = at.clone().key("authorizations").index(i);
        judge(
            a.role_definition_id(),
            item.clone().key("roleDefinitionId"),
            found,
        );
        for (j, delegated) in a.delegated_role_definition_ids().iter().enumerate() {
            judge(
                *delegated,
                item.clone().key("delegatedRoleDefinitionIds").index(j),
                found,
            );
        }
    }
    for (i, e) in grants.eligible_authorizations().iter().enumerate() {
        judge(
            e.role_definition_id(),
            at.clone()
                .key("eligibleAuthorizations")
                .index(i)
                .key("roleDefinitionId"),
            found,
        );
    }
}
