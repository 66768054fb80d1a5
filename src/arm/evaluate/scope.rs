//! Where expressions are evaluated ([`Scope`]): the template's parameters and variables, the
//! copy loops around, the functions met that are not evaluated, and the limits of the evaluation.

use std::cell::{Cell, RefCell};

use serde_json::{Map, Value};

use super::functions::{self, object, scalar, structural};
use super::value::{err, size};
use super::{
    EvalError, MAX_CALLS, MAX_COPY_COUNT, MAX_DEPTH, MAX_VALUE_SIZE, MAX_WORK, Unknown, Val,
};
use crate::arm::expression::{Expr, TemplateString, classify, parse};

/// Where a parameter's value comes from.
#[derive(Clone, Debug)]
pub enum Parameter<'t> {
    /// A value given for the deployment (parameters file, or an inner-scope nested deployment's
    /// `parameters`).
    Given(Val),
    /// The template's `defaultValue`, evaluated when used.
    Default(&'t Value),
    /// Neither a value nor a default.
    NoValue,
    /// A Key Vault reference.
    Secret,
}

/// Where expressions are evaluated: a template's parameters and variables, the copy loops
/// around, and the functions met that are not evaluated.
pub struct Scope<'t> {
    parameters: Vec<(String, Parameter<'t>)>,
    variables: Option<&'t Map<String, Value>>,
    cache: RefCell<Vec<(String, Result<Val, EvalError>)>>,
    active: RefCell<Vec<String>>,
    copies: RefCell<Vec<(Option<String>, Val)>>,
    unsupported: RefCell<Vec<String>>,
    depth: RefCell<usize>,
    calls: RefCell<usize>,
    work: Cell<usize>,
    limit: RefCell<Option<String>>,
}

impl<'t> Scope<'t> {
    /// A scope with these parameters and the template's `variables` section.
    #[must_use]
    pub fn new(
        parameters: Vec<(String, Parameter<'t>)>,
        variables: Option<&'t Map<String, Value>>,
    ) -> Self {
        Scope {
            parameters,
            variables,
            cache: RefCell::new(Vec::new()),
            active: RefCell::new(Vec::new()),
            copies: RefCell::new(Vec::new()),
            unsupported: RefCell::new(Vec::new()),
            depth: RefCell::new(0),
            calls: RefCell::new(0),
            work: Cell::new(0),
            limit: RefCell::new(None),
        }
    }

    /// The first of this checker's own limits that evaluation reached, in words: the values
    /// past it are [`Unknown::Limit`], which Azure may well compute.
    #[must_use]
    pub fn limit(&self) -> Option<String> {
        self.limit.borrow().clone()
    }

    /// An unknown value past one of the checker's limits, `what` kept as the first limit met.
    fn limited(&self, what: String) -> Val {
        let mut limit = self.limit.borrow_mut();
        if limit.is_none() {
            *limit = Some(what.clone());
        }
        Val::Unknown(Unknown::Limit(what))
    }

    /// Counts `amount` of work; false once the template's evaluation has done too much.
    fn charge(&self, amount: usize) -> bool {
        let work = self.work.get().saturating_add(amount);
        self.work.set(work);
        work <= MAX_WORK
    }

    fn over_work(&self) -> Val {
        self.limited(format!(
            "the template asks for more work than this checker does ({MAX_WORK} items and characters made or copied)"
        ))
    }

    /// The value a function made, its size counted as work; an unknown when it is too large.
    fn within_limits(&self, value: Val) -> Val {
        let size = size(&value, MAX_VALUE_SIZE);
        if !self.charge(size) {
            self.over_work()
        } else if size > MAX_VALUE_SIZE {
            self.limited(format!(
                "a value is larger than this checker evaluates ({MAX_VALUE_SIZE} items and characters)"
            ))
        } else {
            value
        }
    }

    /// The functions met that this evaluator does not compute, each once, in the order met.
    #[must_use]
    pub(crate) fn unsupported(&self) -> Vec<String> {
        self.unsupported.borrow().clone()
    }

    /// Runs `f` with a copy loop's index: `copyIndex()` (and `copyIndex('name')`) give `index`.
    pub(crate) fn with_copy<R>(
        &self,
        name: Option<&str>,
        index: Val,
        f: impl FnOnce(&Self) -> R,
    ) -> R {
        self.copies
            .borrow_mut()
            .push((name.map(str::to_owned), index));
        let result = f(self);
        self.copies.borrow_mut().pop();
        result
    }

    /// The value of a template's JSON: strings that are expressions are evaluated, `[[`
    /// escapes removed, `copy` arrays in objects expanded.
    ///
    /// # Errors
    /// The first [`EvalError`] met.
    pub(crate) fn json(&self, value: &Value) -> Result<Val, EvalError> {
        self.descend(|me| match value {
            Value::String(text) => me.string(text),
            Value::Array(items) => items
                .iter()
                .map(|v| me.json(v))
                .collect::<Result<Vec<_>, _>>()
                .map(Val::Array),
            Value::Object(map) => me.object(map),
            other => Ok(Val::literal(other)),
        })
    }

    /// The value of one template string.
    ///
    /// # Errors
    /// The expression is malformed or Azure would refuse it.
    pub fn string(&self, text: &str) -> Result<Val, EvalError> {
        match classify(text) {
            TemplateString::Literal(literal) => Ok(Val::Str(literal.into_owned())),
            TemplateString::Expression(inner) => {
                let expr = parse(inner).map_err(|e| EvalError(e.to_string()))?;
                self.eval(&expr)
            }
        }
    }

    fn descend(&self, f: impl FnOnce(&Self) -> Result<Val, EvalError>) -> Result<Val, EvalError> {
        {
            let mut depth = self.depth.borrow_mut();
            if *depth >= MAX_DEPTH {
                return Ok(self.limited(format!(
                    "the values nest more deeply than this checker evaluates ({MAX_DEPTH} levels)"
                )));
            }
            *depth += 1;
        }
        let result = f(self);
        *self.depth.borrow_mut() -= 1;
        result
    }

    fn object(&self, map: &Map<String, Value>) -> Result<Val, EvalError> {
        let mut members = Vec::new();
        for (key, value) in map {
            if key.eq_ignore_ascii_case("copy")
                && let Value::Array(loops) = value
                && loops.iter().all(|l| l.get("input").is_some())
            {
                for spec in loops {
                    members.push(self.copy_loop(spec)?);
                }
                continue;
            }
            members.push((key.clone(), self.json(value)?));
        }
        Ok(Val::Object(members))
    }

    /// A `{ name, count, input }` loop: its name and its items.
    fn copy_loop(&self, spec: &Value) -> Result<(String, Val), EvalError> {
        let Some(name) = spec.get("name").and_then(Value::as_str) else {
            return err("a copy loop needs a `name`");
        };
        let count = match spec.get("count") {
            Some(count) => self.json(count)?,
            None => return err(format!("copy loop `{name}` needs a `count`")),
        };
        let count = match count {
            Val::Int(n) if (0..=MAX_COPY_COUNT).contains(&n) => n,
            Val::Int(n) => {
                return err(format!(
                    "copy loop `{name}` has count {n}; a count is 0 to {MAX_COPY_COUNT}"
                ));
            }
            Val::Unknown(u) => {
                return Ok((name.to_owned(), Val::Array(vec![Val::Unknown(u)])));
            }
            other => {
                return err(format!(
                    "copy loop `{name}` needs an integer count, found {}",
                    other.kind()
                ));
            }
        };
        let input = spec.get("input").unwrap_or(&Value::Null);
        let mut items = Vec::new();
        let mut total = 0;
        for i in 0..count {
            let item = self.with_copy(Some(name), Val::Int(i), |me| me.json(input))?;
            total += size(&item, MAX_VALUE_SIZE);
            if total > MAX_VALUE_SIZE {
                return Ok((name.to_owned(), self.limited(format!(
                    "copy loop `{name}` makes a value larger than this checker evaluates ({MAX_VALUE_SIZE} items and characters)"
                ))));
            }
            items.push(item);
        }
        Ok((name.to_owned(), self.within_limits(Val::Array(items))))
    }

    fn parameter(&self, name: &str) -> Result<Val, EvalError> {
        let Some((declared, parameter)) = self
            .parameters
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        else {
            return err(format!(
                "parameters('{name}') names a parameter the template does not declare"
            ));
        };
        match parameter {
            Parameter::Given(value) => Ok(value.clone()),
            Parameter::Default(value) => self.json(value),
            Parameter::NoValue => Ok(Val::Unknown(Unknown::NoValue(declared.clone()))),
            Parameter::Secret => Ok(Val::Unknown(Unknown::Secret(declared.clone()))),
        }
    }

    fn variable(&self, name: &str) -> Result<Val, EvalError> {
        let key = name.to_ascii_lowercase();
        if let Some((_, cached)) = self.cache.borrow().iter().find(|(k, _)| *k == key) {
            return cached.clone();
        }
        if self.active.borrow().contains(&key) {
            return err(format!("variable `{name}` depends on itself"));
        }
        let variables = self.variables;
        let found = variables.and_then(|v| {
            v.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name) && !k.eq_ignore_ascii_case("copy"))
        });
        self.active.borrow_mut().push(key.clone());
        let result = if let Some((_, value)) = found {
            self.json(value)
        } else {
            // A variable made by the top-level `copy` array of the variables section.
            let looped = variables
                .and_then(|v| v.iter().find(|(k, _)| k.eq_ignore_ascii_case("copy")))
                .and_then(|(_, v)| v.as_array())
                .and_then(|loops| {
                    loops.iter().find(|l| {
                        l.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    })
                });
            match looped {
                Some(spec) => self.copy_loop(spec).map(|(_, items)| items),
                None => err(format!(
                    "variables('{name}') names a variable the template does not declare"
                )),
            }
        };
        self.active.borrow_mut().pop();
        self.cache.borrow_mut().push((key, result.clone()));
        result
    }

    /// Evaluates a parsed expression.
    ///
    /// # Errors
    /// An [`EvalError`] when Azure would refuse the expression.
    pub(crate) fn eval(&self, expr: &Expr) -> Result<Val, EvalError> {
        self.descend(|me| match expr {
            Expr::String(s) => Ok(Val::Str(s.clone())),
            Expr::Int(i) => Ok(Val::Int(*i)),
            Expr::Property(target, name) => {
                let target = me.eval(target)?;
                property(&target, name)
            }
            Expr::Index(target, index) => {
                let target = me.eval(target)?;
                let index = me.eval(index)?;
                match (&target, &index) {
                    (Val::Unknown(u), _) | (_, Val::Unknown(u)) => Ok(Val::Unknown(u.clone())),
                    (Val::Array(items), Val::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| items.get(i))
                        .cloned()
                        .ok_or_else(|| {
                            EvalError(format!(
                                "index {i} is outside the array of {} items",
                                items.len()
                            ))
                        }),
                    (Val::Object(_), Val::Str(name)) => property(&target, name),
                    _ => err(format!(
                        "cannot index {} with {}",
                        target.kind(),
                        index.kind()
                    )),
                }
            }
            Expr::Call { name, args, .. } => {
                {
                    let mut calls = me.calls.borrow_mut();
                    *calls += 1;
                    if *calls > MAX_CALLS {
                        return Ok(me.limited(format!(
                            "the template makes more than {MAX_CALLS} function calls, more than this checker evaluates"
                        )));
                    }
                }
                if !me.charge(1) {
                    return Ok(me.over_work());
                }
                me.call(name, args).map(|v| me.within_limits(v))
            }
        })
    }

    #[allow(clippy::too_many_lines)]
    fn call(&self, name: &str, args: &[Expr]) -> Result<Val, EvalError> {
        let lower = name.to_ascii_lowercase();
        // Lazy and scope functions first.
        match lower.as_str() {
            "if" => {
                arity(name, args, 3, 3)?;
                return match self.eval(&args[0])? {
                    Val::Bool(true) => self.eval(&args[1]),
                    Val::Bool(false) => self.eval(&args[2]),
                    Val::Unknown(u) => Ok(Val::Unknown(u)),
                    other => err(format!(
                        "if() needs a boolean condition, found {}",
                        other.kind()
                    )),
                };
            }
            _ if functions::at_deployment(&lower) => {
                return Ok(Val::Unknown(Unknown::Deployment(format!("{name}()"))));
            }
            _ => {}
        }
        // The arguments together are within the limits, checked as they come, so that many
        // copies of a large value are refused before they are all made.
        let mut values = Vec::with_capacity(args.len());
        let mut total = 0;
        for a in args {
            let value = self.eval(a)?;
            total += size(&value, MAX_VALUE_SIZE);
            if total > MAX_VALUE_SIZE {
                return Ok(self.limited(format!(
                    "the arguments of {name}() are larger than this checker evaluates ({MAX_VALUE_SIZE} items and characters)"
                )));
            }
            values.push(value);
        }
        let v = values.as_slice();
        if lower == "replace"
            && let [Val::Str(a), Val::Str(b), Val::Str(c)] = v
            && !b.is_empty()
            && a.len()
                .saturating_add(a.matches(b.as_str()).count().saturating_mul(c.len()))
                > MAX_VALUE_SIZE
        {
            return Ok(self.limited(format!(
                "replace() makes a text longer than this checker evaluates ({MAX_VALUE_SIZE} characters)"
            )));
        }
        // Functions that keep unknowns inside the structures they build.
        match lower.as_str() {
            "createarray" => return Ok(Val::Array(values)),
            "createobject" => return object::create_object(v),
            "length" | "empty" | "first" | "last" | "coalesce" | "union" | "concat" => {
                if let Some(u) = v.iter().find_map(|x| match x {
                    Val::Unknown(u) if lower != "coalesce" => Some(u),
                    _ => None,
                }) {
                    return Ok(Val::Unknown(u.clone()));
                }
                return structural(&lower, name, v);
            }
            "parameters" | "variables" => {
                arity(name, args, 1, 1)?;
                return match &v[0] {
                    Val::Str(n) if lower == "parameters" => self.parameter(n),
                    Val::Str(n) => self.variable(n),
                    Val::Unknown(u) => Ok(Val::Unknown(u.clone())),
                    other => err(format!("{name}() needs a name, found {}", other.kind())),
                };
            }
            "copyindex" => return self.copy_index(v),
            _ => {}
        }
        if let Some(u) = v.iter().find_map(Val::first_unknown) {
            return Ok(Val::Unknown(u.clone()));
        }
        let computed = scalar(&lower, name, v).map(|r| match r {
            // A limit met by a function's own computation is kept as the scope's.
            Ok(Val::Unknown(Unknown::Limit(what))) => Ok(self.limited(what)),
            other => other,
        });
        computed.unwrap_or_else(|| {
            let mut seen = self.unsupported.borrow_mut();
            if !seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                seen.push(name.to_owned());
            }
            Ok(Val::Unknown(Unknown::Unsupported(name.to_owned())))
        })
    }

    fn copy_index(&self, v: &[Val]) -> Result<Val, EvalError> {
        let (loop_name, offset) = match v {
            [] => (None, 0),
            [Val::Int(offset)] => (None, *offset),
            [Val::Str(name)] => (Some(name.as_str()), 0),
            [Val::Str(name), Val::Int(offset)] => (Some(name.as_str()), *offset),
            _ => return err("copyIndex() takes a loop name and an integer offset, both optional"),
        };
        let copies = self.copies.borrow();
        let found = match loop_name {
            Some(name) => copies.iter().rev().find(|(n, _)| {
                n.as_deref()
                    .is_some_and(|n: &str| n.eq_ignore_ascii_case(name))
            }),
            None => copies
                .iter()
                .rev()
                .find(|(n, _)| n.is_none())
                .or_else(|| copies.last()),
        };
        match found {
            Some((_, Val::Int(i))) => Ok(Val::Int(i + offset)),
            Some((_, other)) => Ok(other.clone()),
            None => err(match loop_name {
                Some(name) => format!("copyIndex('{name}') is outside a loop of that name"),
                None => "copyIndex() is outside a copy loop".to_owned(),
            }),
        }
    }
}

fn arity(name: &str, args: &[Expr], min: usize, max: usize) -> Result<(), EvalError> {
    if (min..=max).contains(&args.len()) {
        Ok(())
    } else if min == max {
        err(format!(
            "{name}() takes {min} argument(s), found {}",
            args.len()
        ))
    } else {
        err(format!(
            "{name}() takes {min} to {max} arguments, found {}",
            args.len()
        ))
    }
}

fn property(target: &Val, name: &str) -> Result<Val, EvalError> {
    match target {
        Val::Unknown(u) => Ok(Val::Unknown(u.clone())),
        Val::Object(_) => target
            .member(name)
            .cloned()
            .ok_or_else(|| EvalError(format!("the object has no property `{name}`"))),
        other => err(format!("cannot read property `{name}` of {}", other.kind())),
    }
}
