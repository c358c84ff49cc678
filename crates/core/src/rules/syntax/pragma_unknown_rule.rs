//! pragma-unknown-rule: an ignore pragma names something that is no rule, so it silences nothing.

use crate::dockerfile::ItemKind;
use crate::pragma::{parse_comment, ALL};
use crate::rules::registry::is_known_pragma_name;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct PragmaUnknownRule;

static META: RuleMeta = rule_meta! {
    id: "pragma-unknown-rule",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Ignore pragma names an unknown rule, so it silences nothing",
    why: "hadolint reads `# hadolint ignore=DL3008,DL3015` as a whole: when one name in the list is \
not a rule code (a typo, `crazy`, a name with a stray character), the pragma does not parse and \
none of its rules is silenced, without a word. shipshape does the same (every finding the pragma \
meant to silence is still reported) and says so here. A name is known when it is a rule's id or \
alias here (`DL3008`, `JSONArgsRecommended`, `no-user`, namespaced as tally writes them), or any \
hadolint or ShellCheck code (`DL1234`, `SC2039`), which hadolint accepts whether or not a rule \
implements it. Spaces around the commas and the `=` are fine (`# hadolint ignore = DL3023, DL3021`), \
as in hadolint.",
    bad: "FROM alpine:3.20\n# hadolint ignore=DL3018,apk-pin\nRUN apk add --no-cache curl\n",
    good: "FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint#inline-ignores"],
};

impl Rule for PragmaUnknownRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for item in &cx.dockerfile.items {
            let ItemKind::Comment { text } = item.kind else {
                continue;
            };
            let Some((Some(_), rules, _)) = parse_comment(text.slice(cx.text)) else {
                continue;
            };
            let unknown: Vec<String> = rules
                .iter()
                .filter(|r| *r != ALL && !is_known_pragma_name(r))
                .map(|r| format!("`{r}`"))
                .collect();
            if unknown.is_empty() {
                continue;
            }
            out.push(Diagnostic::new(
                text,
                format!(
                    "this pragma names {}, which is no rule, so it silences nothing (hadolint rejects such a pragma as a whole); correct or remove the name",
                    unknown.join(", ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PragmaUnknownRule;
    use crate::rules::run;

    #[test]
    fn unknown_names_only() {
        let src = "FROM a:1\n# hadolint ignore=crazy, DL3002\nUSER root\n# hadolint ignore=DL9999,SC2039,no-user,JSONArgsRecommended\nRUN x\n# tally ignore=buildkit/JSONArgsRecommended\nCMD y\n";
        let d = run(&PragmaUnknownRule, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("`crazy`"), "{}", d[0].message);
        assert_eq!(d[0].span.start, src.find("hadolint ignore=crazy").unwrap());
    }
}
