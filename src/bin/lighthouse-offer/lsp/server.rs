//! The server's state: the open documents, the client's position encoding, the folders of
//! `--published`; sending messages; positions as the protocol counts them; a diagnostic as the
//! protocol has it; and the small readings of what the client sends (parameters, `file:` URIs).
//!
//! Uses `io` and `output::located`.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

use lighthouse_offer::Severity;
use lighthouse_offer::roles::RoleCatalog;
use lsp_server::{ErrorCode, Message, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};

use crate::io::input::InputFormat;
use crate::io::{document, files};
use crate::output::located::Located;

/// An open document.
pub struct Open {
    pub uri: lsp::Uri,
    pub text: String,
    pub format: InputFormat,
    /// The diagnostics last published, with their places.
    pub found: Vec<Located>,
}

impl Open {
    /// The document's value, read in its format; `None` when it does not parse.
    pub fn value(&self) -> Option<Value> {
        self.format.value(&self.text)
    }
}

/// The server's state.
pub struct Server<W: Write> {
    pub out: W,
    pub initialized: bool,
    pub shut_down: bool,
    /// Positions count UTF-8 bytes when the client offers it, UTF-16 code units otherwise.
    pub utf8: bool,
    pub documents: HashMap<String, Open>,
    /// For an open ARM or Bicep file, the other files its findings were last published for
    /// (a `.bicepparam`, a template), so that they are cleared when they have none.
    pub beside: HashMap<String, Vec<lsp::Uri>>,
    /// The folder of the published versions (`--published`).
    pub published: Option<PathBuf>,
    /// The first workspace folder, which the published folder mirrors.
    pub root: Option<PathBuf>,
}

impl<W: Write> Server<W> {
    pub fn new(out: W) -> Self {
        Server {
            out,
            initialized: false,
            shut_down: false,
            utf8: false,
            documents: HashMap::new(),
            beside: HashMap::new(),
            published: None,
            root: None,
        }
    }

    /// The path of the published version of the document at `path`, when `--published` is given.
    pub fn published_path(&self, path: &std::path::Path) -> Option<PathBuf> {
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
    pub fn published_offer(&self, uri: &lsp::Uri) -> Option<lighthouse_offer::Offer> {
        let path = self.published_path(&file_path(uri)?)?;
        let text = files::read(&path).ok()?;
        document::read_offer(&text, InputFormat::of(&path, None), &RoleCatalog::bundled()).ok()
    }

    #[allow(clippy::needless_pass_by_value)] // a message is sent once, then dropped
    pub fn send(&mut self, message: Message) -> io::Result<()> {
        message.write(&mut self.out)?;
        self.out.flush()
    }

    /// An error response to a message that could not be read as one: its `id` may be `null`,
    /// which `lsp-server`'s types cannot hold, so the response is framed here.
    pub fn send_malformed(&mut self, id: &Value, code: ErrorCode, message: &str) -> io::Result<()> {
        let body = json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": code as i32, "message": message },
        })
        .to_string();
        write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.out.flush()
    }

    pub fn send_error(
        &mut self,
        id: RequestId,
        code: ErrorCode,
        message: String,
    ) -> io::Result<()> {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message,
        )))
    }

    pub fn reply(&mut self, id: RequestId, result: Value) -> io::Result<()> {
        self.send(Message::Response(Response::new_ok(id, result)))
    }

    /// A diagnostic as the protocol has it: the span `check` underlines, the code, the message
    /// and the rule's help; its name and JSON Pointer in `data`.
    pub fn to_lsp(&self, text: &str, found: &Located) -> lsp::Diagnostic {
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

    pub fn position(&self, text: &str, offset: usize) -> lsp::Position {
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

    pub fn range(&self, text: &str, span: std::ops::Range<usize>) -> lsp::Range {
        lsp::Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of a position; past the end of a line, the line's end.
    pub fn offset(&self, text: &str, position: lsp::Position) -> usize {
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
}

/// Parameters of a method, or why they are not.
pub fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}

/// Whether the client can count positions in UTF-8 bytes.
pub fn offers_utf8(params: &lsp::InitializeParams) -> bool {
    params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|kinds| kinds.contains(&lsp::PositionEncodingKind::UTF8))
}

/// The format of a document: YAML by its language or its extension, JSON otherwise.
pub fn format_of(uri: &lsp::Uri, language: &str) -> InputFormat {
    if language.eq_ignore_ascii_case("yaml") {
        return InputFormat::Yaml;
    }
    let path = uri.as_str().split(['?', '#']).next().unwrap_or_default();
    InputFormat::of(std::path::Path::new(path), None)
}

/// The path of a `file:` URI, percent-decoded.
pub fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn utf16_positions_count_code_units() {
        let server = Server::new(Vec::new());
        let text = "a\n😀x";
        let at = text.find('x').unwrap();
        assert_eq!(server.position(text, at), lsp::Position::new(1, 2));
        assert_eq!(server.offset(text, lsp::Position::new(1, 2)), at);
    }
}
