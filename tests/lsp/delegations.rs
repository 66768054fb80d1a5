//! The language server on the delegations `check` reads besides offer documents: ARM parameters
//! files and templates, Bicep files with the `.bicepparam` beside them on disk (issue 23). The
//! editor's text is judged for the file opened; a finding in a file read with it is published
//! for that file.

use std::path::{Path, PathBuf};

use crate::support::lsp::{Client, file_uri};
use serde_json::{Value, json};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(fixture(path)).unwrap()
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// The 0-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u64
}

const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

#[test]
fn an_arm_parameters_file_gets_the_findings_of_arm_check_at_their_place() {
    let (mut client, _) = Client::initialized(json!({}));
    let path = "arm/resource-provider-rules.parameters.json";
    let text = read(path);
    let found = client.open(&file_uri(&fixture(path)), "json", &text);
    assert_eq!(
        codes(&found),
        ["LO0714", "LO0713", "LO0715", "LO0003"],
        "{found:#?}"
    );
    // As `check` shows it: line 9, column 17 (1-based).
    assert_eq!(
        found[1]["range"]["start"],
        json!({ "line": 8, "character": 16 })
    );
    assert_eq!(found[1]["severity"], 2);
    // A change is judged as typed: the Owner role is refused where it is written.
    let changed = text.replacen("acdd72a7-3385-48ef-bd42-f606fba81ae7", OWNER, 1);
    let found = client.change(&file_uri(&fixture(path)), 2, &changed);
    let owner = found
        .iter()
        .find(|d| d["code"] == "LO0201")
        .expect("owner-role");
    assert_eq!(owner["range"]["start"]["line"], line_of(&changed, OWNER));
    assert_eq!(owner["severity"], 1);
}

#[test]
fn a_bicep_file_is_judged_with_the_bicepparam_beside_it() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = file_uri(&fixture("bicep/subscription.bicep"));
    let text = read("bicep/subscription.bicep");
    assert_eq!(client.open(&uri, "bicep", &text), Vec::<Value>::new());
    // The `.bicepparam` beside it chooses the premium tier: Contributor, here made Owner.
    let changed = text.replace(
        "var contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c'",
        &format!("var contributor = '{OWNER}'"),
    );
    let found = client.change(&uri, 2, &changed);
    // Owner, permanent and eligible: both findings where the value is written.
    assert_eq!(codes(&found), ["LO0201", "LO0208"], "{found:?}");
    let line = line_of(&changed, "var contributor");
    for d in &found {
        assert_eq!(d["range"]["start"]["line"], line, "{d}");
        assert_eq!(d["range"]["end"]["line"], line);
    }
}

#[test]
fn a_finding_in_the_bicepparam_file_is_published_for_it() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = file_uri(&fixture("bicep/subscription.bicep"));
    // A parameter the `.bicepparam` on disk gives no value: Bicep's BCP258, at its `using`.
    let text = format!(
        "{}\nparam managers string\n",
        read("bicep/subscription.bicep")
    );
    let own = client.open(&uri, "bicep", &text);
    assert_eq!(own, Vec::<Value>::new());
    let params = file_uri(&fixture("bicep/subscription.bicepparam"));
    let published = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == params
    });
    let found = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(codes(found), ["LO1106"]);
    assert_eq!(found[0]["range"]["start"]["line"], 0);
    // Given a default, the parameter needs no value: the `.bicepparam` file is cleared.
    let fixed = text.replace("param managers string", "param managers string = 'none'");
    assert_eq!(client.change(&uri, 2, &fixed), Vec::<Value>::new());
    let cleared = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == params
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
}

#[test]
fn a_bicepparam_file_is_judged_with_the_bicep_file_it_uses() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = file_uri(&fixture("bicep/subscription.bicepparam"));
    let text = format!(
        "{}param colour = 'blue'\n",
        read("bicep/subscription.bicepparam")
    );
    let found = client.open(&uri, "bicep-params", &text);
    assert_eq!(codes(&found), ["LO1105"]);
    assert_eq!(
        found[0]["range"]["start"]["line"],
        line_of(&text, "param colour")
    );
}

#[test]
fn a_terraform_file_gets_the_findings_of_its_module_as_typed() {
    let (mut client, _) = Client::initialized(json!({}));
    let path = "terraform/basic/main.tf";
    let text = read(path);
    let found = client.open(&file_uri(&fixture(path)), "terraform", &text);
    let owner = found
        .iter()
        .find(|d| d["code"] == "LO0201")
        .unwrap_or_else(|| panic!("owner-role: {found:#?}"));
    assert_eq!(owner["range"]["start"]["line"], line_of(&text, OWNER));
    // The editor's text is judged, not the file on disk: with Reader in place of Owner, the
    // refusal is gone.
    let changed = text.replace(OWNER, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
    let found = client.change(&file_uri(&fixture(path)), 2, &changed);
    assert!(found.iter().all(|d| d["code"] != "LO0201"), "{found:#?}");
}
