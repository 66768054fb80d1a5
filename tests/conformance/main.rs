//! The conformance suite: the tests that read Microsoft's published files (the ARM resource
//! schemas of `Microsoft.ManagedServices` and the Azure Lighthouse samples), which the repository
//! does not carry. Each is ignored by default and reads the folder named by
//! `LIGHTHOUSE_REFERENCE_DATA` (`tests/support/reference_data.rs`):
//!
//! ```sh
//! LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features --test conformance -- --ignored
//! ```
//!
//! The other conformance tests, which need a program rather than Microsoft's files, stay beside
//! what they test: the SARIF validator in `tests/cli/formats.rs`, Neovim in `tests/lsp/neovim.rs`.

#[path = "../support/mod.rs"]
mod support;

mod arm_export;
mod arm_import;
mod arm_templates;
#[cfg(feature = "cli")]
mod cli_arm;
#[cfg(feature = "cli")]
mod pages;
