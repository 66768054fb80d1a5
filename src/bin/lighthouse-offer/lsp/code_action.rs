//! `textDocument/codeAction`: the quick fixes whose fix is certain: a GUID written with braces,
//! without hyphens or as a URN gets its hyphenated spelling; a manifest without the delete role
//! gets an authorization for it; a manifest changed without a higher version than the published
//! one gets the version above it.
//!
//! Uses `io::input`, `output` (where a pointer is) and `lsp::server`.

use std::collections::HashMap;
use std::io::Write;

use lighthouse_offer::{RoleDefinitionId, Rule};
use lsp_types as lsp;
use serde_json::Value;

use crate::io::input::InputFormat;
use crate::lsp::server::{Open, Server};
use crate::output::locate::{Locator, Part};
use crate::output::located::Located;

pub fn code_actions<W: Write>(server: &Server<W>, params: &lsp::CodeActionParams) -> Value {
    let Some(open) = server.documents.get(params.text_document.uri.as_str()) else {
        return Value::Null;
    };
    let wanted = params.range;
    let mut actions = Vec::new();
    for found in &open.found {
        let range = server.range(&open.text, found.span.clone());
        if range.end < wanted.start || wanted.end < range.start {
            continue;
        }
        let fix = match found.diagnostic.rule() {
            Rule::InvalidGuid => guid_fix(&open.text, found),
            Rule::MissingDeleteRole => delete_role_fix(open, found),
            Rule::ManifestChangedWithoutNewVersion | Rule::ManifestVersionLowered => server
                .published_offer(&open.uri)
                .and_then(|old| version_fix(open, found, &old)),
            _ => None,
        };
        if let Some((title, span, new_text)) = fix {
            let edit = lsp::TextEdit::new(server.range(&open.text, span), new_text);
            let action = lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![server.to_lsp(&open.text, found)]),
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
    let span = Locator::for_format(&open.text, open.format).span(&last_item, Part::Value);
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
