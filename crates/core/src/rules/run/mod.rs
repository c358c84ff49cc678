//! Rules over RUN scripts other than package managers: shell hygiene, downloads, users, and the
//! ShellCheck checks hadolint reports.

use super::Rule;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[];
