//! Placeholders (`<…>`) and the same principal given the same role twice, in offer documents.

use crate::support::{Outcome, set};
use lighthouse_offer::{Offer, Rule};
use serde_json::json;

#[test]
fn a_placeholder_in_an_offer_document_is_reported_in_place_of_the_value_s_own_error() {
    let mut doc = crate::support::example();
    let at = "/plans/0/manifest/tenantId";
    set(&mut doc, at, json!("<insert managing tenant id>"));
    let report = Offer::from_json_str(&doc.to_string()).unwrap_err();
    let here: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.path().as_str() == at)
        .collect();
    assert_eq!(here.len(), 1, "{report}");
    assert_eq!(here[0].rule(), Rule::PlaceholderValue);
    assert!(here[0].message().contains("tenant"), "{}", here[0]);
    // Text fields too, where the placeholder would otherwise be valid text.
    let mut doc = crate::support::example();
    set(&mut doc, "/name", json!("<your offer name>"));
    assert_eq!(
        Outcome::of_document(&doc).errors,
        vec![("LO0700", "/name".to_owned())]
    );
    // Angle brackets inside a text are no placeholder.
    let mut doc = crate::support::example();
    set(&mut doc, "/name", json!("Contoso <Managed> Sentinel"));
    assert!(Outcome::of_document(&doc).errors.is_empty());
}

#[test]
fn the_same_principal_with_the_same_role_twice_in_one_plan_is_an_error() {
    let mut doc = crate::support::example();
    let first = crate::support::at(&mut doc, "/plans/0/manifest/authorizations/1").clone();
    crate::support::at(&mut doc, "/plans/0/manifest/authorizations")
        .as_array_mut()
        .unwrap()
        .push(first);
    let outcome = Outcome::of_document(&doc);
    assert_eq!(
        outcome.errors,
        vec![("LO0007", "/plans/0/manifest/authorizations/5".to_owned())]
    );
    let report = Offer::from_json_str(&doc.to_string()).unwrap_err();
    let d = report.errors().next().unwrap();
    assert!(d.message().contains("twice"), "{d}");
    assert!(d.help().contains("index 1"), "{}", d.help());
    // The same principal with another role is fine (the example has such a pair).
}

#[test]
fn serde_refuses_a_placeholder_as_the_reader_does() {
    let mut doc = crate::support::example();
    set(&mut doc, "/name", json!("<your offer name>"));
    let error = serde_json::from_value::<Offer>(doc)
        .unwrap_err()
        .to_string();
    assert!(error.contains("placeholder"), "{error}");
}
