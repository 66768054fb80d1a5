//! The bundled example offer: it reads without errors, names real images, and round-trips.

use std::path::Path;

use lighthouse_offer::Offer;

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
    let again = Offer::from_json_value(&written).unwrap().into_parts().0;
    assert_eq!(again, offer);
}
