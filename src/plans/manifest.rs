//! The manifest of a plan: which tenant manages, and who gets which role.

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::delegation::record::Delegation;
use crate::delegation::rules::{judge_grants, policy_mismatches, warnings_only};
use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::plans::authorization::{Authorization, EligibleAuthorization};
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report};
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;
use crate::values::guid::{RoleDefinitionId, TenantId};
use crate::values::version::ManifestVersion;

/// The manifest of a plan (seed documents: "manifest details"): its version, the provider's
/// tenant, and the authorizations every customer who buys the plan grants.
///
/// Rules:
/// - `version` is `n.n.n` ([`ManifestVersion`]); each new manifest of a plan needs a higher one;
/// - at least one permanent authorization, even when there are eligible ones, and at most
///   [`Manifest::MAX_AUTHORIZATIONS`] authorizations, permanent and eligible together;
/// - eligible authorizations that share a role have identical just-in-time policies;
/// - warning `missing-delete-role` when no authorization holds the Managed Services Registration
///   assignment Delete Role: without it the provider can never remove its own access;
/// - warning `unknown-role` for every role the catalog does not know;
/// - warning `eligible-without-permanent-authorization` for each eligible principal without a
///   permanent authorization (it could not elevate its role in the Azure portal);
/// - warning `eligible-principal-is-only-approver` when an eligible principal is its own only
///   approver (approvers can't approve their own access).
///
/// ```
/// use lighthouse_offer::{Authorization, DisplayName, Manifest, ManifestVersion, RoleDefinitionId};
///
/// let tenant = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
/// let soc = Authorization::new("5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?,
///     DisplayName::new("Contoso SOC")?, RoleDefinitionId::READER)?;
/// let checked = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant)
///     .authorization(soc)
///     .build()?;
/// // No authorization holds the delete role: the warning comes with the manifest.
/// assert_eq!(checked.warnings()[0].name(), "missing-delete-role");
///
/// let empty = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant).build();
/// let report = empty.unwrap_err();
/// assert_eq!(report.errors().next().unwrap().name(), "no-permanent-authorization");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    /// The manifest's version, `n.n.n`. A new manifest of a plan needs a higher version.
    version: ManifestVersion,
    /// The provider's Microsoft Entra tenant, whose principals get access (ARM:
    /// `managedByTenantId`).
    tenant_id: TenantId,
    /// The permanent authorizations: at least 1, and at most 20 together with the eligible ones.
    /// Include one with the Managed Services Registration assignment Delete Role, so that the
    /// provider can remove the delegation itself.
    #[schemars(length(min = 1, max = Self::MAX_AUTHORIZATIONS))]
    authorizations: Vec<Authorization>,
    /// The eligible (just-in-time) authorizations, activated through Privileged Identity
    /// Management. Those that share a role must have identical policies. At most 20 together
    /// with the permanent ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = Self::MAX_AUTHORIZATIONS))]
    eligible_authorizations: Vec<EligibleAuthorization>,
}

/// Builds a [`Manifest`] step by step; [`ManifestBuilder::build`] checks every rule at once.
#[derive(Clone, Debug)]
#[must_use]
pub struct ManifestBuilder {
    manifest: Manifest,
}

impl ManifestBuilder {
    /// Adds a permanent authorization.
    pub fn authorization(mut self, authorization: Authorization) -> Self {
        self.manifest.authorizations.push(authorization);
        self
    }

    /// Adds an eligible authorization.
    pub fn eligible_authorization(mut self, eligible: EligibleAuthorization) -> Self {
        self.manifest.eligible_authorizations.push(eligible);
        self
    }

    /// Checks the manifest.
    ///
    /// # Errors
    /// A [`Report`] with every broken rule, paths relative to the manifest.
    pub fn build(self) -> Result<Checked<Manifest>, Report> {
        let problems = self.manifest.problems();
        if problems.is_empty() {
            let warnings = self.manifest.warnings();
            Ok(Checked::new(self.manifest, warnings))
        } else {
            let mut all = problems;
            all.extend(self.manifest.warnings());
            Err(Report::new(all))
        }
    }
}

impl Manifest {
    /// The most authorizations of a plan's manifest, permanent and eligible together. Partner
    /// Center: "You can create up to 20 authorizations for each plan", each of access type
    /// Active or Eligible (Microsoft Learn, *Create plans for a Managed Service offer*, version
    /// of 2021-07-12; *Create eligible authorizations*, 2025-04-28, calls eligibility the
    /// access type of each authorization). The JSON Schema can only bound each list by it; the
    /// check counts both.
    pub const MAX_AUTHORIZATIONS: usize = 20;

    /// The role that lets the provider remove a delegation: Managed Services Registration
    /// assignment Delete Role.
    pub const DELETE_ROLE: RoleDefinitionId =
        RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE;

    /// Starts a manifest of `version` for the provider's tenant.
    pub fn builder(version: ManifestVersion, tenant_id: TenantId) -> ManifestBuilder {
        ManifestBuilder {
            manifest: Manifest {
                version,
                tenant_id,
                authorizations: Vec::new(),
                eligible_authorizations: Vec::new(),
            },
        }
    }

    /// Reads a manifest from a JSON document (the form of a plan's `manifest`).
    ///
    /// # Errors
    /// A [`Report`] with every problem of the document, each at its JSON Pointer.
    pub fn from_json_str(text: &str) -> Result<Checked<Manifest>, Report> {
        crate::document::decode::read_document(text, Manifest::warnings)
    }

    /// The version.
    #[must_use]
    pub fn version(&self) -> &ManifestVersion {
        &self.version
    }

    /// The provider's tenant.
    #[must_use]
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }

    /// The permanent authorizations (at least one).
    #[must_use]
    pub fn authorizations(&self) -> &[Authorization] {
        &self.authorizations
    }

    /// The eligible authorizations (possibly none).
    #[must_use]
    pub fn eligible_authorizations(&self) -> &[EligibleAuthorization] {
        &self.eligible_authorizations
    }

    /// Whether some permanent authorization holds the delete role.
    #[must_use]
    pub fn has_delete_role(&self) -> bool {
        self.authorizations
            .iter()
            .any(|a| a.role_definition_id() == Self::DELETE_ROLE)
    }

    /// The warnings of this manifest, paths relative to it: `missing-delete-role`,
    /// `unknown-role`, `data-actions-assignable-role`, `eligible-without-permanent-authorization`
    /// and `eligible-principal-is-only-approver`, with roles judged by the bundled catalog (an
    /// offer judges its manifests with the catalog it was read with: [`Offer::warnings`]).
    /// They are results of the model, the same every time they are asked for.
    ///
    /// [`Offer::warnings`]: crate::Offer::warnings
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.warnings_in(RoleCatalog::bundled_ref())
    }

    /// [`Manifest::warnings`], with roles judged by `catalog`.
    pub(crate) fn warnings_in(&self, catalog: &RoleCatalog) -> Vec<Diagnostic> {
        // The plan's own authorizations, borrowed: no delegation record is built to judge them.
        let root = JsonPointer::root;
        warnings_only(judge_grants(
            catalog,
            &root(),
            (&self.authorizations, |i| {
                root().key("authorizations").index(i)
            }),
            (&self.eligible_authorizations, |i| {
                root().key("eligibleAuthorizations").index(i)
            }),
        ))
    }

    /// The record of the delegation this manifest asks for, written at the root (its grants
    /// at `/authorizations/0`, `/eligibleAuthorizations/0`): see [`crate::delegation`].
    #[must_use]
    pub fn delegation(&self) -> Delegation {
        let root = JsonPointer::root;
        Delegation::new(
            self.tenant_id,
            None,
            self.authorizations
                .iter()
                .enumerate()
                .map(|(i, a)| a.grant(root().key("authorizations").index(i)))
                .collect(),
            self.eligible_authorizations
                .iter()
                .enumerate()
                .map(|(i, e)| e.grant(root().key("eligibleAuthorizations").index(i)))
                .collect(),
            root(),
        )
    }

    /// The rules across authorizations, paths relative to the manifest.
    fn problems(&self) -> Vec<Diagnostic> {
        let mut found = count_problems(
            self.authorizations.len(),
            self.eligible_authorizations.len(),
        );
        found.extend(eligible_policy_mismatches(&self.eligible_authorizations));
        found.extend(duplicate_authorizations(&self.authorizations));
        found
    }
}

/// The same principal given the same role twice in one manifest: the second says nothing more,
/// and is most often a copy left unedited (`duplicate-item`, at the second).
pub(crate) fn duplicate_authorizations(authorizations: &[Authorization]) -> Vec<Diagnostic> {
    crate::document::decode::repeats_by(authorizations, |a| {
        (a.principal_id(), a.role_definition_id())
    })
    .into_iter()
    .map(|(i, first)| {
        let a = &authorizations[i];
        Diagnostic::new(
            Rule::DuplicateItem,
            JsonPointer::root().key("authorizations").index(i),
            format!(
                "principal {} is given role {} twice in this plan (first at index {first})",
                a.principal_id(),
                a.role_definition_id()
            ),
        )
        .with_help(format!(
            "Remove this authorization, or give it another principal or role (the one at index {first} stays)."
        ))
    })
    .collect()
}

fn count_problems(permanent: usize, eligible: usize) -> Vec<Diagnostic> {
    let at = || JsonPointer::root().key("authorizations");
    let count = permanent.saturating_add(eligible);
    if permanent == 0 {
        vec![Diagnostic::new(
            Rule::NoPermanentAuthorization,
            at(),
            "a manifest needs at least one permanent authorization, found none",
        )]
    } else if count > Manifest::MAX_AUTHORIZATIONS {
        vec![Diagnostic::new(
            Rule::TooManyItems,
            at(),
            format!(
                "a manifest has {count} authorizations ({permanent} permanent, {eligible} eligible), at most {} are allowed, permanent and eligible together",
                Manifest::MAX_AUTHORIZATIONS
            ),
        )]
    } else {
        Vec::new()
    }
}

/// Eligible authorizations sharing a role with different policies, paths relative to the
/// manifest.
fn eligible_policy_mismatches(eligible: &[EligibleAuthorization]) -> Vec<Diagnostic> {
    policy_mismatches(
        eligible,
        EligibleAuthorization::role_definition_id,
        EligibleAuthorization::just_in_time_access_policy,
    )
}

impl Decode for Manifest {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        // The count first: with a hostile list of 100,000 items, it is the problem to see, before
        // the report fills up with the items' own.
        let count = obj_len(value, "authorizations").map(|permanent| {
            count_problems(
                permanent,
                obj_len(value, "eligibleAuthorizations").unwrap_or(0),
            )
        });
        let mut valid = count.as_ref().is_none_or(Vec::is_empty);
        cx.report_under(at, count.into_iter().flatten());
        let version = obj.required("version", cx);
        let tenant_id = obj.required("tenantId", cx);
        let authorizations = obj.required::<Vec<Authorization>>("authorizations", cx);
        let eligible = obj
            .optional::<Vec<EligibleAuthorization>>("eligibleAuthorizations", cx)
            .or(Vec::new());
        obj.finish(cx);
        // Cross-item rules are checked on whatever could be read, so that they are reported
        // together with problems inside the items.
        if let Some(eligible) = &eligible {
            let problems = eligible_policy_mismatches(eligible);
            valid &= problems.is_empty();
            cx.report_under(at, problems);
        }
        if let Some(authorizations) = &authorizations {
            let problems = duplicate_authorizations(authorizations);
            valid &= problems.is_empty();
            cx.report_under(at, problems);
        }
        let manifest = Manifest {
            version: version?,
            tenant_id: tenant_id?,
            authorizations: authorizations?,
            eligible_authorizations: eligible?,
        };
        valid.then_some(manifest)
    }
}

/// The length of an array field, if the field is an array.
fn obj_len(value: &Value, key: &str) -> Option<usize> {
    value.get(key)?.as_array().map(Vec::len)
}

deserialize_via_decode!(Manifest);
