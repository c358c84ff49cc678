//! DL3055: a `hash` label whose value is not a git commit hash.

use super::common::LabelType;
use crate::rules::{Category, RuleMeta, Severity};

label_rule!(
    DL3055, DL3055_META, "DL3055", "hash", "a git commit hash (7 to 40 lowercase hex digits, or 64 for SHA-256)", is_git_hash, suggest_git_hash,
    "Label is not a git hash",
    "A `hash` label (typically `org.opencontainers.image.revision`) must be a git commit id in lowercase hexadecimal: the full 40 digits, an abbreviation of at least 7, or 64 digits for repositories using SHA-256. hadolint accepts exactly 7 or 40 digits; shipshape also accepts the lengths in between (git abbreviates to more than 7 digits in large repositories) and 64.",
    "org.opencontainers.image.revision", "\"4F2A9C1E\"", "\"4f2a9c1e\""
);

/// Upper-case hex: the same commit written in git's form.
pub(super) fn suggest_git_hash(s: &str) -> Option<String> {
    Some(s.to_ascii_lowercase())
}

pub(super) fn is_git_hash(s: &str) -> bool {
    let hex = s
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex && ((7..=40).contains(&s.len()) || s.len() == 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes() {
        assert!(is_git_hash("abcdef1"));
        assert!(is_git_hash("4f2a9c1e"));
        assert!(is_git_hash(&"a".repeat(40)));
        assert!(is_git_hash(&"0".repeat(64)));
        for bad in ["abcde1", "ABCDEF1", "main", "g123456", &"a".repeat(41)] {
            assert!(!is_git_hash(bad), "{bad}");
        }
    }
}
