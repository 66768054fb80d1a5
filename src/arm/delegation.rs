//! A delegation as the resource provider reads it from an ARM file: the reading types of
//! [`check`](super::check).
//!
//! ARM files are judged by `Microsoft.ManagedServices`' own rules (REST specification
//! 2022-10-01), not by Partner Center's, so they are not read into the plan model
//! ([`Manifest`](crate::Manifest)), whose rules are Partner Center's:
//! - only `managedByTenantId`, `authorizations[].principalId` and
//!   `authorizations[].roleDefinitionId` are required: `principalIdDisplayName` and the
//!   description are optional ([`ArmAuthorization::principal_id_display_name`] is an
//!   `Option`), with a warning that customers then see only a GUID (`missing-display-name`,
//!   `missing-description`);
//! - Partner Center's limit of 20 authorizations per plan does not apply: Microsoft's onboarding
//!   how-to says "as many authorizations as you need", and no provider limit is documented;
//! - `multiFactorAuthProvider` is required in a `justInTimeAccessPolicy`, as the 2022-10-01
//!   schema requires it (the specification also gives it a default, so the provider may accept
//!   its absence: not verified);
//! - the role rules are the model's, the same on both roads, since the provider enforces them:
//!   each authorization is checked with [`Authorization::with_assignable_roles`] and
//!   [`EligibleAuthorization::new`], and eligible authorizations sharing a role share a policy;
//! - so is the advice of the Lighthouse how-tos, which holds on both roads: an eligible
//!   principal needs a permanent authorization, and cannot be its own only approver (warnings).

use serde::Serialize;
use serde_json::Value;

use crate::arm::onboarding::{
    ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName, Scope,
};
use crate::document::decode::{At, Cx, Decode};
use crate::plans::authorization::{
    Authorization, EligibleAuthorization, JustInTimeAccessPolicy, assignable_role_warning,
    unknown_role_warning,
};
use crate::plans::manifest::{
    own_approver_warning, policy_mismatches, unread_manifest_warnings, without_permanent_warning,
};
use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::roles::BuiltInRole;
use crate::values::guid::{PrincipalId, RoleDefinitionId, TenantId};
use crate::values::text::DisplayName;
use crate::values::version::ManifestVersion;

/// Stands in for an absent display name while the model's role rules are run; never kept.
fn stand_in() -> DisplayName {
    DisplayName::new("principal").expect("a valid display name")
}

/// A permanent authorization of an ARM file (`authorizations[]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmAuthorization {
    principal_id: PrincipalId,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal_id_display_name: Option<DisplayName>,
    role_definition_id: RoleDefinitionId,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    delegated_role_definition_ids: Vec<RoleDefinitionId>,
}

impl ArmAuthorization {
    /// The principal that gets the role.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The display name customers see, if the file gives one.
    #[must_use]
    pub fn principal_id_display_name(&self) -> Option<&DisplayName> {
        self.principal_id_display_name.as_ref()
    }

    /// The role.
    #[must_use]
    pub fn role_definition_id(&self) -> RoleDefinitionId {
        self.role_definition_id
    }

    /// The roles a User Access Administrator may assign to managed identities.
    #[must_use]
    pub fn delegated_role_definition_ids(&self) -> &[RoleDefinitionId] {
        &self.delegated_role_definition_ids
    }
}

impl From<&Authorization> for ArmAuthorization {
    fn from(a: &Authorization) -> Self {
        ArmAuthorization {
            principal_id: a.principal_id(),
            principal_id_display_name: Some(a.principal_id_display_name().clone()),
            role_definition_id: a.role_definition_id(),
            delegated_role_definition_ids: a.delegated_role_definition_ids().to_vec(),
        }
    }
}

impl Decode for ArmAuthorization {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let principal_id = obj.required::<PrincipalId>("principalId", cx);
        let display_name = obj
            .optional::<DisplayName>("principalIdDisplayName", cx)
            .valid();
        let role = obj
            .required::<crate::roles::RoleGuid>("roleDefinitionId", cx)
            .map(|role| role.0);
        let assignable = obj
            .optional::<Vec<crate::roles::RoleGuid>>("delegatedRoleDefinitionIds", cx)
            .or(Vec::new())
            .map(|roles| roles.into_iter().map(|role| role.0).collect::<Vec<_>>());
        obj.finish(cx);
        let (role, assignable) = (role?, assignable?);
        let checked = Authorization::with_assignable_roles(
            principal_id.unwrap_or(PrincipalId::from_u128(1)),
            stand_in(),
            role,
            assignable.clone(),
        );
        let valid = match checked {
            Ok(_) => true,
            Err(report) => {
                cx.report_under(at, report.into_diagnostics());
                false
            }
        };
        // The role's warnings, whatever else the item breaks (a placeholder principal).
        cx.report_under(at, role_warnings(role, &assignable));
        let authorization = ArmAuthorization {
            principal_id: principal_id?,
            principal_id_display_name: display_name?,
            role_definition_id: role,
            delegated_role_definition_ids: assignable,
        };
        valid.then_some(authorization)
    }
}

/// An eligible authorization of an ARM file (`eligibleAuthorizations[]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmEligibleAuthorization {
    principal_id: PrincipalId,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal_id_display_name: Option<DisplayName>,
    role_definition_id: RoleDefinitionId,
    just_in_time_access_policy: JustInTimeAccessPolicy,
}

impl ArmEligibleAuthorization {
    /// The principal that may activate the role.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The display name customers see, if the file gives one.
    #[must_use]
    pub fn principal_id_display_name(&self) -> Option<&DisplayName> {
        self.principal_id_display_name.as_ref()
    }

    /// The role.
    #[must_use]
    pub fn role_definition_id(&self) -> RoleDefinitionId {
        self.role_definition_id
    }

    /// How activation works.
    #[must_use]
    pub fn just_in_time_access_policy(&self) -> &JustInTimeAccessPolicy {
        &self.just_in_time_access_policy
    }
}

impl From<&EligibleAuthorization> for ArmEligibleAuthorization {
    fn from(e: &EligibleAuthorization) -> Self {
        ArmEligibleAuthorization {
            principal_id: e.principal_id(),
            principal_id_display_name: Some(e.principal_id_display_name().clone()),
            role_definition_id: e.role_definition_id(),
            just_in_time_access_policy: e.just_in_time_access_policy().clone(),
        }
    }
}

impl Decode for ArmEligibleAuthorization {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let principal_id = obj.required::<PrincipalId>("principalId", cx);
        let display_name = obj
            .optional::<DisplayName>("principalIdDisplayName", cx)
            .valid();
        let role = obj
            .required::<crate::roles::RoleGuid>("roleDefinitionId", cx)
            .map(|role| role.0);
        let raw_policy = value.get("justInTimeAccessPolicy");
        let policy = obj
            .optional::<JustInTimeAccessPolicy>("justInTimeAccessPolicy", cx)
            .or(JustInTimeAccessPolicy::default());
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
        cx.report_under(
            at,
            unknown_role_warning(role, || JsonPointer::root().key("roleDefinitionId")),
        );
        let policy = policy?;
        if let Err(report) = EligibleAuthorization::new(
            principal_id.unwrap_or(PrincipalId::from_u128(1)),
            stand_in(),
            role,
            policy.clone(),
        ) {
            cx.report_under(at, report.into_diagnostics());
            valid = false;
        }
        let eligible = ArmEligibleAuthorization {
            principal_id: principal_id?,
            principal_id_display_name: display_name?,
            role_definition_id: role,
            just_in_time_access_policy: policy,
        };
        valid.then_some(eligible)
    }
}

/// The managing tenant and the authorizations of a registration definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArmManifest {
    pub(crate) tenant_id: TenantId,
    pub(crate) authorizations: Vec<ArmAuthorization>,
    pub(crate) eligible_authorizations: Vec<ArmEligibleAuthorization>,
}

/// Each item of the array at `key`, decoded on its own (`None` for an item that breaks a
/// rule), or `None` when the array is absent or not an array (reported).
fn items<T: Decode>(value: &Value, key: &str, cx: &mut Cx) -> Option<Vec<Option<T>>> {
    let root = At::Root;
    let at = root.key(key);
    let list = cx.array(value.get(key)?, at)?;
    Some(
        list.iter()
            .enumerate()
            .map(|(i, item)| T::decode(item, at.index(i), cx))
            .collect(),
    )
}

/// Reads `{ tenantId, authorizations, eligibleAuthorizations }` (paths relative to it) by the
/// provider's rules. The warnings of the items that could be read come with it, even when
/// others break a rule.
pub(crate) fn read_manifest(value: &Value, cx: &mut Cx) -> (Option<ArmManifest>, Vec<Diagnostic>) {
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
    let authorizations = items::<ArmAuthorization>(value, "authorizations", cx);
    let eligible = if value.get("eligibleAuthorizations").is_some() {
        items::<ArmEligibleAuthorization>(value, "eligibleAuthorizations", cx)
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
                .map(|a| a.as_ref().map(|a| a.principal_id))
                .collect()
        });
        let mut without_permanent = Vec::new();
        for (i, e) in eligible.iter().enumerate() {
            let Some(e) = e else { continue };
            warnings.extend(eligible_warnings(i, e));
            let at = || JsonPointer::root().key("eligibleAuthorizations").index(i);
            if let Some(permanent) = &permanent
                && !permanent.contains(&e.principal_id)
                && !without_permanent.contains(&e.principal_id)
            {
                without_permanent.push(e.principal_id);
                warnings.push(without_permanent_warning(
                    at().key("principalId"),
                    e.principal_id,
                    e.principal_id_display_name
                        .as_ref()
                        .map(DisplayName::as_str),
                ));
            }
            warnings.extend(own_approver_warning(
                at,
                e.principal_id,
                &e.just_in_time_access_policy,
            ));
        }
        let model: Vec<EligibleAuthorization> = eligible
            .iter()
            .flatten()
            .filter_map(|e| {
                EligibleAuthorization::new(
                    e.principal_id,
                    stand_in(),
                    e.role_definition_id,
                    e.just_in_time_access_policy.clone(),
                )
                .ok()
            })
            .collect();
        if model.len() == eligible.len() {
            let problems = policy_mismatches(&model);
            valid &= problems.is_empty();
            cx.report_under(at, problems);
        }
    }
    let manifest = match (tenant, complete(authorizations), complete(eligible)) {
        (Some(tenant_id), Some(authorizations), Some(eligible)) if valid => Some(ArmManifest {
            tenant_id,
            authorizations,
            eligible_authorizations: eligible,
        }),
        _ => None,
    };
    (manifest, warnings)
}

/// Every item, when each could be read.
fn complete<T>(list: Option<Vec<Option<T>>>) -> Option<Vec<T>> {
    list.and_then(|l| l.into_iter().collect())
}

/// The warnings of a permanent authorization's roles, paths relative to the authorization.
fn role_warnings(role: RoleDefinitionId, assignable: &[RoleDefinitionId]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(unknown_role_warning(role, || {
        JsonPointer::root().key("roleDefinitionId")
    }));
    for (j, r) in assignable.iter().enumerate() {
        let place = || {
            JsonPointer::root()
                .key("delegatedRoleDefinitionIds")
                .index(j)
        };
        found.extend(unknown_role_warning(*r, place));
        found.extend(assignable_role_warning(*r, place));
    }
    found
}

/// The warnings of permanent authorization `i` about its display name, paths relative to the
/// pseudo-manifest (its roles' warnings come with the authorization, [`role_warnings`]).
fn authorization_warnings(i: usize, a: &ArmAuthorization) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = || JsonPointer::root().key("authorizations").index(i);
    found.extend(display_name_warnings(
        a.principal_id,
        a.principal_id_display_name.as_ref(),
        a.role_definition_id,
        at,
    ));
    found
}

/// The warnings of eligible authorization `i`, paths relative to the pseudo-manifest.
fn eligible_warnings(i: usize, e: &ArmEligibleAuthorization) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = || JsonPointer::root().key("eligibleAuthorizations").index(i);
    found.extend(display_name_warnings(
        e.principal_id,
        e.principal_id_display_name.as_ref(),
        e.role_definition_id,
        at,
    ));
    found
}

fn display_name_warnings(
    principal: PrincipalId,
    name: Option<&DisplayName>,
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
    let named = named_role(name.as_str())?;
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
            name.as_str(),
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
    crate::roles::built_in()
        .iter()
        .filter(|role| {
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
    tenant_id: TenantId,
    authorizations: Vec<ArmAuthorization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    eligible_authorizations: Vec<ArmEligibleAuthorization>,
    scope: Scope,
    #[serde(skip_serializing_if = "Option::is_none")]
    marketplace_plan: Option<MarketplacePlan>,
}

impl ArmDelegation {
    pub(crate) fn new(
        name: RegistrationName,
        description: Option<RegistrationDescription>,
        version: ManifestVersion,
        manifest: ArmManifest,
        scope: Scope,
        marketplace_plan: Option<MarketplacePlan>,
    ) -> Self {
        ArmDelegation {
            name,
            description,
            version,
            tenant_id: manifest.tenant_id,
            authorizations: manifest.authorizations,
            eligible_authorizations: manifest.eligible_authorizations,
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
        self.tenant_id
    }

    /// The permanent authorizations (any number: no Partner Center limit).
    #[must_use]
    pub fn authorizations(&self) -> &[ArmAuthorization] {
        &self.authorizations
    }

    /// The eligible authorizations.
    #[must_use]
    pub fn eligible_authorizations(&self) -> &[ArmEligibleAuthorization] {
        &self.eligible_authorizations
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
            tenant_id: manifest.tenant_id(),
            authorizations: manifest.authorizations().iter().map(Into::into).collect(),
            eligible_authorizations: manifest
                .eligible_authorizations()
                .iter()
                .map(Into::into)
                .collect(),
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
