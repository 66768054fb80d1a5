//! # Terraform modules and plans, judged as the ARM templates the provider receives
//!
//! Many providers onboard customers with Terraform: `azurerm_lighthouse_definition` and
//! `azurerm_lighthouse_assignment` of the azurerm provider, or `azapi_resource` with the ARM
//! body of `Microsoft.ManagedServices/registrationDefinitions`. [`check`] reads the `.tf` files of
//! a root module (with its `terraform.tfvars`, `*.auto.tfvars` and `--var-file`s, its local
//! modules and the files it reads with `file()`), evaluates them as Terraform does before
//! `plan`, and judges each registration definition by the resource provider's rules, the same
//! rules ARM and Bicep files get. [`check_plan`] reads the output of `terraform show -json`
//! instead, where every value Terraform knows is exact.
//!
//! ## How the verdicts are reached
//!
//! Terraform's language is not ARM's: the module is evaluated by this module's own evaluator of
//! HCL expressions (Terraform's semantics: variable values, locals, `for`, `for_each`, dynamic
//! blocks, Terraform's functions). What it produces is what the provider sends to Azure: the
//! azurerm provider maps its arguments one to one onto the ARM resource (`managing_tenant_id` →
//! `managedByTenantId`, an `authorization` block → an item of `authorizations`, a missing
//! `maximum_activation_duration` → `PT8H`…), and azapi's `body` is that resource already. So the
//! reader **lowers** each definition to the ARM template of its values — every value a literal,
//! every value unknown before apply a marker — and hands it to [`arm::CheckOptions`], as
//! [`bicep`](crate::bicep) does. That reuses the most: the ARM reader already turns a template
//! into the one record of [`delegation`](crate::delegation), judges it by the role rules, and
//! knows placeholders, all-zero GUIDs, API versions and a definition without assignment; not
//! one rule is written twice. Each finding comes back through a map from the template's JSON
//! Pointers to the place its value is written in the Terraform files: the `.tfvars` line, the
//! variable's default, the local, the item of a `for_each` map.
//!
//! ## What is read
//!
//! | Terraform | read as |
//! |---|---|
//! | `variable "x" { default = …, type = … }` | its value: the last `--var-file`, else `*.auto.tfvars` (by name), else `terraform.tfvars`, else the default; `optional(T, default)` of object types filled |
//! | `locals { … }` | evaluated when used, in any order |
//! | `for` expressions, splats `[*]`, conditionals, templates `"${…}"`, `%{if}`, `%{for}`, heredocs | as Terraform evaluates them |
//! | `count`, `for_each` on resources and module calls | one instance per index or key (`count.index`, `each.key`, `each.value`) |
//! | `dynamic "authorization"`, `"eligible_authorization"`, `"just_in_time_access_policy"`, `"approver"` (`iterator`, nested) | one block per item |
//! | `module "m" { source = "./dir", … }` | the folder's module with the arguments; `module.m.output` |
//! | `data "azurerm_role_definition" "r" { name = "Reader" }` | the built-in role of the catalog (`.role_definition_id`, `.id`, `.name`) |
//! | `concat`, `merge`, `lookup`, `coalesce`, `try`, `can`, `replace` (also `/regex/`), `format`, `lower`, `upper`, `jsondecode(file(…))` (each value placed at its bytes in the JSON file), `tolist`, `toset`, `tomap`, `length`, `keys`, `values`, `flatten`, `distinct`, `contains`, `join`, `split`, `trimspace`, `element`, `zipmap`, `one`, `uuidv5`… | Terraform's functions |
//! | `azurerm_lighthouse_definition` | a registration definition (arguments mapped to ARM's names, the provider's defaults applied) |
//! | `azurerm_lighthouse_assignment` | its assignment (linked by `lighthouse_definition_id = azurerm_lighthouse_definition.x.id`); a `scope` with `/resourceGroups/NAME` assigns a resource group |
//! | `azapi_resource` of type `Microsoft.ManagedServices/registrationDefinitions@…` / `registrationAssignments@…` | the `body` as it is (an HCL object or `jsonencode(…)`) |
//! | `terraform show -json` ([`check_plan`]) | `resource_changes[].change.after` (else `planned_values`), `after_unknown` values unknown; a finding's message names its resource's address and what the `configuration` writes for its argument (a reference such as `var.x`, or a constant) |
//!
//! **Unknown, never wrong.** A value Terraform knows only at apply (a resource's `id`, a data
//! source other than a built-in role, a variable without default nor value, a module from a
//! registry, `uuid()`, a function the checker does not evaluate) is unknown: a note
//! ([`Rule::TerraformValueUnknown`]) says why, and what depends on it is not judged.
//!
//! **Terraform's own errors** have rules of their own: [`Rule::TerraformSyntax`],
//! [`Rule::UndeclaredVariable`] (a `var.x` without `variable "x"`),
//! [`Rule::UndeclaredVariableValue`] (a `.tfvars` value for no variable, a warning as
//! Terraform's), [`Rule::TerraformInvalidExpression`], [`Rule::UndeclaredReference`],
//! [`Rule::TerraformModuleNotFound`], [`Rule::TerraformMissingArgument`],
//! [`Rule::TerraformProviderValidation`] and [`Rule::TerraformPlanUnreadable`]. A `.tf.json` file
//! of a module (Terraform's JSON syntax) is not read: a note names it,
//! [`Rule::TerraformJsonNotRead`], and a name it may declare is unknown rather than undeclared.
//!
//! ```
//! use lighthouse_offer::terraform::{self, TerraformSources};
//!
//! let main = r#"
//! variable "tenant" { default = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10" }
//!
//! resource "azurerm_lighthouse_definition" "soc" {
//!   name               = "Contoso SOC"
//!   description        = "24x7 monitoring"
//!   managing_tenant_id = var.tenant
//!   scope              = "/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"
//!
//!   authorization {
//!     principal_id           = "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e"
//!     principal_display_name = "SOC"
//!     role_definition_id     = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" # Owner
//!   }
//! }
//!
//! resource "azurerm_lighthouse_assignment" "soc" {
//!   scope                    = "/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"
//!   lighthouse_definition_id = azurerm_lighthouse_definition.soc.id
//! }
//! "#;
//! let checked = terraform::check(&TerraformSources::new().with_file("main.tf", main));
//! let found: Vec<_> = checked.diagnostics().iter().map(|d| (d.diagnostic().name(), d.line())).collect();
//! assert_eq!(found, [("missing-delete-role", Some(4)), ("owner-role", Some(13))]);
//! assert!(checked.has_errors() && checked.delegations().is_empty());
//! ```

mod eval;
mod functions;
mod lower;
mod module;
mod plan;
mod value;

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use serde_json::Value;

use crate::arm::{self, ArmDelegation, ArmFile};
pub use crate::report::diagnostic::{FileDiagnostic, Place};
use crate::roles::RoleCatalog;
use crate::{Diagnostic, JsonPointer, Rule, Severity};

use eval::Ev;
use lower::{Deployed, Lowered};
use module::{Ctx, Module, Tree};
use value::{At, Kind, V};

/// The files of a Terraform check: the root module's `.tf` files, its variable files, and a
/// reader of the other files (local modules, `file()`), the role catalog that judges roles.
pub struct TerraformSources<'r> {
    files: Vec<(String, String)>,
    var_files: Vec<(String, String)>,
    reader: Option<Box<module::Reader<'r>>>,
    catalog: RoleCatalog,
}

impl fmt::Debug for TerraformSources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TerraformSources")
            .field(
                "files",
                &self.files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            )
            .field(
                "var_files",
                &self.var_files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            )
            .field("reader", &self.reader.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for TerraformSources<'_> {
    fn default() -> Self {
        TerraformSources::new()
    }
}

impl<'r> TerraformSources<'r> {
    /// No files yet; roles judged with the bundled catalog.
    #[must_use]
    pub fn new() -> Self {
        TerraformSources {
            files: Vec::new(),
            var_files: Vec::new(),
            reader: None,
            catalog: RoleCatalog::default(),
        }
    }

    /// A `.tf` file of the root module, at its path (as findings show it). The root module's
    /// folder is the first file's. A file in another folder is there for a module call or a
    /// `file()` that names it. A `.tf.json` file (Terraform's JSON syntax) is not read: it is
    /// named by a note, [`Rule::TerraformJsonNotRead`].
    #[must_use]
    pub fn with_file(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.files.push((normalise(&path.into()), text.into()));
        self
    }

    /// A variable file (`.tfvars`, or `.tfvars.json`), in Terraform's order: `terraform.tfvars`,
    /// `terraform.tfvars.json`, then `*.auto.tfvars` by name, then each `--var-file`; a later
    /// file's value wins.
    #[must_use]
    pub fn with_var_file(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.var_files.push((normalise(&path.into()), text.into()));
        self
    }

    /// A reader of other files by path: a local module's `.tf` files and what `file()` reads.
    /// Called with a folder's path followed by `/`, it gives the names of the folder's files,
    /// one a line (`None` when there is no such folder). This is the only way the check reads
    /// anything.
    ///
    /// ```
    /// use lighthouse_offer::terraform::TerraformSources;
    ///
    /// let sources = TerraformSources::new().with_reader(|path| {
    ///     match path.strip_suffix('/') {
    ///         Some(dir) => std::fs::read_dir(dir).ok().map(|entries| {
    ///             entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect::<Vec<_>>().join("\n")
    ///         }),
    ///         None => std::fs::read_to_string(path).ok(),
    ///     }
    /// });
    /// # let _ = sources;
    /// ```
    #[must_use]
    pub fn with_reader(self, reader: impl Fn(&str) -> Option<String> + 'r) -> TerraformSources<'r> {
        TerraformSources {
            reader: Some(Box::new(reader)),
            ..self
        }
    }

    /// Judges roles with `catalog` (as `--role-catalog` does).
    #[must_use]
    pub fn with_role_catalog(mut self, catalog: RoleCatalog) -> Self {
        self.catalog = catalog;
        self
    }
}

/// A finding of a Terraform check, in the file it is about. In a `.tf` or `.tfvars` file it
/// has a [`Place`]; in a plan (JSON) it has none, and its [`Diagnostic::path`] is the JSON
/// Pointer of the value in the plan file.
pub type TerraformDiagnostic = FileDiagnostic;

/// What checking a Terraform module or plan found: each delegation (a registration definition
/// whose values are all known and break no rule), every finding in the file it is about, the
/// files read.
#[derive(Clone, Debug)]
pub struct TerraformCheck {
    delegations: Vec<ArmDelegation>,
    diagnostics: Vec<TerraformDiagnostic>,
    files: Vec<(String, String)>,
    templates: Vec<Value>,
}

impl TerraformCheck {
    /// The delegations: one per registration definition that is wholly known and has no error,
    /// in the order of the files.
    #[must_use]
    pub fn delegations(&self) -> &[ArmDelegation] {
        &self.delegations
    }

    /// The findings, by file (in the order read) and place.
    #[must_use]
    pub fn diagnostics(&self) -> &[TerraformDiagnostic] {
        &self.diagnostics
    }

    /// Whether a finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.diagnostic.severity() == Severity::Error)
    }

    /// The files read (path, text): the root module's first, then variable files, modules and
    /// files read by `file()`, as met.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// The text of a file read, by its path as [`TerraformDiagnostic::file`] gives it.
    #[must_use]
    pub fn source(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }

    /// The ARM templates the definitions were lowered to, one per definition, as the ARM reader
    /// judged them (unknown values are `[terraformUnknown()]`).
    #[must_use]
    pub fn templates(&self) -> &[Value] {
        &self.templates
    }
}

/// A path with `/` separators, `.` and `..` resolved where they can be.
pub(crate) fn normalise(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `rel` taken from the folder `dir`.
pub(crate) fn join(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') || dir == "." || dir.is_empty() {
        normalise(rel)
    } else {
        normalise(&format!("{dir}/{rel}"))
    }
}

fn dir_of(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".to_owned(),
        Some(i) => path[..i].to_owned(),
        None => ".".to_owned(),
    }
}

/// Reads the module in folder `dir`: the files already given in it, else the reader's listing.
pub(crate) fn read_module(cx: &mut Ctx<'_>, dir: &str) -> Option<Rc<Module>> {
    if let Some(m) = cx.modules.get(dir) {
        return Some(Rc::clone(m));
    }
    let mut files: Vec<usize> = cx
        .files
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| dir_of(p) == dir && is_tf(p))
        .map(|(i, _)| i)
        .collect();
    if files.is_empty() {
        let listing = (cx.read)(&format!("{dir}/"))?;
        let mut names: Vec<&str> = listing.lines().filter(|n| is_tf(n)).collect();
        names.sort_unstable();
        for name in names {
            if let Some(i) = cx.load(&join(dir, name)) {
                files.push(i);
            }
        }
        // Read to be named (`terraform-json-not-read`), not evaluated.
        let mut json: Vec<&str> = listing.lines().filter(|n| is_tf_json(n)).collect();
        json.sort_unstable();
        for name in json {
            cx.load(&join(dir, name));
        }
    }
    if files.is_empty() {
        return None;
    }
    let module = Rc::new(Module::read(cx, dir, &files));
    cx.modules.insert(dir.to_owned(), Rc::clone(&module));
    Some(module)
}

fn is_tf(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".tf")
}

/// A file of Terraform's JSON configuration syntax, which the checker names but does not read.
fn is_tf_json(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".tf.json")
}

/// The variable values of the root module's variable files, with their findings.
fn var_values(
    cx: &mut Ctx<'_>,
    tree: &mut Tree,
    module: &Module,
    var_files: &[(String, String)],
) -> BTreeMap<String, V> {
    let mut given: BTreeMap<String, V> = BTreeMap::new();
    for (path, text) in var_files {
        cx.files.push((path.clone(), text.clone()));
        let file = cx.files.len() - 1;
        let mut entries: Vec<(String, Option<At>, Result<V, module::Fault>)> = Vec::new();
        if path.to_ascii_lowercase().ends_with(".json") {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => {
                    for (k, v) in map {
                        let at = text.find(&format!("\"{k}\"")).map(|start| At {
                            file,
                            start,
                            end: start + k.len() + 2,
                        });
                        entries.push((k, at, Ok(V::from_json(&v, at))));
                    }
                }
                _ => cx.note(
                    Rule::TerraformSyntax,
                    "a `.tfvars.json` file must be a JSON object of variable values",
                    Some(At {
                        file,
                        start: 0,
                        end: text.len().min(1),
                    }),
                ),
            }
        } else if let Some(body) = module::parse(cx, file) {
            let mut ev = Ev { tree, cx };
            for attr in body.attributes() {
                let at = Ctx::at_of(file, &attr.key);
                let v = ev.eval(0, &mut Vec::new(), file, &attr.value);
                entries.push((attr.key.as_str().to_owned(), at, v));
            }
        }
        for (name, at, v) in entries {
            if !module.variables.contains_key(&name) {
                cx.note(
                    Rule::UndeclaredVariableValue,
                    format!("`{path}` gives a value for `{name}`, but the root module declares no such variable, so Terraform ignores it"),
                    at,
                );
                continue;
            }
            match v {
                Ok(v) => {
                    given.insert(name, v);
                }
                Err(f) => cx.fault(f),
            }
        }
    }
    given
}

/// Checks a Terraform root module by the resource provider's rules: evaluated as Terraform
/// would before `plan`, each registration definition lowered to an ARM template and judged by
/// the ARM reader, every finding placed where its value is written. See the
/// [module documentation](self).
#[must_use]
pub fn check(sources: &TerraformSources<'_>) -> TerraformCheck {
    let no_reader = |_: &str| None;
    let read: &dyn Fn(&str) -> Option<String> = match &sources.reader {
        Some(r) => r.as_ref(),
        None => &no_reader,
    };
    let limit = crate::Offer::MAX_DOCUMENT_BYTES;
    if let Some((path, _)) = sources
        .files
        .iter()
        .chain(&sources.var_files)
        .find(|(_, t)| t.len() > limit)
    {
        return TerraformCheck {
            delegations: Vec::new(),
            diagnostics: vec![TerraformDiagnostic {
                diagnostic: Diagnostic::new(
                    Rule::DocumentTooLarge,
                    JsonPointer::root(),
                    format!("the file is larger than {limit} bytes, more than the checker reads"),
                ),
                file: path.clone(),
                place: None,
            }],
            files: Vec::new(),
            templates: Vec::new(),
        };
    }
    let mut cx = Ctx {
        files: sources.files.clone(),
        found: Vec::new(),
        read,
        catalog: sources.catalog.clone(),
        work: 0,
        depth: 0,
        modules: BTreeMap::new(),
    };
    let root_dir = sources
        .files
        .first()
        .map_or_else(|| ".".to_owned(), |(p, _)| dir_of(p));
    let root = (!sources.files.is_empty())
        .then(|| read_module(&mut cx, &root_dir))
        .flatten()
        .unwrap_or_else(|| {
            Rc::new(Module {
                dir: root_dir.clone(),
                ..Module::default()
            })
        });
    // An instance without inputs reads the variable files; the root instance comes next.
    let mut tree = Tree {
        instances: Vec::new(),
    };
    {
        let mut ev = Ev {
            tree: &mut tree,
            cx: &mut cx,
        };
        let empty = Rc::new(Module {
            dir: root_dir.clone(),
            ..Module::default()
        });
        ev.instantiate(&empty, String::new(), &BTreeMap::new(), None, 0);
    }
    let given = var_values(&mut cx, &mut tree, &root, &sources.var_files);
    let mut found = Vec::new();
    {
        let mut ev = Ev {
            tree: &mut tree,
            cx: &mut cx,
        };
        let root_index = ev.instantiate(
            &root,
            String::new(),
            &given,
            Some(" in a `.tfvars` file, `--var-file` or its default"),
            0,
        );
        collect(&mut ev, root_index, &mut found);
    }
    judge(cx, &found)
}

/// Every delegation resource of every module instance, from `first` on.
fn collect(ev: &mut Ev<'_, '_>, first: usize, found: &mut Vec<Deployed>) {
    let mut i = first;
    while i < ev.tree.instances.len() {
        let module = Rc::clone(&ev.tree.instances[i].module);
        for call in module.calls.keys() {
            let at = module.calls[call].at;
            if let Err(f) = ev.children(i, call, at) {
                ev.cx.fault(f);
            }
        }
        for declared in &module.resources {
            let interesting = matches!(
                declared.kind.as_str(),
                "azurerm_lighthouse_definition"
                    | "azurerm_lighthouse_assignment"
                    | "azapi_resource"
            );
            if !interesting {
                continue;
            }
            let body = &declared.block.body;
            let keys = match ev.repetition(i, declared.file, body, declared.at) {
                Ok(Ok(keys)) => keys,
                Ok(Err(unknown)) => {
                    let why = unknown.why().map_or_else(String::new, |w| w.reason.clone());
                    ev.cx.note(
                        Rule::TerraformValueUnknown,
                        format!("the instances of `{}.{}` are not known before apply: {why}; they are not judged", declared.kind, declared.name),
                        unknown.at.or(declared.at),
                    );
                    continue;
                }
                Err(f) => {
                    ev.cx.fault(f);
                    continue;
                }
            };
            let base = format!(
                "{}{}.{}",
                ev.tree.instances[i].prefix, declared.kind, declared.name
            );
            for (key, bind) in keys {
                let address = match &key {
                    None => base.clone(),
                    Some(k) if matches!(k.kind, Kind::Number(_)) => {
                        format!("{base}[{}]", k.to_text().unwrap_or_default())
                    }
                    Some(k) => format!("{base}[{:?}]", k.to_text().unwrap_or_default()),
                };
                let mut scope: module::Scope = bind.into_iter().collect();
                let res = match ev.body(i, &mut scope, declared.file, body, declared.at) {
                    Ok(res) => res,
                    Err(f) => {
                        ev.cx.fault(f);
                        continue;
                    }
                };
                let deployed = match declared.kind.as_str() {
                    "azurerm_lighthouse_definition" => Some(Deployed::Definition {
                        arm: lower::azurerm_definition(ev.cx, &res),
                        address,
                        at: declared.at,
                    }),
                    "azurerm_lighthouse_assignment" => Some(lower::azurerm_assignment(ev.cx, &res)),
                    _ => lower::azapi(ev.cx, &res, &address),
                };
                found.extend(deployed);
            }
        }
        i += 1;
    }
}

/// Lowers what was found, judges each template with the ARM reader, and places every finding.
fn judge(cx: Ctx<'_>, found: &[Deployed]) -> TerraformCheck {
    let lowered = lower::templates(found);
    let files = cx.files;
    let mut out: Vec<TerraformDiagnostic> = Vec::new();
    let place = |at: Option<At>| -> (String, Option<Place>) {
        match at {
            Some(at) if at.file < files.len() => {
                let text = &files[at.file].1;
                (
                    files[at.file].0.clone(),
                    Some(place_in(text, at.start, at.end)),
                )
            }
            _ => (
                files.first().map(|(p, _)| p.clone()).unwrap_or_default(),
                None,
            ),
        }
    };
    // A module with `.tf.json` files, which are not read: a name they may declare is unknown.
    let unread: Vec<(usize, String)> = files
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| is_tf_json(p))
        .map(|(i, (p, _))| (i, dir_of(p)))
        .collect();
    for f in &cx.found {
        let (file, place) = place(f.at);
        let diagnostic = if matches!(f.rule, Rule::UndeclaredVariable | Rule::UndeclaredReference)
            && unread.iter().any(|(_, dir)| *dir == dir_of(&file))
        {
            Diagnostic::new(
                Rule::TerraformValueUnknown,
                JsonPointer::root(),
                format!(
                    "{}, unless a `.tf.json` file of the module declares it: the checker does not read them",
                    f.message
                ),
            )
        } else {
            Diagnostic::new(f.rule, JsonPointer::root(), f.message.clone())
        };
        out.push(TerraformDiagnostic {
            diagnostic,
            file,
            place,
        });
    }
    unread_notes(&files, &unread, &mut out);
    let own_errors = out
        .iter()
        .any(|d| d.diagnostic.severity() == Severity::Error);
    let options = arm::CheckOptions::new().role_catalog(cx.catalog.clone());
    let mut delegations = Vec::new();
    let mut templates = Vec::new();
    for l in &lowered {
        let (diags, delegation) = judge_one(&options, l);
        for (d, at) in diags {
            let (file, place) = place(at);
            out.push(TerraformDiagnostic {
                diagnostic: d,
                file,
                place,
            });
        }
        if let Some(d) = delegation
            && !own_errors
        {
            delegations.push(d);
        }
        templates.push(l.template.clone());
    }
    if found.is_empty() && cx.found.is_empty() {
        let (file, place) = place(None);
        out.push(TerraformDiagnostic {
            diagnostic: Diagnostic::new(
                Rule::NotADelegation,
                JsonPointer::root(),
                "expected a Terraform module with an `azurerm_lighthouse_definition` (or an `azapi_resource` of type `Microsoft.ManagedServices/registrationDefinitions@…`), found none",
            ),
            file,
            place,
        });
    }
    sort(&mut out, &files);
    TerraformCheck {
        delegations,
        diagnostics: out,
        files,
        templates,
    }
}

/// The note naming each `.tf.json` file, at its first line.
fn unread_notes(
    files: &[(String, String)],
    unread: &[(usize, String)],
    out: &mut Vec<TerraformDiagnostic>,
) {
    for (i, _) in unread {
        let (path, text) = &files[*i];
        let first_line = text.find('\n').unwrap_or(text.len());
        out.push(TerraformDiagnostic {
            diagnostic: Diagnostic::new(
                Rule::TerraformJsonNotRead,
                JsonPointer::root(),
                format!(
                    "`{path}` is written in Terraform's JSON syntax, which the checker does not read: the resources, variables and locals it declares are not judged"
                ),
            ),
            file: path.clone(),
            place: Some(place_in(text, 0, first_line)),
        });
    }
}

/// The fields whose absence the reader reports itself, as the missing Terraform argument.
const OWN_REQUIRED: [&str; 9] = [
    "registrationDefinitionName",
    "managedByTenantId",
    "authorizations",
    "principalId",
    "roleDefinitionId",
    "name",
    "publisher",
    "product",
    "version",
];

/// One lowered template judged: the ARM findings placed, the notes of unknown values, the
/// delegation.
pub(crate) fn judge_one(
    options: &arm::CheckOptions,
    l: &Lowered,
) -> (Vec<(Diagnostic, Option<At>)>, Option<ArmDelegation>) {
    let text = serde_json::to_string(&l.template).unwrap_or_default();
    let checked = options.check_with_template("{ \"parameters\": {} }", &text);
    let mut out = Vec::new();
    let name_at = JsonPointer::root().key("resources").index(0).key("name");
    for (pointer, why, at) in &l.unknowns {
        if pointer == name_at.as_str() {
            continue;
        }
        out.push((
            Diagnostic::new(
                Rule::TerraformValueUnknown,
                JsonPointer::root(),
                format!("this value is not known before apply ({}), so what depends on it is not judged here", why.reason),
            ),
            *at,
        ));
    }
    let marker = format!("`{}`", lower::MARKER.to_ascii_lowercase());
    for d in checked.diagnostics(ArmFile::Template) {
        if d.rule() == Rule::UnsupportedExpression
            && d.message().to_ascii_lowercase().contains(&marker)
        {
            continue;
        }
        if d.rule() == Rule::MissingField
            && OWN_REQUIRED
                .iter()
                .any(|f| d.message().ends_with(&format!("`{f}`")))
        {
            // Told in Terraform's words (`terraform-missing-argument`).
            continue;
        }
        out.push((d.clone(), l.locate(d.path())));
    }
    (out, checked.delegation().cloned())
}

fn sort(out: &mut Vec<TerraformDiagnostic>, files: &[(String, String)]) {
    let order = |f: &str| files.iter().position(|(p, _)| p == f).unwrap_or(usize::MAX);
    out.sort_by(|a, b| {
        order(&a.file)
            .cmp(&order(&b.file))
            .then(a.place.map(|p| p.start).cmp(&b.place.map(|p| p.start)))
            .then(a.diagnostic.path().cmp(b.diagnostic.path()))
            .then(a.diagnostic.rule().cmp(&b.diagnostic.rule()))
            .then(a.diagnostic.message().cmp(b.diagnostic.message()))
    });
    out.dedup();
    if out.len() > crate::Report::MAX_DIAGNOSTICS {
        let more = out.len() - crate::Report::MAX_DIAGNOSTICS;
        out.truncate(crate::Report::MAX_DIAGNOSTICS);
        let file = out.first().map(|d| d.file.clone()).unwrap_or_default();
        out.push(TerraformDiagnostic {
            diagnostic: Diagnostic::new(
                Rule::TooManyProblems,
                JsonPointer::root(),
                format!("{more} more findings are not listed"),
            ),
            file,
            place: None,
        });
    }
}

/// The place of a byte range in a text.
fn place_in(text: &str, start: usize, end: usize) -> Place {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text
        .get(line_start..start)
        .map_or(1, |s| s.chars().count() + 1);
    Place {
        start,
        end,
        line,
        column,
    }
}

/// Checks the output of `terraform show -json PLANFILE`: the registration definitions and
/// assignments it plans, with the values Terraform computed; a value Terraform marks as known
/// only after apply (`after_unknown`) is unknown. Findings are at JSON Pointers into the plan
/// file (`/resource_changes/0/change/after/authorization/1/role_definition_id`), with no
/// [`Place`]: a tool maps the pointer to a line.
#[must_use]
pub fn check_plan(path: &str, text: &str) -> TerraformCheck {
    plan::check(path, text, &RoleCatalog::default())
}

/// [`check_plan`], judging roles with `catalog`.
#[must_use]
pub fn check_plan_with(path: &str, text: &str, catalog: &RoleCatalog) -> TerraformCheck {
    plan::check(path, text, catalog)
}

/// Whether a JSON text is a Terraform plan (`terraform show -json`): an object with
/// `format_version` and `planned_values` or `resource_changes`.
#[must_use]
pub fn is_plan(value: &Value) -> bool {
    value.get("format_version").is_some()
        && (value.get("planned_values").is_some() || value.get("resource_changes").is_some())
}
