//! The module graph of `src/`: which top-level module (`app`, `ui`, `provider`, `auth`, ...)
//! refers to which, read from the source text, and the rules it keeps:
//!
//! - no import cycle between top-level modules;
//! - `api` (shared API types) imports nothing of the crate; `domain` imports at most `api`;
//!   `store` (the local database) at most `domain` and `api`;
//! - `auth` and `provider` (the edges) never reach up into the app, the UI, the runtime or the
//!   commands, and `auth` does not import `provider` (the provider layer wires auth in, not the
//!   other way round);
//! - the model (`app`) imports neither the views (`ui`) nor the runner (`runtime`).
//!
//! The simulator is a crate of its own (`crates/fittui-sim`), outside this graph.
//!
//! A reference is any `crate::name` path outside a comment (`use` lines, inline paths, grouped
//! `use crate::{a::X, b::Y}`); a file `src/x.rs` or `src/x/**.rs` belongs to module `x`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules it refers to.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`None` for the crate roots).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The source without `//` comments (doc comments included) and string literals, so doc links
/// and messages do not count as references.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if in_str {
                if c == '"' && prev != '\\' {
                    in_str = false;
                }
                prev = if prev == '\\' && c == '\\' { ' ' } else { c };
                continue;
            }
            if c == '/' && chars.peek() == Some(&'/') {
                break;
            }
            if c == '"' {
                in_str = true;
                prev = ' ';
                continue;
            }
            out.push(c);
            prev = c;
        }
        out.push('\n');
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every top-level module named after `crate::` in `code`.
fn references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        // `fittui_crate::x` or `somecrate::x` are not ours.
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::X, b::{Y, Z}, c}`: the names at depth one.
            let mut depth = 1;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => start = true,
                    c if start && depth == 1 && (c.is_ascii_alphabetic() || c == '_') => {
                        found.insert(ident_at(&group[i..]).to_string());
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                found.insert(name.to_string());
            }
        }
    }
    found
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let code = code_only(&fs::read_to_string(&file).unwrap());
        let deps = graph.entry(module.clone()).or_default();
        for name in references(&code) {
            if name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

/// A cycle in `graph` as a path `a -> b -> ... -> a`, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = path.iter().position(|n| n == next).unwrap();
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(next, graph, marks, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(c) = visit(node, graph, &mut marks, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn deps<'a>(graph: &'a Graph, module: &str) -> &'a BTreeSet<String> {
    graph
        .get(module)
        .unwrap_or_else(|| panic!("no module `{module}` under src/"))
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let graph = graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import cycle between top-level modules: {}\nwhole graph: {graph:#?}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn api_is_a_leaf() {
    let graph = graph();
    assert!(
        deps(&graph, "api").is_empty(),
        "`api` must import nothing of the crate, but refers to {:?}",
        deps(&graph, "api")
    );
}

#[test]
fn domain_imports_only_api() {
    let graph = graph();
    let extra: Vec<_> = deps(&graph, "domain")
        .iter()
        .filter(|m| *m != "api")
        .collect();
    assert!(extra.is_empty(), "`domain` refers to {extra:?}");
}

#[test]
fn store_imports_only_domain_and_api() {
    let graph = graph();
    let extra: Vec<_> = deps(&graph, "store")
        .iter()
        .filter(|m| *m != "api" && *m != "domain")
        .collect();
    assert!(extra.is_empty(), "`store` refers to {extra:?}");
}

#[test]
fn the_edges_never_reach_up() {
    let graph = graph();
    let above = ["app", "ui", "runtime", "commands", "cli", "source"];
    for edge in ["auth", "provider", "store", "import"] {
        let up: Vec<_> = deps(&graph, edge)
            .iter()
            .filter(|m| above.contains(&m.as_str()))
            .collect();
        assert!(up.is_empty(), "`{edge}` refers to {up:?}");
    }
    assert!(
        !deps(&graph, "auth").contains("provider"),
        "`auth` must not import `provider` (provider -> auth is the direction): {:?}",
        deps(&graph, "auth")
    );
}

#[test]
fn import_reads_through_the_domain_and_writes_through_the_store() {
    // The importer turns export files into domain values and hands them to the store; it
    // borrows the legacy provider's decoders for the formats the export shares with the API
    // (sleep logs, local day bounds), and nothing above it refers to it but the command.
    let graph = graph();
    let extra: Vec<_> = deps(&graph, "import")
        .iter()
        .filter(|m| !["api", "domain", "store", "provider"].contains(&m.as_str()))
        .collect();
    assert!(extra.is_empty(), "`import` refers to {extra:?}");
    for module in ["app", "ui", "provider", "store", "runtime"] {
        assert!(
            !deps(&graph, module).contains("import"),
            "`{module}` must not import `import`"
        );
    }
}

#[test]
fn the_model_knows_nothing_of_drawing_or_running() {
    // `app` decides, `ui` draws it, `runtime` carries out its effects: the model imports
    // neither, and the views never reach the runner.
    let graph = graph();
    for (module, never) in [
        ("app", &["ui", "runtime", "commands", "source"][..]),
        ("ui", &["runtime", "commands", "source"][..]),
    ] {
        let wrong: Vec<_> = deps(&graph, module)
            .iter()
            .filter(|m| never.contains(&m.as_str()))
            .collect();
        assert!(wrong.is_empty(), "`{module}` refers to {wrong:?}");
    }
}

#[test]
fn the_reader_finds_every_form_of_reference() {
    let code = code_only(
        "use crate::api::ApiError;\n\
         use crate::{domain::alarm::Alarm, clock};\n\
         let x = crate::net::f(); // crate::ui::not_this\n\
         /// [`crate::app::App`]\n\
         let s = \"crate::runtime\";\n\
         use other_crate::paths;\n",
    );
    let found: Vec<_> = references(&code).into_iter().collect();
    assert_eq!(found, ["api", "clock", "domain", "net"]);
}
