//! A table of cases for each range of rules that `offer_rules.rs` does not cover: `LO07xx` ARM
//! files and placeholders, `LO08xx` changes between two versions, `LO09xx` rule editions and
//! `LO10xx` the audit of deployed delegations. Each rule of a range has one row: an input that
//! triggers it, run here; or the test that shows it, whose body must name the rule; or the
//! reason why it has neither. A rule added to a range without a row fails
//! `every_rule_of_a_range_has_a_row`.

use std::path::Path;

use lighthouse_offer::{Diagnostic, Rule, arm};

/// How a rule of a range is shown.
enum Row {
    /// An ARM file of `tests/fixtures/arm`, which `arm::check` must report the rule in.
    ArmFixture(&'static str),
    /// An input built here: the names of the diagnostics it gives, which must include the rule.
    Case(fn() -> Vec<&'static str>),
    /// A test elsewhere (`file` under `tests/`, the function's name) whose body names the rule:
    /// its code, its name in quotes or `Rule::Variant`.
    Test(&'static str, &'static str),
    /// Why the rule has no case here.
    Reason(&'static str),
}

use Row::{ArmFixture, Case, Reason, Test};

// ---- LO07xx: ARM files and placeholders ---------------------------------------------------------

const ARM_FILES: &[(Rule, Row)] = &[
    (
        Rule::PlaceholderValue,
        Test(
            "cli/init.rs",
            "a_fresh_starter_has_only_placeholders_each_saying_what_belongs_there",
        ),
    ),
    (
        Rule::NilGuid,
        Test(
            "rules/arm_import.rs",
            "the_all_zero_guid_is_reported_wherever_it_is",
        ),
    ),
    (
        Rule::NotADelegation,
        ArmFixture("principals-at-deployment-typo.parameters.json"),
    ),
    (
        Rule::ParameterWithoutValue,
        ArmFixture("principals-at-deployment.json"),
    ),
    (
        Rule::UnsupportedExpression,
        ArmFixture("deployment-values.json"),
    ),
    (
        Rule::UnsupportedTemplate,
        Test(
            "rules/arm_import.rs",
            "templates_the_reader_does_not_know_are_reported",
        ),
    ),
    (
        Rule::ConflictingParameters,
        Test(
            "rules/arm_import.rs",
            "resource_group_problems_point_at_the_names",
        ),
    ),
    (
        Rule::DeploymentTimeValue,
        ArmFixture("deployment-values.json"),
    ),
    (
        Rule::InvalidExpression,
        Test(
            "rules/arm_import.rs",
            "template_findings_point_into_the_resource",
        ),
    ),
    (Rule::BicepFile, ArmFixture("main.bicep")),
    (Rule::UnknownApiVersion, ArmFixture("eligible-old-api.json")),
    (
        Rule::EligibleNeedsNewerApiVersion,
        ArmFixture("eligible-old-api.json"),
    ),
    (Rule::OldApiVersion, Case(old_api_version)),
    (
        Rule::MissingDisplayName,
        ArmFixture("resource-provider-rules.parameters.json"),
    ),
    (
        Rule::MissingDescription,
        ArmFixture("resource-provider-rules.parameters.json"),
    ),
    (
        Rule::DisplayNameNamesOtherRole,
        ArmFixture("resource-provider-rules.parameters.json"),
    ),
    (
        Rule::LinkedTemplate,
        Test(
            "rules/arm_templates.rs",
            "a_linked_template_is_a_note_not_a_verdict",
        ),
    ),
    (
        Rule::DefinitionAtResourceGroupScope,
        Test(
            "rules/arm_templates.rs",
            "a_definition_deployed_to_a_resource_group_is_refused",
        ),
    ),
    (
        Rule::UnassignedDefinition,
        ArmFixture("definition-only.json"),
    ),
    (
        Rule::PolicyIgnoresChanges,
        Test(
            "rules/arm_policy.rs",
            "a_policy_that_compares_only_the_tenant_ignores_changes",
        ),
    ),
];

/// A template of the current API version moved back to 2019-06-01, a version Azure still takes.
fn old_api_version() -> Vec<&'static str> {
    let text = fixture("variables-copy.json");
    assert!(text.contains("\"2022-10-01\""));
    arm_names(&text.replace("\"2022-10-01\"", "\"2019-06-01\""))
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/arm")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of everything `arm::check` reports on `text`: its errors, warnings and notes.
fn arm_names(text: &str) -> Vec<&'static str> {
    match arm::check(text) {
        Ok(checked) => checked.warnings().iter().map(Diagnostic::name).collect(),
        Err(report) => report.diagnostics().iter().map(Diagnostic::name).collect(),
    }
}

// ---- LO08xx: changes between two versions -------------------------------------------------------

const CHANGES: &[(Rule, Row)] = &[
    (
        Rule::OfferIdChanged,
        Test("rules/update.rs", "a_new_offer_id_is_forbidden"),
    ),
    (
        Rule::PublisherIdChanged,
        Test("rules/update.rs", "a_new_publisher_id_is_forbidden"),
    ),
    (
        Rule::PlanRemoved,
        Test("cli/diff.rs", "a_removed_plan_is_shown_in_the_old_document"),
    ),
    (
        Rule::PlanMadePrivate,
        Test("rules/update.rs", "a_public_plan_made_private_is_forbidden"),
    ),
    (
        Rule::HeroImageRemoved,
        Test(
            "rules/update.rs",
            "a_removed_hero_image_is_forbidden_and_a_replaced_one_is_not",
        ),
    ),
    (
        Rule::ManifestChangedWithoutNewVersion,
        Test(
            "rules/update.rs",
            "a_changed_manifest_without_a_higher_version_is_forbidden",
        ),
    ),
    (
        Rule::ManifestVersionLowered,
        Test(
            "rules/update.rs",
            "a_lower_manifest_version_is_forbidden_even_without_other_changes",
        ),
    ),
    (
        Rule::AuthorizationAdded,
        Test(
            "rules/update.rs",
            "an_added_authorization_is_for_customers_to_review",
        ),
    ),
    (
        Rule::AuthorizationRemoved,
        Test(
            "rules/update.rs",
            "a_removed_authorization_points_into_the_old_document",
        ),
    ),
    (
        Rule::AuthorizationRoleChanged,
        Test(
            "rules/update.rs",
            "a_changed_manifest_without_a_higher_version_is_forbidden",
        ),
    ),
    (
        Rule::AuthorizationRenamed,
        Test(
            "rules/update.rs",
            "a_new_display_name_is_for_customers_to_review",
        ),
    ),
    (
        Rule::AssignableRolesChanged,
        Test(
            "rules/update.rs",
            "new_assignable_roles_are_for_customers_to_review",
        ),
    ),
    (
        Rule::EligibleAuthorizationAdded,
        Test(
            "rules/update.rs",
            "eligible_authorizations_added_and_removed_are_for_customers_to_review",
        ),
    ),
    (
        Rule::EligibleAuthorizationRemoved,
        Test(
            "rules/update.rs",
            "eligible_authorizations_added_and_removed_are_for_customers_to_review",
        ),
    ),
    (
        Rule::EligibleAuthorizationRoleChanged,
        Test(
            "rules/update.rs",
            "an_eligible_authorization_with_another_role_or_name_is_for_customers_to_review",
        ),
    ),
    (
        Rule::EligibleAuthorizationRenamed,
        Test(
            "rules/update.rs",
            "an_eligible_authorization_with_another_role_or_name_is_for_customers_to_review",
        ),
    ),
    (
        Rule::EligiblePolicyChanged,
        Test(
            "rules/update.rs",
            "a_new_just_in_time_policy_is_for_customers_to_review",
        ),
    ),
    (
        Rule::TenantChanged,
        Test(
            "rules/update.rs",
            "another_managing_tenant_is_forbidden_a_new_offer_is_needed",
        ),
    ),
    (
        Rule::ManifestVersionRaised,
        Test(
            "rules/update.rs",
            "a_higher_version_alone_is_a_new_version_for_customers",
        ),
    ),
    (
        Rule::OfferNameChanged,
        Test("rules/update.rs", "a_new_offer_name_is_a_listing_change"),
    ),
    (
        Rule::PlanAdded,
        Test("rules/update.rs", "a_new_plan_is_a_listing_change"),
    ),
    (
        Rule::PlanDetailsChanged,
        Test(
            "rules/update.rs",
            "plan_texts_are_listing_changes_with_long_texts_not_repeated",
        ),
    ),
    (
        Rule::PlanMadePublic,
        Test(
            "rules/update.rs",
            "a_private_plan_made_public_and_a_new_audience_are_listing_changes",
        ),
    ),
    (
        Rule::PrivateAudienceChanged,
        Test(
            "rules/update.rs",
            "a_private_plan_made_public_and_a_new_audience_are_listing_changes",
        ),
    ),
    (
        Rule::ListingChanged,
        Test("rules/update.rs", "listing_fields_are_listing_changes"),
    ),
    (
        Rule::MarketingArtifactsChanged,
        Test("rules/update.rs", "a_new_logo_is_a_listing_change"),
    ),
    (
        Rule::LeadManagementChanged,
        Test(
            "rules/update.rs",
            "lead_management_changes_never_show_values",
        ),
    ),
    (
        Rule::LegalChanged,
        Test(
            "rules/update.rs",
            "legal_and_support_changes_are_listing_changes",
        ),
    ),
    (
        Rule::SupportChanged,
        Test(
            "rules/update.rs",
            "legal_and_support_changes_are_listing_changes",
        ),
    ),
];

// ---- LO09xx: rule editions ----------------------------------------------------------------------

const EDITIONS: &[(Rule, Row)] = &[
    (
        Rule::NotInEdition,
        Test(
            "rules/editions.rs",
            "the_standard_contract_is_of_edition_2020_only",
        ),
    ),
    (
        Rule::MissingLanguageStatement,
        Test(
            "rules/editions.rs",
            "a_non_english_description_without_the_statement_is_a_warning_in_2026",
        ),
    ),
    (
        Rule::EditionNotNamed,
        Test(
            "rules/editions.rs",
            "a_document_without_edition_is_checked_as_2020",
        ),
    ),
];

// ---- LO10xx: the audit of deployed delegations --------------------------------------------------

const AUDIT: &[(Rule, Row)] = &[
    (
        Rule::InvalidResourceId,
        Test(
            "rules/audit.rs",
            "every_problem_of_the_input_is_reported_at_once_and_the_rest_is_audited",
        ),
    ),
    (
        Rule::AuthorizationNotInPlan,
        Test(
            "rules/audit.rs",
            "authorizations_added_and_removed_by_hand_are_errors_naming_the_scope",
        ),
    ),
    (
        Rule::AuthorizationMissing,
        Test(
            "rules/audit.rs",
            "authorizations_added_and_removed_by_hand_are_errors_naming_the_scope",
        ),
    ),
    (
        Rule::EligibleAuthorizationNotInPlan,
        Test(
            "rules/audit.rs",
            "eligible_authorizations_and_their_policies_are_compared",
        ),
    ),
    (
        Rule::EligibleAuthorizationMissing,
        Test(
            "rules/audit.rs",
            "eligible_authorizations_and_their_policies_are_compared",
        ),
    ),
    (
        Rule::JustInTimePolicyDiffers,
        Test(
            "rules/audit.rs",
            "eligible_authorizations_and_their_policies_are_compared",
        ),
    ),
    (
        Rule::RoleNoLongerSupported,
        Test(
            "rules/audit.rs",
            "a_role_azure_lighthouse_no_longer_supports_is_an_error_and_an_unknown_role_a_warning",
        ),
    ),
    (
        Rule::ForeignManagingTenant,
        Test(
            "rules/audit.rs",
            "a_delegation_of_the_offer_with_another_managing_tenant_is_an_error",
        ),
    ),
    (
        Rule::PlanVersionBehind,
        Test(
            "rules/audit.rs",
            "plan_versions_behind_and_ahead_are_warnings",
        ),
    ),
    (
        Rule::PlanVersionAhead,
        Test(
            "rules/audit.rs",
            "plan_versions_behind_and_ahead_are_warnings",
        ),
    ),
    (
        Rule::UnmatchedDelegation,
        Test(
            "rules/audit.rs",
            "a_delegation_of_the_offers_tenant_that_matches_no_plan_is_a_warning",
        ),
    ),
    (
        Rule::DisplayNameDiffers,
        Test("rules/audit.rs", "display_names_that_differ_are_warnings"),
    ),
    (
        Rule::DefinitionNotExpanded,
        Test(
            "rules/audit.rs",
            "assignments_are_joined_to_listed_definitions_or_reported",
        ),
    ),
    (
        Rule::SubscriptionUnreadable,
        Reason(
            "only the live audit reads subscriptions: it needs a server that refuses or fails a \
             read, which `tests/rules/audit_live.rs` (feature `live`) runs on 127.0.0.1; its \
             helper `unreadable` asserts the rule's name for each such read",
        ),
    ),
    (
        Rule::AssignableRolesDiffer,
        Test(
            "rules/audit.rs",
            "other_roles_to_assign_for_user_access_administrator_are_an_error",
        ),
    ),
    (
        Rule::GraphAnswerIncomplete,
        Test(
            "rules/audit_graph.rs",
            "an_answer_truncated_without_a_token_or_short_of_its_total_is_incomplete",
        ),
    ),
    (
        Rule::NoDelegationOfOffer,
        Test(
            "rules/audit.rs",
            "an_input_without_a_delegation_of_the_offer_is_a_warning",
        ),
    ),
    (
        Rule::PlanNotPublished,
        Test(
            "rules/audit_published.rs",
            "nothing_for_the_plan_is_none_and_not_published_is_placed_at_the_plan",
        ),
    ),
    (
        Rule::PublishedVersionDiffers,
        Test(
            "rules/audit_published.rs",
            "another_version_only_is_version_differs_and_still_compared",
        ),
    ),
    (
        Rule::PublishedAuthorizationDiffers,
        Test(
            "rules/audit_published.rs",
            "every_difference_is_a_finding_at_its_place_in_the_answer",
        ),
    ),
    (
        Rule::PublishedEligibleDiffers,
        Test(
            "rules/audit_published.rs",
            "every_difference_is_a_finding_at_its_place_in_the_answer",
        ),
    ),
    (
        Rule::PublishedNameDiffers,
        Test(
            "rules/audit_published.rs",
            "every_difference_is_a_finding_at_its_place_in_the_answer",
        ),
    ),
    (
        Rule::PublishedTenantDiffers,
        Test(
            "rules/audit_published.rs",
            "tenant_roles_to_assign_approvers_and_titles_are_compared",
        ),
    ),
];

// ---- the checks ---------------------------------------------------------------------------------

/// The ranges and their tables: the code's first two digits.
const RANGES: [(&str, &[(Rule, Row)]); 4] = [
    ("07", ARM_FILES),
    ("08", CHANGES),
    ("09", EDITIONS),
    ("10", AUDIT),
];

fn range(rule: Rule) -> &'static str {
    &rule.code()["LO".len().."LO".len() + 2]
}

/// `Rule::Variant` as the rule's name gives it: `plan-removed` is `PlanRemoved`.
fn variant(rule: Rule) -> String {
    rule.name()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The body of `fn name(` in `file` under `tests/`, up to its closing brace at the line start.
fn test_body(file: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let start = text
        .find(&format!("\nfn {name}("))
        .unwrap_or_else(|| panic!("{file} has no test `{name}`"));
    let before = &text[..start];
    assert!(
        before.ends_with("#[test]") || before.lines().last().is_some_and(|l| l.starts_with("#[")),
        "`{name}` in {file} is not a test"
    );
    let end = text[start..]
        .find("\n}\n")
        .map_or(text.len(), |end| start + end);
    text[start..end].to_owned()
}

#[test]
fn every_rule_of_a_range_has_a_row() {
    for (digits, table) in RANGES {
        let in_range: Vec<Rule> = Rule::ALL
            .iter()
            .copied()
            .filter(|rule| range(*rule) == digits)
            .collect();
        let rows: Vec<Rule> = table.iter().map(|(rule, _)| *rule).collect();
        // One row per rule, in the codes' order.
        assert_eq!(
            rows, in_range,
            "LO{digits}xx: rows missing, repeated or out of order"
        );
    }
}

#[test]
fn each_arm_row_triggers_its_rule() {
    for (rule, row) in ARM_FILES {
        let found = match row {
            ArmFixture(name) => arm_names(&fixture(name)),
            Case(case) => case(),
            Test(..) | Reason(_) => continue,
        };
        assert!(found.contains(&rule.name()), "{}: {found:?}", rule.code());
    }
}

#[test]
fn each_row_names_a_test_that_shows_its_rule_or_gives_a_reason() {
    for (_, table) in RANGES {
        for (rule, row) in table {
            match row {
                ArmFixture(_) | Case(_) => {}
                Test(file, name) => {
                    let body = test_body(file, name);
                    let variant = format!("Rule::{}", variant(*rule));
                    let quoted = format!("\"{}\"", rule.name());
                    assert!(
                        body.contains(rule.code())
                            || body.contains(&quoted)
                            || body.contains(&variant),
                        "{}: `{name}` in {file} does not name the rule",
                        rule.code()
                    );
                }
                Reason(reason) => {
                    assert!(reason.len() > 40, "{}: give the reason", rule.code());
                }
            }
        }
    }
}

#[test]
fn a_case_that_does_not_trigger_its_rule_is_caught() {
    // The check above is a real one: a fixture without the rule fails it.
    let found = arm_names(&fixture("variables-copy.json"));
    assert!(!found.contains(&Rule::OldApiVersion.name()), "{found:?}");
    assert!(old_api_version().contains(&Rule::OldApiVersion.name()));
}

/// Rules are numbered by hand, and work done in parallel can take one code twice: every code and
/// every name belongs to one rule.
#[test]
fn every_code_and_every_name_belongs_to_one_rule() {
    let mut codes = std::collections::BTreeMap::new();
    let mut names = std::collections::BTreeMap::new();
    for rule in Rule::ALL {
        if let Some(first) = codes.insert(rule.code(), rule) {
            panic!("{} is the code of {first:?} and of {rule:?}", rule.code());
        }
        if let Some(first) = names.insert(rule.name(), rule) {
            panic!("{} is the name of {first:?} and of {rule:?}", rule.name());
        }
    }
    assert_eq!(codes.len(), Rule::ALL.len());
}
