//! Microsoft's Azure Lighthouse samples, file by file: each gives a manifest or clear
//! diagnostics, and the valid one reads into the model.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lighthouse_offer::RoleDefinitionId;
use lighthouse_offer::arm::{self, Scope};

use crate::support::{named as pairs, names};

/// Microsoft's Lighthouse samples, in the reference data (a conformance test's folder).
fn samples_folder() -> PathBuf {
    crate::support::reference_data::path("lighthouse-samples")
}

// ---- Microsoft's samples, file by file ----

/// What checking a file gives: a valid onboarding with these warnings, or these diagnostics.
enum Outcome {
    Valid(Vec<(&'static str, String)>),
    Invalid(Vec<(&'static str, String)>),
}

fn valid(warnings: &[(&'static str, &str)]) -> Outcome {
    Outcome::Valid(pairs(warnings))
}

fn invalid(found: &[(&'static str, &str)]) -> Outcome {
    Outcome::Invalid(pairs(found))
}

/// A template whose values all come from parameters without a default: one note per
/// parameter, at the parameter's declaration, and an `old-api-version` warning for each
/// `Microsoft.ManagedServices` resource (`at`), since every sample uses a version older than
/// 2022-10-01.
fn no_values(parameters: &[&str], api_versions: &[&str]) -> Outcome {
    let mut found: Vec<(&'static str, String)> = parameters
        .iter()
        .map(|p| ("parameter-without-value", format!("/parameters/{p}")))
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found.extend(
        api_versions
            .iter()
            .map(|at| ("old-api-version", format!("{at}/apiVersion"))),
    );
    Outcome::Invalid(found)
}

/// The resources of the samples' subscription templates, and of their resource group ones
/// (the assignment in a nested deployment).
const SUBSCRIPTION_RESOURCES: [&str; 2] = ["/resources/0", "/resources/1"];
const GROUP_RESOURCES: [&str; 2] = [
    "/resources/0",
    "/resources/1/properties/template/resources/0",
];

/// The findings of the samples' usual parameters: a placeholder tenant (or none), all-zero
/// principals for the `permanent` authorizations, and Log Analytics Contributor among the
/// roles that User Access Administrator may assign (authorization `uaa`).
fn sample_findings(
    placeholder_tenant: bool,
    permanent: usize,
    uaa: Option<usize>,
    eligible: Option<bool>,
    root: &str,
) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for i in 0..permanent {
        if Some(i) == uaa {
            found.push((
                "data-actions-assignable-role",
                format!("{root}/authorizations/{i}/delegatedRoleDefinitionIds/1"),
            ));
        }
        found.push(("nil-guid", format!("{root}/authorizations/{i}/principalId")));
    }
    if let Some(approvers) = eligible {
        if approvers {
            found.push((
                "nil-guid",
                format!(
                    "{root}/eligibleAuthorizations/0/justInTimeAccessPolicy/managedByTenantApprovers/0/principalId"
                ),
            ));
        }
        found.push((
            "nil-guid",
            format!("{root}/eligibleAuthorizations/0/principalId"),
        ));
    }
    if placeholder_tenant {
        found.push(("placeholder-value", format!("{root}/managedByTenantId")));
    }
    found
}

/// Every file of the reference data's `lighthouse-samples`, and what checking it gives. The
/// expectations come from reading the files: placeholders (`<insert … tenant id>`), the
/// all-zero GUID for principals and approvers, Log Analytics Contributor
/// (`92aaf0da-…`, which has data actions now) as second assignable role of User Access
/// Administrator, templates without default values, and non-delegation samples.
#[allow(clippy::too_many_lines)]
fn expected_outcomes() -> BTreeMap<&'static str, Outcome> {
    let params = |placeholder, permanent, uaa, eligible| {
        // In a parameters file, the arrays are the parameters' values.
        let found = sample_findings(placeholder, permanent, uaa, eligible, "/parameters");
        Outcome::Invalid(
            found
                .into_iter()
                .map(|(n, p)| {
                    let p = p
                        .replacen("/authorizations/", "/authorizations/value/", 1)
                        .replacen(
                            "/eligibleAuthorizations/",
                            "/eligibleAuthorizations/value/",
                            1,
                        )
                        .replacen("/managedByTenantId", "/managedByTenantId/value", 1);
                    (n, p)
                })
                .collect(),
        )
    };
    let not_a_delegation = |at: &str| invalid(&[("not-a-delegation", at)]);
    // Microsoft's policy that deploys delegations (issue 24: a policy's embedded deployment is
    // judged; until then `not-a-delegation` at `/resources`): its values are the template's
    // parameters, known at deployment, and its delegation uses API version 2019-06-01. The
    // sample for one management group compares only the managing tenant in its existence
    // condition (`policy-ignores-changes`); the one for several compares the name too.
    let microsofts_policy = |ignores_changes: bool| {
        let defaults = "/resources/0/properties/parameters";
        let details = "/resources/0/properties/policyRule/then/details";
        let template = format!("{details}/deployment/properties/template/resources");
        let mut found = vec![
            (
                "deployment-time-value",
                format!("{defaults}/managedByAuthorizations/defaultValue"),
            ),
            (
                "deployment-time-value",
                format!("{defaults}/managedByDescription/defaultValue"),
            ),
            (
                "deployment-time-value",
                format!("{defaults}/managedByName/defaultValue"),
            ),
            (
                "deployment-time-value",
                format!("{defaults}/managedByTenantId/defaultValue"),
            ),
            ("old-api-version", format!("{template}/0/apiVersion")),
            ("old-api-version", format!("{template}/1/apiVersion")),
        ];
        if ignores_changes {
            found.push((
                "policy-ignores-changes",
                format!("{details}/existenceCondition"),
            ));
        }
        let found: Vec<(&'static str, &str)> =
            found.iter().map(|(n, p)| (*n, p.as_str())).collect();
        invalid(&found)
    };
    let base = [
        "authorizations",
        "managedByTenantId",
        "mspOfferDescription",
        "mspOfferName",
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut all: Vec<&str> = base.to_vec();
        all.extend(extra);
        all
    };
    BTreeMap::from([
        (
            "templates/assign-msi-blob-data-role/assignBlobDataRoleMSI.parameters.json",
            not_a_delegation("/parameters"),
        ),
        (
            "templates/create-keyvault-secret/createKeyVaultSecret.parameters.json",
            not_a_delegation("/parameters"),
        ),
        (
            "templates/delegated-resource-management/rg/multi-rg.json",
            no_values(&with(&["resourceGroups"]), &GROUP_RESOURCES),
        ),
        (
            "templates/delegated-resource-management/rg/multiple-rg.parameters.json",
            params(true, 3, Some(2), None),
        ),
        (
            "templates/delegated-resource-management/rg/rg.json",
            no_values(&with(&["rgName"]), &GROUP_RESOURCES),
        ),
        (
            "templates/delegated-resource-management/rg/rg.parameters.json",
            params(true, 3, Some(2), None),
        ),
        (
            "templates/delegated-resource-management/subscription/subscription.json",
            no_values(&base, &SUBSCRIPTION_RESOURCES),
        ),
        (
            "templates/delegated-resource-management/subscription/subscription.parameters.json",
            params(true, 3, Some(2), None),
        ),
        // The template has default values: the first two authorizations have all-zero
        // principals; the third is a real one.
        (
            "templates/delegated-resource-management-azmigrate/delegatedResourceManagementAzMigrate.json",
            invalid(&[
                (
                    "nil-guid",
                    "/parameters/authorizations/defaultValue/0/principalId",
                ),
                (
                    "nil-guid",
                    "/parameters/authorizations/defaultValue/1/principalId",
                ),
                ("old-api-version", "/resources/0/apiVersion"),
                ("old-api-version", "/resources/1/apiVersion"),
            ]),
        ),
        // Its parameters file adds User Access Administrator as fourth authorization.
        (
            "templates/delegated-resource-management-azmigrate/delegatedResourceManagementAzMigrate.parameters.json",
            invalid(&[
                ("nil-guid", "/parameters/authorizations/value/0/principalId"),
                ("nil-guid", "/parameters/authorizations/value/1/principalId"),
                (
                    "data-actions-assignable-role",
                    "/parameters/authorizations/value/3/delegatedRoleDefinitionIds/1",
                ),
                ("nil-guid", "/parameters/authorizations/value/3/principalId"),
            ]),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/multiple-rg-managing-tenant-approvers.json",
            no_values(
                &with(&["eligibleAuthorizations", "resourceGroups"]),
                &GROUP_RESOURCES,
            ),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/multiple-rg-managing-tenant-approvers.parameters.json",
            params(false, 3, Some(2), Some(true)),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/multiple-rg.json",
            no_values(
                &with(&["eligibleAuthorizations", "resourceGroups"]),
                &GROUP_RESOURCES,
            ),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/multiple-rg.parameters.json",
            params(true, 2, None, Some(false)),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/rg-managing-tenant-approvers.json",
            no_values(
                &with(&["eligibleAuthorizations", "rgName"]),
                &GROUP_RESOURCES,
            ),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/rg-managing-tenant-approvers.parameters.json",
            params(false, 3, Some(2), Some(true)),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/rg.json",
            no_values(
                &with(&["eligibleAuthorizations", "rgName"]),
                &GROUP_RESOURCES,
            ),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/rg/rg.parameters.json",
            params(false, 2, None, Some(false)),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/subscription/subscription-managing-tenant-approvers.json",
            no_values(&with(&["eligibleAuthorizations"]), &SUBSCRIPTION_RESOURCES),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/subscription/subscription-managing-tenant-approvers.parameters.json",
            params(false, 2, None, Some(true)),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/subscription/subscription.json",
            no_values(&with(&["eligibleAuthorizations"]), &SUBSCRIPTION_RESOURCES),
        ),
        (
            "templates/delegated-resource-management-eligible-authorizations/subscription/subscription.parameters.json",
            params(true, 2, None, Some(false)),
        ),
        // The marketplace template switches its plan block with an `if` expression: with its
        // defaults (`marketplaceOffer` "Yes", every identifier empty), the plan is empty, which
        // is shown at the empty default values.
        (
            "templates/marketplace-delegated-resource-management/marketplaceDelegatedResourceManagement.json",
            invalid(&[
                ("parameter-without-value", "/parameters/authorizations"),
                ("parameter-without-value", "/parameters/managedByTenantId"),
                (
                    "text-too-short",
                    "/parameters/marketplaceOfferId/defaultValue",
                ),
                (
                    "text-too-short",
                    "/parameters/marketplacePlanId/defaultValue",
                ),
                (
                    "invalid-version",
                    "/parameters/marketplacePlanVersion/defaultValue",
                ),
                (
                    "text-too-short",
                    "/parameters/marketplacePublisherId/defaultValue",
                ),
                ("parameter-without-value", "/parameters/mspOfferDescription"),
                ("parameter-without-value", "/parameters/mspOfferName"),
                ("old-api-version", "/resources/0/apiVersion"),
                ("old-api-version", "/resources/1/apiVersion"),
            ]),
        ),
        // Real GUIDs and supported roles: the one sample that is valid, but it has no
        // authorization with the delete role.
        (
            "templates/marketplace-delegated-resource-management/marketplaceDelegatedResourceManagement.parameters.json",
            valid(&[("missing-delete-role", "/parameters/authorizations/value")]),
        ),
        (
            "templates/policy-allow-certain-managing-tenants/policyAllowCertainTenantIds.parameters.json",
            not_a_delegation("/parameters"),
        ),
        (
            "templates/policy-delegate-management-groups/deployLighthouseIfNotExistManagementGroup.json",
            microsofts_policy(true),
        ),
        (
            "templates/policy-delegate-management-groups/deployLighthouseIfNotExistsManagementGroup.parameters.json",
            invalid(&[
                (
                    "missing-delete-role",
                    "/parameters/managedByAuthorizations/value",
                ),
                (
                    "nil-guid",
                    "/parameters/managedByAuthorizations/value/0/principalId",
                ),
                (
                    "data-actions-assignable-role",
                    "/parameters/managedByAuthorizations/value/1/delegatedRoleDefinitionIds/1",
                ),
                (
                    "nil-guid",
                    "/parameters/managedByAuthorizations/value/1/principalId",
                ),
                ("nil-guid", "/parameters/managedByTenantId/value"),
            ]),
        ),
        (
            "templates/policy-delegate-multiple-management-groups/deployLighthouseIfNotExistManagementGroup.json",
            microsofts_policy(false),
        ),
        (
            "templates/policy-delegate-multiple-management-groups/deployLighthouseIfNotExistsManagementGroup.parameters.json",
            invalid(&[
                (
                    "missing-delete-role",
                    "/parameters/managedByAuthorizations/value",
                ),
                (
                    "nil-guid",
                    "/parameters/managedByAuthorizations/value/0/principalId",
                ),
                (
                    "data-actions-assignable-role",
                    "/parameters/managedByAuthorizations/value/1/delegatedRoleDefinitionIds/1",
                ),
                (
                    "nil-guid",
                    "/parameters/managedByAuthorizations/value/1/principalId",
                ),
                ("nil-guid", "/parameters/managedByTenantId/value"),
            ]),
        ),
        (
            "templates/policy-enforce-keyvault-monitoring/enforceAzureMonitoredKeyVault.parameters.json",
            not_a_delegation("/parameters"),
        ),
        (
            "templates/policy-enforce-sub-monitoring/enforceAzureMonitoredSubscription.parameters.json",
            not_a_delegation("/parameters"),
        ),
    ])
}

fn sample_files(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sample_files(&path, root, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn every_sample_gives_a_manifest_or_clear_diagnostics() {
    let root = samples_folder();
    let mut files = Vec::new();
    sample_files(&root, &root, &mut files);
    files.sort();
    let expected = expected_outcomes();
    assert_eq!(
        files,
        expected.keys().map(|k| (*k).to_owned()).collect::<Vec<_>>(),
        "the table lists every sample file"
    );
    for (file, outcome) in expected {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        match (arm::check(&text), outcome) {
            (Ok(checked), Outcome::Valid(warnings)) => {
                let found: Vec<_> = checked
                    .warnings()
                    .iter()
                    .map(|d| (d.name(), d.path().to_string()))
                    .collect();
                assert_eq!(found, warnings, "{file}");
            }
            (Err(report), Outcome::Invalid(diagnostics)) => {
                assert_eq!(names(report.diagnostics()), diagnostics, "{file}");
            }
            (Ok(_), Outcome::Invalid(_)) => {
                panic!("{file}: expected diagnostics, found a valid onboarding")
            }
            (Err(report), Outcome::Valid(_)) => {
                panic!("{file}: expected a valid onboarding, found {report}")
            }
        }
    }
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn the_valid_sample_reads_into_the_model() {
    let root = samples_folder();
    let text = std::fs::read_to_string(
        root.join("templates/marketplace-delegated-resource-management/marketplaceDelegatedResourceManagement.parameters.json"),
    )
    .unwrap();
    let (onboarding, _) = arm::check(&text).unwrap().into_parts();
    assert_eq!(
        onboarding.name().as_str(),
        "Fabrikam Managed Services - Assessment"
    );
    assert_eq!(onboarding.scope(), &Scope::Subscription);
    // `marketplaceOffer` is "No": the marketplace values are not used.
    assert!(onboarding.marketplace_plan().is_none());
    let manifest = &onboarding;
    assert_eq!(manifest.version(), &arm::DEFAULT_VERSION);
    assert_eq!(
        manifest.tenant_id().to_string(),
        "d6ad82f3-42af-4a15-ac1e-49e6c08f624e"
    );
    assert_eq!(manifest.authorizations().len(), 4);
    let uaa = &manifest.authorizations()[3];
    assert_eq!(
        uaa.role_definition_id(),
        RoleDefinitionId::USER_ACCESS_ADMINISTRATOR
    );
    assert_eq!(
        uaa.delegated_role_definition_ids(),
        [
            "17d1049b-9a84-46fb-8f53-869881c3d3ab".parse().unwrap(),
            RoleDefinitionId::VIRTUAL_MACHINE_CONTRIBUTOR
        ]
    );
}

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn sample_messages_say_what_is_wrong_and_what_belongs_there() {
    let root = samples_folder();
    let text =
        std::fs::read_to_string(root.join(
            "templates/delegated-resource-management/subscription/subscription.parameters.json",
        ))
        .unwrap();
    let report = arm::check(&text).unwrap_err();
    let lines: Vec<String> = report
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "error[LO0701] /parameters/authorizations/value/0/principalId: expected the object ID of a user or group in the managing tenant, found the all-zero GUID, a placeholder of Microsoft's samples",
            "error[LO0701] /parameters/authorizations/value/1/principalId: expected the object ID of a user or group in the managing tenant, found the all-zero GUID, a placeholder of Microsoft's samples",
            "warning[LO0212] /parameters/authorizations/value/2/delegatedRoleDefinitionIds/1: role \"Log Analytics Contributor\" (92aaf0da-9dab-42b6-94a3-d43ce8d16293) has data actions in the role catalog; Azure Lighthouse does not support such roles, and the resource provider has refused one in a registration definition, but whether it refuses them among the roles to assign to managed identities is not established; prefer a role without data actions",
            "error[LO0701] /parameters/authorizations/value/2/principalId: expected the object ID of a user or group in the managing tenant, found the all-zero GUID, a placeholder of Microsoft's samples",
            "error[LO0700] /parameters/managedByTenantId/value: \"<insert managing tenant id>\" is a placeholder left from a sample; expected the managing tenant's ID",
        ]
    );
    let policy = std::fs::read_to_string(root.join(
        "templates/policy-delegate-management-groups/deployLighthouseIfNotExistsManagementGroup.parameters.json",
    ))
    .unwrap();
    // The policy's parameters file is judged as the delegation it deploys.
    assert_eq!(
        arm::check(&policy)
            .unwrap_err()
            .diagnostics()
            .last()
            .unwrap()
            .to_string(),
        "error[LO0701] /parameters/managedByTenantId/value: expected the managing tenant's ID, found the all-zero GUID, a placeholder of Microsoft's samples"
    );
    let template = std::fs::read_to_string(root.join(
        "templates/policy-delegate-management-groups/deployLighthouseIfNotExistManagementGroup.json",
    ))
    .unwrap();
    // The policy's embedded deployment is judged (issue 24): its values are the template's.
    assert_eq!(
        arm::check(&template).unwrap_err().diagnostics()[0].message(),
        "the delegation's parameter `managedByAuthorizations` is not checked: the policy parameter `managedByAuthorizations` takes its default from the template that creates the policy, known when it is deployed"
    );
}
