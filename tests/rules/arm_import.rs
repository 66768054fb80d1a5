//! ARM import: Microsoft's samples file by file, parameters files and templates read into the
//! model with every problem at its JSON Pointer in the ARM file, and the round trip through
//! the export.
//!
//! The tests of Microsoft's samples are conformance tests: see `reference_data`.

use lighthouse_offer::arm::{
    self, ArmDelegation, ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName,
    ResourceGroupName, ResourceGroups, Scope,
};
use lighthouse_offer::plans::{JustInTimeAccessPolicy, MultiFactorAuthProvider};
use lighthouse_offer::{
    Authorization, DisplayName, EligibleAuthorization, Manifest, ManifestVersion, OfferId, PlanId,
    PrincipalId, PublisherId, RoleDefinitionId,
};
use serde_json::{Value, json};

use crate::support::{named as pairs, names};

const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";
const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const DELETE: &str = "91c1777a-f3dc-4fae-b103-61d183457e46";
const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const NIL: &str = "00000000-0000-0000-0000-000000000000";
const CUSTOM_ROLE: &str = "11111111-2222-4333-8444-555555555555";

#[track_caller]
fn problems(file: &Value) -> Vec<(&'static str, String)> {
    names(arm::check(&file.to_string()).unwrap_err().diagnostics())
}

#[track_caller]
fn messages(file: &Value) -> Vec<String> {
    arm::check(&file.to_string())
        .unwrap_err()
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[track_caller]
fn read(file: &Value) -> (ArmDelegation, Vec<(&'static str, String)>) {
    let (onboarding, warnings) = arm::check(&file.to_string())
        .unwrap_or_else(|report| panic!("{report}"))
        .into_parts();
    let warnings = warnings
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect();
    (onboarding, warnings)
}

fn authorization(n: u128, role: &str) -> Value {
    json!({
        "principalId": PrincipalId::from_u128(0x5c1a_9d3e_0000 + n).to_string(),
        "principalIdDisplayName": format!("Contoso group {n}"),
        "roleDefinitionId": role,
    })
}

/// A parameters file in the shape of Microsoft's samples.
fn parameters_file(authorizations: &[Value]) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentParameters.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "mspOfferName": { "value": "Contoso Managed Sentinel" },
            "mspOfferDescription": { "value": "24x7 monitoring by the Contoso SOC" },
            "managedByTenantId": { "value": TENANT },
            "authorizations": { "value": authorizations },
        }
    })
}

fn valid_file() -> Value {
    parameters_file(&[authorization(1, READER), authorization(2, DELETE)])
}

/// The resource groups a file delegates, in its order; the file must read into resource groups.
#[track_caller]
fn group_names(file: &Value) -> Vec<String> {
    let Scope::ResourceGroups(groups) = read(file).0.scope().clone() else {
        panic!("expected resource groups");
    };
    groups
        .names()
        .iter()
        .map(|name| name.as_str().to_owned())
        .collect()
}

// ---- parameters files ----

#[test]
fn a_valid_parameters_file_gives_the_onboarding() {
    let (onboarding, warnings) = read(&valid_file());
    assert!(warnings.is_empty());
    assert_eq!(onboarding.name().as_str(), "Contoso Managed Sentinel");
    assert_eq!(
        onboarding.description().unwrap().as_str(),
        "24x7 monitoring by the Contoso SOC"
    );
    assert_eq!(onboarding.scope(), &Scope::Subscription);
    assert_eq!(onboarding.tenant_id().to_string(), TENANT);
    assert_eq!(onboarding.authorizations().len(), 2);
    assert!(
        onboarding
            .authorizations()
            .iter()
            .any(|a| a.role_definition_id() == Manifest::DELETE_ROLE)
    );
}

#[test]
fn warnings_point_into_the_arm_file() {
    let (_, warnings) = read(&parameters_file(&[
        authorization(1, READER),
        authorization(2, CUSTOM_ROLE),
    ]));
    assert_eq!(
        warnings,
        pairs(&[
            ("missing-delete-role", "/parameters/authorizations/value"),
            (
                "unknown-role",
                "/parameters/authorizations/value/1/roleDefinitionId"
            ),
        ])
    );
}

#[test]
fn role_rules_point_into_the_value_arrays() {
    let mut file = parameters_file(&[authorization(1, DELETE), authorization(2, OWNER)]);
    file["parameters"]["eligibleAuthorizations"] = json!({ "value": [
        { "principalId": TENANT, "principalIdDisplayName": "Escalation",
          "roleDefinitionId": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9" }
    ] });
    assert_eq!(
        problems(&file),
        pairs(&[
            (
                "owner-role",
                "/parameters/authorizations/value/1/roleDefinitionId"
            ),
            (
                "unsupported-eligible-role",
                "/parameters/eligibleAuthorizations/value/0/roleDefinitionId"
            ),
        ])
    );
}

#[test]
fn manifest_rules_point_into_the_value_arrays() {
    // Partner Center's 20 authorizations per plan are no rule of the resource provider
    // (issue 13, point 9): 21 are read.
    let mut many: Vec<Value> = (0..21).map(|n| authorization(n, READER)).collect();
    many.push(authorization(21, DELETE));
    let (delegation, warnings) = read(&parameters_file(&many));
    assert_eq!(delegation.authorizations().len(), 22);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        problems(&parameters_file(&[])),
        pairs(&[(
            "no-permanent-authorization",
            "/parameters/authorizations/value"
        )])
    );
    let mut mismatch = valid_file();
    let eligible = |duration: &str| {
        json!({ "principalId": TENANT, "principalIdDisplayName": "Escalation", "roleDefinitionId": CONTRIBUTOR,
                "justInTimeAccessPolicy": { "multiFactorAuthProvider": "Azure", "maximumActivationDuration": duration } })
    };
    mismatch["parameters"]["eligibleAuthorizations"] =
        json!({ "value": [eligible("PT8H"), eligible("PT4H")] });
    assert_eq!(
        problems(&mismatch),
        pairs(&[
            (
                "eligible-without-permanent-authorization",
                "/parameters/eligibleAuthorizations/value/0/principalId"
            ),
            (
                "eligible-policy-mismatch",
                "/parameters/eligibleAuthorizations/value/1/justInTimeAccessPolicy"
            )
        ])
    );
}

#[test]
fn a_placeholder_is_reported_instead_of_what_it_breaks() {
    let mut file = valid_file();
    file["parameters"]["mspOfferName"]["value"] = json!("<your offer name>");
    file["parameters"]["authorizations"]["value"][0]["principalId"] = json!("<group object id>");
    file["parameters"]["authorizations"]["value"][1]["roleDefinitionId"] = json!(" <role> ");
    assert_eq!(
        messages(&file),
        [
            "error[LO0700] /parameters/authorizations/value/0/principalId: \"<group object id>\" is a placeholder left from a sample; expected the object ID of a user or group in the managing tenant",
            "error[LO0700] /parameters/authorizations/value/1/roleDefinitionId: \" <role> \" is a placeholder left from a sample; expected the ID of a built-in role",
            "error[LO0700] /parameters/mspOfferName/value: \"<your offer name>\" is a placeholder left from a sample; expected the registration name, usually the offer's name",
        ]
    );
}

#[test]
fn html_and_angle_brackets_inside_text_are_no_placeholders() {
    let mut file = valid_file();
    file["parameters"]["mspOfferDescription"]["value"] = json!("<p>Managed services</p>");
    file["parameters"]["mspOfferName"]["value"] = json!("Contoso <Gold>");
    file["parameters"]["authorizations"]["value"][0]["principalIdDisplayName"] = json!("<>");
    let (onboarding, _) = read(&file);
    assert_eq!(
        onboarding.description().unwrap().as_str(),
        "<p>Managed services</p>"
    );
}

#[test]
fn the_all_zero_guid_is_reported_wherever_it_is() {
    let mut file = parameters_file(&[authorization(1, NIL), authorization(2, DELETE)]);
    file["parameters"]["managedByTenantId"]["value"] = json!(NIL);
    file["parameters"]["authorizations"]["value"][1]["principalId"] = json!(NIL.to_uppercase());
    // The all-zero role is not also an unknown role: one finding per place.
    assert_eq!(
        messages(&file),
        [
            "error[LO0701] /parameters/authorizations/value/0/roleDefinitionId: expected the ID of a built-in role, found the all-zero GUID, a placeholder of Microsoft's samples",
            "error[LO0701] /parameters/authorizations/value/1/principalId: expected the object ID of a user or group in the managing tenant, found the all-zero GUID, a placeholder of Microsoft's samples",
            "error[LO0701] /parameters/managedByTenantId/value: expected the managing tenant's ID, found the all-zero GUID, a placeholder of Microsoft's samples",
        ]
    );
}

#[test]
fn missing_and_unknown_parameters_are_named() {
    let file = json!({ "parameters": {
        "authorizations": { "value": [authorization(1, DELETE)] },
        "mspOfferNmae": { "value": "Contoso" },
    }});
    assert_eq!(
        messages(&file),
        [
            "error[LO0003] /parameters: missing parameter `mspOfferName`, the registration name, usually the offer's name",
            "error[LO0003] /parameters: missing parameter `managedByTenantId`, the managing tenant's ID",
            // The resource provider does not require a description (issue 13, point 9).
            "warning[LO0714] /parameters: the registration definition has no description; the provider does not require one, but customers then see only the name: add a description of the offer",
            "error[LO0004] /parameters/mspOfferNmae: unknown parameter `mspOfferNmae`; a delegation's parameters file has `mspOfferName`, `mspOfferDescription`, `managedByTenantId`, `authorizations`, `eligibleAuthorizations`, `rgName`, `resourceGroups`, `marketplaceOffer`, `marketplacePublisherId`, `marketplaceOfferId`, `marketplacePlanId`, `marketplacePlanVersion` (check a file with other names with its template, `--template`)",
        ]
    );
}

#[test]
fn parameter_names_are_read_without_regard_to_case_but_once() {
    let mut file = valid_file();
    let name = file["parameters"]
        .as_object_mut()
        .unwrap()
        .remove("mspOfferName")
        .unwrap();
    file["parameters"]["MSPOfferName"] = name;
    assert_eq!(read(&file).0.name().as_str(), "Contoso Managed Sentinel");
    file["parameters"]["mspoffername"] = json!({ "value": "Other" });
    let twice = problems(&file);
    assert_eq!(twice.len(), 1);
    assert_eq!(twice[0].0, "duplicate-item");
}

#[test]
fn each_parameter_is_an_object_with_a_value() {
    let mut file = valid_file();
    file["parameters"]["mspOfferName"] = json!({ "reference": { "keyVault": {} } });
    file["parameters"]["mspOfferDescription"] = json!("Contoso");
    file["extra"] = json!(1);
    // A parameter that is there without a readable value is not also reported missing.
    assert_eq!(
        messages(&file),
        [
            "error[LO0004] /extra: unknown field `extra`; expected one of `$schema`, `contentVersion`, `parameters`",
            "error[LO0002] /parameters/mspOfferDescription: expected an object, found the string \"Contoso\"",
            "error[LO0003] /parameters/mspOfferName: missing required field `value`",
            "error[LO0004] /parameters/mspOfferName/reference: unknown field `reference`; expected one of `value`",
        ]
    );
}

#[test]
fn one_resource_group_or_several() {
    let mut one = valid_file();
    one["parameters"]["rgName"] = json!({ "value": "rg-sentinel" });
    let expected = ResourceGroups::new([ResourceGroupName::new("rg-sentinel").unwrap()]).unwrap();
    assert_eq!(read(&one).0.scope(), &Scope::ResourceGroups(expected));

    let mut several = valid_file();
    several["parameters"]["resourceGroups"] =
        json!({ "value": [{ "rgName": "rg-b" }, { "rgName": "rg-a" }] });
    assert_eq!(group_names(&several), ["rg-b", "rg-a"]);
}

#[test]
fn resource_group_problems_point_at_the_names() {
    let mut file = valid_file();
    file["parameters"]["resourceGroups"] = json!({ "value": [
        { "rgName": "rg-a" }, { "rgName": "rg b" }, { "rgName": "RG-A" }, { "name": "rg-c" }
    ] });
    assert_eq!(
        problems(&file),
        pairs(&[
            (
                "invalid-identifier",
                "/parameters/resourceGroups/value/1/rgName"
            ),
            (
                "duplicate-item",
                "/parameters/resourceGroups/value/2/rgName"
            ),
            // `name` for `rgName`: one problem, told once, as the misspelt field.
            ("unknown-field", "/parameters/resourceGroups/value/3/name"),
        ])
    );
    file["parameters"]["resourceGroups"] = json!({ "value": [] });
    assert_eq!(
        messages(&file),
        [
            "error[LO0005] /parameters/resourceGroups/value: expected at least one resource group to delegate, found none"
        ]
    );
    file["parameters"]["rgName"] = json!({ "value": "rg-a" });
    assert_eq!(
        messages(&file),
        [
            "error[LO0706] /parameters/resourceGroups/value: expected either `rgName` (one resource group) or `resourceGroups` (several), found both"
        ]
    );
}

#[test]
fn a_marketplace_plan_is_read_when_the_file_links_one() {
    let mut file = valid_file();
    for (name, value) in [
        ("marketplacePublisherId", "contoso"),
        ("marketplaceOfferId", "contoso-sentinel"),
        ("marketplacePlanId", "gold"),
        ("marketplacePlanVersion", "3.2.1"),
    ] {
        file["parameters"][name] = json!({ "value": value });
    }
    // Without `marketplaceOffer`, the template's default ("Yes" in Microsoft's sample) applies.
    let (onboarding, _) = read(&file);
    assert_eq!(
        onboarding.marketplace_plan(),
        Some(&MarketplacePlan::new(
            PublisherId::new("contoso").unwrap(),
            OfferId::new("contoso-sentinel").unwrap(),
            PlanId::new("gold").unwrap(),
        ))
    );
    assert_eq!(onboarding.version().to_string(), "3.2.1");

    file["parameters"]["marketplaceOffer"] = json!({ "value": "No" });
    let (unlinked, _) = read(&file);
    assert!(unlinked.marketplace_plan().is_none());
    assert_eq!(unlinked.version(), &arm::DEFAULT_VERSION);

    file["parameters"]["marketplaceOffer"] = json!({ "value": "Maybe" });
    assert_eq!(
        messages(&file),
        [
            "error[LO0108] /parameters/marketplaceOffer/value: expected \"Yes\" or \"No\", found \"Maybe\""
        ]
    );

    file["parameters"]["marketplaceOffer"] = json!({ "value": "Yes" });
    file["parameters"]["marketplaceOfferId"] = json!({ "value": "Contoso Sentinel" });
    file["parameters"]["marketplacePlanVersion"] = json!({ "value": "3.2" });
    file["parameters"]
        .as_object_mut()
        .unwrap()
        .remove("marketplacePlanId");
    assert_eq!(
        problems(&file),
        pairs(&[
            ("missing-field", "/parameters"),
            ("invalid-identifier", "/parameters/marketplaceOfferId/value"),
            (
                "invalid-version",
                "/parameters/marketplacePlanVersion/value"
            ),
        ])
    );
}

#[test]
fn the_version_comes_from_the_content_version_when_there_is_no_plan() {
    for (content_version, expected) in [
        ("1.2.3.0", "1.2.3"),
        ("1.0.0.0", "1.0.0"),
        ("1.2.3.4", "1.0.0"),
        ("1.2.3", "1.0.0"),
        ("01.2.3.0", "1.0.0"),
    ] {
        let mut file = valid_file();
        file["contentVersion"] = json!(content_version);
        assert_eq!(
            read(&file).0.version().to_string(),
            expected,
            "{content_version}"
        );
    }
}

#[test]
fn files_that_are_not_delegation_files_say_so() {
    assert_eq!(
        names(arm::check("{ \"parameters\": ").unwrap_err().diagnostics()),
        pairs(&[("invalid-json", "")])
    );
    assert_eq!(
        messages(&json!([1])),
        [
            "error[LO0002] (document): expected an ARM template or parameters file, an object, found an array of 1 items"
        ]
    );
    assert_eq!(
        messages(&json!({ "planId": "gold" })),
        [
            "error[LO0702] (document): expected an ARM template (with `resources`) or parameters file (with `parameters`), found an object with `planId`"
        ]
    );
    assert_eq!(
        messages(&json!({ "parameters": {} })),
        [
            "error[LO0702] /parameters: expected the parameters of an Azure Lighthouse delegation (`mspOfferName`, `managedByTenantId`, `authorizations`, or the policy's `managedByName`, `managedByTenantId`, `managedByAuthorizations`), found none; a parameters file with other names is checked with its template (`--template`)"
        ]
    );
    assert_eq!(
        messages(&json!({ "resources": [] })),
        [
            "error[LO0702] /resources: expected a template that deploys Microsoft.ManagedServices/registrationDefinitions, found no resources"
        ]
    );
}

// ---- templates ----

/// A template with its values written in the registration definition.
fn inline_template() -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.ManagedServices/registrationDefinitions",
                "apiVersion": "2022-10-01",
                "name": "[guid('contoso')]",
                "properties": {
                    "registrationDefinitionName": "Contoso Managed Sentinel",
                    "description": "24x7 monitoring by the Contoso SOC",
                    "managedByTenantId": TENANT,
                    "authorizations": [authorization(1, READER), authorization(2, DELETE)]
                }
            },
            {
                "type": "Microsoft.ManagedServices/registrationAssignments",
                "apiVersion": "2022-10-01",
                "name": "[guid('contoso')]",
                "properties": { "registrationDefinitionId": "[resourceId('Microsoft.ManagedServices/registrationDefinitions', guid('contoso'))]" }
            }
        ]
    })
}

#[test]
fn a_template_with_inline_values_gives_the_same_onboarding_as_its_parameters_file() {
    let (from_template, warnings) = read(&inline_template());
    assert!(warnings.is_empty());
    assert_eq!(from_template, read(&valid_file()).0);
}

#[test]
fn template_findings_point_into_the_resource() {
    let mut template = inline_template();
    template["resources"][0]["properties"]["authorizations"][1]["roleDefinitionId"] = json!(OWNER);
    template["resources"][0]["properties"]["managedByTenantId"] = json!("[variables('tenant')]");
    assert_eq!(
        messages(&template),
        [
            "warning[LO0301] /resources/0/properties/authorizations: no authorization holds the Managed Services Registration assignment Delete Role (91c1777a-f3dc-4fae-b103-61d183457e46), so only the customer can remove this delegation",
            "error[LO0201] /resources/0/properties/authorizations/1/roleDefinitionId: role \"Owner\" (8e3af657-a8ff-443c-a75c-2fe8c4bcb635) cannot be delegated with Azure Lighthouse; expected a less privileged built-in role, such as Contributor",
            "error[LO0708] /resources/0/properties/managedByTenantId: variables('tenant') names a variable the template does not declare",
        ]
    );
}

#[test]
fn template_parameters_give_their_default_values() {
    let mut template = inline_template();
    template["parameters"] = json!({
        "managedByTenantId": { "type": "string", "defaultValue": TENANT },
        "authorizations": { "type": "array", "defaultValue": [authorization(1, READER), authorization(2, OWNER)] },
        "mspOfferName": { "type": "string" },
    });
    let properties = &mut template["resources"][0]["properties"];
    properties["managedByTenantId"] = json!("[parameters('managedByTenantId')]");
    properties["authorizations"] = json!("[ parameters( 'Authorizations' ) ]");
    properties["registrationDefinitionName"] = json!("[parameters('mspOfferName')]");
    properties["description"] = json!("[parameters('description')]");
    assert_eq!(
        messages(&template),
        [
            "warning[LO0301] /parameters/authorizations/defaultValue: no authorization holds the Managed Services Registration assignment Delete Role (91c1777a-f3dc-4fae-b103-61d183457e46), so only the customer can remove this delegation",
            "error[LO0201] /parameters/authorizations/defaultValue/1/roleDefinitionId: role \"Owner\" (8e3af657-a8ff-443c-a75c-2fe8c4bcb635) cannot be delegated with Azure Lighthouse; expected a less privileged built-in role, such as Contributor",
            "note[LO0703] /parameters/mspOfferName: parameter `mspOfferName` has no default value and no parameters file gives one, so this value is supplied at deployment and checked when given; check the parameters file with its template (`--template`)",
            "error[LO0708] /resources/0/properties/description: parameters('description') names a parameter the template does not declare",
        ]
    );
}

#[test]
fn an_escaped_bracket_is_a_literal() {
    let mut template = inline_template();
    template["resources"][0]["properties"]["registrationDefinitionName"] =
        json!("[[Contoso] Sentinel");
    assert_eq!(read(&template).0.name().as_str(), "[Contoso] Sentinel");
}

#[test]
fn templates_the_reader_does_not_know_are_reported() {
    let mut two = inline_template();
    let definition = two["resources"][0].clone();
    two["resources"].as_array_mut().unwrap().push(definition);
    assert_eq!(
        messages(&two),
        [
            "error[LO0705] /resources/2: expected one registration definition, found another one besides the one at /resources/0; read the template in parts"
        ]
    );
    let mut unassigned = inline_template();
    unassigned["resources"].as_array_mut().unwrap().pop();
    assert_eq!(
        messages(&unassigned),
        [
            // Issue 23: a definition alone is assigned later (by a policy, in the portal): a
            // note, no longer an `unsupported-template` error.
            "note[LO0718] /resources/0: the registration definition is not assigned here (no Microsoft.ManagedServices/registrationAssignments uses it), so it delegates nothing until it is assigned later, by a policy or in the portal; it is judged as written, its scope unknown"
        ]
    );
    let mut nested = inline_template();
    let definition = nested["resources"][0].take();
    nested["resources"][0] = json!({
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "nested",
        "subscriptionId": "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
        "properties": { "mode": "Incremental", "template": { "resources": [definition] } }
    });
    // A definition in a nested deployment is read where it is.
    nested["resources"][0]["properties"]["template"]["resources"][0]["properties"]["authorizations"]
        [1]["roleDefinitionId"] = json!(OWNER);
    assert_eq!(
        problems(&nested),
        pairs(&[
            // Owner took the place of the delete role.
            (
                "missing-delete-role",
                "/resources/0/properties/template/resources/0/properties/authorizations"
            ),
            (
                "owner-role",
                "/resources/0/properties/template/resources/0/properties/authorizations/1/roleDefinitionId"
            )
        ])
    );
    // The resource provider does not require a description (issue 13, point 9).
    let mut missing = inline_template();
    missing["resources"][0]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let (delegation, warnings) = read(&missing);
    assert!(delegation.description().is_none());
    assert_eq!(
        warnings,
        pairs(&[("missing-description", "/resources/0/properties")])
    );
}

#[test]
fn nested_deployments_name_the_resource_groups() {
    let mut template = inline_template();
    let assignment = template["resources"][1].clone();
    template["parameters"] = json!({
        "resourceGroups": { "type": "array", "defaultValue": [{ "rgName": "rg-a" }, { "rgName": "rg-b" }] }
    });
    template["resources"][1] = json!({
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "[concat('rgAssignment', copyIndex())]",
        "resourceGroup": "[parameters('resourceGroups')[copyIndex()].rgName]",
        "copy": { "name": "assignmentCopy", "count": "[length(parameters('resourceGroups'))]" },
        "properties": { "mode": "Incremental", "template": { "resources": [assignment] } }
    });
    assert_eq!(group_names(&template), ["rg-a", "rg-b"]);

    template["resources"][1]["resourceGroup"] = json!("rg-literal");
    let Scope::ResourceGroups(groups) = read(&template).0.scope().clone() else {
        panic!("expected resource groups");
    };
    assert_eq!(groups.names()[0].as_str(), "rg-literal");
}

// ---- the round trip ----

fn principal(n: u128) -> PrincipalId {
    PrincipalId::from_u128(0x2d7e_4f1a_0000 + n)
}

fn rich_manifest(version: ManifestVersion) -> Manifest {
    let name = |t: &str| DisplayName::new(t).unwrap();
    Manifest::builder(version, TENANT.parse().unwrap())
        .authorization(
            Authorization::new(principal(1), name("Contoso admins"), Manifest::DELETE_ROLE)
                .unwrap(),
        )
        .authorization(
            Authorization::with_assignable_roles(
                principal(2),
                name("Contoso automation"),
                RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
                [RoleDefinitionId::CONTRIBUTOR, RoleDefinitionId::READER],
            )
            .unwrap(),
        )
        // The eligible engineers read permanently, so that they can elevate in the portal.
        .authorization(
            Authorization::new(
                principal(3),
                name("Contoso engineers"),
                RoleDefinitionId::READER,
            )
            .unwrap(),
        )
        .eligible_authorization(
            EligibleAuthorization::new(
                principal(3),
                name("Contoso engineers"),
                RoleDefinitionId::CONTRIBUTOR,
                JustInTimeAccessPolicy::new(
                    MultiFactorAuthProvider::Azure,
                    "PT1H30M".parse().unwrap(),
                    [lighthouse_offer::plans::Approver::new(
                        principal(4),
                        name("Contoso approvers"),
                    )],
                )
                .unwrap(),
            )
            .unwrap(),
        )
        .build()
        .unwrap()
        .into_parts()
        .0
}

#[test]
fn exported_parameters_read_back_to_the_same_onboarding() {
    let scopes = [
        Scope::Subscription,
        Scope::ResourceGroups(
            ResourceGroups::new(
                ["rg-b", "rg-a", "rg-(c)"].map(|n| ResourceGroupName::new(n).unwrap()),
            )
            .unwrap(),
        ),
    ];
    for scope in scopes {
        for marketplace in [false, true] {
            let mut onboarding = ArmOnboarding::new(
                RegistrationName::new("Contoso Managed Sentinel").unwrap(),
                RegistrationDescription::new("Managed services, <b>24x7</b>").unwrap(),
                rich_manifest(ManifestVersion::new(4, 10, 2)),
                scope.clone(),
            );
            if marketplace {
                onboarding = onboarding.with_marketplace_plan(MarketplacePlan::new(
                    PublisherId::new("contoso").unwrap(),
                    OfferId::new("contoso-sentinel").unwrap(),
                    PlanId::new("gold").unwrap(),
                ));
            }
            let files = arm::export(&onboarding);
            let (back, warnings) = arm::check(&files.parameters_json()).unwrap().into_parts();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(back, onboarding, "{scope:?}, marketplace {marketplace}");
        }
    }
}

#[test]
fn an_exported_template_alone_has_no_values() {
    let onboarding = ArmOnboarding::new(
        RegistrationName::new("Contoso").unwrap(),
        RegistrationDescription::new("Managed services").unwrap(),
        rich_manifest(ManifestVersion::new(1, 0, 0)),
        Scope::Subscription,
    );
    let template = arm::export(&onboarding).template_json();
    let found = names(arm::check(&template).unwrap_err().diagnostics());
    assert_eq!(
        found,
        pairs(&[
            ("parameter-without-value", "/parameters/authorizations"),
            (
                "parameter-without-value",
                "/parameters/eligibleAuthorizations"
            ),
            ("parameter-without-value", "/parameters/managedByTenantId"),
            ("parameter-without-value", "/parameters/mspOfferDescription"),
            ("parameter-without-value", "/parameters/mspOfferName"),
        ])
    );
}
