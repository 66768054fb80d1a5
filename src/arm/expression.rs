//! The ARM template expression language: which strings are expressions, and their syntax.
//!
//! A JSON string of a template is an **expression** when it starts with `[` and ends with `]`
//! and does not start with `[[`. A string that starts with `[[` is a literal whose first `[` is
//! an escape (`"[[test value]"` is the text `[test value]`); any other string is a literal as it
//! stands (`"[test] value"`). (Microsoft Learn, "Syntax and expressions in ARM templates".)
//!
//! Inside the brackets, an expression is a function call, a string literal in single quotes
//! (`''` is one quote), or an integer, followed by any number of property accesses (`.name`) and
//! indexes (`[expression]`). ARM has no operators: `true`, `false` and `null` are the functions
//! `true()`, `false()` and `null()`, and arithmetic is `add`, `sub`… Function names are compared
//! without regard to case. Spaces, tabs and line breaks between tokens are ignored.
//!
//! This module parses; [`evaluate`](super::evaluate) gives expressions their values. Both are
//! pure: no file, no network.

use std::borrow::Cow;

/// The most characters an ARM template expression may have (Microsoft Learn, "Syntax and
/// expressions in ARM templates": 24,576).
pub const MAX_EXPRESSION_CHARS: usize = 24_576;

/// What a JSON string of a template is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateString<'a> {
    /// A literal text, with the `[[` escape already removed.
    Literal(Cow<'a, str>),
    /// An expression: the text between the outer brackets.
    Expression(&'a str),
}

/// Classifies a JSON string of a template.
///
/// ```
/// use lighthouse_offer::arm::expression::{TemplateString, classify};
///
/// assert_eq!(classify("[[test value]"), TemplateString::Literal("[test value]".into()));
/// assert_eq!(classify("[test] value"), TemplateString::Literal("[test] value".into()));
/// assert_eq!(classify("[parameters('a')]"), TemplateString::Expression("parameters('a')"));
/// ```
#[must_use]
pub fn classify(text: &str) -> TemplateString<'_> {
    if text.starts_with("[[") {
        TemplateString::Literal(Cow::Borrowed(&text[1..]))
    } else if text.len() >= 2 && text.starts_with('[') && text.ends_with(']') {
        TemplateString::Expression(&text[1..text.len() - 1])
    } else {
        TemplateString::Literal(Cow::Borrowed(text))
    }
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A string literal.
    String(String),
    /// An integer literal.
    Int(i64),
    /// A function call: the name as written (`concat`, `Microsoft.myFunction`), its arguments,
    /// and the byte offset of the name in the expression.
    Call {
        /// The function's name as written.
        name: String,
        /// The arguments, in order.
        args: Vec<Expr>,
        /// Where the name starts, in bytes from the start of the expression text.
        at: usize,
    },
    /// A property access: `x.name`.
    Property(Box<Expr>, String),
    /// An index: `x[i]`, an integer for arrays, a string for objects.
    Index(Box<Expr>, Box<Expr>),
}

/// An expression that is not well formed: what was expected, and the character where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at character {}", .at + 1)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// The offset in the expression text, in characters (not bytes: `é` is one).
    pub at: usize,
}

/// Parses the text between an expression's outer brackets.
///
/// ```
/// use lighthouse_offer::arm::expression::{Expr, parse};
///
/// let e = parse("parameters('groups')[copyIndex()].rgName")?;
/// assert!(matches!(e, Expr::Property(_, ref name) if name == "rgName"));
/// assert!(parse("concat('a', ").is_err());
/// # Ok::<(), lighthouse_offer::arm::expression::SyntaxError>(())
/// ```
///
/// # Errors
/// A [`SyntaxError`] for an expression that ARM would not read either: an unterminated string,
/// a missing parenthesis, text after the end, or more than [`MAX_EXPRESSION_CHARS`] characters.
pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
    if text.chars().count() > MAX_EXPRESSION_CHARS {
        return Err(SyntaxError {
            message: format!(
                "the expression is longer than the {MAX_EXPRESSION_CHARS} characters ARM allows"
            ),
            at: 0,
        });
    }
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    let expr = parser.expression()?;
    parser.skip_space();
    if parser.pos < text.len() {
        return Err(parser.error("expected the end of the expression"));
    }
    Ok(expr)
}

/// How deeply calls and indexes may nest: far more than any template, few enough for the stack.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        let found = self.text[self.pos..]
            .chars()
            .next()
            .map_or_else(|| "the end".to_owned(), |c| format!("`{c}`"));
        SyntaxError {
            message: format!("{message}, found {found}"),
            at: self.chars_before(self.pos),
        }
    }

    /// The number of characters before the byte offset `at`.
    fn chars_before(&self, at: usize) -> usize {
        self.text[..at].chars().count()
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\r' | '\n') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn identifier(&mut self) -> Option<String> {
        self.skip_space();
        let start = self.pos;
        let mut chars = self.text[start..].char_indices();
        match chars.next() {
            Some((_, c)) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
            _ => return None,
        }
        let end = chars
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '$'))
            .map_or(self.text.len(), |(i, _)| start + i);
        self.pos = end;
        Some(self.text[start..end].to_owned())
    }

    fn expression(&mut self) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("the expression nests too deeply"));
        }
        let mut expr = self.primary()?;
        loop {
            if self.eat('.') {
                let Some(name) = self.identifier() else {
                    return Err(self.error("expected a property name after `.`"));
                };
                expr = Expr::Property(Box::new(expr), name);
            } else if self.eat('[') {
                let index = self.expression()?;
                if !self.eat(']') {
                    return Err(self.error("expected `]`"));
                }
                expr = Expr::Index(Box::new(expr), Box::new(index));
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(expr)
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        self.skip_space();
        match self.peek() {
            Some('\'') => self.string().map(Expr::String),
            Some(c) if c == '-' || c.is_ascii_digit() => self.integer(),
            _ => {
                let at = self.pos;
                let Some(mut name) = self.identifier() else {
                    return Err(self.error("expected a function call, a string or a number"));
                };
                // A user-defined function: `namespace.name(…)`.
                let save = self.pos;
                if self.eat('.') {
                    match self.identifier() {
                        Some(member) if self.eat('(') => {
                            name = format!("{name}.{member}");
                            self.pos -= 1;
                        }
                        _ => self.pos = save,
                    }
                }
                if !self.eat('(') {
                    return Err(self.error(&format!(
                        "expected `(` after the function name `{name}` (true, false and null are the functions true(), false() and null())"
                    )));
                }
                let mut args = Vec::new();
                if !self.eat(')') {
                    loop {
                        args.push(self.expression()?);
                        if self.eat(')') {
                            break;
                        }
                        if !self.eat(',') {
                            return Err(self.error("expected `,` or `)`"));
                        }
                    }
                }
                Ok(Expr::Call { name, args, at })
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                self.pos = start;
                return Err(self.error("the string that starts here never ends"));
            };
            self.pos += c.len_utf8();
            if c == '\'' {
                if self.peek() == Some('\'') {
                    self.pos += 1;
                    out.push('\'');
                } else {
                    return Ok(out);
                }
            } else {
                out.push(c);
            }
        }
    }

    fn integer(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        let digits = self.text[self.pos..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.text.len() - self.pos);
        if digits == 0 {
            return Err(self.error("expected digits"));
        }
        self.pos += digits;
        self.text[start..self.pos]
            .parse()
            .map(Expr::Int)
            .map_err(|_| SyntaxError {
                message: "the number is too large for a 64-bit integer".into(),
                at: self.chars_before(start),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: Vec<Expr>, at: usize) -> Expr {
        Expr::Call {
            name: name.into(),
            args,
            at,
        }
    }

    #[test]
    fn strings_numbers_calls_and_postfixes() {
        assert_eq!(parse("'it''s'").unwrap(), Expr::String("it's".into()));
        assert_eq!(parse(" -10 ").unwrap(), Expr::Int(-10));
        assert_eq!(
            parse("concat('a', \n 1)").unwrap(),
            call("concat", vec![Expr::String("a".into()), Expr::Int(1)], 0)
        );
        assert_eq!(
            parse("resourceGroup().location").unwrap(),
            Expr::Property(
                Box::new(call("resourceGroup", vec![], 0)),
                "location".into()
            )
        );
        assert_eq!(
            parse("createArray(4)[0]").unwrap(),
            Expr::Index(
                Box::new(call("createArray", vec![Expr::Int(4)], 0)),
                Box::new(Expr::Int(0))
            )
        );
        assert_eq!(
            parse("ns.fn('x')").unwrap(),
            call("ns.fn", vec![Expr::String("x".into())], 0)
        );
    }

    #[test]
    fn malformed_expressions_say_where() {
        let e = parse("concat('a' 'b')").unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected `,` or `)`, found `'` at character 12"
        );
        assert!(parse("'open").is_err());
        assert!(parse("true").is_err());
        assert!(parse("f() g()").is_err());
        assert!(parse("x.").is_err());
        let deep = "a(".repeat(100) + &")".repeat(100);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn escapes_and_literals() {
        assert_eq!(classify("[[x]"), TemplateString::Literal("[x]".into()));
        assert_eq!(classify("[]"), TemplateString::Expression(""));
        assert_eq!(classify("["), TemplateString::Literal("[".into()));
        assert_eq!(classify(" [a()]"), TemplateString::Literal(" [a()]".into()));
    }

    #[test]
    fn syntax_errors_are_placed_in_characters() {
        // Review finding 11: the position said "character" but counted bytes.
        let ascii = parse("concat('ab', 1 2)").unwrap_err();
        let wide = parse("concat('éé', 1 2)").unwrap_err();
        assert_eq!(ascii.at, 15, "{ascii}");
        assert_eq!(wide.at, ascii.at, "{wide}");
        assert!(wide.to_string().ends_with("at character 16"), "{wide}");
        let number = parse("concat('日本', 99999999999999999999)").unwrap_err();
        assert_eq!(number.at, 13, "{number}");
    }
}
