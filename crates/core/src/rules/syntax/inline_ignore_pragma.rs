//! DL1001: inline ignore pragmas (an opt-in policy rule).

use crate::diagnostics::Fix;
use crate::dockerfile::ItemKind;
use crate::pragma::{parse_comment, Scope};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl1001;

static META: RuleMeta = rule_meta! {
    id: "DL1001",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: false,
    summary: "Inline ignore pragma",
    why: "Some teams want every exception to a rule to be visible in one place, the configuration \
file, rather than scattered over Dockerfiles as `# hadolint ignore=...` comments. This rule \
reports each such comment. It is off by default (hadolint's default severity for it is `ignore`); \
turn it on in the configuration. To stop pragmas from taking effect at all, use \
`disable-ignore-pragma` instead.\n\n\
Unlike hadolint, which reports only `ignore=`, shipshape reports every ignore pragma: \
`ignore=`, `global ignore=` and `stage ignore=`, in both the `# hadolint` and `# shipshape` \
spellings. `# hadolint shell=` is not an ignore pragma and is not reported.\n\n\
The fix deletes the pragma's line. It is unsafe: the findings it silenced come back until the \
exception is written in the configuration (`ignored:` in `.hadolint.yaml`, or an `--ignore`).",
    bad: "FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n",
    good: "FROM alpine:3.20\n# curl is needed by the health check\nRUN apk add --no-cache curl\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL1001"],
};

impl Rule for Dl1001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for item in &cx.dockerfile.items {
            let ItemKind::Comment { text } = item.kind else {
                continue;
            };
            let Some((Some(scope), rules, _)) = parse_comment(text.slice(cx.text)) else {
                continue;
            };
            let kind = match scope {
                Scope::Next => "ignore",
                Scope::Global => "global ignore",
                Scope::Stage => "stage ignore",
            };
            out.push(
                Diagnostic::new(
                    text,
                    format!(
                        "inline `{kind}` pragma for {}; keep rule exceptions in the configuration file",
                        rules.join(", ")
                    ),
                )
                .with_fix(Fix::unsafe_(
                    "Delete the pragma (configure the exception instead)",
                    vec![TextEdit::new(item.span, "")],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl1001;
    use crate::rules::run;

    #[test]
    fn ignore_pragmas_only() {
        let src = "# hadolint global ignore=DL3006\nFROM a\n# hadolint ignore=DL3059\nRUN x\n# shipshape stage ignore=DL3059\nFROM b:1\n# hadolint shell=bash\n# plain comment\nRUN y\n";
        let d = run(&Dl1001, src);
        assert_eq!(d.len(), 3);
        assert!(d[0].message.contains("global ignore"));
        let out = crate::diagnostics::apply_edits(src, &d[1].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "# hadolint global ignore=DL3006\nFROM a\nRUN x\n# shipshape stage ignore=DL3059\nFROM b:1\n# hadolint shell=bash\n# plain comment\nRUN y\n"
        );
    }
}
