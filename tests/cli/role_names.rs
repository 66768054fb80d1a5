//! A role written by name or by resource ID where its GUID belongs: an error that names the GUID
//! to write, in offer documents and in ARM files; `roles --exact NAME` and `roles GUID`.

use crate::support::cli::{assert_exit, run, stderr, stdout};
use crate::support::set;
use lighthouse_offer::{Offer, RoleDefinitionId, Rule};
use serde_json::json;

const READER: &str = "/plans/0/manifest/authorizations/1/roleDefinitionId";

fn errors_at(doc: &serde_json::Value, pointer: &str) -> Vec<lighthouse_offer::Diagnostic> {
    let report = Offer::from_json_str(&doc.to_string()).expect_err("an error");
    report
        .errors()
        .filter(|e| e.path().as_str() == pointer)
        .cloned()
        .collect()
}

#[test]
fn a_role_name_in_any_case_is_an_error_that_names_the_guid_to_write() {
    for name in ["Reader", "reader", "READER", " Reader "] {
        let mut doc = crate::support::example();
        set(&mut doc, READER, json!(name));
        let found = errors_at(&doc, READER);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].rule(), Rule::InvalidGuid);
        assert!(
            found[0].message().contains("name of role Reader"),
            "{}",
            found[0]
        );
        assert!(
            found[0]
                .help()
                .contains(&RoleDefinitionId::READER.to_string()),
            "{}",
            found[0].help()
        );
    }
}

#[test]
fn a_role_lighthouse_refuses_named_by_name_gets_the_refusals_fix_not_its_guid() {
    let owner_id = format!(
        "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/providers/Microsoft.Authorization/roleDefinitions/{}",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
    );
    for (text, guid, refusal) in [
        (
            "Owner",
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            Rule::OwnerRole,
        ),
        (
            owner_id.as_str(),
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            Rule::OwnerRole,
        ),
        (
            "log analytics reader",
            "73c42c96-874c-492b-b04d-ab87d138a893",
            Rule::DataActionsRole,
        ),
    ] {
        let mut doc = crate::support::example();
        set(&mut doc, READER, json!(text));
        let found = errors_at(&doc, READER);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].rule(), Rule::InvalidGuid);
        assert!(
            found[0]
                .message()
                .contains("Azure Lighthouse does not accept")
                && found[0].message().contains(refusal.code()),
            "{}",
            found[0]
        );
        assert_eq!(found[0].help(), refusal.fix(), "{text}");
        assert!(!found[0].help().contains(guid), "{}", found[0].help());
        // Writing the GUID would give the refusal's rule.
        set(&mut doc, READER, json!(guid));
        let report = Offer::from_json_str(&doc.to_string()).expect_err("refused");
        assert!(report.contains(refusal), "{text}");
    }
}

#[test]
fn a_misspelt_role_name_gets_the_nearest_names() {
    let mut doc = crate::support::example();
    set(&mut doc, READER, json!("Log Analytic Reader"));
    let found = errors_at(&doc, READER);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .help()
            .contains("Log Analytics Reader (`73c42c96-874c-492b-b04d-ab87d138a893`)"),
        "{}",
        found[0].help()
    );
    // A text far from any name and not a GUID keeps the GUID's own error and help.
    set(
        &mut doc,
        READER,
        json!("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"),
    );
    let found = errors_at(&doc, READER);
    assert_eq!(found[0].help(), Rule::InvalidGuid.fix());
}

#[test]
fn a_role_resource_id_is_an_error_that_gives_the_bare_guid() {
    let mut doc = crate::support::example();
    let id = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";
    set(&mut doc, READER, json!(id));
    let found = errors_at(&doc, READER);
    assert_eq!(found.len(), 1);
    assert!(found[0].message().contains("resource ID"), "{}", found[0]);
    assert_eq!(
        found[0].help(),
        "Write the bare GUID: `\"acdd72a7-3385-48ef-bd42-f606fba81ae7\"`."
    );
    // In the roles a User Access Administrator may assign too.
    let mut doc = crate::support::example();
    let assignable = "/plans/0/manifest/authorizations/2/delegatedRoleDefinitionIds/0";
    set(&mut doc, assignable, json!("Contributor"));
    let found = errors_at(&doc, assignable);
    assert!(
        found[0]
            .help()
            .contains("b24988ac-6180-42a0-ab88-20f7382dd24c"),
        "{found:?}"
    );
}

#[test]
fn the_cli_shows_the_guid_to_write_as_help() {
    let dir = crate::support::cli::folder("role_names", "cli_help");
    let mut doc = crate::support::example();
    set(&mut doc, READER, json!("Reader"));
    let path = dir.join("offer.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let output = run(&["check", path.to_str().unwrap()]);
    assert_exit(&output, 1);
    let out = stdout(&output);
    assert!(
        out.contains(
            "= help: Write the GUID of Reader: `\"acdd72a7-3385-48ef-bd42-f606fba81ae7\"`."
        ),
        "{out}"
    );
}

#[test]
fn roles_exact_prints_one_role_or_the_nearest_names() {
    let output = run(&["roles", "--exact", "reader"]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("acdd72a7-3385-48ef-bd42-f606fba81ae7  Reader  supported"),
        "{out}"
    );

    let output = run(&["roles", "--exact", "log analytic reader"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("Log Analytics Reader (`73c42c96-874c-492b-b04d-ab87d138a893`)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn roles_takes_a_guid_or_a_resource_id_and_says_what_it_is() {
    let output = run(&["roles", "ACDD72A7-3385-48EF-BD42-F606FBA81AE7"]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).contains("Reader  supported"),
        "{}",
        stdout(&output)
    );
    let output = run(&[
        "roles",
        "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    ]);
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("Owner"), "{}", stdout(&output));
    let output = run(&["roles", "acdd72a7-3385-48ef-bd42-f606fba81ae8"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("is not a built-in role"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn in_an_arm_parameters_file_a_role_resource_id_or_name_gets_the_guid_to_write() {
    let dir = crate::support::cli::folder("role_names", "arm");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel/offer.json"
    );
    let output = run(&[
        "arm",
        "export",
        example,
        "--plan",
        "gold",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_exit(&output, 0);
    let parameters = dir.join("subscription.parameters.json");
    let mut written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&parameters).unwrap()).unwrap();
    let authorizations = &mut written["parameters"]["authorizations"]["value"];
    authorizations[0]["roleDefinitionId"] = json!(
        "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"
    );
    authorizations[1]["roleDefinitionId"] = json!("contributor");
    std::fs::write(&parameters, written.to_string()).unwrap();
    let output = run(&[
        "arm",
        "check",
        "--format",
        "json",
        parameters.to_str().unwrap(),
    ]);
    assert_exit(&output, 1);
    let found: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let helps: Vec<&str> = found
        .iter()
        .filter(|d| d["name"] == "invalid-guid")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "Write the bare GUID: `\"acdd72a7-3385-48ef-bd42-f606fba81ae7\"`.",
            "Write the GUID of Contributor: `\"b24988ac-6180-42a0-ab88-20f7382dd24c\"`."
        ],
        "{found:?}"
    );
}
