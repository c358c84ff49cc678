//! compose-services-alphabetical-order: Services are not in alphabetical order.

use super::dclint_common::{
    locale_cmp, reorder_edit, sorted_order, text_of, written_entries, written_entry, written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::diagnostics::{Fix, FixCopies};
use std::collections::BTreeSet;
use std::ops::Bound;

/// A name ordered as dclint orders them (`locale_cmp`, a total order).
#[derive(PartialEq, Eq)]
struct Collated<'a>(&'a str);

impl Ord for Collated<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        locale_cmp(self.0, other.0)
    }
}

impl PartialOrd for Collated<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

pub struct ServicesAlphabeticalOrder;

static SERVICES_META: RuleMeta = rule_meta! {
    id: "compose-services-alphabetical-order",
    aliases: &["services-alphabetical-order"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Services are not in alphabetical order",
    why: "A long `services:` section is easier to scan and to merge when services are sorted by name. \
Each service that comes after one sorting later than it is reported, naming the service it should come \
before. Names compare the way dclint (JavaScript's `localeCompare`) compares them: case only breaks ties \
and punctuation sorts before digits and letters, so `api_v2` comes before `api-v1`. The fix moves whole \
services, with the comment lines directly above each one.",
    bad: "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n",
    good: "services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/services-alphabetical-order-rule.md"],
};

impl WorkspaceRule for ServicesAlphabeticalOrder {
    fn meta(&self) -> &'static RuleMeta {
        &SERVICES_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            let Some(svcs) = c
                .root()
                .and_then(|r| written_entry(r, "services"))
                .and_then(written_value)
            else {
                continue;
            };
            let entries: Vec<_> = written_entries(svcs)
                .into_iter()
                .filter(|e| e.key.as_str().is_some())
                .collect();
            let names: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
            let mut fix = None;
            // The names so far, in collation order: the one to come before is the first greater.
            let mut seen: BTreeSet<Collated<'_>> = BTreeSet::new();
            // Every finding offers the one fix: the whole block, sorted.
            let mut copies = FixCopies::default();
            for (i, e) in entries.iter().enumerate() {
                let name = names[i];
                let before = seen
                    .range((Bound::Excluded(Collated(name)), Bound::Unbounded))
                    .next()
                    .map(|c| c.0);
                seen.insert(Collated(name));
                let Some(before) = before else { continue };
                let fix = fix.get_or_insert_with(|| {
                    sorted_order(&names, |a, b| locale_cmp(a, b))
                        .and_then(|order| {
                            reorder_edit(&c.fix_budget, text, &c.yaml, svcs, &order, false)
                        })
                        .map(|edit| Fix::safe("Sort services alphabetically", vec![edit]))
                });
                let mut d = Diagnostic::new(e.key.span, format!("service `{name}` should come before `{before}` (services in alphabetical order)"));
                d.fix = copies.give(fix);
                out.push((c.path.clone(), d));
            }
        }
    }
}
