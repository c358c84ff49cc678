//! Finding the files to lint: the paths given on the command line (folders searched recursively,
//! `-` for standard input), each under a unique workspace path, plus the files they read.
//!
//! Workspace paths are the paths the user gave, normalised: relative to the current folder when
//! given relative (`a/Dockerfile`, `../x/compose.yaml`), absolute when given absolute. They are what
//! findings, reports and fixes name, and (being relative to the current folder) where the file is.

use shipshape_core::workspace::path::{ancestors, child, dir_holds, dir_of, join, normalize};
use shipshape_core::{config, FileError, FileKind, Workspace};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file is in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Named on the command line or found in a folder named there.
    Requested,
    /// Part of a requested compose file's project: a Dockerfile it builds, a file it includes or
    /// extends. Linted and reported like a requested file.
    Member,
    /// Only read for what it tells about the others (`.dockerignore`, `.hadolint.yaml`, `.env`, the
    /// base or override compose file): not reported, never written.
    Context,
}

pub struct Found {
    /// The workspace path (see the module docs).
    pub path: String,
    /// Where the file is on disk; `None` for standard input.
    pub real: Option<PathBuf>,
    pub kind: FileKind,
    pub role: Role,
    /// The bytes were not valid UTF-8 (the text has replacement characters): never written back.
    pub lossy: bool,
    /// `fix` may write it: requested, or a member inside a folder the user named (or the folder of a
    /// file the user named).
    pub writable: bool,
}

pub struct Discovered {
    pub files: Vec<Found>,
    /// Files that could not be read or decoded; they never stop the others.
    pub errors: Vec<FileError>,
}

impl Discovered {
    pub fn get(&self, path: &str) -> Option<&Found> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The file read from standard input, if any.
    pub fn stdin(&self) -> Option<&Found> {
        self.files.iter().find(|f| f.real.is_none())
    }
}

/// Folders never searched: version control, dependencies, build output, vendored code.
const SKIP_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    "vendor",
    "third_party",
    ".venv",
    "__pycache__",
    ".tox",
];

/// Whether a file found in a folder is one to lint, and as what. Beyond the names the playground
/// knows (`FileKind::detect`), folders also yield `Dockerfile-*`, `*_Dockerfile`, `*-Dockerfile`.
fn kind_in_folder(name: &str) -> FileKind {
    let lower = name.to_ascii_lowercase();
    let kind = FileKind::detect(name);
    let dockerfile = kind == FileKind::Dockerfile
        || (kind == FileKind::Other
            && (lower.starts_with("dockerfile-")
                || lower.starts_with("dockerfile_")
                || lower.ends_with("_dockerfile")
                || lower.ends_with("-dockerfile")
                || lower.starts_with("containerfile")));
    match kind {
        _ if dockerfile && is_not_a_dockerfile(&lower) => FileKind::Other,
        _ if dockerfile => FileKind::Dockerfile,
        k => k,
    }
}

/// Names that match a Dockerfile pattern but are something else (docs, scripts, ignore files).
fn is_not_a_dockerfile(lower: &str) -> bool {
    [
        ".md",
        ".txt",
        ".rst",
        ".sh",
        ".py",
        ".json",
        ".yml",
        ".yaml",
        ".j2",
        ".tpl",
        ".template",
        ".bak",
        ".orig",
        ".swp",
        "~",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
        && !lower.ends_with(".dockerfile")
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, FileKind)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_symlink() && p.is_dir() {
            continue;
        }
        if p.is_dir() {
            if !SKIP_DIRS.contains(&name) {
                walk(&p, out);
            }
        } else {
            let kind = kind_in_folder(name);
            if kind != FileKind::Other {
                out.push((p, kind));
            }
        }
    }
}

/// A command-line path as a workspace path (normalised, `/`-separated; `.` becomes `""`).
fn ws_path(p: &Path) -> String {
    normalize(&p.to_string_lossy().replace('\\', "/"))
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

/// Largest file the CLI reads: a bigger one is an error for that file (at line 1, column 1) and the
/// other files are linted as usual. Linting is linear, but an 8 MB Dockerfile already takes
/// seconds; a file twice that is almost surely not a Dockerfile or compose file.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

pub fn too_big(size: Option<u64>) -> String {
    let size = size.map_or_else(|| "more".to_string(), |n| format!("{n} bytes, more"));
    format!(
        "file is {size} than the limit of {} MiB for one file; it is not linted",
        MAX_FILE_BYTES >> 20
    )
}

/// Read at most [`MAX_FILE_BYTES`] + 1 bytes (a device or a growing file cannot make the CLI read
/// forever): `Ok(None)` when there is more than the limit. `size_hint`: the size the file says it
/// has (0 when unknown).
fn read_limited(r: impl Read, size_hint: u64) -> std::io::Result<Option<Vec<u8>>> {
    // Room for the whole file at once (a file that grows meanwhile still reads, with regrowth).
    let mut bytes = Vec::with_capacity(size_hint.min(MAX_FILE_BYTES + 1) as usize + 1);
    r.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// Text from bytes: `(text, lossy)`.
fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(t) => (t, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

struct Collector {
    d: Discovered,
    /// Canonical paths already read (two arguments naming one file read it once).
    seen: HashSet<PathBuf>,
    /// Folders `fix` may write members in: the folders named, and the folders of files named.
    roots: Vec<String>,
    /// Workspace paths of `d.files` (a set: a monorepo has 10,000 of them).
    paths: HashSet<String>,
    /// The texts read, in `d.files` order: the one copy of each (a monorepo's texts are most of
    /// what the CLI holds).
    ws: Workspace,
}

impl Collector {
    fn has(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Read `real` into the workspace under `path`. False when it was already read (by another
    /// name) or cannot be read; a requested file that cannot be read is a file error.
    fn read(&mut self, path: String, real: &Path, kind: FileKind, role: Role) -> bool {
        if self.has(&path) {
            return false;
        }
        let key = std::fs::canonicalize(real).unwrap_or_else(|_| real.to_path_buf());
        if self.seen.contains(&key) {
            return false;
        }
        let bytes = match std::fs::File::open(real).and_then(|f| {
            let size = f.metadata().map_or(0, |m| m.len());
            read_limited(f, size)
        }) {
            Ok(Some(b)) => b,
            Ok(None) => {
                // Too big: an error for a file the user asked about (or one of its compose
                // project's files), silently skipped when only read for context.
                if role != Role::Context {
                    self.seen.insert(key);
                    let size = std::fs::metadata(real).ok().map(|m| m.len());
                    self.d.errors.push(error(path, too_big(size)));
                }
                return false;
            }
            Err(e) => {
                if role == Role::Requested {
                    self.seen.insert(key);
                    self.d
                        .errors
                        .push(error(path, format!("cannot read file: {e}")));
                }
                return false;
            }
        };
        self.seen.insert(key);
        let (text, lossy) = decode(bytes);
        if lossy && role != Role::Context {
            self.d.errors.push(error(
                path.clone(),
                "file is not valid UTF-8; invalid bytes were replaced for linting, and it is never fixed"
                    .to_string(),
            ));
        }
        let writable = match role {
            Role::Requested => true,
            Role::Member => self.roots.iter().any(|r| dir_holds(r, &path)),
            Role::Context => false,
        };
        self.paths.insert(path.clone());
        self.ws.add_as(path.clone(), text, kind);
        self.d.files.push(Found {
            path,
            real: Some(real.to_path_buf()),
            kind,
            role,
            lossy,
            writable,
        });
        true
    }

    /// Read the first of `paths` that is a file on disk (context and member files).
    fn read_first(&mut self, paths: &[String], kind: FileKind, role: Role) -> bool {
        if paths.iter().any(|p| self.has(p)) {
            return false;
        }
        for p in paths {
            let real = Path::new(p);
            if real.is_file() {
                return self.read(p.clone(), real, kind, role);
            }
        }
        false
    }
}

/// Collect the files named by `paths` (`-` reads standard input under `stdin_name`, else `-`),
/// then the files they read: beside each Dockerfile its `.dockerignore`, the nearest
/// `.hadolint.yaml` above each file, and what compose files read (built Dockerfiles, included
/// and extended files, `.env`, the base or override file). A missing path is a usage error; an
/// unreadable file is a file error.
pub fn collect(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
) -> Result<(Discovered, Workspace), String> {
    let mut c = Collector {
        d: Discovered {
            files: Vec::new(),
            errors: Vec::new(),
        },
        seen: HashSet::new(),
        roots: Vec::new(),
        paths: HashSet::new(),
        ws: Workspace::new(),
    };
    if stdin_name.is_some() && !paths.iter().any(|p| p.as_os_str() == "-") {
        return Err("--stdin-filename needs `-` among the paths".to_string());
    }
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("`-` (standard input) can be given once".to_string());
    }
    // Standard input first: when its name is also a file given (or found in a folder given), the
    // text in the editor that pipes it in is the newer one, whatever the order on the command line.
    let stdin_first = paths
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .chain(paths.iter().filter(|p| p.as_os_str() != "-"));
    for root in stdin_first {
        if root.as_os_str() == "-" {
            let bytes = read_limited(std::io::stdin(), 0)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            // Keyed as every other path is (`/`-separated), so `fix` finds the text it fixed.
            let path =
                stdin_name.map_or_else(|| "-".to_string(), |n| normalize(&n.replace('\\', "/")));
            if path.is_empty() {
                return Err("--stdin-filename needs a file name".to_string());
            }
            let Some(bytes) = bytes else {
                c.d.errors.push(error(path, too_big(None)));
                continue;
            };
            let (text, lossy) = decode(bytes);
            if lossy {
                c.d.errors.push(error(
                    path.clone(),
                    "standard input is not valid UTF-8; invalid bytes were replaced for linting"
                        .to_string(),
                ));
            }
            let kind = match FileKind::detect(&path) {
                FileKind::Other => FileKind::Dockerfile,
                k => k,
            };
            c.roots.push(dir_of(&path).to_string());
            c.paths.insert(path.clone());
            c.ws.add_as(path.clone(), text, kind);
            c.d.files.push(Found {
                path,
                real: None,
                kind,
                role: Role::Requested,
                lossy,
                writable: false,
            });
            continue;
        }
        if !root.exists() {
            return Err(format!("no such file or folder: {}", root.display()));
        }
        let base = ws_path(root);
        if root.is_dir() {
            c.roots.push(base.clone());
            let mut list = Vec::new();
            walk(root, &mut list);
            for (p, kind) in list {
                let rel = p.strip_prefix(root).unwrap_or(&p);
                let path = join(&base, &ws_path(rel));
                c.read(path, &p, kind, Role::Requested);
            }
        } else {
            c.roots.push(dir_of(&base).to_string());
            // A file named explicitly is linted as a Dockerfile unless its name says otherwise.
            let kind = match FileKind::detect(&base) {
                FileKind::Other => FileKind::Dockerfile,
                k => k,
            };
            c.read(base, root, kind, Role::Requested);
        }
    }
    companions(&mut c);
    Ok((c.d, c.ws))
}

/// The files the requested ones read, so a file gets the same findings alone as in its folder.
fn companions(c: &mut Collector) {
    let requested: Vec<(String, FileKind)> =
        c.d.files.iter().map(|f| (f.path.clone(), f.kind)).collect();
    for (path, kind) in &requested {
        let dir = dir_of(path).to_string();
        if *kind == FileKind::Dockerfile {
            for p in [format!("{path}.dockerignore"), child(&dir, ".dockerignore")] {
                c.read_first(&[p], FileKind::Dockerignore, Role::Context);
            }
        }
        // The nearest `.hadolint.yaml` above the file, and for a compose file the nearest
        // `.dclintrc`.
        nearest_config(c, &dir, FileKind::HadolintConfig, config::HADOLINT_NAMES);
        if *kind == FileKind::Compose {
            nearest_config(c, &dir, FileKind::DclintConfig, config::dclint::NAMES);
        }
    }
    // What compose files read; new compose files can want more, so repeat (bounded).
    for _ in 0..16 {
        let wanted = shipshape_core::compose::wanted_files(&c.ws);
        let mut added = false;
        for w in wanted {
            let role = if w.member {
                Role::Member
            } else {
                Role::Context
            };
            added |= c.read_first(&w.paths, w.kind, role);
        }
        if !added {
            break;
        }
    }
    // Compose files read for the requested ones (`include`, `extends`, overrides) are linted
    // with their own nearest `.dclintrc`, as when their folder is linted.
    let asked: HashSet<&str> = requested.iter().map(|(p, _)| p.as_str()).collect();
    let members: Vec<String> =
        c.d.files
            .iter()
            .filter(|f| f.kind == FileKind::Compose && !asked.contains(f.path.as_str()))
            .map(|f| dir_of(&f.path).to_string())
            .collect();
    for dir in members {
        nearest_config(c, &dir, FileKind::DclintConfig, config::dclint::NAMES);
    }
}

/// Read the nearest configuration file of `kind` in `dir` or a folder above it, unless the
/// workspace already has one there or nearer.
fn nearest_config(c: &mut Collector, dir: &str, kind: FileKind, names: &[&str]) {
    for a in ancestors(dir) {
        let names: Vec<String> = names.iter().map(|n| child(&a, n)).collect();
        if names.iter().any(|n| c.has(n)) || c.read_first(&names, kind, Role::Context) {
            break;
        }
    }
}
