//! # Bicep files, judged as the ARM templates they compile to
//!
//! Providers often write a delegation in Bicep rather than ARM JSON. [`check`] reads a `.bicep`
//! file (with its `.bicepparam` or JSON parameters file, its local modules and imports) without
//! Bicep's compiler: it **lowers** the file to the ARM template Bicep would write, and the ARM
//! reader ([`arm::check_with_template`]) judges that template
//! by the resource provider's rules, with the one expression evaluator of ARM files. So a
//! delegation written in Bicep gets the findings the same delegation gets in ARM JSON, and each
//! finding is placed back in the Bicep file, at the line where its value is written: a
//! parameter's default, the `.bicepparam` value, a variable, an item of a loop's collection.
//!
//! ## What is read
//!
//! The subset of Bicep that delegations use (Azure/bicep `docs/grammar.md`, v0.46.1):
//!
//! | Bicep | lowered to |
//! |---|---|
//! | `targetScope = 'subscription'` | the subscription deployment schema |
//! | `param x T = default`, decorators (`@secure()`, `@allowed`, `@description`…) | `parameters.x` with `defaultValue` |
//! | `var y = …` | `variables.y` |
//! | `resource s 'T@v' = { name, properties, plan }` (`existing`, `dependsOn`, `scope` read) | `resources.s` (symbolic names, `languageVersion` 2.0) |
//! | `module m './file.bicep' = { name, scope: resourceGroup(…), params: {…} }` | a nested `Microsoft.Resources/deployments`, inner scope |
//! | `if (c) {…}` on a resource or module | `condition` |
//! | `[for x in c: …]`, `[for (x, i) in c: …]` | `copy` loops |
//! | `'a${b}c'`, `'''…'''` | `format('a{0}c', b)`, a literal |
//! | `c ? a : b`, `a ?? b`, `!`, `&&`, `\|\|`, `==`, `=~`, `+`… | `if`, `coalesce`, `not`, `and`, `or`, `equals`, `add`… |
//! | `...spread` in objects and arrays | `union`, `concat` |
//! | `s.id`, `s.name` of a resource | `subscriptionResourceId('T', name)`, the name |
//! | `import {a, b as c} from './x.bicep'`, `import * as ns from …` (`@export()`) | variables of their own |
//! | `type t = …` | read, not enforced |
//! | `loadJsonContent('x.json')`, `loadTextContent('x.txt')` (a file beside, read as Bicep reads it when it builds) | the file's value |
//! | `.bicepparam`: `using`, `param x = …`, `var` | the parameters' values |
//!
//! A value given by a `.bicepparam` file is lowered into the template as the parameter's value
//! (in place of its default), so that its expressions are evaluated like any other; a JSON
//! parameters file is read as ARM reads it.
//!
//! ## What is Bicep's own
//!
//! What Bicep's compiler refuses is reported at its line, with rules of their own
//! ([`Rule::BicepSyntax`], [`Rule::UndefinedSymbol`]
//! (BCP057), [`Rule::UndeclaredParameter`] (BCP259),
//! [`Rule::BicepFileNotFound`]); so is a registration definition in a
//! file without `targetScope = 'subscription'` ([`Rule::MissingTargetScope`]),
//! which Bicep accepts and the resource provider refuses. An API version the provider does not
//! have is ARM's `unknown-api-version`, at the resource's type. A construct outside the subset (a
//! lambda, a user function, a registry module…) is a note,
//! [`Rule::BicepConstructUnsupported`]: its value is
//! unknown, never a false error, never a panic.
//!
//! ```
//! use lighthouse_offer::bicep::{self, BicepSources};
//!
//! let main = "targetScope = 'subscription'
//!
//! param tenant string = '0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10'
//! var name = 'Contoso SOC'
//!
//! resource definition 'Microsoft.ManagedServices/registrationDefinitions@2022-10-01' = {
//!   name: guid(name)
//!   properties: {
//!     registrationDefinitionName: name
//!     description: '24x7 monitoring by ${name}'
//!     managedByTenantId: tenant
//!     authorizations: [
//!       {
//!         principalId: '5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e'
//!         principalIdDisplayName: 'SOC'
//!         roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' // Owner
//!       }
//!     ]
//!   }
//! }
//!
//! resource assignment 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' = {
//!   name: guid(name)
//!   properties: { registrationDefinitionId: definition.id }
//! }
//! ";
//! let checked = bicep::check(&BicepSources::new("main.bicep", main));
//! let found: Vec<_> = checked.diagnostics().iter().map(|d| (d.diagnostic().name(), d.line())).collect();
//! assert_eq!(found, [("missing-delete-role", Some(12)), ("owner-role", Some(16))]);
//! let owner = &checked.diagnostics()[1];
//! assert_eq!(
//!     owner.to_string(),
//!     "main.bicep:16:27: error[LO0201] role \"Owner\" (8e3af657-a8ff-443c-a75c-2fe8c4bcb635) cannot be delegated with Azure Lighthouse; expected a less privileged built-in role, such as Contributor"
//! );
//! assert!(checked.has_errors() && checked.delegation().is_none());
//! ```

mod lower;
mod syntax;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::arm::{self, ArmDelegation, ArmFile};
pub use crate::report::diagnostic::{FileDiagnostic, Place};
use crate::{Diagnostic, JsonPointer, Rule, Severity};

use lower::{Loaded, Lowering};

/// The files of a Bicep check: the main `.bicep` file, optionally its parameters (a
/// `.bicepparam` file or a JSON parameters file), and the files its modules and imports name,
/// given beforehand ([`BicepSources::with_file`]) or read on demand by a reader
/// ([`BicepSources::with_reader`]). Paths are compared after normalisation (`/` separators,
/// `.` and `..` resolved); a module's path is taken relative to the file that names it.
pub struct BicepSources<'r> {
    path: String,
    text: String,
    parameters: Option<(String, String)>,
    files: BTreeMap<String, String>,
    reader: Option<Box<lower::Reader<'r>>>,
}

impl fmt::Debug for BicepSources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BicepSources")
            .field("path", &self.path)
            .field("parameters", &self.parameters.as_ref().map(|(p, _)| p))
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .field("reader", &self.reader.is_some())
            .finish_non_exhaustive()
    }
}

impl<'r> BicepSources<'r> {
    /// The main file: its path (as it is shown in findings) and its text.
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        BicepSources {
            path: lower::normalise(&path.into()),
            text: text.into(),
            parameters: None,
            files: BTreeMap::new(),
            reader: None,
        }
    }

    /// The parameters: a `.bicepparam` file (`using …` and `param x = …`), or an ARM JSON
    /// parameters file (told apart by the text: JSON starts with `{`).
    #[must_use]
    pub fn with_parameters(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.parameters = Some((lower::normalise(&path.into()), text.into()));
        self
    }

    /// A file a module or an import names, at its path (relative paths are taken from the
    /// directory of the main file's path, as written).
    #[must_use]
    pub fn with_file(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.files
            .insert(lower::normalise(&path.into()), text.into());
        self
    }

    /// A reader of the other files, by normalised path (called only for files not given with
    /// [`BicepSources::with_file`]); `None` when a file cannot be read. This is the only way the
    /// check reads anything: `|path| std::fs::read_to_string(path).ok()` reads the file system.
    #[must_use]
    pub fn with_reader(self, reader: impl Fn(&str) -> Option<String> + 'r) -> BicepSources<'r> {
        BicepSources {
            reader: Some(Box::new(reader)),
            ..self
        }
    }
}

/// A finding of a Bicep check, in the file it is about. In a Bicep or `.bicepparam` file it
/// has a [`Place`], and its [`Diagnostic::path`] is the JSON Pointer of the value in the
/// lowered template ([`BicepCheck::template`]); in a JSON parameters file it has none, and its
/// path is a JSON Pointer into that file, as for `arm check`.
pub type BicepDiagnostic = FileDiagnostic;

/// What checking a Bicep file found: the delegation (when every value is known and no error was
/// found), every finding in the file it is about, and the ARM template the file was lowered to.
#[derive(Clone, Debug)]
pub struct BicepCheck {
    delegation: Option<ArmDelegation>,
    diagnostics: Vec<BicepDiagnostic>,
    template: Value,
    /// Every file read (path, text): the main file first.
    files: Vec<(String, String)>,
}

impl BicepCheck {
    /// The delegation, when the files deploy one whose values are all known, and no error was
    /// found.
    #[must_use]
    pub fn delegation(&self) -> Option<&ArmDelegation> {
        self.delegation.as_ref()
    }

    /// The findings, by file (the main file first) and place.
    #[must_use]
    pub fn diagnostics(&self) -> &[BicepDiagnostic] {
        &self.diagnostics
    }

    /// Whether a finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.diagnostic.severity() == Severity::Error)
    }

    /// The files read, by path, the main file first (then its parameters, modules and
    /// imports, as met): what a tool needs to show each finding in its text.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// The text of a file read, by its path as [`BicepDiagnostic::file`] gives it.
    #[must_use]
    pub fn source(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }

    /// The ARM template the Bicep file was lowered to (the `.bicepparam` values in it), as the
    /// ARM reader judged it.
    #[must_use]
    pub fn template(&self) -> &Value {
        &self.template
    }
}

/// The Bicep file a `.bicepparam` file is for: the path of its `using` declaration, taken
/// relative to the parameters file's own path (`None` for `using none`, a registry reference,
/// or no `using`). For a tool given only the parameters file.
///
/// ```
/// use lighthouse_offer::bicep;
///
/// let text = "using './main.bicep'\nparam tenant = '0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10'\n";
/// assert_eq!(bicep::using_path("infra/prod.bicepparam", text).as_deref(), Some("infra/main.bicep"));
/// assert_eq!(bicep::using_path("p.bicepparam", "using none\n"), None);
/// ```
#[must_use]
pub fn using_path(path: &str, text: &str) -> Option<String> {
    let parsed = syntax::parse(text);
    parsed.statements.iter().find_map(|s| match s {
        syntax::Stmt::Using {
            path: Some(using), ..
        } if !lower::is_registry(using) => Some(lower::resolve(&lower::normalise(path), using)),
        _ => None,
    })
}

/// Whether a parameters text is JSON (an ARM parameters file) rather than a `.bicepparam` file.
fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Checks a Bicep file by the resource provider's rules: lowered to an ARM template, judged by
/// the ARM reader, and every finding placed back where its value is written. See the
/// [module documentation](self). Roles are judged by the bundled catalog; [`check_with`]
/// takes another.
#[must_use]
pub fn check(sources: &BicepSources<'_>) -> BicepCheck {
    check_with(sources, &arm::CheckOptions::new())
}

/// [`check`], with the ARM reader's options: the role catalog to judge roles with (a newer
/// one read from Azure, [`RoleCatalog`](crate::roles::RoleCatalog)), as for ARM files.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn check_with(sources: &BicepSources<'_>, options: &arm::CheckOptions) -> BicepCheck {
    let limit = crate::Offer::MAX_DOCUMENT_BYTES;
    let too_large = |path: &str| BicepDiagnostic {
        diagnostic: Diagnostic::new(
            Rule::DocumentTooLarge,
            JsonPointer::root(),
            format!("the file is larger than {limit} bytes, more than the checker reads"),
        ),
        file: path.to_owned(),
        place: None,
    };
    if sources.text.len() > limit {
        return BicepCheck {
            delegation: None,
            diagnostics: vec![too_large(&sources.path)],
            template: Value::Null,
            files: Vec::new(),
        };
    }
    if let Some((path, text)) = &sources.parameters
        && text.len() > limit
    {
        return BicepCheck {
            delegation: None,
            diagnostics: vec![too_large(path)],
            template: Value::Null,
            files: Vec::new(),
        };
    }
    let mut files = vec![Loaded {
        path: sources.path.clone(),
        text: sources.text.clone(),
        parsed: std::rc::Rc::new(syntax::parse(&sources.text)),
    }];
    let mut json_parameters = None;
    let mut bicepparam = None;
    if let Some((path, text)) = &sources.parameters {
        if is_json(text) {
            json_parameters = Some((path.clone(), text.clone()));
        } else {
            files.push(Loaded {
                path: path.clone(),
                text: text.clone(),
                parsed: std::rc::Rc::new(syntax::parse(text)),
            });
            bicepparam = Some(1);
        }
    }
    let read = |path: &str| -> Option<String> {
        if let Some(text) = sources.files.get(path) {
            return Some(text.clone());
        }
        sources.reader.as_ref().and_then(|r| r(path))
    };
    let mut lowering = Lowering::run(files, bicepparam, &read);
    let template_text = serde_json::to_string(&lowering.template).unwrap_or_default();
    let parameters_text = json_parameters
        .as_ref()
        .map_or("{ \"parameters\": {} }", |(_, t)| t.as_str());
    let checked = options.check_with_template(parameters_text, &template_text);

    let mut out: Vec<(usize, BicepDiagnostic)> = Vec::new();
    let place_of = |lowering: &Lowering<'_>, file: usize, span: syntax::Span| {
        let text = &lowering.files[file].text;
        let (line, column) = syntax::line_column(text, span.start);
        Place {
            start: span.start.min(text.len()),
            end: span.end.min(text.len()),
            line,
            column,
        }
    };
    for found in &lowering.found {
        let pointer = JsonPointer::root();
        out.push((
            found.file,
            BicepDiagnostic {
                diagnostic: Diagnostic::new(found.rule, pointer, found.message.clone()),
                file: lowering.files[found.file].path.clone(),
                place: Some(place_of(&lowering, found.file, found.span)),
            },
        ));
    }
    let bicep_errors = lowering
        .found
        .iter()
        .any(|f| f.rule.severity() == Severity::Error);
    for d in checked.diagnostics(ArmFile::Template) {
        if d.rule() == Rule::UnsupportedExpression
            && d.message()
                .to_ascii_lowercase()
                .contains(&format!("`{}`", lower::MARKER.to_ascii_lowercase()))
        {
            continue;
        }
        if d.rule() == Rule::DefinitionAtResourceGroupScope
            && lowering
                .misplaced
                .iter()
                .any(|name| d.path() == &JsonPointer::root().key("resources").key(name))
        {
            continue;
        }
        // A parameter the `.bicepparam` leaves without value is Bicep's error, at `using`.
        if d.rule() == Rule::ParameterWithoutValue
            && lowering
                .missing_values
                .iter()
                .any(|name| d.path() == &JsonPointer::root().key("parameters").key(name))
        {
            continue;
        }
        if lowering.incomplete
            && matches!(
                d.rule(),
                Rule::NotADelegation | Rule::UnsupportedTemplate | Rule::UnassignedDefinition
            )
        {
            continue;
        }
        let d = reworded(d);
        let (file, place) = match lowering.locate(d.path()) {
            Some((file, span)) => (file, Some(place_of(&lowering, file, span))),
            None => (0, Some(place_of(&lowering, 0, syntax::Span::default()))),
        };
        out.push((
            file,
            BicepDiagnostic {
                diagnostic: d,
                file: lowering.files[file].path.clone(),
                place,
            },
        ));
    }
    if let Some((path, _)) = &json_parameters {
        for d in checked.diagnostics(ArmFile::Parameters) {
            out.push((
                usize::MAX,
                BicepDiagnostic {
                    diagnostic: d.clone(),
                    file: path.clone(),
                    place: None,
                },
            ));
        }
    }
    out.sort_by(|(fa, a), (fb, b)| {
        fa.cmp(fb)
            .then(a.place.map(|p| p.start).cmp(&b.place.map(|p| p.start)))
            .then(a.diagnostic.path().cmp(b.diagnostic.path()))
            .then(a.diagnostic.rule().cmp(&b.diagnostic.rule()))
    });
    let mut diagnostics: Vec<BicepDiagnostic> = out.into_iter().map(|(_, d)| d).collect();
    diagnostics.dedup();
    if lowering.too_many > 0 {
        diagnostics.push(BicepDiagnostic {
            diagnostic: Diagnostic::new(
                Rule::TooManyProblems,
                JsonPointer::root(),
                format!(
                    "{} more findings of the Bicep reader are not listed",
                    lowering.too_many
                ),
            ),
            file: lowering.files[0].path.clone(),
            place: None,
        });
    }
    // A value outside the subset that the delegation uses is unknown to the ARM reader too,
    // which then gives no delegation; a module or import not read may hold more of it.
    let delegation = checked
        .delegation()
        .filter(|_| !bicep_errors && !lowering.incomplete)
        .cloned();
    let mut files: Vec<(String, String)> = lowering
        .files
        .into_iter()
        .map(|f| (f.path, f.text))
        .collect();
    if let Some(json) = json_parameters {
        files.insert(1.min(files.len()), json);
    }
    BicepCheck {
        delegation,
        diagnostics,
        template: lowering.template,
        files,
    }
}

/// An ARM finding in the words of a Bicep file, where ARM's words name ARM's files.
fn reworded(d: &Diagnostic) -> Diagnostic {
    let message = d.message().replace(
        "no parameters file gives one, so this value is supplied at deployment and checked when given; check the parameters file with its template (`--template`)",
        "no `.bicepparam` or parameters file gives one, so this value is supplied at deployment and checked when given; check the Bicep file with its parameters",
    );
    if message == d.message() {
        return d.clone();
    }
    let own_help = (d.help() != d.rule().fix()).then(|| d.help().to_owned());
    let mut out = Diagnostic::new(d.rule(), d.path().clone(), message);
    if let Some(help) = own_help {
        out = out.with_help(help);
    }
    out
}
