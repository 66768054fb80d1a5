//! Manifests and plans: counts at their edges, cross-item rules, warnings, reading documents with
//! every problem at once, and the round trip.

use lighthouse_offer::plans::{JustInTimeAccessPolicy, MultiFactorAuthProvider};
use lighthouse_offer::{
    Authorization, Availability, DisplayName, EligibleAuthorization, Manifest, ManifestVersion,
    Plan, PrincipalId, Report, RoleDefinitionId, TenantId,
};
use serde_json::{Value, json};

const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";
const DELETE: &str = "91c1777a-f3dc-4fae-b103-61d183457e46";
const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";

fn principal(n: u128) -> String {
    PrincipalId::from_u128(0x5c1a_9d3e_0000 + n).to_string()
}

fn authorization(n: u128, role: &str) -> Value {
    json!({
        "principalId": principal(n),
        "principalIdDisplayName": format!("Contoso group {n}"),
        "roleDefinitionId": role,
    })
}

fn plan_document(authorizations: &[Value]) -> Value {
    json!({
        "planId": "gold",
        "title": "Gold",
        "summary": "24x7 monitoring of Microsoft Sentinel",
        "description": "Our security operations centre watches your workspaces around the clock.",
        "billingModel": "byol",
        "availability": { "visibility": "public" },
        "manifest": {
            "version": "1.0.0",
            "tenantId": TENANT,
            "authorizations": authorizations,
        }
    })
}

#[track_caller]
fn problems(document: &Value) -> Vec<(&'static str, String)> {
    let report: Report = Plan::from_json_str(&document.to_string()).unwrap_err();
    report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect()
}

fn read(document: &Value) -> (Plan, Vec<(&'static str, String)>) {
    let (plan, warnings) = Plan::from_json_str(&document.to_string())
        .unwrap()
        .into_parts();
    let warnings = warnings
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect();
    (plan, warnings)
}

#[test]
fn a_valid_plan_with_the_delete_role_has_no_warnings() {
    let (plan, warnings) = read(&plan_document(&[
        authorization(1, READER),
        authorization(2, DELETE),
    ]));
    assert!(warnings.is_empty());
    assert_eq!(plan.plan_id().as_str(), "gold");
    assert!(plan.manifest().has_delete_role());
}

#[test]
fn a_plan_without_the_delete_role_always_warns() {
    let (plan, warnings) = read(&plan_document(&[authorization(1, READER)]));
    assert_eq!(
        warnings,
        [("missing-delete-role", "/manifest/authorizations".into())]
    );
    // The warning is a result of the model: asking again gives it again.
    assert_eq!(plan.warnings().len(), 1);
    assert_eq!(plan.manifest().warnings()[0].code(), "LO0301");
}

#[test]
fn twenty_authorizations_are_allowed_and_twenty_one_are_not() {
    let many = |n: u128| (0..n).map(|i| authorization(i, DELETE)).collect::<Vec<_>>();
    let (plan, _) = read(&plan_document(&many(20)));
    assert_eq!(plan.manifest().authorizations().len(), 20);
    assert_eq!(
        problems(&plan_document(&many(21))),
        [("too-many-items", "/manifest/authorizations".into())]
    );
}

/// Partner Center: up to 20 authorizations per plan, each Active or Eligible: eligible ones count
/// too (Microsoft Learn, create plans for a Managed Service offer; create eligible authorizations).
#[test]
fn twenty_authorizations_count_permanent_and_eligible_together() {
    let with = |permanent: u128, eligible: u128| {
        let mut document = plan_document(
            &(0..permanent)
                .map(|i| authorization(i, READER))
                .collect::<Vec<_>>(),
        );
        document["manifest"]["eligibleAuthorizations"] = (0..eligible)
            .map(|i| {
                json!({
                    "principalId": principal(i),
                    "principalIdDisplayName": format!("Contoso group {i}"),
                    "roleDefinitionId": CONTRIBUTOR,
                })
            })
            .collect();
        document
    };
    let (plan, _) = read(&with(15, 5));
    assert_eq!(plan.manifest().authorizations().len(), 15);
    assert_eq!(plan.manifest().eligible_authorizations().len(), 5);
    let report = Plan::from_json_str(&with(15, 6).to_string()).unwrap_err();
    let too_many: Vec<String> = report
        .errors()
        .map(|d| format!("{} {} {}", d.name(), d.path(), d.message()))
        .collect();
    assert_eq!(
        too_many,
        [
            "too-many-items /manifest/authorizations a manifest has 21 authorizations (15 permanent, 6 eligible), at most 20 are allowed, permanent and eligible together"
        ]
    );
    // The builder counts the same way.
    let tenant: TenantId = TENANT.parse().unwrap();
    let mut builder = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant);
    for i in 0..15 {
        builder = builder.authorization(
            Authorization::new(
                PrincipalId::from_u128(0x5c1a_9d3e_0000 + i),
                DisplayName::new(format!("Contoso group {i}")).unwrap(),
                RoleDefinitionId::READER,
            )
            .unwrap(),
        );
    }
    for i in 0..6 {
        builder = builder.eligible_authorization(
            EligibleAuthorization::new(
                PrincipalId::from_u128(0x5c1a_9d3e_0000 + i),
                DisplayName::new(format!("Contoso group {i}")).unwrap(),
                RoleDefinitionId::CONTRIBUTOR,
                JustInTimeAccessPolicy::default(),
            )
            .unwrap(),
        );
    }
    let report = builder.build().unwrap_err();
    assert_eq!(report.errors().next().unwrap().name(), "too-many-items");
}

#[test]
fn a_manifest_needs_a_permanent_authorization() {
    let mut document = plan_document(&[]);
    document["manifest"]["eligibleAuthorizations"] = json!([{
        "principalId": principal(9),
        "principalIdDisplayName": "Escalation",
        "roleDefinitionId": CONTRIBUTOR,
    }]);
    assert_eq!(
        problems(&document),
        [(
            "no-permanent-authorization",
            "/manifest/authorizations".into()
        )]
    );
}

#[test]
fn eligible_authorizations_sharing_a_role_share_a_policy() {
    let mut document = plan_document(&[authorization(1, DELETE)]);
    let eligible = |n: u128, duration: &str| {
        json!({
            "principalId": principal(n),
            "principalIdDisplayName": format!("Escalation {n}"),
            "roleDefinitionId": CONTRIBUTOR,
            "justInTimeAccessPolicy": {
                "multiFactorAuthProvider": "Azure",
                "maximumActivationDuration": duration,
            }
        })
    };
    document["manifest"]["eligibleAuthorizations"] = json!([
        eligible(7, "PT4H"),
        eligible(8, "PT4H"),
        eligible(9, "PT2H")
    ]);
    assert_eq!(
        problems(&document),
        [(
            "eligible-policy-mismatch",
            "/manifest/eligibleAuthorizations/2/justInTimeAccessPolicy".into()
        )]
    );
}

#[test]
fn every_problem_of_a_document_is_reported_at_once_in_its_own_names() {
    let document = json!({
        "planId": "Gold Plan",
        "title": "x".repeat(201),
        "summary": "ok",
        "description": "",
        "billingModel": "payg",
        "availability": { "visibility": "private", "subscriptionIds": ["not-a-guid"] },
        "colour": "blue",
        "manifest": {
            "version": "1.0",
            "tenantId": "{0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10}",
            "authorizations": [
                authorization(1, READER),
                {
                    "principalId": principal(2),
                    "principalIdDisplayName": " padded",
                    "roleDefinitionId": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
                },
                { "principalId": principal(3), "roleDefinitionId": 42 },
                {
                    "principalId": principal(4),
                    "principalIdDisplayName": "Policy automation",
                    "roleDefinitionId": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
                }
            ],
            "eligibleAuthorizations": [{
                "principalId": principal(5),
                "principalIdDisplayName": "Escalation",
                "roleDefinitionId": CONTRIBUTOR,
                "justInTimeAccessPolicy": { "maximumActivationDuration": "PT9H", "multiFactorAuthProvider": "SMS" }
            }]
        }
    });
    let expected: Vec<(&str, String)> = [
        ("invalid-guid", "/availability/subscriptionIds/0"),
        ("unknown-variant", "/billingModel"),
        ("unknown-field", "/colour"),
        ("text-too-short", "/description"),
        (
            "untrimmed-text",
            "/manifest/authorizations/1/principalIdDisplayName",
        ),
        ("owner-role", "/manifest/authorizations/1/roleDefinitionId"),
        ("missing-field", "/manifest/authorizations/2"),
        ("wrong-type", "/manifest/authorizations/2/roleDefinitionId"),
        ("missing-assignable-roles", "/manifest/authorizations/3"),
        (
            "invalid-duration",
            "/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/maximumActivationDuration",
        ),
        (
            "unknown-variant",
            "/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/multiFactorAuthProvider",
        ),
        ("invalid-guid", "/manifest/tenantId"),
        ("invalid-version", "/manifest/version"),
        ("invalid-identifier", "/planId"),
        ("text-too-long", "/title"),
    ]
    .into_iter()
    .map(|(name, path)| (name, path.to_owned()))
    .collect();
    assert_eq!(problems(&document), expected);
}

#[test]
fn unknown_fields_suggest_the_closest_name() {
    let mut document = plan_document(&[authorization(1, DELETE)]);
    document["manifest"]["authorizations"][0]["roleDefinitonId"] = json!(READER);
    document["manifest"]["authorizations"][0]
        .as_object_mut()
        .unwrap()
        .remove("roleDefinitionId");
    let report = Plan::from_json_str(&document.to_string()).unwrap_err();
    let messages: Vec<&str> = report
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::message)
        .collect();
    // One problem, told once: the misspelt field, with the name it stands for (no separate
    // "missing required field").
    assert_eq!(
        messages,
        ["unknown field `roleDefinitonId`; did you mean `roleDefinitionId`?",]
    );
}

#[test]
fn invalid_json_is_one_clear_diagnostic() {
    let report = Plan::from_json_str("{ \"planId\": ").unwrap_err();
    assert_eq!(report.diagnostics().len(), 1);
    let d = &report.diagnostics()[0];
    assert_eq!((d.name(), d.path().as_str()), ("invalid-json", ""));
    assert!(
        d.message()
            .starts_with("the document is not valid JSON: EOF while parsing")
    );
}

#[test]
fn a_valid_plan_round_trips() {
    let mut document = plan_document(&[
        authorization(1, READER),
        authorization(2, DELETE),
        json!({
            "principalId": principal(3),
            "principalIdDisplayName": "Policy automation",
            "roleDefinitionId": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
            "delegatedRoleDefinitionIds": [CONTRIBUTOR],
        }),
    ]);
    document["availability"] = json!({
        "visibility": "private",
        "subscriptionIds": ["9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"],
    });
    document["manifest"]["eligibleAuthorizations"] = json!([{
        "principalId": principal(4),
        "principalIdDisplayName": "Escalation",
        "roleDefinitionId": CONTRIBUTOR,
        "justInTimeAccessPolicy": {
            "multiFactorAuthProvider": "Azure",
            "maximumActivationDuration": "PT1H30M",
            "managedByTenantApprovers": [{ "principalId": principal(5), "principalIdDisplayName": "SOC leads" }],
        }
    }]);
    let (plan, _) = read(&document);
    let written = serde_json::to_value(&plan).unwrap();
    assert_eq!(written, document);
    let (again, _) = read(&written);
    assert_eq!(again, plan);
    // serde's own entry point goes through the same reader.
    let via_serde: Plan = serde_json::from_value(written).unwrap();
    assert_eq!(via_serde, plan);
}

#[test]
fn serde_rejects_what_the_reader_rejects() {
    let error = serde_json::from_value::<Plan>(plan_document(&[authorization(
        1,
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    )]))
    .unwrap_err();
    assert!(error.to_string().contains("owner-role") || error.to_string().contains("LO0201"));
}

#[test]
fn a_plan_built_in_code_carries_its_warnings() {
    let tenant: TenantId = TENANT.parse().unwrap();
    let reader = Authorization::new(
        principal(1).parse().unwrap(),
        DisplayName::new("Readers").unwrap(),
        RoleDefinitionId::READER,
    )
    .unwrap();
    // The readers may also elevate: they hold the permanent authorization an eligible one needs.
    let eligible = EligibleAuthorization::new(
        principal(1).parse().unwrap(),
        DisplayName::new("Readers").unwrap(),
        RoleDefinitionId::CONTRIBUTOR,
        JustInTimeAccessPolicy::new(
            MultiFactorAuthProvider::Azure,
            lighthouse_offer::ActivationDuration::default(),
            [],
        )
        .unwrap(),
    )
    .unwrap();
    let checked = Manifest::builder(ManifestVersion::new(1, 2, 5), tenant)
        .authorization(reader)
        .eligible_authorization(eligible)
        .build()
        .unwrap();
    assert_eq!(checked.warnings().len(), 1);
    let (manifest, _) = checked.into_parts();
    let plan = Plan::new(
        "silver".parse().unwrap(),
        "Silver".parse().unwrap(),
        "Business hours".parse().unwrap(),
        "Monitoring during business hours.".parse().unwrap(),
        Availability::Public,
        manifest,
    );
    assert_eq!(
        plan.warnings()[0].path().as_str(),
        "/manifest/authorizations"
    );
}

/// Microsoft Learn, create eligible authorizations (2025-04-28): an eligible principal needs a
/// permanent authorization with Reader access to elevate in the Azure portal, and approvers
/// can't approve their own access.
#[test]
fn eligible_principals_need_a_permanent_authorization_and_another_approver() {
    let engineers = principal(7);
    let eligible = |approvers: Value| {
        json!({
            "principalId": engineers,
            "principalIdDisplayName": "Contoso escalation engineers",
            "roleDefinitionId": CONTRIBUTOR,
            "justInTimeAccessPolicy": {
                "multiFactorAuthProvider": "Azure",
                "managedByTenantApprovers": approvers,
            }
        })
    };
    let approver = |n: u128, name: &str| json!({ "principalId": principal(n), "principalIdDisplayName": name });
    let leads = json!([approver(8, "Contoso SOC leads")]);

    // Without a permanent authorization: one warning per principal, at its first eligible item.
    let mut document = plan_document(&[authorization(1, READER), authorization(2, DELETE)]);
    let mut second = eligible(leads.clone());
    second["roleDefinitionId"] = json!("9980e02c-c2be-4d73-94e8-173b1dc7cf3c");
    document["manifest"]["eligibleAuthorizations"] = json!([eligible(leads.clone()), second]);
    let (plan, warnings) = read(&document);
    assert_eq!(
        warnings,
        [(
            "eligible-without-permanent-authorization",
            "/manifest/eligibleAuthorizations/0/principalId".into()
        )]
    );
    assert_eq!(
        plan.warnings()[0].message(),
        format!(
            "eligible principal {engineers} (\"Contoso escalation engineers\") has no permanent authorization in this plan, so it can't elevate its role in the Azure portal; add a permanent authorization for it with Reader access, such as Reader"
        )
    );

    // With a permanent Reader authorization for the same principal: no warning.
    let mut with_reader = plan_document(&[
        authorization(1, READER),
        authorization(2, DELETE),
        authorization(7, READER),
    ]);
    with_reader["manifest"]["eligibleAuthorizations"] = json!([eligible(leads)]);
    assert_eq!(read(&with_reader).1, []);

    // The principal as its own only approver: a warning; with another approver beside it, none.
    with_reader["manifest"]["eligibleAuthorizations"] = json!([eligible(json!([approver(
        7,
        "Contoso escalation engineers"
    )]))]);
    assert_eq!(
        read(&with_reader).1,
        [(
            "eligible-principal-is-only-approver",
            "/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy/managedByTenantApprovers"
                .into()
        )]
    );
    with_reader["manifest"]["eligibleAuthorizations"] = json!([eligible(json!([
        approver(7, "Contoso escalation engineers"),
        approver(8, "Contoso SOC leads")
    ]))]);
    assert_eq!(read(&with_reader).1, []);
}

/// Rules within a manifest do not wait for each other: an eligible principal that is its own only
/// approver, and a role the catalog does not know, are told in the same run as the manifest's
/// errors (here an Owner authorization and an activation longer than allowed), not once they are
/// fixed.
#[test]
fn the_self_approver_warning_comes_with_the_manifests_errors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel-2026/offer.json"
    ))
    .unwrap();
    let mut document: Value = serde_json::from_str(&text).unwrap();
    let manifest = &mut document["plans"][0]["manifest"];
    manifest["authorizations"][0]["roleDefinitionId"] =
        json!("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    manifest["authorizations"][1]["roleDefinitionId"] =
        json!("11111111-2222-4333-8444-555555555555");
    let eligible = &mut manifest["eligibleAuthorizations"][0];
    let engineers = eligible["principalId"].clone();
    eligible["justInTimeAccessPolicy"]["maximumActivationDuration"] = json!("PT9H");
    eligible["justInTimeAccessPolicy"]["managedByTenantApprovers"] = json!([{ "principalId": engineers, "principalIdDisplayName": "Contoso escalation engineers" }]);
    let report = lighthouse_offer::Offer::from_json_str(&document.to_string()).unwrap_err();
    let mut found: Vec<(&str, String)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect();
    found.sort();
    let at = "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy";
    assert!(
        found.contains(&(
            "eligible-principal-is-only-approver",
            format!("{at}/managedByTenantApprovers")
        )),
        "{found:#?}"
    );
    assert!(
        found.contains(&(
            "owner-role",
            "/plans/0/manifest/authorizations/0/roleDefinitionId".to_owned()
        )),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, path)| path == &format!("{at}/maximumActivationDuration")),
        "{found:#?}"
    );
    assert!(
        found.contains(&(
            "unknown-role",
            "/plans/0/manifest/authorizations/1/roleDefinitionId".to_owned()
        )),
        "{found:#?}"
    );
    // Told once.
    assert_eq!(
        found
            .iter()
            .filter(|(name, _)| *name == "eligible-principal-is-only-approver")
            .count(),
        1
    );
}
