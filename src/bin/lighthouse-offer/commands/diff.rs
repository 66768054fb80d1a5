//! `lighthouse-offer diff OLD NEW`: what publishing the new version of an offer changes, and
//! whether Partner Center allows it.
//!
//! Uses `cli`, `io` and `output`.

use std::process::ExitCode;

use lighthouse_offer::Offer;
use lighthouse_offer::roles::RoleCatalog;
use lighthouse_offer::update::{Change, ChangeClass, ChangeSide, Update};

use crate::cli::{DiffArgs, Format};
use crate::io::document;
use crate::io::input::InputFormat;
use crate::output;
use crate::output::console::{self, note, plural};
use crate::output::locate::{Locator, Part};
use crate::output::located::{Finding, Located, locate_all};
use crate::output::summary::more_about;

/// One of the two documents: its path as given, its text and its format.
struct Document {
    file: String,
    text: String,
    format: InputFormat,
}

/// Compares the two documents and shows every change: exit 0 when the update may be published,
/// 1 when a change is forbidden, 2 when a file cannot be read or is not a valid offer (its
/// diagnostics are shown instead of changes) or the output cannot be written.
pub fn run(args: &DiffArgs) -> ExitCode {
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let mut unreadable = false;
    let mut documents = Vec::new();
    for path in [&args.old, &args.new] {
        match document::read_file(path, args.input_format) {
            Ok((text, format)) => documents.push(Some(Document {
                file: path.display().to_string(),
                text,
                format,
            })),
            Err(message) => {
                console::error(&message);
                unreadable = true;
                documents.push(None);
            }
        }
    }
    let offers: Vec<Option<Result<Offer, Vec<Located>>>> = documents
        .iter()
        .map(|document| document.as_ref().map(|d| read_offer(d, &catalog)))
        .collect();

    let written = match (&offers[..], &documents[..]) {
        ([Some(Ok(old)), Some(Ok(new))], [Some(old_doc), Some(new_doc)]) => {
            let update = old.update_to(new);
            let written = show_update(&update, old_doc, new_doc, args.format);
            let status = if update.is_allowed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
            return console::finish(written, status);
        }
        _ => show_invalid(&documents, &offers, args.format, unreadable),
    };
    console::finish(written, ExitCode::from(2))
}

/// The offer, or every diagnostic of a document that is not a valid offer (warnings included,
/// as `check` shows them; image files are not read, since only the documents are compared).
fn read_offer(document: &Document, catalog: &RoleCatalog) -> Result<Offer, Vec<Located>> {
    document::read_offer(&document.text, document.format, catalog)
        .map_err(|diagnostics| locate_all(&document.text, document.format, diagnostics))
}

/// The diagnostics of the documents that are not valid offers, and why nothing was compared.
fn show_invalid(
    documents: &[Option<Document>],
    offers: &[Option<Result<Offer, Vec<Located>>>],
    format: Format,
    unreadable: bool,
) -> std::io::Result<()> {
    let invalid: Vec<(&Document, &Vec<Located>)> = documents
        .iter()
        .zip(offers)
        .filter_map(|(document, offer)| match (document, offer) {
            (Some(document), Some(Err(found))) => Some((document, found)),
            _ => None,
        })
        .collect();
    let findings: Vec<Finding<'_>> = invalid
        .iter()
        .flat_map(|(document, found)| Finding::all_of(&document.file, &document.text, found))
        .collect();
    let mut out = output::render(format, &findings);
    if format == Format::Human {
        for (document, _) in &invalid {
            out.push_str(&console::problem(&format!(
                "`{}` is not a valid offer, so nothing was compared",
                document.file
            )));
            out.push('\n');
        }
        if out.is_empty() && !unreadable {
            return Ok(());
        }
    }
    console::out(&out)
}

/// A change with its place in the document its path points into.
fn locate_change<'d>(
    change: &Change,
    old: &'d Document,
    new: &'d Document,
) -> (&'d Document, Located) {
    let document = match change.side() {
        ChangeSide::Old => old,
        ChangeSide::New => new,
    };
    let span = Locator::for_format(&document.text, document.format)
        .span(change.diagnostic().path(), Part::Value);
    let located = Located::new(change.diagnostic().clone(), &document.text, span);
    (document, located)
}

fn show_update(
    update: &Update,
    old: &Document,
    new: &Document,
    format: Format,
) -> std::io::Result<()> {
    let found: Vec<(&Document, Located)> = update
        .changes()
        .iter()
        .map(|change| locate_change(change, old, new))
        .collect();
    let findings: Vec<Finding<'_>> = found
        .iter()
        .map(|(document, located)| Finding {
            file: &document.file,
            text: &document.text,
            located,
        })
        .collect();
    let mut out = output::render(format, &findings);
    if format != Format::Human {
        return console::out(&out);
    }
    if let Some(summary) = update.customer_summary() {
        out.push_str(&note(
            "customers who use these plans will see an update on their Service providers page, and review:",
        ));
        out.push('\n');
        for line in summary.lines() {
            if !line.is_empty() {
                out.push_str("  ");
                out.push_str(line);
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&verdict(update, old, new));
    out.push('\n');
    console::out(&out)
}

/// The last lines: whether the update may be published, the changes counted by class, and
/// where to read more about the codes seen.
fn verdict(update: &Update, old: &Document, new: &Document) -> String {
    if update.is_empty() {
        return note(&format!("no changes from `{}` to `{}`", old.file, new.file));
    }
    let count = |class| update.of_class(class).count();
    let counts = format!(
        "{}, {} for customers to review, {}",
        plural(count(ChangeClass::Forbidden), "forbidden change"),
        count(ChangeClass::CustomerReview),
        plural(count(ChangeClass::ListingOnly), "listing change"),
    );
    let mut out = if update.is_allowed() {
        note(&format!("the update can be published: {counts}"))
    } else {
        console::problem(&format!("the update cannot be published: {counts}"))
    };
    let mut codes: Vec<&str> = update
        .changes()
        .iter()
        .map(|c| c.diagnostic().code())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if let Some(more) = more_about(&codes) {
        out.push('\n');
        out.push_str(&more);
    }
    out
}
