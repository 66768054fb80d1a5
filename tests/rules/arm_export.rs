//! ARM export: every exported resource validated against Microsoft's official JSON Schema of
//! `Microsoft.ManagedServices` (2022-10-01) with a real validator, the template's structure
//! compared with Microsoft's samples, the parameters file's values, and the value types of the
//! `arm` module at their edges.
//!
//! The tests against the schema and the samples are conformance tests: `tests/conformance`.

use crate::support::arm_export::{
    TENANT, groups, marketplace_plan, name, onboarding, parameter_order, parameters, principal,
    template,
};
use lighthouse_offer::arm::{
    self, ArmFiles, ArmOnboarding, RegistrationDescription, RegistrationName, ResourceGroupName,
    ResourceGroups, ResourceGroupsError, Scope,
};
use lighthouse_offer::{Authorization, Manifest, ManifestVersion, TenantId};
use serde_json::json;

// ---- names ----

#[test]
fn subscription_names_are_guids_of_the_managing_tenant_and_the_registration_name() {
    let ours = template(&arm::export(&onboarding(Scope::Subscription, false, false)));
    let seed = "[guid(parameters('managedByTenantId'), parameters('mspOfferName'))]";
    assert_eq!(ours["variables"]["mspRegistrationName"], seed);
    assert_eq!(ours["variables"]["mspAssignmentName"], seed);
    let definition_id = "[resourceId('Microsoft.ManagedServices/registrationDefinitions', variables('mspRegistrationName'))]";
    assert_eq!(
        ours["resources"][1]["properties"]["registrationDefinitionId"],
        definition_id
    );
    assert_eq!(ours["resources"][1]["dependsOn"], json!([definition_id]));
}

#[test]
fn resource_group_names_add_the_group_and_the_assignment_uses_its_own_definition() {
    let ours = template(&arm::export(&onboarding(groups(&["rg-a"]), false, false)));
    let guid = "guid(parameters('managedByTenantId'), parameters('mspOfferName'), parameters('resourceGroups')[copyIndex()].rgName)";
    let definition_id =
        format!("[resourceId('Microsoft.ManagedServices/registrationDefinitions', {guid})]");
    assert_eq!(ours["resources"][0]["name"], format!("[{guid}]"));
    let deployment = &ours["resources"][1];
    assert_eq!(deployment["dependsOn"], json!([definition_id]));
    let assignment = &deployment["properties"]["template"]["resources"][0];
    assert_eq!(assignment["name"], format!("[{guid}]"));
    assert_eq!(
        assignment["properties"]["registrationDefinitionId"],
        definition_id
    );
    // The two copy loops run over the same list, so index i is the same group in both.
    assert_eq!(
        ours["resources"][0]["copy"]["count"],
        deployment["copy"]["count"]
    );
    assert_ne!(
        ours["resources"][0]["copy"]["name"],
        deployment["copy"]["name"]
    );
}

// ---- the parameters file ----

#[test]
fn the_parameters_file_carries_the_values_in_arms_names() {
    let delete = Authorization::new(
        principal(2),
        name("Contoso Lighthouse admins"),
        Manifest::DELETE_ROLE,
    )
    .unwrap();
    let (manifest, _) = Manifest::builder(ManifestVersion::new(1, 4, 2), TENANT.parse().unwrap())
        .authorization(delete)
        .build()
        .unwrap()
        .into_parts();
    let onboarding = ArmOnboarding::new(
        RegistrationName::new("Contoso").unwrap(),
        RegistrationDescription::new("Managed services").unwrap(),
        manifest,
        groups(&["rg-b", "rg-a"]),
    )
    .with_marketplace_plan(marketplace_plan());
    let files = arm::export(&onboarding);
    assert_eq!(
        parameters(&files),
        json!({
            "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentParameters.json#",
            "contentVersion": "1.4.2.0",
            "parameters": {
                "mspOfferName": { "value": "Contoso" },
                "mspOfferDescription": { "value": "Managed services" },
                "managedByTenantId": { "value": TENANT },
                "authorizations": { "value": [{
                    "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-000000000002",
                    "principalIdDisplayName": "Contoso Lighthouse admins",
                    "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46"
                }] },
                "resourceGroups": { "value": [{ "rgName": "rg-b" }, { "rgName": "rg-a" }] },
                "marketplacePublisherId": { "value": "contoso" },
                "marketplaceOfferId": { "value": "contoso-sentinel" },
                "marketplacePlanId": { "value": "gold" },
                "marketplacePlanVersion": { "value": "1.4.2" }
            }
        })
    );
    // The template declares every parameter the file gives, in the same order.
    assert_eq!(
        parameter_order(&files.parameters_json()),
        files.template().parameter_names().collect::<Vec<_>>()
    );
}

#[test]
fn eligible_authorizations_are_written_with_their_whole_policy() {
    let files = arm::export(&onboarding(Scope::Subscription, true, false));
    assert_eq!(
        parameters(&files)["parameters"]["eligibleAuthorizations"]["value"],
        json!([{
            "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-000000000004",
            "principalIdDisplayName": "Contoso escalation engineers",
            "roleDefinitionId": "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "justInTimeAccessPolicy": {
                "multiFactorAuthProvider": "Azure",
                "maximumActivationDuration": "PT4H",
                "managedByTenantApprovers": [{
                    "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-000000000005",
                    "principalIdDisplayName": "Contoso approvers"
                }]
            }
        }])
    );
    let uaa = &parameters(&files)["parameters"]["authorizations"]["value"][2];
    assert_eq!(
        uaa["delegatedRoleDefinitionIds"],
        json!(["b24988ac-6180-42a0-ab88-20f7382dd24c"])
    );
}

#[test]
fn the_template_is_generic_and_the_export_deterministic() {
    let a = onboarding(Scope::Subscription, true, true);
    let mut other_tenant = Manifest::builder(ManifestVersion::new(9, 0, 0), TenantId::from_u128(7));
    for authorization in a.manifest().authorizations() {
        other_tenant = other_tenant.authorization(authorization.clone());
    }
    for eligible in a.manifest().eligible_authorizations() {
        other_tenant = other_tenant.eligible_authorization(eligible.clone());
    }
    let b = ArmOnboarding::new(
        RegistrationName::new("Fabrikam").unwrap(),
        RegistrationDescription::new("Other").unwrap(),
        other_tenant.build().unwrap().into_parts().0,
        Scope::Subscription,
    )
    .with_marketplace_plan(marketplace_plan());
    // The values live in the parameters file only.
    assert_eq!(
        arm::export(&a).template_json(),
        arm::export(&b).template_json()
    );
    assert_ne!(
        arm::export(&a).parameters_json(),
        arm::export(&b).parameters_json()
    );
    assert_eq!(arm::export(&a), arm::export(&a));
    assert!(arm::export(&a).template_json().ends_with("}\n"));
}

#[test]
fn file_names_say_the_scope() {
    let subscription = arm::export(&onboarding(Scope::Subscription, false, false));
    assert_eq!(subscription.template_file_name(), "subscription.json");
    assert_eq!(
        subscription.parameters_file_name(),
        "subscription.parameters.json"
    );
    let groups = arm::export(&onboarding(groups(&["rg-a"]), false, false));
    assert_eq!(groups.template_file_name(), "resource-groups.json");
    assert_eq!(
        groups.parameters_file_name(),
        "resource-groups.parameters.json"
    );
    assert_eq!(
        groups.template().schema(),
        arm::SUBSCRIPTION_TEMPLATE_SCHEMA
    );
    assert_eq!(groups.parameters().content_version(), "2.1.0.0");
    let names: Vec<&str> = groups.template().parameter_names().collect();
    assert_eq!(names.last(), Some(&"resourceGroups"));
}

// ---- values of the arm module ----

#[test]
fn resource_group_names_follow_azures_naming_rules() {
    for good in [
        "a",
        "rg-prod_1",
        "(rg).x",
        "ressourcengruppe-äöü",
        &"r".repeat(90),
    ] {
        assert!(ResourceGroupName::new(good).is_ok(), "{good}");
    }
    let error = |text: &str| ResourceGroupName::new(text).unwrap_err().to_string();
    assert_eq!(
        error(""),
        "resource group name is empty, at least 1 is required"
    );
    assert_eq!(
        error(&"r".repeat(91)),
        "resource group name has 91 characters, at most 90 are allowed"
    );
    let characters = "letters, digits, `_`, `-`, `.`, `(` and `)`, and may not end with `.`";
    for bad in ["rg prod", "rg/prod", "rg#1", "rg."] {
        assert_eq!(
            error(bad),
            format!("resource group name may contain only {characters}, found {bad:?}")
        );
    }
}

#[test]
fn a_scope_delegates_one_to_four_hundred_distinct_groups() {
    let names = |n: usize| (0..n).map(|i| ResourceGroupName::new(format!("rg-{i}")).unwrap());
    assert_eq!(ResourceGroups::new(names(1)).unwrap().names().len(), 1);
    assert_eq!(ResourceGroups::new(names(400)).unwrap().names().len(), 400);
    assert_eq!(
        ResourceGroups::new(names(401)).unwrap_err(),
        ResourceGroupsError::TooMany {
            found: 401,
            max: 400
        }
    );
    assert_eq!(
        ResourceGroups::new(names(401)).unwrap_err().to_string(),
        "one template delegates at most 400 resource groups, found 401"
    );
    assert_eq!(
        ResourceGroups::new(names(0)).unwrap_err(),
        ResourceGroupsError::Empty
    );
    let twice =
        ResourceGroups::new(["rg-a", "rg-b", "RG-A"].map(|n| ResourceGroupName::new(n).unwrap()));
    assert_eq!(
        twice.unwrap_err().to_string(),
        "resource group \"RG-A\" is listed twice, first at index 0"
    );
}

#[test]
fn registration_texts_need_one_character_and_plan_texts_always_fit() {
    assert_eq!(
        RegistrationName::new("").unwrap_err().to_string(),
        "registration name is empty, at least 1 is required"
    );
    assert_eq!(
        RegistrationDescription::new("").unwrap_err().to_string(),
        "registration description is empty, at least 1 is required"
    );
    assert!(RegistrationName::new("x").is_ok());
    let title = lighthouse_offer::PlanTitle::new("Gold").unwrap();
    assert_eq!(RegistrationName::from(&title).as_str(), "Gold");
}

#[test]
fn arm_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<ArmOnboarding>();
    check::<ArmFiles>();
    check::<Scope>();
    check::<ResourceGroupsError>();
}
