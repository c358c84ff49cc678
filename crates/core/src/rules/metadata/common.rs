//! What the label rules share: the labels a Dockerfile sets, unquoted.

use crate::diagnostics::Fix;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Instruction, KeyValue, Keyword};
use crate::rules::{dockerfile_quote, expanded_vars, Context, Diagnostic, Rule, RuleMeta};
use crate::source::TextEdit;

/// One `key=value` of a LABEL instruction, unquoted.
pub(crate) struct Label<'a> {
    /// The LABEL instruction.
    pub ins: &'a Instruction,
    pub key: String,
    pub value: String,
    /// The value uses variables, so its text is only known at build time.
    pub dynamic: bool,
    pub pair: &'a KeyValue,
}

/// The labels an instruction sets (none unless it is a LABEL).
pub(crate) fn labels_of<'a>(ins: &'a Instruction, escape: char) -> Vec<Label<'a>> {
    if ins.keyword() != Keyword::Label {
        return Vec::new();
    }
    let Args::KeyValues(pairs) = &ins.command.args else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|p| Label {
            ins,
            key: unquote(&p.key.text, escape),
            value: unquote(&p.value.text, escape),
            dynamic: !expanded_vars(&p.value.text, escape).is_empty(),
            pair: p,
        })
        .collect()
}

/// Every label of the Dockerfile, in order.
pub(crate) fn all_labels<'a>(cx: &Context<'a>) -> Vec<Label<'a>> {
    cx.dockerfile
        .instructions()
        .flat_map(|i| labels_of(i, cx.dockerfile.escape))
        .collect()
}

/// A configuration with this label schema, strict or not (for the label rules' unit tests).
#[cfg(test)]
pub(super) fn schema(pairs: &[(&str, &str)], strict: bool) -> crate::config::Config {
    crate::config::Config {
        label_schema: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        strict_labels: strict,
        ..crate::config::Config::default()
    }
}

// The typed labels (DL3052-DL3058): one rule per schema type, each a validator and a
// near-miss suggester run by the same check.

/// A typed-label rule: the labels the schema gives type `ty` must be valid values of it.
pub struct LabelType {
    /// The schema type this rule checks, as written in `label-schema`.
    pub(super) ty: &'static str,
    /// What a valid value is, for the message.
    pub(super) expected: &'static str,
    pub(super) valid: fn(&str) -> bool,
    /// The value probably meant, for values that are a known near miss of the type.
    pub(super) suggest: fn(&str) -> Option<String>,
    pub(super) meta: &'static RuleMeta,
    /// Where the rule is written (`...::metadata::label_not_url::DL3052`): every typed-label rule
    /// is a value of this one type, so the type's own name would not say.
    pub(super) path: &'static str,
}

/// The part of the docs all typed-label rules share.
macro_rules! common_docs {
    () => {
        "The label schema (`label-schema` in `.hadolint.yaml`, or `--require-label name:type`) \
gives some labels a type; a value that does not parse as that type is reported, since whatever \
consumes the label (a registry UI, an SBOM generator, a release script) will misread or reject it. \
Values are checked after shell quotes are removed. Values that use variables are only known at \
build time and are not checked (hadolint reports them and recommends the type `text` for such \
labels), and empty values are left to DL3051.\n\n\
Where the value is a recognisable near miss, the fix rewrites it (as a double-quoted value). The fix \
is unsafe because the image's metadata changes, and whatever reads the label sees the new text."
    };
}

macro_rules! label_rule {
    ($stat:ident, $meta:ident, $id:literal, $ty:literal, $expected:literal, $valid:path, $suggest:path, $summary:literal, $why:literal, $key:literal, $bad:literal, $good:literal) => {
        static $meta: RuleMeta = rule_meta! {
            id: $id,
            aliases: &[],
            severity: Severity::Warning,
            category: Category::Style,
            enabled_by_default: true,
            summary: $summary,
            why: concat!($why, "\n\n", common_docs!()),
            bad: concat!("FROM alpine:3.20\nLABEL ", $key, "=", $bad, "\n"),
            good: concat!("FROM alpine:3.20\nLABEL ", $key, "=", $good, "\n"),
            has_fix: true,
            files: &[(
                ".hadolint.yaml",
                concat!("label-schema:\n  ", $key, ": ", $ty, "\n"),
            )],
            references: &[concat!("https://github.com/hadolint/hadolint/wiki/", $id)],
        };
        pub static $stat: LabelType = LabelType {
            ty: $ty,
            expected: $expected,
            valid: $valid,
            suggest: $suggest,
            meta: &$meta,
            path: concat!(module_path!(), "::", stringify!($stat)),
        };
    };
}

impl Rule for LabelType {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
    fn type_name(&self) -> &'static str {
        self.path
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let typed: Vec<&String> = cx
            .config
            .label_schema
            .iter()
            .filter(|(_, t)| t.trim().eq_ignore_ascii_case(self.ty))
            .map(|(k, _)| k)
            .collect();
        if typed.is_empty() {
            return;
        }
        for l in all_labels(cx) {
            if !typed.contains(&&l.key)
                || l.dynamic
                || l.value.trim().is_empty()
                || (self.valid)(&l.value)
            {
                continue;
            }
            let mut d = Diagnostic::new(
                l.pair.value.span,
                format!(
                    "label `{}` is `{}`, which is not {}",
                    l.key, l.value, self.expected
                ),
            );
            let written = l.pair.value.span.slice(cx.text);
            if let Some(new) = (self.suggest)(l.value.trim()).filter(|n| (self.valid)(n)) {
                if !written.contains(['\n', '\r']) && !written.is_empty() {
                    d = d.with_fix(Fix::unsafe_(
                        format!("Write `{new}`"),
                        vec![TextEdit::new(l.pair.value.span, dockerfile_quote(&new))],
                    ));
                }
            }
            out.push(d);
        }
    }
}

/// The typed-label check and the near misses of every type.
#[cfg(test)]
mod label_type_tests {
    use super::super::label_not_email::is_email;
    use super::super::label_not_email::suggest_email;
    use super::super::label_not_git_hash::is_git_hash;
    use super::super::label_not_git_hash::suggest_git_hash;
    use super::super::label_not_rfc3339::is_rfc3339;
    use super::super::label_not_rfc3339::suggest_rfc3339;
    use super::super::label_not_semver::is_semver;
    use super::super::label_not_semver::suggest_semver;
    use super::super::label_not_semver::DL3056;
    use super::super::label_not_spdx::is_spdx;
    use super::super::label_not_spdx::suggest_spdx;
    use super::super::label_not_url::is_url;
    use super::super::label_not_url::suggest_url;
    use super::super::label_not_url::DL3052;

    use crate::config::Config;
    use crate::rules::{run, run_with};

    fn typed(ty: &str) -> Config {
        Config {
            label_schema: [("v".to_string(), ty.to_string())].into_iter().collect(),
            ..Config::default()
        }
    }

    #[test]
    fn near_misses_are_rewritten_into_valid_values() {
        type Case = (
            fn(&str) -> Option<String>,
            fn(&str) -> bool,
            &'static str,
            Option<&'static str>,
        );
        let cases: &[Case] = &[
            (
                suggest_url,
                is_url,
                "github.com/a/b",
                Some("https://github.com/a/b"),
            ),
            (suggest_url, is_url, "my repo", None),
            (suggest_url, is_url, "./src", None),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-05-01 12:00:00+0200",
                Some("2024-05-01T12:00:00+02:00"),
            ),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-05-01T12:00z",
                Some("2024-05-01T12:00:00Z"),
            ),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-05-01 12:00:00.5-05",
                Some("2024-05-01T12:00:00.5-05:00"),
            ),
            (suggest_rfc3339, is_rfc3339, "2024-05-01 12:00", None),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-02-30T12:00:00+0200",
                None,
            ),
            (
                suggest_spdx,
                is_spdx,
                "Apache License, Version 2.0",
                Some("Apache-2.0"),
            ),
            (suggest_spdx, is_spdx, "mit license", Some("MIT")),
            (suggest_spdx, is_spdx, "GPLv3", None),
            (suggest_git_hash, is_git_hash, "4F2A9C1E", Some("4f2a9c1e")),
            (suggest_git_hash, is_git_hash, "main", None),
            (suggest_semver, is_semver, "v1.4.2", Some("1.4.2")),
            (suggest_semver, is_semver, "V2", Some("2.0.0")),
            (suggest_semver, is_semver, "1.4", Some("1.4.0")),
            (suggest_semver, is_semver, "v1.4-beta", None),
            (suggest_semver, is_semver, "latest", None),
            (
                suggest_email,
                is_email,
                "Ops Team <ops@example.com>",
                Some("ops@example.com"),
            ),
            (
                suggest_email,
                is_email,
                "mailto:ops@example.com",
                Some("ops@example.com"),
            ),
            (suggest_email, is_email, "<ops@example.com> (team)", None),
            (suggest_email, is_email, "ops at example.com", None),
        ];
        for (suggest, valid, input, want) in cases {
            let got = suggest(input).filter(|n| valid(n));
            assert_eq!(got.as_deref(), *want, "{input}");
        }
    }

    #[test]
    fn rules_read_the_schema() {
        assert!(
            run(&DL3056, "FROM a:1\nLABEL v=latest\n").is_empty(),
            "no schema"
        );
        let c = typed("semver");
        let d = run_with(&DL3056, "FROM a:1\nLABEL v=\"latest\" other=x\n", &c);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`latest`"));
        assert!(
            run_with(&DL3056, "FROM a:1\nLABEL v='1.2.3'\n", &c).is_empty(),
            "quotes are removed"
        );
        assert!(
            run_with(&DL3056, "FROM a:1\nLABEL v=$VERSION\n", &c).is_empty(),
            "variables are skipped"
        );
        assert!(
            run_with(&DL3056, "FROM a:1\nLABEL v=\"\"\n", &c).is_empty(),
            "empty is DL3051's"
        );
        assert!(
            run_with(&DL3052, "FROM a:1\nLABEL v=\"latest\"\n", &c).is_empty(),
            "other types are other rules"
        );
        assert_eq!(
            run_with(&DL3052, "FROM a:1\nLABEL v example.com\n", &typed("url")).len(),
            1,
            "legacy form"
        );
    }
}
