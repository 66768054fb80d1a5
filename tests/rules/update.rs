//! Publishing an update: the changes between the example offer and versions of it, each of its
//! class, with exact codes, paths and messages.
//!
//! Every test starts from `examples/contoso-sentinel/offer.json` (the published version) and
//! mutates a copy of it as JSON (the next version). In the example, plan 0 is `gold` (public,
//! manifest 1.2.0: SOC analysts with Microsoft Sentinel Responder, SOC readers with Reader,
//! policy automation with User Access Administrator assigning Contributor and Resource Policy
//! Contributor, Lighthouse administrators with the delete role; the escalation engineers may
//! activate Contributor for 4 hours with multi-factor authentication, approved by the SOC leads,
//! and read permanently)
//! and plan 1 is `fabrikam-dedicated` (private to two subscriptions, manifest 1.0.0).

use crate::support::example;
use crate::support::set;
use lighthouse_offer::offer::AcknowledgedWarning;
use lighthouse_offer::update::{ChangeClass, ChangeSide, Update};
use lighthouse_offer::{Offer, ReadOptions, Rule, Severity};
use serde_json::{Value, json};

// ---- helpers ----

const SOC_ANALYSTS: &str = "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e";
const SOC_READERS: &str = "8e2d1c0b-3a4f-4b5c-9d6e-7f8a9b0c1d2e";
const AUTOMATION: &str = "0f4a8c2e-6b1d-4e9a-8c3f-7d2e1b0a9c8d";
const ESCALATION: &str = "2d7e4f1a-8b3c-4d5e-9f60-7a1b2c3d4e5f";
const FABRIKAM_TEAM: &str = "4c3b2a19-0f8e-4d7c-b6a5-948372615a0b";
const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";
const OTHER_TENANT: &str = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const MONITORING_READER: &str = "43d0d8ad-25c7-4714-9337-8ba259a9fe05";
const SENTINEL_READER: &str = "8d289c81-5878-46d4-8554-54e1e3d8b5cb";

const GOLD_AUTHORIZATIONS: &str = "/plans/0/manifest/authorizations";
const GOLD_ELIGIBLE: &str = "/plans/0/manifest/eligibleAuthorizations/0";
const GOLD_VERSION: &str = "/plans/0/manifest/version";

#[track_caller]
fn offer(document: &Value) -> Offer {
    match ReadOptions::new().read_value(document) {
        Ok(checked) => checked.into_parts().0,
        Err(report) => panic!("not a valid offer: {report}"),
    }
}

/// The update from the example to the example changed by `mutate`.
#[track_caller]
fn update(mutate: impl FnOnce(&mut Value)) -> Update {
    let old = example();
    let mut new = old.clone();
    mutate(&mut new);
    offer(&old).update_to(&offer(&new))
}

#[track_caller]
fn array<'a>(document: &'a mut Value, pointer: &str) -> &'a mut Vec<Value> {
    document
        .pointer_mut(pointer)
        .unwrap()
        .as_array_mut()
        .unwrap()
}

/// Every change, one line each, as `Change`'s `Display` writes it.
fn lines(update: &Update) -> Vec<String> {
    update.changes().iter().map(ToString::to_string).collect()
}

#[track_caller]
fn assert_changes(update: &Update, expected: &[&str]) {
    assert_eq!(lines(update), expected);
}

// ---- nothing changed ----

#[test]
fn an_unchanged_offer_has_no_changes() {
    let update = update(|_| {});
    assert!(update.is_empty());
    assert!(update.is_allowed());
    assert_eq!(update.customer_summary(), None);
    assert_eq!(update.to_string(), "no changes");
    assert_eq!(update.diagnostics(), []);
}

#[test]
fn reordering_plans_authorizations_and_subscriptions_is_no_change() {
    let update = update(|doc| {
        array(doc, "/plans").reverse();
        array(doc, "/plans/1/manifest/authorizations").reverse();
        array(doc, "/plans/0/availability/subscriptionIds").reverse();
    });
    assert_changes(&update, &[]);
}

#[test]
fn fields_that_are_not_published_are_not_compared() {
    let update = update(|doc| {
        set(doc, "/$schema", json!("./offer.schema.json"));
        doc["acknowledgedWarnings"] = json!(["missing-hero-image"]);
    });
    assert_changes(&update, &[]);
}

// ---- forbidden ----

#[test]
fn a_new_offer_id_is_forbidden() {
    let update = update(|doc| set(doc, "/offerId", json!("contoso-sentinel")));
    assert!(!update.is_allowed());
    assert_changes(
        &update,
        &[
            "forbidden[LO0800] new /offerId: offer ID changed from \"contoso-managed-sentinel\" to \"contoso-sentinel\"; an offer's ID can't change once it is published",
        ],
    );
}

#[test]
fn a_new_publisher_id_is_forbidden() {
    let update = update(|doc| set(doc, "/publisherId", json!("fabrikam")));
    assert_changes(
        &update,
        &[
            "forbidden[LO0801] new /publisherId: publisher ID changed from \"contoso\" to \"fabrikam\"; an offer is updated by the publisher that published it",
        ],
    );
}

#[test]
fn a_removed_plan_is_forbidden_and_points_into_the_old_document() {
    let update = update(|doc| {
        array(doc, "/plans").remove(1);
    });
    assert!(!update.is_allowed());
    assert_changes(
        &update,
        &[
            "forbidden[LO0802] old /plans/1: plan \"fabrikam-dedicated\" was removed; a plan can't be renamed or removed, only stopped from selling (stop sell): keep it in the document and stop its sale in Partner Center",
        ],
    );
    assert_eq!(update.changes()[0].side(), ChangeSide::Old);
}

#[test]
fn a_renamed_plan_is_a_removed_plan_and_a_new_one() {
    let update = update(|doc| set(doc, "/plans/0/planId", json!("platinum")));
    assert_changes(
        &update,
        &[
            "forbidden[LO0802] old /plans/0: plan \"gold\" was removed; a plan can't be renamed or removed, only stopped from selling (stop sell): keep it in the document and stop its sale in Partner Center; if plan \"platinum\" is this plan renamed, give it back the ID \"gold\"",
            "listing only[LO0831] new /plans/0: plan \"platinum\" (\"Gold: 24x7 monitoring\") is new, public",
        ],
    );
}

#[test]
fn a_removed_plan_names_every_new_plan_as_a_possible_rename() {
    let update = update(|doc| {
        set(doc, "/plans/0/planId", json!("platinum"));
        set(doc, "/plans/1/planId", json!("fabrikam"));
    });
    let removed: Vec<String> = update
        .of_class(ChangeClass::Forbidden)
        .map(|c| {
            c.diagnostic()
                .message()
                .rsplit_once("; ")
                .unwrap()
                .1
                .to_owned()
        })
        .collect();
    assert_eq!(
        removed,
        [
            "if plan \"platinum\" or \"fabrikam\" is this plan renamed, give it back the ID \"gold\"",
            "if plan \"platinum\" or \"fabrikam\" is this plan renamed, give it back the ID \"fabrikam-dedicated\"",
        ]
    );
}

#[test]
fn a_public_plan_made_private_is_forbidden() {
    let update = update(|doc| {
        set(
            doc,
            "/plans/0/availability",
            json!({ "visibility": "private", "subscriptionIds": ["9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"] }),
        );
    });
    assert_changes(
        &update,
        &[
            "forbidden[LO0803] new /plans/0/availability/visibility: plan \"gold\": was public and is now private; a public plan can never become private",
        ],
    );
}

#[test]
fn a_removed_hero_image_is_forbidden_and_a_replaced_one_is_not() {
    let removed = update(|doc| {
        doc["marketingArtifacts"]
            .as_object_mut()
            .unwrap()
            .remove("hero");
    });
    assert_changes(
        &removed,
        &[
            "forbidden[LO0804] old /marketingArtifacts/hero: the hero image \"logos/hero.png\" was removed; a published hero image can be replaced but never removed",
        ],
    );
    let replaced = update(|doc| {
        set(
            doc,
            "/marketingArtifacts/hero",
            json!("logos/hero-2026.png"),
        );
    });
    assert!(replaced.is_allowed());
    assert_changes(
        &replaced,
        &[
            "listing only[LO0836] new /marketingArtifacts/hero: marketing artifacts `hero` changed from \"logos/hero.png\" to \"logos/hero-2026.png\"",
        ],
    );
}

#[test]
fn a_hero_image_added_to_an_offer_without_one_is_a_listing_change() {
    let mut old = example();
    old["marketingArtifacts"]
        .as_object_mut()
        .unwrap()
        .remove("hero");
    let update = offer(&old).update_to(&offer(&example()));
    assert_changes(
        &update,
        &[
            "listing only[LO0836] new /marketingArtifacts/hero: marketing artifacts `hero` added: \"logos/hero.png\"",
        ],
    );
}

#[test]
fn a_changed_manifest_without_a_higher_version_is_forbidden() {
    let update = update(|doc| {
        set(
            doc,
            &format!("{GOLD_AUTHORIZATIONS}/1/roleDefinitionId"),
            json!(MONITORING_READER),
        );
    });
    assert!(!update.is_allowed());
    assert_changes(
        &update,
        &[
            "forbidden[LO0805] new /plans/0/manifest/version: plan \"gold\": the manifest changed but its version stayed 1.2.0; a changed manifest needs a version higher than 1.2.0",
            &format!(
                "customer review[LO0812] new /plans/0/manifest/authorizations/1/roleDefinitionId: plan \"gold\": \"Contoso SOC readers\" ({SOC_READERS}) gets the role Monitoring Reader instead of Reader"
            ),
        ],
    );
}

#[test]
fn a_lower_manifest_version_is_forbidden_even_without_other_changes() {
    let update = update(|doc| set(doc, GOLD_VERSION, json!("1.1.9")));
    assert_changes(
        &update,
        &[
            "forbidden[LO0806] new /plans/0/manifest/version: plan \"gold\": manifest version went down from 1.2.0 to 1.1.9; each new manifest of a plan needs a higher version than the last",
        ],
    );
}

#[test]
fn manifest_versions_are_compared_as_versions_not_as_text() {
    // As text, "1.10.0" sorts before "1.9.0"; as versions it is higher.
    let with_version = |version: &str| {
        let mut doc = example();
        set(&mut doc, GOLD_VERSION, json!(version));
        offer(&doc)
    };
    let (nine, ten) = (with_version("1.9.0"), with_version("1.10.0"));
    let up = nine.update_to(&ten);
    assert!(up.is_allowed());
    assert_eq!(
        up.changes()[0].diagnostic().rule(),
        Rule::ManifestVersionRaised
    );
    let down = ten.update_to(&nine);
    assert_eq!(
        down.changes()[0].diagnostic().message(),
        "plan \"gold\": manifest version went down from 1.10.0 to 1.9.0; each new manifest of a plan needs a higher version than the last"
    );
    // A lower version with a changed manifest is reported once, as lowered.
    let mut changed = example();
    set(&mut changed, GOLD_VERSION, json!("1.9.0"));
    set(
        &mut changed,
        &format!("{GOLD_AUTHORIZATIONS}/1/roleDefinitionId"),
        json!(MONITORING_READER),
    );
    let rules: Vec<Rule> = ten
        .update_to(&offer(&changed))
        .changes()
        .iter()
        .map(|change| change.diagnostic().rule())
        .collect();
    assert_eq!(
        rules,
        [Rule::ManifestVersionLowered, Rule::AuthorizationRoleChanged]
    );
}

// ---- customer review ----

#[test]
fn an_added_authorization_is_for_customers_to_review() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        array(doc, GOLD_AUTHORIZATIONS).push(json!({
            "principalId": SOC_READERS,
            "principalIdDisplayName": "Contoso SOC readers",
            "roleDefinitionId": MONITORING_READER
        }));
    });
    assert!(update.is_allowed());
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0810] new /plans/0/manifest/authorizations/5: plan \"gold\": \"Contoso SOC readers\" ({SOC_READERS}) gets the role Monitoring Reader"
        )],
    );
    let change = &update.changes()[0];
    assert_eq!(change.plan_id().unwrap().as_str(), "gold");
    assert_eq!(
        change.for_customers().unwrap(),
        format!("\"Contoso SOC readers\" ({SOC_READERS}) gains the role Monitoring Reader.")
    );
    assert_eq!(
        update.customer_summary().unwrap(),
        format!(
            "Plan \"Gold: 24x7 monitoring\" (gold), manifest version 1.2.0 to 1.3.0:\n\
             - \"Contoso SOC readers\" ({SOC_READERS}) gains the role Monitoring Reader.\n"
        )
    );
}

#[test]
fn a_removed_authorization_points_into_the_old_document() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        array(doc, GOLD_AUTHORIZATIONS).remove(2);
    });
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0811] old /plans/0/manifest/authorizations/2: plan \"gold\": \"Contoso policy automation\" ({AUTOMATION}) no longer gets the role User Access Administrator, to assign Contributor and Resource Policy Contributor to managed identities"
        )],
    );
    assert_eq!(
        update.changes()[0].for_customers().unwrap(),
        format!(
            "\"Contoso policy automation\" ({AUTOMATION}) loses the role User Access Administrator, to assign Contributor and Resource Policy Contributor to managed identities."
        )
    );
}

#[test]
fn a_principal_with_another_role_is_a_changed_role() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("2.0.0"));
        set(
            doc,
            &format!("{GOLD_AUTHORIZATIONS}/0/roleDefinitionId"),
            json!(SENTINEL_READER),
        );
    });
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0812] new /plans/0/manifest/authorizations/0/roleDefinitionId: plan \"gold\": \"Contoso SOC analysts\" ({SOC_ANALYSTS}) gets the role Microsoft Sentinel Reader instead of Microsoft Sentinel Responder"
        )],
    );
    assert_eq!(
        update.changes()[0].for_customers().unwrap(),
        format!(
            "\"Contoso SOC analysts\" ({SOC_ANALYSTS}) loses the role Microsoft Sentinel Responder and gains the role Microsoft Sentinel Reader."
        )
    );
}

#[test]
fn a_principal_keeps_the_roles_it_still_has_and_changes_the_other() {
    // The SOC readers hold Reader and Contributor; the next version keeps Reader (now listed
    // last) and turns Contributor into Monitoring Reader.
    let mut old = example();
    array(&mut old, GOLD_AUTHORIZATIONS).insert(
        1,
        json!({ "principalId": SOC_READERS, "principalIdDisplayName": "Contoso SOC readers", "roleDefinitionId": CONTRIBUTOR }),
    );
    let mut new = example();
    set(&mut new, GOLD_VERSION, json!("1.3.0"));
    let readers = array(&mut new, GOLD_AUTHORIZATIONS).remove(1);
    array(&mut new, GOLD_AUTHORIZATIONS).insert(
        1,
        json!({ "principalId": SOC_READERS, "principalIdDisplayName": "Contoso SOC readers", "roleDefinitionId": MONITORING_READER }),
    );
    array(&mut new, GOLD_AUTHORIZATIONS).push(readers);
    let update = offer(&old).update_to(&offer(&new));
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0812] new /plans/0/manifest/authorizations/1/roleDefinitionId: plan \"gold\": \"Contoso SOC readers\" ({SOC_READERS}) gets the role Monitoring Reader instead of Contributor"
        )],
    );
}

#[test]
fn a_new_display_name_is_for_customers_to_review() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.2.1"));
        set(
            doc,
            &format!("{GOLD_AUTHORIZATIONS}/1/principalIdDisplayName"),
            json!("Contoso SOC observers"),
        );
    });
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0813] new /plans/0/manifest/authorizations/1/principalIdDisplayName: plan \"gold\": principal {SOC_READERS} with the role Reader is shown as \"Contoso SOC observers\" instead of \"Contoso SOC readers\""
        )],
    );
}

#[test]
fn new_assignable_roles_are_for_customers_to_review() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.2.1"));
        set(
            doc,
            &format!("{GOLD_AUTHORIZATIONS}/2/delegatedRoleDefinitionIds"),
            json!([CONTRIBUTOR]),
        );
    });
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0814] new /plans/0/manifest/authorizations/2/delegatedRoleDefinitionIds: plan \"gold\": \"Contoso policy automation\" ({AUTOMATION}) may assign Contributor to managed identities instead of Contributor and Resource Policy Contributor"
        )],
    );
}

#[test]
fn assignable_roles_in_another_order_are_no_change() {
    let reordered = update(|doc| {
        array(
            doc,
            &format!("{GOLD_AUTHORIZATIONS}/2/delegatedRoleDefinitionIds"),
        )
        .reverse();
    });
    assert_changes(&reordered, &[]);
}

#[test]
fn eligible_authorizations_added_and_removed_are_for_customers_to_review() {
    let added = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        array(doc, "/plans/0/manifest/eligibleAuthorizations").push(json!({
            "principalId": SOC_READERS,
            "principalIdDisplayName": "Contoso SOC readers",
            "roleDefinitionId": MONITORING_READER
        }));
    });
    assert_changes(
        &added,
        &[&format!(
            "customer review[LO0815] new /plans/0/manifest/eligibleAuthorizations/1: plan \"gold\": \"Contoso SOC readers\" ({SOC_READERS}) may activate the role Monitoring Reader just in time, for at most 8 hours, without multi-factor authentication, without approval"
        )],
    );
    let removed = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        doc["plans"][0]["manifest"]
            .as_object_mut()
            .unwrap()
            .remove("eligibleAuthorizations");
    });
    assert_changes(
        &removed,
        &[&format!(
            "customer review[LO0816] old /plans/0/manifest/eligibleAuthorizations/0: plan \"gold\": \"Contoso escalation engineers\" ({ESCALATION}) may no longer activate the role Contributor just in time"
        )],
    );
}

#[test]
fn an_eligible_authorization_with_another_role_or_name_is_for_customers_to_review() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        set(
            doc,
            &format!("{GOLD_ELIGIBLE}/roleDefinitionId"),
            json!(MONITORING_READER),
        );
        set(
            doc,
            &format!("{GOLD_ELIGIBLE}/principalIdDisplayName"),
            json!("Contoso escalation team"),
        );
    });
    assert_changes(
        &update,
        &[
            &format!(
                "customer review[LO0818] new /plans/0/manifest/eligibleAuthorizations/0/principalIdDisplayName: plan \"gold\": principal {ESCALATION} eligible for the role Monitoring Reader is shown as \"Contoso escalation team\" instead of \"Contoso escalation engineers\""
            ),
            &format!(
                "customer review[LO0817] new /plans/0/manifest/eligibleAuthorizations/0/roleDefinitionId: plan \"gold\": \"Contoso escalation team\" ({ESCALATION}) may activate the role Monitoring Reader just in time instead of Contributor"
            ),
        ],
    );
}

#[test]
fn a_new_just_in_time_policy_is_for_customers_to_review() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        set(
            doc,
            &format!("{GOLD_ELIGIBLE}/justInTimeAccessPolicy"),
            json!({ "maximumActivationDuration": "PT1H30M" }),
        );
    });
    assert_changes(
        &update,
        &[&format!(
            "customer review[LO0819] new /plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy: plan \"gold\": \"Contoso escalation engineers\" ({ESCALATION}) may activate the role Contributor for at most 1 hour 30 minutes, without multi-factor authentication, without approval instead of for at most 4 hours, with multi-factor authentication, approved by \"Contoso SOC leads\""
        )],
    );
    assert_eq!(
        update.changes()[0].for_customers().unwrap(),
        format!(
            "\"Contoso escalation engineers\" ({ESCALATION}) may now activate the role Contributor for at most 1 hour 30 minutes, without multi-factor authentication, without approval (was: for at most 4 hours, with multi-factor authentication, approved by \"Contoso SOC leads\")."
        )
    );
}

#[test]
fn another_managing_tenant_is_forbidden_a_new_offer_is_needed() {
    // Microsoft Learn, "Update a delegation" (2025-01-17): another managing tenant needs a new
    // offer; an update of this one can't change it, even with a higher manifest version.
    let update = update(|doc| {
        set(doc, "/plans/1/manifest/version", json!("1.0.1"));
        set(doc, "/plans/1/manifest/tenantId", json!(OTHER_TENANT));
    });
    assert!(!update.is_allowed());
    assert_changes(
        &update,
        &[&format!(
            "forbidden[LO0820] new /plans/1/manifest/tenantId: plan \"fabrikam-dedicated\": the managing tenant is {OTHER_TENANT} instead of {TENANT}; another managing tenant needs a new offer, published for customers to accept"
        )],
    );
    assert_eq!(update.changes()[0].class(), ChangeClass::Forbidden);
    assert_eq!(update.diagnostics()[0].severity(), Severity::Error);
    // Nothing for customers to review: they never see this update.
    assert_eq!(update.customer_summary(), None);
}

#[test]
fn a_higher_version_alone_is_a_new_version_for_customers() {
    let update = update(|doc| set(doc, GOLD_VERSION, json!("1.2.1")));
    assert!(update.is_allowed());
    assert_changes(
        &update,
        &[
            "customer review[LO0821] new /plans/0/manifest/version: plan \"gold\": manifest version raised from 1.2.0 to 1.2.1, with the same tenant and authorizations",
        ],
    );
    assert_eq!(
        update.customer_summary().unwrap(),
        "Plan \"Gold: 24x7 monitoring\" (gold), manifest version 1.2.0 to 1.2.1:\n\
         - A new version of the plan that changes no access.\n"
    );
}

#[test]
fn the_customer_summary_groups_changes_by_plan_in_document_order() {
    let update = update(|doc| {
        set(doc, GOLD_VERSION, json!("1.3.0"));
        array(doc, GOLD_AUTHORIZATIONS).remove(1);
        array(doc, GOLD_AUTHORIZATIONS).push(json!({
            "principalId": SOC_READERS,
            "principalIdDisplayName": "Contoso SOC readers",
            "roleDefinitionId": MONITORING_READER
        }));
        // Without a new version: forbidden, but still what customers would see.
        set(
            doc,
            "/plans/1/manifest/authorizations/0/principalIdDisplayName",
            json!("Contoso Fabrikam analysts"),
        );
        set(doc, "/plans/0/title", json!("Gold: round the clock"));
    });
    assert_eq!(
        update.customer_summary().unwrap(),
        format!(
            "Plan \"Gold: round the clock\" (gold), manifest version 1.2.0 to 1.3.0:\n\
             - \"Contoso SOC readers\" ({SOC_READERS}) loses the role Reader and gains the role Monitoring Reader.\n\
             \n\
             Plan \"Dedicated: Fabrikam\" (fabrikam-dedicated), manifest version 1.0.0:\n\
             - The principal {FABRIKAM_TEAM} with the role Microsoft Sentinel Responder is now shown as \"Contoso Fabrikam analysts\" (was \"Contoso Fabrikam team\").\n"
        )
    );
    // Forbidden first, then for customers, then listing only; by path within a class.
    let order: Vec<(ChangeClass, &str)> = update
        .changes()
        .iter()
        .map(|c| (c.class(), c.diagnostic().name()))
        .collect();
    assert_eq!(
        order,
        [
            (
                ChangeClass::Forbidden,
                "manifest-changed-without-new-version"
            ),
            (ChangeClass::CustomerReview, "authorization-role-changed"),
            (ChangeClass::CustomerReview, "authorization-renamed"),
            (ChangeClass::ListingOnly, "plan-details-changed"),
        ]
    );
}

// ---- listing only ----

#[test]
fn a_new_offer_name_is_a_listing_change() {
    let update = update(|doc| set(doc, "/name", json!("Contoso Sentinel")));
    assert_changes(
        &update,
        &[
            "listing only[LO0830] new /name: offer name changed from \"Contoso Managed Sentinel\" to \"Contoso Sentinel\"",
        ],
    );
    assert_eq!(update.customer_summary(), None);
}

#[test]
fn a_new_plan_is_a_listing_change() {
    let update = update(|doc| {
        let mut plan = doc["plans"][1].clone();
        plan["planId"] = json!("northwind-dedicated");
        plan["title"] = json!("Dedicated: Northwind");
        plan["availability"]["subscriptionIds"] = json!(["2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"]);
        array(doc, "/plans").push(plan);
    });
    assert!(update.is_allowed());
    assert_changes(
        &update,
        &[
            "listing only[LO0831] new /plans/2: plan \"northwind-dedicated\" (\"Dedicated: Northwind\") is new, private to 1 subscription",
        ],
    );
}

#[test]
fn plan_texts_are_listing_changes_with_long_texts_not_repeated() {
    let update = update(|doc| {
        set(
            doc,
            "/plans/0/summary",
            json!("Monitoring and response around the clock"),
        );
        set(
            doc,
            "/plans/0/description",
            json!(
                "Contoso's SOC watches your Sentinel incidents day and night and responds to threats within 15 minutes."
            ),
        );
    });
    assert_changes(
        &update,
        &[
            "listing only[LO0832] new /plans/0/description: plan \"gold\": description changed",
            "listing only[LO0832] new /plans/0/summary: plan \"gold\": summary changed from \"Round-the-clock monitoring and response for your Microsoft Sentinel workspaces\" to \"Monitoring and response around the clock\"",
        ],
    );
}

#[test]
fn a_private_plan_made_public_and_a_new_audience_are_listing_changes() {
    let public = update(|doc| {
        set(
            doc,
            "/plans/1/availability",
            json!({ "visibility": "public" }),
        );
    });
    assert_changes(
        &public,
        &[
            "listing only[LO0833] new /plans/1/availability/visibility: plan \"fabrikam-dedicated\": was private and is now public: every customer can see and buy it",
        ],
    );
    let audience = update(|doc| {
        set(
            doc,
            "/plans/1/availability/subscriptionIds",
            json!([
                "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
                "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
                "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
            ]),
        );
    });
    assert_changes(
        &audience,
        &[
            "listing only[LO0834] new /plans/1/availability/subscriptionIds: plan \"fabrikam-dedicated\": private audience changed: 2 subscriptions added, 1 subscription removed",
        ],
    );
}

#[test]
fn listing_fields_are_listing_changes() {
    let update = update(|doc| {
        set(doc, "/listing/title", json!("Contoso Sentinel"));
        set(doc, "/listing/categories", json!(["Security"]));
        let description = doc["listing"]["description"]
            .as_str()
            .unwrap()
            .replace("30 minutes", "15 minutes");
        set(doc, "/listing/description", json!(description));
        doc["listing"]
            .as_object_mut()
            .unwrap()
            .remove("usefulLinks");
    });
    assert_changes(
        &update,
        &[
            "listing only[LO0835] new /listing/categories: listing `categories` changed from [\"Security\",\"Monitoring\"] to [\"Security\"]",
            "listing only[LO0835] new /listing/description: listing `description` changed",
            "listing only[LO0835] new /listing/title: listing `title` changed from \"Contoso Managed Sentinel\" to \"Contoso Sentinel\"",
            "listing only[LO0835] old /listing/usefulLinks: listing `usefulLinks` removed",
        ],
    );
}

#[test]
fn a_new_logo_is_a_listing_change() {
    let update = update(|doc| {
        set(
            doc,
            "/marketingArtifacts/logos/small",
            json!("logos/40-2026.png"),
        );
    });
    assert_changes(
        &update,
        &[
            "listing only[LO0836] new /marketingArtifacts/logos/small: marketing artifacts `logos.small` changed from \"logos/40.png\" to \"logos/40-2026.png\"",
        ],
    );
}

#[test]
fn lead_management_changes_never_show_values() {
    let url = update(|doc| {
        set(
            doc,
            "/leadManagement/destination/url",
            json!("https://contoso.example/api/leads?sig=SECRET-MARKER"),
        );
    });
    assert_changes(
        &url,
        &[
            "listing only[LO0837] new /leadManagement/destination/url: lead management `destination.url` changed",
        ],
    );
    let other = update(|doc| {
        set(
            doc,
            "/leadManagement/destination",
            json!({ "type": "azureTable", "connectionString": { "fromEnv": "LEADS_TABLE" } }),
        );
    });
    assert_changes(
        &other,
        &[
            "listing only[LO0837] new /leadManagement/destination: lead management `destination` changed",
        ],
    );
}

#[test]
fn legal_and_support_changes_are_listing_changes() {
    let update = update(|doc| {
        set(
            doc,
            "/legal/privacyPolicyUrl",
            json!("https://contoso.example/privacy-2026"),
        );
        set(
            doc,
            "/support/supportContact/phone",
            json!("+31 20 765 0000"),
        );
    });
    assert_changes(
        &update,
        &[
            "listing only[LO0838] new /legal/privacyPolicyUrl: legal `privacyPolicyUrl` changed from \"https://contoso.example/privacy\" to \"https://contoso.example/privacy-2026\"",
            "listing only[LO0839] new /support/supportContact/phone: support `supportContact.phone` changed from \"+31 20 765 4321\" to \"+31 20 765 0000\"",
        ],
    );
}

// ---- as diagnostics, as rules ----

#[test]
fn changes_become_diagnostics_with_the_class_severity() {
    let update = update(|doc| {
        array(doc, "/plans").remove(1);
        set(doc, "/name", json!("Contoso Sentinel"));
    });
    let diagnostics = update.diagnostics();
    let seen: Vec<(Severity, &str, &str, &str)> = diagnostics
        .iter()
        .map(|d| (d.severity(), d.code(), d.name(), d.path().as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (Severity::Error, "LO0802", "plan-removed", "/plans/1"),
            (Severity::Warning, "LO0830", "offer-name-changed", "/name"),
        ]
    );
    assert_eq!(
        diagnostics[0].message(),
        update.changes()[0].diagnostic().message()
    );
    assert_eq!(ChangeClass::Forbidden.severity(), Severity::Error);
    assert_eq!(ChangeClass::CustomerReview.severity(), Severity::Warning);
    assert_eq!(ChangeClass::ListingOnly.severity(), Severity::Warning);
}

#[test]
fn changes_cannot_be_acknowledged_in_a_document() {
    assert!(AcknowledgedWarning::new(Rule::AuthorizationAdded).is_err());
    assert!("listing-changed".parse::<AcknowledgedWarning>().is_err());
    // Other warnings still can.
    assert!("missing-delete-role".parse::<AcknowledgedWarning>().is_ok());
}

#[test]
fn every_field_of_the_document_is_compared_or_knowingly_left_out() {
    let schema = serde_json::to_value(schemars::schema_for!(Offer)).unwrap();
    let mut fields: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    let mut known = vec![
        // compared
        "offerId",
        "publisherId",
        "name",
        "plans",
        "listing",
        "marketingArtifacts",
        "leadManagement",
        "legal",
        "support",
        // not published, so not compared
        "$schema",
        "edition",
        "acknowledgedWarnings",
    ];
    known.sort_unstable();
    assert_eq!(
        fields, known,
        "a new field of the offer: compare it in src/update.rs"
    );
}

#[test]
fn dropping_the_hero_image_for_an_edition_without_one_is_not_forbidden() {
    // Edition 2026 has no hero image, so moving the offer to it must drop the image: the
    // removal is listed as a listing change, never as the forbidden `hero-image-removed`.
    let published = offer(&example());
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel-2026/offer.json"
    ))
    .unwrap();
    let next = offer(&serde_json::from_str(&text).unwrap());
    let update = published.update_to(&next);
    let hero: Vec<String> = lines(&update)
        .into_iter()
        .filter(|line| line.contains("/marketingArtifacts/hero"))
        .collect();
    assert_eq!(
        hero,
        [
            "listing only[LO0836] old /marketingArtifacts/hero: marketing artifacts `hero` removed (was \"logos/hero.png\")"
        ]
    );
}

#[test]
fn exactly_the_rules_that_compare_versions_have_a_change_class() {
    for rule in lighthouse_offer::Rule::ALL {
        assert_eq!(
            rule.compares_versions(),
            rule.change_class().is_some(),
            "{} ({}): its code range and its change class disagree",
            rule.code(),
            rule.name()
        );
    }
}
