//! `lighthouse-offer show`: the offer as people read it.

use crate::support::cli::{assert_exit, run, stderr, stdout};
use lighthouse_offer::Offer;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/offer.json"
);

#[test]
fn show_prints_plans_roles_by_name_eligible_access_and_the_marketplace_url() {
    let output = run(&["show", EXAMPLE]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    let offer = Offer::from_json_str(&std::fs::read_to_string(EXAMPLE).unwrap())
        .unwrap()
        .into_parts()
        .0;
    assert!(
        out.contains(&format!("Marketplace: {}\n", offer.marketplace_url())),
        "{out}"
    );
    for plan in offer.plans() {
        assert!(
            out.contains(&format!("Plan `{}`", plan.plan_id().as_str())),
            "{out}"
        );
    }
    assert!(
        out.contains("Contoso SOC readers (8e2d1c0b-3a4f-4b5c-9d6e-7f8a9b0c1d2e): Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7)"),
        "{out}"
    );
    assert!(
        out.contains("may assign to managed identities: Contributor"),
        "{out}"
    );
    assert!(out.contains("Eligible access (just in time):"), "{out}");
    assert!(out.contains("approved by Contoso SOC leads"), "{out}");
    assert!(out.contains("(private, 2 subscriptions)"), "{out}");
}

#[test]
fn show_of_an_invalid_document_points_to_check() {
    let dir = crate::support::cli::folder("cli_show", "invalid");
    let path = dir.join("offer.json");
    std::fs::write(&path, "{}").unwrap();
    let output = run(&["show", path.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("lighthouse-offer check"),
        "{}",
        stderr(&output)
    );
}
