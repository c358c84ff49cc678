//! Audit rules about the Dockerfile's structure (anchors.md §8): stages, ARG scope, the syntax
//! directive, digests, `COPY --link`, leftover TODO comments.

use super::Rule;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[];
