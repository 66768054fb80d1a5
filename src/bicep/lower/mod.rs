//! From Bicep to an ARM template, as Bicep's compiler writes one, with an origin for every value
//! written: the JSON Pointer of each emitted value leads back to the Bicep expression it comes
//! from, and [`Lowering::locate`] follows parameters, variables, imports, module parameters and
//! loop items to where a value is written.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::JsonPointer;
use crate::rules::Rule;

use super::syntax::{self, E, File, Imported, Item, Kind, Op, Part, Prop, Span, Stmt};

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

    /// Loads a file by its resolved path: its index, or `None` when it cannot be read.
    fn load(&mut self, path: &str, reader: &Reader<'_>) -> Option<usize> {
        if let Some(i) = self.files.iter().position(|f| f.path == path) {
            return Some(i);
        }
        let text = reader(path)?;
        if text.len() > crate::Offer::MAX_DOCUMENT_BYTES {
            return None;
        }
        // An ARM template module is JSON, read as JSON where it is used.
        let parsed = if path.to_ascii_lowercase().ends_with(".json") {
            std::rc::Rc::new(File::default())
        } else {
            std::rc::Rc::new(syntax::parse(&text))
        };
        let file = self.files.len();
        let errors = parsed.errors.clone();
        self.files.push(Loaded {
            path: path.to_owned(),
            text,
            parsed,
        });
        for e in errors {
            self.report(Rule::BicepSyntax, file, e.span, e.message);
        }
        Some(file)
    }

    /// The unit of a `.bicepparam` file: its variables, and the values it gives, by name.
    fn parameters_unit(
        &mut self,
        file: usize,
        reader: &Reader<'_>,
    ) -> HashMap<String, (usize, E, Span)> {
        let unit = self.new_unit(file);
        let parsed = self.files[file].parsed.clone();
        let root = self.units[unit].root;
        let mut values = HashMap::new();
        let mut using = false;
        for stmt in &parsed.statements {
            match stmt {
                Stmt::Param {
                    name,
                    value: Some(value),
                    span,
                    ..
                } => {
                    values.insert(name.clone(), (root, value.clone(), *span));
                }
                Stmt::Param { span, name, .. } => {
                    self.report(
                        Rule::BicepSyntax,
                        file,
                        *span,
                        format!(
                            "expected `param {name} = <value>`: a parameters file assigns values"
                        ),
                    );
                }
                Stmt::Var { name, value, .. } => {
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Var(value.clone()));
                }
                Stmt::Using { .. } => using = true,
                Stmt::Import { .. } => self.import(unit, stmt, reader),
                Stmt::Unsupported { construct, span } => {
                    let construct = *construct;
                    self.unsupported(file, *span, construct);
                }
                other => {
                    let span = statement_span(other);
                    self.report(
                        Rule::BicepSyntax,
                        file,
                        span,
                        "this declaration is not valid in a Bicep parameters file, which has `using`, `param`, `var` and `import` (Bicep's BCP337)",
                    );
                }
            }
        }
        if !using {
            self.report(
                Rule::BicepSyntax,
                file,
                Span::default(),
                "a parameters file needs a `using` declaration (Bicep's BCP261)",
            );
        }
        values
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

    fn import(&mut self, unit: usize, stmt: &Stmt, reader: &Reader<'_>) {
        let Stmt::Import {
            what,
            from,
            from_span,
            ..
        } = stmt
        else {
            return;
        };
        let file = self.units[unit].file;
        if is_registry(from) {
            self.incomplete = true;
            self.unsupported(file, *from_span, "an import from a registry");
            let names: Vec<String> = match what {
                Imported::Names(names) => names
                    .iter()
                    .map(|(n, _, alias)| alias.clone().unwrap_or_else(|| n.clone()))
                    .collect(),
                Imported::Wildcard(ns) => vec![ns.clone()],
            };
            for name in names {
                self.units[unit]
                    .symbols
                    .insert(name, Sym::Unsupported("a symbol imported from a registry"));
            }
            return;
        }
        let path = resolve(&self.files[file].path, from);
        let Some(target) = self.load(&path, reader) else {
            self.incomplete = true;
            self.report(
                Rule::BicepFileNotFound,
                file,
                *from_span,
                format!("the imported file `{path}` cannot be read (Bicep's BCP091/BCP093)"),
            );
            return;
        };
        let target_unit = self.imported_unit(target, reader);
        match what {
            Imported::Wildcard(ns) => {
                self.units[unit]
                    .symbols
                    .insert(ns.clone(), Sym::Namespace(target_unit));
            }
            Imported::Names(names) => {
                for (name, span, alias) in names {
                    let exported = self.files[target]
                        .parsed
                        .statements
                        .iter()
                        .any(|s| match s {
                            Stmt::Var {
                                name: n,
                                decorators,
                                ..
                            }
                            | Stmt::Type {
                                name: n,
                                decorators,
                                ..
                            } => n == name && has_decorator(decorators, "export"),
                            _ => false,
                        });
                    if !exported {
                        self.report(
                            Rule::UndefinedSymbol,
                            file,
                            *span,
                            format!(
                                "`{name}` was not found in (or was not exported by) `{path}` (Bicep's BCP360)"
                            ),
                        );
                        continue;
                    }
                    let sym = match self.units[target_unit].symbols.get(name) {
                        Some(Sym::Type) => Sym::Type,
                        _ => Sym::Imported {
                            unit: target_unit,
                            name: name.clone(),
                        },
                    };
                    self.units[unit]
                        .symbols
                        .insert(alias.clone().unwrap_or_else(|| name.clone()), sym);
                }
            }
        }
    }

    /// The unit of an imported file: its variables and types (one unit per file).
    fn imported_unit(&mut self, file: usize, reader: &Reader<'_>) -> usize {
        if let Some(u) = self
            .units
            .iter()
            .position(|u| u.file == file && u.symbols.contains_key("\u{0}imported"))
        {
            return u;
        }
        let unit = self.new_unit(file);
        self.units[unit]
            .symbols
            .insert("\u{0}imported".into(), Sym::Type);
        let parsed = self.files[file].parsed.clone();
        for stmt in &parsed.statements {
            match stmt {
                Stmt::Var { name, value, .. } => {
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Var(value.clone()));
                }
                Stmt::Type { name, .. } => {
                    self.units[unit].symbols.insert(name.clone(), Sym::Type);
                }
                Stmt::Import { .. } if self.module_stack.len() < MAX_MODULE_DEPTH => {
                    self.module_stack.push(String::new());
                    self.import(unit, stmt, reader);
                    self.module_stack.pop();
                }
                _ => {}
            }
        }
        unit
    }

    // ---- templates ----

    /// Lowers one file into a template (the main file, or a module's file with the parameter
    /// values of its call).
    #[allow(clippy::too_many_lines)]
    fn template(
        &mut self,
        file: usize,
        base: &JsonPointer,
        overrides: Option<HashMap<String, (usize, E, Span)>>,
        reader: &Reader<'_>,
        depth: usize,
    ) -> Value {
        let unit = self.new_unit(file);
        let parsed = self.files[file].parsed.clone();
        let root = self.units[unit].root;
        // The target scope.
        let mut target = "resourceGroup".to_owned();
        let mut target_written = false;
        for stmt in &parsed.statements {
            if let Stmt::TargetScope { value, span } = stmt {
                match &value.kind {
                    Kind::Str(text) => {
                        target.clone_from(text);
                        target_written = true;
                    }
                    _ => self.report(
                        Rule::BicepSyntax,
                        file,
                        *span,
                        "expected `targetScope` to be a string: 'subscription', 'resourceGroup', 'managementGroup' or 'tenant'",
                    ),
                }
            }
        }
        self.frames.push(Frame {
            unit,
            base: base.clone(),
            parameters: Map::new(),
            variables: Map::new(),
            copies: Vec::new(),
            resources: Map::new(),
            imported: HashMap::new(),
            target: target.clone(),
        });
        // Symbols first: declarations may be used before they are written.
        let mut overrides = overrides.unwrap_or_default();
        // A name declared twice: Bicep refuses the file; the first declaration is read.
        let mut declared = std::collections::HashSet::new();
        let statements: Vec<&Stmt> = parsed
            .statements
            .iter()
            .filter(|stmt| {
                let Some(name) = declared_name(stmt) else {
                    return true;
                };
                if declared.insert(name) {
                    return true;
                }
                self.report(
                    Rule::BicepSyntax,
                    file,
                    statement_span(stmt),
                    format!("the name `{name}` is declared more than once (Bicep's BCP028)"),
                );
                false
            })
            .collect();
        for stmt in statements.iter().copied() {
            match stmt {
                Stmt::Param { name, value, .. } => {
                    let given = overrides
                        .get(name)
                        .map(|(scope, e, _)| (*scope, e.clone()))
                        .or_else(|| value.clone().map(|v| (root, v)));
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Param(given));
                }
                Stmt::Var { name, value, .. } => {
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Var(value.clone()));
                }
                Stmt::Type { name, .. } => {
                    self.units[unit].symbols.insert(name.clone(), Sym::Type);
                }
                Stmt::Resource { name, ty, .. } => {
                    let (ty, api) = ty.split_once('@').unwrap_or((ty.as_str(), ""));
                    let scope = if target == "subscription" {
                        "subscriptionResourceId"
                    } else if target == "resourceGroup" {
                        "resourceId"
                    } else {
                        "tenantResourceId"
                    };
                    self.units[unit].symbols.insert(
                        name.clone(),
                        Sym::Resource(Resource {
                            ty: ty.to_owned(),
                            api: api.to_owned(),
                            name: None,
                            scope: scope.to_owned(),
                            each: None,
                        }),
                    );
                }
                Stmt::Module { name, .. } => {
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Module(name.clone()));
                }
                Stmt::Import { .. } => self.import(unit, stmt, reader),
                _ => {}
            }
        }
        // The names of resources, for `.id` and `.name` wherever they are used.
        for stmt in statements.iter().copied() {
            if let Stmt::Resource { name, value, .. } = stmt {
                let mut each = None;
                let body = match &value.kind {
                    Kind::If { body, .. } => body.clone(),
                    Kind::For {
                        item,
                        index,
                        collection,
                        body,
                        ..
                    } => {
                        each = Some((item.clone(), index.clone(), collection.clone()));
                        body.clone()
                    }
                    _ => value.clone(),
                };
                let Kind::Object(props) = &body.kind else {
                    continue;
                };
                let Some(written) = props.iter().find_map(|p| match p {
                    Prop::Pair { key, value } if key == "name" => Some(value.clone()),
                    _ => None,
                }) else {
                    continue;
                };
                let text = match &each {
                    None => self.arm(root, &written),
                    Some((item, index, collection)) => {
                        let coll = self.arm(root, collection);
                        self.with_item(
                            root,
                            item.as_ref(),
                            index.as_ref(),
                            collection,
                            &coll,
                            "copyIndex()",
                            &written,
                        )
                    }
                };
                if let Some(Sym::Resource(r)) = self.units[unit].symbols.get_mut(name) {
                    r.name = Some(text);
                    r.each = each.map(|(item, index, collection)| {
                        (item, index, collection, root, written.clone())
                    });
                }
            }
        }
        // A `.bicepparam` value for a parameter the file does not declare.
        if depth == 0 {
            let mut undeclared: Vec<(String, usize, Span)> = overrides
                .iter()
                .filter(|(name, _)| {
                    !parsed
                        .statements
                        .iter()
                        .any(|s| matches!(s, Stmt::Param { name: n, .. } if n == *name))
                })
                .map(|(name, (scope, _, span))| (name.clone(), self.file_of(*scope), *span))
                .collect();
            undeclared.sort_by_key(|(_, _, span)| span.start);
            for (name, pfile, span) in undeclared {
                self.report(
                    Rule::UndeclaredParameter,
                    pfile,
                    span,
                    format!(
                        "parameter `{name}` is assigned in the parameters file without being declared in the Bicep file (Bicep's BCP259)"
                    ),
                );
            }
        }
        for stmt in statements.iter().copied() {
            match stmt {
                Stmt::Param {
                    name,
                    decorators,
                    ty,
                    value,
                    span,
                } => {
                    let secure = has_decorator(decorators, "secure");
                    let at = base.clone().key("parameters").key(name);
                    self.origins
                        .insert(at.as_str().to_owned(), (root, syntax_string(*span, name)));
                    let mut declaration = Map::new();
                    declaration.insert("type".into(), json!(parameter_type(ty.as_deref(), secure)));
                    // A `.bicepparam` value stands in the default; a module's values are the
                    // deployment's `parameters`, written in the calling template.
                    let given = overrides
                        .remove(name)
                        .filter(|_| depth == 0)
                        .map(|(scope, e, _)| (scope, e))
                        .or_else(|| value.clone().map(|v| (root, v)));
                    if let Some((scope, e)) = given {
                        let v = self.json(scope, &e, &at.clone().key("defaultValue"));
                        declaration.insert("defaultValue".into(), v);
                    } else if ty.as_deref().is_some_and(|t| t.ends_with('?')) {
                        // A nullable parameter without a value is null.
                        declaration.insert("defaultValue".into(), Value::Null);
                    }
                    if let Some(d) = decorators.iter().find(|d| d.name == "allowed")
                        && let Some(list) = d.args.first()
                    {
                        let v = self.json(root, list, &at.clone().key("allowedValues"));
                        declaration.insert("allowedValues".into(), v);
                    }
                    self.frame()
                        .parameters
                        .insert(name.clone(), Value::Object(declaration));
                }
                Stmt::Var { name, value, .. } => {
                    let at = base.clone().key("variables").key(name);
                    if let Kind::For { .. } = value.kind {
                        self.hoist(root, value, Some(name));
                        self.origins
                            .insert(at.as_str().to_owned(), (root, value.clone()));
                    } else {
                        let v = self.json(root, value, &at);
                        self.frame().variables.insert(name.clone(), v);
                    }
                }
                Stmt::Resource {
                    name,
                    ty,
                    ty_span,
                    existing,
                    value,
                    span,
                } => {
                    self.resource(
                        root,
                        name,
                        ty,
                        *ty_span,
                        *existing,
                        value,
                        *span,
                        &target,
                        target_written,
                        depth,
                    );
                }
                Stmt::Module {
                    name,
                    path,
                    path_span,
                    value,
                    ..
                } => {
                    self.module(root, name, path, *path_span, value, reader, depth);
                }
                Stmt::Output { value, .. } => {
                    // Outputs deploy nothing: only their names are checked.
                    self.check_names(root, value, 0);
                }
                Stmt::Unsupported { construct, span } => {
                    let construct = *construct;
                    self.unsupported(file, *span, construct);
                }
                _ => {}
            }
        }
        let frame = self.frames.pop().expect("the frame pushed above");
        let mut variables = frame.variables;
        if !frame.copies.is_empty() {
            variables.insert("copy".into(), Value::Array(frame.copies));
        }
        let mut out = Map::new();
        out.insert("$schema".into(), json!(schema(&frame.target)));
        out.insert("languageVersion".into(), json!("2.0"));
        out.insert("contentVersion".into(), json!("1.0.0.0"));
        out.insert("parameters".into(), Value::Object(frame.parameters));
        out.insert("variables".into(), Value::Object(variables));
        out.insert("resources".into(), Value::Object(frame.resources));
        Value::Object(out)
    }

    /// A resource's body: the object, with its condition or loop.
    fn body_parts(
        &mut self,
        scope: usize,
        value: &E,
        name: &str,
        at: &JsonPointer,
    ) -> (usize, E, Map<String, Value>) {
        let mut extra = Map::new();
        match &value.kind {
            Kind::If { condition, body } => {
                let c = self.arm(scope, condition);
                extra.insert("condition".into(), json!(format!("[{c}]")));
                self.origins.insert(
                    at.clone().key("condition").as_str().to_owned(),
                    (scope, condition.clone()),
                );
                (scope, body.clone(), extra)
            }
            Kind::For {
                item,
                index,
                collection,
                filter,
                body,
            } => {
                let coll = self.arm(scope, collection);
                let mut binds = Vec::new();
                if let Some(item) = item {
                    binds.push(Bind {
                        name: item.clone(),
                        arm: format!("{coll}[copyIndex()]"),
                        item: Some((scope, collection.clone(), None)),
                    });
                }
                if let Some(index) = index {
                    binds.push(Bind {
                        name: index.clone(),
                        arm: "copyIndex()".into(),
                        item: None,
                    });
                }
                let unit = self.scopes[scope].unit;
                let inner = self.new_scope(unit, Some(scope), binds, false);
                extra.insert(
                    "copy".into(),
                    json!({ "name": name, "count": format!("[length({coll})]") }),
                );
                if let Some(filter) = filter {
                    let c = self.arm(inner, filter);
                    extra.insert("condition".into(), json!(format!("[{c}]")));
                }
                (inner, body.clone(), extra)
            }
            _ => (scope, value.clone(), extra),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resource(
        &mut self,
        scope: usize,
        name: &str,
        ty: &str,
        ty_span: Span,
        existing: bool,
        value: &E,
        span: Span,
        target: &str,
        target_written: bool,
        depth: usize,
    ) {
        let file = self.file_of(scope);
        let Some((rtype, api)) = ty.split_once('@') else {
            self.report(
                Rule::BicepSyntax,
                file,
                ty_span,
                format!("expected a resource type of the form `<type>@<apiVersion>`, found `{ty}` (Bicep's BCP029)"),
            );
            return;
        };
        let base = self
            .frames
            .last()
            .map(|f| f.base.clone())
            .unwrap_or_default();
        let at = base.key("resources").key(name);
        let (inner, body, mut out) = self.body_parts(scope, value, name, &at);
        let Kind::Object(props) = &body.kind else {
            let what = match &body.kind {
                Kind::Unsupported(what) => what,
                _ => "a resource body that is not an object",
            };
            let _ = self.unknown(scope, body.span, what);
            return;
        };
        for prop in props {
            match prop {
                Prop::Pair { key, value } if key == "name" => {
                    let v = self.json(inner, value, &at.clone().key("name"));
                    out.insert("name".into(), v);
                }
                Prop::Pair { key, value }
                    if matches!(
                        key.as_str(),
                        "properties" | "plan" | "location" | "tags" | "sku" | "kind" | "identity"
                    ) =>
                {
                    let v = self.json(inner, value, &at.clone().key(key));
                    out.insert(key.clone(), v);
                }
                Prop::Pair { key, value }
                    if key == "dependsOn" || key == "scope" || key == "parent" =>
                {
                    // Checked for names; not needed to find the delegation.
                    self.check_names(inner, value, 0);
                }
                Prop::Pair { value, .. } | Prop::Spread(value) => {
                    let _ = self.arm(inner, value);
                }
            }
        }
        if existing {
            return;
        }
        if rtype.eq_ignore_ascii_case(DEFINITION_TYPE) && depth == 0 && target != "subscription" {
            self.misplaced.push(name.to_owned());
            let message = if target_written {
                format!(
                    "the registration definition `{name}` is in a file with `targetScope = '{target}'`, but it is a subscription resource and the provider refuses it elsewhere (InvalidRegistrationDefinitionUri); write `targetScope = 'subscription'`"
                )
            } else {
                format!(
                    "the registration definition `{name}` is in a file without `targetScope`, which deploys to a resource group; it is a subscription resource and the provider refuses it there (InvalidRegistrationDefinitionUri): write `targetScope = 'subscription'`"
                )
            };
            self.report(
                Rule::MissingTargetScope,
                file,
                span_head(span, ty_span),
                message,
            );
        }
        out.insert("type".into(), json!(rtype));
        out.insert("apiVersion".into(), json!(api));
        self.origins.insert(
            at.clone().key("apiVersion").as_str().to_owned(),
            (scope, syntax_string(ty_span, ty)),
        );
        self.origins.insert(
            at.clone().key("type").as_str().to_owned(),
            (scope, syntax_string(ty_span, ty)),
        );
        self.origins
            .insert(at.as_str().to_owned(), (scope, syntax_string(ty_span, ty)));
        self.frame()
            .resources
            .insert(name.to_owned(), Value::Object(out));
    }

    #[allow(
        clippy::too_many_arguments,
        clippy::too_many_lines,
        clippy::single_match_else
    )]
    fn module(
        &mut self,
        scope: usize,
        name: &str,
        path: &str,
        path_span: Span,
        value: &E,
        reader: &Reader<'_>,
        depth: usize,
    ) {
        let file = self.file_of(scope);
        if is_registry(path) {
            self.incomplete = true;
            self.unsupported(
                file,
                path_span,
                "a module from a registry or a template spec",
            );
            return;
        }
        let resolved = resolve(&self.files[file].path, path);
        if self.module_stack.contains(&resolved) {
            self.report(
                Rule::BicepSyntax,
                file,
                path_span,
                "this module references itself, which Bicep refuses (BCP094)",
            );
            return;
        }
        if depth >= MAX_MODULE_DEPTH {
            self.incomplete = true;
            self.unsupported(file, path_span, "modules nested more than 8 deep");
            return;
        }
        let Some(target) = self.load(&resolved, reader) else {
            self.incomplete = true;
            self.report(
                Rule::BicepFileNotFound,
                file,
                path_span,
                format!("the module's file `{resolved}` cannot be read (Bicep's BCP091/BCP093)"),
            );
            return;
        };
        let base = self
            .frames
            .last()
            .map(|f| f.base.clone())
            .unwrap_or_default();
        let at = base.key("resources").key(name);
        self.origins.insert(
            at.as_str().to_owned(),
            (scope, syntax_string(path_span, path)),
        );
        let (inner, body, mut out) = self.body_parts(scope, value, name, &at);
        let Kind::Object(props) = &body.kind else {
            let _ = self.unknown(scope, body.span, "a module body that is not an object");
            return;
        };
        let mut parameters = Map::new();
        let mut overrides = HashMap::new();
        let mut deployment_name = Value::String(name.to_owned());
        for prop in props {
            match prop {
                Prop::Pair { key, value } if key == "params" => match &value.kind {
                    Kind::Object(params) => {
                        for p in params {
                            match p {
                                Prop::Pair { key, value } => {
                                    let v_at = at
                                        .clone()
                                        .key("properties")
                                        .key("parameters")
                                        .key(key)
                                        .key("value");
                                    let v = self.json(inner, value, &v_at);
                                    parameters.insert(key.clone(), json!({ "value": v }));
                                    overrides
                                        .insert(key.clone(), (inner, value.clone(), value.span));
                                }
                                Prop::Spread(e) => {
                                    self.incomplete = true;
                                    let _ = self.unknown(
                                        inner,
                                        e.span,
                                        "a spread `...` in a module's `params`",
                                    );
                                }
                            }
                        }
                    }
                    _ => {
                        self.incomplete = true;
                        let _ = self.unknown(
                            inner,
                            value.span,
                            "module `params` that are not an object literal",
                        );
                    }
                },
                Prop::Pair { key, value } if key == "name" => {
                    deployment_name = self.json(inner, value, &at.clone().key("name"));
                }
                Prop::Pair { key, value } if key == "scope" => {
                    self.module_scope(inner, value, &at, &mut out);
                }
                Prop::Pair { value, .. } | Prop::Spread(value) => {
                    let _ = self.arm(inner, value);
                }
            }
        }
        self.module_stack.push(resolved.clone());
        let template_at = at.clone().key("properties").key("template");
        let template = if resolved.to_ascii_lowercase().ends_with(".json") {
            match serde_json::from_str::<Value>(&self.files[target].text) {
                Ok(v) => v,
                Err(e) => {
                    self.report(
                        Rule::BicepFileNotFound,
                        file,
                        path_span,
                        format!("the module's ARM template `{resolved}` is not JSON: {e}"),
                    );
                    Value::Object(Map::new())
                }
            }
        } else {
            self.template(target, &template_at, Some(overrides), reader, depth + 1)
        };
        self.module_stack.pop();
        out.insert("type".into(), json!("Microsoft.Resources/deployments"));
        out.insert("apiVersion".into(), json!("2025-04-01"));
        out.insert("name".into(), deployment_name);
        out.insert(
            "properties".into(),
            json!({
                "expressionEvaluationOptions": { "scope": "inner" },
                "mode": "Incremental",
                "parameters": parameters,
                "template": template,
            }),
        );
        self.frame()
            .resources
            .insert(name.to_owned(), Value::Object(out));
    }

    fn module_scope(
        &mut self,
        scope: usize,
        value: &E,
        at: &JsonPointer,
        out: &mut Map<String, Value>,
    ) {
        match &value.kind {
            Kind::Call { name, args, ns } if ns.as_deref().is_none_or(|n| n == "az") => {
                match (name.as_str(), args.as_slice()) {
                    ("resourceGroup", [group]) => {
                        let v = self.json(scope, group, &at.clone().key("resourceGroup"));
                        out.insert("resourceGroup".into(), v);
                    }
                    ("resourceGroup", [subscription, group]) => {
                        let s = self.json(scope, subscription, &at.clone().key("subscriptionId"));
                        out.insert("subscriptionId".into(), s);
                        let v = self.json(scope, group, &at.clone().key("resourceGroup"));
                        out.insert("resourceGroup".into(), v);
                    }
                    ("subscription", [subscription]) => {
                        let s = self.json(scope, subscription, &at.clone().key("subscriptionId"));
                        out.insert("subscriptionId".into(), s);
                    }
                    ("subscription" | "resourceGroup" | "tenant" | "managementGroup", _) => {
                        for a in args {
                            let _ = self.arm(scope, a);
                        }
                    }
                    _ => {
                        self.incomplete = true;
                        let _ = self.unknown(
                            scope,
                            value.span,
                            "a module scope other than `subscription()` or `resourceGroup(…)`",
                        );
                    }
                }
            }
            Kind::Ident(sym) => {
                let found = self.lookup(scope, sym);
                match found {
                    Some(Found2::Sym(_, Sym::Resource(r)))
                        if r.ty
                            .eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") =>
                    {
                        let name = r.name.clone().unwrap_or_else(|| format!("{MARKER}()"));
                        out.insert("resourceGroup".into(), json!(format!("[{name}]")));
                    }
                    _ => {
                        let _ = self.arm(scope, value);
                        self.incomplete = true;
                        let _ = self.unknown(scope, value.span, "a module scope given by a symbol");
                    }
                }
            }
            _ => {
                self.incomplete = true;
                let _ = self.unknown(
                    scope,
                    value.span,
                    "a module scope other than `subscription()` or `resourceGroup(…)`",
                );
            }
        }
    }

    // ---- expressions ----

    /// Reports the undefined names of an expression that is not lowered (`dependsOn`, an
    /// output), without lowering it.
    fn check_names(&mut self, scope: usize, e: &E, depth: usize) {
        if depth > syntax::MAX_DEPTH * 2 {
            return;
        }
        let walk = |me: &mut Self, x: &E| me.check_names(scope, x, depth + 1);
        match &e.kind {
            Kind::Ident(name) => {
                if self.lookup(scope, name).is_none() {
                    let _ = self.undefined(scope, e, name);
                }
            }
            Kind::Interp(parts) => {
                for p in parts {
                    if let Part::Expr(x) = p {
                        walk(self, x);
                    }
                }
            }
            Kind::Array(items) => {
                for Item::Value(x) | Item::Spread(x) in items {
                    walk(self, x);
                }
            }
            Kind::Object(props) => {
                for p in props {
                    match p {
                        Prop::Pair { value, .. } | Prop::Spread(value) => walk(self, value),
                    }
                }
            }
            Kind::Call { ns, args, .. } => {
                if let Some(ns) = ns
                    && ns != "sys"
                    && ns != "az"
                    && self.lookup(scope, ns).is_none()
                {
                    let _ = self.undefined(scope, e, ns);
                }
                for a in args {
                    walk(self, a);
                }
            }
            Kind::Member { target, .. } | Kind::Not(target) | Kind::Neg(target) => {
                walk(self, target);
            }
            Kind::Index { target, index, .. } => {
                walk(self, target);
                walk(self, index);
            }
            Kind::Binary(_, a, b) => {
                walk(self, a);
                walk(self, b);
            }
            Kind::Ternary(c, a, b) => {
                walk(self, c);
                walk(self, a);
                walk(self, b);
            }
            Kind::If { condition, body } => {
                walk(self, condition);
                walk(self, body);
            }
            Kind::For {
                item,
                index,
                collection,
                filter,
                body,
            } => {
                walk(self, collection);
                let binds = [item, index]
                    .into_iter()
                    .flatten()
                    .map(|name| Bind {
                        name: name.clone(),
                        arm: String::new(),
                        item: None,
                    })
                    .collect();
                let unit = self.scopes[scope].unit;
                let inner = self.new_scope(unit, Some(scope), binds, false);
                if let Some(f) = filter {
                    self.check_names(inner, f, depth + 1);
                }
                self.check_names(inner, body, depth + 1);
            }
            Kind::Str(_) | Kind::Int(_) | Kind::Bool(_) | Kind::Null | Kind::Unsupported(_) => {}
        }
    }

    fn lookup(&mut self, scope: usize, name: &str) -> Option<Found2> {
        let mut current = Some(scope);
        let mut crossed = false;
        while let Some(s) = current {
            if let Some(b) = self.scopes[s].binds.iter().rev().find(|b| b.name == name) {
                return Some(Found2::Bind(b.clone(), crossed));
            }
            crossed |= self.scopes[s].barrier;
            current = self.scopes[s].parent;
        }
        let unit = self.scopes[scope].unit;
        let sym = self.units[unit].symbols.get(name)?.clone();
        Some(Found2::Sym(unit, sym))
    }

    /// A value in a JSON place of the template, with its origin.
    fn json(&mut self, scope: usize, e: &E, at: &JsonPointer) -> Value {
        self.origins
            .insert(at.as_str().to_owned(), (scope, e.clone()));
        match &e.kind {
            Kind::Str(text) => literal(text),
            Kind::Int(n) => json!(n),
            Kind::Bool(b) => json!(b),
            Kind::Null => Value::Null,
            Kind::Array(items) if items.iter().all(|i| matches!(i, Item::Value(_))) => {
                Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| match item {
                            Item::Value(v) | Item::Spread(v) => {
                                self.json(scope, v, &at.clone().index(i))
                            }
                        })
                        .collect(),
                )
            }
            Kind::Object(props) if props.iter().all(|p| matches!(p, Prop::Pair { .. })) => {
                let mut map = Map::new();
                for p in props {
                    if let Prop::Pair { key, value } = p {
                        let v = self.json(scope, value, &at.clone().key(key));
                        map.insert(key.clone(), v);
                    }
                }
                Value::Object(map)
            }
            // A spread of variables written as literals: merged here, as Bicep's
            // `shallowMerge` would, so that the ARM reader sees an object.
            Kind::Object(props) => match self.flat_object(scope, props, 0) {
                Some(flat) => {
                    let mut map = Map::new();
                    for (key, s, value) in flat {
                        let v = self.json(s, &value, &at.clone().key(&key));
                        map.insert(key, v);
                    }
                    Value::Object(map)
                }
                None => Value::String(format!("[{}]", self.arm(scope, e))),
            },
            Kind::Array(items) => match self.flat_array(scope, items, 0) {
                Some(flat) => Value::Array(
                    flat.into_iter()
                        .enumerate()
                        .map(|(i, (s, value))| self.json(s, &value, &at.clone().index(i)))
                        .collect(),
                ),
                None => Value::String(format!("[{}]", self.arm(scope, e))),
            },
            Kind::Call { ns, name, args }
                if ns.as_deref().is_none_or(|n| n == "sys")
                    && name == "loadJsonContent"
                    && args.len() == 1 =>
            {
                match self.load_json(scope, e, &args[0]) {
                    Some(value) => escaped(value),
                    None => Value::String(format!("[{MARKER}()]")),
                }
            }
            _ => Value::String(format!("[{}]", self.arm(scope, e))),
        }
    }

    /// The literal a spread names, when it is a variable written as an object or array
    /// literal: the scope to read it in and the literal.
    fn spread_literal(&mut self, scope: usize, e: &E) -> Option<(usize, E)> {
        let Kind::Ident(name) = &e.kind else {
            return None;
        };
        let (unit, sym) = match self.lookup(scope, name)? {
            Found2::Sym(unit, sym) => (unit, sym),
            Found2::Bind(..) => return None,
        };
        let (unit, value) = match sym {
            Sym::Var(value) => (unit, value),
            Sym::Imported { unit, name } => match self.units[unit].symbols.get(&name)? {
                Sym::Var(value) => (unit, value.clone()),
                _ => return None,
            },
            _ => return None,
        };
        self.spread_work += 1;
        if self.spread_work > MAX_SPREAD_WORK {
            return None;
        }
        // The variable is still lowered, for its own findings (not while tracing).
        if !self.frames.is_empty() {
            let _ = self.arm(scope, e);
        }
        Some((self.units[unit].root, value))
    }

    fn flat_object(
        &mut self,
        scope: usize,
        props: &[Prop],
        depth: usize,
    ) -> Option<Vec<(String, usize, E)>> {
        if depth > 8 {
            return None;
        }
        let mut out: Vec<(String, usize, E)> = Vec::new();
        for p in props {
            match p {
                Prop::Pair { key, value } => {
                    out.retain(|(k, _, _)| k != key);
                    out.push((key.clone(), scope, value.clone()));
                }
                Prop::Spread(x) => {
                    let (s, value) = self.spread_literal(scope, x)?;
                    let Kind::Object(inner) = &value.kind else {
                        return None;
                    };
                    let flat = self.flat_object(s, inner, depth + 1)?;
                    self.spread_work += flat.len();
                    for (key, s, value) in flat {
                        out.retain(|(k, _, _)| *k != key);
                        out.push((key, s, value));
                    }
                }
            }
        }
        Some(out)
    }

    fn flat_array(
        &mut self,
        scope: usize,
        items: &[Item],
        depth: usize,
    ) -> Option<Vec<(usize, E)>> {
        if depth > 8 {
            return None;
        }
        let mut out = Vec::new();
        for item in items {
            match item {
                Item::Value(v) => out.push((scope, v.clone())),
                Item::Spread(x) => {
                    let (s, value) = self.spread_literal(scope, x)?;
                    let Kind::Array(inner) = &value.kind else {
                        return None;
                    };
                    let flat = self.flat_array(s, inner, depth + 1)?;
                    self.spread_work += flat.len();
                    out.extend(flat);
                }
            }
        }
        Some(out)
    }

    /// A `for` expression as a variable with a copy loop (as Bicep does for variables): the
    /// ARM text that names it.
    fn hoist(&mut self, scope: usize, e: &E, name: Option<&str>) -> String {
        let Kind::For {
            item,
            index,
            collection,
            filter,
            body,
        } = &e.kind
        else {
            return self.arm(scope, e);
        };
        if filter.is_some() {
            return self.unknown(
                scope,
                e.span,
                "a `for` loop with an `if` filter outside a resource or module",
            );
        }
        let var = if let Some(n) = name {
            n.to_owned()
        } else {
            self.loops += 1;
            format!("__bicepLoop{}", self.loops)
        };
        let coll = self.arm(scope, collection);
        let mut binds = Vec::new();
        if let Some(item) = item {
            binds.push(Bind {
                name: item.clone(),
                arm: format!("{coll}[copyIndex({})]", quote(&var)),
                item: Some((scope, collection.clone(), None)),
            });
        }
        if let Some(index) = index {
            binds.push(Bind {
                name: index.clone(),
                arm: format!("copyIndex({})", quote(&var)),
                item: None,
            });
        }
        let unit = self.scopes[scope].unit;
        let inner = self.new_scope(unit, Some(scope), binds, true);
        let base = self
            .frames
            .last()
            .map(|f| f.base.clone())
            .unwrap_or_default();
        let n = self.frames.last().map_or(0, |f| f.copies.len());
        let input_at = base.key("variables").key("copy").index(n).key("input");
        let input = self.json(inner, body, &input_at);
        self.frame().copies.push(json!({
            "name": var,
            "count": format!("[length({coll})]"),
            "input": input,
        }));
        format!("variables({})", quote(&var))
    }

    /// The ARM expression text of a Bicep expression.
    #[allow(clippy::too_many_lines)]
    fn arm(&mut self, scope: usize, e: &E) -> String {
        match &e.kind {
            Kind::Str(text) => quote(text),
            Kind::Interp(parts) => {
                let mut format = String::new();
                let mut args = Vec::new();
                for part in parts {
                    match part {
                        Part::Text(t) => format.push_str(&t.replace('{', "{{").replace('}', "}}")),
                        Part::Expr(x) => {
                            let _ = write!(format, "{{{}}}", args.len());
                            args.push(self.arm(scope, x));
                        }
                    }
                }
                let mut out = format!("format({}", quote(&format));
                for a in args {
                    out.push_str(", ");
                    out.push_str(&a);
                }
                out.push(')');
                out
            }
            Kind::Int(n) => n.to_string(),
            Kind::Bool(true) => "true()".into(),
            Kind::Bool(false) => "false()".into(),
            Kind::Null => "null()".into(),
            Kind::Ident(name) => self.reference(scope, e, name),
            Kind::Array(items) => {
                let mut groups: Vec<String> = Vec::new();
                let mut plain: Vec<String> = Vec::new();
                for item in items {
                    match item {
                        Item::Value(v) => plain.push(self.arm(scope, v)),
                        Item::Spread(v) => {
                            if !plain.is_empty() {
                                groups.push(format!("createArray({})", plain.join(", ")));
                                plain.clear();
                            }
                            groups.push(self.arm(scope, v));
                        }
                    }
                }
                if groups.is_empty() {
                    return format!("createArray({})", plain.join(", "));
                }
                if !plain.is_empty() {
                    groups.push(format!("createArray({})", plain.join(", ")));
                }
                if groups.len() == 1 {
                    format!("concat({}, createArray())", groups[0])
                } else {
                    format!("concat({})", groups.join(", "))
                }
            }
            Kind::Object(props) => {
                let mut groups: Vec<String> = Vec::new();
                let mut plain: Vec<String> = Vec::new();
                for p in props {
                    match p {
                        Prop::Pair { key, value } => {
                            let v = self.arm(scope, value);
                            plain.push(format!("{}, {v}", quote(key)));
                        }
                        Prop::Spread(v) => {
                            if !plain.is_empty() {
                                groups.push(format!("createObject({})", plain.join(", ")));
                                plain.clear();
                            }
                            groups.push(self.arm(scope, v));
                        }
                    }
                }
                if groups.is_empty() {
                    return format!("createObject({})", plain.join(", "));
                }
                if !plain.is_empty() {
                    groups.push(format!("createObject({})", plain.join(", ")));
                }
                if groups.len() == 1 {
                    format!("union(createObject(), {})", groups[0])
                } else {
                    format!("union({})", groups.join(", "))
                }
            }
            Kind::Call { ns, name, args } => self.call(scope, e, ns.as_deref(), name, args),
            Kind::Member { target, name, safe } => {
                if let Kind::Ident(sym) = &target.kind
                    && let Some(text) = self.member_of_symbol(scope, target, sym, name, e)
                {
                    return text;
                }
                if let Some(text) = self.member_of_item(scope, target, name) {
                    return text;
                }
                let t = self.arm(scope, target);
                if *safe {
                    format!("if(contains({t}, {}), {t}.{name}, null())", quote(name))
                } else {
                    format!("{t}.{name}")
                }
            }
            Kind::Index {
                target,
                index,
                safe,
                from_end,
            } => {
                if *safe {
                    return self.unknown(scope, e.span, "a safe index `[?…]`");
                }
                let t = self.arm(scope, target);
                let i = self.arm(scope, index);
                if *from_end {
                    format!("{t}[sub(length({t}), {i})]")
                } else {
                    format!("{t}[{i}]")
                }
            }
            Kind::Not(x) => format!("not({})", self.arm(scope, x)),
            Kind::Neg(x) => format!("sub(0, {})", self.arm(scope, x)),
            Kind::Binary(op, a, b) => {
                let a = self.arm(scope, a);
                let b = self.arm(scope, b);
                match op {
                    Op::Coalesce => format!("coalesce({a}, {b})"),
                    Op::Or => format!("or({a}, {b})"),
                    Op::And => format!("and({a}, {b})"),
                    Op::Eq => format!("equals({a}, {b})"),
                    Op::Ne => format!("not(equals({a}, {b}))"),
                    Op::EqI => format!("equals(toLower({a}), toLower({b}))"),
                    Op::NeI => format!("not(equals(toLower({a}), toLower({b})))"),
                    Op::Lt => format!("less({a}, {b})"),
                    Op::Le => format!("lessOrEquals({a}, {b})"),
                    Op::Gt => format!("greater({a}, {b})"),
                    Op::Ge => format!("greaterOrEquals({a}, {b})"),
                    Op::Add => format!("add({a}, {b})"),
                    Op::Sub => format!("sub({a}, {b})"),
                    Op::Mul => format!("mul({a}, {b})"),
                    Op::Div => format!("div({a}, {b})"),
                    Op::Mod => format!("mod({a}, {b})"),
                }
            }
            Kind::Ternary(c, a, b) => {
                let c = self.arm(scope, c);
                let a = self.arm(scope, a);
                let b = self.arm(scope, b);
                format!("if({c}, {a}, {b})")
            }
            Kind::For { .. } => self.hoist(scope, e, None),
            Kind::If { .. } => self.unknown(scope, e.span, "`if` outside a resource or module"),
            Kind::Unsupported(what) => self.unknown(scope, e.span, what),
        }
    }

    fn call(&mut self, scope: usize, e: &E, ns: Option<&str>, name: &str, args: &[E]) -> String {
        if let Some(ns) = ns
            && ns != "sys"
            && ns != "az"
        {
            return match self.lookup(scope, ns) {
                Some(Found2::Sym(_, Sym::Namespace(_))) => {
                    self.unknown(scope, e.span, "a user-defined function (`func`)")
                }
                Some(_) => self.unknown(scope, e.span, "a method call on a value"),
                None => self.undefined(scope, e, ns),
            };
        }
        match (name, args) {
            ("loadJsonContent", [path]) => {
                return match self.load_json(scope, e, path) {
                    Some(value) => {
                        let text = value.to_string();
                        if text.len() > INLINE_LIMIT {
                            self.unknown(
                                scope,
                                e.span,
                                "`loadJsonContent` of a file too large to inline in an expression",
                            )
                        } else {
                            format!("json({})", quote(&text))
                        }
                    }
                    None => format!("{MARKER}()"),
                };
            }
            ("loadTextContent", [path]) => {
                return match self.load_text(scope, e, path, name) {
                    Some(text) if text.len() <= INLINE_LIMIT => quote(&text),
                    Some(_) => self.unknown(
                        scope,
                        e.span,
                        "`loadTextContent` of a file too large to inline in an expression",
                    ),
                    None => format!("{MARKER}()"),
                };
            }
            _ => {}
        }
        match name {
            "loadTextContent" | "loadJsonContent" | "loadYamlContent" | "loadFileAsBase64" => {
                return self.unknown(
                    scope,
                    e.span,
                    &format!("`{name}` (a file read when Bicep builds)"),
                );
            }
            "readEnvironmentVariable" => {
                return self.unknown(
                    scope,
                    e.span,
                    "`readEnvironmentVariable` (read when Bicep builds)",
                );
            }
            "getSecret" => {
                return self.unknown(
                    scope,
                    e.span,
                    "`getSecret` (a Key Vault secret read at deployment)",
                );
            }
            _ => {}
        }
        if ns.is_none()
            && let Some(Found2::Sym(_, Sym::Namespace(_) | Sym::Imported { .. })) =
                self.lookup(scope, name)
        {
            return self.unknown(scope, e.span, "a user-defined function (`func`)");
        }
        let args: Vec<String> = args.iter().map(|a| self.arm(scope, a)).collect();
        format!("{name}({})", args.join(", "))
    }

    /// The text of the file a `loadJsonContent` or `loadTextContent` call names (a literal path,
    /// relative to the file of the call), or `None`, reported, when it cannot be read.
    fn load_text(&mut self, scope: usize, e: &E, path: &E, function: &str) -> Option<String> {
        let file = self.file_of(scope);
        let Kind::Str(relative) = &path.kind else {
            self.unsupported(
                file,
                e.span,
                &format!("`{function}` of a path that is not a literal"),
            );
            return None;
        };
        let resolved = resolve(&self.files[file].path, relative);
        let text = (self.reader)(&resolved).filter(|t| t.len() <= crate::Offer::MAX_DOCUMENT_BYTES);
        if text.is_none() {
            self.report(
                Rule::BicepFileNotFound,
                file,
                path.span,
                format!("the file `{resolved}` that `{function}` names cannot be read (Bicep's BCP091/BCP093)"),
            );
        }
        text
    }

    /// The JSON value of the file a `loadJsonContent` call names.
    fn load_json(&mut self, scope: usize, e: &E, path: &E) -> Option<Value> {
        let text = self.load_text(scope, e, path, "loadJsonContent")?;
        match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
            Ok(value) => Some(value),
            Err(error) => {
                let file = self.file_of(scope);
                self.report(
                    Rule::BicepFileNotFound,
                    file,
                    path.span,
                    format!("the file that `loadJsonContent` names is not JSON: {error}"),
                );
                None
            }
        }
    }

    fn undefined(&mut self, scope: usize, e: &E, name: &str) -> String {
        let file = self.file_of(scope);
        self.report(
            Rule::UndefinedSymbol,
            file,
            e.span,
            format!("the name `{name}` does not exist in the current context (Bicep's BCP057)"),
        );
        format!("{MARKER}()")
    }

    fn reference(&mut self, scope: usize, e: &E, name: &str) -> String {
        match self.lookup(scope, name) {
            None => self.undefined(scope, e, name),
            Some(Found2::Bind(_, true)) => self.unknown(
                scope,
                e.span,
                "a loop inside a loop that uses the outer loop's item",
            ),
            Some(Found2::Bind(b, false)) => b.arm,
            Some(Found2::Sym(unit, sym)) => self.symbol(scope, e, unit, name, &sym),
        }
    }

    fn symbol(&mut self, scope: usize, e: &E, unit: usize, name: &str, sym: &Sym) -> String {
        let frame_unit = self.frames.last().map_or(usize::MAX, |f| f.unit);
        match sym {
            Sym::Param(_) if unit == frame_unit => format!("parameters({})", quote(name)),
            Sym::Var(_) if unit == frame_unit => format!("variables({})", quote(name)),
            Sym::Var(value) => self.foreign_variable(unit, name, value),
            Sym::Imported { unit, name } => {
                let unit = *unit;
                let name = name.clone();
                match self.units[unit].symbols.get(&name).cloned() {
                    Some(Sym::Var(value)) => self.foreign_variable(unit, &name, &value),
                    Some(inner @ Sym::Imported { .. }) => {
                        self.symbol(scope, e, unit, &name, &inner)
                    }
                    _ => self.unknown(scope, e.span, "an imported symbol that is not a variable"),
                }
            }
            Sym::Param(_) => self.unknown(scope, e.span, "a parameter of an imported file"),
            Sym::Namespace(_) => self.unknown(scope, e.span, "a namespace used as a value"),
            Sym::Resource(_) => self.unknown(scope, e.span, "a resource used as a value"),
            Sym::Module(_) => self.unknown(scope, e.span, "a module used as a value"),
            Sym::Type => self.unknown(scope, e.span, "a type used as a value"),
            Sym::Unsupported(what) => self.unknown(scope, e.span, what),
        }
    }

    /// A variable of another unit (an import, the `.bicepparam`), lowered into the current
    /// frame once, under a name of its own.
    fn foreign_variable(&mut self, unit: usize, name: &str, value: &E) -> String {
        let key = (unit, name.to_owned());
        if let Some(existing) = self.frames.last().and_then(|f| f.imported.get(&key)) {
            return format!("variables({})", quote(existing));
        }
        let var = format!("_{unit}.{name}");
        self.frame().imported.insert(key, var.clone());
        let root = self.units[unit].root;
        let base = self
            .frames
            .last()
            .map(|f| f.base.clone())
            .unwrap_or_default();
        let at = base.key("variables").key(&var);
        if let Kind::For { .. } = value.kind {
            let _ = self.hoist(root, value, Some(&var));
            self.origins
                .insert(at.as_str().to_owned(), (root, value.clone()));
        } else {
            let v = self.json(root, value, &at);
            self.frame().variables.insert(var.clone(), v);
        }
        format!("variables({})", quote(&var))
    }

    /// The ARM text of `e` with a loop's item bound to the collection's item at `index` (an
    /// ARM text).
    #[allow(clippy::too_many_arguments)]
    fn with_item(
        &mut self,
        scope: usize,
        item: Option<&String>,
        index_name: Option<&String>,
        collection: &E,
        coll: &str,
        index: &str,
        e: &E,
    ) -> String {
        let mut binds = Vec::new();
        if let Some(item) = item {
            binds.push(Bind {
                name: item.clone(),
                arm: format!("{coll}[{index}]"),
                item: Some((scope, collection.clone(), None)),
            });
        }
        if let Some(name) = index_name {
            binds.push(Bind {
                name: name.clone(),
                arm: index.to_owned(),
                item: None,
            });
        }
        let unit = self.scopes[scope].unit;
        let inner = self.new_scope(unit, Some(scope), binds, false);
        self.arm(inner, e)
    }

    /// `sym[i].x` where `sym` is a resource declared with a loop.
    fn member_of_item(&mut self, scope: usize, target: &E, member: &str) -> Option<String> {
        let Kind::Index {
            target: inner,
            index,
            safe: false,
            from_end: false,
        } = &target.kind
        else {
            return None;
        };
        let Kind::Ident(sym) = &inner.kind else {
            return None;
        };
        let Some(Found2::Sym(_, Sym::Resource(r))) = self.lookup(scope, sym) else {
            return None;
        };
        let (item, index_name, collection, each_scope, written) = r.each.clone()?;
        let i = self.arm(scope, index);
        let coll = self.arm(each_scope, &collection);
        let name = self.with_item(
            each_scope,
            item.as_ref(),
            index_name.as_ref(),
            &collection,
            &coll,
            &i,
            &written,
        );
        Some(match member {
            "id" => format!("{}({}, {name})", r.scope, quote(&r.ty)),
            "name" => name,
            _ => format!(
                "reference({}({}, {name}), {}, 'full').{member}",
                r.scope,
                quote(&r.ty),
                quote(&r.api)
            ),
        })
    }

    /// `sym.x` where `sym` is a resource, a module or a namespace.
    fn member_of_symbol(
        &mut self,
        scope: usize,
        target: &E,
        sym: &str,
        member: &str,
        e: &E,
    ) -> Option<String> {
        match self.lookup(scope, sym)? {
            Found2::Sym(_, Sym::Resource(r)) => {
                let name = r.name.clone().unwrap_or_else(|| format!("{MARKER}()"));
                Some(match member {
                    "id" => format!("{}({}, {name})", r.scope, quote(&r.ty)),
                    "name" => name,
                    "type" => quote(&r.ty),
                    "apiVersion" => quote(&r.api),
                    _ => format!(
                        "reference({}({}, {name}), {}, 'full').{member}",
                        r.scope,
                        quote(&r.ty),
                        quote(&r.api)
                    ),
                })
            }
            Found2::Sym(_, Sym::Module(m)) => Some(match member {
                "name" => quote(&m),
                _ => format!("reference({}).{member}", quote(&m)),
            }),
            Found2::Sym(_, Sym::Namespace(target_unit)) => {
                let Some(sym) = self.units[target_unit].symbols.get(member).cloned() else {
                    return Some(self.undefined(scope, target, &format!("{sym}.{member}")));
                };
                Some(self.symbol(scope, e, target_unit, member, &sym))
            }
            _ => None,
        }
    }

    // ---- back from the template to the Bicep files ----

    /// Where a value at `pointer` of the template is written: a file and a span.
    pub(crate) fn locate(&mut self, pointer: &JsonPointer) -> Option<(usize, Span)> {
        let tokens: Vec<String> = pointer.tokens().collect();
        for n in (0..=tokens.len()).rev() {
            let prefix = tokens[..n]
                .iter()
                .fold(JsonPointer::root(), |p, t| p.key(t));
            if let Some((scope, e)) = self.origins.get(prefix.as_str()).cloned() {
                let mut budget = MAX_TRACE;
                return Some(self.trace(scope, &e, &tokens[n..], &mut budget));
            }
        }
        None
    }

    fn trace(&mut self, scope: usize, e: &E, path: &[String], budget: &mut usize) -> (usize, Span) {
        let (scope, node, _) = self.reach(scope, e, path, budget);
        (self.file_of(scope), node.span)
    }

    /// The expression a path leads to from `e`, as far as it can be followed without
    /// evaluating: the scope, the expression reached, and how many tokens of the path are left.
    #[allow(clippy::too_many_lines)]
    fn reach(
        &mut self,
        scope: usize,
        e: &E,
        path: &[String],
        budget: &mut usize,
    ) -> (usize, E, usize) {
        let here = (scope, e.clone(), path.len());
        if *budget == 0 {
            return here;
        }
        *budget -= 1;
        let prepend = |first: String, path: &[String]| {
            let mut longer = vec![first];
            longer.extend_from_slice(path);
            longer
        };
        match &e.kind {
            Kind::Object(props) => {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                if let Some(flat) = self.flat_object(scope, props, 0) {
                    return match flat
                        .into_iter()
                        .rev()
                        .find(|(k, _, _)| k.eq_ignore_ascii_case(first))
                    {
                        Some((_, s, v)) => self.reach(s, &v, rest, budget),
                        None => here,
                    };
                }
                here
            }
            Kind::Array(items) => {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                let Some(flat) = self.flat_array(scope, items, 0) else {
                    return here;
                };
                match first
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| flat.get(i).cloned())
                {
                    Some((s, v)) => self.reach(s, &v, rest, budget),
                    None => here,
                }
            }
            Kind::Ident(name) => match self.lookup(scope, name) {
                Some(Found2::Bind(b, _)) => match b.item {
                    Some((coll_scope, coll, Some(index))) => {
                        let longer = prepend(index.to_string(), path);
                        self.reach(coll_scope, &coll, &longer, budget)
                    }
                    _ => here,
                },
                Some(Found2::Sym(unit, sym)) => {
                    self.reach_symbol(unit, &sym, path, budget).unwrap_or(here)
                }
                None => here,
            },
            Kind::Member { target, name, .. } => {
                if let Kind::Ident(ns) = &target.kind
                    && let Some(Found2::Sym(_, Sym::Namespace(u))) = self.lookup(scope, ns)
                {
                    let sym = self.units[u].symbols.get(name).cloned();
                    return match sym {
                        Some(sym) => self.reach_symbol(u, &sym, path, budget).unwrap_or(here),
                        None => here,
                    };
                }
                let longer = prepend(name.clone(), path);
                let target = target.clone();
                let reached = self.reach(scope, &target, &longer, budget);
                if reached.2 > path.len() {
                    here
                } else {
                    reached
                }
            }
            Kind::Index {
                target,
                index,
                safe: false,
                from_end: false,
            } => {
                let index = index.clone();
                let key = match self.reach(scope, &index, &[], budget) {
                    (_, node, 0) => match &node.kind {
                        Kind::Int(i) => i.to_string(),
                        Kind::Str(s) => s.clone(),
                        _ => return here,
                    },
                    _ => return here,
                };
                let longer = prepend(key, path);
                let target = target.clone();
                let reached = self.reach(scope, &target, &longer, budget);
                if reached.2 > path.len() {
                    here
                } else {
                    reached
                }
            }
            Kind::Ternary(condition, yes, no) => {
                let condition = condition.clone();
                let branch = match self.static_bool(scope, &condition, budget) {
                    Some(true) => yes.clone(),
                    Some(false) => no.clone(),
                    None => return here,
                };
                self.reach(scope, &branch, path, budget)
            }
            Kind::Call { ns, name, args }
                if ns.as_deref().is_none_or(|n| n == "sys")
                    && name.eq_ignore_ascii_case("concat") =>
            {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                let Ok(mut k) = first.parse::<usize>() else {
                    return here;
                };
                for arg in args {
                    let Some(len) = self.static_len(scope, arg, budget) else {
                        return here;
                    };
                    if k < len {
                        let longer = prepend(k.to_string(), rest);
                        let arg = arg.clone();
                        return self.reach(scope, &arg, &longer, budget);
                    }
                    k -= len;
                }
                here
            }
            Kind::For {
                item,
                index,
                collection,
                filter: None,
                body,
            } => {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                let Ok(k) = first.parse::<usize>() else {
                    return here;
                };
                let mut binds = Vec::new();
                if let Some(item) = item {
                    binds.push(Bind {
                        name: item.clone(),
                        arm: String::new(),
                        item: Some((scope, collection.clone(), Some(k))),
                    });
                }
                if let Some(index) = index {
                    binds.push(Bind {
                        name: index.clone(),
                        arm: String::new(),
                        item: None,
                    });
                }
                let unit = self.scopes[scope].unit;
                let inner = self.new_scope(unit, Some(scope), binds, false);
                let body = body.clone();
                self.reach(inner, &body, rest, budget)
            }
            Kind::If { body, .. } => {
                let body = body.clone();
                self.reach(scope, &body, path, budget)
            }
            _ => here,
        }
    }

    /// A boolean written as a literal (through parameters and variables), if it is one.
    fn static_bool(&mut self, scope: usize, e: &E, budget: &mut usize) -> Option<bool> {
        if let Kind::Not(inner) = &e.kind {
            let inner = inner.clone();
            return self.static_bool(scope, &inner, budget).map(|b| !b);
        }
        match self.reach(scope, e, &[], budget) {
            (_, node, 0) => match node.kind {
                Kind::Bool(b) => Some(b),
                _ => None,
            },
            _ => None,
        }
    }

    /// The length of an array written as a literal (or a loop over one), if it is one.
    fn static_len(&mut self, scope: usize, e: &E, budget: &mut usize) -> Option<usize> {
        let (s, node, left) = self.reach(scope, e, &[], budget);
        if left != 0 || *budget == 0 {
            return None;
        }
        match &node.kind {
            Kind::Array(items) => self.flat_array(s, items, 0).map(|flat| flat.len()),
            Kind::For {
                collection,
                filter: None,
                ..
            } => {
                let collection = collection.clone();
                self.static_len(s, &collection, budget)
            }
            _ => None,
        }
    }

    fn reach_symbol(
        &mut self,
        unit: usize,
        sym: &Sym,
        path: &[String],
        budget: &mut usize,
    ) -> Option<(usize, E, usize)> {
        match sym {
            Sym::Param(Some((scope, value))) => Some(self.reach(*scope, value, path, budget)),
            Sym::Var(value) => {
                let root = self.units[unit].root;
                Some(self.reach(root, value, path, budget))
            }
            Sym::Imported { unit, name: inner } => {
                let sym = self.units[*unit].symbols.get(inner).cloned()?;
                self.reach_symbol(*unit, &sym, path, budget)
            }
            _ => None,
        }
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
