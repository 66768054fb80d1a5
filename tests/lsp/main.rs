//! The language server (`lighthouse-offer lsp`): the protocol spoken as an editor does, and a
//! real client (headless Neovim, a conformance test ignored by default). Helpers live in
//! `tests/support`.

#![cfg(feature = "cli")]

#[path = "../support/mod.rs"]
mod support;

mod delegations;
mod neovim;
mod protocol;
