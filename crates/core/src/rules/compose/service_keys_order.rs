//! compose-service-keys-order: A service's keys are not in the conventional order.

use super::dclint_common::{
    locale_cmp, merge_keys, place, reorder_edit, services, sorted_order, text_of, written_entries,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::config::dclint::ComposeOptions;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::diagnostics::{Fix, FixCopies};
use crate::source::Span;
use std::collections::{HashMap, HashSet};

pub struct ServiceKeysOrder;

/// dclint's default groups by the names its `groups` and `groupOrder` options use, in order; keys
/// in none of them come last, alphabetically.
const SERVICE_KEY_GROUPS: &[(&str, &[&str])] = &[
    ("Core Definitions", &["image", "build", "container_name"]),
    ("Service Dependencies", &["depends_on"]),
    (
        "Data Management and Configuration",
        &["volumes", "volumes_from", "configs", "secrets"],
    ),
    ("Environment Configuration", &["environment", "env_file"]),
    (
        "Networking",
        &["ports", "networks", "network_mode", "extra_hosts"],
    ),
    (
        "Runtime Behavior",
        &[
            "command",
            "entrypoint",
            "working_dir",
            "restart",
            "healthcheck",
        ],
    ),
    ("Operational Metadata", &["logging", "labels"]),
    ("Security and Execution Context", &["user", "isolation"]),
    ("Other", &[]),
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
reported without a fix.\n\n\
Options, in a `.dclintrc` as for dclint: `groups` gives a group (by dclint's names: `Core \
Definitions`, `Service Dependencies`, `Data Management and Configuration`, `Environment \
Configuration`, `Networking`, `Runtime Behavior`, `Operational Metadata`, `Security and Execution \
Context`, `Other`) its own list of keys, and `groupOrder` lists the groups in the order wanted. Keys of \
a group left out of `groupOrder` may stand anywhere (the fix moves them to the end).",
    bad: "services:\n  web:\n    ports:\n      - '127.0.0.1:8080:80'\n    image: nginx:1.27\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8080:80'\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-keys-order-rule.md"],
};

/// The order a compose file's services keep their keys in: the default groups, or those of its
/// `.dclintrc`.
struct KeyOrder<'a> {
    /// The keys of the ordered groups by their place in the order (`dclint_common::place`).
    places: HashMap<&'a str, usize>,
    /// How many places the order has: every other key comes after them.
    len: usize,
    /// Keys of groups `groupOrder` leaves out: they may stand anywhere.
    free: HashSet<&'a str>,
}

impl<'a> KeyOrder<'a> {
    fn new(options: &'a ComposeOptions) -> Self {
        let groups = |name: &str| -> Vec<&'a str> {
            match options.service_key_groups.get(name) {
                Some(keys) => keys.iter().map(String::as_str).collect(),
                None => SERVICE_KEY_GROUPS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, keys)| keys.to_vec())
                    .unwrap_or_default(),
            }
        };
        let names: Vec<&'a str> = match &options.service_key_group_order {
            Some(order) => order.iter().map(String::as_str).collect(),
            None => SERVICE_KEY_GROUPS.iter().map(|(n, _)| *n).collect(),
        };
        // A group named again in the order adds nothing: its keys are placed once.
        let mut places = HashMap::new();
        let mut named: HashSet<&str> = HashSet::new();
        for n in names {
            if named.insert(n) {
                groups(n).into_iter().for_each(|k| place(&mut places, k));
            }
        }
        let free = SERVICE_KEY_GROUPS
            .iter()
            .map(|(n, _)| *n)
            .chain(options.service_key_groups.keys().map(String::as_str))
            .filter(|n| !named.contains(n))
            .flat_map(groups)
            .filter(|k| !places.contains_key(k))
            .collect();
        KeyOrder {
            len: places.len(),
            places,
            free,
        }
    }

    /// Where a key goes: its place among the grouped keys, else after them (by name among the
    /// others); `None` for a free key.
    fn rank<'k>(&self, key: &'k str) -> Option<(usize, Option<&'k str>)> {
        if let Some(&p) = self.places.get(key) {
            return Some((p, None));
        }
        (!self.free.contains(key)).then_some((self.len, Some(key)))
    }

    /// Ranked keys in order, free keys after them all.
    fn cmp(&self, a: &str, b: &str) -> std::cmp::Ordering {
        match (self.rank(a), self.rank(b)) {
            (Some((_, Some(x))), Some((_, Some(y)))) => locale_cmp(x, y),
            (Some(x), Some(y)) => x.0.cmp(&y.0).then(x.1.is_some().cmp(&y.1.is_some())),
            (x, y) => y.is_some().cmp(&x.is_some()),
        }
    }
}

impl WorkspaceRule for ServiceKeysOrder {
    fn meta(&self) -> &'static RuleMeta {
        &KEYS_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            let order = KeyOrder::new(a.compose_options(&c.path));
            for (svc, map) in services(c) {
                let name = svc.key.as_str().unwrap_or("");
                // Written keys and `<<` merge keys, in file order.
                let mut keys: Vec<(&str, Span)> = written_entries(map)
                    .into_iter()
                    .filter_map(|e| Some((e.key.as_str()?, e.key.span)))
                    .collect();
                keys.extend(merge_keys(text, map).into_iter().map(|s| ("<<", s)));
                crate::sort::sort_by_key(&mut keys, |k| k.1.start);
                let mut copies = FixCopies::default();
                let mut fix = None;
                let mut last: Option<&str> = None;
                for &(key, span) in &keys {
                    if order.rank(key).is_none() {
                        continue;
                    }
                    if let Some(prev) = last.filter(|p| order.cmp(key, p).is_lt()) {
                        let fix = fix.get_or_insert_with(|| {
                            let names: Vec<&str> = map
                                .entries()
                                .iter()
                                .filter_map(|e| e.key.as_str())
                                .collect();
                            sorted_order(&names, |a, b| order.cmp(a, b))
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
                        d.fix = copies.give(fix);
                        out.push((c.path.clone(), d));
                    }
                    last = Some(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A group named many times in `groupOrder` is placed once: the order stays the size of the
    /// groups, and a key compares by its first place.
    #[test]
    fn a_group_named_again_adds_no_places() {
        let mut options = ComposeOptions::default();
        let mut order = vec!["Networking".to_string(); 10_000];
        order.push("Core Definitions".to_string());
        options.service_key_group_order = Some(order);
        let keys = KeyOrder::new(&options);
        assert_eq!(keys.len, 7, "4 networking keys and 3 core ones");
        assert_eq!(keys.rank("ports"), Some((0, None)));
        assert_eq!(keys.rank("image"), Some((4, None)));
        assert!(keys.cmp("extra_hosts", "image").is_lt());
        assert_eq!(
            keys.rank("depends_on"),
            None,
            "a group left out may stand anywhere"
        );
        assert_eq!(keys.rank("zzz"), Some((7, Some("zzz"))));
    }
}
