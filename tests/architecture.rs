//! The library's layers, held: every file under `src/` (the command-line tool aside) imports only
//! from its own layer or below, and no files import each other in a loop. ARCHITECTURE.md names
//! the layers; this test is the rule.
//!
//! It reads the source as text: comments and string literals are blanked out, then every
//! `crate::…` path (also inside `use crate::{…}` groups), every `super::…` path and every use
//! of a name re-exported at the crate root is resolved to the file that defines it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers, from the ground up: a file may use files of its own layer and of the layers
/// before it.
const LAYERS: &[&str] = &[
    "report",
    "document",
    "media",
    "values",
    "roles",
    "delegation",
    "plans",
    "offers",
    "arm",
    "bicep",
    "terraform",
    "audit",
    "workflows",
];

/// A library file: its module path (`values::guid`, `arm::evaluate` for `arm/evaluate/mod.rs`)
/// and its text.
struct SourceFile {
    module: String,
    text: String,
}

/// Blanks out comments, string literals and character literals, keeping line breaks, so that
/// only code is searched for paths.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('#' | '"'))
            && !is_ident(chars.get(i.wrapping_sub(1)))
        {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some('\n') => out.push('\n'),
                    _ => {}
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&k| chars[k] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = end {
                out.push_str("' '");
                i = end + 1;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The paths a piece of code names after `crate::` (or `$crate::`), with `use crate::{a, b::c}`
/// groups expanded: `["a", "b::c"]`. Group nesting is followed one level deep at a time.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `my_crate::`, not `crate::`
        }
        paths.extend(expand(rest));
    }
    paths
}

/// The paths at the start of `text`: `a::b::C` or `{a, b::{c, d}}`.
fn expand(text: &str) -> Vec<String> {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut items = Vec::new();
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    items.push(&group[start..i]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return items.into_iter().flat_map(expand).collect();
    }
    let mut path = String::new();
    let mut rest = text;
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&name);
        rest = &rest[name.len()..];
        match rest.strip_prefix("::") {
            Some(after) if after.trim_start().starts_with('{') => {
                return expand(after)
                    .into_iter()
                    .map(|inner| format!("{path}::{inner}"))
                    .collect();
            }
            Some(after) => rest = after,
            None => break,
        }
    }
    if path.is_empty() {
        Vec::new()
    } else {
        vec![path]
    }
}

/// The names the crate root re-exports, each with the module it comes from:
/// `pub use values::guid::{PrincipalId, …}` gives `PrincipalId → values::guid`, and
/// `pub use report::{diagnostic, rules}` gives `diagnostic → report::diagnostic`. The `pub use`
/// items of the root's topic modules (`pub mod leads { pub use crate::offers::leads::…; }`) count
/// too.
fn root_reexports(lib: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let code = code_only(lib);
    let mut names = BTreeMap::new();
    for statement in code.split(';') {
        let Some(at) = statement.find("pub use ") else {
            continue;
        };
        for path in expand(&statement[at + "pub use ".len()..]) {
            // A topic module's `pub use crate::offers::listing::{…}` names the same files.
            let path = path
                .strip_prefix("crate::")
                .map_or(path.clone(), str::to_owned);
            let (parent, name) = path.rsplit_once("::").unwrap_or(("", &path));
            let target = if modules.contains(&path) {
                path.clone()
            } else {
                parent.to_owned()
            };
            names.insert(name.to_owned(), target);
        }
    }
    names
}

/// The file (module) a path names: the longest prefix of it that is a module.
fn owning_module(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| modules.contains(candidate))
}

/// Every file's imports of other files: module → modules it uses.
fn import_graph(files: &[SourceFile], lib: &str) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = files.iter().map(|f| f.module.clone()).collect();
    let reexports = root_reexports(lib, &modules);
    let mut graph = BTreeMap::new();
    for file in files {
        let code = code_only(&file.text);
        let mut uses = BTreeSet::new();
        for path in crate_paths(&code) {
            let first = path.split("::").next().unwrap_or_default();
            let target = match reexports.get(first) {
                Some(module) => Some(module.clone()),
                None => owning_module(&path, &modules),
            };
            uses.extend(target);
        }
        // `super::x` from `a::b` names `a::x`; each further `super::` goes up one more module.
        let mut rest = code.as_str();
        while let Some(at) = rest.find("super::") {
            rest = &rest[at + "super::".len()..];
            let mut base: Vec<&str> = file.module.split("::").collect();
            base.pop();
            while let Some(after) = rest.strip_prefix("super::") {
                base.pop();
                rest = after;
            }
            for path in expand(rest) {
                let full = if base.is_empty() {
                    path
                } else {
                    format!("{}::{path}", base.join("::"))
                };
                uses.extend(owning_module(&full, &modules));
            }
        }
        uses.remove(&file.module);
        graph.insert(file.module.clone(), uses);
    }
    graph
}

/// The strongly connected components of more than one file (Tarjan's algorithm): the loops.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(node: &'g str, s: &mut State<'g>) {
        let i = s.index.len();
        s.index.insert(node, i);
        s.low.insert(node, i);
        s.stack.push(node);
        s.on_stack.insert(node);
        for next in s.graph.get(node).into_iter().flatten() {
            if !s.index.contains_key(next.as_str()) {
                visit(next, s);
                let low = s.low[node].min(s.low[next.as_str()]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next.as_str()) {
                let low = s.low[node].min(s.index[next.as_str()]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(node, &mut state);
        }
    }
    state.found
}

/// The layer of a module: its index in [`LAYERS`].
fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap_or_default();
    LAYERS.iter().position(|l| *l == top)
}

/// Every import that reaches up a layer, as `from → to`.
fn upward_imports(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, uses) in graph {
        for to in uses {
            if let (Some(a), Some(b)) = (layer(from), layer(to))
                && b > a
            {
                found.push(format!("{from} ({}) uses {to} ({})", LAYERS[a], LAYERS[b]));
            }
        }
    }
    found
}

/// Every `.rs` file under `folder` (relative to the crate), each named by its module path
/// relative to that folder (`mod.rs` as its folder's module); `root_file` (the crate root's own
/// file) is left out, and so are the top-level folders in `skip`.
fn source_files(folder: &str, root_file: &str, skip: &[&str]) -> Vec<SourceFile> {
    fn walk(dir: &Path, module: &str, root_file: &str, skip: &[&str], out: &mut Vec<SourceFile>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .expect("the source folder is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let join = |child: &str| {
                if module.is_empty() {
                    child.to_owned()
                } else {
                    format!("{module}::{child}")
                }
            };
            if path.is_dir() {
                if module.is_empty() && skip.contains(&name) {
                    continue;
                }
                walk(&path, &join(name), root_file, skip, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                if module.is_empty() && stem == root_file {
                    continue;
                }
                let module = if stem == "mod" {
                    module.to_owned()
                } else {
                    join(stem)
                };
                let text = fs::read_to_string(&path).expect("source files are UTF-8");
                out.push(SourceFile { module, text });
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        "",
        root_file,
        skip,
        &mut files,
    );
    files
}

/// The library's files under `src/`, without the command-line tool and the crate root.
fn library_files() -> Vec<SourceFile> {
    source_files("src", "lib", &["bin"])
}

fn lib_rs() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs is readable")
}

#[test]
fn every_library_file_is_in_a_layer() {
    let outside: Vec<String> = library_files()
        .into_iter()
        .map(|f| f.module)
        .filter(|m| layer(m).is_none())
        .collect();
    assert!(
        outside.is_empty(),
        "files outside the layer folders {LAYERS:?} (see ARCHITECTURE.md): {outside:?}"
    );
}

#[test]
fn no_file_imports_from_a_higher_layer() {
    let graph = import_graph(&library_files(), &lib_rs());
    let upward = upward_imports(&graph);
    assert!(
        upward.is_empty(),
        "imports that reach up a layer (see ARCHITECTURE.md):\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_import_cycle_between_library_files() {
    let graph = import_graph(&library_files(), &lib_rs());
    let loops = cycles(&graph);
    assert!(
        loops.is_empty(),
        "files that import each other in a loop: {loops:?}"
    );
}

#[test]
fn the_real_graph_has_the_expected_edges() {
    // The analysis must see imports at all: a few edges every version of the crate has.
    let graph = import_graph(&library_files(), &lib_rs());
    let uses = |from: &str, to: &str| graph.get(from).is_some_and(|u| u.contains(to));
    assert!(uses("offers::offer", "plans::plan"));
    assert!(uses("report::diagnostic", "report::rules"));
    assert!(uses("arm::export", "arm::template"));
}

fn synthetic(files: &[(&str, &str)]) -> Vec<SourceFile> {
    files
        .iter()
        .map(|(module, text)| SourceFile {
            module: (*module).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

#[test]
fn a_loop_through_groups_reexports_and_super_is_found() {
    let files = synthetic(&[
        ("values::a", "use crate::{report::x::Thing, values::b};"),
        ("values::b", "fn f() -> crate::Offer { todo!() }"),
        (
            "offers::offer",
            "use super::super::values::a; use crate::values::{a::A};",
        ),
        (
            "report::x",
            "// crate::offers::offer is only a comment\nconst S: &str = \"crate::values::a\";",
        ),
    ]);
    let lib = "pub use offers::offer::{Offer, OfferBuilder};";
    let graph = import_graph(&files, lib);
    assert_eq!(
        graph["values::a"],
        BTreeSet::from(["report::x".to_owned(), "values::b".to_owned()])
    );
    assert_eq!(
        graph["values::b"],
        BTreeSet::from(["offers::offer".to_owned()])
    );
    assert!(
        graph["report::x"].is_empty(),
        "comments and strings are not imports"
    );
    assert_eq!(
        cycles(&graph),
        vec![vec![
            "offers::offer".to_owned(),
            "values::a".to_owned(),
            "values::b".to_owned()
        ]]
    );
    assert_eq!(
        upward_imports(&graph),
        vec!["values::b (values) uses offers::offer (offers)".to_owned()]
    );
}

#[test]
fn lifetimes_and_character_literals_do_not_hide_code() {
    let code = code_only("fn f<'a>(x: &'a str) -> char { let q = '\"'; crate::values::guid::X }");
    assert!(code.contains("crate::values::guid::X"), "{code}");
    let raw = code_only("const P: &str = r#\"crate::offers\"#; use crate::report::rules;");
    assert_eq!(crate_paths(&raw), vec!["report::rules".to_owned()]);
}

// The command-line tool (`src/bin/lighthouse-offer/`) has layers of its own, held the same way.
// Its paths are `crate::…` relative to the binary crate's root, `main.rs`.

/// The tool's layers, from the ground up: the command line as clap reads it, reading files and
/// documents, showing what was found, the commands, the language server, and `main`, which
/// parses and dispatches.
const BIN_LAYERS: &[&str] = &["cli", "io", "output", "commands", "lsp", "main"];

/// The tool's files, `main.rs` as the module `main`.
fn binary_files() -> Vec<SourceFile> {
    source_files("src/bin/lighthouse-offer", "", &[])
}

/// The layer of a module of the tool: its index in [`BIN_LAYERS`].
fn bin_layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap_or_default();
    BIN_LAYERS.iter().position(|l| *l == top)
}

/// Every import of the tool that reaches up a layer, as `from → to`.
fn bin_upward_imports(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, uses) in graph {
        for to in uses {
            if let (Some(a), Some(b)) = (bin_layer(from), bin_layer(to))
                && b > a
            {
                found.push(format!(
                    "{from} ({}) uses {to} ({})",
                    BIN_LAYERS[a], BIN_LAYERS[b]
                ));
            }
        }
    }
    found
}

/// The import graph of the tool: its root re-exports nothing, so only paths count.
fn binary_graph() -> BTreeMap<String, BTreeSet<String>> {
    import_graph(&binary_files(), "")
}

#[test]
fn every_file_of_the_tool_is_in_a_layer() {
    let outside: Vec<String> = binary_files()
        .into_iter()
        .map(|f| f.module)
        .filter(|m| bin_layer(m).is_none())
        .collect();
    assert!(
        outside.is_empty(),
        "files of the tool outside its layers {BIN_LAYERS:?}: {outside:?}"
    );
}

#[test]
fn no_file_of_the_tool_imports_from_a_higher_layer() {
    let upward = bin_upward_imports(&binary_graph());
    assert!(
        upward.is_empty(),
        "imports of the tool that reach up a layer ({BIN_LAYERS:?}):\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_import_cycle_between_files_of_the_tool() {
    let loops = cycles(&binary_graph());
    assert!(
        loops.is_empty(),
        "files of the tool that import each other in a loop: {loops:?}"
    );
}

/// The imports between two commands (what two commands share belongs to a lower layer).
fn commands_using_commands(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let is_command = |m: &str| m.starts_with("commands::");
    graph
        .iter()
        .filter(|(from, _)| is_command(from))
        .flat_map(|(from, uses)| {
            uses.iter()
                .filter(|to| is_command(to))
                .map(move |to| format!("{from} uses {to}"))
        })
        .collect()
}

#[test]
fn no_command_of_the_tool_uses_another() {
    let found = commands_using_commands(&binary_graph());
    assert!(
        found.is_empty(),
        "commands that use another command:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_tools_real_graph_has_the_expected_edges() {
    let graph = binary_graph();
    let uses = |from: &str, to: &str| graph.get(from).is_some_and(|u| u.contains(to));
    assert!(uses("main", "commands::check"));
    assert!(uses("commands::check", "io::files"));
    assert!(uses("output::sarif", "output::located"));
    assert!(uses("lsp::sync", "lsp::server"));
}

#[test]
fn an_upward_import_and_a_loop_in_the_tool_are_found() {
    let files = synthetic(&[
        ("output::human", "use crate::commands::check::run;"),
        ("commands::check", "use crate::{io::files, output::human};"),
        ("io::files", "use crate::io::input::InputFormat;"),
        ("io::input", "fn f() { crate::io::files::read(); }"),
        ("main", "use crate::commands::check;"),
    ]);
    let graph = import_graph(&files, "");
    assert_eq!(
        bin_upward_imports(&graph),
        vec!["output::human (output) uses commands::check (commands)".to_owned()]
    );
    assert_eq!(
        commands_using_commands(&import_graph(
            &synthetic(&[
                ("commands::arm", "use crate::commands::check::run;"),
                ("commands::check", "pub fn run() {}"),
            ]),
            ""
        )),
        vec!["commands::arm uses commands::check".to_owned()]
    );
    let mut loops = cycles(&graph);
    loops.sort();
    assert_eq!(
        loops,
        vec![
            vec!["commands::check".to_owned(), "output::human".to_owned()],
            vec!["io::files".to_owned(), "io::input".to_owned()],
        ]
    );
}
