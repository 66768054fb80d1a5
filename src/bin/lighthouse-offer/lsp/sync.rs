//! `textDocument/didOpen`, `didChange` and `didClose`: the text of a document kept, checked as
//! `check` checks it (and, with `--published`, compared as `diff` compares it), its diagnostics
//! published.
//!
//! The project file `lighthouse-offer.toml` applies as it does to `check`: found from the
//! document's folder upward, its `edition` for a document that names none, its `allow` for the
//! warnings a project accepts. Allowed findings are not published, as `check` does not show
//! them: a hint would still mark the text, which is what allowing a warning is meant to stop. A
//! project file that cannot be read is shown to the user once per change of the document
//! (`window/showMessage`), and the document is checked without it.
//!
//! Uses `io`, `output::allow`, `output::located` and `lsp::server`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use lighthouse_offer::roles::RoleCatalog;
use lsp_server::{Message, Notification};
use lsp_types as lsp;

use crate::io::input::InputFormat;
use crate::io::{document, project};
use crate::lsp::server::{Open, Server, file_path, format_of};
use crate::output::allow::Allowed;
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
    let path = file_path(&uri);
    let base_dir = path.as_ref().and_then(|p| p.parent().map(PathBuf::from));
    // The project file, as `check` reads it; one that cannot be read is said, and left out.
    let (project, allowed) = match path.as_deref().map(project_of).transpose() {
        Ok(found) => found.unwrap_or_default(),
        Err(message) => {
            show_error(server, &message)?;
            (None, Allowed::default())
        }
    };
    let edition = project
        .as_ref()
        .and_then(|p| p.edition)
        .filter(|_| !project::names_edition(&text, format));
    let mut diagnostics = document::check(
        &text,
        format,
        base_dir.as_deref(),
        edition,
        &RoleCatalog::bundled(),
    );
    if let Some(old) = server.published_offer(&uri) {
        diagnostics.extend(changes_since(&old, &text, format));
    }
    let mut found = locate_all(&text, format, diagnostics);
    allowed.mark(&mut found);
    let published: Vec<lsp::Diagnostic> = found
        .iter()
        .filter(|f| f.allowed.is_none())
        .map(|f| server.to_lsp(&text, f))
        .collect();
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

/// The project file of the document at `path` and the rules it allows.
fn project_of(path: &Path) -> Result<(Option<project::Project>, Allowed), String> {
    let found = project::for_document(path)?;
    let allowed = Allowed::default().with_project(found.as_ref())?;
    Ok((found, allowed))
}

/// Shows an error to the user (`window/showMessage`).
fn show_error<W: Write>(server: &mut Server<W>, message: &str) -> io::Result<()> {
    let params = lsp::ShowMessageParams {
        typ: lsp::MessageType::ERROR,
        message: format!("lighthouse-offer: {message}"),
    };
    server.send(Message::Notification(Notification::new(
        "window/showMessage".into(),
        params,
    )))
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
