//! A role catalog newer than the bundled one (`RoleCatalog`, `--role-catalog`): the JSON of
//! `az role definition list`, written here in its shape, judged by the same rules as the bundled
//! catalog and winning over it.

use lighthouse_offer::roles::{RoleCatalog, RoleSupport, UnsupportedReason};
use lighthouse_offer::{Offer, ReadOptions, RoleDefinitionId};
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

    catalog.scope(|| {
        assert_eq!(id(NEW_READER).support(), RoleSupport::Supported);
        assert_eq!(
            id(NEW_READER).role_name().as_deref(),
            Some("Contoso Future Reader")
        );
        assert_eq!(
            id(NEW_DATA).support(),
            RoleSupport::Unsupported(UnsupportedReason::DataActions)
        );
        assert_eq!(id(CUSTOM).support(), RoleSupport::Unknown);
        // The file wins over the bundled catalog.
        assert_eq!(
            id(LOG_ANALYTICS_CONTRIBUTOR).support(),
            RoleSupport::Supported
        );
        // Roles the file does not list are the bundled catalog's.
        assert_eq!(
            RoleDefinitionId::OWNER.support(),
            RoleDefinitionId::OWNER.built_in().unwrap().support()
        );
    });
    // The scope is over.
    assert_eq!(id(NEW_READER).support(), RoleSupport::Unknown);

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
    let warnings = Offer::from_json_value(&document)
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
    let checked = Offer::from_json_value_with(&document, options.clone()).unwrap();
    assert_eq!(checked.warnings(), []);

    // A newer role with data actions: an error, naming the role as the file names it.
    let report =
        Offer::from_json_value_with(&example_with_role(NEW_DATA), options.clone()).unwrap_err();
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
    let custom = Offer::from_json_value_with(&example_with_role(CUSTOM), options.clone()).unwrap();
    assert_eq!(custom.warnings()[0].name(), "unknown-role");

    // The file wins: Log Analytics Contributor without data actions is accepted.
    let la = example_with_role(LOG_ANALYTICS_CONTRIBUTOR);
    assert!(Offer::from_json_value(&la).is_err());
    assert!(Offer::from_json_value_with(&la, options).is_ok());
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
