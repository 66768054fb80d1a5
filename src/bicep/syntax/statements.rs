//! Parsing statements: declarations, decorators, imports, types, and resource bodies.

use super::{
    Decorator, E, Imported, Kind, MAX_ERRORS, Parsed, Parser, Span, Stmt, SyntaxError,
    is_ident_start,
};

impl Parser<'_> {
    pub(super) fn file(&mut self) -> Vec<Stmt> {
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
    pub(super) fn fail(&mut self, e: SyntaxError) {
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

    pub(super) fn skip_line(&mut self) {
        let rest = self.rest();
        self.pos += rest.find('\n').map_or(rest.len(), |i| i + 1);
    }

    pub(super) fn decorators(&mut self) -> Parsed<Vec<Decorator>> {
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
    pub(super) fn statement(&mut self) -> Parsed<Option<Stmt>> {
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

    pub(super) fn import(&mut self, start: usize) -> Parsed<Stmt> {
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
    pub(super) fn skip_statement(&mut self) {
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
    pub(super) fn ty(&mut self) -> Parsed<()> {
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
    pub(super) fn skip_balanced(&mut self) -> Parsed<()> {
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
    pub(super) fn body(&mut self) -> Parsed<E> {
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
}
