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

    /// The pattern that excludes every entry of the context root (`*`, `**` or `**/*`), if any:
    /// what makes copying the root itself (`.`, `/`) copy nothing, as BuildKit judges it.
    pub fn root_excluded_by(&self) -> Option<&Pattern> {
        self.patterns
            .iter()
            .find(|p| !p.exclusion && matches!(p.pattern.as_str(), "*" | "**" | "**/*"))
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

/// One piece of a glob pattern.
enum Token<'p> {
    /// A byte that must be there (`\x` escapes one).
    Byte(u8),
    /// `?`: one byte, not `/`.
    Any,
    /// `[...]`: one byte (not `/`) in the class (`[^...]`/`[!...]`: not in it); `a-z` ranges.
    Class { negate: bool, class: &'p [u8] },
    /// `*`: any run without `/`.
    Star,
    /// `**` followed by `/`: nothing, or anything ending in `/` (any number of folders).
    Folders,
    /// `**` otherwise: anything, `/` included.
    Anything,
}

fn tokens(p: &[u8]) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        if p[i..].starts_with(b"**") {
            if p.get(i + 2) == Some(&b'/') {
                out.push(Token::Folders);
                i += 3;
            } else {
                out.push(Token::Anything);
                i += 2;
            }
            continue;
        }
        match p[i] {
            b'*' => out.push(Token::Star),
            b'?' => out.push(Token::Any),
            b'[' => match p[i + 1..].iter().position(|&c| c == b']') {
                Some(k) => {
                    let class = &p[i + 1..i + 1 + k];
                    let (negate, class) = match class.first() {
                        Some(b'^') | Some(b'!') => (true, &class[1..]),
                        _ => (false, class),
                    };
                    out.push(Token::Class { negate, class });
                    i += k + 2;
                    continue;
                }
                None => out.push(Token::Byte(b'[')),
            },
            b'\\' if i + 1 < p.len() => {
                out.push(Token::Byte(p[i + 1]));
                i += 2;
                continue;
            }
            c => out.push(Token::Byte(c)),
        }
        i += 1;
    }
    out
}

fn in_class(class: &[u8], c: u8) -> bool {
    let mut i = 0;
    while i < class.len() {
        if i + 2 < class.len() && class[i + 1] == b'-' {
            if class[i] <= c && c <= class[i + 2] {
                return true;
            }
            i += 3;
        } else {
            if class[i] == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

/// Glob with `*` and `?` (not crossing `/`), `**` (any number of folders), `[...]` classes and `\`
/// escapes. Matched by keeping the set of positions of `s` each prefix of the pattern can end at
/// (patterns x path bytes, no recursion): a recursive matcher backtracks exponentially on
/// `*a*a*a*a...b` and overflows the stack on a line of 100,000 `*`s.
fn glob(p: &[u8], s: &[u8]) -> bool {
    let m = s.len();
    let mut reach = vec![false; m + 1];
    reach[0] = true;
    let mut next = vec![false; m + 1];
    for t in tokens(p) {
        next.iter_mut().for_each(|x| *x = false);
        match t {
            Token::Byte(_) | Token::Any | Token::Class { .. } => {
                for j in 0..m {
                    let c = s[j];
                    let ok = match t {
                        Token::Byte(b) => c == b,
                        Token::Any => c != b'/',
                        Token::Class { negate, class } => c != b'/' && in_class(class, c) != negate,
                        _ => false,
                    };
                    next[j + 1] = reach[j] && ok;
                }
            }
            Token::Star => {
                let mut on = false;
                for j in 0..=m {
                    on |= reach[j];
                    next[j] = on;
                    if j < m && s[j] == b'/' {
                        on = false;
                    }
                }
            }
            Token::Anything => {
                let mut on = false;
                for j in 0..=m {
                    on |= reach[j];
                    next[j] = on;
                }
            }
            Token::Folders => {
                let mut before = false;
                for j in 0..=m {
                    next[j] = reach[j] || (j > 0 && before && s[j - 1] == b'/');
                    before |= reach[j];
                }
            }
        }
        std::mem::swap(&mut reach, &mut next);
        if !reach.iter().any(|&x| x) {
            return false;
        }
    }
    reach[m]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recursive matcher this module had: the specification `glob` is checked against.
    /// Glob with `*` and `?` (not crossing `/`), `**` (any number of folders), `[...]` classes and `\` escapes.
    fn reference(p: &[u8], s: &[u8]) -> bool {
        if p.is_empty() {
            return s.is_empty();
        }
        if p.starts_with(b"**") {
            let rest = &p[2..];
            let rest_after_slash = rest.strip_prefix(b"/").unwrap_or(rest);
            // `**/x` also matches `x` at this level.
            if rest.starts_with(b"/") && reference(rest_after_slash, s) {
                return true;
            }
            return (0..=s.len()).any(|i| reference(rest, &s[i..]));
        }
        match p[0] {
            b'*' => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| reference(&p[1..], &s[i..])),
            b'?' => !s.is_empty() && s[0] != b'/' && reference(&p[1..], &s[1..]),
            b'[' => {
                let Some(close) = p[1..].iter().position(|&c| c == b']').map(|i| i + 1) else {
                    return !s.is_empty() && s[0] == b'[' && reference(&p[1..], &s[1..]);
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
                found != negate && reference(&p[close + 1..], &s[1..])
            }
            b'\\' if p.len() > 1 => !s.is_empty() && s[0] == p[1] && reference(&p[2..], &s[1..]),
            c => !s.is_empty() && s[0] == c && reference(&p[1..], &s[1..]),
        }
    }

    #[test]
    fn glob_agrees_with_the_recursive_matcher() {
        let pieces: &[&str] = &[
            "a", "b", "/", "*", "**", "**/", "?", "[ab]", "[^a]", "[a-c]", "[", "\\*", ".", "]",
        ];
        let paths = [
            "", "a", "b", "ab", "a/b", "aa/bb", "b/a/b", "a/", "/a", "[", "*", "a.b", "c/a/b/ab",
            "abc/ab/", "ba", "a]b",
        ];
        // Every pattern of up to three pieces, against every path.
        let mut patterns = vec![String::new()];
        for _ in 0..3 {
            let grown: Vec<String> = patterns
                .iter()
                .flat_map(|p| pieces.iter().map(move |x| format!("{p}{x}")))
                .collect();
            patterns.extend(grown);
        }
        patterns.sort();
        patterns.dedup();
        for p in &patterns {
            for s in paths {
                assert_eq!(
                    glob(p.as_bytes(), s.as_bytes()),
                    reference(p.as_bytes(), s.as_bytes()),
                    "{p:?} against {s:?}"
                );
            }
        }
    }

    #[test]
    fn hostile_patterns_are_quick_and_shallow() {
        let many = "*".repeat(100_000);
        assert!(glob(many.as_bytes(), b"abc"));
        let backtracking = format!("{}b", "*a".repeat(40));
        assert!(!glob(backtracking.as_bytes(), "a".repeat(60).as_bytes()));
        let folders = format!("{}x", "**/".repeat(1_000));
        assert!(glob(folders.as_bytes(), b"a/b/c/x"));
    }

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
