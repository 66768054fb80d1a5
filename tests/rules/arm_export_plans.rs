//! `arm export` of each plan (issue 13, point 13): a name, a description and a registration GUID
//! of its own, stable across exports of the same plan; and the multi-factor provider always
//! written (point 9).

use lighthouse_offer::arm::evaluate::{Parameter, Scope as Evaluation, Val};
use lighthouse_offer::arm::{self, ArmFiles, ArmOnboarding, Scope};
use lighthouse_offer::{Offer, Plan};
use serde_json::Value;

use crate::support::EXAMPLE;

fn offer() -> Offer {
    Offer::from_json_str(EXAMPLE).unwrap().into_parts().0
}

fn files(offer: &Offer, plan: &Plan) -> ArmFiles {
    arm::export(&ArmOnboarding::for_offer_plan(
        offer,
        plan,
        Scope::Subscription,
    ))
}

/// The registration definition's GUID as Azure Resource Manager computes it from the two
/// files: the template's `mspRegistrationName` variable, evaluated with the parameters file's
/// values.
fn registration_guid(files: &ArmFiles) -> String {
    let template: Value = serde_json::from_str(&files.template_json()).unwrap();
    let parameters: Value = serde_json::from_str(&files.parameters_json()).unwrap();
    let values = parameters["parameters"].as_object().unwrap();
    let declared = template["parameters"].as_object().unwrap();
    let given = declared
        .keys()
        .map(|name| {
            let value = values.get(name).map_or(Parameter::NoValue, |v| {
                Parameter::Given(Val::literal(&v["value"]))
            });
            (name.clone(), value)
        })
        .collect();
    let evaluation = Evaluation::new(given, template["variables"].as_object());
    match evaluation
        .string("[variables('mspRegistrationName')]")
        .unwrap()
    {
        Val::Str(guid) => guid,
        other => panic!("expected a GUID, found {other:?}"),
    }
}

#[test]
fn each_plan_gets_its_own_name_description_and_guid() {
    let offer = offer();
    let [gold, dedicated] = offer.plans() else {
        panic!("the example has two plans")
    };
    let (a, b) = (files(&offer, gold), files(&offer, dedicated));
    let value = |f: &ArmFiles, name: &str| -> String {
        let parameters: Value = serde_json::from_str(&f.parameters_json()).unwrap();
        parameters["parameters"][name]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        value(&a, "mspOfferName"),
        "Contoso Managed Sentinel - Gold: 24x7 monitoring"
    );
    assert_ne!(value(&a, "mspOfferName"), value(&b, "mspOfferName"));
    assert_ne!(
        value(&a, "mspOfferDescription"),
        value(&b, "mspOfferDescription")
    );
    assert!(value(&a, "mspOfferDescription").contains("Contoso Managed Sentinel"));
    let (guid_a, guid_b) = (registration_guid(&a), registration_guid(&b));
    assert_ne!(guid_a, guid_b);
    assert!(guid_a.parse::<uuid::Uuid>().is_ok());
    // The same plan again: the same GUID, so that a new version updates the delegation.
    assert_eq!(registration_guid(&files(&offer, gold)), guid_a);
}

#[test]
fn a_renamed_plan_keeps_its_guid() {
    let renamed = EXAMPLE.replace("Gold: 24x7 monitoring", "Gold: round-the-clock monitoring");
    let before = offer();
    let after = Offer::from_json_str(&renamed).unwrap().into_parts().0;
    let a = files(&before, &before.plans()[0]);
    let b = files(&after, &after.plans()[0]);
    assert_ne!(a.parameters_json(), b.parameters_json());
    assert_eq!(registration_guid(&a), registration_guid(&b));
}

#[test]
fn export_always_writes_the_multi_factor_provider() {
    let offer = offer();
    for plan in offer.plans() {
        let parameters: Value =
            serde_json::from_str(&files(&offer, plan).parameters_json()).unwrap();
        if let Some(eligible) =
            parameters["parameters"]["eligibleAuthorizations"]["value"].as_array()
        {
            for e in eligible {
                assert!(
                    e["justInTimeAccessPolicy"]["multiFactorAuthProvider"].is_string(),
                    "{e}"
                );
            }
        }
    }
    // Also when the model holds the default (`None`): the field is still written.
    let defaulted = EXAMPLE.replace(r#""multiFactorAuthProvider": "Azure","#, "");
    let offer = Offer::from_json_str(&defaulted).unwrap().into_parts().0;
    let parameters: Value =
        serde_json::from_str(&files(&offer, &offer.plans()[0]).parameters_json()).unwrap();
    assert_eq!(
        parameters["parameters"]["eligibleAuthorizations"]["value"][0]["justInTimeAccessPolicy"]["multiFactorAuthProvider"],
        "None"
    );
}

#[test]
fn the_exported_files_check_clean_by_the_providers_rules() {
    let offer = offer();
    for plan in offer.plans() {
        let exported = files(&offer, plan);
        let checked =
            arm::check_with_template(&exported.parameters_json(), &exported.template_json());
        assert!(
            checked.diagnostics(arm::ArmFile::Template).is_empty()
                && checked.diagnostics(arm::ArmFile::Parameters).is_empty(),
            "{checked:?}"
        );
        assert!(checked.delegation().is_some());
    }
}
