//! The onboardings that the ARM export tests export (`tests/rules/arm_export.rs`) and that the
//! conformance suite validates against Microsoft's schema (`tests/conformance/arm_export.rs`).

use lighthouse_offer::arm::{
    ArmFiles, ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName,
    ResourceGroupName, ResourceGroups, Scope,
};
use lighthouse_offer::plans::{Approver, JustInTimeAccessPolicy, MultiFactorAuthProvider};
use lighthouse_offer::{
    Authorization, DisplayName, EligibleAuthorization, Manifest, ManifestVersion, OfferId, PlanId,
    PrincipalId, PublisherId, RoleDefinitionId,
};
use serde_json::Value;

/// The managing tenant of every exported onboarding.
pub const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";

pub fn principal(n: u128) -> PrincipalId {
    PrincipalId::from_u128(0x5c1a_9d3e_7b2f_4a8c_9e6d_0000_0000_0000 + n)
}

pub fn name(text: &str) -> DisplayName {
    DisplayName::new(text).unwrap()
}

/// A manifest with every kind of authorization: a role, the delete role, User Access
/// Administrator with assignable roles and, if asked, an eligible authorization with approvers.
pub fn manifest(version: ManifestVersion, eligible: bool) -> Manifest {
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

pub fn groups(names: &[&str]) -> Scope {
    Scope::ResourceGroups(
        ResourceGroups::new(names.iter().map(|n| ResourceGroupName::new(*n).unwrap())).unwrap(),
    )
}

pub fn marketplace_plan() -> MarketplacePlan {
    MarketplacePlan::new(
        PublisherId::new("contoso").unwrap(),
        OfferId::new("contoso-sentinel").unwrap(),
        PlanId::new("gold").unwrap(),
    )
}

pub fn onboarding(scope: Scope, eligible: bool, marketplace: bool) -> ArmOnboarding {
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
pub fn every_onboarding() -> Vec<(String, ArmOnboarding)> {
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

pub fn template(files: &ArmFiles) -> Value {
    serde_json::to_value(files.template()).unwrap()
}

pub fn parameters(files: &ArmFiles) -> Value {
    serde_json::to_value(files.parameters()).unwrap()
}

pub fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, found {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// The parameter names of a pretty-printed parameters file, in document order (`serde_json`'s
/// `Value` sorts keys): the keys indented by four spaces.
pub fn parameter_order(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.strip_prefix("    \""))
        .filter_map(|line| line.strip_suffix("\": {"))
        .collect()
}
