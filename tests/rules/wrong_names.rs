//! Names users bring from other offer types, Partner Center's APIs and ARM templates: each is an
//! unknown field with a message of its own that names the field to write, told once (not also as
//! the missing field it stands for).

use lighthouse_offer::{Diagnostic, Offer};
use serde_json::{Value, json};

/// The 2026 example, changed by `edit`, read: its diagnostics.
fn diagnostics(edit: impl FnOnce(&mut Value)) -> Vec<Diagnostic> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel-2026/offer.json"
    ))
    .unwrap();
    let mut document: Value = serde_json::from_str(&text).unwrap();
    edit(&mut document);
    match Offer::from_json_str(&document.to_string()) {
        Ok(checked) => checked.warnings().to_vec(),
        Err(report) => report.diagnostics().to_vec(),
    }
}

/// Renames the field `from` of the object at `pointer` to `to`, keeping its value.
fn rename(document: &mut Value, pointer: &str, from: &str, to: &str) {
    let object = document
        .pointer_mut(pointer)
        .unwrap()
        .as_object_mut()
        .unwrap();
    let value = object.remove(from).unwrap();
    object.insert(to.to_owned(), value);
}

/// The one diagnostic of a document that renamed `from` to `to` at `pointer`: its path, message
/// and help.
fn told(pointer: &str, from: &str, to: &str) -> (String, String, String) {
    let found = diagnostics(|d| rename(d, pointer, from, to));
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.name(), "unknown-field");
    (
        d.path().as_str().to_owned(),
        d.message().to_owned(),
        d.help().to_owned(),
    )
}

#[test]
fn a_private_plans_tenant_ids_are_told_to_be_subscription_ids() {
    let (path, message, help) = told("/plans/1/availability", "subscriptionIds", "tenantIds");
    assert_eq!(path, "/plans/1/availability/tenantIds");
    assert!(
        message.starts_with("unknown field `tenantIds`: a private plan of a Managed Service offer names its customers by Azure subscription ID"),
        "{message}"
    );
    assert_eq!(help, "Rename the field to `subscriptionIds`.");
}

#[test]
fn names_of_the_product_ingestion_api_and_older_forms_name_the_field_to_write() {
    for (pointer, right, wrong) in [
        (
            "/plans/1/availability",
            "subscriptionIds",
            "privateAudiences",
        ),
        (
            "/plans/1/availability",
            "subscriptionIds",
            "tenantAudiences",
        ),
        (
            "/plans/1/availability",
            "subscriptionIds",
            "subscriptionAudiences",
        ),
        ("/plans/0/availability", "visibility", "audience"),
        ("/plans/0/manifest", "tenantId", "managedByTenantId"),
        ("", "name", "mspOfferName"),
        ("/listing", "summary", "searchResultSummary"),
        ("/listing", "longSummary", "shortDescription"),
        ("/listing", "usefulLinks", "generalLinks"),
        ("/listing", "previewSubscriptionIds", "previewAudiences"),
        ("/legal", "privacyPolicyUrl", "privacyPolicyLink"),
        ("/support", "supportUrls", "globalSupportWebsite"),
    ] {
        let (path, message, help) = told(pointer, right, wrong);
        assert_eq!(path, format!("{pointer}/{wrong}"));
        assert!(
            message.starts_with(&format!("unknown field `{wrong}`: "))
                && !message.contains("did you mean"),
            "{message}"
        );
        assert_eq!(help, format!("Rename the field to `{right}`."), "{wrong}");
    }
}

#[test]
fn a_name_in_the_wrong_object_says_where_the_value_goes() {
    let found = diagnostics(|d| {
        d["plans"][1]["tenantIds"] = json!(["9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"]);
        d["listing"]["privacyPolicyLink"] = json!("https://contoso.example/privacy");
    });
    let mut helps: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.path().as_str(), d.help()))
        .collect();
    helps.sort_unstable();
    assert_eq!(
        helps,
        [
            (
                "/listing/privacyPolicyLink",
                "Write the value as `legal.privacyPolicyUrl` instead."
            ),
            (
                "/plans/1/tenantIds",
                "Write the value as `availability.subscriptionIds` instead."
            ),
        ]
    );
}

#[test]
fn a_name_from_elsewhere_applies_in_its_object_only() {
    // `audience` in an authorization is no name of the Product Ingestion API: the usual message.
    let found = diagnostics(|d| {
        d["plans"][0]["manifest"]["authorizations"][0]["audience"] = json!("x");
    });
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message().starts_with("unknown field `audience`; "),
        "{}",
        found[0].message()
    );
}
