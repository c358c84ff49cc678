//! Lint configuration: which rules run and at what severity, the failure threshold, and
//! hadolint's `.hadolint.yaml` read into the same shape; dclint's `.dclintrc` ([`dclint`]) for
//! the compose rules it names.

pub mod dclint;

use crate::diagnostics::{RuleMeta, Severity};
use crate::source::Span;
use crate::workspace::{FileKind, Workspace};
use crate::yaml::{self, Kind, Node};
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
    /// Registries FROM may pull from (DL3026); empty = any.
    pub trusted_registries: Vec<String>,
    /// Required labels and their value types (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`).
    pub label_schema: BTreeMap<String, String>,
    /// Labels outside `label_schema` are reported (DL3050).
    pub strict_labels: bool,
    /// Inline `# hadolint ignore=` pragmas are not honoured.
    pub disable_ignore_pragma: bool,
    /// Never fail (exit 0) whatever is found.
    pub no_fail: bool,
    /// Apply `.hadolint.yaml` files found in the workspace (off when the CLI is given `--config`).
    pub use_workspace_config: bool,
    /// Every rule that is off by default is on (the `strict` preset); `ignored` still wins.
    pub all_enabled: bool,
}

/// A problem in a configuration file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub span: Span,
    pub message: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            ignored: Vec::new(),
            overrides: BTreeMap::new(),
            enabled: Vec::new(),
            failure_threshold: Severity::Info,
            check: None,
            trusted_registries: Vec::new(),
            label_schema: BTreeMap::new(),
            strict_labels: false,
            disable_ignore_pragma: false,
            no_fail: false,
            use_workspace_config: true,
            all_enabled: false,
        }
    }
}

/// Named rule selections (`shipshape lint --preset NAME`).
pub const PRESETS: &[&str] = &["strict"];

impl Config {
    /// The default configuration with a named preset applied; `None` for an unknown name.
    pub fn preset(name: &str) -> Option<Config> {
        let mut c = Config::default();
        c.apply_preset(name).then_some(c)
    }

    /// Apply a named preset on top of this configuration (false for an unknown name). `strict`
    /// turns on every rule that is off by default (the opinionated audit checks such as
    /// `base-image-digest`); rules this configuration ignores stay ignored.
    pub fn apply_preset(&mut self, name: &str) -> bool {
        match name.to_ascii_lowercase().as_str() {
            "strict" => {
                self.all_enabled = true;
                true
            }
            _ => false,
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

    /// Whether this configuration sets the rule's severity itself (an override by id or alias).
    pub fn overrides_severity(&self, meta: &RuleMeta) -> bool {
        names(meta).any(|n| self.overrides.keys().any(|k| k.eq_ignore_ascii_case(n)))
    }

    /// Like [`Config::severity_for`], but `force_on` turns on a rule that is off by default
    /// (BuildKit's `experimental=`); an explicit ignore still wins.
    pub fn severity_with(&self, meta: &RuleMeta, force_on: bool) -> Option<Severity> {
        let matches =
            |list: &[String]| names(meta).any(|n| list.iter().any(|x| x.eq_ignore_ascii_case(n)));
        if matches(&self.ignored) {
            return None;
        }
        for n in names(meta) {
            if let Some((_, s)) = self
                .overrides
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
            {
                return Some(*s);
            }
        }
        if !meta.enabled_by_default && !force_on && !self.all_enabled && !matches(&self.enabled) {
            return None;
        }
        Some(meta.severity)
    }
}

/// What a `.hadolint.yaml` says, beyond rule selection: the threshold it asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub config: Config,
    /// `failure-threshold`; `Some(None)` means `none` (never fail).
    pub failure_threshold: Option<Option<Severity>>,
}

fn err(node: &Node, message: impl Into<String>) -> ConfigError {
    ConfigError {
        span: node.span,
        message: message.into(),
    }
}

fn strings(node: &Node, key: &str) -> Result<Vec<String>, ConfigError> {
    match &node.kind {
        Kind::Seq(items) => items
            .iter()
            .map(|n| {
                n.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(n, format!("`{key}` entries must be strings")))
            })
            .collect(),
        Kind::Scalar(_, _) if node.is_null() => Ok(Vec::new()),
        Kind::Scalar(s, _) => Ok(vec![s.clone()]),
        Kind::Map(_) => Err(err(node, format!("`{key}` must be a list of strings"))),
    }
}

/// A configuration file's top-level mapping: `None` for an empty file; an error at its place for
/// invalid YAML (or JSON), for anything but a mapping, and with `no_repeats` for a key given
/// twice in one mapping (readers disagree on which one counts).
fn top_mapping(text: &str, what: &str, no_repeats: bool) -> Result<Option<Node>, ConfigError> {
    let y = yaml::parse(text).map_err(|e| ConfigError {
        span: e.span,
        message: e.message,
    })?;
    if let Some(d) = y.duplicate_keys.first().filter(|_| no_repeats) {
        return Err(ConfigError {
            span: d.span,
            message: format!("`{}` is given twice in the {what}", d.key),
        });
    }
    let Some(root) = y.documents.into_iter().next().filter(|r| !r.is_null()) else {
        return Ok(None);
    };
    if !matches!(root.kind, Kind::Map(_)) {
        return Err(err(
            &root,
            format!("the {what} must be a mapping of settings"),
        ));
    }
    Ok(Some(root))
}

fn boolean(node: &Node, key: &str) -> Result<bool, ConfigError> {
    node.as_bool()
        .ok_or_else(|| err(node, format!("`{key}` must be true or false")))
}

impl Config {
    /// Read hadolint's configuration file format.
    pub fn from_hadolint_yaml(text: &str) -> Result<FileSettings, ConfigError> {
        let mut out = FileSettings::default();
        let Some(root) = top_mapping(text, "configuration", false)? else {
            return Ok(out);
        };
        let c = &mut out.config;
        for e in root.entries() {
            let key = e.key.as_str().unwrap_or("");
            let v = &e.value;
            match key {
                "ignored" => c.ignored = strings(v, key)?,
                "override" => {
                    for o in v.entries() {
                        let level = o.key.as_str().unwrap_or("");
                        let sev = match level {
                            "error" | "warning" | "info" | "style" => Severity::parse(level),
                            "ignore" | "none" => None,
                            _ => return Err(err(&o.key, format!("unknown override level `{level}` (use error, warning, info, style or ignore)"))),
                        };
                        for r in strings(&o.value, level)? {
                            match sev {
                                Some(s) => {
                                    c.overrides.insert(r, s);
                                }
                                None => c.ignored.push(r),
                            }
                        }
                    }
                }
                "failure-threshold" => {
                    let s = v.as_str().unwrap_or("");
                    out.failure_threshold =
                        Some(match s {
                            "none" | "ignore" => None,
                            _ => Some(Severity::parse(s).ok_or_else(|| {
                                err(v, format!("unknown failure-threshold `{s}`"))
                            })?),
                        });
                }
                "trustedRegistries" | "trusted-registries" => {
                    c.trusted_registries = strings(v, key)?
                }
                "label-schema" => {
                    for l in v.entries() {
                        let name = l.key.as_str().unwrap_or("").to_string();
                        let ty = l
                            .value
                            .as_str()
                            .ok_or_else(|| err(&l.value, "label types are strings"))?;
                        c.label_schema.insert(name, ty.to_string());
                    }
                }
                "strict-labels" => c.strict_labels = boolean(v, key)?,
                "disable-ignore-pragma" => c.disable_ignore_pragma = boolean(v, key)?,
                "no-fail" => c.no_fail = boolean(v, key)?,
                // Output settings belong to the command line, not to linting.
                "format" | "no-color" | "verbose" | "shell" => {}
                _ => {
                    return Err(err(
                        &e.key,
                        format!("unknown setting `{key}` in hadolint configuration"),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// This config with a file's settings underneath: the file fills in, this config's explicit choices win.
    pub fn layered_over(&self, file: &Config) -> Config {
        let mut c = self.clone();
        c.ignored.extend(file.ignored.iter().cloned());
        for (k, v) in &file.overrides {
            c.overrides.entry(k.clone()).or_insert(*v);
        }
        c.enabled.extend(file.enabled.iter().cloned());
        c.trusted_registries
            .extend(file.trusted_registries.iter().cloned());
        for (k, v) in &file.label_schema {
            c.label_schema.entry(k.clone()).or_insert_with(|| v.clone());
        }
        c.strict_labels |= file.strict_labels;
        c.all_enabled |= file.all_enabled;
        c.disable_ignore_pragma |= file.disable_ignore_pragma;
        c.no_fail |= file.no_fail;
        c
    }
}

/// The names of hadolint's configuration file.
pub const HADOLINT_NAMES: &[&str] = &[".hadolint.yaml", ".hadolint.yml"];

/// The configuration file of `kind` that applies to the file at `path`: the nearest one in its
/// folder or a parent folder of the workspace, by the first of `names` in a folder.
pub fn nearest<'a>(
    ws: &'a Workspace,
    path: &str,
    kind: FileKind,
) -> Option<&'a crate::workspace::File> {
    use crate::workspace::path::{ancestors, child, dir_of};
    let names = match kind {
        FileKind::HadolintConfig => HADOLINT_NAMES,
        FileKind::DclintConfig => dclint::NAMES,
        _ => return None,
    };
    ancestors(dir_of(path)).into_iter().find_map(|dir| {
        names
            .iter()
            .find_map(|name| ws.get(&child(&dir, name)).filter(|f| f.kind == kind))
    })
}

/// The `.hadolint.yaml`/`.hadolint.yml` that applies to the file at `path` ([`nearest`]).
pub fn hadolint_config_for<'a>(
    ws: &'a Workspace,
    path: &str,
) -> Option<&'a crate::workspace::File> {
    nearest(ws, path, FileKind::HadolintConfig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hadolint_config() {
        let text = "ignored:\n  - DL3008\noverride:\n  error: [DL3015]\n  ignore: [DL3059]\nfailure-threshold: warning\ntrustedRegistries: docker.io\nlabel-schema:\n  author: text\nstrict-labels: true\n";
        let f = Config::from_hadolint_yaml(text).unwrap();
        assert_eq!(f.config.ignored, ["DL3008", "DL3059"]);
        assert_eq!(f.config.overrides.get("DL3015"), Some(&Severity::Error));
        assert_eq!(f.failure_threshold, Some(Some(Severity::Warning)));
        assert_eq!(f.config.trusted_registries, ["docker.io"]);
        assert!(f.config.strict_labels);
        let e = Config::from_hadolint_yaml("ignored: [DL1]\nbogus: 1\n").unwrap_err();
        assert_eq!(e.span.slice("ignored: [DL1]\nbogus: 1\n"), "bogus");
        assert!(Config::from_hadolint_yaml("override:\n  fatal: [DL1]\n").is_err());
    }

    #[test]
    fn strict_preset_turns_on_rules_that_are_off_by_default() {
        let off: Vec<&RuleMeta> = crate::lint::all_rules()
            .into_iter()
            .filter(|m| !m.enabled_by_default)
            .collect();
        assert!(off.iter().any(|m| m.id == "base-image-digest"));
        let strict = Config::preset("STRICT").expect("known preset");
        let default = Config::default();
        for m in &off {
            assert!(
                default.severity_for(m).is_none(),
                "{} is off by default",
                m.id
            );
            assert_eq!(strict.severity_for(m), Some(m.severity), "{}", m.id);
        }
        assert!(Config::preset("lenient").is_none());
        // An explicit ignore still wins, and applying twice adds nothing.
        let mut c = Config {
            ignored: vec!["base-image-digest".to_string()],
            ..Config::default()
        };
        assert!(c.apply_preset("strict") && c.apply_preset("strict"));
        assert!(c.all_enabled);
        let digest = off.iter().find(|m| m.id == "base-image-digest").unwrap();
        assert!(c.severity_for(digest).is_none());
    }

    #[test]
    fn nearest_config_wins() {
        let mut ws = Workspace::new();
        ws.add(".hadolint.yaml", "ignored: [A]")
            .add("api/.hadolint.yml", "ignored: [B]");
        assert_eq!(
            hadolint_config_for(&ws, "api/Dockerfile").unwrap().path,
            "api/.hadolint.yml"
        );
        assert_eq!(
            hadolint_config_for(&ws, "web/x/Dockerfile").unwrap().path,
            ".hadolint.yaml"
        );
    }
}
