//! Bicep's syntax, the subset that delegations use: a hand-written recursive-descent parser
//! that keeps the byte span of every expression, so that a finding can be shown where its value
//! is written.
//!
//! The grammar follows Azure/bicep `docs/grammar.md` (v0.46.1): statements end at a line break;
//! objects and arrays separate their items by line breaks or commas; strings are single-quoted,
//! with `${…}` interpolation and `\` escapes, or multi-line between `'''`. Constructs the reader
//! does not evaluate (lambdas, user functions, extensions, tests) are parsed far enough to be
//! skipped and kept as [`Kind::Unsupported`], named. The parser never panics and never recurses
//! deeper than [`MAX_DEPTH`].

mod expressions;
mod scan;
mod statements;

use std::rc::Rc;

/// The deepest nesting of expressions read, counting each operator of a chain and each
/// property access as a level; deeper is a syntax error (Bicep's own limit is larger, but no
/// delegation comes near).
pub(crate) const MAX_DEPTH: usize = 64;

/// The most syntax errors kept per file: the first ones are the useful ones.
const MAX_ERRORS: usize = 20;

/// A byte range of a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// An expression, shared (lowering and tracing keep references to it).
pub(crate) type E = Rc<Expr>;

/// An expression and where it is written.
#[derive(Debug)]
pub(crate) struct Expr {
    pub(crate) kind: Kind,
    pub(crate) span: Span,
}

/// Binary operators, by their Bicep spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Coalesce,
    Or,
    And,
    Eq,
    Ne,
    EqI,
    NeI,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Str(String),
    Interp(Vec<Part>),
    Int(i64),
    Bool(bool),
    Null,
    Ident(String),
    Array(Vec<Item>),
    Object(Vec<Prop>),
    Call {
        ns: Option<String>,
        name: String,
        args: Vec<E>,
    },
    Member {
        target: E,
        name: String,
        safe: bool,
    },
    Index {
        target: E,
        index: E,
        safe: bool,
        from_end: bool,
    },
    Not(E),
    Neg(E),
    Binary(Op, E, E),
    Ternary(E, E, E),
    For {
        item: Option<String>,
        index: Option<String>,
        collection: E,
        filter: Option<E>,
        body: E,
    },
    /// `if (cond) { … }`: the body of a conditional resource or module.
    If {
        condition: E,
        body: E,
    },
    /// A construct outside the subset, named.
    Unsupported(&'static str),
}

#[derive(Debug)]
pub(crate) enum Part {
    Text(String),
    Expr(E),
}

#[derive(Debug)]
pub(crate) enum Item {
    Value(E),
    Spread(E),
}

#[derive(Debug)]
pub(crate) enum Prop {
    Pair { key: String, value: E },
    Spread(E),
}

/// A decorator: `@description('…')`, `@sys.secure()`.
#[derive(Debug)]
pub(crate) struct Decorator {
    pub(crate) name: String,
    pub(crate) args: Vec<E>,
}

/// What an `import` takes from its file.
#[derive(Debug)]
pub(crate) enum Imported {
    /// `import { a, b as c } from '…'`: each name, its span and its alias.
    Names(Vec<(String, Span, Option<String>)>),
    /// `import * as ns from '…'`.
    Wildcard(String),
}

/// A statement of a Bicep or `.bicepparam` file.
#[derive(Debug)]
pub(crate) enum Stmt {
    TargetScope {
        value: E,
        span: Span,
    },
    Param {
        name: String,
        span: Span,
        decorators: Vec<Decorator>,
        /// The declared type's text (`string`, `authorization[]`), when there is one.
        ty: Option<String>,
        value: Option<E>,
    },
    Var {
        name: String,
        span: Span,
        decorators: Vec<Decorator>,
        value: E,
    },
    Resource {
        name: String,
        span: Span,
        ty: String,
        ty_span: Span,
        existing: bool,
        value: E,
    },
    Module {
        name: String,
        span: Span,
        path: String,
        path_span: Span,
        value: E,
    },
    Output {
        value: E,
    },
    Type {
        name: String,
        span: Span,
        decorators: Vec<Decorator>,
    },
    Import {
        what: Imported,
        from: String,
        from_span: Span,
        span: Span,
    },
    Using {
        /// The Bicep file's path; `None` for `using none`.
        path: Option<String>,
        span: Span,
    },
    Unsupported {
        construct: &'static str,
        span: Span,
    },
}

/// A syntax error: where, and what was expected.
#[derive(Clone, Debug)]
pub(crate) struct SyntaxError {
    pub(crate) span: Span,
    pub(crate) message: String,
}

/// A parsed file: its statements and the syntax errors met.
#[derive(Debug, Default)]
pub(crate) struct File {
    pub(crate) statements: Vec<Stmt>,
    pub(crate) errors: Vec<SyntaxError>,
}

/// Parses a Bicep or `.bicepparam` file.
pub(crate) fn parse(text: &str) -> File {
    let mut p = Parser {
        src: text,
        pos: 0,
        depth: 0,
        errors: Vec::new(),
    };
    let statements = p.file();
    File {
        statements,
        errors: p.errors,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    depth: usize,
    errors: Vec<SyntaxError>,
}

type Parsed<T> = Result<T, SyntaxError>;

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_parses_without_errors() {
        let file = parse(
            "targetScope = 'subscription'\n@description('x')\nparam a string = 'b${1}'\nvar v = [for (x, i) in range(0, 2): {\n  k: x\n  ...other\n}]\n",
        );
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        assert_eq!(file.statements.len(), 3);
    }

    #[test]
    fn errors_are_kept_and_parsing_goes_on() {
        let file = parse("param a string = 'open\nvar b = 1\nwat x\n");
        assert_eq!(file.errors.len(), 2, "{:?}", file.errors);
        assert!(
            file.statements
                .iter()
                .any(|s| matches!(s, Stmt::Var { name, .. } if name == "b"))
        );
    }

    #[test]
    fn lines_and_columns_count_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
