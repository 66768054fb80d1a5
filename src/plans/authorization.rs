//! Authorizations: who in the provider's tenant gets which role on the customer's resources.
//!
//! A plan's manifest lists **permanent** authorizations ([`Authorization`], ARM
//! `authorizations`) and, optionally, **eligible** ones ([`EligibleAuthorization`], ARM
//! `eligibleAuthorizations`) that a principal activates just in time through Microsoft Entra
//! Privileged Identity Management, under a [`JustInTimeAccessPolicy`].
//!
//! Which roles may be delegated is decided by [`crate::roles`]: built-in roles only, never Owner,
//! never a role with data actions or with actions that change access; User Access Administrator
//! only to assign the roles listed in `delegatedRoleDefinitionIds` to managed identities.
//!
//! Not checked, because a GUID does not tell: whether a principal is a user, a group or a service
//! principal. Microsoft advises groups (seed documents), requires security groups (later), and
//! forbids service principals as eligible principals and approvers; the crate cannot see any of it.
//!
//! For the same reason there is no warning for "a single user rather than a group". The only
//! other hint, `principalIdDisplayName`, is a label the publisher writes, not a name read from
//! the directory: a group may be called "Mira Jansen" and a user "SOC analysts"
//! (Microsoft's own PowerShell samples label a principal "Test user"). A warning guessed from
//! the name would be wrong both ways; only the directory (Microsoft Graph, the principal's
//! object type) can tell, and checking a document does not call it.

use crate::document::json::Value;
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde_json::json;

use crate::delegation::record::{EligibleGrant, GrantApprover, GrantPolicy, PermanentGrant};
use crate::delegation::rules::{eligible_role_problem, permanent_role_problems};
use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report, Violation};
use crate::report::rules::Rule;
use crate::roles::{RoleCatalog, RoleGuid};

pub use crate::delegation::record::MultiFactorAuthProvider;
use crate::values::duration::ActivationDuration;
use crate::values::guid::{PrincipalId, RoleDefinitionId};
use crate::values::schema_patterns::guid_pattern_any_case;
use crate::values::text::DisplayName;

fn into_result<T>(value: T, problems: Vec<Diagnostic>) -> Result<T, Report> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(Report::new(problems))
    }
}

/// A permanent authorization: a principal of the provider's tenant holds a built-in role on the
/// delegated scope for as long as the delegation lasts (seed documents, 2020).
///
/// Rules (checked when it is built or read):
/// - the role is a built-in role that Azure Lighthouse supports ([`RoleDefinitionId::support`]);
/// - with User Access Administrator, `delegatedRoleDefinitionIds` lists at least one supported
///   role, which the principal may assign to managed identities; without one certification fails;
/// - with any other role, `delegatedRoleDefinitionIds` is left out (it would have no effect).
///
/// ```
/// use lighthouse_offer::{Authorization, DisplayName, PrincipalId, RoleDefinitionId};
///
/// let soc: PrincipalId = "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?;
/// let name = DisplayName::new("Contoso SOC analysts")?;
/// let ok = Authorization::new(soc, name.clone(), RoleDefinitionId::READER)?;
/// assert_eq!(ok.role_definition_id(), RoleDefinitionId::READER);
///
/// let owner = Authorization::new(soc, name, RoleDefinitionId::OWNER);
/// assert_eq!(owner.unwrap_err().diagnostics()[0].name(), "owner-role");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
// The schema's `if`/`then`/`else`: `delegatedRoleDefinitionIds` with User Access Administrator only.
#[schemars(transform = assignable_roles_condition)]
pub struct Authorization {
    /// The object ID of the user, group or service principal in the provider's tenant that gets
    /// the role. Microsoft advises groups, so that access changes need no new plan version.
    principal_id: PrincipalId,
    /// The principal's name as the customer sees it when delegating. Required by Partner Center.
    principal_id_display_name: DisplayName,
    /// The built-in role the principal gets. Owner, roles with data actions and roles that can
    /// change access are not supported; User Access Administrator only with
    /// `delegatedRoleDefinitionIds`.
    role_definition_id: RoleDefinitionId,
    /// Only with User Access Administrator, and then required: the roles the principal may assign
    /// to managed identities (for example to remediate Azure Policy).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    delegated_role_definition_ids: Vec<RoleDefinitionId>,
}

impl Authorization {
    /// An authorization of `role` to `principal_id`, its roles judged by the bundled catalog
    /// (a reader judges with its own: [`ReadOptions::role_catalog`](crate::ReadOptions::role_catalog)).
    ///
    /// # Errors
    /// A [`Report`] when the role is not supported, or is User Access Administrator (which needs
    /// assignable roles: use [`Authorization::with_assignable_roles`]).
    pub fn new(
        principal_id: PrincipalId,
        display_name: DisplayName,
        role: RoleDefinitionId,
    ) -> Result<Self, Report> {
        Self::with_assignable_roles(principal_id, display_name, role, [])
    }

    /// An authorization with assignable roles, the form User Access Administrator needs.
    ///
    /// ```
    /// use lighthouse_offer::{Authorization, DisplayName, PrincipalId, RoleDefinitionId};
    ///
    /// let ops: PrincipalId = "0f4a8c2e-6b1d-4e9a-8c3f-7d2e1b0a9c8d".parse()?;
    /// let name = DisplayName::new("Contoso policy automation")?;
    /// let uaa = Authorization::with_assignable_roles(
    ///     ops,
    ///     name.clone(),
    ///     RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
    ///     [RoleDefinitionId::CONTRIBUTOR],
    /// );
    /// assert!(uaa.is_ok());
    /// let without = Authorization::new(ops, name, RoleDefinitionId::USER_ACCESS_ADMINISTRATOR);
    /// assert_eq!(without.unwrap_err().diagnostics()[0].name(), "missing-assignable-roles");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A [`Report`] with every broken rule: an unsupported role, User Access Administrator without
    /// assignable roles, assignable roles on another role, an unsupported or repeated assignable
    /// role. Paths are relative to the authorization (`/delegatedRoleDefinitionIds/0`).
    pub fn with_assignable_roles(
        principal_id: PrincipalId,
        display_name: DisplayName,
        role: RoleDefinitionId,
        assignable_roles: impl IntoIterator<Item = RoleDefinitionId>,
    ) -> Result<Self, Report> {
        let assignable: Vec<RoleDefinitionId> = assignable_roles.into_iter().collect();
        let problems = permanent_role_problems(RoleCatalog::bundled_ref(), role, &assignable);
        into_result(
            Authorization {
                principal_id,
                principal_id_display_name: display_name,
                role_definition_id: role,
                delegated_role_definition_ids: assignable,
            },
            problems,
        )
    }

    /// The principal that gets the role.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The principal's display name.
    #[must_use]
    pub fn principal_id_display_name(&self) -> &DisplayName {
        &self.principal_id_display_name
    }

    /// The role.
    #[must_use]
    pub fn role_definition_id(&self) -> RoleDefinitionId {
        self.role_definition_id
    }

    /// The roles a User Access Administrator may assign; empty for every other role.
    #[must_use]
    pub fn delegated_role_definition_ids(&self) -> &[RoleDefinitionId] {
        &self.delegated_role_definition_ids
    }
}

impl Decode for Authorization {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let principal_id = obj.required("principalId", cx);
        let display_name = obj.required("principalIdDisplayName", cx);
        let role = obj
            .required::<RoleGuid>("roleDefinitionId", cx)
            .map(|role| role.0);
        let assignable = obj
            .optional::<Vec<RoleGuid>>("delegatedRoleDefinitionIds", cx)
            .or(Vec::new())
            .map(|roles| roles.into_iter().map(|role| role.0).collect::<Vec<_>>());
        obj.finish(cx);
        let (role, assignable) = (role?, assignable?);
        let problems = permanent_role_problems(RoleCatalog::of(cx), role, &assignable);
        let valid = problems.is_empty();
        cx.report_under(at, problems);
        let authorization = Authorization {
            principal_id: principal_id?,
            principal_id_display_name: display_name?,
            role_definition_id: role,
            delegated_role_definition_ids: assignable,
        };
        valid.then_some(authorization)
    }
}

/// A principal of the provider's tenant who approves just-in-time activations
/// (ARM: `managedByTenantApprovers[]`). Microsoft does not allow service principals here.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Approver {
    /// The object ID of the approving user or group.
    principal_id: PrincipalId,
    /// The approver's name as the customer sees it.
    principal_id_display_name: DisplayName,
}

impl Approver {
    /// An approver.
    #[must_use]
    pub fn new(principal_id: PrincipalId, display_name: DisplayName) -> Self {
        Approver {
            principal_id,
            principal_id_display_name: display_name,
        }
    }

    /// The approver's object ID.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The approver's display name.
    #[must_use]
    pub fn principal_id_display_name(&self) -> &DisplayName {
        &self.principal_id_display_name
    }
}

impl Decode for Approver {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let principal_id = obj.required("principalId", cx);
        let display_name = obj.required("principalIdDisplayName", cx);
        obj.finish(cx);
        Some(Approver::new(principal_id?, display_name?))
    }
}

/// How an eligible authorization is activated (ARM: `justInTimeAccessPolicy`; Microsoft Learn:
/// create eligible authorizations): multi-factor authentication or not, for how long at most
/// (`PT30M` to `PT8H`, default `PT8H`), and 0 to 10 approvers.
///
/// ```
/// use lighthouse_offer::ActivationDuration;
/// use lighthouse_offer::plans::{JustInTimeAccessPolicy, MultiFactorAuthProvider};
///
/// let policy = JustInTimeAccessPolicy::new(
///     MultiFactorAuthProvider::Azure,
///     "PT4H".parse::<ActivationDuration>()?,
///     [],
/// )?;
/// assert_eq!(policy.maximum_activation_duration().minutes(), 240);
/// let eleven = (0..11u128).map(|n| lighthouse_offer::plans::Approver::new(
///     lighthouse_offer::PrincipalId::from_u128(n + 1),
///     lighthouse_offer::DisplayName::new(format!("Approver {n}")).unwrap(),
/// ));
/// assert!(JustInTimeAccessPolicy::new(MultiFactorAuthProvider::Azure, Default::default(), eleven).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JustInTimeAccessPolicy {
    /// Whether activation asks for multi-factor authentication: `Azure` or `None` (the default).
    #[serde(default)]
    multi_factor_auth_provider: MultiFactorAuthProvider,
    /// How long an activation may last: `PT30M` to `PT8H` (the default).
    #[serde(default)]
    maximum_activation_duration: ActivationDuration,
    /// Who in the provider's tenant approves activations: 0 to 10 principals; without any,
    /// activations need no approval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = Self::MAX_APPROVERS))]
    managed_by_tenant_approvers: Vec<Approver>,
}

impl JustInTimeAccessPolicy {
    /// The most approvers a policy may name.
    pub const MAX_APPROVERS: usize = 10;

    /// A policy.
    ///
    /// # Errors
    /// A [`Report`] when there are more than [`Self::MAX_APPROVERS`] approvers or one is listed
    /// twice.
    pub fn new(
        multi_factor_auth_provider: MultiFactorAuthProvider,
        maximum_activation_duration: ActivationDuration,
        approvers: impl IntoIterator<Item = Approver>,
    ) -> Result<Self, Report> {
        let approvers: Vec<Approver> = approvers.into_iter().collect();
        let ids: Vec<PrincipalId> = approvers.iter().map(Approver::principal_id).collect();
        let problems = approver_problems(&ids);
        into_result(
            JustInTimeAccessPolicy {
                multi_factor_auth_provider,
                maximum_activation_duration,
                managed_by_tenant_approvers: approvers,
            },
            problems,
        )
    }

    /// Whether activation asks for multi-factor authentication.
    #[must_use]
    pub fn multi_factor_auth_provider(&self) -> MultiFactorAuthProvider {
        self.multi_factor_auth_provider
    }

    /// How long an activation may last.
    #[must_use]
    pub fn maximum_activation_duration(&self) -> ActivationDuration {
        self.maximum_activation_duration
    }

    /// The approvers (possibly none).
    #[must_use]
    pub fn managed_by_tenant_approvers(&self) -> &[Approver] {
        &self.managed_by_tenant_approvers
    }
}

/// What a policy's approvers break, by their object IDs: more than
/// [`JustInTimeAccessPolicy::MAX_APPROVERS`], or one listed twice. The ARM reader, whose
/// approvers need no display name, judges them by it too.
pub(crate) fn approver_problems(approvers: &[PrincipalId]) -> Vec<Diagnostic> {
    let list = || JsonPointer::root().key("managedByTenantApprovers");
    let mut found = Vec::new();
    if approvers.len() > JustInTimeAccessPolicy::MAX_APPROVERS {
        found.push(Diagnostic::new(
            Rule::TooManyItems,
            list(),
            format!(
                "a just-in-time access policy has {} approvers, at most {} are allowed",
                approvers.len(),
                JustInTimeAccessPolicy::MAX_APPROVERS
            ),
        ));
    }
    for (i, first) in crate::document::decode::repeats_by(approvers, |id| *id) {
        found.push(Diagnostic::new(
            Rule::DuplicateItem,
            list().index(i).key("principalId"),
            format!(
                "approver {} is listed twice, first at index {first}",
                approvers[i]
            ),
        ));
    }
    found
}

impl Decode for JustInTimeAccessPolicy {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let mfa = obj
            .optional("multiFactorAuthProvider", cx)
            .or(MultiFactorAuthProvider::default());
        let duration = obj
            .optional("maximumActivationDuration", cx)
            .or(ActivationDuration::default());
        let approvers = obj
            .optional::<Vec<Approver>>("managedByTenantApprovers", cx)
            .or(Vec::new());
        obj.finish(cx);
        JustInTimeAccessPolicy::new(mfa?, duration?, approvers?)
            .map_err(|report| cx.report_under(at, report.into_diagnostics()))
            .ok()
    }
}

/// An eligible authorization: a principal may activate a built-in role just in time, under a
/// [`JustInTimeAccessPolicy`] (ARM: `eligibleAuthorizations[]`; Microsoft Learn: create eligible
/// authorizations, later than the seed documents).
///
/// Rules: the role is supported by Azure Lighthouse and is neither Owner nor User Access
/// Administrator. Eligible authorizations of one manifest that share a role must have identical
/// policies (checked by the manifest).
///
/// ```
/// use lighthouse_offer::{DisplayName, EligibleAuthorization, PrincipalId, RoleDefinitionId};
/// use lighthouse_offer::plans::JustInTimeAccessPolicy;
///
/// let who: PrincipalId = "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?;
/// let name = DisplayName::new("Contoso escalation engineers")?;
/// let ok = EligibleAuthorization::new(who, name.clone(), RoleDefinitionId::CONTRIBUTOR, JustInTimeAccessPolicy::default());
/// assert!(ok.is_ok());
/// let uaa = EligibleAuthorization::new(who, name, RoleDefinitionId::USER_ACCESS_ADMINISTRATOR, JustInTimeAccessPolicy::default());
/// assert_eq!(uaa.unwrap_err().diagnostics()[0].name(), "unsupported-eligible-role");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EligibleAuthorization {
    /// The object ID of the user or group that may activate the role (not a service principal).
    principal_id: PrincipalId,
    /// The principal's name as the customer sees it.
    principal_id_display_name: DisplayName,
    /// The built-in role that can be activated: supported by Azure Lighthouse, and neither Owner
    /// nor User Access Administrator.
    role_definition_id: RoleDefinitionId,
    /// How activation works. Left out, it is the default policy: no multi-factor
    /// authentication, up to `PT8H`, no approvers.
    #[serde(default)]
    just_in_time_access_policy: JustInTimeAccessPolicy,
}

impl EligibleAuthorization {
    /// An eligible authorization.
    ///
    /// # Errors
    /// A [`Report`] when the role is not supported, or is Owner or User Access Administrator.
    pub fn new(
        principal_id: PrincipalId,
        display_name: DisplayName,
        role: RoleDefinitionId,
        policy: JustInTimeAccessPolicy,
    ) -> Result<Self, Report> {
        let problems: Vec<Diagnostic> = eligible_role_problem(RoleCatalog::bundled_ref(), role)
            .into_iter()
            .collect();
        into_result(
            EligibleAuthorization {
                principal_id,
                principal_id_display_name: display_name,
                role_definition_id: role,
                just_in_time_access_policy: policy,
            },
            problems,
        )
    }

    /// The principal that may activate the role.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The principal's display name.
    #[must_use]
    pub fn principal_id_display_name(&self) -> &DisplayName {
        &self.principal_id_display_name
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

impl Decode for EligibleAuthorization {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let principal_id = obj.required("principalId", cx);
        let display_name = obj.required("principalIdDisplayName", cx);
        let role = obj
            .required::<RoleGuid>("roleDefinitionId", cx)
            .map(|role| role.0);
        let policy = obj
            .optional("justInTimeAccessPolicy", cx)
            .or(JustInTimeAccessPolicy::default());
        obj.finish(cx);
        let role = role?;
        let problem = eligible_role_problem(RoleCatalog::of(cx), role);
        let valid = problem.is_none();
        cx.report_under(at, problem);
        let eligible = EligibleAuthorization {
            principal_id: principal_id?,
            principal_id_display_name: display_name?,
            role_definition_id: role,
            just_in_time_access_policy: policy?,
        };
        valid.then_some(eligible)
    }
}

deserialize_via_decode!(
    Authorization,
    Approver,
    JustInTimeAccessPolicy,
    EligibleAuthorization,
);

/// The `if`/`then`/`else` of a permanent authorization: with User Access Administrator,
/// `delegatedRoleDefinitionIds` lists at least one role; with any other role it lists none.
fn assignable_roles_condition(schema: &mut Schema) {
    let uaa = guid_pattern_any_case(RoleDefinitionId::USER_ACCESS_ADMINISTRATOR);
    schema.insert(
        "if".into(),
        json!({
            "properties": { "roleDefinitionId": { "pattern": uaa } },
            "required": ["roleDefinitionId"],
        }),
    );
    schema.insert(
        "then".into(),
        json!({
            "properties": { "delegatedRoleDefinitionIds": { "minItems": 1 } },
            "required": ["delegatedRoleDefinitionIds"],
        }),
    );
    schema.insert(
        "else".into(),
        json!({ "properties": { "delegatedRoleDefinitionIds": { "maxItems": 0 } } }),
    );
}

/// A display name a strict type requires, at `/principalIdDisplayName` of the grant.
fn required_name(name: Option<&str>) -> Result<DisplayName, Diagnostic> {
    let at = || JsonPointer::root().key("principalIdDisplayName");
    match name {
        None => Err(Diagnostic::new(
            Rule::MissingField,
            JsonPointer::root(),
            "missing required field `principalIdDisplayName`",
        )),
        Some(name) => DisplayName::new(name).map_err(|error| error.at(at())),
    }
}

impl TryFrom<&GrantApprover> for Approver {
    type Error = Report;

    /// Partner Center's approver: the record's, with a display name.
    fn try_from(approver: &GrantApprover) -> Result<Self, Report> {
        let name = required_name(approver.principal_id_display_name())
            .map_err(|d| Report::new(vec![d]))?;
        Ok(Approver::new(approver.principal_id(), name))
    }
}

impl TryFrom<&GrantPolicy> for JustInTimeAccessPolicy {
    type Error = Report;

    /// Partner Center's policy: every approver named, at most
    /// [`JustInTimeAccessPolicy::MAX_APPROVERS`] of them, none twice.
    fn try_from(policy: &GrantPolicy) -> Result<Self, Report> {
        let mut problems = Vec::new();
        let mut approvers = Vec::new();
        for (i, approver) in policy.managed_by_tenant_approvers().iter().enumerate() {
            match Approver::try_from(approver) {
                Ok(approver) => approvers.push(approver),
                Err(report) => problems.extend(report.into_diagnostics().into_iter().map(|d| {
                    d.under(&JsonPointer::root().key("managedByTenantApprovers").index(i))
                })),
            }
        }
        if !problems.is_empty() {
            return Err(Report::new(problems));
        }
        JustInTimeAccessPolicy::new(
            policy.multi_factor_auth_provider(),
            policy.maximum_activation_duration(),
            approvers,
        )
    }
}

impl TryFrom<&PermanentGrant> for Authorization {
    type Error = Report;

    /// Partner Center's permanent authorization from a grant of any reader: the display name is
    /// required, and the roles are judged with the bundled catalog, as by
    /// [`Authorization::with_assignable_roles`]. Paths are relative to the grant.
    fn try_from(grant: &PermanentGrant) -> Result<Self, Report> {
        let (role, assignable) = (
            grant.role_definition_id(),
            grant.delegated_role_definition_ids(),
        );
        let name = required_name(grant.principal_id_display_name());
        let mut problems = name.clone().err().into_iter().collect::<Vec<_>>();
        problems.extend(permanent_role_problems(
            RoleCatalog::bundled_ref(),
            role,
            assignable,
        ));
        match name {
            Ok(name) if problems.is_empty() => Ok(Authorization {
                principal_id: grant.principal_id(),
                principal_id_display_name: name,
                role_definition_id: role,
                delegated_role_definition_ids: assignable.to_vec(),
            }),
            _ => Err(Report::new(problems)),
        }
    }
}

impl TryFrom<&EligibleGrant> for EligibleAuthorization {
    type Error = Report;

    /// Partner Center's eligible authorization from a grant of any reader: display names are
    /// required, and the role is judged with the bundled catalog, as by
    /// [`EligibleAuthorization::new`]. Paths are relative to the grant.
    fn try_from(grant: &EligibleGrant) -> Result<Self, Report> {
        let mut problems = Vec::new();
        let name = required_name(grant.principal_id_display_name())
            .map_err(|d| problems.push(d))
            .ok();
        let policy = JustInTimeAccessPolicy::try_from(grant.just_in_time_access_policy())
            .map_err(|report| {
                let at = JsonPointer::root().key("justInTimeAccessPolicy");
                problems.extend(report.into_diagnostics().into_iter().map(|d| d.under(&at)));
            })
            .ok();
        problems.extend(eligible_role_problem(
            RoleCatalog::bundled_ref(),
            grant.role_definition_id(),
        ));
        match (name, policy) {
            (Some(name), Some(policy)) if problems.is_empty() => Ok(EligibleAuthorization {
                principal_id: grant.principal_id(),
                principal_id_display_name: name,
                role_definition_id: grant.role_definition_id(),
                just_in_time_access_policy: policy,
            }),
            _ => Err(Report::new(problems)),
        }
    }
}

impl Authorization {
    /// The record's grant of this authorization, written at `at`.
    pub(crate) fn grant(&self, at: JsonPointer) -> PermanentGrant {
        PermanentGrant::new(
            self.principal_id,
            Some(self.principal_id_display_name.as_str().to_owned()),
            self.role_definition_id,
            self.delegated_role_definition_ids.clone(),
            at,
        )
    }
}

impl From<&JustInTimeAccessPolicy> for GrantPolicy {
    fn from(policy: &JustInTimeAccessPolicy) -> Self {
        GrantPolicy::new(
            policy.multi_factor_auth_provider,
            policy.maximum_activation_duration,
            policy
                .managed_by_tenant_approvers
                .iter()
                .map(|a| {
                    GrantApprover::new(
                        a.principal_id,
                        Some(a.principal_id_display_name.as_str().to_owned()),
                    )
                })
                .collect(),
        )
    }
}

impl EligibleAuthorization {
    /// The record's grant of this authorization, written at `at`.
    pub(crate) fn grant(&self, at: JsonPointer) -> EligibleGrant {
        EligibleGrant::new(
            self.principal_id,
            Some(self.principal_id_display_name.as_str().to_owned()),
            self.role_definition_id,
            (&self.just_in_time_access_policy).into(),
            at,
        )
    }
}

impl crate::delegation::rules::PermanentRoles for Authorization {
    fn principal(&self) -> PrincipalId {
        self.principal_id
    }
    fn role(&self) -> RoleDefinitionId {
        self.role_definition_id
    }
    fn assignable(&self) -> &[RoleDefinitionId] {
        &self.delegated_role_definition_ids
    }
}

impl crate::delegation::rules::EligibleRoles for EligibleAuthorization {
    type Policy = JustInTimeAccessPolicy;
    fn principal(&self) -> PrincipalId {
        self.principal_id
    }
    fn display_name(&self) -> Option<&str> {
        Some(self.principal_id_display_name.as_str())
    }
    fn role(&self) -> RoleDefinitionId {
        self.role_definition_id
    }
    fn only_approver(&self) -> Option<PrincipalId> {
        match self
            .just_in_time_access_policy
            .managed_by_tenant_approvers
            .as_slice()
        {
            [only] => Some(only.principal_id),
            _ => None,
        }
    }
    fn policy(&self) -> &Self::Policy {
        &self.just_in_time_access_policy
    }
}
