//! `--role-catalog` on the command line: `check`, `diff`, `arm check`, `roles` and `show` read a
//! role catalog newer than the bundled one (the library's side: `tests/rules/role_catalog.rs`).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::support::role_catalog::{NEW_DATA, NEW_READER, catalog_json, example_with_role};

use crate::support::cli::run;

fn scratch(name: &str) -> PathBuf {
    crate::support::cli::folder("role_catalog", name)
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
    let old = write(&offer_dir, "old.json", &crate::support::example());
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
