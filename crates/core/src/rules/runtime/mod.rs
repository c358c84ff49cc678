//! Audit rules about what the image does at run time and how RUN scripts behave (anchors.md §8):
//! users and groups, healthchecks, file ownership, downloads and retry loops.

use super::Rule;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[];
