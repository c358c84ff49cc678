//! compose-top-level-properties-order: Top-level keys are not in the conventional order.

use super::dclint_common::{
    locale_cmp, place, reorder_edit, sorted_order, text_of, written_entries,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::diagnostics::{Fix, FixCopies};
use crate::yaml::Kind;

pub struct TopLevelPropertiesOrder;

/// The top-level order; `x-*` extensions (sorted) come first.
const TOP_LEVEL: &[&str] = &[
    "version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs",
];

static TOP_META: RuleMeta = rule_meta! {
    id: "compose-top-level-properties-order",
    aliases: &["top-level-properties-order"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Top-level keys are not in the conventional order",
    why: "Compose files read best top-down: `x-*` extension blocks (the anchors services reuse, sorted by \
name), then `version`, `name`, `include`, `services`, `models`, `networks`, `volumes`, `secrets`, \
`configs`. A key is reported when it belongs before a key above it, and a key the order does not know is \
always reported. The fix moves whole top-level blocks with the comment lines directly above them (the \
file's header comment stays on top). Deliberate difference: `models` (added to the Compose \
specification in 2025) goes after `services`, while dclint 3.1, which does not know it, reports it \
wherever it is; and the finding is on the top-level key itself, where dclint reports the first line \
that starts with that key, which can be a service's `networks:` further up.\n\n\
Option, in a `.dclintrc` as for dclint: `top-level-properties-order: [1, { customOrder: \
[x-properties, name, services, volumes] }]` sets the order (`x-properties` stands for the `x-*` \
keys, sorted); a key it does not list is reported.",
    bad: "services:\n  web:\n    image: nginx:1.27\nx-common:\n  restart: unless-stopped\n",
    good: "x-common:\n  restart: unless-stopped\nservices:\n  web:\n    image: nginx:1.27\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/top-level-properties-order-rule.md"],
};

impl WorkspaceRule for TopLevelPropertiesOrder {
    fn meta(&self) -> &'static RuleMeta {
        &TOP_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            let Some(root) = c.root().filter(|r| matches!(r.kind, Kind::Map(_))) else {
                continue;
            };
            let entries = written_entries(root);
            let keys: Vec<&str> = entries
                .iter()
                .map(|e| e.key.as_str().unwrap_or(""))
                .collect();
            let mut xs: Vec<&str> = keys
                .iter()
                .copied()
                .filter(|k| k.starts_with("x-"))
                .collect();
            crate::sort::sort_by(&mut xs, |a, b| locale_cmp(a, b));
            // The order: a `.dclintrc`'s `customOrder`, where `x-properties` stands for the sorted
            // `x-*` keys, else those keys and then the known top-level keys.
            // Each key's place, looked up in constant time (a file can have thousands of `x-*`
            // keys); `x-properties` given again adds nothing, so it is expanded once.
            let custom = a.compose_options(&c.path).top_level_order.as_deref();
            let mut places = std::collections::HashMap::new();
            match custom {
                Some(custom) => {
                    let mut xs_placed = false;
                    for k in custom {
                        if k != "x-properties" {
                            place(&mut places, k);
                        } else if !std::mem::replace(&mut xs_placed, true) {
                            xs.iter().for_each(|x| place(&mut places, x));
                        }
                    }
                }
                None => xs
                    .iter()
                    .chain(TOP_LEVEL)
                    .for_each(|k| place(&mut places, k)),
            }
            let rank = |k: &str| -> Option<usize> { places.get(k).copied() };
            let expected = match custom {
                // The order as written, or its start when it is long (every finding says it).
                Some(custom) if custom.len() > 12 => format!("{}, …", custom[..12].join(", ")),
                Some(custom) => custom.join(", "),
                None => format!("x-*, {}", TOP_LEVEL.join(", ")),
            };
            let mut copies = FixCopies::default();
            let mut fix = None;
            let mut last: Option<(usize, &str)> = None;
            for (e, key) in entries.iter().zip(&keys) {
                match rank(key) {
                    Some(r) if last.map(|(l, _)| r >= l).unwrap_or(true) => last = Some((r, key)),
                    Some(_) => {
                        let prev = last.map(|(_, p)| p).unwrap_or("");
                        let fix = fix.get_or_insert_with(|| {
                            let all: Vec<&str> = root
                                .entries()
                                .iter()
                                .map(|e| e.key.as_str().unwrap_or(""))
                                .collect();
                            sorted_order(&all, |a, b| {
                                rank(a)
                                    .unwrap_or(usize::MAX)
                                    .cmp(&rank(b).unwrap_or(usize::MAX))
                            })
                            .and_then(|order| {
                                reorder_edit(&c.fix_budget, text, &c.yaml, root, &order, true)
                            })
                            .map(|edit| Fix::safe("Reorder the top-level keys", vec![edit]))
                        });
                        let mut d = Diagnostic::new(
                            e.key.span,
                            format!("top-level `{key}` should come before `{prev}`"),
                        );
                        d.fix = copies.give(fix);
                        out.push((c.path.clone(), d));
                    }
                    None => out.push((
                        c.path.clone(),
                        Diagnostic::new(
                            e.key.span,
                            format!(
                                "top-level `{key}` has no place in the expected order ({expected})"
                            ),
                        ),
                    )),
                }
            }
        }
    }
}
