//! Rule editions: every rule that differs between editions, checked under both, at its edges;
//! the edition field and its override; the migration to another edition; the schema.

use std::path::{Path, PathBuf};

use lighthouse_offer::edition::LogoSlot;
use lighthouse_offer::migration::{Migration, migrate};
use lighthouse_offer::{Edition, Offer, OfferId, OfferName, Plan, PublisherId, ReadOptions, Rule};
use serde_json::{Value, json};

use crate::make_example_images;

// ---- helpers ----------------------------------------------------------------------------------

const STANDARD_CONTRACT_2026: &str = "edition 2026 has no Microsoft Standard Contract for Managed Service offers: Partner Center asks for the offer's own terms";
const MARKETING_IDENTIFIER_2026: &str = "edition 2026 has no marketing identifier: the Marketplace address is made from the offer ID; remove `marketingIdentifier`";
const MARKETING_IDENTIFIER_2020: &str = "missing required field `marketingIdentifier`: edition 2020 makes the Marketplace address from it";

/// A complete offer document, valid and without warnings in `edition` (`None`: no `edition`
/// field, read as 2020): the 2020 document has the four logos, a hero image, a marketing
/// identifier and the Standard Contract; the 2026 one the large logo only, its own terms and no
/// marketing identifier. Image files are not read unless a test verifies them.
fn document(edition: Option<&str>) -> Value {
    let mut document = crate::support::inline_offer();
    if let Some(edition) = edition {
        document["edition"] = edition.into();
    }
    if edition == Some("2026") {
        // Edition 2026: no marketing identifier, the offer's own terms, a category of
        // Partner Center's list.
        document["listing"]
            .as_object_mut()
            .unwrap()
            .remove("marketingIdentifier");
        document["legal"] = json!({
            "privacyPolicyUrl": "https://contoso.example/privacy",
            "termsOfUse": "https://contoso.example/terms"
        });
    } else {
        document["marketingArtifacts"] = json!({
            "logos": {
                "small": "logos/small.png",
                "medium": "logos/medium.png",
                "large": "logos/large.png",
                "wide": "logos/wide.png"
            },
            "hero": "logos/hero.png"
        });
    }
    document
}

/// Every diagnostic of reading `document` (errors and warnings) as (name, path, message), in
/// document order.
fn findings_with(document: &Value, options: &ReadOptions) -> Vec<(String, String, String)> {
    let diagnostics = match options.read_value(document) {
        Ok(checked) => checked.warnings().to_vec(),
        Err(report) => report.into_diagnostics(),
    };
    diagnostics
        .iter()
        .map(|d| {
            (
                d.name().to_owned(),
                d.path().as_str().to_owned(),
                d.message().to_owned(),
            )
        })
        .collect()
}

fn findings(document: &Value) -> Vec<(String, String, String)> {
    findings_with(document, &ReadOptions::default())
}

/// One finding, for comparing with [`findings`].
fn finding(name: &str, path: &str, message: &str) -> (String, String, String) {
    (name.to_owned(), path.to_owned(), message.to_owned())
}

/// The names and paths of every finding.
fn places(document: &Value) -> Vec<(String, String)> {
    findings(document)
        .into_iter()
        .map(|(name, path, _)| (name, path))
        .collect()
}

fn place(name: &str, path: &str) -> (String, String) {
    (name.to_owned(), path.to_owned())
}

#[track_caller]
fn assert_clean(document: &Value) {
    assert_eq!(findings(document), []);
}

/// `n` distinct subscription IDs.
fn subscriptions(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("00000000-0000-4000-8000-{i:012x}"))
        .collect()
}

fn private_plan(document: &mut Value, ids: usize) {
    document["plans"][0]["availability"] =
        json!({ "visibility": "private", "subscriptionIds": subscriptions(ids) });
}

/// A description of exactly `length` characters (markup included) that uses the required term
/// and has too few words to be judged for its language.
fn description_of(length: usize) -> String {
    let (start, end) = ("<p>Contoso's managed service: ", "</p>");
    let fill = length - start.chars().count() - end.chars().count();
    format!("{start}{}{end}", "x".repeat(fill))
}

fn read_2020(text: &str) -> Offer {
    Offer::from_json_str(text).unwrap().into_parts().0
}

fn example(folder: &str) -> (PathBuf, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let text = std::fs::read_to_string(dir.join("offer.json")).unwrap();
    (dir, text)
}

// ---- the edition field ------------------------------------------------------------------------

#[test]
fn a_document_without_edition_is_checked_as_2020() {
    let document = document(None);
    let (offer, warnings) = ReadOptions::new()
        .read_value(&document)
        .unwrap()
        .into_parts();
    // Read as 2020, with the warning that says so, like cargo's on a manifest without edition.
    let names: Vec<_> = warnings
        .iter()
        .map(|w| (w.name(), w.path().as_str()))
        .collect();
    assert_eq!(names, [("edition-not-named", "")]);
    assert!(
        warnings[0].message().contains("edition 2020"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].message().contains("edition 2026"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].help().contains("\"edition\": \"2026\""));
    assert_eq!(offer.edition(), Edition::E2020);
    // Everything the crate writes names its edition.
    assert_eq!(serde_json::to_value(&offer).unwrap()["edition"], "2020");
}

#[test]
fn a_document_without_edition_is_not_warned_about_when_the_caller_chooses_the_edition() {
    let read = lighthouse_offer::ReadOptions::new()
        .edition(Edition::E2020)
        .read_json(&document(None).to_string())
        .unwrap();
    assert!(
        read.warnings()
            .iter()
            .all(|w| w.name() != "edition-not-named")
    );
    // Named in the document, it is not warned about either.
    let (_, warnings) = ReadOptions::new()
        .read_value(&document(Some("2020")))
        .unwrap()
        .into_parts();
    assert!(warnings.iter().all(|w| w.name() != "edition-not-named"));
}

#[test]
fn the_edition_field_selects_the_rules() {
    let (offer, _) = ReadOptions::new()
        .read_value(&document(Some("2026")))
        .unwrap()
        .into_parts();
    assert_eq!(offer.edition(), Edition::E2026);
    assert_eq!(serde_json::to_value(&offer).unwrap()["edition"], "2026");
    // The 2026 document breaks the 2020 rules: no marketing identifier, no small, medium or wide
    // logo.
    let mut as_2020 = document(Some("2026"));
    as_2020["edition"] = "2020".into();
    assert_eq!(
        places(&as_2020),
        [
            place("missing-field", "/listing"),
            place("missing-hero-image", "/marketingArtifacts/hero"),
            place("missing-field", "/marketingArtifacts/logos"),
            place("missing-field", "/marketingArtifacts/logos"),
            place("missing-field", "/marketingArtifacts/logos"),
        ]
    );
}

#[test]
fn an_unknown_edition_is_reported_and_the_types_still_checked() {
    let mut unknown = document(Some("2027"));
    unknown["plans"][0]["title"] = "x".repeat(201).into();
    assert_eq!(
        findings(&unknown),
        [
            finding(
                "unknown-variant",
                "/edition",
                r#"expected an edition ("2020", "2026"), found "2027""#
            ),
            finding(
                "text-too-long",
                "/plans/0/title",
                "plan title has 201 characters, at most 200 are allowed"
            ),
        ]
    );
    let mut number = document(None);
    number["edition"] = 2020.into();
    assert_eq!(
        places(&number),
        [place("wrong-type", "/edition")],
        "an edition is a string"
    );
}

#[test]
fn read_options_override_the_document_s_edition() {
    let document = document(Some("2020"));
    let options = ReadOptions::new().edition(Edition::E2026);
    assert_eq!(
        findings_with(&document, &options),
        [
            finding(
                "not-in-edition",
                "/legal/useStandardContract",
                STANDARD_CONTRACT_2026
            ),
            finding(
                "not-in-edition",
                "/listing/marketingIdentifier",
                MARKETING_IDENTIFIER_2026
            ),
            finding(
                "not-in-edition",
                "/marketingArtifacts/hero",
                "edition 2026 has no hero image; remove `hero`"
            ),
            finding(
                "not-in-edition",
                "/marketingArtifacts/logos/wide",
                "edition 2026 has no wide logo; remove `wide`"
            ),
        ]
    );
    // The offer read has the edition it was checked against, and writes it.
    let mut without_2020_images = document.clone();
    without_2020_images["marketingArtifacts"]
        .as_object_mut()
        .unwrap()
        .remove("hero");
    without_2020_images["marketingArtifacts"]["logos"]
        .as_object_mut()
        .unwrap()
        .remove("wide");
    without_2020_images["listing"]
        .as_object_mut()
        .unwrap()
        .remove("marketingIdentifier");
    without_2020_images["legal"] = json!({
        "privacyPolicyUrl": "https://contoso.example/privacy",
        "termsOfUse": "https://contoso.example/terms"
    });
    let (offer, _) = options
        .read_value(&without_2020_images)
        .unwrap()
        .into_parts();
    assert_eq!(offer.edition(), Edition::E2026);
    assert_eq!(serde_json::to_value(&offer).unwrap()["edition"], "2026");
}

#[test]
fn editions_parse_and_print_their_names() {
    for edition in Edition::ALL {
        assert_eq!(edition.name().parse::<Edition>(), Ok(*edition));
        assert_eq!(edition.to_string(), edition.name());
        assert_eq!(edition.rules().edition, *edition);
        assert_eq!(serde_json::to_value(edition).unwrap(), edition.name());
        let read: Edition = serde_json::from_value(json!(edition.name())).unwrap();
        assert_eq!(read, *edition);
    }
    assert_eq!(Edition::default(), Edition::E2020);
    assert_eq!(Edition::LATEST, Edition::E2026);
    assert_eq!(
        " 2026".parse::<Edition>().unwrap_err().to_string(),
        r#"expected an edition ("2020", "2026"), found " 2026""#
    );
}

// ---- plan title: 50 (2020) and 200 (2026) ------------------------------------------------------

#[test]
fn plan_title_is_at_most_50_characters_in_2020() {
    let mut document = document(Some("2020"));
    document["plans"][0]["title"] = "é".repeat(50).into();
    assert_clean(&document);
    document["plans"][0]["title"] = "é".repeat(51).into();
    assert_eq!(
        findings(&document),
        [finding(
            "text-too-long",
            "/plans/0/title",
            "plan title has 51 characters, at most 50 are allowed in edition 2020"
        )]
    );
    assert_eq!(
        ReadOptions::new()
            .read_value(&document)
            .unwrap_err()
            .diagnostics()[0]
            .code(),
        "LO0102"
    );
}

#[test]
fn plan_title_is_at_most_200_characters_in_2026() {
    let mut document = document(Some("2026"));
    document["plans"][0]["title"] = "é".repeat(51).into();
    assert_clean(&document);
    document["plans"][0]["title"] = "é".repeat(200).into();
    assert_clean(&document);
    document["plans"][0]["title"] = "é".repeat(201).into();
    assert_eq!(
        findings(&document),
        [finding(
            "text-too-long",
            "/plans/0/title",
            "plan title has 201 characters, at most 200 are allowed"
        )]
    );
}

#[test]
fn a_title_over_every_limit_names_the_limit_of_its_edition_too() {
    // 201 characters break the type (200, the loosest edition) and edition 2020 (50): both are
    // said, so that the reader learns the limit that applies to the document.
    let mut document = document(Some("2020"));
    document["plans"][0]["title"] = "é".repeat(201).into();
    assert_eq!(
        findings(&document),
        [
            finding(
                "text-too-long",
                "/plans/0/title",
                "plan title has 201 characters, at most 200 are allowed"
            ),
            finding(
                "text-too-long",
                "/plans/0/title",
                "plan title has 201 characters, at most 50 are allowed in edition 2020"
            ),
        ]
    );
}

// ---- listing description: 3,000 (2020) and 5,000 (2026), markup included ----------------------

#[test]
fn description_is_at_most_3000_characters_in_2020() {
    let mut document = document(Some("2020"));
    document["listing"]["description"] = description_of(3_000).into();
    assert_clean(&document);
    document["listing"]["description"] = description_of(3_001).into();
    assert_eq!(
        findings(&document),
        [finding(
            "text-too-long",
            "/listing/description",
            "listing description has 3001 characters, at most 3000 are allowed in edition 2020 (markup included)"
        )]
    );
}

#[test]
fn description_is_at_most_5000_characters_in_2026() {
    let mut document = document(Some("2026"));
    document["listing"]["description"] = description_of(3_001).into();
    assert_clean(&document);
    document["listing"]["description"] = description_of(5_000).into();
    assert_clean(&document);
    document["listing"]["description"] = description_of(5_001).into();
    assert_eq!(
        findings(&document),
        [finding(
            "text-too-long",
            "/listing/description",
            "listing description has 5001 characters, at most 5000 are allowed"
        )]
    );
}

#[test]
fn the_description_s_markup_counts() {
    // 15 visible characters, 3,001 with the markup: 22 + 742 × 4 + 5 + 6.
    let text = format!("<p>managed service</p>{}<br/><br />", "<br>".repeat(742));
    assert_eq!(text.chars().count(), 3_001);
    let mut document = document(Some("2020"));
    document["listing"]["description"] = text.into();
    assert_eq!(
        places(&document),
        [place("text-too-long", "/listing/description")]
    );
}

// ---- legal, support, marketing identifier, categories -----------------------------------------

/// Edition 2026: no Standard Contract for Managed Service offers (Microsoft Learn, configure
/// Managed Service offer properties, 2021-07-12: the publisher's own terms); edition 2020 (Cloud
/// Partner Portal) offered it.
#[test]
fn the_standard_contract_is_of_edition_2020_only() {
    let mut standard = document(Some("2026"));
    standard["legal"] = json!({
        "privacyPolicyUrl": "https://contoso.example/privacy",
        "useStandardContract": true
    });
    assert_eq!(
        findings(&standard),
        [finding(
            "not-in-edition",
            "/legal/useStandardContract",
            STANDARD_CONTRACT_2026
        )]
    );
    // Written as false, it is the default: nothing to report.
    let mut written_false = document(Some("2026"));
    written_false["legal"]["useStandardContract"] = false.into();
    assert_clean(&written_false);
    standard["edition"] = "2020".into();
    let mut as_2020 = document(Some("2020"));
    as_2020["legal"] = standard["legal"].clone();
    assert_clean(&as_2020);
}

/// "Support URLs (optional)" (Microsoft Learn, plan a Managed Service offer, 2020-12-23); the
/// Cloud Partner Portal of edition 2020 required one.
#[test]
fn support_urls_are_optional_in_2026_and_required_in_2020() {
    let mut without = document(Some("2026"));
    without["support"]
        .as_object_mut()
        .unwrap()
        .remove("supportUrls");
    assert_clean(&without);
    let mut empty = document(Some("2026"));
    empty["support"]["supportUrls"] = json!([]);
    assert_clean(&empty);

    let mut without_2020 = document(Some("2020"));
    without_2020["support"]
        .as_object_mut()
        .unwrap()
        .remove("supportUrls");
    assert_eq!(
        findings(&without_2020),
        [finding(
            "missing-field",
            "/support",
            "missing required field `supportUrls`: edition 2020 requires at least 1 support URL"
        )]
    );
    let mut empty_2020 = document(Some("2020"));
    empty_2020["support"]["supportUrls"] = json!([]);
    assert_eq!(
        findings(&empty_2020),
        [finding(
            "too-few-items",
            "/support/supportUrls",
            "at least 1 support URL is required in edition 2020, found 0"
        )]
    );
}

/// Partner Center has no marketing identifier; the listing's address comes from the offer ID
/// (Microsoft Learn, create a Managed Service offer, 2022-07-20).
#[test]
fn the_marketing_identifier_is_of_edition_2020_only_and_makes_its_address() {
    let mut with = document(Some("2026"));
    with["listing"]["marketingIdentifier"] = "contoso-sentinel".into();
    assert_eq!(
        findings(&with),
        [finding(
            "not-in-edition",
            "/listing/marketingIdentifier",
            MARKETING_IDENTIFIER_2026
        )]
    );
    let mut without = document(Some("2020"));
    without["listing"]
        .as_object_mut()
        .unwrap()
        .remove("marketingIdentifier");
    assert_eq!(
        findings(&without),
        [finding(
            "missing-field",
            "/listing",
            MARKETING_IDENTIFIER_2020
        )]
    );
    // The Marketplace address follows the edition.
    let offer_2020 = read_2020(&document(Some("2020")).to_string());
    assert_eq!(
        offer_2020.marketplace_url(),
        "https://azuremarketplace.microsoft.com/marketplace/apps/contoso-contoso-sentinel"
    );
    let (offer_2026, _) = ReadOptions::new()
        .read_value(&document(Some("2026")))
        .unwrap()
        .into_parts();
    assert_eq!(offer_2026.listing().marketing_identifier(), None);
    assert_eq!(
        offer_2026.marketplace_url(),
        "https://azuremarketplace.microsoft.com/marketplace/apps/contoso.contoso-sentinel"
    );
}

/// Edition 2026 chooses from Azure Marketplace's categories (Microsoft Learn, marketplace
/// categories and industries); edition 2020's sources give no list.
#[test]
fn categories_of_2026_come_from_the_marketplace_list_with_did_you_mean() {
    let list = lighthouse_offer::edition::AZURE_MARKETPLACE_CATEGORIES.join(", ");
    let with = |categories: Value| {
        let mut document = document(Some("2026"));
        document["listing"]["categories"] = categories;
        document
    };
    assert_clean(&with(json!([
        "Security",
        "Monitoring & Diagnostics",
        "IT & Management Tools"
    ])));
    assert_eq!(
        findings(&with(json!([
            "Security",
            "Monitoring",
            "security",
            "Networkng",
            "Cooking"
        ]))),
        [
            finding(
                "unknown-variant",
                "/listing/categories/1",
                &format!(
                    "\"Monitoring\" is not a Marketplace category of edition 2026; did you mean \"Monitoring & Diagnostics\"? expected one of: {list}"
                )
            ),
            finding(
                "unknown-variant",
                "/listing/categories/2",
                &format!(
                    "\"security\" is not a Marketplace category of edition 2026; did you mean \"Security\"? expected one of: {list}"
                )
            ),
            finding(
                "unknown-variant",
                "/listing/categories/3",
                &format!(
                    "\"Networkng\" is not a Marketplace category of edition 2026; did you mean \"Networking\"? expected one of: {list}"
                )
            ),
            finding(
                "unknown-variant",
                "/listing/categories/4",
                &format!(
                    "\"Cooking\" is not a Marketplace category of edition 2026; expected one of: {list}"
                )
            ),
        ]
    );
    // Edition 2020 takes any label.
    let mut as_2020 = document(Some("2020"));
    as_2020["listing"]["categories"] = json!(["Monitoring", "Cooking"]);
    assert_clean(&as_2020);
}

/// The "managed service(s)" term: only the Cloud Partner Portal guide of the source documents
/// (2020) asks for it; edition 2026 does not refuse an offer on it (see `EditionRules`).
#[test]
fn the_managed_service_term_is_a_rule_of_edition_2020_only() {
    let description = "<p>Contoso runs Microsoft Sentinel for you, day and night.</p>";
    let mut as_2026 = document(Some("2026"));
    as_2026["listing"]["description"] = description.into();
    assert_clean(&as_2026);
    let mut as_2020 = document(Some("2020"));
    as_2020["listing"]["description"] = description.into();
    assert_eq!(
        findings(&as_2020),
        [finding(
            "missing-managed-service-term",
            "/listing/description",
            "the description must use the term \"managed service\" or \"managed services\" in edition 2020"
        )]
    );
}

// ---- private audience: 20,000 (2020) and 10,000 (2026) ------------------------------------------

#[test]
fn private_audience_is_at_most_20000_subscriptions_in_2020() {
    let mut document = document(Some("2020"));
    private_plan(&mut document, 10_001);
    assert_clean(&document);
    private_plan(&mut document, 20_000);
    assert_clean(&document);
    private_plan(&mut document, 20_001);
    assert_eq!(
        findings(&document),
        [finding(
            "too-many-items",
            "/plans/0/availability/subscriptionIds",
            "a private audience names at most 20000 subscription IDs, found 20001"
        )]
    );
}

#[test]
fn private_audience_is_at_most_10000_subscriptions_in_2026() {
    let mut document = document(Some("2026"));
    private_plan(&mut document, 10_000);
    assert_clean(&document);
    private_plan(&mut document, 10_001);
    assert_eq!(
        findings(&document),
        [finding(
            "too-many-items",
            "/plans/0/availability/subscriptionIds",
            "a private audience names at most 10000 subscription IDs in edition 2026, found 10001"
        )]
    );
}

// ---- logos and hero image ----------------------------------------------------------------------

#[test]
fn edition_2020_requires_all_four_logos() {
    for (key, size) in [
        ("small", "40×40"),
        ("medium", "90×90"),
        ("large", "115×115"),
        ("wide", "255×115"),
    ] {
        let mut document = document(Some("2020"));
        document["marketingArtifacts"]["logos"]
            .as_object_mut()
            .unwrap()
            .remove(key);
        assert_eq!(
            findings(&document),
            [finding(
                "missing-field",
                "/marketingArtifacts/logos",
                &format!(
                    "missing required field `{key}`: edition 2020 requires a {key} logo, a PNG of {size} pixels"
                )
            )]
        );
    }
}

#[test]
fn edition_2026_requires_the_large_logo_only() {
    let mut document = document(Some("2026"));
    assert_clean(&document);
    document["marketingArtifacts"]["logos"] =
        json!({ "small": "logos/48.png", "medium": "logos/90.png", "large": "logos/300.png" });
    assert_clean(&document);
    document["marketingArtifacts"]["logos"] =
        json!({ "small": "logos/48.png", "medium": "logos/90.png" });
    assert_eq!(
        findings(&document),
        [finding(
            "missing-field",
            "/marketingArtifacts/logos",
            "missing required field `large`: edition 2026 requires a large logo, a square PNG of 216×216 to 350×350 pixels"
        )]
    );
}

#[test]
fn edition_2026_has_no_wide_logo_and_no_hero_image() {
    let mut document = document(Some("2026"));
    document["marketingArtifacts"]["logos"]["wide"] = "logos/wide.png".into();
    document["marketingArtifacts"]["hero"] = "logos/hero.png".into();
    assert_eq!(
        findings(&document),
        [
            finding(
                "not-in-edition",
                "/marketingArtifacts/hero",
                "edition 2026 has no hero image; remove `hero`"
            ),
            finding(
                "not-in-edition",
                "/marketingArtifacts/logos/wide",
                "edition 2026 has no wide logo; remove `wide`"
            ),
        ]
    );
    assert_eq!(Rule::NotInEdition.code(), "LO0900");
}

#[test]
fn missing_hero_image_is_a_warning_of_2020_only() {
    let mut in_2020 = document(Some("2020"));
    in_2020["marketingArtifacts"]
        .as_object_mut()
        .unwrap()
        .remove("hero");
    assert_eq!(
        findings(&in_2020),
        [finding(
            "missing-hero-image",
            "/marketingArtifacts/hero",
            "the offer has no hero image; Marketplace features offers with one (815×290 pixels)"
        )]
    );
    // Edition 2026 has no hero image, so no warning; acknowledging it there is stale.
    let mut in_2026 = document(Some("2026"));
    assert_clean(&in_2026);
    in_2026["acknowledgedWarnings"] = json!(["missing-hero-image"]);
    assert_eq!(
        findings(&in_2026),
        [finding(
            "stale-acknowledgement",
            "/acknowledgedWarnings/0",
            "warning `missing-hero-image` is acknowledged but edition 2026 has no such warning; remove the acknowledgement"
        )]
    );
    assert!(Edition::E2020.reports(Rule::MissingHeroImage));
    assert!(!Edition::E2026.reports(Rule::MissingHeroImage));
}

// ---- screenshots: captions -------------------------------------------------------------------

#[test]
fn screenshot_captions_are_optional_in_2020_and_required_in_2026() {
    let shots = json!([
        { "path": "screenshots/1.png", "caption": "The incident queue" },
        { "path": "screenshots/2.png" }
    ]);
    let mut in_2020 = document(Some("2020"));
    in_2020["marketingArtifacts"]["screenshots"] = shots.clone();
    assert_clean(&in_2020);
    let mut in_2026 = document(Some("2026"));
    in_2026["marketingArtifacts"]["screenshots"] = shots;
    assert_eq!(
        findings(&in_2026),
        [finding(
            "missing-field",
            "/marketingArtifacts/screenshots/1",
            "missing required field `caption`: edition 2026 requires a caption for every screenshot"
        )]
    );
}

// ---- the non-English description's statement (2026) -------------------------------------------

const GERMAN: &str = "<p>Contoso betreibt Microsoft Sentinel für Ihr Unternehmen als Managed Service. \
    Unsere Analysten überwachen Ihre Vorfälle rund um die Uhr, optimieren monatlich die \
    Analyseregeln und reagieren innerhalb von dreißig Minuten.</p>";

fn with_description(edition: &str, description: &str) -> Value {
    let mut document = document(Some(edition));
    document["listing"]["description"] = description.into();
    document
}

#[test]
fn a_non_english_description_without_the_statement_is_a_warning_in_2026() {
    assert_eq!(
        findings(&with_description("2026", GERMAN)),
        [finding(
            "missing-language-statement",
            "/listing/description",
            "the description does not look English (0 of its 29 words are common English words) \
             and does not begin or end with \"This service is available in <language>\", which \
             edition 2026 asks of a non-English listing"
        )]
    );
    // Edition 2020 has no such rule.
    assert_clean(&with_description("2020", GERMAN));
    // The warning can be acknowledged, like every warning.
    let mut acknowledged = with_description("2026", GERMAN);
    acknowledged["acknowledgedWarnings"] = json!(["missing-language-statement"]);
    assert_clean(&acknowledged);
    assert_eq!(Rule::MissingLanguageStatement.code(), "LO0901");
}

#[test]
fn the_statement_may_begin_or_end_the_description() {
    let at_start = format!("<p>This service is available in German.</p>{GERMAN}");
    assert_clean(&with_description("2026", &at_start));
    let at_end = format!("{GERMAN}<p>This service is available in German.</p>");
    assert_clean(&with_description("2026", &at_end));
    let last_sentence = GERMAN.replace(
        "Minuten.</p>",
        "Minuten. this service is available in German</p>",
    );
    assert_clean(&with_description("2026", &last_sentence));
    // In the middle, it neither begins nor ends the description.
    let in_between = GERMAN.replace(
        "Managed Service. ",
        "Managed Service. This service is available in German. ",
    );
    assert_eq!(
        places(&with_description("2026", &in_between)),
        [place("missing-language-statement", "/listing/description")]
    );
}

#[test]
fn only_descriptions_of_20_words_or_more_are_judged() {
    // "Managed Service" and German words: 19 words are not judged, 20 are.
    let words = |n: usize| format!("<p>Managed Service{}</p>", " Dienst".repeat(n - 2));
    assert_clean(&with_description("2026", &words(19)));
    assert_eq!(
        places(&with_description("2026", &words(20))),
        [place("missing-language-statement", "/listing/description")]
    );
}

#[test]
fn one_english_word_in_20_makes_a_description_english() {
    // 20 words, one of them "the": English enough. 21 words with one "the": not.
    let words = |n: usize| format!("<p>The managed service{}</p>", " Dienst".repeat(n - 3));
    assert_clean(&with_description("2026", &words(20)));
    assert_eq!(
        places(&with_description("2026", &words(21))),
        [place("missing-language-statement", "/listing/description")]
    );
    // Markup does not count as words: tags between the words change nothing.
    let marked = format!(
        "<h2>The</h2><ul><li>managed service</li>{}</ul>",
        "<li><b>Dienst</b></li>".repeat(17)
    );
    assert_clean(&with_description("2026", &marked));
}

#[test]
fn english_descriptions_need_no_statement() {
    let (_, text) = example("examples/contoso-sentinel-2026");
    let offer: Value = serde_json::from_str(&text).unwrap();
    let description = offer["listing"]["description"].as_str().unwrap();
    assert!(description.split_whitespace().count() >= 20);
    assert_clean(&with_description("2026", description));
}

// ---- images: sizes from the edition's table --------------------------------------------------

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("editions")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes an opaque teal PNG of `width` × `height` pixels to `dir/name`.
fn png(dir: &Path, name: &str, width: u32, height: u32) {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = [0x12, 0x50, 0x5c].repeat((width * height) as usize);
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The names, paths and messages of verifying the images of `document` in `dir`.
fn image_findings(document: &Value, dir: &Path) -> Vec<(String, String, String)> {
    let (offer, _) = ReadOptions::new()
        .read_value(document)
        .unwrap()
        .into_parts();
    offer
        .verify_images(dir)
        .iter()
        .map(|d| {
            (
                d.name().to_owned(),
                d.path().as_str().to_owned(),
                d.message().to_owned(),
            )
        })
        .collect()
}

#[test]
fn logo_sizes_follow_the_edition() {
    let dir = folder("logo-sizes");
    png(&dir, "40.png", 40, 40);
    png(&dir, "48.png", 48, 48);
    png(&dir, "90.png", 90, 90);
    png(&dir, "115.png", 115, 115);
    png(&dir, "255x115.png", 255, 115);
    let mut in_2020 = document(Some("2020"));
    in_2020["marketingArtifacts"] = json!({ "logos": {
        "small": "40.png", "medium": "90.png", "large": "115.png", "wide": "255x115.png"
    }, "hero": "hero.png" });
    png(&dir, "hero.png", 815, 290);
    assert_eq!(image_findings(&in_2020, &dir), []);
    in_2020["marketingArtifacts"]["logos"]["small"] = "48.png".into();
    assert_eq!(
        image_findings(&in_2020, &dir),
        [finding(
            "wrong-image-size",
            "/marketingArtifacts/logos/small",
            "expected a PNG of 40×40 pixels in edition 2020, found 48×48"
        )]
    );

    let mut in_2026 = document(Some("2026"));
    in_2026["marketingArtifacts"]["logos"] =
        json!({ "small": "48.png", "medium": "90.png", "large": "115.png" });
    assert_eq!(
        image_findings(&in_2026, &dir),
        [finding(
            "wrong-image-size",
            "/marketingArtifacts/logos/large",
            "expected a square PNG of 216×216 to 350×350 pixels in edition 2026, found 115×115"
        )]
    );
    in_2026["marketingArtifacts"]["logos"]["small"] = "40.png".into();
    assert_eq!(
        image_findings(&in_2026, &dir)[0],
        finding(
            "wrong-image-size",
            "/marketingArtifacts/logos/small",
            "expected a PNG of 48×48 pixels in edition 2026, found 40×40"
        )
    );
}

#[test]
fn the_2026_large_logo_is_a_square_of_216_to_350_pixels() {
    let dir = folder("large-logo");
    let mut document = document(Some("2026"));
    for (side_x, side_y, fits) in [
        (215, 215, false),
        (216, 216, true),
        (300, 300, true),
        (350, 350, true),
        (351, 351, false),
        (300, 299, false),
    ] {
        let name = format!("{side_x}x{side_y}.png");
        png(&dir, &name, side_x, side_y);
        document["marketingArtifacts"]["logos"]["large"] = name.clone().into();
        let found = image_findings(&document, &dir);
        assert_eq!(found.is_empty(), fits, "{name}: {found:?}");
    }
}

#[test]
fn screenshots_and_thumbnails_are_1280_by_720_in_2026_and_any_size_in_2020() {
    let dir = folder("screenshots");
    png(&dir, "1280x720.png", 1280, 720);
    png(&dir, "1280x719.png", 1280, 719);
    png(&dir, "large.png", 300, 300);
    let artifacts = |shot: &str, thumbnail: &str| {
        json!({
            "screenshots": [{ "path": shot, "caption": "The incident queue" }],
            "videos": [{
                "name": "Contoso Managed Sentinel in two minutes",
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "thumbnail": thumbnail
            }]
        })
    };
    let mut in_2026 = document(Some("2026"));
    let set = |document: &mut Value, shot: &str, thumbnail: &str| {
        let logos = document["marketingArtifacts"]["logos"].clone();
        document["marketingArtifacts"] = artifacts(shot, thumbnail);
        document["marketingArtifacts"]["logos"] = logos;
    };
    in_2026["marketingArtifacts"]["logos"]["large"] = "large.png".into();
    set(&mut in_2026, "1280x720.png", "1280x720.png");
    assert_eq!(image_findings(&in_2026, &dir), []);
    set(&mut in_2026, "1280x719.png", "1280x719.png");
    assert_eq!(
        image_findings(&in_2026, &dir),
        [
            finding(
                "wrong-image-size",
                "/marketingArtifacts/screenshots/0/path",
                "expected a PNG of 1280×720 pixels in edition 2026, found 1280×719"
            ),
            finding(
                "wrong-image-size",
                "/marketingArtifacts/videos/0/thumbnail",
                "expected a PNG of 1280×720 pixels in edition 2026, found 1280×719"
            ),
        ]
    );
    // The source documents give no size for screenshots and thumbnails.
    let mut in_2020 = document(Some("2020"));
    for (slot, side) in [("small", 40), ("medium", 90), ("large", 115)] {
        let name = format!("{slot}.png");
        png(&dir, &name, side, side);
        in_2020["marketingArtifacts"]["logos"][slot] = name.into();
    }
    png(&dir, "wide.png", 255, 115);
    png(&dir, "hero.png", 815, 290);
    in_2020["marketingArtifacts"]["logos"]["wide"] = "wide.png".into();
    in_2020["marketingArtifacts"]["hero"] = "hero.png".into();
    let hero = in_2020["marketingArtifacts"]["hero"].clone();
    set(&mut in_2020, "1280x719.png", "large.png");
    in_2020["marketingArtifacts"]["hero"] = hero;
    assert_eq!(image_findings(&in_2020, &dir), []);
}

#[test]
fn images_an_edition_does_not_allow_are_not_read() {
    // The edition's check reports them; their files may be missing.
    let dir = folder("not-read");
    png(&dir, "48.png", 48, 48);
    png(&dir, "90.png", 90, 90);
    png(&dir, "300.png", 300, 300);
    let artifacts: lighthouse_offer::artifacts::MarketingArtifacts = serde_json::from_value(json!({
        "logos": { "small": "48.png", "medium": "90.png", "large": "300.png", "wide": "no-such-file.png" },
        "hero": "no-such-hero.png"
    }))
    .unwrap();
    assert_eq!(artifacts.verify_images(&dir, Edition::E2026), []);
    let in_2020: Vec<(String, String)> = artifacts
        .verify_images(&dir, Edition::E2020)
        .iter()
        .map(|d| (d.name().to_owned(), d.path().as_str().to_owned()))
        .collect();
    assert_eq!(
        in_2020,
        [
            place("wrong-image-size", "/logos/small"),
            place("wrong-image-size", "/logos/large"),
            place("image-not-found", "/logos/wide"),
            place("image-not-found", "/hero"),
        ]
    );
}

// ---- migration ---------------------------------------------------------------------------------

fn changes(migration: &Migration) -> Vec<(String, String, String)> {
    migration
        .changes()
        .iter()
        .map(|d| {
            (
                d.name().to_owned(),
                d.path().as_str().to_owned(),
                d.message().to_owned(),
            )
        })
        .collect()
}

#[test]
fn migrating_the_2020_example_to_2026_reports_the_images_to_remove_and_keeps_them() {
    let (dir, text) = example("examples/contoso-sentinel");
    let offer = read_2020(&text);
    let migration = migrate(&offer, Edition::E2026);
    assert_eq!(
        (migration.from(), migration.to()),
        (Edition::E2020, Edition::E2026)
    );
    assert_eq!(
        changes(&migration),
        [
            finding(
                "not-in-edition",
                "/legal/useStandardContract",
                STANDARD_CONTRACT_2026
            ),
            finding(
                "unknown-variant",
                "/listing/categories/1",
                "\"Monitoring\" is not a Marketplace category of edition 2026; did you mean \"Monitoring & Diagnostics\"? expected one of: Analytics, AI + Machine Learning, Blockchain, Compute, Containers, Databases, Developer Tools, DevOps, Identity, Integration, Internet of Things, IT & Management Tools, Media, Migration, Mixed Reality, Monitoring & Diagnostics, Networking, Security, Storage, Web"
            ),
            finding(
                "not-in-edition",
                "/listing/marketingIdentifier",
                MARKETING_IDENTIFIER_2026
            ),
            finding(
                "not-in-edition",
                "/marketingArtifacts/hero",
                "edition 2026 has no hero image; remove `hero`"
            ),
            finding(
                "not-in-edition",
                "/marketingArtifacts/logos/wide",
                "edition 2026 has no wide logo; remove `wide`"
            ),
        ]
    );
    assert!(!migration.is_complete());
    assert_eq!(migration.errors().count(), 5);
    // The marketing identifier is kept until the publisher removes it: nothing is lost.
    assert_eq!(
        migration.document()["listing"]["marketingIdentifier"],
        "contoso-managed-sentinel"
    );
    let rewrites: Vec<String> = migration
        .rewrites()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        rewrites,
        [r#"/edition: set the edition to "2026" (was "2020")"#]
    );

    // The rewritten document is the offer with the new edition: nothing is dropped.
    let mut expected: Value = serde_json::to_value(&offer).unwrap();
    expected["edition"] = "2026".into();
    assert_eq!(migration.document(), expected);
    assert_eq!(
        serde_json::from_str::<Value>(&migration.to_json_pretty()).unwrap(),
        expected
    );
    assert!(migration.to_json_pretty().starts_with("{\n  \"$schema\""));
    // Reading it as it is gives exactly the changes.
    let report = ReadOptions::new()
        .read_value(&migration.document())
        .unwrap_err();
    assert_eq!(report.diagnostics(), migration.changes());

    // The images, with the new edition's sizes: 40×40 is not 48×48, 115×115 not 216..350.
    let images: Vec<(String, String)> = migration
        .verify_images(&dir)
        .iter()
        .map(|d| (d.name().to_owned(), d.path().as_str().to_owned()))
        .collect();
    assert_eq!(
        images,
        [
            place("wrong-image-size", "/marketingArtifacts/logos/small"),
            place("wrong-image-size", "/marketingArtifacts/logos/large"),
        ]
    );
}

#[test]
fn migrating_to_2020_reports_what_2020_asks_for() {
    let (_, text) = example("examples/contoso-sentinel-2026");
    let (offer, _) = Offer::from_json_str(&text).unwrap().into_parts();
    let migration = migrate(&offer, Edition::E2020);
    assert_eq!(
        changes(&migration),
        [
            finding("missing-field", "/listing", MARKETING_IDENTIFIER_2020),
            finding(
                "missing-hero-image",
                "/marketingArtifacts/hero",
                "the offer has no hero image; Marketplace features offers with one (815×290 pixels)"
            ),
            finding(
                "missing-field",
                "/marketingArtifacts/logos",
                "missing required field `wide`: edition 2020 requires a wide logo, a PNG of 255×115 pixels"
            ),
            finding(
                "text-too-long",
                "/plans/0/title",
                "plan title has 82 characters, at most 50 are allowed in edition 2020"
            ),
        ]
    );
    assert_eq!(migration.errors().count(), 3);
}

#[test]
fn migration_removes_acknowledgements_the_new_edition_cannot_use_and_says_so() {
    let mut document = document(Some("2020"));
    document["marketingArtifacts"]["logos"] = json!({ "large": "l.png" });
    document["marketingArtifacts"]
        .as_object_mut()
        .unwrap()
        .remove("hero");
    document["acknowledgedWarnings"] = json!(["missing-hero-image"]);
    let offer = ReadOptions::new()
        .edition(Edition::E2020)
        .read_value(&document);
    // Without small, medium and wide logos it is not a valid 2020 offer; give them.
    assert!(offer.is_err());
    document["marketingArtifacts"]["logos"] =
        json!({ "small": "s.png", "medium": "m.png", "large": "l.png", "wide": "w.png" });
    let offer = read_2020(&document.to_string());
    let migration = migrate(&offer, Edition::E2026);
    let rewrites: Vec<String> = migration
        .rewrites()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        rewrites,
        [
            r#"/edition: set the edition to "2026" (was "2020")"#,
            "/acknowledgedWarnings/0: removed the acknowledgement of `missing-hero-image`: edition 2026 has no such warning",
        ]
    );
    assert!(migration.document().get("acknowledgedWarnings").is_none());
    assert_eq!(
        changes(&migration),
        [
            finding(
                "not-in-edition",
                "/legal/useStandardContract",
                STANDARD_CONTRACT_2026
            ),
            finding(
                "not-in-edition",
                "/listing/marketingIdentifier",
                MARKETING_IDENTIFIER_2026
            ),
            finding(
                "not-in-edition",
                "/marketingArtifacts/logos/wide",
                "edition 2026 has no wide logo; remove `wide`"
            )
        ]
    );
}

#[test]
fn migration_to_the_same_edition_changes_nothing() {
    let (_, text) = example("examples/contoso-sentinel");
    let offer = read_2020(&text);
    let migration = migrate(&offer, Edition::E2020);
    assert_eq!(migration.changes(), []);
    assert_eq!(migration.rewrites(), []);
    assert!(migration.is_complete());
    assert_eq!(migration.document(), serde_json::to_value(&offer).unwrap());
}

#[test]
fn migration_lists_new_warnings_of_the_edition() {
    let mut document = document(Some("2020"));
    document["listing"]["description"] = GERMAN.into();
    let migration = migrate(&read_2020(&document.to_string()), Edition::E2026);
    let places: Vec<(String, String)> = migration
        .changes()
        .iter()
        .map(|d| (d.name().to_owned(), d.path().as_str().to_owned()))
        .collect();
    assert_eq!(
        places,
        [
            place("not-in-edition", "/legal/useStandardContract"),
            place("missing-language-statement", "/listing/description"),
            place("not-in-edition", "/listing/marketingIdentifier"),
            place("not-in-edition", "/marketingArtifacts/hero"),
            place("not-in-edition", "/marketingArtifacts/logos/wide"),
        ]
    );
    assert_eq!(migration.errors().count(), 4);
}

// ---- the builder ----------------------------------------------------------------------------

fn builder_parts(document: &Value) -> lighthouse_offer::offer::OfferBuilder {
    let plan: Plan = serde_json::from_value(document["plans"][0].clone()).unwrap();
    Offer::builder(
        OfferId::new("contoso-sentinel").unwrap(),
        PublisherId::new("contoso").unwrap(),
        OfferName::new("Contoso Managed Sentinel").unwrap(),
    )
    .plan(plan)
    .listing(serde_json::from_value(document["listing"].clone()).unwrap())
    .marketing_artifacts(serde_json::from_value(document["marketingArtifacts"].clone()).unwrap())
    .lead_management(serde_json::from_value(document["leadManagement"].clone()).unwrap())
    .legal(serde_json::from_value(document["legal"].clone()).unwrap())
    .support(serde_json::from_value(document["support"].clone()).unwrap())
}

#[test]
fn the_builder_checks_the_edition_2020_by_default() {
    let mut document = document(Some("2026"));
    document["plans"][0]["title"] = "x".repeat(51).into();
    let built = builder_parts(&document).edition(Edition::E2026).build();
    let (offer, warnings) = built.unwrap().into_parts();
    assert_eq!((offer.edition(), warnings), (Edition::E2026, vec![]));

    let report = builder_parts(&document).build().unwrap_err();
    let found: Vec<(&str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-field", "/listing"),
            ("missing-hero-image", "/marketingArtifacts/hero"),
            ("missing-field", "/marketingArtifacts/logos"),
            ("missing-field", "/marketingArtifacts/logos"),
            ("missing-field", "/marketingArtifacts/logos"),
            ("text-too-long", "/plans/0/title"),
        ]
    );
}

// ---- the table, the schema and the examples ------------------------------------------------------

#[test]
fn the_table_says_what_the_source_documents_and_microsoft_learn_say() {
    let old = Edition::E2020.rules();
    assert_eq!(
        (
            old.plan_title_max_chars,
            old.description_max_chars,
            old.private_audience_max
        ),
        (50, 3_000, 20_000)
    );
    let new = Edition::E2026.rules();
    assert_eq!(
        (
            new.plan_title_max_chars,
            new.description_max_chars,
            new.private_audience_max
        ),
        (200, 5_000, 10_000)
    );
    assert!(new.logo(LogoSlot::Large).is_required());
    assert!(!new.logo(LogoSlot::Small).is_required());
    assert_eq!(new.logo(LogoSlot::Wide).size(), None);
    assert_eq!(new.hero.size(), None);
    // The types accept the loosest value of any edition.
    for edition in Edition::ALL {
        let rules = edition.rules();
        assert!(rules.plan_title_max_chars <= lighthouse_offer::PlanTitle::MAX_CHARS.unwrap());
        assert!(
            rules.description_max_chars <= lighthouse_offer::listing::ListingDescription::MAX_CHARS
        );
        assert!(rules.private_audience_max <= lighthouse_offer::PrivateAudience::MAX_SUBSCRIPTIONS);
    }
}

#[test]
fn the_schema_documents_the_editions_and_their_rules() {
    let schema = serde_json::to_value(schemars::schema_for!(Offer)).unwrap();
    let variants = schema["$defs"]["Edition"]["oneOf"].as_array().unwrap();
    let names: Vec<&str> = variants
        .iter()
        .map(|v| v["const"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2020", "2026"]);
    assert!(
        variants
            .iter()
            .all(|v| v["description"].as_str().is_some_and(|d| d.len() > 100))
    );
    let conditions = schema["allOf"].as_array().unwrap();
    assert_eq!(conditions.len(), 2);
    // Without `edition` a document is checked as 2020: only the 2026 condition requires it.
    assert_eq!(conditions[0]["if"]["required"], Value::Null);
    assert_eq!(conditions[1]["if"]["required"], json!(["edition"]));
    let then_2020 = &conditions[0]["then"]["properties"];
    assert_eq!(
        then_2020["plans"]["items"]["properties"]["title"]["maxLength"],
        50
    );
    assert_eq!(
        then_2020["marketingArtifacts"]["properties"]["logos"]["required"],
        json!(["small", "medium", "large", "wide"])
    );
    let then_2026 = &conditions[1]["then"]["properties"];
    assert_eq!(
        then_2026["listing"]["properties"]["description"]["maxLength"],
        5_000
    );
    assert_eq!(
        then_2026["plans"]["items"]["properties"]["availability"]["properties"]["subscriptionIds"]
            ["maxItems"],
        10_000
    );
    assert_eq!(then_2026["marketingArtifacts"]["properties"]["hero"], false);
    assert_eq!(
        then_2026["marketingArtifacts"]["properties"]["logos"]["properties"]["wide"],
        false
    );
    assert_eq!(
        then_2026["marketingArtifacts"]["properties"]["screenshots"]["items"]["required"],
        json!(["caption"])
    );
}

#[test]
fn the_2026_example_is_valid_with_its_images() {
    let (dir, text) = example("examples/contoso-sentinel-2026");
    let (offer, warnings) = Offer::from_json_str(&text).unwrap().into_parts();
    assert_eq!(warnings, []);
    assert_eq!(offer.edition(), Edition::E2026);
    assert_eq!(offer.verify_images(&dir), []);
    // Its plan title is longer than 2020 allows.
    assert!(offer.plans()[0].title().as_str().chars().count() > 50);
    let written = serde_json::to_value(&offer).unwrap();
    let mut original: Value = serde_json::from_str(&text).unwrap();
    original["plans"][1]["billingModel"] = "byol".into();
    assert_eq!(written, original);
}

/// The committed 2026 images hold the pixels that `examples/make_example_images.rs` draws.
#[test]
fn example_2026_images_are_up_to_date() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(make_example_images::FOLDER_2026);
    for image in make_example_images::images_2026() {
        let bytes = std::fs::read(folder.join(image.path)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let output = reader.next_frame(&mut buffer).unwrap();
        assert_eq!(
            (output.width, output.height),
            (image.width, image.height),
            "{}",
            image.path
        );
        assert!(buffer == image.indices, "{} is stale", image.path);
    }
}

// ---- the help of edition rules (the command line's side: tests/cli/editions.rs) ----------------

#[test]
fn the_help_of_a_standard_contract_in_2026_says_what_the_message_means() {
    let found = lighthouse_offer::Offer::from_json_str(&document(Some("2020")).to_string())
        .map_or_else(
            |r| r.diagnostics().to_vec(),
            |checked| checked.into_parts().1,
        );
    assert!(
        found
            .iter()
            .all(|d| d.path().as_str() != "/legal/useStandardContract"),
        "{found:?}"
    );
    let mut standard = document(Some("2026"));
    standard["legal"] = json!({
        "privacyPolicyUrl": "https://contoso.example/privacy",
        "useStandardContract": true
    });
    let found = lighthouse_offer::Offer::from_json_str(&standard.to_string())
        .err()
        .map(|r| r.diagnostics().to_vec())
        .unwrap_or_default();
    let d = found
        .iter()
        .find(|d| d.path().as_str() == "/legal/useStandardContract")
        .expect("the example uses the Standard Contract");
    assert_eq!(d.message(), STANDARD_CONTRACT_2026);
    assert!(
        d.help().contains("`useStandardContract` to `false`"),
        "{}",
        d.help()
    );
    assert!(d.help().contains("`termsOfUse`"), "{}", d.help());
    assert!(!d.help().starts_with("Remove the value"), "{}", d.help());
}

#[test]
fn the_help_of_an_unnamed_edition_names_2026_and_migrate_not_2020() {
    let help = lighthouse_offer::Rule::EditionNotNamed.fix();
    assert!(
        help.contains("\"2026\"") && help.contains("migrate"),
        "{help}"
    );
    assert!(!help.contains("2020"), "{help}");
}
