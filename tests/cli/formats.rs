//! `--format sarif` and `--format github` of `check`, `diff` and `arm check`, run as a user runs
//! them: what the SARIF log holds (checked against the JSON format and the rule catalog), that its
//! fingerprints survive edits elsewhere in the file, GitHub's escaping, exit codes, secrets.
//!
//! The conformance tests at the end (ignored; `cargo test -- --ignored`) check the logs with
//! Microsoft's SARIF validator and against the SARIF 2.1.0 JSON Schema that it ships: they read
//! the folder that `npm install --prefix DIR @microsoft/sarif-multitool` filled, named by the
//! environment variable `LIGHTHOUSE_SARIF_MULTITOOL`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::cli::{assert_exit, folder, stderr, stdout, tool};
use lighthouse_offer::Rule;
use serde_json::{Value, json};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel");
const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const SECRET: &str = "SECRET-MARKER-4711";

/// Runs the binary in `dir` with `args`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    tool()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The example offer (document and images) copied into `dir`.
fn copy_example(dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy(Path::new(EXAMPLE), dir);
}

/// The example offer in `dir`, changed by `edit`, written back pretty-printed. Returns its text.
fn edited_example(dir: &Path, edit: impl FnOnce(&mut Value)) -> String {
    copy_example(dir);
    let path = dir.join("offer.json");
    let mut offer: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut offer);
    let text = serde_json::to_string_pretty(&offer).unwrap() + "\n";
    fs::write(&path, &text).unwrap();
    text
}

/// The example with an Owner authorization (an error), a secret written into the document (an
/// error) and a warning (the hero image, no longer acknowledged).
fn broken_example(dir: &Path) -> String {
    edited_example(dir, |offer| {
        offer["plans"][0]["manifest"]["authorizations"][0]["roleDefinitionId"] = OWNER.into();
        offer["leadManagement"]["destination"] = json!({
            "type": "azureTable",
            "connectionString": format!("DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={SECRET}"),
        });
        offer["marketingArtifacts"]
            .as_object_mut()
            .unwrap()
            .remove("hero");
        offer["acknowledgedWarnings"] = json!([]);
    })
}

fn parse(output: &Output) -> Value {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(output)))
}

/// The rule with this code.
fn rule(code: &str) -> Rule {
    *Rule::ALL.iter().find(|r| r.code() == code).unwrap()
}

/// The 1-based line and column (in characters) of the first `needle` in `text`, and the column
/// just after it (the needle is on one line).
fn place_of(text: &str, needle: &str) -> (u64, u64, u64) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = 1 + before[line_start..].chars().count();
    let end = column + needle.chars().count();
    (line as u64, column as u64, end as u64)
}

// ---- SARIF ----

#[test]
fn the_sarif_log_names_the_tool_and_describes_the_rules_that_fired_from_the_catalog() {
    let dir = folder("cli_formats", "sarif_rules");
    broken_example(&dir);
    let output = run_in(&dir, &["check", "--format", "sarif", "offer.json"]);
    assert_exit(&output, 1);
    let log = parse(&output);
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .unwrap()
            .ends_with("/sarif-schema-2.1.0.json")
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "lighthouse-offer");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    // No invented web address: `informationUri` is optional, and the project has none.
    assert!(driver.get("informationUri").is_none(), "{driver}");

    // Exactly the rules that fired, in code order.
    let json = parse(&run_in(&dir, &["check", "--format", "json", "offer.json"]));
    let mut fired: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    fired.sort_unstable();
    fired.dedup();
    assert!(
        fired.contains(&"LO0201") && fired.contains(&"LO0600"),
        "{fired:?}"
    );
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, fired);

    for descriptor in rules {
        let code = descriptor["id"].as_str().unwrap();
        let rule = rule(code);
        assert_eq!(descriptor["name"], rule.name());
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            rule.severity().to_string()
        );
        let full = descriptor["fullDescription"]["text"].as_str().unwrap();
        assert_eq!(
            full,
            rule.explanation()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        let short = descriptor["shortDescription"]["text"].as_str().unwrap();
        assert!(full.starts_with(short) && short.ends_with('.'), "{short}");
        // The help is the fix, as the `= help:` line says it, with the way to the long story.
        let help = descriptor["help"]["text"].as_str().unwrap();
        assert!(help.starts_with(rule.fix()), "{code}: {help}");
        assert!(
            help.contains(&format!("lighthouse-offer explain {code}")),
            "{help}"
        );
    }
}

#[test]
fn sarif_results_are_the_json_diagnostics_with_the_underlined_span_and_their_pointer() {
    let dir = folder("cli_formats", "sarif_results");
    let text = broken_example(&dir);
    let sarif = parse(&run_in(&dir, &["check", "--format", "sarif", "offer.json"]));
    let json = parse(&run_in(&dir, &["check", "--format", "json", "offer.json"]));
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let diagnostics = json.as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    assert!(diagnostics.iter().any(|d| d["severity"] == "warning"));
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], diagnostic["code"]);
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            result["ruleId"]
        );
        assert_eq!(result["level"], diagnostic["severity"]);
        assert_eq!(result["message"]["text"], diagnostic["message"]);
        let location = &result["locations"][0];
        let physical = &location["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "offer.json");
        assert_eq!(physical["region"]["startLine"], diagnostic["line"]);
        assert_eq!(physical["region"]["startColumn"], diagnostic["column"]);
        assert_eq!(
            location["logicalLocations"][0]["fullyQualifiedName"],
            diagnostic["path"]
        );
        let fingerprint = result["partialFingerprints"]["lighthouseOffer/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fingerprint.len(), 16);
    }
    // The end is where the underlined value ends: the Owner role's GUID with its quotes.
    let owner = results.iter().find(|r| r["ruleId"] == "LO0201").unwrap();
    let (line, column, end) = place_of(&text, &format!("\"{OWNER}\""));
    let region = &owner["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        [
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ],
        [&json!(line), &json!(column), &json!(line), &json!(end)]
    );
}

#[test]
fn fingerprints_survive_reruns_and_edits_elsewhere_in_the_file() {
    let dir = folder("cli_formats", "fingerprints");
    let text = broken_example(&dir);
    let fingerprints = |output: &Output| -> Vec<(String, u64)> {
        parse(output)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["lighthouseOffer/v1"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let first = run_in(&dir, &["check", "--format", "sarif", "offer.json"]);
    let again = run_in(&dir, &["check", "--format", "sarif", "offer.json"]);
    assert_eq!(stdout(&first), stdout(&again));
    let before = fingerprints(&first);
    let mut unique: Vec<&String> = before.iter().map(|(f, _)| f).collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), before.len(), "{before:?}");

    // Three lines more at the top, another indentation: every finding moves, none changes.
    let moved = format!(
        "\n\n\n{}",
        text.replace("\n  ", "\n    ")
            .replace("\"offerId\"", "\"offerId\"   ")
    );
    fs::write(dir.join("offer.json"), moved).unwrap();
    let after = fingerprints(&run_in(&dir, &["check", "--format", "sarif", "offer.json"]));
    assert_eq!(after.len(), before.len());
    for ((was, line_was), (is, line_is)) in before.iter().zip(&after) {
        assert_eq!(was, is);
        assert!(line_is > line_was, "{line_was} -> {line_is}");
    }

    // The same findings in another file are other findings.
    fs::rename(dir.join("offer.json"), dir.join("next.json")).unwrap();
    let renamed = fingerprints(&run_in(&dir, &["check", "--format", "sarif", "next.json"]));
    assert!(
        renamed
            .iter()
            .all(|(f, _)| before.iter().all(|(g, _)| f != g))
    );
}

#[test]
fn sarif_uris_are_relative_to_the_working_directory_and_percent_encoded() {
    let dir = folder("cli_formats", "uris");
    let sub = dir.join("my offers");
    broken_example(&sub);
    let absolute = sub.join("offer.json");
    let relative = Path::new("my offers").join("offer.json");
    for given in [absolute.to_str().unwrap(), relative.to_str().unwrap()] {
        let sarif = parse(&run_in(&dir, &["check", "--format", "sarif", given]));
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            assert_eq!(
                result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                "my%20offers/offer.json",
                "{given}"
            );
        }
    }
}

#[test]
fn a_log_with_nothing_found_has_no_rules_and_no_results() {
    let dir = folder("cli_formats", "clean");
    copy_example(&dir);
    let output = run_in(&dir, &["check", "--format", "sarif", "offer.json"]);
    assert_exit(&output, 0);
    let log = parse(&output);
    assert_eq!(log["runs"][0]["results"], json!([]));
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"], json!([]));
}

// ---- GitHub workflow commands ----

#[test]
fn github_commands_annotate_every_diagnostic_with_its_span_and_title() {
    let dir = folder("cli_formats", "github");
    let text = broken_example(&dir);
    let output = run_in(&dir, &["check", "--format", "github", "offer.json"]);
    assert_exit(&output, 1);
    let json = parse(&run_in(&dir, &["check", "--format", "json", "offer.json"]));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    let diagnostics = json.as_array().unwrap();
    assert_eq!(lines.len(), diagnostics.len(), "{lines:#?}");
    for (line, diagnostic) in lines.iter().zip(diagnostics) {
        let command = format!(
            "::{} file=offer.json,",
            diagnostic["severity"].as_str().unwrap()
        );
        assert!(line.starts_with(&command), "{line}");
        let title = format!(
            ",title={} {}::",
            diagnostic["code"].as_str().unwrap(),
            diagnostic["name"].as_str().unwrap()
        );
        assert!(line.contains(&title), "{line}");
    }
    let (row, column, end) = place_of(&text, &format!("\"{OWNER}\""));
    let message = diagnostics.iter().find(|d| d["code"] == "LO0201").unwrap()["message"]
        .as_str()
        .unwrap();
    let expected = format!(
        "::error file=offer.json,line={row},endLine={row},col={column},endColumn={},title=LO0201 owner-role::{message}",
        end - 1
    );
    assert!(lines.contains(&expected), "{expected}\n{lines:#?}");
}

#[test]
fn github_commands_escape_what_the_runner_requires_and_leave_columns_out_across_lines() {
    let dir = folder("cli_formats", "github_escaping");
    let sub = dir.join("team,1:a");
    edited_example(&sub, |offer| {
        offer["50%\r\n::x"] = json!(1);
        offer["plans"][0]["manifest"]["authorizations"][0]
            .as_object_mut()
            .unwrap()
            .remove("principalIdDisplayName");
    });
    let output = run_in(
        &dir,
        &["check", "--format", "github", "team,1:a/offer.json"],
    );
    assert_exit(&output, 1);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for line in &lines {
        assert!(
            line.starts_with("::error file=team%2C1%3Aa/offer.json,"),
            "{line}"
        );
    }
    let unknown = lines
        .iter()
        .find(|l| l.contains("title=LO0004 unknown-field::"))
        .unwrap();
    assert!(
        unknown.contains("unknown field `50%25%0D%0A::x`"),
        "{unknown}"
    );
    // The authorization without its display name spans several lines: no columns.
    let missing = lines
        .iter()
        .find(|l| l.contains("title=LO0003 missing-field::"))
        .unwrap();
    assert!(
        !missing.contains(",col=") && !missing.contains(",endColumn="),
        "{missing}"
    );
    let (start, end) = {
        let properties = missing.split(',').collect::<Vec<_>>();
        let number = |name: &str| -> u64 {
            properties
                .iter()
                .find_map(|p| p.strip_prefix(name))
                .unwrap()
                .parse()
                .unwrap()
        };
        (number("line="), number("endLine="))
    };
    assert!(end > start, "{missing}");
}

// ---- every format ----

#[test]
fn exit_codes_are_the_same_in_every_format() {
    let dir = folder("cli_formats", "exit_codes");
    let clean = dir.join("clean");
    copy_example(&clean);
    let broken = dir.join("broken");
    broken_example(&broken);
    fs::write(dir.join("not-json.json"), "{ \"offerId\": ").unwrap();
    let cases: [(&[&str], i32); 4] = [
        (&["clean/offer.json"], 0),
        (&["broken/offer.json"], 1),
        (&["clean/offer.json", "not-json.json"], 2),
        (&["missing.json"], 2),
    ];
    for format in ["human", "json", "sarif", "github"] {
        for (files, code) in cases {
            let mut args = vec!["check", "--format", format];
            args.extend(files);
            let output = run_in(&dir, &args);
            assert_exit(&output, code);
            if format == "sarif" {
                // A log even when a file cannot be read; the file is reported on standard error.
                assert_eq!(parse(&output)["version"], "2.1.0");
            }
        }
    }
    let unreadable = run_in(&dir, &["check", "--format", "sarif", "missing.json"]);
    assert!(stderr(&unreadable).contains("cannot read `missing.json`"));
    assert_eq!(parse(&unreadable)["runs"][0]["results"], json!([]));
}

#[test]
fn no_format_shows_a_secret_written_into_the_document() {
    let dir = folder("cli_formats", "secrets");
    broken_example(&dir);
    for format in ["human", "json", "sarif", "github"] {
        let output = run_in(&dir, &["check", "--format", format, "offer.json"]);
        assert_exit(&output, 1);
        assert!(stdout(&output).contains("LO0600"), "{format}");
        assert!(
            !stdout(&output).contains(SECRET) && !stderr(&output).contains(SECRET),
            "{format}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn diff_reports_changes_in_sarif_and_github_in_the_document_they_point_into() {
    let dir = folder("cli_formats", "diff");
    copy_example(&dir);
    let old = fs::read_to_string(dir.join("offer.json")).unwrap();
    fs::write(dir.join("published.json"), &old).unwrap();
    let mut offer: Value = serde_json::from_str(&old).unwrap();
    let plans = offer["plans"].as_array_mut().unwrap();
    assert!(plans.len() > 1);
    plans.remove(1);
    fs::write(
        dir.join("offer.json"),
        serde_json::to_string_pretty(&offer).unwrap(),
    )
    .unwrap();
    let args = |format| ["diff", "--format", format, "published.json", "offer.json"];
    let json = run_in(&dir, &args("json"));
    assert_exit(&json, 1);
    let sarif = run_in(&dir, &args("sarif"));
    assert_exit(&sarif, 1);
    let github = run_in(&dir, &args("github"));
    assert_exit(&github, 1);
    let changes = parse(&json);
    let changes = changes.as_array().unwrap();
    let log = parse(&sarif);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), changes.len());
    assert_eq!(stdout(&github).lines().count(), changes.len());
    let removed = results
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/plans/1")
        .expect("the removed plan");
    assert_eq!(removed["level"], "error");
    assert_eq!(
        removed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "published.json"
    );
    assert!(
        stdout(&github)
            .lines()
            .any(|l| l.starts_with("::error file=published.json,")),
        "{}",
        stdout(&github)
    );
}

#[test]
fn arm_check_reports_in_sarif_and_github() {
    let dir = folder("cli_formats", "arm");
    copy_example(&dir);
    let export = run_in(
        &dir,
        &[
            "arm",
            "export",
            "offer.json",
            "--plan",
            "gold",
            "--out",
            "arm",
        ],
    );
    assert_exit(&export, 0);
    let path = dir.join("arm").join("subscription.parameters.json");
    let text = fs::read_to_string(&path).unwrap();
    let mut parameters: Value = serde_json::from_str(&text).unwrap();
    parameters["parameters"]["authorizations"]["value"][0]["roleDefinitionId"] = OWNER.into();
    fs::write(&path, serde_json::to_string_pretty(&parameters).unwrap()).unwrap();
    let file = "arm/subscription.parameters.json";
    let sarif = run_in(&dir, &["arm", "check", "--format", "sarif", file]);
    assert_exit(&sarif, 1);
    let log = parse(&sarif);
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "LO0201")
        .cloned()
        .unwrap_or_else(|| panic!("{log:#}"));
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        file
    );
    let github = run_in(&dir, &["arm", "check", "--format", "github", file]);
    assert_exit(&github, 1);
    assert!(
        stdout(&github).contains("title=LO0201 owner-role::"),
        "{}",
        stdout(&github)
    );
}

#[test]
fn help_lists_every_format() {
    for command in [&["check"][..], &["diff"], &["arm", "check"]] {
        let mut args = command.to_vec();
        args.push("--help");
        let output = tool().args(&args).output().unwrap();
        let out = stdout(&output);
        for format in ["human", "json", "sarif", "github"] {
            assert!(
                out.lines()
                    .any(|l| l.trim_start().starts_with(&format!("- {format}:"))),
                "{command:?} {format}:\n{out}"
            );
        }
    }
}

// ---- conformance: Microsoft's validator and the SARIF 2.1.0 schema ----

/// The folder that `npm install --prefix DIR @microsoft/sarif-multitool` filled.
fn multitool_dir() -> PathBuf {
    let dir = std::env::var_os("LIGHTHOUSE_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .expect(
            "set LIGHTHOUSE_SARIF_MULTITOOL to a folder where \
         `npm install --prefix DIR @microsoft/sarif-multitool` ran (.ci/run does)",
        );
    assert!(
        dir.join("node_modules/.bin/sarif-multitool").exists(),
        "no node_modules/.bin/sarif-multitool in {}",
        dir.display()
    );
    dir
}

/// SARIF logs of every command and of the edge cases: errors and warnings, a syntax error, nothing
/// found, a file that cannot be read, a diff and an ARM check. Written into `dir`, paths returned.
fn sample_logs(dir: &Path) -> Vec<PathBuf> {
    let broken = dir.join("broken");
    broken_example(&broken);
    let clean = dir.join("clean");
    copy_example(&clean);
    fs::write(dir.join("not-json.json"), "{ \"offerId\": ").unwrap();
    let clean_text = fs::read_to_string(clean.join("offer.json")).unwrap();
    let mut next: Value = serde_json::from_str(&clean_text).unwrap();
    next["plans"].as_array_mut().unwrap().remove(1);
    next["plans"][0]["manifest"]["version"] = "9.0.0".into();
    next["listing"]["title"] = "Contoso Sentinel, managed".into();
    fs::write(
        clean.join("next.json"),
        serde_json::to_string_pretty(&next).unwrap(),
    )
    .unwrap();
    let export = run_in(
        &clean,
        &[
            "arm",
            "export",
            "offer.json",
            "--plan",
            "gold",
            "--out",
            "arm",
        ],
    );
    assert_exit(&export, 0);
    let runs: [(&str, &[&str]); 6] = [
        ("broken", &["check", "broken/offer.json"]),
        ("syntax", &["check", "not-json.json"]),
        ("clean", &["check", "clean/offer.json"]),
        (
            "unreadable",
            &["check", "missing.json", "broken/offer.json"],
        ),
        ("diff", &["diff", "clean/offer.json", "clean/next.json"]),
        (
            "arm",
            &["arm", "check", "clean/arm/subscription.parameters.json"],
        ),
    ];
    let mut logs = Vec::new();
    for (name, args) in runs {
        let mut args = args.to_vec();
        let at = if args[0] == "arm" { 2 } else { 1 };
        args.splice(at..at, ["--format", "sarif"]);
        let output = run_in(dir, &args);
        assert!(output.status.code().is_some(), "{name}");
        let log = parse(&output);
        assert_eq!(log["version"], "2.1.0", "{name}");
        let path = dir.join(format!("{name}.sarif"));
        fs::write(&path, stdout(&output)).unwrap();
        logs.push(path);
    }
    logs
}

#[test]
#[ignore = "conformance: needs Microsoft's SARIF validator (npm), see LIGHTHOUSE_SARIF_MULTITOOL"]
fn sarif_logs_pass_microsofts_validator_without_errors_or_warnings_but_the_missing_information_uri()
{
    let tool_dir = multitool_dir();
    let dir = folder("cli_formats", "conformance_validator");
    let logs = sample_logs(&dir);
    let validator = tool_dir.join("node_modules/.bin/sarif-multitool");
    for log in &logs {
        let output = std::process::Command::new(&validator)
            .arg("validate")
            .arg(log)
            .output()
            .expect("the validator runs");
        let out = stdout(&output) + &stderr(&output);
        assert!(
            out.contains("Analysis completed successfully"),
            "{}:\n{out}",
            log.display()
        );
        // The validator exits 0 with errors too: its findings are read from its output, one a
        // line, as `FILE(LINE,COLUMN): error SARIF1002: …`.
        // SARIF2005 asks for `informationUri`, an optional property: the project publishes no
        // web page, and an invented address would be worse than none.
        let findings: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("): error ") || l.contains("): warning "))
            .filter(|l| !l.contains("warning SARIF2005:"))
            .collect();
        assert!(findings.is_empty(), "{}:\n{out}", log.display());
    }
}

#[test]
#[ignore = "conformance: needs the SARIF 2.1.0 JSON Schema that Microsoft's SARIF validator (npm) ships, see LIGHTHOUSE_SARIF_MULTITOOL"]
fn sarif_logs_match_the_sarif_2_1_0_json_schema() {
    let tool_dir = multitool_dir();
    let schema_path =
        tool_dir.join("node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(&schema_path)
            .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display())),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let dir = folder("cli_formats", "conformance_schema");
    for log in sample_logs(&dir) {
        let instance: Value = serde_json::from_str(&fs::read_to_string(&log).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            log.display(),
            errors.join("\n")
        );
    }
}
