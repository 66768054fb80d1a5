//! `lighthouse-offer lsp`: a Language Server over standard input and output, for offer documents
//! written in JSON or YAML.
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

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use lighthouse_offer::{RoleDefinitionId, Rule, Severity, roles};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};

use crate::check::locate_all_as;
use crate::explain;
use crate::input::InputFormat;
use crate::locate::Locator;
use crate::model;
use crate::render::Located;

/// The largest message read, in bytes: a document of the largest size the library reads, with
/// room for the JSON-RPC envelope and escapes.
const MAX_MESSAGE_BYTES: usize = 4 * lighthouse_offer::Offer::MAX_DOCUMENT_BYTES;

/// Arguments of `lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// A folder with the published versions of the documents (at their paths relative to the
    /// workspace folder): the changes `diff` reports are shown too
    #[arg(long, value_name = "DIR")]
    pub published: Option<PathBuf>,
}

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
                crate::render::err(&crate::render::problem(&format!(
                    "lsp: cannot read standard input: {error}"
                )));
                return ExitCode::from(1);
            }
        };
        let handled =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.handle(message)));
        match handled {
            Ok(Ok(Flow::Exit(code))) => return ExitCode::from(code),
            Ok(Err(_)) => return ExitCode::from(2),
            // A bug of the checker (`Err`) must not end the session either: the request in
            // flight (if any) was not answered; the client may send the next change.
            Ok(Ok(Flow::Continue)) | Err(_) => {}
        }
    }
}

/// Why a message could not be had.
enum Incoming {
    /// The bytes were read, but are no JSON-RPC message: answered with this code, the message's
    /// `id` when it has one (`null` otherwise) and this text.
    Malformed(ErrorCode, Value, String),
    /// Standard input failed.
    Io(io::Error),
}

/// Reads one framed message: headers, a blank line, `Content-Length` bytes of JSON. `None` at
/// the end of the input.
fn read_message(input: &mut impl BufRead) -> Result<Option<Message>, Incoming> {
    let mut length = None;
    let mut line = String::new();
    let mut any_header = false;
    loop {
        line.clear();
        let read = input.read_line(&mut line).map_err(Incoming::Io)?;
        if read == 0 {
            return if any_header {
                Err(Incoming::Io(io::ErrorKind::UnexpectedEof.into()))
            } else {
                Ok(None)
            };
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if any_header {
                break;
            }
            continue;
        }
        any_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        return Err(Incoming::Malformed(
            ErrorCode::ParseError,
            Value::Null,
            "the message has no valid Content-Length header".into(),
        ));
    };
    if length > MAX_MESSAGE_BYTES {
        // Skipped unread would leave the stream out of step: read and drop it.
        let mut left = length;
        let mut chunk = [0_u8; 8192];
        while left > 0 {
            let read = input
                .read(&mut chunk[..left.min(8192)])
                .map_err(Incoming::Io)?;
            if read == 0 {
                break;
            }
            left -= read;
        }
        return Err(Incoming::Malformed(
            ErrorCode::InvalidRequest,
            Value::Null,
            format!("the message has {length} bytes, at most {MAX_MESSAGE_BYTES} are read"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).map_err(Incoming::Io)?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        Incoming::Malformed(
            ErrorCode::ParseError,
            Value::Null,
            format!("the message is not JSON: {e}"),
        )
    })?;
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let shaped = value.get("method").is_some_and(Value::is_string)
        || (value.get("id").is_some()
            && (value.get("result").is_some() || value.get("error").is_some()));
    if !shaped {
        return Err(Incoming::Malformed(
            ErrorCode::InvalidRequest,
            id,
            "the JSON is not a JSON-RPC request, response or notification: it has no `method`, \
             nor the `result` or `error` of a response"
                .into(),
        ));
    }
    let message = serde_json::from_value::<Message>(value).map_err(|e| {
        Incoming::Malformed(
            ErrorCode::InvalidRequest,
            id,
            format!("the JSON is not a JSON-RPC request, response or notification: {e}"),
        )
    })?;
    Ok(Some(message))
}

/// What the loop does after a message.
enum Flow {
    Continue,
    Exit(u8),
}

/// An open document.
struct Open {
    uri: lsp::Uri,
    text: String,
    format: InputFormat,
    /// The diagnostics last published, with their places.
    found: Vec<Located>,
}

impl Open {
    /// The document's value, read in its format; `None` when it does not parse.
    fn value(&self) -> Option<Value> {
        match self.format {
            InputFormat::Json => serde_json::from_str(&self.text).ok(),
            InputFormat::Yaml => lighthouse_offer::yaml::Document::parse(&self.text)
                .ok()
                .map(|document| document.value().clone()),
        }
    }
}

/// The server's state.
struct Server<W: Write> {
    out: W,
    initialized: bool,
    shut_down: bool,
    /// Positions count UTF-8 bytes when the client offers it, UTF-16 code units otherwise.
    utf8: bool,
    documents: HashMap<String, Open>,
    /// The folder of the published versions (`--published`).
    published: Option<PathBuf>,
    /// The first workspace folder, which the published folder mirrors.
    root: Option<PathBuf>,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Self {
        Server {
            out,
            initialized: false,
            shut_down: false,
            utf8: false,
            documents: HashMap::new(),
            published: None,
            root: None,
        }
    }

    /// The path of the published version of the document at `path`, when `--published` is given.
    fn published_path(&self, path: &std::path::Path) -> Option<PathBuf> {
        let folder = self.published.as_ref()?;
        let relative = self
            .root
            .as_ref()
            .and_then(|root| path.strip_prefix(root).ok())
            .map_or_else(
                || PathBuf::from(path.file_name().unwrap_or_default()),
                PathBuf::from,
            );
        Some(folder.join(relative))
    }

    /// The published offer of a document, when there is one and it is valid.
    fn published_offer(&self, uri: &lsp::Uri) -> Option<lighthouse_offer::Offer> {
        let path = self.published_path(&file_path(uri)?)?;
        let text = crate::check::read(&path).ok()?;
        model::read_offer_as(&text, InputFormat::of(&path, None)).ok()
    }

    #[allow(clippy::needless_pass_by_value)] // a message is sent once, then dropped
    fn send(&mut self, message: Message) -> io::Result<()> {
        message.write(&mut self.out)?;
        self.out.flush()
    }

    /// An error response to a message that could not be read as one: its `id` may be `null`,
    /// which `lsp-server`'s types cannot hold, so the response is framed here.
    fn send_malformed(&mut self, id: &Value, code: ErrorCode, message: &str) -> io::Result<()> {
        let body = json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": code as i32, "message": message },
        })
        .to_string();
        write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.out.flush()
    }

    fn send_error(&mut self, id: RequestId, code: ErrorCode, message: String) -> io::Result<()> {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message,
        )))
    }

    fn reply(&mut self, id: RequestId, result: Value) -> io::Result<()> {
        self.send(Message::Response(Response::new_ok(id, result)))
    }

    fn handle(&mut self, message: Message) -> io::Result<Flow> {
        match message {
            Message::Request(request) => self.request(request).map(|()| Flow::Continue),
            Message::Notification(notification) => self.notification(notification),
            // The server sends no requests, so no response is awaited.
            Message::Response(_) => Ok(Flow::Continue),
        }
    }

    fn request(&mut self, request: Request) -> io::Result<()> {
        let Request { id, method, params } = request;
        if method == "initialize" {
            if self.initialized {
                return self.send_error(
                    id,
                    ErrorCode::InvalidRequest,
                    "the server is initialized already".into(),
                );
            }
            return match serde_json::from_value::<lsp::InitializeParams>(params) {
                Ok(params) => {
                    self.initialized = true;
                    self.utf8 = offers_utf8(&params);
                    self.root = params
                        .workspace_folders
                        .as_ref()
                        .and_then(|folders| folders.first())
                        .and_then(|folder| file_path(&folder.uri));
                    let result = self.capabilities();
                    self.reply(id, result)
                }
                Err(e) => self.send_error(id, ErrorCode::InvalidParams, e.to_string()),
            };
        }
        if !self.initialized {
            return self.send_error(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized: send `initialize` first".into(),
            );
        }
        if self.shut_down {
            return self.send_error(
                id,
                ErrorCode::InvalidRequest,
                "the server is shut down: only `exit` is expected".into(),
            );
        }
        let result = match method.as_str() {
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => parse(params).map(|p| self.hover(&p)),
            "textDocument/completion" => parse(params).map(|p| self.completion(&p)),
            "textDocument/codeAction" => parse(params).map(|p| self.code_actions(&p)),
            _ => {
                return self.send_error(
                    id,
                    ErrorCode::MethodNotFound,
                    format!("`{method}` is not a method of this server"),
                );
            }
        };
        match result {
            Ok(value) => self.reply(id, value),
            Err(message) => self.send_error(id, ErrorCode::InvalidParams, message),
        }
    }

    fn notification(&mut self, notification: Notification) -> io::Result<Flow> {
        let Notification { method, params } = notification;
        if method == "exit" {
            return Ok(Flow::Exit(u8::from(!self.shut_down)));
        }
        if !self.initialized || self.shut_down {
            return Ok(Flow::Continue);
        }
        match method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(params) {
                    let d = p.text_document;
                    let format = format_of(&d.uri, &d.language_id);
                    self.update(d.uri, d.text, d.version, Some(format))?;
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(params) {
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        let d = p.text_document;
                        self.update(d.uri, change.text, d.version, None)?;
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(params) {
                    let uri = p.text_document.uri;
                    self.documents.remove(uri.as_str());
                    self.publish(uri, None, Vec::new())?;
                }
            }
            _ => {}
        }
        Ok(Flow::Continue)
    }

    fn capabilities(&self) -> Value {
        let encoding = if self.utf8 {
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

    /// Stores the new text of a document and publishes its diagnostics.
    fn update(
        &mut self,
        uri: lsp::Uri,
        text: String,
        version: i32,
        format: Option<InputFormat>,
    ) -> io::Result<()> {
        let key = uri.as_str().to_owned();
        let format = format
            .or_else(|| self.documents.get(&key).map(|d| d.format))
            .unwrap_or_else(|| format_of(&uri, ""));
        let base_dir = file_path(&uri).and_then(|p| p.parent().map(PathBuf::from));
        let mut diagnostics = model::check_for_editor(&text, base_dir.as_deref(), format);
        if let Some(old) = self.published_offer(&uri) {
            diagnostics.extend(changes_since(&old, &text, format));
        }
        let found = locate_all_as(&text, format, diagnostics);
        let published: Vec<lsp::Diagnostic> = found.iter().map(|f| self.to_lsp(&text, f)).collect();
        self.documents.insert(
            key,
            Open {
                uri: uri.clone(),
                text,
                format,
                found,
            },
        );
        self.publish(uri, Some(version), published)
    }

    fn publish(
        &mut self,
        uri: lsp::Uri,
        version: Option<i32>,
        diagnostics: Vec<lsp::Diagnostic>,
    ) -> io::Result<()> {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        )))
    }

    /// A diagnostic as the protocol has it: the span `check` underlines, the code, the message
    /// and the rule's help; its name and JSON Pointer in `data`.
    fn to_lsp(&self, text: &str, found: &Located) -> lsp::Diagnostic {
        let d = &found.diagnostic;
        let severity = match d.severity() {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
        };
        lsp::Diagnostic {
            range: self.range(text, found.span.clone()),
            severity: Some(severity),
            code: Some(lsp::NumberOrString::String(d.code().into())),
            // The rules' explanations have no web address of their own: `explain` prints them.
            code_description: None,
            source: Some("lighthouse-offer".into()),
            message: format!(
                "{}\nhelp: {} (`lighthouse-offer explain {}`)",
                d.message(),
                d.help(),
                d.name()
            ),
            related_information: None,
            tags: None,
            data: Some(json!({ "name": d.name(), "path": d.path().as_str() })),
        }
    }

    fn position(&self, text: &str, offset: usize) -> lsp::Position {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count();
        let rest = &before[line_start..];
        let character = if self.utf8 {
            rest.len()
        } else {
            rest.encode_utf16().count()
        };
        lsp::Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    fn range(&self, text: &str, span: std::ops::Range<usize>) -> lsp::Range {
        lsp::Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of a position; past the end of a line, the line's end.
    fn offset(&self, text: &str, position: lsp::Position) -> usize {
        let mut start = 0;
        for _ in 0..position.line {
            match text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return text.len(),
            }
        }
        let line = text[start..].split('\n').next().unwrap_or_default();
        let want = position.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= want {
                return start + i;
            }
            units += if self.utf8 {
                c.len_utf8()
            } else {
                c.len_utf16()
            };
        }
        start + line.len()
    }

    /// The open document, the offset and the `roleDefinitionId` field at a position, if the
    /// position is in such a field of an open document.
    fn role_field(
        &self,
        at: &lsp::TextDocumentPositionParams,
    ) -> Option<(&Open, usize, RoleField)> {
        let open = self.documents.get(at.text_document.uri.as_str())?;
        let offset = self.offset(&open.text, at.position);
        let field = role_field_at(&open.text, offset)?;
        Some((open, offset, field))
    }

    fn hover(&self, params: &lsp::HoverParams) -> Value {
        let Some((open, _, field)) = self.role_field(&params.text_document_position_params) else {
            return Value::Null;
        };
        let value = &open.text[field.value.clone()];
        let Ok(id) = value.parse::<RoleDefinitionId>() else {
            return Value::Null;
        };
        let hover = lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: describe_role(id),
            }),
            range: Some(self.range(&open.text, field.value)),
        };
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }

    fn completion(&self, params: &lsp::CompletionParams) -> Value {
        let Some((open, offset, field)) = self.role_field(&params.text_document_position) else {
            return Value::Null;
        };
        // In JSON, a value typed without its opening quote gets both quotes.
        let quote = open.format == InputFormat::Json && !field.quoted;
        let range = self.range(&open.text, field.value.start..field.value.end.max(offset));
        let items: Vec<lsp::CompletionItem> = roles::built_in()
            .iter()
            .filter(|role| role.support().is_supported())
            .map(|role| {
                let guid = role.id().to_string();
                let new_text = if quote {
                    format!("\"{guid}\"")
                } else {
                    guid.clone()
                };
                lsp::CompletionItem {
                    label: role.name().to_owned(),
                    kind: Some(lsp::CompletionItemKind::VALUE),
                    detail: Some(guid.clone()),
                    documentation: Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: describe_role(role.id()),
                    })),
                    filter_text: Some(format!("{} {guid}", role.name())),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                        range, new_text,
                    ))),
                    ..lsp::CompletionItem::default()
                }
            })
            .collect();
        serde_json::to_value(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete: false,
            items,
        }))
        .unwrap_or(Value::Null)
    }

    fn code_actions(&self, params: &lsp::CodeActionParams) -> Value {
        let Some(open) = self.documents.get(params.text_document.uri.as_str()) else {
            return Value::Null;
        };
        let wanted = params.range;
        let mut actions = Vec::new();
        for found in &open.found {
            let range = self.range(&open.text, found.span.clone());
            if range.end < wanted.start || wanted.end < range.start {
                continue;
            }
            let fix = match found.diagnostic.rule() {
                Rule::InvalidGuid => guid_fix(&open.text, found),
                Rule::MissingDeleteRole => delete_role_fix(open, found),
                Rule::ManifestChangedWithoutNewVersion | Rule::ManifestVersionLowered => self
                    .published_offer(&open.uri)
                    .and_then(|old| version_fix(open, found, &old)),
                _ => None,
            };
            if let Some((title, span, new_text)) = fix {
                let edit = lsp::TextEdit::new(self.range(&open.text, span), new_text);
                let action = lsp::CodeAction {
                    title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![self.to_lsp(&open.text, found)]),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(HashMap::from([(open.uri.clone(), vec![edit])])),
                        ..lsp::WorkspaceEdit::default()
                    }),
                    is_preferred: Some(true),
                    ..lsp::CodeAction::default()
                };
                actions.push(lsp::CodeActionOrCommand::CodeAction(action));
            }
        }
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }
}

/// The changes from the published offer `old` to the document, as `diff` finds them, placed in
/// the document: what only the published version has (a removed plan) at its first line.
fn changes_since(
    old: &lighthouse_offer::Offer,
    text: &str,
    format: InputFormat,
) -> Vec<lighthouse_offer::Diagnostic> {
    let Ok(new) = model::read_offer_as(text, format) else {
        return Vec::new();
    };
    model::compare(old, &new)
        .changes()
        .iter()
        .map(|change| match change.side() {
            lighthouse_offer::ChangeSide::New => change.to_diagnostic(),
            lighthouse_offer::ChangeSide::Old => lighthouse_offer::Diagnostic::new(
                change.rule(),
                lighthouse_offer::JsonPointer::root(),
                change.message(),
            ),
        })
        .collect()
}

/// The manifest version raised to the published one's next patch version: higher than the
/// published version, which is all the rule asks.
fn version_fix(open: &Open, found: &Located, old: &lighthouse_offer::Offer) -> Option<Fix> {
    let path = found.diagnostic.path().as_str();
    let plan = path.strip_suffix("/manifest/version")?;
    let value = open.value()?;
    let plan_id = value.pointer(&format!("{plan}/planId"))?.as_str()?;
    let published = old.plan(plan_id)?.manifest().version().as_semver();
    let next = format!(
        "{}.{}.{}",
        published.major,
        published.minor,
        published.patch.checked_add(1)?
    );
    let span = found.span.clone();
    let written = &open.text[span.clone()];
    let new_text = match written.chars().next() {
        Some(q @ ('"' | '\'')) => format!("{q}{next}{q}"),
        _ => next.clone(),
    };
    Some((
        format!("Raise the manifest version to {next} (published: {published})"),
        span,
        new_text,
    ))
}

/// Parameters of a method, or why they are not.
fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}

/// Whether the client can count positions in UTF-8 bytes.
fn offers_utf8(params: &lsp::InitializeParams) -> bool {
    params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|kinds| kinds.contains(&lsp::PositionEncodingKind::UTF8))
}

/// The format of a document: YAML by its language or its extension, JSON otherwise.
fn format_of(uri: &lsp::Uri, language: &str) -> InputFormat {
    if language.eq_ignore_ascii_case("yaml") {
        return InputFormat::Yaml;
    }
    let path = uri.as_str().split(['?', '#']).next().unwrap_or_default();
    InputFormat::of(std::path::Path::new(path), None)
}

/// The path of a `file:` URI, percent-decoded.
fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = rest.get(rest.find('/')?..)?;
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                decoded.push(byte);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(decoded).ok().map(PathBuf::from)
}

/// A `roleDefinitionId` member on one line: the bytes of its value (without quotes).
struct RoleField {
    value: std::ops::Range<usize>,
    quoted: bool,
}

/// The `roleDefinitionId` member whose key or value holds `offset`, found in the text of its line
/// (so that it works while the document does not parse), in JSON (`"roleDefinitionId": "…"`) or
/// YAML (`roleDefinitionId: …`).
fn role_field_at(text: &str, offset: usize) -> Option<RoleField> {
    const KEY: &str = "roleDefinitionId";
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let mut search = 0;
    while let Some(found) = line[search..].find(KEY) {
        let key_start = search + found;
        search = key_start + KEY.len();
        let mut at = search;
        let bytes = line.as_bytes();
        if bytes.get(at) == Some(&b'"') || bytes.get(at) == Some(&b'\'') {
            at += 1;
        }
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        if bytes.get(at) != Some(&b':') {
            continue;
        }
        at += 1;
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        let quoted = matches!(bytes.get(at), Some(b'"' | b'\''));
        if quoted {
            at += 1;
        }
        let value_end = line[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '{' | '}' | ':')))
            .map_or(line.len(), |i| at + i);
        let (start, end) = (line_start + key_start, line_start + value_end);
        if start <= offset && offset <= end {
            return Some(RoleField {
                value: line_start + at..line_start + value_end,
                quoted,
            });
        }
    }
    None
}

/// A role's name and whether Azure Lighthouse supports it, as Markdown.
fn describe_role(id: RoleDefinitionId) -> String {
    use roles::RoleSupport;
    let name = id.built_in().map_or_else(
        || "Unknown role".to_owned(),
        |r| format!("**{}**", r.name()),
    );
    let support = match id.support() {
        RoleSupport::Supported => "supported by Azure Lighthouse".to_owned(),
        RoleSupport::AssignableRolesOnly => "supported by Azure Lighthouse only to assign the \
             roles in `delegatedRoleDefinitionIds` to managed identities, in permanent \
             authorizations"
            .to_owned(),
        RoleSupport::Unsupported(reason) => format!(
            "not supported by Azure Lighthouse ({}): {}",
            reason.rule().name(),
            explain::summary(reason.rule())
        ),
        RoleSupport::Unknown => "not in the built-in role catalog: a custom role, which Azure \
             Lighthouse does not support, or a role newer than the catalog"
            .to_owned(),
    };
    format!("{name} `{id}`\n\n{support}")
}

/// A fix: its title, the bytes to replace and the new text.
type Fix = (String, std::ops::Range<usize>, String);

/// The hyphenated spelling of a GUID written with braces, as a URN or without hyphens.
fn guid_fix(text: &str, found: &Located) -> Option<Fix> {
    let span = found.span.clone();
    let written = &text[span.clone()];
    let (inner, start) = match written.chars().next() {
        Some(q @ ('"' | '\'')) if written.len() >= 2 && written.ends_with(q) => {
            (&written[1..written.len() - 1], span.start + 1)
        }
        _ => (written, span.start),
    };
    let guid = uuid::Uuid::try_parse(inner.trim()).ok()?;
    let canonical = guid.hyphenated().to_string();
    if canonical == inner {
        return None;
    }
    Some((
        format!("Write the GUID as {canonical}"),
        start..start + inner.len(),
        canonical,
    ))
}

/// An authorization with the delete role for the principal of the manifest's first
/// authorization, added after the last one.
fn delete_role_fix(open: &Open, found: &Located) -> Option<Fix> {
    let value = open.value()?;
    let path = found.diagnostic.path();
    let list = value.pointer(path.as_str())?.as_array()?;
    let first = list.first()?;
    let principal = first.get("principalId")?.as_str()?;
    let name = first.get("principalIdDisplayName")?.as_str()?;
    let role = RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE;
    let last_item = path.clone().index(list.len() - 1);
    let span =
        Locator::for_format(&open.text, open.format).span(&last_item, crate::locate::Part::Value);
    let line_start = open.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &open.text[line_start..span.start];
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let (at, new_text) = match open.format {
        InputFormat::Json => {
            let indent = " ".repeat(before.chars().count());
            (
                span.end,
                format!(
                    ",\n{indent}{{ \"principalId\": {}, \"principalIdDisplayName\": {}, \"roleDefinitionId\": \"{role}\" }}",
                    quote(principal),
                    quote(name)
                ),
            )
        }
        InputFormat::Yaml => {
            // Only a block sequence of block mappings (`- key: value`) is extended.
            let dash = before.trim_end().strip_suffix('-')?;
            if !dash.chars().all(|c| c == ' ') || !open.text[span.clone()].contains(':') {
                return None;
            }
            let indent = dash;
            let line_end = open.text[span.end..]
                .find('\n')
                .map_or(open.text.len(), |i| span.end + i);
            (
                line_end,
                format!(
                    "\n{indent}- principalId: {}\n{indent}  principalIdDisplayName: {}\n{indent}  roleDefinitionId: {role}",
                    quote(principal),
                    quote(name)
                ),
            )
        }
    };
    Some((
        format!("Add the delete role for {name} (the principal of the first authorization)"),
        at..at,
        new_text,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_field_is_found_in_json_and_yaml_lines() {
        let json = "{\n  \"roleDefinitionId\": \"acdd72a7-3385-48ef-bd42-f606fba81ae7\"\n}";
        let at = json.find("acdd").unwrap() + 3;
        let field = role_field_at(json, at).unwrap();
        assert_eq!(&json[field.value], "acdd72a7-3385-48ef-bd42-f606fba81ae7");
        let yaml = "- roleDefinitionId: Contr\n";
        let field = role_field_at(yaml, yaml.len() - 1).unwrap();
        assert_eq!(&yaml[field.value], "Contr");
        assert!(role_field_at("principalId: x\n", 3).is_none());
    }

    #[test]
    fn file_uris_become_paths() {
        let uri: lsp::Uri = "file:///tmp/my%20offers/offer.yaml".parse().unwrap();
        assert_eq!(
            file_path(&uri),
            Some(PathBuf::from("/tmp/my offers/offer.yaml"))
        );
        let untitled: lsp::Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(file_path(&untitled), None);
    }

    #[test]
    fn messages_without_length_or_json_are_malformed_not_fatal() {
        let mut input: &[u8] = b"Content-Length: 5\r\n\r\n{nop}Content-Length: 2\r\n\r\n{}";
        assert!(matches!(
            read_message(&mut input),
            Err(Incoming::Malformed(ErrorCode::ParseError, Value::Null, _))
        ));
        assert!(matches!(
            read_message(&mut input),
            Err(Incoming::Malformed(ErrorCode::InvalidRequest, _, _))
        ));
        assert!(matches!(read_message(&mut input), Ok(None)));
    }

    #[test]
    fn utf16_positions_count_code_units() {
        let server = Server::new(Vec::new());
        let text = "a\n😀x";
        let at = text.find('x').unwrap();
        assert_eq!(server.position(text, at), lsp::Position::new(1, 2));
        assert_eq!(server.offset(text, lsp::Position::new(1, 2)), at);
    }
}
