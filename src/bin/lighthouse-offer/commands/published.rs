//! `lighthouse-offer audit OFFER --published`: what Azure holds for each plan's version after a
//! Marketplace publication, held against the offer document; from the saved answers of
//! `--from`, or live from one customer subscription.
//!
//! Uses `cli`, `io` and `output`.

use std::process::ExitCode;

use lighthouse_offer::audit::{Deployed, published};
use lighthouse_offer::{Diagnostic, Offer, Plan, Report, Severity};

use crate::cli::{AuditArgs, Format};
use crate::io::files::read;
use crate::io::input::InputFormat;
use crate::io::{document, project};
use crate::output::allow::Allowed;
use crate::output::console::{self, fail, plural};
use crate::output::located::locate_all;
use crate::output::summary::{Shown, codes_shown, count_shown, more_about, show_all};

/// One answer of Azure: a saved file, or what one plan identifier gave live.
struct Answer {
    /// The file as given, or `marketplaceRegistrationDefinitions/IDENTIFIER`.
    file: String,
    text: String,
    /// The answer read, or its problems (not JSON, not a list of definitions).
    read: Result<Deployed, Vec<Diagnostic>>,
}

/// How each plan fared, and where a live read read them.
#[derive(Default)]
struct Tally {
    as_published: usize,
    differ: usize,
    not_published: usize,
    line: Option<String>,
}

/// Verifies every plan asked (all by default) against the answers; the exit status: 2 when an
/// answer could not be read, 1 on an error (or a warning with `--deny-warnings`), else 0.
pub fn run(args: &AuditArgs) -> ExitCode {
    let (offer_path, format) = match asked(args) {
        Ok(asked) => asked,
        Err(message) => return fail(message),
    };
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let (offer_text, offer_format) = match document::read_file(offer_path, args.input_format) {
        Ok(read) => read,
        Err(message) => return fail(&message),
    };
    let offer_file = offer_path.display().to_string();
    let Ok(offer) = document::read_offer(&offer_text, offer_format, &catalog) else {
        return fail(&format!(
            "`{offer_file}` is not a valid offer, so nothing was verified; `lighthouse-offer check {offer_file}` shows why"
        ));
    };
    let plans = match chosen_plans(&offer, &args.plans) {
        Ok(plans) => plans,
        Err(message) => return fail(&message),
    };
    let allowed = match Allowed::from_args(&args.allow).and_then(|given| {
        let project = project::for_document(offer_path)?;
        given.with_project(project.as_ref())
    }) {
        Ok(allowed) => allowed,
        Err(message) => return fail(&message),
    };
    let answers = if args.live {
        match live_answers(args, &offer, &plans) {
            Ok(answers) => answers,
            Err(message) => return fail(&message),
        }
    } else {
        file_answers(args)
    };
    let offer_doc = Shown {
        file: offer_file,
        text: offer_text,
        found: Vec::new(),
    };
    let (mut shown, tally, unreadable) = verify(&offer, &plans, answers, offer_doc, offer_format);
    for one in &mut shown {
        allowed.mark(&mut one.found);
    }
    let (errors, warnings) = (
        count_shown(&shown, Severity::Error),
        count_shown(&shown, Severity::Warning),
    );
    let failing = errors > 0 || (args.deny_warnings && warnings > 0);
    let mut written = show_all(&shown, format);
    if format == Format::Human {
        let verdict = format!(
            "verified {}: {} as published, {} {}, {} not published; {}, {}",
            plural(plans.len(), "plan"),
            tally.as_published,
            tally.differ,
            if tally.differ == 1 {
                "differs"
            } else {
                "differ"
            },
            tally.not_published,
            plural(errors, "error"),
            plural(warnings, "warning"),
        );
        let mut end = tally
            .line
            .map(|line| format!("{}\n", console::note(&line)))
            .unwrap_or_default();
        end.push_str(&if failing || unreadable > 0 {
            console::problem(&verdict)
        } else {
            console::note(&verdict)
        });
        end.push('\n');
        let codes = codes_shown(&shown);
        if let Some(more) = more_about(&codes) {
            end.push_str(&more);
            end.push('\n');
        }
        written = written.and_then(|()| console::out(&end));
    }
    console::finish(written, console::exit_status(unreadable > 0, failing))
}

/// The offer and the format of the findings, or why the arguments do not fit `--published`.
fn asked(args: &AuditArgs) -> Result<(&std::path::Path, Format), &'static str> {
    let offer_path = args
        .offer
        .as_deref()
        .ok_or("audit needs the offer document")?;
    if !args.live && (!args.subscriptions.is_empty() || args.arm_endpoint.is_some()) {
        return Err("--subscription and --arm-endpoint go with --live");
    }
    let format = args.format.findings().ok_or(
        "--format html draws the fleet of a delegation audit; --published writes findings \
         (human, json, sarif or github)",
    )?;
    Ok((offer_path, format))
}

/// The saved answers of `--from`; a file that cannot be read is said on standard error.
fn file_answers(args: &AuditArgs) -> Answers {
    let mut all = Answers::default();
    for path in &args.from {
        match read(path) {
            Ok(text) => {
                let read = Deployed::from_json_str(&text).map_err(Report::into_diagnostics);
                all.answers.push(Answer {
                    file: path.display().to_string(),
                    text,
                    read,
                });
            }
            Err(message) => {
                console::error(&message);
                all.unreadable += 1;
            }
        }
    }
    all
}

/// Each plan held against the first answer that holds it: the findings to show (the offer
/// document's first, for the plans not published), how the plans fared, and how many answers
/// could not be read.
fn verify(
    offer: &Offer,
    plans: &[&Plan],
    answers: Answers,
    mut offer_doc: Shown,
    offer_format: InputFormat,
) -> (Vec<Shown>, Tally, usize) {
    let mut per_answer: Vec<Vec<Diagnostic>> = vec![Vec::new(); answers.answers.len()];
    let mut in_offer: Vec<Diagnostic> = Vec::new();
    let mut tally = Tally {
        line: answers.line,
        ..Tally::default()
    };
    for (index, plan) in plans.iter().enumerate() {
        let found = answers.answers.iter().enumerate().find_map(|(i, answer)| {
            let deployed = answer.read.as_ref().ok()?;
            published::verify_published(offer, plan, deployed).map(|d| (i, d))
        });
        match found {
            Some((i, diagnostics)) => {
                if diagnostics.is_empty() {
                    tally.as_published += 1;
                } else {
                    tally.differ += 1;
                }
                per_answer[i].extend(diagnostics);
            }
            // A plan whose live read failed is reported with the failed reads.
            None if answers.failed_plans.contains(&index) => {}
            None => {
                tally.not_published += 1;
                let how = answers
                    .missing
                    .iter()
                    .find(|(i, _)| *i == index)
                    .map_or("the answers given hold none for it", |(_, how)| {
                        how.as_str()
                    });
                in_offer.push(published::plan_not_published(offer, plan, how));
            }
        }
    }
    let mut unreadable = answers.unreadable + answers.failed.len();
    let mut shown = Vec::new();
    if !in_offer.is_empty() {
        offer_doc.found = locate_all(&offer_doc.text, offer_format, in_offer);
        shown.push(offer_doc);
    }
    for (answer, diagnostics) in answers.answers.into_iter().zip(per_answer) {
        let diagnostics = match answer.read {
            Ok(_) => diagnostics,
            Err(problems) => {
                unreadable += 1;
                problems
            }
        };
        if !diagnostics.is_empty() {
            let found = locate_all(&answer.text, InputFormat::Json, diagnostics);
            shown.push(Shown {
                file: answer.file,
                text: answer.text,
                found,
            });
        }
    }
    shown.extend(answers.failed);
    (shown, tally, unreadable)
}

/// The plans of `--plan` (all of the offer's without it), or which ID is not a plan.
fn chosen_plans<'o>(offer: &'o Offer, ids: &[String]) -> Result<Vec<&'o Plan>, String> {
    if ids.is_empty() {
        return Ok(offer.plans().iter().collect());
    }
    ids.iter()
        .map(|id| {
            offer.plan(id).ok_or_else(|| {
                let known: Vec<&str> = offer.plans().iter().map(|p| p.plan_id().as_str()).collect();
                format!(
                    "the offer has no plan `{id}`; its plans are {}",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// The answers read: saved files, or what each plan identifier gave live; for a live read, the
/// plans Azure holds nothing for (their index and what Azure answered), the reads that failed
/// and their plans, and the line that says where it read.
#[derive(Default)]
struct Answers {
    answers: Vec<Answer>,
    missing: Vec<(usize, String)>,
    failed: Vec<Shown>,
    failed_plans: Vec<usize>,
    line: Option<String>,
    /// Files that could not be read at all.
    unreadable: usize,
}

#[cfg(feature = "live")]
fn live_answers(args: &AuditArgs, offer: &Offer, plans: &[&Plan]) -> Result<Answers, String> {
    use lighthouse_offer::audit::live::{AccessToken, PublishedAnswer, read_published};

    let options = args.live_options()?;
    let token = AccessToken::from_environment(&options.endpoint).map_err(|e| e.to_string())?;
    let identifiers: Vec<String> = plans
        .iter()
        .map(|plan| published::marketplace_identifier(offer, plan))
        .collect();
    let run = read_published(&options, token, &identifiers).map_err(|e| e.to_string())?;
    let mut live = Answers {
        line: Some(format!(
            "read the published plans from subscription {} ({})",
            run.subscription(),
            plural(run.requests(), "request")
        )),
        ..Answers::default()
    };
    for (index, (identifier, answer)) in run.answers().iter().enumerate() {
        let file = format!("marketplaceRegistrationDefinitions/{identifier}");
        match answer {
            PublishedAnswer::List(text) => {
                let read = Deployed::from_json_str(text).map_err(Report::into_diagnostics);
                if read.as_ref().is_ok_and(|d| d.resources().is_empty()) {
                    live.missing
                        .push((index, "Azure answered an empty list".to_owned()));
                }
                live.answers.push(Answer {
                    file,
                    text: text.clone(),
                    read,
                });
            }
            PublishedAnswer::NotFound => {
                live.missing.push((index, "Azure answered 404".to_owned()));
            }
            PublishedAnswer::Unreadable(problem) => {
                live.failed_plans.push(index);
                live.failed.push(Shown::unread(file, problem.clone()));
            }
            _ => {}
        }
    }
    Ok(live)
}

#[cfg(not(feature = "live"))]
fn live_answers(_: &AuditArgs, _: &Offer, _: &[&Plan]) -> Result<Answers, String> {
    Err(
        "this lighthouse-offer was built without the live audit: build it with \
         `--features cli,live`, or save the answer of `az rest --method get --url \
         \"/subscriptions/ID/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions?api-version=2022-10-01\"` \
         and use --from"
            .to_owned(),
    )
}
