//! `lighthouse-offer arm`: exporting templates from the example offer and checking ARM files.

use crate::support::cli::{
    EXAMPLE_OFFER as EXAMPLE, absent_folder, export_example, export_example_refused, run, stderr,
    stdout,
};

#[test]
fn export_writes_a_template_and_parameters_that_check_clean() {
    let dir = absent_folder("cli_arm", "subscription");
    let paths = export_example(
        &dir,
        &["--plan", "gold", "--marketplace"],
        &[
            "gold.subscription.json",
            "gold.subscription.parameters.json",
        ],
    );
    let parameters = &paths[1];
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(parameters).unwrap()).unwrap();
    let values = &written["parameters"];
    // The offer's name and the plan's title: each plan its own delegation (issue 13, point 13).
    assert_eq!(
        values["mspOfferName"]["value"],
        "Contoso Managed Sentinel - Gold: 24x7 monitoring"
    );
    assert_eq!(values["marketplacePlanId"]["value"], "gold");
    assert_eq!(values["marketplacePlanVersion"]["value"], "1.2.0");
    let checked = run(&["arm", "check", parameters.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
}

#[test]
fn export_to_resource_groups_needs_their_names() {
    let dir = absent_folder("cli_arm", "groups");
    let out = dir.to_str().unwrap();
    let output = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--plan",
        "gold",
        "--scope",
        "resource-groups",
        "--resource-group",
        "rg-sentinel",
        "--resource-group",
        "rg-logs",
        "--out",
        out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(written, 2);
    let without = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--plan",
        "gold",
        "--scope",
        "resource-groups",
        "--out",
        out,
    ]);
    assert_eq!(without.status.code(), Some(2));
}

#[test]
fn an_unknown_plan_is_a_usage_error_naming_the_plans() {
    let dir = absent_folder("cli_arm", "unknown");
    let said = export_example_refused(&dir, &["--plan", "silver"]);
    assert!(
        said.contains("the offer has no plan `silver`; its plans are gold, fabrikam-dedicated"),
        "{said}"
    );
}

#[test]
fn export_names_files_by_plan_so_plans_never_replace_each_other() {
    let dir = absent_folder("cli_arm", "two_plans");
    let out = dir.to_str().unwrap();
    for plan in ["gold", "fabrikam-dedicated"] {
        let output = run(&["arm", "export", EXAMPLE, "--plan", plan, "--out", out]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "fabrikam-dedicated.subscription.json",
            "fabrikam-dedicated.subscription.parameters.json",
            "gold.subscription.json",
            "gold.subscription.parameters.json",
        ]
    );
    let gold = std::fs::read_to_string(dir.join("gold.subscription.parameters.json")).unwrap();
    assert!(gold.contains("\"gold\"") || gold.contains("Gold"), "{gold}");
}

#[test]
fn export_refuses_a_file_that_exists_unless_forced() {
    let dir = absent_folder("cli_arm", "exists");
    std::fs::create_dir_all(&dir).unwrap();
    let parameters = dir.join("gold.subscription.parameters.json");
    std::fs::write(&parameters, "mine").unwrap();
    let out = dir.to_str().unwrap();
    let refused = run(&["arm", "export", EXAMPLE, "--plan", "gold", "--out", out]);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(
        message.contains(&format!("`{}` already exists", parameters.display())),
        "{message}"
    );
    assert!(message.contains("--force"), "{message}");
    // Nothing written: neither the file that exists nor the template beside it.
    assert_eq!(std::fs::read_to_string(&parameters).unwrap(), "mine");
    assert!(!dir.join("gold.subscription.json").exists());
    let forced = run(&[
        "arm", "export", EXAMPLE, "--plan", "gold", "--out", out, "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_ne!(std::fs::read_to_string(&parameters).unwrap(), "mine");
}

#[test]
fn export_all_plans_writes_each_plan_into_files_of_its_own() {
    let dir = absent_folder("cli_arm", "all_plans");
    let out = dir.to_str().unwrap();
    let expected = export_example(
        &dir,
        &[
            "--all-plans",
            "--scope",
            "resource-groups",
            "--resource-group",
            "rg-sentinel",
        ],
        &[
            "gold.resource-groups.json",
            "gold.resource-groups.parameters.json",
            "fabrikam-dedicated.resource-groups.json",
            "fabrikam-dedicated.resource-groups.parameters.json",
        ],
    );
    for path in &expected {
        assert!(path.is_file(), "{}", path.display());
    }
    // Each parameters file checks clean with the template beside it.
    for plan in ["gold", "fabrikam-dedicated"] {
        let parameters = dir.join(format!("{plan}.resource-groups.parameters.json"));
        let checked = run(&["arm", "check", parameters.to_str().unwrap()]);
        assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    }
    // A plan and every plan at once: one or the other.
    let both = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--all-plans",
        "--plan",
        "gold",
        "--out",
        out,
    ]);
    assert_eq!(both.status.code(), Some(2));
    let neither = run(&["arm", "export", EXAMPLE, "--out", out]);
    assert_eq!(neither.status.code(), Some(2));
}
