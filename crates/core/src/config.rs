//! Lint configuration: which rules run and at what severity, and the failure threshold.

use crate::rules::{RuleMeta, Severity};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Rule ids or aliases that never report.
    pub ignored: Vec<String>,
    /// Severity overrides by rule id or alias.
    pub overrides: BTreeMap<String, Severity>,
    /// Rules that are off by default but asked for (by id or alias).
    pub enabled: Vec<String>,
    /// Findings at or above this make `shipshape lint` exit 1.
    pub failure_threshold: Severity,
    /// BuildKit check options (`skip=...;error=...;experimental=...`), overriding `# check=` directives.
    pub check: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            ignored: Vec::new(),
            overrides: BTreeMap::new(),
            enabled: Vec::new(),
            failure_threshold: Severity::Info,
            check: None,
        }
    }
}

fn names(meta: &RuleMeta) -> impl Iterator<Item = &str> {
    std::iter::once(meta.id).chain(meta.aliases.iter().copied())
}

impl Config {
    /// The severity this rule reports at, or `None` when it is off.
    pub fn severity_for(&self, meta: &RuleMeta) -> Option<Severity> {
        self.severity_with(meta, false)
    }

    /// Like [`Config::severity_for`], but `force_on` turns on a rule that is off by default
    /// (BuildKit's `experimental=`); an explicit ignore still wins.
    pub fn severity_with(&self, meta: &RuleMeta, force_on: bool) -> Option<Severity> {
        let matches = |list: &[String]| names(meta).any(|n| list.iter().any(|x| x.eq_ignore_ascii_case(n)));
        if matches(&self.ignored) {
            return None;
        }
        for n in names(meta) {
            if let Some((_, s)) = self.overrides.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)) {
                return Some(*s);
            }
        }
        if !meta.enabled_by_default && !force_on && !matches(&self.enabled) {
            return None;
        }
        Some(meta.severity)
    }
}
