//! Lead management, legal and support, and the web values they are made of: every rule with its
//! exact path and code, secrets that never show, URL, email and phone edge cases, and the round
//! trip of each section.

use lighthouse_offer::leads::{
    ApplicationId, AzureTable, DynamicsAuthentication, HttpsEndpoint, LeadDestination,
    LeadManagement, SecretError, SecretRef, SecretRefError,
};
use lighthouse_offer::legal::{Contract, Legal, TermsOfUse};
use lighthouse_offer::support::{Contact, ContactName, Support};
use lighthouse_offer::values::{EmailAddress, PHONE_PATTERN, PhoneNumber, UrlError};
use lighthouse_offer::{HttpsUrl, Report, Rule};
use serde_json::{Value, json};

/// A string that appears nowhere in the crate: wherever it shows up in an output, a secret
/// leaked.
const MARKER: &str = "Zq7LeakMarker9Xv";

type Found = Vec<(&'static str, &'static str, String)>;

fn found(report: &Report) -> Found {
    report
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.name(), d.path().to_string()))
        .collect()
}

#[track_caller]
fn lead_problems(document: &Value) -> Report {
    LeadManagement::from_json_str(&document.to_string()).unwrap_err()
}

#[track_caller]
fn lead_warnings(document: &Value) -> Vec<(&'static str, String)> {
    let checked = LeadManagement::from_json_str(&document.to_string()).unwrap();
    checked
        .warnings()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect()
}

fn leads(destination: &Value) -> Value {
    json!({ "destination": destination, "contactEmails": ["leads@contoso.com"] })
}

/// Every output of a failed read: the report's `Display` and `Debug`, each diagnostic's message
/// and its JSON form, and serde's error.
fn every_output<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    report: &Report,
    text: &str,
) -> String {
    let mut all = format!("{report}\n{report:?}\n");
    for d in report.diagnostics() {
        all.push_str(d.message());
        all.push_str(&serde_json::to_string(d).unwrap());
    }
    all.push_str(&serde_json::from_str::<T>(text).unwrap_err().to_string());
    all
}

// ---- the rule catalog ----

#[test]
fn the_rules_have_their_codes_names_and_severities() {
    use lighthouse_offer::Severity::{Error, Warning};
    let expected = [
        (Rule::InvalidUrl, "LO0120", "invalid-url", Error),
        (Rule::InvalidEmail, "LO0121", "invalid-email", Error),
        (
            Rule::InvalidPhoneNumber,
            "LO0122",
            "invalid-phone-number",
            Error,
        ),
        (Rule::LiteralSecret, "LO0600", "literal-secret", Error),
        (
            Rule::InvalidSecretReference,
            "LO0601",
            "invalid-secret-reference",
            Error,
        ),
        (
            Rule::MissingTermsOfUse,
            "LO0602",
            "missing-terms-of-use",
            Error,
        ),
        (
            Rule::TermsWithStandardContract,
            "LO0603",
            "terms-with-standard-contract",
            Error,
        ),
        (
            Rule::DynamicsNotOnline,
            "LO0604",
            "dynamics-not-online",
            Warning,
        ),
        (
            Rule::SignedEndpointUrl,
            "LO0605",
            "signed-endpoint-url",
            Warning,
        ),
    ];
    for (rule, code, name, severity) in expected {
        assert_eq!(
            (rule.code(), rule.name(), rule.severity()),
            (code, name, severity)
        );
        assert!(!rule.explanation().is_empty() && !rule.source().is_empty());
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<HttpsUrl>();
    check::<EmailAddress>();
    check::<PhoneNumber>();
    check::<SecretRef>();
    check::<lighthouse_offer::leads::Secret>();
    check::<LeadManagement>();
    check::<Legal>();
    check::<Support>();
}

// ---- https URLs ----

#[test]
fn https_urls_keep_their_text_and_compare_normalized() {
    let url = HttpsUrl::new("https://Contoso.com").unwrap();
    assert_eq!(url.as_str(), "https://Contoso.com");
    assert_eq!(url.to_string(), "https://Contoso.com");
    assert_eq!(url.host(), "contoso.com");
    assert_eq!(url.as_url().as_str(), "https://contoso.com/");
    assert_eq!(url, HttpsUrl::new("https://contoso.com/").unwrap());
    assert_eq!(
        serde_json::to_value(&url).unwrap(),
        json!("https://Contoso.com")
    );
    // The scheme is case-insensitive in RFC 3986.
    assert!(HttpsUrl::new("HTTPS://contoso.com/support").is_ok());
    assert!(HttpsUrl::new("https://contoso.com:8443/support?lang=en#top").is_ok());
}

#[test]
fn urls_that_are_not_https_are_rejected_with_their_scheme() {
    for (text, scheme) in [
        ("http://contoso.com/privacy", "http"),
        ("javascript:alert(1)", "javascript"),
        ("mailto:support@contoso.com", "mailto"),
        ("ftp://contoso.com/terms.txt", "ftp"),
        ("data:text/html,hello", "data"),
    ] {
        let error = HttpsUrl::new(text).unwrap_err();
        assert_eq!(
            error,
            UrlError::NotHttps {
                scheme: scheme.into()
            },
            "{text}"
        );
        assert_eq!(
            error.to_string(),
            format!("expected an https URL, found a URL with the scheme {scheme:?}")
        );
    }
}

#[test]
fn relative_and_hostless_urls_are_rejected() {
    assert_eq!(
        HttpsUrl::new("/privacy").unwrap_err().to_string(),
        "expected an absolute https URL such as https://contoso.com/support, found \"/privacy\" (relative URL without a base)"
    );
    assert!(matches!(
        HttpsUrl::new("contoso.com/privacy"),
        Err(UrlError::Invalid { .. })
    ));
    assert!(matches!(
        HttpsUrl::new("https://"),
        Err(UrlError::Invalid { .. })
    ));
    assert!(matches!(HttpsUrl::new(""), Err(UrlError::Invalid { .. })));
}

#[test]
fn urls_with_credentials_are_rejected_without_showing_them() {
    for text in [
        format!("https://admin:{MARKER}@contoso.com/support"),
        format!("https://{MARKER}@contoso.com/support"),
        format!("http://admin:{MARKER}@contoso.com/support"),
    ] {
        let error = HttpsUrl::new(text.as_str()).unwrap_err();
        assert_eq!(error, UrlError::Credentials, "{text}");
        assert!(!error.to_string().contains(MARKER));
        assert!(!format!("{error:?}").contains(MARKER));
    }
}

#[test]
fn invalid_urls_with_credentials_show_them_masked() {
    let error = HttpsUrl::new(format!("https://admin:{MARKER}@")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "expected an absolute https URL such as https://contoso.com/support, found \"https://***@\" (empty host)"
    );
    let error = HttpsUrl::new(format!("https://admin:{MARKER}@contoso.com/a b")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "an https URL may not contain white space or control characters, found \"https://***@contoso.com/a b\""
    );
}

#[test]
fn urls_with_white_space_are_rejected_rather_than_silently_cleaned() {
    for text in [
        " https://contoso.com",
        "https://contoso.com ",
        "https://contoso.com/a b",
        "https://contoso.com/\t",
    ] {
        assert!(
            matches!(HttpsUrl::new(text), Err(UrlError::WhiteSpace { .. })),
            "{text:?}"
        );
    }
}

// ---- email addresses ----

#[test]
fn email_addresses_accept_common_forms() {
    for text in [
        "name+tag@contoso.co.uk",
        "a.b@contoso.com",
        "josé@contoso.com",
        "x@sub.contoso.io",
    ] {
        let email = EmailAddress::new(text).unwrap();
        assert_eq!(email.as_str(), text);
    }
    assert_eq!(
        EmailAddress::new("leads@contoso.com").unwrap().domain(),
        "contoso.com"
    );
    assert_eq!(
        EmailAddress::new("Leads@Contoso.com").unwrap(),
        EmailAddress::new("leads@contoso.com").unwrap()
    );
}

#[test]
fn email_addresses_reject_what_cannot_receive_mail() {
    for (text, reason) in [
        ("a..b@contoso.com", "an invalid character or misplaced dot"),
        (".a@contoso.com", "an invalid character or misplaced dot"),
        ("a@localhost", "the domain needs a dot, as in contoso.com"),
        ("contoso.com", "no `@`"),
        ("@contoso.com", "nothing before `@`"),
        ("a@", "nothing after `@`"),
        ("a@contoso..com", "an empty label in the domain"),
        (
            "a@[127.0.0.1]",
            "an IP address in brackets instead of a domain",
        ),
        (
            "Avery <avery@contoso.com>",
            "a display name or `<…>`; write the address alone",
        ),
        ("a b@contoso.com", "an invalid character or misplaced dot"),
    ] {
        let error = EmailAddress::new(text).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "expected an email address such as support@contoso.com, found {text:?} ({reason})"
            ),
            "{text}"
        );
    }
}

// ---- phone numbers ----

#[test]
fn phone_numbers_accept_written_forms() {
    for text in [
        "+1 (425) 555-0100",
        "+31 20 555 0100",
        "425.555.0100 x123",
        "555-0100x12",
        "(425) 555-0100",
        "425 - 555 - 0100",
        "123456",
        "123456789012345",
    ] {
        assert_eq!(PhoneNumber::new(text).unwrap().as_str(), text);
    }
    assert_eq!(
        PhoneNumber::new("+1 (425) 555-0100 x12").unwrap().digits(),
        "14255550100"
    );
}

#[test]
fn phone_numbers_reject_what_cannot_be_dialled() {
    for text in [
        "12345",            // 5 digits: one short
        "1234567890123456", // 16 digits: one more than E.164 allows
        "1-800-CONTOSO",
        " 425 555 0100",
        "425 555 0100 ",
        "425    555 0100", // four separators in a row
        "x123",
        "425 555 0100 ext. 12",
        "425 555 0100 x1234567",
        "++1 425 555 0100",
        "",
    ] {
        let error = PhoneNumber::new(text).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "expected a phone number of 6 to 15 digits, optionally with a leading `+`, spaces, `-`, `.`, parentheses and an extension such as x123, found {text:?}"
            ),
        );
    }
}

#[test]
fn schemas_carry_the_formats_and_patterns() {
    let phone = serde_json::to_value(schemars::schema_for!(PhoneNumber)).unwrap();
    assert_eq!(phone["pattern"], json!(PHONE_PATTERN));
    // No `format`: editors check formats by rules of their own, stricter than the crate's
    // (tests/schema.rs checks that the patterns never refuse what the crate accepts).
    let url = serde_json::to_value(schemars::schema_for!(HttpsUrl)).unwrap();
    assert_eq!(
        (url["format"].clone(), url["pattern"].clone()),
        (
            json!(null),
            json!(lighthouse_offer::values::HTTPS_URL_PATTERN)
        )
    );
    let email = serde_json::to_value(schemars::schema_for!(EmailAddress)).unwrap();
    assert_eq!(
        (email["format"].clone(), email["pattern"].clone()),
        (json!(null), json!(lighthouse_offer::values::EMAIL_PATTERN))
    );
    let secret = serde_json::to_value(schemars::schema_for!(SecretRef)).unwrap();
    assert_eq!(
        secret["properties"]["fromEnv"]["pattern"],
        json!(lighthouse_offer::leads::ENV_NAME_PATTERN)
    );
    assert_eq!(secret["additionalProperties"], json!(false));
    let legal = serde_json::to_value(schemars::schema_for!(Legal)).unwrap();
    assert_eq!(
        legal["then"],
        json!({ "not": { "required": ["termsOfUse"] } })
    );
    assert_eq!(legal["else"], json!({ "required": ["termsOfUse"] }));
    let support = serde_json::to_value(schemars::schema_for!(Support)).unwrap();
    let urls = &support["properties"]["supportUrls"];
    assert_eq!(
        (urls["minItems"].clone(), urls["maxItems"].clone()),
        (json!(0), json!(2))
    );
}

// ---- secret references ----

#[test]
fn secret_references_name_environment_variables() {
    for name in ["LEADS_TABLE", "_X1", "a", "Leads_Key_2"] {
        assert_eq!(SecretRef::from_env(name).unwrap().name(), name);
    }
    assert_eq!(SecretRef::from_env("").unwrap_err(), SecretRefError::Empty);
    assert_eq!(
        SecretRef::from_env("1ABC").unwrap_err(),
        SecretRefError::InvalidName { position: 1 }
    );
    assert_eq!(
        SecretRef::from_env("MY-VAR").unwrap_err(),
        SecretRefError::InvalidName { position: 3 }
    );
    let error = SecretRef::from_env(format!("AccountKey={MARKER}")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the environment variable name of a secret reference may contain only ASCII letters, digits and `_` and may not start with a digit; character 11 breaks the rule (the value is not shown, in case it is a secret)"
    );
}

#[test]
fn a_literal_secret_is_an_error_that_never_repeats_it() {
    let secret = format!("DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={MARKER}");
    let document = leads(&json!({ "type": "azureTable", "connectionString": secret }));
    let text = document.to_string();
    let report = lead_problems(&document);
    assert_eq!(
        found(&report),
        [(
            "LO0600",
            "literal-secret",
            "/destination/connectionString".into()
        )]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "a secret may not be written into the document (the text is not shown here); write { \"fromEnv\": \"NAME\" } and set the environment variable NAME where the offer is published"
    );
    assert!(!every_output::<LeadManagement>(&report, &text).contains(MARKER));
}

#[test]
fn literal_secrets_in_every_secret_field_are_errors() {
    let azure_ad = leads(&json!({
        "type": "dynamics365",
        "instanceUrl": "https://contoso.crm4.dynamics.com",
        "authentication": {
            "type": "azureAd",
            "applicationId": "23456052-aaaa-bbbb-8662-1234df56788f",
            "directoryId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
            "clientSecret": MARKER,
        }
    }));
    let office = leads(&json!({
        "type": "dynamics365",
        "instanceUrl": "https://contoso.crm4.dynamics.com",
        "authentication": { "type": "office365", "userName": "leads@contoso.onmicrosoft.com", "password": MARKER }
    }));
    for (document, path) in [
        (azure_ad, "/destination/authentication/clientSecret"),
        (office, "/destination/authentication/password"),
    ] {
        let report = lead_problems(&document);
        assert_eq!(found(&report), [("LO0600", "literal-secret", path.into())]);
        assert!(!every_output::<LeadManagement>(&report, &document.to_string()).contains(MARKER));
    }
}

#[test]
fn secrets_of_other_shapes_are_not_repeated_either() {
    // A number, a secret pasted into `fromEnv`, and a secret beside `fromEnv`.
    let number = leads(&json!({ "type": "azureTable", "connectionString": 7_405_113_902_u64 }));
    let report = lead_problems(&number);
    // Every wrong shape is an invalid secret reference at the whole value, which a renderer
    // can hide as it hides a literal secret.
    assert_eq!(
        found(&report),
        [(
            "LO0601",
            "invalid-secret-reference",
            "/destination/connectionString".into()
        )]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "expected a secret reference { \"fromEnv\": \"NAME\" }, found a number (the value is not shown here)"
    );
    assert!(!every_output::<LeadManagement>(&report, &number.to_string()).contains("7405113902"));

    let pasted = leads(
        &json!({ "type": "azureTable", "connectionString": { "fromEnv": format!("key={MARKER}") } }),
    );
    let report = lead_problems(&pasted);
    assert_eq!(
        found(&report),
        [(
            "LO0601",
            "invalid-secret-reference",
            "/destination/connectionString/fromEnv".into()
        )]
    );
    assert!(!every_output::<LeadManagement>(&report, &pasted.to_string()).contains(MARKER));

    let beside = leads(
        &json!({ "type": "azureTable", "connectionString": { "fromEnv": "LEADS", "value": MARKER } }),
    );
    let report = lead_problems(&beside);
    assert_eq!(
        found(&report),
        [(
            "LO0601",
            "invalid-secret-reference",
            "/destination/connectionString".into()
        )]
    );
    assert!(!every_output::<LeadManagement>(&report, &beside.to_string()).contains(MARKER));

    let wrapped = leads(&json!({ "type": "azureTable", "connectionString": { "value": MARKER } }));
    let report = lead_problems(&wrapped);
    assert_eq!(
        found(&report),
        [(
            "LO0601",
            "invalid-secret-reference",
            "/destination/connectionString".into()
        )]
    );
    assert!(!every_output::<LeadManagement>(&report, &wrapped.to_string()).contains(MARKER));
}

#[test]
fn secret_reference_objects_are_checked() {
    let missing = leads(&json!({ "type": "azureTable", "connectionString": {} }));
    assert_eq!(
        found(&lead_problems(&missing)),
        [(
            "LO0601",
            "invalid-secret-reference",
            "/destination/connectionString".into()
        )]
    );
    let number = leads(&json!({ "type": "azureTable", "connectionString": { "fromEnv": 42 } }));
    let report = lead_problems(&number);
    assert_eq!(
        found(&report),
        [(
            "LO0601",
            "invalid-secret-reference",
            "/destination/connectionString".into()
        )]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "expected a secret reference { \"fromEnv\": \"NAME\" }, found `fromEnv` with a value that is not a string (the value is not shown here)"
    );
}

#[test]
fn secrets_resolve_only_when_asked_and_never_print() {
    let reference = SecretRef::from_env("LEADS_KEY").unwrap();
    let secret = reference
        .resolve_with(|name| (name == "LEADS_KEY").then(|| MARKER.to_owned()))
        .unwrap();
    assert_eq!(secret.expose(), MARKER);
    assert_eq!(format!("{secret}"), "***");
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    assert_eq!(format!("{:?}", Some(&secret)), "Some(Secret(***))");

    // The model holds the reference only: nothing of the value reaches its outputs.
    let destination = LeadDestination::AzureTable(AzureTable::new(reference.clone()));
    let (section, _) = LeadManagement::new(
        destination,
        vec![EmailAddress::new("leads@contoso.com").unwrap()],
    )
    .unwrap()
    .into_parts();
    let outputs = format!("{section:?}{}", serde_json::to_string(&section).unwrap());
    assert!(!outputs.contains(MARKER));
    assert_eq!(section.destination().secrets(), [&reference]);

    assert_eq!(
        reference.resolve_with(|_| None).unwrap_err().to_string(),
        "the environment variable LEADS_KEY that should hold a secret is not set"
    );
    assert_eq!(
        reference.resolve_with(|_| Some(String::new())).unwrap_err(),
        SecretError::Empty {
            name: "LEADS_KEY".into()
        }
    );
}

#[test]
fn secrets_resolve_from_the_process_environment() {
    // Cargo sets CARGO_MANIFEST_DIR for the test process too.
    let manifest_dir = SecretRef::from_env("CARGO_MANIFEST_DIR")
        .unwrap()
        .resolve()
        .unwrap();
    assert_eq!(manifest_dir.expose(), env!("CARGO_MANIFEST_DIR"));
    let unset = SecretRef::from_env("LIGHTHOUSE_OFFER_TEST_UNSET_LO0600").unwrap();
    assert_eq!(
        unset.resolve().unwrap_err(),
        SecretError::NotSet {
            name: "LIGHTHOUSE_OFFER_TEST_UNSET_LO0600".into()
        }
    );
}

// ---- lead destinations ----

fn every_destination() -> Vec<Value> {
    vec![
        json!({ "type": "azureTable", "connectionString": { "fromEnv": "LEADS_TABLE" } }),
        json!({
            "type": "dynamics365",
            "instanceUrl": "https://contoso.crm4.dynamics.com",
            "authentication": {
                "type": "azureAd",
                "applicationId": "23456052-aaaa-bbbb-8662-1234df56788f",
                "directoryId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
                "clientSecret": { "fromEnv": "DYNAMICS_CLIENT_SECRET" }
            }
        }),
        json!({
            "type": "dynamics365",
            "instanceUrl": "https://contoso.crm.dynamics.com",
            "authentication": {
                "type": "office365",
                "userName": "leads@contoso.onmicrosoft.com",
                "password": { "fromEnv": "DYNAMICS_PASSWORD" }
            }
        }),
        json!({ "type": "httpsEndpoint", "url": "https://leads.contoso.com/marketplace" }),
        json!({ "type": "marketo", "serverId": "ys12", "munchkinAccountId": "123-PQR-789", "formId": "1179" }),
        json!({ "type": "salesforce", "organizationId": "00D5g000004XyZa" }),
    ]
}

#[test]
fn every_destination_round_trips() {
    for destination in every_destination() {
        let document = json!({
            "destination": destination,
            "contactEmails": ["leads@contoso.com", "sales@contoso.com"]
        });
        let (section, warnings) = LeadManagement::from_json_str(&document.to_string())
            .unwrap()
            .into_parts();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            section.destination().kind(),
            destination["type"].as_str().unwrap()
        );
        assert_eq!(serde_json::to_value(&section).unwrap(), document);
        let again: LeadManagement = serde_json::from_value(document.clone()).unwrap();
        assert_eq!(again, section);
    }
}

#[test]
fn destinations_read_their_typed_values() {
    let document = leads(&every_destination()[1]);
    let (section, _) = LeadManagement::from_json_str(&document.to_string())
        .unwrap()
        .into_parts();
    let LeadDestination::Dynamics365(dynamics) = section.destination() else {
        panic!()
    };
    assert_eq!(dynamics.instance_url().host(), "contoso.crm4.dynamics.com");
    let DynamicsAuthentication::AzureAd(app) = dynamics.authentication() else {
        panic!()
    };
    assert_eq!(
        app.application_id(),
        "23456052-aaaa-bbbb-8662-1234df56788f"
            .parse::<ApplicationId>()
            .unwrap()
    );
    assert_eq!(app.client_secret().name(), "DYNAMICS_CLIENT_SECRET");
    assert_eq!(section.destination().secrets().len(), 1);
}

#[test]
fn an_unknown_or_missing_destination_type_is_reported() {
    let report = lead_problems(&leads(&json!({ "type": "hubspot", "portalId": "1" })));
    assert_eq!(
        found(&report),
        [("LO0108", "unknown-variant", "/destination/type".into())]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "expected a lead destination \"azureTable\", \"dynamics365\", \"httpsEndpoint\", \"marketo\" or \"salesforce\", found \"hubspot\""
    );
    let report = lead_problems(&leads(&json!({ "connectionString": { "fromEnv": "X" } })));
    assert_eq!(
        found(&report),
        [("LO0003", "missing-field", "/destination".into())]
    );
    let report = lead_problems(&json!({ "contactEmails": ["leads@contoso.com"] }));
    assert_eq!(found(&report), [("LO0003", "missing-field", String::new())]);
}

#[test]
fn fields_of_another_destination_are_unknown() {
    let report = lead_problems(&leads(
        &json!({ "type": "azureTable", "url": "https://contoso.com" }),
    ));
    assert_eq!(
        found(&report),
        [
            ("LO0003", "missing-field", "/destination".into()),
            ("LO0004", "unknown-field", "/destination/url".into()),
        ]
    );
}

#[test]
fn destination_values_are_checked_at_their_paths() {
    let cases = [
        (
            json!({ "type": "dynamics365", "instanceUrl": "http://contoso.crm4.dynamics.com",
                    "authentication": { "type": "office365", "userName": "leads@contoso", "password": { "fromEnv": "P" } } }),
            vec![
                (
                    "LO0121",
                    "invalid-email",
                    "/destination/authentication/userName",
                ),
                ("LO0120", "invalid-url", "/destination/instanceUrl"),
            ],
        ),
        (
            json!({ "type": "dynamics365", "instanceUrl": "https://contoso.crm4.dynamics.com",
                    "authentication": { "type": "azureAd", "applicationId": "my-app", "directoryId": "{0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10}",
                                        "clientSecret": { "fromEnv": "S" } } }),
            vec![
                (
                    "LO0105",
                    "invalid-guid",
                    "/destination/authentication/applicationId",
                ),
                (
                    "LO0105",
                    "invalid-guid",
                    "/destination/authentication/directoryId",
                ),
            ],
        ),
        (
            json!({ "type": "dynamics365", "instanceUrl": "https://contoso.crm4.dynamics.com",
                    "authentication": { "type": "saml" } }),
            vec![(
                "LO0108",
                "unknown-variant",
                "/destination/authentication/type",
            )],
        ),
        (
            json!({ "type": "httpsEndpoint", "url": "javascript:alert(1)" }),
            vec![("LO0120", "invalid-url", "/destination/url")],
        ),
        (
            json!({ "type": "marketo", "serverId": "app-ys12.marketo.com", "munchkinAccountId": "123_PQR_789", "formId": "0179" }),
            vec![
                ("LO0104", "invalid-identifier", "/destination/formId"),
                (
                    "LO0104",
                    "invalid-identifier",
                    "/destination/munchkinAccountId",
                ),
                ("LO0104", "invalid-identifier", "/destination/serverId"),
            ],
        ),
        (
            json!({ "type": "marketo", "serverId": "ys12", "munchkinAccountId": "123PQR789", "formId": 1179 }),
            vec![
                ("LO0002", "wrong-type", "/destination/formId"),
                ("LO0101", "text-too-short", "/destination/munchkinAccountId"),
            ],
        ),
        (
            json!({ "type": "salesforce", "organizationId": "0055g000004XyZa" }),
            vec![(
                "LO0104",
                "invalid-identifier",
                "/destination/organizationId",
            )],
        ),
        (
            json!({ "type": "salesforce", "organizationId": "00D5g000004XyZaE" }),
            vec![(
                "LO0104",
                "invalid-identifier",
                "/destination/organizationId",
            )],
        ),
    ];
    for (destination, expected) in cases {
        let report = lead_problems(&leads(&destination));
        let expected: Found = expected
            .into_iter()
            .map(|(c, n, p)| (c, n, p.to_owned()))
            .collect();
        assert_eq!(found(&report), expected, "{destination}");
    }
}

#[test]
fn identifier_messages_say_what_is_expected() {
    let report = lead_problems(&leads(&json!({
        "type": "marketo", "serverId": "ys12", "munchkinAccountId": "123PQR789", "formId": "1179"
    })));
    assert_eq!(
        report.diagnostics()[0].message(),
        "Munchkin account ID has 9 characters, at least 11 are required"
    );
    let report = lead_problems(&leads(
        &json!({ "type": "salesforce", "organizationId": "0055g000004XyZa" }),
    ));
    assert_eq!(
        report.diagnostics()[0].message(),
        "Salesforce organization ID may contain only `00D` followed by 12 or 15 letters and digits, found \"0055g000004XyZa\""
    );
    assert!(lighthouse_offer::leads::SalesforceOrganizationId::new("00D5g000004XyZaEAQ").is_ok());
}

#[test]
fn dynamics_outside_dynamics_com_is_a_warning() {
    let destination = |url: &str| {
        json!({ "type": "dynamics365", "instanceUrl": url,
                "authentication": { "type": "office365", "userName": "leads@contoso.com", "password": { "fromEnv": "P" } } })
    };
    for url in [
        "https://crm.contoso.com",
        "https://contoso.dynamics.com.example.net",
        "https://contosodynamics.com",
    ] {
        assert_eq!(
            lead_warnings(&leads(&destination(url))),
            [("dynamics-not-online", "/destination/instanceUrl".into())],
            "{url}"
        );
    }
    for url in [
        "https://contoso.crm4.dynamics.com",
        "https://CONTOSO.CRM.DYNAMICS.COM/main.aspx",
    ] {
        assert!(lead_warnings(&leads(&destination(url))).is_empty(), "{url}");
    }
    let checked =
        LeadManagement::from_json_str(&leads(&destination("https://crm.contoso.com")).to_string())
            .unwrap();
    assert_eq!(
        checked.warnings()[0].message(),
        "the Dynamics 365 instance \"crm.contoso.com\" is not on dynamics.com; Partner Center writes leads to Microsoft-hosted instances such as contoso.crm4.dynamics.com only"
    );
}

#[test]
fn a_signed_endpoint_url_is_a_warning() {
    let signed = "https://prod-01.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=abc123";
    assert_eq!(
        lead_warnings(&leads(&json!({ "type": "httpsEndpoint", "url": signed }))),
        [("signed-endpoint-url", "/destination/url".into())]
    );
    let endpoint =
        HttpsEndpoint::new(HttpsUrl::new("https://leads.contoso.com/in?signature=none").unwrap());
    assert!(endpoint.warnings().is_empty());
}

// ---- contact emails ----

#[test]
fn contact_emails_need_one_and_no_duplicates() {
    let table = json!({ "type": "azureTable", "connectionString": { "fromEnv": "T" } });
    let report = lead_problems(&json!({ "destination": table, "contactEmails": [] }));
    assert_eq!(
        found(&report),
        [("LO0005", "too-few-items", "/contactEmails".into())]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "at least 1 contact email is required, found none"
    );

    let report = lead_problems(&json!({
        "destination": table,
        "contactEmails": ["leads@contoso.com", "sales@contoso.com", "Leads@Contoso.com"]
    }));
    assert_eq!(
        found(&report),
        [("LO0007", "duplicate-item", "/contactEmails/2".into())]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "the contact email \"Leads@Contoso.com\" is listed twice (first at index 0)"
    );

    let report =
        lead_problems(&json!({ "destination": table, "contactEmails": ["leads@localhost"] }));
    assert_eq!(
        found(&report),
        [("LO0121", "invalid-email", "/contactEmails/0".into())]
    );
}

#[test]
fn every_problem_of_the_section_is_reported_at_once() {
    let report = lead_problems(&json!({
        "destination": { "type": "azureTable", "connectionString": "secret" },
        "contactEmails": "leads@contoso.com",
        "notify": true
    }));
    assert_eq!(
        found(&report),
        [
            ("LO0002", "wrong-type", "/contactEmails".into()),
            (
                "LO0600",
                "literal-secret",
                "/destination/connectionString".into()
            ),
            ("LO0004", "unknown-field", "/notify".into()),
        ]
    );
}

#[test]
fn the_constructor_checks_what_the_reader_checks() {
    let destination =
        LeadDestination::AzureTable(AzureTable::new(SecretRef::from_env("T").unwrap()));
    let email = EmailAddress::new("leads@contoso.com").unwrap();
    let report =
        LeadManagement::new(destination.clone(), vec![email.clone(), email.clone()]).unwrap_err();
    assert_eq!(
        found(&report),
        [("LO0007", "duplicate-item", "/contactEmails/1".into())]
    );
    let endpoint = LeadDestination::HttpsEndpoint(HttpsEndpoint::new(
        HttpsUrl::new("https://flow.contoso.com/in?sig=x").unwrap(),
    ));
    let checked = LeadManagement::new(endpoint, vec![email]).unwrap();
    assert_eq!(checked.warnings()[0].path().as_str(), "/destination/url");
}

// ---- legal ----

#[track_caller]
fn legal_problems(document: &Value) -> Found {
    found(&Legal::from_json_str(&document.to_string()).unwrap_err())
}

#[test]
fn legal_round_trips_with_either_contract() {
    for document in [
        json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "useStandardContract": true }),
        json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "termsOfUse": "Our terms." }),
    ] {
        let legal = Legal::from_json_str(&document.to_string()).unwrap();
        assert_eq!(serde_json::to_value(&legal).unwrap(), document);
        assert_eq!(
            serde_json::from_value::<Legal>(document.clone()).unwrap(),
            legal
        );
    }
    // `useStandardContract: false` is the default: it is read, and written only when true
    // (edition 2026 has no Standard Contract).
    let legal = Legal::from_json_str(
        r#"{ "privacyPolicyUrl": "https://contoso.com/privacy", "useStandardContract": false, "termsOfUse": "Our terms." }"#,
    )
    .unwrap();
    assert!(!legal.uses_standard_contract());
    assert_eq!(legal.terms_of_use().unwrap().as_str(), "Our terms.");
    assert_eq!(
        serde_json::to_value(&legal).unwrap(),
        json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "termsOfUse": "Our terms." })
    );
    let standard = Legal::new(
        HttpsUrl::new("https://contoso.com/privacy").unwrap(),
        Contract::StandardContract,
    );
    assert!(standard.uses_standard_contract() && standard.terms_of_use().is_none());
}

#[test]
fn terms_of_use_are_required_without_the_standard_contract() {
    let expected: Found = vec![("LO0602", "missing-terms-of-use", String::new())];
    assert_eq!(
        legal_problems(&json!({ "privacyPolicyUrl": "https://contoso.com/privacy" })),
        expected
    );
    assert_eq!(
        legal_problems(
            &json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "useStandardContract": false })
        ),
        expected
    );
    let report = Legal::from_json_str(r#"{ "privacyPolicyUrl": "https://contoso.com/privacy" }"#)
        .unwrap_err();
    assert_eq!(
        report.diagnostics()[0].message(),
        "missing `termsOfUse`: without the Standard Contract (`useStandardContract`: true) the offer needs its own terms of use"
    );
}

#[test]
fn terms_of_use_are_an_error_with_the_standard_contract() {
    let document = json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "useStandardContract": true, "termsOfUse": "Ours." });
    assert_eq!(
        legal_problems(&document),
        [(
            "LO0603",
            "terms-with-standard-contract",
            "/termsOfUse".into()
        )]
    );
    // Invalid terms next to the Standard Contract: both problems.
    let document = json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "useStandardContract": true, "termsOfUse": "" });
    assert_eq!(
        legal_problems(&document),
        [
            ("LO0101", "text-too-short", "/termsOfUse".into()),
            (
                "LO0603",
                "terms-with-standard-contract",
                "/termsOfUse".into()
            ),
        ]
    );
}

#[test]
fn terms_of_use_have_at_most_10000_characters() {
    assert!(TermsOfUse::new("é".repeat(10_000)).is_ok());
    let error = TermsOfUse::new("é".repeat(10_001)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "terms of use has 10001 characters, at most 10000 are allowed"
    );
    let document = json!({ "privacyPolicyUrl": "https://contoso.com/privacy", "termsOfUse": "x".repeat(10_001) });
    assert_eq!(
        legal_problems(&document),
        [("LO0102", "text-too-long", "/termsOfUse".into())]
    );
}

#[test]
fn legal_values_are_checked_at_their_paths() {
    let document = json!({ "privacyPolicyUrl": "http://contoso.com/privacy", "useStandardContract": "yes", "termsOfUses": "x" });
    assert_eq!(
        legal_problems(&document),
        [
            ("LO0120", "invalid-url", "/privacyPolicyUrl".into()),
            ("LO0004", "unknown-field", "/termsOfUses".into()),
            ("LO0002", "wrong-type", "/useStandardContract".into()),
        ]
    );
    let report = Legal::from_json_str(&document.to_string()).unwrap_err();
    assert_eq!(
        report.diagnostics()[1].message(),
        "unknown field `termsOfUses`; did you mean `termsOfUse`?"
    );
}

// ---- support ----

fn contact(name: &str, email: &str, phone: &str) -> Value {
    json!({ "name": name, "email": email, "phone": phone })
}

fn support(urls: &[&str]) -> Value {
    json!({
        "engineeringContact": contact("Avery Howard", "avery@contoso.com", "+1 (425) 555-0100"),
        "supportContact": contact("Kim Akers", "support@contoso.com", "+31 20 555 0100 x12"),
        "supportUrls": urls,
    })
}

#[track_caller]
fn support_problems(document: &Value) -> Found {
    found(&Support::from_json_str(&document.to_string()).unwrap_err())
}

#[test]
fn support_round_trips_with_one_or_two_urls() {
    for urls in [
        &["https://contoso.com/support"][..],
        &["https://contoso.com/support", "https://contoso.us/support"],
    ] {
        let document = support(urls);
        let section = Support::from_json_str(&document.to_string()).unwrap();
        assert_eq!(section.support_urls().len(), urls.len());
        assert_eq!(
            section.engineering_contact().name().as_str(),
            "Avery Howard"
        );
        assert_eq!(
            section.support_contact().phone().as_str(),
            "+31 20 555 0100 x12"
        );
        assert_eq!(serde_json::to_value(&section).unwrap(), document);
        assert_eq!(
            serde_json::from_value::<Support>(document).unwrap(),
            section
        );
    }
}

#[test]
fn support_urls_are_up_to_two_different_https_urls() {
    // Optional in the section ("Support URLs (optional)", Microsoft Learn, 2020-12-23); edition
    // 2020 asks for one (tests/editions.rs).
    let none = Support::from_json_str(&support(&[]).to_string()).unwrap();
    assert_eq!(none.support_urls(), []);
    let mut left_out = support(&[]);
    left_out.as_object_mut().unwrap().remove("supportUrls");
    assert_eq!(Support::from_json_str(&left_out.to_string()).unwrap(), none);
    let three = support(&[
        "https://contoso.com/a",
        "https://contoso.com/b",
        "https://contoso.com/c",
    ]);
    assert_eq!(
        support_problems(&three),
        [("LO0006", "too-many-items", "/supportUrls".into())]
    );
    let report = Support::from_json_str(&three.to_string()).unwrap_err();
    assert_eq!(
        report.diagnostics()[0].message(),
        "at most 2 support URLs are allowed, found 3"
    );
    let twice = support(&["https://contoso.com/support", "https://CONTOSO.com/support"]);
    assert_eq!(
        support_problems(&twice),
        [("LO0007", "duplicate-item", "/supportUrls/1".into())]
    );
    let insecure = support(&["http://contoso.com/support"]);
    assert_eq!(
        support_problems(&insecure),
        [("LO0120", "invalid-url", "/supportUrls/0".into())]
    );
}

#[test]
fn contacts_are_checked_at_their_paths() {
    let document = json!({
        "engineeringContact": contact(" Avery Howard", "avery@contoso.com", "+1 (425) 555-0100"),
        "supportContact": { "name": "Kim Akers", "email": "kim@localhost" },
        "supportUrls": ["https://contoso.com/support"],
    });
    assert_eq!(
        support_problems(&document),
        [
            (
                "LO0103",
                "untrimmed-text",
                "/engineeringContact/name".into()
            ),
            ("LO0003", "missing-field", "/supportContact".into()),
            ("LO0121", "invalid-email", "/supportContact/email".into()),
        ]
    );
    let document = json!({
        "engineeringContact": contact("", "avery@contoso.com", "call me"),
        "supportContact": contact("Kim Akers", "kim@contoso.com", "+1 425 555 0100"),
        "supportUrls": ["https://contoso.com/support"],
    });
    assert_eq!(
        support_problems(&document),
        [
            (
                "LO0101",
                "text-too-short",
                "/engineeringContact/name".into()
            ),
            (
                "LO0122",
                "invalid-phone-number",
                "/engineeringContact/phone".into()
            ),
        ]
    );
}

#[test]
fn the_support_constructor_checks_the_urls() {
    let person = Contact::new(
        ContactName::new("Avery Howard").unwrap(),
        EmailAddress::new("avery@contoso.com").unwrap(),
        PhoneNumber::new("+1 425 555 0100").unwrap(),
    );
    let url = |u: &str| HttpsUrl::new(u).unwrap();
    assert!(
        Support::new(
            person.clone(),
            person.clone(),
            vec![url("https://a.contoso.com"), url("https://b.contoso.com")]
        )
        .is_ok()
    );
    let report = Support::new(
        person.clone(),
        person,
        vec![
            url("https://a.contoso.com"),
            url("https://b.contoso.com"),
            url("https://c.contoso.com"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        found(&report),
        [("LO0006", "too-many-items", "/supportUrls".into())]
    );
}

// ---- the example offer ----

#[test]
fn the_example_offer_sections_read_without_problems() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel/offer.json"
    );
    let offer: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (leads, warnings) = LeadManagement::from_json_str(&offer["leadManagement"].to_string())
        .unwrap()
        .into_parts();
    assert!(warnings.is_empty());
    assert_eq!(leads.destination().kind(), "httpsEndpoint");
    let legal = Legal::from_json_str(&offer["legal"].to_string()).unwrap();
    assert!(legal.uses_standard_contract());
    let support = Support::from_json_str(&offer["support"].to_string()).unwrap();
    assert_eq!(
        support.engineering_contact().phone().digits(),
        "31201234567"
    );
}

#[test]
fn url_messages_never_show_credentials_with_or_without_slashes() {
    for url in [
        "https:admin:Hunter2Secret@contoso.com:99999/privacy",
        "https://admin:Hunter2Secret@contoso.com:99999/privacy",
        "https:user:Hunter2Secret@contoso.com/a b",
        "https:\\\\user:Hunter2Secret@contoso.com/a b",
    ] {
        let error = lighthouse_offer::HttpsUrl::new(url).unwrap_err();
        assert!(
            !error.to_string().contains("Hunter2Secret"),
            "{url}: {error}"
        );
        assert!(
            !format!("{error:?}").contains("Hunter2Secret"),
            "{url}: {error:?}"
        );
    }
}
