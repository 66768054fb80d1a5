//! Rule editions on the command line: `check` and `migrate` with the examples of both editions
//! (the rules themselves are tested in `tests/rules/editions.rs`).

use std::path::Path;

use serde_json::Value;

use crate::support::cli::run;

fn example(folder: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join("offer.json")
        .to_str()
        .unwrap()
        .to_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn check_edition_overrides_the_document() {
    let file = example("examples/contoso-sentinel");
    assert_eq!(run(&["check", &file]).status.code(), Some(0));
    let output = run(&["check", "--edition", "2026", "--format", "json", &file]);
    assert_eq!(output.status.code(), Some(1));
    let found: Value = serde_json::from_str(&text(&output.stdout)).unwrap();
    let places: Vec<(&str, &str)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    // The images are checked too, in the edition asked for: the 2020 small and large logos
    // have the wrong sizes for 2026.
    assert_eq!(
        places,
        [
            ("LO0900", "/listing/marketingIdentifier"),
            ("LO0108", "/listing/categories/1"),
            ("LO0557", "/marketingArtifacts/logos/small"),
            ("LO0557", "/marketingArtifacts/logos/large"),
            ("LO0900", "/marketingArtifacts/logos/wide"),
            ("LO0900", "/marketingArtifacts/hero"),
            ("LO0900", "/legal/useStandardContract"),
        ]
    );
    let wrong = run(&["check", "--edition", "2027", &file]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("[possible values: 2020, 2026]"));
}

#[test]
fn migrate_writes_the_rewritten_document_and_lists_the_changes() {
    let file = example("examples/contoso-sentinel");
    let output = run(&["migrate", &file, "--to", "2026"]);
    // Written, but changes remain: exit 1.
    assert_eq!(output.status.code(), Some(1));
    let document: Value = serde_json::from_str(&text(&output.stdout)).unwrap();
    assert_eq!(document["edition"], "2026");
    assert_eq!(
        document["marketingArtifacts"]["logos"]["wide"],
        "logos/255x115.png"
    );
    assert_eq!(document["marketingArtifacts"]["hero"], "logos/hero.png");
    assert_eq!(
        document["listing"]["marketingIdentifier"],
        "contoso-managed-sentinel"
    );
    let stderr = text(&output.stderr);
    for expected in [
        "error[LO0900]: edition 2026 has no wide logo; remove `wide`",
        "error[LO0900]: edition 2026 has no hero image; remove `hero`",
        "error[LO0557]: expected a PNG of 48×48 pixels in edition 2026, found 40×40",
        "note: rewrote /edition: set the edition to \"2026\" (was \"2020\")",
        "error[LO0900]: edition 2026 has no marketing identifier: the Marketplace address is made from the offer ID; remove `marketingIdentifier`",
        "from edition 2020 to 2026 and wrote it to standard output: 7 changes to make, 0 warnings to look at",
    ] {
        assert!(stderr.contains(expected), "{expected}\n---\n{stderr}");
    }
}

#[test]
fn migrate_to_the_same_edition_succeeds_and_writes_to_out() {
    let file = example("examples/contoso-sentinel-2026");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("migrated-2026.json");
    let _ = std::fs::remove_file(&out);
    let output = run(&[
        "migrate",
        &file,
        "--to",
        "2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["plans"][0], original["plans"][0]);
    assert_eq!(written["edition"], "2026");
}

#[test]
fn migrate_refuses_a_document_with_errors_in_its_own_edition() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("migrate-invalid");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("offer.json");
    std::fs::write(&file, r#"{ "edition": "2020", "offerId": "Not An Id" }"#).unwrap();
    let output = run(&["migrate", file.to_str().unwrap(), "--to", "2026"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    assert!(text(&output.stderr).contains("has errors in its own edition; nothing was migrated"));
    std::fs::write(&file, "not json").unwrap();
    let output = run(&["migrate", file.to_str().unwrap(), "--to", "2026"]);
    assert_eq!(output.status.code(), Some(2));
}
