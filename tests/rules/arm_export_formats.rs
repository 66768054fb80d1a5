//! `arm export --format arm|bicep|terraform` (issue 23): every form, read back, gives the
//! delegation of the plan and no error, with the registration name and GUID of the ARM export;
//! the Terraform export uses only the arguments the azurerm provider documents.

use std::collections::BTreeMap;

use lighthouse_offer::Offer;
use lighthouse_offer::arm::{self, ArmDelegation, ArmOnboarding, DEFAULT_VERSION, Scope};
use lighthouse_offer::bicep::{self, BicepSources};
use lighthouse_offer::delegation::{Delegation, PermanentGrant};
use lighthouse_offer::export::{self, ExportFormat, ExportedFile};
use lighthouse_offer::terraform::{self, TerraformSources};

use crate::support::EXAMPLE;
use crate::support::arm_export::{every_onboarding, groups};

/// Every onboarding the ARM export tests know, and each plan of the example offer (seeded by
/// its plan) at both scopes.
fn onboardings() -> Vec<(String, ArmOnboarding)> {
    let mut all = every_onboarding();
    let offer = Offer::from_json_str(EXAMPLE).unwrap().into_parts().0;
    for plan in offer.plans() {
        for scope in [Scope::Subscription, groups(&["rg-sentinel", "rg-logs"])] {
            all.push((
                format!("plan {}, {scope:?}", plan.plan_id().as_str()),
                ArmOnboarding::for_offer_plan(&offer, plan, scope),
            ));
        }
    }
    all
}

fn by_path(files: &[ExportedFile]) -> BTreeMap<&str, &str> {
    files.iter().map(|f| (f.path(), f.text())).collect()
}

/// What a form without a parameters file's `contentVersion` reads back: the manifest's version
/// is carried by the Marketplace plan block only (`marketplacePlanVersion`), else it is
/// [`DEFAULT_VERSION`], as for any template.
fn assert_same_delegation(
    back: &ArmDelegation,
    onboarding: &ArmOnboarding,
    carries_version: bool,
    what: &str,
) {
    let expected = ArmDelegation::from(onboarding);
    assert_eq!(back.name(), expected.name(), "{what}");
    assert_eq!(back.description(), expected.description(), "{what}");
    assert_eq!(back.delegation(), expected.delegation(), "{what}");
    assert_eq!(back.scope(), expected.scope(), "{what}");
    assert_eq!(
        back.marketplace_plan(),
        expected.marketplace_plan(),
        "{what}"
    );
    if carries_version || onboarding.marketplace_plan().is_some() {
        assert_eq!(back.version(), expected.version(), "{what}");
    } else {
        assert_eq!(back.version(), &DEFAULT_VERSION, "{what}");
    }
}

#[test]
fn the_arm_form_is_the_arm_export() {
    for (what, onboarding) in onboardings() {
        let files = export::files(&onboarding, ExportFormat::Arm, "gold.");
        let arm = arm::export(&onboarding);
        let stem = match onboarding.scope() {
            Scope::Subscription => "subscription",
            Scope::ResourceGroups(_) => "resource-groups",
        };
        let files = by_path(&files);
        assert_eq!(
            files[format!("gold.{stem}.json").as_str()],
            arm.template_json(),
            "{what}"
        );
        assert_eq!(
            files[format!("gold.{stem}.parameters.json").as_str()],
            arm.parameters_json(),
            "{what}"
        );
        let checked = arm::check_with_template(&arm.parameters_json(), &arm.template_json());
        assert!(!checked.has_errors(), "{what}");
        assert_same_delegation(checked.delegation().unwrap(), &onboarding, false, &what);
        let (back, warnings) = arm::check(&arm.parameters_json()).unwrap().into_parts();
        assert!(warnings.is_empty(), "{what}");
        assert_eq!(back, onboarding, "{what}");
    }
}

/// The Bicep files of an onboarding, checked as `check` checks them: the main file with its
/// `.bicepparam` and its module.
fn check_bicep(onboarding: &ArmOnboarding, prefix: &str) -> bicep::BicepCheck {
    let files = export::files(onboarding, ExportFormat::Bicep, prefix);
    let main = &files[0];
    let params = &files[1];
    let extension = |f: &ExportedFile| {
        std::path::Path::new(f.path())
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
    };
    assert_eq!(extension(main).as_deref(), Some("bicep"));
    assert_eq!(extension(params).as_deref(), Some("bicepparam"));
    let mut sources =
        BicepSources::new(main.path(), main.text()).with_parameters(params.path(), params.text());
    for file in &files[2..] {
        sources = sources.with_file(file.path(), file.text());
    }
    bicep::check(&sources)
}

#[test]
fn the_bicep_form_reads_back_to_the_plan_with_no_finding() {
    for (what, onboarding) in onboardings() {
        for prefix in ["gold.", "out/gold."] {
            let checked = check_bicep(&onboarding, prefix);
            let found: Vec<String> = checked
                .diagnostics()
                .iter()
                .map(ToString::to_string)
                .collect();
            assert!(found.is_empty(), "{what}: {found:#?}");
            let back = checked
                .delegation()
                .unwrap_or_else(|| panic!("{what}: no delegation"));
            assert_same_delegation(back, &onboarding, false, &what);
        }
    }
}

#[test]
fn the_bicep_form_names_the_registration_as_the_arm_export_does() {
    for (what, onboarding) in onboardings() {
        let checked = check_bicep(&onboarding, "");
        let template = checked.template();
        let resources = template["resources"].as_object().unwrap();
        let definition = resources
            .values()
            .find(|r| r["type"] == "Microsoft.ManagedServices/registrationDefinitions")
            .unwrap();
        let arm = serde_json::to_value(arm::export(&onboarding).template()).unwrap();
        let seed = match onboarding.registration_seed() {
            Some(_) => "variables('registrationSeed')",
            None => "parameters('mspOfferName')",
        };
        match onboarding.scope() {
            Scope::Subscription => {
                assert_eq!(
                    arm["variables"]["mspRegistrationName"],
                    format!("[guid(parameters('managedByTenantId'), {seed})]"),
                    "{what}"
                );
                let name = definition["name"].as_str().unwrap();
                assert!(name.contains("registrationName"), "{what}: {name}");
                assert_eq!(
                    template["variables"]["registrationName"],
                    format!("[guid(parameters('managedByTenantId'), {seed})]"),
                    "{what}"
                );
            }
            Scope::ResourceGroups(_) => {
                let name = definition["name"].as_str().unwrap();
                assert!(
                    name.starts_with(&format!("[guid(parameters('managedByTenantId'), {seed}, ")),
                    "{what}: {name}"
                );
            }
        }
        if let Some(seed) = onboarding.registration_seed() {
            assert_eq!(template["variables"]["registrationSeed"], seed, "{what}");
            assert_eq!(arm["variables"]["registrationSeed"], seed, "{what}");
        }
    }
}

#[test]
fn bicep_files_are_named_by_plan_and_scope_and_point_at_each_other() {
    let onboarding = &onboardings()[0].1;
    let files = export::files(onboarding, ExportFormat::Bicep, "gold.");
    let names: Vec<&str> = files.iter().map(ExportedFile::path).collect();
    assert_eq!(
        names,
        ["gold.subscription.bicep", "gold.subscription.bicepparam"]
    );
    assert!(
        files[1]
            .text()
            .contains("\nusing './gold.subscription.bicep'\n")
    );
    assert!(files[0].text().contains("\ntargetScope = 'subscription'\n"));

    let grouped = onboardings()
        .into_iter()
        .find(|(_, o)| matches!(o.scope(), Scope::ResourceGroups(_)))
        .unwrap()
        .1;
    let files = export::files(&grouped, ExportFormat::Bicep, "out/gold.");
    let names: Vec<&str> = files.iter().map(ExportedFile::path).collect();
    assert_eq!(
        names,
        [
            "out/gold.resource-groups.bicep",
            "out/gold.resource-groups.bicepparam",
            "out/modules/gold.resource-groups.assignment.bicep",
        ]
    );
    assert!(
        files[0]
            .text()
            .contains("module assignments './modules/gold.resource-groups.assignment.bicep' = [for (group, i) in resourceGroups: {")
    );
    assert!(
        files[0]
            .text()
            .contains("scope: resourceGroup(group.rgName)")
    );
    assert!(files[2].text().contains("targetScope = 'resourceGroup'"));
}

#[test]
fn the_bicep_form_declares_no_name_of_a_function_it_calls() {
    // A `type`, `param` or `var` named `resourceGroup` would hide `resourceGroup()`, which
    // scopes the module.
    for (what, onboarding) in onboardings() {
        for file in export::files(&onboarding, ExportFormat::Bicep, "") {
            for line in file.text().lines() {
                for keyword in ["type", "param", "var", "resource", "module", "output"] {
                    for function in ["resourceGroup", "subscription", "guid", "tenant"] {
                        assert!(
                            !line.starts_with(&format!("{keyword} {function} ")),
                            "{what}: {line}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_bicep_form_keeps_the_eligible_authorizations_policy_and_approvers() {
    let (_, onboarding) = onboardings()
        .into_iter()
        .find(|(_, o)| !o.manifest().eligible_authorizations().is_empty())
        .unwrap();
    let files = export::files(&onboarding, ExportFormat::Bicep, "");
    let params = files[1].text();
    for expected in [
        "param eligibleAuthorizations = [",
        "justInTimeAccessPolicy: {",
        "multiFactorAuthProvider: 'Azure'",
        "maximumActivationDuration: 'PT4H'",
        "managedByTenantApprovers: [",
        "roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c' // Contributor",
    ] {
        assert!(params.contains(expected), "{expected} in\n{params}");
    }
    assert!(
        files[0]
            .text()
            .contains("param eligibleAuthorizations eligibleAuthorization[]")
    );
}

#[test]
fn bicep_strings_are_escaped() {
    let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json").unwrap();
    let text = text.replace(
        "Contoso Managed Sentinel",
        "Contoso's ${Managed} \\\\ Sentinel",
    );
    let offer = Offer::from_json_str(&text).unwrap().into_parts().0;
    let onboarding = ArmOnboarding::for_offer_plan(&offer, &offer.plans()[0], Scope::Subscription);
    let checked = check_bicep(&onboarding, "");
    assert!(
        checked.diagnostics().is_empty(),
        "{:?}",
        checked.diagnostics()
    );
    assert_eq!(
        checked.delegation().unwrap().name(),
        ArmDelegation::from(&onboarding).name()
    );
    assert!(
        onboarding
            .name()
            .as_str()
            .contains("Contoso's ${Managed} \\ Sentinel")
    );
}

// ---- Terraform ----

/// The arguments and blocks the azurerm provider documents for the two resources (v5.2,
/// `website/docs/r/lighthouse_definition.html.markdown` and
/// `lighthouse_assignment.html.markdown`, read 2026-12-06; docs/research/terraform-bicep.md §1),
/// by the block they are written in.
const DOCUMENTED: &[(&str, &[&str])] = &[
    (
        "azurerm_lighthouse_definition",
        &[
            "name",
            "managing_tenant_id",
            "scope",
            "authorization",
            "description",
            "lighthouse_definition_id",
            "eligible_authorization",
            "plan",
        ],
    ),
    (
        "authorization",
        &[
            "principal_id",
            "role_definition_id",
            "principal_display_name",
            "delegated_role_definition_ids",
        ],
    ),
    (
        "eligible_authorization",
        &[
            "principal_id",
            "role_definition_id",
            "principal_display_name",
            "just_in_time_access_policy",
        ],
    ),
    (
        "just_in_time_access_policy",
        &[
            "multi_factor_auth_provider",
            "maximum_activation_duration",
            "approver",
        ],
    ),
    ("approver", &["principal_id", "principal_display_name"]),
    ("plan", &["name", "publisher", "product", "version"]),
    (
        "azurerm_lighthouse_assignment",
        &["name", "scope", "lighthouse_definition_id"],
    ),
];

/// Terraform's own meta-arguments, valid in every resource block.
const META_ARGUMENTS: &[&str] = &["for_each", "count", "depends_on", "provider", "lifecycle"];

/// Every argument and nested block written inside the two resources, with the block it is in:
/// a reader of the writer's own layout (one attribute or block header a line, `}` alone).
fn written_names(text: &str) -> Vec<(String, String)> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "}" {
            stack.pop();
            continue;
        }
        if let Some(header) = line.strip_suffix('{') {
            let words: Vec<&str> = header.split_whitespace().collect();
            let block = match words.as_slice() {
                ["resource", kind, _] => kind.trim_matches('"').to_owned(),
                [name] => {
                    if let Some(parent) = stack.last() {
                        names.push((parent.clone(), (*name).to_owned()));
                    }
                    (*name).to_owned()
                }
                _ => header.trim().to_owned(),
            };
            stack.push(block);
            continue;
        }
        if let Some((name, _)) = line.split_once('=')
            && let Some(parent) = stack.last()
            && !line.ends_with("= {")
        {
            names.push((parent.clone(), name.trim().to_owned()));
        } else if line.ends_with("= {") {
            stack.push(line.to_owned());
        } else if line.ends_with("{}") {
            // `features {}`: a block of the provider, outside the resources.
        }
    }
    names
        .into_iter()
        .filter(|(block, _)| DOCUMENTED.iter().any(|(b, _)| b == block))
        .collect()
}

fn terraform_text(onboarding: &ArmOnboarding) -> String {
    let files = export::files(onboarding, ExportFormat::Terraform, "gold.");
    assert_eq!(files.len(), 1);
    let stem = match onboarding.scope() {
        Scope::Subscription => "subscription",
        Scope::ResourceGroups(_) => "resource-groups",
    };
    assert_eq!(files[0].path(), format!("gold.{stem}/main.tf"));
    files[0].text().to_owned()
}

#[test]
fn the_terraform_form_uses_only_the_documented_arguments() {
    let mut seen = std::collections::BTreeSet::new();
    for (what, onboarding) in onboardings() {
        let text = terraform_text(&onboarding);
        let names = written_names(&text);
        assert!(!names.is_empty(), "{what}");
        for (block, name) in names {
            let documented = DOCUMENTED.iter().find(|(b, _)| *b == block).unwrap().1;
            assert!(
                documented.contains(&name.as_str()) || META_ARGUMENTS.contains(&name.as_str()),
                "{what}: `{name}` in `{block}` is not an argument the provider documents"
            );
            seen.insert((block, name));
        }
        for resource in [
            "azurerm_lighthouse_definition",
            "azurerm_lighthouse_assignment",
        ] {
            assert!(
                text.contains(&format!("resource \"{resource}\" \"this\" {{")),
                "{what}"
            );
        }
        assert!(!text.contains("azapi"), "{what}");
    }
    // Every documented argument of an authorization, eligible or not, is written somewhere.
    for (block, names) in DOCUMENTED {
        for name in *names {
            assert!(
                seen.contains(&((*block).to_owned(), (*name).to_owned())),
                "`{name}` in `{block}` is never written"
            );
        }
    }
}

#[test]
fn the_terraform_form_carries_the_registration_name_and_guid_of_the_arm_export() {
    for (what, onboarding) in onboardings() {
        let text = terraform_text(&onboarding);
        let name = onboarding.name().as_str();
        assert!(
            text.contains(&format!("  name                     = {name:?}\n")),
            "{what}"
        );
        match onboarding.scope() {
            Scope::Subscription => {
                let guid = arm::registration_guid(&onboarding, None).to_string();
                assert!(
                    text.contains(&format!("  lighthouse_definition_id = \"{guid}\"")),
                    "{what}"
                );
            }
            Scope::ResourceGroups(groups) => {
                // uuidv5 in ARM's namespace of "tenant-seed-group": the ARM export's guid().
                let tenant = onboarding.manifest().tenant_id().to_string();
                let seed = onboarding.registration_seed().unwrap_or(name);
                let namespace = arm::evaluate::GUID_NAMESPACE;
                assert!(
                    text.contains(&format!(
                        "lighthouse_definition_id = uuidv5(\"{namespace}\", \"{tenant}-{seed}-${{each.key}}\")"
                    )),
                    "{what}"
                );
                for group in groups.names() {
                    assert_eq!(
                        uuid::Uuid::new_v5(
                            &namespace,
                            format!("{tenant}-{seed}-{}", group.as_str()).as_bytes()
                        ),
                        arm::registration_guid(&onboarding, Some(group)),
                        "{what}"
                    );
                    assert!(text.contains(&format!("\"{}\"", group.as_str())), "{what}");
                }
            }
        }
    }
}

#[test]
fn the_arm_guid_derivation_is_the_templates() {
    use lighthouse_offer::arm::evaluate::{Parameter, Scope as Evaluation, Val};
    for (what, onboarding) in onboardings() {
        if !matches!(onboarding.scope(), Scope::Subscription) {
            continue;
        }
        let files = arm::export(&onboarding);
        let template = serde_json::to_value(files.template()).unwrap();
        let parameters = serde_json::to_value(files.parameters()).unwrap();
        let given = template["parameters"]
            .as_object()
            .unwrap()
            .keys()
            .map(|name| {
                let value = &parameters["parameters"][name]["value"];
                (
                    name.clone(),
                    if value.is_null() {
                        Parameter::NoValue
                    } else {
                        Parameter::Given(Val::literal(value))
                    },
                )
            })
            .collect();
        let evaluation = Evaluation::new(given, template["variables"].as_object());
        let Val::Str(guid) = evaluation
            .string("[variables('mspRegistrationName')]")
            .unwrap()
        else {
            panic!("{what}: not a string")
        };
        assert_eq!(
            guid,
            arm::registration_guid(&onboarding, None).to_string(),
            "{what}"
        );
    }
}

/// A delegation with each grant's roles to assign in order: azurerm keeps
/// `delegated_role_definition_ids` as a set, which Terraform orders by value.
fn as_sets(delegation: &Delegation) -> Delegation {
    let permanent = delegation
        .authorizations()
        .iter()
        .map(|grant| {
            let mut roles = grant.delegated_role_definition_ids().to_vec();
            roles.sort();
            PermanentGrant::new(
                grant.principal_id(),
                grant.principal_id_display_name().map(str::to_owned),
                grant.role_definition_id(),
                roles,
                grant.at().clone(),
            )
        })
        .collect();
    Delegation::new(
        delegation.managed_by_tenant_id(),
        delegation.managed_by_tenant_name().map(str::to_owned),
        permanent,
        delegation.eligible_authorizations().to_vec(),
        delegation.path().clone(),
    )
}

/// The exported module read back by the Terraform reader, with the customer's subscription
/// given in `terraform.tfvars` as a provider would: no finding, and the plan's delegation.
#[test]
fn the_terraform_form_reads_back_to_the_plan_with_no_finding() {
    for (what, onboarding) in onboardings() {
        let text = terraform_text(&onboarding);
        let sources = TerraformSources::new()
            .with_file("main.tf", text)
            .with_var_file(
                "terraform.tfvars",
                "subscription_id = \"6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70\"\n",
            );
        let checked = terraform::check(&sources);
        let found: Vec<String> = checked
            .diagnostics()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(found.is_empty(), "{what}: {found:#?}");
        // Terraform writes one definition per resource group (`for_each`), each with its
        // group: together they delegate what the plan does.
        let all = checked.delegations();
        match onboarding.scope() {
            Scope::Subscription => {
                let [back] = all else {
                    panic!("{what}: not one delegation: {all:?}");
                };
                let expected = ArmDelegation::from(&onboarding);
                assert_eq!(back.name(), expected.name(), "{what}");
                assert_eq!(back.description(), expected.description(), "{what}");
                assert_eq!(back.scope(), expected.scope(), "{what}");
                assert_eq!(
                    back.marketplace_plan(),
                    expected.marketplace_plan(),
                    "{what}"
                );
                assert_eq!(
                    as_sets(back.delegation()),
                    as_sets(expected.delegation()),
                    "{what}"
                );
            }
            Scope::ResourceGroups(expected) => {
                let mut delegated = Vec::new();
                for back in all {
                    let Scope::ResourceGroups(one) = back.scope() else {
                        panic!("{what}: a definition for the whole subscription");
                    };
                    delegated.extend(one.names().iter().cloned());
                    let expected = ArmDelegation::from(&onboarding);
                    assert_eq!(back.name(), expected.name(), "{what}");
                    assert_eq!(
                        as_sets(back.delegation()),
                        as_sets(expected.delegation()),
                        "{what}"
                    );
                }
                let mut expected = expected.names().to_vec();
                expected.sort();
                delegated.sort();
                assert_eq!(delegated, expected, "{what}");
            }
        }
    }
}
