//! Role rules and cross-field rules of authorizations, with real roles from the catalog.

use lighthouse_offer::plans::{Approver, JustInTimeAccessPolicy, MultiFactorAuthProvider};
use lighthouse_offer::{
    Authorization, DisplayName, EligibleAuthorization, Manifest, ManifestVersion, PrincipalId,
    Report, RoleDefinitionId,
};

const LOG_ANALYTICS_CONTRIBUTOR: &str = "92aaf0da-9dab-42b6-94a3-d43ce8d16293";
const RBAC_ADMINISTRATOR: &str = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
const CUSTOM_ROLE: &str = "11111111-2222-4333-8444-555555555555";

fn principal() -> PrincipalId {
    "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse().unwrap()
}

fn name() -> DisplayName {
    DisplayName::new("Contoso operators").unwrap()
}

fn role(id: &str) -> RoleDefinitionId {
    id.parse().unwrap()
}

/// The (code name, path) pairs of a report.
#[track_caller]
fn found(report: &Report) -> Vec<(&'static str, String)> {
    report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect()
}

#[test]
fn contributor_and_reader_are_supported() {
    for role in [RoleDefinitionId::CONTRIBUTOR, RoleDefinitionId::READER] {
        assert!(Authorization::new(principal(), name(), role).is_ok());
        assert!(
            EligibleAuthorization::new(
                principal(),
                name(),
                role,
                JustInTimeAccessPolicy::default()
            )
            .is_ok()
        );
    }
}

#[test]
fn the_delete_role_is_supported() {
    let delete = RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE;
    assert_eq!(delete.to_string(), "91c1777a-f3dc-4fae-b103-61d183457e46");
    assert!(Authorization::new(principal(), name(), delete).is_ok());
}

#[test]
fn owner_is_rejected_with_its_name() {
    let report = Authorization::new(principal(), name(), RoleDefinitionId::OWNER).unwrap_err();
    assert_eq!(found(&report), [("owner-role", "/roleDefinitionId".into())]);
    assert_eq!(
        report.diagnostics()[0].message(),
        "role \"Owner\" (8e3af657-a8ff-443c-a75c-2fe8c4bcb635) cannot be delegated with Azure Lighthouse; expected a less privileged built-in role, such as Contributor"
    );
}

#[test]
fn a_role_with_data_actions_is_rejected() {
    let report =
        Authorization::new(principal(), name(), role(LOG_ANALYTICS_CONTRIBUTOR)).unwrap_err();
    assert_eq!(
        found(&report),
        [("data-actions-role", "/roleDefinitionId".into())]
    );
    assert!(
        report.diagnostics()[0]
            .message()
            .contains("Log Analytics Contributor")
    );
}

#[test]
fn a_role_that_can_change_access_is_rejected() {
    let report = Authorization::new(principal(), name(), role(RBAC_ADMINISTRATOR)).unwrap_err();
    assert_eq!(
        found(&report),
        [("restricted-action-role", "/roleDefinitionId".into())]
    );
    assert!(
        report.diagnostics()[0]
            .message()
            .contains("Microsoft.Authorization/roleAssignments/write")
    );
}

#[test]
fn user_access_administrator_needs_assignable_roles() {
    let uaa = RoleDefinitionId::USER_ACCESS_ADMINISTRATOR;
    let report = Authorization::new(principal(), name(), uaa).unwrap_err();
    assert_eq!(
        found(&report),
        [("missing-assignable-roles", String::new())]
    );
    let ok = Authorization::with_assignable_roles(
        principal(),
        name(),
        uaa,
        [RoleDefinitionId::CONTRIBUTOR, RoleDefinitionId::READER],
    )
    .unwrap();
    assert_eq!(ok.delegated_role_definition_ids().len(), 2);
}

#[test]
fn assignable_roles_on_another_role_are_reported() {
    let report = Authorization::with_assignable_roles(
        principal(),
        name(),
        RoleDefinitionId::CONTRIBUTOR,
        [RoleDefinitionId::READER],
    )
    .unwrap_err();
    assert_eq!(
        found(&report),
        [(
            "assignable-roles-ignored",
            "/delegatedRoleDefinitionIds".into()
        )]
    );
}

#[test]
fn assignable_roles_must_themselves_be_supported_and_unique() {
    let report = Authorization::with_assignable_roles(
        principal(),
        name(),
        RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
        [
            RoleDefinitionId::CONTRIBUTOR,
            RoleDefinitionId::OWNER,
            RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
            role(LOG_ANALYTICS_CONTRIBUTOR),
            RoleDefinitionId::CONTRIBUTOR,
        ],
    )
    .unwrap_err();
    assert_eq!(
        found(&report),
        [
            (
                "unsupported-assignable-role",
                "/delegatedRoleDefinitionIds/1".into()
            ),
            (
                "unsupported-assignable-role",
                "/delegatedRoleDefinitionIds/2".into()
            ),
            // Log Analytics Contributor (index 3) has data actions: a warning of the manifest,
            // `data-actions-assignable-role`, while the provider's behaviour is contested.
            ("duplicate-item", "/delegatedRoleDefinitionIds/4".into()),
        ]
    );
}

#[test]
fn data_action_roles_to_assign_are_a_warning_of_the_manifest() {
    let uaa = Authorization::with_assignable_roles(
        principal(),
        name(),
        RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
        [
            RoleDefinitionId::CONTRIBUTOR,
            role(LOG_ANALYTICS_CONTRIBUTOR),
        ],
    )
    .unwrap();
    let delete = Authorization::new(
        principal(),
        name(),
        RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE,
    )
    .unwrap();
    let (_, warnings) = Manifest::builder(
        ManifestVersion::new(1, 0, 0),
        "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse().unwrap(),
    )
    .authorization(uaa)
    .authorization(delete)
    .build()
    .unwrap()
    .into_parts();
    let found: Vec<(&str, String)> = warnings
        .iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect();
    assert_eq!(
        found,
        [(
            "data-actions-assignable-role",
            "/authorizations/0/delegatedRoleDefinitionIds/1".to_owned()
        )]
    );
}

#[test]
fn eligible_authorizations_refuse_owner_and_user_access_administrator() {
    for role in [
        RoleDefinitionId::OWNER,
        RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
    ] {
        let report = EligibleAuthorization::new(
            principal(),
            name(),
            role,
            JustInTimeAccessPolicy::default(),
        )
        .unwrap_err();
        assert_eq!(
            found(&report),
            [("unsupported-eligible-role", "/roleDefinitionId".into())]
        );
    }
    let report = EligibleAuthorization::new(
        principal(),
        name(),
        role(LOG_ANALYTICS_CONTRIBUTOR),
        JustInTimeAccessPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(
        found(&report),
        [("data-actions-role", "/roleDefinitionId".into())]
    );
}

#[test]
fn unknown_roles_are_not_errors_of_the_authorization() {
    // A custom role or a built-in role newer than the catalog: the manifest warns about it.
    assert!(Authorization::new(principal(), name(), role(CUSTOM_ROLE)).is_ok());
}

fn approvers(count: u128) -> Vec<Approver> {
    (0..count)
        .map(|n| {
            Approver::new(
                PrincipalId::from_u128(0x1000 + n),
                DisplayName::new(format!("Approver {n}")).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_policy_has_at_most_ten_distinct_approvers() {
    let policy = |approvers| {
        JustInTimeAccessPolicy::new(
            MultiFactorAuthProvider::Azure,
            lighthouse_offer::ActivationDuration::default(),
            approvers,
        )
    };
    assert!(policy(approvers(0)).is_ok());
    assert!(policy(approvers(10)).is_ok());
    let report = policy(approvers(11)).unwrap_err();
    assert_eq!(
        found(&report),
        [("too-many-items", "/managedByTenantApprovers".into())]
    );
    assert_eq!(
        report.diagnostics()[0].message(),
        "a just-in-time access policy has 11 approvers, at most 10 are allowed"
    );
    let mut twice = approvers(2);
    twice.push(twice[0].clone());
    assert_eq!(
        found(&policy(twice).unwrap_err()),
        [(
            "duplicate-item",
            "/managedByTenantApprovers/2/principalId".into()
        )]
    );
}

#[test]
fn the_default_policy_is_no_mfa_and_eight_hours() {
    let policy = JustInTimeAccessPolicy::default();
    assert_eq!(
        policy.multi_factor_auth_provider(),
        MultiFactorAuthProvider::None
    );
    assert_eq!(policy.maximum_activation_duration().minutes(), 8 * 60);
    assert!(policy.managed_by_tenant_approvers().is_empty());
}

#[test]
fn partner_centers_authorizations_are_built_from_grants_of_the_record() {
    use lighthouse_offer::JsonPointer;
    use lighthouse_offer::delegation::{EligibleGrant, GrantPolicy, PermanentGrant};

    let at = JsonPointer::root().key("authorizations").index(0);
    let named = PermanentGrant::new(
        principal(),
        Some("Contoso SOC".into()),
        RoleDefinitionId::READER,
        Vec::new(),
        at.clone(),
    );
    let authorization = Authorization::try_from(&named).unwrap();
    assert_eq!(
        authorization.principal_id_display_name().as_str(),
        "Contoso SOC"
    );

    // Partner Center requires the display name that ARM and Azure leave optional; the roles are
    // judged as by the constructors, every problem at once.
    let unnamed = PermanentGrant::new(principal(), None, RoleDefinitionId::OWNER, Vec::new(), at);
    let report = Authorization::try_from(&unnamed).unwrap_err();
    let found: Vec<(&str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().as_str()))
        .collect();
    assert_eq!(
        found,
        [("missing-field", ""), ("owner-role", "/roleDefinitionId")]
    );

    let eligible = EligibleGrant::new(
        principal(),
        Some("Contoso escalation".into()),
        RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
        GrantPolicy::default(),
        JsonPointer::root(),
    );
    let report = EligibleAuthorization::try_from(&eligible).unwrap_err();
    assert_eq!(report.diagnostics()[0].name(), "unsupported-eligible-role");
}
