//! A role catalog newer than the bundled one, in the shape of `az role definition list`: the
//! library's tests of `RoleCatalog` (`tests/rules/role_catalog.rs`) and the command line's of
//! `--role-catalog` (`tests/cli/role_catalog.rs`) read the same file.

use serde_json::{Value, json};

/// A built-in role newer than the bundled catalog: reads everything.
pub const NEW_READER: &str = "1e0c0a5f-7d2b-4c3a-9e8f-0a1b2c3d4e5f";
/// A built-in role newer than the bundled catalog, with data actions.
pub const NEW_DATA: &str = "2f1d1b6a-8e3c-4d4b-8f90-1b2c3d4e5f6a";
/// A custom role: never supported, left out of the catalog.
pub const CUSTOM: &str = "3a2e2c7b-9f4d-4e5c-a0a1-2c3d4e5f6a7b";
/// Log Analytics Contributor, a built-in role with data actions.
pub const LOG_ANALYTICS_CONTRIBUTOR: &str = "92aaf0da-9dab-42b6-94a3-d43ce8d16293";

pub fn block(actions: &[&str], not_actions: &[&str], data_actions: &[&str]) -> Value {
    json!([{
        "actions": actions,
        "notActions": not_actions,
        "dataActions": data_actions,
        "notDataActions": []
    }])
}

/// One role definition as `az role definition list` prints it.
pub fn az_role(guid: &str, name: &str, role_type: &str, permissions: &Value) -> Value {
    json!({
        "assignableScopes": ["/"],
        "description": format!("{name}, as Azure describes it"),
        "id": format!("/providers/Microsoft.Authorization/roleDefinitions/{guid}"),
        "name": guid,
        "permissions": permissions,
        "roleName": name,
        "roleType": role_type,
        "type": "Microsoft.Authorization/roleDefinitions"
    })
}

/// A catalog with two roles newer than the bundled one, a custom role, real permissions of three
/// bundled roles, and Log Analytics Contributor without its data actions (as if Azure had taken
/// them away: the file wins).
pub fn catalog_json() -> Value {
    // A dump whose `id` is the bare GUID, as the crate's reference data has it, reads too.
    let mut monitoring = az_role(
        "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
        "Monitoring Reader",
        "BuiltInRole",
        &block(
            &[
                "*/read",
                "Microsoft.OperationalInsights/workspaces/search/action",
                "Microsoft.Support/*",
            ],
            &[],
            &[],
        ),
    );
    let object = monitoring.as_object_mut().unwrap();
    object.remove("name");
    object.insert("id".into(), json!("43d0d8ad-25c7-4714-9337-8ba259a9fe05"));
    json!([
        az_role(
            NEW_READER,
            "Contoso Future Reader",
            "BuiltInRole",
            &block(&["*/read"], &[], &[])
        ),
        az_role(
            NEW_DATA,
            "Contoso Future Data Reader",
            "BuiltInRole",
            &block(
                &["*/read"],
                &[],
                &["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]
            )
        ),
        az_role(
            CUSTOM,
            "Contoso custom operator",
            "CustomRole",
            &block(&["*/read"], &[], &[])
        ),
        az_role(
            "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Contributor",
            "BuiltInRole",
            &block(
                &["*"],
                &[
                    "Microsoft.Authorization/*/Delete",
                    "Microsoft.Authorization/*/Write",
                    "Microsoft.Authorization/elevateAccess/Action",
                    "Microsoft.Blueprint/blueprintAssignments/write",
                    "Microsoft.Blueprint/blueprintAssignments/delete",
                    "Microsoft.Compute/galleries/share/action",
                    "Microsoft.Purview/consents/write",
                    "Microsoft.Purview/consents/delete",
                    "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
                    "Microsoft.Subscription/cancel/action",
                    "Microsoft.Subscription/enable/action"
                ],
                &[]
            )
        ),
        az_role(
            "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
            "Role Based Access Control Administrator",
            "BuiltInRole",
            &block(
                &[
                    "Microsoft.Authorization/roleAssignments/write",
                    "Microsoft.Authorization/roleAssignments/delete",
                    "*/read",
                    "Microsoft.Support/*"
                ],
                &[],
                &[]
            )
        ),
        monitoring,
        az_role(
            LOG_ANALYTICS_CONTRIBUTOR,
            "Log Analytics Contributor",
            "BuiltInRole",
            &block(&["*/read", "Microsoft.OperationalInsights/*"], &[], &[])
        ),
    ])
}

/// The example offer with a role of the file in the gold plan.
pub fn example_with_role(guid: &str) -> Value {
    let mut doc = crate::support::example();
    crate::support::set(
        &mut doc,
        "/plans/0/manifest/authorizations/1/roleDefinitionId",
        json!(guid),
    );
    doc
}
