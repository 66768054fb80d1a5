//! The help texts of the command line: the examples under each command's `-h`, and the long
//! texts of `--help` (exit status, output formats). Only text: it uses nothing.

/// The one line under the program's name.
pub const ABOUT: &str = "Check Azure Lighthouse managed service offer documents";

/// Examples under `lighthouse-offer --help`.
pub const EXAMPLES: &str = "\
Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check offer.yaml
  lighthouse-offer init my-offer
  lighthouse-offer check --format json offers/*.json
  lighthouse-offer show offer.json
  lighthouse-offer diff published.json offer.json
  lighthouse-offer audit offer.json --from assignments.json
  lighthouse-offer check --edition 2026 offer.json
  lighthouse-offer migrate offer.json --to 2026 --out offer-2026.json
  lighthouse-offer explain LO0201
  lighthouse-offer schema --out lighthouse-offer.schema.json
  lighthouse-offer arm export offer.json --plan gold --out arm/";

/// Examples under `check -h`.
pub const CHECK_EXAMPLES: &str = "\
Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --edition 2026 offer.json
  lighthouse-offer check --deny-warnings --format json offers/*.json
  lighthouse-offer check infra/lighthouse.bicep gold.subscription.parameters.json
  lighthouse-offer check --kind arm onboarding.jsonc
  lighthouse-offer check infra/terraform --var-file prod.tfvars
  lighthouse-offer check plan.json

`check` reads what it is given: an offer document (JSON, or YAML), an ARM template or
parameters file (judged as `arm check` judges it, a parameters file with the template beside
it), a Bicep file (`.bicep` with the `.bicepparam` or `.parameters.json` beside it, or a
`.bicepparam` with the Bicep file its `using` names), a Terraform module (a folder of `.tf`
files, or one of them, with its `terraform.tfvars`, `*.auto.tfvars` and each `--var-file`),
or a Terraform plan (`terraform show -json PLANFILE > plan.json`, told by its content).
`--kind offer|arm|bicep|terraform` forces one.";

/// `check --help`'s long text: exit status, output formats.
pub const CHECK_LONG_HELP: &str = "\
Exit status:
  0  no document has an error (warnings are allowed, unless --deny-warnings)
  1  a document has an error, or a warning under --deny-warnings
  2  a file could not be read, is not UTF-8 or is not JSON (YAML for .yaml/.yml and
     --input-format yaml), is over 16 MiB or nested more than 127 deep, or the command
     line is wrong
     (this takes precedence over 1)

Output:
  Human output (the default) shows each diagnostic like rustc does, on standard output;
  colours only on a terminal, never when NO_COLOR is set. Problems that are not diagnostics
  (a file that cannot be read) go to standard error.

  --format json prints one JSON array on standard output, one object per diagnostic of every
  document, in the order of the files and, within a file, of the text. Each object has
  exactly these fields, in this order:
    file      the document's path as given on the command line (for ARM and Bicep files,
              the file the finding is in: a template, a .bicepparam, a Bicep module)
    severity  \"error\" or \"warning\" (and \"note\" for ARM files: a value known only at
              deployment, which never fails a check)
    code      the rule's stable code, such as \"LO0201\"
    name      the rule's stable name, such as \"owner-role\"
    path      a JSON Pointer (RFC 6901) to the value concerned, \"\" for the whole document
              (a syntax error is at \"\")
    line      1-based line where the underlined text starts
    column    1-based column where it starts, counted in characters (Unicode scalar
              values), not bytes
    message   what was found and what is expected
    help      what to do about it (the `= help:` line of the human output)
  Nothing else is written to standard output. Files that cannot be read do not appear in
  the array: they are reported on standard error, and the exit status is 2.

  --format sarif prints one SARIF 2.1.0 log for GitHub code scanning (upload it with
  github/codeql-action/upload-sarif) and other SARIF readers: the rules that fired with their
  explanation, and one result per diagnostic with its level, message (and on a second line,
  \"help: \" and what to do, as the human output's help says it), place (the file relative
  to the working directory; start and end line and column of the underlined text, columns in
  characters), its JSON Pointer as logical location, and a partial fingerprint
  \"lighthouseOffer/v1\" of the rule, the pointer and the file, which stays the same when other
  lines of the file change.

  --format github prints one GitHub Actions workflow command per diagnostic, which GitHub shows
  as an annotation on the line in the pull request:
    ::error file=offer.json,line=24,endLine=24,col=33,endColumn=70,title=LO0201 owner-role::...
  (::warning for a warning; col and endColumn only when the text is on one line; the message's
  second line, %0A escaped, is \"help: \" and what to do).

  Exit codes are the same in every format.

Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --deny-warnings --format json offers/*.json
  lighthouse-offer check --format sarif offers/*.json > lighthouse-offer.sarif
  lighthouse-offer check --format github offers/*.json
  lighthouse-offer check offer.json || lighthouse-offer explain LO0201";

/// Examples under `diff -h`.
pub const DIFF_EXAMPLES: &str = "\
Examples:
  lighthouse-offer diff published.json offer.json
  git show v1:offer.json > published.json && lighthouse-offer diff published.json offer.json";

/// `diff --help`'s long text: classes of changes, exit status.
pub const DIFF_LONG_HELP: &str = "\
Compares the published version of an offer document (OLD) with the next one (NEW) and shows
every change, each of one class:
  forbidden        Partner Center refuses the update (error, LO0800-LO0809)
  customer review  customers who use the plan see an update icon on their Service providers
                   page and review it (warning, LO0810-LO0829)
  listing only     what Marketplace shows; nothing for customers to review (warning,
                   LO0830-LO0849)
Plans are matched by plan ID, so a renamed plan is a removed plan (forbidden) and a new one.
Image files are not read: only the documents are compared.

Exit status:
  0  the update can be published (no forbidden change), or nothing changed
  1  a change is forbidden
  2  a file could not be read, a document is not a valid offer (its diagnostics are shown
     instead of changes), or the command line is wrong

--format json prints one JSON array with the fields of `check --format json`: file, severity,
code, name, path, line, column, message, help. `path` is a JSON Pointer into the new document, except
for something removed (a plan, an authorization, the hero image), which only the old document
has; `file` is the document the path points into. --format sarif and --format github print the
changes as `check` prints diagnostics (see `lighthouse-offer check --help`), each in the
document its path points into.

Examples:
  lighthouse-offer diff published.json offer.json
  git show v1:offer.json > published.json && lighthouse-offer diff published.json offer.json";

/// Examples under `schema --help`.
pub const SCHEMA_EXAMPLES: &str = "\
Examples:
  lighthouse-offer schema --out lighthouse-offer.schema.json
  lighthouse-offer schema --draft 07 > lighthouse-offer.draft-07.schema.json
  (then \"$schema\": \"lighthouse-offer.schema.json\" in an offer document beside it lets
  editors check it)";

/// Examples under `explain --help`.
pub const EXPLAIN_EXAMPLES: &str = "\
Examples:
  lighthouse-offer explain LO0201
  lighthouse-offer explain owner-role
  lighthouse-offer explain \"because of restricted actions\"
  lighthouse-offer explain --list";

/// Examples under `roles --help`.
pub const ROLES_EXAMPLES: &str = "\
Examples:
  lighthouse-offer roles contributor
  lighthouse-offer roles --supported
  lighthouse-offer roles 8e3af657";

/// Examples under `arm export --help`.
pub const ARM_EXPORT_EXAMPLES: &str = "\
Examples:
  lighthouse-offer arm export offer.json --plan gold --out arm/
  lighthouse-offer arm export offer.json --plan gold --scope resource-groups \\
      --resource-group rg-sentinel --resource-group rg-logs --out arm/
  lighthouse-offer arm export offer.json --plan gold --marketplace --out arm/
  lighthouse-offer arm export offer.json --plan gold --policy --out policy/
  lighthouse-offer arm export offer.json --all-plans --out arm/
  lighthouse-offer arm export offer.json --plan gold --format bicep --out bicep/
  lighthouse-offer arm export offer.json --plan gold --format terraform --out terraform/

The files are named by plan and scope (`gold.subscription.json`, `gold.subscription.parameters.json`;
`gold.subscription.bicep` and `.bicepparam`; `gold.subscription/main.tf`), so plans exported into
one folder never replace each other. A file that exists is refused, and
nothing is written, unless --force is given.";

/// Examples and notes under `arm check --help`.
pub const ARM_CHECK_EXAMPLES: &str = "\
Examples:
  lighthouse-offer arm check gold.subscription.parameters.json
  lighthouse-offer arm check --template onboarding.json customer-a.parameters.json
  lighthouse-offer arm check --format json templates/*.json

A parameters file is checked with its template, as Azure deploys them: the one given with
--template, or else the template beside it (`X.parameters.json`, `X.parameters-dev.json` with
`X.json`). Findings in the template are shown under the template's name. A template alone is
checked with its default values; values known only at deployment are notes, which never fail
the check. Comments (`//`, `/* */`) are read as Azure Resource Manager reads them. A Bicep
file (`.bicep`, any case) is judged as the template it compiles to, with the `X.bicepparam`
or else the `X.parameters.json` beside it; a `.bicepparam` file with the Bicep file its
`using` names. Findings are shown at their Bicep lines, in the file they are about.

Exit status and output as for `lighthouse-offer check` (see its --help).";

/// Examples under `audit -h`.
pub const AUDIT_EXAMPLES: &str = "\
Examples:
  az managedservices assignment list --include-definition true > customer-a.json
  lighthouse-offer audit offer.json --from customer-a.json customer-b.json
  az graph query -q \"$(lighthouse-offer audit --print-query)\" --first 1000 > fleet.json
  lighthouse-offer audit offer.json --from fleet.json
  lighthouse-offer audit offer.json --from fleet.json --format html > fleet.html
  lighthouse-offer audit offer.json --live
  lighthouse-offer audit offer.json --live --source rest --subscription 6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70
  lighthouse-offer audit offer.json --published --live";

/// `audit --help`'s long text: inputs, exit status, JSON output.
pub const AUDIT_LONG_HELP: &str = "\
Holds what is deployed in customers' subscriptions (Microsoft.ManagedServices registration
assignments and definitions, REST API 2022-10-01) against the offer document: each delegation is
matched to a plan (by its Marketplace plan block, or, onboarded by an ARM template, to the plan
of the same managing tenant with the most authorizations in common) and every difference is a
diagnostic (LO1000-LO1016, `lighthouse-offer explain --list`). A customer on an older plan
version has one warning (plan-version-behind) that lists how that version's access differs,
since only accepting the update changes it. Another provider's delegation (another tenant, no
plan or principal of the offer) is listed, not judged. Then one line per delegation and the
totals.

Inputs:
  --from FILE...  saved answers: a REST list ({\"value\": [...], \"nextLink\": ...}) of
                  registrationAssignments?$expandRegistrationDefinition=true, of
                  registrationDefinitions or of marketplaceRegistrationDefinitions, or the array
                  that `az managedservices assignment list --include-definition true` prints;
                  or an answer of Azure Resource Graph to the query of --print-query: what `az
                  graph query --first 1000` prints, the REST answer, or an array of saved
                  pages. An answer with a next page left or truncated is reported
                  (graph-answer-incomplete), never taken as complete
  --live          asks Azure itself (needs a build with the `live` feature): every subscription
                  the token can see, or those given with --subscription. With --source graph
                  (the default) through Azure Resource Graph, 300 subscriptions per query,
                  every page followed, its quota honoured; the subscriptions it does not cover
                  (an error, a truncated answer, a --subscription it does not return) are read
                  through the REST API, and a note says how many came each way. With --source
                  rest through the REST API alone. 8 requests at a time, throttling and server
                  errors tried again (at most 4 tries, Retry-After honoured), each request has a
                  30 s bound and the run 5 minutes. The token comes from AZURE_ACCESS_TOKEN, or
                  else from `az account get-access-token --resource ENDPOINT`; it is sent over
                  https, to the endpoint only, and never printed.
  --print-query   prints the Resource Graph query the audit uses, for `az graph query -q` or
                  the portal's Resource Graph Explorer
  --published     verifies published plans instead (with --from or --live; --plan ID for some
                  of them): what Azure holds for each plan's version after a Marketplace
                  publication (marketplaceRegistrationDefinitions filtered by
                  planIdentifier eq 'publisher.offer.plan.version', read from one customer
                  subscription) against the document, each difference a diagnostic
                  (LO1017-LO1022)

Exit status:
  0  no error (warnings are allowed, unless --deny-warnings)
  1  an error: drift that Azure or the offer must fix
  2  the offer document is not valid (its diagnostics are shown), an input could not be read
     or is not JSON or is an incomplete Resource Graph answer (graph-answer-incomplete), a
     subscription could not be read (subscription-unreadable), the live
     audit could not start, or the command line is wrong (this takes precedence over 1)

--format json prints one JSON array with the fields of `check --format json`: file, severity,
code, name, path, line, column, message. `file` is the input as given, or for --live
`subscriptions/ID`, the subscription the diagnostic is about; `path` points into that input (for
--live: into the subscription's answers, every page joined into one `value` list, as --save
writes them). The summary is not part of the JSON output.";

/// Examples under `init --help`.
pub const INIT_EXAMPLES: &str = "\
Examples:
  lighthouse-offer init my-offer
  lighthouse-offer init my-offer --yaml
  lighthouse-offer init --edition 2020";

/// Examples under `show --help`.
pub const SHOW_EXAMPLES: &str = "\
Examples:
  lighthouse-offer show offer.json
  lighthouse-offer show offer.yaml";

/// Examples under `preview --help`.
pub const PREVIEW_EXAMPLES: &str = "\
Examples:
  lighthouse-offer preview offer.json                  # writes offer.preview.html beside it
  lighthouse-offer preview offer.json --out listing.html --force
  lighthouse-offer preview offer.yaml --out -          # the page on standard output";

/// Examples under `migrate -h`.
pub const MIGRATE_EXAMPLES: &str = "\
Examples:
  lighthouse-offer migrate offer.json --to 2026 > offer-2026.json
  lighthouse-offer migrate offer.json --to 2026 --out offer-2026.json
  lighthouse-offer migrate offer.yaml --to 2026 --out offer.yaml --force";

/// `migrate --help`'s long text: what it does, output, exit status.
pub const MIGRATE_LONG_HELP: &str = "\
What it does:
  Reads FILE and checks it in its own edition (its `edition` field, 2020 when it has none);
  a document with errors there is not migrated. Then it lists, on standard error, what the
  document needs for the edition given with --to: each change as `check` shows a diagnostic,
  at its place in FILE, image files included (read relative to FILE's folder). It rewrites
  what can be rewritten without losing anything (the `edition` field; acknowledgements of
  warnings the new edition does not have) and writes the rewritten document to standard
  output, or to --out. Nothing is left out of it: an image the new edition does not allow
  (a wide logo or a hero image in 2026) stays in the rewritten document, reported as an
  error, until you remove it.

Output:
  The document is written in FILE's format (JSON or YAML), or in the one --out's extension
  names (.json; .yaml or .yml). --out never replaces FILE itself unless --force is given.
  YAML comments are not kept: the rewritten document is written from the values read, and
  a warning says so when FILE has comments. Image paths stay as they are, relative to the
  document's folder: a warning says when they are not found from --out's folder (write
  --out in FILE's folder, or copy the images beside it).

Exit status:
  0  the rewritten document passes the new edition's checks
  1  it was written, but needs the changes listed (errors); or FILE has errors in its own
     edition and nothing was written
  2  FILE could not be read, is not UTF-8 or not JSON, the output could not be written,
     or the command line is wrong

Examples:
  lighthouse-offer migrate offer.json --to 2026 > offer-2026.json
  lighthouse-offer migrate offer.json --to 2026 --out offer-2026.json
  lighthouse-offer migrate offer.yaml --to 2026 --out offer.yaml --force";

/// Text under `lsp --help`.
pub const LSP_HELP: &str = "\
Editors start it and speak the Language Server Protocol with it over standard input and
output: diagnostics of offer documents (JSON, and YAML for .yaml/.yml) while typing, hover and
completion of roleDefinitionId, quick fixes. docs/guide/editor.md shows the setup of VS Code,
Neovim and Helix.";
