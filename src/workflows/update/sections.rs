//! Comparing the sections around the plans (listing, artifacts, leads, legal, support) field by
//! field.

use super::{ChangeSide, Found, SHOWN};
use crate::offers::offer::Offer;
use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;
use serde_json::Value;
use std::collections::BTreeSet;

/// One section of the offer compared field by field: its key, its rule, how messages name it,
/// and whether its values may be shown.
pub(super) struct Section {
    key: &'static str,
    rule: Rule,
    label: &'static str,
    show_values: bool,
}

pub(super) const SECTIONS: [Section; 5] = [
    Section {
        key: "listing",
        rule: Rule::ListingChanged,
        label: "listing",
        show_values: true,
    },
    Section {
        key: "marketingArtifacts",
        rule: Rule::MarketingArtifactsChanged,
        label: "marketing artifacts",
        show_values: true,
    },
    // Lead settings may carry signatures (`sig=` in an endpoint URL): never shown.
    Section {
        key: "leadManagement",
        rule: Rule::LeadManagementChanged,
        label: "lead management",
        show_values: false,
    },
    Section {
        key: "legal",
        rule: Rule::LegalChanged,
        label: "legal",
        show_values: true,
    },
    Section {
        key: "support",
        rule: Rule::SupportChanged,
        label: "support",
        show_values: true,
    },
];

pub(super) fn compare_sections(old: &Offer, new: &Offer, found: &mut Found) {
    let part = |offer: &Offer, key: &str| -> Value {
        let value = match key {
            "listing" => serde_json::to_value(offer.listing()),
            "marketingArtifacts" => serde_json::to_value(offer.marketing_artifacts()),
            "leadManagement" => serde_json::to_value(offer.lead_management()),
            "legal" => serde_json::to_value(offer.legal()),
            _ => serde_json::to_value(offer.support()),
        };
        value.expect("the offer's sections serialize to JSON")
    };
    for section in &SECTIONS {
        let (before, after) = (part(old, section.key), part(new, section.key));
        let mut differences = Vec::new();
        differ(&before, &after, Vec::new(), &mut differences);
        for (keys, before, after) in differences {
            let mut path = JsonPointer::root().key(section.key);
            for key in &keys {
                path = path.key(key);
            }
            let field = keys.join(".");
            let hero = section.key == "marketingArtifacts" && field == "hero";
            // An offer moved to an edition without hero images must drop it: that removal is
            // the edition's, not a forbidden one.
            let hero_allowed =
                new.edition().rules().hero != crate::values::edition::ImageRule::NotAllowed;
            match (before, after) {
                (Some(before), None) if hero && hero_allowed => found.add(
                    Rule::HeroImageRemoved,
                    ChangeSide::Old,
                    path,
                    format!(
                        "the hero image {before} was removed; a published hero image can be replaced but never removed"
                    ),
                ),
                (before, after) => {
                    let side = if after.is_some() { ChangeSide::New } else { ChangeSide::Old };
                    let message = section_message(section, &field, before, after);
                    found.add(section.rule, side, path, message);
                }
            }
        }
    }
}

/// `listing `title` changed from "A" to "B"`, or without the values when they are long or
/// secret.
fn section_message(
    section: &Section,
    field: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> String {
    let shown = |value: Option<&Value>| -> Option<String> {
        let value = value?;
        let text = value.to_string();
        (section.show_values && text.chars().count() <= SHOWN).then_some(text)
    };
    let subject = format!("{} `{field}`", section.label);
    match (before, after) {
        (None, _) => match shown(after) {
            Some(after) => format!("{subject} added: {after}"),
            None => format!("{subject} added"),
        },
        (_, None) => match shown(before) {
            Some(before) => format!("{subject} removed (was {before})"),
            None => format!("{subject} removed"),
        },
        _ => match (shown(before), shown(after)) {
            (Some(before), Some(after)) => format!("{subject} changed from {before} to {after}"),
            _ => format!("{subject} changed"),
        },
    }
}

/// A difference of two JSON values: the keys that lead to it, the old and the new value (`None`
/// where the field is missing).
pub(super) type Difference<'v> = (Vec<String>, Option<&'v Value>, Option<&'v Value>);

/// The differences of two values, as the documents write them. Objects are compared member by
/// member, except tagged objects whose `type` differs (another lead destination), which are one
/// difference; arrays and other values are compared whole.
pub(super) fn differ<'v>(
    old: &'v Value,
    new: &'v Value,
    keys: Vec<String>,
    found: &mut Vec<Difference<'v>>,
) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) if a.get("type") == b.get("type") => {
            let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for name in names {
                let mut inner = keys.clone();
                inner.push(name.clone());
                match (a.get(name), b.get(name)) {
                    (Some(x), Some(y)) => differ(x, y, inner, found),
                    (x, y) => found.push((inner, x, y)),
                }
            }
        }
        _ if old == new => {}
        _ => found.push((keys, Some(old), Some(new))),
    }
}
