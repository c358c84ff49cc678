//! compose-require-quotes-in-ports: A `ports` or `expose` entry is not in single quotes.

use super::dclint_common::{
    double_quoted, requote_edit, services, single_quoted, text_of, written_entry, written_items,
    written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::yaml::{Kind, Style};

pub struct RequireQuotesInPorts;

static PORTS_META: RuleMeta = rule_meta! {
    id: "compose-require-quotes-in-ports",
    aliases: &["require-quotes-in-ports"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A `ports` or `expose` entry is not in single quotes",
    why: "Unquoted port mappings are a YAML trap: YAML 1.1 parsers (PyYAML, the old `docker-compose`) read \
`22:22` as the base-60 number 1342, and `80` is a number rather than a string. Quoting every entry keeps \
them strings everywhere. Like dclint's default, the rule asks for single quotes, which process no \
escapes, so a double-quoted entry is reported too. The fix rewrites the entry in single quotes.\n\n\
Option, in a `.dclintrc` as for dclint: `require-quotes-in-ports: [1, { quoteType: double }]` asks \
for double quotes instead (single-quoted entries are then reported, and the fix writes double quotes).",
    bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 127.0.0.1:8080:80\n    expose:\n      - \"9000\"\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8080:80'\n    expose:\n      - '9000'\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/require-quotes-in-ports-rule.md",
        "https://docs.docker.com/reference/compose-file/services/#ports",
    ],
};

impl WorkspaceRule for RequireQuotesInPorts {
    fn meta(&self) -> &'static RuleMeta {
        &PORTS_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            let double = a.compose_options(&c.path).double_quoted_ports;
            let (wanted, other, quotes) = if double {
                (Style::DoubleQuoted, Style::SingleQuoted, "double")
            } else {
                (Style::SingleQuoted, Style::DoubleQuoted, "single")
            };
            for section in ["ports", "expose"] {
                for (_, map) in services(c) {
                    let Some(list) = written_entry(map, section).and_then(written_value) else {
                        continue;
                    };
                    if !matches!(list.kind, Kind::Seq(_)) {
                        continue;
                    }
                    for n in written_items(list) {
                        let Kind::Scalar(value, style) = &n.kind else {
                            continue;
                        };
                        if *style == wanted {
                            continue;
                        }
                        let message = if *style == other {
                            format!(
                                "`{section}` entry {} should be in {quotes} quotes",
                                n.span.slice(text)
                            )
                        } else {
                            format!("`{section}` entry `{value}` should be quoted")
                        };
                        let mut d = Diagnostic::new(n.span, message);
                        let quoted = if double {
                            double_quoted(value)
                        } else {
                            single_quoted(value)
                        };
                        if let Some(q) = quoted {
                            d.fix = requote_edit(&c.fix_budget, text, &c.yaml, n, q.clone())
                                .map(|e| Fix::safe(format!("Write it as {q}"), vec![e]));
                        }
                        out.push((c.path.clone(), d));
                    }
                }
            }
        }
    }
}
