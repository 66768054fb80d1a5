//! A role catalog newer than the bundled one (`RoleCatalog`, `--role-catalog`): the JSON of
//! `az role definition list`, written here in its shape, judged by the same rules as the bundled
//! catalog and winning over it.

use lighthouse_offer::roles::{RoleCatalog, RoleSupport, UnsupportedReason};
use lighthouse_offer::{ReadOptions, RoleDefinitionId};
use serde_json::{Value, json};

use crate::support::role_catalog::{
    CUSTOM, LOG_ANALYTICS_CONTRIBUTOR, NEW_DATA, NEW_READER, catalog_json, example_with_role,
};

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
