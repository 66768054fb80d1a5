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
        .map(|d| (d.file().to_owned(), d.diagnostic().name().to_owned(), d.line()))
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
            ("basic/main.tf".into(), "missing-delete-role".into(), Some(2)),
            ("basic/main.tf".into(), "owner-role".into(), Some(17)),
        ]
    );
}
