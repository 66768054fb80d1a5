//! The `lighthouse-offer` binary, run as a user runs it: exit codes, output formats, help.

use crate::support::cli::{assert_exit, run, stderr, stdout, tool};

use crate::support::crc32;
use std::fs;
use std::path::{Path, PathBuf};

// ---- helpers ----

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    crate::support::cli::folder("cli", name)
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A document with a missing comma: after `"contoso"` on line 2, line 3 starts with two spaces
/// and `"publisherId"`, so the parser stops at line 3, column 3.
const MISSING_COMMA: &str = "{\n  \"offerId\": \"contoso\"\n  \"publisherId\": \"contoso\"\n}\n";

// ---- exit codes ----

#[test]
fn a_file_that_does_not_exist_exits_2_with_a_clear_message() {
    let dir = folder("missing");
    let path = dir.join("nowhere.json");
    let path = path.to_str().unwrap();
    let output = run(&["check", path]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!("error: cannot read `{path}`: ")),
        "{err}"
    );
    // No document was read: nothing to summarise on standard output.
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_document_that_is_not_json_exits_2_with_the_place_shown() {
    let dir = folder("not-json");
    let path = write(&dir, "offer.json", MISSING_COMMA);
    let output = run(&["check", &path]);
    assert_exit(&output, 2);
    let out = stdout(&output);
    assert!(
        out.starts_with("error[LO0001]: the document is not valid JSON: expected `,` or `}`\n"),
        "{out}"
    );
    assert!(out.contains(&format!(" --> {path}:3:3\n")), "{out}");
    assert!(
        out.contains("3 |   \"publisherId\": \"contoso\"\n"),
        "{out}"
    );
    assert!(out.contains("  |   ^ invalid-json\n"), "{out}");
}

#[test]
fn a_file_that_is_not_utf8_exits_2() {
    let dir = folder("not-utf8");
    let path = write(&dir, "offer.json", b"{\"name\": \"\xff\"}");
    let output = run(&["check", &path]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).starts_with(&format!("error: `{path}` is not UTF-8 text: ")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_file_is_checked_even_after_one_that_cannot_be_read() {
    let dir = folder("several");
    let missing = dir.join("missing.json").to_str().unwrap().to_owned();
    let bad = write(&dir, "bad.json", MISSING_COMMA);
    let output = run(&["check", &missing, &bad]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("cannot read"));
    assert!(stdout(&output).contains(&format!(" --> {bad}:3:3\n")));
    assert!(
        stdout(&output).contains(
            "error: 1 of 1 document failed the check: 1 error, 0 warnings; 1 file could not be read"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn files_that_cannot_be_read_are_counted_apart_from_documents_that_failed() {
    let dir = folder("unreadable_apart");
    let missing = dir.join("missing.json").to_str().unwrap().to_owned();
    let good = valid_offer(&dir, &[]);
    let output = run(&["check", &missing, &good]);
    assert_exit(&output, 2);
    let out = stdout(&output);
    assert!(!out.contains("0 of 1"), "{out}");
    assert!(
        out.contains("error: checked 1 document: 0 errors, 0 warnings; 1 file could not be read"),
        "{out}"
    );
}

#[test]
fn check_says_which_edition_it_checked_against_and_why() {
    let dir = folder("which_edition");
    let named = valid_offer(&dir, &[]);
    let out = stdout(&run(&["check", &named]));
    assert!(
        out.contains("against edition 2020 (named in the document)"),
        "{out}"
    );
    let out = stdout(&run(&["check", "--edition", "2026", &named]));
    assert!(
        out.contains("against edition 2026 (chosen with `--edition`)"),
        "{out}"
    );

    let mut text: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&named).unwrap()).unwrap();
    text.as_object_mut().unwrap().remove("edition");
    let unnamed = write(&dir, "unnamed.json", text.to_string());
    let output = run(&["check", &unnamed]);
    // A warning, as cargo warns of a manifest without edition: the check still passes.
    assert_exit(&output, 0);
    let out = stdout(&output);
    assert!(
        out.contains("warning[LO0902]: the document names no edition"),
        "{out}"
    );
    assert!(out.contains("edition-not-named"), "{out}");
    assert!(
        out.contains("= help: Name the edition the document follows: `\"edition\": \"2026\"`"),
        "{out}"
    );
    assert!(
        out.contains("against edition 2020 (the default: the document names no edition)"),
        "{out}"
    );
}

#[test]
fn the_help_line_says_what_to_do_not_the_rule_s_title() {
    let dir = folder("help_says_the_fix");
    let path = valid_offer(&dir, &[("/plans/0/manifest/version", "1.0")]);
    let output = run(&["check", &path]);
    assert_exit(&output, 1);
    let out = stdout(&output);
    assert!(
        out.contains("= help: Write the version as three numbers, `n.n.n`"),
        "{out}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "offer.json"],
        &["frobnicate"],
        &["explain"],
        &["explain", "--list", "LO0201"],
        &[],
    ] {
        let output = run(args);
        assert_exit(&output, 2);
        assert!(stdout(&output).is_empty(), "{args:?}: {}", stdout(&output));
    }
}

#[test]
fn a_clean_document_exits_0() {
    let dir = folder("clean");
    let path = valid_offer(&dir, &[]);
    let output = run(&["check", &path]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        format!(
            "note: `{path}` was checked against edition 2020 (named in the document)\n\
             note: checked 1 document: 0 errors, 0 warnings\n"
        )
    );
    assert_exit(&run(&["check", "--deny-warnings", &path]), 0);
    let json = run(&["check", "--format", "json", &path]);
    assert_exit(&json, 0);
    assert_eq!(stdout(&json), "[]\n");
}

// ---- --format json ----

#[test]
fn json_output_of_a_syntax_error_has_exactly_the_documented_fields() {
    let dir = folder("json-syntax");
    let path = write(&dir, "offer.json", MISSING_COMMA);
    let output = run(&["check", "--format", "json", &path]);
    assert_exit(&output, 2);
    // The file as given, then the rule (an error, LO0001, invalid-json) at the whole document,
    // the place (line 3, column 3: the `"` of "publisherId") and serde_json's message.
    let expected = format!(
        r#"[
  {{
    "file": {file},
    "severity": "error",
    "code": "LO0001",
    "name": "invalid-json",
    "path": "",
    "line": 3,
    "column": 3,
    "message": "the document is not valid JSON: expected `,` or `}}`",
    "help": {help}
  }}
]
"#,
        file = serde_json::to_string(&path).unwrap(),
        help = serde_json::to_string(lighthouse_offer::Rule::InvalidJson.fix()).unwrap()
    );
    assert_eq!(stdout(&output), expected);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn json_columns_count_characters_not_bytes() {
    let dir = folder("json-columns");
    // `é` is two bytes: the stray `"` is the 17th character of the line but its 18th byte.
    let path = write(&dir, "offer.json", "{\"name\": \"Café\" \"x\": 1}");
    let output = run(&["check", "--format", "json", &path]);
    assert_exit(&output, 2);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found[0]["line"], 1);
    assert_eq!(found[0]["column"], 17);
    // The human output shows the same place.
    let human = run(&["check", &path]);
    assert!(
        stdout(&human).contains(&format!(" --> {path}:1:17\n")),
        "{}",
        stdout(&human)
    );
}

#[test]
fn json_output_lists_the_diagnostics_of_every_file_in_one_array() {
    let dir = folder("json-several");
    let first = write(&dir, "a.json", MISSING_COMMA);
    let second = write(&dir, "b.json", "[1,");
    let output = run(&["check", "--format", "json", &first, &second]);
    assert_exit(&output, 2);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let files: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, [first.as_str(), second.as_str()]);
    // `[1,` ends too early: the place is just after the comma, line 1, column 4.
    assert_eq!(
        (&found[1]["line"], &found[1]["column"]),
        (&1.into(), &4.into())
    );
}

// ---- colours ----

#[test]
fn piped_output_has_no_colour_and_no_color_wins_over_forcing() {
    let dir = folder("colour");
    let path = write(&dir, "offer.json", MISSING_COMMA);
    let piped = run(&["check", &path]);
    assert!(!stdout(&piped).contains('\x1b'), "{:?}", stdout(&piped));
    assert!(!stdout(&run(&["explain", "LO0201"])).contains('\x1b'));

    // The colours are really there when asked for, so the test above is not empty-handed.
    let forced = tool()
        .args(["check", &path])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(stdout(&forced).contains('\x1b'), "{:?}", stdout(&forced));

    let no_color = tool()
        .args(["check", &path])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        !stdout(&no_color).contains('\x1b'),
        "{:?}",
        stdout(&no_color)
    );
    assert_eq!(stdout(&no_color), stdout(&piped));
}

// ---- explain ----

#[test]
fn explain_prints_code_name_severity_source_and_explanation() {
    for query in ["LO0201", "lo0201", "owner-role"] {
        let output = run(&["explain", query]);
        assert_exit(&output, 0);
        let out = stdout(&output);
        assert!(
            out.starts_with(
                "LO0201 owner-role\nseverity: error\nsource: Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): \"The Owner role isn't supported.\"; the resource provider's error (MicrosoftDocs/azure-docs issue 52919, 2020)\n\nThe Owner role cannot be delegated with Azure Lighthouse. "
            ),
            "{out}"
        );
        assert!(
            out.ends_with("is restricted for\nregistration\"\n"),
            "{out}"
        );
    }
}

#[test]
fn explain_tells_how_to_acknowledge_a_warning() {
    let output = run(&["explain", "missing-delete-role"]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output)
            .contains("list \"missing-delete-role\" in the document's\n`acknowledgedWarnings`")
    );
}

/// A user who met an error in Azure finds the rule from its text: a fragment in any case, or
/// the whole message as Azure printed it, with its IDs (texts as users reported them:
/// Azure/Azure-Lighthouse-samples issue 137, MicrosoftDocs/azure-docs issues 52919 and 117760).
#[test]
fn explain_finds_a_rule_from_the_resource_provider_s_error_text() {
    for (query, code) in [
        ("IS RESTRICTED FOR REGISTRATION", "LO0201 owner-role\n"),
        (
            "The role definition '92aaf0da-9dab-42b6-94a3-d43ce8d16293' with data actions not allowed for registration definition '5d4c3b2a-0000-4000-8000-000000000001'. Only built in role definitions without any data and notData actions are allowed.",
            "LO0202 data-actions-role\n",
        ),
        (
            "The role definition 'e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1' is not allowed for registration definition '5d4c3b2a-0000-4000-8000-000000000001' because of restricted actions.",
            "LO0203 restricted-action-role\n",
        ),
        (
            "restricted for eligible authorization",
            "LO0208 unsupported-eligible-role\n",
        ),
        (
            "ManagedByTenantId not allowed to update",
            "LO0820 tenant-changed\n",
        ),
    ] {
        let output = run(&["explain", query]);
        assert_exit(&output, 0);
        let text = stdout(&output);
        assert!(text.starts_with(code), "{query}: {text}");
        assert!(
            text.contains("Azure's resource provider reports it as: \""),
            "{text}"
        );
    }
    // An error no rule finds is quoted with the reason.
    let output = run(&["explain", "principals of type application"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(
        text.starts_with("Azure's error \"Principals of type Application cannot validly be used in role assignments.\"\n"),
        "{text}"
    );
    assert!(text.contains("No rule of this crate finds it: "), "{text}");
    // The code of a rule still finds it, and says what Azure answers.
    let owner = stdout(&run(&["explain", "LO0201"]));
    let owner = owner.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(owner.contains(
        "Azure's resource provider reports it as: \"The role definition '…' is restricted for registration\""
    ));
}

#[test]
fn explain_of_an_unknown_code_exits_2_and_points_to_the_list() {
    let output = run(&["explain", "LO9999"]);
    assert_exit(&output, 2);
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    assert!(
        err.starts_with("error: no rule has the code or name `LO9999`, and no error of the resource provider that the crate knows contains it\n"),
        "{err}"
    );
    assert!(
        err.contains("help: `lighthouse-offer explain --list` lists every rule"),
        "{err}"
    );
}

#[test]
fn explain_of_a_misspelt_name_suggests_the_nearest_rule() {
    let output = run(&["explain", "misisng-delete-role"]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.contains("did you mean `missing-delete-role` (LO0301)?"),
        "{err}"
    );
}

#[test]
fn explain_list_shows_every_rule_once() {
    let output = run(&["explain", "--list"]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), lighthouse_offer::Rule::ALL.len());
    for (line, rule) in lines.iter().zip(lighthouse_offer::Rule::ALL) {
        assert!(line.starts_with(rule.code()), "{line}");
        assert!(line.contains(&format!(" {} ", rule.name())), "{line}");
    }
    assert!(
        out.contains("LO0301  warning  missing-delete-role"),
        "{out}"
    );
}

// ---- help, schema ----

#[test]
fn help_lists_the_commands_with_examples() {
    let output = run(&["--help"]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    for command in ["check", "schema", "explain"] {
        assert!(
            out.lines()
                .any(|line| line.trim_start().starts_with(&format!("{command} "))),
            "{command} missing from\n{out}"
        );
    }
    assert!(
        out.contains("Examples:\n  lighthouse-offer check offer.json\n"),
        "{out}"
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["check", "schema", "explain"] {
        for flag in ["-h", "--help"] {
            let output = run(&[command, flag]);
            assert_exit(&output, 0);
            let out = stdout(&output);
            assert!(
                out.contains(&format!("Examples:\n  lighthouse-offer {command}")),
                "{command} {flag}:\n{out}"
            );
        }
    }
}

#[test]
fn check_long_help_documents_exit_codes_and_the_json_fields() {
    let out = stdout(&run(&["check", "--help"]));
    for field in [
        "file", "severity", "code", "name", "path", "line", "column", "message",
    ] {
        assert!(
            out.lines()
                .any(|line| line.trim_start().starts_with(&format!("{field} "))),
            "{field} missing from\n{out}"
        );
    }
    assert!(out.contains("counted in characters"), "{out}");
    for status in ["  0  ", "  1  ", "  2  "] {
        assert!(out.contains(status), "{out}");
    }
}

#[test]
fn schema_prints_a_json_schema() {
    let output = run(&["schema"]);
    assert_exit(&output, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn schema_prints_the_committed_files_of_each_draft() {
    let committed = |name: &str| {
        fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schema")
                .join(name),
        )
        .unwrap()
    };
    for (args, file) in [
        (&["schema"][..], "lighthouse-offer.schema.json"),
        (
            &["schema", "--draft", "2020-12"],
            "lighthouse-offer.schema.json",
        ),
        (
            &["schema", "--draft", "07"],
            "lighthouse-offer.draft-07.schema.json",
        ),
    ] {
        let output = run(args);
        assert_exit(&output, 0);
        assert!(
            stdout(&output) == committed(file),
            "{args:?} differs from {file}"
        );
    }
    let output = run(&["schema", "--draft", "2019-09"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("[possible values: 07, 2020-12]"),
        "{}",
        stderr(&output)
    );
}

// ---- with the offer model ----

#[test]
fn a_document_with_errors_exits_1_and_shows_each_error_at_its_value() {
    let dir = folder("owner");
    // The first authorization gives the Owner role, which Azure Lighthouse cannot delegate.
    let path = valid_offer(
        &dir,
        &[("/plans/0/manifest/authorizations/0/roleDefinitionId", OWNER)],
    );
    let output = run(&["check", &path]);
    assert_exit(&output, 1);
    let out = stdout(&output);
    assert!(out.starts_with("error[LO0201]: "), "{out}");
    assert!(out.contains(&format!("\"{OWNER}\"")), "{out}");
    assert!(out.contains("owner-role"), "{out}");

    let json = run(&["check", "--format", "json", &path]);
    assert_exit(&json, 1);
    let found: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let found = &found[0];
    assert_eq!(found["code"], "LO0201");
    assert_eq!(found["name"], "owner-role");
    assert_eq!(found["severity"], "error");
    assert_eq!(
        found["path"],
        "/plans/0/manifest/authorizations/0/roleDefinitionId"
    );
    // The value's place in the text, found independently of the tool.
    let text = fs::read_to_string(&path).unwrap();
    let (line, column) = place_of(&text, &format!("\"{OWNER}\""));
    assert_eq!(
        (found["line"].as_u64(), found["column"].as_u64()),
        (Some(line), Some(column))
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = folder("warning");
    // Without the delete role, the offer is publishable but gets the missing-delete-role warning.
    let path = valid_offer(
        &dir,
        &[(
            "/plans/0/manifest/authorizations/1/roleDefinitionId",
            READER,
        )],
    );
    let output = run(&["check", &path]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).starts_with("warning[LO0301]: "),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("note: checked 1 document: 0 errors, 1 warning\n"));

    let denied = run(&["check", "--deny-warnings", &path]);
    assert_exit(&denied, 1);
    assert!(
        stdout(&denied).contains(
            "error: 1 of 1 document failed the check: 0 errors, 1 warning (warnings are denied)"
        ),
        "{}",
        stdout(&denied)
    );

    let json = run(&["check", "--format", "json", "--deny-warnings", &path]);
    assert_exit(&json, 1);
    let found: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["name"], "missing-delete-role");
}

#[test]
fn an_unknown_field_is_underlined_at_its_name() {
    let dir = folder("unknown-field");
    let path = valid_offer(&dir, &[("/plans/0/plnId", "gold")]);
    let output = run(&["check", "--format", "json", &path]);
    assert_exit(&output, 1);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found[0]["name"], "unknown-field");
    assert_eq!(found[0]["path"], "/plans/0/plnId");
    let text = fs::read_to_string(&path).unwrap();
    let (line, column) = place_of(&text, "\"plnId\"");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(line), Some(column))
    );
}

#[test]
fn a_missing_image_is_an_error_of_the_check() {
    let dir = folder("missing-image");
    let path = valid_offer(&dir, &[]);
    fs::remove_file(dir.join("logos/40.png")).unwrap();
    let output = run(&["check", "--format", "json", &path]);
    assert_exit(&output, 1);
    let found: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found[0]["path"], "/marketingArtifacts/logos/small");
}

#[test]
fn images_are_checked_even_when_the_document_has_other_errors() {
    let dir = folder("missing-image-and-owner");
    let path = valid_offer(
        &dir,
        &[("/plans/0/manifest/authorizations/0/roleDefinitionId", OWNER)],
    );
    fs::remove_file(dir.join("logos/40.png")).unwrap();
    let output = run(&["check", "--format", "json", &path]);
    assert_exit(&output, 1);
    let found: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let names: Vec<&str> = found.iter().map(|d| d["name"].as_str().unwrap()).collect();
    // In the order of the text, which writes the fields in alphabetical order.
    assert_eq!(names, ["image-not-found", "owner-role"]);
}

// ---- a valid offer ----

const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

/// Writes a complete, valid offer document (the 2020 rules of FORMAT.md and DOMAIN.md) and its
/// logos into `dir`, with the changes given as (JSON Pointer, new string value): the pointer's
/// last token is set on its parent object (added when missing). Returns the document's path.
fn valid_offer(dir: &Path, changes: &[(&str, &str)]) -> String {
    let mut offer = crate::support::inline_offer();
    offer["edition"] = "2020".into();
    offer["listing"]["usefulLinks"] =
        serde_json::json!([{ "name": "Documentation", "url": "https://contoso.example/docs" }]);
    offer["marketingArtifacts"] = serde_json::json!({
        "logos": {
            "small": "logos/40.png",
            "medium": "logos/90.png",
            "large": "logos/115.png",
            "wide": "logos/255x115.png"
        }
    });
    // The test writes no hero image; leaving it out is a warning, acknowledged here.
    offer["acknowledgedWarnings"] = serde_json::json!(["missing-hero-image"]);
    for (pointer, value) in changes {
        let (parent, name) = pointer.rsplit_once('/').unwrap();
        offer.pointer_mut(parent).unwrap()[name] = (*value).into();
    }
    for (name, width, height) in [
        ("logos/40.png", 40, 40),
        ("logos/90.png", 90, 90),
        ("logos/115.png", 115, 115),
        ("logos/255x115.png", 255, 115),
    ] {
        write(dir, name, solid_png(width, height, [0xe0, 0x70, 0x20]));
    }
    write(
        dir,
        "offer.json",
        serde_json::to_string_pretty(&offer).unwrap(),
    )
}

/// The 1-based line and column (in characters) where `needle` first occurs in `text`.
fn place_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line as u64, column as u64)
}

/// An opaque PNG of one colour: 8-bit RGB, no interlace, the image data in stored (uncompressed)
/// deflate blocks, as the PNG specification and RFC 1950/1951 describe them.
fn solid_png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    // Each row: filter type 0 (none), then the pixels.
    let mut row = vec![0];
    row.extend(rgb.repeat(width as usize));
    let raw = row.repeat(height as usize);
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = u16::try_from(block.len()).unwrap();
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &zlib), (b"IEND", &[])] {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

#[test]
fn the_png_helper_writes_what_the_specification_says() {
    // The CRC of "IEND" with no data is the constant every PNG ends with.
    assert_eq!(crc32(b"IEND"), 0xae42_6082);
    let png = solid_png(2, 1, [1, 2, 3]);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!(&png[16..24], &[0, 0, 0, 2, 0, 0, 0, 1]);
    assert_eq!(&png[png.len() - 12..], b"\0\0\0\0IEND\xaeB`\x82");
}
