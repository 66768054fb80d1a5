//! Comparing two manifests: authorizations and eligible authorizations paired by principal and
//! role, and each difference classified.

use super::{ChangeSide, PlanChanges, and_list, duration, or_list};
use crate::plans::authorization::Approver;
use crate::plans::authorization::Authorization;
use crate::plans::authorization::EligibleAuthorization;
use crate::plans::authorization::JustInTimeAccessPolicy;
use crate::plans::authorization::MultiFactorAuthProvider;
use crate::plans::manifest::Manifest;
use crate::plans::plan::Plan;
use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;
use crate::values::guid::PrincipalId;
use crate::values::guid::RoleDefinitionId;
use crate::values::text::DisplayName;
use std::collections::BTreeSet;

/// A permanent or eligible authorization, as far as matching goes.
pub(super) trait Grant {
    fn principal(&self) -> PrincipalId;
    fn display_name(&self) -> &DisplayName;
    fn role(&self) -> RoleDefinitionId;
}

impl Grant for Authorization {
    fn principal(&self) -> PrincipalId {
        self.principal_id()
    }
    fn display_name(&self) -> &DisplayName {
        self.principal_id_display_name()
    }
    fn role(&self) -> RoleDefinitionId {
        self.role_definition_id()
    }
}

impl Grant for EligibleAuthorization {
    fn principal(&self) -> PrincipalId {
        self.principal_id()
    }
    fn display_name(&self) -> &DisplayName {
        self.principal_id_display_name()
    }
    fn role(&self) -> RoleDefinitionId {
        self.role_definition_id()
    }
}

/// How an old and a new authorization correspond (indices into the old and new lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pairing {
    /// Same principal, same role.
    Same(usize, usize),
    /// Same principal, another role.
    RoleChanged(usize, usize),
    Added(usize),
    Removed(usize),
}

/// Pairs authorizations: same principal and role first, then the same principal in document
/// order; the rest is added or removed. Ordered by the new list, then the removed ones.
fn pair<T: Grant>(old: &[T], new: &[T]) -> Vec<Pairing> {
    let mut old_used = vec![false; old.len()];
    let mut matched: Vec<Option<Pairing>> = vec![None; new.len()];
    for (j, n) in new.iter().enumerate() {
        if let Some(i) = (0..old.len()).find(|&i| {
            !old_used[i] && old[i].principal() == n.principal() && old[i].role() == n.role()
        }) {
            old_used[i] = true;
            matched[j] = Some(Pairing::Same(i, j));
        }
    }
    for (j, n) in new.iter().enumerate() {
        if matched[j].is_some() {
            continue;
        }
        if let Some(i) =
            (0..old.len()).find(|&i| !old_used[i] && old[i].principal() == n.principal())
        {
            old_used[i] = true;
            matched[j] = Some(Pairing::RoleChanged(i, j));
        }
    }
    let mut pairs: Vec<Pairing> = matched
        .into_iter()
        .enumerate()
        .map(|(j, m)| m.unwrap_or(Pairing::Added(j)))
        .collect();
    pairs.extend(
        old_used
            .iter()
            .enumerate()
            .filter(|(_, used)| !**used)
            .map(|(i, _)| Pairing::Removed(i)),
    );
    pairs
}

/// A role by its name in the catalog, or its ID when the catalog does not know it.
fn role_name(catalog: &RoleCatalog, role: RoleDefinitionId) -> String {
    catalog
        .name(role)
        .unwrap_or_else(|| format!("{role} (not in the catalog)"))
}

/// `"Contoso SOC readers" (8e2d1c0b-…)`.
pub(super) fn who(grant: &impl Grant) -> String {
    format!(
        "{:?} ({})",
        grant.display_name().as_str(),
        grant.principal()
    )
}

/// A role, with the roles a User Access Administrator may assign.
fn role_phrase(catalog: &RoleCatalog, authorization: &Authorization) -> String {
    let role = role_name(catalog, authorization.role_definition_id());
    let assignable = authorization.delegated_role_definition_ids();
    if assignable.is_empty() {
        role
    } else {
        format!(
            "{role}, to assign {} to managed identities",
            and_list(assignable.iter().map(|r| role_name(catalog, *r)))
        )
    }
}

/// `for at most 4 hours, with multi-factor authentication, approved by "Contoso SOC leads"`.
fn policy_phrase(policy: &JustInTimeAccessPolicy) -> String {
    let mfa = match policy.multi_factor_auth_provider() {
        MultiFactorAuthProvider::Azure => "with multi-factor authentication",
        MultiFactorAuthProvider::None => "without multi-factor authentication",
    };
    let approvers = policy.managed_by_tenant_approvers();
    let approval = if approvers.is_empty() {
        "without approval".to_owned()
    } else {
        format!(
            "approved by {}",
            or_list(
                approvers
                    .iter()
                    .map(|a| format!("{:?}", a.principal_id_display_name().as_str()))
            )
        )
    };
    format!(
        "for at most {}, {mfa}, {approval}",
        duration(policy.maximum_activation_duration().minutes())
    )
}

/// Whether two policies say the same, whatever the order of their approvers.
fn same_policy(a: &JustInTimeAccessPolicy, b: &JustInTimeAccessPolicy) -> bool {
    let approvers = |p: &JustInTimeAccessPolicy| -> BTreeSet<(PrincipalId, String)> {
        p.managed_by_tenant_approvers()
            .iter()
            .map(|a: &Approver| {
                (
                    a.principal_id(),
                    a.principal_id_display_name().as_str().to_owned(),
                )
            })
            .collect()
    };
    a.multi_factor_auth_provider() == b.multi_factor_auth_provider()
        && a.maximum_activation_duration() == b.maximum_activation_duration()
        && approvers(a) == approvers(b)
}

pub(super) fn compare_manifests(old_plan: &Plan, new_plan: &Plan, changes: &mut PlanChanges<'_>) {
    let (old, new) = (old_plan.manifest(), new_plan.manifest());
    let at = JsonPointer::root().key("manifest");
    let before = changes.found.changes.len();
    if old.tenant_id() != new.tenant_id() {
        // A forbidden change: customers are never asked to review it.
        changes.add(
            Rule::TenantChanged,
            ChangeSide::New,
            &at.clone().key("tenantId"),
            format!(
                "the managing tenant is {} instead of {}; another managing tenant needs a new offer, published for customers to accept",
                new.tenant_id(),
                old.tenant_id()
            ),
        );
    }
    compare_authorizations(old, new, &at, changes);
    compare_eligible(old, new, &at, changes);
    let content_changed = changes.found.changes.len() > before;

    let version_at = at.key("version");
    let (from, to) = (old.version(), new.version());
    if to < from {
        changes.add(
            Rule::ManifestVersionLowered,
            ChangeSide::New,
            &version_at,
            format!(
                "manifest version went down from {from} to {to}; each new manifest of a plan needs a higher version than the last"
            ),
        );
    } else if to == from && content_changed {
        changes.add(
            Rule::ManifestChangedWithoutNewVersion,
            ChangeSide::New,
            &version_at,
            format!(
                "the manifest changed but its version stayed {from}; a changed manifest needs a version higher than {from}"
            ),
        );
    } else if to > from && !content_changed {
        changes.review(
            Rule::ManifestVersionRaised,
            ChangeSide::New,
            &version_at,
            format!(
                "manifest version raised from {from} to {to}, with the same tenant and authorizations"
            ),
            "A new version of the plan that changes no access.".to_owned(),
        );
    }
    if content_changed || to > from {
        let version = if to == from {
            format!("manifest version {to}")
        } else {
            format!("manifest version {from} to {to}")
        };
        let header = format!(
            "Plan {:?} ({}), {version}:",
            new_plan.title().as_str(),
            new_plan.plan_id()
        );
        changes
            .found
            .reviewed_plans
            .push((new_plan.plan_id().clone(), header));
    }
}

fn compare_authorizations(
    old: &Manifest,
    new: &Manifest,
    at: &JsonPointer,
    changes: &mut PlanChanges<'_>,
) {
    let (old, new) = (old.authorizations(), new.authorizations());
    let list = at.clone().key("authorizations");
    for pairing in pair(old, new) {
        match pairing {
            Pairing::Same(i, j) => {
                let (o, n) = (&old[i], &new[j]);
                let item = list.clone().index(j);
                renamed(o, n, &item, Rule::AuthorizationRenamed, "with", changes);
                let set = |a: &Authorization| -> BTreeSet<RoleDefinitionId> {
                    a.delegated_role_definition_ids().iter().copied().collect()
                };
                if set(o) != set(n) {
                    let roles = |a: &Authorization| {
                        and_list(
                            a.delegated_role_definition_ids()
                                .iter()
                                .map(|r| role_name(changes.roles, *r)),
                        )
                    };
                    changes.review(
                        Rule::AssignableRolesChanged,
                        ChangeSide::New,
                        &item.key("delegatedRoleDefinitionIds"),
                        format!(
                            "{} may assign {} to managed identities instead of {}",
                            who(n),
                            roles(n),
                            roles(o)
                        ),
                        format!(
                            "{} may now assign {} to managed identities (was: {}).",
                            who(n),
                            roles(n),
                            roles(o)
                        ),
                    );
                }
            }
            Pairing::RoleChanged(i, j) => {
                let (o, n) = (&old[i], &new[j]);
                let item = list.clone().index(j);
                changes.review(
                    Rule::AuthorizationRoleChanged,
                    ChangeSide::New,
                    &item.clone().key("roleDefinitionId"),
                    format!(
                        "{} gets the role {} instead of {}",
                        who(n),
                        role_phrase(changes.roles, n),
                        role_phrase(changes.roles, o)
                    ),
                    format!(
                        "{} loses the role {} and gains the role {}.",
                        who(n),
                        role_phrase(changes.roles, o),
                        role_phrase(changes.roles, n)
                    ),
                );
                renamed(o, n, &item, Rule::AuthorizationRenamed, "with", changes);
            }
            Pairing::Added(j) => {
                let n = &new[j];
                changes.review(
                    Rule::AuthorizationAdded,
                    ChangeSide::New,
                    &list.clone().index(j),
                    format!("{} gets the role {}", who(n), role_phrase(changes.roles, n)),
                    format!(
                        "{} gains the role {}.",
                        who(n),
                        role_phrase(changes.roles, n)
                    ),
                );
            }
            Pairing::Removed(i) => {
                let o = &old[i];
                changes.review(
                    Rule::AuthorizationRemoved,
                    ChangeSide::Old,
                    &list.clone().index(i),
                    format!(
                        "{} no longer gets the role {}",
                        who(o),
                        role_phrase(changes.roles, o)
                    ),
                    format!(
                        "{} loses the role {}.",
                        who(o),
                        role_phrase(changes.roles, o)
                    ),
                );
            }
        }
    }
}

/// A new display name for the same principal: `relation` is `with` (a permanent role) or
/// `eligible for`.
pub(super) fn renamed(
    old: &impl Grant,
    new: &impl Grant,
    item: &JsonPointer,
    rule: Rule,
    relation: &str,
    changes: &mut PlanChanges<'_>,
) {
    if old.display_name() == new.display_name() {
        return;
    }
    let (before, after) = (old.display_name().as_str(), new.display_name().as_str());
    let role_shown = role_name(changes.roles, new.role());
    changes.review(
        rule,
        ChangeSide::New,
        &item.clone().key("principalIdDisplayName"),
        format!(
            "principal {} {relation} the role {role_shown} is shown as {after:?} instead of {before:?}",
            new.principal()
        ),
        format!(
            "The principal {} {relation} the role {role_shown} is now shown as {after:?} (was {before:?}).",
            new.principal()
        ),
    );
}

fn compare_eligible(
    old: &Manifest,
    new: &Manifest,
    at: &JsonPointer,
    changes: &mut PlanChanges<'_>,
) {
    let (old, new) = (old.eligible_authorizations(), new.eligible_authorizations());
    let list = at.clone().key("eligibleAuthorizations");
    for pairing in pair(old, new) {
        match pairing {
            Pairing::Same(i, j) | Pairing::RoleChanged(i, j) => {
                let (o, n) = (&old[i], &new[j]);
                let item = list.clone().index(j);
                let (before, after) = (
                    role_name(changes.roles, o.role()),
                    role_name(changes.roles, n.role()),
                );
                if matches!(pairing, Pairing::RoleChanged(..)) {
                    changes.review(
                        Rule::EligibleAuthorizationRoleChanged,
                        ChangeSide::New,
                        &item.clone().key("roleDefinitionId"),
                        format!(
                            "{} may activate the role {after} just in time instead of {before}",
                            who(n)
                        ),
                        format!(
                            "{} may now activate the role {after} just in time, instead of {before}.",
                            who(n)
                        ),
                    );
                }
                renamed(
                    o,
                    n,
                    &item,
                    Rule::EligibleAuthorizationRenamed,
                    "eligible for",
                    changes,
                );
                let (policy_before, policy_after) = (
                    o.just_in_time_access_policy(),
                    n.just_in_time_access_policy(),
                );
                if !same_policy(policy_before, policy_after) {
                    changes.review(
                        Rule::EligiblePolicyChanged,
                        ChangeSide::New,
                        &item.key("justInTimeAccessPolicy"),
                        format!(
                            "{} may activate the role {after} {} instead of {}",
                            who(n),
                            policy_phrase(policy_after),
                            policy_phrase(policy_before)
                        ),
                        format!(
                            "{} may now activate the role {after} {} (was: {}).",
                            who(n),
                            policy_phrase(policy_after),
                            policy_phrase(policy_before)
                        ),
                    );
                }
            }
            Pairing::Added(j) => {
                let n = &new[j];
                let role = role_name(changes.roles, n.role());
                let policy = policy_phrase(n.just_in_time_access_policy());
                changes.review(
                    Rule::EligibleAuthorizationAdded,
                    ChangeSide::New,
                    &list.clone().index(j),
                    format!(
                        "{} may activate the role {role} just in time, {policy}",
                        who(n)
                    ),
                    format!(
                        "{} may now activate the role {role} just in time, {policy}.",
                        who(n)
                    ),
                );
            }
            Pairing::Removed(i) => {
                let o = &old[i];
                let role = role_name(changes.roles, o.role());
                changes.review(
                    Rule::EligibleAuthorizationRemoved,
                    ChangeSide::Old,
                    &list.clone().index(i),
                    format!(
                        "{} may no longer activate the role {role} just in time",
                        who(o)
                    ),
                    format!(
                        "{} may no longer activate the role {role} just in time.",
                        who(o)
                    ),
                );
            }
        }
    }
}
