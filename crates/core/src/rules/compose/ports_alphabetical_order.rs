//! compose-service-ports-alphabetical-order: A service's published ports are not in order.

use super::dclint_common::{
    locale_cmp_numeric, published_port, reorder_edit, services, sorted_order, text_of,
    written_entry, written_items, written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::yaml::Kind;

pub struct ServicePortsAlphabeticalOrder;

static PORTS_META: RuleMeta = rule_meta! {
    id: "compose-service-ports-alphabetical-order",
    aliases: &["service-ports-alphabetical-order"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A service's published ports are not in order",
    why: "Port lists sorted by published (host) port make it easy to see what a service exposes and to \
spot clashes. As in dclint, entries sort by their published port with numbers compared as numbers \
(`80` before `443` before `8080`); an entry that publishes no port (`\"9000\"`) sorts by its container \
port, long-syntax entries by `published`. The fix moves whole entries with the comment lines above \
them; the order of `ports` has no effect on what compose does.",
    bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8443:443'\n      - '127.0.0.1:8080:80'\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8080:80'\n      - '127.0.0.1:8443:443'\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-ports-alphabetical-order-rule.md"],
};

impl WorkspaceRule for ServicePortsAlphabeticalOrder {
    fn meta(&self) -> &'static RuleMeta {
        &PORTS_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            for (svc, map) in services(c) {
                let Some(entry) = written_entry(map, "ports") else {
                    continue;
                };
                let Some(ports) = written_value(entry).filter(|p| matches!(p.kind, Kind::Seq(_)))
                else {
                    continue;
                };
                let keys: Vec<String> = ports.items().iter().map(|n| published_port(n).0).collect();
                let Some(order) = sorted_order(&keys, |a, b| locale_cmp_numeric(a, b)) else {
                    continue;
                };
                let name = svc.key.as_str().unwrap_or("");
                let mut d = Diagnostic::new(
                    entry.key.span,
                    format!("`ports` of service `{name}` are not sorted by published port"),
                );
                if written_items(ports).len() == ports.items().len() {
                    d.fix = reorder_edit(&c.fix_budget, text, &c.yaml, ports, &order, false)
                        .map(|e| Fix::safe("Sort `ports` by published port", vec![e]));
                }
                out.push((c.path.clone(), d));
            }
        }
    }
}
