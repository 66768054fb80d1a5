//! Lowering declarations: the template a unit becomes, its resources, its modules and scopes.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::JsonPointer;
use crate::bicep::syntax::{E, Kind, Prop, Span, Stmt};
use crate::rules::Rule;

use super::{
    Bind, DEFINITION_TYPE, Found2, Frame, Lowering, MARKER, MAX_MODULE_DEPTH, Reader, Resource,
    Sym, declared_name, has_decorator, is_registry, parameter_type, resolve, schema, span_head,
    statement_span, syntax_string,
};

impl Lowering<'_> {
    /// Lowers one file into a template (the main file, or a module's file with the parameter
    /// values of its call).
    #[allow(clippy::too_many_lines)]
    pub(super) fn template(
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
        let from_bicepparam = depth == 0 && overrides.is_some();
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
                    } else if from_bicepparam {
                        // A `.bicepparam` must give every parameter without default (BCP258).
                        self.missing_values.push(name.clone());
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
        if from_bicepparam && !self.missing_values.is_empty() {
            self.report_missing_values();
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
    pub(super) fn body_parts(
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
    pub(super) fn resource(
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
                Prop::Pair { key, value } if key == "scope" && !existing => {
                    self.check_resource_scope(inner, name, value, target);
                    self.check_names(inner, value, 0);
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
    pub(super) fn module(
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
        if !resolved.to_ascii_lowercase().ends_with(".json") {
            self.check_module_scope(scope, &body, target, &resolved, path_span);
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

    pub(super) fn module_scope(
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

    /// The kind of scope a `scope:` value names — `resourceGroup`, `subscription`,
    /// `managementGroup` or `tenant` — when it is one of Bicep's scope functions or a
    /// resource group declared in the file; `None` when it is anything else (a resource, for an
    /// extension resource; a value the reader does not follow).
    fn scope_kind(&mut self, scope: usize, value: &E) -> Option<&'static str> {
        match &value.kind {
            Kind::Call { name, ns, .. } if ns.as_deref().is_none_or(|n| n == "az") => {
                ["resourceGroup", "subscription", "managementGroup", "tenant"]
                    .into_iter()
                    .find(|k| k == name)
            }
            Kind::Ident(sym) => match self.lookup(scope, sym) {
                Some(Found2::Sym(_, Sym::Resource(r)))
                    if r.ty
                        .eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") =>
                {
                    Some("resourceGroup")
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// A resource deployed elsewhere than its file's scope, which Bicep does only through a
    /// module (BCP139).
    fn check_resource_scope(&mut self, scope: usize, name: &str, value: &E, target: &str) {
        if let Some(kind) = self.scope_kind(scope, value)
            && kind != "tenant"
            && kind != target
        {
            let file = self.file_of(scope);
            self.report(
                Rule::ResourceScopeNeedsModule,
                file,
                value.span,
                format!(
                    "the resource `{name}` is deployed to a {} from a file whose `targetScope` is '{target}'; Bicep refuses it (BCP139): deploy it through a module whose `targetScope` is '{kind}', with `scope:` on the module",
                    scope_words(kind)
                ),
            );
        }
    }

    /// A module deployed to a scope its file's `targetScope` does not permit (BCP134): the
    /// scope written (`scope:`) or, without one, the calling file's own.
    fn check_module_scope(
        &mut self,
        scope: usize,
        body: &E,
        target: usize,
        resolved: &str,
        path_span: Span,
    ) {
        let file = self.file_of(scope);
        let mut permitted = "resourceGroup".to_owned();
        for stmt in &self.files[target].parsed.statements {
            if let Stmt::TargetScope { value, .. } = stmt {
                match &value.kind {
                    Kind::Str(text) => permitted.clone_from(text),
                    _ => return,
                }
            }
        }
        if !["resourceGroup", "subscription", "managementGroup", "tenant"]
            .contains(&permitted.as_str())
        {
            return;
        }
        let written = match &body.kind {
            Kind::Object(props) => props.iter().find_map(|p| match p {
                Prop::Pair { key, value } if key == "scope" => Some(value.clone()),
                _ => None,
            }),
            _ => return,
        };
        let (kind, span) = match &written {
            Some(value) => match self.scope_kind(scope, value) {
                Some(kind) => (kind.to_owned(), value.span),
                None => return,
            },
            None => match self.frames.last() {
                Some(frame) => (frame.target.clone(), path_span),
                None => return,
            },
        };
        if kind != permitted {
            let how = if written.is_some() {
                "is given the scope of a"
            } else {
                "has no `scope:`, so it deploys to this file's scope, a"
            };
            self.report(
                Rule::ModuleScopeNotPermitted,
                file,
                span,
                format!(
                    "the module `{resolved}` {how} {}, but its `targetScope` is '{permitted}'; Bicep refuses it (BCP134): give it `scope: {}`",
                    scope_words(&kind),
                    match permitted.as_str() {
                        "resourceGroup" => "resourceGroup(…)",
                        "subscription" => "subscription(…)",
                        "managementGroup" => "managementGroup(…)",
                        _ => "tenant()",
                    }
                ),
            );
        }
    }

    /// The parameters of the main file that have no default and no value in its
    /// `.bicepparam` file: one finding at the file's `using` (BCP258).
    fn report_missing_values(&mut self) {
        let Some(params) = self.bicepparam else {
            return;
        };
        let span = self.files[params]
            .parsed
            .statements
            .iter()
            .find_map(|s| match s {
                Stmt::Using { span, .. } => Some(*span),
                _ => None,
            })
            .unwrap_or_default();
        let names: Vec<String> = self
            .missing_values
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        self.report(
            Rule::MissingParameterValue,
            params,
            span,
            format!(
                "the Bicep file declares {} without a default value, and this parameters file gives {} no value; Bicep refuses it (BCP258)",
                if names.len() == 1 {
                    format!("the parameter {}", names[0])
                } else {
                    format!("the parameters {}", names.join(", "))
                },
                if names.len() == 1 { "it" } else { "them" }
            ),
        );
    }

    // ---- expressions ----
}

/// A scope in words: `a resource group`, `the subscription`….
fn scope_words(kind: &str) -> &'static str {
    match kind {
        "resourceGroup" => "resource group",
        "subscription" => "subscription",
        "managementGroup" => "management group",
        _ => "tenant",
    }
}
