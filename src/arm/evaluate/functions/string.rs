//! String functions (Microsoft Learn, "String functions for ARM templates"): `endsWith`, `format`
//! (.NET composite formatting, as far as templates use it), `guid`, `replace`, `split`,
//! `startsWith`, `string`, `toLower`, `toUpper`, `trim`. `concat`, `contains`, `empty`, `first`,
//! `last` and `length` take arrays too: see [`array`](super::array).

use super::{as_str, exactly, not_mine, to_json_text};
use crate::arm::evaluate::guid;
use crate::arm::evaluate::value::{EvalError, Unknown, Val, err};

/// The functions of this family; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
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
            let delimiters: Vec<&str> = delimiters.into_iter().filter(|d| !d.is_empty()).collect();
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
        _ => return not_mine(),
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
