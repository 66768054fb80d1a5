//! `lighthouse-offer audit OFFER --from FILE...` and `audit OFFER --live`: every deployed
//! delegation held against the offer document.
//!
//! Uses `cli`, `io` and `output`.

use std::process::ExitCode;

use lighthouse_offer::audit::Audit;
use lighthouse_offer::{Diagnostic, Report, Rule, Severity};

use crate::cli::{AuditArgs, AuditSource, Format};
use crate::io::document;
use crate::io::files::read;
use crate::io::input::InputFormat;
use crate::output;
use crate::output::audit::{Headline, ending};
use crate::output::console::{self, fail};
use crate::output::human;
use crate::output::located::{Finding, Located, is_unreadable_json, locate_all};
use crate::output::summary::Shown;

/// One input: a file, or a subscription read live.
pub struct Input {
    /// The file as given, or `subscriptions/ID`.
    pub file: String,
    /// Its text; `None` for a subscription that could not be read.
    pub text: Option<String>,
}

/// Audits every input against the offer; the exit status as the long help says.
pub fn run(args: &AuditArgs) -> ExitCode {
    if args.print_query {
        let written = console::out(&format!("{}\n", lighthouse_offer::audit::graph::QUERY));
        return console::finish(written, ExitCode::SUCCESS);
    }
    if !args.live
        && (!args.subscriptions.is_empty()
            || args.arm_endpoint.is_some()
            || args.save.is_some()
            || args.source != AuditSource::Graph)
    {
        return fail("--subscription, --arm-endpoint, --save and --source go with --live");
    }
    let Some(offer_path) = &args.offer else {
        return fail("audit needs the offer document");
    };
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let offer_file = offer_path.display().to_string();
    let (offer_text, offer_format) = match document::read_file(offer_path, args.input_format) {
        Ok(read) => read,
        Err(message) => return fail(&message),
    };
    let offer = match document::read_offer(&offer_text, offer_format, &catalog) {
        Ok(offer) => offer,
        Err(diagnostics) => {
            let found = locate_all(&offer_text, offer_format, diagnostics);
            let written = show_located(
                &[Shown {
                    file: offer_file.clone(),
                    text: offer_text.clone(),
                    found,
                }],
                args.format,
            );
            console::error(&format!(
                "`{offer_file}` is not a valid offer, so nothing was audited"
            ));
            return console::finish(written, ExitCode::from(2));
        }
    };
    let mut sources = None;
    let (inputs, unreadable) = if args.live {
        match live_inputs(args) {
            Ok((read, summary)) => {
                sources = summary;
                (read, 0)
            }
            Err(message) => return fail(&message),
        }
    } else {
        file_inputs(args)
    };
    let (all, shown, not_read) = audit_inputs(&offer, inputs);
    let missing = unreadable + not_read;

    let mut totals = all.totals();
    let count = |severity| {
        shown
            .iter()
            .flat_map(|shown| &shown.found)
            .filter(|f| f.diagnostic.severity() == severity)
            .count()
    };
    totals.errors = count(Severity::Error);
    totals.warnings = count(Severity::Warning);
    let failing = totals.errors > 0 || (args.deny_warnings && totals.warnings > 0);
    let mut written = show_located(&shown, args.format);
    if args.format == Format::Human {
        // Drift is what the audited delegations show; an input that could not be read (or
        // read as delegations) is not drift, and the headline says so.
        let drift = all.has_errors()
            || (args.deny_warnings
                && all
                    .diagnostics()
                    .iter()
                    .any(|d| d.severity() == Severity::Warning));
        let headline = if drift {
            Headline::Drift
        } else if failing || missing > 0 {
            Headline::Incomplete
        } else {
            Headline::Audited
        };
        let mut codes: Vec<&str> = shown
            .iter()
            .flat_map(|shown| shown.found.iter().map(|f| f.diagnostic.code()))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let mut end = ending(&all, &totals, &codes, headline, missing);
        if let Some(sources) = sources {
            end.insert_str(0, &format!("{}\n", console::note(&sources)));
        }
        written = written.and_then(|()| console::out(&end));
    }
    console::finish(written, console::exit_status(missing > 0, failing))
}

/// The files of `--from`, and how many could not be read (reported on standard error).
fn file_inputs(args: &AuditArgs) -> (Vec<(Input, Option<Diagnostic>)>, usize) {
    let mut inputs = Vec::new();
    let mut unreadable = 0;
    for path in &args.from {
        match read(path) {
            Ok(text) => inputs.push((
                Input {
                    file: path.display().to_string(),
                    text: Some(text),
                },
                None,
            )),
            Err(message) => {
                console::error(&message);
                unreadable += 1;
            }
        }
    }
    (inputs, unreadable)
}

/// Audits each input: all delegations in one audit, each input's diagnostics placed in its text,
/// and how many inputs could not be read (not JSON, or a subscription that did not answer).
fn audit_inputs(
    offer: &lighthouse_offer::Offer,
    inputs: Vec<(Input, Option<Diagnostic>)>,
) -> (Audit, Vec<Shown>, usize) {
    let mut all = Audit::default();
    let mut shown = Vec::new();
    let mut not_read = 0;
    for (input, problem) in inputs {
        match (input.text, problem) {
            (Some(text), _) => {
                let audited = lighthouse_offer::audit::graph::audit_text(offer, &text)
                    .map_err(Report::into_diagnostics);
                let diagnostics = match audited {
                    Ok(audit) => {
                        let diagnostics = audit.diagnostics().to_vec();
                        // Part of a Resource Graph answer: read, but not whole.
                        if diagnostics
                            .iter()
                            .any(|d| d.rule() == Rule::GraphAnswerIncomplete)
                        {
                            not_read += 1;
                        }
                        all.merge(audit);
                        diagnostics
                    }
                    Err(diagnostics) => {
                        if diagnostics.iter().any(|d| is_unreadable_json(d.rule())) {
                            not_read += 1;
                        }
                        diagnostics
                    }
                };
                let found = locate_all(&text, InputFormat::Json, diagnostics);
                shown.push(Shown {
                    file: input.file,
                    text,
                    found,
                });
            }
            (None, Some(problem)) => {
                not_read += 1;
                let found = vec![Located {
                    diagnostic: problem,
                    span: 0..0,
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                }];
                shown.push(Shown {
                    file: input.file,
                    text: String::new(),
                    found,
                });
            }
            (None, None) => {}
        }
    }
    (all, shown, not_read)
}

/// Shows the diagnostics of every input, as `check` does.
fn show_located(shown: &[Shown], format: Format) -> std::io::Result<()> {
    match format {
        Format::Json | Format::Sarif | Format::Github => {
            let findings: Vec<Finding<'_>> = shown
                .iter()
                .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
                .collect();
            console::out(&output::render(format, &findings))
        }
        Format::Human => {
            let mut out = String::new();
            for Shown { file, text, found } in shown {
                let masked = human::shown_text(text, found);
                for f in found {
                    if text.is_empty() {
                        out.push_str(&human::without_snippet(file, &f.diagnostic));
                    } else {
                        out.push_str(&human::human(file, &masked, f));
                    }
                    out.push_str("\n\n");
                }
            }
            console::out(&out)
        }
    }
}

/// The inputs of a live audit: one per subscription, with its text or why it could not be read.
type LiveInputs = Vec<(Input, Option<Diagnostic>)>;

/// The subscriptions read live, each an input, and for Resource Graph the line that says how they
/// were read; or why the live audit cannot start.
#[cfg(feature = "live")]
fn live_inputs(args: &AuditArgs) -> Result<(LiveInputs, Option<String>), String> {
    use lighthouse_offer::SubscriptionId;
    use lighthouse_offer::audit::live::{
        AccessToken, GraphOptions, LiveOptions, check_endpoint, read_live, read_live_graph,
    };

    let mut subscriptions = Vec::new();
    for id in &args.subscriptions {
        subscriptions.push(
            SubscriptionId::new(id)
                .map_err(|e| format!("--subscription `{id}` is not a subscription ID: {e}"))?,
        );
    }
    let endpoint = check_endpoint(
        args.arm_endpoint
            .as_deref()
            .unwrap_or(lighthouse_offer::audit::live::DEFAULT_ENDPOINT),
    )
    .map_err(|e| e.to_string())?;
    let token = AccessToken::from_environment(&endpoint).map_err(|e| e.to_string())?;
    let options = LiveOptions {
        endpoint,
        subscriptions,
        ..LiveOptions::default()
    };
    let (reads, summary) = match args.source {
        AuditSource::Rest => (read_live(&options, token).map_err(|e| e.to_string())?, None),
        AuditSource::Graph => {
            let run = read_live_graph(&options, &GraphOptions::default(), token)
                .map_err(|e| e.to_string())?;
            let summary = sources_line(&run);
            (run.into_reads(), Some(summary))
        }
    };
    if let Some(dir) = &args.save {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    }
    let mut inputs = Vec::new();
    for read in reads {
        let file = format!("subscriptions/{}", read.subscription());
        match read.outcome() {
            Ok(text) => {
                if let Some(dir) = &args.save {
                    let path = dir.join(format!("{}.json", read.subscription()));
                    std::fs::write(&path, text)
                        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
                }
                inputs.push((
                    Input {
                        file,
                        text: Some(text.to_owned()),
                    },
                    None,
                ));
            }
            Err(problem) => inputs.push((Input { file, text: None }, Some(problem.clone()))),
        }
    }
    Ok((inputs, summary))
}

/// `read 5 subscriptions: 4 through Azure Resource Graph (2 queries), 1 through the REST API
/// (not covered by Resource Graph: ID, why); 1 could not be read`.
#[cfg(feature = "live")]
fn sources_line(run: &lighthouse_offer::audit::live::LiveRun) -> String {
    use std::fmt::Write as _;

    use lighthouse_offer::audit::live::ReadThrough;

    use crate::output::console::plural;

    let reads = run.reads();
    let read_through = |way| {
        reads
            .iter()
            .filter(|r| r.through() == way && r.outcome().is_ok())
            .count()
    };
    let failed = reads.iter().filter(|r| r.outcome().is_err()).count();
    let queries = run.graph_requests();
    let mut line = format!(
        "read {}: {} through Azure Resource Graph ({queries} {}), {} through the REST API",
        plural(reads.len(), "subscription"),
        read_through(ReadThrough::ResourceGraph),
        if queries == 1 { "query" } else { "queries" },
        read_through(ReadThrough::Rest),
    );
    match run.not_covered() {
        [] => {}
        [(subscription, why)] => {
            let _ = write!(
                line,
                " (not covered by Resource Graph: {subscription}, {why})"
            );
        }
        [(subscription, why), ..] => {
            let _ = write!(
                line,
                " (not covered by Resource Graph: {}, the first {subscription}, {why})",
                plural(run.not_covered().len(), "subscription")
            );
        }
    }
    if failed > 0 {
        let _ = write!(line, "; {failed} could not be read");
    }
    line
}

#[cfg(not(feature = "live"))]
fn live_inputs(_: &AuditArgs) -> Result<(LiveInputs, Option<String>), String> {
    Err(
        "this lighthouse-offer was built without the live audit: build it with \
         `--features cli,live`, or save the answers with `az graph query` or `az \
         managedservices assignment list --include-definition true` and use --from"
            .to_owned(),
    )
}
