//! Hostile input: documents and files made to exhaust memory, time or the stack. Each must end in
//! a clear error (or a checked value), in bounded time and memory, and without a panic.
//!
//! The limits under test: `Offer::MAX_DOCUMENT_BYTES` (16 MiB, checked before parsing), nesting
//! of 127 levels (`serde_json`'s recursion limit), `Report::MAX_DIAGNOSTICS` (1,000 diagnostics,
//! then one `too-many-problems`), `PrivateAudience::MAX_CSV_BYTES` (16 MiB), and the image
//! limits of `lighthouse_offer::image`.
//!
//! The same files given to the binary: `tests/cli/hostile.rs`.
//!
//! No time is asserted (the project's tests are never timed): a hang or quadratic work would
//! still be caught by CI's bound on the whole run, and speed is measured by the benches.

use std::path::Path;

use crate::support::temp_dir::TempDir;

use lighthouse_offer::{Checked, Offer, PrivateAudience, ReadOptions, Report, Rule};
use serde_json::{Value, json};

use crate::support::EXAMPLE;
use crate::support::crc32;
use crate::support::example;
const MIB: usize = 1024 * 1024;

/// Checks a document.
fn check(text: &str) -> Result<Checked<Offer>, Report> {
    Offer::from_json_str(text)
}

#[track_caller]
fn only_diagnostic(report: &Report) -> (Rule, &str, &str) {
    let [d] = report.diagnostics() else {
        panic!("expected one diagnostic, found {report}");
    };
    (d.rule(), d.path().as_str(), d.message())
}

/// The report stays within its limit, every message is short, and no message repeats a huge
/// value: what a hostile document may cost in the report.
#[track_caller]
fn assert_bounded(report: &Report) {
    let diagnostics = report.diagnostics();
    assert!(
        diagnostics.len() <= Report::MAX_DIAGNOSTICS + 1,
        "{} diagnostics",
        diagnostics.len()
    );
    for d in diagnostics {
        assert!(
            d.message().len() <= 1_000,
            "a message of {} bytes: {}…",
            d.message().len(),
            d.message().chars().take(200).collect::<String>()
        );
    }
}

/// Every JSON Pointer in `value` whose value `select` picks.
fn pointers(value: &Value, at: &str, select: &dyn Fn(&Value) -> bool, out: &mut Vec<String>) {
    if select(value) {
        out.push(at.to_owned());
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(item, &format!("{at}/{key}"), select, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, &format!("{at}/{i}"), select, out);
            }
        }
        _ => {}
    }
}

// ---- the size of the document ----------------------------------------------------------------

#[test]
fn a_document_over_the_limit_is_refused_before_it_is_parsed() {
    // 50 MB that is not even JSON: the size is the problem reported, at once.
    let text = "x".repeat(50_000_000);
    let report = check(&text).unwrap_err();
    assert_eq!(
        only_diagnostic(&report),
        (
            Rule::DocumentTooLarge,
            "",
            "the document has 50000000 bytes, at most 16777216 (16 MiB) are read"
        )
    );
    assert_eq!(report.diagnostics()[0].code(), "LO0008");
}

#[test]
fn a_document_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    assert_eq!(Offer::MAX_DOCUMENT_BYTES, 16 * MIB);
    // The example, padded with white space after its end to exactly the limit.
    let mut text = EXAMPLE.to_owned();
    text.push_str(&" ".repeat(Offer::MAX_DOCUMENT_BYTES - text.len()));
    assert_eq!(text.len(), Offer::MAX_DOCUMENT_BYTES);
    assert!(check(&text).is_ok());

    text.push(' ');
    let report = check(&text).unwrap_err();
    assert_eq!(
        only_diagnostic(&report),
        (
            Rule::DocumentTooLarge,
            "",
            "the document has 16777217 bytes, at most 16777216 (16 MiB) are read"
        )
    );
}

// ---- nesting ---------------------------------------------------------------------------------

#[test]
fn nesting_ten_thousand_deep_is_refused_without_exhausting_the_stack() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let text = format!("{}{}", open.repeat(10_000), close.repeat(10_000));
        let report = check(&text).unwrap_err();
        let (rule, path, message) = only_diagnostic(&report);
        assert_eq!((rule, path), (Rule::NestingTooDeep, ""), "{message}");
        assert!(
            message.starts_with("arrays and objects are nested more than 127 deep (at line 1 "),
            "{message}"
        );
        assert!(message.ends_with("); an offer document nests at most 9 levels"));
    }
}

#[test]
fn nesting_at_the_parser_limit_is_read_and_one_level_more_is_not() {
    // serde_json counts the levels it enters, the outermost included, and refuses the 128th:
    // 127 nested arrays are JSON to it (and then an array where an offer is expected).
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let report = Offer::from_json_str(&nested(127)).unwrap_err();
    assert_eq!(
        only_diagnostic(&report),
        (
            Rule::WrongType,
            "",
            "expected an object, found an array of 1 items"
        )
    );
    let report = Offer::from_json_str(&nested(128)).unwrap_err();
    assert_eq!(only_diagnostic(&report).0, Rule::NestingTooDeep);
}

#[test]
fn the_deepest_offer_document_is_far_from_the_nesting_limit() {
    // What the rule's message promises: root, plans, a plan, its manifest, eligible
    // authorizations, one of them, its policy, approvers, an approver.
    fn depth(value: &Value) -> usize {
        match value {
            Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    assert_eq!(depth(&example()), 9);
}

// ---- long strings ----------------------------------------------------------------------------

/// Puts `text` at `path` of the example and checks it: a report must be brief, and name the
/// field. Fields without a length limit (`$schema`, a plan's description) may be valid.
#[track_caller]
fn check_long_string(base: &Value, path: &str, text: &str) {
    // The document is written with a marker where the text goes, then the marker is replaced:
    // writing a huge string through serde_json would take longer than checking it.
    const MARKER: &str = "\u{1}marker\u{1}";
    let mut doc = base.clone();
    *doc.pointer_mut(path).unwrap() = json!(MARKER);
    let document = serde_json::to_string(&doc).unwrap().replace(
        &serde_json::to_string(MARKER).unwrap(),
        &format!("\"{text}\""),
    );
    if let Err(report) = check(&document) {
        assert_bounded(&report);
        assert!(
            report
                .diagnostics()
                .iter()
                .any(|d| d.path().as_str() == path),
            "{path}: {report}"
        );
    }
}

#[test]
fn a_long_string_in_any_text_field_is_reported_briefly() {
    let base = example();
    let mut strings = Vec::new();
    pointers(&base, "", &|v| v.is_string(), &mut strings);
    assert_eq!(strings.len(), 85);
    // Far over every limit of the format, and small enough to try every field in a debug build.
    // (Written into JSON as it is: it has nothing to escape.)
    let long = "é".repeat(32 * 1024);
    for path in &strings {
        check_long_string(&base, path, &long);
    }
}

#[test]
fn a_ten_megabyte_string_is_reported_briefly() {
    let base = example();
    let huge = "é".repeat(5 * MIB); // 10 MiB of UTF-8, 5 Mi characters, nothing to escape
    // One field of each kind of check: edition, identifier, bounded and unbounded text, HTML,
    // GUID, URL, email, phone, image path, secret reference.
    for path in [
        "/edition",
        "/offerId",
        "/plans/0/title",
        "/plans/0/description",
        "/listing/description",
        "/plans/0/manifest/tenantId",
        "/legal/privacyPolicyUrl",
        "/support/supportContact/email",
        "/support/supportContact/phone",
        "/marketingArtifacts/hero",
        "/leadManagement/destination/url",
    ] {
        check_long_string(&base, path, &huge);
    }
}

#[test]
fn unknown_fields_by_the_hundred_thousand_and_a_ten_megabyte_name() {
    let mut doc = example();
    let listing = doc["listing"].as_object_mut().unwrap();
    for i in 0..100_000 {
        listing.insert(format!("extra{i}"), json!(i));
    }
    let name = "a".repeat(10 * MIB);
    listing.insert(name.clone(), json!(1));
    let text = serde_json::to_string(&doc).unwrap();
    let report = check(&text).unwrap_err();
    assert_bounded(&report);
    assert_eq!(report.diagnostics().len(), Report::MAX_DIAGNOSTICS + 1);
    let last = report.diagnostics().last().unwrap();
    assert_eq!(last.rule(), Rule::TooManyProblems);
    assert_eq!(
        last.message(),
        "99001 more problems were found and not shown: a report lists at most 1000; fix the \
         problems shown and check again"
    );

    // Alone, the long name is shown shortened, and no typo of a known name is looked for.
    let mut doc = example();
    doc["listing"]
        .as_object_mut()
        .unwrap()
        .insert(name.clone(), json!(1));
    let text = serde_json::to_string(&doc).unwrap();
    let report = check(&text).unwrap_err();
    let (rule, path, message) = only_diagnostic(&report);
    assert_eq!(rule, Rule::UnknownField);
    assert_eq!(path.len(), "/listing/".len() + name.len()); // a pointer names the field whole
    assert!(
        message.starts_with(&format!(
            "unknown field `{}…`; expected one of `title`",
            "a".repeat(60)
        )),
        "{message}"
    );
}

// ---- long lists ------------------------------------------------------------------------------

/// 100,000 items for the list at `path`: copies of its first item where they fit in the
/// document limit, else empty objects. (The list is written as text: through `serde_json`, it
/// would take longer to write than to check.)
fn hundred_thousand(base: &Value, path: &str) -> String {
    const MARKER: &str = "\u{1}list\u{1}";
    let mut doc = base.clone();
    let list = doc.pointer_mut(path).unwrap();
    let first = serde_json::to_string(&list[0]).unwrap();
    let item = if first.len() < 120 {
        first
    } else {
        "{}".to_owned()
    };
    *list = json!(MARKER);
    let items = format!("[{}]", vec![item.as_str(); 100_000].join(","));
    let text = serde_json::to_string(&doc)
        .unwrap()
        .replace(&serde_json::to_string(MARKER).unwrap(), &items);
    assert!(
        text.len() <= Offer::MAX_DOCUMENT_BYTES,
        "{path}: {}",
        text.len()
    );
    text
}

#[test]
fn a_hundred_thousand_items_in_any_list_give_a_bounded_report() {
    let base = example();
    let mut lists = Vec::new();
    pointers(
        &base,
        "",
        &|v| v.as_array().is_some_and(|a| !a.is_empty()),
        &mut lists,
    );
    assert_eq!(lists.len(), 14, "{lists:?}");
    let mut valid = Vec::new();
    for path in &lists {
        let text = hundred_thousand(&base, path);
        match check(&text) {
            Ok(_) => valid.push(path.as_str()),
            Err(report) => assert_bounded(&report),
        }
    }
    // The one list without a limit or a rule against repeats: the format sets none for useful
    // links. The offer is read, in bounded time all the same.
    assert_eq!(valid, ["/listing/usefulLinks"]);
}

#[test]
fn a_list_far_over_its_limit_is_reported_first_and_the_rest_is_counted() {
    // 100,000 empty plans: the count, then the first 999 of the 600,000 missing fields (six in
    // each plan), then how many were left out.
    let mut doc = example();
    doc["plans"] = Value::Array(vec![json!({}); 100_000]);
    let text = serde_json::to_string(&doc).unwrap();
    let report = check(&text).unwrap_err();
    let diagnostics = report.diagnostics();
    assert_eq!(diagnostics.len(), Report::MAX_DIAGNOSTICS + 1);
    assert_eq!(
        (
            diagnostics[0].rule(),
            diagnostics[0].path().as_str(),
            diagnostics[0].message()
        ),
        (
            Rule::TooManyItems,
            "/plans",
            "an offer has 100000 plans, at most 100 are allowed"
        )
    );
    assert!(
        diagnostics[1..1000]
            .iter()
            .all(|d| d.rule() == Rule::MissingField)
    );
    let last = diagnostics.last().unwrap();
    assert_eq!(
        (
            last.rule(),
            last.code(),
            last.path().as_str(),
            last.message()
        ),
        (
            Rule::TooManyProblems,
            "LO0010",
            "",
            "599001 more problems were found and not shown: a report lists at most 1000; fix \
             the problems shown and check again"
        )
    );
    // The rest of the document is fine: with a short list, nothing is left out.
    doc["plans"] = Value::Array(vec![json!({}); 2]);
    let report = Offer::from_json_str(&doc.to_string()).unwrap_err();
    assert_eq!(report.diagnostics().len(), 12);
    assert!(!report.contains(Rule::TooManyProblems));
}

#[test]
fn a_report_of_exactly_the_limit_is_not_cut() {
    // 166 empty plans: the count and 6 × 166 = 996 missing fields, 997 in all; 167 give 1,003.
    let mut doc = example();
    doc["plans"] = Value::Array(vec![json!({}); 166]);
    let report = Offer::from_json_str(&doc.to_string()).unwrap_err();
    assert_eq!(report.diagnostics().len(), 997);
    assert!(!report.contains(Rule::TooManyProblems));

    doc["plans"] = Value::Array(vec![json!({}); 167]);
    let report = Offer::from_json_str(&doc.to_string()).unwrap_err();
    assert_eq!(report.diagnostics().len(), 1_001);
    assert_eq!(
        report.diagnostics().last().unwrap().message(),
        "3 more problems were found and not shown: a report lists at most 1000; fix the \
         problems shown and check again"
    );
}

#[test]
fn a_hundred_thousand_subscriptions_are_counted_before_they_are_checked() {
    let mut doc = example();
    let ids: Vec<String> = (0..100_000)
        .map(|i| format!("{i:08x}-0000-4000-8000-000000000000"))
        .collect();
    doc["plans"][1]["availability"]["subscriptionIds"] = json!(ids);
    let report = check(&doc.to_string()).unwrap_err();
    assert_eq!(
        only_diagnostic(&report),
        (
            Rule::TooManyItems,
            "/plans/1/availability/subscriptionIds",
            "a private audience names at most 20000 subscription IDs, found 100000"
        )
    );
}

// ---- private audience CSV --------------------------------------------------------------------

#[test]
fn a_csv_stream_over_the_limit_is_refused_after_reading_one_byte_more() {
    assert_eq!(PrivateAudience::MAX_CSV_BYTES, 16 * MIB);
    // An endless stream: reading stops at the limit.
    let endless = std::io::repeat(b'a');
    let report = PrivateAudience::from_csv(endless).unwrap_err();
    let [problem] = report.problems() else {
        panic!("{report}")
    };
    assert_eq!(
        (
            problem.diagnostic().rule(),
            problem.line(),
            problem.diagnostic().message()
        ),
        (
            Rule::DocumentTooLarge,
            None,
            "the file has more than 16777216 bytes (16 MiB), the most this crate reads; \
             Partner Center's largest audience file is about 1.5 MB"
        )
    );

    // Exactly at the limit, the file is read: one line, padded with blank lines.
    let mut csv =
        "Type,Id,Description\nSubscriptionId,7738d703-3135-4e8d-8b81-1e70379abd9d,x\n".to_owned();
    csv.push_str(&"\n".repeat(PrivateAudience::MAX_CSV_BYTES - csv.len()));
    assert_eq!(PrivateAudience::from_csv(csv.as_bytes()).unwrap().len(), 1);
    csv.push('\n');
    let report = PrivateAudience::from_csv(csv.as_bytes()).unwrap_err();
    assert_eq!(
        report.problems()[0].diagnostic().rule(),
        Rule::DocumentTooLarge
    );
}

#[test]
fn a_csv_of_a_hundred_thousand_broken_lines_gives_a_bounded_report() {
    let mut csv = String::from("Type,Id,Description\n");
    for _ in 0..100_000 {
        csv.push_str("TenantId,not-a-guid,x\n");
    }
    let report = PrivateAudience::from_csv(csv.as_bytes()).unwrap_err();
    let problems = report.problems();
    // Two problems a line (the type and the ID): the first 1,000, then the count of
    // subscriptions, which is a problem of the whole list, and the count of the others.
    assert_eq!(problems.len(), Report::MAX_DIAGNOSTICS + 2);
    assert_eq!(problems[999].line(), Some(501));
    let over = &problems[1000];
    assert_eq!(
        (over.diagnostic().rule(), over.line()),
        (Rule::TooManyItems, Some(20_002))
    );
    let last = &problems[1001];
    assert_eq!(
        (
            last.diagnostic().rule(),
            last.line(),
            last.diagnostic().message()
        ),
        (
            Rule::TooManyProblems,
            None,
            "199000 more problems were found and not shown: a report lists at most 1000; fix \
             the problems shown and check again"
        )
    );
}

// ---- image files -----------------------------------------------------------------------------

/// A real PNG of one colour, as the `png` crate writes it.
fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![0x20; (width * height * 3) as usize])
        .unwrap();
    writer.finish().unwrap();
    bytes
}

/// The same PNG with another size in its header (and a header checksum that matches it).
fn lying_about_its_size(mut png: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    // Signature (8), length (4), "IHDR" (4), then width and height, then the CRC at 29.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// The example's diagnostics for its images when they are read from `dir`.
fn image_diagnostics(dir: &Path, changes: &[(&str, &str)]) -> Vec<(String, Rule, String)> {
    let mut doc = example();
    for (pointer, path) in changes {
        *doc.pointer_mut(pointer).unwrap() = json!(path);
    }
    let (offer, _) = ReadOptions::new().read_value(&doc).unwrap().into_parts();
    let found = offer.verify_images(dir);
    found
        .into_iter()
        .map(|d| {
            (
                d.path().as_str().to_owned(),
                d.rule(),
                d.message().to_owned(),
            )
        })
        .collect()
}

#[test]
fn image_paths_that_leave_the_folder_are_refused_by_the_reader() {
    for path in [
        "../../etc/passwd",
        "/etc/passwd",
        "logos/../../x.png",
        "C:/x.png",
    ] {
        let mut doc = example();
        doc["marketingArtifacts"]["logos"]["small"] = json!(path);
        let report = ReadOptions::new().read_value(&doc).unwrap_err();
        let (rule, at, _) = only_diagnostic(&report);
        assert_eq!(
            (rule, at),
            (Rule::ImagePathNotAllowed, "/marketingArtifacts/logos/small"),
            "{path}"
        );
    }
}

#[test]
#[cfg(unix)]
fn symbolic_links_folders_and_lying_pngs_are_clear_errors() {
    let dir = TempDir::new("images");
    // The example's own images, except where a test puts something else.
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
    for name in [
        "logos/90.png",
        "logos/115.png",
        "logos/255x115.png",
        "logos/hero.png",
        "screenshots/video-thumbnail.png",
    ] {
        dir.write(name, &std::fs::read(examples.join(name)).unwrap());
    }
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("logos/40.png")).unwrap();
    std::fs::create_dir_all(dir.path().join("screenshots/overview.png")).unwrap();
    // A wide logo whose header claims a huge size, and a truncated screenshot.
    dir.write(
        "lies/wide.png",
        &lying_about_its_size(png_of(255, 115), 100_000, 100_000),
    );
    let mut cut = png_of(1280, 720);
    cut.truncate(cut.len() / 2);
    dir.write("lies/cut.png", &cut);
    dir.write(
        "lies/huge.png",
        &lying_about_its_size(png_of(64, 64), 30_000, 30_000),
    );

    let found = image_diagnostics(dir.path(), &[]);
    let rules: Vec<(&str, Rule)> = found.iter().map(|(p, r, _)| (p.as_str(), *r)).collect();
    assert_eq!(
        rules,
        [
            ("/marketingArtifacts/logos/small", Rule::ImageNotAFile),
            (
                "/marketingArtifacts/screenshots/0/path",
                Rule::ImageNotAFile
            ),
        ]
    );
    assert!(found[0].2.contains("a symbolic link"), "{}", found[0].2);
    assert!(found[1].2.contains("a folder"), "{}", found[1].2);

    let found = image_diagnostics(
        dir.path(),
        &[
            ("/marketingArtifacts/logos/small", "logos/90.png"),
            ("/marketingArtifacts/logos/wide", "lies/wide.png"),
            ("/marketingArtifacts/screenshots/0/path", "lies/cut.png"),
            ("/marketingArtifacts/videos/0/thumbnail", "lies/huge.png"),
        ],
    );
    let rules: Vec<(&str, Rule)> = found.iter().map(|(p, r, _)| (p.as_str(), *r)).collect();
    assert_eq!(
        rules,
        [
            ("/marketingArtifacts/logos/small", Rule::WrongImageSize),
            ("/marketingArtifacts/logos/wide", Rule::WrongImageSize),
            ("/marketingArtifacts/screenshots/0/path", Rule::CorruptPng),
            (
                "/marketingArtifacts/videos/0/thumbnail",
                Rule::ImageTooLarge
            ),
        ],
        "{found:#?}"
    );
}

#[test]
fn a_png_that_claims_a_huge_size_is_refused_before_decoding() {
    use lighthouse_offer::image::{SizeRule, check_png, hero_background, inspect_png};
    let lie = lying_about_its_size(png_of(64, 64), 30_000, 30_000);
    // The header is read as it is...
    let info = inspect_png(&lie).unwrap();
    assert_eq!((info.width(), info.height()), (30_000, 30_000));
    // ...and nothing is decoded from it: 900 million pixels would be 2.7 GB.
    assert_eq!(
        check_png(&lie, SizeRule::ANY).unwrap_err().rule(),
        Rule::ImageTooLarge
    );
    assert_eq!(
        hero_background(&lie).unwrap_err().rule(),
        Rule::ImageTooLarge
    );
    // A header that claims more rows than the data holds is corrupt.
    let tall = lying_about_its_size(png_of(64, 64), 64, 128);
    assert_eq!(
        check_png(&tall, SizeRule::ANY).unwrap_err().rule(),
        Rule::CorruptPng
    );
}

// ---- the command-line tool -------------------------------------------------------------------
