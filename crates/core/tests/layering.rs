//! The core's layering rule, enforced: every top-level module has a layer, and a module imports
//! only modules of its own or lower layers, with no cycle among modules of one layer.
//!
//! 0 vocabulary: source, workspace, diagnostics
//! 1 syntax: dockerfile, yaml, shell, compose (the file model), directives and config files
//! 2 semantic: the one `Analysis` of a workspace
//! 3 rules: read the analysis, never the pipeline
//! 4 pipeline and outputs: lint, fix rounds, reports, share links
//!
//! Imports are read from the source text (`crate::module`, `crate::{a, b}`), test code
//! (`#[cfg(test)]` onwards) and comments left out, as the rule is about the library's own edges.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LAYERS: &[(&str, u8)] = &[
    ("source", 0),
    ("sort", 0),
    ("par", 0),
    ("workspace", 0),
    ("diagnostics", 0),
    ("dockerfile", 1),
    ("yaml", 1),
    ("shell", 1),
    ("compose", 1),
    ("dockerignore", 1),
    ("pragma", 1),
    ("check_directive", 1),
    ("config", 1),
    ("diff", 1),
    ("highlight", 1),
    ("semantic", 2),
    ("rules", 3),
    ("lint", 4),
    ("fix", 4),
    ("report", 4),
    ("share", 4),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Library text of a file: up to its first `#[cfg(test)]`, without `//` comments.
fn library_text(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Top-level modules named after `crate::` in `text`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for part in group.split(',') {
                let name = ident_at(part.trim());
                if !name.is_empty() {
                    out.insert(name.to_string());
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                out.insert(name.to_string());
            }
        }
    }
    out
}

#[test]
fn modules_import_only_their_own_or_lower_layers_and_have_no_cycle() {
    let src = common::manifest_dir().join("src");
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" {
            continue;
        }
        let Some(&own) = layer.get(top.as_str()) else {
            problems.push(format!(
                "module `{top}` has no layer: add it to LAYERS here and to ARCHITECTURE.md"
            ));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for m in imports(&library_text(&text)) {
            if m == top {
                continue;
            }
            // Crate-root items (`crate::Workspace`) are re-exports; name their module instead.
            let Some(&theirs) = layer.get(m.as_str()) else {
                if m.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && m != "lint" {
                    problems.push(format!("{}: imports unknown module `{m}`", rel.display()));
                } else {
                    problems.push(format!(
                        "{}: imports `crate::{m}`; import it from its own module",
                        rel.display()
                    ));
                }
                continue;
            };
            if theirs > own {
                problems.push(format!(
                    "{}: layer {own} module `{top}` imports layer {theirs} module `{m}`",
                    rel.display()
                ));
            }
            edges.entry(top.clone()).or_default().insert(m);
        }
    }
    // No cycle, even among modules of one layer.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        match state.get(n) {
            Some(1) => {
                let from = path.iter().position(|p| p == n).unwrap_or(0);
                cycles.push(format!("{} -> {n}", path[from..].join(" -> ")));
                return;
            }
            Some(_) => return,
            None => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            visit(m, edges, state, path, cycles);
        }
        path.pop();
        state.insert(n.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for n in edges.keys() {
        visit(n, &edges, &mut state, &mut Vec::new(), &mut cycles);
    }
    problems.extend(cycles.into_iter().map(|c| format!("import cycle: {c}")));
    assert!(
        problems.is_empty(),
        "layering broken:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_checker_sees_imports() {
    let text = "use crate::{lint, source::Span};\nfn f() { crate::rules::x(); } // crate::share\n";
    let got = imports(&library_text(text));
    assert_eq!(
        got.into_iter().collect::<Vec<_>>(),
        ["lint", "rules", "source"]
    );
    assert!(library_text("a\n#[cfg(test)]\nuse crate::lint;")
        .find("lint")
        .is_none());
}
