//! The bundled example offer: it reads without errors, names real images, and round-trips, as
//! does every valid variant of it.

use std::path::Path;

use crate::support::{Outcome, remove, set};
use lighthouse_offer::{Offer, ReadOptions};
use serde_json::{Value, json};

fn example_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel"
    ))
}

fn example() -> String {
    std::fs::read_to_string(example_dir().join("offer.json")).unwrap()
}

#[test]
fn the_example_offer_is_valid_without_warnings() {
    let checked = match Offer::from_json_str(&example()) {
        Ok(checked) => checked,
        Err(report) => panic!("{report}"),
    };
    assert_eq!(checked.warnings(), &[]);
    let offer = checked.value();
    assert_eq!(offer.plans().len(), 2);
    assert_eq!(
        offer.marketplace_url(),
        "https://azuremarketplace.microsoft.com/marketplace/apps/contoso-contoso-managed-sentinel"
    );
}

#[test]
fn the_example_offer_images_pass_verification() {
    let (offer, _) = Offer::from_json_str(&example()).unwrap().into_parts();
    assert_eq!(offer.verify_images(example_dir()), []);
}

#[test]
fn the_example_offer_round_trips() {
    let original: serde_json::Value = serde_json::from_str(&example()).unwrap();
    let (offer, _) = Offer::from_json_str(&example()).unwrap().into_parts();
    let written = serde_json::to_value(&offer).unwrap();
    let mut expected = original.clone();
    // `billingModel` may be left out in the document; the crate always writes it.
    expected["plans"][1]["billingModel"] = "byol".into();
    assert_eq!(written, expected);
    let again = ReadOptions::new()
        .read_value(&written)
        .unwrap()
        .into_parts()
        .0;
    assert_eq!(again, offer);
}

// ---- every valid variant of the example round-trips ------------------------------------------

/// A valid variant of the example: its name, the document, and its warnings as `(code, path)`.
type Variant = (&'static str, Value, Vec<(&'static str, String)>);

/// The example with each lead destination.
fn destination_variants() -> Vec<Variant> {
    let destination = |d: Value| {
        let mut doc = crate::support::example();
        set(&mut doc, "/leadManagement/destination", d);
        doc
    };
    let no_warnings = Vec::new;
    vec![
        (
            "azure table",
            destination(json!({
                "type": "azureTable",
                "connectionString": { "fromEnv": "LEADS_TABLE_CONNECTION" },
            })),
            no_warnings(),
        ),
        (
            "dynamics 365 with an Entra ID application",
            destination(json!({
                "type": "dynamics365",
                "instanceUrl": "https://contoso.crm4.dynamics.com",
                "authentication": {
                    "type": "azureAd",
                    "applicationId": "23456052-aaaa-bbbb-8662-1234df56788f",
                    "directoryId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
                    "clientSecret": { "fromEnv": "DYNAMICS_CLIENT_SECRET" },
                },
            })),
            no_warnings(),
        ),
        (
            "dynamics 365 with an Office 365 user, on premises",
            destination(json!({
                "type": "dynamics365",
                "instanceUrl": "https://crm.contoso.example",
                "authentication": {
                    "type": "office365",
                    "userName": "leads@contoso.example",
                    "password": { "fromEnv": "DYNAMICS_PASSWORD" },
                },
            })),
            vec![("LO0604", "/leadManagement/destination/instanceUrl".into())],
        ),
        (
            "marketo",
            destination(json!({
                "type": "marketo",
                "serverId": "ys12",
                "munchkinAccountId": "123-PQR-789",
                "formId": "1179",
            })),
            no_warnings(),
        ),
        (
            "salesforce",
            destination(json!({ "type": "salesforce", "organizationId": "00D5e000000XyZ1" })),
            no_warnings(),
        ),
    ]
}

/// Valid variants of the example, each written in the form the crate writes (every default
/// spelled out), with the warnings each must have. Together they use every lead destination,
/// both contracts, and every optional part left out.
fn valid_variants() -> Vec<Variant> {
    let no_warnings = Vec::new;
    let mut variants = vec![("the example", crate::support::example(), no_warnings())];
    variants.extend(destination_variants());

    let mut own_terms = crate::support::example();
    // `useStandardContract: false` is the default, written only when true.
    remove(&mut own_terms, "/legal/useStandardContract");
    set(
        &mut own_terms,
        "/legal/termsOfUse",
        json!("Contoso's terms of service for managed Sentinel apply."),
    );
    variants.push(("own terms of use", own_terms, no_warnings()));

    let mut bare = crate::support::example();
    remove(&mut bare, "/$schema");
    remove(&mut bare, "/marketingArtifacts/hero");
    remove(&mut bare, "/marketingArtifacts/screenshots");
    remove(&mut bare, "/marketingArtifacts/videos");
    remove(&mut bare, "/listing/usefulLinks");
    set(
        &mut bare,
        "/acknowledgedWarnings",
        json!(["missing-hero-image"]),
    );
    variants.push(("every optional part left out", bare, no_warnings()));

    let mut defaults = crate::support::example();
    let eligible = "/plans/0/manifest/eligibleAuthorizations/0";
    set(
        &mut defaults,
        &format!("{eligible}/justInTimeAccessPolicy"),
        json!({ "multiFactorAuthProvider": "None", "maximumActivationDuration": "PT8H" }),
    );
    variants.push(("a policy without approvers", defaults, no_warnings()));

    let mut warned = crate::support::example();
    remove(&mut warned, "/plans/1/manifest/authorizations/1");
    set(
        &mut warned,
        "/plans/0/manifest/authorizations/1/roleDefinitionId",
        json!("4a8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
    );
    variants.push((
        "with warnings",
        warned,
        vec![
            (
                "LO0204",
                "/plans/0/manifest/authorizations/1/roleDefinitionId".into(),
            ),
            ("LO0301", "/plans/1/manifest/authorizations".into()),
        ],
    ));

    for (_, document, _) in &mut variants {
        // The crate writes the billing model, which the example leaves out of its second plan.
        set(document, "/plans/1/billingModel", json!("byol"));
    }
    variants
}

#[test]
fn every_valid_variant_of_the_example_round_trips() {
    for (name, document, warnings) in valid_variants() {
        let (offer, found) = crate::support::read(&document).into_parts();
        assert_eq!(crate::support::pairs(&found), warnings, "{name}: warnings");
        // Written back: the same document, which reads as the same offer with the same warnings.
        let written = serde_json::to_value(&offer).unwrap();
        assert_eq!(written, document, "{name}: written form");
        let (again, again_found) = crate::support::read(&written).into_parts();
        assert_eq!(again, offer, "{name}: read again");
        assert_eq!(again_found, found, "{name}: warnings again");
        // serde reads it as the document reader does.
        let via_serde: Offer = serde_json::from_value(written).unwrap();
        assert_eq!(via_serde, offer, "{name}: serde");
    }
}

#[test]
fn a_document_left_with_its_defaults_reads_as_one_that_spells_them_out() {
    // `edition`, `billingModel`, `useStandardContract: false` and the policy's fields have
    // defaults; leaving them out means the same offer.
    let mut short = crate::support::example();
    remove(&mut short, "/edition");
    remove(&mut short, "/plans/0/billingModel");
    let eligible = "/plans/0/manifest/eligibleAuthorizations/0";
    remove(&mut short, &format!("{eligible}/justInTimeAccessPolicy"));
    let mut long = crate::support::example();
    set(
        &mut long,
        &format!("{eligible}/justInTimeAccessPolicy"),
        json!({ "multiFactorAuthProvider": "None", "maximumActivationDuration": "PT8H" }),
    );
    assert_eq!(
        crate::support::read(&short).value(),
        crate::support::read(&long).value()
    );
    // The one difference: a document without `edition` is warned about.
    assert_eq!(
        Outcome::of_document(&short),
        Outcome {
            errors: Vec::new(),
            warnings: vec![("LO0902", String::new())],
        }
    );
    assert_eq!(Outcome::of_document(&long), Outcome::default());
}
