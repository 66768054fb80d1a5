//! Parsing expressions: operators by precedence, postfix access and calls, literals, loops.

use super::{E, Item, Kind, Op, Parsed, Parser, Prop, is_ident_char, is_ident_start};

impl Parser<'_> {
    pub(super) fn parenthesized(&mut self) -> Parsed<E> {
        self.expect("(")?;
        self.ws(true);
        let e = self.expr()?;
        self.ws(true);
        self.expect(")")?;
        Ok(e)
    }

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
    pub(super) fn operator(&self, level: usize) -> Option<(&'static str, Op)> {
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

    pub(super) fn binary(&mut self, level: usize) -> Parsed<E> {
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

    pub(super) fn unary(&mut self) -> Parsed<E> {
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

    pub(super) fn postfix(&mut self, mut e: E, start: usize) -> Parsed<E> {
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

    pub(super) fn arguments(&mut self) -> Parsed<Vec<E>> {
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
    pub(super) fn primary(&mut self) -> Parsed<E> {
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
    pub(super) fn separator(&mut self, close: char) -> Parsed<()> {
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
    pub(super) fn lambda_head(&self) -> Option<usize> {
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

    pub(super) fn for_loop(&mut self, start: usize) -> Parsed<E> {
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
}
