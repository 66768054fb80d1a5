//! Files as users have them: UTF-16 with a byte order mark, other encodings, comments, trailing
//! commas, YAML given to the JSON reader.

use std::path::Path;

use crate::support::cli::{assert_exit, run, stderr, stdout};
use lighthouse_offer::{Offer, Rule};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/offer.json"
);

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut bytes = if little {
        vec![0xff, 0xfe]
    } else {
        vec![0xfe, 0xff]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// A copy of the example folder (its images) with the document written as `bytes`.
fn example_as(name: &str, bytes: &[u8]) -> String {
    let dir = crate::support::cli::folder("cli_encodings", name);
    let src = Path::new(EXAMPLE).parent().unwrap();
    for sub in ["logos", "screenshots"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(src.join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let path = dir.join("offer.json");
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn utf16_with_a_byte_order_mark_is_read_like_utf8() {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let utf8 = run(&["check", "--format", "json", EXAMPLE]);
    for (name, little) in [("utf16le", true), ("utf16be", false)] {
        let path = example_as(name, &utf16(&text, little));
        let output = run(&["check", "--format", "json", &path]);
        assert_exit(&output, utf8.status.code().unwrap());
        assert_eq!(
            stdout(&output).replace(&path, "F"),
            stdout(&utf8).replace(EXAMPLE, "F")
        );
    }
}

#[test]
fn another_encoding_is_an_error_with_line_and_column() {
    let path = example_as("latin1", b"{\n  \"name\": \"Caf\xe9\"\n}\n");
    let output = run(&["check", &path]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.contains("is not UTF-8 text: line 2, column 15 has the byte 0xe9"),
        "{err}"
    );
    assert!(err.contains("save the file as UTF-8"), "{err}");
}

/// `text` in UTF-32, with a byte order mark or not.
fn utf32(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let chars = bom.then_some('\u{feff}').into_iter().chain(text.chars());
    chars
        .flat_map(|c| {
            if little {
                u32::from(c).to_le_bytes()
            } else {
                u32::from(c).to_be_bytes()
            }
        })
        .collect()
}

#[test]
fn wide_encodings_without_their_mark_and_utf32_are_named() {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let cases = [
        (
            "utf16le_nobom",
            utf16(&text, true)[2..].to_vec(),
            "UTF-16 (little-endian) without a byte order mark",
        ),
        (
            "utf16be_nobom",
            utf16(&text, false)[2..].to_vec(),
            "UTF-16 (big-endian) without a byte order mark",
        ),
        (
            "utf32le",
            utf32(&text, true, true),
            "UTF-32 (little-endian, with a byte order mark)",
        ),
        (
            "utf32be",
            utf32(&text, false, true),
            "UTF-32 (big-endian, with a byte order mark)",
        ),
        (
            "utf32le_nobom",
            utf32(&text, true, false),
            "UTF-32 (little-endian)",
        ),
        (
            "utf32be_nobom",
            utf32(&text, false, false),
            "UTF-32 (big-endian)",
        ),
    ];
    for (name, bytes, encoding) in cases {
        let path = example_as(name, &bytes);
        let output = run(&["check", &path]);
        assert_exit(&output, 2);
        let err = stderr(&output);
        assert!(
            err.contains(&format!("is not UTF-8 text: it is {encoding} text")),
            "{name}: {err}"
        );
        assert!(err.contains("line 1, column 1"), "{name}: {err}");
        assert!(err.contains("save the file as UTF-8"), "{name}: {err}");
        assert!(!err.contains("key must be a string"), "{name}: {err}");
    }
}

#[test]
fn a_nul_character_is_named_at_its_line_and_column() {
    for (name, bytes) in [
        (
            "nul_utf8",
            "{\n  \"name\": \"Caf\u{e9}\0\"\n}\n".as_bytes().to_vec(),
        ),
        (
            "nul_utf16",
            utf16("{\n  \"name\": \"Caf\u{e9}\0\"\n}\n", true),
        ),
    ] {
        let path = example_as(name, &bytes);
        let output = run(&["check", &path]);
        assert_exit(&output, 2);
        let err = stderr(&output);
        assert!(
            err.contains("line 2, column 16 holds a NUL character"),
            "{name}: {err}"
        );
    }
}

#[test]
fn comments_and_trailing_commas_are_named_and_pointed_at() {
    // Each comment and trailing comma is an error of its own (read leniently), and the rest of
    // the document is judged in the same run: here the fields it lacks.
    let line = "{\n  \"offerId\": \"x\", // our offer\n}\n";
    let report = Offer::from_json_str(line).unwrap_err();
    let of = |report: &lighthouse_offer::Report, rule| {
        report
            .diagnostics()
            .iter()
            .find(|d| d.rule() == rule)
            .cloned()
            .unwrap_or_else(|| panic!("{rule:?} in {report}"))
    };
    let d = &of(&report, Rule::JsonComment);
    assert!(d.message().contains("`//` comment"), "{d}");
    assert!(d.help().contains("YAML"), "{}", d.help());
    assert!(
        report
            .diagnostics()
            .iter()
            .any(|d| d.rule() == Rule::MissingField),
        "{report}"
    );

    let block = "{\n  /* the offer */\n  \"offerId\": \"x\"\n}\n";
    let d = &of(&Offer::from_json_str(block).unwrap_err(), Rule::JsonComment);
    assert!(d.message().contains("`/* */` comment"), "{d}");

    let comma = "{\n  \"offerId\": \"x\",\n  \"plans\": [1, 2,]\n}\n";
    let d = &of(
        &Offer::from_json_str(comma).unwrap_err(),
        Rule::TrailingComma,
    );
    assert!(d.message().contains("comma after the last item"), "{d}");
    assert_eq!(d.help(), "Remove the comma after the last item.");

    // The CLI underlines the comment and the comma themselves.
    let path = example_as("comment", line.as_bytes());
    let out = stdout(&run(&["check", &path]));
    assert!(
        out.contains("2 |   \"offerId\": \"x\", // our offer\n"),
        "{out}"
    );
    assert!(
        out.contains("  |                   ^^^^^^^^^^^^ json-comment"),
        "{out}"
    );
    assert!(
        out.contains("= help: Remove the comment, or write the offer in YAML"),
        "{out}"
    );
    let path = example_as("comma", comma.as_bytes());
    let out = stdout(&run(&["check", &path]));
    assert!(
        out.contains("3 |   \"plans\": [1, 2,]\n  |                 ^ trailing-comma"),
        "{out}"
    );
}

#[test]
fn a_yaml_file_given_to_the_json_reader_says_so() {
    let yaml = std::fs::read_to_string(Path::new(EXAMPLE).with_extension("yaml")).unwrap();
    let d = Offer::from_json_str(&yaml).unwrap_err().diagnostics()[0].clone();
    assert!(d.message().contains("looks like YAML"), "{d}");
    assert!(d.help().contains("--input-format yaml"), "{}", d.help());
    let d = Offer::from_json_str("offerId: contoso\n")
        .unwrap_err()
        .diagnostics()[0]
        .clone();
    assert!(d.message().contains("looks like YAML"), "{d}");
    // Plain broken JSON is not called YAML.
    let d = Offer::from_json_str("{\"offerId\" \"x\"}")
        .unwrap_err()
        .diagnostics()[0]
        .clone();
    assert!(!d.message().contains("YAML"), "{d}");
}
