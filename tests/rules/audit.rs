//! The audit of deployed delegations (offline): the REST shapes read with the crate's
//! diagnostics, and every finding held against the example offer.

use std::path::Path;

use lighthouse_offer::audit::{self, Deployed, DeployedResource, MatchedBy, Verdict};
use lighthouse_offer::{Offer, Plan, Rule, Severity};
use serde_json::{Value, json};

const SUB: &str = "6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70";
const OTHER_TENANT: &str = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f";
const LOG_ANALYTICS_CONTRIBUTOR: &str = "92aaf0da-9dab-42b6-94a3-d43ce8d16293";
const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn offer() -> Offer {
    let text =
        std::fs::read_to_string(root().join("examples/contoso-sentinel/offer.json")).unwrap();
    Offer::from_json_str(&text).unwrap().into_parts().0
}

fn plan<'o>(offer: &'o Offer, id: &str) -> &'o Plan {
    offer.plan(id).unwrap()
}

/// The definition Marketplace deploys for `plan` (its manifest as the REST API writes it).
fn definition(offer: &Offer, plan: &Plan, marketplace: bool) -> Value {
    let manifest = plan.manifest();
    let mut definition = json!({
        "properties": {
            "registrationDefinitionName": offer.name().as_str(),
            "managedByTenantId": manifest.tenant_id().to_string(),
            "authorizations": serde_json::to_value(manifest.authorizations()).unwrap(),
            "eligibleAuthorizations": serde_json::to_value(manifest.eligible_authorizations()).unwrap(),
            "provisioningState": "Succeeded"
        },
        "id": format!("/subscriptions/{SUB}/providers/Microsoft.ManagedServices/registrationDefinitions/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"),
        "type": "Microsoft.ManagedServices/registrationDefinitions",
        "name": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
        "systemData": { "createdBy": "someone@contoso.com", "createdByType": "User" }
    });
    if marketplace {
        definition["plan"] = json!({
            "name": plan.plan_id().as_str(),
            "product": offer.offer_id().as_str(),
            "publisher": offer.publisher_id().as_str(),
            "version": manifest.version().to_string()
        });
    }
    definition
}

/// An assignment to `scope` (`""` for the subscription, else a resource group) with `definition`
/// expanded.
fn assignment(group: Option<&str>, definition: &Value) -> Value {
    let scope = match group {
        Some(group) => format!("/subscriptions/{SUB}/resourceGroups/{group}"),
        None => format!("/subscriptions/{SUB}"),
    };
    json!({
        "properties": {
            "registrationDefinitionId": definition["id"].clone(),
            "provisioningState": "Succeeded",
            "registrationDefinition": definition
        },
        "id": format!("{scope}/providers/Microsoft.ManagedServices/registrationAssignments/0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"),
        "type": "Microsoft.ManagedServices/registrationAssignments",
        "name": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"
    })
}

fn eligible(v: &mut Value) -> &mut Value {
    &mut v["properties"]["registrationDefinition"]["properties"]["eligibleAuthorizations"]
}

fn gold_assignment(offer: &Offer) -> Value {
    assignment(
        Some("rg-soc"),
        &definition(offer, plan(offer, "gold"), true),
    )
}

const DEF: &str = "/value/0/properties/registrationDefinition";

fn run(offer: &Offer, listed: &Value) -> audit::Audit {
    let deployed = Deployed::from_json_value(listed).unwrap();
    audit::audit(offer, &deployed)
}

fn found(audit: &audit::Audit) -> Vec<(&'static str, String)> {
    audit
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect()
}

// ---- the model: reading the REST shapes ----

#[test]
fn a_rest_list_an_az_array_and_a_single_resource_are_read() {
    let offer = offer();
    let one = gold_assignment(&offer);
    let listed = json!({ "value": [one.clone()], "nextLink": "https://management.azure.com/next" });
    let deployed = Deployed::from_json_value(&listed).unwrap();
    assert_eq!(deployed.resources().len(), 1);
    assert_eq!(
        deployed.next_link(),
        Some("https://management.azure.com/next")
    );
    assert!(deployed.problems().is_empty(), "{:?}", deployed.problems());

    let mut az = one.clone();
    az["resourceGroup"] = json!("rg-soc");
    let array = Deployed::from_json_value(&json!([az])).unwrap();
    assert_eq!(array.resources().len(), 1);
    assert!(array.problems().is_empty());

    let single = Deployed::from_json_value(&one).unwrap();
    let DeployedResource::Assignment(a) = &single.resources()[0] else {
        panic!("an assignment")
    };
    assert_eq!(a.scope().subscription().to_string(), SUB);
    assert_eq!(a.scope().resource_group(), Some("rg-soc"));
    let definition = a.registration_definition().unwrap();
    assert_eq!(definition.plan().unwrap().name(), "gold");
    assert_eq!(definition.grants().authorizations().len(), 5);
    assert_eq!(definition.grants().eligible_authorizations().len(), 1);
    assert_eq!(
        definition.path().as_str(),
        "/properties/registrationDefinition"
    );
}

#[test]
fn the_example_files_are_read() {
    for file in ["assignments.json", "az-assignment-list.json"] {
        let text =
            std::fs::read_to_string(root().join("examples/contoso-sentinel/deployed").join(file))
                .unwrap();
        let deployed = Deployed::from_json_str(&text).unwrap();
        assert!(
            deployed.problems().is_empty(),
            "{file}: {:?}",
            deployed.problems()
        );
        assert!(!deployed.resources().is_empty());
    }
}

#[test]
fn every_problem_of_the_input_is_reported_at_once_and_the_rest_is_audited() {
    let offer = offer();
    let good = gold_assignment(&offer);
    let mut bad = gold_assignment(&offer);
    let properties = &mut bad["properties"]["registrationDefinition"]["properties"];
    properties["managedByTenantId"] = json!("not-a-tenant");
    properties["authorizations"][0]["principalId"] = json!(42);
    properties["authorizations"][1]
        .as_object_mut()
        .unwrap()
        .remove("roleDefinitionId");
    let mut scope = gold_assignment(&offer);
    scope["id"] = json!("/providers/Microsoft.ManagedServices/registrationAssignments/1");
    let listed =
        json!({ "value": [bad, good, scope, { "type": "Microsoft.Compute/virtualMachines" }, 7] });
    let deployed = Deployed::from_json_value(&listed).unwrap();
    assert_eq!(deployed.resources().len(), 1, "the good one");
    let problems: Vec<(&str, &str)> = deployed
        .problems()
        .iter()
        .map(|d| (d.name(), d.path().as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                "invalid-guid",
                "/value/0/properties/registrationDefinition/properties/managedByTenantId"
            ),
            (
                "wrong-type",
                "/value/0/properties/registrationDefinition/properties/authorizations/0/principalId"
            ),
            (
                "missing-field",
                "/value/0/properties/registrationDefinition/properties/authorizations/1"
            ),
            ("invalid-resource-id", "/value/2/id"),
            ("unknown-variant", "/value/3/type"),
            ("wrong-type", "/value/4"),
        ]
    );
    let audited = audit::audit(&offer, &deployed);
    assert_eq!(audited.delegations().len(), 1);
    assert_eq!(audited.delegations()[0].path().as_str(), "/value/1");
    assert_eq!(audited.totals().errors, 6);
    assert!(audited.has_errors());
}

#[test]
fn what_is_not_a_list_is_refused() {
    for (text, rule) in [
        ("not json", Rule::InvalidJson),
        ("42", Rule::WrongType),
        (r#"{"value": {}}"#, Rule::WrongType),
        (r#"{"value": [], "value": []}"#, Rule::DuplicateKey),
    ] {
        let report = Deployed::from_json_str(text).unwrap_err();
        assert_eq!(report.diagnostics()[0].rule(), rule, "{text}");
    }
}

#[test]
fn roles_may_be_written_as_resource_ids() {
    let offer = offer();
    let mut one = gold_assignment(&offer);
    let role = &mut one["properties"]["registrationDefinition"]["properties"]["authorizations"][1]
        ["roleDefinitionId"];
    *role = json!(format!(
        "/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{}",
        role.as_str().unwrap()
    ));
    let audited = run(&offer, &json!({ "value": [one] }));
    assert!(
        audited.diagnostics().is_empty(),
        "{:?}",
        audited.diagnostics()
    );
}

// ---- the audit ----

#[test]
fn a_delegation_equal_to_its_plan_is_in_sync() {
    let offer = offer();
    let audited = run(&offer, &json!({ "value": [gold_assignment(&offer)] }));
    assert!(
        audited.diagnostics().is_empty(),
        "{:?}",
        audited.diagnostics()
    );
    let d = &audited.delegations()[0];
    assert_eq!(d.verdict(), Verdict::InSync);
    assert_eq!(d.plan().unwrap().as_str(), "gold");
    assert_eq!(d.matched_by(), Some(MatchedBy::MarketplacePlan));
    assert_eq!(d.deployed_version(), Some("1.2.0"));
}

#[test]
fn authorizations_added_and_removed_by_hand_are_errors_naming_the_scope() {
    let offer = offer();
    let mut one = gold_assignment(&offer);
    let auths = one["properties"]["registrationDefinition"]["properties"]["authorizations"]
        .as_array_mut()
        .unwrap();
    auths.remove(1); // the readers
    auths.push(json!({
        "principalId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
        "principalIdDisplayName": "Temporary",
        "roleDefinitionId": CONTRIBUTOR
    }));
    let audited = run(&offer, &json!({ "value": [one] }));
    assert_eq!(
        found(&audited),
        [
            (
                "authorization-not-in-plan",
                format!("{DEF}/properties/authorizations/4/roleDefinitionId")
            ),
            (
                "authorization-missing",
                format!("{DEF}/properties/authorizations")
            ),
        ]
    );
    for d in audited.diagnostics() {
        assert!(
            d.message()
                .starts_with(&format!("subscription {SUB}, resource group rg-soc: ")),
            "{}",
            d.message()
        );
        assert_eq!(d.severity(), Severity::Error);
    }
    assert!(
        audited.diagnostics()[1]
            .message()
            .contains("Contoso SOC readers")
    );
    assert_eq!(audited.delegations()[0].verdict(), Verdict::Drifted);
    assert_eq!(audited.delegations()[0].errors(), 2);
}

#[test]
fn eligible_authorizations_and_their_policies_are_compared() {
    let offer = offer();
    let base = gold_assignment(&offer);
    let policy_at = format!("{DEF}/properties/eligibleAuthorizations/0/justInTimeAccessPolicy");

    let mut mfa = base.clone();
    eligible(&mut mfa)[0]["justInTimeAccessPolicy"]["multiFactorAuthProvider"] = json!("None");
    let mut duration = base.clone();
    eligible(&mut duration)[0]["justInTimeAccessPolicy"]["maximumActivationDuration"] =
        json!("PT8H");
    let mut approvers = base.clone();
    eligible(&mut approvers)[0]["justInTimeAccessPolicy"]
        .as_object_mut()
        .unwrap()
        .remove("managedByTenantApprovers");
    for (case, word) in [
        (mfa, "multi-factor"),
        (duration, "PT8H"),
        (approvers, "0 approvers"),
    ] {
        let audited = run(&offer, &json!({ "value": [case] }));
        assert_eq!(
            found(&audited),
            [("just-in-time-policy-differs", policy_at.clone())]
        );
        assert!(
            audited.diagnostics()[0].message().contains(word),
            "{}",
            audited.diagnostics()[0].message()
        );
    }

    let mut other_role = base.clone();
    eligible(&mut other_role)[0]["roleDefinitionId"] =
        json!("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    let audited = run(&offer, &json!({ "value": [other_role] }));
    assert_eq!(
        found(&audited),
        [
            (
                "eligible-authorization-not-in-plan",
                format!("{DEF}/properties/eligibleAuthorizations/0/roleDefinitionId")
            ),
            (
                "eligible-authorization-missing",
                format!("{DEF}/properties/eligibleAuthorizations")
            ),
        ]
    );

    let mut none = base;
    none["properties"]["registrationDefinition"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("eligibleAuthorizations");
    let audited = run(&offer, &json!({ "value": [none] }));
    assert_eq!(
        found(&audited),
        [(
            "eligible-authorization-missing",
            format!("{DEF}/properties/eligibleAuthorizations")
        )]
    );
}

#[test]
fn a_role_azure_lighthouse_no_longer_supports_is_an_error_and_an_unknown_role_a_warning() {
    let offer = offer();
    let mut one = assignment(None, &definition(&offer, plan(&offer, "gold"), true));
    let auths = &mut one["properties"]["registrationDefinition"]["properties"]["authorizations"];
    auths[0]["roleDefinitionId"] = json!(LOG_ANALYTICS_CONTRIBUTOR);
    auths[2]["delegatedRoleDefinitionIds"][0] = json!("11111111-2222-4333-8444-555555555555");
    let audited = run(&offer, &json!({ "value": [one] }));
    let names: Vec<&str> = audited
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::name)
        .collect();
    assert_eq!(
        names,
        [
            "authorization-not-in-plan",
            "assignable-roles-differ",
            "authorization-missing",
            "role-no-longer-supported",
            "unknown-role"
        ]
    );
    let unsupported = &audited.diagnostics()[3];
    assert_eq!(
        unsupported.path().to_string(),
        format!("{DEF}/properties/authorizations/0/roleDefinitionId")
    );
    assert!(
        unsupported.message().starts_with(&format!(
            "subscription {SUB}: role \"Log Analytics Contributor\""
        )),
        "{}",
        unsupported.message()
    );
    assert_eq!(
        audited.diagnostics()[4].path().to_string(),
        format!("{DEF}/properties/authorizations/2/delegatedRoleDefinitionIds/0")
    );
}

/// A deployed role GUID a digit away from Reader's is the typo error every road gives
/// (`role-guid-typo`), naming Reader and its GUID, not an unknown role's warning.
#[test]
fn a_deployed_role_guid_one_digit_from_a_built_in_roles_is_a_typo() {
    const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    let offer = offer();
    let mut one = assignment(None, &definition(&offer, plan(&offer, "gold"), true));
    let auths = &mut one["properties"]["registrationDefinition"]["properties"]["authorizations"];
    let at = auths
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["roleDefinitionId"] == READER)
        .unwrap();
    auths[at]["roleDefinitionId"] = json!("acdd72a7-3385-48ef-bd42-f606fba81ae8");
    let audited = run(&offer, &json!({ "value": [one] }));
    let typo = audited
        .diagnostics()
        .iter()
        .find(|d| d.name() == "role-guid-typo")
        .unwrap_or_else(|| panic!("{:#?}", audited.diagnostics()));
    assert_eq!(typo.severity(), lighthouse_offer::Severity::Error);
    assert_eq!(
        typo.path().to_string(),
        format!("{DEF}/properties/authorizations/{at}/roleDefinitionId")
    );
    assert!(
        typo.message().starts_with(&format!("subscription {SUB}: "))
            && typo.message().contains("\"Reader\""),
        "{}",
        typo.message()
    );
    assert_eq!(
        typo.help(),
        format!("Write the GUID of Reader: \"{READER}\".")
    );
    assert!(
        !audited
            .diagnostics()
            .iter()
            .any(|d| d.name() == "unknown-role"),
        "{:#?}",
        audited.diagnostics()
    );
}

#[test]
fn other_roles_to_assign_for_user_access_administrator_are_an_error() {
    let offer = offer();
    let mut one = gold_assignment(&offer);
    // The policy automation principal may assign Contributor and Resource Policy Contributor.
    one["properties"]["registrationDefinition"]["properties"]["authorizations"][2]["delegatedRoleDefinitionIds"] =
        json!([CONTRIBUTOR, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"]);
    let audited = run(&offer, &json!({ "value": [one] }));
    let names: Vec<&str> = audited
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::name)
        .collect();
    assert_eq!(
        names,
        ["assignable-roles-differ", "role-no-longer-supported"]
    );
    let differ = &audited.diagnostics()[0];
    assert_eq!(
        differ.path().to_string(),
        format!("{DEF}/properties/authorizations/2/delegatedRoleDefinitionIds")
    );
    assert!(
        differ.message().contains("\"Owner\""),
        "{}",
        differ.message()
    );
    // The same roles in another order are the same.
    let mut reordered = gold_assignment(&offer);
    let list = &mut reordered["properties"]["registrationDefinition"]["properties"]["authorizations"]
        [2]["delegatedRoleDefinitionIds"];
    list.as_array_mut().unwrap().reverse();
    assert!(
        run(&offer, &json!({ "value": [reordered] }))
            .diagnostics()
            .is_empty()
    );
}

#[test]
fn plan_versions_behind_and_ahead_are_warnings() {
    let offer = offer();
    for (version, rule) in [
        ("1.1.0", "plan-version-behind"),
        ("1.10.0", "plan-version-ahead"),
    ] {
        let mut one = gold_assignment(&offer);
        one["properties"]["registrationDefinition"]["plan"]["version"] = json!(version);
        let audited = run(&offer, &json!({ "value": [one] }));
        assert_eq!(found(&audited), [(rule, format!("{DEF}/plan/version"))]);
        assert_eq!(audited.delegations()[0].verdict(), Verdict::Warnings);
        assert_eq!(audited.delegations()[0].deployed_version(), Some(version));
    }
}

#[test]
fn a_customer_behind_gets_one_warning_that_lists_the_differences() {
    let offer = offer();
    let mut one = gold_assignment(&offer);
    let definition = &mut one["properties"]["registrationDefinition"];
    definition["plan"]["version"] = json!("1.0.0");
    definition["properties"]["authorizations"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let audited = run(&offer, &json!({ "value": [one.clone()] }));
    // Not drift by the provider's hand: the customer has not accepted the update.
    assert_eq!(
        found(&audited),
        [("plan-version-behind", format!("{DEF}/plan/version"))]
    );
    assert!(!audited.has_errors());
    assert_eq!(audited.delegations()[0].verdict(), Verdict::Warnings);
    let message = audited.diagnostics()[0].message();
    assert!(
        message.contains("the customer has not accepted the update"),
        "{message}"
    );
    assert!(
        message.contains("differs from the offer's in 1 way"),
        "{message}"
    );
    assert!(message.contains("which Azure does not hold"), "{message}");
    // The same difference on the current version is an error.
    one["properties"]["registrationDefinition"]["plan"]["version"] =
        json!(plan(&offer, "gold").manifest().version().to_string());
    let current = run(&offer, &json!({ "value": [one] }));
    assert_eq!(
        found(&current),
        [(
            "authorization-missing",
            format!("{DEF}/properties/authorizations")
        )]
    );
    assert_eq!(current.delegations()[0].verdict(), Verdict::Drifted);
}

#[test]
fn display_names_that_differ_are_warnings() {
    let offer = offer();
    let mut one = gold_assignment(&offer);
    let properties = &mut one["properties"]["registrationDefinition"]["properties"];
    properties["authorizations"][1]["principalIdDisplayName"] = json!("SOC readers");
    properties["eligibleAuthorizations"][0]["principalIdDisplayName"] = json!("Escalation");
    let audited = run(&offer, &json!({ "value": [one] }));
    assert_eq!(
        found(&audited),
        [
            (
                "display-name-differs",
                format!("{DEF}/properties/authorizations/1/principalIdDisplayName")
            ),
            (
                "display-name-differs",
                format!("{DEF}/properties/eligibleAuthorizations/0/principalIdDisplayName")
            ),
        ]
    );
    // Azure leaves the display name out at times: nothing to compare then.
    let mut unnamed = gold_assignment(&offer);
    unnamed["properties"]["registrationDefinition"]["properties"]["authorizations"][1]
        .as_object_mut()
        .unwrap()
        .remove("principalIdDisplayName");
    assert!(
        run(&offer, &json!({ "value": [unnamed] }))
            .diagnostics()
            .is_empty()
    );
}

#[test]
fn a_delegation_of_the_offer_with_another_managing_tenant_is_an_error() {
    let offer = offer();
    // The offer's principals, onboarded without a plan, with the wrong tenant.
    let mut unplanned = assignment(None, &definition(&offer, plan(&offer, "gold"), false));
    unplanned["properties"]["registrationDefinition"]["properties"]["managedByTenantId"] =
        json!(OTHER_TENANT);
    // This offer's plan, deployed with the wrong tenant.
    let mut wrong = gold_assignment(&offer);
    wrong["properties"]["registrationDefinition"]["properties"]["managedByTenantId"] =
        json!(OTHER_TENANT);
    let audited = run(&offer, &json!({ "value": [unplanned, wrong] }));
    let tenant_at = |i: usize| {
        format!("/value/{i}/properties/registrationDefinition/properties/managedByTenantId")
    };
    assert_eq!(
        found(&audited),
        [
            ("foreign-managing-tenant", tenant_at(0)),
            ("foreign-managing-tenant", tenant_at(1))
        ]
    );
    assert!(
        audited
            .delegations()
            .iter()
            .all(|d| d.verdict() == Verdict::ForeignTenant)
    );
    assert_eq!(audited.delegations()[1].plan().unwrap().as_str(), "gold");
    // The fix can be done with --live: nothing says to leave the delegation out of the input.
    let help = lighthouse_offer::Rule::ForeignManagingTenant.fix();
    assert!(!help.contains("input"), "{help}");
}

#[test]
fn another_providers_delegation_is_listed_but_not_judged() {
    let offer = offer();
    let someone_else = json!([{
        "principalId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
        "principalIdDisplayName": "Fabrikam operators",
        "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7"
    }]);
    // Without a plan block.
    let mut arm = assignment(None, &definition(&offer, plan(&offer, "gold"), false));
    let properties = &mut arm["properties"]["registrationDefinition"]["properties"];
    properties["managedByTenantId"] = json!(OTHER_TENANT);
    properties["authorizations"] = someone_else.clone();
    properties["eligibleAuthorizations"] = json!([]);
    // With another offer's Marketplace plan.
    let mut marketplace = gold_assignment(&offer);
    let definition = &mut marketplace["properties"]["registrationDefinition"];
    definition["plan"]["publisher"] = json!("fabrikam");
    definition["plan"]["product"] = json!("fabrikam-ops");
    definition["properties"]["managedByTenantId"] = json!(OTHER_TENANT);
    definition["properties"]["authorizations"] = someone_else;
    definition["properties"]["eligibleAuthorizations"] = json!([]);
    let audited = run(&offer, &json!({ "value": [arm, marketplace] }));
    // Nothing of the offer was judged: one warning for the input, saying what it holds.
    assert_eq!(
        found(&audited),
        [("no-delegation-of-offer", String::new())],
        "{:?}",
        audited.diagnostics()
    );
    assert_eq!(
        audited.diagnostics()[0].message(),
        "the input holds no delegation of offer `contoso-managed-sentinel`; it holds 2 \
         delegations of other providers only"
    );
    assert!(
        audited
            .delegations()
            .iter()
            .all(|d| d.verdict() == Verdict::OtherProvider)
    );
    let totals = audited.totals();
    assert_eq!(totals.other_providers, 2);
    // The command line writes these totals as "2 delegations: 0 in sync, 0 with warnings, 0
    // drifted, 2 of other providers; 0 errors, 1 warning" (its output::audit tests hold that).
    assert_eq!(
        totals,
        audit::Totals {
            delegations: 2,
            other_providers: 2,
            warnings: 1,
            ..audit::Totals::default()
        }
    );
}

#[test]
fn a_delegation_of_the_offers_tenant_that_matches_no_plan_is_a_warning() {
    let offer = offer();
    let mut other_offer = gold_assignment(&offer);
    other_offer["properties"]["registrationDefinition"]["plan"]["product"] =
        json!("contoso-backup");
    let mut no_plan_id = gold_assignment(&offer);
    no_plan_id["properties"]["registrationDefinition"]["plan"]["name"] = json!("platinum");
    let mut nothing_in_common = assignment(None, &definition(&offer, plan(&offer, "gold"), false));
    nothing_in_common["properties"]["registrationDefinition"]["properties"]["authorizations"] = json!([{
        "principalId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
        "principalIdDisplayName": "Someone",
        "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7"
    }]);
    nothing_in_common["properties"]["registrationDefinition"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("eligibleAuthorizations");
    let audited = run(
        &offer,
        &json!({ "value": [other_offer, no_plan_id, nothing_in_common] }),
    );
    assert_eq!(
        found(&audited),
        [
            (
                "unmatched-delegation",
                "/value/0/properties/registrationDefinition/plan".to_owned()
            ),
            (
                "unmatched-delegation",
                "/value/1/properties/registrationDefinition/plan".to_owned()
            ),
            (
                "unmatched-delegation",
                "/value/2/properties/registrationDefinition/properties/authorizations".to_owned()
            ),
        ]
    );
    assert!(
        audited
            .delegations()
            .iter()
            .all(|d| d.verdict() == Verdict::Unmatched)
    );
    assert!(
        audited.diagnostics()[0]
            .message()
            .contains("contoso.contoso-backup.gold")
    );
}

#[test]
fn a_delegation_without_a_plan_block_is_matched_to_the_closest_manifest() {
    let offer = offer();
    let fabrikam = plan(&offer, "fabrikam-dedicated");
    let mut arm = assignment(Some("rg-fabrikam"), &definition(&offer, fabrikam, false));
    arm["properties"]["registrationDefinition"]["properties"]["authorizations"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    let audited = run(&offer, &json!({ "value": [arm] }));
    let d = &audited.delegations()[0];
    assert_eq!(d.plan().unwrap().as_str(), "fabrikam-dedicated");
    assert_eq!(d.matched_by(), Some(MatchedBy::ClosestManifest));
    assert_eq!(d.deployed_version(), None);
    assert_eq!(
        found(&audited),
        [(
            "authorization-missing",
            format!("{DEF}/properties/authorizations")
        )]
    );
}

#[test]
fn assignments_are_joined_to_listed_definitions_or_reported() {
    let offer = offer();
    let definition = definition(&offer, plan(&offer, "gold"), true);
    let mut bare = assignment(None, &definition);
    bare["properties"]
        .as_object_mut()
        .unwrap()
        .remove("registrationDefinition");
    // With the definitions listed beside them: judged through the definition, once.
    let mut changed = definition.clone();
    changed["plan"]["version"] = json!("1.1.0");
    let audited = run(&offer, &json!([bare.clone(), changed]));
    assert_eq!(audited.delegations().len(), 1);
    assert_eq!(
        found(&audited),
        [("plan-version-behind", "/1/plan/version".to_owned())]
    );
    assert_eq!(
        audited.delegations()[0].kind(),
        audit::DelegationKind::Assignment
    );

    // Alone: not judged.
    let audited = run(&offer, &json!([bare]));
    assert_eq!(
        found(&audited),
        [(
            "definition-not-expanded",
            "/0/properties/registrationDefinitionId".to_owned()
        )]
    );
    assert_eq!(audited.delegations()[0].verdict(), Verdict::NotJudged);

    // A definition no assignment applies is judged by itself.
    let audited = run(&offer, &json!({ "value": [definition] }));
    assert_eq!(
        audited.delegations()[0].kind(),
        audit::DelegationKind::Definition
    );
    assert_eq!(audited.delegations()[0].verdict(), Verdict::InSync);
}

#[test]
fn a_marketplace_registration_definition_is_held_against_its_plan() {
    let offer = offer();
    let gold = plan(&offer, "gold");
    let manifest = gold.manifest();
    let mut authorizations = serde_json::to_value(manifest.authorizations()).unwrap();
    authorizations[0]["roleDefinitionId"] = json!(CONTRIBUTOR);
    let marketplace = json!({
        "properties": {
            "managedByTenantId": manifest.tenant_id().to_string(),
            "authorizations": authorizations,
            "eligibleAuthorizations": serde_json::to_value(manifest.eligible_authorizations()).unwrap(),
            "offerDisplayName": offer.name().as_str(),
            "publisherDisplayName": "Contoso",
            "planDisplayName": gold.title().as_str()
        },
        "plan": { "name": "gold", "product": offer.offer_id().as_str(), "publisher": offer.publisher_id().as_str(), "version": "1.2.0" },
        "id": format!("/subscriptions/{SUB}/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions/contoso.contoso-managed-sentinel.gold.1.2.0"),
        "type": "Microsoft.ManagedServices/marketplaceRegistrationDefinitions",
        "name": "contoso.contoso-managed-sentinel.gold.1.2.0"
    });
    let deployed = Deployed::from_json_value(&json!({ "value": [marketplace] })).unwrap();
    let DeployedResource::Marketplace(m) = &deployed.resources()[0] else {
        panic!("a marketplace definition")
    };
    assert_eq!(m.plan_display_name(), Some(gold.title().as_str()));
    let audited = audit::audit(&offer, &deployed);
    assert_eq!(
        audited.delegations()[0].kind(),
        audit::DelegationKind::MarketplaceDefinition
    );
    let names: Vec<&str> = audited
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::name)
        .collect();
    assert_eq!(
        names,
        ["authorization-not-in-plan", "authorization-missing"]
    );
    assert_eq!(
        audited.diagnostics()[0].path().as_str(),
        "/value/0/properties/authorizations/0/roleDefinitionId"
    );
}

#[test]
fn the_totals_count_every_delegation_of_the_example() {
    // The table of these delegations is the command line's (its output::audit tests).
    let offer = offer();
    let text =
        std::fs::read_to_string(root().join("examples/contoso-sentinel/deployed/assignments.json"))
            .unwrap();
    let deployed = Deployed::from_json_str(&text).unwrap();
    let audited = audit::audit(&offer, &deployed);
    let totals = audited.totals();
    assert_eq!(totals.delegations, audited.delegations().len());
    assert_eq!(
        totals.in_sync
            + totals.with_warnings
            + totals.drifted
            + totals.unmatched
            + totals.foreign
            + totals.other_providers
            + totals.not_judged,
        totals.delegations
    );
    assert_eq!(totals.errors + totals.warnings, audited.diagnostics().len());
    // Every verdict of the example, so that the README shows each kind of finding.
    let verdicts: Vec<Verdict> = audited
        .delegations()
        .iter()
        .map(audit::AuditedDelegation::verdict)
        .collect();
    assert_eq!(
        verdicts,
        [
            Verdict::InSync,
            Verdict::Warnings,
            Verdict::Drifted,
            Verdict::Drifted,
            Verdict::OtherProvider
        ]
    );
}

#[test]
fn audit_rules_are_not_acknowledgeable_in_an_offer() {
    for rule in lighthouse_offer::Rule::ALL
        .iter()
        .filter(|r| r.judges_deployed())
    {
        assert!(rule.code().starts_with("LO10"), "{}", rule.code());
        assert!(
            lighthouse_offer::offer::AcknowledgedWarning::new(*rule).is_err(),
            "{}",
            rule.name()
        );
    }
    for rule in lighthouse_offer::Rule::ALL {
        assert_eq!(
            rule.judges_deployed(),
            rule.code().starts_with("LO10"),
            "{}",
            rule.code()
        );
    }
    assert!(lighthouse_offer::offer::AcknowledgedWarning::new(Rule::MissingDeleteRole).is_ok());
}

// ---- hostile input: the reader and the audit never panic ----

mod hostile {
    use super::*;
    use proptest::prelude::*;

    /// Field names of the REST shapes, so that generated objects reach deep into the reader.
    const NAMES: &[&str] = &[
        "id",
        "type",
        "name",
        "properties",
        "plan",
        "registrationDefinitionId",
        "registrationDefinition",
        "managedByTenantId",
        "authorizations",
        "eligibleAuthorizations",
        "principalId",
        "principalIdDisplayName",
        "roleDefinitionId",
        "delegatedRoleDefinitionIds",
        "justInTimeAccessPolicy",
        "multiFactorAuthProvider",
        "maximumActivationDuration",
        "managedByTenantApprovers",
        "version",
        "product",
        "publisher",
        "value",
        "nextLink",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            Just(json!(SUB)),
            Just(json!(format!("/subscriptions/{SUB}/resourceGroups/rg/x"))),
            Just(json!("0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10")),
            Just(json!(CONTRIBUTOR)),
            Just(json!("Microsoft.ManagedServices/registrationAssignments")),
            Just(json!("PT4H")),
            "[ -~]{0,12}".prop_map(Value::String),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(NAMES), inner), 0..6).prop_map(
                    |fields| {
                        Value::Object(
                            fields
                                .into_iter()
                                .map(|(k, v)| ((*k).to_owned(), v))
                                .collect(),
                        )
                    }
                ),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_input_is_read_and_audited_without_a_panic(random in value(), at in 0usize..6) {
            let offer = offer();
            // Put the random value somewhere in a valid assignment, or use it whole.
            let mut one = gold_assignment(&offer);
            let slot = match at {
                0 => &mut one,
                1 => &mut one["properties"],
                2 => &mut one["properties"]["registrationDefinition"],
                3 => &mut one["properties"]["registrationDefinition"]["properties"],
                4 => &mut one["properties"]["registrationDefinition"]["properties"]["authorizations"][0],
                _ => &mut one["properties"]["registrationDefinition"]["plan"],
            };
            *slot = random.clone();
            for input in [json!({ "value": [one] }), random] {
                if let Ok(deployed) = Deployed::from_json_value(&input) {
                    let audited = audit::audit(&offer, &deployed);
                    let _ = audited.totals();
                    prop_assert!(audited.totals().errors >= deployed.problems().len());
                }
            }
        }
    }
}

#[test]
fn the_readers_own_messages_name_the_delegations_not_an_offer() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for (text, rule) in [
        ("", Rule::InvalidJson),
        (deep.as_str(), Rule::NestingTooDeep),
    ] {
        let report = Deployed::from_json_str(text).unwrap_err();
        let [d] = report.diagnostics() else {
            panic!("{report}")
        };
        assert_eq!(d.rule(), rule);
        assert!(!d.message().contains("offer"), "{}", d.message());
        assert!(!d.help().contains("offer"), "{}", d.help());
    }
    // An offer's own reader still speaks of the offer.
    let report = Offer::from_json_str("").unwrap_err();
    assert!(report.diagnostics()[0].message().contains("the offer"));
}

/// An input that holds nothing of the offer (an empty list, another tenant's export) is no
/// pass: a warning that says what it holds instead; an input with a delegation of the offer has
/// none.
#[test]
fn an_input_without_a_delegation_of_the_offer_is_a_warning() {
    let offer = offer();
    for empty in [json!([]), json!({ "value": [] })] {
        let audited = run(&offer, &empty);
        assert_eq!(found(&audited), [("no-delegation-of-offer", String::new())]);
        let d = &audited.diagnostics()[0];
        assert_eq!(d.rule(), Rule::NoDelegationOfOffer);
        assert_eq!(d.severity(), Severity::Warning);
        assert!(
            d.message()
                .ends_with("it holds nothing at all (no registration assignment or definition)"),
            "{}",
            d.message()
        );
    }
    let audited = run(&offer, &json!([gold_assignment(&offer)]));
    assert!(
        !found(&audited)
            .iter()
            .any(|(name, _)| *name == "no-delegation-of-offer")
    );
}

/// The audit's wording tells a role Azure stopped accepting (data actions: the delegation keeps
/// working) from one it never accepted in a delegation (Owner: the input cannot be what Azure
/// deployed).
#[test]
fn a_role_refused_later_and_one_never_accepted_are_told_apart() {
    let offer = offer();
    let with_role = |role: &str| {
        let mut one = assignment(None, &definition(&offer, plan(&offer, "gold"), true));
        one["properties"]["registrationDefinition"]["properties"]["authorizations"][0]["roleDefinitionId"] =
            json!(role);
        let audited = run(&offer, &json!({ "value": [one] }));
        audited
            .diagnostics()
            .iter()
            .find(|d| d.rule() == Rule::RoleNoLongerSupported)
            .unwrap()
            .message()
            .to_owned()
    };
    let later = with_role(LOG_ANALYTICS_CONTRIBUTOR);
    assert!(later.contains("stopped accepting"), "{later}");
    assert!(later.contains("keeps working"), "{later}");
    let never = with_role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    assert!(never.contains("has never accepted"), "{never}");
    assert!(!never.contains("keeps working"), "{never}");
}
