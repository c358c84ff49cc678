//! A workspace: the set of named files a user lints together (Dockerfiles, compose files, ignore/config files).

use serde::Serialize;

/// What a file is, decided from its name alone (as the CLI's discovery and the playground's tabs do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Dockerfile,
    Compose,
    Dockerignore,
    HadolintConfig,
    Other,
}

impl FileKind {
    /// Classify a path by its final component: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
    /// `Containerfile*`, `compose*.y(a)ml`, `docker-compose*.y(a)ml`, `.dockerignore`, `.hadolint.y(a)ml`.
    pub fn detect(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
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
        if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
            return FileKind::Dockerignore;
        }
        if lower == ".hadolint.yaml" || lower == ".hadolint.yml" {
            return FileKind::HadolintConfig;
        }
        FileKind::Other
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Compose => "compose",
            FileKind::Dockerignore => "dockerignore",
            FileKind::HadolintConfig => "hadolint-config",
            FileKind::Other => "other",
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    files: Vec<File>,
}

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
        if let Some(f) = self.files.iter_mut().find(|f| f.path == path) {
            f.text = text;
            f.kind = kind;
        } else {
            self.files.push(File { path, text, kind });
        }
        self
    }

    pub fn files(&self) -> &[File] {
        &self.files
    }

    pub fn get(&self, path: &str) -> Option<&File> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn remove(&mut self, path: &str) -> Option<File> {
        let i = self.files.iter().position(|f| f.path == path)?;
        Some(self.files.remove(i))
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
            (".hadolint.yaml", FileKind::HadolintConfig),
            ("README.md", FileKind::Other),
            ("config.yaml", FileKind::Other),
        ] {
            assert_eq!(FileKind::detect(p), k, "{p}");
        }
    }

    #[test]
    fn add_replaces_same_path() {
        let mut ws = Workspace::new();
        ws.add("Dockerfile", "FROM a").add("Dockerfile", "FROM b");
        assert_eq!(ws.files().len(), 1);
        assert_eq!(ws.files()[0].text, "FROM b");
    }
}
