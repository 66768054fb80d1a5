//! ARM templates as Microsoft publishes them: each sample's parameters file judged with its
//! template.

use lighthouse_offer::arm::{self, ArmFile};

use crate::support::names as pairs;

#[test]
#[ignore = "conformance: needs Microsoft's published files (LIGHTHOUSE_REFERENCE_DATA=../shared/data)"]
fn microsofts_sample_pairs_are_judged_together() {
    let samples = crate::support::reference_data::folder().join("lighthouse-samples/templates");
    // Each parameters file with the template it is published with: the placeholders are found
    // in the parameters file, the API version in the template, and nothing is left unknown.
    for (template, parameters) in [
        (
            "delegated-resource-management/subscription/subscription.json",
            "delegated-resource-management/subscription/subscription.parameters.json",
        ),
        (
            "delegated-resource-management/rg/multi-rg.json",
            "delegated-resource-management/rg/multiple-rg.parameters.json",
        ),
        (
            "delegated-resource-management-eligible-authorizations/rg/rg.json",
            "delegated-resource-management-eligible-authorizations/rg/rg.parameters.json",
        ),
    ] {
        let read = |p: &str| std::fs::read_to_string(samples.join(p)).unwrap();
        let checked = arm::check_with_template(&read(parameters), &read(template));
        let in_parameters = pairs(checked.diagnostics(ArmFile::Parameters));
        assert!(
            in_parameters.iter().any(|(n, _)| *n == "nil-guid"),
            "{parameters}: {in_parameters:?}"
        );
        assert!(
            in_parameters
                .iter()
                .chain(&pairs(checked.diagnostics(ArmFile::Template)))
                .all(|(n, _)| !matches!(*n, "parameter-without-value" | "invalid-expression")),
            "{template}"
        );
        assert!(
            pairs(checked.diagnostics(ArmFile::Template))
                .iter()
                .all(|(n, _)| *n == "old-api-version"),
            "{template}"
        );
    }
    // The marketplace sample, whose parameters file says `marketplaceOffer: No`, is valid.
    let read = |p: &str| {
        std::fs::read_to_string(
            samples
                .join("marketplace-delegated-resource-management")
                .join(p),
        )
        .unwrap()
    };
    let checked = arm::check_with_template(
        &read("marketplaceDelegatedResourceManagement.parameters.json"),
        &read("marketplaceDelegatedResourceManagement.json"),
    );
    assert!(!checked.has_errors(), "{checked:?}");
    assert!(checked.delegation().is_some());
    // Microsoft's policy template deploys no delegation itself: its parameters file is judged.
    let read = |p: &str| {
        std::fs::read_to_string(samples.join("policy-delegate-management-groups").join(p)).unwrap()
    };
    let checked = arm::check_with_template(
        &read("deployLighthouseIfNotExistsManagementGroup.parameters.json"),
        &read("deployLighthouseIfNotExistManagementGroup.json"),
    );
    assert!(
        pairs(checked.diagnostics(ArmFile::Parameters))
            .iter()
            .any(|(n, p)| *n == "nil-guid" && p == "/parameters/managedByTenantId/value")
    );
    assert!(checked.diagnostics(ArmFile::Template).is_empty());
}
