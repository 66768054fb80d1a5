//! ARM files as providers write them (issue 19): templates evaluated with their parameters,
//! values known only at deployment, comments, nested deployments, Microsoft's policy, Bicep,
//! API versions, and the resource provider's own rules (issue 13, points 9 and 10).
//!
//! The files in `tests/fixtures/arm/` were written for these tests in the shapes that providers
//! use; they are nobody's published files.

use std::path::Path;

use lighthouse_offer::arm::{self, ArmFile, Scope};
use lighthouse_offer::{Diagnostic, Report, RoleDefinitionId, Severity};

use crate::support::{named as expected, names as pairs};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/arm")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[track_caller]
fn report(name: &str) -> Report {
    match arm::check(&fixture(name)) {
        Ok(checked) => panic!(
            "{name}: expected no delegation, found {:?}",
            checked.value()
        ),
        Err(report) => report,
    }
}

#[test]
fn variables_built_with_concat_and_copy_loops_are_evaluated() {
    let (delegation, warnings) = arm::check(&fixture("variables-copy.json"))
        .unwrap_or_else(|r| panic!("{r}"))
        .into_parts();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(delegation.name().as_str(), "Northwind Cloud Operations");
    assert_eq!(
        delegation.description().unwrap().as_str(),
        "Operations by Northwind Cloud Operations"
    );
    assert_eq!(
        delegation.tenant_id().to_string(),
        "5e0c7a21-9b3d-4f6e-8a12-3c4d5e6f7a8b"
    );
    let names: Vec<&str> = delegation
        .authorizations()
        .iter()
        .map(|a| a.principal_id_display_name().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Northwind Monitoring team",
            "Northwind Patching team",
            "Northwind delegation removers"
        ]
    );
    assert_eq!(delegation.scope(), &Scope::Subscription);
}

#[test]
fn resources_whose_condition_is_false_are_not_deployed() {
    // A second definition, switched off: the template still has one delegation.
    let mut template: serde_json::Value =
        serde_json::from_str(&fixture("nested-resource-group.json")).unwrap();
    let mut off = template["resources"][0]["properties"]["template"]["resources"][0].clone();
    off["condition"] = serde_json::json!("[equals(parameters('offerName'), 'someone else')]");
    off["properties"]["authorizations"][0]["roleDefinitionId"] =
        serde_json::json!(RoleDefinitionId::OWNER.to_string());
    template["resources"][0]["properties"]["template"]["resources"]
        .as_array_mut()
        .unwrap()
        .push(off);
    let (delegation, _) = arm::check(&template.to_string())
        .unwrap_or_else(|r| panic!("{r}"))
        .into_parts();
    assert_eq!(delegation.name().as_str(), "Litware Managed SAP");
}

#[test]
fn a_linked_template_is_a_note_not_a_verdict() {
    let template = serde_json::json!({
        "resources": [{
            "type": "Microsoft.Resources/deployments",
            "apiVersion": "2022-09-01",
            "name": "onboarding",
            "properties": {
                "mode": "Incremental",
                "templateLink": { "uri": "https://example.org/templates/delegation.json" }
            }
        }]
    });
    let found = arm::check(&template.to_string()).unwrap_err();
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[("linked-template", "/resources/0/properties/templateLink")])
    );
    assert_eq!(found.diagnostics()[0].severity(), Severity::Note);
    assert!(
        found.diagnostics()[0]
            .message()
            .contains("https://example.org/templates/delegation.json")
    );
}

#[test]
fn principals_given_at_deployment_are_notes_not_errors() {
    let found = report("principals-at-deployment.json");
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[
            ("parameter-without-value", "/parameters/backupGroupId"),
            ("parameter-without-value", "/parameters/readerGroupId"),
        ])
    );
    assert!(
        found
            .diagnostics()
            .iter()
            .all(|d| d.severity() == Severity::Note)
    );
}

#[test]
fn a_parameters_file_is_judged_with_its_template() {
    let template = fixture("principals-at-deployment.json");
    let checked = arm::check_with_template(
        &fixture("principals-at-deployment.parameters.json"),
        &template,
    );
    assert!(!checked.has_errors());
    assert!(checked.diagnostics(ArmFile::Template).is_empty());
    assert!(checked.diagnostics(ArmFile::Parameters).is_empty());
    let delegation = checked.delegation().expect("a delegation");
    assert_eq!(delegation.name().as_str(), "Tailspin Managed Backup");
    assert_eq!(
        delegation.authorizations()[0].principal_id().to_string(),
        "4a6c8e0f-2b4d-4f6a-8c0e-2b4d6f8a0c2e"
    );

    // A value the parameters file gives is judged there; a parameter the template does not
    // declare is refused, as Azure refuses it.
    let typo = arm::check_with_template(
        &fixture("principals-at-deployment-typo.parameters.json"),
        &template,
    );
    assert_eq!(
        pairs(typo.diagnostics(ArmFile::Parameters)),
        expected(&[
            ("unknown-field", "/parameters/backupGroup"),
            ("invalid-guid", "/parameters/readerGroupId/value"),
        ])
    );
    assert!(typo.diagnostics(ArmFile::Template).is_empty());
    assert!(typo.delegation().is_none());
}

#[test]
fn role_names_mapped_by_the_template_reach_the_role_rules() {
    // The role is shown where the template maps the name to the GUID.
    let found = report("role-names.json");
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[("owner-role", "/variables/roles/Owner")])
    );
    assert!(found.diagnostics()[0].message().contains("\"Owner\""));
}

#[test]
fn comments_and_multi_line_expressions_are_read_and_placed() {
    let text = fixture("comments.json");
    let found = arm::check(&text).unwrap_err();
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[(
            "owner-role",
            "/resources/0/properties/authorizations/0/roleDefinitionId"
        )])
    );
}

#[test]
fn nested_deployments_with_inner_scope_are_entered() {
    let (delegation, warnings) = arm::check(&fixture("nested-resource-group.json"))
        .unwrap_or_else(|r| panic!("{r}"))
        .into_parts();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(delegation.name().as_str(), "Litware Managed SAP");
    assert_eq!(
        delegation.tenant_id().to_string(),
        "4c6e8a0c-2e4a-4c6e-8a0c-2e4a6c8e0a2c"
    );
    assert_eq!(
        delegation.authorizations()[0]
            .principal_id_display_name()
            .unwrap(),
        "Litware SAP basis team"
    );
    let Scope::ResourceGroups(groups) = delegation.scope() else {
        panic!("expected resource groups, found {:?}", delegation.scope());
    };
    assert_eq!(groups.names()[0].as_str(), "rg-erp-prod");

    // Findings inside point into the nested template.
    let mut text = fixture("nested-resource-group.json");
    text = text.replace(
        "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    );
    assert_eq!(
        pairs(arm::check(&text).unwrap_err().diagnostics()),
        expected(&[(
            "owner-role",
            "/resources/0/properties/template/resources/0/properties/authorizations/0/roleDefinitionId"
        )])
    );
}

#[test]
fn a_definition_deployed_to_a_resource_group_is_refused() {
    // The definition moved into the nested deployment that targets the resource group.
    let mut template: serde_json::Value =
        serde_json::from_str(&fixture("nested-resource-group.json")).unwrap();
    let definition = template["resources"][0]["properties"]["template"]["resources"][0].take();
    let inner = &mut template["resources"][1]["properties"]["template"];
    inner["parameters"]["offerName"] =
        serde_json::json!({ "type": "string", "defaultValue": "Litware" });
    inner["parameters"]["managingTenant"] = serde_json::json!({ "type": "string", "defaultValue": "4c6e8a0c-2e4a-4c6e-8a0c-2e4a6c8e0a2c" });
    inner["variables"] = serde_json::json!({ "basis": "Litware SAP basis team" });
    inner["resources"]
        .as_array_mut()
        .unwrap()
        .insert(0, definition);
    template["resources"].as_array_mut().unwrap().remove(0);
    let found = arm::check(&template.to_string()).unwrap_err();
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[(
            "definition-at-resource-group-scope",
            "/resources/0/properties/template/resources/0"
        )])
    );
    // The same at the top of a template written for resource groups.
    let without_comments: String = fixture("variables-copy.json")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect();
    let mut alone: serde_json::Value = serde_json::from_str(&without_comments).unwrap();
    alone["$schema"] = serde_json::json!(
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
    );
    assert_eq!(
        pairs(arm::check(&alone.to_string()).unwrap_err().diagnostics()),
        expected(&[("definition-at-resource-group-scope", "/resources/0")])
    );
}

#[test]
fn the_policy_parameters_file_is_judged_as_a_delegation() {
    let (delegation, warnings) = arm::check(&fixture("policy-delegation.parameters.json"))
        .unwrap_or_else(|r| panic!("{r}"))
        .into_parts();
    assert_eq!(delegation.name().as_str(), "Proseware Landing Zone Care");
    assert_eq!(delegation.authorizations().len(), 3);
    // The contested rule: a warning that says what is known.
    assert_eq!(
        pairs(&warnings),
        expected(&[(
            "data-actions-assignable-role",
            "/parameters/managedByAuthorizations/value/2/delegatedRoleDefinitionIds/1"
        )])
    );
    assert!(warnings[0].message().contains("not established"));
}

#[test]
fn bicep_files_are_told_to_be_built() {
    for name in ["main.bicep", "main.bicepparam"] {
        let found = report(name);
        assert_eq!(pairs(found.diagnostics()), expected(&[("bicep-file", "")]));
        assert!(found.diagnostics()[0].message().contains("az bicep build"));
    }
}

#[test]
fn api_versions_are_judged() {
    let found = report("eligible-old-api.json");
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[
            (
                "eligible-needs-newer-api-version",
                "/resources/0/apiVersion"
            ),
            ("unknown-api-version", "/resources/1/apiVersion"),
        ])
    );
}

#[test]
fn the_resource_providers_rules_judge_arm_files() {
    let found = report("resource-provider-rules.parameters.json");
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[
            // The description and display names are optional: warnings.
            ("missing-description", "/parameters"),
            ("missing-display-name", "/parameters/authorizations/value/0"),
            (
                "display-name-names-other-role",
                "/parameters/authorizations/value/1/principalIdDisplayName"
            ),
            // The 2022-10-01 schema requires the multi-factor provider.
            (
                "missing-field",
                "/parameters/eligibleAuthorizations/value/0/justInTimeAccessPolicy"
            ),
        ])
    );
    // 21 permanent authorizations are no error: Partner Center's limit is not the provider's.
    let fixed = fixture("resource-provider-rules.parameters.json").replace(
        r#""maximumActivationDuration": "PT2H""#,
        r#""multiFactorAuthProvider": "Azure", "maximumActivationDuration": "PT2H""#,
    );
    let (delegation, _) = arm::check(&fixed)
        .unwrap_or_else(|r| panic!("{r}"))
        .into_parts();
    assert_eq!(delegation.authorizations().len(), 21);
    assert!(
        delegation.authorizations()[0]
            .principal_id_display_name()
            .is_none()
    );
    assert!(delegation.description().is_none());
}

#[test]
fn deployment_values_and_unsupported_functions_leave_the_rest_checked() {
    let found = report("deployment-values.json");
    assert_eq!(
        pairs(found.diagnostics()),
        expected(&[
            (
                "unsupported-expression",
                "/resources/0/properties/authorizations/0/principalIdDisplayName"
            ),
            (
                "deployment-time-value",
                "/resources/0/properties/description"
            ),
        ])
    );
    // Everything else is still checked: an Owner beside them is found.
    let text = fixture("deployment-values.json").replace(
        "72fafb9e-0641-4937-9268-a91bfd8191a3",
        &RoleDefinitionId::OWNER.to_string(),
    );
    let names: Vec<&str> = arm::check(&text)
        .unwrap_err()
        .diagnostics()
        .iter()
        .map(Diagnostic::name)
        .collect();
    assert!(names.contains(&"owner-role"), "{names:?}");
}

/// An approver needs only its `principalId` in an ARM file: the 2022-10-01 schema of
/// Microsoft.ManagedServices (`EligibleApprover`) requires nothing else, so a missing display
/// name is no error there (Partner Center's offers still ask for one). The rules on the list
/// itself hold: an approver listed twice is refused.
#[test]
fn an_approver_without_a_display_name_is_read_and_a_repeated_one_refused() {
    let template = |approvers: &str| {
        format!(
            r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-08-01/subscriptionDeploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {{
      "type": "Microsoft.ManagedServices/registrationDefinitions",
      "apiVersion": "2022-10-01",
      "name": "5b5e9a2c-1d3f-4e7a-9b8c-6d2e1f0a3b4c",
      "properties": {{
        "registrationDefinitionName": "Contoso SOC",
        "description": "Monitoring by Contoso",
        "managedByTenantId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
        "authorizations": [
          {{ "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e", "principalIdDisplayName": "SOC", "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7" }},
          {{ "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e", "principalIdDisplayName": "SOC", "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46" }}
        ],
        "eligibleAuthorizations": [
          {{
            "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
            "principalIdDisplayName": "SOC",
            "roleDefinitionId": "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "justInTimeAccessPolicy": {{
              "multiFactorAuthProvider": "Azure",
              "maximumActivationDuration": "PT4H",
              "managedByTenantApprovers": [{approvers}]
            }}
          }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.ManagedServices/registrationAssignments",
      "apiVersion": "2022-10-01",
      "name": "5b5e9a2c-1d3f-4e7a-9b8c-6d2e1f0a3b4d",
      "dependsOn": ["5b5e9a2c-1d3f-4e7a-9b8c-6d2e1f0a3b4c"],
      "properties": {{ "registrationDefinitionId": "[subscriptionResourceId('Microsoft.ManagedServices/registrationDefinitions', '5b5e9a2c-1d3f-4e7a-9b8c-6d2e1f0a3b4c')]" }}
    }}
  ]
}}"#
        )
    };
    let unnamed = r#"{ "principalId": "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" }"#;
    let checked = arm::check(&template(unnamed))
        .unwrap_or_else(|report| panic!("{:#?}", report.diagnostics()));
    let eligible = checked.value().delegation().eligible_authorizations();
    let approvers = eligible[0]
        .just_in_time_access_policy()
        .managed_by_tenant_approvers();
    assert_eq!(approvers.len(), 1);
    assert_eq!(approvers[0].principal_id_display_name(), None);
    let report = arm::check(&template(&format!("{unnamed}, {unnamed}")))
        .expect_err("an approver listed twice is refused");
    assert!(
        report
            .diagnostics()
            .iter()
            .any(|d| d.name() == "duplicate-item"
                && d.path()
                    .as_str()
                    .ends_with("/managedByTenantApprovers/1/principalId")),
        "{:#?}",
        report.diagnostics()
    );
}
