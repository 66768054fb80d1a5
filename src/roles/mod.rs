//! Azure built-in roles, and which of them Azure Lighthouse can delegate.
//!
//! An authorization in a managed service offer gives a principal of the provider's tenant one
//! Azure role at the customer, named by its role definition ID (a GUID). Azure Lighthouse does not
//! accept every role. The rules, from Microsoft's "Tenants, users, and roles in Azure Lighthouse
//! scenarios" (2023 and 2026) and the resource provider's own error messages:
//!
//! 1. **Built-in roles only.** Custom roles and the classic administrator roles cannot be
//!    delegated. A GUID that is not in the catalog below is [`RoleSupport::Unknown`]: it is either
//!    a custom role or a built-in role newer than the catalog, and it is never taken as supported.
//! 2. **Not Owner** ([`RoleDefinitionId::OWNER`]).
//! 3. **No data actions.** A role with any `DataActions` or `NotDataActions` in any of its
//!    permission blocks cannot be delegated ("only built in role definitions without any data and
//!    notData actions are allowed"). Roles gain data actions over time: Log Analytics Contributor
//!    and Log Analytics Reader have them now, although most public samples still use them.
//! 4. **No restricted `Microsoft.Authorization` actions.** A role whose `Actions` grant one of
//!    [`RESTRICTED_ACTIONS`] (directly, or through a wildcard such as `*`,
//!    `Microsoft.Authorization/*` or `*/write`) cannot be delegated, unless the `NotActions` of the
//!    same permission block take that action away again, as Contributor's do.
//! 5. **User Access Administrator** ([`RoleDefinitionId::USER_ACCESS_ADMINISTRATOR`]) is the one
//!    exception to rule 4, and a narrow one: it is
//!    [`RoleSupport::AssignableRolesOnly`], accepted only in a permanent authorization that lists
//!    the roles it may assign to managed identities (`delegatedRoleDefinitionIds`), and never in an
//!    eligible (just-in-time) authorization.
//!
//! Owner and User Access Administrator are recognised by their IDs; rules 3 and 4 are read from
//! each role's permissions.
//!
//! # The catalog
//!
//! [`built_in`] lists every built-in role of an `az role definition list` dump of 2026-08-22, with
//! its ID, its name and the two facts the rules need: whether it has data actions, and the first
//! restricted action it grants. Nothing else (descriptions, the permissions themselves) is kept.
//! The list is generated from the repository's `data/azure-builtin-roles.json` (each role's ID,
//! name, type and permissions, refreshed from `az role definition list`) by the test
//! `tests/generated_roles.rs`, which also fails when the checked-in list is stale.
//!
//! ```
//! use lighthouse_offer::RoleDefinitionId;
//! use lighthouse_offer::roles::{RoleSupport, UnsupportedReason};
//!
//! assert_eq!(RoleDefinitionId::CONTRIBUTOR.support(), RoleSupport::Supported);
//! assert_eq!(
//!     RoleDefinitionId::OWNER.support(),
//!     RoleSupport::Unsupported(UnsupportedReason::Owner)
//! );
//!
//! // Log Analytics Contributor gained data actions: the samples that use it fail today.
//! let id: RoleDefinitionId = "92aaf0da-9dab-42b6-94a3-d43ce8d16293".parse().unwrap();
//! assert_eq!(id.built_in().unwrap().name(), "Log Analytics Contributor");
//! assert_eq!(id.support(), RoleSupport::Unsupported(UnsupportedReason::DataActions));
//!
//! // A GUID the catalog does not know: a custom role, or a role newer than the catalog.
//! let custom: RoleDefinitionId = "00000000-0000-0000-0000-000000000001".parse().unwrap();
//! assert_eq!(custom.support(), RoleSupport::Unknown);
//! ```

use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::values::guid::RoleDefinitionId;

mod catalog;
mod nearest;
mod reference;
mod replacements;
mod user_catalog;

pub use nearest::{TYPO_DISTANCE, nearest_guid};
pub(crate) use reference::RoleGuid;
pub use reference::{RoleText, role_instead_of_guid, role_text};
pub use replacements::{
    MAX_REPLACEMENTS, action_overlap, closest_by_actions, common_namespaces, namespace,
};

#[doc(hidden)]
pub use user_catalog::pattern_matches;
pub use user_catalog::{CatalogRole, RoleCatalog};

/// The `Microsoft.Authorization` operations that a delegated role may not grant: writing or
/// deleting role assignments, role definitions, classic administrators, locks and deny
/// assignments. Source: Microsoft Learn, "Tenants, users, and roles in Azure Lighthouse
/// scenarios".
///
/// The order is the order in which [`BuiltInRole::restricted_action`] looks for them.
pub const RESTRICTED_ACTIONS: [&str; 10] = [
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Authorization/roleAssignments/delete",
    "Microsoft.Authorization/roleDefinitions/write",
    "Microsoft.Authorization/roleDefinitions/delete",
    "Microsoft.Authorization/classicAdministrators/write",
    "Microsoft.Authorization/classicAdministrators/delete",
    "Microsoft.Authorization/locks/write",
    "Microsoft.Authorization/locks/delete",
    "Microsoft.Authorization/denyAssignments/write",
    "Microsoft.Authorization/denyAssignments/delete",
];

/// An Azure built-in role of the catalog: its ID, its name, and the facts about its permissions
/// that decide whether Azure Lighthouse can delegate it.
///
/// Get one from [`built_in`], [`RoleDefinitionId::built_in`] or [`find_by_name`]; roles cannot
/// be made up.
///
/// ```
/// use lighthouse_offer::RoleDefinitionId;
/// use lighthouse_offer::roles;
///
/// let reader = RoleDefinitionId::READER.built_in().unwrap();
/// assert_eq!(reader.name(), "Reader");
/// assert!(!reader.has_data_actions());
/// assert_eq!(reader.restricted_action(), None);
///
/// let rbac = roles::find_by_name("role based access control administrator").unwrap();
/// assert_eq!(rbac.restricted_action(), Some("Microsoft.Authorization/roleAssignments/write"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BuiltInRole {
    id: RoleDefinitionId,
    name: &'static str,
    data_actions: bool,
    restricted_action: Option<&'static str>,
}

/// A catalog entry; the generated catalog is written as calls of this function.
const fn role(
    id: u128,
    name: &'static str,
    data_actions: bool,
    restricted_action: Option<&'static str>,
) -> BuiltInRole {
    BuiltInRole {
        id: RoleDefinitionId::from_u128(id),
        name,
        data_actions,
        restricted_action,
    }
}

impl BuiltInRole {
    /// The role definition ID (ARM: the last segment of the role definition's resource ID).
    #[must_use]
    pub const fn id(&self) -> RoleDefinitionId {
        self.id
    }

    /// The role's name as Azure spells it (`roleName`), for example `Virtual Machine Contributor`.
    /// A few names carry white space Azure put there, such as a trailing space.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Whether any of the role's permission blocks has `DataActions` or `NotDataActions`, which
    /// makes the role unsupported.
    #[must_use]
    pub const fn has_data_actions(&self) -> bool {
        self.data_actions
    }

    /// The first of [`RESTRICTED_ACTIONS`] that the role grants: one that a pattern of its
    /// `Actions` matches (`*` stands for any run of characters, case is ignored) and no pattern of
    /// the same permission block's `NotActions` takes away. `None` when it grants none of them.
    ///
    /// Owner and User Access Administrator grant restricted actions too; their support is decided
    /// by their IDs (see [`BuiltInRole::support`]).
    #[must_use]
    pub const fn restricted_action(&self) -> Option<&'static str> {
        self.restricted_action
    }

    /// Whether Azure Lighthouse can delegate this role. The checks run in this order: Owner, User
    /// Access Administrator (both by ID), data actions, restricted actions; the first that applies
    /// gives the answer.
    #[must_use]
    pub fn support(&self) -> RoleSupport {
        judge(self.id, self.data_actions, self.restricted_action)
    }
}

/// The rules of Lighthouse support, for a role of any catalog: Owner, User Access Administrator
/// (both by ID), data actions, restricted actions; the first that applies gives the answer.
pub(crate) fn judge(
    id: RoleDefinitionId,
    data_actions: bool,
    restricted_action: Option<&'static str>,
) -> RoleSupport {
    if id == RoleDefinitionId::OWNER {
        RoleSupport::Unsupported(UnsupportedReason::Owner)
    } else if id == RoleDefinitionId::USER_ACCESS_ADMINISTRATOR {
        RoleSupport::AssignableRolesOnly
    } else if data_actions {
        RoleSupport::Unsupported(UnsupportedReason::DataActions)
    } else if let Some(action) = restricted_action {
        RoleSupport::Unsupported(UnsupportedReason::RestrictedAction(action))
    } else {
        RoleSupport::Supported
    }
}

/// The most catalog entries whose IDs share their first byte: the most IDs that
/// [`RoleDefinitionId::built_in`] compares. (IDs are random, so 928 roles spread over 256 first
/// bytes about evenly; a test keeps this constant true.)
pub const MAX_ROLES_PER_FIRST_BYTE: usize = 12;

fn first_byte(id: RoleDefinitionId) -> u8 {
    id.as_uuid().as_bytes()[0]
}

/// For each first byte of an ID, where the catalog's entries with that first byte begin; the
/// last entry is the catalog's length. The catalog is sorted by ID, so each first byte has one
/// run of entries. Computed when the crate is compiled.
#[allow(clippy::cast_possible_truncation)] // the catalog's length is checked to fit first
static BY_FIRST_BYTE: [u16; 257] = {
    let roles = catalog::BUILT_IN;
    assert!(roles.len() < u16::MAX as usize);
    let mut starts = [0_u16; 257];
    let mut byte = 0;
    let mut i = 0;
    while byte < 256 {
        while i < roles.len() && (roles[i].id.as_uuid().as_bytes()[0] as usize) < byte {
            i += 1;
        }
        starts[byte] = i as u16;
        byte += 1;
    }
    starts[256] = roles.len() as u16;
    starts
};

/// Every built-in role of the catalog, sorted by ID.
///
/// ```
/// let roles = lighthouse_offer::roles::built_in();
/// assert!(roles.len() > 900);
/// assert!(roles.windows(2).all(|pair| pair[0].id() < pair[1].id()));
/// ```
#[must_use]
pub fn built_in() -> &'static [BuiltInRole] {
    catalog::BUILT_IN
}

/// The built-in role with this name, ignoring case and white space around the name (the catalog
/// spells one name with a trailing space). Names are unique in the catalog. A lookup in a hash
/// table built when the crate is compiled, without allocating (a query that is not ASCII is
/// compared with each name, with Unicode's case folding).
///
/// ```
/// use lighthouse_offer::RoleDefinitionId;
/// use lighthouse_offer::roles::find_by_name;
///
/// assert_eq!(find_by_name("contributor").unwrap().id(), RoleDefinitionId::CONTRIBUTOR);
/// assert!(find_by_name("Contrib").is_none());
/// ```
#[must_use]
pub fn find_by_name(name: &str) -> Option<&'static BuiltInRole> {
    let wanted = name.trim();
    let roles = built_in();
    if wanted.is_ascii() {
        // Every name of the catalog is ASCII (`BY_NAME` checks when it is built): the slot of the
        // name's hash, then the next ones, up to an empty slot.
        let wanted = wanted.as_bytes();
        let mut slot = name_slot(wanted);
        loop {
            let index = BY_NAME[slot];
            if index == NO_ROLE {
                return None;
            }
            let role = &roles[usize::from(index)];
            if role.name.trim().as_bytes().eq_ignore_ascii_case(wanted) {
                return Some(role);
            }
            slot = (slot + 1) % NAME_SLOTS;
        }
    } else {
        // Unicode case folding can still match an ASCII name (the Kelvin sign is a `k`).
        roles
            .iter()
            .find(|role| eq_ignore_case(role.name.trim(), wanted))
    }
}

/// The slots of [`BY_NAME`]: a power of two, more than twice the catalog's roles, so that a
/// lookup compares one name or two.
const NAME_SLOTS: usize = 2048;

/// An empty slot of [`BY_NAME`].
const NO_ROLE: u16 = u16::MAX;

/// The first slot of [`BY_NAME`] to look at for a name: its FNV-1a hash, taken over the bytes in
/// ASCII lowercase, so that names that differ in case only have the same slot.
#[allow(clippy::cast_possible_truncation)] // the hash is cut to a slot on purpose
const fn name_slot(name: &[u8]) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < name.len() {
        hash ^= name[i].to_ascii_lowercase() as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        i += 1;
    }
    hash as usize % NAME_SLOTS
}

/// A catalog name without the white space around it, as `str::trim` cuts an ASCII name.
const fn trimmed(name: &str) -> &[u8] {
    const fn space(byte: u8) -> bool {
        matches!(byte, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
    }
    let mut bytes = name.as_bytes();
    while let [first, rest @ ..] = bytes {
        if !space(*first) {
            break;
        }
        bytes = rest;
    }
    while let [rest @ .., last] = bytes {
        if !space(*last) {
            break;
        }
        bytes = rest;
    }
    bytes
}

/// Whether two ASCII names are equal, ignoring case.
const fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// The catalog by name: an open-addressing hash table of indices into the catalog, each at the
/// slot of [`name_slot`] of its trimmed name or the first empty slot after it. Computed when the
/// crate is compiled, which also checks that every name is ASCII (so that ASCII lowercase is case
/// folding) and that no two names differ in case or white space only.
#[allow(clippy::cast_possible_truncation)] // the catalog's length is checked to fit first
static BY_NAME: [u16; NAME_SLOTS] = {
    let roles = catalog::BUILT_IN;
    assert!(roles.len() * 2 < NAME_SLOTS && roles.len() < NO_ROLE as usize);
    let mut slots = [NO_ROLE; NAME_SLOTS];
    let mut i = 0;
    while i < roles.len() {
        let name = trimmed(roles[i].name);
        assert!(name.is_ascii(), "every catalog name is ASCII");
        let mut slot = name_slot(name);
        while slots[slot] != NO_ROLE {
            let other = trimmed(roles[slots[slot] as usize].name);
            assert!(
                !same_name(name, other),
                "two catalog names differ in case only"
            );
            slot = (slot + 1) % NAME_SLOTS;
        }
        slots[slot] = i as u16;
        i += 1;
    }
    slots
};

/// The built-in roles whose names contain `query`, ignoring case and white space around the query,
/// in the catalog's order (by ID). An empty query finds every role.
///
/// ```
/// let found: Vec<_> = lighthouse_offer::roles::search("log analytics")
///     .map(|role| role.name())
///     .collect();
/// assert!(found.contains(&"Log Analytics Reader"));
/// assert!(found.contains(&"Log Analytics Contributor"));
/// ```
pub fn search(query: &str) -> impl Iterator<Item = &'static BuiltInRole> + use<> {
    let needle: Vec<char> = query.trim().chars().flat_map(char::to_lowercase).collect();
    built_in()
        .iter()
        .filter(move |role| contains_ignore_case(role.name, &needle))
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether `haystack` contains `needle`, which is already in lowercase, ignoring case.
fn contains_ignore_case(haystack: &str, needle: &[char]) -> bool {
    needle.is_empty()
        || haystack.char_indices().any(|(start, _)| {
            let mut rest = haystack[start..].chars().flat_map(char::to_lowercase);
            needle.iter().all(|&c| rest.next() == Some(c))
        })
}

/// Whether Azure Lighthouse can delegate a role, with the reason when it cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoleSupport {
    /// A built-in role that can be delegated.
    Supported,
    /// User Access Administrator: supported only to assign the roles listed in the
    /// authorization's `delegatedRoleDefinitionIds` to managed identities, only in permanent
    /// authorizations, never in eligible ones.
    AssignableRolesOnly,
    /// A built-in role that cannot be delegated.
    Unsupported(UnsupportedReason),
    /// Not in the catalog: a custom role (not supported) or a built-in role newer than the
    /// catalog. Never taken as supported; a check reports it as a warning.
    Unknown,
}

impl RoleSupport {
    /// Whether the role can be delegated at all: [`RoleSupport::Supported`] or, with its
    /// conditions, [`RoleSupport::AssignableRolesOnly`].
    #[must_use]
    pub const fn is_supported(self) -> bool {
        matches!(
            self,
            RoleSupport::Supported | RoleSupport::AssignableRolesOnly
        )
    }

    /// The rule that a role with this answer breaks in an authorization, if any. User Access
    /// Administrator breaks none by itself; its conditions are checked with the authorization.
    #[must_use]
    pub const fn rule(self) -> Option<Rule> {
        match self {
            RoleSupport::Supported | RoleSupport::AssignableRolesOnly => None,
            RoleSupport::Unsupported(reason) => Some(reason.rule()),
            RoleSupport::Unknown => Some(Rule::UnknownRole),
        }
    }
}

/// Why a built-in role cannot be delegated with Azure Lighthouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnsupportedReason {
    /// The role is Owner.
    Owner,
    /// The role has `DataActions` or `NotDataActions`.
    DataActions,
    /// The role grants this one of [`RESTRICTED_ACTIONS`].
    RestrictedAction(&'static str),
}

impl UnsupportedReason {
    /// The rule the role breaks: [`Rule::OwnerRole`], [`Rule::DataActionsRole`] or
    /// [`Rule::RestrictedActionRole`].
    #[must_use]
    pub const fn rule(self) -> Rule {
        match self {
            UnsupportedReason::Owner => Rule::OwnerRole,
            UnsupportedReason::DataActions => Rule::DataActionsRole,
            UnsupportedReason::RestrictedAction(_) => Rule::RestrictedActionRole,
        }
    }
}

/// Well-known role definition IDs, checked against the catalog by the crate's tests.
impl RoleDefinitionId {
    /// Owner (`8e3af657-a8ff-443c-a75c-2fe8c4bcb635`): not supported.
    pub const OWNER: Self = Self::from_u128(0x8e3a_f657_a8ff_443c_a75c_2fe8_c4bc_b635);
    /// Contributor (`b24988ac-6180-42a0-ab88-20f7382dd24c`): supported; its `NotActions` take the
    /// restricted actions away.
    pub const CONTRIBUTOR: Self = Self::from_u128(0xb249_88ac_6180_42a0_ab88_20f7_382d_d24c);
    /// Reader (`acdd72a7-3385-48ef-bd42-f606fba81ae7`): supported.
    pub const READER: Self = Self::from_u128(0xacdd_72a7_3385_48ef_bd42_f606_fba8_1ae7);
    /// User Access Administrator (`18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`): supported only with
    /// assignable roles, in permanent authorizations.
    pub const USER_ACCESS_ADMINISTRATOR: Self =
        Self::from_u128(0x18d7_d88d_d35e_4fb5_a5c3_7773_c20a_72d9);
    /// Managed Services Registration assignment Delete Role
    /// (`91c1777a-f3dc-4fae-b103-61d183457e46`): supported, and advised in every offer so that the
    /// provider can remove its own delegation.
    pub const MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE: Self =
        Self::from_u128(0x91c1_777a_f3dc_4fae_b103_61d1_8345_7e46);
    /// Role Based Access Control Administrator (`f58310d9-a9f6-439a-9e8d-f62e7b41a168`): not
    /// supported, it writes role assignments.
    pub const ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR: Self =
        Self::from_u128(0xf583_10d9_a9f6_439a_9e8d_f62e_7b41_a168);
    /// Log Analytics Contributor (`92aaf0da-9dab-42b6-94a3-d43ce8d16293`): not supported since
    /// it gained data actions, although many samples use it.
    pub const LOG_ANALYTICS_CONTRIBUTOR: Self =
        Self::from_u128(0x92aa_f0da_9dab_42b6_94a3_d43c_e8d1_6293);
    /// Log Analytics Reader (`73c42c96-874c-492b-b04d-ab87d138a893`): not supported since it
    /// gained data actions.
    pub const LOG_ANALYTICS_READER: Self =
        Self::from_u128(0x73c4_2c96_874c_492b_b04d_ab87_d138_a893);
    /// Monitoring Contributor (`749f88d5-cbae-40b8-bcfc-e573ddc772fa`).
    pub const MONITORING_CONTRIBUTOR: Self =
        Self::from_u128(0x749f_88d5_cbae_40b8_bcfc_e573_ddc7_72fa);
    /// Monitoring Reader (`43d0d8ad-25c7-4714-9337-8ba259a9fe05`).
    pub const MONITORING_READER: Self = Self::from_u128(0x43d0_d8ad_25c7_4714_9337_8ba2_59a9_fe05);
    /// Security Reader (`39bc4728-0917-49c7-9d2c-d95423bc2eb4`).
    pub const SECURITY_READER: Self = Self::from_u128(0x39bc_4728_0917_49c7_9d2c_d954_23bc_2eb4);
    /// Support Request Contributor (`cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e`).
    pub const SUPPORT_REQUEST_CONTRIBUTOR: Self =
        Self::from_u128(0xcfd3_3db0_3dd1_45e3_aa9d_cdbd_f3b6_f24e);
    /// Virtual Machine Contributor (`9980e02c-c2be-4d73-94e8-173b1dc7cf3c`).
    pub const VIRTUAL_MACHINE_CONTRIBUTOR: Self =
        Self::from_u128(0x9980_e02c_c2be_4d73_94e8_173b_1dc7_cf3c);
    /// Resource Policy Contributor (`36243c78-bf99-498c-9df9-86d9f8d28608`): the role that the
    /// policy samples let User Access Administrator assign to managed identities.
    pub const RESOURCE_POLICY_CONTRIBUTOR: Self =
        Self::from_u128(0x3624_3c78_bf99_498c_9df9_86d9_f8d2_8608);

    /// The built-in role with this ID, in constant time and without allocating: the ID's first
    /// byte picks the run of catalog entries that start with it (at most
    /// [`MAX_ROLES_PER_FIRST_BYTE`] of them), which is searched. `None` for a custom role or a
    /// role newer than the catalog.
    ///
    /// ```
    /// use lighthouse_offer::RoleDefinitionId;
    ///
    /// assert_eq!(RoleDefinitionId::READER.built_in().unwrap().name(), "Reader");
    /// let custom: RoleDefinitionId = "11111111-2222-4333-8444-555555555555".parse().unwrap();
    /// assert!(custom.built_in().is_none());
    /// ```
    #[must_use]
    pub fn built_in(self) -> Option<&'static BuiltInRole> {
        let first = usize::from(first_byte(self));
        let run =
            &built_in()[usize::from(BY_FIRST_BYTE[first])..usize::from(BY_FIRST_BYTE[first + 1])];
        run.iter().find(|role| role.id == self)
    }

    /// Whether Azure Lighthouse can delegate the role with this ID, by the bundled catalog
    /// alone; [`RoleSupport::Unknown`] when it does not know the role. A catalog read from
    /// Azure answers with [`RoleCatalog::support`].
    ///
    /// ```
    /// use lighthouse_offer::RoleDefinitionId;
    /// use lighthouse_offer::roles::RoleSupport;
    ///
    /// assert_eq!(RoleDefinitionId::READER.support(), RoleSupport::Supported);
    /// assert_eq!(
    ///     RoleDefinitionId::USER_ACCESS_ADMINISTRATOR.support(),
    ///     RoleSupport::AssignableRolesOnly
    /// );
    /// ```
    #[must_use]
    pub fn support(self) -> RoleSupport {
        self.built_in()
            .map_or(RoleSupport::Unknown, BuiltInRole::support)
    }

    /// The role's name in the bundled catalog, trimmed; `None` for a role it does not know. A
    /// catalog read from Azure answers with [`RoleCatalog::name`].
    ///
    /// ```
    /// use lighthouse_offer::RoleDefinitionId;
    ///
    /// assert_eq!(RoleDefinitionId::READER.role_name().as_deref(), Some("Reader"));
    /// ```
    #[must_use]
    pub fn role_name(self) -> Option<String> {
        self.built_in().map(|role| role.name().trim().to_owned())
    }

    /// The finding for an authorization's `roleDefinitionId` at `path` when the bundled catalog
    /// says the role cannot be delegated or does not know it, as
    /// [`RoleCatalog::support_diagnostic`] with [`RoleCatalog::bundled`].
    ///
    /// ```
    /// use lighthouse_offer::{JsonPointer, RoleDefinitionId, Rule};
    ///
    /// let path = JsonPointer::root().key("roleDefinitionId");
    /// let found = RoleDefinitionId::OWNER.support_diagnostic(path.clone()).unwrap();
    /// assert_eq!(found.rule(), Rule::OwnerRole);
    /// assert!(RoleDefinitionId::CONTRIBUTOR.support_diagnostic(path).is_none());
    /// ```
    #[must_use]
    pub fn support_diagnostic(self, path: JsonPointer) -> Option<Diagnostic> {
        RoleCatalog::bundled_ref().support_diagnostic(self, path)
    }
}

/// A refused role's finding with, for a role refused for its data actions or a restricted
/// action, a help naming the supported roles that grant most nearly the same, computed from the
/// catalog (Owner's fix names Contributor already).
pub(crate) fn with_replacements(
    found: Diagnostic,
    id: RoleDefinitionId,
    support: RoleSupport,
) -> Diagnostic {
    let replacements = match support {
        RoleSupport::Unsupported(
            UnsupportedReason::DataActions | UnsupportedReason::RestrictedAction(_),
        ) => id
            .built_in()
            .map(BuiltInRole::replacements)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    if replacements.is_empty() {
        return found;
    }
    let named: Vec<String> = replacements
        .iter()
        .map(|role| format!("{} (`{}`)", role.name().trim(), role.id()))
        .collect();
    found.with_help(format!(
        "Give a supported built-in role instead; the nearest to what this one grants: {}.",
        named.join(", ")
    ))
}

/// The error for a GUID that is no built-in role's but at most [`TYPO_DISTANCE`] digits away
/// from one ([`Rule::RoleGuidTypo`], naming the role and its GUID); the path is built only for
/// it.
pub(crate) fn typo_diagnostic(
    id: RoleDefinitionId,
    path: impl FnOnce() -> JsonPointer,
) -> Option<Diagnostic> {
    let (near, distance) = nearest_guid(id, built_in(), TYPO_DISTANCE)?;
    let name = near.name().trim();
    let digits = if distance == 1 { "digit" } else { "digits" };
    Some(
        Diagnostic::new(
            Rule::RoleGuidTypo,
            path(),
            format!(
                "role definition {id} is no built-in role, and {distance} {digits} away from the \
                 GUID of \"{name}\" ({}): a typo of it?",
                near.id()
            ),
        )
        .with_help(format!("Write the GUID of {name}: \"{}\".", near.id())),
    )
}

/// The finding for a GUID no catalog knows: a typo of a built-in role's GUID (at most
/// [`TYPO_DISTANCE`] digits away, [`Rule::RoleGuidTypo`], an error naming the role and its
/// GUID), or else [`Rule::UnknownRole`], a warning whose help says how to judge the role with a
/// newer catalog.
pub(crate) fn unknown_diagnostic(id: RoleDefinitionId, path: JsonPointer) -> Diagnostic {
    if let Some(typo) = typo_diagnostic(id, || path.clone()) {
        return typo;
    }
    Diagnostic::new(
        Rule::UnknownRole,
        path,
        format!(
            "role definition {id} is not a built-in role of the catalog; expected a built-in \
             role, since Azure Lighthouse cannot delegate custom roles (a built-in role newer \
             than the catalog is reported too: check with a newer catalog, `--role-catalog`)"
        ),
    )
    .with_help(
        "The bundled catalog may be older than Azure's: judge the role with a newer one, \
         `--role-catalog roles.json` with the output of `az role definition list` (or \
         `RoleCatalog::from_az_json`); if no catalog knows it, it is a custom role, which Azure \
         Lighthouse cannot delegate: write the GUID of a built-in role (`lighthouse-offer roles \
         NAME` finds it).",
    )
}
