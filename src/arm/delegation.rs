//! A delegation as the resource provider reads it from an ARM file: the reading types of
//! [`check`](super::check).
//!
//! ARM files are judged by `Microsoft.ManagedServices`' own rules (REST specification
//! 2022-10-01), not by Partner Center's, so they are not read into the plan model
//! ([`Manifest`](crate::Manifest)), whose rules are Partner Center's:
//! - only `managedByTenantId`, `authorizations[].principalId` and
//!   `authorizations[].roleDefinitionId` are required: `principalIdDisplayName` and the
//!   description are optional ([`PermanentGrant::principal_id_display_name`] is an
//!   `Option`), with a warning that customers then see only a GUID (`missing-display-name`,
//!   `missing-description`);
//! - Partner Center's limit of 20 authorizations per plan does not apply: Microsoft's onboarding
//!   how-to says "as many authorizations as you need", and no provider limit is documented;
//! - `multiFactorAuthProvider` is required in a `justInTimeAccessPolicy`, as the 2022-10-01
//!   schema requires it (the specification also gives it a default, so the provider may accept
//!   its absence: not verified);
//! - the role rules are the same on every road, since the provider enforces them: each grant of
//!   the [record](crate::delegation) is judged by the functions of `delegation::rules` with the
//!   reader's role catalog, and eligible grants sharing a role share a policy;
//! - so is the advice of the Lighthouse how-tos, which holds on every road: an eligible
//!   principal needs a permanent authorization, and cannot be its own only approver (warnings).

use crate::document::json::Value;
use serde::Serialize;

use crate::arm::onboarding::{
    ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName, Scope,
};
use crate::delegation::record::{
    Delegation, EligibleGrant, GrantApprover, GrantPolicy, PermanentGrant,
};
use crate::delegation::rules::{
    eligible_role_problem, eligible_role_warning, own_approver_warning, permanent_role_problems,
    permanent_role_warnings, policy_mismatches, unread_manifest_warnings,
    without_permanent_warning,
};
use crate::document::decode::{At, Cx, Decode};
use crate::plans::authorization::{
    JustInTimeAccessPolicy, MultiFactorAuthProvider, approver_problems,
};
use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::roles::{BuiltInRole, RoleCatalog, RoleGuid};
use crate::values::duration::ActivationDuration;
use crate::values::guid::{PrincipalId, RoleDefinitionId, TenantId};
use crate::values::text::DisplayName;
use crate::values::version::ManifestVersion;

/// Reads a permanent authorization of an ARM file (`authorizations[]`) into a grant of the
/// record, judging its roles with the reader's catalog; `None` when it breaks a rule.
fn read_permanent(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<PermanentGrant> {
    let mut obj = cx.object(value, at)?;
    let principal_id = obj.required::<PrincipalId>("principalId", cx);
    let display_name = obj
        .optional::<DisplayName>("principalIdDisplayName", cx)
        .valid();
    let role = obj
        .required::<RoleGuid>("roleDefinitionId", cx)
        .map(|role| role.0);
    let assignable = obj
        .optional::<Vec<RoleGuid>>("delegatedRoleDefinitionIds", cx)
        .or(Vec::new())
        .map(|roles| roles.into_iter().map(|role| role.0).collect::<Vec<_>>());
    obj.finish(cx);
    let (role, assignable) = (role?, assignable?);
    // The roles are judged whatever else the item breaks.
    let catalog = RoleCatalog::of(cx);
    let problems = permanent_role_problems(catalog, role, &assignable);
    let warnings = permanent_role_warnings(catalog, role, &assignable);
    let valid = problems.is_empty();
    cx.report_under(at, problems);
    cx.report_under(at, warnings);
    let grant = PermanentGrant::new(
        principal_id?,
        display_name?.map(|name| name.as_str().to_owned()),
        role,
        assignable,
        at.pointer(),
    );
    valid.then_some(grant)
}

/// Reads an eligible authorization of an ARM file (`eligibleAuthorizations[]`) into a grant of
/// the record, judging its role with the reader's catalog; `None` when it breaks a rule.
fn read_eligible(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<EligibleGrant> {
    let mut obj = cx.object(value, at)?;
    let principal_id = obj.required::<PrincipalId>("principalId", cx);
    let display_name = obj
        .optional::<DisplayName>("principalIdDisplayName", cx)
        .valid();
    let role = obj
        .required::<RoleGuid>("roleDefinitionId", cx)
        .map(|role| role.0);
    let raw_policy = value.get("justInTimeAccessPolicy");
    let policy = obj
        .optional::<ArmPolicy>("justInTimeAccessPolicy", cx)
        .or(ArmPolicy(GrantPolicy::from(
            &JustInTimeAccessPolicy::default(),
        )));
    obj.finish(cx);
    let mut valid = true;
    if let Some(Value::Object(raw)) = raw_policy
        && !raw.contains_key("multiFactorAuthProvider")
    {
        cx.error(
            Rule::MissingField,
            at.key("justInTimeAccessPolicy"),
            "missing field `multiFactorAuthProvider` (`Azure` or `None`), which the 2022-10-01 schema of Microsoft.ManagedServices requires",
        );
        valid = false;
    }
    let role = role?;
    let catalog = RoleCatalog::of(cx);
    let warning = eligible_role_warning(catalog, role);
    let problem = eligible_role_problem(catalog, role);
    cx.report_under(at, warning);
    let policy = policy?;
    if let Some(problem) = problem {
        cx.report_under(at, [problem]);
        valid = false;
    }
    let grant = EligibleGrant::new(
        principal_id?,
        display_name?.map(|name| name.as_str().to_owned()),
        role,
        policy.0,
        at.pointer(),
    );
    valid.then_some(grant)
}

/// A `justInTimeAccessPolicy` as the resource provider reads it: as Partner Center's
/// [`JustInTimeAccessPolicy`], but an approver's `principalIdDisplayName` is optional, as the
/// 2022-10-01 schema of Microsoft.ManagedServices has it (`EligibleApprover`: only
/// `principalId` required).
struct ArmPolicy(GrantPolicy);

impl Decode for ArmPolicy {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let mfa = obj
            .optional("multiFactorAuthProvider", cx)
            .or(MultiFactorAuthProvider::default());
        let duration = obj
            .optional("maximumActivationDuration", cx)
            .or(ActivationDuration::default());
        let approvers = obj
            .optional::<Vec<ArmApprover>>("managedByTenantApprovers", cx)
            .or(Vec::new());
        obj.finish(cx);
        let approvers: Vec<GrantApprover> = approvers?.into_iter().map(|a| a.0).collect();
        let ids: Vec<PrincipalId> = approvers.iter().map(GrantApprover::principal_id).collect();
        let problems = approver_problems(&ids);
        let valid = problems.is_empty();
        cx.report_under(at, problems);
        let policy = ArmPolicy(GrantPolicy::new(mfa?, duration?, approvers));
        valid.then_some(policy)
    }
}

/// An approver of an ARM file: `principalId`, and a display name if one is given.
struct ArmApprover(GrantApprover);

impl Decode for ArmApprover {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let principal_id = obj.required::<PrincipalId>("principalId", cx);
        let display_name = obj
            .optional::<DisplayName>("principalIdDisplayName", cx)
            .valid();
        obj.finish(cx);
        Some(ArmApprover(GrantApprover::new(
            principal_id?,
            display_name?.map(|name| name.as_str().to_owned()),
        )))
    }
}

/// Each item of the array at `key`, read on its own (`None` for an item that breaks a rule), or
/// `None` when the array is absent or not an array (reported).
fn items<T>(
    value: &Value,
    key: &str,
    cx: &mut Cx,
    read: fn(&Value, At<'_>, &mut Cx) -> Option<T>,
) -> Option<Vec<Option<T>>> {
    let root = At::Root;
    let at = root.key(key);
    let list = cx.array(value.get(key)?, at)?;
    Some(
        list.iter()
            .enumerate()
            .map(|(i, item)| read(item, at.index(i), cx))
            .collect(),
    )
}

/// Reads `{ tenantId, authorizations, eligibleAuthorizations }` (paths relative to it) by the
/// provider's rules. The warnings of the items that could be read come with it, even when
/// others break a rule.
pub(crate) fn read_manifest(value: &Value, cx: &mut Cx) -> (Option<Delegation>, Vec<Diagnostic>) {
    let at = At::Root;
    let Some(mut obj) = cx.object(value, at) else {
        return (None, Vec::new());
    };
    let tenant = obj.required::<TenantId>("tenantId", cx);
    let _ = obj.raw("authorizations");
    let _ = obj.raw("eligibleAuthorizations");
    obj.finish(cx);
    if value.get("authorizations").is_none() {
        cx.error(
            Rule::MissingField,
            at,
            "missing required field `authorizations`",
        );
    }
    let authorizations = items(value, "authorizations", cx, read_permanent);
    let eligible = if value.get("eligibleAuthorizations").is_some() {
        items(value, "eligibleAuthorizations", cx, read_eligible)
    } else {
        Some(Vec::new())
    };
    let mut valid = true;
    if authorizations.as_ref().is_some_and(Vec::is_empty) {
        cx.report(Diagnostic::new(
            Rule::NoPermanentAuthorization,
            JsonPointer::root().key("authorizations"),
            "a registration definition needs at least one permanent authorization, found none",
        ));
        valid = false;
    }
    let mut warnings = Vec::new();
    if let Some(authorizations) = &authorizations {
        for (i, a) in authorizations.iter().enumerate() {
            if let Some(a) = a {
                warnings.extend(authorization_warnings(i, a));
            }
        }
        // Judged from the roles as written, so that a placeholder principal does not hide it.
        if !authorizations.is_empty() {
            warnings.splice(0..0, unread_manifest_warnings(value));
        }
    }
    if let Some(eligible) = &eligible {
        // The permanent principals, when every permanent authorization could be read.
        let permanent: Option<Vec<PrincipalId>> = authorizations.as_ref().and_then(|list| {
            list.iter()
                .map(|a| a.as_ref().map(PermanentGrant::principal_id))
                .collect()
        });
        let mut without_permanent = Vec::new();
        for (i, e) in eligible.iter().enumerate() {
            let Some(e) = e else { continue };
            warnings.extend(eligible_warnings(i, e));
            let at = || JsonPointer::root().key("eligibleAuthorizations").index(i);
            let principal = e.principal_id();
            if let Some(permanent) = &permanent
                && !permanent.contains(&principal)
                && !without_permanent.contains(&principal)
            {
                without_permanent.push(principal);
                warnings.push(without_permanent_warning(
                    at().key("principalId"),
                    principal,
                    e.principal_id_display_name(),
                ));
            }
            let only = match e.just_in_time_access_policy().managed_by_tenant_approvers() {
                [only] => Some(only.principal_id()),
                _ => None,
            };
            warnings.extend(own_approver_warning(at, principal, only));
        }
        // Judged when every eligible authorization could be read.
        if let Some(read) = eligible
            .iter()
            .map(Option::as_ref)
            .collect::<Option<Vec<_>>>()
        {
            let problems = policy_mismatches(
                &read,
                |e| e.role_definition_id(),
                |e| e.just_in_time_access_policy(),
            );
            valid &= problems.is_empty();
            cx.report_under(at, problems);
        }
    }
    let manifest = match (tenant, complete(authorizations), complete(eligible)) {
        (Some(tenant_id), Some(authorizations), Some(eligible)) if valid => Some(Delegation::new(
            tenant_id,
            None,
            authorizations,
            eligible,
            JsonPointer::root(),
        )),
        _ => None,
    };
    (manifest, warnings)
}

/// Every item, when each could be read.
fn complete<T>(list: Option<Vec<Option<T>>>) -> Option<Vec<T>> {
    list.and_then(|l| l.into_iter().collect())
}

/// The warnings of permanent authorization `i` about its display name, paths relative to the
/// pseudo-manifest (its roles' warnings come with the authorization, [`role_warnings`]).
fn authorization_warnings(i: usize, a: &PermanentGrant) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = || JsonPointer::root().key("authorizations").index(i);
    found.extend(display_name_warnings(
        a.principal_id(),
        a.principal_id_display_name(),
        a.role_definition_id(),
        at,
    ));
    found
}

/// The warnings of eligible authorization `i`, paths relative to the pseudo-manifest.
fn eligible_warnings(i: usize, e: &EligibleGrant) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = || JsonPointer::root().key("eligibleAuthorizations").index(i);
    found.extend(display_name_warnings(
        e.principal_id(),
        e.principal_id_display_name(),
        e.role_definition_id(),
        at,
    ));
    found
}

fn display_name_warnings(
    principal: PrincipalId,
    name: Option<&str>,
    role: RoleDefinitionId,
    at: impl Fn() -> JsonPointer,
) -> Option<Diagnostic> {
    let Some(name) = name else {
        return Some(Diagnostic::new(
            Rule::MissingDisplayName,
            at(),
            format!(
                "no `principalIdDisplayName`: customers will see only the GUID {principal} where they review who gets access; add a name that says who it is"
            ),
        ));
    };
    let named = named_role(name)?;
    if named.id() == role {
        return None;
    }
    let given = role
        .built_in()
        .map_or_else(|| role.to_string(), |r| format!("\"{}\"", r.name().trim()));
    Some(Diagnostic::new(
        Rule::DisplayNameNamesOtherRole,
        at().key("principalIdDisplayName"),
        format!(
            "the display name {:?} names the role \"{}\", but the authorization gives role {given}; customers read this name when they delegate",
            name,
            named.name().trim()
        ),
    ))
}

/// The built-in role whose name the text contains as whole words, in the singular or with a
/// plural `s` ("Contoso Contributors"); the longest such name.
fn named_role(text: &str) -> Option<&'static BuiltInRole> {
    let lower = text.to_lowercase();
    let boundary = |rest: &str| {
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
    };
    // A name found as whole words has its first word among the text's words (or that word
    // with a plural `s`, for a one-word name): a cheap test first, before the search.
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let may_contain = |name: &str| {
        let Some(first) = name
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
        else {
            return true;
        };
        words.iter().any(|w| {
            w.eq_ignore_ascii_case(first)
                || (w.len() == first.len() + 1
                    && w.ends_with('s')
                    && w.get(..first.len())
                        .is_some_and(|stem| stem.eq_ignore_ascii_case(first)))
        })
    };
    crate::roles::built_in()
        .iter()
        .filter(|role| {
            if !may_contain(role.name().trim()) {
                return false;
            }
            let name = role.name().trim().to_lowercase();
            !name.is_empty()
                && lower.match_indices(&name).any(|(i, m)| {
                    lower[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
                        && boundary(&lower[i + m.len()..])
                })
        })
        .max_by_key(|role| role.name().trim().len())
}

/// A registration definition and where it is assigned, as read from an ARM file by the resource
/// provider's rules ([`check`](super::check)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmDelegation {
    name: RegistrationName,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<RegistrationDescription>,
    version: ManifestVersion,
    #[serde(flatten)]
    delegation: Delegation,
    scope: Scope,
    #[serde(skip_serializing_if = "Option::is_none")]
    marketplace_plan: Option<MarketplacePlan>,
}

impl ArmDelegation {
    pub(crate) fn new(
        name: RegistrationName,
        description: Option<RegistrationDescription>,
        version: ManifestVersion,
        delegation: Delegation,
        scope: Scope,
        marketplace_plan: Option<MarketplacePlan>,
    ) -> Self {
        ArmDelegation {
            name,
            description,
            version,
            delegation,
            scope,
            marketplace_plan,
        }
    }

    /// The registration definition's name (`registrationDefinitionName`).
    #[must_use]
    pub fn name(&self) -> &RegistrationName {
        &self.name
    }

    /// The description, if the file gives one.
    #[must_use]
    pub fn description(&self) -> Option<&RegistrationDescription> {
        self.description.as_ref()
    }

    /// The manifest version the file names: the Marketplace plan's version, or the parameters
    /// file's `contentVersion` `n.n.n.0`, or [`DEFAULT_VERSION`](super::DEFAULT_VERSION).
    #[must_use]
    pub fn version(&self) -> &ManifestVersion {
        &self.version
    }

    /// The managing tenant.
    #[must_use]
    pub fn tenant_id(&self) -> TenantId {
        self.delegation.managed_by_tenant_id()
    }

    /// The permanent authorizations (any number: no Partner Center limit).
    #[must_use]
    pub fn authorizations(&self) -> &[PermanentGrant] {
        self.delegation.authorizations()
    }

    /// The eligible authorizations.
    #[must_use]
    pub fn eligible_authorizations(&self) -> &[EligibleGrant] {
        self.delegation.eligible_authorizations()
    }

    /// The record of the delegation: tenant, grants, and where each grant was written (paths
    /// relative to the registration definition's properties, `/authorizations/0`).
    #[must_use]
    pub fn delegation(&self) -> &Delegation {
        &self.delegation
    }

    /// Where the definition is assigned.
    #[must_use]
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The Marketplace plan the definition names, if any.
    #[must_use]
    pub fn marketplace_plan(&self) -> Option<&MarketplacePlan> {
        self.marketplace_plan.as_ref()
    }
}

impl From<&ArmOnboarding> for ArmDelegation {
    /// What [`check`](super::check) reads back from the files that
    /// [`export`](super::export) writes for this onboarding.
    fn from(o: &ArmOnboarding) -> Self {
        let manifest = o.manifest();
        ArmDelegation {
            name: o.name().clone(),
            description: Some(o.description().clone()),
            version: manifest.version().clone(),
            delegation: manifest.delegation(),
            scope: o.scope().clone(),
            marketplace_plan: o.marketplace_plan().cloned(),
        }
    }
}

impl PartialEq<ArmOnboarding> for ArmDelegation {
    // The onboarding's manifest holds the plan model's types: the comparison converts it.
    #[allow(clippy::cmp_owned)]
    fn eq(&self, other: &ArmOnboarding) -> bool {
        *self == ArmDelegation::from(other)
    }
}
