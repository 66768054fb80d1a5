//! `textDocument/didOpen`, `didChange` and `didClose`: the text of a document kept, checked as
//! `check` checks it (and, with `--published`, compared as `diff` compares it), its diagnostics
//! published.
//!
//! Uses `io`, `output::located` and `lsp::server`.

use std::io::{self, Write};
use std::path::PathBuf;

use lighthouse_offer::roles::RoleCatalog;
use lsp_server::{Message, Notification};
use lsp_types as lsp;

use crate::io::document;
use crate::io::input::InputFormat;
use crate::lsp::server::{Open, Server, file_path, format_of};
use crate::output::located::locate_all;

/// Stores the new text of a document and publishes its diagnostics.
pub fn update<W: Write>(
    server: &mut Server<W>,
    uri: lsp::Uri,
    text: String,
    version: i32,
    format: Option<InputFormat>,
) -> io::Result<()> {
    let key = uri.as_str().to_owned();
    let format = format
        .or_else(|| server.documents.get(&key).map(|d| d.format))
        .unwrap_or_else(|| format_of(&uri, ""));
    let base_dir = file_path(&uri).and_then(|p| p.parent().map(PathBuf::from));
    let mut diagnostics = document::check(
        &text,
        format,
        base_dir.as_deref(),
        None,
        &RoleCatalog::bundled(),
    );
    if let Some(old) = server.published_offer(&uri) {
        diagnostics.extend(changes_since(&old, &text, format));
    }
    let found = locate_all(&text, format, diagnostics);
    let published: Vec<lsp::Diagnostic> = found.iter().map(|f| server.to_lsp(&text, f)).collect();
    server.documents.insert(
        key,
        Open {
            uri: uri.clone(),
            text,
            format,
            found,
        },
    );
    publish(server, uri, Some(version), published)
}

pub fn publish<W: Write>(
    server: &mut Server<W>,
    uri: lsp::Uri,
    version: Option<i32>,
    diagnostics: Vec<lsp::Diagnostic>,
) -> io::Result<()> {
    let params = lsp::PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    server.send(Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".into(),
        params,
    )))
}

/// The changes from the published offer `old` to the document, as `diff` finds them, placed in
/// the document: what only the published version has (a removed plan) at its first line.
fn changes_since(
    old: &lighthouse_offer::Offer,
    text: &str,
    format: InputFormat,
) -> Vec<lighthouse_offer::Diagnostic> {
    let Ok(new) = document::read_offer(text, format, &RoleCatalog::bundled()) else {
        return Vec::new();
    };
    old.update_to(&new)
        .changes()
        .iter()
        .map(|change| match change.side() {
            lighthouse_offer::update::ChangeSide::New => change.diagnostic().clone(),
            lighthouse_offer::update::ChangeSide::Old => lighthouse_offer::Diagnostic::new(
                change.diagnostic().rule(),
                lighthouse_offer::JsonPointer::root(),
                change.diagnostic().message(),
            ),
        })
        .collect()
}
