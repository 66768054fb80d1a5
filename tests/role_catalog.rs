//! A role catalog newer than the bundled one (`RoleCatalog`, `--role-catalog`): the JSON of
//! `az role definition list`, written here in its shape, judged by the same rules as the bundled
//! catalog and winning over it.

#[cfg(feature = "cli")]
mod cli_support;
mod common;

use lighthouse_offer::roles::{RoleCatalog, RoleSupport, UnsupportedReason};
use lighthouse_offer::{ReadOptions, RoleDefinitionId};
use serde_json::{Value, json};

/// A built-in role newer than the bundled catalog: reads everything.
const NEW_READER: &str = "1e0c0a5f-7d2b-4c3a-9e8f-0a1b2c3d4e5f";
/// A built-in role newer than the bundled catalog, with data actions.
const NEW_DATA: &str = "2f1d1b6a-8e3c-4d4b-8f90-1b2c3d4e5f6a";
/// A custom role: never supported, left out of the catalog.
const CUSTOM: &str = "3a2e2c7b-9f4d-4e5c-a0a1-2c3d4e5f6a7b";
const LOG_ANALYTICS_CONTRIBUTOR: &str = "92aaf0da-9dab-42b6-94a3-d43ce8d16293";

fn block(actions: &[&str], not_actions: &[&str], data_actions: &[&str]) -> Value {
    json!([{
        "actions": actions,
        "notActions": not_actions,
        "dataActions": data_actions,
        "notDataActions": []
    }])
}

/// One role definition as `az role definition list` prints it.
fn az_role(guid: &str, name: &str, role_type: &str, permissions: &Value) -> Value {
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
fn catalog_json() -> Value {
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

fn catalog() -> RoleCatalog {
    RoleCatalog::from_az_json(catalog_json().to_string().as_bytes()).unwrap()
}

fn id(guid: &str) -> RoleDefinitionId {
    guid.parse().unwrap()
}

#[test]
fn roles_of_the_file_are_judged_by_the_bundled_rules_and_win() {
    let catalog = catalog();
    // The custom role is left out: six built-in roles.
    assert_eq!(catalog.roles().len(), 6);
    assert!(catalog.get(id(CUSTOM)).is_none());

    // Without the file, the new roles are unknown.
    assert_eq!(id(NEW_READER).support(), RoleSupport::Unknown);
    assert_eq!(id(NEW_DATA).support(), RoleSupport::Unknown);
    assert_eq!(
        id(LOG_ANALYTICS_CONTRIBUTOR).support(),
        RoleSupport::Unsupported(UnsupportedReason::DataActions)
    );

    // The file's catalog judges what it is asked; the bundled one is unchanged.
    assert_eq!(catalog.support(id(NEW_READER)), RoleSupport::Supported);
    assert_eq!(
        catalog.name(id(NEW_READER)).as_deref(),
        Some("Contoso Future Reader")
    );
    assert_eq!(
        catalog.support(id(NEW_DATA)),
        RoleSupport::Unsupported(UnsupportedReason::DataActions)
    );
    assert_eq!(catalog.support(id(CUSTOM)), RoleSupport::Unknown);
    // The file wins over the bundled catalog.
    assert_eq!(
        catalog.support(id(LOG_ANALYTICS_CONTRIBUTOR)),
        RoleSupport::Supported
    );
    // Roles the file does not list are the bundled catalog's.
    assert_eq!(
        catalog.support(RoleDefinitionId::OWNER),
        RoleDefinitionId::OWNER.built_in().unwrap().support()
    );
    // No catalog is in force anywhere: the ID's own answer is the bundled catalog's.
    assert_eq!(id(NEW_READER).support(), RoleSupport::Unknown);
    assert_eq!(
        RoleCatalog::bundled().support(id(NEW_READER)),
        RoleSupport::Unknown
    );

    // The derivation from permissions agrees with the bundled catalog's for real roles.
    for role in catalog.roles() {
        if let Some(bundled) = role.id().built_in()
            && role.id() != id(LOG_ANALYTICS_CONTRIBUTOR)
        {
            assert_eq!(
                role.has_data_actions(),
                bundled.has_data_actions(),
                "{}",
                role.name()
            );
            assert_eq!(
                role.restricted_action(),
                bundled.restricted_action(),
                "{}",
                role.name()
            );
            assert_eq!(role.support(), bundled.support(), "{}", role.name());
        }
    }
    assert_eq!(
        catalog
            .get(RoleDefinitionId::ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR)
            .unwrap()
            .restricted_action(),
        Some("Microsoft.Authorization/roleAssignments/write")
    );
}

/// The example offer with a role of the file in the gold plan.
fn example_with_role(guid: &str) -> Value {
    let mut doc = common::example();
    common::set(
        &mut doc,
        "/plans/0/manifest/authorizations/1/roleDefinitionId",
        json!(guid),
    );
    doc
}

#[test]
fn an_offer_read_with_a_newer_catalog_judges_its_roles() {
    let options = ReadOptions::new().role_catalog(catalog());
    // A role newer than the bundled catalog: a warning without the file, nothing with it.
    let document = example_with_role(NEW_READER);
    let warnings = ReadOptions::new()
        .read_value(&document)
        .unwrap()
        .warnings()
        .to_vec();
    let names: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.name(), w.path().as_str()))
        .collect();
    assert_eq!(
        names,
        [(
            "unknown-role",
            "/plans/0/manifest/authorizations/1/roleDefinitionId"
        )]
    );
    let checked = options.read_value(&document).unwrap();
    assert_eq!(checked.warnings(), []);

    // A newer role with data actions: an error, naming the role as the file names it.
    let report = options
        .read_value(&example_with_role(NEW_DATA))
        .unwrap_err();
    let errors: Vec<(&str, &str, &str)> = report
        .errors()
        .map(|d| (d.name(), d.path().as_str(), d.message()))
        .collect();
    assert_eq!(
        errors,
        [(
            "data-actions-role",
            "/plans/0/manifest/authorizations/1/roleDefinitionId",
            "role \"Contoso Future Data Reader\" (2f1d1b6a-8e3c-4d4b-8f90-1b2c3d4e5f6a) has DataActions or NotDataActions, which Azure Lighthouse cannot delegate; expected a built-in role without data actions"
        )]
    );

    // A custom role stays a warning.
    let custom = options.read_value(&example_with_role(CUSTOM)).unwrap();
    assert_eq!(custom.warnings()[0].name(), "unknown-role");

    // The file wins: Log Analytics Contributor without data actions is accepted.
    let la = example_with_role(LOG_ANALYTICS_CONTRIBUTOR);
    assert!(ReadOptions::new().read_value(&la).is_err());
    assert!(options.read_value(&la).is_ok());
}

#[test]
fn a_file_that_is_not_a_role_catalog_says_where_and_why() {
    let problems = |json: Value| -> Vec<(String, String)> {
        RoleCatalog::from_az_json(json.to_string().as_bytes())
            .unwrap_err()
            .diagnostics()
            .iter()
            .map(|d| (d.name().to_owned(), d.path().as_str().to_owned()))
            .collect()
    };
    let pair = |name: &str, path: &str| (name.to_owned(), path.to_owned());
    assert_eq!(problems(json!({"value": []})), [pair("wrong-type", "")]);
    let mut broken = catalog_json();
    broken[0]["permissions"][0]["actions"] = json!("*/read");
    broken[1].as_object_mut().unwrap().remove("roleName");
    broken[2] = json!(42);
    broken[3]["name"] = json!("not-a-guid");
    broken[3]["id"] = json!("/providers/Microsoft.Authorization/roleDefinitions/not-a-guid");
    // Role Based Access Control Administrator's entry says it is Log Analytics Contributor,
    // which the file lists again later: the later one is the duplicate.
    broken[4]["name"] = json!(LOG_ANALYTICS_CONTRIBUTOR);
    assert_eq!(
        problems(broken),
        [
            pair("wrong-type", "/0/permissions/0/actions"),
            pair("missing-field", "/1"),
            pair("wrong-type", "/2"),
            pair("invalid-guid", "/3/id"),
            pair("duplicate-item", "/6"),
        ]
    );
    let not_json = RoleCatalog::from_az_json(b"[{").unwrap_err();
    assert_eq!(not_json.diagnostics()[0].name(), "invalid-json");
}

// ---- the command line ----

#[cfg(feature = "cli")]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::Output;

    use super::*;

    use crate::cli_support::run;

    fn scratch(name: &str) -> PathBuf {
        crate::cli_support::folder("role_catalog", name)
    }

    fn write(dir: &Path, name: &str, value: &Value) -> String {
        let path = dir.join(name);
        std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        path.to_str().unwrap().to_owned()
    }

    fn codes(output: &Output) -> Vec<(String, String)> {
        let found: Value = serde_json::from_slice(&output.stdout).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["name"].as_str().unwrap().to_owned(),
                    d["path"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn roles_and_show_take_a_role_catalog() {
        let dir = scratch("roles-show");
        let catalog = write(&dir, "roles.json", &catalog_json());
        // `roles GUID`: unknown without the catalog, with a help that names an option `roles`
        // takes; known with it.
        let without = run(&["roles", NEW_READER]);
        assert_eq!(without.status.code(), Some(1));
        let said = String::from_utf8_lossy(&without.stderr);
        assert!(said.contains("roles --role-catalog"), "{said}");
        let with = run(&["roles", "--role-catalog", &catalog, NEW_READER]);
        assert_eq!(
            with.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&with.stderr)
        );
        let listed = String::from_utf8_lossy(&with.stdout);
        assert!(
            listed.contains(NEW_READER) && listed.contains("Contoso Future Reader  supported"),
            "{listed}"
        );
        // A role of the file with data actions is judged by the same rules.
        let data = run(&["roles", "--role-catalog", &catalog, NEW_DATA]);
        let listed = String::from_utf8_lossy(&data.stdout);
        assert!(
            listed.contains("not supported: has data actions"),
            "{listed}"
        );
        // `show` names the role the catalog knows.
        let offer_dir = scratch("show");
        let offer_file = write(&offer_dir, "offer.json", &example_with_role(NEW_READER));
        let plain = run(&["show", &offer_file]);
        let plain = String::from_utf8_lossy(&plain.stdout);
        assert!(
            plain.contains(&format!("unknown role {NEW_READER}")),
            "{plain}"
        );
        let named = run(&["show", "--role-catalog", &catalog, &offer_file]);
        let named = String::from_utf8_lossy(&named.stdout);
        assert!(
            named.contains(&format!("Contoso Future Reader ({NEW_READER})")),
            "{named}"
        );
    }

    #[test]
    fn check_diff_and_arm_check_take_a_role_catalog() {
        let dir = scratch("commands");
        let catalog = write(&dir, "roles.json", &catalog_json());
        // `check`: the document in a scratch folder, without its images (the role findings are
        // the ones compared).
        let offer = example_with_role(NEW_READER);
        let offer_dir = scratch("offer");
        let offer_file = write(&offer_dir, "offer.json", &offer);
        // Images are missing in the scratch folder: compare only the role findings.
        let without = run(&["check", "--format", "json", &offer_file]);
        assert!(
            codes(&without).contains(&(
                "unknown-role".to_owned(),
                "/plans/0/manifest/authorizations/1/roleDefinitionId".to_owned()
            )),
            "{}",
            String::from_utf8_lossy(&without.stdout)
        );
        let with = run(&[
            "check",
            "--format",
            "json",
            "--role-catalog",
            &catalog,
            &offer_file,
        ]);
        assert!(!codes(&with).iter().any(|(name, _)| name == "unknown-role"));

        // `diff`: the published example and the next version with the new role.
        let old = write(&offer_dir, "old.json", &common::example());
        let mut next = offer.clone();
        next["plans"][0]["manifest"]["version"] = json!("1.3.0");
        let new = write(&offer_dir, "new.json", &next);
        let diff = run(&["diff", "--role-catalog", &catalog, &old, &new]);
        assert_eq!(
            diff.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&diff.stderr)
        );
        let text = String::from_utf8_lossy(&diff.stdout);
        assert!(text.contains("Contoso Future Reader"), "{text}");
        let plain = run(&["diff", &old, &new]);
        let plain = String::from_utf8_lossy(&plain.stdout);
        assert!(
            plain.contains(&format!("{NEW_READER} (not in the catalog)")),
            "{plain}"
        );

        // `arm check`: a parameters file in the shape of Microsoft's samples with the new role.
        let parameters = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
            "contentVersion": "1.0.0.0",
            "parameters": {
                "mspOfferName": { "value": "Contoso Managed Sentinel" },
                "mspOfferDescription": { "value": "Contoso Managed Sentinel" },
                "managedByTenantId": { "value": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10" },
                "authorizations": { "value": [
                    {
                        "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
                        "principalIdDisplayName": "Contoso SOC analysts",
                        "roleDefinitionId": NEW_READER
                    },
                    {
                        "principalId": "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d",
                        "principalIdDisplayName": "Contoso Lighthouse administrators",
                        "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46"
                    }
                ] }
            }
        });
        let arm_file = write(&dir, "delegation.parameters.json", &parameters);
        let arm_without = run(&["arm", "check", "--format", "json", &arm_file]);
        assert_eq!(
            codes(&arm_without),
            [(
                "unknown-role".to_owned(),
                "/parameters/authorizations/value/0/roleDefinitionId".to_owned()
            )]
        );
        let arm_with = run(&[
            "arm",
            "check",
            "--format",
            "json",
            "--role-catalog",
            &catalog,
            &arm_file,
        ]);
        assert_eq!(arm_with.status.code(), Some(0));
        assert_eq!(codes(&arm_with), []);
    }

    #[test]
    fn a_role_catalog_that_cannot_be_read_exits_2() {
        let dir = scratch("broken");
        let broken = write(&dir, "roles.json", &json!({ "value": [] }));
        let output = run(&["check", "--role-catalog", &broken, "whatever.json"]);
        assert_eq!(output.status.code(), Some(2));
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.contains("is not a role catalog of `az role definition list`: error[LO0002] at /: expected an array of role definitions"),
            "{err}"
        );
        let missing = dir.join("missing.json");
        let output = run(&[
            "arm",
            "check",
            "--role-catalog",
            missing.to_str().unwrap(),
            "x.json",
        ]);
        assert_eq!(output.status.code(), Some(2));
    }
}

#[test]
fn an_offer_keeps_the_catalog_it_was_read_with() {
    // `warnings()` gives the same answer wherever it is asked: the offer judges with its own
    // catalog, not with one found where it is called.
    let document = example_with_role(NEW_READER);
    let with_file = ReadOptions::new()
        .role_catalog(catalog())
        .read_value(&document)
        .unwrap();
    assert_eq!(with_file.warnings(), []);
    assert_eq!(with_file.value().warnings(), []);
    assert_eq!(with_file.value().role_catalog(), &catalog());
    let bundled = ReadOptions::new().read_value(&document).unwrap();
    assert_eq!(bundled.value().warnings(), bundled.warnings());
    assert_eq!(bundled.value().warnings()[0].name(), "unknown-role");
    // Two offers are equal by what they say, whichever catalog judged them.
    assert_eq!(with_file.value(), bundled.value());
}

#[test]
fn arm_files_are_judged_with_the_catalog_they_are_given() {
    let template = |role: &str| {
        json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-08-01/subscriptionDeploymentParameters.json#",
            "contentVersion": "1.0.0.0",
            "parameters": {
                "mspOfferName": { "value": "Contoso SOC" },
                "mspOfferDescription": { "value": "Monitoring" },
                "managedByTenantId": { "value": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10" },
                "authorizations": { "value": [
                    { "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
                      "principalIdDisplayName": "Contoso SOC",
                      "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46" },
                    { "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
                      "principalIdDisplayName": "Contoso SOC",
                      "roleDefinitionId": role }
                ] }
            }
        })
        .to_string()
    };
    let names = |checked: Result<lighthouse_offer::Checked<_>, lighthouse_offer::Report>| {
        let diagnostics = match checked {
            Ok(checked) => checked.warnings().to_vec(),
            Err(report) => report.into_diagnostics(),
        };
        diagnostics
            .iter()
            .map(|d| d.name().to_owned())
            .collect::<Vec<_>>()
    };
    let options = lighthouse_offer::arm::CheckOptions::new().role_catalog(catalog());
    assert_eq!(
        names(lighthouse_offer::arm::check(&template(NEW_READER))),
        ["unknown-role"]
    );
    assert_eq!(names(options.check(&template(NEW_READER))), [] as [&str; 0]);
    assert_eq!(
        names(options.check(&template(NEW_DATA))),
        ["data-actions-role"]
    );
}
