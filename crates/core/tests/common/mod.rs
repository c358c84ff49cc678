//! Shared helpers for corpus tests: where the external corpus is, skipping without it, and listing
//! its files.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// This crate's folder, from the environment cargo runs the test in rather than the path baked in
/// at build time: a test binary that cargo reuses from a build of another checkout (a shared
/// target dir) then reads this checkout's files, not the other's or none.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The external corpus: `$SHIPSHAPE_CORPUS`, else `../shared/corpus` beside the checkout. `None` when
/// the folder is missing: the calling test then returns early, and [`record_skip`] says so.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SHIPSHAPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../../../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        record_skip(&format!(
            "corpus not found at {} (set SHIPSHAPE_CORPUS)",
            dir.display()
        ));
        None
    }
}

/// Record that the running test is skipped for want of the corpus. cargo test reports a skipped test
/// as passed and captures what it prints, so besides printing `why`, this appends the line
/// `shipshape-skip: no corpus: <test binary>::<test>` to the file `$SHIPSHAPE_SKIP_LOG` names (when
/// set); scripts/test.sh counts those lines as skipped instead of passed.
fn record_skip(why: &str) {
    // libtest runs each test on a thread named after it.
    let test = format!(
        "{}::{}",
        env!("CARGO_CRATE_NAME"),
        std::thread::current().name().unwrap_or("?")
    );
    eprintln!("skipping {test}: {why}");
    let Some(log) = std::env::var_os("SHIPSHAPE_SKIP_LOG") else {
        return;
    };
    // One short append per line, so tests running in parallel do not interleave.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .and_then(|mut f| f.write_all(format!("shipshape-skip: no corpus: {test}\n").as_bytes()))
        .unwrap_or_else(|e| {
            panic!(
                "cannot record the skip in SHIPSHAPE_SKIP_LOG={}: {e}",
                Path::new(&log).display()
            )
        });
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
