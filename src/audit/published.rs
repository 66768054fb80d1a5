//! Published plans verified: what Azure holds for a plan after a Marketplace publication,
//! compared with the offer document.
//!
//! When Partner Center publishes a version of a plan, Azure makes a **marketplace registration
//! definition** of it (`Microsoft.ManagedServices/marketplaceRegistrationDefinitions`): what a
//! customer who buys that version delegates. Any customer subscription of the offer can read it
//! (REST API 2022-10-01, `MarketplaceRegistrationDefinitions_List`):
//!
//! ```text
//! GET /subscriptions/{id}/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions
//!     ?api-version=2022-10-01&$filter=planIdentifier eq '{publisher}.{offer}.{plan}.{version}'
//! ```
//!
//! (Azure/azure-rest-api-specs, `specification/managedservices/…/stable/2022-10-01/managedservices.json`
//! and its example `GetMarketplaceRegistrationDefinitionsAtTenantScope.json`, read 2026-12-06.)
//! [`marketplace_identifier`] builds the identifier from the document; [`verify_published`]
//! holds the answer ([`Deployed`], read from a saved file or live) against the plan. What
//! differs is a finding of `LO1017`–`LO1022`, at its place in the answer:
//!
//! | rule | what differs |
//! |---|---|
//! | `plan-not-published` ([`plan_not_published`]) | Azure holds nothing for the plan's version |
//! | `published-version-differs` | Azure holds the plan in other versions only |
//! | `published-tenant-differs` | the managing tenant |
//! | `published-authorization-differs` | a permanent authorization (principal and role), its roles to assign |
//! | `published-eligible-differs` | an eligible authorization, its just-in-time policy |
//! | `published-name-differs` (warning) | a display name, the plan's title, the offer's name |
//!
//! ```
//! use lighthouse_offer::Offer;
//! use lighthouse_offer::audit::{Deployed, published};
//!
//! let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json")?;
//! let offer = Offer::from_json_str(&text)?.into_parts().0;
//! let gold = &offer.plans()[0];
//! assert_eq!(published::marketplace_identifier(&offer, gold), "contoso.contoso-managed-sentinel.gold.1.2.0");
//! // An answer that holds nothing for the plan.
//! let answer = Deployed::from_json_str(r#"{ "value": [] }"#)?;
//! assert!(published::verify_published(&offer, gold, &answer).is_none());
//! assert_eq!(published::plan_not_published(&offer, gold, "Azure answered an empty list").name(), "plan-not-published");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::audit::deployed::{
    Deployed, DeployedResource, MarketplaceRegistrationDefinition, PlanReference,
};
use crate::delegation::record::{Delegation, EligibleGrant, PermanentGrant};
use crate::offers::offer::Offer;
use crate::plans::authorization::{Authorization, EligibleAuthorization};
use crate::plans::plan::Plan;
use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;

/// The Marketplace identifier of a plan's version: `{publisher}.{offer}.{plan}.{version}`, as
/// `$filter=planIdentifier eq '…'` and the marketplace definition's `name` write it.
#[must_use]
pub fn marketplace_identifier(offer: &Offer, plan: &Plan) -> String {
    format!(
        "{}.{}.{}.{}",
        offer.publisher_id().as_str(),
        offer.offer_id().as_str(),
        plan.plan_id().as_str(),
        plan.manifest().version()
    )
}

/// `plan-not-published`, placed at the plan in the offer document (`/plans/N`); `how` says
/// what Azure answered.
#[must_use]
pub fn plan_not_published(offer: &Offer, plan: &Plan, how: &str) -> Diagnostic {
    let index = offer
        .plans()
        .iter()
        .position(|p| p.plan_id() == plan.plan_id())
        .unwrap_or_default();
    Diagnostic::new(
        Rule::PlanNotPublished,
        JsonPointer::root().key("plans").index(index),
        format!(
            "plan {} version {} is not published: Azure holds no marketplace registration definition `{}` ({how})",
            plan.plan_id().as_str(),
            plan.manifest().version(),
            marketplace_identifier(offer, plan)
        ),
    )
}

/// The marketplace definitions of `answer` that are of `plan` (publisher, offer and plan ID,
/// compared without regard to case).
fn of_plan<'a>(
    offer: &Offer,
    plan: &Plan,
    answer: &'a Deployed,
) -> Vec<&'a MarketplaceRegistrationDefinition> {
    answer
        .resources()
        .iter()
        .filter_map(|r| match r {
            DeployedResource::Marketplace(m) => Some(m),
            _ => None,
        })
        .filter(|m| {
            m.plan().is_some_and(|p| {
                p.publisher()
                    .eq_ignore_ascii_case(offer.publisher_id().as_str())
                    && p.product().eq_ignore_ascii_case(offer.offer_id().as_str())
                    && p.name().eq_ignore_ascii_case(plan.plan_id().as_str())
            })
        })
        .collect()
}

/// What Azure publishes for `plan` in `answer`, held against the document: the findings
/// (empty when they agree), or `None` when `answer` holds no marketplace definition of the plan
/// (see [`plan_not_published`]). The definition of the document's version is compared; when
/// Azure holds only other versions, the first is compared and `published-version-differs` says
/// so.
#[must_use]
pub fn verify_published(offer: &Offer, plan: &Plan, answer: &Deployed) -> Option<Vec<Diagnostic>> {
    let found = of_plan(offer, plan, answer);
    let version = plan.manifest().version().to_string();
    let same = found
        .iter()
        .find(|m| m.plan().is_some_and(|p| p.version() == version));
    let mut out = Vec::new();
    let published = if let Some(m) = same {
        *m
    } else {
        let first = *found.first()?;
        let versions: Vec<&str> = found
            .iter()
            .filter_map(|m| m.plan().map(PlanReference::version))
            .collect();
        out.push(Diagnostic::new(
            Rule::PublishedVersionDiffers,
            first.path().clone().key("plan").key("version"),
            format!(
                "plan {} is published in version {}, the document's manifest is version {version}",
                plan.plan_id().as_str(),
                versions.join(", ")
            ),
        ));
        first
    };
    compare(offer, plan, published, &mut out);
    Some(out)
}

/// The differences between the document's plan and one marketplace definition.
fn compare(
    offer: &Offer,
    plan: &Plan,
    published: &MarketplaceRegistrationDefinition,
    out: &mut Vec<Diagnostic>,
) {
    let id = plan.plan_id().as_str();
    let at = published.path().clone();
    let properties = at.clone().key("properties");
    let manifest = plan.manifest();
    let grants = published.grants();
    if grants.managed_by_tenant_id() != manifest.tenant_id() {
        out.push(Diagnostic::new(
            Rule::PublishedTenantDiffers,
            properties.clone().key("managedByTenantId"),
            format!(
                "plan {id} is published for managing tenant {}, the document's manifest names {}",
                grants.managed_by_tenant_id(),
                manifest.tenant_id()
            ),
        ));
    }
    let mut names = |at: JsonPointer, what: String, azure: &str, ours: &str| {
        if azure != ours {
            out.push(Diagnostic::new(
                Rule::PublishedNameDiffers,
                at,
                format!("plan {id}: {what} is published as {azure:?}, the document says {ours:?}"),
            ));
        }
    };
    if let Some(title) = published.plan_display_name() {
        names(
            properties.clone().key("planDisplayName"),
            "the plan's title".into(),
            title,
            plan.title().as_str(),
        );
    }
    if let Some(name) = published.offer_display_name() {
        names(
            properties.clone().key("offerDisplayName"),
            "the offer's name".into(),
            name,
            offer.name().as_str(),
        );
    }
    permanent(id, manifest.authorizations(), grants, &properties, out);
    eligible(
        id,
        manifest.eligible_authorizations(),
        grants,
        &properties,
        out,
    );
}

fn role_list(roles: &[crate::values::guid::RoleDefinitionId]) -> String {
    let mut ids: Vec<String> = roles.iter().map(ToString::to_string).collect();
    ids.sort();
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}

fn permanent(
    id: &str,
    ours: &[Authorization],
    azure: &Delegation,
    properties: &JsonPointer,
    out: &mut Vec<Diagnostic>,
) {
    let same = |a: &Authorization, g: &PermanentGrant| {
        a.principal_id() == g.principal_id() && a.role_definition_id() == g.role_definition_id()
    };
    for grant in azure.authorizations() {
        let Some(a) = ours.iter().find(|a| same(a, grant)) else {
            out.push(Diagnostic::new(
                Rule::PublishedAuthorizationDiffers,
                grant.at().clone(),
                format!(
                    "plan {id} is published with principal {} holding role {}, which the document's manifest does not grant",
                    grant.principal_id(),
                    grant.role_definition_id()
                ),
            ));
            continue;
        };
        let mut theirs = grant.delegated_role_definition_ids().to_vec();
        let mut mine = a.delegated_role_definition_ids().to_vec();
        theirs.sort();
        mine.sort();
        if theirs != mine {
            out.push(Diagnostic::new(
                Rule::PublishedAuthorizationDiffers,
                grant.at().clone().key("delegatedRoleDefinitionIds"),
                format!(
                    "plan {id}: principal {} may assign roles {} as published, {} in the document",
                    grant.principal_id(),
                    role_list(&theirs),
                    role_list(&mine)
                ),
            ));
        }
        let name = a.principal_id_display_name().as_str();
        if grant.principal_id_display_name().is_some_and(|n| n != name) {
            out.push(Diagnostic::new(
                Rule::PublishedNameDiffers,
                grant.at().clone().key("principalIdDisplayName"),
                format!(
                    "plan {id}: principal {} is published as {:?}, the document says {name:?}",
                    grant.principal_id(),
                    grant.principal_id_display_name().unwrap_or_default()
                ),
            ));
        }
    }
    for a in ours {
        if !azure.authorizations().iter().any(|g| same(a, g)) {
            out.push(Diagnostic::new(
                Rule::PublishedAuthorizationDiffers,
                properties.clone().key("authorizations"),
                format!(
                    "plan {id} is published without the document's authorization of principal {} ({}) with role {}",
                    a.principal_id(),
                    a.principal_id_display_name().as_str(),
                    a.role_definition_id()
                ),
            ));
        }
    }
}

fn eligible(
    id: &str,
    ours: &[EligibleAuthorization],
    azure: &Delegation,
    properties: &JsonPointer,
    out: &mut Vec<Diagnostic>,
) {
    let same = |e: &EligibleAuthorization, g: &EligibleGrant| {
        e.principal_id() == g.principal_id() && e.role_definition_id() == g.role_definition_id()
    };
    for grant in azure.eligible_authorizations() {
        let Some(e) = ours.iter().find(|e| same(e, grant)) else {
            out.push(Diagnostic::new(
                Rule::PublishedEligibleDiffers,
                grant.at().clone(),
                format!(
                    "plan {id} is published with principal {} eligible for role {}, which the document's manifest does not make eligible",
                    grant.principal_id(),
                    grant.role_definition_id()
                ),
            ));
            continue;
        };
        let theirs = grant.just_in_time_access_policy();
        let mine = e.just_in_time_access_policy();
        let mut differs = Vec::new();
        if theirs.multi_factor_auth_provider() != mine.multi_factor_auth_provider() {
            differs.push(format!(
                "multi-factor authentication {:?} as published, {:?} in the document",
                theirs.multi_factor_auth_provider(),
                mine.multi_factor_auth_provider()
            ));
        }
        if theirs.maximum_activation_duration() != mine.maximum_activation_duration() {
            differs.push(format!(
                "at most {} minutes of activation as published, {} in the document",
                theirs.maximum_activation_duration().minutes(),
                mine.maximum_activation_duration().minutes()
            ));
        }
        let mut approvers: Vec<String> = theirs
            .managed_by_tenant_approvers()
            .iter()
            .map(|a| a.principal_id().to_string())
            .collect();
        let mut wanted: Vec<String> = mine
            .managed_by_tenant_approvers()
            .iter()
            .map(|a| a.principal_id().to_string())
            .collect();
        approvers.sort();
        wanted.sort();
        if approvers != wanted {
            differs.push(format!(
                "approvers {} as published, {} in the document",
                if approvers.is_empty() {
                    "none".to_owned()
                } else {
                    approvers.join(", ")
                },
                if wanted.is_empty() {
                    "none".to_owned()
                } else {
                    wanted.join(", ")
                }
            ));
        }
        if !differs.is_empty() {
            out.push(Diagnostic::new(
                Rule::PublishedEligibleDiffers,
                grant.at().clone().key("justInTimeAccessPolicy"),
                format!(
                    "plan {id}: the just-in-time policy of principal {} (role {}) differs: {}",
                    grant.principal_id(),
                    grant.role_definition_id(),
                    differs.join("; ")
                ),
            ));
        }
        let name = e.principal_id_display_name().as_str();
        if grant.principal_id_display_name().is_some_and(|n| n != name) {
            out.push(Diagnostic::new(
                Rule::PublishedNameDiffers,
                grant.at().clone().key("principalIdDisplayName"),
                format!(
                    "plan {id}: eligible principal {} is published as {:?}, the document says {name:?}",
                    grant.principal_id(),
                    grant.principal_id_display_name().unwrap_or_default()
                ),
            ));
        }
    }
    for e in ours {
        if !azure.eligible_authorizations().iter().any(|g| same(e, g)) {
            out.push(Diagnostic::new(
                Rule::PublishedEligibleDiffers,
                properties.clone().key("eligibleAuthorizations"),
                format!(
                    "plan {id} is published without the document's eligible authorization of principal {} ({}) for role {}",
                    e.principal_id(),
                    e.principal_id_display_name().as_str(),
                    e.role_definition_id()
                ),
            ));
        }
    }
}
