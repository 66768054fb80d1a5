//! Published plans verified (`audit::published`): the plan identifier, and what Azure holds for
//! a plan's version (`marketplaceRegistrationDefinitions`) held against the document, on saved
//! answers written for these tests (`tests/fixtures/published/`). The live read is in
//! `audit_published_live.rs`.

use lighthouse_offer::audit::{Deployed, published};
use lighthouse_offer::{Offer, Severity};
use serde_json::{Value, json};

fn offer() -> Offer {
    let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json").unwrap();
    Offer::from_json_str(&text).unwrap().into_parts().0
}

fn fixture(name: &str) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(format!("tests/fixtures/published/{name}")).unwrap(),
    )
    .unwrap()
}

/// The findings of the gold plan against an answer: (name, path).
fn verify(answer: &Value) -> Option<Vec<(&'static str, String)>> {
    let offer = offer();
    let deployed = Deployed::from_json_value(answer).unwrap();
    published::verify_published(&offer, &offer.plans()[0], &deployed).map(|found| {
        found
            .iter()
            .map(|d| (d.name(), d.path().to_string()))
            .collect()
    })
}

#[test]
fn the_identifier_is_publisher_offer_plan_and_version() {
    let offer = offer();
    let ids: Vec<String> = offer
        .plans()
        .iter()
        .map(|p| published::marketplace_identifier(&offer, p))
        .collect();
    assert_eq!(
        ids,
        [
            "contoso.contoso-managed-sentinel.gold.1.2.0",
            "contoso.contoso-managed-sentinel.fabrikam-dedicated.1.0.0"
        ]
    );
}

#[test]
fn a_plan_published_as_the_document_says_has_no_finding() {
    assert_eq!(verify(&fixture("gold-as-published.json")), Some(Vec::new()));
    // Identifiers are compared without regard to case, and an answer may hold other plans.
    let mut answer = fixture("gold-as-published.json");
    answer["value"][0]["plan"]["publisher"] = json!("Contoso");
    let mut other = answer["value"][0].clone();
    other["plan"]["name"] = json!("silver");
    other["properties"]["authorizations"] = json!([]);
    answer["value"].as_array_mut().unwrap().insert(0, other);
    assert_eq!(verify(&answer), Some(Vec::new()));
}

#[test]
fn nothing_for_the_plan_is_none_and_not_published_is_placed_at_the_plan() {
    assert_eq!(verify(&json!({ "value": [] })), None);
    let mut other = fixture("gold-as-published.json");
    other["value"][0]["plan"]["name"] = json!("silver");
    assert_eq!(verify(&other), None);
    let offer = offer();
    let d = published::plan_not_published(&offer, &offer.plans()[1], "Azure answered 404");
    assert_eq!(d.name(), "plan-not-published");
    assert_eq!(d.code(), "LO1017");
    assert_eq!(d.severity(), Severity::Error);
    assert_eq!(d.path().as_str(), "/plans/1");
    assert_eq!(
        d.message(),
        "plan fabrikam-dedicated version 1.0.0 is not published: Azure holds no marketplace registration definition `contoso.contoso-managed-sentinel.fabrikam-dedicated.1.0.0` (Azure answered 404)"
    );
}

#[test]
fn every_difference_is_a_finding_at_its_place_in_the_answer() {
    let found = verify(&fixture("gold-differs.json")).unwrap();
    let item = "/value/0/properties";
    assert_eq!(
        found,
        [
            (
                "published-name-differs",
                format!("{item}/authorizations/0/principalIdDisplayName")
            ),
            (
                "published-authorization-differs",
                format!("{item}/authorizations/1")
            ),
            (
                "published-authorization-differs",
                format!("{item}/authorizations")
            ),
            (
                "published-eligible-differs",
                format!("{item}/eligibleAuthorizations/0/justInTimeAccessPolicy")
            ),
        ]
    );
}

#[test]
fn tenant_roles_to_assign_approvers_and_titles_are_compared() {
    let mut answer = fixture("gold-as-published.json");
    let props = &mut answer["value"][0]["properties"];
    props["managedByTenantId"] = json!("11111111-2222-4333-8444-555555555555");
    props["planDisplayName"] = json!("Gold");
    props["authorizations"][2]["delegatedRoleDefinitionIds"] =
        json!(["b24988ac-6180-42a0-ab88-20f7382dd24c"]);
    props["eligibleAuthorizations"][0]["justInTimeAccessPolicy"]["managedByTenantApprovers"] =
        json!([]);
    let item = "/value/0/properties";
    assert_eq!(
        verify(&answer).unwrap(),
        [
            (
                "published-tenant-differs",
                format!("{item}/managedByTenantId")
            ),
            ("published-name-differs", format!("{item}/planDisplayName")),
            (
                "published-authorization-differs",
                format!("{item}/authorizations/2/delegatedRoleDefinitionIds")
            ),
            (
                "published-eligible-differs",
                format!("{item}/eligibleAuthorizations/0/justInTimeAccessPolicy")
            ),
        ]
    );
    // An eligible authorization Azure has and the document does not, and the other way round.
    let mut answer = fixture("gold-as-published.json");
    answer["value"][0]["properties"]["eligibleAuthorizations"][0]["roleDefinitionId"] =
        json!("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    let names: Vec<&str> = verify(&answer).unwrap().iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        ["published-eligible-differs", "published-eligible-differs"]
    );
}

#[test]
fn another_version_only_is_version_differs_and_still_compared() {
    let found = verify(&fixture("gold-older.json")).unwrap();
    assert_eq!(
        found,
        [(
            "published-version-differs",
            "/value/0/plan/version".to_owned()
        )]
    );
    // With the document's version among others, that one is compared.
    let mut both = fixture("gold-older.json");
    let current = fixture("gold-as-published.json")["value"][0].clone();
    both["value"].as_array_mut().unwrap().push(current);
    assert_eq!(verify(&both), Some(Vec::new()));
}

#[test]
fn every_published_rule_names_its_source_and_a_fix() {
    use lighthouse_offer::Rule;
    for rule in [
        Rule::PlanNotPublished,
        Rule::PublishedVersionDiffers,
        Rule::PublishedAuthorizationDiffers,
        Rule::PublishedEligibleDiffers,
        Rule::PublishedNameDiffers,
        Rule::PublishedTenantDiffers,
    ] {
        assert!(rule.source().contains("2026-12-06"), "{rule:?}");
        assert!(rule.source().contains("marketplace") || rule.source().contains("Marketplace"));
        assert!(!rule.fix().is_empty());
        assert!(rule.judges_deployed(), "{rule:?}");
    }
}
