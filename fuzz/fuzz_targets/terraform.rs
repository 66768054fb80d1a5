//! `terraform::check` on any text: the bytes before the first NUL as a root module's `main.tf`,
//! the rest as its `terraform.tfvars`; and `terraform::check_plan` on the whole text. Never a
//! panic; a module with an error gives no delegation; every finding is in a file the check read,
//! placed inside its text; the findings stay within their limit; the check is deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::Report;
use lighthouse_offer::terraform::{self, TerraformCheck, TerraformSources};

fn holds(checked: &TerraformCheck) {
    if checked.has_errors() {
        assert!(checked.delegations().is_empty(), "an error gives no delegation");
    }
    assert!(checked.diagnostics().len() <= Report::MAX_DIAGNOSTICS + 1);
    for d in checked.diagnostics() {
        let text = checked.source(d.file()).expect("a finding is in a file read");
        if let Some(place) = d.place() {
            assert!(place.span().end <= text.len(), "{d}");
            assert!(text.is_char_boundary(place.span().start), "{d}");
        }
        let _ = d.to_string();
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (main, vars) = text.split_once('\0').unwrap_or((text, ""));
    let sources = TerraformSources::new()
        .with_file("main.tf", main)
        .with_var_file("terraform.tfvars", vars);
    let first = terraform::check(&sources);
    holds(&first);
    let again = terraform::check(&sources);
    assert_eq!(again.diagnostics(), first.diagnostics(), "the check is deterministic");
    holds(&terraform::check_plan("plan.json", text));
});
