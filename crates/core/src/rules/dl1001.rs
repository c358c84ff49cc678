//! DL1001: inline ignore pragmas (an opt-in policy rule).

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::ItemKind;
use crate::pragma::{parse_comment, Scope};

pub struct Dl1001;

static META: RuleMeta = RuleMeta {
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
spellings. `# hadolint shell=` is not an ignore pragma and is not reported.",
    bad: "FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n",
    good: "FROM alpine:3.20\n# curl is needed by the health check\nRUN apk add --no-cache curl\n",
    has_fix: false,
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
            out.push(Diagnostic::new(
                text,
                format!(
                    "inline `{kind}` pragma for {}; keep rule exceptions in the configuration file",
                    rules.join(", ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl1001;

    #[test]
    fn ignore_pragmas_only() {
        let src = "# hadolint global ignore=DL3006\nFROM a\n# hadolint ignore=DL3059\nRUN x\n# shipshape stage ignore=DL3059\nFROM b:1\n# hadolint shell=bash\n# plain comment\nRUN y\n";
        let d = run(&Dl1001, src);
        assert_eq!(d.len(), 3);
        assert!(d[0].message.contains("global ignore"));
    }
}
