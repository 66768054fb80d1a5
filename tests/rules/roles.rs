//! The catalog of built-in roles and the Azure Lighthouse support answer, checked against the
//! repository's data of Azure's role definitions (`data/azure-builtin-roles.json`, the source of
//! the catalog; `tests/generated_roles.rs` generates the catalog from it and refreshes it).

use std::path::Path;

use lighthouse_offer::roles::{self, RESTRICTED_ACTIONS, RoleSupport, UnsupportedReason};
use lighthouse_offer::{JsonPointer, RoleDefinitionId, Rule, Severity};
use serde_json::Value;

const DATA: &str = "data/azure-builtin-roles.json";

/// The roles of the repository's data: `id` (the GUID), `roleName`, `roleType`, `permissions`.
fn dump() -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match serde_json::from_str(&text).expect("JSON") {
        Value::Array(roles) => roles,
        _ => panic!("not an array"),
    }
}

/// The dump's name for this GUID.
fn dump_name(roles: &[Value], id: RoleDefinitionId) -> Option<String> {
    roles
        .iter()
        .find(|role| role["id"].as_str() == Some(&id.to_string()))
        .map(|role| role["roleName"].as_str().expect("name").to_owned())
}

#[track_caller]
fn id(text: &str) -> RoleDefinitionId {
    text.parse().expect("a GUID")
}

#[track_caller]
fn assert_finding(id: RoleDefinitionId, rule: Rule, message: &str) {
    let path = JsonPointer::root()
        .key("authorizations")
        .index(0)
        .key("roleDefinitionId");
    let found = id.support_diagnostic(path.clone()).expect("a finding");
    assert_eq!(found.rule(), rule);
    assert_eq!(found.path(), &path);
    assert_eq!(found.message(), message);
}

// ---- the catalog against the dump ----

#[test]
fn catalog_has_every_role_of_the_dump() {
    let dump = dump();
    assert_eq!(roles::built_in().len(), dump.len());
    assert_eq!(dump.len(), 928);
    for role in &dump {
        let found = id(role["id"].as_str().unwrap())
            .built_in()
            .unwrap_or_else(|| panic!("missing {role}"));
        assert_eq!(found.name(), role["roleName"].as_str().unwrap());
    }
}

#[test]
fn catalog_is_sorted_for_binary_search() {
    assert!(
        roles::built_in()
            .windows(2)
            .all(|pair| pair[0].id() < pair[1].id())
    );
    // The first and the last entries are found too.
    for role in [roles::built_in()[0], *roles::built_in().last().unwrap()] {
        assert_eq!(role.id().built_in(), Some(&role));
    }
}

#[test]
fn data_actions_flag_matches_the_dump() {
    // Independent of the generator: any non-empty dataActions or notDataActions list.
    for role in dump() {
        let expected = role["permissions"].as_array().unwrap().iter().any(|block| {
            ["dataActions", "notDataActions"]
                .iter()
                .any(|key| !block[key].as_array().unwrap().is_empty())
        });
        let found = id(role["id"].as_str().unwrap()).built_in().unwrap();
        assert_eq!(found.has_data_actions(), expected, "{}", found.name());
    }
}

#[test]
fn restricted_actions_come_from_the_list() {
    for role in roles::built_in() {
        if let Some(action) = role.restricted_action() {
            assert!(RESTRICTED_ACTIONS.contains(&action), "{action}");
        }
    }
}

#[test]
fn named_constants_match_the_dump() {
    let dump = dump();
    for (id, name) in [
        (RoleDefinitionId::OWNER, "Owner"),
        (RoleDefinitionId::CONTRIBUTOR, "Contributor"),
        (RoleDefinitionId::READER, "Reader"),
        (
            RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
            "User Access Administrator",
        ),
        (
            RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE,
            "Managed Services Registration assignment Delete Role",
        ),
        (
            RoleDefinitionId::ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR,
            "Role Based Access Control Administrator",
        ),
        (
            RoleDefinitionId::LOG_ANALYTICS_CONTRIBUTOR,
            "Log Analytics Contributor",
        ),
        (
            RoleDefinitionId::LOG_ANALYTICS_READER,
            "Log Analytics Reader",
        ),
        (
            RoleDefinitionId::MONITORING_CONTRIBUTOR,
            "Monitoring Contributor",
        ),
        (RoleDefinitionId::MONITORING_READER, "Monitoring Reader"),
        (RoleDefinitionId::SECURITY_READER, "Security Reader"),
        (
            RoleDefinitionId::SUPPORT_REQUEST_CONTRIBUTOR,
            "Support Request Contributor",
        ),
        (
            RoleDefinitionId::VIRTUAL_MACHINE_CONTRIBUTOR,
            "Virtual Machine Contributor",
        ),
        (
            RoleDefinitionId::RESOURCE_POLICY_CONTRIBUTOR,
            "Resource Policy Contributor",
        ),
    ] {
        assert_eq!(dump_name(&dump, id).as_deref(), Some(name), "{id}");
        assert_eq!(id.built_in().map(roles::BuiltInRole::name), Some(name));
    }
}

#[test]
fn constants_are_usable_in_const_context() {
    const DELETE: RoleDefinitionId =
        RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE;
    assert_eq!(DELETE.to_string(), "91c1777a-f3dc-4fae-b103-61d183457e46");
    assert_eq!(
        RoleDefinitionId::OWNER.to_string(),
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
    );
}

// ---- the support answer, known cases ----

#[test]
fn contributor_and_reader_are_supported() {
    // Contributor has Actions `*` but its NotActions take away Microsoft.Authorization/*/Write
    // and /*/Delete; Reader has `*/read` only.
    let contributor = RoleDefinitionId::CONTRIBUTOR.built_in().unwrap();
    assert_eq!(contributor.restricted_action(), None);
    assert!(!contributor.has_data_actions());
    assert_eq!(
        RoleDefinitionId::CONTRIBUTOR.support(),
        RoleSupport::Supported
    );
    assert_eq!(RoleDefinitionId::READER.support(), RoleSupport::Supported);
    assert!(RoleDefinitionId::READER.support().is_supported());
    assert_eq!(RoleDefinitionId::READER.support().rule(), None);
}

#[test]
fn owner_is_unsupported_by_id() {
    // Owner grants `*`, so it would be a restricted-action role too; the answer names Owner.
    let owner = RoleDefinitionId::OWNER.built_in().unwrap();
    assert_eq!(
        owner.restricted_action(),
        Some("Microsoft.Authorization/roleAssignments/write")
    );
    assert_eq!(
        RoleDefinitionId::OWNER.support(),
        RoleSupport::Unsupported(UnsupportedReason::Owner)
    );
    assert_finding(
        RoleDefinitionId::OWNER,
        Rule::OwnerRole,
        "role \"Owner\" (8e3af657-a8ff-443c-a75c-2fe8c4bcb635) cannot be delegated with Azure \
         Lighthouse; expected a less privileged built-in role, such as Contributor",
    );
}

#[test]
fn log_analytics_contributor_has_data_actions() {
    let id = id("92aaf0da-9dab-42b6-94a3-d43ce8d16293");
    assert_eq!(id, RoleDefinitionId::LOG_ANALYTICS_CONTRIBUTOR);
    assert_eq!(
        id.support(),
        RoleSupport::Unsupported(UnsupportedReason::DataActions)
    );
    assert!(!id.support().is_supported());
    assert_finding(
        id,
        Rule::DataActionsRole,
        "role \"Log Analytics Contributor\" (92aaf0da-9dab-42b6-94a3-d43ce8d16293) has DataActions \
         or NotDataActions, which Azure Lighthouse cannot delegate; expected a built-in role \
         without data actions",
    );
}

#[test]
fn rbac_administrator_grants_a_restricted_action() {
    // Its Actions list Microsoft.Authorization/roleAssignments/write directly.
    let id = RoleDefinitionId::ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR;
    assert_eq!(
        id.support(),
        RoleSupport::Unsupported(UnsupportedReason::RestrictedAction(
            "Microsoft.Authorization/roleAssignments/write"
        ))
    );
    assert_finding(
        id,
        Rule::RestrictedActionRole,
        "role \"Role Based Access Control Administrator\" (f58310d9-a9f6-439a-9e8d-f62e7b41a168) \
         grants Microsoft.Authorization/roleAssignments/write, which Azure Lighthouse cannot \
         delegate; expected a built-in role without restricted Microsoft.Authorization actions",
    );
}

#[test]
fn user_access_administrator_is_for_assignable_roles_only() {
    let id = RoleDefinitionId::USER_ACCESS_ADMINISTRATOR;
    // It grants Microsoft.Authorization/*, but the ID decides.
    assert!(id.built_in().unwrap().restricted_action().is_some());
    assert_eq!(id.support(), RoleSupport::AssignableRolesOnly);
    assert!(id.support().is_supported());
    assert_eq!(id.support().rule(), None);
    assert!(id.support_diagnostic(JsonPointer::root()).is_none());
}

#[test]
fn delete_role_is_supported() {
    let id = RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE;
    assert_eq!(id.support(), RoleSupport::Supported);
    assert!(id.support_diagnostic(JsonPointer::root()).is_none());
}

#[test]
fn roles_common_in_samples() {
    assert_eq!(
        RoleDefinitionId::LOG_ANALYTICS_READER.support(),
        RoleSupport::Unsupported(UnsupportedReason::DataActions)
    );
    for id in [
        RoleDefinitionId::MONITORING_CONTRIBUTOR,
        RoleDefinitionId::MONITORING_READER,
        RoleDefinitionId::SECURITY_READER,
        RoleDefinitionId::SUPPORT_REQUEST_CONTRIBUTOR,
        RoleDefinitionId::VIRTUAL_MACHINE_CONTRIBUTOR,
        RoleDefinitionId::RESOURCE_POLICY_CONTRIBUTOR,
    ] {
        assert_eq!(id.support(), RoleSupport::Supported, "{id}");
    }
}

#[test]
fn unknown_guid_is_never_supported() {
    let custom = id("11111111-2222-4333-8444-555555555555");
    assert!(custom.built_in().is_none());
    assert_eq!(custom.support(), RoleSupport::Unknown);
    assert!(!custom.support().is_supported());
    assert_eq!(custom.support().rule(), Some(Rule::UnknownRole));
    assert_eq!(Rule::UnknownRole.severity(), Severity::Warning);
    assert_finding(
        custom,
        Rule::UnknownRole,
        "role definition 11111111-2222-4333-8444-555555555555 is not a built-in role of the \
         catalog; expected a built-in role, since Azure Lighthouse cannot delegate custom roles \
         (a built-in role newer than the catalog is reported too: check with a newer catalog, \
         `--role-catalog`)",
    );
    // The placeholder of many samples.
    assert_eq!(
        id("00000000-0000-0000-0000-000000000000").support(),
        RoleSupport::Unknown
    );
}

#[test]
fn lookup_ignores_the_case_of_the_guid() {
    assert_eq!(
        id("B24988AC-6180-42A0-AB88-20F7382DD24C").support(),
        RoleSupport::Supported
    );
}

#[test]
fn reasons_map_to_rules() {
    assert_eq!(UnsupportedReason::Owner.rule(), Rule::OwnerRole);
    assert_eq!(UnsupportedReason::DataActions.rule(), Rule::DataActionsRole);
    assert_eq!(
        UnsupportedReason::RestrictedAction(RESTRICTED_ACTIONS[6]).rule(),
        Rule::RestrictedActionRole
    );
    assert_eq!(
        RoleSupport::Unsupported(UnsupportedReason::Owner).rule(),
        Some(Rule::OwnerRole)
    );
    assert_eq!(RoleSupport::AssignableRolesOnly.rule(), None);
}

// ---- lookup by name ----

#[test]
fn find_by_name_ignores_case() {
    let role = roles::find_by_name("Virtual Machine Contributor").unwrap();
    assert_eq!(role.id(), RoleDefinitionId::VIRTUAL_MACHINE_CONTRIBUTOR);
    assert_eq!(
        roles::find_by_name("VIRTUAL machine contributor"),
        Some(role)
    );
    assert_eq!(roles::find_by_name("  Reader\t").unwrap().name(), "Reader");
    assert_eq!(roles::find_by_name("Virtual Machine"), None);
    assert_eq!(roles::find_by_name(""), None);
}

#[test]
fn find_by_name_ignores_white_space_in_the_catalog() {
    // Azure spells this one name with a trailing space.
    let role = roles::find_by_name("Azure Arc VMware Administrator role").unwrap();
    assert_eq!(role.name(), "Azure Arc VMware Administrator role ");
}

#[test]
fn every_name_finds_its_role() {
    for role in roles::built_in() {
        assert_eq!(roles::find_by_name(role.name()), Some(role));
    }
}

#[test]
fn search_finds_substrings_ignoring_case() {
    let names: Vec<&str> = roles::search("  LOG ANALYTICS ")
        .map(roles::BuiltInRole::name)
        .collect();
    assert!(names.contains(&"Log Analytics Contributor"));
    assert!(names.contains(&"Log Analytics Reader"));
    assert!(
        names
            .iter()
            .all(|n| n.to_lowercase().contains("log analytics"))
    );
    // Same count as a plain lowercase search over the dump.
    let expected = dump()
        .iter()
        .filter(|r| {
            r["roleName"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("log analytics")
        })
        .count();
    assert_eq!(names.len(), expected);
    assert_eq!(roles::search("").count(), roles::built_in().len());
    assert_eq!(roles::search("no such role anywhere").count(), 0);
    // The query may end at the very end of a name.
    assert!(
        roles::search("delete role")
            .any(|r| r.id()
                == RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE)
    );
}

#[test]
fn search_does_not_borrow_the_query() {
    let found = {
        let query = String::from("reader");
        roles::search(&query)
    };
    assert!(found.count() > 10);
}

#[test]
fn types_are_send_and_sync() {
    fn check<T: Send + Sync + Copy + 'static>() {}
    check::<roles::BuiltInRole>();
    check::<RoleSupport>();
    check::<UnsupportedReason>();
}

#[test]
fn every_role_is_found_by_its_id_and_only_catalog_ids_are() {
    for role in roles::built_in() {
        assert_eq!(role.id().built_in(), Some(role));
        let value = role.id().as_uuid().as_u128();
        for neighbour in [value.wrapping_sub(1), value.wrapping_add(1)] {
            // Some IDs are neighbours (`…b4fa` and `…b4fb`): compare with a plain search.
            let neighbour = RoleDefinitionId::from_u128(neighbour);
            let expected = roles::built_in().iter().find(|r| r.id() == neighbour);
            assert_eq!(neighbour.built_in(), expected);
        }
    }
    assert_eq!(RoleDefinitionId::from_u128(0).built_in(), None);
    assert_eq!(RoleDefinitionId::from_u128(u128::MAX).built_in(), None);
}

#[test]
fn lookup_by_id_compares_at_most_the_largest_run_of_a_first_byte() {
    let mut runs = [0_usize; 256];
    for role in roles::built_in() {
        runs[usize::from(role.id().as_uuid().as_bytes()[0])] += 1;
    }
    assert_eq!(
        runs.iter().max().copied(),
        Some(roles::MAX_ROLES_PER_FIRST_BYTE)
    );
}

#[test]
fn every_role_is_found_by_its_name_in_any_case() {
    for role in roles::built_in() {
        let name = role.name().trim();
        assert_eq!(roles::find_by_name(name), Some(role));
        assert_eq!(roles::find_by_name(&name.to_uppercase()), Some(role));
        assert_eq!(
            roles::find_by_name(&format!(" {} ", name.to_lowercase())),
            Some(role)
        );
        assert_eq!(roles::find_by_name(&format!("{name}x")), None);
    }
    assert_eq!(roles::find_by_name(""), None);
}

#[test]
fn find_by_name_folds_case_as_unicode_does() {
    // The Kelvin sign lowercases to `k`: a query that is not ASCII can still name a role.
    let kelvin = "\u{212A}ey Vault Administrator";
    assert_eq!(
        roles::find_by_name(kelvin).map(roles::BuiltInRole::name),
        Some("Key Vault Administrator")
    );
    assert_eq!(roles::find_by_name("Kéy Vault Administrator"), None);
}
