//! Reading ARM files as Azure Resource Manager reads them: JSON with `//` and `/* */` comments,
//! and line breaks inside strings (Microsoft Learn, "Understand the structure and syntax of ARM
//! templates": comments and multi-line strings; the service keeps a line break in a string as
//! part of the value). Trailing commas, single quotes and other JSON5 extensions are not
//! documented for ARM, so they are refused.
//!
//! The reader is `jsonc-parser` with comments allowed and every other extension off. It gives
//! a `serde_json::Value`, so JSON Pointers into the value are JSON Pointers into the file as
//! written: comments hold no place in the value.

use jsonc_parser::ParseOptions;
use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use serde_json::{Map, Number, Value};

use crate::document::decode::MAX_DOCUMENT_BYTES;
use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;

/// The deepest nesting read: as for offer documents (`serde_json`'s limit).
const MAX_NESTING: usize = 127;

/// The options of the ARM dialect: comments, and nothing else beyond JSON.
fn options() -> ParseOptions {
    parse_options(true)
}

/// The `jsonc-parser` options of the crate's two dialects: strict JSON ([RFC 8259]) when
/// `comments` is false, as offer documents are read; JSON with `//` and `/* */` comments and
/// nothing else beyond it when true, as ARM files are read.
///
/// Public for the command-line tool, which places diagnostics in the texts the crate reads with
/// the same dialect; not part of the API.
///
/// [RFC 8259]: https://www.rfc-editor.org/rfc/rfc8259
#[doc(hidden)]
#[must_use]
pub fn parse_options(comments: bool) -> ParseOptions {
    ParseOptions {
        allow_comments: comments,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Words that start a Bicep file (and no JSON file).
const BICEP_STARTS: [&str; 12] = [
    "targetScope",
    "param",
    "var",
    "resource",
    "module",
    "using",
    "metadata",
    "import",
    "output",
    "type",
    "func",
    "extension",
];

/// Whether a text that is not JSON looks like Bicep: its first word (after comments) is one of
/// Bicep's declarations, or a decorator.
fn looks_like_bicep(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    if rest.starts_with('@') {
        return true;
    }
    let word: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    BICEP_STARTS.contains(&word.as_str())
        && rest[word.len()..].starts_with(|c: char| c.is_whitespace())
}

fn one(rule: Rule, message: String) -> Vec<Diagnostic> {
    vec![in_arm_file(Diagnostic::new(
        rule,
        JsonPointer::root(),
        message,
    ))]
}

/// The diagnostic with the fix that holds in an ARM file, where the rule's own fix speaks of
/// offer documents (no comments, 9 levels of nesting).
fn in_arm_file(diagnostic: Diagnostic) -> Diagnostic {
    match diagnostic.rule() {
        Rule::InvalidJson => diagnostic.with_help(
            "Fix the JSON syntax at the place shown (quotes around names and texts, commas between items); `//` and `/* */` comments are allowed in ARM files.",
        ),
        Rule::NestingTooDeep => diagnostic.with_help(format!(
            "Flatten the nesting of arrays and objects: the checker reads ARM files nested at most {MAX_NESTING} levels."
        )),
        _ => diagnostic,
    }
}

/// The diagnostic of a Bicep file (`bicep-file`): build it, then check the JSON. The reader
/// gives it for a text that starts as Bicep does; a tool that knows a file's name may give it
/// for a `.bicep` or `.bicepparam` file whatever its text.
#[must_use]
pub fn bicep_file() -> Diagnostic {
    Diagnostic::new(
        Rule::BicepFile,
        JsonPointer::root(),
        "this is a Bicep file, not ARM JSON; build it with `az bicep build --file FILE.bicep` (or `az bicep build-params --file FILE.bicepparam`) and check the JSON it writes",
    )
}

/// The diagnostic of the Bicep file named `name` (`main.bicep`, `dev.bicepparam`): its help
/// gives the command that builds that file.
///
/// ```
/// let found = lighthouse_offer::arm::bicep_file_named("dev.bicepparam");
/// assert!(found.help().contains("az bicep build-params --file dev.bicepparam"));
/// ```
#[must_use]
pub fn bicep_file_named(name: &str) -> Diagnostic {
    let params = std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("bicepparam"));
    let command = if params { "build-params" } else { "build" };
    bicep_file().with_help(format!(
        "Build it with `az bicep {command} --file {name}` and check the JSON written."
    ))
}

/// Reads an ARM file: its value and a `duplicate-key` error for every field an object names
/// twice (the value keeps the last, as `serde_json` does), or why it cannot be read.
pub(crate) fn read(text: &str) -> Result<(Value, Vec<Diagnostic>), Vec<Diagnostic>> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(one(
            Rule::DocumentTooLarge,
            format!(
                "the file has {} bytes, at most {MAX_DOCUMENT_BYTES} ({} MiB) are read",
                text.len(),
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed =
        jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &options());
    let root = match parsed {
        Ok(parsed) => parsed.value,
        Err(e) if looks_like_bicep(text) => {
            let _ = e;
            return Err(vec![bicep_file()]);
        }
        Err(e) if e.kind().to_string().contains("nesting depth") => {
            return Err(one(
                Rule::NestingTooDeep,
                format!("arrays and objects are nested more than {MAX_NESTING} deep"),
            ));
        }
        Err(e) => {
            return Err(one(
                Rule::InvalidJson,
                format!("the file is not valid JSON (comments are allowed in ARM files): {e}"),
            ));
        }
    };
    let Some(root) = root else {
        return Err(one(
            Rule::InvalidJson,
            "the file is empty; expected a JSON object, an ARM template or parameters file".into(),
        ));
    };
    let mut duplicates = Vec::new();
    let value = convert(&root, &JsonPointer::root(), 0, &mut duplicates).map_err(|problem| {
        vec![in_arm_file(match problem {
            Problem::TooDeep => Diagnostic::new(
                Rule::NestingTooDeep,
                JsonPointer::root(),
                format!("arrays and objects are nested more than {MAX_NESTING} deep"),
            ),
            Problem::Number(at, text) => Diagnostic::new(
                Rule::InvalidJson,
                at,
                format!("the number {text} is out of range"),
            ),
        })]
    })?;
    Ok((value, duplicates))
}

/// Why a parsed text is no JSON value.
enum Problem {
    TooDeep,
    Number(JsonPointer, String),
}

/// The AST as a `serde_json::Value`.
fn convert(
    ast: &Ast<'_>,
    at: &JsonPointer,
    depth: usize,
    duplicates: &mut Vec<Diagnostic>,
) -> Result<Value, Problem> {
    if depth > MAX_NESTING {
        return Err(Problem::TooDeep);
    }
    Ok(match ast {
        Ast::StringLit(s) => Value::String(s.value.to_string()),
        Ast::NumberLit(n) => Value::Number(
            n.value
                .parse::<i64>()
                .ok()
                .map(Number::from)
                .or_else(|| n.value.parse::<u64>().ok().map(Number::from))
                .or_else(|| n.value.parse::<f64>().ok().and_then(Number::from_f64))
                .ok_or_else(|| Problem::Number(at.clone(), n.value.to_owned()))?,
        ),
        Ast::BooleanLit(b) => Value::Bool(b.value),
        Ast::NullKeyword(_) => Value::Null,
        Ast::Array(array) => Value::Array(
            array
                .elements
                .iter()
                .enumerate()
                .map(|(i, e)| convert(e, &at.clone().index(i), depth + 1, duplicates))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Ast::Object(object) => {
            let mut map = Map::new();
            for member in &object.properties {
                let name = match &member.name {
                    ObjectPropName::String(s) => s.value.to_string(),
                    ObjectPropName::Word(w) => w.value.to_owned(),
                };
                let here = at.clone().key(&name);
                let value = convert(&member.value, &here, depth + 1, duplicates)?;
                if map.insert(name.clone(), value).is_some() {
                    duplicates.push(Diagnostic::new(
                        Rule::DuplicateKey,
                        here,
                        format!(
                            "field `{name}` is given twice in this object; the last one is read"
                        ),
                    ));
                }
            }
            Value::Object(map)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn comments_and_line_breaks_in_strings_are_read() {
        let text = "{\n  // the name\n  \"a\": \"[\n  parameters('x')\n  ]\", /* more */ \"b\": [1, /* two */ 2]\n}";
        let (value, duplicates) = read(text).unwrap();
        assert_eq!(
            value,
            json!({"a": "[\n  parameters('x')\n  ]", "b": [1, 2]})
        );
        assert!(duplicates.is_empty());
    }

    #[test]
    fn json5_extensions_are_refused() {
        for text in ["{\"a\": 1,}", "{'a': 1}", "{a: 1}", "{\"a\": 0x1}", "[+1]"] {
            let found = read(text).unwrap_err();
            assert_eq!(found[0].rule(), Rule::InvalidJson, "{text}");
        }
        assert_eq!(read("  ").unwrap_err()[0].rule(), Rule::InvalidJson);
    }

    #[test]
    fn bicep_is_recognised() {
        for text in [
            "targetScope = 'subscription'\nparam x string",
            "// a comment\n@description('x')\nparam x string",
            "using './main.bicep'\n",
        ] {
            assert_eq!(read(text).unwrap_err()[0].rule(), Rule::BicepFile, "{text}");
        }
        assert_eq!(read("parameters").unwrap_err()[0].rule(), Rule::InvalidJson);
    }

    #[test]
    fn duplicates_and_depth() {
        let (value, duplicates) = read("{\"a\": 1, \"a\": 2}").unwrap();
        assert_eq!(value, json!({"a": 2}));
        assert_eq!(duplicates[0].path().as_str(), "/a");
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(read(&deep).unwrap_err()[0].rule(), Rule::NestingTooDeep);
        assert_eq!(
            read("[1.5, 18446744073709551615]").unwrap().0,
            json!([1.5, 18_446_744_073_709_551_615_u64])
        );
    }

    #[test]
    fn the_fixes_of_unreadable_arm_files_speak_of_arm_files() {
        // Review finding 11: the help said "no comments" and "an offer document", beside a
        // message saying that comments are allowed in ARM files.
        let broken = &read("{\"a\": 1,}").unwrap_err()[0];
        assert!(
            broken.help().contains("comments are allowed"),
            "{}",
            broken.help()
        );
        assert!(!broken.help().contains("no comments"), "{}", broken.help());
        let deep = "[".repeat(200) + &"]".repeat(200);
        for found in [
            read(&deep).unwrap_err(),
            read(&format!("{{\"a\": {deep}}}")).unwrap_err(),
        ] {
            assert_eq!(found[0].rule(), Rule::NestingTooDeep);
            assert!(!found[0].help().contains("offer"), "{}", found[0].help());
            assert!(found[0].help().contains("ARM files"), "{}", found[0].help());
        }
    }
}
