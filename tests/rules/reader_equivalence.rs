//! The offer reader reads a document's text in one pass into a tree of its own (texts borrowed
//! from the document) instead of parsing it to a `serde_json::Value` first. Reading a parsed
//! `serde_json::Value` (`ReadOptions::read_value`) still goes through `serde_json`'s parse: both
//! roads must give the same verdict, byte for byte, on every example and fixture and on each
//! broken variant of the example below. (`read_value` is given no text, so it cannot see a
//! field named twice: the texts compared have none, or their `duplicate-key` findings are left
//! out.)

use std::path::Path;

use lighthouse_offer::audit::Deployed;
use lighthouse_offer::{Offer, ReadOptions, Report, Rule};

/// Every diagnostic of a verdict as the human format prints it, in order; an accepted value as
/// its warnings and its JSON.
fn verdict(read: Result<lighthouse_offer::Checked<Offer>, Report>) -> Vec<String> {
    match read {
        Ok(checked) => {
            let mut all: Vec<String> = checked.warnings().iter().map(ToString::to_string).collect();
            all.push(serde_json::to_string(checked.value()).unwrap());
            all
        }
        Err(report) => report
            .diagnostics()
            .iter()
            .filter(|d| d.rule() != Rule::DuplicateKey)
            .map(ToString::to_string)
            .collect(),
    }
}

/// Both roads on `text`, when `serde_json` reads it.
fn same_verdict(text: &str, name: &str) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    let options = ReadOptions::new();
    assert_eq!(
        verdict(options.read_json(text)),
        verdict(options.read_value(&value)),
        "{name}"
    );
    let deployed = |read: Result<Deployed, Report>| match read {
        Ok(deployed) => format!("{:?}", deployed.resources().len()),
        Err(report) => report.to_string(),
    };
    assert_eq!(
        deployed(Deployed::from_json_str(text)),
        deployed(Deployed::from_json_value(&value)),
        "{name} as deployed delegations"
    );
}

fn json_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}

#[test]
fn every_example_and_fixture_reads_the_same_on_both_roads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    json_files(&root.join("examples"), &mut files);
    json_files(&root.join("tests/fixtures"), &mut files);
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        same_verdict(&text, &file.display().to_string());
    }
}

#[test]
fn each_broken_variant_of_the_example_reads_the_same_on_both_roads() {
    let example = include_str!("../../examples/contoso-sentinel/offer.json");
    let lines: Vec<&str> = example.lines().collect();
    // Each line left out (a field lost, or the text no longer JSON: then only the tree's
    // refusal is compared, below).
    for i in 0..lines.len() {
        let text = [&lines[..i], &lines[i + 1..]].concat().join("\n");
        same_verdict(&text, &format!("without line {}", i + 1));
    }
    // Each text value and each number replaced by values of other types and shapes.
    let mut variants = 0;
    for (i, _) in example.match_indices(": \"") {
        for other in [
            "42",
            "-0.5e2",
            "null",
            "true",
            "[]",
            "{}",
            "\"\\u00e9\\n\"",
            "\"<placeholder>\"",
        ] {
            let end = example[i + 3..].find('"').unwrap() + i + 4;
            let text = format!("{}: {other}{}", &example[..i], &example[end..]);
            same_verdict(&text, &format!("{other} at byte {i}"));
            variants += 1;
        }
    }
    assert!(variants > 100);
}

#[test]
fn what_json_refuses_is_refused_with_the_same_words() {
    let example = include_str!("../../examples/contoso-sentinel/offer.json");
    for (name, text) in [
        ("a missing comma", example.replacen("\",\n", "\"\n", 1)),
        (
            "a control character",
            example.replacen("Contoso", "Con\u{1}toso", 1),
        ),
        (
            "a lone surrogate",
            example.replacen("Contoso", "\\ud800", 1),
        ),
        (
            "a number out of range",
            example.replacen("\"1.0.0\"", "1e400", 1),
        ),
        ("text after the end", format!("{example} x")),
        (
            "nesting too deep",
            format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ),
        ("an empty text", String::new()),
        ("a byte order mark", format!("\u{feff}{example}")),
    ] {
        let theirs = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'));
        let mine = Offer::from_json_str(&text);
        assert_eq!(theirs.is_ok(), mine.is_ok(), "{name}");
        if let Err(report) = mine {
            assert!(!report.diagnostics().is_empty(), "{name}");
        }
    }
}
