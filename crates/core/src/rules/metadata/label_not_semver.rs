//! DL3056: a `semver` label whose value is not a semantic version.

use super::common::LabelType;
use crate::rules::{Category, RuleMeta, Severity};

label_rule!(
    DL3056, DL3056_META, "DL3056", "semver", "a semantic version such as `1.4.2` or `2.0.0-rc.1`", is_semver, suggest_semver,
    "Label is not a semantic version",
    "A `semver` label (typically `org.opencontainers.image.version`) must follow Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH`, optionally `-prerelease` and `+build`, with no leading zeros and no `v` prefix. shipshape follows the specification strictly, so it also reports `01.2.3` and `1.2.3-`, which hadolint's parser lets through.",
    "org.opencontainers.image.version", "\"v1.4\"", "\"1.4.0\""
);

/// `v1.4.2` → `1.4.2`, `1.4` → `1.4.0`.
pub(super) fn suggest_semver(s: &str) -> Option<String> {
    let core = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if numeric && parts.len() < 3 {
        let mut out = core.to_string();
        for _ in parts.len()..3 {
            out.push_str(".0");
        }
        return Some(out);
    }
    Some(core.to_string())
}

fn numeric_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn ident_chars(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

pub(super) fn is_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    if build.is_some_and(|b| !b.split('.').all(ident_chars)) {
        return false;
    }
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    if pre.is_some_and(|p| {
        !p.split('.').all(|id| {
            ident_chars(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || numeric_id(id))
        })
    }) {
        return false;
    }
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| numeric_id(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::run_with;

    #[test]
    fn the_fix_writes_a_quoted_value() {
        let c = Config {
            label_schema: [(
                "org.opencontainers.image.version".to_string(),
                "semver".to_string(),
            )]
            .into_iter()
            .collect(),
            ..Config::default()
        };
        let src = "FROM a:1\nLABEL org.opencontainers.image.version=v1.2.3 other=x\n";
        let d = run_with(&DL3056, src, &c);
        let out = crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1\nLABEL org.opencontainers.image.version=\"1.2.3\" other=x\n"
        );
        assert!(run_with(&DL3056, &out, &c).is_empty());
        assert!(run_with(
            &DL3056,
            "FROM a:1\nLABEL org.opencontainers.image.version=latest\n",
            &c
        )[0]
        .fix
        .is_none());
    }

    #[test]
    fn semvers() {
        for ok in [
            "0.0.0",
            "1.2.3",
            "10.20.30",
            "1.0.0-alpha.1",
            "1.0.0-0.3.7",
            "1.0.0-x-y.z",
            "1.0.0+20130313144700",
            "1.0.0-beta+exp.sha.5114f85",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "v1.2.3",
            "1.2",
            "01.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "1.2.3-a..b",
            "1.2.3.4",
            "latest",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }
}
