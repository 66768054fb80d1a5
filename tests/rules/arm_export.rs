//! ARM export: every exported resource validated against Microsoft's official JSON Schema of
//! `Microsoft.ManagedServices` (2022-10-01) with a real validator, the template's structure
//! compared with Microsoft's samples, the parameters file's values, and the value types of the
//! `arm` module at their edges.
//!
//! The tests against the schema and the samples are conformance tests: see `reference_data`.

mod reference_data;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use lighthouse_offer::arm::{
    self, ArmFiles, ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName,
    ResourceGroupName, ResourceGroups, ResourceGroupsError, Scope,
};
use lighthouse_offer::{
    Approver, Authorization, DisplayName, EligibleAuthorization, JustInTimeAccessPolicy, Manifest,
    ManifestVersion, MultiFactorAuthProvider, OfferId, PlanId, PrincipalId, PublisherId,
    RoleDefinitionId, TenantId,
};
use reference_data::read_json;
use serde_json::{Value, json};

const MANAGED_SERVICES_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2022-10-01/Microsoft.ManagedServices.json";
const COMMON_DEFINITIONS: &str =
    "https://schema.management.azure.com/schemas/common/definitions.json";
const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";

fn sample(relative: &str) -> Value {
    read_json(&format!("lighthouse-samples/templates/{relative}"))
}

// ---- the official schema, offline ----

/// Serves the two schema documents from the reference data: the remote `$ref` to ARM's common
/// definitions is mapped to the local copy, and nothing is fetched from the network.
struct LocalSchemas;

impl Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.as_str().trim_end_matches('#') {
            MANAGED_SERVICES_SCHEMA => Ok(read_json(
                "arm-schemas/2022-10-01/Microsoft.ManagedServices.json",
            )),
            COMMON_DEFINITIONS => Ok(read_json("arm-schemas/common/definitions.json")),
            other => Err(format!("no network in tests: {other}").into()),
        }
    }
}

/// A validator for one resource definition of the schema, such as
/// `subscription_resourceDefinitions/registrationDefinitions`.
fn validator(definition: &str) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .with_retriever(LocalSchemas)
        .build(&json!({ "$ref": format!("{MANAGED_SERVICES_SCHEMA}#/{definition}") }))
        .unwrap()
}

fn schema_errors(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[track_caller]
fn assert_valid(validator: &Validator, instance: &Value) {
    let errors = schema_errors(validator, instance);
    assert!(errors.is_empty(), "{errors:#?}\nin {instance:#}");
}

/// The resource with every `[parameters('name')]` replaced by the parameters file's value: what
/// Azure Resource Manager sends to the resource provider.
fn resolve(value: &Value, parameters: &Value) -> Value {
    match value {
        Value::String(text) => text
            .strip_prefix("[parameters('")
            .and_then(|rest| rest.strip_suffix("')]"))
            .map_or_else(
                || value.clone(),
                |name| parameters["parameters"][name]["value"].clone(),
            ),
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, parameters)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), resolve(v, parameters)))
                .collect(),
        ),
        other => other.clone(),
    }
}

// ---- onboardings to export ----

fn principal(n: u128) -> PrincipalId {
    PrincipalId::from_u128(0x5c1a_9d3e_7b2f_4a8c_9e6d_0000_0000_0000 + n)
}

fn name(text: &str) -> DisplayName {
    DisplayName::new(text).unwrap()
}

/// A manifest with every kind of authorization: a role, the delete role, User Access
/// Administrator with assignable roles and, if asked, an eligible authorization with approvers.
fn manifest(version: ManifestVersion, eligible: bool) -> Manifest {
    let mut builder = Manifest::builder(version, TENANT.parse().unwrap())
        .authorization(
            Authorization::new(
                principal(1),
                name("Contoso SOC analysts"),
                RoleDefinitionId::READER,
            )
            .unwrap(),
        )
        .authorization(
            Authorization::new(
                principal(2),
                name("Contoso Lighthouse admins"),
                Manifest::DELETE_ROLE,
            )
            .unwrap(),
        )
        .authorization(
            Authorization::with_assignable_roles(
                principal(3),
                name("Contoso policy automation"),
                RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
                [RoleDefinitionId::CONTRIBUTOR],
            )
            .unwrap(),
        );
    if eligible {
        let policy = JustInTimeAccessPolicy::new(
            MultiFactorAuthProvider::Azure,
            "PT4H".parse().unwrap(),
            [Approver::new(principal(5), name("Contoso approvers"))],
        )
        .unwrap();
        // The eligible engineers also read permanently, as Microsoft advises (else they could
        // not elevate in the Azure portal).
        builder = builder
            .authorization(
                Authorization::new(
                    principal(4),
                    name("Contoso escalation engineers"),
                    RoleDefinitionId::READER,
                )
                .unwrap(),
            )
            .eligible_authorization(
                EligibleAuthorization::new(
                    principal(4),
                    name("Contoso escalation engineers"),
                    RoleDefinitionId::CONTRIBUTOR,
                    policy,
                )
                .unwrap(),
            );
    }
    let (manifest, warnings) = builder.build().unwrap().into_parts();
    assert!(warnings.is_empty());
    manifest
}

fn groups(names: &[&str]) -> Scope {
    Scope::ResourceGroups(
        ResourceGroups::new(names.iter().map(|n| ResourceGroupName::new(*n).unwrap())).unwrap(),
    )
}

fn marketplace_plan() -> MarketplacePlan {
    MarketplacePlan::new(
        PublisherId::new("contoso").unwrap(),
        OfferId::new("contoso-sentinel").unwrap(),
        PlanId::new("gold").unwrap(),
    )
}

fn onboarding(scope: Scope, eligible: bool, marketplace: bool) -> ArmOnboarding {
    let onboarding = ArmOnboarding::new(
        RegistrationName::new("Contoso Managed Sentinel").unwrap(),
        RegistrationDescription::new("24x7 monitoring of Microsoft Sentinel by the Contoso SOC")
            .unwrap(),
        manifest(ManifestVersion::new(2, 1, 0), eligible),
        scope,
    );
    if marketplace {
        onboarding.with_marketplace_plan(marketplace_plan())
    } else {
        onboarding
    }
}

/// Every combination the export knows: scope × eligible authorizations × Marketplace plan.
fn every_onboarding() -> Vec<(String, ArmOnboarding)> {
    let mut all = Vec::new();
    for (scope_name, scope) in [
        ("subscription", Scope::Subscription),
        ("one group", groups(&["rg-sentinel"])),
        ("three groups", groups(&["rg-a", "rg-b", "rg-c"])),
    ] {
        for eligible in [false, true] {
            for marketplace in [false, true] {
                all.push((
                    format!("{scope_name}, eligible {eligible}, marketplace {marketplace}"),
                    onboarding(scope.clone(), eligible, marketplace),
                ));
            }
        }
    }
    all
}

fn template(files: &ArmFiles) -> Value {
    serde_json::to_value(files.template()).unwrap()
}

fn parameters(files: &ArmFiles) -> Value {
    serde_json::to_value(files.parameters()).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, found {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// The parameter names of a pretty-printed parameters file, in document order (`serde_json`'s
/// `Value` sorts keys): the keys indented by four spaces.
fn parameter_order(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.strip_prefix("    \""))
        .filter_map(|line| line.strip_suffix("\": {"))
        .collect()
}

// ---- validation against the official schema ----

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn every_exported_resource_is_valid_against_the_official_schema() {
    let definitions = validator("subscription_resourceDefinitions/registrationDefinitions");
    let subscription_assignments =
        validator("subscription_resourceDefinitions/registrationAssignments");
    let group_assignments = validator("resourceDefinitions/registrationAssignments");
    let mut validated = 0;
    for (case, onboarding) in every_onboarding() {
        let files = arm::export(&onboarding);
        let (template, parameters) = (template(&files), parameters(&files));
        for resource in template["resources"].as_array().unwrap() {
            let resolved = resolve(resource, &parameters);
            match resource["type"].as_str().unwrap() {
                "Microsoft.ManagedServices/registrationDefinitions" => {
                    // As written (expressions), and as the resource provider receives it.
                    assert_valid(&definitions, resource);
                    assert_valid(&definitions, &resolved);
                    assert!(
                        resolved["properties"]["authorizations"].is_array(),
                        "{case}"
                    );
                    validated += 2;
                }
                "Microsoft.ManagedServices/registrationAssignments" => {
                    assert_valid(&subscription_assignments, resource);
                    validated += 1;
                }
                "Microsoft.Resources/deployments" => {
                    let inner = &resource["properties"]["template"]["resources"];
                    assert_eq!(inner.as_array().unwrap().len(), 1, "{case}");
                    assert_eq!(
                        inner[0]["type"],
                        "Microsoft.ManagedServices/registrationAssignments"
                    );
                    assert_valid(&group_assignments, &inner[0]);
                    validated += 1;
                }
                other => panic!("{case}: unexpected resource type {other}"),
            }
        }
    }
    // 12 onboardings, each a definition (validated twice) and one assignment.
    assert_eq!(validated, 12 * 3);
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_schema_check_is_a_real_one() {
    let definitions = validator("subscription_resourceDefinitions/registrationDefinitions");
    let files = arm::export(&onboarding(Scope::Subscription, true, true));
    let good = resolve(&template(&files)["resources"][0], &parameters(&files));
    assert_valid(&definitions, &good);

    // An API version the schema of 2022-10-01 does not have.
    let mut old = good.clone();
    old["apiVersion"] = json!("2019-06-01");
    assert!(!schema_errors(&definitions, &old).is_empty());

    // An authorization without its role: required by the schema's `Authorization`.
    let mut roleless = good.clone();
    roleless["properties"]["authorizations"][0]
        .as_object_mut()
        .unwrap()
        .remove("roleDefinitionId");
    assert!(!schema_errors(&definitions, &roleless).is_empty());

    // A multi-factor provider the schema's enum does not list.
    let mut mfa = good.clone();
    mfa["properties"]["eligibleAuthorizations"][0]["justInTimeAccessPolicy"]["multiFactorAuthProvider"] =
        json!("Sometimes");
    assert!(!schema_errors(&definitions, &mfa).is_empty());

    // A plan without its version.
    let mut plan = good.clone();
    plan["plan"].as_object_mut().unwrap().remove("version");
    assert!(!schema_errors(&definitions, &plan).is_empty());

    // The remote `$ref` to ARM's common definitions is followed: a string that is not a
    // template expression is neither the properties object nor an expression.
    let mut not_expression = good.clone();
    not_expression["properties"] = json!("parameters('x')");
    assert!(!schema_errors(&definitions, &not_expression).is_empty());
    let mut expression = good;
    expression["properties"] = json!("[parameters('x')]");
    assert_valid(&definitions, &expression);
}

// ---- the structure of Microsoft's samples ----

fn resource_types(template: &Value) -> Vec<&str> {
    template["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect()
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_subscription_template_has_the_layout_of_microsofts_sample() {
    let ours_files = arm::export(&onboarding(Scope::Subscription, false, false));
    let ours = template(&ours_files);
    let theirs = sample("delegated-resource-management/subscription/subscription.json");

    assert_eq!(ours["$schema"], theirs["$schema"]);
    assert_eq!(
        ours_files.template().parameter_names().collect::<Vec<_>>(),
        [
            "mspOfferName",
            "mspOfferDescription",
            "managedByTenantId",
            "authorizations"
        ]
    );
    assert_eq!(keys(&ours["parameters"]), keys(&theirs["parameters"]));
    for name in keys(&theirs["parameters"]) {
        assert_eq!(
            ours["parameters"][name]["type"], theirs["parameters"][name]["type"],
            "{name}"
        );
    }
    assert_eq!(keys(&ours["variables"]), keys(&theirs["variables"]));
    assert_eq!(resource_types(&ours), resource_types(&theirs));
    for i in 0..2 {
        let (a, b) = (&ours["resources"][i], &theirs["resources"][i]);
        assert_eq!(
            keys(&a["properties"]),
            keys(&b["properties"]),
            "resource {i}"
        );
        assert_eq!(
            a["name"], b["name"],
            "resource {i} is named by the same variable"
        );
        // Microsoft's sample predates 2022-10-01; the export uses the latest stable version.
        assert_eq!(a["apiVersion"], "2022-10-01");
    }
    // The definition's properties are the same parameters.
    assert_eq!(
        ours["resources"][0]["properties"],
        theirs["resources"][0]["properties"]
    );
    assert_eq!(
        ours["resources"][1]["dependsOn"].as_array().unwrap().len(),
        1
    );
    assert_eq!(keys(&ours["outputs"]), keys(&theirs["outputs"]));
    assert_eq!(ours["outputs"], theirs["outputs"]);
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_eligible_subscription_template_has_the_layout_of_microsofts_sample() {
    let ours = template(&arm::export(&onboarding(Scope::Subscription, true, false)));
    let theirs = sample(
        "delegated-resource-management-eligible-authorizations/subscription/subscription.json",
    );
    assert_eq!(keys(&ours["parameters"]), keys(&theirs["parameters"]));
    assert_eq!(resource_types(&ours), resource_types(&theirs));
    assert_eq!(
        ours["resources"][0]["properties"],
        theirs["resources"][0]["properties"]
    );
    assert_eq!(ours["outputs"], theirs["outputs"]);
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_resource_group_template_has_the_layout_of_microsofts_multi_rg_sample() {
    for (eligible, sample_path) in [
        (false, "delegated-resource-management/rg/multi-rg.json"),
        (
            true,
            "delegated-resource-management-eligible-authorizations/rg/multiple-rg.json",
        ),
    ] {
        let ours = template(&arm::export(&onboarding(
            groups(&["rg-a", "rg-b"]),
            eligible,
            false,
        )));
        let theirs = sample(sample_path);
        assert_eq!(ours["$schema"], theirs["$schema"], "{sample_path}");
        assert_eq!(
            keys(&ours["parameters"]),
            keys(&theirs["parameters"]),
            "{sample_path}"
        );
        assert_eq!(
            resource_types(&ours),
            resource_types(&theirs),
            "{sample_path}"
        );

        let (definition, sample_definition) = (&ours["resources"][0], &theirs["resources"][0]);
        assert_eq!(
            definition["properties"], sample_definition["properties"],
            "{sample_path}"
        );
        assert_eq!(
            definition["copy"]["count"],
            sample_definition["copy"]["count"]
        );

        let (deployment, sample_deployment) = (&ours["resources"][1], &theirs["resources"][1]);
        assert_eq!(
            deployment["resourceGroup"],
            sample_deployment["resourceGroup"]
        );
        assert_eq!(
            deployment["copy"]["count"],
            sample_deployment["copy"]["count"]
        );
        assert_eq!(deployment["name"], sample_deployment["name"]);
        assert_eq!(
            deployment["properties"]["mode"],
            sample_deployment["properties"]["mode"]
        );
        assert_eq!(
            keys(&deployment["properties"]["template"]),
            keys(&sample_deployment["properties"]["template"])
        );
        let (assignment, sample_assignment) = (
            &deployment["properties"]["template"]["resources"][0],
            &sample_deployment["properties"]["template"]["resources"][0],
        );
        assert_eq!(assignment["type"], sample_assignment["type"]);
        assert_eq!(
            keys(&assignment["properties"]),
            keys(&sample_assignment["properties"])
        );
        assert_eq!(
            deployment["dependsOn"].as_array().unwrap().len(),
            sample_deployment["dependsOn"].as_array().unwrap().len()
        );
        assert_eq!(ours["outputs"], theirs["outputs"], "{sample_path}");
    }
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_marketplace_plan_block_is_the_one_of_microsofts_marketplace_sample() {
    let ours = template(&arm::export(&onboarding(Scope::Subscription, false, true)));
    let theirs = sample(
        "marketplace-delegated-resource-management/marketplaceDelegatedResourceManagement.json",
    );
    // The sample switches the block on and off with `marketplaceOffer`; the export writes it
    // only when asked, so the block is the sample's variable itself.
    assert_eq!(
        ours["resources"][0]["plan"],
        theirs["variables"]["marketplacePlan"]
    );
    let sample_parameters = keys(&theirs["parameters"]);
    for name in keys(&ours["parameters"]) {
        assert!(
            sample_parameters.contains(&name),
            "{name} is not a parameter of the sample"
        );
    }
    assert!(!keys(&ours["parameters"]).contains(&"marketplaceOffer"));
    // Without a Marketplace plan there is no block and no marketplace parameter.
    let plain = template(&arm::export(&onboarding(Scope::Subscription, false, false)));
    assert!(plain["resources"][0].get("plan").is_none());
    assert!(
        !keys(&plain["parameters"])
            .iter()
            .any(|k| k.starts_with("marketplace"))
    );
}

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
