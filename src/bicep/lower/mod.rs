//! From Bicep to an ARM template, as Bicep's compiler writes one, with an origin for every value
//! written: the JSON Pointer of each emitted value leads back to the Bicep expression it comes
//! from, and [`Lowering::locate`] follows parameters, variables, imports, module parameters and
//! loop items to where a value is written.

mod declarations;
mod expressions;
mod files;
mod origins;

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::JsonPointer;
use crate::rules::Rule;

use super::syntax::{self, E, File, Kind, Span, Stmt};

/// The function an unsupported construct or an undefined symbol is lowered to: the ARM checker
/// does not know it, so the value is unknown; its own warning is dropped (the Bicep reader has
/// said why already).
pub(crate) const MARKER: &str = "bicepUnsupported";

/// The deepest chain of modules read.
const MAX_MODULE_DEPTH: usize = 8;

/// The most findings of the Bicep reader itself kept per check, as for a report of the
/// document reader ([`Report::MAX_DIAGNOSTICS`](crate::Report::MAX_DIAGNOSTICS)).
const MAX_FINDINGS: usize = crate::Report::MAX_DIAGNOSTICS;

/// The most object members and array items merged from spreads per check (then the spread is
/// left to ARM's `union` and `concat`).
const MAX_SPREAD_WORK: usize = 1_000_000;

/// The longest file text inlined in an ARM expression (ARM's own limit on an expression is
/// 24,576 characters); longer, the value is unknown.
const INLINE_LIMIT: usize = 20_000;

/// The most work a trace does (symbol hops).
const MAX_TRACE: usize = 64;

const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";

/// A file read: its path (normalised, `/`-separated), its text and its statements.
pub(crate) struct Loaded {
    pub(crate) path: String,
    pub(crate) text: String,
    pub(crate) parsed: std::rc::Rc<File>,
}

/// A finding of the Bicep reader itself, at a place in a file.
pub(crate) struct Found {
    pub(crate) rule: Rule,
    pub(crate) file: usize,
    pub(crate) span: Span,
    pub(crate) message: String,
}

#[derive(Clone)]
enum Sym {
    /// A parameter: where its value is written (`.bicepparam`, the module call, the default).
    Param(Option<(usize, E)>),
    Var(E),
    Imported {
        unit: usize,
        name: String,
    },
    Namespace(usize),
    Resource(Resource),
    Module(String),
    Type,
    Unsupported(&'static str),
}

#[derive(Clone)]
struct Resource {
    ty: String,
    api: String,
    /// The name's ARM text, once lowered.
    name: Option<String>,
    /// The frame's scope, for `.id`.
    scope: String,
    /// A loop of the resource: its item and index names, its collection and the scope of
    /// both, and the name as written, for `sym[i].id`.
    each: Option<Each>,
}

/// A resource loop: the item's and the index's names, the collection, the scope of both, and
/// the resource's name as written.
type Each = (Option<String>, Option<String>, E, usize, E);

struct Unit {
    file: usize,
    symbols: HashMap<String, Sym>,
    root: usize,
}

/// A loop variable bound in a scope.
#[derive(Clone)]
struct Bind {
    name: String,
    /// Its ARM text while lowering.
    arm: String,
    /// The collection and the index, for tracing an item; `None` for the index variable.
    item: Option<(usize, E, Option<usize>)>,
}

struct ScopeData {
    unit: usize,
    parent: Option<usize>,
    binds: Vec<Bind>,
    /// A hoisted loop: loop variables of scopes above cannot be used through it.
    barrier: bool,
}

/// One template being written: the main file's or a module's.
struct Frame {
    unit: usize,
    base: JsonPointer,
    parameters: Map<String, Value>,
    variables: Map<String, Value>,
    copies: Vec<Value>,
    resources: Map<String, Value>,
    /// Variables of other units (imports, the `.bicepparam`) lowered into this frame.
    imported: HashMap<(usize, String), String>,
    /// `subscription`, `resourceGroup`, …
    target: String,
}

/// A Bicep file (with its modules, imports and `.bicepparam`) lowered to an ARM template.
pub(crate) struct Lowering<'a> {
    /// Reads the files that modules, imports and `loadJsonContent` name.
    reader: &'a Reader<'a>,
    pub(crate) files: Vec<Loaded>,
    pub(crate) found: Vec<Found>,
    pub(crate) template: Value,
    /// Symbolic names of definitions that the missing target scope was reported for.
    pub(crate) misplaced: Vec<String>,
    /// A module or import could not be read: the template may lack what it would deploy.
    pub(crate) incomplete: bool,
    /// The index of the `.bicepparam` file among `files`.
    bicepparam: Option<usize>,
    /// Parameters of the main file without default that the `.bicepparam` gives no value
    /// (BCP258).
    pub(crate) missing_values: Vec<String>,
    units: Vec<Unit>,
    scopes: Vec<ScopeData>,
    frames: Vec<Frame>,
    origins: HashMap<String, (usize, E)>,
    loops: usize,
    /// Files being lowered as modules, for cycles.
    module_stack: Vec<String>,
    /// Members and items merged from spreads so far.
    spread_work: usize,
    reported_unsupported: std::collections::HashSet<(usize, usize)>,
    /// The findings already reported, by rule and place.
    reported: std::collections::HashSet<(Rule, usize, usize, usize)>,
    /// Findings left out past [`MAX_FINDINGS`].
    pub(crate) too_many: usize,
}

/// Reads a file by its normalised path.
pub(crate) type Reader<'r> = dyn Fn(&str) -> Option<String> + 'r;

/// The directory part of a path, with its trailing `/` (empty for a bare name).
fn directory(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// `relative` seen from the file at `base`, normalised: `/` separators, no `.`, `..` resolved
/// where it can be.
pub(crate) fn resolve(base: &str, relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    let joined = if relative.starts_with('/') {
        relative
    } else {
        format!("{}{relative}", directory(&base.replace('\\', "/")))
    };
    normalise(&joined)
}

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
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A literal string as a template writes it: a leading `[` escaped.
fn literal(text: &str) -> Value {
    if text.starts_with('[') {
        Value::String(format!("[{text}"))
    } else {
        Value::String(text.to_owned())
    }
}

fn schema(target: &str) -> &'static str {
    match target {
        "subscription" => {
            "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
        }
        "managementGroup" => {
            "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"
        }
        "tenant" => {
            "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#"
        }
        _ => "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    }
}

pub(crate) fn is_registry(path: &str) -> bool {
    path.starts_with("br:")
        || path.starts_with("br/")
        || path.starts_with("ts:")
        || path.starts_with("ts/")
}

fn has_decorator(decorators: &[syntax::Decorator], name: &str) -> bool {
    decorators.iter().any(|d| d.name.eq_ignore_ascii_case(name))
}

/// The ARM type of a parameter from its Bicep type and decorators.
fn parameter_type(ty: Option<&str>, secure: bool) -> &'static str {
    let ty = ty.unwrap_or("").trim_end_matches('?');
    let base = if ty.ends_with("[]") || ty == "array" || ty.starts_with('[') {
        "array"
    } else if ty == "string" || ty.starts_with('\'') {
        "string"
    } else if ty == "int" || ty.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        "int"
    } else if ty == "bool" || ty == "true" || ty == "false" {
        "bool"
    } else {
        "object"
    };
    match (base, secure) {
        ("string", true) => "securestring",
        ("object", true) => "secureObject",
        (other, _) => other,
    }
}

impl<'a> Lowering<'a> {
    /// Lowers the main file (index 0 of `files`), with the parameters file's statements when
    /// `bicepparam` is the index of a `.bicepparam` file among `files`.
    pub(crate) fn run(
        files: Vec<Loaded>,
        bicepparam: Option<usize>,
        reader: &'a Reader<'a>,
    ) -> Lowering<'a> {
        let mut me = Lowering {
            reader,
            files,
            found: Vec::new(),
            template: Value::Null,
            misplaced: Vec::new(),
            incomplete: false,
            bicepparam,
            missing_values: Vec::new(),
            units: Vec::new(),
            scopes: Vec::new(),
            frames: Vec::new(),
            origins: HashMap::new(),
            loops: 0,
            module_stack: Vec::new(),
            spread_work: 0,
            reported_unsupported: std::collections::HashSet::new(),
            reported: std::collections::HashSet::new(),
            too_many: 0,
        };
        for file in 0..me.files.len() {
            let errors = me.files[file].parsed.errors.clone();
            for e in errors {
                me.report(Rule::BicepSyntax, file, e.span, e.message);
            }
        }
        let overrides = bicepparam.map(|file| me.parameters_unit(file, reader));
        me.module_stack.push(me.files[0].path.clone());
        let template = me.template(0, &JsonPointer::root(), overrides, reader, 0);
        me.template = template;
        me
    }

    pub(crate) fn report(
        &mut self,
        rule: Rule,
        file: usize,
        span: Span,
        message: impl Into<String>,
    ) {
        if self.found.len() >= MAX_FINDINGS
            || !self.reported.insert((rule, file, span.start, span.end))
        {
            if self.found.len() >= MAX_FINDINGS {
                self.too_many += 1;
            }
            return;
        }
        self.found.push(Found {
            rule,
            file,
            span,
            message: message.into(),
        });
    }

    fn new_scope(
        &mut self,
        unit: usize,
        parent: Option<usize>,
        binds: Vec<Bind>,
        barrier: bool,
    ) -> usize {
        self.scopes.push(ScopeData {
            unit,
            parent,
            binds,
            barrier,
        });
        self.scopes.len() - 1
    }

    fn new_unit(&mut self, file: usize) -> usize {
        let unit = self.units.len();
        let root = self.new_scope(unit, None, Vec::new(), false);
        self.units.push(Unit {
            file,
            symbols: HashMap::new(),
            root,
        });
        unit
    }

    fn file_of(&self, scope: usize) -> usize {
        self.units[self.scopes[scope].unit].file
    }

    fn frame(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("a frame is open while lowering")
    }

    fn unsupported(&mut self, file: usize, span: Span, construct: &str) {
        if !self.reported_unsupported.insert((file, span.start)) {
            return;
        }
        self.report(
            Rule::BicepConstructUnsupported,
            file,
            span,
            format!(
                "the checker does not read {construct}; its value is unknown, and what depends on it is checked when Bicep builds the file"
            ),
        );
    }

    /// The marker of an unknown value, with a note naming the construct.
    fn unknown(&mut self, scope: usize, span: Span, construct: &str) -> String {
        let file = self.file_of(scope);
        self.unsupported(file, span, construct);
        format!("{MARKER}()")
    }
}

/// What a name is bound to where it is used.
enum Found2 {
    /// A loop variable; `true` when it is reached through a hoisted loop.
    Bind(Bind, bool),
    /// A symbol of a unit.
    Sym(usize, Sym),
}

/// A JSON value as a template writes it: each string that starts with `[` escaped.
fn escaped(value: Value) -> Value {
    match value {
        Value::String(text) => literal(&text),
        Value::Array(items) => Value::Array(items.into_iter().map(escaped).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, escaped(v))).collect())
        }
        other => other,
    }
}

/// A string expression standing for a span (the resource type, the module path), as an origin.
fn syntax_string(span: Span, text: &str) -> E {
    std::rc::Rc::new(syntax::Expr {
        kind: Kind::Str(text.to_owned()),
        span,
    })
}

/// The span of a declaration's first line: from its start to the end of its type string.
fn span_head(statement: Span, ty: Span) -> Span {
    Span {
        start: statement.start.min(ty.start),
        end: ty.end,
    }
}

/// The name a statement declares, if it declares one.
fn declared_name(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::Param { name, .. }
        | Stmt::Var { name, .. }
        | Stmt::Resource { name, .. }
        | Stmt::Module { name, .. }
        | Stmt::Type { name, .. } => Some(name),
        _ => None,
    }
}

fn statement_span(stmt: &Stmt) -> Span {
    match stmt {
        Stmt::TargetScope { span, .. }
        | Stmt::Param { span, .. }
        | Stmt::Var { span, .. }
        | Stmt::Resource { span, .. }
        | Stmt::Module { span, .. }
        | Stmt::Import { span, .. }
        | Stmt::Using { span, .. }
        | Stmt::Type { span, .. }
        | Stmt::Unsupported { span, .. } => *span,
        Stmt::Output { value, .. } => value.span,
    }
}
