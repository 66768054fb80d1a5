//! Allowing warnings: `--allow CODE|NAME` on every command that reports, and the project file
//! `lighthouse-offer.toml` (found from the checked file's folder upward), which also sets the
//! edition of documents that name none. Allowed findings leave the exit status alone, are not
//! shown, and are suppressed results in SARIF; errors cannot be allowed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::cli::{assert_exit, folder, run, stderr, stdout};
use serde_json::Value;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel");

/// The example offer in `dir/sub`, without its `edition` (the warning `edition-not-named`).
fn without_edition(dir: &Path) -> PathBuf {
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
    let sub = dir.join("sub");
    copy(Path::new(EXAMPLE), &sub);
    let path = sub.join("offer.json");
    let mut offer: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    offer.as_object_mut().unwrap().remove("edition");
    fs::write(&path, serde_json::to_string_pretty(&offer).unwrap()).unwrap();
    path
}

#[test]
fn an_allowed_warning_is_not_shown_nor_counted_and_sarif_lists_it_suppressed() {
    let dir = folder("cli_allow", "check");
    let offer = without_edition(&dir);
    let offer = offer.to_str().unwrap();
    let denied = run(&["check", "--deny-warnings", offer]);
    assert_exit(&denied, 1);
    assert!(stdout(&denied).contains("edition-not-named"));
    for rule in ["edition-not-named", "LO0902", "lo0902"] {
        let allowed = run(&["check", "--deny-warnings", "--allow", rule, offer]);
        assert_exit(&allowed, 0);
        assert!(!stdout(&allowed).contains("LO0902"), "{}", stdout(&allowed));
    }
    let json = run(&["check", "--format", "json", "--allow", "LO0902", offer]);
    assert_eq!(stdout(&json), "[]\n");
    let sarif = run(&[
        "check",
        "--format",
        "sarif",
        "--deny-warnings",
        "--allow",
        "edition-not-named",
        offer,
    ]);
    assert_exit(&sarif, 0);
    let log: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "LO0902");
    assert_eq!(
        results[0]["suppressions"],
        serde_json::json!([{ "kind": "external", "justification": "allowed by --allow" }])
    );
}

#[test]
fn errors_and_unknown_rules_cannot_be_allowed() {
    let dir = folder("cli_allow", "errors");
    let offer = without_edition(&dir);
    let offer = offer.to_str().unwrap();
    let error = run(&["check", "--allow", "owner-role", offer]);
    assert_exit(&error, 2);
    assert!(
        stderr(&error).contains("`owner-role` (LO0201) is an error, and errors cannot be allowed"),
        "{}",
        stderr(&error)
    );
    let unknown = run(&["check", "--allow", "edition-not-name", offer]);
    assert_exit(&unknown, 2);
    assert!(
        stderr(&unknown).contains("did you mean `edition-not-named`"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_project_file_above_the_document_allows_rules_and_sets_the_default_edition() {
    let dir = folder("cli_allow", "project");
    let offer = without_edition(&dir);
    let offer = offer.to_str().unwrap();
    let project = dir.join("lighthouse-offer.toml");
    fs::write(&project, "allow = [\"edition-not-named\"]\n").unwrap();
    let allowed = run(&["check", "--deny-warnings", "--format", "sarif", offer]);
    assert_exit(&allowed, 0);
    let log: Value = serde_json::from_str(&stdout(&allowed)).unwrap();
    let justification = log["runs"][0]["results"][0]["suppressions"][0]["justification"]
        .as_str()
        .unwrap();
    assert!(
        justification.contains("lighthouse-offer.toml"),
        "{justification}"
    );
    // The edition of documents that name none: the rules of 2026 judge the 2020 example.
    fs::write(&project, "edition = \"2026\"\n").unwrap();
    let checked = run(&["check", offer]);
    let out = stdout(&checked);
    assert!(
        out.contains("was checked against edition 2026 (the default of `"),
        "{out}"
    );
    assert!(!out.contains("edition-not-named"), "{out}");
    // `--edition` wins over the project file.
    let chosen = run(&["check", "--edition", "2020", offer]);
    assert!(stdout(&chosen).contains("(chosen with `--edition`)"));
    // A project file that is wrong is named.
    fs::write(&project, "allow = [\"owner-role\"]\n").unwrap();
    let wrong = run(&["check", offer]);
    assert_exit(&wrong, 2);
    assert!(
        stderr(&wrong).contains("lighthouse-offer.toml`: allow = \"owner-role\""),
        "{}",
        stderr(&wrong)
    );
    fs::write(&project, "alow = []\n").unwrap();
    let unknown = run(&["check", offer]);
    assert_exit(&unknown, 2);
    assert!(
        stderr(&unknown).contains("is not a valid project file"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn audits_and_arm_checks_allow_warnings_too() {
    let dir = folder("cli_allow", "audit");
    let empty = dir.join("empty.json");
    fs::write(&empty, "[]\n").unwrap();
    let offer = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel/offer.json"
    );
    let denied = run(&[
        "audit",
        offer,
        "--from",
        empty.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_exit(&denied, 1);
    let allowed = run(&[
        "audit",
        offer,
        "--from",
        empty.to_str().unwrap(),
        "--deny-warnings",
        "--allow",
        "no-delegation-of-offer",
    ]);
    assert_exit(&allowed, 0);
    assert!(!stdout(&allowed).contains("LO1016"), "{}", stdout(&allowed));
    // An ARM template on an old API version: a warning no document can acknowledge.
    let template = dir.join("old.json");
    let exported = run(&[
        "arm",
        "export",
        offer,
        "--plan",
        "gold",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_exit(&exported, 0);
    let text = fs::read_to_string(dir.join("gold.subscription.json")).unwrap();
    fs::write(
        &template,
        text.replace("\"2022-10-01\"", "\"2020-02-01-preview\""),
    )
    .unwrap();
    let template = template.to_str().unwrap();
    let parameters = dir.join("gold.subscription.parameters.json");
    let parameters = parameters.to_str().unwrap();
    let old = run(&[
        "arm",
        "check",
        "--deny-warnings",
        "--template",
        template,
        parameters,
    ]);
    assert_exit(&old, 1);
    assert!(stdout(&old).contains("old-api-version"), "{}", stdout(&old));
    let allowed = run(&[
        "arm",
        "check",
        "--deny-warnings",
        "--allow",
        "old-api-version",
        "--template",
        template,
        parameters,
    ]);
    assert_exit(&allowed, 0);
    // And `diff` takes --allow as well (errors still cannot be allowed).
    let diff = run(&["diff", offer, offer, "--allow", "owner-role"]);
    assert_exit(&diff, 2);
}

/// `explain` offers acknowledging in the document only for the warnings an offer document can
/// acknowledge, and `--allow` for every warning of a check (the changes `diff` finds for
/// customers to review are explained as such): never a way that gives `unknown-warning`.
#[test]
fn explain_offers_the_way_of_allowing_that_fits_each_warning() {
    use lighthouse_offer::offer::AcknowledgedWarning;
    use lighthouse_offer::{Rule, Severity};
    for rule in Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.severity() == Severity::Warning && !r.compares_versions())
    {
        let output = run(&["explain", rule.code()]);
        assert_exit(&output, 0);
        let text = stdout(&output)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let acknowledged = text.contains(&format!(
            "list \"{}\" in the document's `acknowledgedWarnings`",
            rule.name()
        ));
        assert_eq!(
            acknowledged,
            AcknowledgedWarning::new(rule).is_ok(),
            "{}: {text}",
            rule.code()
        );
        assert!(
            text.contains(&format!("`--allow {}`", rule.name())),
            "{}: {text}",
            rule.code()
        );
    }
}
