//! `migrate` on the command line: the format written follows `--out`, the input is never
//! overwritten by accident, lost YAML comments and image paths that no longer resolve are said.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::cli::{assert_exit, folder, run, stderr, stdout};
use serde_json::Value;

/// A copy of the example's folder (images included) under a fresh folder named `name`.
fn scratch(name: &str) -> PathBuf {
    let dir = folder("cli_migrate", name);
    let from = crate::support::example_dir();
    crate::support::copy_example_images(&dir);
    for file in ["offer.json", "offer.yaml"] {
        fs::copy(from.join(file), dir.join(file)).unwrap();
    }
    dir
}

/// `migrate INPUT --to 2026 --out OUT`, then `extra` arguments.
fn migrate_to_2026(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["migrate", path(input), "--to", "2026", "--out", path(out)];
    args.extend_from_slice(extra);
    run(&args)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The codes `check --format json` reports for `file`.
fn codes(file: &Path) -> Vec<String> {
    let output = run(&["check", path(file), "--format", "json"]);
    let found: Value = serde_json::from_str(&stdout(&output)).unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_format_written_is_the_one_out_names() {
    let dir = scratch("format");
    // YAML in, JSON out: JSON, which `check` reads as JSON.
    let json = dir.join("m2.json");
    let output = migrate_to_2026(&dir.join("offer.yaml"), &json, &[]);
    assert_exit(&output, 1);
    let written = fs::read_to_string(&json).unwrap();
    let value: Value = serde_json::from_str(&written).expect("JSON in the .json file");
    assert_eq!(value["edition"], "2026");
    assert!(!codes(&json).contains(&"LO0001".to_owned()));
    // JSON in, YAML out: YAML.
    let yaml = dir.join("m2.yml");
    let output = migrate_to_2026(&dir.join("offer.json"), &yaml, &[]);
    assert_exit(&output, 1);
    let written = fs::read_to_string(&yaml).unwrap();
    assert!(
        serde_json::from_str::<Value>(&written).is_err(),
        "{written}"
    );
    assert!(written.contains("\nedition: \"2026\"\n"), "{written}");
    // Another extension: the input's format.
    let other = dir.join("m2.txt");
    let output = migrate_to_2026(&dir.join("offer.json"), &other, &[]);
    assert_exit(&output, 1);
    serde_json::from_str::<Value>(&fs::read_to_string(&other).unwrap()).unwrap();
}

#[test]
fn the_input_is_overwritten_only_with_force() {
    let dir = scratch("overwrite");
    let input = dir.join("offer.json");
    let before = fs::read_to_string(&input).unwrap();
    // Spelt otherwise than FILE, it is still FILE.
    let again = dir.join("logos").join("..").join("offer.json");
    let output = migrate_to_2026(&input, &again, &[]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("is the input file itself"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&input).unwrap(), before);
    let output = migrate_to_2026(&input, &input, &["--force"]);
    assert_exit(&output, 1);
    let after: Value = serde_json::from_str(&fs::read_to_string(&input).unwrap()).unwrap();
    assert_eq!(after["edition"], "2026");
}

#[test]
fn yaml_comments_that_are_lost_are_said() {
    let dir = scratch("comments");
    let input = dir.join("offer.yaml");
    let text = fs::read_to_string(&input).unwrap();
    let output = run(&["migrate", path(&input), "--to", "2026"]);
    assert_exit(&output, 1);
    let said = stderr(&output).contains("the rewritten document does not keep them");
    assert_eq!(said, text.contains('#'), "{}", stderr(&output));
    // With a comment for sure, and without any.
    fs::write(&input, format!("# Contoso's offer\n{text}")).unwrap();
    let output = run(&["migrate", path(&input), "--to", "2026"]);
    assert!(
        stderr(&output).contains("has comments") && stderr(&output).contains("the first at line 1"),
        "{}",
        stderr(&output)
    );
    let mut bare = String::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        bare.push_str(line.split(" #").next().unwrap());
        bare.push('\n');
    }
    fs::write(&input, bare).unwrap();
    let output = run(&["migrate", path(&input), "--to", "2026"]);
    assert!(
        !stderr(&output).contains("has comments"),
        "{}",
        stderr(&output)
    );
}

/// The guide's `migrate` command (docs/guide/authoring.md), with the example folder at `dir`.
fn readme_migrate(dir: &Path) -> Vec<String> {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide/authoring.md"))
            .unwrap();
    let start = readme.find("\nlighthouse-offer migrate ").unwrap();
    let command: String = readme[start..]
        .split('#')
        .next()
        .unwrap()
        .replace("\\\n", " ");
    command
        .split_whitespace()
        .skip(1)
        .map(|word| word.replace("examples/contoso-sentinel", path(dir)))
        .collect()
}

#[test]
fn the_readme_command_writes_a_document_whose_images_resolve() {
    let dir = scratch("readme");
    let args = readme_migrate(&dir);
    assert_eq!(args[0], "migrate", "{args:?}");
    let out = PathBuf::from(&args[args.iter().position(|a| a == "--out").unwrap() + 1]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert!(
        !stderr(&output).contains("not found from"),
        "{}",
        stderr(&output)
    );
    let found = codes(&out);
    assert!(
        !found.is_empty(),
        "the 2020 logos have the wrong sizes for 2026"
    );
    assert!(!found.contains(&"LO0551".to_owned()), "{found:?}");
}

#[test]
fn out_in_another_folder_warns_when_the_images_are_not_found_from_there() {
    let dir = scratch("elsewhere");
    let other = dir.join("other");
    fs::create_dir_all(&other).unwrap();
    let out = other.join("new.json");
    let output = migrate_to_2026(&dir.join("offer.json"), &out, &[]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("images of the document not found from"),
        "{}",
        stderr(&output)
    );
    assert!(codes(&out).contains(&"LO0551".to_owned()));
}
