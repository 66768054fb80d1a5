//! A role written where its GUID belongs: the role's name (`"Reader"`, in any case) or the
//! resource ID of its definition (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`).
//! Both are errors of the GUID (`invalid-guid`) that name the GUID to write.

use crate::document::json::Value;

use crate::document::decode::{At, Cx, Decode};
use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::roles::{RoleCatalog, RoleSupport, built_in, find_by_name, search};
use crate::values::guid::RoleDefinitionId;

/// The segment of a role definition's resource ID before its GUID, in lowercase.
const RESOURCE_ID_PART: &str = "/providers/microsoft.authorization/roledefinitions/";

/// A role definition GUID as an offer document or an ARM file gives it, read with the help of
/// the role catalog when it is a role's name or resource ID instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RoleGuid(pub(crate) RoleDefinitionId);

impl Decode for RoleGuid {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        if let Some(text) = value.as_str()
            && RoleDefinitionId::new(text).is_err()
            && let Some(diagnostic) = role_instead_of_guid(RoleCatalog::of(cx), text, at.pointer())
        {
            cx.report(diagnostic);
            return None;
        }
        RoleDefinitionId::decode(value, at, cx).map(RoleGuid)
    }
}

/// What a text that is not a role GUID may be instead, with the GUID to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleText {
    /// The resource ID of a role definition: its last segment is the GUID.
    ResourceId(RoleDefinitionId),
    /// The name of a role of the catalog (any case): its GUID and its name as Azure spells it.
    Name(RoleDefinitionId, String),
    /// No role has that name; these are the nearest names, with their GUIDs (at most 3).
    NearestNames(Vec<(RoleDefinitionId, String)>),
}

/// What `text` says about a role when it is not a GUID: a role definition's resource ID, a role's
/// name (the roles `catalog` read from Azure first, then the built-in roles), or a text close to
/// some names. `None` for a GUID, or for a text too far from any name.
///
/// ```
/// use lighthouse_offer::RoleDefinitionId;
/// use lighthouse_offer::roles::{RoleCatalog, RoleText};
///
/// let role_text = |text| lighthouse_offer::roles::role_text(&RoleCatalog::bundled(), text);
/// assert_eq!(
///     role_text("reader"),
///     Some(RoleText::Name(RoleDefinitionId::READER, "Reader".into()))
/// );
/// let id = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";
/// assert_eq!(role_text(id), Some(RoleText::ResourceId(RoleDefinitionId::READER)));
/// assert!(matches!(role_text("Raeder"), Some(RoleText::NearestNames(names)) if names[0].1 == "Reader"));
/// assert_eq!(role_text("acdd72a7-3385-48ef-bd42-f606fba81ae7"), None);
/// ```
#[must_use]
pub fn role_text(catalog: &RoleCatalog, text: &str) -> Option<RoleText> {
    let trimmed = text.trim();
    if RoleDefinitionId::new(trimmed).is_ok() || trimmed.is_empty() {
        return None;
    }
    let lower = trimmed.to_ascii_lowercase();
    if let Some(at) = lower.rfind(RESOURCE_ID_PART) {
        let guid = &trimmed[at + RESOURCE_ID_PART.len()..];
        return RoleDefinitionId::new(guid.trim_end_matches('/'))
            .ok()
            .map(RoleText::ResourceId);
    }
    // A text of GUID characters only is a misspelt GUID, not a name.
    if trimmed
        .chars()
        .all(|c| c.is_ascii_hexdigit() || matches!(c, '-' | '{' | '}'))
    {
        return None;
    }
    let from_catalog = catalog
        .roles()
        .iter()
        .find(|role| role.name().trim().eq_ignore_ascii_case(trimmed))
        .map(|role| (role.id(), role.name().trim().to_owned()));
    if let Some((id, name)) = from_catalog {
        return Some(RoleText::Name(id, name));
    }
    if let Some(role) = find_by_name(trimmed) {
        return Some(RoleText::Name(role.id(), role.name().trim().to_owned()));
    }
    let names: Vec<&str> = built_in().iter().map(|role| role.name().trim()).collect();
    let mut nearest: Vec<(RoleDefinitionId, String)> = Vec::new();
    if let Some(name) = crate::document::decode::closest(trimmed, &names)
        && let Some(role) = find_by_name(name)
    {
        nearest.push((role.id(), name.to_owned()));
    }
    for role in search(trimmed) {
        if nearest.len() >= 3 {
            break;
        }
        let name = role.name().trim();
        if !nearest.iter().any(|(_, n)| n == name) {
            nearest.push((role.id(), name.to_owned()));
        }
    }
    (!nearest.is_empty()).then_some(RoleText::NearestNames(nearest))
}

/// When Azure Lighthouse refuses the role (Owner, a role with data actions, one that can change
/// access): the words to add to the message, naming the rule its GUID would break, and that
/// rule's fix as help, so that the help never points at a role the next check refuses.
fn refused(catalog: &RoleCatalog, id: RoleDefinitionId) -> Option<(String, String)> {
    let support = catalog.support(id);
    if !matches!(support, RoleSupport::Unsupported(_)) {
        return None;
    }
    let rule = support.rule()?;
    Some((
        format!(
            ", which Azure Lighthouse does not accept (its GUID `{id}` would be {} `{}`)",
            rule.code(),
            rule.name()
        ),
        rule.fix().to_owned(),
    ))
}

/// The `invalid-guid` diagnostic of a role written by name or resource ID where its GUID belongs,
/// with the GUID to write as help; `None` when the text is neither (the GUID's own error then
/// applies).
#[must_use]
pub fn role_instead_of_guid(
    catalog: &RoleCatalog,
    text: &str,
    path: JsonPointer,
) -> Option<Diagnostic> {
    let diagnostic = match role_text(catalog, text)? {
        RoleText::ResourceId(id) => {
            let name = catalog
                .name(id)
                .map(|name| format!(" ({name})"))
                .unwrap_or_default();
            let (refused, help) = refused(catalog, id)
                .unwrap_or_else(|| (String::new(), format!("Write the bare GUID: `\"{id}\"`.")));
            Diagnostic::new(
                Rule::InvalidGuid,
                path,
                format!(
                    "expected a role definition GUID, found the resource ID of role definition `{id}`{name}{refused}"
                ),
            )
            .with_help(help)
        }
        RoleText::Name(id, name) => {
            let (refused, help) = refused(catalog, id).unwrap_or_else(|| {
                (
                    String::new(),
                    format!("Write the GUID of {name}: `\"{id}\"`."),
                )
            });
            Diagnostic::new(
                Rule::InvalidGuid,
                path,
                format!("expected a role definition GUID, found the name of role {name}{refused}"),
            )
            .with_help(help)
        }
        RoleText::NearestNames(nearest) => {
            let list: Vec<String> = nearest
                .iter()
                .map(|(id, name)| format!("{name} (`{id}`)"))
                .collect();
            Diagnostic::new(
                Rule::InvalidGuid,
                path,
                format!(
                    "expected a role definition GUID, found {:?}, which is no role's name either",
                    text.chars().take(80).collect::<String>()
                ),
            )
            .with_help(format!(
                "Write the GUID of the role you mean; the nearest names: {}. `lighthouse-offer roles NAME` finds a role's GUID.",
                list.join(", ")
            ))
        }
    };
    Some(diagnostic)
}
