//! Helpers shared by the test binaries (`tests/rules`, `tests/cli`, `tests/lsp`,
//! `tests/conformance`, `tests/generated_roles.rs`), each of which declares this folder as its
//! `support` module. This file holds the offer helpers: the example document, changes to it by
//! JSON Pointer, a scratch copy of the example's folder, and the findings of a check as
//! `(code, path)` pairs. The submodules hold the rest.

// Each test binary uses some of the helpers, not all.
#![allow(dead_code)]

/// The onboardings the ARM export tests export.
pub mod arm_export;
/// Running the `lighthouse-offer` binary as a user runs it.
#[cfg(feature = "cli")]
pub mod cli;
/// The check that a generated, committed file is current.
pub mod generated;
/// A small HTTP server on 127.0.0.1 in the shapes of Azure Resource Manager.
#[cfg(feature = "live")]
pub mod live_server;
/// A language-server client that speaks to `lighthouse-offer lsp`.
#[cfg(feature = "cli")]
pub mod lsp;
/// The inputs of the page tests: an offer with findings, a fleet to audit.
pub mod pages;
/// The way to Microsoft's published files, for the conformance tests.
pub mod reference_data;
/// A role catalog newer than the bundled one.
pub mod role_catalog;
/// A scratch folder removed when dropped.
pub mod temp_dir;

use std::path::{Path, PathBuf};

use lighthouse_offer::{Diagnostic, Offer, Rule, Severity};
use serde_json::Value;

/// The bundled example document's text, compiled in.
pub const EXAMPLE: &str = include_str!("../../examples/contoso-sentinel/offer.json");

/// The folder of the bundled example offer.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel")
}

/// The example document's text.
pub fn example_text() -> String {
    std::fs::read_to_string(example_dir().join("offer.json")).unwrap()
}

/// The example document, parsed.
pub fn example() -> Value {
    serde_json::from_str(&example_text()).unwrap()
}

/// A complete offer document written inline, without the `edition` field (read as 2020) and
/// with the large logo only: the base that the edition tests and the command-line tests change
/// (they add the edition, the other logos, the Standard Contract or the offer's own terms).
/// Image files are not read unless a test verifies them.
pub fn inline_offer() -> Value {
    serde_json::json!({
        "offerId": "contoso-sentinel",
        "publisherId": "contoso",
        "name": "Contoso Managed Sentinel",
        "plans": [{
            "planId": "gold",
            "title": "Gold",
            "summary": "24x7 monitoring of Microsoft Sentinel",
            "description": "Our analysts watch your Microsoft Sentinel incidents day and night.",
            "availability": { "visibility": "public" },
            "manifest": {
                "version": "1.0.0",
                "tenantId": "3f2c6d1a-8b4e-4c7a-9d2f-5e6a7b8c9d01",
                "authorizations": [
                    {
                        "principalId": "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                        "principalIdDisplayName": "Contoso SOC analysts",
                        "roleDefinitionId": "b24988ac-6180-42a0-ab88-20f7382dd24c"
                    },
                    {
                        "principalId": "7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e",
                        "principalIdDisplayName": "Contoso delegation admins",
                        "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46"
                    }
                ]
            }
        }],
        "listing": {
            "title": "Contoso Managed Sentinel",
            "summary": "Microsoft Sentinel run for you by Contoso",
            "longSummary": "Contoso's security operations centre runs Microsoft Sentinel for you.",
            "description": "<p>Contoso runs Microsoft Sentinel for you as a managed service.</p>",
            "marketingIdentifier": "contoso-sentinel",
            "previewSubscriptionIds": ["0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"],
            "categories": ["Security"]
        },
        "marketingArtifacts": {
            "logos": { "large": "logos/large.png" }
        },
        "leadManagement": {
            "destination": { "type": "httpsEndpoint", "url": "https://contoso.example/leads" },
            "contactEmails": ["leads@contoso.example"]
        },
        "legal": {
            "privacyPolicyUrl": "https://contoso.example/privacy",
            "useStandardContract": true
        },
        "support": {
            "engineeringContact": { "name": "Alex Doe", "email": "eng@contoso.example", "phone": "+1 555 0100" },
            "supportContact": { "name": "Sam Roe", "email": "support@contoso.example", "phone": "+1 555 0101" },
            "supportUrls": ["https://contoso.example/support"]
        }
    })
}

/// The value at `pointer`, which must exist.
#[track_caller]
pub fn at<'d>(doc: &'d mut Value, pointer: &str) -> &'d mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the document has nothing at {pointer}"))
}

/// Splits `/a/b/c` into `/a/b` and `c`.
fn parent_and_key(pointer: &str) -> (&str, &str) {
    pointer.rsplit_once('/').expect("a pointer below the root")
}

/// Sets the value at `pointer`: replaces an existing value, adds a member to an object, or
/// appends to an array when the last token is `-`.
#[track_caller]
pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = parent_and_key(pointer);
    match at(doc, parent) {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) if key == "-" => items.push(value),
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        other => panic!("{parent} is neither an object nor an array: {other}"),
    }
}

/// Removes the value at `pointer` and returns it.
#[track_caller]
pub fn remove(doc: &mut Value, pointer: &str) -> Value {
    let (parent, key) = parent_and_key(pointer);
    match at(doc, parent) {
        Value::Object(map) => map
            .remove(key)
            .unwrap_or_else(|| panic!("nothing to remove at {pointer}")),
        Value::Array(items) => items.remove(key.parse::<usize>().unwrap()),
        other => panic!("{parent} is neither an object nor an array: {other}"),
    }
}

/// A distinct GUID for the `n`th made-up principal or subscription.
pub fn guid(n: u128) -> String {
    lighthouse_offer::PrincipalId::from_u128(0x7e57_0000_0000_4000_8000_0000_0000_0000 + n)
        .to_string()
}

/// Findings as `(code, path)` pairs, in the order given.
pub type Found = Vec<(&'static str, String)>;

/// Diagnostics as `(code, path)` pairs.
pub fn pairs<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Found {
    diagnostics
        .into_iter()
        .map(|d| (d.code(), d.path().to_string()))
        .collect()
}

/// Diagnostics as `(name, path)` pairs, as ARM files are judged.
pub fn names<'d>(
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
) -> Vec<(&'static str, String)> {
    diagnostics
        .into_iter()
        .map(|d| (d.name(), d.path().to_string()))
        .collect()
}

/// Expected findings as `(name, path)` pairs, from a table of borrowed texts.
pub fn named(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    list.iter().map(|(n, p)| (*n, (*p).to_owned())).collect()
}

/// Expected findings as `(code, path)` pairs.
pub fn expected(rules: &[(Rule, &str)]) -> Found {
    rules
        .iter()
        .map(|(rule, path)| (rule.code(), (*path).to_owned()))
        .collect()
}

/// What a check found: errors and warnings apart.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub errors: Found,
    pub warnings: Found,
}

impl Outcome {
    /// Sorts diagnostics into errors and warnings.
    pub fn of<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Self {
        let mut outcome = Outcome::default();
        for d in diagnostics {
            let entry = (d.code(), d.path().to_string());
            match d.severity() {
                Severity::Error => outcome.errors.push(entry),
                Severity::Warning => outcome.warnings.push(entry),
                // Offer documents have no notes (only ARM files do).
                Severity::Note => {}
            }
        }
        outcome
    }

    /// The findings of `Offer::from_json_str` on this text.
    pub fn of_text(text: &str) -> Self {
        match Offer::from_json_str(text) {
            Ok(checked) => Outcome::of(checked.warnings()),
            Err(report) => Outcome::of(report.diagnostics()),
        }
    }

    /// The findings of `Offer::from_json_str` on this document.
    pub fn of_document(doc: &Value) -> Self {
        Outcome::of_text(&doc.to_string())
    }
}

/// The offer of a document that must read without errors; panics with the report otherwise.
#[track_caller]
pub fn read(doc: &Value) -> lighthouse_offer::Checked<Offer> {
    Offer::from_json_str(&doc.to_string()).unwrap_or_else(|report| panic!("{report}"))
}

/// A copy of the example's folder under the system's temporary folder, removed when dropped,
/// to change image files in.
pub struct ScratchCopy(PathBuf);

impl ScratchCopy {
    /// A fresh copy; `name` keeps the copies of concurrent tests apart.
    pub fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("lighthouse-offer-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        copy_dir(&example_dir(), &path);
        ScratchCopy(path)
    }

    /// The copy's folder.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Copies the example's image folders (`logos`, `screenshots`) into `to`, so that a document
/// written there names images that exist.
pub fn copy_example_images(to: &Path) {
    for sub in ["logos", "screenshots"] {
        copy_dir(&example_dir().join(sub), &to.join(sub));
    }
}

/// An 8-bit RGB PNG whose pixels `paint` gives.
pub fn rgb_png(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut data = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            data.extend_from_slice(&paint(x, y));
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    bytes
}
