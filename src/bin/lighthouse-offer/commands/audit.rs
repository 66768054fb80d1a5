//! `lighthouse-offer audit OFFER --from FILE...` and `audit OFFER --live`: every deployed
//! delegation held against the offer document.
//!
//! Uses `cli`, `io` and `output`.

use std::path::Path;
use std::process::ExitCode;

use lighthouse_offer::audit::Audit;
use lighthouse_offer::{Diagnostic, Offer, Report, Rule, Severity};

use crate::cli::{AuditArgs, AuditSource, Format};
use crate::io::files::read;
use crate::io::input::InputFormat;
use crate::io::{document, project};
use crate::output::allow::Allowed;
use crate::output::audit::{Headline, ending};
use crate::output::console::{self, fail};
use crate::output::located::{is_unreadable_json, locate_all};
use crate::output::summary::{Shown, codes_shown, count_shown, show_all};

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
    let offer = match read_offer(args, offer_path) {
        Ok(offer) => offer,
        Err(status) => return status,
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
    let (all, mut shown, not_read, owners) = audit_inputs(&offer, inputs);
    // The rules allowed: by `--allow`, and by the project file of the offer's folder.
    let allowed = match Allowed::from_args(&args.allow).and_then(|given| {
        let project = project::for_document(offer_path)?;
        given.with_project(project.as_ref())
    }) {
        Ok(allowed) => allowed,
        Err(message) => return fail(&message),
    };
    for one in &mut shown {
        allowed.mark(&mut one.found);
    }
    let missing = unreadable + not_read;

    let mut totals = all.totals();
    totals.errors = count_shown(&shown, Severity::Error);
    totals.warnings = count_shown(&shown, Severity::Warning);
    let failing = totals.errors > 0 || (args.deny_warnings && totals.warnings > 0);
    let Some(format) = args.format.findings() else {
        let page = fleet_page(&offer, &all, totals, &shown, &owners, missing);
        return console::finish(
            console::out(&page),
            console::exit_status(missing > 0, failing),
        );
    };
    let mut written = show_all(&shown, format);
    if format == Format::Human {
        // Drift is what the audited delegations show; an input that could not be read (or
        // read as delegations) is not drift, and the headline says so.
        let drift = all.has_errors()
            || (args.deny_warnings
                && all.diagnostics().iter().any(|d| {
                    d.severity() == Severity::Warning && allowed.source(d.rule()).is_none()
                }));
        let headline = if drift {
            Headline::Drift
        } else if failing || missing > 0 {
            Headline::Incomplete
        } else {
            Headline::Audited
        };
        let codes = codes_shown(&shown);
        let mut end = ending(&all, &totals, &codes, headline, missing);
        if let Some(sources) = sources {
            end.insert_str(0, &format!("{}\n", console::note(&sources)));
        }
        written = written.and_then(|()| console::out(&end));
    }
    console::finish(written, console::exit_status(missing > 0, failing))
}

/// The offer document the inputs are held against, read with the role catalog of
/// `--role-catalog`; on failure its diagnostics are shown and the exit status given.
fn read_offer(args: &AuditArgs, offer_path: &Path) -> Result<Offer, ExitCode> {
    let catalog = super::role_catalog(args.role_catalog.as_deref())?.unwrap_or_default();
    let offer_file = offer_path.display().to_string();
    let (offer_text, offer_format) =
        document::read_file(offer_path, args.input_format).map_err(|message| fail(&message))?;
    document::read_offer(&offer_text, offer_format, &catalog).map_err(|diagnostics| {
        let found = locate_all(&offer_text, offer_format, diagnostics);
        let written = show_all(
            &[Shown {
                file: offer_file.clone(),
                text: offer_text.clone(),
                found,
            }],
            args.format.findings().unwrap_or(Format::Human),
        );
        console::error(&format!(
            "`{offer_file}` is not a valid offer, so nothing was audited"
        ));
        console::finish(written, ExitCode::from(2))
    })
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
/// how many inputs could not be read (not JSON, or a subscription that did not answer), and for
/// each delegation of the audit the input (its index in the shown inputs) it was read from.
fn audit_inputs(
    offer: &lighthouse_offer::Offer,
    inputs: Vec<(Input, Option<Diagnostic>)>,
) -> (Audit, Vec<Shown>, usize, Vec<usize>) {
    let mut all = Audit::default();
    let mut shown = Vec::new();
    let mut not_read = 0;
    let mut owners = Vec::new();
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
                        owners.extend(std::iter::repeat_n(shown.len(), audit.delegations().len()));
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
                shown.push(Shown::unread(input.file, problem));
            }
            (None, None) => {}
        }
    }
    (all, shown, not_read, owners)
}

/// The fleet page of `--format html`: each delegation with the customer's tenant (when its
/// input names it) and the findings under its place in its input.
fn fleet_page(
    offer: &Offer,
    all: &Audit,
    totals: lighthouse_offer::audit::Totals,
    shown: &[Shown],
    owners: &[usize],
    unread: usize,
) -> String {
    use crate::output::html::audit::{Customer, Fleet, render};

    let values: Vec<Option<serde_json::Value>> = shown
        .iter()
        .map(|s| serde_json::from_str(&s.text).ok())
        .collect();
    let mut claimed = vec![Vec::new(); shown.len()];
    let mut by_id: std::collections::HashMap<
        (usize, String),
        std::collections::HashMap<String, String>,
    > = std::collections::HashMap::new();
    let customers: Vec<Customer<'_>> = all
        .delegations()
        .iter()
        .zip(owners)
        .map(|(delegation, &owner)| {
            let at = delegation.path().as_str();
            // Where its findings are: under the delegation, and under the definition it
            // applies when that is a row of its own (Resource Graph answers).
            let mut places = vec![at.to_owned()];
            if let Some(value) = &values[owner] {
                let parent = at
                    .rsplit_once('/')
                    .map_or("", |(parent, _)| parent)
                    .to_owned();
                let ids = by_id
                    .entry((owner, parent.clone()))
                    .or_insert_with(|| ids_of(value, &parent));
                let definition = value
                    .pointer(&format!("{at}/properties/registrationDefinitionId"))
                    .and_then(serde_json::Value::as_str)
                    .and_then(|id| ids.get(&id.to_ascii_lowercase()));
                places.extend(definition.cloned());
            }
            let under = |path: &str| {
                places.iter().any(|at| {
                    !at.is_empty()
                        && (path == at
                            || (path.starts_with(at.as_str()) && path[at.len()..].starts_with('/')))
                })
            };
            let findings: Vec<&Diagnostic> = shown[owner]
                .found
                .iter()
                .enumerate()
                .filter(|(_, f)| f.allowed.is_none() && under(f.diagnostic.path().as_str()))
                .map(|(i, f)| {
                    claimed[owner].push(i);
                    &f.diagnostic
                })
                .collect();
            Customer {
                delegation,
                tenant: values[owner].as_ref().and_then(|v| tenant(v, at)),
                findings,
            }
        })
        .collect();
    let other_findings = shown
        .iter()
        .zip(&claimed)
        .flat_map(|(s, claimed)| {
            s.found
                .iter()
                .enumerate()
                .filter(|(i, f)| f.allowed.is_none() && !claimed.contains(i))
                .map(|(_, f)| (s.file.clone(), &f.diagnostic))
        })
        .collect();
    render(&Fleet {
        offer: format!("{} ({})", offer.name().as_str(), offer.offer_id().as_str()),
        totals,
        unread,
        customers,
        other_findings,
    })
}

/// The items of the array at `parent` in an input, by their `id` (lowercase): the place of
/// each resource of an answer.
fn ids_of(input: &serde_json::Value, parent: &str) -> std::collections::HashMap<String, String> {
    input
        .pointer(parent)
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let id = item.get("id")?.as_str()?.to_ascii_lowercase();
                    Some((id, format!("{parent}/{i}")))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The customer's tenant of the delegation at `at` in an input: a Resource Graph row's
/// `tenantId`, or the `manageeTenantId` of the definition an assignment carries.
fn tenant(input: &serde_json::Value, at: &str) -> Option<String> {
    let item = input.pointer(at)?;
    [
        "/tenantId",
        "/properties/registrationDefinition/properties/manageeTenantId",
        "/properties/manageeTenantId",
    ]
    .iter()
    .find_map(|p| item.pointer(p).and_then(serde_json::Value::as_str))
    .map(str::to_owned)
}

/// The inputs of a live audit: one per subscription, with its text or why it could not be read.
type LiveInputs = Vec<(Input, Option<Diagnostic>)>;

/// The subscriptions read live, each an input, and for Resource Graph the line that says how they
/// were read; or why the live audit cannot start.
#[cfg(feature = "live")]
fn live_inputs(args: &AuditArgs) -> Result<(LiveInputs, Option<String>), String> {
    use lighthouse_offer::audit::live::{AccessToken, GraphOptions, read_live, read_live_graph};

    let options = args.live_options()?;
    let token = AccessToken::from_environment(&options.endpoint).map_err(|e| e.to_string())?;
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
