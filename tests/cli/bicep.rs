//! Bicep files given to `arm check` and `check` (issue 23): judged as the ARM template they
//! compile to, with the parameters beside them, each finding shown in the file and at the
//! Bicep line it is about, in every format.

use std::path::{Path, PathBuf};

use crate::support::cli::{assert_exit, folder, run, stdout};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bicep")
        .join(name)
}

fn json(args: &[&str]) -> (std::process::Output, Vec<Value>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = run(&all);
    let found: Value = serde_json::from_str(&stdout(&output)).unwrap();
    (output, found.as_array().unwrap().clone())
}

/// A Bicep file with an Owner role in its permanent authorizations, written beside no
/// parameters, its extension in capitals; the line of the role.
fn owner_file(name: &str) -> (PathBuf, usize) {
    let dir = folder("cli_bicep", name);
    let text = std::fs::read_to_string(fixture("subscription.bicep"))
        .unwrap()
        .replace(
            "var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'",
            "var reader = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'",
        );
    let line = text.lines().position(|l| l.contains("8e3af657")).unwrap() + 1;
    let path = dir.join("Owner.BICEP");
    std::fs::write(&path, text).unwrap();
    (path, line)
}

#[test]
fn a_clean_delegation_passes_with_its_bicepparam_beside_it() {
    for command in [&["arm", "check"][..], &["check"][..]] {
        for name in ["subscription.bicep", "subscription.bicepparam"] {
            let path = fixture(name);
            let mut args = command.to_vec();
            args.push(path.to_str().unwrap());
            let (output, found) = json(&args);
            assert_exit(&output, 0);
            assert!(
                found.iter().all(|f| f["severity"] != "error"),
                "{name}: {found:#?}"
            );
        }
    }
}

#[test]
fn an_owner_role_given_in_a_bicepparam_is_found_at_its_bicep_line() {
    let path = fixture("owner-in-parameters.bicepparam");
    let path = path.to_str().unwrap();
    for command in ["arm check", "check"] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push(path);
        let output = run(&args);
        assert_exit(&output, 1);
        let human = stdout(&output);
        assert!(
            human.contains("tests/fixtures/bicep/loops.bicep:22:10"),
            "{human}"
        );
        let (output, found) = json(&args);
        assert_exit(&output, 1);
        let owner = found.iter().find(|f| f["name"] == "owner-role").unwrap();
        assert!(
            owner["file"]
                .as_str()
                .unwrap()
                .ends_with("bicep/loops.bicep"),
            "{owner:#?}"
        );
        assert_eq!(owner["line"], 22);
        assert_eq!(owner["column"], 10);
    }
}

#[test]
fn an_owner_role_is_an_error_at_its_line_in_every_format() {
    let (path, line) = owner_file("owner");
    let file = path.to_str().unwrap();
    let (output, found) = json(&["arm", "check", file]);
    assert_exit(&output, 1);
    let owner = found.iter().find(|f| f["name"] == "owner-role").unwrap();
    assert_eq!(owner["file"], file);
    assert_eq!(owner["line"], line);
    let human = run(&["check", file]);
    assert_exit(&human, 1);
    assert!(
        stdout(&human).contains(&format!("{file}:{line}:")),
        "{}",
        stdout(&human)
    );
    let github = run(&["check", "--format", "github", file]);
    assert_exit(&github, 1);
    // GitHub names the file relative to the working directory when it lies inside it.
    assert!(
        stdout(&github).starts_with("::error file=")
            && stdout(&github).contains(&format!("Owner.BICEP,line={line},")),
        "{}",
        stdout(&github)
    );
    let sarif = run(&["check", "--format", "sarif", file]);
    assert_exit(&sarif, 1);
    let sarif: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "LO0201"
            && r["locations"][0]["physicalLocation"]["region"]["startLine"] == line),
        "{results:#?}"
    );
}

#[test]
fn the_json_parameters_file_beside_it_supplies_the_values() {
    // No `.bicepparam` beside it: `<stem>.parameters.json` is read, and its placeholder is
    // found in it.
    let dir = folder("cli_bicep", "json-parameters");
    for name in ["subscription.bicep", "subscription.parameters.json"] {
        std::fs::copy(fixture(name), dir.join(name)).unwrap();
    }
    let main = dir.join("subscription.bicep");
    let (output, found) = json(&["check", main.to_str().unwrap()]);
    assert_exit(&output, 1);
    let nil = found.iter().find(|f| f["name"] == "nil-guid").unwrap();
    assert!(
        nil["file"]
            .as_str()
            .unwrap()
            .ends_with("subscription.parameters.json"),
        "{nil:#?}"
    );
    assert_eq!(nil["line"], 6);
}

#[test]
fn kind_forces_how_a_file_is_read() {
    let (owner, line) = owner_file("kind");
    let renamed = owner.with_file_name("owner.txt");
    std::fs::copy(&owner, &renamed).unwrap();
    let renamed = renamed.to_str().unwrap();
    let (output, found) = json(&["check", "--kind", "bicep", renamed]);
    assert_exit(&output, 1);
    assert!(
        found
            .iter()
            .any(|f| f["name"] == "owner-role" && f["line"] == line),
        "{found:#?}"
    );
    // Read as an offer document, the Bicep text is not JSON.
    let (output, _) = json(&["check", "--kind", "offer", owner.to_str().unwrap()]);
    assert_exit(&output, 2);
}
