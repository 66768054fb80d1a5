//! Every rule of the offer document, one test each: the bundled example with one change that
//! breaks exactly that rule, and the exact codes and paths of what the check reports. Then a
//! document with many independent problems, acknowledged warnings, and secrets that never show.

use std::path::Path;

use crate::support::{
    Found, Outcome, ScratchCopy, at, example, example_text, expected, read, remove, rgb_png, set,
};
use lighthouse_offer::{Offer, ReadOptions, RoleDefinitionId, Rule};
use serde_json::{Value, json};

// ---- one rule, one change ----------------------------------------------------------------------

/// How a case changes the example.
enum Change {
    /// The document, as JSON; checked with `Offer::from_json_str`.
    Document(fn(&mut Value)),
    /// The document's text (for what is not JSON).
    Text(fn(&str) -> String),
    /// A copy of the example's folder, whose document reads without errors; its files are
    /// checked with `Offer::verify_images`.
    Files(fn(&mut Value, &Path)),
}

/// One row of the table: a change and everything it must produce.
struct Case {
    change: Change,
    errors: &'static [(Rule, &'static str)],
    warnings: &'static [(Rule, &'static str)],
}

fn doc(change: fn(&mut Value), errors: &'static [(Rule, &'static str)]) -> Case {
    Case {
        change: Change::Document(change),
        errors,
        warnings: &[],
    }
}

fn doc_warning(change: fn(&mut Value), warnings: &'static [(Rule, &'static str)]) -> Case {
    Case {
        change: Change::Document(change),
        errors: &[],
        warnings,
    }
}

fn files(change: fn(&mut Value, &Path), errors: &'static [(Rule, &'static str)]) -> Case {
    Case {
        change: Change::Files(change),
        errors,
        warnings: &[],
    }
}

fn files_warning(change: fn(&mut Value, &Path), warnings: &'static [(Rule, &'static str)]) -> Case {
    Case {
        change: Change::Files(change),
        errors: &[],
        warnings,
    }
}

#[track_caller]
fn run(rule: Rule, name: &str, case: &Case) {
    let found = match case.change {
        Change::Document(change) => {
            let mut document = example();
            change(&mut document);
            Outcome::of_document(&document)
        }
        Change::Text(change) => Outcome::of_text(&change(&example_text())),
        Change::Files(change) => {
            let copy = ScratchCopy::new(name);
            let mut document = example();
            change(&mut document, copy.path());
            let (offer, warnings) = read(&document).into_parts();
            Outcome::of(warnings.iter().chain(&offer.verify_images(copy.path())))
        }
    };
    let wanted = Outcome {
        errors: expected(case.errors),
        warnings: expected(case.warnings),
    };
    let listed = |found: &Found| found.iter().any(|(code, _)| *code == rule.code());
    assert!(
        listed(&wanted.errors) || listed(&wanted.warnings),
        "row {name}: the expectation does not name {}",
        rule.code()
    );
    assert_eq!(
        found,
        wanted,
        "row {name} ({} {})",
        rule.code(),
        rule.name()
    );
}

/// One `#[test]` per row, named after its rule, and the list of the rules the table covers.
macro_rules! rule_table {
    ($( $(#[$meta:meta])* $test:ident: $rule:ident => $case:expr; )*) => {
        $(
            $(#[$meta])*
            #[test]
            fn $test() {
                run(Rule::$rule, stringify!($test), &$case);
            }
        )*

        /// The rules that a row of the table breaks.
        const COVERED: &[Rule] = &[$(Rule::$rule),*];
    };
}

const PLAN0: &str = "/plans/0/manifest";
const ROLE_NOT_IN_CATALOG: &str = "4a8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

fn role(id: RoleDefinitionId) -> Value {
    json!(id.to_string())
}

/// Replaces the listing's description.
fn describe(doc: &mut Value, html: &str) {
    set(doc, "/listing/description", json!(html));
}

/// Replaces the lead destination.
fn destination(doc: &mut Value, destination: Value) {
    set(doc, "/leadManagement/destination", destination);
}

/// Writes `bytes` over a file of the copy.
fn write(dir: &Path, relative: &str, bytes: &[u8]) {
    std::fs::write(dir.join(relative), bytes).unwrap();
}

/// A hero of the right size, 815×290, painted by `paint`.
fn hero(dir: &Path, paint: impl Fn(u32, u32) -> [u8; 3]) {
    write(dir, "logos/hero.png", &rgb_png(815, 290, paint));
}

/// The teal of the example's hero: a background Partner Center accepts.
const TEAL: [u8; 3] = [0x12, 0x50, 0x5c];

rule_table! {
    // LO00xx: the document's shape
    lo0001_invalid_json: InvalidJson => Case {
        change: Change::Text(|text| text.replacen("\"plans\":", "\"plans\"", 1)),
        errors: &[(Rule::InvalidJson, "")],
        warnings: &[],
    };
    lo0002_wrong_type: WrongType => doc(
        |d| set(d, "/name", json!(42)),
        &[(Rule::WrongType, "/name")],
    );
    lo0003_missing_field: MissingField => doc(
        |d| drop(remove(d, "/plans/0/manifest/tenantId")),
        &[(Rule::MissingField, "/plans/0/manifest")],
    );
    lo0004_unknown_field: UnknownField => doc(
        |d| set(d, "/listing/titel", json!("Contoso Managed Sentinel")),
        &[(Rule::UnknownField, "/listing/titel")],
    );
    lo0005_too_few_items: TooFewItems => doc(
        |d| set(d, "/listing/categories", json!([])),
        &[(Rule::TooFewItems, "/listing/categories")],
    );
    lo0006_too_many_items: TooManyItems => doc(
        |d| set(d, "/listing/categories", json!(["A", "B", "C", "D", "E", "F"])),
        &[(Rule::TooManyItems, "/listing/categories")],
    );
    lo0007_duplicate_item: DuplicateItem => doc(
        |d| set(d, "/plans/1/planId", json!("gold")),
        &[(Rule::DuplicateItem, "/plans/1/planId")],
    );

    lo0015_json_comment: JsonComment => Case {
        change: Change::Text(|text| text.replacen("\"plans\":", "// the plans\n  \"plans\":", 1)),
        errors: &[(Rule::JsonComment, "")],
        warnings: &[],
    };
    lo0016_trailing_comma: TrailingComma => Case {
        change: Change::Text(|text| text.replacen("\"Monitoring\"]", "\"Monitoring\",]", 1)),
        errors: &[(Rule::TrailingComma, "")],
        warnings: &[],
    };

    // LO01xx: single values
    lo0101_text_too_short: TextTooShort => doc(
        |d| set(d, "/plans/0/title", json!("")),
        &[(Rule::TextTooShort, "/plans/0/title")],
    );
    lo0102_text_too_long: TextTooLong => doc(
        |d| set(d, "/listing/longSummary", json!("é".repeat(257))),
        &[(Rule::TextTooLong, "/listing/longSummary")],
    );
    lo0103_untrimmed_text: UntrimmedText => doc(
        |d| set(d, "/marketingArtifacts/screenshots/0/caption", json!("The incident overview ")),
        &[(Rule::UntrimmedText, "/marketingArtifacts/screenshots/0/caption")],
    );
    lo0104_invalid_identifier: InvalidIdentifier => doc(
        |d| set(d, "/listing/marketingIdentifier", json!("contoso_managed_sentinel")),
        &[(Rule::InvalidIdentifier, "/listing/marketingIdentifier")],
    );
    lo0105_invalid_guid: InvalidGuid => doc(
        |d| set(d, "/plans/0/manifest/tenantId", json!("{0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10}")),
        &[(Rule::InvalidGuid, "/plans/0/manifest/tenantId")],
    );
    lo0106_invalid_version: InvalidVersion => doc(
        |d| set(d, "/plans/0/manifest/version", json!("1.2")),
        &[(Rule::InvalidVersion, "/plans/0/manifest/version")],
    );
    lo0107_invalid_duration: InvalidDuration => doc(
        |d| set(
            d,
            "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/maximumActivationDuration",
            json!("PT9H"),
        ),
        &[(
            Rule::InvalidDuration,
            "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/maximumActivationDuration",
        )],
    );
    lo0108_unknown_variant: UnknownVariant => doc(
        |d| set(d, "/plans/1/availability/visibility", json!("hidden")),
        &[(Rule::UnknownVariant, "/plans/1/availability/visibility")],
    );
    lo0120_invalid_url: InvalidUrl => doc(
        |d| set(d, "/legal/privacyPolicyUrl", json!("http://contoso.example/privacy")),
        &[(Rule::InvalidUrl, "/legal/privacyPolicyUrl")],
    );
    lo0121_invalid_email: InvalidEmail => doc(
        |d| set(d, "/leadManagement/contactEmails/0", json!("leads at contoso.example")),
        &[(Rule::InvalidEmail, "/leadManagement/contactEmails/0")],
    );
    lo0122_invalid_phone_number: InvalidPhoneNumber => doc(
        |d| set(d, "/support/supportContact/phone", json!("call us")),
        &[(Rule::InvalidPhoneNumber, "/support/supportContact/phone")],
    );

    // LO02xx: roles and authorizations
    lo0201_owner_role: OwnerRole => doc(
        |d| set(d, &format!("{PLAN0}/authorizations/1/roleDefinitionId"), role(RoleDefinitionId::OWNER)),
        &[(Rule::OwnerRole, "/plans/0/manifest/authorizations/1/roleDefinitionId")],
    );
    lo0202_data_actions_role: DataActionsRole => doc(
        |d| set(
            d,
            &format!("{PLAN0}/authorizations/1/roleDefinitionId"),
            role(RoleDefinitionId::LOG_ANALYTICS_CONTRIBUTOR),
        ),
        &[(Rule::DataActionsRole, "/plans/0/manifest/authorizations/1/roleDefinitionId")],
    );
    lo0203_restricted_action_role: RestrictedActionRole => doc(
        |d| set(
            d,
            &format!("{PLAN0}/authorizations/1/roleDefinitionId"),
            role(RoleDefinitionId::ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR),
        ),
        &[(Rule::RestrictedActionRole, "/plans/0/manifest/authorizations/1/roleDefinitionId")],
    );
    lo0204_unknown_role: UnknownRole => doc_warning(
        |d| set(d, &format!("{PLAN0}/authorizations/1/roleDefinitionId"), json!(ROLE_NOT_IN_CATALOG)),
        &[(Rule::UnknownRole, "/plans/0/manifest/authorizations/1/roleDefinitionId")],
    );
    lo0205_missing_assignable_roles: MissingAssignableRoles => doc(
        |d| drop(remove(d, &format!("{PLAN0}/authorizations/2/delegatedRoleDefinitionIds"))),
        &[(Rule::MissingAssignableRoles, "/plans/0/manifest/authorizations/2")],
    );
    lo0206_assignable_roles_ignored: AssignableRolesIgnored => doc(
        |d| set(
            d,
            &format!("{PLAN0}/authorizations/1/delegatedRoleDefinitionIds"),
            json!([RoleDefinitionId::CONTRIBUTOR.to_string()]),
        ),
        &[(Rule::AssignableRolesIgnored, "/plans/0/manifest/authorizations/1/delegatedRoleDefinitionIds")],
    );
    lo0207_unsupported_assignable_role: UnsupportedAssignableRole => doc(
        |d| set(
            d,
            &format!("{PLAN0}/authorizations/2/delegatedRoleDefinitionIds/1"),
            role(RoleDefinitionId::OWNER),
        ),
        &[(
            Rule::UnsupportedAssignableRole,
            "/plans/0/manifest/authorizations/2/delegatedRoleDefinitionIds/1",
        )],
    );
    lo0208_unsupported_eligible_role: UnsupportedEligibleRole => doc(
        |d| set(
            d,
            &format!("{PLAN0}/eligibleAuthorizations/0/roleDefinitionId"),
            role(RoleDefinitionId::USER_ACCESS_ADMINISTRATOR),
        ),
        &[(Rule::UnsupportedEligibleRole, "/plans/0/manifest/eligibleAuthorizations/0/roleDefinitionId")],
    );
    lo0209_eligible_policy_mismatch: EligiblePolicyMismatch => doc(
        |d| {
            // A second group eligible for the same role (Contributor), for eight hours instead
            // of four.
            let mut second = at(d, &format!("{PLAN0}/eligibleAuthorizations/0")).clone();
            // The SOC analysts, who hold a permanent authorization too.
            second["principalId"] = json!("5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e");
            second["principalIdDisplayName"] = json!("Contoso SOC analysts");
            second["justInTimeAccessPolicy"]["maximumActivationDuration"] = json!("PT8H");
            set(d, &format!("{PLAN0}/eligibleAuthorizations/-"), second);
        },
        &[(
            Rule::EligiblePolicyMismatch,
            "/plans/0/manifest/eligibleAuthorizations/1/justInTimeAccessPolicy",
        )],
    );
    // The escalation engineers lose their permanent Reader authorization.
    lo0210_eligible_without_permanent_authorization: EligibleWithoutPermanentAuthorization => doc_warning(
        |d| drop(remove(d, &format!("{PLAN0}/authorizations/4"))),
        &[(
            Rule::EligibleWithoutPermanentAuthorization,
            "/plans/0/manifest/eligibleAuthorizations/0/principalId",
        )],
    );
    // The escalation engineers approve their own activation.
    lo0211_eligible_principal_is_only_approver: EligiblePrincipalIsOnlyApprover => doc_warning(
        |d| set(
            d,
            &format!("{PLAN0}/eligibleAuthorizations/0/justInTimeAccessPolicy/managedByTenantApprovers/0/principalId"),
            json!("2d7e4f1a-8b3c-4d5e-9f60-7a1b2c3d4e5f"),
        ),
        &[(
            Rule::EligiblePrincipalIsOnlyApprover,
            "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/managedByTenantApprovers",
        )],
    );

    // LO03xx: manifests and plans
    lo0210_data_actions_assignable_role: DataActionsAssignableRole => doc_warning(
        |d| set(
            d,
            &format!("{PLAN0}/authorizations/2/delegatedRoleDefinitionIds/1"),
            role(RoleDefinitionId::LOG_ANALYTICS_CONTRIBUTOR),
        ),
        &[(
            Rule::DataActionsAssignableRole,
            "/plans/0/manifest/authorizations/2/delegatedRoleDefinitionIds/1",
        )],
    );
    // Reader's GUID with its last digit changed: a typo, not an unknown role.
    lo0213_role_guid_typo: RoleGuidTypo => doc(
        |d| set(
            d,
            &format!("{PLAN0}/authorizations/1/roleDefinitionId"),
            json!("acdd72a7-3385-48ef-bd42-f606fba81ae8"),
        ),
        &[(Rule::RoleGuidTypo, "/plans/0/manifest/authorizations/1/roleDefinitionId")],
    );
    lo0301_missing_delete_role: MissingDeleteRole => doc_warning(
        |d| drop(remove(d, "/plans/1/manifest/authorizations/1")),
        &[(Rule::MissingDeleteRole, "/plans/1/manifest/authorizations")],
    );
    // With no authorization at all, the plan has no delete role either: that warning is
    // reported beside the error, as the manifest builder reports it.
    lo0302_no_permanent_authorization: NoPermanentAuthorization => Case {
        warnings: &[(Rule::MissingDeleteRole, "/plans/1/manifest/authorizations")],
        ..doc(
            |d| set(d, "/plans/1/manifest/authorizations", json!([])),
            &[(Rule::NoPermanentAuthorization, "/plans/1/manifest/authorizations")],
        )
    };

    // LO04xx: the offer and its listing
    lo0401_too_many_private_plans: TooManyPrivatePlans => doc(
        |d| {
            // The public plan and 46 private ones.
            let private = at(d, "/plans/1").clone();
            let plans = at(d, "/plans").as_array_mut().unwrap();
            plans.truncate(1);
            for i in 0..46 {
                let mut plan = private.clone();
                plan["planId"] = json!(format!("private-{i}"));
                plans.push(plan);
            }
        },
        &[(Rule::TooManyPrivatePlans, "/plans")],
    );
    lo0402_missing_managed_service_term: MissingManagedServiceTerm => doc(
        |d| describe(d, "<p>Contoso watches your Sentinel workspaces around the clock.</p>"),
        &[(Rule::MissingManagedServiceTerm, "/listing/description")],
    );
    lo0403_unknown_warning_name: UnknownWarningName => doc(
        |d| set(d, "/acknowledgedWarnings", json!(["owner-role"])),
        &[(Rule::UnknownWarningName, "/acknowledgedWarnings/0")],
    );
    lo0404_stale_acknowledgement: StaleAcknowledgement => doc_warning(
        |d| set(d, "/acknowledgedWarnings", json!(["missing-hero-image"])),
        &[(Rule::StaleAcknowledgement, "/acknowledgedWarnings/0")],
    );

    // LO045x: the listing's description HTML
    lo0450_description_html_element: DescriptionHtmlElement => doc(
        |d| describe(d, "<p>Contoso's managed service, <span>24x7</span>.</p>"),
        &[(Rule::DescriptionHtmlElement, "/listing/description")],
    );
    lo0451_description_html_attribute: DescriptionHtmlAttribute => doc(
        |d| describe(d, "<p class=\"lead\">Contoso's managed service.</p>"),
        &[(Rule::DescriptionHtmlAttribute, "/listing/description")],
    );
    lo0452_description_html_url: DescriptionHtmlUrl => doc(
        |d| describe(d, "<p>Contoso's managed service: <a href=\"http://contoso.example/docs\">docs</a>.</p>"),
        &[(Rule::DescriptionHtmlUrl, "/listing/description")],
    );
    lo0453_description_html_unbalanced: DescriptionHtmlUnbalanced => doc(
        |d| describe(d, "<p>Contoso's managed service."),
        &[(Rule::DescriptionHtmlUnbalanced, "/listing/description")],
    );
    lo0454_description_html_nesting: DescriptionHtmlNesting => doc(
        |d| describe(d, "<li>Contoso's managed service.</li>"),
        &[(Rule::DescriptionHtmlNesting, "/listing/description")],
    );
    lo0455_description_html_comment: DescriptionHtmlComment => doc(
        |d| describe(d, "<p>Contoso's managed service.</p><!-- pricing follows -->"),
        &[(Rule::DescriptionHtmlComment, "/listing/description")],
    );
    lo0456_description_html_syntax: DescriptionHtmlSyntax => doc(
        |d| describe(d, "<p>Contoso's managed service answers in < 30 minutes.</p>"),
        &[(Rule::DescriptionHtmlSyntax, "/listing/description")],
    );

    // LO05xx: marketing artifacts
    lo0501_invalid_video_url: InvalidVideoUrl => doc(
        |d| set(d, "/marketingArtifacts/videos/0/url", json!("https://contoso.example/sentinel.mp4")),
        &[(Rule::InvalidVideoUrl, "/marketingArtifacts/videos/0/url")],
    );
    lo0502_missing_hero_image: MissingHeroImage => doc_warning(
        |d| drop(remove(d, "/marketingArtifacts/hero")),
        &[(Rule::MissingHeroImage, "/marketingArtifacts/hero")],
    );
    lo0550_image_path_not_allowed: ImagePathNotAllowed => doc(
        |d| set(d, "/marketingArtifacts/logos/small", json!("../contoso-sentinel/logos/40.png")),
        &[(Rule::ImagePathNotAllowed, "/marketingArtifacts/logos/small")],
    );
    lo0551_image_not_found: ImageNotFound => files(
        |_, dir| std::fs::remove_file(dir.join("logos/40.png")).unwrap(),
        &[(Rule::ImageNotFound, "/marketingArtifacts/logos/small")],
    );
    lo0552_image_not_a_file: ImageNotAFile => files(
        |_, dir| {
            std::fs::remove_file(dir.join("logos/40.png")).unwrap();
            std::fs::create_dir(dir.join("logos/40.png")).unwrap();
        },
        &[(Rule::ImageNotAFile, "/marketingArtifacts/logos/small")],
    );
    /// A file that cannot be read whoever runs the test (permissions do not stop root): a file
    /// name longer than file systems allow (255 bytes), which the operating system refuses with
    /// "file name too long" rather than "not found".
    lo0553_image_unreadable: ImageUnreadable => files(
        |d, _| set(d, "/marketingArtifacts/logos/small", json!(format!("logos/{}.png", "x".repeat(300)))),
        &[(Rule::ImageUnreadable, "/marketingArtifacts/logos/small")],
    );
    lo0554_image_too_large: ImageTooLarge => files(
        |_, dir| {
            // 10 MiB and one byte, refused from its size before it is read.
            let file = std::fs::OpenOptions::new().write(true).open(dir.join("logos/40.png")).unwrap();
            file.set_len(10 * 1024 * 1024 + 1).unwrap();
        },
        &[(Rule::ImageTooLarge, "/marketingArtifacts/logos/small")],
    );
    lo0555_not_a_png: NotAPng => files(
        |_, dir| write(dir, "logos/40.png", b"GIF89a\x28\x00\x28\x00\x80\x00\x00"),
        &[(Rule::NotAPng, "/marketingArtifacts/logos/small")],
    );
    lo0556_corrupt_png: CorruptPng => files(
        |_, dir| {
            let bytes = std::fs::read(dir.join("logos/40.png")).unwrap();
            write(dir, "logos/40.png", &bytes[..bytes.len() / 2]);
        },
        &[(Rule::CorruptPng, "/marketingArtifacts/logos/small")],
    );
    lo0557_wrong_image_size: WrongImageSize => files(
        |_, dir| std::fs::copy(dir.join("logos/90.png"), dir.join("logos/40.png")).map(drop).unwrap(),
        &[(Rule::WrongImageSize, "/marketingArtifacts/logos/small")],
    );
    lo0558_hero_background: HeroBackground => files(
        |_, dir| hero(dir, |_, _| [255, 255, 255]),
        &[(Rule::HeroBackground, "/marketingArtifacts/hero")],
    );
    lo0559_light_hero_background: LightHeroBackground => files_warning(
        |_, dir| hero(dir, |_, _| [0xd0, 0xd0, 0xd0]),
        &[(Rule::LightHeroBackground, "/marketingArtifacts/hero")],
    );
    lo0560_hero_right_space_not_empty: HeroRightSpaceNotEmpty => files_warning(
        |_, dir| hero(dir, |x, y| if (700..720).contains(&x) && (100..120).contains(&y) { [0xf4, 0xa2, 0x61] } else { TEAL }),
        &[(Rule::HeroRightSpaceNotEmpty, "/marketingArtifacts/hero")],
    );

    // LO06xx: lead management, legal and support
    lo0600_literal_secret: LiteralSecret => doc(
        |d| destination(d, json!({
            "type": "azureTable",
            "connectionString": "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=c2VjcmV0",
        })),
        &[(Rule::LiteralSecret, "/leadManagement/destination/connectionString")],
    );
    lo0601_invalid_secret_reference: InvalidSecretReference => doc(
        |d| destination(d, json!({ "type": "azureTable", "connectionString": { "fromEnv": "1LEADS" } })),
        &[(Rule::InvalidSecretReference, "/leadManagement/destination/connectionString/fromEnv")],
    );
    lo0602_missing_terms_of_use: MissingTermsOfUse => doc(
        |d| set(d, "/legal/useStandardContract", json!(false)),
        &[(Rule::MissingTermsOfUse, "/legal")],
    );
    lo0603_terms_with_standard_contract: TermsWithStandardContract => doc(
        |d| set(d, "/legal/termsOfUse", json!("Contoso's terms of service apply.")),
        &[(Rule::TermsWithStandardContract, "/legal/termsOfUse")],
    );
    lo0604_dynamics_not_online: DynamicsNotOnline => doc_warning(
        |d| destination(d, json!({
            "type": "dynamics365",
            "instanceUrl": "https://crm.contoso.example",
            "authentication": {
                "type": "azureAd",
                "applicationId": "23456052-aaaa-bbbb-8662-1234df56788f",
                "directoryId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
                "clientSecret": { "fromEnv": "DYNAMICS_CLIENT_SECRET" },
            },
        })),
        &[(Rule::DynamicsNotOnline, "/leadManagement/destination/instanceUrl")],
    );
    lo0605_signed_endpoint_url: SignedEndpointUrl => doc_warning(
        |d| destination(d, json!({
            "type": "httpsEndpoint",
            "url": "https://prod-12.westeurope.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=c2lnbmF0dXJl",
        })),
        &[(Rule::SignedEndpointUrl, "/leadManagement/destination/url")],
    );
}

/// Rules of the offer document's range that no mutation of the example shows here: the private
/// audience CSV rules, which only `PrivateAudience::from_csv` reports (a document lists
/// subscription IDs as JSON, never as CSV), and the limits on hostile input (a document of more
/// than 16 MiB, nesting deeper than 127, more than 1,000 problems), which tests/hostile.rs shows
/// with inputs of that size, and a field named twice in an object, which only a document's text
/// can hold (a parsed value keeps one): the test below shows it. The YAML reader's own rules
/// (`invalid-yaml`, `yaml-implicit-type`) need a YAML text: tests/yaml.rs shows them. A file of
/// another kind than the command reads (`other-kind-of-file`) is the command line's finding:
/// `tests/cli/arm_templates.rs` (`a_file_of_the_other_kind_names_the_command_that_reads_it`)
/// shows it.
const NOT_IN_OFFER_DOCUMENTS: &[Rule] = &[
    Rule::InvalidYaml,
    Rule::YamlImplicitType,
    Rule::OtherKindOfFile,
    Rule::DocumentTooLarge,
    Rule::NestingTooDeep,
    Rule::TooManyProblems,
    Rule::DuplicateKey,
    Rule::InvalidCsvLine,
    Rule::InvalidCsvHeader,
    Rule::UnsupportedAudienceType,
];

/// Whether a rule's code is in the offer document's range, `LO0000` to `LO0699`. Rules of other
/// ranges (ARM files, updates, editions, the audit) have their tables in `rule_ranges.rs`.
fn in_offer_range(rule: Rule) -> bool {
    let number: u32 = rule.code()["LO".len()..].parse().unwrap();
    number < 700
}

#[test]
fn every_rule_of_the_offer_range_has_a_row_or_a_reason() {
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|rule| in_offer_range(**rule))
        .filter(|rule| !COVERED.contains(rule) && !NOT_IN_OFFER_DOCUMENTS.contains(rule))
        .map(|rule| rule.code())
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "rules without a row");
    for rule in NOT_IN_OFFER_DOCUMENTS {
        assert!(!COVERED.contains(rule), "{} is in both lists", rule.code());
    }
    // Each rule has one row, and the rows follow the codes' order.
    let mut sorted = COVERED.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, COVERED, "rows out of order or repeated");
}

// ---- many problems at once -------------------------------------------------------------------

#[test]
fn a_document_with_many_independent_problems_reports_every_one() {
    let mut d = example();
    let changes: [(&str, Value); 19] = [
        ("/offerId", json!("Contoso Sentinel")),
        ("/name", json!("")),
        ("/plans/0/title", json!("x".repeat(51))),
        ("/plans/0/manifest/version", json!("1.2")),
        (
            "/plans/0/manifest/authorizations/0/roleDefinitionId",
            role(RoleDefinitionId::OWNER),
        ),
        (
            "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/maximumActivationDuration",
            json!("PT9H"),
        ),
        (
            "/plans/1/availability/subscriptionIds/1",
            json!("9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"),
        ),
        ("/listing/titel", json!("Contoso")),
        ("/listing/summary", json!("✓".repeat(101))),
        (
            "/listing/description",
            json!("<p>Contoso watches Sentinel.</p>"),
        ),
        ("/listing/categories", json!(["A", "B", "C", "D", "E", "F"])),
        (
            "/listing/usefulLinks/0/url",
            json!("http://contoso.example"),
        ),
        (
            "/marketingArtifacts/videos/0/url",
            json!("https://contoso.example/v.mp4"),
        ),
        ("/marketingArtifacts/logos/small", json!("/etc/passwd")),
        (
            "/leadManagement/destination",
            json!({ "type": "azureTable", "connectionString": "AccountKey=c2VjcmV0" }),
        ),
        ("/legal/useStandardContract", json!(false)),
        ("/support/engineeringContact/email", json!("mira")),
        ("/support/supportContact/phone", json!("call us")),
        ("/acknowledgedWarnings", json!(["owner-role"])),
    ];
    for (pointer, value) in changes {
        set(&mut d, pointer, value);
    }
    let mut wanted = expected(&[
        (Rule::InvalidIdentifier, "/offerId"),
        (Rule::TextTooShort, "/name"),
        (Rule::TextTooLong, "/plans/0/title"),
        (Rule::InvalidVersion, "/plans/0/manifest/version"),
        (
            Rule::OwnerRole,
            "/plans/0/manifest/authorizations/0/roleDefinitionId",
        ),
        (
            Rule::InvalidDuration,
            "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/maximumActivationDuration",
        ),
        (
            Rule::DuplicateItem,
            "/plans/1/availability/subscriptionIds/1",
        ),
        (Rule::TextTooLong, "/listing/summary"),
        (Rule::MissingManagedServiceTerm, "/listing/description"),
        (Rule::TooManyItems, "/listing/categories"),
        (Rule::InvalidUrl, "/listing/usefulLinks/0/url"),
        (Rule::UnknownField, "/listing/titel"),
        (Rule::ImagePathNotAllowed, "/marketingArtifacts/logos/small"),
        (Rule::InvalidVideoUrl, "/marketingArtifacts/videos/0/url"),
        (
            Rule::LiteralSecret,
            "/leadManagement/destination/connectionString",
        ),
        (Rule::MissingTermsOfUse, "/legal"),
        (Rule::InvalidEmail, "/support/engineeringContact/email"),
        (Rule::InvalidPhoneNumber, "/support/supportContact/phone"),
        (Rule::UnknownWarningName, "/acknowledgedWarnings/0"),
    ]);
    let mut found = Outcome::of_document(&d);
    // The report sorts by path; the order is not the point here.
    found.errors.sort();
    wanted.sort();
    assert_eq!(found.errors, wanted);
    assert_eq!(found.warnings, Found::new());
}

#[test]
fn warnings_are_reported_beside_errors() {
    // Plan 1 loses its delete role (a warning), the offer's name is empty (an error).
    let mut d = example();
    remove(&mut d, "/plans/1/manifest/authorizations/1");
    remove(&mut d, "/marketingArtifacts/hero");
    set(&mut d, "/name", json!(""));
    let found = Outcome::of_document(&d);
    assert_eq!(found.errors, expected(&[(Rule::TextTooShort, "/name")]));
    // Sorted by path, as the report sorts every diagnostic.
    assert_eq!(
        found.warnings,
        expected(&[
            (Rule::MissingHeroImage, "/marketingArtifacts/hero"),
            (Rule::MissingDeleteRole, "/plans/1/manifest/authorizations"),
        ])
    );
}

// ---- acknowledged warnings -------------------------------------------------------------------

/// The example without the delete role in either plan: `missing-delete-role` twice.
fn without_delete_roles() -> Value {
    let mut d = example();
    remove(&mut d, "/plans/0/manifest/authorizations/3");
    remove(&mut d, "/plans/1/manifest/authorizations/1");
    d
}

#[test]
fn an_unacknowledged_warning_is_reported_at_each_occurrence() {
    let found = Outcome::of_document(&without_delete_roles());
    assert_eq!(found.errors, Found::new());
    assert_eq!(
        found.warnings,
        expected(&[
            (Rule::MissingDeleteRole, "/plans/0/manifest/authorizations"),
            (Rule::MissingDeleteRole, "/plans/1/manifest/authorizations"),
        ])
    );
}

#[test]
fn acknowledging_a_warning_removes_every_occurrence_of_it() {
    let mut d = without_delete_roles();
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["missing-delete-role"]),
    );
    let (offer, warnings) = read(&d).into_parts();
    assert_eq!(warnings, []);
    // The offer keeps the acknowledgement, and its own `warnings` agree.
    assert_eq!(offer.acknowledged_warnings().len(), 1);
    assert_eq!(
        offer.acknowledged_warnings()[0].rule(),
        Rule::MissingDeleteRole
    );
    assert_eq!(offer.warnings(), []);
    // Written back, the acknowledgement is kept.
    assert_eq!(
        serde_json::to_value(&offer).unwrap()["acknowledgedWarnings"],
        json!(["missing-delete-role"])
    );
}

#[test]
fn acknowledging_one_warning_leaves_the_others() {
    let mut d = without_delete_roles();
    remove(&mut d, "/marketingArtifacts/hero");
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["missing-hero-image"]),
    );
    let found = Outcome::of_document(&d);
    assert_eq!(
        found.warnings,
        expected(&[
            (Rule::MissingDeleteRole, "/plans/0/manifest/authorizations"),
            (Rule::MissingDeleteRole, "/plans/1/manifest/authorizations"),
        ])
    );
}

#[test]
fn acknowledging_a_warning_that_does_not_occur_is_a_stale_acknowledgement() {
    let mut d = without_delete_roles();
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["missing-delete-role", "missing-hero-image", "unknown-role"]),
    );
    let (offer, warnings) = read(&d).into_parts();
    assert_eq!(
        crate::support::pairs(&warnings),
        expected(&[
            (Rule::StaleAcknowledgement, "/acknowledgedWarnings/1"),
            (Rule::StaleAcknowledgement, "/acknowledgedWarnings/2"),
        ])
    );
    assert_eq!(
        warnings[0].message(),
        "warning `missing-hero-image` is acknowledged but does not occur; remove the acknowledgement"
    );
    assert_eq!(offer.warnings(), warnings);
}

#[test]
fn an_acknowledgement_is_not_stale_when_the_part_that_would_warn_cannot_be_read() {
    // Plan 0 lacks the delete role, but its title is too long: the plan cannot be read, so
    // whether it warns is unknown, and the acknowledgement is not called stale.
    let mut d = example();
    remove(&mut d, "/plans/0/manifest/authorizations/3");
    set(&mut d, "/plans/0/title", json!("x".repeat(51)));
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["missing-delete-role"]),
    );
    assert_eq!(
        Outcome::of_document(&d),
        Outcome {
            errors: expected(&[(Rule::TextTooLong, "/plans/0/title")]),
            warnings: Found::new(),
        }
    );
}

#[test]
fn only_names_of_warnings_can_be_acknowledged() {
    let mut d = example();
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!([
            "owner-role",
            "no-such-warning",
            "stale-acknowledgement",
            "Missing-Delete-Role"
        ]),
    );
    let report = Offer::from_json_str(&d.to_string()).unwrap_err();
    let found: Vec<(&str, &str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.path().as_str(), d.message()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "LO0403",
                "/acknowledgedWarnings/0",
                "`owner-role` cannot be acknowledged: only the warnings that checking a document reports can"
            ),
            (
                "LO0403",
                "/acknowledgedWarnings/1",
                "no warning is named \"no-such-warning\"; `lighthouse-offer explain --list` lists the warnings"
            ),
            (
                "LO0403",
                "/acknowledgedWarnings/2",
                "`stale-acknowledgement` cannot be acknowledged: only the warnings that checking a document reports can"
            ),
            (
                "LO0403",
                "/acknowledgedWarnings/3",
                "no warning is named \"Missing-Delete-Role\"; did you mean `missing-delete-role`?"
            ),
        ]
    );
}

#[test]
fn a_warning_found_in_the_image_files_can_be_acknowledged() {
    let copy = ScratchCopy::new("acknowledged-light-hero");
    hero(copy.path(), |_, _| [0xd0, 0xd0, 0xd0]);
    let mut d = example();
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["light-hero-background"]),
    );
    // The document alone cannot tell whether the hero is light: no stale acknowledgement yet.
    let (offer, warnings) = read(&d).into_parts();
    assert_eq!(warnings, []);
    assert_eq!(offer.verify_images(copy.path()), []);
}

#[test]
fn an_acknowledged_image_warning_that_does_not_occur_is_stale_once_the_images_are_read() {
    let mut d = example();
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["hero-right-space-not-empty"]),
    );
    let (offer, warnings) = read(&d).into_parts();
    assert_eq!(warnings, []);
    // The example's hero is fine: the acknowledgement is stale.
    let found = offer.verify_images(&crate::support::example_dir());
    assert_eq!(
        crate::support::pairs(&found),
        expected(&[(Rule::StaleAcknowledgement, "/acknowledgedWarnings/0")])
    );
    // Without a hero, it is stale as soon as the document is read.
    remove(&mut d, "/marketingArtifacts/hero");
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["missing-hero-image", "hero-right-space-not-empty"]),
    );
    let found = Outcome::of_document(&d);
    assert_eq!(
        found.warnings,
        expected(&[(Rule::StaleAcknowledgement, "/acknowledgedWarnings/1")])
    );
}

#[test]
fn a_hero_that_cannot_be_read_makes_no_acknowledgement_stale() {
    let copy = ScratchCopy::new("unreadable-acknowledged-hero");
    std::fs::remove_file(copy.path().join("logos/hero.png")).unwrap();
    let mut d = example();
    set(
        &mut d,
        "/acknowledgedWarnings",
        json!(["light-hero-background"]),
    );
    let (offer, _) = read(&d).into_parts();
    assert_eq!(
        crate::support::pairs(&offer.verify_images(copy.path())),
        expected(&[(Rule::ImageNotFound, "/marketingArtifacts/hero")])
    );
}

// ---- secrets ---------------------------------------------------------------------------------

/// A string that appears nowhere in the crate: wherever it shows up, a secret leaked.
const MARKER: &str = "Zq7OfferLeakMarker4Kp";

#[test]
fn a_literal_secret_in_an_offer_never_shows_in_its_diagnostics() {
    let secret = format!("DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={MARKER}");
    let mut d = example();
    destination(
        &mut d,
        json!({ "type": "azureTable", "connectionString": secret }),
    );
    // A warning beside the error, so that both kinds are printed.
    remove(&mut d, "/marketingArtifacts/hero");
    let text = serde_json::to_string_pretty(&d).unwrap();
    assert!(text.contains(MARKER));

    let report = Offer::from_json_str(&text).unwrap_err();
    assert_eq!(
        Outcome::of(report.diagnostics()),
        Outcome {
            errors: expected(&[(
                Rule::LiteralSecret,
                "/leadManagement/destination/connectionString"
            )]),
            warnings: expected(&[(Rule::MissingHeroImage, "/marketingArtifacts/hero")]),
        }
    );
    let outputs = [
        report.to_string(),
        format!("{report:?}"),
        format!("{report:#?}"),
        serde_json::to_string(report.diagnostics()).unwrap(),
        serde_json::from_str::<Offer>(&text)
            .unwrap_err()
            .to_string(),
    ];
    for output in outputs {
        assert!(!output.contains(MARKER), "the secret leaked: {output}");
        assert!(
            !output.contains("AccountKey"),
            "part of the secret leaked: {output}"
        );
    }
}

#[test]
fn a_plan_with_an_error_still_warns_that_it_has_no_delete_role() {
    // The second plan keeps only its first authorization, which becomes Owner: the plan cannot
    // be read, yet the warning that must not go missing is reported beside the error.
    let mut document = crate::support::example();
    let authorizations = &mut document["plans"][1]["manifest"]["authorizations"];
    authorizations.as_array_mut().unwrap().truncate(1);
    authorizations[0]["roleDefinitionId"] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635".into();
    let report = ReadOptions::new().read_value(&document).unwrap_err();
    let found: Vec<(&str, String)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "missing-delete-role",
                "/plans/1/manifest/authorizations".to_owned()
            ),
            (
                "owner-role",
                "/plans/1/manifest/authorizations/0/roleDefinitionId".to_owned()
            ),
        ]
    );
}

#[test]
fn the_managed_service_term_is_found_in_the_text_a_reader_sees() {
    // The example is of edition 2020, which asks for the term.
    let term_missing = |html: &str| {
        let mut doc = example();
        set(&mut doc, "/listing/description", json!(html));
        match ReadOptions::new().read_value(&doc) {
            Ok(_) => false,
            Err(report) => report
                .errors()
                .any(|d| d.rule() == Rule::MissingManagedServiceTerm),
        }
    };
    for html in [
        "<p>Contoso managed\nservices</p>",
        "<p>Contoso managed <b>services</b></p>",
        "<p>Contoso managed&nbsp;services</p>",
        "<p>Contoso MANAGED  Service</p>",
    ] {
        assert!(!term_missing(html), "{html:?}");
    }
    assert!(
        !term_missing("<p>managed</p><p>services</p>"),
        "paragraphs are read one after the other"
    );
    assert!(term_missing("<p>Managed by Contoso</p>"));
}

#[test]
fn a_field_named_twice_is_an_error_even_when_both_values_are_valid() {
    // A merge conflict resolved by keeping both lines: the first role, Owner, would be hidden by
    // the second if the duplicate went unnoticed.
    let text = crate::support::example_text().replacen(
        "\"roleDefinitionId\": \"3e150937-b8fe-4cfb-8069-0eaf05ecd056\"",
        "\"roleDefinitionId\": \"8e3af657-a8ff-443c-a75c-2fe8c4bcb635\",\n            \"roleDefinitionId\": \"3e150937-b8fe-4cfb-8069-0eaf05ecd056\"",
        1,
    );
    let report = Offer::from_json_str(&text).unwrap_err();
    let found: Vec<(&str, String)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect();
    assert_eq!(
        found,
        [(
            "duplicate-key",
            "/plans/0/manifest/authorizations/0/roleDefinitionId".to_owned()
        )]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "field `roleDefinitionId` appears twice in this object; JSON readers keep only one of the two values, so keep one"
    );
}

// ---- the all-zero GUID ------------------------------------------------------------------------

/// The all-zero GUID is a placeholder of Microsoft's samples (Microsoft Learn, onboard a
/// customer, 2025-09-22): refused wherever the offer names a tenant, principal, approver or
/// subscription, as `arm check` refuses it in ARM files.
#[test]
fn the_all_zero_guid_is_refused_for_tenants_principals_approvers_and_subscriptions() {
    const NIL: &str = "00000000-0000-0000-0000-000000000000";
    let mut doc = example();
    for pointer in [
        "/plans/0/manifest/tenantId",
        "/plans/0/manifest/authorizations/1/principalId",
        "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/managedByTenantApprovers/0/principalId",
        "/plans/1/availability/subscriptionIds/0",
        "/listing/previewSubscriptionIds/0",
    ] {
        set(&mut doc, pointer, json!(NIL));
    }
    let report = Offer::from_json_str(&doc.to_string()).unwrap_err();
    let found: Vec<(&str, &str, &str)> = report
        .errors()
        .map(|d| (d.name(), d.path().as_str(), d.message()))
        .collect();
    let nothing =
        "found the all-zero GUID, a placeholder of Microsoft's samples that names nothing";
    // In document order, as a report lists them.
    assert_eq!(
        found,
        [
            (
                "nil-guid",
                "/listing/previewSubscriptionIds/0",
                &*format!("expected a customer's subscription ID, {nothing}")
            ),
            (
                "nil-guid",
                "/plans/0/manifest/authorizations/1/principalId",
                &*format!(
                    "expected the object ID of a principal in the managing tenant, {nothing}"
                )
            ),
            (
                "nil-guid",
                "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/managedByTenantApprovers/0/principalId",
                &*format!(
                    "expected the object ID of a principal in the managing tenant, {nothing}"
                )
            ),
            (
                "nil-guid",
                "/plans/0/manifest/tenantId",
                &*format!("expected the managing tenant's ID, {nothing}")
            ),
            (
                "nil-guid",
                "/plans/1/availability/subscriptionIds/0",
                &*format!("expected a customer's subscription ID, {nothing}")
            ),
        ]
    );
    assert!(report.errors().all(|d| d.code() == "LO0701"));
    // A role definition ID may be the all-zero GUID: it is an unknown role (a warning).
    let nil: lighthouse_offer::RoleDefinitionId = NIL.parse().unwrap();
    assert!(nil.is_nil());
    assert!(NIL.parse::<lighthouse_offer::TenantId>().is_err());
    // The private audience's CSV upload refuses it too.
    let csv = format!("Type,Id,Description\nSubscriptionId,{NIL},placeholder\n");
    let report = lighthouse_offer::PrivateAudience::from_csv(csv.as_bytes()).unwrap_err();
    assert!(
        report.contains(lighthouse_offer::Rule::NilGuid),
        "{report:?}"
    );
}

// ---- the resource provider's error texts --------------------------------------------------------

#[test]
fn every_provider_error_text_leads_to_its_rule_and_only_there() {
    let mut texts = 0;
    for rule in Rule::ALL {
        for text in rule.provider_errors() {
            texts += 1;
            assert_eq!(Rule::find_by_provider_error(text), [*rule], "{text}");
        }
    }
    // Five of the offer's rules, and two of ARM files (eligible authorizations on an old API
    // version, a definition deployed to a resource group).
    assert_eq!(texts, 7);
    for unchecked in lighthouse_offer::rules::UNCHECKED_PROVIDER_ERRORS {
        assert_eq!(
            Rule::find_by_provider_error(unchecked.text),
            [],
            "{}",
            unchecked.text
        );
    }
}
