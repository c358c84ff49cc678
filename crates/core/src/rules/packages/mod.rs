//! Package-manager rules over RUN scripts (apt, apk, yum/dnf/microdnf, zypper, pip, npm, yarn, gem, go...).

use super::Rule;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[];
