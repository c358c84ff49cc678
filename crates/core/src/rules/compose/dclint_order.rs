//! dclint's ordering rules: services, service keys, `depends_on`, `ports` and top-level keys in a
//! fixed order. All are style rules with a safe fix that moves whole line blocks (comments above an
//! entry travel with it).

use super::dclint_common::{
    locale_cmp, locale_cmp_numeric, merge_keys, reorder_edit, services, sorted_order, text_of,
    written_entries, written_entry, written_items, written_value,
};
use super::dclint_ports::published_port;
use super::WorkspaceRule;
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::semantic::Analysis;
use crate::source::Span;
use crate::yaml::Kind;
use std::collections::BTreeSet;
use std::ops::Bound;

/// Most bytes of copies of one file-wide fix handed to that file's findings.
const FIX_COPIES_BYTES: usize = 1 << 20;

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

// ---------------------------------------------------------------------------------------------

pub struct ServicesAlphabeticalOrder;

static SERVICES_META: RuleMeta = RuleMeta {
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
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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
            // Every finding carries the one fix (the whole block, sorted) while the copies stay
            // small; past that only the first does, so thousands of services do not hold
            // thousands of copies of their whole block.
            let mut copied = 0usize;
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
                let size: usize = fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .map(|e| e.replacement.len())
                    .sum();
                if copied == 0 || copied + size <= FIX_COPIES_BYTES {
                    copied += size.max(1);
                    d.fix = fix.clone();
                }
                out.push((c.path.clone(), d));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

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

static KEYS_META: RuleMeta = RuleMeta {
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
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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
                keys.sort_by_key(|k| k.1.start);
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

// ---------------------------------------------------------------------------------------------

pub struct ServiceDependenciesAlphabeticalOrder;

static DEPS_META: RuleMeta = RuleMeta {
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
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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

// ---------------------------------------------------------------------------------------------

pub struct ServicePortsAlphabeticalOrder;

static PORTS_META: RuleMeta = RuleMeta {
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
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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

// ---------------------------------------------------------------------------------------------

pub struct TopLevelPropertiesOrder;

/// The top-level order; `x-*` extensions (sorted) come first.
const TOP_LEVEL: &[&str] = &[
    "version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs",
];

static TOP_META: RuleMeta = RuleMeta {
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
that starts with that key, which can be a service's `networks:` further up.",
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
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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
            xs.sort_by(|a, b| locale_cmp(a, b));
            let rank = |k: &str| -> Option<usize> {
                xs.iter()
                    .position(|x| *x == k)
                    .or_else(|| TOP_LEVEL.iter().position(|t| *t == k).map(|p| p + xs.len()))
            };
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
                        d.fix = fix.clone();
                        out.push((c.path.clone(), d));
                    }
                    None => out.push((
                        c.path.clone(),
                        Diagnostic::new(
                            e.key.span,
                            format!(
                                "top-level `{key}` has no place in the expected order (x-*, {})",
                                TOP_LEVEL.join(", ")
                            ),
                        ),
                    )),
                }
            }
        }
    }
}
