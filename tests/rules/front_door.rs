//! The crate root is a small front door: it re-exports the spine (the offer, plan, manifest,
//! authorizations, diagnostics and the values a builder names), at most 40 names, and topic
//! modules hold the rest. This test reads `src/lib.rs` as text and counts the names of its
//! top-level `pub use` items; the `pub use` lines inside a topic module (`pub mod leads { … }`)
//! and the `pub mod` lines are not counted.

use std::fs;
use std::path::Path;

/// The most names the crate root may re-export.
const MAX_ROOT_NAMES: usize = 40;

/// `src/lib.rs` without its comments (doc comments included), so that only code is read.
fn lib_code() -> String {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs is readable");
    text.lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names a `use` tree brings in: `a::b::{C, d::E, F as G}` gives `C`, `E`, `G`.
fn leaf_names(tree: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut item = String::new();
    let mut flush = |item: &mut String| {
        let last = item.rsplit(" as ").next().unwrap_or_default();
        let name = last.rsplit("::").next().unwrap_or_default().trim();
        if !name.is_empty() && name != "self" {
            names.push(name.to_owned());
        }
        item.clear();
    };
    for c in tree.chars() {
        match c {
            // Entering a group drops its prefix; leaving or separating ends an item.
            '{' => item.clear(),
            '}' | ',' => flush(&mut item),
            c => item.push(c),
        }
    }
    flush(&mut item);
    names
}

/// The names the top-level `pub use` items of the crate root re-export, in order.
fn root_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut rest = code;
    while !rest.is_empty() {
        let at_statement = depth == 0
            && rest.starts_with("pub use ")
            && !code[..code.len() - rest.len()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if at_statement {
            let end = rest.find(';').expect("a `pub use` item ends with `;`");
            names.extend(leaf_names(&rest["pub use ".len()..end]));
            rest = &rest[end + 1..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    names
}

#[test]
fn the_crate_root_re_exports_at_most_40_names() {
    let names = root_names(&lib_code());
    assert!(
        names.len() <= MAX_ROOT_NAMES,
        "the crate root re-exports {} names, at most {MAX_ROOT_NAMES} are allowed: put the new \
         ones in a topic module (see src/lib.rs): {names:?}",
        names.len()
    );
}

#[test]
fn the_spine_is_at_the_crate_root() {
    // The count must see the re-exports at all, and the spine stays at the door.
    let names = root_names(&lib_code());
    for spine in [
        "Offer",
        "Plan",
        "Manifest",
        "Authorization",
        "EligibleAuthorization",
        "Checked",
        "Report",
        "Diagnostic",
        "Rule",
        "Severity",
        "JsonPointer",
        "Edition",
        "ReadOptions",
    ] {
        assert!(
            names.iter().any(|n| n == spine),
            "{spine} is not at the crate root"
        );
    }
}

#[test]
fn the_count_skips_topic_modules_and_comments() {
    let code = "// pub use a::{B, C};\n\
                pub mod topic {\n    pub use crate::x::{D, E, F};\n}\n\
                pub use x::{G, y::{H, I as J}};\npub use x::k;\n";
    let code: String = code
        .lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(root_names(&code), ["G", "H", "J", "k"]);
}
