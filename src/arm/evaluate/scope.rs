//! Values of ARM template expressions, as Azure Resource Manager computes them, far enough to
//! read a delegation.
//!
//! Every value is one of three answers:
//! - **known**: a [`Val`] without [`Val::Unknown`] inside;
//! - **unknown**: [`Val::Unknown`], a value that only the deployment supplies (a parameter
//!   without a value, `subscription()`, a Key Vault reference) or that this evaluator does not
//!   compute (an unsupported function). Unknowns may sit inside known arrays and objects:
//!   `createArray(parameters('group'))` is a known array of one unknown item;
//! - **wrong**: an [`EvalError`], an expression that Azure would refuse too (a parameter the
//!   template does not declare, `concat` of an array and a string, an index past the end…).
//!
//! The functions covered are those that delegation templates use: `parameters`, `variables`
//! (with `copy` loops in variables and objects) and `copyIndex`; `concat`, `format`, `string`,
//! `toLower`, `toUpper`, `replace`, `split`, `trim`, `startsWith`, `endsWith`, `contains`; `if`
//! (only the branch taken is evaluated), `equals` (deep, case-sensitive), `not`, `and`, `or`,
//! `bool`, `int`, `true`, `false`, `null`, `coalesce`; `createArray`, `createObject`, `union`,
//! `json`, `empty`, `length`, `first`, `last`; `add`, `sub`, `mul`, `div`, `mod`; `guid`;
//! `resourceId`, `subscriptionResourceId`, `tenantResourceId`. Functions whose values exist
//! only at deployment (`subscription`, `resourceGroup`, `deployment`, `tenant`,
//! `managementGroup`, `environment`, `reference`, `list…`, `utcNow`, `newGuid`, `uniqueString`)
//! give unknowns. Sources: Microsoft Learn, "ARM template functions" (string, logical,
//! comparison, array, object, deployment, resource pages), the examples of which are this
//! module's tests.
//!
//! No published crate evaluates ARM template expressions (searched 2026-12-03): `regorus`
//! parses the expressions inside Azure Policy rules, for its own policy engine, without
//! `guid()`; Microsoft's DSC library, whose functions resemble ARM's, is not on crates.io and
//! follows DSC's semantics. Hence this module, written for the crate.
//!
//! ## Limits
//!
//! A template is the user's input: evaluation is bounded in size and in time. A value is
//! [`Unknown::Limit`] (not an error: Azure may well compute it) past [`MAX_CALLS`] function
//! calls, past 256 levels of nesting, when it would grow past [`MAX_VALUE_SIZE`] items and
//! characters (a variable that doubles another thirty times), and once the template's
//! evaluation has done [`MAX_WORK`]: every call counts one, every value a function makes or
//! copies counts its size (a large variable used a thousand times). `union` and object merges
//! find items and names by hashing, in linear time. [`Scope::limit`] tells the first limit met.
//!
//! ## `guid()`
//!
//! Microsoft documents `guid()` as the name-based UUID of RFC 4122 §4.3 "with some
//! modifications" that it does not publish. The reading implemented here is the one that
//! independent reimplementations agree on: a version-5 UUID (SHA-1) in the namespace
//! `11fb06fb-712d-4ddd-98c7-e71bbd588830`, of the arguments joined with `-`, encoded as UTF-8,
//! written in lower case. **How certain:** the version and variant bits match the names Azure
//! gave in published reports, but no input with its Azure-computed output was found, so the
//! namespace, the separator and the encoding are not verified against Azure. The checker
//! relies on `guid()` only to show names and to see that two resources use the same inputs;
//! no verdict depends on the exact value.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::arm::expression::{Expr, TemplateString, classify, parse};

/// The namespace of ARM's `guid()` (see the module's documentation for how certain it is).
pub const GUID_NAMESPACE: Uuid = Uuid::from_u128(0x11fb_06fb_712d_4ddd_98c7_e71b_bd58_8830);

/// The most items a `copy` loop makes (Microsoft Learn, "Variable iteration in ARM templates":
/// the count can't exceed 800).
pub const MAX_COPY_COUNT: i64 = 800;

/// `guid()` of these strings: the UUID ARM's `guid()` is read to compute.
///
/// ```
/// use lighthouse_offer::arm::evaluate::guid;
///
/// assert_eq!(guid(&["hello", "world"]).to_string(), "a5b868f8-11fe-567a-ace0-e77cc87f104e");
/// ```
#[must_use]
pub fn guid(parts: &[&str]) -> Uuid {
    Uuid::new_v5(&GUID_NAMESPACE, parts.join("-").as_bytes())
}

/// Why a value is not known before deployment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unknown {
    /// Known only when the template is deployed: the function that supplies it, such as
    /// `subscription()`.
    Deployment(String),
    /// A parameter with neither a value (parameters file) nor a default value.
    NoValue(String),
    /// A parameter whose value is a Key Vault reference, read at deployment.
    Secret(String),
    /// A function this evaluator does not compute.
    Unsupported(String),
    /// A value past one of this checker's own limits (size, work, nesting, calls): Azure may
    /// well compute it; the checker does not. What limit, in words.
    Limit(String),
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unknown::Deployment(what) => write!(f, "known only at deployment ({what})"),
            Unknown::NoValue(name) => write!(
                f,
                "parameter `{name}` has no value here (no parameters file value, no default)"
            ),
            Unknown::Secret(name) => {
                write!(
                    f,
                    "parameter `{name}` is a Key Vault reference, read at deployment"
                )
            }
            Unknown::Unsupported(name) => {
                write!(f, "the checker does not evaluate the function `{name}`")
            }
            Unknown::Limit(what) => write!(f, "not evaluated by the checker: {what}"),
        }
    }
}

/// A value of the template language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Val {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Val>),
    /// An object, members in order.
    Object(Vec<(String, Val)>),
    /// A value not known before deployment.
    Unknown(Unknown),
}

impl Val {
    /// A JSON value taken literally (a parameters file's value, the result of `json()`):
    /// strings are not expressions there.
    #[must_use]
    pub fn literal(value: &Value) -> Val {
        match value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => n.as_i64().map_or_else(|| Val::Str(n.to_string()), Val::Int),
            Value::String(s) => Val::Str(s.clone()),
            Value::Array(items) => Val::Array(items.iter().map(Val::literal).collect()),
            Value::Object(map) => Val::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Val::literal(v)))
                    .collect(),
            ),
        }
    }

    /// The first unknown in the value, depth first.
    #[must_use]
    pub fn first_unknown(&self) -> Option<&Unknown> {
        match self {
            Val::Unknown(u) => Some(u),
            Val::Array(items) => items.iter().find_map(Val::first_unknown),
            Val::Object(members) => members.iter().find_map(|(_, v)| v.first_unknown()),
            _ => None,
        }
    }

    /// A member of an object, by name without regard to case (as ARM looks names up).
    #[must_use]
    pub fn member(&self, name: &str) -> Option<&Val> {
        match self {
            Val::Object(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .or_else(|| {
                    members
                        .iter()
                        .rev()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                })
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as JSON, each unknown replaced by what `unknown` gives for it.
    pub fn to_json(&self, unknown: &mut dyn FnMut(&Unknown) -> Value) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Int(i) => Value::from(*i),
            Val::Str(s) => Value::String(s.clone()),
            Val::Array(items) => Value::Array(items.iter().map(|v| v.to_json(unknown)).collect()),
            Val::Object(members) => {
                let mut map = Map::new();
                for (k, v) in members {
                    map.insert(k.clone(), v.to_json(unknown));
                }
                Value::Object(map)
            }
            Val::Unknown(u) => unknown(u),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "a boolean",
            Val::Int(_) => "an integer",
            Val::Str(_) => "a string",
            Val::Array(_) => "an array",
            Val::Object(_) => "an object",
            Val::Unknown(_) => "an unknown value",
        }
    }

    /// The text `string()` and `concat` give for a scalar: booleans are `True`/`False`, as
    /// .NET writes them.
    fn text(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Bool(true) => Some("True".into()),
            Val::Bool(false) => Some("False".into()),
            _ => None,
        }
    }
}

/// An expression that Azure would refuse: what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EvalError(pub String);

fn err<T>(message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError(message.into()))
}

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

/// How deep evaluation may recurse (variables using variables, nested values).
const MAX_DEPTH: usize = 256;

/// The most values one value built by a function may hold (array items and object members,
/// counted through every level), and the most bytes of its strings: far beyond any delegation,
/// low enough that a hostile template (a variable that doubles another, thirty times) fails
/// quickly instead of filling the memory.
pub const MAX_VALUE_SIZE: usize = 200_000;

/// The most function calls one template's evaluation makes.
pub const MAX_CALLS: usize = 1_000_000;

/// The most work one template's evaluation does, in items and characters: every function call
/// counts one, and every value a function makes or copies counts its size. With it, the time
/// of an evaluation is bounded as well as the size of its values (a large variable used a
/// thousand times is copied a thousand times).
pub const MAX_WORK: usize = 20_000_000;

/// The size of a value (items, members and string bytes through every level), counted up to
/// just past `limit`.
fn size(value: &Val, limit: usize) -> usize {
    let mut total = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        total += 1;
        match v {
            Val::Str(s) => total += s.len(),
            Val::Array(items) => stack.extend(items),
            Val::Object(members) => {
                for (k, v) in members {
                    total += k.len();
                    stack.push(v);
                }
            }
            _ => {}
        }
        if total > limit {
            break;
        }
    }
    total
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
    pub fn unsupported(&self) -> Vec<String> {
        self.unsupported.borrow().clone()
    }

    /// Runs `f` with a copy loop's index: `copyIndex()` (and `copyIndex('name')`) give `index`.
    pub fn with_copy<R>(&self, name: Option<&str>, index: Val, f: impl FnOnce(&Self) -> R) -> R {
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
    pub fn json(&self, value: &Value) -> Result<Val, EvalError> {
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
    pub fn eval(&self, expr: &Expr) -> Result<Val, EvalError> {
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
            "subscription"
            | "resourcegroup"
            | "deployment"
            | "tenant"
            | "managementgroup"
            | "environment"
            | "reference"
            | "utcnow"
            | "newguid"
            | "uniquestring"
            | "pickzones"
            | "listkeys"
            | "listsecrets"
            | "extensionresourceid"
            | "managementgroupresourceid" => {
                return Ok(Val::Unknown(Unknown::Deployment(format!("{name}()"))));
            }
            _ if lower.starts_with("list") => {
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
            "createobject" => {
                if v.len() % 2 == 1 {
                    return err("createObject() takes an even number of arguments");
                }
                // The last value of a name wins, in the place of its last occurrence.
                let mut last: HashMap<&str, usize> = HashMap::new();
                for (i, pair) in v.chunks(2).enumerate() {
                    if let Val::Str(k) = &pair[0] {
                        last.insert(k, i);
                    }
                }
                let mut members: Vec<(String, Val)> = Vec::new();
                for (i, pair) in v.chunks(2).enumerate() {
                    match &pair[0] {
                        Val::Str(k) if last.get(k.as_str()) == Some(&i) => {
                            members.push((k.clone(), pair[1].clone()));
                        }
                        Val::Str(_) => {}
                        Val::Unknown(u) => return Ok(Val::Unknown(u.clone())),
                        other => {
                            return err(format!(
                                "createObject() needs string keys, found {}",
                                other.kind()
                            ));
                        }
                    }
                }
                return Ok(Val::Object(members));
            }
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

/// `union` of two objects: members merge, nested objects merge too, other values are replaced.
/// The names are found through an index, so that merging large objects takes linear time.
fn merge(into: &mut Vec<(String, Val)>, from: &[(String, Val)]) {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(into.len());
    for (i, (k, _)) in into.iter().enumerate() {
        index.entry(k.clone()).or_insert(i);
    }
    for (k, v) in from {
        if let Some(&i) = index.get(k) {
            match (&mut into[i].1, v) {
                (Val::Object(a), Val::Object(b)) => merge(a, b),
                (slot, v) => *slot = v.clone(),
            }
        } else {
            index.insert(k.clone(), into.len());
            into.push((k.clone(), v.clone()));
        }
    }
}

#[allow(clippy::too_many_lines)]
fn structural(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    match lower {
        "length" | "empty" => {
            let [x] = v else {
                return err(format!("{name}() takes 1 argument, found {}", v.len()));
            };
            let n = match x {
                Val::Str(s) => s.chars().count(),
                Val::Array(items) => items.len(),
                Val::Object(members) => members.len(),
                Val::Null if lower == "empty" => 0,
                other => return err(format!("{name}() cannot measure {}", other.kind())),
            };
            Ok(if lower == "empty" {
                Val::Bool(n == 0)
            } else {
                Val::Int(i64::try_from(n).unwrap_or(i64::MAX))
            })
        }
        "first" | "last" => match v {
            [Val::Array(items)] => Ok(if lower == "first" {
                items.first()
            } else {
                items.last()
            }
            .cloned()
            .unwrap_or(Val::Null)),
            [Val::Str(s)] => Ok(Val::Str(
                if lower == "first" {
                    s.chars().next()
                } else {
                    s.chars().last()
                }
                .map(String::from)
                .unwrap_or_default(),
            )),
            _ => err(format!("{name}() takes one array or string")),
        },
        "coalesce" => {
            for x in v {
                match x {
                    Val::Null => {}
                    other => return Ok(other.clone()),
                }
            }
            Ok(Val::Null)
        }
        "union" => {
            if v.is_empty() {
                return err("union() needs at least one argument");
            }
            if v.iter().all(|x| matches!(x, Val::Object(_))) {
                let mut members = Vec::new();
                for x in v {
                    if let Val::Object(m) = x {
                        merge(&mut members, m);
                    }
                }
                Ok(Val::Object(members))
            } else if v.iter().all(|x| matches!(x, Val::Array(_))) {
                // Each item once, in the order first met: a set of the items kept (hashing keeps
                // the union linear, where a search of the items kept was quadratic).
                let mut seen: HashSet<&Val> = HashSet::new();
                let mut items: Vec<Val> = Vec::new();
                for x in v {
                    if let Val::Array(more) = x {
                        for item in more {
                            if seen.insert(item) {
                                items.push(item.clone());
                            }
                        }
                    }
                }
                Ok(Val::Array(items))
            } else {
                err("union() takes arrays only or objects only")
            }
        }
        // concat
        _ => {
            if !v.is_empty() && v.iter().all(|x| matches!(x, Val::Array(_))) {
                let mut items = Vec::new();
                for x in v {
                    if let Val::Array(more) = x {
                        items.extend(more.iter().cloned());
                    }
                }
                return Ok(Val::Array(items));
            }
            if let Some(u) = v.iter().find_map(Val::first_unknown) {
                return Ok(Val::Unknown(u.clone()));
            }
            let mut out = String::new();
            for x in v {
                match x.text() {
                    Some(t) => out.push_str(&t),
                    None => {
                        return err(format!(
                            "concat() joins strings or arrays, not both and not {}",
                            x.kind()
                        ));
                    }
                }
            }
            Ok(Val::Str(out))
        }
    }
}

fn as_str<'v>(name: &str, v: &'v Val) -> Result<&'v str, EvalError> {
    match v {
        Val::Str(s) => Ok(s),
        other => err(format!("{name}() needs a string, found {}", other.kind())),
    }
}

fn as_int(name: &str, v: &Val) -> Result<i64, EvalError> {
    match v {
        Val::Int(i) => Ok(*i),
        other => err(format!("{name}() needs an integer, found {}", other.kind())),
    }
}

fn as_bool(name: &str, v: &Val) -> Result<bool, EvalError> {
    match v {
        Val::Bool(b) => Ok(*b),
        other => err(format!("{name}() needs a boolean, found {}", other.kind())),
    }
}

fn exactly<'v, const N: usize>(name: &str, v: &'v [Val]) -> Result<&'v [Val; N], EvalError> {
    v.try_into()
        .map_err(|_| EvalError(format!("{name}() takes {N} argument(s), found {}", v.len())))
}

fn to_json_text(v: &Val) -> String {
    v.to_json(&mut |_| Value::Null).to_string()
}

/// The functions of known arguments; `None` for a function this evaluator does not know.
#[allow(clippy::too_many_lines)]
fn scalar(lower: &str, name: &str, v: &[Val]) -> Option<Result<Val, EvalError>> {
    let result = (|| -> Result<Val, EvalError> {
        Ok(match lower {
            "true" | "false" | "null" => {
                exactly::<0>(name, v)?;
                match lower {
                    "true" => Val::Bool(true),
                    "false" => Val::Bool(false),
                    _ => Val::Null,
                }
            }
            "string" => {
                let [x] = exactly::<1>(name, v)?;
                match x {
                    Val::Array(_) | Val::Object(_) => Val::Str(to_json_text(x)),
                    Val::Null => Val::Str(String::new()),
                    other => Val::Str(other.text().unwrap_or_default()),
                }
            }
            "tolower" => Val::Str(as_str(name, &exactly::<1>(name, v)?[0])?.to_lowercase()),
            "toupper" => Val::Str(as_str(name, &exactly::<1>(name, v)?[0])?.to_uppercase()),
            "trim" => Val::Str(as_str(name, &exactly::<1>(name, v)?[0])?.trim().to_owned()),
            "replace" => {
                let [a, b, c] = exactly::<3>(name, v)?;
                let (a, b, c) = (as_str(name, a)?, as_str(name, b)?, as_str(name, c)?);
                if b.is_empty() {
                    return err("replace() needs a non-empty text to replace");
                }
                Val::Str(a.replace(b, c))
            }
            "split" => {
                let [a, d] = exactly::<2>(name, v)?;
                let text = as_str(name, a)?;
                let delimiters: Vec<&str> = match d {
                    Val::Str(s) => vec![s.as_str()],
                    Val::Array(items) => items
                        .iter()
                        .map(|i| as_str(name, i))
                        .collect::<Result<_, _>>()?,
                    other => {
                        return err(format!(
                            "split() needs a string or array delimiter, found {}",
                            other.kind()
                        ));
                    }
                };
                let delimiters: Vec<&str> =
                    delimiters.into_iter().filter(|d| !d.is_empty()).collect();
                let mut parts = vec![text.to_owned()];
                for d in delimiters {
                    parts = parts
                        .iter()
                        .flat_map(|p| p.split(d).map(str::to_owned).collect::<Vec<_>>())
                        .collect();
                }
                Val::Array(parts.into_iter().map(Val::Str).collect())
            }
            "startswith" | "endswith" => {
                let [a, b] = exactly::<2>(name, v)?;
                let (a, b) = (
                    as_str(name, a)?.to_lowercase(),
                    as_str(name, b)?.to_lowercase(),
                );
                Val::Bool(if lower == "startswith" {
                    a.starts_with(&b)
                } else {
                    a.ends_with(&b)
                })
            }
            "contains" => {
                let [c, item] = exactly::<2>(name, v)?;
                Val::Bool(match c {
                    Val::Str(s) => s.contains(&item.text().unwrap_or_default()),
                    Val::Array(items) => items.contains(item),
                    Val::Object(members) => {
                        let key = as_str(name, item)?;
                        members.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
                    }
                    other => return err(format!("contains() cannot search {}", other.kind())),
                })
            }
            "equals" => {
                let [a, b] = exactly::<2>(name, v)?;
                Val::Bool(a == b)
            }
            "not" => Val::Bool(!as_bool(name, &exactly::<1>(name, v)?[0])?),
            "and" | "or" => {
                if v.len() < 2 {
                    return err(format!("{name}() takes at least 2 arguments"));
                }
                let bools = v
                    .iter()
                    .map(|x| as_bool(name, x))
                    .collect::<Result<Vec<_>, _>>()?;
                Val::Bool(if lower == "and" {
                    bools.iter().all(|b| *b)
                } else {
                    bools.iter().any(|b| *b)
                })
            }
            "bool" => match &exactly::<1>(name, v)?[0] {
                Val::Bool(b) => Val::Bool(*b),
                Val::Int(i) => Val::Bool(*i != 0),
                Val::Str(s) if s.eq_ignore_ascii_case("true") => Val::Bool(true),
                Val::Str(s) if s.eq_ignore_ascii_case("false") => Val::Bool(false),
                other => return err(format!("bool() cannot convert {}", other.kind())),
            },
            "int" => match &exactly::<1>(name, v)?[0] {
                Val::Int(i) => Val::Int(*i),
                Val::Str(s) => Val::Int(
                    s.trim()
                        .parse()
                        .map_err(|_| EvalError(format!("int() cannot convert {s:?}")))?,
                ),
                other => return err(format!("int() cannot convert {}", other.kind())),
            },
            "add" | "sub" | "mul" | "div" | "mod" => {
                let [a, b] = exactly::<2>(name, v)?;
                let (a, b) = (as_int(name, a)?, as_int(name, b)?);
                let r = match lower {
                    "add" => a.checked_add(b),
                    "sub" => a.checked_sub(b),
                    "mul" => a.checked_mul(b),
                    "div" => a.checked_div(b),
                    _ => a.checked_rem(b),
                };
                Val::Int(
                    r.ok_or_else(|| EvalError(format!("{name}() overflows or divides by zero")))?,
                )
            }
            "json" => {
                let text = as_str(name, &exactly::<1>(name, v)?[0])?;
                let value: Value = serde_json::from_str(text)
                    .map_err(|e| EvalError(format!("json() cannot read its text: {e}")))?;
                Val::literal(&value)
            }
            "format" => format(v)?,
            "guid" => {
                if v.is_empty() {
                    return err("guid() needs at least one argument");
                }
                let parts = v
                    .iter()
                    .map(|x| as_str(name, x))
                    .collect::<Result<Vec<_>, _>>()?;
                Val::Str(guid(&parts).to_string())
            }
            "resourceid" | "subscriptionresourceid" | "tenantresourceid" => {
                resource_id(lower, name, v)?
            }
            _ => return Err(EvalError(String::new())),
        })
    })();
    match result {
        Err(EvalError(message)) if message.is_empty() => None,
        other => Some(other),
    }
}

/// The resource ID functions. A resource ID that needs the subscription or resource group
/// of the deployment is unknown until then.
fn resource_id(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    let texts = v
        .iter()
        .map(|x| as_str(name, x))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(type_at) = texts.iter().position(|t| t.contains('/')) else {
        return err(format!(
            "{name}() needs a resource type such as 'Namespace/type'"
        ));
    };
    let before = &texts[..type_at];
    let mut segments = texts[type_at].split('/').filter(|s| !s.is_empty());
    let namespace = segments.next().unwrap_or_default();
    let types: Vec<&str> = segments.collect();
    let names = &texts[type_at + 1..];
    if names.len() != types.len() {
        return err(format!(
            "{name}() needs one name per type segment of `{}`: {} type(s), {} name(s)",
            texts[type_at],
            types.len(),
            names.len()
        ));
    }
    let mut path = format!("/providers/{namespace}");
    for (t, n) in types.iter().zip(names) {
        path.push('/');
        path.push_str(t);
        path.push('/');
        path.push_str(n);
    }
    let max_before = match lower {
        "resourceid" => 2,
        "subscriptionresourceid" => 1,
        _ => 0,
    };
    if before.len() > max_before {
        return err(format!(
            "{name}() takes at most {max_before} argument(s) before the resource type"
        ));
    }
    Ok(match (lower, before) {
        ("tenantresourceid", _) => Val::Str(path),
        ("subscriptionresourceid", [sub]) => Val::Str(format!("/subscriptions/{sub}{path}")),
        ("resourceid", [sub, group]) => {
            Val::Str(format!("/subscriptions/{sub}/resourceGroups/{group}{path}"))
        }
        _ => Val::Unknown(Unknown::Deployment(format!(
            "{name}() of the deployment's subscription"
        ))),
    })
}

/// .NET composite formatting, as far as templates use it: `{0}`, `{0:D2}`, `{0:N0}`, `{{`, `}}`.
fn format(v: &[Val]) -> Result<Val, EvalError> {
    let Some((first, args)) = v.split_first() else {
        return err("format() needs a format string");
    };
    let pattern = as_str("format", first)?;
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut spec = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => spec.push(c),
                        None => return err("format() has a `{` that is never closed"),
                    }
                }
                let (index, style) = spec.split_once(':').unwrap_or((spec.as_str(), ""));
                let index: usize = index.trim().parse().map_err(|_| {
                    EvalError(format!("format() cannot read the item `{{{spec}}}`"))
                })?;
                let Some(arg) = args.get(index) else {
                    return err(format!(
                        "format() refers to argument {index}, but has {} argument(s)",
                        args.len()
                    ));
                };
                match format_item(arg, style)? {
                    Some(text) => out.push_str(&text),
                    // Azure's .NET knows many more formats: the value is unknown here.
                    None => {
                        return Ok(Val::Unknown(Unknown::Limit(format!(
                            "format() with the format `{}`, which this checker does not compute",
                            style.trim()
                        ))));
                    }
                }
            }
            '}' => return err("format() has a `}` without its `{`"),
            c => out.push(c),
        }
    }
    Ok(Val::Str(out))
}

/// One item of `format()`; `None` for a format this checker does not compute.
fn format_item(arg: &Val, style: &str) -> Result<Option<String>, EvalError> {
    let style = style.trim();
    if style.is_empty() {
        return arg
            .text()
            .map(Some)
            .ok_or_else(|| EvalError(format!("format() cannot write {}", arg.kind())));
    }
    let Val::Int(n) = arg else {
        return err(format!("format() applies `{style}` to integers only"));
    };
    // The first character, whatever its width: a style may begin with any character.
    let first = style.chars().next().map_or(0, char::len_utf8);
    let (kind, digits) = style.split_at(first);
    let digits: usize = if digits.is_empty() {
        0
    } else {
        match digits.parse().ok().filter(|d| *d <= 64) {
            Some(digits) => digits,
            None => return Ok(None),
        }
    };
    match kind {
        "D" | "d" => {
            let sign = if *n < 0 { "-" } else { "" };
            Ok(Some(format!("{sign}{:0>digits$}", n.unsigned_abs())))
        }
        "N" | "n" if digits == 0 => {
            let plain = n.unsigned_abs().to_string();
            let mut grouped = String::new();
            for (i, c) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            Ok(Some(format!("{}{grouped}", if *n < 0 { "-" } else { "" })))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval_in(template: &Value, text: &str) -> Result<Val, EvalError> {
        let parameters = template
            .get("parameters")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, d)| {
                        (
                            k.clone(),
                            d.get("defaultValue")
                                .map_or(Parameter::NoValue, Parameter::Default),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let scope = Scope::new(
            parameters,
            template.get("variables").and_then(Value::as_object),
        );
        scope.string(text)
    }

    fn eval(text: &str) -> Result<Val, EvalError> {
        eval_in(&json!({}), text)
    }

    /// An unknown value past one of the checker's own limits (not an error: Azure may compute it).
    fn past_limit(result: &Result<Val, EvalError>) -> bool {
        matches!(result, Ok(v) if matches!(v.first_unknown(), Some(Unknown::Limit(_))))
    }

    fn known(text: &str) -> Value {
        eval(text).unwrap().to_json(&mut |u| panic!("unknown: {u}"))
    }

    #[test]
    fn guid_vectors_of_the_research_notes() {
        // Computed with Python's uuid.uuid5 under the same reading (UTF-8, `-` join).
        assert_eq!(
            known("[guid('abc')]"),
            json!("a9b46cc2-65a6-5559-9f14-7091827ab32f")
        );
        assert_eq!(
            known("[guid('hello', 'world')]"),
            json!("a5b868f8-11fe-567a-ace0-e77cc87f104e")
        );
        assert_eq!(
            known("[guid('world', 'hello')]"),
            json!("b1db13b3-4ca6-5782-bf9e-8495c3532f9d")
        );
        assert_eq!(
            known("[guid('hello-world')]"),
            json!("a5b868f8-11fe-567a-ace0-e77cc87f104e")
        );
        assert_eq!(
            known("[guid('Relecloud Managed Services')]"),
            json!("a284898a-fc04-581d-aca0-047861d06160")
        );
        assert_eq!(
            known("[guid('Ünïcode')]"),
            json!("0a55f077-eb0a-55c3-9cb6-24c0430062c9")
        );
    }

    #[test]
    fn documentation_examples_of_string_functions() {
        assert_eq!(known("[[test value]"), json!("[test value]"));
        assert_eq!(known("[test] value"), json!("[test] value"));
        assert_eq!(
            known("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]"),
            json!("Hello, User. Formatted number: 8,175,133")
        );
        assert_eq!(known("[format('{0:D2}-{{x}}', 5)]"), json!("05-{x}"));
        assert_eq!(
            known("[string(createObject('valueA', 10, 'valueB', 'Example Text'))]"),
            json!("{\"valueA\":10,\"valueB\":\"Example Text\"}")
        );
        assert_eq!(
            known("[string(createArray('a', 'b', 'c'))]"),
            json!("[\"a\",\"b\",\"c\"]")
        );
        assert_eq!(known("[string(true())]"), json!("True"));
        assert_eq!(known("[concat('rg', 1, true())]"), json!("rg1True"));
        assert_eq!(
            known("[replace('123-123-1234', '-', '')]"),
            json!("1231231234")
        );
        assert_eq!(
            known("[split('one;two,three', createArray(',', ';'))]"),
            json!(["one", "two", "three"])
        );
        assert_eq!(
            known("[trim('  one two three   ')]"),
            json!("one two three")
        );
        assert_eq!(known("[toUpper('one two three')]"), json!("ONE TWO THREE"));
        assert_eq!(known("[length('One Two Three')]"), json!(13));
    }

    #[test]
    fn documentation_examples_of_logic_arrays_and_objects() {
        assert_eq!(known("[if(equals('a', 'a'), 'yes', 'no')]"), json!("yes"));
        assert_eq!(known("[if(equals('a', 'b'), 'yes', 'no')]"), json!("no"));
        assert_eq!(
            known("[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]"),
            json!({"test": "value1"})
        );
        // Only the branch taken is evaluated.
        assert_eq!(
            known("[if(true(), 'ok', parameters('nowhere'))]"),
            json!("ok")
        );
        assert_eq!(known("[and(bool('true'), bool('false'))]"), json!(false));
        assert_eq!(known("[or(bool('true'), bool('false'))]"), json!(true));
        assert_eq!(known("[not(equals(1, 2))]"), json!(true));
        assert_eq!(
            known("[equals(createArray('a', 'b'), createArray('a', 'b'))]"),
            json!(true)
        );
        assert_eq!(known("[equals('A', 'a')]"), json!(false));
        assert_eq!(
            known("[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]"),
            json!(["one", "two", "three", "four"])
        );
        assert_eq!(
            known(
                "[union(json('{\"property\":{\"one\":\"a\",\"three\":\"c1\"},\"nestedArray\":[1,2]}'), json('{\"property\":{\"three\":\"c2\",\"four\":\"d\"},\"nestedArray\":[3,4]}'))]"
            ),
            json!({"property": {"one": "a", "three": "c2", "four": "d"}, "nestedArray": [3, 4]})
        );
        assert_eq!(
            known("[concat(createArray('1-1'), createArray('2-1', '2-2'))]"),
            json!(["1-1", "2-1", "2-2"])
        );
        assert_eq!(known("[empty(createObject())]"), json!(true));
        assert_eq!(known("[createArray(4)[0]]"), json!(4));
        assert_eq!(known("[json('{\"a\": {\"b\": 1}}').a['b']]"), json!(1));
        assert_eq!(known("[coalesce(null(), 'x')]"), json!("x"));
    }

    #[test]
    fn copy_loops_in_variables() {
        let template = json!({
            "parameters": { "itemCount": { "type": "int", "defaultValue": 5 } },
            "variables": {
                "copy": [
                    { "name": "stringArray", "count": "[parameters('itemCount')]", "input": "[concat('item', copyIndex('stringArray', 1))]" },
                    { "name": "integerArray", "count": "[parameters('itemCount')]", "input": "[copyIndex('integerArray')]" }
                ],
                "topLevelObject": {
                    "sampleProperty": "sampleValue",
                    "copy": [{ "name": "disks", "count": 2, "input": { "name": "[concat('myDataDisk', copyIndex('disks', 1))]", "diskIndex": "[copyIndex('disks')]" } }]
                }
            }
        });
        let get = |text: &str| {
            eval_in(&template, text)
                .unwrap()
                .to_json(&mut |_| Value::Null)
        };
        assert_eq!(
            get("[variables('stringArray')]"),
            json!(["item1", "item2", "item3", "item4", "item5"])
        );
        assert_eq!(get("[variables('integerArray')]"), json!([0, 1, 2, 3, 4]));
        assert_eq!(
            get("[variables('topLevelObject')]"),
            json!({"sampleProperty": "sampleValue", "disks": [{"name": "myDataDisk1", "diskIndex": 0}, {"name": "myDataDisk2", "diskIndex": 1}]})
        );
    }

    #[test]
    fn hostile_templates_fail_quickly() {
        let mut variables = serde_json::Map::new();
        variables.insert("v0".into(), json!("0123456789"));
        for i in 1..20 {
            variables.insert(
                format!("v{i}"),
                json!(format!(
                    "[createArray(variables('v{0}'), variables('v{0}'))]",
                    i - 1
                )),
            );
        }
        let template = json!({ "variables": variables });
        let e = eval_in(&template, "[variables('v19')]").unwrap();
        assert!(
            matches!(e.first_unknown(), Some(Unknown::Limit(w)) if w.contains("larger than this checker evaluates")),
            "{:?}",
            e.first_unknown()
        );
        let strings = json!({ "variables": {
            "a": "[concat(variables('b'), variables('b'))]",
            "b": "[concat(variables('c'), variables('c'))]",
            "c": "[replace(variables('d'), 'x', variables('d'))]",
            "d": "[format('{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}', variables('e'))]",
            "e": "[format('{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}', 'xxxxxxxxxx')]"
        }});
        assert!(past_limit(&eval_in(&strings, "[variables('a')]")));
        let wide = json!({ "variables": {
            "big": "[replace(format('{0:D60}', 0), '0', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')]",
            "bigger": "[replace(variables('big'), 'x', variables('big'))]",
            "many": "[createArray(variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'))]"
        }});
        assert!(past_limit(&eval_in(&wide, "[variables('bigger')]")));
        assert!(past_limit(&eval_in(&wide, "[variables('many')]")));
        assert!(past_limit(&eval_in(&wide, "[format('{0:D999999999}', 1)]")));
    }

    #[test]
    fn unknowns_stay_unknown_and_stay_in_place() {
        let template = json!({
            "parameters": { "group": { "type": "string" }, "name": { "type": "string", "defaultValue": "x" } },
            "variables": { "self": "[variables('self')]" }
        });
        let e = |t: &str| eval_in(&template, t);
        assert_eq!(
            e("[parameters('group')]").unwrap(),
            Val::Unknown(Unknown::NoValue("group".into()))
        );
        assert_eq!(e("[PARAMETERS('NAME')]").unwrap(), Val::Str("x".into()));
        let array = e("[createArray(parameters('group'), 'b')]").unwrap();
        assert_eq!(array.to_json(&mut |_| json!("?")), json!(["?", "b"]));
        assert!(matches!(
            e("[concat('a', parameters('group'))]").unwrap(),
            Val::Unknown(Unknown::NoValue(_))
        ));
        assert!(matches!(
            e("[subscription().subscriptionId]").unwrap(),
            Val::Unknown(Unknown::Deployment(_))
        ));
        assert!(matches!(
            e("[resourceId('Microsoft.ManagedServices/registrationDefinitions/', 'x')]").unwrap(),
            Val::Unknown(Unknown::Deployment(_))
        ));
        assert_eq!(
            known("[tenantResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]"),
            json!("/providers/Microsoft.Authorization/roleDefinitions/abc")
        );
        assert!(matches!(
            e("[base64('x')]").unwrap(),
            Val::Unknown(Unknown::Unsupported(_))
        ));
        // Wrong: Azure refuses these too.
        assert!(e("[parameters('missing')]").is_err());
        assert!(
            e("[variables('self')]")
                .unwrap_err()
                .0
                .contains("depends on itself")
        );
        assert!(e("[concat('a', createArray())]").is_err());
        assert!(e("[createArray(1)[3]]").is_err());
        assert!(e("[copyIndex()]").is_err());
    }

    #[test]
    fn a_format_style_beginning_with_a_wide_character_is_unknown_not_a_panic() {
        // Review finding 2: `split_at(1)` cut `é` in half. Azure's .NET may well compute such
        // a format (finding 4): the value is unknown, not an error.
        for style in ["é", "é2", "€", "日本"] {
            let text = format!("[format('{{0:{style}}}', 1)]");
            let value = eval(&text);
            assert!(
                matches!(&value, Ok(Val::Unknown(Unknown::Limit(w))) if w.contains(style)),
                "{style}: {value:?}"
            );
        }
        assert_eq!(known("[format('{0:D3}', 7)]"), json!("007"));
    }

    /// A template whose variables `a` and `b` are arrays of `n` distinct integers, half of
    /// them shared.
    fn two_arrays(n: usize) -> Value {
        let a: Vec<usize> = (0..n).collect();
        let b: Vec<usize> = (n / 2..n + n / 2).collect();
        json!({ "variables": { "a": a, "b": b } })
    }

    #[test]
    fn union_of_two_large_arrays_is_computed() {
        // Review finding 3: the union searched the items kept for each item (quadratic).
        let union = "[length(union(variables('a'), variables('b')))]";
        assert_eq!(eval_in(&two_arrays(99_000), union), Ok(Val::Int(148_500)));
        // Two arrays of 100,000 items are past the size of arguments the checker evaluates.
        assert!(past_limit(&eval_in(&two_arrays(100_000), union)));
        // Objects merge through an index of their names.
        let members: Map<String, Value> =
            (0..12_000).map(|i| (format!("k{i}"), json!(i))).collect();
        let objects = json!({ "variables": { "a": members } });
        let merged = eval_in(&objects, "[length(union(variables('a'), variables('a')))]");
        assert_eq!(merged, Ok(Val::Int(12_000)));
    }

    #[test]
    fn a_large_variable_used_many_times_is_bounded_by_the_work_budget() {
        // Review finding 3: 1,000 uses of a 190,000-item variable copied it 1,000 times.
        let items: Vec<u8> = vec![0; 190_000];
        let template = json!({ "variables": { "a": items } });
        let uses = |n: usize| {
            let uses = vec!["length(variables('a'))"; n].join(", ");
            eval_in(&template, &format!("[createArray({uses})]"))
        };
        // A few uses are computed.
        assert_eq!(uses(3), Ok(Val::Array(vec![Val::Int(190_000); 3])));
        // Past the budget, the value is unknown, not an error.
        let many = uses(1_000);
        assert!(
            matches!(&many, Ok(Val::Unknown(Unknown::Limit(w))) if w.contains("more work")),
            "{many:?}"
        );
    }

    #[test]
    fn a_long_chain_of_variables_is_evaluated_or_unknown_never_wrong() {
        // Review finding 4: a chain of 35 variables, which Azure deploys, was an error.
        for length in [35, 200] {
            let mut variables = serde_json::Map::new();
            variables.insert("v0".into(), json!("x"));
            for i in 1..length {
                variables.insert(
                    format!("v{i}"),
                    json!(format!("[concat(variables('v{}'), 'x')]", i - 1)),
                );
            }
            let template = json!({ "variables": variables });
            let value = eval_in(&template, &format!("[variables('v{}')]", length - 1));
            match value {
                Ok(Val::Str(s)) => assert_eq!(s.len(), length),
                Ok(Val::Unknown(Unknown::Limit(_))) => assert!(length > 35, "{length}"),
                other => panic!("{length}: {other:?}"),
            }
        }
    }
}
