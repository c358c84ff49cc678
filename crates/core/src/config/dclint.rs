//! dclint's configuration file, read as dclint reads it: `.dclintrc`, `.dclintrc.json`,
//! `.dclintrc.yaml` or `.dclintrc.yml` (JSON or YAML), with
//!
//! ```yaml
//! rules:
//!   no-version-field: 0                        # 0 off, 1 warning, 2 error
//!   require-quotes-in-ports: [2, { quoteType: double }]
//! ```
//!
//! It applies to the compose files in its folder and below; the nearest one wins (dclint reads the
//! one where it runs). `quiet`, `debug`, `exclude` and `$schema` are accepted and do nothing here:
//! output and file selection belong to shipshape's command line.

use super::{err, strings, top_mapping, ConfigError};
use crate::diagnostics::{RuleMeta, Severity};
use crate::yaml::{Kind, Node, Style};
use std::collections::BTreeMap;

/// The file names read ([`crate::workspace::DCLINT_NAMES`]).
pub const NAMES: &[&str] = crate::workspace::DCLINT_NAMES;

/// dclint's rule names (3.1), each an alias of one shipshape rule, and the options each takes.
pub const RULES: &[(&str, &[&str])] = &[
    ("no-build-and-image", &["checkPullPolicy"]),
    ("no-duplicate-container-names", &[]),
    ("no-duplicate-exported-ports", &[]),
    ("no-quotes-in-volumes", &[]),
    ("no-unbound-port-interfaces", &[]),
    ("no-version-field", &[]),
    ("require-project-name-field", &[]),
    ("require-quotes-in-ports", &["quoteType"]),
    ("service-container-name-regex", &[]),
    ("service-dependencies-alphabetical-order", &[]),
    ("service-image-require-explicit-tag", &["prohibitedTags"]),
    ("service-keys-order", &["groups", "groupOrder"]),
    ("service-ports-alphabetical-order", &[]),
    ("services-alphabetical-order", &[]),
    ("top-level-properties-order", &["customOrder"]),
];

/// What one dclint configuration says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DclintSettings {
    /// By dclint rule name: `None` for level 0 (off), else the severity of level 1 (warning) or
    /// 2 (error).
    pub levels: BTreeMap<&'static str, Option<Severity>>,
    pub options: ComposeOptions,
}

/// The options of dclint's rules that take some. `None` (and `Default`) is dclint's default; the
/// rules hold the default lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeOptions {
    /// `no-build-and-image` `checkPullPolicy`: a `pull_policy` lets a service have both (default true).
    pub check_pull_policy: bool,
    /// `require-quotes-in-ports` `quoteType: double` (default single).
    pub double_quoted_ports: bool,
    /// `service-image-require-explicit-tag` `prohibitedTags`: replaces the default list.
    pub prohibited_tags: Option<Vec<String>>,
    /// `service-keys-order` `groups`: key lists by group name, each replacing that group's.
    pub service_key_groups: BTreeMap<String, Vec<String>>,
    /// `service-keys-order` `groupOrder`: the groups' order, replacing the default one.
    pub service_key_group_order: Option<Vec<String>>,
    /// `top-level-properties-order` `customOrder` (`x-properties` stands for the `x-*` keys).
    pub top_level_order: Option<Vec<String>>,
}

impl ComposeOptions {
    /// dclint's defaults.
    pub const DEFAULT: ComposeOptions = ComposeOptions {
        check_pull_policy: true,
        double_quoted_ports: false,
        prohibited_tags: None,
        service_key_groups: BTreeMap::new(),
        service_key_group_order: None,
        top_level_order: None,
    };
}

impl Default for ComposeOptions {
    fn default() -> Self {
        ComposeOptions::DEFAULT
    }
}

/// The settings each compose file gets from its nearest `.dclintrc`: each configuration once,
/// however many compose files it applies to.
#[derive(Debug, Default)]
pub struct DclintFiles {
    settings: Vec<DclintSettings>,
    by_compose: std::collections::HashMap<String, usize>,
}

impl DclintFiles {
    /// Add one configuration's settings; [`DclintFiles::apply`] gives it to compose files.
    pub fn add(&mut self, settings: DclintSettings) -> usize {
        self.settings.push(settings);
        self.settings.len() - 1
    }

    /// The compose file at `path` follows the configuration [`DclintFiles::add`] numbered `which`.
    pub fn apply(&mut self, path: &str, which: usize) {
        self.by_compose.insert(path.to_string(), which);
    }

    /// The settings that apply to the compose file at `path`, if a `.dclintrc` does.
    pub fn get(&self, path: &str) -> Option<&DclintSettings> {
        self.by_compose.get(path).map(|&i| &self.settings[i])
    }
}

impl DclintSettings {
    /// The level this configuration gives a rule: `None` when it does not name the rule,
    /// `Some(None)` when it turns it off.
    pub fn level_for(&self, meta: &RuleMeta) -> Option<Option<Severity>> {
        meta.aliases
            .iter()
            .find_map(|a| self.levels.get(a).copied())
    }
}

/// Read a dclint configuration (JSON or YAML).
pub fn parse(text: &str) -> Result<DclintSettings, ConfigError> {
    let mut out = DclintSettings::default();
    // JSON.parse, which dclint reads JSON with, keeps the last of a repeated key; the YAML reader
    // the first: a repeat is an error rather than a silent difference.
    let Some(root) = top_mapping(text, "dclint configuration", true)? else {
        return Ok(out);
    };
    for e in root.entries() {
        let key = e.key.as_str().unwrap_or("");
        match key {
            "rules" => {
                if !matches!(e.value.kind, Kind::Map(_)) && !e.value.is_null() {
                    return Err(err(&e.value, "`rules` must map rule names to levels"));
                }
                for r in e.value.entries() {
                    rule(&mut out, &r.key, &r.value)?;
                }
            }
            "quiet" | "debug" => {
                if e.value.as_bool().is_none() {
                    return Err(err(&e.value, format!("`{key}` must be true or false")));
                }
            }
            "exclude" | "$schema" => {
                strings(&e.value, key)?;
            }
            _ => {
                return Err(err(
                    &e.key,
                    format!("unknown setting `{key}` in dclint configuration (it takes rules, quiet, debug, exclude)"),
                ))
            }
        }
    }
    Ok(out)
}

/// A level is a number: `'1'` (a string) is not one, for dclint's schema either.
fn level(node: &Node) -> Result<Option<Severity>, ConfigError> {
    match &node.kind {
        Kind::Scalar(s, Style::Plain) if s == "0" => Ok(None),
        Kind::Scalar(s, Style::Plain) if s == "1" => Ok(Some(Severity::Warning)),
        Kind::Scalar(s, Style::Plain) if s == "2" => Ok(Some(Severity::Error)),
        _ => Err(err(
            node,
            "a rule's level is 0 (off), 1 (warning) or 2 (error), or a list of the level and the rule's options",
        )),
    }
}

fn rule(out: &mut DclintSettings, key: &Node, value: &Node) -> Result<(), ConfigError> {
    let name = key.as_str().unwrap_or("");
    let Some(&(name, takes)) = RULES.iter().find(|(n, _)| *n == name) else {
        return Err(err(key, format!("unknown dclint rule `{name}`")));
    };
    let (lvl, options) = match &value.kind {
        Kind::Seq(items) if items.len() == 2 => (level(&items[0])?, Some(&items[1])),
        Kind::Seq(_) => {
            return Err(err(
                value,
                "a rule's list is its level and its options: `[2, { ... }]`",
            ))
        }
        _ => (level(value)?, None),
    };
    out.levels.insert(name, lvl);
    let Some(options) = options else {
        return Ok(());
    };
    if !matches!(options.kind, Kind::Map(_)) {
        return Err(err(
            options,
            format!("the options of `{name}` must be a mapping"),
        ));
    }
    let o = &mut out.options;
    for opt in options.entries() {
        let key = opt.key.as_str().unwrap_or("");
        let v = &opt.value;
        if !takes.contains(&key) {
            let what = match takes {
                [] => "no options".to_string(),
                _ => takes
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            return Err(err(
                &opt.key,
                format!("`{name}` has no option `{key}` (it takes {what})"),
            ));
        }
        match key {
            "checkPullPolicy" => {
                o.check_pull_policy = v
                    .as_bool()
                    .ok_or_else(|| err(v, "`checkPullPolicy` must be true or false"))?
            }
            "quoteType" => {
                o.double_quoted_ports = match v.as_str() {
                    Some("single") => false,
                    Some("double") => true,
                    _ => return Err(err(v, "`quoteType` is `single` or `double`")),
                }
            }
            "prohibitedTags" => o.prohibited_tags = Some(list(v, key)?),
            "groupOrder" => o.service_key_group_order = Some(list(v, key)?),
            "customOrder" => o.top_level_order = Some(list(v, key)?),
            "groups" => {
                if !matches!(v.kind, Kind::Map(_)) {
                    return Err(err(v, "`groups` must map group names to lists of keys"));
                }
                for g in v.entries() {
                    let group = g.key.as_str().unwrap_or("").to_string();
                    o.service_key_groups
                        .insert(group, list(&g.value, "groups")?);
                }
            }
            _ => unreachable!("every option in RULES is read above"),
        }
    }
    Ok(())
}

/// A list of strings (not a single one: dclint's options are arrays).
fn list(node: &Node, key: &str) -> Result<Vec<String>, ConfigError> {
    if !matches!(node.kind, Kind::Seq(_)) {
        return Err(err(node, format!("`{key}` must be a list of strings")));
    }
    strings(node, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_options_in_json_and_yaml() {
        let json = r#"{
  "$schema": "https://example.com/linter-config.schema.json",
  "rules": {
    "no-version-field": 0,
    "services-alphabetical-order": 2,
    "require-quotes-in-ports": [1, { "quoteType": "double" }],
    "no-build-and-image": [2, { "checkPullPolicy": false }]
  },
  "quiet": false,
  "exclude": ["tests"]
}"#;
        let s = parse(json).unwrap();
        assert_eq!(s.levels.get("no-version-field"), Some(&None));
        assert_eq!(
            s.levels.get("services-alphabetical-order"),
            Some(&Some(Severity::Error))
        );
        assert_eq!(
            s.levels.get("require-quotes-in-ports"),
            Some(&Some(Severity::Warning))
        );
        assert!(s.options.double_quoted_ports);
        assert!(!s.options.check_pull_policy);
        let yaml = "rules:\n  service-keys-order:\n    - 1\n    - groups:\n        Networking: [ports]\n      groupOrder: [Networking, Core Definitions]\n  top-level-properties-order: [2, {customOrder: [services, x-properties]}]\n  service-image-require-explicit-tag: [2, {prohibitedTags: [edge]}]\n";
        let s = parse(yaml).unwrap();
        assert_eq!(s.options.service_key_groups["Networking"], ["ports"]);
        assert_eq!(
            s.options.service_key_group_order.as_deref(),
            Some(&["Networking".to_string(), "Core Definitions".to_string()][..])
        );
        assert_eq!(
            s.options.top_level_order.as_deref(),
            Some(&["services".to_string(), "x-properties".to_string()][..])
        );
        assert_eq!(
            s.options.prohibited_tags.as_deref(),
            Some(&["edge".to_string()][..])
        );
        // Empty files and `rules: {}` are fine; the defaults are dclint's.
        assert_eq!(parse("").unwrap(), DclintSettings::default());
        assert_eq!(parse("{}").unwrap().options, ComposeOptions::default());
    }

    #[test]
    fn mistakes_are_errors_where_they_are_written() {
        let cases = [
            (
                "rules:\n  no-such-rule: 1\n",
                "no-such-rule",
                "unknown dclint rule",
            ),
            ("rules:\n  no-version-field: 3\n", "3", "0 (off)"),
            ("rules:\n  no-version-field: '1'\n", "'1'", "0 (off)"),
            (
                "rules:\n  no-version-field: [1]\n",
                "[1]",
                "its level and its options",
            ),
            (
                "rules:\n  require-quotes-in-ports: [1, {quote: double}]\n",
                "quote",
                "takes `quoteType`",
            ),
            (
                "rules:\n  no-version-field: [1, {x: 1}]\n",
                "x",
                "no options",
            ),
            (
                "rules:\n  require-quotes-in-ports: [1, {quoteType: back}]\n",
                "back",
                "`single` or `double`",
            ),
            (
                "rules:\n  service-image-require-explicit-tag: [1, {prohibitedTags: edge}]\n",
                "edge",
                "list of strings",
            ),
            ("colour: true\n", "colour", "unknown setting"),
            (
                "{\"rules\": {\"no-version-field\": 2, \"no-version-field\": 0}}",
                "\"no-version-field\"",
                "given twice",
            ),
            ("quiet: maybe\n", "maybe", "true or false"),
            ("- rules\n", "- rules\n", "mapping of settings"),
        ];
        for (text, at, says) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.span.slice(text), at, "{text}");
            assert!(e.message.contains(says), "{text}: {}", e.message);
        }
        // Invalid YAML or JSON is an error with its place too.
        let e = parse("{\"rules\": {\"no-version-field\": 0,}").unwrap_err();
        assert!(e.span.start > 0, "{e:?}");
    }
}
