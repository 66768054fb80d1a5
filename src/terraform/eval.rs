//! The evaluator of Terraform's expressions, over hcl-edit's syntax tree: references (`var`,
//! `local`, `each`, `count`, `path`, `data`, `module`, resources), operators, conditionals,
//! `for` expressions, splats, templates and function calls. A value that cannot be known
//! before apply is [`Kind::Unknown`] with the reason; what Terraform refuses is a [`Fault`].

use std::collections::BTreeMap;
use std::rc::Rc;

use hcl_edit::expr::{
    BinaryOperator, Expression, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};

use crate::report::rules::Rule;

use super::functions;
use super::module::{
    Children, Ctx, Fault, Instance, MAX_EVAL_DEPTH, MAX_ITEMS, MAX_MODULE_DEPTH, MAX_WORK, Memo,
    Module, R, Scope, Tree, role_data,
};
use super::value::get;
use super::value::{At, Kind, V, Why};
pub(crate) use super::value::{boolean, index, num, number};

/// The instances of a repeated block: each key (`None` without `count`/`for_each`) and the
/// name it binds (`count` or `each`).
pub(crate) type Instances = Vec<(Option<V>, Option<(String, V)>)>;

/// An evaluation: the module instances and the check's shared state.
pub(crate) struct Ev<'a, 's> {
    pub tree: &'a mut Tree,
    pub cx: &'a mut Ctx<'s>,
}

/// Resource types whose `id` is a registration definition's, linking assignments to it.
pub(crate) const DEFINITION_RESOURCES: [&str; 2] =
    ["azurerm_lighthouse_definition", "azapi_resource"];

impl Ev<'_, '_> {
    fn tick(&mut self, at: Option<At>) -> Result<(), Fault> {
        self.cx.work += 1;
        if self.cx.work > MAX_WORK {
            return Err(Fault::fixed(
                Rule::TerraformInvalidExpression,
                format!(
                    "the module takes more than {MAX_WORK} steps to evaluate, more than the checker does"
                ),
                at,
            ));
        }
        Ok(())
    }

    /// Evaluates `e`, written in file `file` of instance `inst`'s module.
    pub fn eval(&mut self, inst: usize, scope: &mut Scope, file: usize, e: &Expression) -> R {
        let at = Ctx::at_of(file, e);
        self.tick(at)?;
        if self.cx.depth > MAX_EVAL_DEPTH {
            return Err(Fault::fixed(
                Rule::TerraformInvalidExpression,
                format!(
                    "the expression is nested more than {MAX_EVAL_DEPTH} deep, more than the checker reads"
                ),
                at,
            ));
        }
        self.cx.depth += 1;
        let out = self.eval_inner(inst, scope, file, e, at);
        self.cx.depth -= 1;
        out
    }

    #[allow(clippy::too_many_lines)]
    fn eval_inner(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        e: &Expression,
        at: Option<At>,
    ) -> R {
        Ok(match e {
            Expression::Null(_) => V::null(at),
            Expression::Bool(b) => V::new(Kind::Bool(*b.value()), at),
            Expression::Number(n) => V::new(Kind::Number(n.value().as_f64().unwrap_or(0.0)), at),
            Expression::String(s) => V::string(s.value().clone(), at),
            Expression::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    out.push(self.eval(inst, scope, file, item)?);
                }
                V::new(Kind::List(out), at)
            }
            Expression::Object(object) => {
                let mut map = BTreeMap::new();
                for (key, value) in object {
                    let key = match key {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(k) => {
                            match k {
                                // `(name) = …` and `"name" = …`; a bare name is an identifier.
                                Expression::Variable(v) => v.as_str().to_owned(),
                                other => {
                                    let kv = self.eval(inst, scope, file, other)?;
                                    if kv.is_unknown() {
                                        return Ok(kv);
                                    }
                                    match kv.to_text() {
                                        Some(t) => t,
                                        None => {
                                            return Err(Fault::dynamic(
                                                format!(
                                                    "an object key must be a string, found {}",
                                                    kv.type_name()
                                                ),
                                                kv.at,
                                            ));
                                        }
                                    }
                                }
                            }
                        }
                    };
                    let v = self.eval(inst, scope, file, value.expr())?;
                    map.insert(key, v);
                }
                V::new(Kind::Map(map), at)
            }
            Expression::StringTemplate(t) => {
                let elements: Vec<&Element> = t.iter().collect();
                self.template(inst, scope, file, &elements, at)?
            }
            Expression::HeredocTemplate(h) => {
                let mut h = (**h).clone();
                h.dedent();
                let elements: Vec<&Element> = h.template.iter().collect();
                self.template(inst, scope, file, &elements, at)?
            }
            Expression::Parenthesis(p) => self.eval(inst, scope, file, p.inner())?,
            Expression::Variable(name) => self.name(inst, scope, file, name.as_str(), &[], at)?.0,
            Expression::Conditional(c) => {
                let cond = self.eval(inst, scope, file, &c.cond_expr)?;
                match cond.kind {
                    Kind::Bool(true) => self.eval(inst, scope, file, &c.true_expr)?,
                    Kind::Bool(false) => self.eval(inst, scope, file, &c.false_expr)?,
                    Kind::Unknown(_) => cond.at(at),
                    Kind::String(ref s) if s == "true" || s == "false" => {
                        let branch = if s == "true" {
                            &c.true_expr
                        } else {
                            &c.false_expr
                        };
                        self.eval(inst, scope, file, branch)?
                    }
                    _ => {
                        return Err(Fault::dynamic(
                            format!("the condition must be a bool, found {}", cond.type_name()),
                            cond.at.or(at),
                        ));
                    }
                }
            }
            Expression::FuncCall(call) => self.call(inst, scope, file, call, at)?,
            Expression::Traversal(t) => {
                if let Expression::Variable(root) = &t.expr {
                    let ops: Vec<&TraversalOperator> =
                        t.operators.iter().map(hcl_edit::Decorated::value).collect();
                    let (base, used) = self.name(inst, scope, file, root.as_str(), &ops, at)?;
                    self.apply(inst, scope, file, base, &ops[used..], at)?
                } else {
                    let base = self.eval(inst, scope, file, &t.expr)?;
                    let ops: Vec<&TraversalOperator> =
                        t.operators.iter().map(hcl_edit::Decorated::value).collect();
                    self.apply(inst, scope, file, base, &ops, at)?
                }
            }
            Expression::UnaryOp(u) => {
                let v = self.eval(inst, scope, file, &u.expr)?;
                if v.is_unknown() {
                    return Ok(v.at(at));
                }
                match (u.operator.value(), &v.kind) {
                    (UnaryOperator::Neg, _) => V::new(Kind::Number(-number(&v)?), at),
                    (UnaryOperator::Not, _) => V::new(Kind::Bool(!boolean(&v)?), at),
                }
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(inst, scope, file, &b.lhs_expr)?;
                let r = self.eval(inst, scope, file, &b.rhs_expr)?;
                binary(*b.operator.value(), &l, &r, at)?
            }
            Expression::ForExpr(f) => {
                let coll = self.eval(inst, scope, file, &f.intro.collection_expr)?;
                let items: Vec<(V, V)> = match &coll.kind {
                    Kind::Unknown(_) => return Ok(coll.at(at)),
                    Kind::List(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (num(i, coll.at), v.clone()))
                        .collect(),
                    Kind::Map(map) => map
                        .iter()
                        .map(|(k, v)| (V::string(k.clone(), v.at), v.clone()))
                        .collect(),
                    Kind::Null => {
                        return Err(Fault::dynamic("a for expression over null", coll.at.or(at)));
                    }
                    _ => {
                        return Err(Fault::dynamic(
                            format!(
                                "a for expression needs a collection, found {}",
                                coll.type_name()
                            ),
                            coll.at.or(at),
                        ));
                    }
                };
                let mut list = Vec::new();
                let mut map: BTreeMap<String, V> = BTreeMap::new();
                let mut groups: BTreeMap<String, Vec<V>> = BTreeMap::new();
                let mut unknown_key = None;
                for (k, v) in items {
                    let mark = scope.len();
                    if let Some(kv) = &f.intro.key_var {
                        scope.push((kv.as_str().to_owned(), k));
                    }
                    scope.push((f.intro.value_var.as_str().to_owned(), v));
                    let result = (|| -> Result<(), Fault> {
                        if let Some(cond) = &f.cond {
                            let c = self.eval(inst, scope, file, &cond.expr)?;
                            match c.kind {
                                Kind::Bool(false) => return Ok(()),
                                Kind::Bool(true) => {}
                                Kind::Unknown(_) => {
                                    unknown_key = Some(c);
                                    return Ok(());
                                }
                                _ => {
                                    return Err(Fault::dynamic(
                                        format!(
                                            "the `if` of a for expression must be a bool, found {}",
                                            c.type_name()
                                        ),
                                        c.at,
                                    ));
                                }
                            }
                        }
                        let value = self.eval(inst, scope, file, &f.value_expr)?;
                        if let Some(key_expr) = &f.key_expr {
                            let key = self.eval(inst, scope, file, key_expr)?;
                            if key.is_unknown() {
                                unknown_key = Some(key);
                                return Ok(());
                            }
                            let Some(key) = key.to_text() else {
                                return Err(Fault::dynamic(
                                    format!(
                                        "a key of a for expression must be a string, found {}",
                                        key.type_name()
                                    ),
                                    key.at,
                                ));
                            };
                            if f.grouping {
                                groups.entry(key).or_default().push(value);
                            } else {
                                match map.entry(key) {
                                    std::collections::btree_map::Entry::Occupied(e) => {
                                        return Err(Fault::dynamic(
                                            format!(
                                                "two items of the for expression have the key {:?}; add `...` after the value to group them",
                                                e.key()
                                            ),
                                            value.at,
                                        ));
                                    }
                                    std::collections::btree_map::Entry::Vacant(e) => {
                                        e.insert(value);
                                    }
                                }
                            }
                        } else {
                            list.push(value);
                        }
                        Ok(())
                    })();
                    scope.truncate(mark);
                    result?;
                }
                if let Some(u) = unknown_key {
                    return Ok(u.at(at));
                }
                if f.key_expr.is_some() {
                    if f.grouping {
                        for (k, vs) in groups {
                            map.insert(k, V::new(Kind::List(vs), at));
                        }
                    }
                    V::new(Kind::Map(map), at)
                } else {
                    V::new(Kind::List(list), at)
                }
            }
        })
    }

    /// A template: its literal parts and interpolations. One interpolation alone gives its
    /// value as it is (not converted to a string), as HCL does.
    fn template(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        elements: &[&Element],
        at: Option<At>,
    ) -> R {
        if let [Element::Interpolation(i)] = elements {
            return self.eval(inst, scope, file, &i.expr);
        }
        let mut out = String::new();
        let mut unknown: Option<V> = None;
        for element in elements {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => {
                    let v = self.eval(inst, scope, file, &i.expr)?;
                    if v.is_unknown() {
                        // What is known around it is kept: a resource group's name after an
                        // unknown subscription.
                        out.push('\u{0}');
                        unknown.get_or_insert(v);
                        continue;
                    }
                    match v.to_text() {
                        Some(t) => out.push_str(&t),
                        None => {
                            return Err(Fault::dynamic(
                                format!("cannot write a {} into a string template", v.type_name()),
                                v.at.or(at),
                            ));
                        }
                    }
                }
                Element::Directive(d) => match &**d {
                    Directive::If(d) => {
                        let c = self.eval(inst, scope, file, &d.if_expr.cond_expr)?;
                        let chosen: Option<&Template> = match c.kind {
                            Kind::Bool(true) => Some(&d.if_expr.template),
                            Kind::Bool(false) => d.else_expr.as_ref().map(|e| &e.template),
                            Kind::Unknown(_) => return Ok(c.at(at)),
                            _ => {
                                return Err(Fault::dynamic(
                                    "the condition of `%{if}` must be a bool",
                                    c.at,
                                ));
                            }
                        };
                        if let Some(t) = chosen {
                            let inner: Vec<&Element> = t.iter().collect();
                            let v = self.template_text(inst, scope, file, &inner, at)?;
                            match v {
                                Ok(s) => out.push_str(&s),
                                Err(unknown) => return Ok(unknown),
                            }
                        }
                    }
                    Directive::For(d) => {
                        let coll = self.eval(inst, scope, file, &d.for_expr.collection_expr)?;
                        let items: Vec<(V, V)> = match &coll.kind {
                            Kind::Unknown(_) => return Ok(coll.at(at)),
                            Kind::List(items) => items
                                .iter()
                                .enumerate()
                                .map(|(i, v)| (num(i, None), v.clone()))
                                .collect(),
                            Kind::Map(map) => map
                                .iter()
                                .map(|(k, v)| (V::string(k.clone(), None), v.clone()))
                                .collect(),
                            _ => {
                                return Err(Fault::dynamic("`%{for}` needs a collection", coll.at));
                            }
                        };
                        let inner: Vec<&Element> = d.for_expr.template.iter().collect();
                        for (k, v) in items {
                            let mark = scope.len();
                            if let Some(kv) = &d.for_expr.key_var {
                                scope.push((kv.as_str().to_owned(), k));
                            }
                            scope.push((d.for_expr.value_var.as_str().to_owned(), v));
                            let r = self.template_text(inst, scope, file, &inner, at);
                            scope.truncate(mark);
                            match r? {
                                Ok(s) => out.push_str(&s),
                                Err(unknown) => return Ok(unknown),
                            }
                        }
                    }
                },
            }
        }
        if let Some(u) = unknown {
            let why = u.why().map_or_else(String::new, |w| w.reason.clone());
            let cause = u.why().and_then(|w| w.at).or(u.at);
            return Ok(V::new(
                Kind::Unknown(Rc::new(Why {
                    reason: why,
                    at: cause,
                    definition: None,
                    partial: Some(out),
                })),
                at,
            ));
        }
        Ok(V::string(out, at))
    }

    /// A template as text: `Err(unknown)` when a part is unknown.
    fn template_text(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        elements: &[&Element],
        at: Option<At>,
    ) -> Result<Result<String, V>, Fault> {
        if elements.is_empty() {
            return Ok(Ok(String::new()));
        }
        let v = self.template(inst, scope, file, elements, at)?;
        if v.is_unknown() {
            return Ok(Err(v));
        }
        match v.to_text() {
            Some(s) => Ok(Ok(s)),
            None => Err(Fault::dynamic(
                format!("cannot write a {} into a string template", v.type_name()),
                v.at,
            )),
        }
    }

    /// A name at the root of a reference: its value and how many of `ops` it used.
    #[allow(clippy::too_many_lines)]
    fn name(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        name: &str,
        ops: &[&TraversalOperator],
        at: Option<At>,
    ) -> Result<(V, usize), Fault> {
        if let Some((_, v)) = scope.iter().rev().find(|(n, _)| n == name) {
            return Ok((v.clone(), 0));
        }
        let attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_owned()),
            _ => None,
        };
        match name {
            "var" => {
                let Some(var) = attr(0) else {
                    return Err(Fault::fixed(
                        Rule::UndeclaredReference,
                        "`var` must be followed by a variable's name, as `var.name`",
                        at,
                    ));
                };
                let module = Rc::clone(&self.tree.instances[inst].module);
                if !module.variables.contains_key(&var) {
                    let known: Vec<&str> = module.variables.keys().map(String::as_str).collect();
                    let near = crate::report::near::closest(&var, &known);
                    let hint = match near {
                        Some(n) => format!("; did you mean `var.{n}`?"),
                        None => format!("; declare it with a `variable \"{var}\" {{}}` block"),
                    };
                    return Err(Fault::fixed(
                        Rule::UndeclaredVariable,
                        format!("the input variable `{var}` is not declared in this module{hint}"),
                        at,
                    ));
                }
                let v = self.tree.instances[inst]
                    .inputs
                    .get(&var)
                    .cloned()
                    .unwrap_or_else(|| {
                        V::unknown(format!("the variable `{var}` has no value"), at)
                    });
                Ok((v, 1))
            }
            "local" => {
                let Some(local) = attr(0) else {
                    return Err(Fault::fixed(
                        Rule::UndeclaredReference,
                        "`local` must be followed by a local value's name",
                        at,
                    ));
                };
                Ok((self.local(inst, &local, at)?, 1))
            }
            "each" | "count" | "self" => Err(Fault::fixed(
                Rule::UndeclaredReference,
                format!(
                    "`{name}` is not available here: only inside a block with `for_each` or `count`"
                ),
                at,
            )),
            "path" => {
                let dir = self.tree.instances[inst].module.dir.clone();
                let root = self.tree.instances[0].module.dir.clone();
                let which = attr(0).unwrap_or_default();
                let v = match which.as_str() {
                    "module" => dir,
                    "root" => root,
                    "cwd" => ".".to_owned(),
                    _ => {
                        return Err(Fault::fixed(
                            Rule::UndeclaredReference,
                            format!(
                                "`path.{which}` is not one of `path.module`, `path.root`, `path.cwd`"
                            ),
                            at,
                        ));
                    }
                };
                Ok((
                    V::string(if v.is_empty() { ".".to_owned() } else { v }, at),
                    1,
                ))
            }
            "terraform" => match attr(0).as_deref() {
                Some("workspace") => Ok((V::string("default", at), 1)),
                _ => Ok((V::unknown("a `terraform.` value of the run", at), 1)),
            },
            "data" => {
                let (Some(kind), Some(dname)) = (attr(0), attr(1)) else {
                    return Err(Fault::fixed(
                        Rule::UndeclaredReference,
                        "`data` must be followed by a data source's type and name",
                        at,
                    ));
                };
                Ok((self.data(inst, scope, &kind, &dname, at)?, 2))
            }
            "module" => {
                let Some(call) = attr(0) else {
                    return Err(Fault::fixed(
                        Rule::UndeclaredReference,
                        "`module` must be followed by a module call's name",
                        at,
                    ));
                };
                let output = attr(1);
                self.module_value(inst, &call, output.as_deref(), at)
            }
            kind => {
                let Some(rname) = attr(0) else {
                    return Err(Fault::fixed(
                        Rule::UndeclaredReference,
                        format!(
                            "`{kind}` is not declared here: not a variable of a `for`, an iterator nor a resource"
                        ),
                        at,
                    ));
                };
                let module = Rc::clone(&self.tree.instances[inst].module);
                let Some(declared) = module
                    .resources
                    .iter()
                    .find(|r| r.kind == kind && r.name == rname)
                else {
                    return Err(Fault::fixed(
                        Rule::UndeclaredReference,
                        format!("the resource `{kind}.{rname}` is not declared in this module"),
                        at,
                    ));
                };
                let address = format!("{}{kind}.{rname}", self.tree.instances[inst].prefix);
                let repeated = declared.block.body.has_attribute("count")
                    || declared.block.body.has_attribute("for_each");
                if DEFINITION_RESOURCES.contains(&kind) {
                    if repeated {
                        if let Some(TraversalOperator::Index(ix)) = ops.get(1) {
                            let key = self.eval(inst, scope, file, ix)?;
                            if key.is_unknown() {
                                return Ok((key, 2));
                            }
                            let key = key.to_text().unwrap_or_default();
                            let quoted = if declared.block.body.has_attribute("count") {
                                format!("{address}[{key}]")
                            } else {
                                format!("{address}[{key:?}]")
                            };
                            return Ok((Self::resource_object(&quoted, at), 2));
                        }
                        return Ok((
                            V::unknown(
                                format!("the instances of `{address}` are known after apply"),
                                at,
                            ),
                            1,
                        ));
                    }
                    return Ok((Self::resource_object(&address, at), 1));
                }
                Ok((
                    V::unknown(
                        format!("an attribute of the resource `{address}`, known after apply"),
                        at,
                    ),
                    ops.len(),
                ))
            }
        }
    }

    /// What a reference to a registration definition resource gives: its `id` is unknown
    /// before apply, and names the definition.
    fn resource_object(address: &str, at: Option<At>) -> V {
        let link = |what: &str| {
            V::new(
                Kind::Unknown(Rc::new(Why {
                    reason: format!("`{address}.{what}`, known after apply"),
                    at,
                    definition: Some(address.to_owned()),
                    partial: None,
                })),
                at,
            )
        };
        let mut map = BTreeMap::new();
        map.insert("id".to_owned(), link("id"));
        map.insert(
            "lighthouse_definition_id".to_owned(),
            link("lighthouse_definition_id"),
        );
        map.insert("name".to_owned(), link("name"));
        V::new(Kind::Map(map), at)
    }

    fn local(&mut self, inst: usize, name: &str, at: Option<At>) -> R {
        match self.tree.instances[inst].locals.get(name) {
            Some(Memo::Done(r)) => return r.clone(),
            Some(Memo::Busy) => {
                return Err(Fault::fixed(
                    Rule::TerraformInvalidExpression,
                    format!("the local value `{name}` depends on itself"),
                    at,
                ));
            }
            None => {}
        }
        let module = Rc::clone(&self.tree.instances[inst].module);
        let Some((file, e)) = module.locals.get(name) else {
            return Err(Fault::fixed(
                Rule::UndeclaredReference,
                format!("the local value `{name}` is not declared in this module"),
                at,
            ));
        };
        self.tree.instances[inst]
            .locals
            .insert(name.to_owned(), Memo::Busy);
        let r = self.eval(inst, &mut Vec::new(), *file, e);
        self.tree.instances[inst]
            .locals
            .insert(name.to_owned(), Memo::Done(r.clone()));
        r
    }

    /// `data.TYPE.NAME`: a built-in role from the catalog, otherwise unknown.
    fn data(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        kind: &str,
        name: &str,
        at: Option<At>,
    ) -> R {
        let module = Rc::clone(&self.tree.instances[inst].module);
        let Some(declared) = module
            .data
            .iter()
            .find(|d| d.kind == kind && d.name == name)
        else {
            return Err(Fault::fixed(
                Rule::UndeclaredReference,
                format!("the data source `data.{kind}.{name}` is not declared in this module"),
                at,
            ));
        };
        let address = format!("data.{kind}.{name}");
        if kind != "azurerm_role_definition" {
            return Ok(V::unknown(
                format!("`{address}` is read from Azure when Terraform plans"),
                at,
            ));
        }
        let body = &declared.block.body;
        if body.has_attribute("count") || body.has_attribute("for_each") {
            return Ok(V::unknown(
                format!(
                    "`{address}` has `count` or `for_each`, which the checker does not expand for data sources"
                ),
                at,
            ));
        }
        let file = declared.file;
        let mut attr = |me: &mut Self, key: &str| -> Result<Option<V>, Fault> {
            match body.get_attribute(key) {
                Some(a) => Ok(Some(me.eval(inst, scope, file, &a.value)?)),
                None => Ok(None),
            }
        };
        let by_name = attr(self, "name")?;
        let by_id = attr(self, "role_definition_id")?;
        for v in [&by_name, &by_id].into_iter().flatten() {
            if v.is_unknown() {
                return Ok(v.clone());
            }
        }
        let name_text = by_name.as_ref().and_then(V::to_text);
        let id_text = by_id.as_ref().and_then(V::to_text);
        let place = by_name
            .as_ref()
            .and_then(|v| v.at)
            .or(by_id.as_ref().and_then(|v| v.at))
            .or(at);
        let catalog = self.cx.catalog.clone();
        match role_data(&catalog, name_text.as_deref(), id_text.as_deref(), place) {
            Some(v) => Ok(v),
            None => Ok(V::unknown(
                format!(
                    "`{address}` names {}, which is not one of Azure's built-in roles in the catalog: a custom role is read from Azure when Terraform plans",
                    name_text
                        .or(id_text)
                        .map_or_else(|| "no role".to_owned(), |n| format!("{n:?}"))
                ),
                place,
            )),
        }
    }

    /// `module.NAME` (and `.OUTPUT`): the outputs of a local module's instances.
    fn module_value(
        &mut self,
        inst: usize,
        call: &str,
        output: Option<&str>,
        at: Option<At>,
    ) -> Result<(V, usize), Fault> {
        let made = self.children(inst, call, at)?;
        match made {
            Children::Made(list) => {
                let single = list.len() == 1 && list[0].0.is_none();
                if single {
                    let child = list[0].1;
                    if let Some(out) = output {
                        return Ok((self.output(child, out, at)?, 2));
                    }
                    return Ok((self.all_outputs(child, at)?, 1));
                }
                let mut by_key = BTreeMap::new();
                let mut by_index = Vec::new();
                let mut counted = false;
                for (key, child) in list {
                    let outputs = self.all_outputs(child, at)?;
                    match key.as_ref().map(|k| &k.kind) {
                        Some(Kind::Number(_)) => {
                            counted = true;
                            by_index.push(outputs);
                        }
                        _ => {
                            by_key
                                .insert(key.and_then(|k| k.to_text()).unwrap_or_default(), outputs);
                        }
                    }
                }
                if counted {
                    Ok((V::new(Kind::List(by_index), at), 1))
                } else {
                    Ok((V::new(Kind::Map(by_key), at), 1))
                }
            }
            Children::Unknown(v) => Ok((v.at(at), if output.is_some() { 2 } else { 1 })),
            Children::Busy => Err(Fault::fixed(
                Rule::TerraformInvalidExpression,
                format!("the module call `{call}` depends on its own outputs"),
                at,
            )),
        }
    }

    fn all_outputs(&mut self, child: usize, at: Option<At>) -> R {
        let module = Rc::clone(&self.tree.instances[child].module);
        let mut map = BTreeMap::new();
        for name in module.outputs.keys() {
            map.insert(name.clone(), self.output(child, name, at)?);
        }
        Ok(V::new(Kind::Map(map), at))
    }

    fn output(&mut self, child: usize, name: &str, at: Option<At>) -> R {
        let module = Rc::clone(&self.tree.instances[child].module);
        let Some((file, e)) = module.outputs.get(name) else {
            return Err(Fault::fixed(
                Rule::UndeclaredReference,
                format!("the module `{}` has no output `{name}`", module.dir),
                at,
            ));
        };
        self.eval(child, &mut Vec::new(), *file, e)
    }

    /// The instances of a module call, made on first use.
    #[allow(clippy::too_many_lines)]
    pub fn children(&mut self, inst: usize, call: &str, at: Option<At>) -> Result<Children, Fault> {
        if let Some(made) = self.tree.instances[inst].children.get(call) {
            return Ok(made.clone());
        }
        let module = Rc::clone(&self.tree.instances[inst].module);
        let Some(declared) = module.calls.get(call) else {
            return Err(Fault::fixed(
                Rule::UndeclaredReference,
                format!("the module call `module.{call}` is not declared in this module"),
                at,
            ));
        };
        self.tree.instances[inst]
            .children
            .insert(call.to_owned(), Children::Busy);
        let made = self.make_children(inst, &module, declared);
        let made = match made {
            Ok(m) => m,
            Err(f) => {
                self.tree.instances[inst].children.remove(call);
                return Err(f);
            }
        };
        self.tree.instances[inst]
            .children
            .insert(call.to_owned(), made.clone());
        Ok(made)
    }

    fn make_children(
        &mut self,
        inst: usize,
        module: &Rc<Module>,
        declared: &super::module::Declared,
    ) -> Result<Children, Fault> {
        let file = declared.file;
        let body = &declared.block.body;
        let at = declared.at;
        let Some(source) = body.get_attribute("source") else {
            self.cx.note(
                Rule::TerraformMissingArgument,
                format!("the module call `{}` has no `source`", declared.name),
                at,
            );
            return Ok(Children::Unknown(V::unknown(
                "a module call without `source`",
                at,
            )));
        };
        let source = self.eval(inst, &mut Vec::new(), file, &source.value)?;
        let Some(source_text) = source.as_str().map(str::to_owned) else {
            return Ok(Children::Unknown(V::unknown(
                "a module whose `source` is not a known string",
                at,
            )));
        };
        if !(source_text.starts_with("./") || source_text.starts_with("../")) {
            return Ok(Children::Unknown(V::unknown(
                format!(
                    "the module `{}` comes from {source_text:?}, not a local folder: its outputs are read when Terraform downloads it",
                    declared.name
                ),
                source.at.or(at),
            )));
        }
        let depth = self.tree.instances[inst].depth + 1;
        if depth > MAX_MODULE_DEPTH {
            return Ok(Children::Unknown(V::unknown(
                format!(
                    "the module `{}` is more than {MAX_MODULE_DEPTH} calls deep",
                    declared.name
                ),
                at,
            )));
        }
        let dir = super::join(&module.dir, &source_text);
        let Some(child_module) = super::read_module(self.cx, &dir) else {
            self.cx.note(
                Rule::TerraformModuleNotFound,
                format!("the module folder {dir:?} has no `.tf` file the checker could read"),
                source.at.or(at),
            );
            return Ok(Children::Unknown(V::unknown(
                format!("the module folder {dir:?} was not read"),
                at,
            )));
        };
        // The instances: `count`, `for_each`, or one.
        let keys = self.repetition(inst, file, body, at)?;
        let keys = match keys {
            Ok(keys) => keys,
            Err(unknown) => return Ok(Children::Unknown(unknown)),
        };
        let mut list = Vec::new();
        for (key, each) in keys {
            let mut scope: Scope = each.into_iter().collect();
            let mut inputs = BTreeMap::new();
            for attr in body.attributes() {
                let name = attr.key.as_str();
                if matches!(
                    name,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                if !child_module.variables.contains_key(name) {
                    self.cx.note(
                        Rule::UndeclaredVariable,
                        format!("the module `{dir}` declares no variable `{name}`, so Terraform refuses this argument"),
                        Ctx::at_of(file, &attr.key),
                    );
                    continue;
                }
                let v = self.eval(inst, &mut scope, file, &attr.value)?;
                inputs.insert(name.to_owned(), v);
            }
            let key_text = key.as_ref().map(|k| match &k.kind {
                Kind::Number(_) => format!("[{}]", k.to_text().unwrap_or_default()),
                _ => format!("[{:?}]", k.to_text().unwrap_or_default()),
            });
            let prefix = format!(
                "{}module.{}{}.",
                self.tree.instances[inst].prefix,
                declared.name,
                key_text.unwrap_or_default()
            );
            let index = self.instantiate(&child_module, prefix, &inputs, None, depth);
            list.push((key, index));
        }
        Ok(Children::Made(list))
    }

    /// A new instance of `module` with `inputs` (a variable without one takes its default,
    /// else is unknown: `why` says why).
    pub fn instantiate(
        &mut self,
        module: &Rc<Module>,
        prefix: String,
        given: &BTreeMap<String, V>,
        why: Option<&str>,
        depth: usize,
    ) -> usize {
        let index = self.tree.instances.len();
        self.tree.instances.push(Instance {
            module: Rc::clone(module),
            prefix,
            inputs: BTreeMap::new(),
            locals: BTreeMap::new(),
            children: BTreeMap::new(),
            depth,
        });
        let mut inputs = BTreeMap::new();
        for (name, var) in &module.variables {
            let value = match given.get(name) {
                Some(v) if !v.is_null() => Some(v.clone()),
                _ => match &var.default {
                    Some(d) => match self.eval(index, &mut Vec::new(), var.file, d) {
                        Ok(v) => Some(v),
                        Err(f) => {
                            self.cx.fault(f);
                            None
                        }
                    },
                    None => given.get(name).cloned(),
                },
            };
            let value = value.unwrap_or_else(|| {
                V::unknown(
                    format!(
                        "the variable `{name}` has no default and no value{}",
                        why.unwrap_or(" from the module call")
                    ),
                    var.at,
                )
            });
            let value = match &var.ty {
                Some(ty) => self.convert(index, var.file, value, ty),
                None => value,
            };
            inputs.insert(name.clone(), value);
        }
        self.tree.instances[index].inputs = inputs;
        index
    }

    /// The instances of a block with `count` or `for_each`: each key and the names it binds
    /// (`count.index`, `each.key`, `each.value`); `Err(unknown)` when they are not known.
    pub fn repetition(
        &mut self,
        inst: usize,
        file: usize,
        body: &hcl_edit::structure::Body,
        at: Option<At>,
    ) -> Result<Result<Instances, V>, Fault> {
        if let Some(count) = body.get_attribute("count") {
            let n = self.eval(inst, &mut Vec::new(), file, &count.value)?;
            if n.is_unknown() {
                return Ok(Err(n));
            }
            let n = number(&n)?;
            #[allow(clippy::cast_precision_loss)]
            let max = MAX_ITEMS as f64;
            if !(0.0..=max).contains(&n) {
                return Err(Fault::dynamic(
                    format!("`count` must be between 0 and {MAX_ITEMS}, found {n}"),
                    at,
                ));
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = n as usize;
            return Ok(Ok((0..n)
                .map(|i| {
                    let key = num(i, at);
                    let mut m = BTreeMap::new();
                    m.insert("index".to_owned(), key.clone());
                    (
                        Some(key),
                        Some(("count".to_owned(), V::new(Kind::Map(m), at))),
                    )
                })
                .collect()));
        }
        if let Some(each) = body.get_attribute("for_each") {
            let coll = self.eval(inst, &mut Vec::new(), file, &each.value)?;
            let pairs: Vec<(String, V)> = match &coll.kind {
                Kind::Unknown(_) => return Ok(Err(coll)),
                Kind::Map(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                Kind::List(items) => {
                    let mut keys = Vec::new();
                    for item in items {
                        if item.is_unknown() {
                            return Ok(Err(item.clone()));
                        }
                        match item.to_text() {
                            Some(t) => keys.push((t, item.clone())),
                            None => {
                                return Err(Fault::dynamic(
                                    "`for_each` needs a map or a set of strings; this list holds other values",
                                    coll.at.or(at),
                                ));
                            }
                        }
                    }
                    keys.sort_by(|a, b| a.0.cmp(&b.0));
                    keys.dedup_by(|a, b| a.0 == b.0);
                    keys
                }
                Kind::Null => return Err(Fault::dynamic("`for_each` is null", coll.at.or(at))),
                _ => {
                    return Err(Fault::dynamic(
                        format!(
                            "`for_each` needs a map or a set of strings, found {}",
                            coll.type_name()
                        ),
                        coll.at.or(at),
                    ));
                }
            };
            return Ok(Ok(pairs
                .into_iter()
                .take(MAX_ITEMS)
                .map(|(k, v)| {
                    let key = V::string(k, v.at);
                    let mut m = BTreeMap::new();
                    m.insert("key".to_owned(), key.clone());
                    m.insert("value".to_owned(), v);
                    (
                        Some(key),
                        Some(("each".to_owned(), V::new(Kind::Map(m), at))),
                    )
                })
                .collect()));
        }
        Ok(Ok(vec![(None, None)]))
    }

    /// Applies traversal operators: `.attr`, `[index]`, splats.
    fn apply(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        mut v: V,
        ops: &[&TraversalOperator],
        at: Option<At>,
    ) -> R {
        for (i, op) in ops.iter().enumerate() {
            if v.is_unknown() {
                return Ok(v);
            }
            match op {
                TraversalOperator::GetAttr(name) => v = get(&v, name.as_str(), at)?,
                TraversalOperator::LegacyIndex(n) => {
                    v = index(
                        &v,
                        &num(usize::try_from(*n.value()).unwrap_or(usize::MAX), at),
                        at,
                    )?;
                }
                TraversalOperator::Index(e) => {
                    let key = self.eval(inst, scope, file, e)?;
                    if key.is_unknown() {
                        return Ok(key);
                    }
                    v = index(&v, &key, at)?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &ops[i + 1..];
                    let items = match &v.kind {
                        Kind::Null => return Ok(V::new(Kind::List(Vec::new()), at)),
                        Kind::List(items) => items.clone(),
                        _ => vec![v.clone()],
                    };
                    let mut out = Vec::new();
                    for item in items {
                        out.push(self.apply(inst, scope, file, item, rest, at)?);
                    }
                    return Ok(V::new(Kind::List(out), at));
                }
            }
        }
        Ok(v)
    }

    /// A function call.
    #[allow(clippy::too_many_lines)]
    fn call(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        call: &FuncCall,
        at: Option<At>,
    ) -> R {
        let name = call.name.name.as_str();
        if !call.name.namespace.is_empty() {
            return Ok(V::unknown(
                format!(
                    "the provider function `{}::{name}` runs only in Terraform",
                    call.name
                        .namespace
                        .iter()
                        .map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join("::")
                ),
                at,
            ));
        }
        let arg_exprs: Vec<&Expression> = call.args.iter().collect();
        match name {
            "try" => {
                let mut last = None;
                for e in &arg_exprs {
                    match self.eval(inst, scope, file, e) {
                        Ok(v) => return Ok(v),
                        Err(f) if f.catchable => last = Some(f),
                        Err(f) => return Err(f),
                    }
                }
                return Err(
                    last.unwrap_or_else(|| Fault::dynamic("`try` needs at least one argument", at))
                );
            }
            "can" => {
                let Some(e) = arg_exprs.first() else {
                    return Err(Fault::dynamic("`can` takes one argument", at));
                };
                return match self.eval(inst, scope, file, e) {
                    Ok(v) if v.is_unknown() => Ok(v),
                    Ok(_) => Ok(V::new(Kind::Bool(true), at)),
                    Err(f) if f.catchable => Ok(V::new(Kind::Bool(false), at)),
                    Err(f) => Err(f),
                };
            }
            _ => {}
        }
        let mut args = Vec::new();
        for e in &arg_exprs {
            args.push(self.eval(inst, scope, file, e)?);
        }
        if call.args.expand_final() {
            match args.pop() {
                Some(V {
                    kind: Kind::List(items),
                    ..
                }) => args.extend(items),
                Some(u) if u.is_unknown() => return Ok(u.at(at)),
                Some(other) => {
                    return Err(Fault::dynamic(
                        format!("`...` expands a list, found {}", other.type_name()),
                        other.at,
                    ));
                }
                None => {}
            }
        }
        match name {
            "file" | "fileexists" | "templatefile" => {
                let Some(path) = args.first() else {
                    return Err(Fault::dynamic(format!("`{name}` needs a path"), at));
                };
                if path.is_unknown() {
                    return Ok(path.clone());
                }
                let Some(path) = path.to_text() else {
                    return Err(Fault::dynamic(
                        format!("`{name}` needs a path, a string"),
                        at,
                    ));
                };
                let path = super::normalise(&path);
                let read = self.cx.load(&path).map(|i| self.cx.files[i].1.clone());
                if name == "fileexists" {
                    return Ok(V::new(Kind::Bool(read.is_some()), at));
                }
                let Some(text) = read else {
                    return Err(Fault::dynamic(
                        format!("the file {path:?} could not be read"),
                        at,
                    ));
                };
                if name == "templatefile" {
                    return Ok(V::unknown(
                        "`templatefile` is not evaluated by the checker",
                        at,
                    ));
                }
                // The text is placed in the file read (at its first line).
                let index = self.cx.files.iter().position(|(p, _)| *p == path);
                let first_line = text.find('\n').unwrap_or(text.len());
                let place = index.map(|file| At {
                    file,
                    start: 0,
                    end: first_line,
                });
                Ok(V::string(text, place.or(at)))
            }
            "jsondecode" => match self.decoded_in_place(&args) {
                Some(v) => Ok(v),
                None => functions::call(name, &args, at),
            },
            _ => functions::call(name, &args, at),
        }
    }

    /// Converts a value to a variable's type: `optional(…, default)` attributes of objects
    /// filled, sets made, primitives converted. What does not convert is left as it is.
    #[allow(clippy::too_many_lines)]
    pub fn convert(&mut self, inst: usize, file: usize, v: V, ty: &Expression) -> V {
        if v.is_unknown() || v.is_null() {
            return v;
        }
        match ty {
            Expression::Variable(name) => match (name.as_str(), &v.kind) {
                ("string", Kind::Number(_) | Kind::Bool(_)) => {
                    let at = v.at;
                    V::string(v.to_text().unwrap_or_default(), at)
                }
                ("number", Kind::String(s)) => match s.trim().parse::<f64>() {
                    Ok(n) => V::new(Kind::Number(n), v.at),
                    Err(_) => v,
                },
                ("bool", Kind::String(s)) if s == "true" || s == "false" => {
                    V::new(Kind::Bool(s == "true"), v.at)
                }
                _ => v,
            },
            Expression::FuncCall(call) => {
                let args: Vec<&Expression> = call.args.iter().collect();
                let Some(inner) = args.first() else {
                    return v;
                };
                match (call.name.name.as_str(), v.kind.clone()) {
                    ("list" | "set", Kind::List(items)) => {
                        let mut items: Vec<V> = items
                            .into_iter()
                            .map(|i| self.convert(inst, file, i, inner))
                            .collect();
                        if call.name.name.as_str() == "set" {
                            items = functions::set_of(items);
                        }
                        V::new(Kind::List(items), v.at)
                    }
                    ("map", Kind::Map(map)) => V::new(
                        Kind::Map(
                            map.into_iter()
                                .map(|(k, x)| (k, self.convert(inst, file, x, inner)))
                                .collect(),
                        ),
                        v.at,
                    ),
                    ("tuple", Kind::List(items)) => {
                        let Expression::Array(types) = inner else {
                            return V::new(Kind::List(items), v.at);
                        };
                        let types: Vec<&Expression> = types.iter().collect();
                        V::new(
                            Kind::List(
                                items
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, x)| match types.get(i) {
                                        Some(t) => self.convert(inst, file, x, t),
                                        None => x,
                                    })
                                    .collect(),
                            ),
                            v.at,
                        )
                    }
                    ("object", Kind::Map(mut map)) => {
                        let Expression::Object(attrs) = inner else {
                            return V::new(Kind::Map(map), v.at);
                        };
                        let mut out = BTreeMap::new();
                        for (key, attr_ty) in attrs {
                            let key = match key {
                                ObjectKey::Ident(i) => i.as_str().to_owned(),
                                ObjectKey::Expression(e) => match e {
                                    Expression::Variable(v) => v.as_str().to_owned(),
                                    Expression::String(s) => s.value().clone(),
                                    _ => continue,
                                },
                            };
                            let attr_ty = attr_ty.expr();
                            let (ty, default) = match attr_ty {
                                Expression::FuncCall(c) if c.name.name.as_str() == "optional" => {
                                    let a: Vec<&Expression> = c.args.iter().collect();
                                    (a.first().copied(), a.get(1).copied())
                                }
                                other => (Some(other), None),
                            };
                            let given = map.remove(&key).filter(|x| !x.is_null());
                            let value = match (given, default) {
                                (Some(x), _) => Some(x),
                                (None, Some(d)) => self.eval(inst, &mut Vec::new(), file, d).ok(),
                                (None, None) => None,
                            };
                            let value = value.unwrap_or_else(|| V::null(v.at));
                            let value = match ty {
                                Some(t) => self.convert(inst, file, value, t),
                                None => value,
                            };
                            out.insert(key, value);
                        }
                        V::new(Kind::Map(out), v.at)
                    }
                    _ => v,
                }
            }
            _ => v,
        }
    }
}

fn binary(op: BinaryOperator, l: &V, r: &V, at: Option<At>) -> R {
    if let Some(u) = [l, r].into_iter().find(|v| v.is_unknown()) {
        return Ok(u.clone().at(at));
    }
    Ok(match op {
        BinaryOperator::Eq => V::new(Kind::Bool(loose_eq(l, r)), at),
        BinaryOperator::NotEq => V::new(Kind::Bool(!loose_eq(l, r)), at),
        BinaryOperator::And => V::new(Kind::Bool(boolean(l)? && boolean(r)?), at),
        BinaryOperator::Or => V::new(Kind::Bool(boolean(l)? || boolean(r)?), at),
        BinaryOperator::Less => V::new(Kind::Bool(number(l)? < number(r)?), at),
        BinaryOperator::LessEq => V::new(Kind::Bool(number(l)? <= number(r)?), at),
        BinaryOperator::Greater => V::new(Kind::Bool(number(l)? > number(r)?), at),
        BinaryOperator::GreaterEq => V::new(Kind::Bool(number(l)? >= number(r)?), at),
        BinaryOperator::Plus => V::new(Kind::Number(number(l)? + number(r)?), at),
        BinaryOperator::Minus => V::new(Kind::Number(number(l)? - number(r)?), at),
        BinaryOperator::Mul => V::new(Kind::Number(number(l)? * number(r)?), at),
        BinaryOperator::Div => {
            let d = number(r)?;
            if d == 0.0 {
                return Err(Fault::dynamic("division by zero", at));
            }
            V::new(Kind::Number(number(l)? / d), at)
        }
        BinaryOperator::Mod => {
            let d = number(r)?;
            if d == 0.0 {
                return Err(Fault::dynamic("division by zero", at));
            }
            V::new(Kind::Number(number(l)? % d), at)
        }
    })
}

/// `==` as Terraform compares: same type and value (a number and its string are not equal).
fn loose_eq(l: &V, r: &V) -> bool {
    l.same(r)
}

impl Ev<'_, '_> {
    /// `jsondecode` of the whole text of a file `file()` read: each value placed at its own
    /// bytes in that file (the line of a role in a `grants.json`), not at the file's first
    /// line. `None` for any other text (a string of the module, a part of a file) and for text
    /// that is not strict JSON: `functions::call` decodes those, and says what is wrong.
    fn decoded_in_place(&self, args: &[V]) -> Option<V> {
        let [arg] = args else { return None };
        let (Kind::String(text), Some(at)) = (&arg.kind, arg.at) else {
            return None;
        };
        let (_, whole) = self.cx.files.get(at.file)?;
        if at.start != 0 || whole != text {
            return None;
        }
        let options = crate::arm::parse_options(false);
        let ast =
            jsonc_parser::parse_to_ast(whole, &jsonc_parser::CollectOptions::default(), &options)
                .ok()?
                .value?;
        placed(&ast, at.file, 0)
    }
}

/// A JSON value of a file, each part placed at its bytes; `None` beyond the nesting a JSON
/// document may have here (as the offer reader's).
fn placed(value: &jsonc_parser::ast::Value<'_>, file: usize, depth: usize) -> Option<V> {
    use jsonc_parser::ast::Value as J;
    use jsonc_parser::common::Ranged as _;
    if depth > 127 {
        return None;
    }
    let at = Some(At {
        file,
        start: value.start(),
        end: value.end(),
    });
    let kind = match value {
        J::NullKeyword(_) => Kind::Null,
        J::BooleanLit(b) => Kind::Bool(b.value),
        J::NumberLit(n) => Kind::Number(n.value.parse().ok()?),
        J::StringLit(t) => Kind::String(t.value.to_string()),
        J::Array(items) => Kind::List(
            items
                .elements
                .iter()
                .map(|item| placed(item, file, depth + 1))
                .collect::<Option<_>>()?,
        ),
        J::Object(object) => {
            let mut map = BTreeMap::new();
            for member in &object.properties {
                // As `serde_json`, the last member of a name is the one read.
                map.insert(
                    member.name.as_str().to_owned(),
                    placed(&member.value, file, depth + 1)?,
                );
            }
            Kind::Map(map)
        }
    };
    Some(V::new(kind, at))
}
