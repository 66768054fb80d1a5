//! The conformance suite's way to Microsoft's published files: the ARM resource schemas of
//! `Microsoft.ManagedServices` and the Azure Lighthouse samples. The repository does not carry
//! them, so the tests that read them are marked
//! `#[ignore = "conformance: reads Microsoft's published files …"]` and a fresh clone lists them
//! as ignored. They read the folder named by the environment variable `LIGHTHOUSE_REFERENCE_DATA`
//! (absolute, or relative to the crate root), laid out as this project's `../shared/data`:
//!
//! ```sh
//! LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored
//! ```
//!
//! A conformance test run without the variable, or with a folder that lacks a file it needs,
//! fails and says what is missing.

// Each test file uses some of the helpers, not all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The environment variable that names the folder of Microsoft's files.
pub const VARIABLE: &str = "LIGHTHOUSE_REFERENCE_DATA";

/// The folder the variable names; a clear failure when it is not set or not a folder.
#[track_caller]
pub fn folder() -> PathBuf {
    let Some(value) = std::env::var_os(VARIABLE).filter(|value| !value.is_empty()) else {
        panic!(
            "{VARIABLE} is not set: this conformance test reads Microsoft's published files (ARM \
             schemas, Lighthouse samples), which the repository does not carry; run it with \
             `{VARIABLE}=<folder of those files> cargo test --all-features -- --ignored` \
             (this project's checkouts have them in ../shared/data)"
        )
    };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(value);
    assert!(
        folder.is_dir(),
        "{VARIABLE} names {}, which is not a folder: expected the folder of Microsoft's \
         published files (ARM schemas, Lighthouse samples)",
        folder.display()
    );
    folder
}

/// A file or folder of the reference data, such as `arm-schemas/common/definitions.json`; a
/// clear failure when it is missing.
#[track_caller]
pub fn path(relative: &str) -> PathBuf {
    let folder = folder();
    let path = folder.join(relative);
    assert!(
        path.exists(),
        "{relative} is missing from the reference data ({VARIABLE}={}): expected Microsoft's \
         files there, as the conformance tests name them",
        folder.display()
    );
    path
}

/// A JSON file of the reference data.
#[track_caller]
pub fn read_json(relative: &str) -> Value {
    let path = path(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
