//! DL3052: a `url` label whose value is not an absolute URL.

use super::common::LabelType;
use crate::rules::{Category, RuleMeta, Severity};

label_rule!(
    DL3052, DL3052_META, "DL3052", "url", "an absolute URL such as `https://example.com/repo`", is_url, suggest_url,
    "Label is not a valid URL",
    "A `url` label (typically `org.opencontainers.image.source`) must be an absolute URL: a scheme (`https:`, `git:`, `mailto:`) followed by characters URLs allow (spaces must be escaped as `%20`). A bare host such as `example.com` or a relative path is reported.",
    "org.opencontainers.image.source", "\"github.com/example/app\"", "\"https://github.com/example/app\""
);

/// `github.com/a/b` → `https://github.com/a/b`: a host name with a dot, no scheme.
pub(super) fn suggest_url(s: &str) -> Option<String> {
    let host = s.split('/').next()?;
    let hostlike = host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    (hostlike && !s.contains("://")).then(|| format!("https://{s}"))
}

pub(super) fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() || rest.matches('#').count() > 1 {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        let allowed = c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c);
        if !allowed {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com/x",
            "mailto:a@b.c",
            "git+ssh://git@github.com/a/b.git",
            "https://a.b/c%20d?x=1#f",
            "file:///srv",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "/relative",
            "https://a b",
            "https://x/%zz",
            "1http://x",
            "https://x#a#b",
            "http:",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }
}
