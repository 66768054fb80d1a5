//! The parser's character level: whitespace, tokens, identifiers, errors, and strings.

use std::rc::Rc;

use super::{
    E, Expr, Kind, MAX_DEPTH, Parsed, Parser, Part, Span, SyntaxError, is_ident_char,
    is_ident_start,
};

impl<'s> Parser<'s> {
    pub(super) fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    pub(super) fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub(super) fn eof(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// Skips spaces and comments, and line breaks when `lines`.
    pub(super) fn ws(&mut self, lines: bool) {
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
    pub(super) fn at_line_end(&mut self) -> bool {
        self.ws(false);
        self.eof() || self.peek() == Some('\n')
    }

    pub(super) fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    pub(super) fn error_at(&self, start: usize, message: impl Into<String>) -> SyntaxError {
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

    pub(super) fn expected(&self, what: &str) -> SyntaxError {
        let found = match self.peek() {
            None => "the end of the file".to_owned(),
            Some('\n') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
        };
        self.error_at(self.pos, format!("expected {what}, found {found}"))
    }

    pub(super) fn expect(&mut self, token: &str) -> Parsed<()> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{token}`")))
        }
    }

    pub(super) fn ident(&mut self) -> Option<String> {
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
    pub(super) fn peek_ident(&self) -> Option<&'s str> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !is_ident_start(first) {
            return None;
        }
        let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        Some(&rest[..len])
    }

    pub(super) fn keyword(&mut self, word: &str) -> bool {
        if self.peek_ident() == Some(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    pub(super) fn need_ident(&mut self, what: &str) -> Parsed<(String, Span)> {
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

    pub(super) fn node(&self, kind: Kind, start: usize) -> E {
        Rc::new(Expr {
            kind,
            span: Span {
                start,
                end: self.pos.max(start),
            },
        })
    }

    pub(super) fn enter(&mut self) -> Parsed<()> {
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

    /// A string without interpolation (a resource type, a path).
    pub(super) fn plain_string(&mut self, what: &str) -> Parsed<String> {
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
    pub(super) fn string_literal(&mut self) -> Parsed<()> {
        self.string().map(|_| ())
    }

    pub(super) fn string(&mut self) -> Parsed<E> {
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

    pub(super) fn interpolation(&mut self) -> Parsed<E> {
        self.enter()?;
        self.ws(true);
        let e = self.expr()?;
        self.ws(true);
        self.expect("}")?;
        self.depth -= 1;
        Ok(e)
    }

    pub(super) fn finish_string(&self, mut parts: Vec<Part>, text: String, start: usize) -> E {
        if parts.is_empty() {
            return self.node(Kind::Str(text), start);
        }
        parts.push(Part::Text(text));
        parts.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
        self.node(Kind::Interp(parts), start)
    }
}
