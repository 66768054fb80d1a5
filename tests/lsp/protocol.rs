//! The language server, spoken to as an editor does: framed JSON-RPC over the binary's standard
//! input and output (`lighthouse-offer lsp`). Every wait is bounded (`tests/lsp_support`).

use std::path::{Path, PathBuf};

use crate::support::lsp::{Client, file_uri};
use serde_json::{Value, json};

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel")
}

fn example(name: &str) -> String {
    std::fs::read_to_string(example_dir().join(name)).unwrap()
}

/// A URI beside the example's images (the server reads the images, never writes).
fn example_uri(name: &str) -> String {
    file_uri(&example_dir().join(name))
}

const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const DELETE_ROLE: &str = "91c1777a-f3dc-4fae-b103-61d183457e46";

/// The (line, character) of the first `needle` in an ASCII text, as LSP positions count.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line as u64, column as u64)
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Applies the text edits of a workspace edit to an ASCII text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = usize::try_from(p["line"].as_u64().unwrap()).unwrap();
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + usize::try_from(p["character"].as_u64().unwrap()).unwrap()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn initialize_announces_what_the_server_does() {
    let (client, result) = Client::initialized(json!({}));
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"], 1, "full synchronisation");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert!(caps["completionProvider"].is_object());
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    drop(client);
    let (_client, result) =
        Client::initialized(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut client = Client::start();
    let response = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(response["error"]["code"], -32002);
    client.request("initialize", json!({ "capabilities": {} }));
}

#[test]
fn the_examples_are_clean_in_json_and_yaml() {
    let (mut client, _) = Client::initialized(json!({}));
    let json = client.open(&example_uri("offer.json"), "json", &example("offer.json"));
    assert_eq!(json, Vec::<Value>::new());
    let yaml = client.open(&example_uri("offer.yaml"), "yaml", &example("offer.yaml"));
    assert_eq!(yaml, Vec::<Value>::new());
}

#[test]
fn every_change_publishes_the_full_diagnostics_at_the_span_check_underlines() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("offer.json");
    client.open(&uri, "json", &example("offer.json"));
    let text = example("offer.json").replacen(READER, OWNER, 1);
    let found = client.change(&uri, 2, &text);
    assert_eq!(codes(&found), vec!["LO0201"]);
    let owner = &found[0];
    let (line, character) = position_of(&text, &format!("\"{OWNER}\""));
    assert_eq!(
        owner["range"]["start"],
        json!({ "line": line, "character": character })
    );
    assert_eq!(
        owner["range"]["end"],
        json!({ "line": line, "character": character + 38 })
    );
    assert_eq!(owner["severity"], 1);
    assert_eq!(owner["source"], "lighthouse-offer");
    assert_eq!(owner["data"]["name"], "owner-role");
    assert_eq!(
        owner["data"]["path"],
        "/plans/0/manifest/authorizations/1/roleDefinitionId"
    );
    let message = owner["message"].as_str().unwrap();
    assert!(
        message.contains("\nhelp: Give a less privileged built-in role instead"),
        "{message}"
    );
    assert!(
        message.contains("lighthouse-offer explain owner-role"),
        "{message}"
    );
    assert!(
        owner.get("codeDescription").is_none(),
        "no web address to link to"
    );
    // Back to the example: the diagnostics are cleared.
    assert_eq!(
        client.change(&uri, 3, &example("offer.json")),
        Vec::<Value>::new()
    );
}

#[test]
fn yaml_documents_are_checked_with_yaml_places() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("draft.yml");
    let text = example("offer.yaml").replace("name: \"Contoso Managed Sentinel\"", "name: no");
    let found = client.open(&uri, "yaml", &text);
    assert_eq!(codes(&found), vec!["LO0013"]);
    let (line, character) = position_of(&text, "name: no");
    assert_eq!(
        found[0]["range"]["start"],
        json!({ "line": line, "character": character + 6 })
    );
    assert!(found[0]["message"].as_str().unwrap().contains("'no'"));
}

#[test]
fn an_alias_bomb_is_reported_and_the_server_goes_on() {
    let (mut client, _) = Client::initialized(json!({}));
    let mut bomb = format!("a0: &a0 [{}]\n", vec!["\"\""; 100].join(", "));
    for i in 1..4 {
        let items = vec![format!("*a{}", i - 1); 100].join(", ");
        bomb += &[
            "a",
            &i.to_string(),
            ": &a",
            &i.to_string(),
            " [",
            &items,
            "]\n",
        ]
        .concat();
    }
    let found = client.open(&example_uri("bomb.yaml"), "yaml", &bomb);
    assert_eq!(codes(&found), vec!["LO0008"], "{found:?}");
    // Still serving.
    let found = client.open(&example_uri("draft.yaml"), "yaml", &example("offer.yaml"));
    assert_eq!(found, Vec::<Value>::new());
}

#[test]
fn image_files_are_checked_beside_the_document() {
    let dir = std::env::temp_dir().join(format!(
        "lighthouse-offer-lsp-images-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut client, _) = Client::initialized(json!({}));
    let found = client.open(
        &file_uri(&dir.join("offer.json")),
        "json",
        &example("offer.json"),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        codes(&found).iter().filter(|c| *c == "LO0551").count() >= 5,
        "{found:#?}"
    );
    // Beside the example, where the images are, there is nothing to report.
    let beside = client.open(&example_uri("offer.json"), "json", &example("offer.json"));
    assert!(beside.is_empty());
    // A document not saved to a file has no folder: images are not read.
    let untitled = client.open("untitled:Untitled-1", "json", &example("offer.json"));
    assert!(untitled.is_empty(), "{untitled:#?}");
}

#[test]
fn hover_names_the_role_and_its_support() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("offer.json");
    let text = example("offer.json").replacen(READER, OWNER, 1);
    client.open(&uri, "json", &text);
    let hover_at = |client: &mut Client, needle: &str| {
        let (line, character) = position_of(&text, needle);
        client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character + 3 } }),
        )
    };
    let owner = hover_at(&mut client, OWNER);
    let shown = owner["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**Owner**") && shown.contains("not supported"),
        "{shown}"
    );
    let delete = hover_at(&mut client, DELETE_ROLE);
    let shown = delete["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("Managed Services Registration assignment Delete Role"),
        "{shown}"
    );
    assert!(shown.contains("supported by Azure Lighthouse"), "{shown}");
    // Elsewhere, nothing.
    let title = hover_at(&mut client, "\"title\"");
    assert_eq!(title, Value::Null);
}

#[test]
fn completion_offers_supported_roles_by_name_and_inserts_the_guid() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("draft.yaml");
    let text = example("offer.yaml").replacen(
        "roleDefinitionId: acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "roleDefinitionId: Rea",
        1,
    );
    client.open(&uri, "yaml", &text);
    let (line, character) = position_of(&text, "roleDefinitionId: Rea");
    let list = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character + 21 } }),
    );
    let items = list["items"].as_array().unwrap();
    let reader = items
        .iter()
        .find(|i| i["label"] == "Reader")
        .expect("Reader offered");
    assert_eq!(reader["textEdit"]["newText"], READER);
    assert_eq!(
        reader["textEdit"]["range"]["start"],
        json!({ "line": line, "character": character + 18 })
    );
    assert!(
        items.iter().all(|i| i["label"] != "Owner"),
        "Owner is never offered"
    );
    assert!(items.len() > 50, "{}", items.len());
    let fixed = apply(&text, &[reader["textEdit"].clone()]);
    assert_eq!(fixed, example("offer.yaml"));
}

/// The quick fixes offered for the whole of a document's text.
fn fixes(client: &mut Client, uri: &str, found: &[Value]) -> Vec<Value> {
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9999, "character": 0 } },
            "context": { "diagnostics": found },
        }),
    );
    actions.as_array().unwrap().clone()
}

#[test]
fn a_quick_fix_spells_a_guid_the_azure_way() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("offer.json");
    for written in [
        format!("{{{}}}", READER.to_uppercase()),
        READER.replace('-', ""),
        format!("urn:uuid:{READER}"),
    ] {
        let text = example("offer.json").replacen(READER, &written, 1);
        let found = client.open(&uri, "json", &text);
        assert_eq!(codes(&found), vec!["LO0105"], "{written}");
        let actions = fixes(&mut client, &uri, &found);
        assert_eq!(actions.len(), 1, "{actions:#?}");
        assert_eq!(actions[0]["kind"], "quickfix");
        let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
        let fixed = apply(&text, edits);
        assert_eq!(fixed, example("offer.json"), "{written}");
    }
    // A value that is no GUID in any spelling gets no fix.
    let text = example("offer.json").replacen(READER, "not-a-guid", 1);
    let found = client.open(&uri, "json", &text);
    assert_eq!(codes(&found), vec!["LO0105"]);
    assert!(fixes(&mut client, &uri, &found).is_empty());
}

#[test]
fn a_quick_fix_adds_the_delete_role_in_json() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("offer.json");
    let text = {
        let text = example("offer.json");
        let start = text[..text.find(DELETE_ROLE).unwrap()].rfind('{').unwrap();
        let end = text[start..].find('}').unwrap() + start + 1;
        // The element and the comma before it.
        let comma = text[..start].rfind(',').unwrap();
        format!("{}{}", &text[..comma], &text[end..])
    };
    let found = client.open(&uri, "json", &text);
    assert_eq!(codes(&found), vec!["LO0301"], "{found:#?}");
    let actions = fixes(&mut client, &uri, &found);
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let title = actions[0]["title"].as_str().unwrap();
    assert!(title.contains("Contoso SOC analysts"), "{title}");
    let fixed = apply(
        &text,
        actions[0]["edit"]["changes"][&uri].as_array().unwrap(),
    );
    serde_json::from_str::<Value>(&fixed).expect("still JSON");
    assert_eq!(
        client.change(&uri, 2, &fixed),
        Vec::<Value>::new(),
        "{fixed}"
    );
}

#[test]
fn the_delete_role_fix_in_yaml_adds_a_sequence_item() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("draft.yaml");
    let text = example("offer.yaml").replacen(
        "        - principalId: 7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d\n          principalIdDisplayName: \"Contoso Lighthouse administrators\"\n          roleDefinitionId: 91c1777a-f3dc-4fae-b103-61d183457e46\n",
        "",
        1,
    );
    let found = client.open(&uri, "yaml", &text);
    assert_eq!(codes(&found), vec!["LO0301"]);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": found[0]["range"],
            "context": { "diagnostics": found },
        }),
    );
    let edits = actions[0]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    let fixed = apply(&text, &edits);
    assert_eq!(
        client.change(&uri, 2, &fixed),
        Vec::<Value>::new(),
        "{fixed}"
    );
}

#[test]
fn malformed_messages_are_answered_with_errors_and_the_server_goes_on() {
    let (mut client, _) = Client::initialized(json!({}));
    client.send_raw(b"{ this is not json");
    let error = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700);
    assert_eq!(error["id"], Value::Null);
    client.send(&json!({ "jsonrpc": "2.0", "id": 77, "nothing": "here" }));
    let error = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error["id"], 77, "{error}");
    client.send(&json!({ "jsonrpc": "2.0", "id": 78, "params": 5 }));
    let error = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32600, "{error}");
    let bad_params = client.request_raw("textDocument/hover", json!({ "position": "here" }));
    assert_eq!(bad_params["error"]["code"], -32602);
    let unknown = client.request_raw("workspace/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    // A notification with bad parameters is dropped silently, as the protocol wants.
    client.notify("textDocument/didOpen", json!({ "textDocument": 1 }));
    // Still serving.
    let found = client.open(&example_uri("offer.json"), "json", "{");
    assert_eq!(codes(&found), vec!["LO0001"]);
}

#[test]
fn shutdown_then_exit_ends_with_status_0() {
    let (mut client, _) = Client::initialized(json!({}));
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let after = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(after["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let (mut client, _) = Client::initialized(json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status(), Some(1));
}

/// A copy of the example's folder (images included) at `dir`, with `offer.json` as `text`.
fn example_copy(dir: &Path, text: &str) {
    for sub in ["logos", "screenshots"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(example_dir().join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    std::fs::write(dir.join("offer.json"), text).unwrap();
}

#[test]
fn with_the_published_version_the_changes_are_shown_and_the_version_can_be_raised() {
    let scratch = std::env::temp_dir().join(format!(
        "lighthouse-offer-lsp-published-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    let (workspace, published) = (scratch.join("work"), scratch.join("published"));
    let offers = workspace.join("offers");
    // The published version is the example; the next one swaps a role and keeps the version.
    std::fs::create_dir_all(published.join("offers")).unwrap();
    std::fs::write(published.join("offers/offer.json"), example("offer.json")).unwrap();
    let text = example("offer.json").replacen(READER, "43d0d8ad-25c7-4714-9337-8ba259a9fe05", 1);
    example_copy(&offers, &text);

    let mut client = Client::start_with(&["--published", published.to_str().unwrap()]);
    client.request(
        "initialize",
        json!({ "capabilities": {}, "workspaceFolders": [{ "uri": file_uri(&workspace), "name": "work" }] }),
    );
    client.notify("initialized", json!({}));
    let uri = file_uri(&offers.join("offer.json"));
    let found = client.open(&uri, "json", &text);
    let before = codes(&found);
    assert!(before.contains(&"LO0805".to_owned()), "{before:?}");
    assert!(
        before.contains(&"LO0812".to_owned()),
        "the role change for review: {before:?}"
    );
    let actions = fixes(&mut client, &uri, &found);
    let raise = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Raise the manifest version")
        })
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let fixed = apply(&text, raise["edit"]["changes"][&uri].as_array().unwrap());
    let after = client.change(&uri, 2, &fixed);
    let _ = std::fs::remove_dir_all(&scratch);
    let after = codes(&after);
    assert!(!after.contains(&"LO0805".to_owned()), "{after:?}");
    assert!(after.contains(&"LO0812".to_owned()), "{after:?}");
    assert!(
        fixed.contains("\"version\": \"1.2.1\""),
        "the published 1.2.0, raised"
    );
}

/// The diagnostic's own help (here the GUID to write for a role written by name) is in the
/// message the editor shows, not only the rule's general fix.
#[test]
fn the_message_carries_the_diagnostics_own_help() {
    let (mut client, _) = Client::initialized(json!({}));
    let uri = example_uri("offer.json");
    let text = example("offer.json").replacen(&format!("\"{READER}\""), "\"Reader\"", 1);
    let found = client.open(&uri, "json", &text);
    let message = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .find(|m| m.contains("\nhelp: "))
        .unwrap_or_else(|| panic!("{found:#?}"));
    let help = message.split("\nhelp: ").nth(1).unwrap();
    assert!(help.contains(READER), "{message}");
}

/// The project file `lighthouse-offer.toml` applies in the editor as it does to `check`: found
/// from the document's folder upward, its `edition` for a document that names none, its `allow`
/// keeping the warnings it allows out of the published diagnostics. A project file that cannot be
/// used is shown to the user, and the document is checked without it.
#[test]
fn the_project_file_applies_as_it_does_to_check() {
    let scratch = crate::support::temp_dir::TempDir::new("lsp-project-file");
    let offers = scratch.path().join("offers");
    // The 2020 example without its `edition`, and its second plan without the delete role.
    let mut document: Value = serde_json::from_str(&example("offer.json")).unwrap();
    document.as_object_mut().unwrap().remove("edition");
    document["plans"][1]["manifest"]["authorizations"]
        .as_array_mut()
        .unwrap()
        .retain(|a| a["roleDefinitionId"] != DELETE_ROLE);
    let text = serde_json::to_string_pretty(&document).unwrap();
    example_copy(&offers, &text);
    let path = offers.join("offer.json");
    let uri = file_uri(&path);
    let check_codes = || {
        let output =
            crate::support::cli::run(&["check", "--format", "json", path.to_str().unwrap()]);
        let found: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        let mut found = codes(&found);
        found.sort();
        found
    };
    let sorted = |mut codes: Vec<String>| {
        codes.sort();
        codes
    };

    let (mut client, _) = Client::initialized(json!({}));
    let before = sorted(codes(&client.open(&uri, "json", &text)));
    assert!(before.contains(&"LO0301".to_owned()), "{before:?}");
    assert!(
        before.contains(&"LO0902".to_owned()),
        "edition-not-named: {before:?}"
    );
    assert_eq!(before, check_codes());

    // One folder up, as clippy.toml would be: today's rules, and the delete role's warning allowed.
    scratch.write(
        "lighthouse-offer.toml",
        b"edition = \"2026\"\nallow = [\"missing-delete-role\"]\n",
    );
    let after = sorted(codes(&client.change(&uri, 2, &text)));
    assert!(!after.contains(&"LO0301".to_owned()), "allowed: {after:?}");
    assert!(
        !after.contains(&"LO0902".to_owned()),
        "the project names the edition: {after:?}"
    );
    assert_ne!(after, before, "the 2020 example breaks rules of 2026");
    assert_eq!(after, check_codes(), "the editor and `check` agree");

    // An error cannot be allowed: the user is told, and the document is checked without the file.
    scratch.write("lighthouse-offer.toml", b"allow = [\"owner-role\"]\n");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "text": text }],
        }),
    );
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("errors cannot be allowed"), "{message}");
    assert_eq!(shown["params"]["type"], 1, "an error");
    assert_eq!(sorted(codes(&client.diagnostics(&uri, 3))), before);
}
