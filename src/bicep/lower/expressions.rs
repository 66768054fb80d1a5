//! Lowering expressions: names looked up, values written as JSON or ARM expressions, calls.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::JsonPointer;
use crate::bicep::syntax::{self, E, Item, Kind, Op, Part, Prop};
use crate::rules::Rule;

use super::{
    Bind, Found2, INLINE_LIMIT, Lowering, MARKER, MAX_SPREAD_WORK, Sym, escaped, literal, quote,
    resolve,
};

impl Lowering<'_> {
    /// Reports the undefined names of an expression that is not lowered (`dependsOn`, an
    /// output), without lowering it.
    pub(super) fn check_names(&mut self, scope: usize, e: &E, depth: usize) {
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

    pub(super) fn lookup(&mut self, scope: usize, name: &str) -> Option<Found2> {
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
    pub(super) fn json(&mut self, scope: usize, e: &E, at: &JsonPointer) -> Value {
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
    pub(super) fn spread_literal(&mut self, scope: usize, e: &E) -> Option<(usize, E)> {
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

    pub(super) fn flat_object(
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

    pub(super) fn flat_array(
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
    pub(super) fn hoist(&mut self, scope: usize, e: &E, name: Option<&str>) -> String {
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
    pub(super) fn arm(&mut self, scope: usize, e: &E) -> String {
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

    pub(super) fn call(
        &mut self,
        scope: usize,
        e: &E,
        ns: Option<&str>,
        name: &str,
        args: &[E],
    ) -> String {
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
    pub(super) fn load_text(
        &mut self,
        scope: usize,
        e: &E,
        path: &E,
        function: &str,
    ) -> Option<String> {
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
    pub(super) fn load_json(&mut self, scope: usize, e: &E, path: &E) -> Option<Value> {
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

    pub(super) fn undefined(&mut self, scope: usize, e: &E, name: &str) -> String {
        let file = self.file_of(scope);
        self.report(
            Rule::UndefinedSymbol,
            file,
            e.span,
            format!("the name `{name}` does not exist in the current context (Bicep's BCP057)"),
        );
        format!("{MARKER}()")
    }

    pub(super) fn reference(&mut self, scope: usize, e: &E, name: &str) -> String {
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

    pub(super) fn symbol(
        &mut self,
        scope: usize,
        e: &E,
        unit: usize,
        name: &str,
        sym: &Sym,
    ) -> String {
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
    pub(super) fn foreign_variable(&mut self, unit: usize, name: &str, value: &E) -> String {
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
    pub(super) fn with_item(
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
    pub(super) fn member_of_item(
        &mut self,
        scope: usize,
        target: &E,
        member: &str,
    ) -> Option<String> {
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
    pub(super) fn member_of_symbol(
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
}
