//! The built-in role data of the repository, its refresh from Azure, the generator of
//! `src/roles/catalog.rs`, and the check that the checked-in files are current.
//!
//! `data/azure-builtin-roles.json` holds, for each built-in role, its ID, name, role type and
//! permission blocks (`actions`, `notActions`, `dataActions`, `notDataActions`), nothing else,
//! sorted by ID. The generator reads it through the library's `RoleCatalog::from_az_json`, which
//! derives for each role whether it has data actions and the first restricted
//! `Microsoft.Authorization` action it grants, and renders the catalog: IDs,
//! names and those two facts, and for each refused role the supported roles nearest to what it
//! grants (`roles::closest_by_actions`, from the data file's action patterns). With `UPDATE_GENERATED=1` it writes the catalog; otherwise it fails
//! when the checked-in catalog differs from the rendering.
//!
//! The refresh, one command over what Azure prints (the path is absolute or relative to the crate
//! root):
//!
//! ```sh
//! az role definition list --query "[?roleType=='BuiltInRole']" --output json > az-roles.json
//! REFRESH_ROLES=az-roles.json cargo test --test generated_roles
//! ```
//!
//! It rewrites `data/azure-builtin-roles.json` from that output (only the fields above, roles
//! sorted by ID, pretty-printed the same way every time, so that `git diff` shows only what
//! Microsoft changed) and regenerates the catalog from it in the same run.

// The generated-file check shared with the schema's (`tests/support/generated.rs`), without the
// rest of the support module.
#[path = "support/generated.rs"]
mod generated;

use std::fmt::Write as _;
use std::path::Path;

use lighthouse_offer::RoleDefinitionId;
use lighthouse_offer::roles::{
    MAX_REPLACEMENTS, RoleCatalog, closest_by_actions, common_namespaces,
    pattern_matches as matches,
};
use serde::Serialize;
use serde_json::Value;

const DATA: &str = "data/azure-builtin-roles.json";
const GENERATED: &str = "src/roles/catalog.rs";
const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test --test generated_roles";
/// The variable that names the output of `az role definition list` to refresh the data from.
const REFRESH: &str = "REFRESH_ROLES";

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---- the refresh: Azure's output to the repository's form ----

/// A role as the repository keeps it; the fields are written in this order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Role {
    id: String,
    role_name: String,
    role_type: String,
    permissions: Vec<Permission>,
}

/// A permission block as the repository keeps it (Azure's `condition` and other fields are left
/// out: the rules do not read them).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Permission {
    actions: Vec<String>,
    not_actions: Vec<String>,
    data_actions: Vec<String>,
    not_data_actions: Vec<String>,
}

/// The GUID of a role. `az role definition list` prints it as `name`, with `id` the resource ID
/// `/providers/Microsoft.Authorization/roleDefinitions/<guid>` (a subscription may prefix it);
/// dumps written in the repository's form have `id` as the bare GUID. Both are accepted, and
/// when both are present they must agree.
fn role_guid(role: &Value) -> Result<RoleDefinitionId, String> {
    let from_id = match &role["id"] {
        Value::Null => None,
        Value::String(id) => {
            let mut segments = id.rsplit('/');
            let last = segments.next().unwrap_or_default();
            match segments.next() {
                None => Some(last),
                Some(kind) if kind.eq_ignore_ascii_case("roleDefinitions") => Some(last),
                Some(_) => {
                    return Err(format!(
                        "`id` {id:?} is neither a GUID nor a role definition's resource ID \
                         (…/roleDefinitions/<guid>)"
                    ));
                }
            }
        }
        other => return Err(format!("`id` is not a string: {other}")),
    };
    let from_name = match &role["name"] {
        Value::Null => None,
        Value::String(name) => Some(name.as_str()),
        other => return Err(format!("`name` is not a string: {other}")),
    };
    let parse = |field: &str, text: &str| {
        RoleDefinitionId::new(text).map_err(|e| format!("`{field}` does not give a GUID: {e}"))
    };
    match (from_id, from_name) {
        (Some(id), Some(name)) => {
            let (id, name) = (parse("id", id)?, parse("name", name)?);
            if id == name {
                Ok(id)
            } else {
                Err(format!("`id` names the role {id} but `name` names {name}"))
            }
        }
        (Some(id), None) => parse("id", id),
        (None, Some(name)) => parse("name", name),
        (None, None) => Err("no `id` or `name` with the role's GUID".to_owned()),
    }
}

fn text_field(object: &Value, key: &str) -> Result<String, String> {
    object[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("`{key}` is missing or not a string"))
}

/// A list of a permission block; Azure may leave out an empty one.
fn action_list(block: &Value, key: &str) -> Result<Vec<String>, String> {
    match &block[key] {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{key}` holds {item}, not a string"))
            })
            .collect(),
        other => Err(format!("`{key}` is not a list: {other}")),
    }
}

fn refresh_role(role: &Value) -> Result<(RoleDefinitionId, Role), String> {
    let id = role_guid(role)?;
    let role_name = text_field(role, "roleName")?;
    let role_type = text_field(role, "roleType")?;
    if role_type != "BuiltInRole" {
        return Err(format!(
            "{role_name:?} is a {role_type}: list only built-in roles, with \
             --query \"[?roleType=='BuiltInRole']\""
        ));
    }
    let Value::Array(blocks) = &role["permissions"] else {
        return Err("`permissions` is missing or not a list".to_owned());
    };
    let permissions = blocks
        .iter()
        .map(|block| {
            Ok(Permission {
                actions: action_list(block, "actions")?,
                not_actions: action_list(block, "notActions")?,
                data_actions: action_list(block, "dataActions")?,
                not_data_actions: action_list(block, "notDataActions")?,
            })
        })
        .collect::<Result<_, String>>()?;
    let role = Role {
        id: id.to_string(),
        role_name,
        role_type,
        permissions,
    };
    Ok((id, role))
}

/// The repository's form of the roles `az role definition list` printed: only the fields the
/// crate is built from, sorted by ID, pretty-printed, one newline at the end. Every problem of
/// the input is reported at once.
fn refresh(az_output: &str) -> Result<String, String> {
    let roles: Value = serde_json::from_str(az_output).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Array(roles) = roles else {
        return Err("not a list of roles, as `az role definition list` prints".to_owned());
    };
    let mut problems = Vec::new();
    let mut refreshed: Vec<(RoleDefinitionId, Role)> = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        match refresh_role(role) {
            Ok(found) => refreshed.push(found),
            Err(problem) => problems.push(format!("role {index}: {problem}")),
        }
    }
    refreshed.sort_by_key(|(id, _)| *id);
    for pair in refreshed.windows(2) {
        if pair[0].0 == pair[1].0 {
            problems.push(format!(
                "the role {} is listed twice ({:?} and {:?})",
                pair[0].0, pair[0].1.role_name, pair[1].1.role_name
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let roles: Vec<Role> = refreshed.into_iter().map(|(_, role)| role).collect();
    let mut text = serde_json::to_string_pretty(&roles).expect("roles serialize");
    text.push('\n');
    Ok(text)
}

/// Rewrites the data file from the `az` output the variable names. The new file replaces the old
/// one at once, so that the other tests of this file read the one or the other, never a half.
fn refresh_data_file(source: &Path) {
    let source = crate_root().join(source);
    let az_output = std::fs::read_to_string(&source)
        .unwrap_or_else(|e| panic!("{REFRESH}: cannot read {}: {e}", source.display()));
    let text = refresh(&az_output)
        .unwrap_or_else(|problems| panic!("{REFRESH}: {}:\n{problems}", source.display()));
    let path = crate_root().join(DATA);
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text).expect("cannot write the role data");
    std::fs::rename(&partial, &path).expect("cannot replace the role data");
}

// ---- the generator: the repository's data to the catalog ----

/// One role of the dump, with the derived facts.
struct Derived {
    id: RoleDefinitionId,
    name: String,
    data_actions: bool,
    restricted_action: Option<&'static str>,
}

/// Every role of the data file with the facts the library derives from its permissions
/// ([`RoleCatalog::from_az_json`], which judges a newer catalog at run time): one derivation
/// serves the bundled catalog and a catalog read from Azure.
fn derive_all() -> Vec<Derived> {
    let catalog = RoleCatalog::from_az_json(read_data().as_bytes())
        .unwrap_or_else(|report| panic!("{DATA} does not read as a role catalog:\n{report}"));
    catalog
        .roles()
        .iter()
        .map(|role| Derived {
            id: role.id(),
            name: role.name().to_owned(),
            data_actions: role.has_data_actions(),
            restricted_action: role.restricted_action(),
        })
        .collect()
}

/// The first restricted action that some permission block grants through its `Actions` and does
/// not take away through its own `NotActions`, as the library derives it for a role with these
/// blocks. (Azure applies `NotActions` per block.)
fn first_restricted_action(blocks: &[Value]) -> Option<&'static str> {
    let role = serde_json::json!([{
        "id": "00000000-0000-4000-8000-000000000001",
        "roleName": "Blocks under test",
        "roleType": "BuiltInRole",
        "permissions": blocks,
    }]);
    RoleCatalog::from_az_json(role.to_string().as_bytes())
        .unwrap_or_else(|report| panic!("the blocks do not read: {report}"))
        .roles()[0]
        .restricted_action()
}

fn read_data() -> String {
    let path = crate_root().join(DATA);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A GUID as a `u128` literal in groups of four digits: `0x8e3a_f657_a8ff_…`.
fn literal(id: RoleDefinitionId) -> String {
    let digits = format!("{:032x}", id.as_uuid().as_u128());
    let groups: Vec<&str> = (0..8).map(|i| &digits[i * 4..i * 4 + 4]).collect();
    format!("0x{}", groups.join("_"))
}

/// The generated file up to its first entry, one line an item.
const HEADER: [&str; 12] = [
    "// @generated by tests/generated_roles.rs from data/azure-builtin-roles.json.",
    "// Do not edit: regenerate with `UPDATE_GENERATED=1 cargo test --test generated_roles`.",
    "//",
    "// One entry per built-in role, sorted by ID: the role definition ID, the name, whether any",
    "// permission block has DataActions or NotDataActions, and the first of RESTRICTED_ACTIONS",
    "// that the role grants.",
    "",
    "use super::{BuiltInRole, role};",
    "",
    "#[rustfmt::skip]",
    "pub(crate) static BUILT_IN: &[BuiltInRole] = &[",
    "",
];

fn render(mut roles: Vec<Derived>) -> String {
    roles.sort_by_key(|role| role.id);
    let mut out = HEADER.join("\n");
    for role in &roles {
        let restricted = match role.restricted_action {
            Some(action) => format!("Some({action:?})"),
            None => "None".to_owned(),
        };
        writeln!(
            out,
            "    role({}, {:?}, {}, {restricted}),",
            literal(role.id),
            role.name,
            role.data_actions,
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    // `roles::find_by_name` builds its table by name when the crate is compiled, folding case
    // as ASCII: every name must be ASCII (the build checks too; this says why).
    for role in &roles {
        assert!(
            role.name.is_ascii(),
            "role name {:?} is not ASCII: roles::find_by_name compares names as ASCII",
            role.name
        );
    }
    render_replacements(&roles, &mut out);
    out
}

/// The replacements of every refused role (`roles::closest_by_actions` over the action patterns
/// of the data file, data actions left out): indices of `BUILT_IN`, refused role first.
fn render_replacements(roles: &[Derived], out: &mut String) {
    let data: Value = serde_json::from_str(&read_data()).expect("the data file is JSON");
    let actions_of = |id: RoleDefinitionId| -> Vec<String> {
        let wanted = id.to_string();
        let role = data
            .as_array()
            .expect("the data file is a list")
            .iter()
            .find(|role| role["id"].as_str() == Some(wanted.as_str()))
            .unwrap_or_else(|| panic!("{wanted} is not in the data file"));
        role["permissions"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|block| block["actions"].as_array().into_iter().flatten())
            .filter_map(|action| action.as_str().map(str::to_owned))
            .collect()
    };
    // As `roles::judge` decides: Owner by ID, User Access Administrator (supported with
    // assignable roles) by ID, then data actions and restricted actions.
    let refused = |role: &Derived| {
        role.id != RoleDefinitionId::USER_ACCESS_ADMINISTRATOR
            && (role.id == RoleDefinitionId::OWNER
                || role.data_actions
                || role.restricted_action.is_some())
    };
    let candidates: Vec<(usize, Vec<String>)> = roles
        .iter()
        .enumerate()
        .filter(|(_, role)| {
            !refused(role) && role.id != RoleDefinitionId::USER_ACCESS_ADMINISTRATOR
        })
        .map(|(i, role)| (i, actions_of(role.id)))
        .collect();
    let all: Vec<Vec<String>> = roles.iter().map(|role| actions_of(role.id)).collect();
    let common = common_namespaces(&all);
    out.push_str(
        "\n// The replacements of each refused role: the supported roles nearest by action patterns\n\
         // (roles::closest_by_actions), as indices of BUILT_IN, sorted by the refused role's index.\n\
         #[rustfmt::skip]\n\
         pub(crate) static REPLACEMENTS: &[(u16, &[u16])] = &[\n",
    );
    for (i, role) in roles.iter().enumerate().filter(|(_, role)| refused(role)) {
        let actions = actions_of(role.id);
        let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
        let found = closest_by_actions(&actions, &candidates, &common, MAX_REPLACEMENTS);
        if found.is_empty() {
            continue;
        }
        let found: Vec<String> = found.iter().map(ToString::to_string).collect();
        writeln!(out, "    ({i}, &[{}]),", found.join(", ")).expect("writing to a String");
    }
    out.push_str("];\n");
}

#[test]
fn catalog_is_current() {
    // A refresh of the data regenerates the catalog in the same run.
    let refreshing = std::env::var_os(REFRESH).filter(|source| !source.is_empty());
    if let Some(source) = &refreshing {
        refresh_data_file(Path::new(source));
    }
    let rendered = render(derive_all());
    let path = crate_root().join(GENERATED);
    if refreshing.is_some() || generated::updating() {
        std::fs::write(&path, &rendered).expect("cannot write the catalog");
        return;
    }
    generated::assert_current(&path, GENERATED, &rendered, DATA, REGENERATE);
}

#[test]
fn ids_and_names_are_unique() {
    let mut roles: Vec<Derived> = derive_all();
    let count = roles.len();
    roles.sort_by_key(|role| role.id);
    roles.dedup_by_key(|role| role.id);
    assert_eq!(roles.len(), count, "duplicate role IDs");
    let mut names: Vec<String> = roles.iter().map(|r| r.name.trim().to_lowercase()).collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        count,
        "names that differ only in case or white space"
    );
}

#[test]
fn derives_from_the_raw_permissions() {
    let block = |actions: &[&str], not_actions: &[&str]| {
        serde_json::json!({
            "actions": actions, "notActions": not_actions,
            "dataActions": [], "notDataActions": []
        })
    };
    // Contributor's shape: everything, minus Authorization writes and deletes.
    let contributor = [block(
        &["*"],
        &[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
        ],
    )];
    assert_eq!(first_restricted_action(&contributor), None);
    // Owner's shape: everything.
    assert_eq!(
        first_restricted_action(&[block(&["*"], &[])]),
        Some("Microsoft.Authorization/roleAssignments/write")
    );
    // Taking away writes still leaves deletes.
    assert_eq!(
        first_restricted_action(&[block(&["*"], &["Microsoft.Authorization/*/Write"])]),
        Some("Microsoft.Authorization/roleAssignments/delete")
    );
    // Only locks.
    assert_eq!(
        first_restricted_action(&[block(&["Microsoft.Authorization/locks/*"], &[])]),
        Some("Microsoft.Authorization/locks/write")
    );
    // NotActions take away only from their own block.
    let two_blocks = [
        block(&["Microsoft.Authorization/roleAssignments/write"], &[]),
        block(&["*/read"], &["Microsoft.Authorization/*"]),
    ];
    assert_eq!(
        first_restricted_action(&two_blocks),
        Some("Microsoft.Authorization/roleAssignments/write")
    );
    // Reading is not restricted.
    assert_eq!(
        first_restricted_action(&[block(&["*/read", "Microsoft.Authorization/*/read"], &[])]),
        None
    );
    // Policy writes are not restricted.
    assert_eq!(
        first_restricted_action(&[block(&["Microsoft.Authorization/policyAssignments/*"], &[])]),
        None
    );
}

#[test]
fn wildcard_matcher() {
    let op = "Microsoft.Authorization/roleAssignments/write";
    // Without a wildcard, the whole operation must match, in any case.
    assert!(matches(op, op));
    assert!(matches("microsoft.authorization/ROLEASSIGNMENTS/Write", op));
    assert!(!matches("Microsoft.Authorization/roleAssignments", op));
    assert!(!matches(
        "Microsoft.Authorization/roleAssignments/writes",
        op
    ));
    assert!(!matches("", op));
    // `*` alone covers everything.
    assert!(matches("*", op));
    assert!(matches("*", ""));
    // `*` spans segments and `/`.
    assert!(matches("*/write", op));
    assert!(matches("Microsoft.Authorization/*", op));
    assert!(matches("Microsoft.Authorization/*/Write", op));
    assert!(matches("Microsoft.Auth*", op));
    assert!(matches("*roleAssignments*", op));
    assert!(matches("Microsoft.Authorization/**/write", op));
    // `*` may match nothing.
    assert!(matches(
        "Microsoft.Authorization/roleAssignments/write*",
        op
    ));
    assert!(matches(
        "*Microsoft.Authorization/roleAssignments/write",
        op
    ));
    // The text around `*` must still be there, in order, and the ends must match.
    assert!(!matches("*/read", op));
    assert!(!matches("Microsoft.Authorization/*/read", op));
    assert!(!matches("Microsoft.Authorization/locks/*", op));
    assert!(!matches("Microsoft.Compute/*", op));
    assert!(!matches("*/write/*", op));
    assert!(!matches("Microsoft.Authorization/*/*/write", op));
    assert!(matches(
        "Microsoft.Authorization/*/*/write",
        "Microsoft.Authorization/a/b/write"
    ));
    // The last piece must not reuse characters of an earlier one.
    assert!(!matches("ab*ba", "aba"));
    assert!(matches("ab*ba", "abba"));
}

// ---- the refresh ----

#[test]
fn the_data_file_is_in_the_form_the_refresh_writes() {
    // Sorted by ID, only the kept fields, pretty-printed as the refresh prints: a hand edit that
    // breaks the order or the layout fails here, and a refresh of the same roles changes nothing.
    let data = read_data();
    match refresh(&data) {
        Ok(refreshed) => assert!(
            refreshed == data,
            "{DATA} is not in the refresh's form; rewrite it with \
             `{REFRESH}={DATA} cargo test --test generated_roles`"
        ),
        Err(problems) => panic!("{DATA}: {problems}"),
    }
}

/// Two roles as `az role definition list` prints them, in its order (by name): resource IDs,
/// the GUID as `name`, descriptions and fields the repository does not keep.
const AZ_OUTPUT: &str = r#"[
  {
    "assignableScopes": ["/"],
    "createdBy": null,
    "createdOn": "2015-02-02T21:55:09.880642+00:00",
    "description": "Grants full access to manage all resources.",
    "id": "/subscriptions/0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10/providers/Microsoft.Authorization/roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C",
    "name": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "permissions": [
      {
        "actions": ["*"],
        "condition": null,
        "conditionVersion": null,
        "dataActions": [],
        "notActions": ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write"],
        "notDataActions": []
      }
    ],
    "roleName": "Contributor",
    "roleType": "BuiltInRole",
    "type": "Microsoft.Authorization/roleDefinitions"
  },
  {
    "description": "View all resources.",
    "id": "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "name": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "permissions": [{ "actions": ["*/read"], "notActions": [], "dataActions": [] }],
    "roleName": "Reader",
    "roleType": "BuiltInRole"
  }
]"#;

/// What the refresh writes for [`AZ_OUTPUT`].
const REFRESHED: &str = r#"[
  {
    "id": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "roleName": "Reader",
    "roleType": "BuiltInRole",
    "permissions": [
      {
        "actions": [
          "*/read"
        ],
        "notActions": [],
        "dataActions": [],
        "notDataActions": []
      }
    ]
  },
  {
    "id": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "roleName": "Contributor",
    "roleType": "BuiltInRole",
    "permissions": [
      {
        "actions": [
          "*"
        ],
        "notActions": [
          "Microsoft.Authorization/*/Delete",
          "Microsoft.Authorization/*/Write"
        ],
        "dataActions": [],
        "notDataActions": []
      }
    ]
  }
]
"#;

#[test]
fn refresh_keeps_the_facts_of_what_az_prints_sorted_by_id() {
    assert_eq!(refresh(AZ_OUTPUT).as_deref(), Ok(REFRESHED));
    // The repository's own form (a bare GUID as `id`) reads back to itself.
    assert_eq!(refresh(REFRESHED).as_deref(), Ok(REFRESHED));
    // An empty list stays a list.
    assert_eq!(refresh("[]").as_deref(), Ok("[]\n"));
}

#[test]
fn refresh_takes_the_guid_from_name_or_id() {
    let role = |fields: Value| {
        let mut role = serde_json::json!({
            "roleName": "Reader", "roleType": "BuiltInRole",
            "permissions": [{ "actions": ["*/read"] }]
        });
        role.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        refresh(&Value::Array(vec![role]).to_string())
            .map(|text| serde_json::from_str::<Value>(&text).unwrap()[0]["id"].clone())
    };
    let reader = Value::from("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    let resource_id =
        "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";
    assert_eq!(
        role(serde_json::json!({ "name": reader })),
        Ok(reader.clone())
    );
    assert_eq!(
        role(serde_json::json!({ "id": reader })),
        Ok(reader.clone())
    );
    assert_eq!(
        role(serde_json::json!({ "id": resource_id })),
        Ok(reader.clone())
    );
    assert_eq!(
        role(
            serde_json::json!({ "id": resource_id, "name": "ACDD72A7-3385-48EF-BD42-F606FBA81AE7" })
        ),
        Ok(reader)
    );
    let problem = |fields: Value| role(fields).unwrap_err();
    assert_eq!(
        problem(serde_json::json!({})),
        "role 0: no `id` or `name` with the role's GUID"
    );
    assert_eq!(
        problem(serde_json::json!({
            "id": resource_id, "name": "b24988ac-6180-42a0-ab88-20f7382dd24c"
        })),
        "role 0: `id` names the role acdd72a7-3385-48ef-bd42-f606fba81ae7 but `name` names \
         b24988ac-6180-42a0-ab88-20f7382dd24c"
    );
    let group = "/subscriptions/x/resourceGroups/acdd72a7-3385-48ef-bd42-f606fba81ae7";
    assert_eq!(
        problem(serde_json::json!({ "id": group })),
        format!(
            "role 0: `id` {group:?} is neither a GUID nor a role definition's resource ID \
             (…/roleDefinitions/<guid>)"
        )
    );
    assert!(
        problem(serde_json::json!({ "name": "Reader" }))
            .starts_with("role 0: `name` does not give a GUID"),
    );
}

#[test]
fn refresh_reports_every_problem_at_once() {
    let input = serde_json::json!([
        {
            "name": "11111111-2222-4333-8444-555555555555", "roleName": "Contoso operator",
            "roleType": "CustomRole", "permissions": []
        },
        {
            "name": "acdd72a7-3385-48ef-bd42-f606fba81ae7", "roleName": "Reader",
            "roleType": "BuiltInRole", "permissions": [{ "actions": "*/read" }]
        },
        {
            "name": "b24988ac-6180-42a0-ab88-20f7382dd24c", "roleName": "Contributor",
            "roleType": "BuiltInRole", "permissions": [{ "actions": ["*"] }]
        },
        {
            "name": "B24988AC-6180-42A0-AB88-20F7382DD24C", "roleName": "Contributor again",
            "roleType": "BuiltInRole", "permissions": [{ "notActions": [7] }]
        },
        { "name": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "roleType": "BuiltInRole" }
    ]);
    let problems = refresh(&input.to_string()).unwrap_err();
    assert_eq!(
        problems.lines().collect::<Vec<_>>(),
        [
            "role 0: \"Contoso operator\" is a CustomRole: list only built-in roles, with \
             --query \"[?roleType=='BuiltInRole']\"",
            "role 1: `actions` is not a list: \"*/read\"",
            "role 3: `notActions` holds 7, not a string",
            "role 4: `roleName` is missing or not a string",
        ]
    );
    // Once each role reads, a role listed twice is reported.
    let twice = serde_json::json!([
        { "name": "b24988ac-6180-42a0-ab88-20f7382dd24c", "roleName": "Contributor",
          "roleType": "BuiltInRole", "permissions": [] },
        { "name": "B24988AC-6180-42A0-AB88-20F7382DD24C", "roleName": "Contributor again",
          "roleType": "BuiltInRole", "permissions": [] }
    ]);
    assert_eq!(
        refresh(&twice.to_string()),
        Err(
            "the role b24988ac-6180-42a0-ab88-20f7382dd24c is listed twice (\"Contributor\" and \
             \"Contributor again\")"
                .to_owned()
        )
    );
    assert!(refresh("{").unwrap_err().starts_with("not JSON: "));
    assert_eq!(
        refresh("{}"),
        Err("not a list of roles, as `az role definition list` prints".to_owned())
    );
}
