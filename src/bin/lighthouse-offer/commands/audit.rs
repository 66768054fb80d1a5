//! `lighthouse-offer audit OFFER --from FILE...` and `audit OFFER --live`: every deployed
//! delegation held against the offer document.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use annotate_snippets::{Group, Level};
use clap::Args;
use lighthouse_offer::audit::Audit;
use lighthouse_offer::{Diagnostic, Severity};

use crate::Format;
use crate::formats::{self, Finding};
use crate::input::InputFormat;
use crate::render::{self, Located};
use crate::{check, model};

pub const EXAMPLES: &str = "\
Examples:
  az managedservices assignment list --include-definition true > customer-a.json
  lighthouse-offer audit offer.json --from customer-a.json customer-b.json
  lighthouse-offer audit offer.json --live
  lighthouse-offer audit offer.json --live --subscription 6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70";

pub const LONG_HELP: &str = "\
Holds what is deployed in customers' subscriptions (Microsoft.ManagedServices registration
assignments and definitions, REST API 2022-10-01) against the offer document: each delegation is
matched to a plan (by its Marketplace plan block, or, onboarded by an ARM template, to the plan
of the same managing tenant with the most authorizations in common) and every difference is a
diagnostic (LO1000-LO1014, `lighthouse-offer explain --list`). A customer on an older plan
version has one warning (plan-version-behind) that lists how that version's access differs,
since only accepting the update changes it. Another provider's delegation (another tenant, no
plan or principal of the offer) is listed, not judged. Then one line per delegation and the
totals.

Inputs:
  --from FILE...  saved answers: a REST list ({\"value\": [...], \"nextLink\": ...}) of
                  registrationAssignments?$expandRegistrationDefinition=true, of
                  registrationDefinitions or of marketplaceRegistrationDefinitions, or the array
                  that `az managedservices assignment list --include-definition true` prints
  --live          asks Azure Resource Manager (needs a build with the `live` feature): every
                  subscription the token can see, or those given with --subscription; pages are
                  followed, 8 subscriptions are read at a time, throttling and server errors are
                  tried again (at most 4 tries, Retry-After honoured), each request has a 30 s
                  bound and the run 5 minutes. The token comes from AZURE_ACCESS_TOKEN, or else
                  from `az account get-access-token --resource ENDPOINT`; it is sent over https
                  only and never printed.

Exit status:
  0  no error (warnings are allowed, unless --deny-warnings)
  1  an error: drift that Azure or the offer must fix
  2  the offer document is not valid (its diagnostics are shown), an input could not be read
     or is not JSON, a subscription could not be read (subscription-unreadable), the live
     audit could not start, or the command line is wrong (this takes precedence over 1)

--format json prints one JSON array with the fields of `check --format json`: file, severity,
code, name, path, line, column, message. `file` is the input as given, or for --live
`subscriptions/ID`, the subscription the diagnostic is about; `path` points into that input (for
--live: into the subscription's answers, every page joined into one `value` list, as --save
writes them). The summary is not part of the JSON output.";

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml)
    #[arg(value_name = "OFFER")]
    pub offer: PathBuf,
    /// Saved answers of Azure Resource Manager or `az managedservices` (JSON)
    #[arg(
        long = "from",
        value_name = "FILE",
        num_args = 1..,
        required_unless_present = "live",
        conflicts_with = "live"
    )]
    pub from: Vec<PathBuf>,
    /// Ask Azure Resource Manager itself (a build with the `live` feature)
    #[arg(long)]
    pub live: bool,
    /// With --live: read these subscriptions only (repeat the option for more)
    #[arg(long = "subscription", value_name = "ID")]
    pub subscriptions: Vec<String>,
    /// With --live: Azure Resource Manager's address, for sovereign clouds [default:
    /// `https://management.azure.com`]
    #[arg(long, value_name = "URL")]
    pub arm_endpoint: Option<String>,
    /// With --live: also write each subscription's answers to DIR/ID.json, for --from later
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
    /// Read the offer document as this format, whatever its extension (.yaml/.yml are YAML)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

/// One input: a file, or a subscription read live.
pub struct Input {
    /// The file as given, or `subscriptions/ID`.
    pub file: String,
    /// Its text; `None` for a subscription that could not be read.
    pub text: Option<String>,
}

/// One input's text and what was found in it, placed.
type Shown = (String, String, Vec<Located>);

/// Audits every input against the offer; the exit status as the long help says.
pub fn run(args: &AuditArgs) -> ExitCode {
    if !args.live
        && (!args.subscriptions.is_empty() || args.arm_endpoint.is_some() || args.save.is_some())
    {
        return fail("--subscription, --arm-endpoint and --save go with --live");
    }
    let offer_file = args.offer.display().to_string();
    let offer_text = match check::read(&args.offer) {
        Ok(text) => text,
        Err(message) => return fail(&message),
    };
    let offer_format = InputFormat::of(&args.offer, args.input_format);
    let offer = match model::read_offer_as(&offer_text, offer_format) {
        Ok(offer) => offer,
        Err(diagnostics) => {
            let found = check::locate_all_as(&offer_text, offer_format, diagnostics);
            let written = show_located(
                &[(offer_file.clone(), offer_text.clone(), found)],
                args.format,
            );
            render::err(&render::problem(&format!(
                "`{offer_file}` is not a valid offer, so nothing was audited"
            )));
            render::err("\n");
            return finish(written, ExitCode::from(2));
        }
    };
    let (inputs, unreadable) = if args.live {
        match live_inputs(args) {
            Ok(read) => (read, 0),
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
            .flat_map(|(_, _, found)| found)
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
        let end = ending(&all, &totals, &shown, headline, missing);
        written = written.and_then(|()| render::out(&end));
    }
    let status = if missing > 0 {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    finish(written, status)
}

/// The files of `--from`, and how many could not be read (reported on standard error).
fn file_inputs(args: &AuditArgs) -> (Vec<(Input, Option<Diagnostic>)>, usize) {
    let mut inputs = Vec::new();
    let mut unreadable = 0;
    for path in &args.from {
        match check::read(path) {
            Ok(text) => inputs.push((
                Input {
                    file: path.display().to_string(),
                    text: Some(text),
                },
                None,
            )),
            Err(message) => {
                render::err(&render::problem(&message));
                render::err("\n");
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
                let diagnostics = match model::audit(offer, &text) {
                    Ok(audit) => {
                        let diagnostics = audit.diagnostics().to_vec();
                        all.merge(audit);
                        diagnostics
                    }
                    Err(diagnostics) => {
                        if diagnostics
                            .iter()
                            .any(|d| render::is_unreadable_json(d.rule()))
                        {
                            not_read += 1;
                        }
                        diagnostics
                    }
                };
                let found = check::locate_all(&text, diagnostics);
                shown.push((input.file, text, found));
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
                shown.push((input.file, String::new(), found));
            }
            (None, None) => {}
        }
    }
    (all, shown, not_read)
}

/// What the last line of the human output says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Headline {
    /// The audited delegations drifted (errors, or warnings under `--deny-warnings`).
    Drift,
    /// No drift among what was audited, but some input could not be read (or read as
    /// delegations): the audit is incomplete.
    Incomplete,
    /// Everything was read; no drift.
    Audited,
}

/// The end of the human output: the table of delegations, the totals, and where to read more.
fn ending(
    all: &Audit,
    totals: &lighthouse_offer::audit::Totals,
    shown: &[Shown],
    headline: Headline,
    missing: usize,
) -> String {
    let mut out = String::new();
    if totals.delegations > 0 {
        out.push_str(&all.table());
        out.push('\n');
    }
    let mut line = lighthouse_offer::audit::totals_line(totals);
    if missing > 0 {
        let _ = write!(
            line,
            "; {missing} input{} could not be read",
            if missing == 1 { "" } else { "s" }
        );
    }
    out.push_str(&match headline {
        Headline::Drift => render::problem(&format!("the audit found drift: {line}")),
        Headline::Incomplete => render::problem(&format!(
            "the audit is incomplete, some input could not be read: {line}"
        )),
        Headline::Audited => render::note(&format!("audited {line}")),
    });
    out.push('\n');
    let mut codes: Vec<&str> = shown
        .iter()
        .flat_map(|(_, _, found)| found.iter().map(|f| f.diagnostic.code()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if let Some(first) = codes.first() {
        out.push_str(&render::note(&format!(
            "for more about {}, try `lighthouse-offer explain {first}`",
            codes.join(", ")
        )));
        out.push('\n');
    }
    out
}

/// Shows the diagnostics of every input, as `check` does.
fn show_located(shown: &[Shown], format: Format) -> std::io::Result<()> {
    match format {
        Format::Json | Format::Sarif | Format::Github => {
            let findings: Vec<Finding<'_>> = shown
                .iter()
                .flat_map(|(file, text, found)| Finding::all_of(file, text, found))
                .collect();
            render::out(&formats::render(format, &findings))
        }
        Format::Human => {
            let mut out = String::new();
            for (file, text, found) in shown {
                let masked = render::shown_text(text, found);
                for f in found {
                    if text.is_empty() {
                        out.push_str(&without_snippet(file, &f.diagnostic));
                    } else {
                        out.push_str(&render::human(file, &masked, f));
                    }
                    out.push_str("\n\n");
                }
            }
            render::out(&out)
        }
    }
}

/// A diagnostic about an input that has no text to show (a subscription that could not be read).
fn without_snippet(file: &str, d: &Diagnostic) -> String {
    let level = match d.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    render::renderer().render(&[Group::with_title(
        level
            .primary_title(format!("{file}: {}", d.message()))
            .id(d.code()),
    )])
}

fn fail(message: &str) -> ExitCode {
    render::err(&render::problem(message));
    render::err("\n");
    ExitCode::from(2)
}

fn finish(written: std::io::Result<()>, status: ExitCode) -> ExitCode {
    match written {
        Ok(()) => status,
        Err(error) => fail(&format!("cannot write the output: {error}")),
    }
}

/// The subscriptions read live, each an input; or why the live audit cannot start.
#[cfg(feature = "live")]
fn live_inputs(args: &AuditArgs) -> Result<Vec<(Input, Option<Diagnostic>)>, String> {
    use lighthouse_offer::SubscriptionId;
    use lighthouse_offer::audit::live::{AccessToken, LiveOptions, check_endpoint, read_live};

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
    let reads = read_live(&options, token).map_err(|e| e.to_string())?;
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
    Ok(inputs)
}

#[cfg(not(feature = "live"))]
fn live_inputs(_: &AuditArgs) -> Result<Vec<(Input, Option<Diagnostic>)>, String> {
    Err(
        "this lighthouse-offer was built without the live audit: build it with \
         `--features cli,live`, or save the answers with `az managedservices assignment list \
         --include-definition true` and use --from"
            .to_owned(),
    )
}
