//! `lighthouse-offer arm check` on ARM files as providers write them: a parameters file with its
//! template, comments, notes, Bicep.

use std::path::{Path, PathBuf};

use crate::support::cli::{assert_exit, folder, run, stdout};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/arm")
        .join(name)
}

fn json_output(args: &[&str]) -> (std::process::Output, Vec<Value>) {
    let mut all = vec!["arm", "check", "--format", "json"];
    all.extend(args);
    let output = run(&all);
    let found: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| {
        panic!("{e}: {}", stdout(&output));
    });
    (output, found)
}

fn number(value: &Value) -> usize {
    usize::try_from(value.as_u64().unwrap()).unwrap()
}

/// The 1-based line of the first line of `text` that contains `needle` after the line that
/// contains `after`.
fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text.lines().position(|l| l.contains(after)).unwrap();
    start
        + 1
        + text
            .lines()
            .skip(start)
            .position(|l| l.contains(needle))
            .unwrap()
}

#[test]
fn a_parameters_file_beside_its_template_is_checked_with_it() {
    let dir = folder("cli_arm_templates", "beside");
    std::fs::copy(
        fixture("principals-at-deployment.json"),
        dir.join("backup.json"),
    )
    .unwrap();
    std::fs::copy(
        fixture("principals-at-deployment.parameters.json"),
        dir.join("backup.parameters.json"),
    )
    .unwrap();
    let parameters = dir.join("backup.parameters.json");
    let output = run(&["arm", "check", parameters.to_str().unwrap()]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&output)
    );

    // The template alone: the principals are given at deployment, notes that never fail.
    let template = dir.join("backup.json");
    let (output, found) = json_output(&["--deny-warnings", template.to_str().unwrap()]);
    assert_exit(&output, 0);
    let notes: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d["severity"].as_str().unwrap(), d["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        notes,
        [
            ("note", "parameter-without-value"),
            ("note", "parameter-without-value")
        ]
    );
}

#[test]
fn findings_are_shown_in_the_file_they_are_about() {
    let dir = folder("cli_arm_templates", "two-files");
    let parameters = dir.join("customer.parameters.json");
    std::fs::write(
        &parameters,
        r#"{ "parameters": { "engineersRole": { "value": "Owner" }, "providerTenant": { "value": "not-a-tenant" } } }"#,
    )
    .unwrap();
    let template = fixture("role-names.json");
    let (output, found) = json_output(&[
        "--template",
        template.to_str().unwrap(),
        parameters.to_str().unwrap(),
    ]);
    assert_exit(&output, 1);
    let places: Vec<(String, &str, &str)> = found
        .iter()
        .map(|d| {
            let file = Path::new(d["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                file,
                d["name"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (
                "customer.parameters.json".to_owned(),
                "invalid-guid",
                "/parameters/providerTenant/value"
            ),
            // The role comes from the template's map of role names.
            (
                "role-names.json".to_owned(),
                "owner-role",
                "/variables/roles/Owner"
            ),
        ]
    );
    let text = std::fs::read_to_string(&template).unwrap();
    let owner = &found[1];
    assert_eq!(
        number(&owner["line"]),
        line_of(&text, "\"roles\"", "\"Owner\"")
    );
}

#[test]
fn comments_keep_positions_right() {
    let path = fixture("comments.json");
    let (output, found) = json_output(&[path.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["name"], "owner-role");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = line_of(
        &text,
        "the on-call team",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    );
    assert_eq!(number(&found[0]["line"]), line);
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"8e3af657")
        .unwrap()
        + 1;
    assert_eq!(number(&found[0]["column"]), column);
}

#[test]
fn a_syntax_error_after_a_comment_is_placed_where_it_is() {
    let dir = folder("cli_arm_templates", "syntax");
    let path = dir.join("broken.json");
    std::fs::write(&path, "{\n  // fine so far\n  \"resources\": [1,]\n}\n").unwrap();
    let (output, found) = json_output(&[path.to_str().unwrap()]);
    assert_exit(&output, 2);
    assert_eq!(found[0]["name"], "invalid-json");
    assert_eq!(found[0]["line"], 3);
}

#[test]
fn a_bicep_file_is_known_by_its_name_too() {
    // Issue 23: a Bicep file is judged (it was `bicep-file`); an empty one deploys nothing.
    let dir = folder("cli_arm_templates", "bicep");
    for name in ["empty.bicep", "EMPTY.BICEP"] {
        let path = dir.join(name);
        std::fs::write(&path, "").unwrap();
        let (output, found) = json_output(&[path.to_str().unwrap()]);
        assert_exit(&output, 1);
        assert_eq!(found[0]["name"], "not-a-delegation");
    }
}

#[test]
fn bicep_files_are_judged_at_their_bicep_lines() {
    // Issue 23: this file was refused with `bicep-file` ("run `az bicep build`"); it is now
    // judged as the template it compiles to.
    let path = fixture("main.bicep");
    let (output, found) = json_output(&[path.to_str().unwrap()]);
    assert_exit(&output, 1);
    let rules: Vec<&str> = found.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert!(rules.contains(&"no-permanent-authorization"), "{found:#?}");
    let empty = found
        .iter()
        .find(|f| f["name"] == "no-permanent-authorization")
        .unwrap();
    assert_eq!(empty["line"], 11);
    assert!(empty["file"].as_str().unwrap().ends_with("main.bicep"));
}

#[test]
fn the_bicep_help_names_the_file_given() {
    // Review finding 11: the help always said `main.bicep`.
    let dir = folder("cli_arm_templates", "bicep-named");
    // Issue 23: a `.bicep` file is judged now; a `.bicepparam` file whose `using` names no
    // local file keeps `bicep-file`.
    for (name, text, command) in [
        (
            "dev.bicepparam",
            "param x string\n",
            "az bicep build-params --file dev.bicepparam",
        ),
        (
            "prod.bicepparam",
            "using none\nparam x = 'y'\n",
            "az bicep build-params --file prod.bicepparam",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let (output, found) = json_output(&[path.to_str().unwrap()]);
        assert_exit(&output, 2);
        let help = found[0]["help"].as_str().unwrap();
        assert!(help.contains(command), "{help}");
        assert!(!help.contains("main.bicep"), "{help}");
    }
}

#[test]
fn a_template_checked_with_its_parameters_file_has_no_notes_to_use_template() {
    // Review finding 11: `arm check *.json` gave the template notes saying to check its
    // parameters file with `--template`, which the same run did.
    let template = fixture("principals-at-deployment.json");
    let parameters = fixture("principals-at-deployment.parameters.json");
    let notes = |found: &[Value]| {
        found
            .iter()
            .filter(|d| d["name"] == "parameter-without-value")
            .count()
    };
    let (_, alone) = json_output(&[template.to_str().unwrap()]);
    assert_eq!(notes(&alone), 2, "{alone:#?}");
    let (_, both) = json_output(&[template.to_str().unwrap(), parameters.to_str().unwrap()]);
    assert_eq!(notes(&both), 0, "{both:#?}");
    // The same with the template given with --template.
    let (_, given) = json_output(&[
        "--template",
        template.to_str().unwrap(),
        template.to_str().unwrap(),
        parameters.to_str().unwrap(),
    ]);
    assert_eq!(notes(&given), 0, "{given:#?}");
}

#[test]
fn the_help_of_a_file_that_is_no_delegation_names_template() {
    // Review finding 11: the help sent `arm check` users to `arm check`.
    let dir = folder("cli_arm_templates", "not-a-delegation");
    let path = dir.join("storage.json");
    std::fs::write(
        &path,
        r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "x"}]}"#,
    )
    .unwrap();
    let (_, found) = json_output(&[path.to_str().unwrap()]);
    assert_eq!(found[0]["name"], "not-a-delegation", "{found:#?}");
    assert!(
        found[0]["help"].as_str().unwrap().contains("--template"),
        "{found:#?}"
    );
}

/// `check` reads what it is given: an ARM parameters file or template is judged as `arm check`
/// judges it (issue 23). `arm check` on an offer document says what the file is and which
/// command reads it, in one error.
#[test]
fn check_judges_arm_files_and_arm_check_names_the_command_for_an_offer() {
    let dir = crate::support::cli::folder("cli_arm_templates", "other_kind");
    let offer = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel/offer.json"
    );
    let out = dir.to_str().unwrap();
    let export =
        crate::support::cli::run(&["arm", "export", offer, "--plan", "gold", "--out", out]);
    crate::support::cli::assert_exit(&export, 0);
    for name in [
        "gold.subscription.parameters.json",
        "gold.subscription.json",
    ] {
        let path = dir.join(name);
        let path = path.to_str().unwrap();
        // Issue 23: `check` judges an ARM file as `arm check` does (it was
        // `other-kind-of-file`): the same findings, the same exit status.
        let output = crate::support::cli::run(&["check", "--format", "json", path]);
        let arm = crate::support::cli::run(&["arm", "check", "--format", "json", path]);
        assert_eq!(output.status.code(), arm.status.code());
        assert_eq!(
            crate::support::cli::stdout(&output),
            crate::support::cli::stdout(&arm)
        );
        let found: serde_json::Value =
            serde_json::from_str(&crate::support::cli::stdout(&output)).unwrap();
        assert!(
            found
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["name"] != "other-kind-of-file"),
            "{found:#?}"
        );
        // `--kind offer` still judges it as an offer document.
        let forced = crate::support::cli::run(&["check", "--kind", "offer", path]);
        crate::support::cli::assert_exit(&forced, 1);
    }
    let output = crate::support::cli::run(&["arm", "check", "--format", "json", offer]);
    crate::support::cli::assert_exit(&output, 1);
    let found: serde_json::Value =
        serde_json::from_str(&crate::support::cli::stdout(&output)).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found:#?}");
    assert_eq!(found[0]["name"], "other-kind-of-file");
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains(&format!("lighthouse-offer check {offer}")),
        "{found:#?}"
    );
}
