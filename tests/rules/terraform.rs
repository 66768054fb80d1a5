//! The Terraform reader (`terraform::check`, `terraform::check_plan`): values evaluated as
//! Terraform does, verdicts of the resource provider, findings where their values are written.

use lighthouse_offer::terraform::{self, TerraformCheck, TerraformSources};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/terraform");

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{path}")).unwrap()
}

fn found(checked: &TerraformCheck) -> Vec<(String, String, Option<usize>)> {
    checked
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d.file().to_owned(),
                d.diagnostic().name().to_owned(),
                d.line(),
            )
        })
        .collect()
}

#[test]
fn a_literal_definition_is_judged_by_the_provider_s_rules_at_its_lines() {
    let checked = terraform::check(
        &TerraformSources::new().with_file("basic/main.tf", fixture("basic/main.tf")),
    );
    for d in checked.diagnostics() {
        println!("{d}");
    }
    assert_eq!(
        found(&checked),
        [
            (
                "basic/main.tf".into(),
                "missing-delete-role".into(),
                Some(2)
            ),
            ("basic/main.tf".into(), "owner-role".into(), Some(17)),
        ]
    );
}

/// A module folder of the fixtures, read as the command-line tool reads one: its `.tf` files,
/// then `terraform.tfvars` and `*.auto.tfvars` by name, and a reader for the rest.
fn module(dir: &str) -> TerraformCheck {
    let base = format!("{FIXTURES}/{dir}");
    let mut names: Vec<String> = std::fs::read_dir(&base)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut sources = TerraformSources::new();
    for n in names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".tf"))
    {
        sources = sources.with_file(format!("{dir}/{n}"), fixture(&format!("{dir}/{n}")));
    }
    for n in ["terraform.tfvars"].iter().map(|s| (*s).to_owned()).chain(
        names
            .iter()
            .filter(|n| n.ends_with(".auto.tfvars"))
            .cloned(),
    ) {
        if names.contains(&n) {
            sources = sources.with_var_file(format!("{dir}/{n}"), fixture(&format!("{dir}/{n}")));
        }
    }
    let sources = sources.with_reader(|p| {
        let full = format!("{FIXTURES}/{}", p.trim_end_matches('/'));
        if p.ends_with('/') {
            let mut names: Vec<String> = std::fs::read_dir(&full)
                .ok()?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            Some(names.join("\n"))
        } else {
            std::fs::read_to_string(full).ok()
        }
    });
    terraform::check(&sources)
}

#[test]
fn a_module_with_tfvars_locals_for_each_dynamic_blocks_and_a_local_module_gives_its_delegation() {
    let checked = module("module");
    assert_eq!(found(&checked), []);
    let [delegation] = checked.delegations() else {
        panic!("one delegation: {:?}", checked.delegations());
    };
    // `extra.auto.tfvars` wins over the default; `format` and `each.key` make the name.
    assert_eq!(
        delegation.name().as_str(),
        "Northwind Operations for contoso"
    );
    assert_eq!(
        delegation.tenant_id().to_string(),
        "2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a"
    );
    let roles: Vec<String> = delegation
        .authorizations()
        .iter()
        .map(|a| a.role_definition_id().to_string())
        .collect();
    // The map of role names to GUIDs (`lookup(local.roles, lower(…))`) and the built-in role
    // of `data "azurerm_role_definition"` by name (Monitoring Reader).
    assert_eq!(
        roles,
        [
            "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "91c1777a-f3dc-4fae-b103-61d183457e46",
            "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
        ]
    );
    let [eligible] = delegation.eligible_authorizations() else {
        panic!("one eligible authorization");
    };
    let json = serde_json::to_value(eligible).unwrap();
    assert_eq!(
        json["justInTimeAccessPolicy"]["maximumActivationDuration"], "PT4H",
        "{json}"
    );
    assert_eq!(
        json["justInTimeAccessPolicy"]["managedByTenantApprovers"][0]["principalId"],
        "6f8b0d2e-4a5c-4d9f-b13e-5a7c9d1f3b4e"
    );
}

#[test]
fn findings_are_placed_where_their_values_are_written_default_local_and_tfvars() {
    let checked = module("findings");
    let main = "findings/main.tf".to_owned();
    let vars = "findings/terraform.tfvars".to_owned();
    assert_eq!(
        found(&checked),
        [
            (main.clone(), "placeholder-value".into(), Some(4)),
            (main.clone(), "owner-role".into(), Some(16)),
            (main, "missing-description".into(), Some(20)),
            (vars.clone(), "missing-assignable-roles".into(), Some(6)),
            (vars.clone(), "nil-guid".into(), Some(7)),
            (vars, "undeclared-variable-value".into(), Some(16)),
        ]
    );
    assert!(checked.has_errors() && checked.delegations().is_empty());
}

#[test]
fn unknown_values_are_notes_that_say_why_and_never_a_verdict() {
    let checked = module("unknowns");
    let notes: Vec<(String, Option<usize>)> = checked
        .diagnostics()
        .iter()
        .map(|d| {
            assert_eq!(
                d.diagnostic().severity(),
                lighthouse_offer::Severity::Note,
                "{d}"
            );
            (d.diagnostic().message().to_owned(), d.line())
        })
        .collect();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert!(
        notes[0]
            .0
            .contains("`operators_group` has no default and no value")
    );
    assert!(notes[1].0.contains("not one of Azure's built-in roles"));
    assert!(notes[2].0.contains("data.azurerm_client_config.current"));
    assert!(!checked.has_errors() && checked.delegations().is_empty());
}

#[test]
fn a_reference_to_an_undeclared_variable_is_terraform_s_error_at_the_reference() {
    let checked = module("undeclared");
    let [d] = checked.diagnostics() else {
        panic!("{:#?}", checked.diagnostics());
    };
    assert_eq!(d.diagnostic().name(), "undeclared-variable");
    assert_eq!((d.line(), d.place().unwrap().column()), (Some(7), 24));
    assert!(
        d.diagnostic()
            .message()
            .contains("did you mean `var.tenant`?")
    );
}

#[test]
fn an_azapi_body_is_the_arm_body_and_its_assignment_scope_a_resource_group() {
    let checked = module("azapi");
    assert_eq!(found(&checked), []);
    let [delegation] = checked.delegations() else {
        panic!("one delegation");
    };
    assert_eq!(delegation.name().as_str(), "Tailspin Monitoring");
    assert!(matches!(
        delegation.scope(),
        lighthouse_offer::arm::Scope::ResourceGroups(_)
    ));
}

#[test]
fn a_plan_s_values_are_exact_and_after_unknown_values_unknown() {
    let checked = terraform::check_plan("plan.json", &fixture("plan/plan.json"));
    let found: Vec<(&str, &str)> = checked
        .diagnostics()
        .iter()
        .map(|d| (d.diagnostic().name(), d.diagnostic().path().as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "owner-role",
                "/resource_changes/0/change/after/authorization/0/role_definition_id"
            ),
            (
                "terraform-value-unknown",
                "/resource_changes/0/change/after/authorization/2/principal_id"
            ),
        ]
    );
    assert!(checked.delegations().is_empty());
    // Without the Owner, the plan's delegation is read, but not with a value unknown.
    let fixed = fixture("plan/plan.json").replace(
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
    );
    let checked = terraform::check_plan("plan.json", &fixed);
    assert!(!checked.has_errors());
    assert!(checked.delegations().is_empty());
    let known = fixed.replace("{ \"principal_id\": true }", "{}").replace(
        "\"principal_display_name\": \"Later\",",
        "\"principal_id\": \"6f8b0d2e-4a5c-4d9f-b13e-5a7c9d1f3b4e\", \"principal_display_name\": \"Later\",",
    );
    let checked = terraform::check_plan("plan.json", &known);
    assert_eq!(checked.diagnostics(), [], "{:#?}", checked.diagnostics());
    assert_eq!(checked.delegations().len(), 1);
}

#[test]
fn a_plan_of_another_major_version_or_shape_is_said_to_be_unreadable() {
    for text in [
        r#"{"format_version": "2.0", "planned_values": {}}"#,
        r#"{"format_version": "1.2"}"#,
        r"[1, 2]",
    ] {
        let checked = terraform::check_plan("p.json", text);
        assert_eq!(
            checked.diagnostics()[0].diagnostic().name(),
            "terraform-plan-unreadable",
            "{text}"
        );
    }
    let checked = terraform::check_plan("p.json", "{ nope");
    assert_eq!(checked.diagnostics()[0].diagnostic().name(), "invalid-json");
}

fn one(main: &str) -> TerraformCheck {
    terraform::check(&TerraformSources::new().with_file("main.tf", main))
}

/// A definition around `authorizations` (HCL blocks), with an assignment.
fn definition(extra: &str, authorizations: &str) -> String {
    format!(
        r#"{extra}
resource "azurerm_lighthouse_definition" "d" {{
  name               = "Contoso"
  description        = "Contoso ops"
  managing_tenant_id = "2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a"
  scope              = "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
{authorizations}
}}

resource "azurerm_lighthouse_assignment" "a" {{
  scope                    = "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
  lighthouse_definition_id = azurerm_lighthouse_definition.d.id
}}
"#
    )
}

fn grant(principal: &str, name: &str, role: &str) -> String {
    format!(
        "  authorization {{\n    principal_id = {principal}\n    principal_display_name = {name}\n    role_definition_id = {role}\n  }}\n"
    )
}

const DELETE: &str = "\"91c1777a-f3dc-4fae-b103-61d183457e46\"";
const PRINCIPAL: &str = "\"4d6f8b0c-2e3a-4b7d-9f1c-3e5a7b9d1f2c\"";

#[test]
fn terraform_s_functions_give_the_values_modules_expect() {
    for (locals, role) in [
        (
            "locals { r = replace(\"ACDD72A7-3385-48EF-BD42-F606FBA81AE7\", \"/[A-F]/\", \"x\") }",
            None,
        ),
        (
            "locals { r = lower(\"ACDD72A7-3385-48EF-BD42-F606FBA81AE7\") }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = format(\"%s-%s\", \"acdd72a7\", \"3385-48ef-bd42-f606fba81ae7\") }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = coalesce(null, \"\", \"acdd72a7-3385-48ef-bd42-f606fba81ae7\") }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals {\n  r = try(local.missing_map.key, \"acdd72a7-3385-48ef-bd42-f606fba81ae7\")\n  missing_map = {}\n}",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = join(\"-\", split(\"/\", \"acdd72a7/3385/48ef/bd42/f606fba81ae7\")) }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = element(distinct(flatten([[\"acdd72a7-3385-48ef-bd42-f606fba81ae7\"], [\"acdd72a7-3385-48ef-bd42-f606fba81ae7\"]])), 0) }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = contains(keys({a = 1}), \"a\") && length(values({a = 1})) == 1 ? trimspace(\" acdd72a7-3385-48ef-bd42-f606fba81ae7 \") : \"no\" }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = tolist(toset([\"acdd72a7-3385-48ef-bd42-f606fba81ae7\"]))[0] }",
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ),
        (
            "locals { r = upper(\"b24988ac-6180-42a0-ab88-20f7382dd24c\") }",
            Some("B24988AC-6180-42A0-AB88-20F7382DD24C"),
        ),
    ] {
        let text = definition(
            locals,
            &(grant(PRINCIPAL, "\"Removers\"", DELETE)
                + &grant(PRINCIPAL, "\"Readers\"", "local.r")),
        );
        let checked = one(&text);
        match role {
            Some(role) => {
                let [d] = checked.delegations() else {
                    panic!("{locals}: {:#?}", checked.diagnostics());
                };
                assert_eq!(
                    d.authorizations()[1]
                        .role_definition_id()
                        .to_string()
                        .to_lowercase(),
                    role.to_lowercase(),
                    "{locals}"
                );
            }
            None => assert!(checked.has_errors(), "{locals}: a GUID with x is refused"),
        }
    }
}

#[test]
fn jsondecode_of_a_file_of_the_module_is_read_through_the_reader() {
    let text = definition(
        "locals { grants = jsondecode(file(\"${path.module}/grants.json\")) }",
        "  dynamic \"authorization\" {\n    for_each = local.grants\n    content {\n      principal_id = authorization.value.id\n      principal_display_name = authorization.key\n      role_definition_id = authorization.value.role\n    }\n  }\n",
    );
    let grants = r#"{ "Removers": { "id": "4d6f8b0c-2e3a-4b7d-9f1c-3e5a7b9d1f2c", "role": "91c1777a-f3dc-4fae-b103-61d183457e46" },
  "Owners": { "id": "3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b", "role": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" } }"#;
    let checked = terraform::check(
        &TerraformSources::new()
            .with_file("infra/main.tf", text)
            .with_reader(|p| (p == "infra/grants.json").then(|| grants.to_owned())),
    );
    let found = found(&checked);
    // The value is placed at its own line of the JSON file `file()` read.
    assert_eq!(
        found,
        [(
            "infra/grants.json".to_owned(),
            "owner-role".to_owned(),
            Some(2)
        )]
    );
    let owner = &checked.diagnostics()[0];
    let place = owner.place().unwrap();
    assert_eq!(
        &grants[place.span()],
        "\"8e3af657-a8ff-443c-a75c-2fe8c4bcb635\"",
        "{place:?}"
    );
    // A text that is not a file's whole text (here written in the module) is placed where it
    // is written, as before.
    let inline = definition(
        "locals { grants = jsondecode(\"{\\\"Owners\\\": {\\\"id\\\": \\\"3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b\\\", \\\"role\\\": \\\"8e3af657-a8ff-443c-a75c-2fe8c4bcb635\\\"}}\") }",
        "  dynamic \"authorization\" {\n    for_each = local.grants\n    content {\n      principal_id = authorization.value.id\n      principal_display_name = authorization.key\n      role_definition_id = authorization.value.role\n    }\n  }\n",
    );
    let checked = terraform::check(&TerraformSources::new().with_file("infra/main.tf", inline));
    let found: Vec<(String, String)> = checked
        .diagnostics()
        .iter()
        .map(|d| (d.file().to_owned(), d.diagnostic().name().to_owned()))
        .filter(|(_, name)| name == "owner-role")
        .collect();
    assert_eq!(
        found,
        [("infra/main.tf".to_owned(), "owner-role".to_owned())]
    );
}

#[test]
fn hcl_syntax_errors_and_missing_module_folders_are_terraform_s_errors() {
    let checked = one("resource \"azurerm_lighthouse_definition\" \"x\" {\n  name = \n}\n");
    assert_eq!(
        checked.diagnostics()[0].diagnostic().name(),
        "terraform-syntax"
    );
    assert_eq!(checked.diagnostics()[0].line(), Some(2));
    let checked = one("module \"m\" {\n  source = \"./nowhere\"\n}\n");
    assert_eq!(
        found(&checked),
        [(
            "main.tf".into(),
            "terraform-module-not-found".into(),
            Some(2)
        )]
    );
    let checked = one("module \"m\" {\n  source = \"Azure/lighthouse/azurerm\"\n}\n");
    assert_eq!(
        checked.diagnostics()[0].diagnostic().name(),
        "not-a-delegation"
    );
}

#[test]
fn the_same_delegation_written_as_arm_json_and_as_terraform_gets_the_same_findings() {
    let template = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-08-01/subscriptionDeploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    { "type": "Microsoft.ManagedServices/registrationDefinitions", "apiVersion": "2022-10-01",
      "name": "9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e6a",
      "properties": {
        "registrationDefinitionName": "Contoso",
        "managedByTenantId": "00000000-0000-0000-0000-000000000000",
        "authorizations": [
          { "principalId": "4d6f8b0c-2e3a-4b7d-9f1c-3e5a7b9d1f2c", "roleDefinitionId": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9" },
          { "principalId": "3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b", "principalIdDisplayName": "Owners", "roleDefinitionId": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" }
        ] } },
    { "type": "Microsoft.ManagedServices/registrationAssignments", "apiVersion": "2022-10-01",
      "name": "5a7c9e1b-3d5f-4a8c-9e2b-4d6f8a0c2e4b",
      "properties": { "registrationDefinitionId": "[resourceId('Microsoft.ManagedServices/registrationDefinitions', '9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e6a')]" } }
  ]
}"#;
    let arm = lighthouse_offer::arm::check_with_template("{ \"parameters\": {} }", template);
    let mut arm_codes: Vec<&str> = arm
        .diagnostics(lighthouse_offer::arm::ArmFile::Template)
        .iter()
        .map(lighthouse_offer::Diagnostic::code)
        .collect();
    arm_codes.sort_unstable();
    let tf = r#"
resource "azurerm_lighthouse_definition" "d" {
  name                     = "Contoso"
  lighthouse_definition_id = "9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e6a"
  managing_tenant_id       = "00000000-0000-0000-0000-000000000000"
  scope                    = "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
  authorization {
    principal_id       = "4d6f8b0c-2e3a-4b7d-9f1c-3e5a7b9d1f2c"
    role_definition_id = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
  }
  authorization {
    principal_id           = "3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b"
    principal_display_name = "Owners"
    role_definition_id     = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
  }
}
resource "azurerm_lighthouse_assignment" "a" {
  name                     = "5a7c9e1b-3d5f-4a8c-9e2b-4d6f8a0c2e4b"
  scope                    = "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
  lighthouse_definition_id = azurerm_lighthouse_definition.d.id
}
"#;
    let checked = one(tf);
    let mut tf_codes: Vec<&str> = checked
        .diagnostics()
        .iter()
        .map(|d| d.diagnostic().code())
        .collect();
    tf_codes.sort_unstable();
    assert!(arm_codes.len() >= 4, "{arm_codes:?}");
    assert_eq!(tf_codes, arm_codes);
}

#[test]
fn terraform_s_own_errors_are_reported_where_they_are_written() {
    let cases = [
        (
            "locals {\n  r = lookup({}, \"reader\")\n}\n",
            grant(PRINCIPAL, "\"Readers\"", "local.r"),
            "terraform-invalid-expression",
            2,
        ),
        (
            "",
            grant(PRINCIPAL, "\"Readers\"", "local.nope"),
            "undeclared-reference",
            10,
        ),
        (
            "",
            grant(PRINCIPAL, "\"\"", DELETE),
            "terraform-provider-validation",
            9,
        ),
    ];
    for (extra, grants, rule, line) in cases {
        let checked = one(&definition(extra, &grants));
        let hit = checked
            .diagnostics()
            .iter()
            .find(|d| d.diagnostic().name() == rule)
            .unwrap_or_else(|| panic!("{rule}: {:#?}", checked.diagnostics()));
        assert_eq!(hit.line(), Some(line), "{rule}: {hit}");
        assert!(checked.has_errors());
    }
    // A required argument missing, and a definition's scope that is not a subscription.
    let text = definition("", &grant(PRINCIPAL, "\"Removers\"", DELETE))
        .replace("  managing_tenant_id = \"2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a\"\n", "")
        .replace(
            "scope              = \"/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\"",
            "scope              = \"/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/resourceGroups/rg\"",
        );
    let checked = one(&text);
    let names: Vec<(&str, Option<usize>)> = checked
        .diagnostics()
        .iter()
        .map(|d| (d.diagnostic().name(), d.line()))
        .collect();
    assert_eq!(
        names,
        [
            ("terraform-missing-argument", Some(2)),
            ("terraform-provider-validation", Some(5)),
        ]
    );
}

/// Each rule of the range `LO12xx` and the test that shows it.
const TERRAFORM_RULES: [(Rule, &str); 11] = [
    (
        Rule::TerraformSyntax,
        "hcl_syntax_errors_and_missing_module_folders_are_terraform_s_errors",
    ),
    (
        Rule::UndeclaredVariable,
        "a_reference_to_an_undeclared_variable_is_terraform_s_error_at_the_reference",
    ),
    (
        Rule::UndeclaredVariableValue,
        "findings_are_placed_where_their_values_are_written_default_local_and_tfvars",
    ),
    (
        Rule::TerraformInvalidExpression,
        "terraform_s_own_errors_are_reported_where_they_are_written",
    ),
    (
        Rule::TerraformValueUnknown,
        "unknown_values_are_notes_that_say_why_and_never_a_verdict",
    ),
    (
        Rule::TerraformModuleNotFound,
        "hcl_syntax_errors_and_missing_module_folders_are_terraform_s_errors",
    ),
    (
        Rule::UndeclaredReference,
        "terraform_s_own_errors_are_reported_where_they_are_written",
    ),
    (
        Rule::TerraformMissingArgument,
        "terraform_s_own_errors_are_reported_where_they_are_written",
    ),
    (
        Rule::TerraformProviderValidation,
        "terraform_s_own_errors_are_reported_where_they_are_written",
    ),
    (
        Rule::TerraformPlanUnreadable,
        "a_plan_of_another_major_version_or_shape_is_said_to_be_unreadable",
    ),
    (
        Rule::TerraformJsonNotRead,
        "a_tf_json_file_is_named_not_read_and_what_it_declares_is_unknown",
    ),
];

#[test]
fn every_terraform_rule_has_a_row_here_with_a_source_and_a_fix() {
    let listed: Vec<Rule> = TERRAFORM_RULES.iter().map(|(r, _)| *r).collect();
    let in_range: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.code().starts_with("LO12"))
        .collect();
    assert_eq!(listed, in_range);
    let this_file = include_str!("terraform.rs");
    for (rule, test) in TERRAFORM_RULES {
        assert!(this_file.contains(&format!("fn {test}()")), "{test}");
        assert!(rule.source().contains("read 2026-12-06"), "{}", rule.code());
        assert!(rule.fix().ends_with('.'));
        assert!(!rule.is_arm_file_rule());
    }
    assert_eq!(Rule::TerraformValueUnknown.severity(), Severity::Note);
    assert_eq!(Rule::UndeclaredVariableValue.severity(), Severity::Warning);
}

use lighthouse_offer::{Rule, Severity};

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn no_text_panics_the_reader(text in "\\PC{0,300}") {
        let _ = one(&text);
        let _ = terraform::check_plan("p.json", &text);
    }

    #[test]
    fn no_mutation_of_a_fixture_panics_the_reader(cut in 0usize..4000, len in 0usize..40, insert in "[{}\\[\\]()\"$%=.,:?! a-z0-9\\n*]{0,12}") {
        for name in ["findings/main.tf", "module/modules/lighthouse/main.tf", "basic/main.tf", "plan/plan.json"] {
            let text = fixture(name);
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            let mutated = format!("{}{}{}", &text[..at], insert, &text[end..]);
            if name == "plan/plan.json" {
                let _ = terraform::check_plan("p.json", &mutated);
            } else {
                let _ = one(&mutated);
            }
        }
    }
}

#[test]
fn a_plan_links_each_assignment_to_the_definition_of_its_module_instance() {
    let definition = |key: &str, name: &str| {
        serde_json::json!({
            "address": format!("module.lh[\"{key}\"].azurerm_lighthouse_definition.this"),
            "mode": "managed", "type": "azurerm_lighthouse_definition", "name": "this",
            "change": { "actions": ["create"], "after": {
                "name": name, "description": "Ops",
                "managing_tenant_id": "2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a",
                "scope": "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "authorization": [{ "principal_id": "4d6f8b0c-2e3a-4b7d-9f1c-3e5a7b9d1f2c",
                    "principal_display_name": "Removers",
                    "role_definition_id": "91c1777a-f3dc-4fae-b103-61d183457e46" }]
            }, "after_unknown": { "id": true, "lighthouse_definition_id": true } }
        })
    };
    let assignment = |key: &str, scope: &str| {
        serde_json::json!({
            "address": format!("module.lh[\"{key}\"].azurerm_lighthouse_assignment.this"),
            "mode": "managed", "type": "azurerm_lighthouse_assignment", "name": "this",
            "change": { "actions": ["create"], "after": { "scope": scope },
                "after_unknown": { "id": true, "lighthouse_definition_id": true } }
        })
    };
    let plan = serde_json::json!({
        "format_version": "1.2",
        "resource_changes": [
            definition("a", "Ops A"), definition("b", "Ops B"),
            assignment("b", "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
            assignment("a", "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/resourceGroups/rg-a"),
        ],
        "configuration": { "root_module": { "module_calls": { "lh": { "module": { "resources": [{
            "address": "azurerm_lighthouse_assignment.this",
            "expressions": { "lighthouse_definition_id": { "references": [
                "azurerm_lighthouse_definition.this.id", "azurerm_lighthouse_definition.this"
            ] } }
        }] } } } } }
    });
    let checked = terraform::check_plan("plan.json", &plan.to_string());
    assert_eq!(checked.diagnostics(), [], "{:#?}", checked.diagnostics());
    let scopes: Vec<(String, bool)> = checked
        .delegations()
        .iter()
        .map(|d| {
            (
                d.name().as_str().to_owned(),
                matches!(d.scope(), lighthouse_offer::arm::Scope::ResourceGroups(_)),
            )
        })
        .collect();
    assert_eq!(
        scopes,
        [("Ops A".to_owned(), true), ("Ops B".to_owned(), false)]
    );
}

#[test]
fn a_plan_finding_names_its_resource_and_where_the_configuration_writes_its_value() {
    let plan = serde_json::json!({
        "format_version": "1.2",
        "resource_changes": [{
            "address": "module.lh[\"rg-a\"].azurerm_lighthouse_definition.this",
            "mode": "managed", "type": "azurerm_lighthouse_definition", "name": "this",
            "change": { "actions": ["create"], "after": {
                "name": "Ops", "description": "Ops",
                "managing_tenant_id": "00000000-0000-0000-0000-000000000000",
                "scope": "/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "authorization": [
                    { "principal_id": "4d6f8b0c-2e3a-4b7d-9f1c-3e5a7b9d1f2c",
                      "principal_display_name": "Removers",
                      "role_definition_id": "91c1777a-f3dc-4fae-b103-61d183457e46" },
                    { "principal_id": "3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b",
                      "principal_display_name": "Operators",
                      "role_definition_id": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" }
                ]
            }, "after_unknown": { "id": true } }
        }],
        "configuration": { "root_module": { "module_calls": { "lh": { "module": { "resources": [{
            "address": "azurerm_lighthouse_definition.this",
            "expressions": {
                "managing_tenant_id": { "constant_value": "00000000-0000-0000-0000-000000000000" },
                "authorization": [
                    { "role_definition_id": { "constant_value": "91c1777a-f3dc-4fae-b103-61d183457e46" } },
                    { "role_definition_id": { "references": ["var.roles.operator", "var.roles"] } }
                ]
            }
        }] } } } } }
    });
    let checked = terraform::check_plan("plan.json", &plan.to_string());
    let found: Vec<(&str, &str)> = checked
        .diagnostics()
        .iter()
        .map(|d| (d.diagnostic().name(), d.diagnostic().message()))
        .filter(|(name, _)| *name != "unassigned-definition")
        .collect();
    let [(owner, owner_says), (nil, nil_says)] = found[..] else {
        panic!("{found:#?}");
    };
    assert_eq!((owner, nil), ("owner-role", "nil-guid"), "{found:#?}");
    assert!(
        owner_says.ends_with(
            "(resource `module.lh[\"rg-a\"].azurerm_lighthouse_definition.this`, whose `authorization.1.role_definition_id` is `var.roles.operator` in the configuration)"
        ),
        "{owner_says}"
    );
    assert!(
        nil_says.ends_with(
            "(resource `module.lh[\"rg-a\"].azurerm_lighthouse_definition.this`, whose `managing_tenant_id` is a constant in the configuration)"
        ),
        "{nil_says}"
    );
    // Without a configuration, the address alone.
    let mut bare = plan.clone();
    bare.as_object_mut().unwrap().remove("configuration");
    let checked = terraform::check_plan("plan.json", &bare.to_string());
    assert!(checked.diagnostics().iter().all(|d| {
        d.diagnostic()
            .message()
            .ends_with("(resource `module.lh[\"rg-a\"].azurerm_lighthouse_definition.this`)")
    }));
}

#[test]
fn a_tf_json_file_is_named_not_read_and_what_it_declares_is_unknown() {
    let main = definition("", &grant(PRINCIPAL, "\"Removers\"", DELETE))
        .replace("\"2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a\"", "var.tenant");
    let variables = "{\n  \"variable\": { \"tenant\": { \"default\": \"2f4a6c8e-0b1d-4f3a-9c5e-7d9f1b3d5f7a\" } }\n}\n";
    // Given with the module's files, or listed in a module's folder: named, at its first line.
    let given = terraform::check(
        &TerraformSources::new()
            .with_file("infra/main.tf", main.clone())
            .with_file("infra/variables.tf.json", variables),
    );
    let listed = terraform::check(
        &TerraformSources::new()
            .with_file("main.tf", "module \"lh\" {\n  source = \"./lh\"\n}\n")
            .with_reader(|p| match p {
                "lh/" => Some("main.tf\nvariables.tf.json\n".to_owned()),
                "lh/main.tf" => Some(main.clone()),
                "lh/variables.tf.json" => Some(variables.to_owned()),
                _ => None,
            }),
    );
    for (checked, dir) in [(given, "infra/"), (listed, "lh/")] {
        let found = found(&checked);
        let note = format!("{dir}variables.tf.json");
        assert!(
            found.contains(&(note.clone(), "terraform-json-not-read".into(), Some(1))),
            "{found:#?}"
        );
        let said = checked
            .diagnostics()
            .iter()
            .find(|d| d.diagnostic().name() == "terraform-json-not-read")
            .unwrap();
        assert!(said.diagnostic().message().contains(&format!("`{note}`")));
        // The variable it declares is unknown, not undeclared: no error at all.
        assert!(!checked.has_errors(), "{found:#?}");
        assert!(
            found
                .iter()
                .any(|(_, name, _)| name == "terraform-value-unknown"),
            "{found:#?}"
        );
    }
    // Without a `.tf.json` file, the same variable is Terraform's error.
    let alone = terraform::check(&TerraformSources::new().with_file("infra/main.tf", main));
    assert!(
        alone
            .diagnostics()
            .iter()
            .any(|d| d.diagnostic().name() == "undeclared-variable")
    );
}

#[test]
fn no_files_read_nothing_and_say_what_was_expected() {
    let checked = terraform::check(&TerraformSources::new().with_reader(|_| panic!("no read")));
    assert_eq!(
        checked.diagnostics()[0].diagnostic().name(),
        "not-a-delegation"
    );
}

#[test]
fn identical_authorization_blocks_are_one_as_in_terraform_s_set() {
    let block = grant(PRINCIPAL, "\"Removers\"", DELETE);
    let checked = one(&definition("", &format!("{block}{block}")));
    let [d] = checked.delegations() else {
        panic!("{:#?}", checked.diagnostics());
    };
    assert_eq!(d.authorizations().len(), 1);
}

#[test]
fn a_resource_group_after_an_unknown_subscription_is_still_a_resource_group() {
    let text = definition(
        "data \"azurerm_subscription\" \"current\" {}\n",
        &grant(PRINCIPAL, "\"Removers\"", DELETE),
    )
    .replace(
        "  scope                    = \"/subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\"",
        "  scope                    = \"${data.azurerm_subscription.current.id}/resourceGroups/rg-ops\"",
    );
    let checked = one(&text);
    assert_eq!(checked.diagnostics(), [], "{:#?}", checked.diagnostics());
    let [d] = checked.delegations() else {
        panic!("one delegation");
    };
    let scope = serde_json::to_value(d.scope()).unwrap();
    assert!(scope.to_string().contains("rg-ops"), "{scope}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [
        ("[", "]"),
        ("{a = ", "}"),
        ("(", ")"),
        ("!", ""),
        ("", ".a"),
        ("\"${", "}\""),
    ] {
        for depth in [200, 50_000] {
            let locals = format!(
                "locals {{\n  x = {}1{}\n}}\n",
                open.repeat(depth),
                close.repeat(depth)
            );
            let text = definition(&locals, &grant(PRINCIPAL, "\"Readers\"", "local.x"));
            let checked = one(&text);
            assert!(checked.has_errors(), "{open} {depth}");
        }
    }
}
