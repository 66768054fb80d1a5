//! The record of a delegation: what every reader of a delegation produces.

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;
use crate::values::duration::ActivationDuration;
use crate::values::guid::{PrincipalId, RoleDefinitionId, TenantId};

/// Where a value was written, as a JSON Pointer into its document. Not part of equality nor of
/// the record's JSON: two records of one delegation are equal wherever they were read from.
#[derive(Clone, Debug, Default)]
struct Written(JsonPointer);

impl PartialEq for Written {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Written {}

impl std::hash::Hash for Written {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// Whether activating an eligible authorization asks for multi-factor authentication
/// (ARM: `multiFactorAuthProvider`). The default is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub enum MultiFactorAuthProvider {
    /// Activation asks for Azure multi-factor authentication.
    Azure,
    /// No multi-factor authentication at activation.
    #[default]
    None,
}

impl Decode for MultiFactorAuthProvider {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        match cx.str(value, at)? {
            "Azure" => Some(MultiFactorAuthProvider::Azure),
            "None" => Some(MultiFactorAuthProvider::None),
            other => {
                cx.error(
                    Rule::UnknownVariant,
                    at,
                    format!(
                        "expected \"Azure\" or \"None\", found {:?}",
                        crate::document::decode::shortened(other)
                    ),
                );
                None
            }
        }
    }
}

deserialize_via_decode!(MultiFactorAuthProvider);

/// A principal who approves just-in-time activations (ARM: `managedByTenantApprovers[]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantApprover {
    principal_id: PrincipalId,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal_id_display_name: Option<String>,
}

impl GrantApprover {
    /// An approver, with its display name if its source gives one.
    #[must_use]
    pub fn new(principal_id: PrincipalId, display_name: Option<String>) -> Self {
        GrantApprover {
            principal_id,
            principal_id_display_name: display_name,
        }
    }

    /// The approver's object ID.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The approver's display name, if its source gives one.
    #[must_use]
    pub fn principal_id_display_name(&self) -> Option<&str> {
        self.principal_id_display_name.as_deref()
    }
}

/// How an eligible grant is activated (ARM: `justInTimeAccessPolicy`): multi-factor
/// authentication or not, for how long at most, and who approves. The default is the
/// resource provider's: `None`, `PT8H`, no approvers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantPolicy {
    multi_factor_auth_provider: MultiFactorAuthProvider,
    maximum_activation_duration: ActivationDuration,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    managed_by_tenant_approvers: Vec<GrantApprover>,
}

impl GrantPolicy {
    /// A policy.
    #[must_use]
    pub fn new(
        multi_factor_auth_provider: MultiFactorAuthProvider,
        maximum_activation_duration: ActivationDuration,
        approvers: Vec<GrantApprover>,
    ) -> Self {
        GrantPolicy {
            multi_factor_auth_provider,
            maximum_activation_duration,
            managed_by_tenant_approvers: approvers,
        }
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

    /// Who approves activations (possibly no one).
    #[must_use]
    pub fn managed_by_tenant_approvers(&self) -> &[GrantApprover] {
        &self.managed_by_tenant_approvers
    }
}

/// A permanent grant (ARM: `authorizations[]`): a principal of the managing tenant holds a role
/// for as long as the delegation lasts, and with User Access Administrator may assign the
/// listed roles to managed identities.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermanentGrant {
    principal_id: PrincipalId,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal_id_display_name: Option<String>,
    role_definition_id: RoleDefinitionId,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    delegated_role_definition_ids: Vec<RoleDefinitionId>,
    #[serde(skip)]
    at: Written,
}

impl PermanentGrant {
    /// A grant written at `at`; the paths of its findings are `at` and below it, with ARM's
    /// field names (`/roleDefinitionId`, `/delegatedRoleDefinitionIds/0`).
    #[must_use]
    pub fn new(
        principal_id: PrincipalId,
        display_name: Option<String>,
        role: RoleDefinitionId,
        assignable_roles: Vec<RoleDefinitionId>,
        at: JsonPointer,
    ) -> Self {
        PermanentGrant {
            principal_id,
            principal_id_display_name: display_name,
            role_definition_id: role,
            delegated_role_definition_ids: assignable_roles,
            at: Written(at),
        }
    }

    /// The principal that gets the role.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The display name customers see, if the source gives one.
    #[must_use]
    pub fn principal_id_display_name(&self) -> Option<&str> {
        self.principal_id_display_name.as_deref()
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

    /// Where the grant was written.
    #[must_use]
    pub fn at(&self) -> &JsonPointer {
        &self.at.0
    }
}

/// An eligible grant (ARM: `eligibleAuthorizations[]`): a principal may activate a role just in
/// time, under a [`GrantPolicy`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EligibleGrant {
    principal_id: PrincipalId,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal_id_display_name: Option<String>,
    role_definition_id: RoleDefinitionId,
    just_in_time_access_policy: GrantPolicy,
    #[serde(skip)]
    at: Written,
}

impl EligibleGrant {
    /// A grant written at `at` (see [`PermanentGrant::new`]).
    #[must_use]
    pub fn new(
        principal_id: PrincipalId,
        display_name: Option<String>,
        role: RoleDefinitionId,
        policy: GrantPolicy,
        at: JsonPointer,
    ) -> Self {
        EligibleGrant {
            principal_id,
            principal_id_display_name: display_name,
            role_definition_id: role,
            just_in_time_access_policy: policy,
            at: Written(at),
        }
    }

    /// The principal that may activate the role.
    #[must_use]
    pub fn principal_id(&self) -> PrincipalId {
        self.principal_id
    }

    /// The display name customers see, if the source gives one.
    #[must_use]
    pub fn principal_id_display_name(&self) -> Option<&str> {
        self.principal_id_display_name.as_deref()
    }

    /// The role.
    #[must_use]
    pub fn role_definition_id(&self) -> RoleDefinitionId {
        self.role_definition_id
    }

    /// How activation works.
    #[must_use]
    pub fn just_in_time_access_policy(&self) -> &GrantPolicy {
        &self.just_in_time_access_policy
    }

    /// Where the grant was written.
    #[must_use]
    pub fn at(&self) -> &JsonPointer {
        &self.at.0
    }
}

/// A delegation, as any reader produces it: the managing tenant (with its name when the source
/// gives one), the permanent grants, the eligible grants, and where the delegation was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delegation {
    #[serde(rename = "tenantId")]
    managed_by_tenant_id: TenantId,
    #[serde(skip)]
    managed_by_tenant_name: Option<String>,
    #[serde(rename = "authorizations")]
    permanent: Vec<PermanentGrant>,
    #[serde(
        rename = "eligibleAuthorizations",
        skip_serializing_if = "Vec::is_empty"
    )]
    eligible: Vec<EligibleGrant>,
    #[serde(skip)]
    at: Written,
}

impl Delegation {
    /// A delegation written at `at`.
    #[must_use]
    pub fn new(
        managed_by_tenant_id: TenantId,
        managed_by_tenant_name: Option<String>,
        permanent: Vec<PermanentGrant>,
        eligible: Vec<EligibleGrant>,
        at: JsonPointer,
    ) -> Self {
        Delegation {
            managed_by_tenant_id,
            managed_by_tenant_name,
            permanent,
            eligible,
            at: Written(at),
        }
    }

    /// The managing tenant (`managedByTenantId`).
    #[must_use]
    pub fn managed_by_tenant_id(&self) -> TenantId {
        self.managed_by_tenant_id
    }

    /// The managing tenant's name, when the source gives it (Azure does).
    #[must_use]
    pub fn managed_by_tenant_name(&self) -> Option<&str> {
        self.managed_by_tenant_name.as_deref()
    }

    /// The permanent grants.
    #[must_use]
    pub fn authorizations(&self) -> &[PermanentGrant] {
        &self.permanent
    }

    /// The eligible grants.
    #[must_use]
    pub fn eligible_authorizations(&self) -> &[EligibleGrant] {
        &self.eligible
    }

    /// Where the delegation was written (for the audit, its `properties` object).
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.at.0
    }
}
