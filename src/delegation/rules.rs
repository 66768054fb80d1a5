//! The role rules of a delegation, as pure functions of the values and the role catalog they
//! are given: every reader (Partner Center's plan model, ARM files, and through ARM, Bicep)
//! calls them with the values it read, so that the same roles get the same findings, with the
//! same messages, on every road.

use crate::document::json::Value;

use crate::delegation::record::Delegation;
use crate::report::diagnostic::{Diagnostic, JsonPointer, Severity};
use crate::report::rules::Rule;
use crate::roles::{RoleCatalog, RoleSupport, UnsupportedReason};
use crate::values::guid::{PrincipalId, RoleDefinitionId};

/// The role that lets the managing tenant remove its own delegation.
const DELETE_ROLE: RoleDefinitionId =
    RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE;

/// How a grant uses a role; the rules differ a little.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RoleUse {
    Permanent,
    Eligible,
    Assignable,
}

/// The problem with using `role` this way, if there is one. Unknown roles are not errors here
/// but for a typo of a built-in role's GUID; they are warnings ([`unknown_role_warning`]). The path is built only for a problem.
fn role_problem(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
    used: RoleUse,
    path: impl Fn() -> JsonPointer,
) -> Option<Diagnostic> {
    let support = catalog.support(role);
    if support == RoleSupport::Unknown {
        // A GUID a digit or two from a built-in role's is a typo: an error. Any other unknown
        // role is a warning (`unknown_role_warning`).
        return crate::roles::typo_diagnostic(role, path);
    }
    let owner_or_uaa = matches!(
        support,
        RoleSupport::AssignableRolesOnly | RoleSupport::Unsupported(UnsupportedReason::Owner)
    );
    let name = || {
        catalog
            .name(role)
            .map_or_else(|| role.to_string(), |name| format!("\"{name}\" ({role})"))
    };
    match used {
        RoleUse::Eligible if owner_or_uaa => Some(Diagnostic::new(
            Rule::UnsupportedEligibleRole,
            path(),
            format!(
                "role {} cannot be used in an eligible authorization; expected a supported built-in role other than Owner and User Access Administrator",
                name()
            ),
        )),
        RoleUse::Permanent | RoleUse::Eligible => support
            .rule()
            .and_then(|_| catalog.support_diagnostic(role, path())),
        RoleUse::Assignable if owner_or_uaa => Some(Diagnostic::new(
            Rule::UnsupportedAssignableRole,
            path(),
            format!(
                "role {} cannot be assigned by a delegated User Access Administrator; expected a supported built-in role such as Contributor",
                name()
            ),
        )),
        // Contested: a warning (`assignable_role_warning`), not an error.
        RoleUse::Assignable
            if support == RoleSupport::Unsupported(UnsupportedReason::DataActions) =>
        {
            None
        }
        RoleUse::Assignable => support
            .rule()
            .and_then(|_| catalog.support_diagnostic(role, path()))
            .map(|d| Diagnostic::new(Rule::UnsupportedAssignableRole, path(), d.message())),
    }
}

/// The warning for a role with data actions among the roles User Access Administrator may
/// assign (`data-actions-assignable-role`, a contested rule: see its explanation); the path is
/// built only for it.
pub(crate) fn assignable_role_warning(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
    path: impl FnOnce() -> JsonPointer,
) -> Option<Diagnostic> {
    if catalog.support(role) != RoleSupport::Unsupported(UnsupportedReason::DataActions) {
        return None;
    }
    let name = role.built_in().map_or_else(
        || role.to_string(),
        |r| format!("\"{}\" ({role})", r.name().trim()),
    );
    Some(Diagnostic::new(
        Rule::DataActionsAssignableRole,
        path(),
        format!(
            "role {name} has data actions in the role catalog; Azure Lighthouse does not support such roles, and the resource provider has refused one in a registration definition, but whether it refuses them among the roles to assign to managed identities is not established; prefer a role without data actions"
        ),
    ))
}

/// The warning for a role that the catalog does not know; the path is built only for it.
pub(crate) fn unknown_role_warning(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
    path: impl FnOnce() -> JsonPointer,
) -> Option<Diagnostic> {
    if catalog.support(role) == RoleSupport::Unknown {
        // A typo is an error of `role_problem`, not this warning.
        catalog
            .support_diagnostic(role, path())
            .filter(|found| found.rule() == Rule::UnknownRole)
    } else {
        None
    }
}

/// The errors of a permanent grant's roles, paths relative to the grant: the role itself, and
/// the assignable roles that User Access Administrator needs and no other role may have.
pub(crate) fn permanent_role_problems(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
    assignable: &[RoleDefinitionId],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(role_problem(catalog, role, RoleUse::Permanent, || {
        JsonPointer::root().key("roleDefinitionId")
    }));
    let list = || JsonPointer::root().key("delegatedRoleDefinitionIds");
    let is_uaa = catalog.support(role) == RoleSupport::AssignableRolesOnly;
    if is_uaa && assignable.is_empty() {
        found.push(Diagnostic::new(
            Rule::MissingAssignableRoles,
            JsonPointer::root(),
            "role User Access Administrator needs at least one role in `delegatedRoleDefinitionIds`, the roles it may assign to managed identities",
        ));
    }
    if !is_uaa && !assignable.is_empty() {
        found.push(Diagnostic::new(
            Rule::AssignableRolesIgnored,
            list(),
            "`delegatedRoleDefinitionIds` has an effect only with role User Access Administrator; remove it or change the role",
        ));
    }
    // In the order of the later index, as the loop goes.
    let mut repeats = crate::document::decode::repeats_by(assignable, |id| *id)
        .into_iter()
        .peekable();
    for (i, id) in assignable.iter().enumerate() {
        let at = || list().index(i);
        if let Some((_, first)) = repeats.next_if(|(again, _)| *again == i) {
            found.push(Diagnostic::new(
                Rule::DuplicateItem,
                at(),
                format!("role {id} is listed twice, first at index {first}"),
            ));
        } else {
            found.extend(role_problem(catalog, *id, RoleUse::Assignable, at));
        }
    }
    found
}

/// The warnings of a permanent grant's roles, paths relative to the grant: roles the catalog
/// does not know, and roles with data actions among the assignable ones.
pub(crate) fn permanent_role_warnings(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
    assignable: &[RoleDefinitionId],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(unknown_role_warning(catalog, role, || {
        JsonPointer::root().key("roleDefinitionId")
    }));
    for (j, r) in assignable.iter().enumerate() {
        let place = || {
            JsonPointer::root()
                .key("delegatedRoleDefinitionIds")
                .index(j)
        };
        found.extend(unknown_role_warning(catalog, *r, place));
        found.extend(assignable_role_warning(catalog, *r, place));
    }
    found
}

/// The error of an eligible grant's role, path relative to the grant: it is supported, and
/// neither Owner nor User Access Administrator.
pub(crate) fn eligible_role_problem(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
) -> Option<Diagnostic> {
    role_problem(catalog, role, RoleUse::Eligible, || {
        JsonPointer::root().key("roleDefinitionId")
    })
}

/// The warning of an eligible grant's role the catalog does not know, path relative to the
/// grant.
pub(crate) fn eligible_role_warning(
    catalog: &RoleCatalog,
    role: RoleDefinitionId,
) -> Option<Diagnostic> {
    unknown_role_warning(catalog, role, || {
        JsonPointer::root().key("roleDefinitionId")
    })
}

/// The warning for an eligible principal without a permanent grant, at `at`.
pub(crate) fn without_permanent_warning(
    at: JsonPointer,
    principal: PrincipalId,
    name: Option<&str>,
) -> Diagnostic {
    let named = name.map_or_else(String::new, |name| format!(" (\"{name}\")"));
    Diagnostic::new(
        Rule::EligibleWithoutPermanentAuthorization,
        at,
        format!(
            "eligible principal {principal}{named} has no permanent authorization in this plan, so it can't elevate its role in the Azure portal; add a permanent authorization for it with Reader access, such as Reader"
        ),
    )
}

/// The warning for an eligible principal that is its own only approver (`only_approver`: the
/// approver, when the policy names exactly one), at the approvers of the eligible grant at `at`.
pub(crate) fn own_approver_warning(
    at: impl FnOnce() -> JsonPointer,
    principal: PrincipalId,
    only_approver: Option<PrincipalId>,
) -> Option<Diagnostic> {
    // The all-zero GUID is a placeholder (reported as such), not a principal.
    if only_approver == Some(principal) && !principal.is_nil() {
        Some(Diagnostic::new(
            Rule::EligiblePrincipalIsOnlyApprover,
            at().key("justInTimeAccessPolicy")
                .key("managedByTenantApprovers"),
            format!(
                "the only approver of eligible principal {principal} is the principal itself, and approvers can't approve their own access; add another approver"
            ),
        ))
    } else {
        None
    }
}

/// Eligible grants that share a role with an earlier one but not its policy, paths relative to
/// the delegation (`/eligibleAuthorizations/1/justInTimeAccessPolicy`).
pub(crate) fn policy_mismatches<'a, T, P: PartialEq + ?Sized + 'a>(
    eligible: &'a [T],
    role: impl Fn(&'a T) -> RoleDefinitionId,
    policy: impl Fn(&'a T) -> &'a P,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, first) in crate::document::decode::repeats_by(eligible, &role) {
        let e = &eligible[i];
        if policy(&eligible[first]) != policy(e) {
            found.push(Diagnostic::new(
                Rule::EligiblePolicyMismatch,
                JsonPointer::root()
                    .key("eligibleAuthorizations")
                    .index(i)
                    .key("justInTimeAccessPolicy"),
                format!(
                    "eligible authorizations with role {} must share one just-in-time access policy, but this one differs from the policy at index {first}",
                    role(e)
                ),
            ));
        }
    }
    found
}

/// The warning of a delegation without the delete role, path relative to the delegation.
pub(crate) fn missing_delete_role() -> Diagnostic {
    Diagnostic::new(
        Rule::MissingDeleteRole,
        JsonPointer::root().key("authorizations"),
        "no authorization holds the Managed Services Registration assignment Delete Role (91c1777a-f3dc-4fae-b103-61d183457e46), so only the customer can remove this delegation",
    )
}

/// The delete-role warning of a delegation that could not be read, judged from the document's
/// value itself (path relative to the delegation): one with another error still gets the
/// warning that must not go missing. Nothing when `authorizations` is not a list, or when one of
/// its roles is not a GUID (it might be the delete role, misspelt).
pub(crate) fn unread_manifest_warnings(manifest: &Value) -> Option<Diagnostic> {
    let authorizations = manifest.get("authorizations")?.as_array()?;
    let mut roles = authorizations
        .iter()
        .filter_map(|a| a.get("roleDefinitionId")?.as_str());
    let mut any_unreadable = false;
    let has_delete_role = roles.any(|role| {
        if let Ok(id) = RoleDefinitionId::new(role) {
            id == DELETE_ROLE
        } else {
            any_unreadable = true;
            false
        }
    });
    (!has_delete_role && !any_unreadable).then(missing_delete_role)
}

/// The warnings of the grants of a delegation that could not be read, judged from the
/// document's value itself (paths relative to the delegation), so that they come in the same run
/// as the delegation's errors, not after they are fixed: roles the catalog does not know, roles
/// with data actions among the assignable ones, an eligible principal without a permanent grant
/// (when every permanent principal could be read) or that is its own only approver. A grant's
/// value that is not a GUID gives no warning (its error says what is wrong); the delete role is
/// [`unread_manifest_warnings`]'.
pub(crate) fn unread_grant_warnings(catalog: &RoleCatalog, manifest: &Value) -> Vec<Diagnostic> {
    fn items<'v, 't>(manifest: &'v Value<'t>, key: &str) -> &'v [Value<'t>] {
        manifest
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    }
    fn text<'v>(item: &'v Value<'_>, key: &str) -> Option<&'v str> {
        item.get(key).and_then(Value::as_str)
    }
    let role = |item: &Value<'_>| RoleDefinitionId::new(text(item, "roleDefinitionId")?).ok();
    let principal = |item: &Value<'_>| PrincipalId::new(text(item, "principalId")?).ok();
    let mut found = Vec::new();
    let mut permanent = Some(Vec::new());
    for (i, item) in items(manifest, "authorizations").iter().enumerate() {
        let at = JsonPointer::root().key("authorizations").index(i);
        match (principal(item), permanent.as_mut()) {
            (Some(id), Some(list)) => list.push(id),
            _ => permanent = None,
        }
        let Some(role) = role(item) else { continue };
        let assignable: Vec<RoleDefinitionId> = item
            .get("delegatedRoleDefinitionIds")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|r| RoleDefinitionId::new(r.as_str()?).ok())
                    .collect()
            })
            .unwrap_or_default();
        found.extend(
            permanent_role_warnings(catalog, role, &assignable)
                .into_iter()
                .map(|d| d.under(&at)),
        );
    }
    let mut without_permanent = Vec::new();
    for (i, item) in items(manifest, "eligibleAuthorizations").iter().enumerate() {
        let at = JsonPointer::root().key("eligibleAuthorizations").index(i);
        if let Some(role) = role(item) {
            found.extend(eligible_role_warning(catalog, role).map(|d| d.under(&at)));
        }
        let Some(id) = principal(item) else { continue };
        if let Some(permanent) = &permanent
            && !permanent.contains(&id)
            && !without_permanent.contains(&id)
        {
            without_permanent.push(id);
            found.push(without_permanent_warning(
                at.clone().key("principalId"),
                id,
                text(item, "principalIdDisplayName"),
            ));
        }
        let only = match item
            .pointer("/justInTimeAccessPolicy/managedByTenantApprovers")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            Some([only]) => principal(only),
            _ => None,
        };
        found.extend(own_approver_warning(|| at.clone(), id, only));
    }
    found
}

/// Every finding of the role rules about a delegation, judged with `catalog`, at the places its
/// grants were written: errors (a role Azure Lighthouse does not delegate, User Access
/// Administrator without assignable roles or assignable roles without it, an eligible Owner or
/// User Access Administrator, eligible grants of one role with different policies) and warnings
/// (`missing-delete-role`, `unknown-role`, `data-actions-assignable-role`,
/// `eligible-without-permanent-authorization`, `eligible-principal-is-only-approver`).
///
/// ```
/// use lighthouse_offer::{JsonPointer, RoleDefinitionId, TenantId};
/// use lighthouse_offer::delegation::{Delegation, PermanentGrant, judge};
/// use lighthouse_offer::roles::RoleCatalog;
///
/// let tenant: TenantId = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
/// let owner = PermanentGrant::new(
///     "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?,
///     None,
///     RoleDefinitionId::OWNER,
///     Vec::new(),
///     JsonPointer::root().key("authorizations").index(0),
/// );
/// let delegation = Delegation::new(tenant, None, vec![owner], Vec::new(), JsonPointer::root());
/// let found: Vec<_> = judge(&RoleCatalog::bundled(), &delegation)
///     .iter()
///     .map(|d| (d.name(), d.path().to_string()))
///     .collect();
/// assert_eq!(found, [
///     ("missing-delete-role", "/authorizations".to_owned()),
///     ("owner-role", "/authorizations/0/roleDefinitionId".to_owned()),
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn judge(catalog: &RoleCatalog, delegation: &Delegation) -> Vec<Diagnostic> {
    let (permanent, eligible) = (
        delegation.authorizations(),
        delegation.eligible_authorizations(),
    );
    judge_grants(
        catalog,
        delegation.path(),
        (permanent, |i| permanent[i].at().clone()),
        (eligible, |i| eligible[i].at().clone()),
    )
}

/// A permanent grant as the role rules read it, borrowed from the record that holds it (the
/// delegation's record, or a plan's own authorization, which needs no record built to be judged).
pub(crate) trait PermanentRoles {
    /// The principal's object ID.
    fn principal(&self) -> PrincipalId;
    /// The role granted.
    fn role(&self) -> RoleDefinitionId;
    /// The roles the principal may assign (User Access Administrator).
    fn assignable(&self) -> &[RoleDefinitionId];
}

/// An eligible grant as the role rules read it, borrowed (see [`PermanentRoles`]).
pub(crate) trait EligibleRoles {
    /// Its just-in-time access policy, compared between grants of one role.
    type Policy: PartialEq;
    /// The principal's object ID.
    fn principal(&self) -> PrincipalId;
    /// The principal's display name, if its source gives one.
    fn display_name(&self) -> Option<&str>;
    /// The role granted.
    fn role(&self) -> RoleDefinitionId;
    /// The approver's object ID when there is exactly one.
    fn only_approver(&self) -> Option<PrincipalId>;
    /// The just-in-time access policy.
    fn policy(&self) -> &Self::Policy;
}

impl PermanentRoles for super::record::PermanentGrant {
    fn principal(&self) -> PrincipalId {
        self.principal_id()
    }
    fn role(&self) -> RoleDefinitionId {
        self.role_definition_id()
    }
    fn assignable(&self) -> &[RoleDefinitionId] {
        self.delegated_role_definition_ids()
    }
}

impl EligibleRoles for super::record::EligibleGrant {
    type Policy = super::record::GrantPolicy;
    fn principal(&self) -> PrincipalId {
        self.principal_id()
    }
    fn display_name(&self) -> Option<&str> {
        self.principal_id_display_name()
    }
    fn role(&self) -> RoleDefinitionId {
        self.role_definition_id()
    }
    fn only_approver(&self) -> Option<PrincipalId> {
        match self
            .just_in_time_access_policy()
            .managed_by_tenant_approvers()
        {
            [only] => Some(only.principal_id()),
            _ => None,
        }
    }
    fn policy(&self) -> &Self::Policy {
        self.just_in_time_access_policy()
    }
}

/// [`judge`] of borrowed grants: the permanent and the eligible ones, each with where the one at
/// an index was written, a pointer built only for a grant with a finding; `root` is where the
/// delegation was written.
pub(crate) fn judge_grants<P: PermanentRoles, E: EligibleRoles>(
    catalog: &RoleCatalog,
    root: &JsonPointer,
    (permanent, permanent_at): (&[P], impl Fn(usize) -> JsonPointer),
    (eligible, eligible_at): (&[E], impl Fn(usize) -> JsonPointer),
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !permanent.iter().any(|a| a.role() == DELETE_ROLE) {
        found.push(missing_delete_role().under(root));
    }
    for (i, a) in permanent.iter().enumerate() {
        let (role, assignable) = (a.role(), a.assignable());
        let mut here = permanent_role_problems(catalog, role, assignable);
        here.extend(permanent_role_warnings(catalog, role, assignable));
        if !here.is_empty() {
            let at = permanent_at(i);
            found.extend(here.into_iter().map(|d| d.under(&at)));
        }
    }
    let mut without_permanent = Vec::new();
    for (i, e) in eligible.iter().enumerate() {
        let role = e.role();
        let warning = eligible_role_warning(catalog, role);
        let problem = eligible_role_problem(catalog, role);
        if warning.is_some() || problem.is_some() {
            let at = eligible_at(i);
            found.extend(warning.into_iter().chain(problem).map(|d| d.under(&at)));
        }
        let principal = e.principal();
        if !without_permanent.contains(&principal)
            && !permanent.iter().any(|a| a.principal() == principal)
        {
            without_permanent.push(principal);
            found.push(without_permanent_warning(
                eligible_at(i).key("principalId"),
                principal,
                e.display_name(),
            ));
        }
        found.extend(own_approver_warning(
            || eligible_at(i),
            principal,
            e.only_approver(),
        ));
    }
    found.extend(
        policy_mismatches(eligible, EligibleRoles::role, EligibleRoles::policy)
            .into_iter()
            .map(|d| d.under(root)),
    );
    found
}

/// The warnings among `found`, in their order.
pub(crate) fn warnings_only(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter(|d| d.severity() == Severity::Warning)
        .collect()
}
