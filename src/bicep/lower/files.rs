//! Loading Bicep files: the entry file's parameters file, and the symbols other files import.

use std::collections::HashMap;

use crate::bicep::syntax::{self, E, File, Imported, Span, Stmt};
use crate::rules::Rule;

use super::{
    Loaded, Lowering, MAX_MODULE_DEPTH, Reader, Sym, has_decorator, is_registry, resolve,
    statement_span,
};

impl Lowering<'_> {
    /// Loads a file by its resolved path: its index, or `None` when it cannot be read.
    pub(super) fn load(&mut self, path: &str, reader: &Reader<'_>) -> Option<usize> {
        if let Some(i) = self.files.iter().position(|f| f.path == path) {
            return Some(i);
        }
        let text = reader(path)?;
        if text.len() > crate::Offer::MAX_DOCUMENT_BYTES {
            return None;
        }
        // An ARM template module is JSON, read as JSON where it is used.
        let parsed = if path.to_ascii_lowercase().ends_with(".json") {
            std::rc::Rc::new(File::default())
        } else {
            std::rc::Rc::new(syntax::parse(&text))
        };
        let file = self.files.len();
        let errors = parsed.errors.clone();
        self.files.push(Loaded {
            path: path.to_owned(),
            text,
            parsed,
        });
        for e in errors {
            self.report(Rule::BicepSyntax, file, e.span, e.message);
        }
        Some(file)
    }

    /// The unit of a `.bicepparam` file: its variables, and the values it gives, by name.
    pub(super) fn parameters_unit(
        &mut self,
        file: usize,
        reader: &Reader<'_>,
    ) -> HashMap<String, (usize, E, Span)> {
        let unit = self.new_unit(file);
        let parsed = self.files[file].parsed.clone();
        let root = self.units[unit].root;
        let mut values = HashMap::new();
        let mut using = false;
        for stmt in &parsed.statements {
            match stmt {
                Stmt::Param {
                    name,
                    value: Some(value),
                    span,
                    ..
                } => {
                    values.insert(name.clone(), (root, value.clone(), *span));
                }
                Stmt::Param { span, name, .. } => {
                    self.report(
                        Rule::BicepSyntax,
                        file,
                        *span,
                        format!(
                            "expected `param {name} = <value>`: a parameters file assigns values"
                        ),
                    );
                }
                Stmt::Var { name, value, .. } => {
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Var(value.clone()));
                }
                Stmt::Using { .. } => using = true,
                Stmt::Import { .. } => self.import(unit, stmt, reader),
                Stmt::Unsupported { construct, span } => {
                    let construct = *construct;
                    self.unsupported(file, *span, construct);
                }
                other => {
                    let span = statement_span(other);
                    self.report(
                        Rule::BicepSyntax,
                        file,
                        span,
                        "this declaration is not valid in a Bicep parameters file, which has `using`, `param`, `var` and `import` (Bicep's BCP337)",
                    );
                }
            }
        }
        if !using {
            self.report(
                Rule::BicepSyntax,
                file,
                Span::default(),
                "a parameters file needs a `using` declaration (Bicep's BCP261)",
            );
        }
        values
    }

    pub(super) fn import(&mut self, unit: usize, stmt: &Stmt, reader: &Reader<'_>) {
        let Stmt::Import {
            what,
            from,
            from_span,
            ..
        } = stmt
        else {
            return;
        };
        let file = self.units[unit].file;
        if is_registry(from) {
            self.incomplete = true;
            self.unsupported(file, *from_span, "an import from a registry");
            let names: Vec<String> = match what {
                Imported::Names(names) => names
                    .iter()
                    .map(|(n, _, alias)| alias.clone().unwrap_or_else(|| n.clone()))
                    .collect(),
                Imported::Wildcard(ns) => vec![ns.clone()],
            };
            for name in names {
                self.units[unit]
                    .symbols
                    .insert(name, Sym::Unsupported("a symbol imported from a registry"));
            }
            return;
        }
        let path = resolve(&self.files[file].path, from);
        let Some(target) = self.load(&path, reader) else {
            self.incomplete = true;
            self.report(
                Rule::BicepFileNotFound,
                file,
                *from_span,
                format!("the imported file `{path}` cannot be read (Bicep's BCP091/BCP093)"),
            );
            return;
        };
        let target_unit = self.imported_unit(target, reader);
        match what {
            Imported::Wildcard(ns) => {
                self.units[unit]
                    .symbols
                    .insert(ns.clone(), Sym::Namespace(target_unit));
            }
            Imported::Names(names) => {
                for (name, span, alias) in names {
                    let exported = self.files[target]
                        .parsed
                        .statements
                        .iter()
                        .any(|s| match s {
                            Stmt::Var {
                                name: n,
                                decorators,
                                ..
                            }
                            | Stmt::Type {
                                name: n,
                                decorators,
                                ..
                            } => n == name && has_decorator(decorators, "export"),
                            _ => false,
                        });
                    if !exported {
                        self.report(
                            Rule::UndefinedSymbol,
                            file,
                            *span,
                            format!(
                                "`{name}` was not found in (or was not exported by) `{path}` (Bicep's BCP360)"
                            ),
                        );
                        continue;
                    }
                    let sym = match self.units[target_unit].symbols.get(name) {
                        Some(Sym::Type) => Sym::Type,
                        _ => Sym::Imported {
                            unit: target_unit,
                            name: name.clone(),
                        },
                    };
                    self.units[unit]
                        .symbols
                        .insert(alias.clone().unwrap_or_else(|| name.clone()), sym);
                }
            }
        }
    }

    /// The unit of an imported file: its variables and types (one unit per file).
    pub(super) fn imported_unit(&mut self, file: usize, reader: &Reader<'_>) -> usize {
        if let Some(u) = self
            .units
            .iter()
            .position(|u| u.file == file && u.symbols.contains_key("\u{0}imported"))
        {
            return u;
        }
        let unit = self.new_unit(file);
        self.units[unit]
            .symbols
            .insert("\u{0}imported".into(), Sym::Type);
        let parsed = self.files[file].parsed.clone();
        for stmt in &parsed.statements {
            match stmt {
                Stmt::Var { name, value, .. } => {
                    self.units[unit]
                        .symbols
                        .insert(name.clone(), Sym::Var(value.clone()));
                }
                Stmt::Type { name, .. } => {
                    self.units[unit].symbols.insert(name.clone(), Sym::Type);
                }
                Stmt::Import { .. } if self.module_stack.len() < MAX_MODULE_DEPTH => {
                    self.module_stack.push(String::new());
                    self.import(unit, stmt, reader);
                    self.module_stack.pop();
                }
                _ => {}
            }
        }
        unit
    }

    // ---- templates ----
}
