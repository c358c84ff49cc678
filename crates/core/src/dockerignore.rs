//! `.dockerignore` files: parsing patterns and matching context paths the way Docker's pattern matcher does.

/// One pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub pattern: String,
    /// `!pattern`: re-includes what an earlier pattern excluded.
    pub exclusion: bool,
    /// 1-based line in the ignore file.
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    pub patterns: Vec<Pattern>,
}

/// Clean a path like Go's `filepath.Clean`, relative to the context root (no leading `/` or `./`).
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exclusion, p) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let p = clean(p);
            if p.is_empty() {
                continue;
            }
            patterns.push(Pattern {
                pattern: p,
                exclusion,
                line: i + 1,
            });
        }
        DockerIgnore { patterns }
    }

    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// The pattern that excludes `path` (cleaned, relative to the context), if any. A pattern that
    /// matches a parent folder excludes everything below it; later `!` patterns re-include.
    pub fn excluded_by(&self, path: &str) -> Option<&Pattern> {
        let path = clean(path);
        if path.is_empty() {
            return None;
        }
        let mut hit = None;
        for p in &self.patterns {
            if matches_path_or_parent(&p.pattern, &path) {
                hit = if p.exclusion { None } else { Some(p) };
            }
        }
        hit
    }
}

fn matches_path_or_parent(pattern: &str, path: &str) -> bool {
    if glob(pattern.as_bytes(), path.as_bytes()) {
        return true;
    }
    let mut end = path.len();
    while let Some(p) = path[..end].rfind('/') {
        if glob(pattern.as_bytes(), &path.as_bytes()[..p]) {
            return true;
        }
        end = p;
    }
    false
}

/// Glob with `*` and `?` (not crossing `/`), `**` (any number of folders), `[...]` classes and `\` escapes.
fn glob(p: &[u8], s: &[u8]) -> bool {
    if p.is_empty() {
        return s.is_empty();
    }
    if p.starts_with(b"**") {
        let rest = &p[2..];
        let rest_after_slash = rest.strip_prefix(b"/").unwrap_or(rest);
        // `**/x` also matches `x` at this level.
        if rest.starts_with(b"/") && glob(rest_after_slash, s) {
            return true;
        }
        return (0..=s.len()).any(|i| glob(rest, &s[i..]));
    }
    match p[0] {
        b'*' => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| glob(&p[1..], &s[i..])),
        b'?' => !s.is_empty() && s[0] != b'/' && glob(&p[1..], &s[1..]),
        b'[' => {
            let Some(close) = p[1..].iter().position(|&c| c == b']').map(|i| i + 1) else {
                return !s.is_empty() && s[0] == b'[' && glob(&p[1..], &s[1..]);
            };
            if s.is_empty() || s[0] == b'/' {
                return false;
            }
            let class = &p[1..close];
            let (negate, class) = match class.first() {
                Some(b'^') | Some(b'!') => (true, &class[1..]),
                _ => (false, class),
            };
            let c = s[0];
            let mut found = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == b'-' {
                    found |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    found |= class[i] == c;
                    i += 1;
                }
            }
            found != negate && glob(&p[close + 1..], &s[1..])
        }
        b'\\' if p.len() > 1 => !s.is_empty() && s[0] == p[1] && glob(&p[2..], &s[1..]),
        c => !s.is_empty() && s[0] == c && glob(&p[1..], &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_semantics() {
        let d =
            DockerIgnore::parse("# c\nnode_modules\n*.log\n**/secret.txt\n/build/\ndocs/*.md\n");
        assert!(d.excluded_by("node_modules/x/y.js").is_some());
        assert!(d.excluded_by("app.log").is_some());
        assert!(
            d.excluded_by("sub/app.log").is_none(),
            "* does not cross folders"
        );
        assert!(d.excluded_by("a/b/secret.txt").is_some());
        assert!(d.excluded_by("secret.txt").is_some());
        assert!(d.excluded_by("./build/out").is_some());
        assert!(d.excluded_by("docs/a.md").is_some());
        assert!(d.excluded_by("docs/x/a.md").is_none());
        assert!(d.excluded_by("src/main.rs").is_none());
        let d = DockerIgnore::parse("*.md\n!README.md\n");
        assert!(d.has_exclusions());
        assert!(d.excluded_by("README.md").is_none());
        assert!(d.excluded_by("CHANGES.md").is_some());
    }
}
