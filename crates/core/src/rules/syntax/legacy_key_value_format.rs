//! LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of `key=value`.

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct LegacyKeyValueFormat;

static META: RuleMeta = rule_meta! {
    id: "LegacyKeyValueFormat",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "ENV/LABEL uses the legacy `key value` form",
    why: "In the legacy form everything after the first space is the value, so `ENV A 1 B 2` sets `A` \
to `1 B 2` rather than two variables. The `key=value` form is unambiguous and allows several pairs. \
The fix rewrites the pair, quoting the value when it contains spaces; values with quotes or escapes \
are left for a person to rewrite.",
    bad: "FROM alpine:3.20\nENV APP_HOME /srv/app\n",
    good: "FROM alpine:3.20\nENV APP_HOME=/srv/app\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/legacy-key-value-format/"],
};

impl Rule for LegacyKeyValueFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            let k = ins.keyword();
            if k != Keyword::Env && k != Keyword::Label {
                continue;
            }
            let Args::KeyValues(kvs) = &ins.command.args else {
                continue;
            };
            let Some(kv) = kvs.first().filter(|kv| kv.legacy) else {
                continue;
            };
            let mut d = Diagnostic::new(
                ins.command.args_span,
                format!(
                    "use `{} {}=<value>` instead of the legacy `key value` form",
                    k.as_str(),
                    kv.key.text
                ),
            );
            let (a, b) = ins.command.args_logical;
            let v = &kv.value.text;
            if ins.logical.is_contiguous(a, b) && !v.contains(['"', '\'', '\\', '`']) {
                let value = if v.contains(char::is_whitespace) {
                    format!("\"{v}\"")
                } else {
                    v.clone()
                };
                let span = Span::new(kv.key.span.start, kv.value.span.end);
                d = d.with_fix(Fix::safe(
                    format!("Write {}={value}", kv.key.text),
                    vec![TextEdit::new(span, format!("{}={value}", kv.key.text))],
                ));
            }
            out.push(d);
        }
    }
}
