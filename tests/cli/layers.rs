//! The crate's layers point one way: every `use crate::...`, `use super::...` and inline
//! `crate::a::b` path in `src/` is read, and
//! - a top-level module imports only from modules listed before it in `src/lib.rs`'s
//!   layer list (the list is read from there, so the doc and the check cannot drift);
//! - no two modules import each other, directly or round a circle, at any depth. A
//!   child's use of its parent (`use super::Item` for an item the parent defines or
//!   re-exports) is Rust's way of sharing a module's vocabulary and is not an import of
//!   a higher layer; `super::name` of a sibling file counts as an import of that sibling.
//!
//! Test code (`tests.rs` files and everything after a `#[cfg(test)]` line) is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module by its path from the crate root (`[]` is `lib.rs`).
type Module = Vec<String>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file's module path and its code without tests or comment lines.
fn modules() -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path.strip_prefix(src()).unwrap().with_extension("");
            let mut module: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            let file = module.last().cloned().unwrap_or_default();
            if path.extension().is_none_or(|e| e != "rs") || file == "tests" || module == ["main"] {
                continue;
            }
            if file == "mod" || file == "lib" {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .lines()
                .take_while(|l| l.trim() != "#[cfg(test)]")
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            out.insert(module, code);
        }
    }
    out
}

/// The paths of one `use` tree (`a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`).
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    // Not a use tree ("use " in a string or a word): nothing.
    let Some(close) = tree.rfind('}').filter(|&c| c > open) else { return Vec::new() };
    let inner = &tree[open + 1..close];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| if prefix.is_empty() { p } else { format!("{prefix}::{p}") })
        .collect()
}

/// Every path a file names: its `use` trees and the inline `crate::` and `super::` paths.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().next_back();
        let tail = &rest[at + 4..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(end) = tail.find(';') {
            out.extend(expand(&tail[..end]));
        }
    }
    for root in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(at) = rest.find(root) {
            let before = rest[..at].chars().next_back();
            let tail = &rest[at..];
            rest = &rest[at + root.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
            out.push(tail[..end].trim_end_matches(':').to_string());
        }
    }
    out
}

/// The file module a path from `from` lands in: the deepest module it names.
fn resolve(from: &Module, path: &str, known: &BTreeSet<Module>) -> Option<Module> {
    let mut segments = path.split("::").filter(|s| !s.is_empty());
    let mut at: Module = match segments.next()? {
        "crate" => Vec::new(),
        "super" => from[..from.len().checked_sub(1)?].to_vec(),
        "self" => from.clone(),
        _ => return None,
    };
    for s in segments {
        if s == "super" {
            at.pop();
            continue;
        }
        let mut next = at.clone();
        next.push(s.to_string());
        if !known.contains(&next) {
            break;
        }
        at = next;
    }
    Some(at)
}

/// Module → the modules it imports, without imports of itself or of its own ancestors.
fn imports() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let known: BTreeSet<Module> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, code) in &modules {
        let targets: BTreeSet<Module> =
            paths(code).iter().filter_map(|p| resolve(module, p, &known)).filter(|t| !module.starts_with(t)).collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// The layer list of `src/lib.rs`: the backticked names of its numbered `//!` items
/// (an item goes on over indented lines), in order.
fn layer_order() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let (mut order, mut in_item) = (Vec::new(), false);
    for line in lib.lines().filter_map(|l| l.strip_prefix("//!")) {
        let line = line.strip_prefix(' ').unwrap_or(line);
        let numbered =
            line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        in_item = numbered || (in_item && line.starts_with("   "));
        if in_item {
            order.extend(line.split('`').skip(1).step_by(2).map(String::from));
        }
    }
    order
}

#[test]
fn every_module_is_in_the_layer_list_once() {
    let order = layer_order();
    let listed: BTreeSet<&String> = order.iter().collect();
    assert_eq!(listed.len(), order.len(), "a module is listed twice: {order:?}");
    let top: BTreeSet<String> = imports().keys().filter_map(|m| m.first().cloned()).collect();
    let missing: Vec<&String> = top.iter().filter(|m| !listed.contains(m)).collect();
    assert!(missing.is_empty(), "not in src/lib.rs's layer list: {missing:?}");
    let stale: Vec<&&String> = listed.iter().filter(|m| !top.contains(**m)).collect();
    assert!(stale.is_empty(), "listed in src/lib.rs but no such module: {stale:?}");
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let order = layer_order();
    let rank = |m: &Module| m.first().and_then(|top| order.iter().position(|o| o == top));
    let mut wrong = Vec::new();
    for (module, targets) in imports() {
        for target in targets {
            // The crate root holds shared helpers (`closest`): below every layer.
            let (Some(from), Some(to)) = (rank(&module), rank(&target)) else { continue };
            if to > from {
                wrong.push(format!("{} imports {}", module.join("::"), target.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "imports from a higher layer:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = imports();
    // Depth-first search for a back edge: the first circle reached from `m`.
    fn visit(
        m: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = stack.iter().position(|s| s == m) {
            let mut circle = stack[at..].to_vec();
            circle.push(m.clone());
            return Some(circle);
        }
        if !done.insert(m.clone()) {
            return None;
        }
        stack.push(m.clone());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        None
    }
    // One search from each module, so every circle is shown (each once).
    let mut circles = BTreeMap::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut BTreeSet::new()) {
            let members: BTreeSet<Module> = circle.iter().cloned().collect();
            circles
                .entry(members)
                .or_insert_with(|| circle.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" -> "));
        }
    }
    let shown: Vec<&String> = circles.values().collect();
    assert!(
        shown.is_empty(),
        "modules that import each other:\n{}",
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_reader_sees_uses_inline_paths_and_parents() {
    let known: BTreeSet<Module> =
        [vec![], vec!["a".into()], vec!["a".into(), "b".into()], vec!["c".into()]].into_iter().collect();
    let from: Module = vec!["a".into(), "b".into()];
    let code = "use crate::c::{X, y::Z};\nuse super::Item;\nfn f() { crate::c::g(); not_crate::x(); }\n";
    let found: BTreeSet<Module> = paths(code).iter().filter_map(|p| resolve(&from, p, &known)).collect();
    let want: BTreeSet<Module> = [vec!["c".to_string()], vec!["a".to_string()]].into_iter().collect();
    assert_eq!(found, want);
    assert_eq!(expand("a::{b, c::{d, e as f}}"), ["a::b", "a::c::d", "a::c::e"]);
}
