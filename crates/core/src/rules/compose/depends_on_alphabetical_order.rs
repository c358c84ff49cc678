//! compose-service-dependencies-alphabetical-order: A service's `depends_on` entries are not in alphabetical order.

use super::dclint_common::{
    locale_cmp, reorder_edit, services, sorted_order, text_of, written_entry, written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::yaml::Kind;

pub struct ServiceDependenciesAlphabeticalOrder;

static DEPS_META: RuleMeta = rule_meta! {
    id: "compose-service-dependencies-alphabetical-order",
    aliases: &["service-dependencies-alphabetical-order"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A service's `depends_on` entries are not in alphabetical order",
    why: "Sorted dependencies are quicker to check against the services they name and merge without \
conflicts. Both forms are checked: the list of names and the mapping with conditions. Startup order \
does not depend on how the list is written, so the fix (which moves whole entries with the comment lines \
above them) never changes what compose does.",
    bad: "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - redis\n      - db\n  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - db\n      - redis\n  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-dependencies-alphabetical-order-rule.md"],
};

impl WorkspaceRule for ServiceDependenciesAlphabeticalOrder {
    fn meta(&self) -> &'static RuleMeta {
        &DEPS_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            for (svc, map) in services(c) {
                let Some(entry) = written_entry(map, "depends_on") else {
                    continue;
                };
                let Some(deps) = written_value(entry) else {
                    continue;
                };
                let names: Vec<&str> = match &deps.kind {
                    Kind::Seq(items) => items.iter().map(|n| n.as_str().unwrap_or("")).collect(),
                    Kind::Map(entries) => entries
                        .iter()
                        .map(|e| e.key.as_str().unwrap_or(""))
                        .collect(),
                    Kind::Scalar(..) => continue,
                };
                let Some(order) = sorted_order(&names, |a, b| locale_cmp(a, b)) else {
                    continue;
                };
                let name = svc.key.as_str().unwrap_or("");
                let sorted: Vec<&str> = order.iter().map(|&i| names[i]).collect();
                let mut d = Diagnostic::new(
                    entry.key.span,
                    format!(
                        "`depends_on` of service `{name}` is not sorted; expected {}",
                        sorted.join(", ")
                    ),
                );
                d.fix = reorder_edit(&c.fix_budget, text, &c.yaml, deps, &order, false)
                    .map(|e| Fix::safe("Sort `depends_on` alphabetically", vec![e]));
                out.push((c.path.clone(), d));
            }
        }
    }
}
