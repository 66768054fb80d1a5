//! `lighthouse-offer lsp`: a Language Server over standard input and output, for offer documents
//! written in JSON or YAML, and the delegations `check` reads besides: ARM templates and
//! parameters files, Bicep files (with the `.bicepparam` or parameters file beside them on
//! disk), told apart as `check` tells them apart.
//!
//! On open and on every change it publishes the checker's full diagnostics (the image files are
//! read beside the document), each at the span `check` underlines. Hover on a `roleDefinitionId`
//! names the role and says whether Azure Lighthouse supports it; completion there offers the
//! supported roles by name and inserts the GUID. Quick fixes are offered where the fix is certain:
//! a GUID typed with braces, without hyphens or as a URN gets its hyphenated spelling, and a
//! manifest without the delete role gets an authorization for it (for the principal of the
//! manifest's first authorization).
//!
//! With `--published DIR`, the published version of each document is read from DIR (at the
//! document's path relative to the workspace folder, or by its file name outside one), and the
//! changes that `diff` reports are published too; a manifest changed without a higher version
//! (or with a lower one) gets the quick fix that raises it above the published version.
//!
//! The messages are framed and typed with `lsp-server` and `lsp-types`; the reading loop is the
//! server's own, so that a malformed message is answered with a JSON-RPC error (`-32700` for text
//! that is not JSON, `-32600` for JSON that is no message) instead of ending the connection.
//!
//! The files: `framing` reads messages, `server` holds the state, `sync` keeps the documents
//! and publishes their diagnostics, and one file answers each kind of request (`hover`,
//! `completion`, `code_action`); this one runs the loop and routes each message.
//!
//! Uses `cli`, `output::console` and the files of `lsp`.

mod code_action;
mod completion;
mod framing;
mod hover;
mod server;
mod sync;

use std::io::{self, Write};
use std::process::ExitCode;

use lsp_server::{ErrorCode, Message, Notification, Request};
use lsp_types as lsp;
use serde_json::{Value, json};

use crate::cli::LspArgs;
use crate::lsp::framing::{Incoming, read_message};
use crate::lsp::server::{Server, file_path, format_of, offers_utf8, parse};
use crate::output::console;

/// Runs the server until `exit`: status 0 after a `shutdown` request, 1 otherwise (as the
/// protocol asks), 2 when standard output cannot be written.
pub fn run(args: &LspArgs) -> ExitCode {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut server = Server::new(stdout.lock());
    server.published.clone_from(&args.published);
    loop {
        let message = match read_message(&mut input) {
            Ok(Some(message)) => message,
            // End of input without `exit`: the client went away.
            Ok(None) => return ExitCode::from(1),
            Err(Incoming::Malformed(code, id, text)) => {
                if server.send_malformed(&id, code, &text).is_err() {
                    return ExitCode::from(2);
                }
                continue;
            }
            Err(Incoming::Io(error)) => {
                console::err(&console::problem(&format!(
                    "lsp: cannot read standard input: {error}"
                )));
                return ExitCode::from(1);
            }
        };
        let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handle(&mut server, message)
        }));
        match handled {
            Ok(Ok(Flow::Exit(code))) => return ExitCode::from(code),
            Ok(Err(_)) => return ExitCode::from(2),
            // A bug of the checker (`Err`) must not end the session either: the request in
            // flight (if any) was not answered; the client may send the next change.
            Ok(Ok(Flow::Continue)) | Err(_) => {}
        }
    }
}

/// What the loop does after a message.
enum Flow {
    Continue,
    Exit(u8),
}

fn handle<W: Write>(server: &mut Server<W>, message: Message) -> io::Result<Flow> {
    match message {
        Message::Request(message) => request(server, message).map(|()| Flow::Continue),
        Message::Notification(message) => notification(server, message),
        // The server sends no requests, so no response is awaited.
        Message::Response(_) => Ok(Flow::Continue),
    }
}

fn request<W: Write>(server: &mut Server<W>, request: Request) -> io::Result<()> {
    let Request { id, method, params } = request;
    if method == "initialize" {
        if server.initialized {
            return server.send_error(
                id,
                ErrorCode::InvalidRequest,
                "the server is initialized already".into(),
            );
        }
        return match serde_json::from_value::<lsp::InitializeParams>(params) {
            Ok(params) => {
                server.initialized = true;
                server.utf8 = offers_utf8(&params);
                server.root = params
                    .workspace_folders
                    .as_ref()
                    .and_then(|folders| folders.first())
                    .and_then(|folder| file_path(&folder.uri));
                let result = capabilities(server.utf8);
                server.reply(id, result)
            }
            Err(e) => server.send_error(id, ErrorCode::InvalidParams, e.to_string()),
        };
    }
    if !server.initialized {
        return server.send_error(
            id,
            ErrorCode::ServerNotInitialized,
            "the server is not initialized: send `initialize` first".into(),
        );
    }
    if server.shut_down {
        return server.send_error(
            id,
            ErrorCode::InvalidRequest,
            "the server is shut down: only `exit` is expected".into(),
        );
    }
    let result = match method.as_str() {
        "shutdown" => {
            server.shut_down = true;
            Ok(Value::Null)
        }
        "textDocument/hover" => parse(params).map(|p| hover::hover(server, &p)),
        "textDocument/completion" => parse(params).map(|p| completion::completion(server, &p)),
        "textDocument/codeAction" => parse(params).map(|p| code_action::code_actions(server, &p)),
        _ => {
            return server.send_error(
                id,
                ErrorCode::MethodNotFound,
                format!("`{method}` is not a method of this server"),
            );
        }
    };
    match result {
        Ok(value) => server.reply(id, value),
        Err(message) => server.send_error(id, ErrorCode::InvalidParams, message),
    }
}

fn notification<W: Write>(server: &mut Server<W>, notification: Notification) -> io::Result<Flow> {
    let Notification { method, params } = notification;
    if method == "exit" {
        return Ok(Flow::Exit(u8::from(!server.shut_down)));
    }
    if !server.initialized || server.shut_down {
        return Ok(Flow::Continue);
    }
    match method.as_str() {
        "textDocument/didOpen" => {
            if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(params) {
                let d = p.text_document;
                let format = format_of(&d.uri, &d.language_id);
                sync::update(server, d.uri, d.text, d.version, Some(format))?;
            }
        }
        "textDocument/didChange" => {
            if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(params) {
                // Full synchronisation: the last change holds the whole text.
                if let Some(change) = p.content_changes.into_iter().last() {
                    let d = p.text_document;
                    sync::update(server, d.uri, change.text, d.version, None)?;
                }
            }
        }
        "textDocument/didClose" => {
            if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(params) {
                let uri = p.text_document.uri;
                server.documents.remove(uri.as_str());
                sync::publish(server, uri, None, Vec::new())?;
            }
        }
        _ => {}
    }
    Ok(Flow::Continue)
}

/// The capabilities answered to `initialize`: positions in UTF-8 bytes when the client offers
/// them (`utf8`), UTF-16 code units otherwise.
fn capabilities(utf8: bool) -> Value {
    let encoding = if utf8 {
        lsp::PositionEncodingKind::UTF8
    } else {
        lsp::PositionEncodingKind::UTF16
    };
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Kind(
            lsp::TextDocumentSyncKind::FULL,
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), " ".into()]),
            ..lsp::CompletionOptions::default()
        }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..lsp::CodeActionOptions::default()
            },
        )),
        ..lsp::ServerCapabilities::default()
    };
    json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "lighthouse-offer", "version": env!("CARGO_PKG_VERSION") },
    })
}
