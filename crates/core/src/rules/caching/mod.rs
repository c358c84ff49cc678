//! Stage-aware build rules from real-world audit reports (anchors.md §8): cache mounts, layer order,
//! build tools in the shipped stage, native (cgo) builds, downloads and retry loops.

use super::Rule;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[];
