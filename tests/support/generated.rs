//! Files generated from the crate and committed (the JSON Schema files, the bundled role
//! catalog): a test renders each and compares it with the committed file, or writes it when
//! `UPDATE_GENERATED=1`.

use std::path::Path;

/// Whether the run was asked to write the generated files (`UPDATE_GENERATED=1`).
pub fn updating() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1")
}

/// Fails when the file at `path` (`name` in messages) is not `rendered`, naming the first line
/// that differs, what the file is generated from (`source`) and the command that regenerates it.
#[track_caller]
pub fn assert_current(path: &Path, name: &str, rendered: &str, source: &str, regenerate: &str) {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current != rendered {
        let line = current
            .lines()
            .zip(rendered.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the length".to_owned(), |i| format!("line {}", i + 1));
        panic!(
            "{name} is stale (first difference at {line}): it is generated from {source}; \
             regenerate it with `{regenerate}` and commit the result"
        );
    }
}
