//! compose-no-duplicate-exported-ports: The same host port is published twice.

use super::dclint_common::{
    entry_span, host_ip, is_ip, port_entries, published_port, split_colons, unbracket,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::yaml::{Kind, Node};

pub struct NoDuplicateExportedPorts;

static DUP_META: RuleMeta = rule_meta! {
    id: "compose-no-duplicate-exported-ports",
    aliases: &["no-duplicate-exported-ports"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "The same host port is published twice",
    why: "Two entries publishing the same host port and protocol cannot both bind it: the second \
container fails to start with `port is already allocated`. Ranges (`8000-8010:8000-8010`) count every \
port in them. The later entry is reported, naming the service that published the port first. \
Deliberate differences from dclint: an entry that publishes no host port (`\"9000\"` or \
`\"127.0.0.1::9000\"`, where Docker picks a free port) never clashes, where dclint reads `\"9000\"` as \
host port 9000; and the same port on two different specific addresses (`127.0.0.1:80:80` and \
`10.0.0.2:80:80`) is fine, while an unspecified or `0.0.0.0` address clashes with every address. The \
finding is on the entry; dclint reports it on the `ports:` line.",
    bad: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8080:80'\n  admin:\n    image: adminer:4\n    ports:\n      - '127.0.0.1:8080:8080'\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '127.0.0.1:8080:80'\n  admin:\n    image: adminer:4\n    ports:\n      - '127.0.0.1:8081:8080'\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-duplicate-exported-ports-rule.md"],
};

/// The host ports an entry publishes for sure: (ports, protocol, host address); `None` when Docker
/// picks the host port or a variable hides it.
fn published(n: &Node) -> Option<(Vec<u32>, String, String)> {
    let (host, protocol) = match &n.kind {
        Kind::Scalar(v, _) => {
            let mut slash = v.split('/');
            let spec = slash.next().unwrap_or("");
            let protocol = slash.next().filter(|p| !p.is_empty()).unwrap_or("tcp");
            let parts = split_colons(spec);
            let host = match parts.len() {
                2 if !is_ip(unbracket(parts[0])) => parts[0],
                3 => parts[1],
                _ => return None,
            };
            (host.to_string(), protocol.to_string())
        }
        Kind::Map(_) => {
            let (p, proto) = published_port(n);
            (p, proto)
        }
        Kind::Seq(_) => return None,
    };
    let (start, end) = match host.split_once('-') {
        Some((a, b)) => (a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?),
        None => {
            let p = host.trim().parse::<u32>().ok()?;
            (p, p)
        }
    };
    if start > end || end - start > 65535 {
        return None;
    }
    let ip = host_ip(n);
    Some(((start..=end).collect(), protocol.to_ascii_lowercase(), ip))
}

fn any_address(ip: &str) -> bool {
    ip.is_empty() || ip == "0.0.0.0" || ip == "::"
}

impl WorkspaceRule for NoDuplicateExportedPorts {
    fn meta(&self) -> &'static RuleMeta {
        &DUP_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            // (port, protocol) -> [(address, service)]
            let mut seen: std::collections::HashMap<(u32, String), Vec<(String, &str)>> =
                Default::default();
            for (name, n) in port_entries(c) {
                let Some((ports, protocol, ip)) = published(n) else {
                    continue;
                };
                let clash = ports.iter().find_map(|p| {
                    let owners = seen.get(&(*p, protocol.clone()))?;
                    owners
                        .iter()
                        .find(|(other, _)| any_address(other) || any_address(&ip) || *other == ip)
                        .map(|(_, s)| (*p, *s))
                });
                if let Some((port, owner)) = clash {
                    let by = if owner == name {
                        "this service".to_string()
                    } else {
                        format!("service `{owner}`")
                    };
                    out.push((
                        c.path.clone(),
                        Diagnostic::new(entry_span(n), format!("service `{name}` publishes host port {port}/{protocol}, already published by {by}")),
                    ));
                }
                for p in ports {
                    seen.entry((p, protocol.clone()))
                        .or_default()
                        .push((ip.clone(), name));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs_read_like_dclint() {
        assert_eq!(split_colons("[::1]:8080:80"), ["[::1]", "8080", "80"]);
        let y = crate::yaml::parse(
            "- '127.0.0.1:8080:80/udp'\n- 9000\n- '[::1]:53:53'\n- {published: 81, target: 80}\n",
        )
        .unwrap();
        let items = y.documents[0].items();
        assert_eq!(published_port(&items[0]), ("8080".into(), "udp".into()));
        assert_eq!(published_port(&items[1]).0, "9000");
        assert_eq!(host_ip(&items[2]), "::1");
        assert_eq!(published_port(&items[3]).0, "81");
        assert_eq!(published(&items[1]), None, "no host port");
        assert_eq!(published(&items[0]).unwrap().0, [8080]);
    }
}
