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

impl<'s> Parser<'s> {
    // ---- characters ----

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eof(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// Skips spaces and comments, and line breaks when `lines`.
    fn ws(&mut self, lines: bool) {
        loop {
            let rest = self.rest();
            if rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if let Some(inside) = rest.strip_prefix("/*") {
                self.pos += inside.find("*/").map_or(rest.len(), |i| i + 4);
            } else {
                match self.peek() {
                    Some(' ' | '\t' | '\r') => self.pos += 1,
                    Some('\n') if lines => self.pos += 1,
                    _ => break,
                }
            }
        }
    }

    /// Whether a line break follows (after spaces and comments), without consuming it.
    fn at_line_end(&mut self) -> bool {
        self.ws(false);
        self.eof() || self.peek() == Some('\n')
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn error_at(&self, start: usize, message: impl Into<String>) -> SyntaxError {
        let end = (start + 1).min(self.src.len()).max(start);
        let mut end = end;
        while !self.src.is_char_boundary(end) {
            end += 1;
        }
        SyntaxError {
            span: Span { start, end },
            message: message.into(),
        }
    }

    fn expected(&self, what: &str) -> SyntaxError {
        let found = match self.peek() {
            None => "the end of the file".to_owned(),
            Some('\n') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
        };
        self.error_at(self.pos, format!("expected {what}, found {found}"))
    }

    fn expect(&mut self, token: &str) -> Parsed<()> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{token}`")))
        }
    }

    fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !is_ident_start(first) {
            return None;
        }
        let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        self.pos += len;
        Some(rest[..len].to_owned())
    }

    /// The next identifier, without consuming it.
    fn peek_ident(&self) -> Option<&'s str> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !is_ident_start(first) {
            return None;
        }
        let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        Some(&rest[..len])
    }

    fn keyword(&mut self, word: &str) -> bool {
        if self.peek_ident() == Some(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn need_ident(&mut self, what: &str) -> Parsed<(String, Span)> {
        let start = self.pos;
        match self.ident() {
            Some(name) => Ok((
                name,
                Span {
                    start,
                    end: self.pos,
                },
            )),
            None => Err(self.expected(what)),
        }
    }

    fn node(&self, kind: Kind, start: usize) -> E {
        Rc::new(Expr {
            kind,
            span: Span {
                start,
                end: self.pos.max(start),
            },
        })
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error_at(
                self.pos,
                format!("the expression nests more than {MAX_DEPTH} levels deep (each operator of a chain and each property access counts)"),
            ))
        } else {
            Ok(())
        }
    }

    // ---- statements ----

    fn file(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        // A byte order mark, as editors on Windows write one.
        let _ = self.eat("\u{feff}");
        loop {
            self.ws(true);
            if self.eof() {
                break;
            }
            let start = self.pos;
            if self.peek() == Some('#') {
                // `#disable-next-line …`: a directive for Bicep's linter.
                self.skip_line();
                continue;
            }
            self.depth = 0;
            match self.statement() {
                Ok(Some(stmt)) => {
                    if self.at_line_end() {
                        out.push(stmt);
                    } else {
                        let e = self.expected("a line break after the statement");
                        self.fail(e);
                        out.push(stmt);
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    self.fail(e);
                    if self.pos == start {
                        self.skip_line();
                    }
                }
            }
        }
        out
    }

    /// Records an error and moves to the next line that starts a statement.
    fn fail(&mut self, e: SyntaxError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        }
        self.skip_line();
        loop {
            let rest = self.rest();
            match rest.chars().next() {
                None => break,
                Some(c) if is_ident_start(c) || c == '@' => break,
                _ => self.skip_line(),
            }
        }
    }

    fn skip_line(&mut self) {
        let rest = self.rest();
        self.pos += rest.find('\n').map_or(rest.len(), |i| i + 1);
    }

    fn decorators(&mut self) -> Parsed<Vec<Decorator>> {
        let mut out = Vec::new();
        while self.peek() == Some('@') {
            self.bump();
            let (mut name, _) = self.need_ident("a decorator's name")?;
            if self.eat(".") {
                // `@sys.description(…)`
                let (inner, _) = self.need_ident("a decorator's name")?;
                name = inner;
            }
            self.ws(false);
            let args = if self.peek() == Some('(') {
                self.arguments()?
            } else {
                Vec::new()
            };
            out.push(Decorator { name, args });
            self.ws(true);
        }
        Ok(out)
    }

    #[allow(clippy::too_many_lines)]
    fn statement(&mut self) -> Parsed<Option<Stmt>> {
        let start = self.pos;
        let decorators = self.decorators()?;
        let word_start = self.pos;
        let Some(word) = self.ident() else {
            return Err(self.expected("a declaration (`param`, `var`, `resource`, `module`…)"));
        };
        let span = |p: &Self| Span { start, end: p.pos };
        self.ws(false);
        let stmt = match word.as_str() {
            "targetScope" => {
                self.expect("=")?;
                self.ws(false);
                let value = self.expr()?;
                Stmt::TargetScope {
                    value,
                    span: span(self),
                }
            }
            "param" => {
                let (name, _) = self.need_ident("the parameter's name")?;
                self.ws(false);
                let ty = if self.peek() == Some('=') {
                    None
                } else {
                    let ty_start = self.pos;
                    self.ty()?;
                    Some(self.src[ty_start..self.pos].trim().to_owned())
                };
                self.ws(false);
                let value = if self.eat("=") {
                    self.ws(false);
                    Some(self.expr()?)
                } else {
                    None
                };
                Stmt::Param {
                    name,
                    span: Span {
                        start: word_start,
                        end: self.pos,
                    },
                    decorators,
                    ty,
                    value,
                }
            }
            "var" => {
                let (name, _) = self.need_ident("the variable's name")?;
                self.ws(false);
                if self.peek() != Some('=') {
                    self.ty()?;
                    self.ws(false);
                }
                self.expect("=")?;
                self.ws(false);
                let value = self.expr()?;
                Stmt::Var {
                    name,
                    span: span(self),
                    decorators,
                    value,
                }
            }
            "resource" | "module" => {
                let (name, _) = self.need_ident("a symbolic name")?;
                self.ws(false);
                let ty_start = self.pos;
                let ty = self.plain_string("the resource type and API version in quotes")?;
                let ty_span = Span {
                    start: ty_start,
                    end: self.pos,
                };
                self.ws(false);
                let existing = self.keyword("existing");
                self.ws(false);
                self.expect("=")?;
                self.ws(false);
                let value = self.body()?;
                if word == "resource" {
                    Stmt::Resource {
                        name,
                        span: span(self),
                        ty,
                        ty_span,
                        existing,
                        value,
                    }
                } else {
                    Stmt::Module {
                        name,
                        span: span(self),
                        path: ty,
                        path_span: ty_span,
                        value,
                    }
                }
            }
            "output" => {
                self.need_ident("the output's name")?;
                self.ws(false);
                if self.keyword("resource") {
                    self.ws(false);
                    self.plain_string("a resource type")?;
                } else {
                    self.ty()?;
                }
                self.ws(false);
                self.expect("=")?;
                self.ws(false);
                let value = self.body()?;
                Stmt::Output { value }
            }
            "type" => {
                let (name, _) = self.need_ident("the type's name")?;
                self.ws(false);
                self.expect("=")?;
                self.ws(false);
                self.ty()?;
                Stmt::Type {
                    name,
                    span: span(self),
                    decorators,
                }
            }
            "metadata" => {
                self.need_ident("the metadata's name")?;
                self.ws(false);
                self.expect("=")?;
                self.ws(false);
                self.expr()?;
                return Ok(None);
            }
            "import" => self.import(start)?,
            "using" => {
                let path = if self.keyword("none") {
                    None
                } else {
                    Some(self.plain_string("the path of the Bicep file in quotes")?)
                };
                Stmt::Using {
                    path,
                    span: span(self),
                }
            }
            "func" | "extension" | "provider" | "extends" | "test" | "assert" => {
                self.skip_statement();
                Stmt::Unsupported {
                    construct: match word.as_str() {
                        "func" => "a user-defined function (`func`)",
                        "extension" | "provider" => "an `extension` declaration",
                        "extends" => "`extends` of another parameters file",
                        "test" => "a `test` block",
                        _ => "an `assert` statement",
                    },
                    span: span(self),
                }
            }
            other => {
                return Err(self.error_at(
                    word_start,
                    format!(
                        "expected a declaration (`targetScope`, `param`, `var`, `resource`, `module`, `output`, `type`, `import`…), found `{other}`"
                    ),
                ));
            }
        };
        Ok(Some(stmt))
    }

    fn import(&mut self, start: usize) -> Parsed<Stmt> {
        let what = if self.eat("*") {
            self.ws(false);
            if !self.keyword("as") {
                return Err(self.expected("`as` after `import *`"));
            }
            self.ws(false);
            Imported::Wildcard(self.need_ident("the namespace's name")?.0)
        } else if self.eat("{") {
            let mut names = Vec::new();
            loop {
                self.ws(true);
                if self.eat("}") {
                    break;
                }
                let (name, span) = self.need_ident("an imported name")?;
                self.ws(false);
                let alias = if self.keyword("as") {
                    self.ws(false);
                    Some(self.need_ident("the alias")?.0)
                } else {
                    None
                };
                names.push((name, span, alias));
                self.ws(true);
                if !self.eat(",") && self.peek() != Some('}') {
                    return Err(self.expected("`,` or `}`"));
                }
            }
            Imported::Names(names)
        } else {
            // `import 'az@1.0.0'`: the old form of `extension`.
            self.skip_statement();
            return Ok(Stmt::Unsupported {
                construct: "an `import` of an extension",
                span: Span {
                    start,
                    end: self.pos,
                },
            });
        };
        self.ws(false);
        if !self.keyword("from") {
            return Err(self.expected("`from`"));
        }
        self.ws(false);
        let from_start = self.pos;
        let from = self.plain_string("the imported file's path in quotes")?;
        Ok(Stmt::Import {
            what,
            from,
            from_span: Span {
                start: from_start,
                end: self.pos,
            },
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    /// Skips to the end of the statement: the next line break outside brackets and strings.
    fn skip_statement(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '\n' if depth == 0 => break,
                '(' | '[' | '{' => {
                    depth += 1;
                    self.bump();
                }
                ')' | ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    self.bump();
                }
                '\'' => {
                    if self.string_literal().is_err() {
                        self.bump();
                    }
                }
                '/' if self.rest().starts_with("//") || self.rest().starts_with("/*") => {
                    self.ws(false);
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// A type expression, skipped: Bicep's types are read, not enforced.
    fn ty(&mut self) -> Parsed<()> {
        self.enter()?;
        loop {
            self.ws(false);
            match self.peek() {
                Some('{' | '[' | '(') => self.skip_balanced()?,
                Some('\'') => {
                    self.string_literal()?;
                }
                Some(c) if c.is_ascii_digit() || c == '-' => {
                    self.bump();
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.bump();
                    }
                }
                Some(c) if is_ident_start(c) => {
                    let word = self.ident().unwrap_or_default();
                    while self.eat(".") {
                        self.need_ident("a type's name")?;
                    }
                    if word == "resource" || word == "resourceInput" || word == "resourceOutput" {
                        self.ws(false);
                    }
                    if self.peek() == Some('<') {
                        let mut depth = 0usize;
                        while let Some(c) = self.peek() {
                            match c {
                                '<' => depth += 1,
                                '>' => depth = depth.saturating_sub(1),
                                '\n' => return Err(self.expected("`>`")),
                                '\'' => {
                                    self.string_literal()?;
                                    continue;
                                }
                                _ => {}
                            }
                            self.bump();
                            if depth == 0 {
                                break;
                            }
                        }
                    } else if word == "resource" && self.peek() == Some('\'') {
                        self.string_literal()?;
                    }
                }
                _ => return Err(self.expected("a type")),
            }
            loop {
                if self.eat("[]") || self.eat("?") {
                    continue;
                }
                break;
            }
            self.ws(false);
            if self.eat("|") {
                self.ws(true);
                continue;
            }
            break;
        }
        self.depth -= 1;
        Ok(())
    }

    /// Skips a bracketed text (`{…}`, `[…]`, `(…)`) with the strings and brackets inside.
    fn skip_balanced(&mut self) -> Parsed<()> {
        let start = self.pos;
        let mut stack: Vec<char> = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '(' => stack.push(')'),
                '[' => stack.push(']'),
                '{' => stack.push('}'),
                ')' | ']' | '}' => {
                    if stack.pop() != Some(c) {
                        return Err(self.error_at(self.pos, format!("unexpected `{c}`")));
                    }
                    if stack.is_empty() {
                        self.bump();
                        return Ok(());
                    }
                }
                '\'' => {
                    self.string_literal()?;
                    continue;
                }
                '/' if self.rest().starts_with("//") || self.rest().starts_with("/*") => {
                    self.ws(false);
                    continue;
                }
                _ => {}
            }
            self.bump();
        }
        Err(self.error_at(start, "this bracket is never closed"))
    }

    /// A resource's or module's body: an object, `if (…) {…}`, or a `for` loop.
    fn body(&mut self) -> Parsed<E> {
        let start = self.pos;
        if self.keyword("if") {
            self.ws(false);
            let condition = self.parenthesized()?;
            self.ws(false);
            let body = self.expr()?;
            return Ok(self.node(Kind::If { condition, body }, start));
        }
        self.expr()
    }

    fn parenthesized(&mut self) -> Parsed<E> {
        self.expect("(")?;
        self.ws(true);
        let e = self.expr()?;
        self.ws(true);
        self.expect(")")?;
        Ok(e)
    }

    // ---- expressions ----

    pub(crate) fn expr(&mut self) -> Parsed<E> {
        self.enter()?;
        let start = self.pos;
        let condition = self.binary(0)?;
        let save = self.pos;
        self.ws(true);
        let e = if self.peek() == Some('?') && self.peek_at(1) != Some('?') {
            self.bump();
            self.ws(true);
            let yes = self.expr()?;
            self.ws(true);
            self.expect(":")?;
            self.ws(true);
            let no = self.expr()?;
            self.node(Kind::Ternary(condition, yes, no), start)
        } else {
            self.pos = save;
            condition
        };
        self.depth -= 1;
        Ok(e)
    }

    /// The binary operator at the cursor of a precedence level, if any: its text and operator.
    fn operator(&self, level: usize) -> Option<(&'static str, Op)> {
        const LEVELS: [&[(&str, Op)]; 7] = [
            &[("??", Op::Coalesce)],
            &[("||", Op::Or)],
            &[("&&", Op::And)],
            &[
                ("==", Op::Eq),
                ("!=", Op::Ne),
                ("=~", Op::EqI),
                ("!~", Op::NeI),
            ],
            &[("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)],
            &[("+", Op::Add), ("-", Op::Sub)],
            &[("*", Op::Mul), ("/", Op::Div), ("%", Op::Mod)],
        ];
        let rest = self.rest();
        LEVELS[level]
            .iter()
            .find(|(text, _)| {
                rest.starts_with(text)
                    && !(*text == "/" && (rest.starts_with("//") || rest.starts_with("/*")))
            })
            .copied()
    }

    fn binary(&mut self, level: usize) -> Parsed<E> {
        if level == 7 {
            return self.unary();
        }
        let start = self.pos;
        let mut left = self.binary(level + 1)?;
        // Each operator of a chain nests the tree one level deeper (`a + b + c` is
        // `(a + b) + c`): it counts as nesting.
        let mut chain = 0;
        loop {
            let save = self.pos;
            // An operator may begin the next line only where it cannot begin an item.
            self.ws(false);
            if self.peek() == Some('\n') && level <= 2 {
                self.ws(true);
            }
            let Some((text, op)) = self.operator(level) else {
                self.pos = save;
                break;
            };
            self.pos += text.len();
            self.ws(true);
            self.enter()?;
            chain += 1;
            let right = self.binary(level + 1)?;
            left = self.node(Kind::Binary(op, left, right), start);
        }
        self.depth -= chain;
        Ok(left)
    }

    fn unary(&mut self) -> Parsed<E> {
        let start = self.pos;
        if self.peek() == Some('!') {
            self.bump();
            self.ws(false);
            self.enter()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(self.node(Kind::Not(e), start));
        }
        if self.peek() == Some('-') && !self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.ws(false);
            self.enter()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(self.node(Kind::Neg(e), start));
        }
        if self.peek() == Some('+') {
            self.bump();
            self.ws(false);
        }
        let primary = self.primary()?;
        self.postfix(primary, start)
    }

    fn postfix(&mut self, mut e: E, start: usize) -> Parsed<E> {
        // As for operators, each access nests the tree one level deeper.
        let mut chain = 0;
        loop {
            if self.rest().starts_with("...") {
                break;
            }
            if matches!(self.peek(), Some('.' | '[' | ':' | '!')) {
                self.enter()?;
                chain += 1;
            }
            if self.eat(".?") || self.eat(".") {
                let safe = self.src[..self.pos].ends_with(".?");
                let (name, _) = self.need_ident("a property name")?;
                if self.peek() == Some('(') {
                    // `sys.concat(…)`, `az.resourceGroup()`, `ns.fn()`.
                    let args = self.arguments()?;
                    let ns = match &e.kind {
                        Kind::Ident(ns) => Some(ns.clone()),
                        _ => None,
                    };
                    e = match ns {
                        Some(ns) => self.node(
                            Kind::Call {
                                ns: Some(ns),
                                name,
                                args,
                            },
                            start,
                        ),
                        None => self.node(Kind::Unsupported("a method call"), start),
                    };
                } else {
                    e = self.node(
                        Kind::Member {
                            target: e,
                            name,
                            safe,
                        },
                        start,
                    );
                }
            } else if self.peek() == Some('[') {
                self.bump();
                let safe = self.eat("?");
                let from_end = self.eat("^");
                self.ws(true);
                self.enter()?;
                let index = self.expr()?;
                self.depth -= 1;
                self.ws(true);
                self.expect("]")?;
                e = self.node(
                    Kind::Index {
                        target: e,
                        index,
                        safe,
                        from_end,
                    },
                    start,
                );
            } else if self.rest().starts_with("::") {
                self.pos += 2;
                self.need_ident("a nested resource's name")?;
                e = self.node(
                    Kind::Unsupported("a nested resource accessor (`::`)"),
                    start,
                );
            } else if self.peek() == Some('!') && !matches!(self.peek_at(1), Some('=' | '~')) {
                // The non-null assertion: the value itself.
                self.bump();
            } else {
                break;
            }
        }
        self.depth -= chain;
        Ok(e)
    }

    fn arguments(&mut self) -> Parsed<Vec<E>> {
        self.expect("(")?;
        let mut args = Vec::new();
        loop {
            self.ws(true);
            if self.eat(")") {
                break;
            }
            self.enter()?;
            args.push(self.expr()?);
            self.depth -= 1;
            self.ws(true);
            if !self.eat(",") && self.peek() != Some(')') {
                return Err(self.expected("`,` or `)`"));
            }
        }
        Ok(args)
    }

    #[allow(clippy::too_many_lines)]
    fn primary(&mut self) -> Parsed<E> {
        let start = self.pos;
        match self.peek() {
            Some('\'') => self.string(),
            Some('$') if self.rest().starts_with("$'''") => self.string(),
            Some(c) if c.is_ascii_digit() || c == '-' => {
                if c == '-' {
                    self.bump();
                }
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
                let text = &self.src[start..self.pos];
                match text.parse::<i64>() {
                    Ok(n) => Ok(self.node(Kind::Int(n), start)),
                    Err(_) => Err(self.error_at(start, format!("the number {text} is too large"))),
                }
            }
            Some('[') => {
                self.bump();
                self.ws(true);
                if self.peek_ident() == Some("for")
                    && matches!(self.peek_at(3), Some(' ' | '\t' | '('))
                {
                    self.pos += 3;
                    return self.for_loop(start);
                }
                let mut items = Vec::new();
                loop {
                    self.ws(true);
                    if self.eat("]") {
                        break;
                    }
                    self.enter()?;
                    let item = if self.eat("...") {
                        Item::Spread(self.expr()?)
                    } else {
                        Item::Value(self.expr()?)
                    };
                    self.depth -= 1;
                    items.push(item);
                    self.separator(']')?;
                }
                Ok(self.node(Kind::Array(items), start))
            }
            Some('{') => {
                self.bump();
                let mut props = Vec::new();
                loop {
                    self.ws(true);
                    if self.eat("}") {
                        break;
                    }
                    if self.peek() == Some('@') {
                        self.decorators()?;
                    }
                    self.enter()?;
                    if self.eat("...") {
                        props.push(Prop::Spread(self.expr()?));
                    } else {
                        let key = if self.peek() == Some('\'') {
                            let key_start = self.pos;
                            let key = self.string()?;
                            match &key.kind {
                                Kind::Str(text) => text.clone(),
                                _ => {
                                    return Err(self.error_at(
                                        key_start,
                                        "expected a property name without interpolation",
                                    ));
                                }
                            }
                        } else {
                            self.need_ident("a property name")?.0
                        };
                        self.ws(false);
                        self.expect(":")?;
                        self.ws(false);
                        let value = self.expr()?;
                        props.push(Prop::Pair { key, value });
                    }
                    self.depth -= 1;
                    self.separator('}')?;
                }
                Ok(self.node(Kind::Object(props), start))
            }
            Some('(') => {
                if let Some(end) = self.lambda_head() {
                    self.pos = end;
                    self.ws(true);
                    self.expr()?;
                    return Ok(self.node(Kind::Unsupported("a lambda (`=>`)"), start));
                }
                self.bump();
                self.ws(true);
                let e = self.expr()?;
                self.ws(true);
                self.expect(")")?;
                Ok(e)
            }
            Some(c) if is_ident_start(c) => {
                let name = self.ident().unwrap_or_default();
                let save = self.pos;
                self.ws(false);
                if self.rest().starts_with("=>") {
                    self.pos += 2;
                    self.ws(true);
                    self.expr()?;
                    return Ok(self.node(Kind::Unsupported("a lambda (`=>`)"), start));
                }
                self.pos = save;
                match name.as_str() {
                    "true" => return Ok(self.node(Kind::Bool(true), start)),
                    "false" => return Ok(self.node(Kind::Bool(false), start)),
                    "null" => return Ok(self.node(Kind::Null, start)),
                    _ => {}
                }
                if self.peek() == Some('(') {
                    let args = self.arguments()?;
                    return Ok(self.node(
                        Kind::Call {
                            ns: None,
                            name,
                            args,
                        },
                        start,
                    ));
                }
                Ok(self.node(Kind::Ident(name), start))
            }
            _ => Err(self.expected("an expression")),
        }
    }

    /// After an item of an object or array: a comma or line break, or the closing bracket.
    fn separator(&mut self, close: char) -> Parsed<()> {
        self.ws(false);
        if self.eat(",") || self.peek() == Some('\n') {
            return Ok(());
        }
        if self.peek() == Some(close) {
            return Ok(());
        }
        Err(self.expected(&format!("`,`, a line break or `{close}`")))
    }

    /// Where a lambda's parameter list `(a, b) =>` ends, if the cursor is at one.
    fn lambda_head(&self) -> Option<usize> {
        let rest = self.rest();
        let close = rest.find(')')?;
        let inside = &rest[1..close];
        if !inside
            .chars()
            .all(|c| is_ident_char(c) || c == ',' || c.is_whitespace())
        {
            return None;
        }
        let after = rest[close + 1..].trim_start_matches([' ', '\t']);
        after
            .starts_with("=>")
            .then(|| self.pos + rest.len() - after.len() + 2)
    }

    fn for_loop(&mut self, start: usize) -> Parsed<E> {
        self.ws(false);
        let (item, index) = if self.eat("(") {
            self.ws(false);
            let item = self.ident();
            self.ws(false);
            let index = if self.eat(",") {
                self.ws(false);
                self.ident()
            } else {
                None
            };
            self.ws(false);
            self.expect(")")?;
            (item, index)
        } else {
            (Some(self.need_ident("the loop's item name")?.0), None)
        };
        self.ws(false);
        if !self.keyword("in") {
            return Err(self.expected("`in`"));
        }
        self.ws(false);
        let collection = self.expr()?;
        self.ws(false);
        self.expect(":")?;
        self.ws(true);
        let (filter, body) = if self.keyword("if") {
            self.ws(false);
            let condition = self.parenthesized()?;
            self.ws(true);
            (Some(condition), self.expr()?)
        } else {
            (None, self.expr()?)
        };
        self.ws(true);
        self.expect("]")?;
        Ok(self.node(
            Kind::For {
                item,
                index,
                collection,
                filter,
                body,
            },
            start,
        ))
    }

    /// A string without interpolation (a resource type, a path).
    fn plain_string(&mut self, what: &str) -> Parsed<String> {
        if self.peek() != Some('\'') {
            return Err(self.expected(what));
        }
        let start = self.pos;
        let e = self.string()?;
        match &e.kind {
            Kind::Str(text) => Ok(text.clone()),
            _ => Err(self.error_at(start, format!("expected {what}, without interpolation"))),
        }
    }

    /// A string skipped (inside types and unsupported statements).
    fn string_literal(&mut self) -> Parsed<()> {
        self.string().map(|_| ())
    }

    fn string(&mut self) -> Parsed<E> {
        let start = self.pos;
        let interpolating = self.eat("$");
        if self.eat("'''") {
            // Multi-line: no escapes; a line break right after the opening quotes is dropped.
            let _ = self.eat("\r\n") || self.eat("\n");
            let mut parts = Vec::new();
            let mut text = String::new();
            loop {
                if self.eat("'''") {
                    break;
                }
                if interpolating && self.rest().starts_with("${") {
                    self.pos += 2;
                    parts.push(Part::Text(std::mem::take(&mut text)));
                    parts.push(Part::Expr(self.interpolation()?));
                    continue;
                }
                match self.bump() {
                    Some(c) => text.push(c),
                    None => {
                        return Err(self.error_at(start, "this multi-line string is never closed"));
                    }
                }
            }
            return Ok(self.finish_string(parts, text, start));
        }
        self.expect("'")?;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => {
                    return Err(self.error_at(start, "this string is never closed"));
                }
                Some('\'') => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    let at = self.pos;
                    match self.bump() {
                        Some('n') => text.push('\n'),
                        Some('r') => text.push('\r'),
                        Some('t') => text.push('\t'),
                        Some('\\') => text.push('\\'),
                        Some('\'') => text.push('\''),
                        Some('$') => text.push('$'),
                        Some('u') if self.eat("{") => {
                            let hex_start = self.pos;
                            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                self.bump();
                            }
                            let hex = &self.src[hex_start..self.pos];
                            let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                            match (c, self.eat("}")) {
                                (Some(c), true) => text.push(c),
                                _ => return Err(self.error_at(at, "invalid `\\u{…}` escape")),
                            }
                        }
                        _ => {
                            return Err(self.error_at(
                                at,
                                "invalid escape; Bicep strings know `\\n`, `\\r`, `\\t`, `\\\\`, `\\'`, `\\$` and `\\u{…}`",
                            ));
                        }
                    }
                }
                Some('$') if self.rest().starts_with("${") => {
                    self.pos += 2;
                    parts.push(Part::Text(std::mem::take(&mut text)));
                    parts.push(Part::Expr(self.interpolation()?));
                }
                Some(c) => {
                    self.bump();
                    text.push(c);
                }
            }
        }
        Ok(self.finish_string(parts, text, start))
    }

    fn interpolation(&mut self) -> Parsed<E> {
        self.enter()?;
        self.ws(true);
        let e = self.expr()?;
        self.ws(true);
        self.expect("}")?;
        self.depth -= 1;
        Ok(e)
    }

    fn finish_string(&self, mut parts: Vec<Part>, text: String, start: usize) -> E {
        if parts.is_empty() {
            return self.node(Kind::Str(text), start);
        }
        parts.push(Part::Text(text));
        parts.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
        self.node(Kind::Interp(parts), start)
    }
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
