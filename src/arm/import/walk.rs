//! Walking a template as Azure Resource Manager deploys it: frames of parameters and variables,
//! nested deployments and copy loops, and tracing each value to where it is written.

use super::{
    ASSIGNMENT_TYPE, ArmFile, DEFINITION_TYPE, DEPLOYMENT_TYPE, Found, Frame, Given, GroupPlace,
    Reader, Source, Traced, UNKNOWN_MARKER,
};
use crate::arm::evaluate::Parameter as ParameterValue;
use crate::arm::evaluate::Scope as Evaluation;
use crate::arm::evaluate::Unknown;
use crate::arm::evaluate::Val;
use crate::arm::expression::Expr;
use crate::arm::expression::TemplateString;
use crate::arm::expression::classify;
use crate::arm::expression::parse;
use crate::report::diagnostic::Diagnostic;
use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;
use serde_json::Map;
use serde_json::Value;

pub(super) fn get_ci<'m>(
    map: &'m Map<String, Value>,
    name: &str,
) -> Option<(&'m String, &'m Value)> {
    map.iter().find(|(key, _)| key.eq_ignore_ascii_case(name))
}

pub(super) fn type_of(r: &Value) -> &str {
    r.get("type").and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn is(r: &Value, t: &str) -> bool {
    type_of(r).eq_ignore_ascii_case(t)
}

/// The resources of a template: an array, or an object keyed by symbolic name
/// (`languageVersion` 2.0), each with its pointer.
pub(super) fn resources_of<'t>(
    template: &'t Map<String, Value>,
    base: &JsonPointer,
) -> Vec<(&'t Value, JsonPointer)> {
    let at = base.clone().key("resources");
    match template.get("resources") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, r)| (r, at.clone().index(i)))
            .collect(),
        Some(Value::Object(map)) => map.iter().map(|(k, r)| (r, at.clone().key(k))).collect(),
        _ => Vec::new(),
    }
}

impl Reader {
    // ---- templates ----

    /// The frames' first: the root template, its parameters given by `file`.
    pub(super) fn root_frame<'t>(
        &mut self,
        root: &'t Map<String, Value>,
        file: Option<&'t Map<String, Value>>,
    ) -> Frame<'t> {
        let declared = root.get("parameters").and_then(Value::as_object);
        let mut parameters = Vec::new();
        for (name, declaration) in declared.into_iter().flatten() {
            let given = file.and_then(|f| get_ci(f, name));
            let value = match given {
                Some((_, entry)) if entry.get("reference").is_some() => ParameterValue::Secret,
                Some((_, entry)) => match entry.get("value") {
                    Some(value) => ParameterValue::Given(Val::literal(value)),
                    None => ParameterValue::NoValue,
                },
                None => declaration
                    .get("defaultValue")
                    .map_or(ParameterValue::NoValue, ParameterValue::Default),
            };
            parameters.push((name.clone(), value));
        }
        // ARM refuses a parameters file with parameters its template does not declare.
        for (name, _) in file.into_iter().flatten() {
            if declared.is_none_or(|d| get_ci(d, name).is_none()) {
                self.error(
                    ArmFile::Parameters,
                    Rule::UnknownField,
                    JsonPointer::root().key("parameters").key(name),
                    format!(
                        "the template does not declare parameter `{name}`, and Azure refuses a parameters file with parameters its template does not declare"
                    ),
                );
            }
        }
        let variables = root.get("variables").and_then(Value::as_object);
        Frame {
            evaluation: Evaluation::new(parameters, variables),
            base: JsonPointer::root(),
            declared,
            variables,
            given: Given::File(file),
        }
    }

    /// Collects the definitions and assignments of a template's resources, entering nested
    /// deployments.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    pub(super) fn walk<'t>(
        &mut self,
        frames: &mut Vec<Frame<'t>>,
        frame: usize,
        template: &'t Map<String, Value>,
        base: &JsonPointer,
        group: Option<&GroupPlace<'t>>,
        out: &mut Vec<Found<'t>>,
        depth: usize,
    ) {
        for (resource, at) in resources_of(template, base) {
            // A resource whose `condition` is false is not deployed.
            if let Some(condition) = resource.get("condition")
                && matches!(
                    frames[frame].evaluation.json(condition),
                    Ok(Val::Bool(false))
                )
            {
                continue;
            }
            if is(resource, DEFINITION_TYPE) || is(resource, ASSIGNMENT_TYPE) {
                out.push(Found {
                    resource,
                    at,
                    frame,
                    group: group.cloned(),
                });
                continue;
            }
            if !is(resource, DEPLOYMENT_TYPE) || depth > 8 {
                continue;
            }
            let Some(inner) = resource
                .pointer("/properties/template")
                .and_then(Value::as_object)
            else {
                continue;
            };
            let inner_base = at.clone().key("properties").key("template");
            let copy = resource.get("copy").and_then(|c| {
                let count = c.get("count")?;
                Some((c.get("name").and_then(Value::as_str), count))
            });
            let place = resource.get("resourceGroup").map(|value| GroupPlace {
                value,
                at: at.clone().key("resourceGroup"),
                frame,
                copy,
            });
            let group = place.as_ref().or(group);
            let scope = resource
                .pointer("/properties/expressionEvaluationOptions/scope")
                .and_then(Value::as_str)
                .unwrap_or("outer");
            let inner_frame = if scope.eq_ignore_ascii_case("inner") {
                let values = resource
                    .pointer("/properties/parameters")
                    .and_then(Value::as_object);
                let declared = inner.get("parameters").and_then(Value::as_object);
                let mut parameters = Vec::new();
                for (name, declaration) in declared.into_iter().flatten() {
                    let given = values.and_then(|v| get_ci(v, name)).map(|(_, e)| e);
                    let value = match given {
                        Some(entry) if entry.get("reference").is_some() => ParameterValue::Secret,
                        Some(entry) => match entry.get("value") {
                            Some(value) => {
                                let evaluation = &frames[frame].evaluation;
                                let evaluated = match copy {
                                    Some((name, _)) => {
                                        evaluation.with_copy(name, Val::Int(0), |e| e.json(value))
                                    }
                                    None => evaluation.json(value),
                                };
                                match evaluated {
                                    Ok(v) => ParameterValue::Given(v),
                                    Err(e) => {
                                        self.error(
                                            ArmFile::Template,
                                            Rule::InvalidExpression,
                                            at.clone()
                                                .key("properties")
                                                .key("parameters")
                                                .key(name),
                                            e.0,
                                        );
                                        ParameterValue::NoValue
                                    }
                                }
                            }
                            None => ParameterValue::NoValue,
                        },
                        None => declaration
                            .get("defaultValue")
                            .map_or(ParameterValue::NoValue, ParameterValue::Default),
                    };
                    parameters.push((name.clone(), value));
                }
                let variables = inner.get("variables").and_then(Value::as_object);
                frames.push(Frame {
                    evaluation: Evaluation::new(parameters, variables),
                    base: inner_base.clone(),
                    declared,
                    variables,
                    given: match values {
                        Some(values) => Given::Nested {
                            values,
                            at: at.clone().key("properties").key("parameters"),
                            parent: frame,
                        },
                        None => Given::File(None),
                    },
                });
                frames.len() - 1
            } else {
                frame
            };
            self.walk(
                frames,
                inner_frame,
                inner,
                &inner_base,
                group,
                out,
                depth + 1,
            );
        }
    }

    /// Where the value of a template string is written: the parameters file's value, a
    /// parameter's default, a variable, or the string itself; with the template JSON written
    /// there and the frame it is evaluated in, when it is the template's.
    pub(super) fn trace<'t>(
        frames: &[Frame<'t>],
        frame: usize,
        value: &'t Value,
        at: JsonPointer,
    ) -> Traced<'t> {
        if let Value::String(text) = value
            && let TemplateString::Expression(inner) = classify(text)
            && let Ok(expr) = parse(inner)
            && let Some(found) = Self::trace_expr(frames, frame, &expr, 0)
        {
            return found;
        }
        Traced {
            file: ArmFile::Template,
            at,
            raw: Some((value, frame)),
        }
    }

    fn trace_expr<'t>(
        frames: &[Frame<'t>],
        frame: usize,
        expr: &Expr,
        depth: usize,
    ) -> Option<Traced<'t>> {
        if depth > 16 {
            return None;
        }
        let f = &frames[frame];
        match expr {
            Expr::Call { name, args, .. } if args.len() == 1 => {
                let Expr::String(wanted) = &args[0] else {
                    return None;
                };
                if name.eq_ignore_ascii_case("parameters") {
                    let (key, declaration) = get_ci(f.declared?, wanted)?;
                    match &f.given {
                        Given::File(Some(file)) => {
                            if let Some((k, entry)) = get_ci(file, key) {
                                return entry.get("value").map(|_| Traced {
                                    file: ArmFile::Parameters,
                                    at: JsonPointer::root().key("parameters").key(k).key("value"),
                                    raw: None,
                                });
                            }
                        }
                        Given::Nested { values, at, parent } => {
                            if let Some((k, entry)) = get_ci(values, key) {
                                let value = entry.get("value")?;
                                return Some(Self::trace(
                                    frames,
                                    *parent,
                                    value,
                                    at.clone().key(k).key("value"),
                                ));
                            }
                        }
                        Given::File(None) => {}
                    }
                    let at = f.base.clone().key("parameters").key(key);
                    Some(match declaration.get("defaultValue") {
                        Some(default) => {
                            Self::trace(frames, frame, default, at.key("defaultValue"))
                        }
                        None => Traced {
                            file: ArmFile::Template,
                            at,
                            raw: None,
                        },
                    })
                } else if name.eq_ignore_ascii_case("variables") {
                    let (key, value) = get_ci(f.variables?, wanted)?;
                    Some(Self::trace(
                        frames,
                        frame,
                        value,
                        f.base.clone().key("variables").key(key),
                    ))
                } else {
                    None
                }
            }
            Expr::Call { name, args, .. } if args.len() == 3 && name.eq_ignore_ascii_case("if") => {
                match f.evaluation.eval(&args[0]).ok()? {
                    Val::Bool(true) => Self::trace_expr(frames, frame, &args[1], depth + 1),
                    Val::Bool(false) => Self::trace_expr(frames, frame, &args[2], depth + 1),
                    _ => None,
                }
            }
            Expr::Property(target, name) => {
                let traced = Self::trace_expr(frames, frame, target, depth + 1)?;
                Some(traced.child(name))
            }
            Expr::Index(target, index) => {
                let traced = Self::trace_expr(frames, frame, target, depth + 1)?;
                match f.evaluation.eval(index).ok()? {
                    Val::Int(i) => Some(traced.item(usize::try_from(i).ok()?)),
                    Val::Str(key) => Some(traced.child(&key)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Notes where the expressions inside a literal value take their values from, so that a
    /// finding about such a value is shown where the value is written (the parameters file's
    /// value of a parameter named inside a default array, for example).
    fn redirects<'t>(
        &mut self,
        frames: &[Frame<'t>],
        frame: usize,
        raw: &'t Value,
        file: ArmFile,
        at: &JsonPointer,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        match raw {
            Value::String(text) if matches!(classify(text), TemplateString::Expression(_)) => {
                let traced = Self::trace(frames, frame, raw, at.clone());
                if traced.file != file || &traced.at != at {
                    self.moved
                        .push(((file, at.clone()), (traced.file, traced.at.clone())));
                    if let Some((inner, inner_frame)) = traced.raw
                        && (inner.is_array() || inner.is_object())
                    {
                        self.redirects(
                            frames,
                            inner_frame,
                            inner,
                            traced.file,
                            &traced.at,
                            depth + 1,
                        );
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.redirects(frames, frame, item, file, &at.clone().index(i), depth + 1);
                }
            }
            Value::Object(map) if !map.get("copy").is_some_and(Value::is_array) => {
                for (k, v) in map {
                    self.redirects(frames, frame, v, file, &at.clone().key(k), depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Where a finding at `path` of `file` is shown, after the moves of [`Self::redirects`].
    pub(super) fn moved_to(
        &self,
        mut file: ArmFile,
        mut path: JsonPointer,
    ) -> (ArmFile, JsonPointer) {
        for _ in 0..8 {
            let best = self
                .moved
                .iter()
                .filter(|((f, from), _)| {
                    *f == file
                        && (path == *from
                            || path
                                .as_str()
                                .strip_prefix(from.as_str())
                                .is_some_and(|rest| rest.starts_with('/')))
                })
                .max_by_key(|((_, from), _)| from.as_str().len());
            let Some(((_, from), (to_file, to))) = best else {
                break;
            };
            let skip = from.tokens().count();
            let rest: Vec<String> = path.tokens().skip(skip).collect();
            path = rest.iter().fold(to.clone(), |at, token| at.key(token));
            file = *to_file;
        }
        (file, path)
    }

    /// The value of a template property, evaluated in `frame` (within a copy loop's index when
    /// given), with its place.
    pub(super) fn resolve<'t>(
        &mut self,
        frames: &[Frame<'t>],
        frame: usize,
        copy: Option<(Option<&str>, Val)>,
        value: &'t Value,
        at: JsonPointer,
        what: &'static str,
    ) -> Option<Source> {
        let evaluation = &frames[frame].evaluation;
        let evaluated = match copy.clone() {
            Some((name, index)) => evaluation.with_copy(name, index, |e| e.json(value)),
            None => evaluation.json(value),
        };
        let met = evaluation.unsupported();
        let evaluated = match evaluated {
            Ok(v) => v,
            Err(e) => {
                self.error(ArmFile::Template, Rule::InvalidExpression, at, e.0);
                return None;
            }
        };
        let traced = match copy.clone() {
            Some((name, index)) => frames[frame]
                .evaluation
                .with_copy(name, index, |_| Self::trace(frames, frame, value, at)),
            None => Self::trace(frames, frame, value, at),
        };
        let (file, at) = (traced.file, traced.at.clone());
        if let Some((raw, raw_frame)) = traced.raw
            && (raw.is_array() || raw.is_object())
        {
            match copy {
                Some((name, index)) => frames[frame].evaluation.with_copy(name, index, |_| {
                    self.redirects(frames, raw_frame, raw, file, &at, 0);
                }),
                None => self.redirects(frames, raw_frame, raw, file, &at, 0),
            }
        }
        let mut unknowns = Vec::new();
        let json = to_json(&evaluated, &JsonPointer::root(), &mut unknowns);
        // Each function not evaluated, once, where a value that depends on it is written (or
        // at the property).
        for function in met {
            if self
                .unsupported
                .iter()
                .any(|f| f.eq_ignore_ascii_case(&function))
            {
                continue;
            }
            let place = unknowns
                .iter()
                .find(|(_, u)| matches!(u, Unknown::Unsupported(f) if f.eq_ignore_ascii_case(&function)))
                .map_or_else(|| at.clone(), |(relative, _)| at.clone().join(relative));
            self.error(
                file,
                Rule::UnsupportedExpression,
                place,
                format!(
                    "the checker does not evaluate the function `{function}`; Azure evaluates it at deployment, and the values that depend on it are not checked"
                ),
            );
            self.unsupported.push(function);
        }
        // The checker's own limits (size, work, nesting): a value Azure may well compute, not
        // evaluated here; once, where a value past the limit is written (or at the property).
        if !self.limited
            && let Some(limit) = evaluation.limit()
        {
            let place = unknowns
                .iter()
                .find(|(_, u)| matches!(u, Unknown::Limit(_)))
                .map_or_else(|| at.clone(), |(relative, _)| at.clone().join(relative));
            self.push(
                file,
                Diagnostic::new(
                    Rule::UnsupportedExpression,
                    place,
                    format!(
                        "{limit}; the values that depend on it are not checked, and Azure evaluates them at deployment"
                    ),
                )
                .with_help(
                    "Nothing to fix if Azure deploys the template: the values past the checker's limit are checked when Azure deploys it; a smaller template is checked whole.",
                ),
            );
            self.limited = true;
        }
        for (relative, unknown) in unknowns {
            // A parameter without a value is noted at its declaration, once.
            let declared = match &unknown {
                Unknown::NoValue(name) => [frame, 0].iter().find_map(|&i| {
                    let (key, _) = get_ci(frames[i].declared?, name)?;
                    Some(frames[i].base.clone().key("parameters").key(key))
                }),
                _ => None,
            };
            match declared {
                Some(place) => self.unknown_value(ArmFile::Template, place, &unknown),
                None => self.unknown_value(file, at.clone().join(&relative), &unknown),
            }
            if let Some(place) = (!matches!(unknown, Unknown::Unsupported(_) | Unknown::Limit(_)))
                .then(|| at.clone().join(&relative))
            {
                self.mask(file, place);
            }
        }
        Some(Source {
            value: json,
            file,
            at,
            what,
        })
    }

    /// The note of a value known only at deployment (once per place), which masks the place.
    fn unknown_value(&mut self, file: ArmFile, at: JsonPointer, unknown: &Unknown) {
        self.unknown = true;
        let (rule, message) = match unknown {
            Unknown::NoValue(name) => (
                Rule::ParameterWithoutValue,
                format!(
                    "parameter `{name}` has no default value and no parameters file gives one, so this value is supplied at deployment and checked when given; check the parameters file with its template (`--template`)"
                ),
            ),
            Unknown::Deployment(what) => (
                Rule::DeploymentTimeValue,
                format!(
                    "this value is known only at deployment ({what}); it cannot be checked before"
                ),
            ),
            Unknown::Secret(name) => (
                Rule::DeploymentTimeValue,
                format!(
                    "parameter `{name}` is a Key Vault reference, read at deployment; it cannot be checked before"
                ),
            ),
            // Reported once, where the function is or the limit was reached.
            Unknown::Unsupported(_) | Unknown::Limit(_) => {
                self.mask(file, at);
                return;
            }
        };
        if !self
            .found
            .iter()
            .any(|(f, d)| *f == file && d.rule() == rule && d.path() == &at)
        {
            self.error(file, rule, at.clone(), message);
        }
        self.mask(file, at);
    }
}

/// The nested deployments that link a template by URI (`properties.templateLink`): where the
/// link is, and its URI (shortened) as written.
pub(super) fn linked_templates(
    template: &Map<String, Value>,
    base: &JsonPointer,
    depth: usize,
) -> Vec<(JsonPointer, String)> {
    let mut found = Vec::new();
    if depth > 8 {
        return found;
    }
    for (resource, at) in resources_of(template, base) {
        if !is(resource, DEPLOYMENT_TYPE) {
            continue;
        }
        if let Some(link) = resource.pointer("/properties/templateLink") {
            let uri = link.get("uri").or_else(|| link.get("id")).map_or_else(
                || "(no uri)".to_owned(),
                |u| crate::document::decode::shortened(&u.to_string()).into_owned(),
            );
            found.push((at.clone().key("properties").key("templateLink"), uri));
        }
        if let Some(inner) = resource
            .pointer("/properties/template")
            .and_then(Value::as_object)
        {
            let inner_base = at.key("properties").key("template");
            found.extend(linked_templates(inner, &inner_base, depth + 1));
        }
    }
    found
}

/// Whether resources (or nested deployments among them) deploy a registration definition.
pub(super) fn contains_definition(resources: &Value, depth: usize) -> bool {
    let items: Vec<&Value> = match resources {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    };
    depth < 8
        && items.iter().any(|r| {
            is(r, DEFINITION_TYPE)
                || (is(r, DEPLOYMENT_TYPE)
                    && r.pointer("/properties/template/resources")
                        .is_some_and(|inner| contains_definition(inner, depth + 1)))
        })
}

/// The value as JSON, each unknown replaced by [`UNKNOWN_MARKER`] and listed with its path.
fn to_json(value: &Val, at: &JsonPointer, unknowns: &mut Vec<(JsonPointer, Unknown)>) -> Value {
    match value {
        Val::Unknown(u) => {
            unknowns.push((at.clone(), u.clone()));
            Value::String(UNKNOWN_MARKER.into())
        }
        Val::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &at.clone().index(i), unknowns))
                .collect(),
        ),
        Val::Object(members) => {
            let mut map = Map::new();
            for (k, v) in members {
                map.insert(k.clone(), to_json(v, &at.clone().key(k), unknowns));
            }
            Value::Object(map)
        }
        other => other.to_json(&mut |_| Value::Null),
    }
}
