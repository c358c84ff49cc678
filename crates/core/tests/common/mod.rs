//! Shared helpers for corpus tests: where `../shared/corpus` is, and listing its files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared corpus beside the checkout (or `$SHIPSHAPE_CORPUS`); `None` (with a printed reason) when absent.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SHIPSHAPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: corpus not found at {} (set SHIPSHAPE_CORPUS)",
            dir.display()
        );
        None
    }
}

/// Files directly inside `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Sub-directories of `dir`, sorted.
pub fn dirs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// All real-world Dockerfiles: `dockerfiles*/` folders of the corpus.
pub fn dockerfiles(corpus: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in dirs_in(corpus) {
        let name = d.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("dockerfiles") {
            out.extend(files_in(&d));
        }
    }
    out
}

pub fn read(p: &Path) -> String {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

pub fn name(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("?")
        .to_string()
}
