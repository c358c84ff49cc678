//! Finding lintable files under the paths given on the command line, with paths relative to each root.

use shipshape_core::{FileError, FileKind};
use std::path::{Path, PathBuf};

pub struct Found {
    /// Path shown in output: relative to the folder given, or the file path as given.
    pub display: String,
    /// Where the file is on disk (for writing fixes back).
    pub real: PathBuf,
    pub text: String,
    pub kind: FileKind,
}

pub struct Discovered {
    pub files: Vec<Found>,
    /// Files that could not be read or decoded; they never stop the others.
    pub errors: Vec<FileError>,
}

const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".hg", ".svn", "vendor"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !SKIP_DIRS.contains(&name) && !p.is_symlink() {
                walk(&p, out);
            }
        } else if FileKind::detect(name) != FileKind::Other {
            out.push(p);
        }
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn error(file: String, message: String) -> FileError {
    FileError {
        file,
        span: Default::default(),
        line: 1,
        column: 1,
        message,
    }
}

/// Collect files from `paths`. A missing path is a usage error; an unreadable file is a file error.
pub fn collect(paths: &[PathBuf]) -> Result<Discovered, String> {
    let mut d = Discovered {
        files: Vec::new(),
        errors: Vec::new(),
    };
    for root in paths {
        if !root.exists() {
            return Err(format!("no such file or folder: {}", root.display()));
        }
        let mut list = Vec::new();
        let is_dir = root.is_dir();
        if is_dir {
            walk(root, &mut list);
        } else {
            list.push(root.clone());
        }
        for p in list {
            let shown = if is_dir {
                display(p.strip_prefix(root).unwrap_or(&p))
            } else {
                display(&p)
            };
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // A file named explicitly is linted as a Dockerfile unless its name says otherwise.
            let kind = match FileKind::detect(name) {
                FileKind::Other if !is_dir => FileKind::Dockerfile,
                k => k,
            };
            match std::fs::read(&p) {
                Ok(bytes) => {
                    let text = match String::from_utf8(bytes) {
                        Ok(t) => t,
                        Err(e) => {
                            d.errors.push(error(
                                shown.clone(),
                                "file is not valid UTF-8; invalid bytes were replaced for linting"
                                    .to_string(),
                            ));
                            String::from_utf8_lossy(e.as_bytes()).into_owned()
                        }
                    };
                    d.files.push(Found {
                        display: shown,
                        real: p.clone(),
                        text,
                        kind,
                    });
                }
                Err(e) => d
                    .errors
                    .push(error(shown, format!("cannot read file: {e}"))),
            }
        }
    }
    Ok(d)
}

/// Read `rel` (a workspace path) under the first folder given that has it.
pub fn read_under(roots: &[PathBuf], rel: &str) -> Option<String> {
    roots.iter().filter(|r| r.is_dir()).find_map(|r| {
        let bytes = std::fs::read(r.join(rel)).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    })
}
