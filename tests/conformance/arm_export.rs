//! Exported ARM files against Microsoft's official JSON Schema of `Microsoft.ManagedServices`
//! (2022-10-01), with a real validator, and the template's structure against Microsoft's samples.
//! The onboardings exported are those of `tests/rules/arm_export.rs` (`support::arm_export`).

use jsonschema::{Draft, Retrieve, Uri, Validator};
use lighthouse_offer::arm::{self, Scope};
use serde_json::{Value, json};

use crate::support::arm_export::{
    every_onboarding, groups, keys, onboarding, parameters, template,
};
use crate::support::reference_data::read_json;

const MANAGED_SERVICES_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2022-10-01/Microsoft.ManagedServices.json";
const COMMON_DEFINITIONS: &str =
    "https://schema.management.azure.com/schemas/common/definitions.json";
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

// ---- the structure of Microsoft's samples ----

fn resource_types(template: &Value) -> Vec<&str> {
    template["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
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

// ---- the policy of `arm export --policy` ----

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_registration_definition_a_policy_deploys_is_valid_against_the_official_schema() {
    let definitions = validator("subscription_resourceDefinitions/registrationDefinitions");
    let assignments = validator("subscription_resourceDefinitions/registrationAssignments");
    let mut validated = 0;
    for (case, onboarding) in every_onboarding() {
        let files = arm::export_policy(&onboarding);
        // The definition file, and the one the management group deployment stores (its `[[`
        // undone, as Azure Resource Manager does when it deploys it).
        let stored = files.deployment()["resources"][0]["properties"].clone();
        for properties in [files.definition()["properties"].clone(), unescape(&stored)] {
            let deployment =
                &properties["policyRule"]["then"]["details"]["deployment"]["properties"];
            let template = &deployment["template"];
            // What Azure Policy hands to the deployment: a parameters file with its values.
            let parameters = serde_json::json!({ "parameters": deployment["parameters"] });
            for resource in template["resources"].as_array().unwrap() {
                let resolved = resolve(resource, &parameters);
                match resource["type"].as_str().unwrap() {
                    "Microsoft.ManagedServices/registrationDefinitions" => {
                        assert_valid(&definitions, resource);
                        assert_valid(&definitions, &resolved);
                        assert_eq!(resolved["apiVersion"], "2022-10-01", "{case}");
                        assert!(
                            resolved["properties"]["authorizations"].is_array(),
                            "{case}"
                        );
                        validated += 1;
                    }
                    "Microsoft.ManagedServices/registrationAssignments" => {
                        assert_valid(&assignments, resource);
                    }
                    other => panic!("{case}: unexpected resource {other}"),
                }
            }
        }
    }
    assert_eq!(validated, 24);
}

/// A string that starts with `[[` is the text after the first `[`, as ARM deploys it.
fn unescape(value: &Value) -> Value {
    match value {
        Value::String(text) if text.starts_with("[[") => Value::String(text[1..].to_owned()),
        Value::Array(items) => Value::Array(items.iter().map(unescape).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), unescape(v))).collect())
        }
        other => other.clone(),
    }
}
