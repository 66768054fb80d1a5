//! `textDocument/didOpen`, `didChange` and `didClose`: the text of a document kept, checked as
//! `check` checks it (and, with `--published`, compared as `diff` compares it), its diagnostics
//! published. An ARM template or parameters file and a Bicep file are told apart and judged as
//! `check` judges them ([`FileKind::of`], [`check_delegation`]): with what is beside them on
//! disk (a template, a `.bicepparam`, modules), the editor's text for the file itself; a finding
//! in another file read with it is published for that file.
//!
//! The project file `lighthouse-offer.toml` applies as it does to `check`: found from the
//! document's folder upward, its `edition` for a document that names none, its `allow` for the
//! warnings a project accepts. Allowed findings are not published, as `check` does not show
//! them: a hint would still mark the text, which is what allowing a warning is meant to stop. A
//! project file that cannot be read is shown to the user once per change of the document
//! (`window/showMessage`), and the document is checked without it.
//!
//! Uses `commands`, `io`, `output` and `lsp::server`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use lighthouse_offer::roles::RoleCatalog;
use lsp_server::{Message, Notification};
use lsp_types as lsp;

use crate::commands::{FileKind, check_delegation};
use crate::io::input::InputFormat;
use crate::io::{document, project};
use crate::lsp::server::{Open, Server, file_path, format_of};
use crate::output::allow::Allowed;
use crate::output::located::locate_all;
use crate::output::summary::Tally;

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
    let kind = path
        .as_deref()
        .map_or(FileKind::Offer, |p| FileKind::of(p, &text, format, None));
    if let (Some(path), true) = (path.as_deref(), kind != FileKind::Offer) {
        let open = Open {
            uri: uri.clone(),
            text,
            format,
            found: Vec::new(),
        };
        return update_delegation(server, (path, kind), open, version, &allowed);
    }
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

/// An ARM or Bicep file: judged as `check` judges it; its findings published for it, those of
/// the files read with it (a `.bicepparam`, a template, a module) for each of them.
fn update_delegation<W: Write>(
    server: &mut Server<W>,
    (path, kind): (&Path, FileKind),
    mut open: Open,
    version: i32,
    allowed: &Allowed,
) -> io::Result<()> {
    let options = lighthouse_offer::arm::CheckOptions::new();
    let mut tally = Tally::default();
    let shown = check_delegation(kind, &options, path, open.text.clone(), allowed, &mut tally);
    let mut own = Vec::new();
    let mut others = Vec::new();
    for mut file in shown {
        // Allowed findings are not published, as for an offer document.
        file.found.retain(|f| f.allowed.is_none());
        // A `.bicepparam` file is shown after the Bicep file it uses.
        if Path::new(&file.file) == path {
            own = file.found;
        } else if !file.found.is_empty() {
            others.push(file);
        }
    }
    let published: Vec<lsp::Diagnostic> =
        own.iter().map(|f| server.to_lsp(&open.text, f)).collect();
    let uri = open.uri.clone();
    open.found = own;
    server.documents.insert(uri.as_str().to_owned(), open);
    publish(server, uri.clone(), Some(version), published)?;
    let mut now = Vec::new();
    for file in others {
        let Some(other) = file_uri(&file.file) else {
            continue;
        };
        if other.as_str() == uri.as_str() {
            continue;
        }
        let diagnostics = file
            .found
            .iter()
            .map(|f| server.to_lsp(&file.text, f))
            .collect();
        publish(server, other.clone(), None, diagnostics)?;
        now.push(other);
    }
    // A file that had findings and has none now is cleared.
    let before = server
        .beside
        .insert(uri.as_str().to_owned(), now.clone())
        .unwrap_or_default();
    for old in before {
        if !now.iter().any(|n| n.as_str() == old.as_str()) {
            publish(server, old, None, Vec::new())?;
        }
    }
    Ok(())
}

/// The `file:` URI of a file read with the document (its path as shown: absolute, or relative
/// to the working directory).
fn file_uri(shown: &str) -> Option<lsp::Uri> {
    let mut path = std::path::PathBuf::from(shown);
    if path.is_relative() {
        path = std::env::current_dir().ok()?.join(path);
    }
    let text = path.to_str()?;
    format!("file://{}", text.replace('%', "%25").replace(' ', "%20"))
        .parse()
        .ok()
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
