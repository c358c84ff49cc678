//! Audit rules from real-world Dockerfile audit reports that no linter covers (anchors.md §8):
//! users, healthchecks, stages, ARG scope, syntax directive, digests, comments.

use super::Rule;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[];
