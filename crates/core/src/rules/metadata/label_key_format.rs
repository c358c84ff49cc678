//! DL3048: label keys outside Docker's recommended key format.

use crate::diagnostics::Fix;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3048;

static META: RuleMeta = rule_meta! {
    id: "DL3048",
    aliases: &[],
    severity: Severity::Style,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Invalid label key",
    why: "Label keys should be lowercase reverse-DNS names: lowercase letters, digits, `.` and `-` \
(hadolint 2.15, and so shipshape, also accept `_` and `/`); starting with a letter and ending with a \
letter or digit; with no `..` or `--`. The `com.docker.`, `io.docker.` and `org.dockerproject.` \
namespaces are reserved for Docker. Tools that query labels (`docker ps --filter label=...`, \
registries, scanners) expect this form, which the OCI keys such as \
`org.opencontainers.image.source` follow. Keys containing variables are not checked: LABEL \
expands them (docs.docker.com/reference/dockerfile/#environment-replacement lists LABEL), so \
`LABEL $KEY=x` has whatever key `KEY` holds; hadolint reports `$` as an invalid character.\n\n\
When lowercasing alone makes the key valid, a fix does that; it is marked unsafe because whatever \
reads the old key must be updated.",
    bad: "FROM alpine:3.20\nLABEL Maintainer=\"ops@example.com\"\n",
    good: "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"ops@example.com\"\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3048",
        "https://docs.docker.com/engine/manage-resources/labels/",
        "https://docs.docker.com/reference/dockerfile/#environment-replacement",
    ],
};

/// Why a label key is invalid, or `None` when it is fine.
pub(crate) fn key_problem(key: &str) -> Option<&'static str> {
    const RESERVED: &[&str] = &["com.docker.", "io.docker.", "org.dockerproject."];
    if key.is_empty() {
        return Some("is empty");
    }
    if RESERVED.iter().any(|r| key.starts_with(r)) {
        return Some("uses a namespace reserved for Docker");
    }
    if key.chars().any(|c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '/'))
    }) {
        return Some("may only contain lowercase letters, digits, `.`, `-`, `_` and `/`");
    }
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("must start with a lowercase letter");
    }
    if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("must end with a lowercase letter or digit");
    }
    if key.contains("..") || key.contains("--") {
        return Some("must not contain `..` or `--`");
    }
    None
}

impl Rule for Dl3048 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Label {
                continue;
            }
            let Args::KeyValues(pairs) = &ins.command.args else {
                continue;
            };
            for p in pairs {
                let key = unquote(&p.key.text, cx.dockerfile.escape);
                if key.contains('$') {
                    continue;
                }
                let Some(problem) = key_problem(&key) else {
                    continue;
                };
                let mut d = Diagnostic::new(p.key.span, format!("label key `{key}` {problem}"));
                let lower = key.to_ascii_lowercase();
                if lower != key && key_problem(&lower).is_none() && p.key.span.slice(cx.text) == key
                {
                    d = d.with_fix(Fix::unsafe_(
                        format!("Rename the label to `{lower}`"),
                        vec![TextEdit::new(p.key.span, lower)],
                    ));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{key_problem, Dl3048};
    use crate::rules::run;

    #[test]
    fn key_rules() {
        for ok in [
            "maintainer",
            "org.opencontainers.image.source",
            "com.example.v2",
            "a-b.c9",
            "build_version",
            "a/b",
        ] {
            assert_eq!(key_problem(ok), None, "{ok}");
        }
        for bad in [
            "Maintainer",
            "com.docker.x",
            "io.docker.y",
            "org.dockerproject.z",
            "9lives",
            "x.",
            "a..b",
            "a--b",
            "My_Label",
            "-a",
            "a_",
            "/a",
            "a:b",
        ] {
            assert!(key_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn reports_and_fixes() {
        let d = run(&Dl3048, "FROM a:1\nLABEL Version=1 ok=2 \"Quoted\"=3\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].replacement, "version");
        assert!(d[1].fix.is_none(), "quoted keys are left to the author");
        assert!(run(&Dl3048, "FROM a:1\nLABEL $KEY=1\n").is_empty());
        assert_eq!(
            run(&Dl3048, "FROM a:1\nLABEL My_Label value\n").len(),
            1,
            "legacy form"
        );
    }
}
