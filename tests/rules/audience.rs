//! A plan's private audience: the list of subscription IDs, read from a document (JSON) and from
//! Partner Center's CSV file.

use std::fmt::Write as _;
use std::io::{self, Read};
use std::time::Instant;

use lighthouse_offer::plans::{AudienceError, CsvProblem, CsvReport};
use lighthouse_offer::values::GUID_PATTERN;
use lighthouse_offer::{PrivateAudience, Rule, SubscriptionId};
use serde_json::json;

const MAX: usize = PrivateAudience::MAX_SUBSCRIPTIONS;

/// The n-th of a family of distinct subscription IDs.
fn id(n: usize) -> SubscriptionId {
    SubscriptionId::from_u128(0x7738_d703_3135_4e8d_8b81_0000_0000_0000 + n as u128)
}

fn ids(count: usize) -> Vec<SubscriptionId> {
    (0..count).map(id).collect()
}

fn sub(text: &str) -> SubscriptionId {
    SubscriptionId::new(text).unwrap()
}

const A: &str = "7738d703-3135-4e8d-8b81-1e70379abd9d";
const B: &str = "541a269f-3df2-486e-8fe3-c8f9dcf28205";
const C: &str = "c0da499c-25ec-4e4b-a42a-6e75635253b9";

/// The GUID error message for a text, as `GuidError` words it.
fn not_a_guid(found: &str) -> String {
    format!("expected a GUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, found {found:?}")
}

// ---- The type and its constructor ----

#[test]
fn the_limit_is_partner_centers_csv_limit() {
    // Seed 004 (2020): "bis zu 20.000 Abonnements" by CSV upload.
    assert_eq!(PrivateAudience::MAX_SUBSCRIPTIONS, 20_000);
}

#[test]
fn one_subscription_is_an_audience() {
    let audience = PrivateAudience::new([sub(A)]).unwrap();
    assert_eq!(audience.len(), 1);
    assert_eq!(audience.as_slice(), &[sub(A)]);
}

#[test]
fn no_subscription_is_not_an_audience() {
    let error = PrivateAudience::new([]).unwrap_err();
    assert_eq!(error, AudienceError::Empty);
    assert_eq!(
        error.to_string(),
        "a private audience names at least 1 subscription ID, found none"
    );
}

#[test]
fn the_limit_is_inclusive() {
    assert_eq!(PrivateAudience::new(ids(MAX)).unwrap().len(), MAX);
    let error = PrivateAudience::new(ids(MAX + 1)).unwrap_err();
    assert_eq!(error, AudienceError::TooMany { found: MAX + 1 });
    assert_eq!(
        error.to_string(),
        "a private audience names at most 20000 subscription IDs, found 20001"
    );
}

#[test]
fn a_duplicate_names_the_id_and_both_positions() {
    let error = PrivateAudience::new([sub(A), sub(B), sub(C), sub(B)]).unwrap_err();
    assert_eq!(
        error,
        AudienceError::Duplicate {
            id: sub(B),
            first: 1,
            again: 3
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "subscription ID {B} appears at index 1 and again at index 3; \
             each subscription may be named once"
        )
    );
}

#[test]
fn ids_that_differ_in_case_are_duplicates() {
    let upper = sub(&A.to_uppercase());
    let error = PrivateAudience::new([sub(A), upper]).unwrap_err();
    assert!(matches!(
        error,
        AudienceError::Duplicate {
            first: 0,
            again: 1,
            ..
        }
    ));
}

#[test]
fn the_first_duplicate_is_the_one_reported() {
    // C repeats before A does (index 3 < index 4), although A sorts first.
    let error = PrivateAudience::new([sub(C), sub(A), sub(B), sub(C), sub(A)]).unwrap_err();
    assert!(matches!(
        error,
        AudienceError::Duplicate {
            first: 0,
            again: 3,
            ..
        }
    ));
}

#[test]
fn the_order_given_is_kept() {
    let audience = PrivateAudience::new([sub(C), sub(A), sub(B)]).unwrap();
    let order: Vec<SubscriptionId> = audience.iter().copied().collect();
    assert_eq!(order, [sub(C), sub(A), sub(B)]);
    let by_ref: Vec<&SubscriptionId> = (&audience).into_iter().collect();
    assert_eq!(by_ref, [&sub(C), &sub(A), &sub(B)]);
}

#[test]
fn contains_finds_exactly_the_members() {
    let audience = PrivateAudience::new(ids(100)).unwrap();
    assert!((0..100).all(|n| audience.contains(&id(n))));
    assert!(!audience.contains(&id(100)));
    assert!(!audience.contains(&sub(A)));
}

#[test]
fn audiences_with_the_same_members_are_equal_in_any_order() {
    use std::collections::HashSet;
    let one = PrivateAudience::new([sub(A), sub(B)]).unwrap();
    let other = PrivateAudience::new([sub(B), sub(A)]).unwrap();
    assert_eq!(one, other);
    assert_ne!(one, PrivateAudience::new([sub(A)]).unwrap());
    let set: HashSet<PrivateAudience> = [one, other].into_iter().collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn debug_shows_the_ids_in_order() {
    let audience = PrivateAudience::new([sub(B), sub(A)]).unwrap();
    assert_eq!(
        format!("{audience:?}"),
        format!("PrivateAudience([SubscriptionId({B}), SubscriptionId({A})])")
    );
}

// ---- In a document ----

/// Reads an audience from JSON; on failure, the diagnostics, one per line, sorted.
fn from_json(value: serde_json::Value) -> Result<PrivateAudience, Vec<String>> {
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        let mut lines: Vec<String> = text
            .split("; error[")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part.to_owned()
                } else {
                    format!("error[{part}")
                }
            })
            .collect();
        lines.sort();
        lines
    })
}

#[test]
fn serializes_as_an_array_of_lowercase_strings_in_order() {
    let audience = PrivateAudience::new([sub(&C.to_uppercase()), sub(A)]).unwrap();
    assert_eq!(serde_json::to_value(&audience).unwrap(), json!([C, A]));
}

#[test]
fn reads_an_array_of_guid_strings() {
    let audience = from_json(json!([A, B.to_uppercase()])).unwrap();
    assert_eq!(audience.as_slice(), &[sub(A), sub(B)]);
    let back = serde_json::to_value(&audience).unwrap();
    assert_eq!(from_json(back).unwrap(), audience);
}

#[test]
fn a_document_reads_1_and_20000_ids_but_not_20001_or_none() {
    let strings = |n: usize| json!(ids(n).iter().map(ToString::to_string).collect::<Vec<_>>());
    assert_eq!(from_json(strings(1)).unwrap().len(), 1);
    assert_eq!(from_json(strings(MAX)).unwrap().len(), MAX);
    assert_eq!(
        from_json(strings(MAX + 1)).unwrap_err(),
        [
            "error[LO0006] (document): a private audience names at most 20000 subscription IDs, \
          found 20001"
        ]
    );
    assert_eq!(
        from_json(json!([])).unwrap_err(),
        [
            "error[LO0005] (document): a private audience names at least 1 subscription ID, found none"
        ]
    );
}

#[test]
fn every_bad_guid_is_reported_at_its_index() {
    let errors = from_json(json!([
        A,
        "7738d703",
        B,
        "{541a269f-3df2-486e-8fe3-c8f9dcf28205}"
    ]))
    .unwrap_err();
    assert_eq!(
        errors,
        [
            format!("error[LO0105] /1: {}", not_a_guid("7738d703")),
            format!(
                "error[LO0105] /3: {}",
                not_a_guid("{541a269f-3df2-486e-8fe3-c8f9dcf28205}")
            ),
        ]
    );
}

#[test]
fn every_duplicate_is_reported_at_its_index_naming_the_first() {
    // A at 0, 2 and 4 (the last in uppercase); B at 1 and 3.
    let errors = from_json(json!([A, B, A, B, A.to_uppercase()])).unwrap_err();
    assert_eq!(
        errors,
        [
            format!("error[LO0007] /2: subscription ID {A} appears already at index 0"),
            format!("error[LO0007] /3: subscription ID {B} appears already at index 1"),
            format!("error[LO0007] /4: subscription ID {A} appears already at index 0"),
        ]
    );
}

#[test]
fn bad_items_duplicates_and_count_are_reported_together() {
    let mut items: Vec<serde_json::Value> = ids(MAX).iter().map(|i| json!(i.to_string())).collect();
    items.push(json!(42));
    items.push(json!(id(7).to_string()));
    let errors = from_json(serde_json::Value::Array(items)).unwrap_err();
    assert_eq!(
        errors,
        [
            format!("error[LO0002] /{MAX}: expected a string, found the number 42"),
            "error[LO0006] (document): a private audience names at most 20000 subscription IDs, \
             found 20002"
                .to_owned(),
            format!(
                "error[LO0007] /{}: subscription ID {} appears already at index 7",
                MAX + 1,
                id(7)
            ),
        ]
    );
}

#[test]
fn a_document_value_that_is_not_an_array_is_a_wrong_type() {
    assert_eq!(
        from_json(json!(A)).unwrap_err(),
        [format!(
            "error[LO0002] (document): expected an array, found the string {A:?}"
        )]
    );
}

#[test]
fn the_schema_reads_the_same_limits() {
    let schema = serde_json::to_value(schemars::schema_for!(PrivateAudience)).unwrap();
    assert_eq!(schema["type"], "array");
    assert_eq!(schema["minItems"], 1);
    assert_eq!(schema["maxItems"], MAX);
    assert_eq!(schema["uniqueItems"], true);
    let reference = schema["items"]["$ref"].as_str().unwrap();
    let name = reference.rsplit('/').next().unwrap();
    assert_eq!(schema["$defs"][name]["pattern"], GUID_PATTERN);
}

// ---- From Partner Center's CSV file ----

/// The problems as `(line, code, message)`.
fn csv_problems(text: impl AsRef<[u8]>) -> Vec<(Option<u64>, &'static str, String)> {
    PrivateAudience::from_csv(text.as_ref())
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| {
            (
                p.line(),
                p.diagnostic().code(),
                p.diagnostic().message().to_owned(),
            )
        })
        .collect()
}

fn from_csv(text: impl AsRef<[u8]>) -> PrivateAudience {
    PrivateAudience::from_csv(text.as_ref()).unwrap()
}

/// A file in Partner Center's format with these IDs, one per line after the header.
fn csv_file(ids: &[SubscriptionId]) -> String {
    let mut text = String::from("Type,Id,Description\r\n");
    for (n, id) in ids.iter().enumerate() {
        writeln!(text, "SubscriptionId,{id},Customer {n}\r").unwrap();
    }
    text
}

#[test]
fn reads_the_sample_of_the_portal_documentation() {
    // Microsoft Learn, "Private SKUs and plans": the sample CSV file content.
    let audience = from_csv(
        "Type,Id,Description\nSubscriptionId,7738d703-3135-4e8d-8b81-1e70379abd9d,Private Customer\n",
    );
    assert_eq!(audience.as_slice(), &[sub(A)]);
}

#[test]
fn reads_the_lowercase_file_of_the_api() {
    // Microsoft Learn, "Private SKUs and plans": the content of `uploadedCsvUri`.
    let audience = from_csv(format!(
        "type,id,description\nsubscriptionId,{B},sub1\nsubscriptionId,{C},sub2\n"
    ));
    assert_eq!(audience.as_slice(), &[sub(B), sub(C)]);
}

#[test]
fn the_type_is_read_in_any_case() {
    // Some pages write "SubscriptionID".
    let audience = from_csv(format!(
        "TYPE,ID,DESCRIPTION\nSubscriptionID,{A},\nSUBSCRIPTIONID,{B},\n"
    ));
    assert_eq!(audience.len(), 2);
}

#[test]
fn a_file_reads_1_and_20000_ids() {
    assert_eq!(from_csv(csv_file(&ids(1))).len(), 1);
    let audience = from_csv(csv_file(&ids(MAX)));
    assert_eq!(audience.as_slice(), ids(MAX).as_slice());
}

#[test]
fn a_file_with_20001_ids_is_reported_at_the_first_line_over_the_limit() {
    // The header is line 1, so the 20,001st ID is on line 20,002.
    assert_eq!(
        csv_problems(csv_file(&ids(MAX + 1))),
        [(
            Some(20_002),
            "LO0006",
            "a private audience names at most 20000 subscription IDs, found 20001; \
             this line is the first over the limit"
                .to_owned()
        )]
    );
}

#[test]
fn a_header_without_ids_is_reported_for_the_file() {
    assert_eq!(
        csv_problems("Type,Id,Description\r\n"),
        [(
            None,
            "LO0005",
            "a private audience names at least 1 subscription ID, found none".to_owned()
        )]
    );
}

#[test]
fn an_empty_file_lacks_the_header_and_the_ids() {
    for empty in ["", "\r\n\r\n", "\u{feff}"] {
        assert_eq!(
            csv_problems(empty),
            [
                (
                    None,
                    "LO0110",
                    "the file is empty; expected the header `Type,Id,Description` on the first line"
                        .to_owned()
                ),
                (
                    None,
                    "LO0005",
                    "a private audience names at least 1 subscription ID, found none".to_owned()
                ),
            ],
            "{empty:?}"
        );
    }
}

#[test]
fn every_duplicate_is_reported_at_its_line_naming_the_first_line() {
    let text = format!(
        "Type,Id,Description\n\
         SubscriptionId,{A},first\n\
         SubscriptionId,{B},\n\
         SubscriptionId,{},again in uppercase\n\
         SubscriptionId,{B},\n\
         SubscriptionId,{A},third time\n",
        A.to_uppercase()
    );
    assert_eq!(
        csv_problems(text),
        [
            (
                Some(4),
                "LO0007",
                format!("subscription ID {A} appears already on line 2")
            ),
            (
                Some(5),
                "LO0007",
                format!("subscription ID {B} appears already on line 3")
            ),
            (
                Some(6),
                "LO0007",
                format!("subscription ID {A} appears already on line 2")
            ),
        ]
    );
}

#[test]
fn every_bad_guid_is_reported_at_its_line() {
    let text = format!(
        "Type,Id,Description\n\
         SubscriptionId,{A},\n\
         SubscriptionId,7738d703,short\n\
         SubscriptionId,{B},\n\
         SubscriptionId,{{{C}}},braced\n\
         SubscriptionId, {A},padded\n\
         SubscriptionId,,empty\n"
    );
    assert_eq!(
        csv_problems(text),
        [
            (Some(3), "LO0105", not_a_guid("7738d703")),
            (Some(5), "LO0105", not_a_guid(&format!("{{{C}}}"))),
            // Fields are not trimmed, as in the document.
            (Some(6), "LO0105", not_a_guid(&format!(" {A}"))),
            (Some(7), "LO0105", not_a_guid("")),
        ]
    );
}

#[test]
fn only_subscription_ids_are_a_managed_service_audience() {
    let text = format!(
        "Type,Id,Description\n\
         TenantId,{A},a tenant\n\
         Subscription,{B},\n\
         ,{C},no type\n"
    );
    assert_eq!(
        csv_problems(text),
        [
            (
                Some(2),
                "LO0111",
                "audience type \"TenantId\" names a tenant, but the private audience of a managed \
                 service plan names subscriptions; expected `SubscriptionId`"
                    .to_owned()
            ),
            (
                Some(3),
                "LO0111",
                "unknown audience type \"Subscription\"; expected `SubscriptionId`".to_owned()
            ),
            (
                Some(4),
                "LO0111",
                "missing audience type; expected `SubscriptionId`".to_owned()
            ),
        ]
    );
}

#[test]
fn a_line_with_a_wrong_number_of_fields_is_reported_and_its_id_still_checked() {
    let text = format!(
        "Type,Id,Description\n\
         SubscriptionId,{A},Contoso, Inc.\n\
         SubscriptionId,{B}\n\
         SubscriptionId,{A},\"Contoso, Inc.\"\n"
    );
    assert_eq!(
        csv_problems(text),
        [
            (
                Some(2),
                "LO0109",
                "expected 3 fields (Type,Id,Description), found 4; put a description that \
                 contains commas in double quotes"
                    .to_owned()
            ),
            (
                Some(3),
                "LO0109",
                "expected 3 fields (Type,Id,Description), found 2".to_owned()
            ),
            // Line 2's ID was read, so line 4 repeats it.
            (
                Some(4),
                "LO0007",
                format!("subscription ID {A} appears already on line 2")
            ),
        ]
    );
}

#[test]
fn a_missing_header_is_reported_and_the_first_line_read_as_data() {
    let text = format!("SubscriptionId,{A},first\nSubscriptionId,{B},\nSubscriptionId,{A},\n");
    assert_eq!(
        csv_problems(text),
        [
            (
                Some(1),
                "LO0110",
                "expected the header `Type,Id,Description` on the first line, found a line of data"
                    .to_owned()
            ),
            (
                Some(3),
                "LO0007",
                format!("subscription ID {A} appears already on line 1")
            ),
        ]
    );
}

#[test]
fn an_unknown_header_is_reported_and_the_lines_still_checked() {
    let text = format!("Kind,Subscription,Note\nSubscriptionId,{A},\nSubscriptionId,oops,\n");
    assert_eq!(
        csv_problems(text),
        [
            (
                Some(1),
                "LO0110",
                "expected the header `Type,Id,Description` on the first line, found \
                 \"Kind,Subscription,Note\""
                    .to_owned()
            ),
            (Some(3), "LO0105", not_a_guid("oops")),
        ]
    );
}

#[test]
fn a_plain_list_of_ids_is_one_header_problem_and_its_ids_are_checked() {
    let hint = "; a list of bare subscription IDs is not the format Partner Center imports: \
                write each line as `SubscriptionId,<id>,<description>`";
    let text = format!("{A}\n{B}\nnot-a-guid\n{A}\n");
    assert_eq!(
        csv_problems(text),
        [
            (
                Some(1),
                "LO0110",
                format!(
                    "expected the header `Type,Id,Description` on the first line, found a line \
                     of data{hint}"
                )
            ),
            (Some(3), "LO0105", not_a_guid("not-a-guid")),
            (
                Some(4),
                "LO0007",
                format!("subscription ID {A} appears already on line 1")
            ),
        ]
    );
    // With a one-word header, the same.
    let text = format!("SubscriptionId\n{A}\n{B}\n");
    assert_eq!(
        csv_problems(text),
        [(
            Some(1),
            "LO0110",
            format!(
                "expected the header `Type,Id,Description` on the first line, found \
                 \"SubscriptionId\"{hint}"
            )
        )]
    );
}

#[test]
fn semicolons_and_tabs_are_reported_once() {
    let semicolons = format!("Type;Id;Description\nSubscriptionId;{A};x\nSubscriptionId;{B};y\n");
    assert_eq!(
        csv_problems(semicolons),
        [(
            Some(1),
            "LO0110",
            "the first line is separated by `;`, but Partner Center reads comma-separated \
             values; save the file with `,` as the separator"
                .to_owned()
        )]
    );
    let tabs = format!("SubscriptionId\t{A}\tx\n");
    assert_eq!(
        csv_problems(tabs),
        [(
            Some(1),
            "LO0110",
            "the first line is separated by tabs, but Partner Center reads comma-separated \
             values; save the file with `,` as the separator"
                .to_owned()
        )]
    );
}

#[test]
fn a_separator_problem_is_the_same_when_a_field_is_quoted_later() {
    // The plain scan stops at the first line; a quote after it sends the file to the csv crate,
    // which stops there too, with the same problem.
    let plain = format!("Type;Id;Description\nSubscriptionId;{A};x\n");
    let quoted = format!("{plain}SubscriptionId,{B},\"Contoso, Inc.\"\n");
    assert_eq!(csv_problems(&quoted), csv_problems(&plain));
    assert_eq!(csv_problems(&quoted).len(), 1);
}

#[test]
fn utf16_is_reported_once() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Type,Id,Description\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    assert_eq!(
        csv_problems(bytes),
        [(
            Some(1),
            "LO0110",
            "the file is UTF-16 encoded, but Partner Center reads UTF-8; save it as \
             \"CSV UTF-8 (Comma delimited)\""
                .to_owned()
        )]
    );
}

#[test]
fn windows_line_endings_keep_line_numbers() {
    let text = format!(
        "Type,Id,Description\r\nSubscriptionId,{A},\r\nSubscriptionId,bad,\r\nSubscriptionId,{B},\r\n"
    );
    assert_eq!(csv_problems(text), [(Some(3), "LO0105", not_a_guid("bad"))]);
}

#[test]
fn a_lone_carriage_return_ends_a_line_too() {
    // Classic Mac OS line endings: the csv reader takes `\r` as a line end, and so do editors.
    let text = format!("Type,Id,Description\rSubscriptionId,{A},\r\rSubscriptionId,bad,\r");
    assert_eq!(csv_problems(text), [(Some(4), "LO0105", not_a_guid("bad"))]);
}

#[test]
fn excels_byte_order_mark_is_skipped() {
    let text = format!("\u{feff}Type,Id,Description\r\nSubscriptionId,{A},Contoso\r\n");
    assert_eq!(from_csv(text).as_slice(), &[sub(A)]);
    // Also before a file without a header: the mark is not part of the first field.
    let text = format!("\u{feff}{A}\r\n");
    let problems = csv_problems(text);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].1, "LO0110");
}

#[test]
fn blank_lines_are_skipped_anywhere_and_still_counted() {
    // Excel leaves `,,` rows after the data; editors leave empty lines.
    let text = format!(
        "\r\nType,Id,Description\r\n\r\nSubscriptionId,{A},\r\n  \r\nSubscriptionId,bad,\r\n,,\r\n\r\n,,\r\n"
    );
    assert_eq!(csv_problems(text), [(Some(6), "LO0105", not_a_guid("bad"))]);
    let text = format!("Type,Id,Description\nSubscriptionId,{A},\n,,\n\n,,\n");
    assert_eq!(from_csv(text).len(), 1);
}

#[test]
fn quoted_fields_are_read() {
    let text = format!(
        "\"Type\",\"Id\",\"Description\"\r\n\
         \"SubscriptionId\",\"{A}\",\"Contoso, Inc. \"\"Gold\"\"\"\r\n\
         SubscriptionId,{B},\"two\r\nlines\"\r\n\
         SubscriptionId,bad,\r\n"
    );
    // The description of line 3 spans lines 3 and 4, so the bad ID is on line 5.
    assert_eq!(
        csv_problems(&text),
        [(Some(5), "LO0105", not_a_guid("bad"))]
    );
    let text = text.replace("SubscriptionId,bad,\r\n", "");
    assert_eq!(from_csv(text).as_slice(), &[sub(A), sub(B)]);
}

#[test]
fn descriptions_may_be_in_any_encoding() {
    // Excel's "CSV (Comma delimited)" writes Windows-1252: `é` is the byte 0xE9.
    let mut bytes = format!("Type,Id,Description\r\nSubscriptionId,{A},Caf").into_bytes();
    bytes.extend([0xE9, b'\r', b'\n']);
    assert_eq!(from_csv(bytes).as_slice(), &[sub(A)]);
}

#[test]
fn every_kind_of_problem_in_one_report_ordered_by_line() {
    let text = format!(
        "SubscriptionId,{A},no header\n\
         TenantId,{B},\n\
         SubscriptionId,{A},\n\
         SubscriptionId,12345,\n"
    );
    let report = PrivateAudience::from_csv(text.as_bytes()).unwrap_err();
    let lines: Vec<(Option<u64>, Rule)> = report
        .problems()
        .iter()
        .map(|p| (p.line(), p.diagnostic().rule()))
        .collect();
    assert_eq!(
        lines,
        [
            (Some(1), Rule::InvalidCsvHeader),
            (Some(2), Rule::UnsupportedAudienceType),
            (Some(3), Rule::DuplicateItem),
            (Some(4), Rule::InvalidGuid),
        ]
    );
    assert!(report.contains(Rule::DuplicateItem));
    assert!(!report.contains(Rule::TooManyItems));
}

#[test]
fn problems_display_like_diagnostics_with_a_line() {
    let report =
        PrivateAudience::from_csv(&b"Type,Id,Description\nSubscriptionId,bad,\n"[..]).unwrap_err();
    assert_eq!(
        report.to_string(),
        format!(
            "1 error in the private audience CSV\n  error[LO0105] line 2: {}",
            not_a_guid("bad")
        )
    );
    let report = PrivateAudience::from_csv(&b"Type,Id,Description\n"[..]).unwrap_err();
    assert_eq!(
        report.problems()[0].to_string(),
        "error[LO0005] (file): a private audience names at least 1 subscription ID, found none"
    );
}

#[test]
fn problems_serialize_with_code_name_and_line() {
    let report =
        PrivateAudience::from_csv(&b"Type,Id,Description\nSubscriptionId,bad,\n"[..]).unwrap_err();
    assert_eq!(
        serde_json::to_value(&report.problems()[0]).unwrap(),
        json!({
            "severity": "error",
            "code": "LO0105",
            "name": "invalid-guid",
            "line": 2,
            "message": not_a_guid("bad"),
        })
    );
    let report = PrivateAudience::from_csv(&b"Type,Id,Description\n"[..]).unwrap_err();
    assert_eq!(
        serde_json::to_value(&report.problems()[0]).unwrap()["line"],
        serde_json::Value::Null
    );
}

struct Failing;

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("disk on fire"))
    }
}

#[test]
fn a_file_that_cannot_be_read_is_one_problem() {
    assert_eq!(
        PrivateAudience::from_csv(Failing)
            .unwrap_err()
            .into_problems()
            .into_iter()
            .map(|p| (
                p.line(),
                p.diagnostic().rule(),
                p.diagnostic().message().to_owned()
            ))
            .collect::<Vec<_>>(),
        [(
            None,
            Rule::InvalidCsvLine,
            "the file could not be read: disk on fire".to_owned()
        )]
    );
}

#[test]
fn a_reader_that_hands_out_one_byte_at_a_time_is_read_whole() {
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            if buf.is_empty() {
                return Ok(0);
            }
            buf[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }
    let text = format!("\u{feff}Type,Id,Description\nSubscriptionId,{A},\n");
    let audience = PrivateAudience::from_csv(Trickle(text.as_bytes())).unwrap();
    assert_eq!(audience.as_slice(), &[sub(A)]);
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    assert::<PrivateAudience>();
    assert::<AudienceError>();
    assert::<CsvProblem>();
    assert::<CsvReport>();
}

// ---- Measure ----

/// Run with `cargo test --test audience timing -- --nocapture` to see the numbers. Debug build:
/// only the ratio means something, and even that loosely (the csv crate is not optimized either).
#[test]
fn timing_20000_ids_from_csv_against_uuid_parse_str() {
    // Spread the bits so that the IDs do not share long prefixes.
    let ids: Vec<SubscriptionId> = (1..=MAX as u128)
        .map(|n| {
            SubscriptionId::from_u128(n.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835))
        })
        .collect();
    let strings: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let file = csv_file(&ids);

    let best = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| {
                let start = Instant::now();
                assert_eq!(f(), MAX);
                start.elapsed()
            })
            .min()
            .unwrap()
    };
    let csv = best(&|| PrivateAudience::from_csv(file.as_bytes()).unwrap().len());
    let uuid = best(&|| {
        strings
            .iter()
            .map(|s| uuid::Uuid::parse_str(s).unwrap())
            .collect::<Vec<_>>()
            .len()
    });
    println!(
        "20000 IDs: from_csv {csv:?} ({} bytes), uuid::Uuid::parse_str loop {uuid:?}, ratio {:.1}",
        file.len(),
        csv.as_secs_f64() / uuid.as_secs_f64()
    );
}

/// A file saved again by a tool that adds its own byte order mark has two: both are left out,
/// whichever reader the file takes (the plain scan, or the csv crate when a field is quoted),
/// so the two agree (found by the property test that compares them).
#[test]
fn two_byte_order_marks_are_left_out_by_both_readers() {
    let id = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f";
    let plain = format!("\u{feff}\u{feff}Type,Id,Description\nSubscriptionId,{id},a\n");
    let quoted = format!("{plain}\"\"\n");
    for text in [&plain, &quoted] {
        let audience = from_csv(text);
        assert_eq!(audience.as_slice().len(), 1, "{text:?}");
    }
    let empty = |text: &str| {
        let report = PrivateAudience::from_csv(text.as_bytes()).unwrap_err();
        format!("{report:?}")
    };
    assert_eq!(
        empty("\u{feff}\u{feff}\n"),
        empty("\u{feff}\u{feff}\n\n\"\"\n")
    );
}
