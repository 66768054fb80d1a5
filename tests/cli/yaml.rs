//! The command line with offers written in YAML: `check`, `diff`, `migrate` and `arm export` read
//! them by extension or `--input-format`, and show diagnostics at YAML lines and columns.

use std::fs;
use std::path::Path;

use crate::support::cli::{assert_exit, folder, run, stderr, stdout};

fn example(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/contoso-sentinel")
            .join(name),
    )
    .unwrap()
}

/// A copy of the example's folder (images included) with `offer.yaml` replaced by `yaml`.
fn scratch(name: &str, yaml: &str) -> std::path::PathBuf {
    let dir = folder("cli_yaml", name);
    crate::support::copy_example_images(&dir);
    fs::write(dir.join("offer.yaml"), yaml).unwrap();
    dir
}

#[test]
fn check_reads_the_yaml_example_with_its_images() {
    let output = run(&["check", "examples/contoso-sentinel/offer.yaml"]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn check_points_at_yaml_lines_and_columns_with_json_pointers() {
    let yaml = example("offer.yaml")
        .replace("name: \"Contoso Managed Sentinel\"", "name: no")
        .replacen(
            "roleDefinitionId: 3e150937-b8fe-4cfb-8069-0eaf05ecd056",
            "roleDefinitionId: 8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            1,
        );
    let dir = scratch("pointers", &yaml);
    // A missing image is found beside the document, as for JSON.
    fs::remove_file(dir.join("logos/40.png")).unwrap();
    let file = dir.join("offer.yaml");
    let output = run(&["check", "--format", "json", file.to_str().unwrap()]);
    assert_exit(&output, 1);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let row = |name: &str| {
        found
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {found:#}"))
            .clone()
    };
    let line_of = |needle: &str| 1 + yaml[..yaml.find(needle).unwrap()].matches('\n').count();
    let name = row("yaml-implicit-type");
    assert_eq!(name["path"], "/name");
    assert_eq!(name["line"], line_of("name: no"));
    assert_eq!(name["column"], 7);
    let owner = row("owner-role");
    assert_eq!(
        owner["path"],
        "/plans/0/manifest/authorizations/0/roleDefinitionId"
    );
    assert_eq!(owner["line"], line_of("roleDefinitionId: 8e3af657"));
    assert_eq!(
        row("image-not-found")["path"],
        "/marketingArtifacts/logos/small"
    );
}

#[test]
fn input_format_reads_a_file_whatever_its_extension() {
    let dir = folder("cli_yaml", "input_format");
    let file = dir.join("offer.txt");
    fs::write(&file, "offerId: [\n").unwrap();
    let as_json = run(&["check", file.to_str().unwrap()]);
    assert_exit(&as_json, 2);
    assert!(stdout(&as_json).contains("LO0001"), "{}", stdout(&as_json));
    let as_yaml = run(&["check", "--input-format", "yaml", file.to_str().unwrap()]);
    assert_exit(&as_yaml, 2);
    assert!(stdout(&as_yaml).contains("LO0012"), "{}", stdout(&as_yaml));
}

#[test]
fn diff_compares_a_json_and_a_yaml_version() {
    let yaml = example("offer.yaml").replacen("version: 1.2.0", "version: 1.1.0", 1);
    let dir = scratch("diff", &yaml);
    let output = run(&[
        "diff",
        "--format",
        "json",
        "examples/contoso-sentinel/offer.json",
        dir.join("offer.yaml").to_str().unwrap(),
    ]);
    assert_exit(&output, 1);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let lowered = found
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "manifest-version-lowered")
        .unwrap();
    assert_eq!(
        lowered["line"],
        1 + yaml[..yaml.find("version: 1.1.0").unwrap()]
            .matches('\n')
            .count()
    );
}

#[test]
fn migrate_writes_yaml_back_for_yaml_input() {
    let dir = scratch("migrate", &example("offer.yaml"));
    let out = dir.join("offer-2026.yaml");
    let output = run(&[
        "migrate",
        dir.join("offer.yaml").to_str().unwrap(),
        "--to",
        "2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    // The wide logo is not allowed in 2026: written, with the change to make.
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("offer.yaml:"),
        "{}",
        stderr(&output)
    );
    let written = fs::read_to_string(&out).unwrap();
    assert!(written.contains("\nedition: \"2026\"\n"), "{written}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&written).is_err(),
        "YAML, not JSON"
    );
    let check = run(&["check", out.to_str().unwrap(), "--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == "/marketingArtifacts/logos/wide")
    );
}

#[test]
fn arm_export_reads_yaml() {
    let dir = folder("cli_yaml", "arm_export");
    let out = dir.join("arm");
    let output = run(&[
        "arm",
        "export",
        "examples/contoso-sentinel/offer.yaml",
        "--plan",
        "gold",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&output, 0);
    let yaml_params = fs::read_to_string(out.join("subscription.parameters.json")).unwrap();
    let out_json = dir.join("arm-json");
    let output = run(&[
        "arm",
        "export",
        "examples/contoso-sentinel/offer.json",
        "--plan",
        "gold",
        "--out",
        out_json.to_str().unwrap(),
    ]);
    assert_exit(&output, 0);
    assert_eq!(
        yaml_params,
        fs::read_to_string(out_json.join("subscription.parameters.json")).unwrap()
    );
}
