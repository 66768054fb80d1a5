//! `lighthouse-offer arm export --format arm|bicep|terraform`: files named by plan, scope and
//! form, refusal to overwrite, every plan at once, and what `check` says of them.

use crate::support::cli::{
    EXAMPLE_OFFER as EXAMPLE, absent_folder, export_example, export_example_refused, run, stderr,
    stdout,
};

#[test]
fn bicep_files_are_named_by_plan_and_scope_and_check_clean() {
    let dir = absent_folder("cli_arm_export_formats", "bicep");
    let paths = export_example(
        &dir,
        &["--plan", "gold", "--format", "bicep"],
        &["gold.subscription.bicep", "gold.subscription.bicepparam"],
    );
    let (main, params) = (&paths[0], &paths[1]);
    assert!(
        std::fs::read_to_string(params)
            .unwrap()
            .contains("using './gold.subscription.bicep'")
    );
    let checked = run(&["check", main.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    assert_eq!(
        stdout(&checked),
        "note: checked 1 document: 0 errors, 0 warnings\n"
    );
}

#[test]
fn bicep_for_resource_groups_writes_the_module_beside() {
    let dir = absent_folder("cli_arm_export_formats", "bicep_groups");
    let paths = export_example(
        &dir,
        &[
            "--plan",
            "gold",
            "--format",
            "bicep",
            "--scope",
            "resource-groups",
            "--resource-group",
            "rg-sentinel",
            "--resource-group",
            "rg-logs",
            "--marketplace",
        ],
        &[
            "gold.resource-groups.bicep",
            "gold.resource-groups.bicepparam",
            "modules/gold.resource-groups.assignment.bicep",
        ],
    );
    let main = &paths[0];
    let checked = run(&["check", "--format", "json", main.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    // No finding at all.
    assert_eq!(stdout(&checked).trim(), "[]");
}

#[test]
fn terraform_is_a_folder_per_plan_and_scope() {
    let dir = absent_folder("cli_arm_export_formats", "terraform");
    let paths = export_example(
        &dir,
        &["--all-plans", "--format", "terraform"],
        &[
            "gold.subscription/main.tf",
            "fabrikam-dedicated.subscription/main.tf",
        ],
    );
    let (gold, dedicated) = (&paths[0], &paths[1]);
    let text = std::fs::read_to_string(gold).unwrap();
    assert!(text.contains("resource \"azurerm_lighthouse_definition\" \"this\" {"));
    assert!(text.contains("resource \"azurerm_lighthouse_assignment\" \"this\" {"));
    assert!(text.contains(
        "name                     = \"Contoso Managed Sentinel - Gold: 24x7 monitoring\""
    ));
    assert_ne!(text, std::fs::read_to_string(dedicated).unwrap());
}

#[test]
fn every_plan_in_bicep_gets_files_of_its_own() {
    let dir = absent_folder("cli_arm_export_formats", "bicep_all");
    let paths = export_example(
        &dir,
        &["--all-plans", "--format", "bicep"],
        &[
            "gold.subscription.bicep",
            "gold.subscription.bicepparam",
            "fabrikam-dedicated.subscription.bicep",
            "fabrikam-dedicated.subscription.bicepparam",
        ],
    );
    let gold = std::fs::read_to_string(&paths[0]).unwrap();
    let dedicated = std::fs::read_to_string(&paths[2]).unwrap();
    // Each plan its own GUID seed: two delegations that never replace each other.
    assert!(gold.contains("var registrationSeed = 'contoso/contoso-managed-sentinel/gold'"));
    assert!(
        dedicated.contains(
            "var registrationSeed = 'contoso/contoso-managed-sentinel/fabrikam-dedicated'"
        )
    );
    let checked = run(&[
        "check",
        paths[0].to_str().unwrap(),
        paths[2].to_str().unwrap(),
    ]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
}

#[test]
fn every_format_refuses_a_file_that_exists_unless_forced() {
    for format in ["arm", "bicep", "terraform"] {
        let dir = absent_folder("cli_arm_export_formats", &format!("force_{format}"));
        let out = dir.to_str().unwrap();
        let args = [
            "arm", "export", EXAMPLE, "--plan", "gold", "--format", format, "--out", out,
        ];
        assert_eq!(run(&args).status.code(), Some(0), "{format}");
        let main = match format {
            "arm" => dir.join("gold.subscription.json"),
            "bicep" => dir.join("gold.subscription.bicep"),
            _ => dir.join("gold.subscription").join("main.tf"),
        };
        std::fs::write(&main, "mine\n").unwrap();
        let again = run(&args);
        assert_eq!(again.status.code(), Some(2), "{format}");
        let message = stderr(&again);
        assert!(
            message.contains(&format!("`{}`", main.display())),
            "{message}"
        );
        assert!(message.contains("nothing was written"), "{message}");
        assert_eq!(std::fs::read_to_string(&main).unwrap(), "mine\n");
        let mut forced = args.to_vec();
        forced.push("--force");
        assert_eq!(run(&forced).status.code(), Some(0), "{format}");
        assert_ne!(std::fs::read_to_string(&main).unwrap(), "mine\n");
    }
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let dir = absent_folder("cli_arm_export_formats", "unknown_format");
    let said = export_example_refused(&dir, &["--plan", "gold", "--format", "pulumi"]);
    assert!(
        said.contains("[possible values: arm, bicep, terraform]"),
        "{said}"
    );
}

/// `--role-catalog` reaches Bicep files as it reaches ARM files, in `check` and `arm check`.
#[test]
fn bicep_files_are_judged_with_the_role_catalog() {
    use crate::support::role_catalog::{NEW_READER, catalog_json};
    let dir = absent_folder("cli_arm_export_formats", "bicep_role_catalog");
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = dir.join("roles.json");
    std::fs::write(&catalog, serde_json::to_string(&catalog_json()).unwrap()).unwrap();
    let bicep = dir.join("delegation.bicep");
    std::fs::write(
        &bicep,
        format!(
            "targetScope = 'subscription'

resource definition 'Microsoft.ManagedServices/registrationDefinitions@2022-10-01' = {{
  name: guid('Contoso Managed Sentinel')
  properties: {{
    registrationDefinitionName: 'Contoso Managed Sentinel'
    description: 'Contoso Managed Sentinel'
    managedByTenantId: '0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10'
    authorizations: [
      {{
        principalId: '5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e'
        principalIdDisplayName: 'Contoso SOC analysts'
        roleDefinitionId: '{NEW_READER}'
      }}
      {{
        principalId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d'
        principalIdDisplayName: 'Contoso Lighthouse administrators'
        roleDefinitionId: '91c1777a-f3dc-4fae-b103-61d183457e46'
      }}
    ]
  }}
}}

resource assignment 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' = {{
  name: guid('Contoso Managed Sentinel')
  properties: {{
    registrationDefinitionId: definition.id
  }}
}}
"
        ),
    )
    .unwrap();
    let (bicep, catalog) = (bicep.to_str().unwrap(), catalog.to_str().unwrap());
    for command in [&["check"][..], &["arm", "check"][..]] {
        let mut without = command.to_vec();
        without.extend(["--format", "json", bicep]);
        let output = run(&without);
        assert!(
            stdout(&output).contains("\"unknown-role\""),
            "{command:?}: {}",
            stdout(&output)
        );
        let mut with = command.to_vec();
        with.extend(["--format", "json", "--role-catalog", catalog, bicep]);
        let output = run(&with);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command:?}: {}",
            stdout(&output)
        );
        assert_eq!(stdout(&output).trim(), "[]", "{command:?}");
    }
}
