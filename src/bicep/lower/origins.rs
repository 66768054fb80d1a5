//! Origins: from a pointer into the emitted template back to the Bicep that wrote the value.

use crate::JsonPointer;
use crate::bicep::syntax::{E, Kind, Span};

use super::{Bind, Found2, Lowering, MAX_TRACE, Sym};

impl Lowering<'_> {
    /// Where a value at `pointer` of the template is written: a file and a span.
    pub(crate) fn locate(&mut self, pointer: &JsonPointer) -> Option<(usize, Span)> {
        let tokens: Vec<String> = pointer.tokens().collect();
        for n in (0..=tokens.len()).rev() {
            let prefix = tokens[..n]
                .iter()
                .fold(JsonPointer::root(), |p, t| p.key(t));
            if let Some((scope, e)) = self.origins.get(prefix.as_str()).cloned() {
                let mut budget = MAX_TRACE;
                return Some(self.trace(scope, &e, &tokens[n..], &mut budget));
            }
        }
        None
    }

    pub(super) fn trace(
        &mut self,
        scope: usize,
        e: &E,
        path: &[String],
        budget: &mut usize,
    ) -> (usize, Span) {
        let (scope, node, _) = self.reach(scope, e, path, budget);
        (self.file_of(scope), node.span)
    }

    /// The expression a path leads to from `e`, as far as it can be followed without
    /// evaluating: the scope, the expression reached, and how many tokens of the path are left.
    #[allow(clippy::too_many_lines)]
    pub(super) fn reach(
        &mut self,
        scope: usize,
        e: &E,
        path: &[String],
        budget: &mut usize,
    ) -> (usize, E, usize) {
        let here = (scope, e.clone(), path.len());
        if *budget == 0 {
            return here;
        }
        *budget -= 1;
        let prepend = |first: String, path: &[String]| {
            let mut longer = vec![first];
            longer.extend_from_slice(path);
            longer
        };
        match &e.kind {
            Kind::Object(props) => {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                if let Some(flat) = self.flat_object(scope, props, 0) {
                    return match flat
                        .into_iter()
                        .rev()
                        .find(|(k, _, _)| k.eq_ignore_ascii_case(first))
                    {
                        Some((_, s, v)) => self.reach(s, &v, rest, budget),
                        None => here,
                    };
                }
                here
            }
            Kind::Array(items) => {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                let Some(flat) = self.flat_array(scope, items, 0) else {
                    return here;
                };
                match first
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| flat.get(i).cloned())
                {
                    Some((s, v)) => self.reach(s, &v, rest, budget),
                    None => here,
                }
            }
            Kind::Ident(name) => match self.lookup(scope, name) {
                Some(Found2::Bind(b, _)) => match b.item {
                    Some((coll_scope, coll, Some(index))) => {
                        let longer = prepend(index.to_string(), path);
                        self.reach(coll_scope, &coll, &longer, budget)
                    }
                    _ => here,
                },
                Some(Found2::Sym(unit, sym)) => {
                    self.reach_symbol(unit, &sym, path, budget).unwrap_or(here)
                }
                None => here,
            },
            Kind::Member { target, name, .. } => {
                if let Kind::Ident(ns) = &target.kind
                    && let Some(Found2::Sym(_, Sym::Namespace(u))) = self.lookup(scope, ns)
                {
                    let sym = self.units[u].symbols.get(name).cloned();
                    return match sym {
                        Some(sym) => self.reach_symbol(u, &sym, path, budget).unwrap_or(here),
                        None => here,
                    };
                }
                let longer = prepend(name.clone(), path);
                let target = target.clone();
                let reached = self.reach(scope, &target, &longer, budget);
                if reached.2 > path.len() {
                    here
                } else {
                    reached
                }
            }
            Kind::Index {
                target,
                index,
                safe: false,
                from_end: false,
            } => {
                let index = index.clone();
                let key = match self.reach(scope, &index, &[], budget) {
                    (_, node, 0) => match &node.kind {
                        Kind::Int(i) => i.to_string(),
                        Kind::Str(s) => s.clone(),
                        _ => return here,
                    },
                    _ => return here,
                };
                let longer = prepend(key, path);
                let target = target.clone();
                let reached = self.reach(scope, &target, &longer, budget);
                if reached.2 > path.len() {
                    here
                } else {
                    reached
                }
            }
            Kind::Ternary(condition, yes, no) => {
                let condition = condition.clone();
                let branch = match self.static_bool(scope, &condition, budget) {
                    Some(true) => yes.clone(),
                    Some(false) => no.clone(),
                    None => return here,
                };
                self.reach(scope, &branch, path, budget)
            }
            Kind::Call { ns, name, args }
                if ns.as_deref().is_none_or(|n| n == "sys")
                    && name.eq_ignore_ascii_case("concat") =>
            {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                let Ok(mut k) = first.parse::<usize>() else {
                    return here;
                };
                for arg in args {
                    let Some(len) = self.static_len(scope, arg, budget) else {
                        return here;
                    };
                    if k < len {
                        let longer = prepend(k.to_string(), rest);
                        let arg = arg.clone();
                        return self.reach(scope, &arg, &longer, budget);
                    }
                    k -= len;
                }
                here
            }
            Kind::For {
                item,
                index,
                collection,
                filter: None,
                body,
            } => {
                let Some((first, rest)) = path.split_first() else {
                    return here;
                };
                let Ok(k) = first.parse::<usize>() else {
                    return here;
                };
                let mut binds = Vec::new();
                if let Some(item) = item {
                    binds.push(Bind {
                        name: item.clone(),
                        arm: String::new(),
                        item: Some((scope, collection.clone(), Some(k))),
                    });
                }
                if let Some(index) = index {
                    binds.push(Bind {
                        name: index.clone(),
                        arm: String::new(),
                        item: None,
                    });
                }
                let unit = self.scopes[scope].unit;
                let inner = self.new_scope(unit, Some(scope), binds, false);
                let body = body.clone();
                self.reach(inner, &body, rest, budget)
            }
            Kind::If { body, .. } => {
                let body = body.clone();
                self.reach(scope, &body, path, budget)
            }
            _ => here,
        }
    }

    /// A boolean written as a literal (through parameters and variables), if it is one.
    pub(super) fn static_bool(&mut self, scope: usize, e: &E, budget: &mut usize) -> Option<bool> {
        if let Kind::Not(inner) = &e.kind {
            let inner = inner.clone();
            return self.static_bool(scope, &inner, budget).map(|b| !b);
        }
        match self.reach(scope, e, &[], budget) {
            (_, node, 0) => match node.kind {
                Kind::Bool(b) => Some(b),
                _ => None,
            },
            _ => None,
        }
    }

    /// The length of an array written as a literal (or a loop over one), if it is one.
    pub(super) fn static_len(&mut self, scope: usize, e: &E, budget: &mut usize) -> Option<usize> {
        let (s, node, left) = self.reach(scope, e, &[], budget);
        if left != 0 || *budget == 0 {
            return None;
        }
        match &node.kind {
            Kind::Array(items) => self.flat_array(s, items, 0).map(|flat| flat.len()),
            Kind::For {
                collection,
                filter: None,
                ..
            } => {
                let collection = collection.clone();
                self.static_len(s, &collection, budget)
            }
            _ => None,
        }
    }

    pub(super) fn reach_symbol(
        &mut self,
        unit: usize,
        sym: &Sym,
        path: &[String],
        budget: &mut usize,
    ) -> Option<(usize, E, usize)> {
        match sym {
            Sym::Param(Some((scope, value))) => Some(self.reach(*scope, value, path, budget)),
            Sym::Var(value) => {
                let root = self.units[unit].root;
                Some(self.reach(root, value, path, budget))
            }
            Sym::Imported { unit, name: inner } => {
                let sym = self.units[*unit].symbols.get(inner).cloned()?;
                self.reach_symbol(*unit, &sym, path, budget)
            }
            _ => None,
        }
    }
}
