//! `lighthouse-offer arm export --policy` and `arm check` on the policy it writes: the files of
//! each plan, refusing to overwrite, the check that finds nothing on the export and a role
//! that cannot be delegated at its line in the policy.

use crate::support::cli::{
    EXAMPLE_OFFER as EXAMPLE, absent_folder, export_example, export_example_refused, run, stderr,
    stdout,
};

#[test]
fn policy_export_writes_a_definition_and_a_deployment_per_plan_that_check_clean() {
    let dir = absent_folder("cli_arm_policy", "all");
    let out = dir.to_str().unwrap();
    let paths: Vec<String> = export_example(
        &dir,
        &["--all-plans", "--policy"],
        &[
            "gold.policy.json",
            "gold.policy.deployment.json",
            "fabrikam-dedicated.policy.json",
            "fabrikam-dedicated.policy.deployment.json",
        ],
    )
    .iter()
    .map(|p| p.display().to_string())
    .collect();
    let mut args = vec!["arm", "check"];
    args.extend(paths.iter().map(String::as_str));
    let checked = run(&args);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    assert_eq!(
        stdout(&checked),
        "note: checked 4 documents: 0 errors, 0 warnings\n"
    );
    // `check` knows a policy for an ARM file, and judges it as `arm check` does.
    let checked = run(&["check", &paths[0]]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    assert_eq!(
        stdout(&checked),
        "note: checked 1 document: 0 errors, 0 warnings\n"
    );
    // Each plan its own policy, named the same from version to version.
    let read = |n: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(n)).unwrap()).unwrap()
    };
    assert_ne!(
        read("gold.policy.json")["name"],
        read("fabrikam-dedicated.policy.json")["name"]
    );
    // Nothing is replaced without --force.
    let again = run(&[
        "arm", "export", EXAMPLE, "--plan", "gold", "--policy", "--out", out,
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again)
            .contains("already exist; nothing was written (give --force to replace them)"),
        "{}",
        stderr(&again)
    );
    let forced = run(&[
        "arm", "export", EXAMPLE, "--plan", "gold", "--policy", "--out", out, "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}

#[test]
fn a_policy_delegates_whole_subscriptions() {
    let dir = absent_folder("cli_arm_policy", "groups");
    let said = export_example_refused(
        &dir,
        &["--plan", "gold", "--policy", "--scope", "resource-groups"],
    );
    assert_eq!(
        said,
        "error: --policy delegates whole subscriptions; leave out --scope resource-groups\n"
    );
}

#[test]
fn owner_in_a_policy_is_shown_at_its_line() {
    let dir = absent_folder("cli_arm_policy", "owner");
    let out = dir.to_str().unwrap();
    let output = run(&[
        "arm", "export", EXAMPLE, "--plan", "gold", "--policy", "--out", out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = dir.join("gold.policy.json");
    let text = std::fs::read_to_string(&path).unwrap();
    // The SOC readers' Reader role becomes Owner.
    let reader = "\"roleDefinitionId\": \"acdd72a7-3385-48ef-bd42-f606fba81ae7\"";
    let at = text.find(reader).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let edited = text.replacen(
        reader,
        "\"roleDefinitionId\": \"8e3af657-a8ff-443c-a75c-2fe8c4bcb635\"",
        1,
    );
    std::fs::write(&path, edited).unwrap();
    let checked = run(&["arm", "check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    let found: serde_json::Value = serde_json::from_str(&stdout(&checked)).unwrap();
    let owner: Vec<&serde_json::Value> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] == "owner-role")
        .collect();
    assert_eq!(owner.len(), 1, "{found:#}");
    assert_eq!(owner[0]["line"], line);
    assert!(owner[0]["path"].as_str().unwrap().starts_with(
        "/properties/policyRule/then/details/deployment/properties/parameters/authorizations/value/"
    ));
}
