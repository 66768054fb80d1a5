//! `textDocument/completion` in a `roleDefinitionId`: the supported roles by name, inserting
//! the GUID.
//!
//! Uses `io::input` and `lsp::{server, hover}`.

use std::io::Write;

use lighthouse_offer::roles;
use lsp_types as lsp;
use serde_json::Value;

use crate::io::input::InputFormat;
use crate::lsp::hover::{describe_role, role_field};
use crate::lsp::server::Server;

pub fn completion<W: Write>(server: &Server<W>, params: &lsp::CompletionParams) -> Value {
    let Some((open, offset, field)) = role_field(server, &params.text_document_position) else {
        return Value::Null;
    };
    // In JSON, a value typed without its opening quote gets both quotes.
    let quote = open.format == InputFormat::Json && !field.quoted;
    let range = server.range(&open.text, field.value.start..field.value.end.max(offset));
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
