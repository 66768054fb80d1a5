//! Single values: every limit at its edge, characters not bytes, the accepted spellings.

use lighthouse_offer::{
    ActivationDuration, DisplayName, ManifestVersion, OfferId, PlanDescription, PlanId,
    PlanSummary, PlanTitle, PrincipalId, PublisherId, RoleDefinitionId, SubscriptionId, TenantId,
};

#[track_caller]
fn assert_err<T: std::fmt::Debug, E: std::fmt::Display>(result: Result<T, E>, message: &str) {
    match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => assert_eq!(e.to_string(), message),
    }
}

#[test]
fn plan_title_counts_characters_not_bytes() {
    // The type holds the loosest limit of any edition (200); edition 2020's 50 is checked by the
    // offer (tests/editions.rs).
    assert!(PlanTitle::new("é".repeat(200)).is_ok());
    assert_err(
        PlanTitle::new("é".repeat(201)),
        "plan title has 201 characters, at most 200 are allowed",
    );
    assert!(PlanTitle::new("x".repeat(200)).is_ok());
    assert!(PlanTitle::new("🛡".repeat(200)).is_ok());
    assert_err(
        PlanTitle::new(""),
        "plan title is empty, at least 1 is required",
    );
}

#[test]
fn plan_summary_and_description_limits() {
    assert!(PlanSummary::new("ü".repeat(100)).is_ok());
    assert_err(
        PlanSummary::new("ü".repeat(101)),
        "plan summary has 101 characters, at most 100 are allowed",
    );
    assert_err(
        PlanSummary::new(""),
        "plan summary is empty, at least 1 is required",
    );
    assert!(PlanDescription::new("x".repeat(10_000)).is_ok());
    assert_err(
        PlanDescription::new(""),
        "plan description is empty, at least 1 is required",
    );
}

#[test]
fn display_names_are_trimmed_single_lines() {
    assert!(DisplayName::new("Contoso SOC analysts").is_ok());
    assert!(DisplayName::new("x").is_ok());
    for bad in [" SOC", "SOC ", "\tSOC", "SOC\n", "SOC\nanalysts"] {
        assert_err(
            DisplayName::new(bad),
            &format!(
                "display name must be one line without leading or trailing white space, found {bad:?}"
            ),
        );
    }
    assert_err(
        DisplayName::new(""),
        "display name is empty, at least 1 is required",
    );
}

#[test]
fn identifiers_follow_the_partner_center_pattern() {
    assert!(OfferId::new("a").is_ok());
    assert!(OfferId::new("contoso_managed-sentinel-2").is_ok());
    assert!(PlanId::new("x".repeat(50)).is_ok());
    assert_err(
        PlanId::new("x".repeat(51)),
        "plan ID has 51 characters, at most 50 are allowed",
    );
    assert_err(
        OfferId::new("Contoso"),
        "offer ID may contain only lowercase letters, digits, `-` and `_`, found \"Contoso\"",
    );
    assert_err(
        PlanId::new("gold plan"),
        "plan ID may contain only lowercase letters, digits, `-` and `_`, found \"gold plan\"",
    );
    assert_err(
        PlanId::new("gölд"),
        "plan ID may contain only lowercase letters, digits, `-` and `_`, found \"gölд\"",
    );
    assert_err(
        PublisherId::new(""),
        "publisher ID is empty, at least 1 is required",
    );
}

#[test]
fn guids_accept_the_hyphenated_form_in_either_case_and_print_lowercase() {
    let upper: TenantId = "0B4B3A8E-9C3F-4E6B-8D4C-2F1A7E5D9C10".parse().unwrap();
    assert_eq!(upper.to_string(), "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10");
    let lower: TenantId = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse().unwrap();
    assert_eq!(upper, lower);
}

#[test]
fn guids_reject_other_spellings_and_show_the_expected_form() {
    for bad in [
        "{0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10}",
        "urn:uuid:0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
        "0b4b3a8e9c3f4e6b8d4c2f1a7e5d9c10",
        "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c1",
        "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c1g",
        "<insert managing tenant id>",
        "",
    ] {
        let expected = format!(
            "expected a GUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, found {bad:?}"
        );
        assert_err(bad.parse::<PrincipalId>(), &expected);
        assert_err(bad.parse::<SubscriptionId>(), &expected);
        assert_err(bad.parse::<RoleDefinitionId>(), &expected);
    }
}

#[test]
fn guid_pattern_agrees_with_the_parser() {
    // The schema's pattern, read by hand: 8-4-4-4-12 hexadecimal digits.
    let pattern = lighthouse_offer::values::GUID_PATTERN;
    assert_eq!(
        pattern,
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    );
}

#[test]
fn manifest_versions_are_exactly_three_numbers() {
    assert!(ManifestVersion::parse("1.2.5").is_ok());
    assert!(ManifestVersion::parse("0.0.0").is_ok());
    assert_err(
        ManifestVersion::parse("1.0"),
        "expected a version of three numbers such as 1.2.5, found \"1.0\"",
    );
    assert_err(
        ManifestVersion::parse("01.0.0"),
        "expected a version of three numbers such as 1.2.5, found \"01.0.0\"",
    );
    assert_err(
        ManifestVersion::parse("1.0.0-rc1"),
        "expected a version of three numbers such as 1.2.5, found \"1.0.0-rc1\" (a pre-release part is not allowed)",
    );
    assert_err(
        ManifestVersion::parse("1.0.0+build"),
        "expected a version of three numbers such as 1.2.5, found \"1.0.0+build\" (a build part is not allowed)",
    );
    assert!(ManifestVersion::parse("v1.0.0").is_err());
    assert!(ManifestVersion::parse(" 1.0.0").is_err());
}

#[test]
fn manifest_versions_compare_as_versions() {
    let v = |s: &str| ManifestVersion::parse(s).unwrap();
    assert!(v("1.10.0") > v("1.9.0"));
    assert!(v("2.0.0") > v("1.99.99"));
    assert_eq!(v("1.0.0"), ManifestVersion::new(1, 0, 0));
}

#[test]
fn activation_durations_span_thirty_minutes_to_eight_hours() {
    let d = |s: &str| ActivationDuration::parse(s).map(ActivationDuration::minutes);
    assert_eq!(d("PT30M"), Ok(30));
    assert_eq!(d("PT8H"), Ok(480));
    assert_eq!(d("PT1H30M"), Ok(90));
    assert_eq!(d("PT7H60M"), Ok(480));
    assert_err(
        ActivationDuration::parse("PT29M"),
        "activation may last from 30 minutes to 8 hours, found PT29M",
    );
    assert_err(
        ActivationDuration::parse("PT8H1M"),
        "activation may last from 30 minutes to 8 hours, found PT8H1M",
    );
    for bad in [
        "PT", "P1D", "PT30M1H", "PT-1H", "pt8h", "PT1.5H", "PT8Hx", "8H", "",
    ] {
        assert_err(
            ActivationDuration::parse(bad),
            &format!("expected an ISO 8601 duration such as PT30M, PT1H30M or PT8H, found {bad:?}"),
        );
    }
    assert_err(
        ActivationDuration::parse("PT99999999999999999999999H"),
        "activation may last from 30 minutes to 8 hours, found PT99999999999999999999999H",
    );
}

#[test]
fn activation_durations_print_as_arm_writes_them() {
    for text in ["PT30M", "PT1H30M", "PT8H", "PT4H"] {
        assert_eq!(ActivationDuration::parse(text).unwrap().to_string(), text);
    }
    assert_eq!(ActivationDuration::default().to_string(), "PT8H");
}

#[test]
fn serde_goes_through_the_same_checks() {
    assert!(serde_json::from_str::<PlanTitle>(&format!("\"{}\"", "é".repeat(201))).is_err());
    assert!(
        serde_json::from_str::<TenantId>("\"{0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10}\"").is_err()
    );
    assert!(serde_json::from_str::<ManifestVersion>("\"1.0\"").is_err());
    let title: PlanTitle = serde_json::from_str("\"Gold\"").unwrap();
    assert_eq!(serde_json::to_string(&title).unwrap(), "\"Gold\"");
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<PlanTitle>();
    check::<TenantId>();
    check::<ManifestVersion>();
    check::<lighthouse_offer::Diagnostic>();
    check::<lighthouse_offer::Report>();
    check::<lighthouse_offer::Manifest>();
    check::<lighthouse_offer::Plan>();
}
