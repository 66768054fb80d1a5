//! A role catalog newer than the bundled one: the JSON that `az role definition list` prints,
//! judged by the same rules as the bundled catalog, and consulted before it.

use std::sync::Arc;

use serde_json::Value;

use super::{RESTRICTED_ACTIONS, RoleSupport, UnsupportedReason, judge};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report};
use crate::report::rules::Rule;
use crate::values::guid::RoleDefinitionId;

/// A role of a [`RoleCatalog`] read from a file: its ID, its name and the facts about its
/// permissions that decide whether Azure Lighthouse can delegate it, derived as the bundled
/// catalog's are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CatalogRole {
    id: RoleDefinitionId,
    name: String,
    data_actions: bool,
    restricted_action: Option<&'static str>,
}

impl CatalogRole {
    /// The role definition ID.
    #[must_use]
    pub fn id(&self) -> RoleDefinitionId {
        self.id
    }

    /// The role's name (`roleName`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether any permission block has `dataActions` or `notDataActions`.
    #[must_use]
    pub fn has_data_actions(&self) -> bool {
        self.data_actions
    }

    /// The first of [`RESTRICTED_ACTIONS`] that the role grants and its `notActions` do not take
    /// away, as [`BuiltInRole::restricted_action`](super::BuiltInRole::restricted_action) says.
    #[must_use]
    pub fn restricted_action(&self) -> Option<&'static str> {
        self.restricted_action
    }

    /// Whether Azure Lighthouse can delegate this role, by the rules of
    /// [`BuiltInRole::support`](super::BuiltInRole::support).
    #[must_use]
    pub fn support(&self) -> RoleSupport {
        judge(self.id, self.data_actions, self.restricted_action)
    }
}

/// The role catalog that judges role definition IDs: the bundled catalog
/// ([`built_in`](super::built_in)), and optionally the built-in roles of a newer
/// `az role definition list`, which win over the bundled ones.
///
/// An unknown role GUID is a custom role (never supported) or a built-in role newer than the
/// bundled catalog: both are the warning `unknown-role`. A catalog read from Azure tells them
/// apart: its built-in roles are judged by the same rules as the bundled ones (Owner, User
/// Access Administrator, data actions, restricted actions), so a new role is accepted, refused
/// or kept as unknown like any other. Roles whose `roleType` is not `BuiltInRole` (custom roles)
/// are left out: they stay unknown.
///
/// Reading the file is the caller's; [`RoleCatalog::from_az_json`] takes its bytes. A check
/// judges with the catalog it is given, never with one found elsewhere: the offer reader's
/// ([`ReadOptions::role_catalog`](crate::ReadOptions::role_catalog)), which the offer keeps
/// for [`Offer::warnings`](crate::Offer::warnings); the ARM reader's
/// ([`arm::CheckOptions::role_catalog`](crate::arm::CheckOptions::role_catalog)); the audit
/// judges with the catalog of the offer it audits ([`Offer::role_catalog`](crate::Offer::role_catalog)).
/// [`RoleDefinitionId::support`] and the constructors of authorizations judge with the bundled
/// catalog alone.
///
/// ```
/// use lighthouse_offer::{RoleDefinitionId, roles::{RoleCatalog, RoleSupport}};
///
/// let json = br#"[{
///   "name": "1e0c0a5f-0000-4000-8000-00000000beef",
///   "id": "/providers/Microsoft.Authorization/roleDefinitions/1e0c0a5f-0000-4000-8000-00000000beef",
///   "roleName": "Contoso Future Reader",
///   "roleType": "BuiltInRole",
///   "permissions": [{ "actions": ["*/read"], "notActions": [], "dataActions": [], "notDataActions": [] }]
/// }]"#;
/// let catalog = RoleCatalog::from_az_json(json)?;
/// let id: RoleDefinitionId = "1e0c0a5f-0000-4000-8000-00000000beef".parse()?;
/// assert_eq!(id.support(), RoleSupport::Unknown);
/// assert_eq!(catalog.support(id), RoleSupport::Supported);
/// assert_eq!(RoleCatalog::bundled().support(id), RoleSupport::Unknown);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleCatalog {
    /// The roles read from a file, sorted by ID; `None` for the bundled catalog alone.
    roles: Option<Arc<[CatalogRole]>>,
}

/// The bundled catalog alone, for the checks that are given no other.
static BUNDLED: RoleCatalog = RoleCatalog::bundled();

impl RoleCatalog {
    /// The bundled catalog alone. Costs nothing: it holds no roles of its own.
    #[must_use]
    pub const fn bundled() -> Self {
        RoleCatalog { roles: None }
    }

    /// The bundled catalog, borrowed for as long as the program runs.
    pub(crate) fn bundled_ref() -> &'static RoleCatalog {
        &BUNDLED
    }

    /// The catalog a reader's context judges roles with: the one its reader was given, or the
    /// bundled catalog.
    pub(crate) fn of(cx: &crate::document::decode::Cx) -> &RoleCatalog {
        cx.facts::<RoleCatalog>().unwrap_or(&BUNDLED)
    }

    /// A reader's context that judges roles with this catalog.
    pub(crate) fn cx(&self) -> crate::document::decode::Cx {
        crate::document::decode::Cx::with_facts(Arc::new(self.clone()))
    }

    /// Reads the JSON that `az role definition list` prints: an array of role definitions, each
    /// with its GUID in `name` (or as the last segment of `id`), `roleName`, `roleType` and
    /// `permissions` (blocks of `actions`, `notActions`, `dataActions`, `notDataActions`; a
    /// list left out is empty). Other fields are ignored. A dump whose `id` is the bare GUID,
    /// as the crate's own reference data has it, reads too.
    ///
    /// # Errors
    /// A [`Report`] with every problem, at its JSON Pointer: not JSON, not an array, a role that
    /// is not an object, a missing or mistyped field, a GUID that is not one, a role listed
    /// twice.
    pub fn from_az_json(bytes: &[u8]) -> Result<Self, Report> {
        let text = std::str::from_utf8(bytes).map_err(|error| {
            Report::new(vec![Diagnostic::new(
                Rule::InvalidJson,
                JsonPointer::root(),
                format!("the role catalog is not UTF-8 text: {error}"),
            )])
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (value, mut problems) = crate::document::decode::parse_document_of(
            text,
            crate::document::decode::DocumentKind::RoleCatalog,
        )?;
        let Value::Array(items) = value else {
            problems.push(Diagnostic::new(
                Rule::WrongType,
                JsonPointer::root(),
                "expected an array of role definitions, as `az role definition list` prints",
            ));
            return Err(Report::new(problems));
        };
        let mut roles: Vec<(usize, CatalogRole)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = JsonPointer::root().index(i);
            if let Some(role) = read_role(item, &at, &mut problems) {
                roles.push((i, role));
            }
        }
        roles.sort_by_key(|(i, role)| (role.id, *i));
        for pair in roles.windows(2) {
            if pair[0].1.id == pair[1].1.id {
                problems.push(Diagnostic::new(
                    Rule::DuplicateItem,
                    JsonPointer::root().index(pair[1].0),
                    format!(
                        "role {} is listed twice, first at index {}",
                        pair[1].1.id, pair[0].0
                    ),
                ));
            }
        }
        if problems.is_empty() {
            // A file without built-in roles is the bundled catalog alone.
            Ok(RoleCatalog {
                roles: (!roles.is_empty())
                    .then(|| roles.into_iter().map(|(_, role)| role).collect()),
            })
        } else {
            Err(Report::new(problems))
        }
    }

    /// The roles read from the file (none for the bundled catalog alone), sorted by ID.
    #[must_use]
    pub fn roles(&self) -> &[CatalogRole] {
        self.roles.as_deref().unwrap_or_default()
    }

    /// The role with this ID among those read from the file.
    #[must_use]
    pub fn get(&self, id: RoleDefinitionId) -> Option<&CatalogRole> {
        let roles = self.roles();
        roles
            .binary_search_by_key(&id, |role| role.id)
            .ok()
            .map(|at| &roles[at])
    }

    /// Whether Azure Lighthouse can delegate the role with this ID: by the file's role when it
    /// has one, by the bundled catalog otherwise.
    #[must_use]
    pub fn support(&self, id: RoleDefinitionId) -> RoleSupport {
        self.get(id)
            .map_or_else(|| bundled_support(id), CatalogRole::support)
    }

    /// The name of the role with this ID: the file's, or the bundled catalog's.
    #[must_use]
    pub fn name(&self, id: RoleDefinitionId) -> Option<String> {
        self.get(id)
            .map(|role| role.name.trim().to_owned())
            .or_else(|| id.built_in().map(|role| role.name().trim().to_owned()))
    }

    /// The finding for an authorization's `roleDefinitionId` at `path` when this catalog says
    /// the role cannot be delegated or does not know it: its [`Rule`] and a message that names
    /// the role and says what is expected. `None` for [`RoleSupport::Supported`] and
    /// [`RoleSupport::AssignableRolesOnly`] (whose conditions depend on the rest of the
    /// authorization).
    ///
    /// ```
    /// use lighthouse_offer::{JsonPointer, RoleDefinitionId, Rule};
    /// use lighthouse_offer::roles::RoleCatalog;
    ///
    /// let path = JsonPointer::root().key("roleDefinitionId");
    /// let catalog = RoleCatalog::bundled();
    /// let found = catalog.support_diagnostic(RoleDefinitionId::OWNER, path.clone()).unwrap();
    /// assert_eq!(found.rule(), Rule::OwnerRole);
    /// assert!(catalog.support_diagnostic(RoleDefinitionId::CONTRIBUTOR, path).is_none());
    /// ```
    #[must_use]
    pub fn support_diagnostic(
        &self,
        id: RoleDefinitionId,
        path: JsonPointer,
    ) -> Option<Diagnostic> {
        let support = self.support(id);
        let rule = support.rule()?;
        let subject = match self.name(id) {
            Some(name) => format!("role \"{name}\" ({id})"),
            None => format!("role definition {id}"),
        };
        let message = match support {
            RoleSupport::Supported | RoleSupport::AssignableRolesOnly => return None,
            RoleSupport::Unsupported(UnsupportedReason::Owner) => format!(
                "{subject} cannot be delegated with Azure Lighthouse; expected a less privileged \
                 built-in role, such as Contributor"
            ),
            RoleSupport::Unsupported(UnsupportedReason::DataActions) => format!(
                "{subject} has DataActions or NotDataActions, which Azure Lighthouse cannot \
                 delegate; expected a built-in role without data actions"
            ),
            RoleSupport::Unsupported(UnsupportedReason::RestrictedAction(action)) => format!(
                "{subject} grants {action}, which Azure Lighthouse cannot delegate; expected a \
                 built-in role without restricted Microsoft.Authorization actions"
            ),
            RoleSupport::Unknown => format!(
                "{subject} is not a built-in role of the catalog; expected a built-in role, since \
                 Azure Lighthouse cannot delegate custom roles (a built-in role newer than the \
                 catalog is reported too: check with a newer catalog, `--role-catalog`)"
            ),
        };
        Some(Diagnostic::new(rule, path, message))
    }
}

/// The bundled catalog's answer.
fn bundled_support(id: RoleDefinitionId) -> RoleSupport {
    id.built_in()
        .map_or(RoleSupport::Unknown, super::BuiltInRole::support)
}

/// One role of the file, or `None` (with its problems) when it cannot be read or is not a
/// built-in role.
fn read_role(
    item: &Value,
    at: &JsonPointer,
    problems: &mut Vec<Diagnostic>,
) -> Option<CatalogRole> {
    let Some(object) = item.as_object() else {
        problems.push(Diagnostic::new(
            Rule::WrongType,
            at.clone(),
            "expected a role definition (an object)",
        ));
        return None;
    };
    let before = problems.len();
    let text = |key: &str, problems: &mut Vec<Diagnostic>| -> Option<&str> {
        match object.get(key) {
            Some(Value::String(text)) => Some(text.as_str()),
            Some(_) => {
                problems.push(Diagnostic::new(
                    Rule::WrongType,
                    at.clone().key(key),
                    format!("expected `{key}` to be a string"),
                ));
                None
            }
            None => None,
        }
    };
    // The GUID: `name` in `az` output, or the last segment of `id`.
    let name_field = text("name", problems);
    let id_field = text("id", problems);
    let id = match (name_field, id_field) {
        (Some(name), _) if RoleDefinitionId::new(name).is_ok() => RoleDefinitionId::new(name).ok(),
        (_, Some(id)) => {
            let last = id.rsplit('/').next().unwrap_or(id);
            match RoleDefinitionId::new(last) {
                Ok(guid) => Some(guid),
                Err(error) => {
                    problems.push(Diagnostic::new(
                        Rule::InvalidGuid,
                        at.clone().key("id"),
                        format!("the role definition's ID does not end with its GUID: {error}"),
                    ));
                    None
                }
            }
        }
        _ => {
            problems.push(Diagnostic::new(
                Rule::MissingField,
                at.clone(),
                "missing the role's GUID: expected `name` (a GUID) or `id` (ending with one)",
            ));
            None
        }
    };
    let role_name = text("roleName", problems);
    if role_name.is_none() && !object.contains_key("roleName") {
        problems.push(Diagnostic::new(
            Rule::MissingField,
            at.clone(),
            "missing required field `roleName`",
        ));
    }
    let built_in = text("roleType", problems).is_none_or(|t| t.eq_ignore_ascii_case("BuiltInRole"));
    let blocks = match object.get("permissions") {
        Some(Value::Array(blocks)) => Some(blocks.as_slice()),
        Some(_) => {
            problems.push(Diagnostic::new(
                Rule::WrongType,
                at.clone().key("permissions"),
                "expected `permissions` to be an array of permission blocks",
            ));
            None
        }
        None => {
            problems.push(Diagnostic::new(
                Rule::MissingField,
                at.clone(),
                "missing required field `permissions`",
            ));
            None
        }
    };
    let mut read_blocks = Vec::new();
    for (j, block) in blocks.unwrap_or_default().iter().enumerate() {
        read_blocks.extend(read_block(
            block,
            &at.clone().key("permissions").index(j),
            problems,
        ));
    }
    if problems.len() > before || !built_in {
        return None;
    }
    let id = id?;
    Some(CatalogRole {
        id,
        name: role_name?.to_owned(),
        data_actions: read_blocks
            .iter()
            .any(|b| !b.data_actions.is_empty() || !b.not_data_actions.is_empty()),
        restricted_action: first_restricted_action(&read_blocks),
    })
}

/// A permission block's four lists.
#[derive(Default)]
struct Block<'v> {
    actions: Vec<&'v str>,
    not_actions: Vec<&'v str>,
    data_actions: Vec<&'v str>,
    not_data_actions: Vec<&'v str>,
}

fn read_block<'v>(
    block: &'v Value,
    at: &JsonPointer,
    problems: &mut Vec<Diagnostic>,
) -> Option<Block<'v>> {
    let Some(object) = block.as_object() else {
        problems.push(Diagnostic::new(
            Rule::WrongType,
            at.clone(),
            "expected a permission block (an object)",
        ));
        return None;
    };
    let mut list = |key: &str| -> Vec<&'v str> {
        match object.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(k, item)| {
                    let text = item.as_str();
                    if text.is_none() {
                        problems.push(Diagnostic::new(
                            Rule::WrongType,
                            at.clone().key(key).index(k),
                            "expected an operation (a string)",
                        ));
                    }
                    text
                })
                .collect(),
            Some(_) => {
                problems.push(Diagnostic::new(
                    Rule::WrongType,
                    at.clone().key(key),
                    format!("expected `{key}` to be an array of operations"),
                ));
                Vec::new()
            }
        }
    };
    Some(Block {
        actions: list("actions"),
        not_actions: list("notActions"),
        data_actions: list("dataActions"),
        not_data_actions: list("notDataActions"),
    })
}

/// Whether a pattern of `actions` or `notActions` covers an operation: `*` stands for any run
/// of characters, `/` included and none at all; case is ignored, as Azure ignores it.
///
/// Public for the generator of the bundled catalog (`tests/generated_roles.rs`), which derives
/// its facts through [`RoleCatalog::from_az_json`] and tests this matcher; not part of the API.
#[doc(hidden)]
#[must_use]
pub fn pattern_matches(pattern: &str, operation: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let operation = operation.to_ascii_lowercase();
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = operation.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The first restricted action that some block grants through its `actions` and does not take
/// away through its own `notActions` (Azure applies `notActions` per block).
fn first_restricted_action(blocks: &[Block<'_>]) -> Option<&'static str> {
    RESTRICTED_ACTIONS.into_iter().find(|operation| {
        blocks.iter().any(|block| {
            block.actions.iter().any(|p| pattern_matches(p, operation))
                && !block
                    .not_actions
                    .iter()
                    .any(|p| pattern_matches(p, operation))
        })
    })
}
