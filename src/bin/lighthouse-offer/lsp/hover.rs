//! `textDocument/hover` on a `roleDefinitionId`: the role's name and whether Azure Lighthouse
//! supports it; and the field under the cursor, found in the text of its line, which completion
//! uses too.
//!
//! Uses `output::explain` and `lsp::server`.

use std::io::Write;

use lighthouse_offer::{RoleDefinitionId, roles};
use lsp_types as lsp;
use serde_json::Value;

use crate::lsp::server::{Open, Server};
use crate::output::explain;

pub fn hover<W: Write>(server: &Server<W>, params: &lsp::HoverParams) -> Value {
    let Some((open, _, field)) = role_field(server, &params.text_document_position_params) else {
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
        range: Some(server.range(&open.text, field.value)),
    };
    serde_json::to_value(hover).unwrap_or(Value::Null)
}

/// The open document, the offset and the `roleDefinitionId` field at a position, if the
/// position is in such a field of an open document.
pub fn role_field<'s, W: Write>(
    server: &'s Server<W>,
    at: &lsp::TextDocumentPositionParams,
) -> Option<(&'s Open, usize, RoleField)> {
    let open = server.documents.get(at.text_document.uri.as_str())?;
    let offset = server.offset(&open.text, at.position);
    let field = role_field_at(&open.text, offset)?;
    Some((open, offset, field))
}

/// A `roleDefinitionId` member on one line: the bytes of its value (without quotes).
pub struct RoleField {
    pub value: std::ops::Range<usize>,
    pub quoted: bool,
}

/// The `roleDefinitionId` member whose key or value holds `offset`, found in the text of its line
/// (so that it works while the document does not parse), in JSON (`"roleDefinitionId": "…"`) or
/// YAML (`roleDefinitionId: …`).
pub fn role_field_at(text: &str, offset: usize) -> Option<RoleField> {
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
pub fn describe_role(id: RoleDefinitionId) -> String {
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
}
