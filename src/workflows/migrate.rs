//! Moving an offer to another rule edition: what must change, and the rewrites that lose
//! nothing.

use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::offers::edition_check::{EditionFacts, check_edition};
use crate::offers::offer::Offer;
use crate::report::diagnostic::{Diagnostic, JsonPointer, Severity};
use crate::values::edition::{Edition, depends_on_edition};

/// A change [`migrate`] made to the document by itself, at its path in the original document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    path: JsonPointer,
    message: String,
}

impl Rewrite {
    /// Where the change is, in the original document.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// What was changed.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Rewrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What it takes to move an offer to another edition: the changes the publisher must make
/// ([`Migration::changes`]), the ones made already ([`Migration::rewrites`]), and the rewritten
/// document ([`Migration::document`]).
///
/// The rewritten document keeps everything the offer has: a wide logo, hero image, marketing
/// identifier or Standard Contract that the new edition does not allow stays in it, reported as an error of [`Rule::NotInEdition`](crate::Rule::NotInEdition), until
/// the publisher removes it. So the rewritten document passes the new edition's checks exactly
/// when [`Migration::is_complete`] is true (image files aside: see
/// [`Migration::verify_images`]).
#[derive(Clone, Debug)]
pub struct Migration {
    from: Edition,
    offer: Offer,
    changes: Vec<Diagnostic>,
    rewrites: Vec<Rewrite>,
}

/// Says what must change for `offer` to follow the rules of edition `to`, and rewrites what can be
/// rewritten without loss: the `edition` field, and acknowledgements of warnings that edition
/// `to` does not have (they would be reported as stale).
///
/// The changes are the errors and warnings of edition `to` that depend on the edition, at their
/// paths in the document (which the rewrite does not move): a plan title or description too long,
/// a private audience too large, a logo that is missing or not allowed, a hero image, a screenshot
/// without caption, a warning of the new edition. Image sizes need the files: see
/// [`Migration::verify_images`].
///
/// ```
/// use lighthouse_offer::{Edition, Offer};
/// use lighthouse_offer::migration::migrate;
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/offer.json")).unwrap();
///
/// let (offer, _) = Offer::from_json_str(&text).unwrap().into_parts();
/// let migration = migrate(&offer, Edition::E2026);
/// assert!(!migration.is_complete());
/// // Edition 2026 has no Standard Contract, no marketing identifier, no hero image and no wide
/// // logo: the changes come in document order.
/// let hero = migration
///     .changes()
///     .iter()
///     .find(|c| c.path().as_str() == "/marketingArtifacts/hero")
///     .unwrap();
/// assert_eq!(hero.message(), "edition 2026 has no hero image; remove `hero`");
/// // Nothing is dropped: the marketing identifier stays until the publisher removes it.
/// assert_eq!(migration.document()["listing"]["marketingIdentifier"], "contoso-managed-sentinel");
/// assert_eq!(migration.document()["edition"], "2026");
/// ```
#[must_use]
pub fn migrate(offer: &Offer, to: Edition) -> Migration {
    let from = offer.edition();
    let mut rewrites = Vec::new();
    if from != to {
        rewrites.push(Rewrite {
            path: JsonPointer::root().key("edition"),
            message: format!("set the edition to \"{to}\" (was \"{from}\")"),
        });
    }
    for (i, ack) in offer.acknowledged_warnings().iter().enumerate() {
        if !to.reports(ack.rule()) {
            rewrites.push(Rewrite {
                path: JsonPointer::root().key("acknowledgedWarnings").index(i),
                message: format!(
                    "removed the acknowledgement of `{}`: edition {to} has no such warning",
                    ack.rule().name()
                ),
            });
        }
    }
    let target = offer.retargeted(to);
    let mut changes: Vec<Diagnostic> = check_edition(&EditionFacts::of(&target), to)
        .into_iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    changes.extend(
        target
            .warnings()
            .into_iter()
            .filter(|w| depends_on_edition(w.rule())),
    );
    changes.sort_by(|a, b| a.path().cmp(b.path()).then(a.rule().cmp(&b.rule())));
    Migration {
        from,
        offer: target,
        changes,
        rewrites,
    }
}

impl Migration {
    /// The edition the offer had.
    #[must_use]
    pub fn from(&self) -> Edition {
        self.from
    }

    /// The edition the offer moves to.
    #[must_use]
    pub fn to(&self) -> Edition {
        self.offer.edition()
    }

    /// What the publisher must change (errors) or look at (warnings) for the new edition, in
    /// document order.
    #[must_use]
    pub fn changes(&self) -> &[Diagnostic] {
        &self.changes
    }

    /// The changes that are errors: the rewritten document fails the new edition's checks until
    /// they are made.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.changes
            .iter()
            .filter(|d| d.severity() == Severity::Error)
    }

    /// Whether the rewritten document passes the new edition's checks (image files aside).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The changes made to the document already.
    #[must_use]
    pub fn rewrites(&self) -> &[Rewrite] {
        &self.rewrites
    }

    /// The rewritten document, as JSON: the offer with the new edition and the rewrites, and
    /// nothing left out.
    ///
    /// # Panics
    /// Never: an offer is made of strings, numbers, booleans, arrays and objects.
    #[must_use]
    pub fn document(&self) -> Value {
        serde_json::to_value(&self.offer).expect("an offer always serializes")
    }

    /// The rewritten document as pretty-printed JSON text, its fields in the document format's
    /// order, with a final line break.
    ///
    /// # Panics
    /// Never: an offer is made of strings, numbers, booleans, arrays and objects.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(&self.offer).expect("an offer always serializes");
        text.push('\n');
        text
    }

    /// Checks the offer's image files against the new edition's sizes, as
    /// [`Offer::verify_images`] does; `base_dir` is the document's folder.
    #[must_use]
    pub fn verify_images(&self, base_dir: &Path) -> Vec<Diagnostic> {
        self.offer.verify_images(base_dir)
    }
}

impl Migration {
    /// The migrated offer as a YAML document, its fields in the order of
    /// [`Migration::to_json_pretty`]: what `migrate` writes for a document read from YAML.
    ///
    /// # Panics
    /// Never: the JSON it converts is the crate's own serialization of a valid offer.
    #[must_use]
    pub fn to_yaml(&self) -> String {
        crate::yaml::json_to_yaml(&self.to_json_pretty()).expect("the migrated offer is JSON")
    }
}
