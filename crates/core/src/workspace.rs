//! A workspace: the set of named files a user lints together (Dockerfiles, compose files, ignore/config files).

use serde::Serialize;

/// The names of dclint's configuration file shipshape reads, in the order cosmiconfig looks for
/// them in a folder (its JavaScript forms are not read).
pub const DCLINT_NAMES: &[&str] = &[
    ".dclintrc",
    ".dclintrc.json",
    ".dclintrc.yaml",
    ".dclintrc.yml",
];

/// What a file is, decided from its name alone (as the CLI's discovery and the playground's tabs do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Dockerfile,
    Compose,
    Dockerignore,
    HadolintConfig,
    /// dclint's `.dclintrc` (JSON or YAML), for the compose rules it names.
    DclintConfig,
    Other,
}

impl FileKind {
    /// Classify a path by its final component: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
    /// `Containerfile*`, `compose*.y(a)ml`, `docker-compose*.y(a)ml`, `.dockerignore`, `.hadolint.y(a)ml`,
    /// `.dclintrc`, `.dclintrc.json`, `.dclintrc.y(a)ml`.
    pub fn detect(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        // Before the Dockerfile names: `Dockerfile.dockerignore` is the ignore file of `Dockerfile`.
        if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
            return FileKind::Dockerignore;
        }
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower.ends_with(".dockerfile")
            || lower == "containerfile"
            || lower.starts_with("containerfile.")
        {
            return FileKind::Dockerfile;
        }
        let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
        if yaml && (lower.starts_with("compose") || lower.starts_with("docker-compose")) {
            return FileKind::Compose;
        }
        if lower == ".hadolint.yaml" || lower == ".hadolint.yml" {
            return FileKind::HadolintConfig;
        }
        // Exactly these names, as dclint's cosmiconfig and `config::nearest` look them up.
        if DCLINT_NAMES.contains(&name) {
            return FileKind::DclintConfig;
        }
        FileKind::Other
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Compose => "compose",
            FileKind::Dockerignore => "dockerignore",
            FileKind::HadolintConfig => "hadolint-config",
            FileKind::DclintConfig => "dclint-config",
            FileKind::Other => "other",
        }
    }
}

/// Workspace paths: `/`-separated, relative to where the user stands (the CLI's current folder, the
/// playground's root) or absolute (starting with `/`). These are the only path helpers: compose
/// resolution, config and ignore-file lookup, and the CLI all use them, so a path means one thing.
pub mod path {
    /// Lexically normalise: drop `.` and empty parts, resolve `..` against earlier parts; leading
    /// `..` stay (`../x`), and a leading `/` stays (`..` never climbs above it).
    pub fn normalize(path: &str) -> String {
        let absolute = path.starts_with('/');
        let mut parts: Vec<&str> = Vec::new();
        for p in path.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    if parts.last().is_some_and(|l| *l != "..") {
                        parts.pop();
                    } else if !absolute {
                        parts.push("..");
                    }
                }
                p => parts.push(p),
            }
        }
        let joined = parts.join("/");
        if absolute {
            format!("/{joined}")
        } else {
            joined
        }
    }

    /// The folder part of a path (`""` for a bare name, `/` for a file at the root).
    pub fn dir_of(path: &str) -> &str {
        match path.rfind('/') {
            Some(0) => "/",
            Some(i) => &path[..i],
            None => "",
        }
    }

    /// `rel` resolved against folder `dir`; an absolute `rel` stands alone.
    pub fn join(dir: &str, rel: &str) -> String {
        if dir.is_empty() || rel.starts_with('/') {
            normalize(rel)
        } else {
            normalize(&format!("{dir}/{rel}"))
        }
    }

    /// `dir` and each folder above it, nearest first, as far as the path itself names them:
    /// `a/b` gives `a/b`, `a`, `""`; `/x/y` gives `/x/y`, `/x`, `/`; `../x` gives `../x`, `..`.
    pub fn ancestors(dir: &str) -> Vec<String> {
        let mut out = vec![dir.to_string()];
        let mut cur = dir.to_string();
        while !(cur.is_empty() || cur == "/" || cur.rsplit('/').next() == Some("..")) {
            cur = match cur.rfind('/') {
                Some(0) => "/".to_string(),
                Some(i) => cur[..i].to_string(),
                None => String::new(),
            };
            out.push(cur.clone());
        }
        out
    }

    /// `name` inside folder `dir` (no normalisation; `dir` comes from [`dir_of`] or [`ancestors`]).
    pub fn child(dir: &str, name: &str) -> String {
        match dir {
            "" => name.to_string(),
            d if d.ends_with('/') => format!("{d}{name}"),
            d => format!("{d}/{name}"),
        }
    }

    /// Whether folder `dir` holds `path`, directly or deeper (`""` holds every relative path).
    pub fn dir_holds(dir: &str, path: &str) -> bool {
        match dir {
            "" => !path.starts_with('/') && !path.starts_with("../") && path != "..",
            "/" => path.starts_with('/'),
            d => path.len() > d.len() && path.starts_with(d) && path.as_bytes()[d.len()] == b'/',
        }
    }
}

/// One named file. `path` uses `/` separators and is relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub text: String,
    pub kind: FileKind,
}

/// An ordered set of files; paths are unique (adding an existing path replaces its text).
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    files: Vec<File>,
    /// Path -> position in `files`: lookups stay constant-time in a workspace of 10,000 files.
    index: std::collections::HashMap<String, usize>,
}

/// Two workspaces are equal when they hold the same files in the same order.
impl PartialEq for Workspace {
    fn eq(&self, other: &Self) -> bool {
        self.files == other.files
    }
}

impl Eq for Workspace {}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add (or replace) a file, its kind detected from the name.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> &mut Self {
        let path = path.into();
        let kind = FileKind::detect(&path);
        self.add_as(path, text, kind)
    }

    /// Add (or replace) a file with an explicit kind (e.g. a Dockerfile with an unusual name).
    pub fn add_as(
        &mut self,
        path: impl Into<String>,
        text: impl Into<String>,
        kind: FileKind,
    ) -> &mut Self {
        let path = path.into().replace('\\', "/");
        let text = text.into();
        if let Some(&i) = self.index.get(&path) {
            let f = &mut self.files[i];
            f.text = text;
            f.kind = kind;
        } else {
            self.index.insert(path.clone(), self.files.len());
            self.files.push(File { path, text, kind });
        }
        self
    }

    pub fn files(&self) -> &[File] {
        &self.files
    }

    pub fn get(&self, path: &str) -> Option<&File> {
        self.index.get(path).map(|&i| &self.files[i])
    }

    pub fn remove(&mut self, path: &str) -> Option<File> {
        let i = self.index.remove(path)?;
        let file = self.files.remove(i);
        for later in &self.files[i..] {
            if let Some(j) = self.index.get_mut(&later.path) {
                *j -= 1;
            }
        }
        Some(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kinds_from_names() {
        for (p, k) in [
            ("Dockerfile", FileKind::Dockerfile),
            ("docker/api/Dockerfile.prod", FileKind::Dockerfile),
            ("web.dockerfile", FileKind::Dockerfile),
            ("Containerfile", FileKind::Dockerfile),
            ("compose.yaml", FileKind::Compose),
            ("docker-compose.override.yml", FileKind::Compose),
            (".dockerignore", FileKind::Dockerignore),
            ("Dockerfile.dockerignore", FileKind::Dockerignore),
            (".hadolint.yaml", FileKind::HadolintConfig),
            (".dclintrc", FileKind::DclintConfig),
            ("ops/.dclintrc.yml", FileKind::DclintConfig),
            (".dclintrc.js", FileKind::Other),
            (".DCLINTRC", FileKind::Other),
            ("README.md", FileKind::Other),
            ("config.yaml", FileKind::Other),
        ] {
            assert_eq!(FileKind::detect(p), k, "{p}");
        }
    }

    #[test]
    fn paths_normalise_join_and_climb() {
        use path::*;
        assert_eq!(normalize("../x/./a/../b"), "../x/b");
        assert_eq!(normalize("a/../../b"), "../b");
        assert_eq!(normalize("/tmp/x/../y/."), "/tmp/y");
        assert_eq!(normalize("/../a"), "/a");
        assert_eq!(normalize("./a/"), "a");
        assert_eq!(join("/srv/app", "./api"), "/srv/app/api");
        assert_eq!(join("two", "../one/Dockerfile"), "one/Dockerfile");
        assert_eq!(join("x", "/abs/Dockerfile"), "/abs/Dockerfile");
        assert_eq!(dir_of("/Dockerfile"), "/");
        assert_eq!(dir_of("a/b/Dockerfile"), "a/b");
        assert_eq!(dir_of("Dockerfile"), "");
        assert_eq!(ancestors("a/b"), ["a/b", "a", ""]);
        assert_eq!(ancestors("/x/y"), ["/x/y", "/x", "/"]);
        assert_eq!(ancestors("../x"), ["../x", ".."]);
        assert_eq!(ancestors(".."), [".."]);
        assert_eq!(ancestors(""), [""]);
        assert_eq!(child("/", ".hadolint.yaml"), "/.hadolint.yaml");
        assert_eq!(child("", ".env"), ".env");
        assert!(dir_holds("", "a/Dockerfile"));
        assert!(!dir_holds("", "../a/Dockerfile"));
        assert!(!dir_holds("", "/a/Dockerfile"));
        assert!(dir_holds("a", "a/b/Dockerfile"));
        assert!(!dir_holds("a", "ab/Dockerfile"));
        assert!(dir_holds("/", "/a"));
    }

    #[test]
    fn add_replaces_same_path() {
        let mut ws = Workspace::new();
        ws.add("Dockerfile", "FROM a").add("Dockerfile", "FROM b");
        assert_eq!(ws.files().len(), 1);
        assert_eq!(ws.files()[0].text, "FROM b");
    }
}
