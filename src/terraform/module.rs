//! A Terraform module: its declarations (read from the `.tf` files of one folder), and one
//! instance of it with its input values, where expressions are evaluated.

use std::collections::BTreeMap;
use std::rc::Rc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, BlockLabel, Body};

use crate::report::rules::Rule;
use crate::roles::RoleCatalog;

use super::value::{At, Kind, V};

/// The most modules deep a call reaches (a module calling itself ends here).
pub(crate) const MAX_MODULE_DEPTH: usize = 8;
/// The most evaluation steps of one check, against hostile input.
pub(crate) const MAX_WORK: usize = 2_000_000;
/// The most nested evaluation, against a stack overflow.
pub(crate) const MAX_EVAL_DEPTH: usize = 96;
/// The most instances of one `count` or `for_each`, and items of one collection built.
pub(crate) const MAX_ITEMS: usize = 10_000;

/// A finding of the reader itself (the rules `LO12xx`), where it is.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub rule: Rule,
    pub message: String,
    pub at: Option<At>,
}

pub(crate) use super::value::{Fault, R};

/// A reader of files by path.
pub(crate) type Reader<'r> = dyn Fn(&str) -> Option<String> + 'r;

/// What one check shares: the files read, the findings, the reader, the role catalog.
pub(crate) struct Ctx<'s> {
    pub files: Vec<(String, String)>,
    pub found: Vec<Found>,
    pub read: &'s dyn Fn(&str) -> Option<String>,
    pub catalog: RoleCatalog,
    pub work: usize,
    pub depth: usize,
    /// Modules already read, by folder.
    pub modules: BTreeMap<String, Rc<Module>>,
}

impl Ctx<'_> {
    pub fn note(&mut self, rule: Rule, message: impl Into<String>, at: Option<At>) {
        let message = message.into();
        if !self
            .found
            .iter()
            .any(|f| f.rule == rule && f.at == at && f.message == message)
        {
            self.found.push(Found { rule, message, at });
        }
    }

    pub fn fault(&mut self, fault: Fault) {
        self.note(fault.rule, fault.message, fault.at);
    }

    /// The place of something parsed from file `file`.
    pub fn at_of(file: usize, spanned: &impl hcl_edit::Span) -> Option<At> {
        spanned.span().map(|r| At {
            file,
            start: r.start,
            end: r.end,
        })
    }

    /// Reads a file (relative paths are taken as written), remembering it; its index.
    pub fn load(&mut self, path: &str) -> Option<usize> {
        if let Some(i) = self.files.iter().position(|(p, _)| p == path) {
            return Some(i);
        }
        let text = (self.read)(path)?;
        if text.len() > crate::Offer::MAX_DOCUMENT_BYTES {
            return None;
        }
        self.files.push((path.to_owned(), text));
        Some(self.files.len() - 1)
    }
}

/// A `variable` block.
#[derive(Clone, Debug)]
pub(crate) struct Variable {
    pub file: usize,
    pub at: Option<At>,
    pub default: Option<Expression>,
    pub ty: Option<Expression>,
}

/// A `resource`, `data` or `module` block.
#[derive(Clone, Debug)]
pub(crate) struct Declared {
    pub file: usize,
    pub kind: String,
    pub name: String,
    pub block: Block,
    pub at: Option<At>,
}

/// The declarations of one module (one folder's `.tf` files).
#[derive(Debug, Default)]
pub(crate) struct Module {
    pub dir: String,
    pub variables: BTreeMap<String, Variable>,
    pub locals: BTreeMap<String, (usize, Expression)>,
    pub resources: Vec<Declared>,
    pub data: Vec<Declared>,
    pub calls: BTreeMap<String, Declared>,
    pub outputs: BTreeMap<String, (usize, Expression)>,
}

pub(crate) fn label(l: &BlockLabel) -> &str {
    match l {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

/// Parses one `.tf` text: its body, or the syntax error reported.
pub(crate) fn parse(cx: &mut Ctx<'_>, file: usize) -> Option<Body> {
    let text = cx.files[file].1.clone();
    match hcl_edit::parser::parse_body(&text) {
        Ok(body) => Some(body),
        Err(e) => {
            let offset = e.location().offset().min(text.len());
            let end = next_char(&text, offset);
            cx.note(
                Rule::TerraformSyntax,
                format!("the file is not valid HCL: {}", e.message().trim()),
                Some(At {
                    file,
                    start: offset,
                    end,
                }),
            );
            None
        }
    }
}

fn next_char(text: &str, offset: usize) -> usize {
    // At the end of a line, the place is the line's end, not the line break.
    if text[offset..].starts_with(['\n', '\r']) {
        return offset;
    }
    let mut end = (offset + 1).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

impl Module {
    /// The declarations of the files given (indexes into the check's files).
    pub fn read(cx: &mut Ctx<'_>, dir: &str, files: &[usize]) -> Module {
        let mut module = Module {
            dir: dir.to_owned(),
            ..Module::default()
        };
        for &file in files {
            let Some(body) = parse(cx, file) else {
                continue;
            };
            for block in body.blocks() {
                let labels: Vec<&str> = block.labels.iter().map(label).collect();
                let at = header(file, block);
                let declared = |kind: &str, name: &str| Declared {
                    file,
                    kind: kind.to_owned(),
                    name: name.to_owned(),
                    block: block.clone(),
                    at,
                };
                match (block.ident.as_str(), labels.as_slice()) {
                    ("variable", [name]) => {
                        let default = block.body.get_attribute("default").map(|a| a.value.clone());
                        let ty = block.body.get_attribute("type").map(|a| a.value.clone());
                        let at = block
                            .labels
                            .first()
                            .and_then(|l| Ctx::at_of(file, l))
                            .or(at);
                        module.variables.insert(
                            (*name).to_owned(),
                            Variable {
                                file,
                                at,
                                default,
                                ty,
                            },
                        );
                    }
                    ("locals", []) => {
                        for attr in block.body.attributes() {
                            module
                                .locals
                                .insert(attr.key.as_str().to_owned(), (file, attr.value.clone()));
                        }
                    }
                    ("resource", [kind, name]) => module.resources.push(declared(kind, name)),
                    ("data", [kind, name]) => module.data.push(declared(kind, name)),
                    ("module", [name]) => {
                        module
                            .calls
                            .insert((*name).to_owned(), declared("module", name));
                    }
                    ("output", [name]) => {
                        if let Some(value) = block.body.get_attribute("value") {
                            module
                                .outputs
                                .insert((*name).to_owned(), (file, value.value.clone()));
                        }
                    }
                    _ => {}
                }
            }
        }
        module
    }
}

/// How far a local value's evaluation is.
#[derive(Clone, Debug)]
pub(crate) enum Memo {
    Busy,
    Done(R),
}

/// The instances a `module` block makes.
#[derive(Clone, Debug)]
pub(crate) enum Children {
    Busy,
    /// Each instance's key (`None` without `count`/`for_each`) and instance.
    Made(Vec<(Option<V>, usize)>),
    /// Not read: its value is unknown (the reason), or its source could not be read.
    Unknown(V),
}

/// One instance of a module: its inputs, its locals as evaluated, its child modules.
#[derive(Debug)]
pub(crate) struct Instance {
    pub module: Rc<Module>,
    /// `module.a["k"].` for addresses of what it declares; empty for the root module.
    pub prefix: String,
    pub inputs: BTreeMap<String, V>,
    pub locals: BTreeMap<String, Memo>,
    pub children: BTreeMap<String, Children>,
    pub depth: usize,
}

/// All module instances of a check, the root first; children refer to them by index.
pub(crate) struct Tree {
    pub instances: Vec<Instance>,
}

/// Names bound while evaluating: `each`, `count`, a `for` expression's variables, a dynamic
/// block's iterator.
pub(crate) type Scope = Vec<(String, V)>;

/// The value of a role found in the catalog, as `data "azurerm_role_definition"` exports it.
pub(crate) fn role_data(
    catalog: &RoleCatalog,
    name: Option<&str>,
    id: Option<&str>,
    at: Option<At>,
) -> Option<V> {
    let (guid, role_name) = if let Some(name) = name {
        catalog
            .roles()
            .iter()
            .find(|r| r.name().trim().eq_ignore_ascii_case(name.trim()))
            .map(|r| (r.id(), r.name().to_owned()))
            .or_else(|| crate::roles::find_by_name(name).map(|r| (r.id(), r.name().to_owned())))?
    } else {
        let id = id?;
        let guid = id.rsplit('/').next().unwrap_or(id);
        let parsed: crate::RoleDefinitionId = guid.parse().ok()?;
        let name = catalog.name(parsed)?;
        (parsed, name)
    };
    let text = guid.to_string();
    let mut map = BTreeMap::new();
    map.insert("role_definition_id".to_owned(), V::string(text.clone(), at));
    map.insert(
        "id".to_owned(),
        V::string(
            format!("/providers/Microsoft.Authorization/roleDefinitions/{text}"),
            at,
        ),
    );
    map.insert("name".to_owned(), V::string(role_name, at));
    map.insert("type".to_owned(), V::string("BuiltInRole", at));
    Some(V::new(Kind::Map(map), at))
}

/// The place of a block's header: its type and labels (`resource "t" "n"`), where findings
/// about the whole block are shown.
pub(crate) fn header(file: usize, block: &Block) -> Option<At> {
    let start = Ctx::at_of(file, &block.ident)?;
    let end = block
        .labels
        .last()
        .and_then(|l| Ctx::at_of(file, l))
        .map_or(start.end, |l| l.end);
    Some(At {
        file,
        start: start.start,
        end,
    })
}
