//! compose-no-quotes-in-volumes: A service's `volumes` entry is quoted.

use super::dclint_common::{
    is_flow, plain, requote_edit, services, text_of, written_entry, written_items, written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::yaml::{Kind, Style};

pub struct NoQuotesInVolumes;

static VOLUMES_META: RuleMeta = rule_meta! {
    id: "compose-no-quotes-in-volumes",
    aliases: &["no-quotes-in-volumes"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A service's `volumes` entry is quoted",
    why: "Volume specs (`./data:/var/lib/data:ro`) never need quotes, and quoting them anyway is noise \
that hides the cases where quotes matter. Entries written in single or double quotes (or as a block \
scalar) are reported. The fix removes the quotes when the text reads back as the same string; an entry \
that needs them (it contains `: ` or ` #`, or looks like a number or boolean) is reported without a fix. \
Each entry is reported on its own line; dclint reports it on the first line of the file holding the same \
text.",
    bad: "services:\n  db:\n    image: postgres:16\n    volumes:\n      - \"db-data:/var/lib/postgresql/data\"\nvolumes:\n  db-data:\n",
    good: "services:\n  db:\n    image: postgres:16\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data:\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-quotes-in-volumes-rule.md"],
};

impl WorkspaceRule for NoQuotesInVolumes {
    fn meta(&self) -> &'static RuleMeta {
        &VOLUMES_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            for (_, map) in services(c) {
                let Some(list) = written_entry(map, "volumes").and_then(written_value) else {
                    continue;
                };
                if !matches!(list.kind, Kind::Seq(_)) {
                    continue;
                }
                let flow = is_flow(text, list);
                for n in written_items(list) {
                    let Kind::Scalar(value, style) = &n.kind else {
                        continue;
                    };
                    if *style == Style::Plain {
                        continue;
                    }
                    let mut d =
                        Diagnostic::new(n.span, format!("volume `{value}` does not need quotes"));
                    if matches!(style, Style::SingleQuoted | Style::DoubleQuoted) {
                        if let Some(p) = plain(value, flow) {
                            d.fix = requote_edit(&c.fix_budget, text, &c.yaml, n, p)
                                .map(|e| Fix::safe("Remove the quotes", vec![e]));
                        }
                    }
                    out.push((c.path.clone(), d));
                }
            }
        }
    }
}
