//! Terraform modules and plans given to `check` (issue 23): a folder of `.tf` files, one `.tf`
//! file of it (any case), a plan's JSON by its content, `--kind terraform`, `--var-file`; the
//! findings shown in the file and at the line they are about, in every format.

use std::path::{Path, PathBuf};

use crate::support::cli::{assert_exit, folder, run, stdout};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/terraform")
        .join(name)
}

fn json(args: &[&str]) -> (std::process::Output, Vec<Value>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = run(&all);
    let found: Value = serde_json::from_str(&stdout(&output)).unwrap();
    (output, found.as_array().unwrap().clone())
}

/// (file name, rule name, line) of each finding.
fn where_(found: &[Value]) -> Vec<(String, String, u64)> {
    found
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let name = Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                f["name"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn a_module_folder_is_judged_with_its_tfvars_and_its_findings_at_their_lines() {
    let dir = fixture("findings");
    let (output, found) = json(&["check", dir.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert_eq!(
        where_(&found),
        [
            ("main.tf".into(), "placeholder-value".into(), 4),
            ("main.tf".into(), "owner-role".into(), 16),
            ("main.tf".into(), "missing-description".into(), 20),
            (
                "terraform.tfvars".into(),
                "missing-assignable-roles".into(),
                6
            ),
            ("terraform.tfvars".into(), "nil-guid".into(), 7),
            (
                "terraform.tfvars".into(),
                "undeclared-variable-value".into(),
                16
            ),
        ]
    );
}

#[test]
fn a_tf_file_in_capitals_reads_its_folder_and_a_clean_module_passes() {
    let dir = folder("cli_terraform", "capitals");
    for name in [
        "main.tf",
        "variables.tf",
        "terraform.tfvars",
        "extra.auto.tfvars",
    ] {
        std::fs::copy(
            fixture("module").join(name),
            dir.join(name.replace("main.tf", "MAIN.TF")),
        )
        .unwrap();
    }
    std::fs::create_dir_all(dir.join("modules/lighthouse")).unwrap();
    std::fs::copy(
        fixture("module/modules/lighthouse/main.tf"),
        dir.join("modules/lighthouse/main.tf"),
    )
    .unwrap();
    let (output, found) = json(&["check", dir.join("MAIN.TF").to_str().unwrap()]);
    assert_exit(&output, 0);
    assert_eq!(found, Vec::<Value>::new());
}

#[test]
fn a_var_file_is_read_last_and_wins() {
    let dir = folder("cli_terraform", "var_file");
    std::fs::copy(fixture("unknowns/main.tf"), dir.join("main.tf")).unwrap();
    let vars = dir.join("prod.tfvars");
    std::fs::write(
        &vars,
        "operators_group = \"00000000-0000-0000-0000-000000000000\"\n",
    )
    .unwrap();
    let (_, before) = json(&["check", dir.to_str().unwrap()]);
    assert!(
        before.iter().all(|f| f["severity"] == "note"),
        "{before:#?}"
    );
    let (output, found) = json(&[
        "check",
        dir.to_str().unwrap(),
        "--var-file",
        vars.to_str().unwrap(),
    ]);
    assert_exit(&output, 1);
    let nil: Vec<_> = where_(&found)
        .into_iter()
        .filter(|(_, n, _)| n == "nil-guid")
        .collect();
    assert_eq!(nil, [("prod.tfvars".into(), "nil-guid".into(), 1)]);
}

#[test]
fn a_plan_is_recognised_by_its_content_and_findings_are_at_its_lines() {
    let plan = fixture("plan/plan.json");
    let (output, found) = json(&["check", plan.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert_eq!(
        where_(&found),
        [
            ("plan.json".into(), "owner-role".into(), 24),
            ("plan.json".into(), "terraform-value-unknown".into(), 33),
        ]
    );
    // `--kind terraform` forces the kind, whatever the name says.
    let dir = folder("cli_terraform", "kind");
    let renamed = dir.join("plan.txt");
    std::fs::copy(&plan, &renamed).unwrap();
    let (output, found) = json(&[
        "check",
        renamed.to_str().unwrap(),
        "--kind",
        "terraform",
        "--input-format",
        "json",
    ]);
    assert_exit(&output, 1);
    assert_eq!(found.len(), 2);
}

#[test]
fn every_format_shows_a_terraform_finding_at_its_line() {
    let dir = fixture("basic");
    let dir = dir.to_str().unwrap();
    let human = run(&["check", dir]);
    assert_exit(&human, 1);
    assert!(
        stdout(&human).contains("main.tf:17:30"),
        "{}",
        stdout(&human)
    );
    let github = run(&["check", dir, "--format", "github"]);
    assert!(
        stdout(&github).contains("line=17,endLine=17,col=30"),
        "{}",
        stdout(&github)
    );
    let sarif = run(&["check", dir, "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let owner = results.iter().find(|r| r["ruleId"] == "LO0201").unwrap();
    assert_eq!(
        owner["locations"][0]["physicalLocation"]["region"]["startLine"],
        17
    );
}

#[test]
fn a_folder_without_tf_files_names_what_was_expected() {
    let dir = folder("cli_terraform", "empty");
    let output = run(&["check", dir.to_str().unwrap()]);
    assert_exit(&output, 2);
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("holds no `.tf` file"), "{err}");
    assert!(err.contains("Terraform plan"), "{err}");
}

#[test]
fn the_guide_s_outputs_are_the_tool_s() {
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide/terraform.md"),
    )
    .unwrap();
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, Vec<&str>)> = None;
    for line in guide.lines() {
        if let Some(lang) = line.strip_prefix("```") {
            match open.take() {
                Some((lang, lines)) => blocks.push((lang, lines.join("\n"))),
                None => open = Some((lang.to_owned(), Vec::new())),
            }
        } else if let Some((_, lines)) = open.as_mut() {
            lines.push(line);
        }
    }
    let mut checked = 0;
    for pair in blocks.windows(2) {
        let [(lang, command), (next, shown)] = pair else {
            continue;
        };
        if lang != "sh" || next != "text" {
            continue;
        }
        let args: Vec<&str> = command
            .strip_prefix("cargo run --features cli -- ")
            .unwrap()
            .split_whitespace()
            .collect();
        let output = crate::support::cli::tool()
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert_eq!(stdout(&output).trim_end(), shown.trim_end(), "{command}");
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn a_tf_json_file_of_the_folder_is_named_as_not_read() {
    let dir = folder("cli_terraform", "tf_json");
    std::fs::copy(fixture("module/main.tf"), dir.join("main.tf")).unwrap();
    std::fs::copy(fixture("module/variables.tf"), dir.join("variables.tf")).unwrap();
    std::fs::copy(
        fixture("module/terraform.tfvars"),
        dir.join("terraform.tfvars"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("modules/lighthouse")).unwrap();
    std::fs::copy(
        fixture("module/modules/lighthouse/main.tf"),
        dir.join("modules/lighthouse/main.tf"),
    )
    .unwrap();
    std::fs::write(
        dir.join("outputs.tf.json"),
        "{\n  \"output\": { \"ids\": { \"value\": \"${module.lighthouse}\" } }\n}\n",
    )
    .unwrap();
    let (output, found) = json(&["check", dir.to_str().unwrap()]);
    // A note: the exit code stays that of the module's own findings.
    assert_exit(&output, 0);
    assert_eq!(
        where_(&found),
        [(
            "outputs.tf.json".into(),
            "terraform-json-not-read".into(),
            1
        )]
    );
}
