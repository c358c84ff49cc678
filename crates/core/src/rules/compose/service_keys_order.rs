//! compose-service-keys-order: A service's keys are not in the conventional order.

use super::dclint_common::{
    locale_cmp, merge_keys, reorder_edit, services, sorted_order, text_of, written_entries,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::source::Span;

pub struct ServiceKeysOrder;

/// dclint's default groups, in order; keys in none of them come last, alphabetically.
pub(crate) const SERVICE_KEY_GROUPS: &[&[&str]] = &[
    &["image", "build", "container_name"],
    &["depends_on"],
    &["volumes", "volumes_from", "configs", "secrets"],
    &["environment", "env_file"],
    &["ports", "networks", "network_mode", "extra_hosts"],
    &[
        "command",
        "entrypoint",
        "working_dir",
        "restart",
        "healthcheck",
    ],
    &["logging", "labels"],
    &["user", "isolation"],
];

static KEYS_META: RuleMeta = rule_meta! {
    id: "compose-service-keys-order",
    aliases: &["service-keys-order"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A service's keys are not in the conventional order",
    why: "Services read alike when their keys come in the same order: what runs (`image`, `build`, \
`container_name`), `depends_on`, data (`volumes`, `volumes_from`, `configs`, `secrets`), environment \
(`environment`, `env_file`), networking (`ports`, `networks`, `network_mode`, `extra_hosts`), runtime \
(`command`, `entrypoint`, `working_dir`, `restart`, `healthcheck`), metadata (`logging`, `labels`), \
security (`user`, `isolation`), then every other key alphabetically. As in dclint, a key is reported \
when it belongs before the key just above it. The fix reorders the whole service, moving each key with \
its value and the comment lines directly above it; services that use merge keys (`<<: *defaults`) are \
reported without a fix.",
    bad: "services:\n  web:\n    ports:\n      - '127.0.0.1:8080:80'\n    image: nginx:1.27\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8080:80'\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-keys-order-rule.md"],
};

/// Where a key goes: its place among the grouped keys, else after them (by name among the others).
fn key_rank(key: &str) -> (usize, Option<&str>) {
    let mut n = 0;
    for g in SERVICE_KEY_GROUPS {
        if let Some(p) = g.iter().position(|k| *k == key) {
            return (n + p, None);
        }
        n += g.len();
    }
    (n, Some(key))
}

fn cmp_rank(a: &str, b: &str) -> std::cmp::Ordering {
    match (key_rank(a), key_rank(b)) {
        ((_, Some(x)), (_, Some(y))) => locale_cmp(x, y),
        (x, y) => x.0.cmp(&y.0).then(x.1.is_some().cmp(&y.1.is_some())),
    }
}

impl WorkspaceRule for ServiceKeysOrder {
    fn meta(&self) -> &'static RuleMeta {
        &KEYS_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            for (svc, map) in services(c) {
                let name = svc.key.as_str().unwrap_or("");
                // Written keys and `<<` merge keys, in file order.
                let mut keys: Vec<(&str, Span)> = written_entries(map)
                    .into_iter()
                    .filter_map(|e| Some((e.key.as_str()?, e.key.span)))
                    .collect();
                keys.extend(merge_keys(text, map).into_iter().map(|s| ("<<", s)));
                crate::sort::sort_by_key(&mut keys, |k| k.1.start);
                let mut fix = None;
                let mut last: Option<&str> = None;
                for &(key, span) in &keys {
                    if let Some(prev) = last.filter(|p| cmp_rank(key, p).is_lt()) {
                        let fix = fix.get_or_insert_with(|| {
                            let names: Vec<&str> = map
                                .entries()
                                .iter()
                                .filter_map(|e| e.key.as_str())
                                .collect();
                            sorted_order(&names, |a, b| cmp_rank(a, b))
                                .and_then(|order| {
                                    reorder_edit(&c.fix_budget, text, &c.yaml, map, &order, false)
                                })
                                .map(|edit| {
                                    Fix::safe(
                                        format!("Reorder the keys of service `{name}`"),
                                        vec![edit],
                                    )
                                })
                        });
                        let mut d = Diagnostic::new(
                            span,
                            format!("key `{key}` of service `{name}` should come before `{prev}`"),
                        );
                        d.fix = fix.clone();
                        out.push((c.path.clone(), d));
                    }
                    last = Some(key);
                }
            }
        }
    }
}
