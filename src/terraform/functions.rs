//! Terraform's built-in functions that delegation modules use, over evaluated arguments.
//! A function the checker does not evaluate gives an unknown value that names it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::module::MAX_ITEMS;
use super::value::{At, Fault, Kind, R, V, boolean, index, num, number, number_text};

/// Functions whose arguments may hold unknown values inside: the result keeps them.
const STRUCTURAL: [&str; 15] = [
    "concat",
    "merge",
    "flatten",
    "tolist",
    "tomap",
    "lookup",
    "element",
    "values",
    "coalesce",
    "coalescelist",
    "one",
    "length",
    "jsonencode",
    "zipmap",
    "compact",
];

fn text(v: &V, what: &str) -> Result<String, Fault> {
    v.to_text().ok_or_else(|| {
        Fault::dynamic(
            format!("{what} must be a string, found {}", v.type_name()),
            v.at,
        )
    })
}

fn list(v: &V, what: &str) -> Result<Vec<V>, Fault> {
    match &v.kind {
        Kind::List(items) => Ok(items.clone()),
        _ => Err(Fault::dynamic(
            format!("{what} must be a list, found {}", v.type_name()),
            v.at,
        )),
    }
}

fn map(v: &V, what: &str) -> Result<BTreeMap<String, V>, Fault> {
    match &v.kind {
        Kind::Map(m) => Ok(m.clone()),
        _ => Err(Fault::dynamic(
            format!("{what} must be a map or object, found {}", v.type_name()),
            v.at,
        )),
    }
}

fn arity(name: &str, args: &[V], min: usize, max: usize, at: Option<At>) -> Result<(), Fault> {
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            min.to_string()
        } else {
            format!("{min} to {max}")
        };
        return Err(Fault::dynamic(
            format!("`{name}` takes {expected} arguments, found {}", args.len()),
            at,
        ));
    }
    Ok(())
}

/// A set of values: without repeats, strings sorted.
pub(crate) fn set_of(items: Vec<V>) -> Vec<V> {
    let mut out: Vec<V> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o.same(&item)) {
            out.push(item);
        }
    }
    if out.iter().all(|v| matches!(v.kind, Kind::String(_))) {
        out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    out
}

/// Calls `name` with `args`, the call written at `at`.
#[allow(clippy::too_many_lines)]
pub(crate) fn call(name: &str, args: &[V], at: Option<At>) -> R {
    if STRUCTURAL.contains(&name) {
        if let Some(u) = args.iter().find(|a| a.is_unknown()) {
            return Ok(u.clone().at(at));
        }
    } else if let Some(u) = args.iter().find_map(V::first_unknown) {
        return Ok(u.clone());
    }
    let first_at = args.first().and_then(|a| a.at).or(at);
    let s = |v: V| -> R { Ok(v) };
    match name {
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                out.extend(list(a, "each argument of `concat`")?);
            }
            s(V::new(Kind::List(out), at))
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for a in args {
                if a.is_null() {
                    continue;
                }
                out.extend(map(a, "each argument of `merge`")?);
            }
            s(V::new(Kind::Map(out), at))
        }
        "lookup" => {
            arity(name, args, 2, 3, at)?;
            let m = map(&args[0], "the first argument of `lookup`")?;
            let k = text(&args[1], "the key of `lookup`")?;
            match (m.get(&k), args.get(2)) {
                (Some(v), _) => s(v.clone()),
                (None, Some(d)) => s(d.clone()),
                (None, None) => Err(Fault::dynamic(
                    format!("the map has no key {k:?} and `lookup` has no default"),
                    at,
                )),
            }
        }
        "coalesce" => {
            for a in args {
                match &a.kind {
                    Kind::Null => {}
                    Kind::String(t) if t.is_empty() => {}
                    _ => return s(a.clone()),
                }
            }
            Err(Fault::dynamic(
                "no argument of `coalesce` is neither null nor empty",
                at,
            ))
        }
        "coalescelist" => {
            for a in args {
                if let Kind::List(items) = &a.kind
                    && !items.is_empty()
                {
                    return s(a.clone());
                }
            }
            Err(Fault::dynamic(
                "no argument of `coalescelist` is a non-empty list",
                at,
            ))
        }
        "lower" | "upper" | "trimspace" | "title" | "chomp" => {
            arity(name, args, 1, 1, at)?;
            let t = text(&args[0], "the argument")?;
            let out = match name {
                "lower" => t.to_lowercase(),
                "upper" => t.to_uppercase(),
                "trimspace" => t.trim().to_owned(),
                "chomp" => t.trim_end_matches(['\n', '\r']).to_owned(),
                _ => t
                    .split(' ')
                    .map(|w| {
                        let mut c = w.chars();
                        c.next().map_or_else(String::new, |f| {
                            f.to_uppercase().collect::<String>() + c.as_str()
                        })
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            s(V::string(out, first_at))
        }
        "trim" | "trimprefix" | "trimsuffix" => {
            arity(name, args, 2, 2, at)?;
            let t = text(&args[0], "the string")?;
            let cut = text(&args[1], "the second argument")?;
            let out = match name {
                "trimprefix" => t.strip_prefix(cut.as_str()).unwrap_or(&t).to_owned(),
                "trimsuffix" => t.strip_suffix(cut.as_str()).unwrap_or(&t).to_owned(),
                _ => t.trim_matches(|c| cut.contains(c)).to_owned(),
            };
            s(V::string(out, first_at))
        }
        "replace" => {
            arity(name, args, 3, 3, at)?;
            let t = text(&args[0], "the string")?;
            let from = text(&args[1], "the substring")?;
            let to = text(&args[2], "the replacement")?;
            let out = if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                let re = regex::Regex::new(&from[1..from.len() - 1]).map_err(|e| {
                    Fault::dynamic(
                        format!("the pattern of `replace` is not a valid regular expression: {e}"),
                        args[1].at,
                    )
                })?;
                re.replace_all(&t, to.as_str()).into_owned()
            } else if from.is_empty() {
                t
            } else {
                t.replace(&from, &to)
            };
            s(V::string(out, first_at))
        }
        "regex" | "regexall" => {
            arity(name, args, 2, 2, at)?;
            let re = text(&args[0], "the pattern")?;
            let t = text(&args[1], "the string")?;
            let re = regex::Regex::new(&re).map_err(|e| {
                Fault::dynamic(format!("not a valid regular expression: {e}"), args[0].at)
            })?;
            let matches: Vec<V> = re
                .captures_iter(&t)
                .take(MAX_ITEMS)
                .map(|c| {
                    if c.len() == 1 {
                        V::string(c.get(0).map_or("", |m| m.as_str()), at)
                    } else {
                        V::new(
                            Kind::List(
                                c.iter()
                                    .skip(1)
                                    .map(|m| {
                                        m.map_or_else(|| V::null(at), |m| V::string(m.as_str(), at))
                                    })
                                    .collect(),
                            ),
                            at,
                        )
                    }
                })
                .collect();
            if name == "regexall" {
                return s(V::new(Kind::List(matches), at));
            }
            matches
                .into_iter()
                .next()
                .ok_or_else(|| Fault::dynamic("the pattern of `regex` does not match", at))
        }
        "format" => {
            if args.is_empty() {
                return Err(Fault::dynamic("`format` needs a format string", at));
            }
            let spec = text(&args[0], "the format")?;
            s(V::string(format(&spec, &args[1..], at)?, at))
        }
        "formatlist" => Ok(V::unknown(
            "`formatlist` is not evaluated by the checker",
            at,
        )),
        "join" => {
            arity(name, args, 2, usize::MAX, at)?;
            let sep = text(&args[0], "the separator")?;
            let mut parts = Vec::new();
            for a in &args[1..] {
                for item in list(a, "the list of `join`")? {
                    parts.push(text(&item, "each item of `join`")?);
                }
            }
            s(V::string(parts.join(&sep), at))
        }
        "split" => {
            arity(name, args, 2, 2, at)?;
            let sep = text(&args[0], "the separator")?;
            let t = text(&args[1], "the string")?;
            let parts: Vec<V> = if sep.is_empty() {
                t.chars()
                    .map(|c| V::string(c.to_string(), first_at))
                    .collect()
            } else {
                t.split(sep.as_str())
                    .map(|p| V::string(p, args[1].at))
                    .collect()
            };
            s(V::new(Kind::List(parts), at))
        }
        "substr" => {
            arity(name, args, 3, 3, at)?;
            let t: Vec<char> = text(&args[0], "the string")?.chars().collect();
            let offset = number(&args[1])?;
            let length = number(&args[2])?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let start = if offset < 0.0 {
                t.len().saturating_sub((-offset) as usize)
            } else {
                (offset as usize).min(t.len())
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let end = if length < 0.0 {
                t.len()
            } else {
                (start + length as usize).min(t.len())
            };
            s(V::string(
                t[start..end].iter().collect::<String>(),
                first_at,
            ))
        }
        "startswith" | "endswith" | "strcontains" => {
            arity(name, args, 2, 2, at)?;
            let t = text(&args[0], "the string")?;
            let p = text(&args[1], "the second argument")?;
            let b = match name {
                "startswith" => t.starts_with(&p),
                "endswith" => t.ends_with(&p),
                _ => t.contains(&p),
            };
            s(V::new(Kind::Bool(b), at))
        }
        "tostring" => {
            arity(name, args, 1, 1, at)?;
            if args[0].is_null() {
                return s(args[0].clone());
            }
            s(V::string(text(&args[0], "the argument")?, first_at))
        }
        "tonumber" => {
            arity(name, args, 1, 1, at)?;
            s(V::new(Kind::Number(number(&args[0])?), first_at))
        }
        "tobool" => {
            arity(name, args, 1, 1, at)?;
            s(V::new(Kind::Bool(boolean(&args[0])?), first_at))
        }
        "tolist" => {
            arity(name, args, 1, 1, at)?;
            s(V::new(
                Kind::List(list(&args[0], "the argument of `tolist`")?),
                first_at,
            ))
        }
        "toset" => {
            arity(name, args, 1, 1, at)?;
            s(V::new(
                Kind::List(set_of(list(&args[0], "the argument of `toset`")?)),
                first_at,
            ))
        }
        "tomap" => {
            arity(name, args, 1, 1, at)?;
            s(V::new(
                Kind::Map(map(&args[0], "the argument of `tomap`")?),
                first_at,
            ))
        }
        "length" => {
            arity(name, args, 1, 1, at)?;
            let n = match &args[0].kind {
                Kind::List(items) => items.len(),
                Kind::Map(m) => m.len(),
                Kind::String(t) => t.chars().count(),
                _ => {
                    return Err(Fault::dynamic(
                        format!("`length` of a {}", args[0].type_name()),
                        at,
                    ));
                }
            };
            s(num(n, at))
        }
        "keys" => {
            arity(name, args, 1, 1, at)?;
            let m = map(&args[0], "the argument of `keys`")?;
            s(V::new(
                Kind::List(m.keys().map(|k| V::string(k.clone(), at)).collect()),
                at,
            ))
        }
        "values" => {
            arity(name, args, 1, 1, at)?;
            let m = map(&args[0], "the argument of `values`")?;
            s(V::new(Kind::List(m.into_values().collect::<Vec<_>>()), at))
        }
        "flatten" => {
            fn flat(v: &V, out: &mut Vec<V>, depth: usize) -> Result<(), Fault> {
                match &v.kind {
                    Kind::List(items) if depth < 64 => {
                        for i in items {
                            flat(i, out, depth + 1)?;
                        }
                        Ok(())
                    }
                    Kind::List(_) => Err(Fault::dynamic("the list is nested too deep", v.at)),
                    _ => {
                        out.push(v.clone());
                        Ok(())
                    }
                }
            }
            arity(name, args, 1, 1, at)?;
            let mut out = Vec::new();
            for item in list(&args[0], "the argument of `flatten`")? {
                flat(&item, &mut out, 0)?;
            }
            s(V::new(Kind::List(out), at))
        }
        "distinct" => {
            arity(name, args, 1, 1, at)?;
            let mut out: Vec<V> = Vec::new();
            for item in list(&args[0], "the argument of `distinct`")? {
                if !out.iter().any(|o| o.same(&item)) {
                    out.push(item);
                }
            }
            s(V::new(Kind::List(out), at))
        }
        "compact" => {
            arity(name, args, 1, 1, at)?;
            let out: Vec<V> = list(&args[0], "the argument of `compact`")?
                .into_iter()
                .filter(|v| !(v.is_null() || v.as_str() == Some("")))
                .collect();
            s(V::new(Kind::List(out), at))
        }
        "contains" => {
            arity(name, args, 2, 2, at)?;
            let items = list(&args[0], "the first argument of `contains`")?;
            s(V::new(
                Kind::Bool(items.iter().any(|i| i.same(&args[1]))),
                at,
            ))
        }
        "element" => {
            arity(name, args, 2, 2, at)?;
            let items = list(&args[0], "the first argument of `element`")?;
            if items.is_empty() {
                return Err(Fault::dynamic("`element` of an empty list", at));
            }
            let i = number(&args[1])?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = (i.max(0.0) as usize) % items.len();
            s(items[i].clone())
        }
        "index" => {
            arity(name, args, 2, 2, at)?;
            let items = list(&args[0], "the first argument of `index`")?;
            items
                .iter()
                .position(|i| i.same(&args[1]))
                .map(|p| num(p, at))
                .ok_or_else(|| Fault::dynamic("the item is not in the list", at))
        }
        "one" => {
            arity(name, args, 1, 1, at)?;
            let items = list(&args[0], "the argument of `one`")?;
            match items.len() {
                0 => s(V::null(at)),
                1 => s(items[0].clone()),
                n => Err(Fault::dynamic(format!("`one` of a list of {n} items"), at)),
            }
        }
        "zipmap" => {
            arity(name, args, 2, 2, at)?;
            let keys = list(&args[0], "the keys")?;
            let values = list(&args[1], "the values")?;
            if keys.len() != values.len() {
                return Err(Fault::dynamic("`zipmap` needs as many keys as values", at));
            }
            let mut out = BTreeMap::new();
            for (k, v) in keys.iter().zip(values) {
                out.insert(text(k, "each key")?, v);
            }
            s(V::new(Kind::Map(out), at))
        }
        "reverse" => {
            arity(name, args, 1, 1, at)?;
            let mut items = list(&args[0], "the argument")?;
            items.reverse();
            s(V::new(Kind::List(items), at))
        }
        "sort" => {
            arity(name, args, 1, 1, at)?;
            let mut items = Vec::new();
            for i in list(&args[0], "the argument")? {
                items.push(text(&i, "each item of `sort`")?);
            }
            items.sort();
            s(V::new(
                Kind::List(items.into_iter().map(|t| V::string(t, at)).collect()),
                at,
            ))
        }
        "slice" => {
            arity(name, args, 3, 3, at)?;
            let items = list(&args[0], "the list")?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let (a, b) = (
                number(&args[1])?.max(0.0) as usize,
                number(&args[2])?.max(0.0) as usize,
            );
            if a > b || b > items.len() {
                return Err(Fault::dynamic(
                    "the bounds of `slice` are outside the list",
                    at,
                ));
            }
            s(V::new(Kind::List(items[a..b].to_vec()), at))
        }
        "range" => {
            arity(name, args, 1, 3, at)?;
            let ns: Vec<f64> = args.iter().map(number).collect::<Result<_, _>>()?;
            let (start, end, step) = match ns.as_slice() {
                [e] => (0.0, *e, 1.0),
                [a, e] => (*a, *e, if e >= a { 1.0 } else { -1.0 }),
                [a, e, st] => (*a, *e, *st),
                _ => unreachable!("arity checked"),
            };
            if step == 0.0 {
                return Err(Fault::dynamic("the step of `range` is zero", at));
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                if out.len() >= MAX_ITEMS {
                    return Err(Fault::dynamic(
                        format!("`range` makes more than {MAX_ITEMS} numbers"),
                        at,
                    ));
                }
                out.push(V::new(Kind::Number(x), at));
                x += step;
            }
            s(V::new(Kind::List(out), at))
        }
        "min" | "max" => {
            let ns: Vec<f64> = args.iter().map(number).collect::<Result<_, _>>()?;
            let v = if name == "min" {
                ns.iter().copied().fold(f64::INFINITY, f64::min)
            } else {
                ns.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            };
            s(V::new(Kind::Number(v), at))
        }
        "abs" | "ceil" | "floor" => {
            arity(name, args, 1, 1, at)?;
            let n = number(&args[0])?;
            let v = match name {
                "abs" => n.abs(),
                "ceil" => n.ceil(),
                _ => n.floor(),
            };
            s(V::new(Kind::Number(v), at))
        }
        "jsondecode" => {
            arity(name, args, 1, 1, at)?;
            let t = text(&args[0], "the argument of `jsondecode`")?;
            let value: serde_json::Value = serde_json::from_str(&t).map_err(|e| {
                Fault::dynamic(
                    format!("`jsondecode` of text that is not JSON: {e}"),
                    first_at,
                )
            })?;
            s(V::from_json(&value, first_at))
        }
        "jsonencode" => {
            arity(name, args, 1, 1, at)?;
            if args[0].first_unknown().is_some() {
                // The body of an azapi resource keeps its structure: see `lower`.
                return s(args[0].clone());
            }
            s(V::string(args[0].to_json().to_string(), at))
        }
        "uuidv5" => {
            arity(name, args, 2, 2, at)?;
            let ns = text(&args[0], "the namespace")?;
            let n = text(&args[1], "the name")?;
            let namespace = match ns.as_str() {
                "dns" => uuid::Uuid::NAMESPACE_DNS,
                "url" => uuid::Uuid::NAMESPACE_URL,
                "oid" => uuid::Uuid::NAMESPACE_OID,
                "x500" => uuid::Uuid::NAMESPACE_X500,
                other => other.parse().map_err(|_| {
                    Fault::dynamic(format!("{other:?} is not a UUID namespace"), args[0].at)
                })?,
            };
            s(V::string(
                uuid::Uuid::new_v5(&namespace, n.as_bytes()).to_string(),
                at,
            ))
        }
        "uuid" | "timestamp" | "bcrypt" | "plantimestamp" => Ok(V::unknown(
            format!("`{name}()` gives a new value at every run"),
            at,
        )),
        "setunion" => {
            let mut out = Vec::new();
            for a in args {
                out.extend(list(a, "each argument of `setunion`")?);
            }
            s(V::new(Kind::List(set_of(out)), at))
        }
        "sensitive" | "nonsensitive" => {
            arity(name, args, 1, 1, at)?;
            s(args[0].clone())
        }
        "lookup_index" => s(index(&args[0], &args[1], at)?),
        _ => Ok(V::unknown(
            format!("the function `{name}` is not evaluated by the checker"),
            at,
        )),
    }
}

/// Terraform's `format`: `%s`, `%d`, `%v`, `%q`, `%t`, `%%`, `%f` with widths ignored but
/// `%[n]` indexes honoured.
fn format(spec: &str, args: &[V], at: Option<At>) -> Result<String, Fault> {
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if f == '[' {
                chars.next();
                let mut n = String::new();
                while let Some(&d) = chars.peek() {
                    chars.next();
                    if d == ']' {
                        break;
                    }
                    n.push(d);
                }
                next = n.parse::<usize>().unwrap_or(1).saturating_sub(1);
            } else if f.is_ascii_digit() || "+-# .".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let verb = chars
            .next()
            .ok_or_else(|| Fault::dynamic("the format ends in `%`", at))?;
        let arg = args.get(next).ok_or_else(|| {
            Fault::dynamic(
                format!(
                    "the format has more verbs than the {} values given",
                    args.len()
                ),
                at,
            )
        })?;
        next += 1;
        match verb {
            's' | 'v' => out.push_str(&match arg.to_text() {
                Some(t) => t,
                None if verb == 'v' => arg.to_json().to_string(),
                None => {
                    return Err(Fault::dynamic(
                        format!("`%s` of a {}", arg.type_name()),
                        arg.at,
                    ));
                }
            }),
            'q' => out
                .push_str(&serde_json::Value::String(text(arg, "the value of `%q`")?).to_string()),
            'd' => {
                let n = number(arg)?;
                out.push_str(&number_text(n.trunc()));
            }
            'f' | 'g' | 'e' => {
                let n = number(arg)?;
                let precision = flags
                    .split('.')
                    .nth(1)
                    .and_then(|p| p.parse::<usize>().ok())
                    .unwrap_or(6);
                let _ = write!(out, "{n:.precision$}");
            }
            't' => out.push_str(&boolean(arg)?.to_string()),
            'x' | 'X' | 'o' | 'b' => {
                let n = number(arg)?;
                #[allow(clippy::cast_possible_truncation)]
                let i = n as i64;
                let _ = match verb {
                    'x' => write!(out, "{i:x}"),
                    'X' => write!(out, "{i:X}"),
                    'o' => write!(out, "{i:o}"),
                    _ => write!(out, "{i:b}"),
                };
            }
            other => {
                return Err(Fault::dynamic(
                    format!("`%{other}` is not a verb of `format`"),
                    at,
                ));
            }
        }
    }
    Ok(out)
}
