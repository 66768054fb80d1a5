//! The example offer built in code (`examples/build_offer.rs`) is the offer that the example
//! document (`examples/contoso-sentinel/offer.json`) describes.

use lighthouse_offer::Offer;

#[path = "../../examples/build_offer.rs"]
mod build_offer;

fn example_document() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel/offer.json"
    ))
    .unwrap()
}

#[test]
fn the_offer_built_in_code_equals_the_example_document() {
    let built = build_offer::contoso_sentinel().unwrap();
    let read = Offer::from_json_str(&example_document()).unwrap();
    // The JSON first, so that a difference shows where it is.
    assert_eq!(
        serde_json::to_value(built.value()).unwrap(),
        serde_json::to_value(read.value()).unwrap()
    );
    assert_eq!(built, read);
    assert_eq!(built.warnings(), []);
}

#[test]
fn the_offer_built_in_code_reads_back_from_its_json() {
    let (built, _) = build_offer::contoso_sentinel().unwrap().into_parts();
    let text = serde_json::to_string_pretty(&built).unwrap();
    let (again, warnings) = Offer::from_json_str(&text).unwrap().into_parts();
    assert_eq!(again, built);
    assert_eq!(warnings, []);
}

#[test]
fn the_builder_keeps_schema_and_edition() {
    let (built, _) = build_offer::contoso_sentinel().unwrap().into_parts();
    assert_eq!(
        built.schema(),
        Some("../../schema/lighthouse-offer.schema.json")
    );
    assert_eq!(built.edition().name(), "2020");
}
