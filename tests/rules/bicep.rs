//! Bicep files judged as the ARM templates they compile to (`bicep::check`): each construct of
//! the subset that delegations use, findings placed at the Bicep line where their value is
//! written, the same findings as the same delegation written in ARM JSON, and no panic on any
//! input.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lighthouse_offer::arm::{self, Scope};
use lighthouse_offer::bicep::{self, BicepCheck, BicepSources};
use lighthouse_offer::{Rule, Severity};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bicep")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// The sources of a fixture, with a reader of the fixtures folder for its modules and imports.
fn sources(name: &str) -> BicepSources<'static> {
    let root = fixtures();
    BicepSources::new(name, read(name))
        .with_reader(move |path| std::fs::read_to_string(root.join(path)).ok())
}

fn check(name: &str) -> BicepCheck {
    bicep::check(&sources(name))
}

fn with_parameters(name: &str, parameters: &str) -> BicepCheck {
    bicep::check(&sources(name).with_parameters(parameters, read(parameters)))
}

/// Each finding as `name file:line`.
fn found(checked: &BicepCheck) -> Vec<String> {
    checked
        .diagnostics()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d.diagnostic().name(),
                d.file(),
                d.line()
                    .map_or_else(|| d.diagnostic().path().to_string(), |l| l.to_string())
            )
        })
        .collect()
}

/// The line of the first line of `text` in a fixture that contains `fragment`.
fn line_of(name: &str, fragment: &str) -> usize {
    read(name)
        .lines()
        .position(|l| l.contains(fragment))
        .unwrap_or_else(|| panic!("{fragment} not in {name}"))
        + 1
}

// ---- constructs ----

#[test]
fn a_subscription_delegation_with_defaults_is_read_whole() {
    let checked = check("subscription.bicep");
    assert_eq!(found(&checked), Vec::<String>::new());
    let delegation = checked.delegation().expect("a delegation");
    assert_eq!(delegation.name().to_string(), "Northwind Cloud Operations");
    assert_eq!(
        delegation.description().map(ToString::to_string).as_deref(),
        Some("Northwind Cloud Operations: office hours operations")
    );
    assert_eq!(delegation.scope(), &Scope::Subscription);
    let roles: Vec<String> = delegation
        .authorizations()
        .iter()
        .map(|a| a.role_definition_id().to_string())
        .collect();
    // The ternary picks Reader for the default tier.
    assert_eq!(
        roles,
        [
            "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "91c1777a-f3dc-4fae-b103-61d183457e46"
        ]
    );
    assert_eq!(delegation.eligible_authorizations().len(), 1);
}

#[test]
fn a_bicepparam_file_supplies_the_values_with_its_own_variables() {
    let checked = with_parameters("subscription.bicep", "subscription.bicepparam");
    assert_eq!(found(&checked), Vec::<String>::new());
    let delegation = checked.delegation().expect("a delegation");
    assert_eq!(
        delegation.name().to_string(),
        "Northwind Premium Operations"
    );
    assert_eq!(
        delegation.description().map(ToString::to_string).as_deref(),
        Some("Northwind Premium Operations: round the clock operations")
    );
    let first = &delegation.authorizations()[0];
    assert_eq!(
        first.role_definition_id().to_string(),
        "b24988ac-6180-42a0-ab88-20f7382dd24c"
    );
    assert_eq!(
        first.principal_id().to_string(),
        "6a8c0e2a-4c6e-4a0c-8e2a-6c8e0a2c4e6a"
    );
}

#[test]
fn a_json_parameters_file_supplies_values_and_its_findings_stay_in_it() {
    let checked = with_parameters("subscription.bicep", "subscription.parameters.json");
    assert_eq!(
        found(&checked),
        ["nil-guid subscription.parameters.json:/parameters/operatorsGroup/value",]
    );
    assert!(checked.delegation().is_none());
}

#[test]
fn a_value_of_the_bicepparam_file_is_judged_where_it_is_written() {
    let mut parameters = read("subscription.bicepparam");
    parameters = parameters.replace(
        "'6a8c0e2a-4c6e-4a0c-8e2a-6c8e0a2c4e6a'",
        "'<insert the operators group>'",
    );
    let checked = bicep::check(
        &sources("subscription.bicep").with_parameters("subscription.bicepparam", parameters),
    );
    assert_eq!(
        found(&checked),
        ["placeholder-value subscription.bicepparam:7"]
    );
}

#[test]
fn loops_over_authorizations_and_conditions_are_evaluated() {
    let checked = check("loops.bicep");
    assert_eq!(found(&checked), Vec::<String>::new());
    let delegation = checked.delegation().expect("a delegation");
    let names: Vec<String> = delegation
        .authorizations()
        .iter()
        .map(|a| {
            a.principal_id_display_name()
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        names,
        [
            "Tailspin engineers (1)",
            "Tailspin readers (2)",
            "Tailspin removal"
        ]
    );
    assert_eq!(
        delegation.description().map(ToString::to_string).as_deref(),
        Some("Tailspin looks after 2 teams of your subscription")
    );
}

#[test]
fn the_owner_role_is_an_error_at_the_line_of_the_role() {
    // The role comes from a loop over a parameter given by the .bicepparam file, mapped through
    // a variable: the finding is where the GUID is written, as for an ARM file.
    let checked = with_parameters("loops.bicep", "owner-in-parameters.bicepparam");
    let line = line_of("loops.bicep", "Owner: '8e3af657");
    assert_eq!(found(&checked), [format!("owner-role loops.bicep:{line}")]);
    assert!(checked.has_errors());
    assert!(checked.delegation().is_none());
}

#[test]
fn a_finding_in_a_loop_item_is_placed_at_the_item_of_the_collection() {
    let text = read("loops.bicep").replace(
        "group: 'a0c2e4a6-c8e0-4a2c-8e6a-a0c2e4a6c8e0'",
        "group: '00000000-0000-0000-0000-000000000000'",
    );
    let checked = bicep::check(&BicepSources::new("loops.bicep", text.clone()));
    let line = text
        .lines()
        .position(|l| l.contains("group: '00000000"))
        .unwrap()
        + 1;
    assert_eq!(found(&checked), [format!("nil-guid loops.bicep:{line}")]);
}

#[test]
fn a_module_of_a_local_file_assigns_each_resource_group() {
    let checked = check("modules/main.bicep");
    assert_eq!(found(&checked), Vec::<String>::new());
    let delegation = checked.delegation().expect("a delegation");
    let Scope::ResourceGroups(groups) = delegation.scope() else {
        panic!("expected resource groups, found {:?}", delegation.scope());
    };
    let names: Vec<String> = groups.names().iter().map(ToString::to_string).collect();
    assert_eq!(names, ["rg-payments", "rg-ledger"]);
}

#[test]
fn a_module_parameter_is_judged_where_the_module_is_called() {
    let text = read("modules/main.bicep").replace("'rg-ledger'", "'<customer group>'");
    let root = fixtures();
    let checked = bicep::check(
        &BicepSources::new("modules/main.bicep", text.clone())
            .with_reader(move |path| std::fs::read_to_string(root.join(path)).ok()),
    );
    let line = text
        .lines()
        .position(|l| l.contains("<customer group>"))
        .unwrap()
        + 1;
    assert!(
        found(&checked).contains(&format!("placeholder-value modules/main.bicep:{line}")),
        "{:?}",
        found(&checked)
    );
}

#[test]
fn every_finding_is_in_a_file_whose_text_the_check_gives() {
    let checked = with_parameters("modules/main.bicep", "subscription.parameters.json");
    let paths: Vec<&str> = checked.files().map(|(path, _)| path).collect();
    assert_eq!(
        paths,
        [
            "modules/main.bicep",
            "subscription.parameters.json",
            "modules/assignment.bicep"
        ]
    );
    assert!(!checked.diagnostics().is_empty());
    for d in checked.diagnostics() {
        let text = checked.source(d.file()).unwrap();
        if let Some(place) = d.place() {
            assert!(place.span().end <= text.len());
        }
    }
}

#[test]
fn a_module_file_that_cannot_be_read_is_bicep_s_error_at_its_path() {
    let checked = bicep::check(&BicepSources::new(
        "modules/main.bicep",
        read("modules/main.bicep"),
    ));
    let line = line_of("modules/main.bicep", "module assignments");
    assert_eq!(
        found(&checked),
        [format!("bicep-file-not-found modules/main.bicep:{line}")]
    );
    assert!(checked.delegation().is_none());
    assert_eq!(
        checked.diagnostics()[0].diagnostic().rule(),
        Rule::BicepFileNotFound
    );
}

#[test]
fn given_files_stand_in_for_a_reader() {
    let checked = bicep::check(
        &BicepSources::new("modules/main.bicep", read("modules/main.bicep"))
            .with_file("modules/assignment.bicep", read("modules/assignment.bicep")),
    );
    assert!(checked.delegation().is_some(), "{:?}", found(&checked));
}

#[test]
fn imports_of_exported_variables_and_types_are_read() {
    let checked = check("imports/main.bicep");
    assert_eq!(found(&checked), Vec::<String>::new());
    let delegation = checked.delegation().expect("a delegation");
    assert_eq!(
        delegation.tenant_id().to_string(),
        "5e7a9c1e-3a5c-4e7a-8c1e-5e7a9c1e3a5c"
    );
    let roles: Vec<String> = delegation
        .authorizations()
        .iter()
        .map(|a| a.role_definition_id().to_string())
        .collect();
    assert_eq!(
        roles,
        [
            "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "91c1777a-f3dc-4fae-b103-61d183457e46"
        ]
    );
}

#[test]
fn a_finding_in_an_imported_variable_is_placed_in_the_imported_file() {
    let shared = read("imports/shared.bicep").replace(
        "Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'",
        "Contributor: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'",
    );
    let checked = bicep::check(
        &BicepSources::new("imports/main.bicep", read("imports/main.bicep"))
            .with_file("imports/shared.bicep", shared),
    );
    let line = line_of("imports/shared.bicep", "Contributor: 'b24988ac");
    assert_eq!(
        found(&checked),
        [format!("owner-role imports/shared.bicep:{line}")]
    );
}

#[test]
fn an_import_of_a_symbol_not_exported_is_an_undefined_symbol() {
    let main =
        read("imports/main.bicep").replace("{ roles, member }", "{ roles, member, removalRole }");
    let checked = bicep::check(
        &BicepSources::new("imports/main.bicep", main)
            .with_file("imports/shared.bicep", read("imports/shared.bicep")),
    );
    assert_eq!(found(&checked), ["undefined-symbol imports/main.bicep:3"]);
    assert!(
        checked.diagnostics()[0]
            .diagnostic()
            .message()
            .contains("BCP360")
    );
}

#[test]
fn user_defined_types_are_read_not_enforced() {
    // `member` is a type of the imported file; a parameter of that type with a value that
    // breaks the type is not judged by the type (Bicep would), but by the provider's rules.
    let checked = check("imports/main.bicep");
    assert!(checked.delegation().is_some());
    let template = checked.template();
    assert_eq!(template["parameters"]["engineers"]["type"], "object");
}

#[test]
fn spreads_in_objects_and_arrays_are_merged() {
    let checked = check("spread.bicep");
    assert_eq!(found(&checked), Vec::<String>::new());
    let delegation = checked.delegation().expect("a delegation");
    assert_eq!(delegation.name().to_string(), "Litware Operations");
    assert_eq!(delegation.authorizations().len(), 2);
    assert!(delegation.authorizations().iter().all(|a| {
        a.principal_id_display_name()
            .map(ToString::to_string)
            .as_deref()
            == Some("Litware operators")
    }));
}

#[test]
fn interpolation_and_the_ternary_become_format_and_if() {
    let checked = check("subscription.bicep");
    let description = &checked.template()["resources"]["definition"]["properties"]["description"];
    assert_eq!(
        description,
        "[format('{0}: {1} operations', parameters('offerName'), if(equals(parameters('tier'), 'premium'), 'round the clock', 'office hours'))]"
    );
}

#[test]
fn the_verified_module_shape_without_values_gives_notes_only() {
    let checked = check("verified-module-like/main.bicep");
    assert!(!checked.has_errors(), "{:?}", found(&checked));
    let notes: Vec<String> = found(&checked);
    for required in [
        "name",
        "registrationDescription",
        "managedByTenantId",
        "authorizations",
    ] {
        let line = line_of(
            "verified-module-like/main.bicep",
            &format!("param {required} "),
        );
        assert!(
            notes.contains(&format!(
                "parameter-without-value verified-module-like/main.bicep:{line}"
            )),
            "{required}: {notes:?}"
        );
    }
    assert!(checked.delegation().is_none());
}

#[test]
fn the_verified_module_shape_with_its_bicepparam_is_judged_at_the_bicepparam_lines() {
    let checked = with_parameters(
        "verified-module-like/main.bicep",
        "verified-module-like/main.bicepparam",
    );
    // User Access Administrator without roles to assign: the provider's rule, at its line.
    let line = line_of("verified-module-like/main.bicepparam", "18d7d88d") - 3;
    assert_eq!(
        found(&checked),
        [format!(
            "missing-assignable-roles verified-module-like/main.bicepparam:{line}"
        )]
    );
    // Without it, the delegation to the resource group.
    let fixed = read("verified-module-like/main.bicepparam").replace(
        "'18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'",
        "'acdd72a7-3385-48ef-bd42-f606fba81ae7'",
    );
    let checked = bicep::check(
        &sources("verified-module-like/main.bicep")
            .with_parameters("verified-module-like/main.bicepparam", fixed),
    );
    let delegation = checked
        .delegation()
        .unwrap_or_else(|| panic!("{:?}", found(&checked)));
    assert_eq!(delegation.name().to_string(), "Contoso Operations");
    let Scope::ResourceGroups(groups) = delegation.scope() else {
        panic!("{:?}", delegation.scope());
    };
    assert_eq!(groups.names()[0].to_string(), "rg-finance");
}

#[test]
fn a_module_may_be_an_arm_json_template() {
    let main = read("modules/main.bicep").replace("'./assignment.bicep'", "'./assignment.json'");
    let assignment = r#"{
      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      "contentVersion": "1.0.0.0",
      "parameters": { "definitionId": { "type": "string" }, "assignmentName": { "type": "string" } },
      "resources": [ {
        "type": "Microsoft.ManagedServices/registrationAssignments", "apiVersion": "2022-10-01",
        "name": "[parameters('assignmentName')]",
        "properties": { "registrationDefinitionId": "[parameters('definitionId')]" } } ]
    }"#;
    let checked = bicep::check(
        &BicepSources::new("modules/main.bicep", main)
            .with_file("modules/assignment.json", assignment),
    );
    let delegation = checked
        .delegation()
        .unwrap_or_else(|| panic!("{:?}", found(&checked)));
    assert!(matches!(delegation.scope(), Scope::ResourceGroups(_)));
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_are_read() {
    let text = format!(
        "\u{feff}{}",
        read("subscription.bicep").replace('\n', "\r\n")
    );
    let checked = bicep::check(&BicepSources::new("subscription.bicep", text));
    assert!(checked.delegation().is_some(), "{:?}", found(&checked));
}

#[test]
fn the_bicep_file_of_a_bicepparam_file_is_found_by_its_using() {
    assert_eq!(
        bicep::using_path(
            "verified-module-like/main.bicepparam",
            &read("verified-module-like/main.bicepparam")
        )
        .as_deref(),
        Some("verified-module-like/main.bicep")
    );
    assert_eq!(
        bicep::using_path(
            "x.bicepparam",
            "using 'br/public:avm/res/managed-services/registration-definition:0.1.2'\n"
        ),
        None
    );
}

#[test]
fn files_loaded_when_bicep_builds_are_read() {
    let checked = check("json-content/main.bicep");
    let delegation = checked
        .delegation()
        .unwrap_or_else(|| panic!("{:?}", found(&checked)));
    assert_eq!(delegation.authorizations().len(), 2);
    assert_eq!(
        delegation.description().map(ToString::to_string).as_deref(),
        Some("Wingtip Toys runs your store subscriptions.")
    );
    // A finding in the JSON file is placed at the call that loads it.
    let owner = read("json-content/authorizations.json").replacen(
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        1,
    );
    let checked = bicep::check(
        &BicepSources::new("json-content/main.bicep", read("json-content/main.bicep"))
            .with_file("json-content/authorizations.json", owner)
            .with_file("json-content/description.txt", "Wingtip"),
    );
    let line = line_of("json-content/main.bicep", "loadJsonContent(");
    assert_eq!(
        found(&checked),
        [format!("owner-role json-content/main.bicep:{line}")]
    );
    // A file that is not there is Bicep's error at its path.
    let checked = bicep::check(&BicepSources::new(
        "json-content/main.bicep",
        read("json-content/main.bicep"),
    ));
    let names: Vec<&str> = checked
        .diagnostics()
        .iter()
        .map(|d| d.diagnostic().name())
        .collect();
    assert_eq!(names, ["bicep-file-not-found", "bicep-file-not-found"]);
}

// ---- the same delegation in ARM JSON and in Bicep ----

/// Delegations written twice, in ARM JSON (`tests/fixtures/arm`) and in Bicep.
const TWICE: [(&str, &str); 2] = [
    ("role-names.json", "role-names.bicep"),
    ("eligible-old-api.json", "eligible-old-api.bicep"),
];

#[test]
fn the_same_delegation_in_bicep_and_arm_json_gets_the_same_findings() {
    for (arm_name, bicep_name) in TWICE {
        let arm_text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/arm")
                .join(arm_name),
        )
        .unwrap();
        let from_arm = arm::check(&arm_text).unwrap_err();
        let from_bicep = check(bicep_name);
        let mut arm_findings: Vec<(&str, &str)> = from_arm
            .diagnostics()
            .iter()
            .map(|d| (d.name(), d.message()))
            .collect();
        let mut bicep_findings: Vec<(&str, &str)> = from_bicep
            .diagnostics()
            .iter()
            .map(|d| (d.diagnostic().name(), d.diagnostic().message()))
            .collect();
        arm_findings.sort_unstable();
        bicep_findings.sort_unstable();
        assert!(!arm_findings.is_empty());
        assert_eq!(bicep_findings, arm_findings, "{bicep_name}");
    }
    // Each placed where its value is written: the role's GUID (the ARM reader's
    // `/variables/roles/Owner`), and the API versions at the resources' types.
    let line = line_of("role-names.bicep", "Owner: '8e3af657");
    assert_eq!(
        found(&check("role-names.bicep")),
        [format!("owner-role role-names.bicep:{line}")]
    );
    let definition = line_of("eligible-old-api.bicep", "@2019-09-01");
    let assignment = line_of("eligible-old-api.bicep", "@2019-13-01");
    assert_eq!(
        found(&check("eligible-old-api.bicep")),
        [
            format!("eligible-needs-newer-api-version eligible-old-api.bicep:{definition}"),
            format!("unknown-api-version eligible-old-api.bicep:{assignment}"),
        ]
    );
}

#[test]
fn the_same_delegation_in_bicep_and_arm_json_is_the_same_delegation() {
    let arm_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arm/role-names.json"),
    )
    .unwrap();
    let arm_fixed = arm::check(&arm_text.replace(
        "\"defaultValue\": \"Owner\"",
        "\"defaultValue\": \"Reader\"",
    ))
    .unwrap()
    .into_parts()
    .0;
    let bicep_fixed = bicep::check(&BicepSources::new(
        "role-names.bicep",
        read("role-names.bicep").replace("= 'Owner'", "= 'Reader'"),
    ));
    assert_eq!(bicep_fixed.delegation(), Some(&arm_fixed));
}

// ---- what Bicep refuses, and what the reader leaves unknown ----

#[test]
fn a_definition_without_target_scope_is_refused_at_its_declaration() {
    let checked = check("no-target-scope.bicep");
    let line = line_of("no-target-scope.bicep", "resource definition");
    // The provider's other rules still apply (the delete role is a warning).
    let authorizations = line_of("no-target-scope.bicep", "authorizations: [");
    assert_eq!(
        found(&checked),
        [
            format!("missing-target-scope no-target-scope.bicep:{line}"),
            format!("missing-delete-role no-target-scope.bicep:{authorizations}"),
        ]
    );
    let d = &checked.diagnostics()[0];
    assert_eq!(d.diagnostic().rule(), Rule::MissingTargetScope);
    assert!(
        d.diagnostic()
            .message()
            .contains("targetScope = 'subscription'")
    );
    assert!(checked.delegation().is_none());
    // Written for a resource group on purpose: the same rule, in other words.
    let explicit = bicep::check(&BicepSources::new(
        "x.bicep",
        format!(
            "targetScope = 'resourceGroup'\n{}",
            read("no-target-scope.bicep")
        ),
    ));
    assert!(
        explicit.diagnostics()[0]
            .diagnostic()
            .message()
            .contains("targetScope = 'resourceGroup'")
    );
}

#[test]
fn an_undefined_symbol_is_bicep_s_error_at_its_line() {
    let checked = check("undefined-symbol.bicep");
    let line = line_of("undefined-symbol.bicep", "managedByTenantId: tenantId");
    assert_eq!(
        found(&checked),
        [
            format!("undefined-symbol undefined-symbol.bicep:{line}"),
            format!("missing-delete-role undefined-symbol.bicep:{}", line + 1),
        ]
    );
    let d = &checked.diagnostics()[0];
    assert!(d.diagnostic().message().contains("`tenantId`"));
    assert_eq!(d.place().unwrap().column(), 24);
    assert_eq!(d.diagnostic().rule(), Rule::UndefinedSymbol);
}

#[test]
fn an_api_version_the_provider_never_had_is_arm_s_finding_at_the_resource_type() {
    let checked = check("preview-api-version.bicep");
    let line = line_of("preview-api-version.bicep", "@2022-10-01-preview");
    assert_eq!(
        found(&checked),
        [
            format!("unknown-api-version preview-api-version.bicep:{line}"),
            format!(
                "missing-delete-role preview-api-version.bicep:{}",
                line_of("preview-api-version.bicep", "authorizations: [")
            ),
        ]
    );
}

#[test]
fn a_construct_outside_the_subset_is_a_note_naming_it_and_never_an_error() {
    let checked = check("outside-subset.bicep");
    assert!(!checked.has_errors(), "{:?}", found(&checked));
    let notes: Vec<(&str, usize)> = checked
        .diagnostics()
        .iter()
        .map(|d| {
            assert_eq!(d.diagnostic().severity(), Severity::Note);
            (d.diagnostic().message(), d.line().unwrap())
        })
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].0.contains("user-defined function"));
    assert_eq!(notes[0].1, line_of("outside-subset.bicep", "func label"));
    assert!(notes[1].0.contains("lambda"));
    assert_eq!(notes[1].1, line_of("outside-subset.bicep", "p => {"));
    assert!(checked.delegation().is_none());
    assert!(
        checked
            .diagnostics()
            .iter()
            .all(|d| d.diagnostic().rule() == Rule::BicepConstructUnsupported)
    );
}

#[test]
fn what_the_delegation_does_not_use_does_not_hide_it() {
    // A lambda in an output and `dependsOn` naming a resource: read, checked for names, and
    // the delegation is still whole.
    let text = format!(
        "{}\noutput names array = map(['a'], x => x)\n",
        read("subscription.bicep").replace(
            "  name: registrationName\n  properties: {\n    registrationDefinitionId",
            "  name: registrationName\n  dependsOn: [\n    definition\n  ]\n  properties: {\n    registrationDefinitionId"
        )
    );
    assert!(text.contains("dependsOn"));
    let checked = bicep::check(&BicepSources::new("subscription.bicep", text.clone()));
    assert_eq!(found(&checked), Vec::<String>::new());
    assert!(checked.delegation().is_some());
    // A name that does not exist is Bicep's error wherever it is.
    let typo = text.replace("    definition\n  ]", "    definitoin\n  ]");
    let checked = bicep::check(&BicepSources::new("subscription.bicep", typo.clone()));
    let line = typo.lines().position(|l| l.contains("definitoin")).unwrap() + 1;
    assert_eq!(
        found(&checked),
        [format!("undefined-symbol subscription.bicep:{line}")]
    );
}

#[test]
fn a_registry_module_is_a_note_not_a_missing_delegation() {
    let main = "targetScope = 'subscription'\n\nmodule lighthouse 'br/public:avm/res/managed-services/registration-definition:0.1.2' = {\n  params: {\n    name: 'Contoso'\n  }\n}\n";
    let checked = bicep::check(&BicepSources::new("main.bicep", main));
    assert_eq!(
        found(&checked),
        ["bicep-construct-unsupported main.bicep:3"]
    );
    assert!(checked.delegation().is_none());
}

#[test]
fn syntax_errors_are_reported_at_their_line_and_the_rest_is_still_read() {
    let text = read("subscription.bicep").replace(
        "param tier string = 'standard'",
        "param tier string = 'standard",
    );
    let checked = bicep::check(&BicepSources::new("subscription.bicep", text.clone()));
    let line = text.lines().position(|l| l.contains("param tier")).unwrap() + 1;
    let all = found(&checked);
    assert!(
        all.contains(&format!("bicep-syntax subscription.bicep:{line}")),
        "{all:?}"
    );
    assert!(checked.delegation().is_none());
    assert!(
        checked
            .diagnostics()
            .iter()
            .any(|d| d.diagnostic().rule() == Rule::BicepSyntax)
    );
}

#[test]
fn a_parameter_the_bicep_file_does_not_declare_is_refused_in_the_bicepparam_file() {
    let parameters = format!(
        "{}\nparam colour = 'blue'\n",
        read("subscription.bicepparam")
    );
    let checked = bicep::check(
        &sources("subscription.bicep")
            .with_parameters("subscription.bicepparam", parameters.clone()),
    );
    let line = parameters
        .lines()
        .position(|l| l.contains("colour"))
        .unwrap()
        + 1;
    assert_eq!(
        found(&checked),
        [format!(
            "undeclared-parameter subscription.bicepparam:{line}"
        )]
    );
    assert_eq!(
        checked.diagnostics()[0].diagnostic().rule(),
        Rule::UndeclaredParameter
    );
}

#[test]
fn a_parameter_without_value_is_a_note_in_bicep_words() {
    let text = read("subscription.bicep").replace(
        "param managingTenant string = '2c4e6a8c-0e2a-4c6e-8a0c-2e4a6c8e0a2c'",
        "param managingTenant string",
    );
    let checked = bicep::check(&BicepSources::new("subscription.bicep", text));
    let notes: Vec<&str> = checked
        .diagnostics()
        .iter()
        .filter(|d| d.diagnostic().rule() == Rule::ParameterWithoutValue)
        .map(|d| d.diagnostic().message())
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", found(&checked));
    assert!(notes[0].contains(".bicepparam"), "{}", notes[0]);
    assert!(!checked.has_errors());
    assert!(checked.delegation().is_none());
}

// ---- Bicep's own refusals (issue 23): BCP258, BCP134, BCP139; a definition alone ----

#[test]
fn a_parameter_the_bicepparam_file_leaves_without_value_is_refused_at_using() {
    let main = read("subscription.bicep").replace(
        "param operatorsGroup string = '4e6a8c0e-2a4c-4e8a-8c0e-4a6c8e0a2c4e'",
        "param operatorsGroup string\nparam managers string",
    );
    let parameters = read("subscription.bicepparam").replace(
        "param operatorsGroup = '6a8c0e2a-4c6e-4a0c-8e2a-6c8e0a2c4e6a'\n",
        "",
    );
    let checked = bicep::check(
        &BicepSources::new("subscription.bicep", main)
            .with_parameters("subscription.bicepparam", parameters),
    );
    // One finding at `using` (line 1) naming both, and no note of a deployment value for them.
    assert_eq!(
        found(&checked),
        ["missing-parameter-value subscription.bicepparam:1"]
    );
    let d = &checked.diagnostics()[0];
    assert_eq!(d.diagnostic().rule(), Rule::MissingParameterValue);
    assert!(
        d.diagnostic()
            .message()
            .contains("`operatorsGroup`, `managers`")
            && d.diagnostic().message().contains("BCP258"),
        "{}",
        d.diagnostic().message()
    );
    assert!(checked.has_errors() && checked.delegation().is_none());
    // Without a `.bicepparam`, the value is the deployment's: a note, as before.
    let alone = read("subscription.bicep").replace(
        "param operatorsGroup string = '4e6a8c0e-2a4c-4e8a-8c0e-4a6c8e0a2c4e'",
        "param operatorsGroup string",
    );
    let checked = bicep::check(&BicepSources::new("subscription.bicep", alone));
    assert!(!checked.has_errors(), "{:?}", found(&checked));
}

#[test]
fn a_module_deployed_to_a_scope_its_file_does_not_permit_is_refused() {
    // Without `scope:`, the resource group module would deploy to the subscription.
    let main = read("modules/main.bicep").replace("  scope: resourceGroup(group)\n", "");
    let checked = bicep::check(
        &BicepSources::new("modules/main.bicep", main)
            .with_file("modules/assignment.bicep", read("modules/assignment.bicep")),
    );
    let line = line_of("modules/main.bicep", "module assignments");
    assert_eq!(
        found(&checked),
        [format!(
            "module-scope-not-permitted modules/main.bicep:{line}"
        )]
    );
    assert!(
        checked.diagnostics()[0]
            .diagnostic()
            .message()
            .contains("BCP134")
    );
    // A subscription module given a resource group's scope.
    let module = format!(
        "targetScope = 'subscription'\n{}",
        read("modules/assignment.bicep")
    );
    let checked = bicep::check(
        &BicepSources::new("modules/main.bicep", read("modules/main.bicep"))
            .with_file("modules/assignment.bicep", module),
    );
    let line = line_of("modules/main.bicep", "scope: resourceGroup(group)");
    assert_eq!(
        found(&checked),
        [format!(
            "module-scope-not-permitted modules/main.bicep:{line}"
        )]
    );
    // The fixture as written, with its scope: nothing.
    let checked = bicep::check(
        &BicepSources::new("modules/main.bicep", read("modules/main.bicep"))
            .with_file("modules/assignment.bicep", read("modules/assignment.bicep")),
    );
    assert_eq!(found(&checked), Vec::<String>::new());
}

#[test]
fn a_resource_deployed_to_another_scope_without_a_module_is_refused() {
    let main = read("subscription.bicep").replace(
        "resource assignment 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' = {\n  name: registrationName\n",
        "resource assignment 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' = {\n  name: registrationName\n  scope: resourceGroup('rg-operations')\n",
    );
    let line = main
        .lines()
        .position(|l| l.contains("scope: resourceGroup('rg-operations')"))
        .unwrap()
        + 1;
    let checked = bicep::check(&BicepSources::new("subscription.bicep", main));
    assert_eq!(
        found(&checked),
        [format!(
            "resource-scope-needs-module subscription.bicep:{line}"
        )]
    );
    assert!(
        checked.diagnostics()[0]
            .diagnostic()
            .message()
            .contains("BCP139")
    );
    // The file's own scope, and an existing resource elsewhere, are Bicep's to take.
    for scope in ["subscription()", "tenant()"] {
        let main = read("subscription.bicep").replace(
            "  name: registrationName\n  properties: {\n    registrationDefinitionId",
            &format!("  name: registrationName\n  scope: {scope}\n  properties: {{\n    registrationDefinitionId"),
        );
        assert!(main.contains(scope));
        let checked = bicep::check(&BicepSources::new("subscription.bicep", main));
        assert_eq!(found(&checked), Vec::<String>::new(), "{scope}");
    }
    let existing = format!(
        "{}\nresource other 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' existing = {{\n  name: 'x'\n  scope: resourceGroup('rg-other')\n}}\n",
        read("subscription.bicep")
    );
    let checked = bicep::check(&BicepSources::new("subscription.bicep", existing));
    assert_eq!(found(&checked), Vec::<String>::new());
}

#[test]
fn a_definition_without_assignment_is_a_note_in_bicep_too() {
    let text = read("subscription.bicep");
    let start = text.find("resource assignment").unwrap();
    let end = start + text[start..].find("\n}\n").unwrap() + 3;
    let alone = format!("{}{}", &text[..start], &text[end..]).replace(
        "output definitionId string = definition.id",
        "output definitionId string = definition.id // assigned later, by a policy",
    );
    let checked = bicep::check(&BicepSources::new("subscription.bicep", alone));
    let line = line_of("subscription.bicep", "resource definition");
    assert_eq!(
        found(&checked),
        [format!("unassigned-definition subscription.bicep:{line}")]
    );
    assert_eq!(
        checked.diagnostics()[0].diagnostic().severity(),
        Severity::Note
    );
    assert!(!checked.has_errors());
}

// ---- the rule catalog ----

/// The Bicep rules, each with where a test of this file shows it.
const BICEP_RULES: [(Rule, &str); 9] = [
    (
        Rule::BicepSyntax,
        "syntax_errors_are_reported_at_their_line_and_the_rest_is_still_read",
    ),
    (
        Rule::UndefinedSymbol,
        "an_undefined_symbol_is_bicep_s_error_at_its_line",
    ),
    (
        Rule::MissingTargetScope,
        "a_definition_without_target_scope_is_refused_at_its_declaration",
    ),
    (
        Rule::BicepFileNotFound,
        "a_module_file_that_cannot_be_read_is_bicep_s_error_at_its_path",
    ),
    (
        Rule::BicepConstructUnsupported,
        "a_construct_outside_the_subset_is_a_note_naming_it_and_never_an_error",
    ),
    (
        Rule::UndeclaredParameter,
        "a_parameter_the_bicep_file_does_not_declare_is_refused_in_the_bicepparam_file",
    ),
    (
        Rule::MissingParameterValue,
        "a_parameter_the_bicepparam_file_leaves_without_value_is_refused_at_using",
    ),
    (
        Rule::ModuleScopeNotPermitted,
        "a_module_deployed_to_a_scope_its_file_does_not_permit_is_refused",
    ),
    (
        Rule::ResourceScopeNeedsModule,
        "a_resource_deployed_to_another_scope_without_a_module_is_refused",
    ),
];

#[test]
fn every_bicep_rule_has_a_row_here_with_a_source_and_a_fix() {
    let listed: Vec<Rule> = BICEP_RULES.iter().map(|(r, _)| *r).collect();
    let in_range: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.code().starts_with("LO11"))
        .collect();
    assert_eq!(listed, in_range);
    for (rule, test) in BICEP_RULES {
        assert!(!test.is_empty());
        assert!(rule.source().contains("read 2026-12-06"), "{}", rule.code());
        assert!(rule.fix().ends_with('.'));
        assert!(!rule.is_arm_file_rule());
    }
    assert_eq!(Rule::BicepConstructUnsupported.severity(), Severity::Note);
}

// ---- hostile input ----

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    for (open, close) in [
        ("[", "]"),
        ("{a: ", "}"),
        ("(", ")"),
        ("'${", "}'"),
        ("!", ""),
        ("", " + 1"),
        ("", ".a"),
        ("", "[0]"),
        ("true ? ", " : 1"),
        ("[for x in y: ", "]"),
    ] {
        let text = format!("var x = {}1{}\n", open.repeat(10_000), close.repeat(10_000));
        let checked = bicep::check(&BicepSources::new("deep.bicep", text));
        assert!(
            checked
                .diagnostics()
                .iter()
                .any(|d| d.diagnostic().rule() == Rule::BicepSyntax),
            "{open}"
        );
    }
}

#[test]
fn a_name_declared_twice_is_refused() {
    let text = format!("{}\nvar reader = 'x'\n", read("subscription.bicep"));
    let checked = bicep::check(&BicepSources::new("subscription.bicep", text.clone()));
    let line = text.lines().count();
    assert_eq!(
        found(&checked),
        [format!("bicep-syntax subscription.bicep:{line}")]
    );
    assert!(
        checked.diagnostics()[0]
            .diagnostic()
            .message()
            .contains("BCP028")
    );
}

#[test]
fn many_problems_are_listed_up_to_a_limit() {
    let text = (0..3_000).fold(String::new(), |mut text, i| {
        writeln!(text, "var x{i} = y").unwrap();
        text
    });
    let checked = bicep::check(&BicepSources::new("many.bicep", text));
    let all = checked.diagnostics();
    let undefined = all
        .iter()
        .filter(|d| d.diagnostic().rule() == Rule::UndefinedSymbol)
        .count();
    assert_eq!(undefined, 1_000);
    let rest = all
        .iter()
        .find(|d| d.diagnostic().rule() == Rule::TooManyProblems)
        .unwrap();
    assert!(rest.diagnostic().message().starts_with("2000 more"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let text = format!("var x = '{}'\n", "a".repeat(16 * 1024 * 1024));
    let checked = bicep::check(&BicepSources::new("huge.bicep", text));
    assert_eq!(found(&checked), ["document-too-large huge.bicep:"]);
}

#[test]
fn a_large_file_and_long_interpolation_chains_are_read() {
    let mut text = read("subscription.bicep");
    for i in 0..2_000 {
        writeln!(text, "var v{i} = '${{offerName}}-{i}-${{tier}}'").unwrap();
    }
    let chain = (0..500).fold(String::new(), |mut chain, i| {
        write!(chain, "${{v{i}}}").unwrap();
        chain
    });
    writeln!(text, "output chain string = '{chain}'").unwrap();
    let checked = bicep::check(&BicepSources::new("subscription.bicep", text));
    assert!(checked.delegation().is_some(), "{:?}", found(&checked));
}

#[test]
fn modules_that_call_each_other_are_refused_not_followed_forever() {
    let a = "module b './b.bicep' = {\n  params: {}\n}\n";
    let b = "module a './a.bicep' = {\n  params: {}\n}\n";
    let checked = bicep::check(&BicepSources::new("a.bicep", a).with_file("b.bicep", b));
    assert!(
        checked
            .diagnostics()
            .iter()
            .any(|d| d.diagnostic().message().contains("BCP094")),
        "{:?}",
        found(&checked)
    );
}

const FIXTURES: [&str; 9] = [
    "subscription.bicep",
    "loops.bicep",
    "modules/main.bicep",
    "imports/main.bicep",
    "spread.bicep",
    "role-names.bicep",
    "no-target-scope.bicep",
    "outside-subset.bicep",
    "subscription.bicepparam",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_text_panics(text in "\\PC{0,400}") {
        let _ = bicep::check(&BicepSources::new("x.bicep", text.clone()));
        let _ = bicep::check(&BicepSources::new("x.bicep", read("subscription.bicep")).with_parameters("x.bicepparam", text));
    }

    #[test]
    fn no_mutation_of_a_fixture_panics(
        which in 0..FIXTURES.len(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..40,
        insert in prop::sample::select(vec!["", "'", "${", "}", "]", "[for x in y: ", "...", "?", ":", "\n", "@", "(", "=>", "if (", "'''", "\\", "é", "// "]),
    ) {
        let text = read(FIXTURES[which]);
        let mut start = at.index(text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mutated = format!("{}{insert}{}", &text[..start], &text[end..]);
        let root = fixtures();
        let checked = bicep::check(
            &BicepSources::new(FIXTURES[which], mutated)
                .with_reader(move |path| std::fs::read_to_string(root.join(path)).ok()),
        );
        // A finding is always placed in a file that was read.
        for d in checked.diagnostics() {
            prop_assert!(!d.file().is_empty());
        }
    }
}
