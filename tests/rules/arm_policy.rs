//! `arm::export_policy` and the policies `arm::check` reads: the definition's rule, its existence
//! condition (the plan's version and authorizations, through the resource provider's aliases),
//! the management group deployment, and the delegation a policy deploys judged as a template
//! would be, each finding at its place in the policy.
//!
//! Validation of the embedded definition against Microsoft's schema is a conformance test:
//! `tests/conformance/arm_export.rs`.

use crate::support::arm_export::{TENANT, groups, onboarding, principal};
use lighthouse_offer::arm::{self, PolicyFiles, REMEDIATION_ROLE, Scope};
use lighthouse_offer::{Offer, Severity};
use serde_json::{Value, json};

fn export(eligible: bool) -> PolicyFiles {
    arm::export_policy(&onboarding(Scope::Subscription, eligible, false))
}

fn found(report: &lighthouse_offer::Report) -> Vec<(&str, &str)> {
    report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().as_str()))
        .collect()
}

/// The rule's `then.details`: what the policy looks for, and what it deploys.
fn details(files: &PolicyFiles) -> &Value {
    &files.definition()["properties"]["policyRule"]["then"]["details"]
}

/// The template the policy deploys.
fn deployed_template(files: &PolicyFiles) -> &Value {
    &details(files)["deployment"]["properties"]["template"]
}

/// The conditions of the existence condition's `allOf`.
fn conditions(files: &PolicyFiles) -> Vec<Value> {
    details(files)["existenceCondition"]["allOf"]
        .as_array()
        .unwrap()
        .clone()
}

/// Every alias the rule names, whatever the nesting.
fn aliases(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "field"
                    && let Some(alias) = v.as_str()
                {
                    out.push(alias.to_owned());
                }
                aliases(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| aliases(v, out)),
        _ => {}
    }
}

// ---- the definition ----

#[test]
fn the_definition_deploys_if_no_delegation_of_the_plan_exists_on_a_subscription() {
    let files = export(true);
    let definition = files.definition();
    assert_eq!(
        definition["type"],
        "Microsoft.Authorization/policyDefinitions"
    );
    let properties = &definition["properties"];
    assert_eq!(properties["policyType"], "Custom");
    assert_eq!(properties["mode"], "All");
    assert_eq!(properties["metadata"]["version"], "2.1.0");
    let rule = &properties["policyRule"];
    assert_eq!(
        rule["if"],
        json!({ "field": "type", "equals": "Microsoft.Resources/subscriptions" })
    );
    assert_eq!(rule["then"]["effect"], "deployIfNotExists");
    let details = &rule["then"]["details"];
    assert_eq!(
        details["type"],
        "Microsoft.ManagedServices/registrationDefinitions"
    );
    assert_eq!(details["existenceScope"], "subscription");
    assert_eq!(details["deploymentScope"], "subscription");
    assert_eq!(details["roleDefinitionIds"], json!([REMEDIATION_ROLE]));
    assert_eq!(
        REMEDIATION_ROLE,
        "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
    );
    assert!(details["deployment"]["location"].is_string());
    let deployed = &details["deployment"]["properties"];
    assert_eq!(deployed["mode"], "incremental");
    // The template of `arm export` for the whole subscription, at API version 2022-10-01.
    let resources = deployed["template"]["resources"].as_array().unwrap();
    let types: Vec<&str> = resources
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "Microsoft.ManagedServices/registrationDefinitions",
            "Microsoft.ManagedServices/registrationAssignments"
        ]
    );
    assert!(resources.iter().all(|r| r["apiVersion"] == "2022-10-01"));
    assert_eq!(
        resources[0]["properties"]["eligibleAuthorizations"],
        "[parameters('eligibleAuthorizations')]"
    );
    // With its values: the plan's, the eligible ones with their whole just-in-time policy.
    let values = &deployed["parameters"];
    assert_eq!(values["managedByTenantId"]["value"], TENANT);
    assert_eq!(
        values["mspOfferName"]["value"],
        "Contoso Managed Sentinel (v2.1.0)"
    );
    let eligible = &values["eligibleAuthorizations"]["value"][0];
    assert_eq!(eligible["principalId"], principal(4).to_string());
    let policy = &eligible["justInTimeAccessPolicy"];
    assert_eq!(policy["multiFactorAuthProvider"], "Azure");
    assert_eq!(policy["maximumActivationDuration"], "PT4H");
    assert_eq!(
        policy["managedByTenantApprovers"][0]["principalId"],
        principal(5).to_string()
    );
}

#[test]
fn the_existence_condition_compares_the_version_and_the_authorizations() {
    let files = export(true);
    let all = conditions(&files);
    let alias = "Microsoft.ManagedServices/registrationDefinitions";
    assert_eq!(
        all[..3],
        [
            json!({ "field": "type", "equals": alias }),
            json!({ "field": format!("{alias}/managedByTenantId"), "equals": TENANT }),
            json!({ "field": format!("{alias}/registrationDefinitionName"), "equals": "Contoso Managed Sentinel (v2.1.0)" }),
        ]
    );
    assert_eq!(
        files.registration_name(),
        "Contoso Managed Sentinel (v2.1.0)"
    );
    // As many authorizations as the plan's, each one of the plan's (principal, role).
    let permanent = format!("{alias}/authorizations[*]");
    assert_eq!(
        all[3],
        json!({ "count": { "field": permanent }, "equals": 4 })
    );
    assert_eq!(all[4]["equals"], 4);
    assert_eq!(all[4]["count"]["field"], permanent);
    let pairs = all[4]["count"]["where"]["anyOf"].as_array().unwrap();
    assert_eq!(pairs.len(), 4);
    assert_eq!(
        pairs[0],
        json!({ "allOf": [
            { "field": format!("{permanent}.principalId"), "equals": principal(1).to_string() },
            { "field": format!("{permanent}.roleDefinitionId"), "equals": "acdd72a7-3385-48ef-bd42-f606fba81ae7" },
        ] })
    );
    // The eligible ones with their multi-factor authentication.
    let eligible = format!("{alias}/eligibleAuthorizations[*]");
    assert_eq!(
        all[5],
        json!({ "count": { "field": eligible }, "equals": 1 })
    );
    assert_eq!(
        all[6]["count"]["where"]["anyOf"][0]["allOf"][2],
        json!({ "field": format!("{eligible}.justInTimeAccessPolicy.multiFactorAuthProvider"), "equals": "Azure" })
    );
    assert_eq!(all.len(), 7);
}

#[test]
fn a_plan_without_eligible_authorizations_wants_none_deployed() {
    let all = conditions(&export(false));
    let eligible = "Microsoft.ManagedServices/registrationDefinitions/eligibleAuthorizations[*]";
    assert_eq!(
        all.last().unwrap(),
        &json!({ "count": { "field": eligible }, "equals": 0 })
    );
    assert_eq!(all.len(), 6);
}

#[test]
fn the_rule_names_only_the_resource_providers_aliases() {
    // Get-AzPolicyAlias for Microsoft.ManagedServices/registrationDefinitions (state of
    // 2025-02-20, docs/research/resource-graph-policy.md §4); never the assignment's
    // `registrationDefinition.*` aliases, which are empty for template deployments.
    let known = [
        "type",
        "Microsoft.ManagedServices/registrationDefinitions/managedByTenantId",
        "Microsoft.ManagedServices/registrationDefinitions/registrationDefinitionName",
        "Microsoft.ManagedServices/registrationDefinitions/authorizations[*]",
        "Microsoft.ManagedServices/registrationDefinitions/authorizations[*].principalId",
        "Microsoft.ManagedServices/registrationDefinitions/authorizations[*].roleDefinitionId",
        "Microsoft.ManagedServices/registrationDefinitions/eligibleAuthorizations[*]",
        "Microsoft.ManagedServices/registrationDefinitions/eligibleAuthorizations[*].principalId",
        "Microsoft.ManagedServices/registrationDefinitions/eligibleAuthorizations[*].roleDefinitionId",
        "Microsoft.ManagedServices/registrationDefinitions/eligibleAuthorizations[*].justInTimeAccessPolicy.multiFactorAuthProvider",
    ];
    let mut named = Vec::new();
    aliases(
        &export(true).definition()["properties"]["policyRule"],
        &mut named,
    );
    named.sort();
    named.dedup();
    for alias in &named {
        assert!(
            known.contains(&alias.as_str()),
            "{alias} is not a known alias"
        );
    }
    assert_eq!(named.len(), known.len());
}

#[test]
fn a_new_version_keeps_the_policys_and_the_delegations_names() {
    let offer_text = std::fs::read_to_string("examples/contoso-sentinel/offer.json").unwrap();
    let next = offer_text.replace("\"version\": \"1.2.0\"", "\"version\": \"1.3.0\"");
    assert_ne!(next, offer_text);
    let policy = |text: &str| {
        let offer = Offer::from_json_str(text).unwrap().into_parts().0;
        arm::export_policy(&arm::ArmOnboarding::for_offer_plan(
            &offer,
            &offer.plans()[0],
            Scope::Subscription,
        ))
    };
    let (old, new) = (policy(&offer_text), policy(&next));
    assert_eq!(old.definition()["name"], new.definition()["name"]);
    let name = |f: &PolicyFiles| deployed_template(f)["variables"]["mspRegistrationName"].clone();
    assert_eq!(name(&old), name(&new));
    assert!(old.registration_name().ends_with("(v1.2.0)"));
    assert!(new.registration_name().ends_with("(v1.3.0)"));
}

#[test]
fn resource_groups_are_delegated_as_whole_subscriptions_by_a_policy() {
    let files = arm::export_policy(&onboarding(groups(&["rg-a"]), false, false));
    let template = deployed_template(&files);
    assert_eq!(
        template["resources"][1]["type"],
        "Microsoft.ManagedServices/registrationAssignments"
    );
}

// ---- the management group deployment ----

#[test]
fn the_deployment_creates_assigns_and_grants_the_remediation_role() {
    let files = export(true);
    let deployment = files.deployment();
    assert_eq!(
        deployment["$schema"],
        "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"
    );
    let resources = deployment["resources"].as_array().unwrap();
    let types: Vec<&str> = resources
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "Microsoft.Authorization/policyDefinitions",
            "Microsoft.Authorization/policyAssignments",
            "Microsoft.Authorization/roleAssignments"
        ]
    );
    assert_eq!(resources[0]["name"], files.definition()["name"]);
    let assignment = &resources[1];
    assert_eq!(assignment["identity"], json!({ "type": "SystemAssigned" }));
    assert!(assignment["name"].as_str().unwrap().len() <= 24);
    assert!(
        assignment["properties"]["policyDefinitionId"]
            .as_str()
            .unwrap()
            .contains(files.definition()["name"].as_str().unwrap())
    );
    let role = &resources[2]["properties"];
    assert_eq!(role["roleDefinitionId"], REMEDIATION_ROLE);
    assert_eq!(role["principalType"], "ServicePrincipal");
    assert!(
        role["principalId"]
            .as_str()
            .unwrap()
            .ends_with(".identity.principalId]")
    );
    assert!(
        deployment["outputs"]["remediation"]["value"]
            .as_str()
            .unwrap()
            .contains("az policy remediation create")
    );
}

#[test]
fn the_deployment_holds_the_definition_escaped_once() {
    let files = export(true);
    let stored = &files.deployment()["resources"][0]["properties"];
    let plain = &files.definition()["properties"];
    let template = "/policyRule/then/details/deployment/properties/template/resources/0/properties/authorizations";
    assert_eq!(
        plain.pointer(template).unwrap(),
        "[parameters('authorizations')]"
    );
    assert_eq!(
        stored.pointer(template).unwrap(),
        "[[parameters('authorizations')]"
    );
    // Texts are kept as they are.
    assert_eq!(stored["policyRule"]["then"]["effect"], "deployIfNotExists");
    assert_eq!(stored["displayName"], plain["displayName"]);
}

// ---- arm check on a policy ----

#[test]
fn an_exported_policy_and_its_deployment_are_judged_without_findings() {
    for eligible in [false, true] {
        let files = export(eligible);
        for text in [files.definition_json(), files.deployment_json()] {
            let (delegation, warnings) = arm::check(&text).unwrap().into_parts();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(
                delegation.name().as_str(),
                "Contoso Managed Sentinel (v2.1.0)"
            );
            assert_eq!(delegation.tenant_id().to_string(), TENANT);
            assert_eq!(delegation.authorizations().len(), 3 + usize::from(eligible));
            assert_eq!(
                delegation.eligible_authorizations().len(),
                usize::from(eligible)
            );
            assert_eq!(delegation.scope(), &Scope::Subscription);
        }
    }
}

#[test]
fn the_policys_properties_alone_are_read_too() {
    let files = export(false);
    let properties = files.definition()["properties"].to_string();
    assert!(arm::check(&properties).is_ok());
    assert!(arm::check_value(&files.definition()["properties"]).is_ok());
}

#[test]
fn owner_in_the_embedded_delegation_is_found_where_it_is_written() {
    let files = export(false);
    let owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    let reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    let value_at = "/properties/policyRule/then/details/deployment/properties/parameters/authorizations/value/0/roleDefinitionId";
    let mut definition = files.definition().clone();
    assert_eq!(definition.pointer(value_at).unwrap(), reader);
    *definition.pointer_mut(value_at).unwrap() = json!(owner);
    let report = arm::check(&definition.to_string()).unwrap_err();
    assert_eq!(found(&report), [("owner-role", value_at)]);
    // The same in the management group deployment, one level down.
    let mut deployment = files.deployment().clone();
    let stored_at = format!("/resources/0{value_at}");
    *deployment.pointer_mut(&stored_at).unwrap() = json!(owner);
    let report = arm::check(&deployment.to_string()).unwrap_err();
    assert_eq!(found(&report), [("owner-role", stored_at.as_str())]);
    // As a template with the same values gets it.
    let template = arm::export(&onboarding(Scope::Subscription, false, false));
    let parameters = template.parameters_json().replacen(reader, owner, 1);
    let checked = arm::check_with_template(&parameters, &template.template_json());
    assert_eq!(
        checked.diagnostics(arm::ArmFile::Parameters)[0].name(),
        "owner-role"
    );
}

#[test]
fn a_finding_in_the_embedded_template_is_placed_in_it() {
    let files = export(false);
    let at =
        "/properties/policyRule/then/details/deployment/properties/template/resources/0/apiVersion";
    let mut definition = files.definition().clone();
    *definition.pointer_mut(at).unwrap() = json!("2019-06-01");
    let (_, warnings) = arm::check(&definition.to_string()).unwrap().into_parts();
    let names: Vec<(&str, &str)> = warnings
        .iter()
        .map(|d| (d.name(), d.path().as_str()))
        .collect();
    assert_eq!(names, [("old-api-version", at)]);
}

#[test]
fn policy_parameters_give_their_defaults_and_are_unknown_without_one() {
    let files = export(false);
    let mut definition = files.definition().clone();
    let values = "/properties/policyRule/then/details/deployment/properties/parameters";
    let tenant_at = format!("{values}/managedByTenantId/value");
    *definition.pointer_mut(&tenant_at).unwrap() = json!("[parameters('tenant')]");
    definition["properties"]["parameters"] =
        json!({ "tenant": { "type": "String", "defaultValue": "not a GUID" } });
    let report = arm::check(&definition.to_string()).unwrap_err();
    assert_eq!(
        found(&report),
        [("invalid-guid", "/properties/parameters/tenant/defaultValue")]
    );
    // Without a default, each assignment gives it: a note, no delegation, no error.
    definition["properties"]["parameters"] = json!({ "tenant": { "type": "String" } });
    let report = arm::check(&definition.to_string()).unwrap_err();
    assert_eq!(
        found(&report),
        [("deployment-time-value", tenant_at.as_str())]
    );
    assert!(
        report
            .diagnostics()
            .iter()
            .all(|d| d.severity() == Severity::Note)
    );
    // `[[` keeps a text: the text `[x]` is no GUID.
    *definition.pointer_mut(&tenant_at).unwrap() = json!("[[x]");
    let report = arm::check(&definition.to_string()).unwrap_err();
    assert_eq!(found(&report), [("invalid-guid", tenant_at.as_str())]);
}

#[test]
fn a_policy_that_deploys_something_else_is_not_a_delegation() {
    let policy = json!({ "properties": { "mode": "All", "policyRule": {
        "if": { "field": "type", "equals": "Microsoft.Storage/storageAccounts" },
        "then": { "effect": "deployIfNotExists", "details": { "type": "Microsoft.Insights/diagnosticSettings",
            "deployment": { "properties": { "mode": "incremental", "template": {
                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0",
                "resources": [{ "type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview", "name": "x" }]
            } } } } } } } });
    let report = arm::check(&policy.to_string()).unwrap_err();
    assert_eq!(
        found(&report),
        [(
            "not-a-delegation",
            "/properties/policyRule/then/details/deployment/properties/template/resources"
        )]
    );
    // A policy without a deployment (deny, audit) is no ARM file of a delegation either.
    let deny = json!({ "properties": { "mode": "All", "policyRule": {
        "if": { "field": "type", "equals": "Microsoft.ManagedServices/registrationDefinitions" },
        "then": { "effect": "deny" } } } });
    assert_eq!(
        found(&arm::check(&deny.to_string()).unwrap_err()),
        [("not-a-delegation", "")]
    );
}

#[test]
fn a_policy_that_compares_only_the_tenant_ignores_changes() {
    let files = export(false);
    let details = "/properties/policyRule/then/details";
    let mut definition = files.definition().clone();
    // Microsoft's sample's condition: any definition of the managing tenant.
    *definition
        .pointer_mut(&format!("{details}/existenceCondition"))
        .unwrap() = json!({ "allOf": [
            { "field": "type", "equals": "Microsoft.ManagedServices/registrationDefinitions" },
            { "field": "Microsoft.ManagedServices/registrationDefinitions/managedByTenantId", "equals": TENANT },
        ] });
    let (_, warnings) = arm::check(&definition.to_string()).unwrap().into_parts();
    let at = format!("{details}/existenceCondition");
    assert_eq!(
        warnings
            .iter()
            .map(|d| (d.name(), d.path().as_str()))
            .collect::<Vec<_>>(),
        [("policy-ignores-changes", at.as_str())]
    );
    assert_eq!(
        warnings[0].message(),
        "the policy's existence condition compares only `managedByTenantId` of what is deployed: a subscription delegated to another version of the plan, or to other principals, counts as compliant and is never remediated"
    );
    // Without a condition at all, any definition counts.
    definition["properties"]["policyRule"]["then"]["details"]
        .as_object_mut()
        .unwrap()
        .remove("existenceCondition");
    let (_, warnings) = arm::check(&definition.to_string()).unwrap().into_parts();
    assert_eq!(warnings[0].name(), "policy-ignores-changes");
    assert_eq!(warnings[0].path().as_str(), details);
    assert!(warnings[0].message().contains("compares nothing"));
}
