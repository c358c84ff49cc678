//! dclint's port rules: ports published on every interface, and the same host port published twice.

use super::dclint_common::{
    replace_scalar, services, text_of, written_entry, written_items, written_value,
};
use super::WorkspaceRule;
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::semantic::Analysis;
use crate::source::Span;
use crate::yaml::{Kind, Node};

/// Split a port spec at colons that are not inside `[...]` (IPv6 addresses).
pub(crate) fn split_colons(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if c != ':' {
            continue;
        }
        let rest = &s[i + 1..];
        let inside = rest
            .find(['[', ']'])
            .map(|p| rest.as_bytes()[p] == b']')
            .unwrap_or(false);
        if !inside {
            parts.push(&s[from..i]);
            from = i + 1;
        }
    }
    parts.push(&s[from..]);
    parts
}

/// An IPv4 or IPv6 address (brackets already removed; an IPv6 zone `%eth0` is allowed).
pub(crate) fn is_ip(s: &str) -> bool {
    let s = s.split('%').next().unwrap_or(s);
    s.parse::<std::net::IpAddr>().is_ok()
}

fn unbracket(s: &str) -> &str {
    s.strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s)
}

fn scalar_text(n: &Node) -> Option<&str> {
    n.as_str()
}

/// dclint's reading of an entry's published port and protocol: the part before the first colon, or
/// the one after a leading IP address (`"9000"` reads as 9000); `published` in the long syntax.
pub(crate) fn published_port(n: &Node) -> (String, String) {
    match &n.kind {
        Kind::Scalar(v, _) => {
            let mut slash = v.split('/');
            let port_part = slash.next().unwrap_or("");
            let protocol = slash
                .next()
                .filter(|p| !p.is_empty())
                .unwrap_or("tcp")
                .to_string();
            let parts = split_colons(port_part);
            let first = unbracket(parts[0]);
            let port = if is_ip(first) {
                parts.get(1).copied().unwrap_or("undefined")
            } else {
                parts[0]
            };
            (port.to_string(), protocol)
        }
        Kind::Map(_) => (
            n.get("published")
                .and_then(scalar_text)
                .unwrap_or("")
                .to_string(),
            n.get("protocol")
                .and_then(scalar_text)
                .filter(|p| !p.is_empty())
                .unwrap_or("tcp")
                .to_string(),
        ),
        Kind::Seq(_) => (String::new(), "tcp".into()),
    }
}

/// The host interface an entry binds to, or "" when it binds to all of them.
pub(crate) fn host_ip(n: &Node) -> String {
    match &n.kind {
        Kind::Scalar(v, _) => {
            let parts = split_colons(v);
            let first = unbracket(parts[0]);
            if is_ip(first) {
                first.to_string()
            } else {
                String::new()
            }
        }
        Kind::Map(_) => n
            .get("host_ip")
            .and_then(scalar_text)
            .unwrap_or("")
            .to_string(),
        Kind::Seq(_) => String::new(),
    }
}

/// Where to point for an entry: a short-syntax string, or the long syntax's `published` (else first) key.
fn entry_span(n: &Node) -> Span {
    match &n.kind {
        Kind::Map(entries) => n
            .entry("published")
            .or(entries.first())
            .map(|e| e.key.span)
            .unwrap_or(n.span),
        _ => n.span,
    }
}

/// Every written `ports:` entry of every service: (service name, entry).
fn port_entries(c: &crate::compose::ComposeFile) -> Vec<(&str, &Node)> {
    let mut out = Vec::new();
    for (svc, map) in services(c) {
        let Some(ports) = written_entry(map, "ports").and_then(written_value) else {
            continue;
        };
        if !matches!(ports.kind, Kind::Seq(_)) {
            continue;
        }
        let name = svc.key.as_str().unwrap_or("");
        out.extend(written_items(ports).into_iter().map(|n| (name, n)));
    }
    out
}

// ---------------------------------------------------------------------------------------------

pub struct NoUnboundPortInterfaces;

static UNBOUND_META: RuleMeta = RuleMeta {
    id: "compose-no-unbound-port-interfaces",
    aliases: &["no-unbound-port-interfaces"],
    severity: Severity::Error,
    category: Category::Security,
    enabled_by_default: true,
    summary: "A port is published on every network interface",
    why: "`\"8080:80\"` (or just `\"80\"`) publishes the port on all of the host's interfaces, so a \
database or admin UI meant for local use is reachable from the network, and Docker's own iptables rules \
bypass host firewalls such as ufw. Name the interface: `127.0.0.1:8080:80` for local access, or the \
address of the interface that should serve it (`0.0.0.0` says \"everywhere\" on purpose). Each entry \
is reported where it is written; dclint reports them all on the `ports:` line, and `# dclint \
disable-line` comments on that line are honoured for them.\n\n\
For a short-syntax entry the fix binds it to `127.0.0.1` (`\"8080:80\"` becomes \
`\"127.0.0.1:8080:80\"`, `\"80\"` becomes `\"127.0.0.1::80\"`). It is unsafe: other machines can no \
longer reach the port, which is the point, unless they were meant to.",
    bad: "services:\n  db:\n    image: postgres:16\n    ports:\n      - '5432:5432'\n",
    good: "services:\n  db:\n    image: postgres:16\n    ports:\n      - '127.0.0.1:5432:5432'\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-unbound-port-interfaces-rule.md",
        "https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw",
    ],
};

/// A short-syntax port bound to the loopback interface (`8080:80` → `127.0.0.1:8080:80`).
fn loopback(spec: &str) -> Option<String> {
    if spec.contains('$') || spec.trim() != spec || spec.is_empty() {
        return None;
    }
    let ports = spec.split('/').next().unwrap_or(spec);
    match split_colons(ports).len() {
        1 => Some(format!("127.0.0.1::{spec}")),
        2 => Some(format!("127.0.0.1:{spec}")),
        _ => None,
    }
}

impl WorkspaceRule for NoUnboundPortInterfaces {
    fn meta(&self) -> &'static RuleMeta {
        &UNBOUND_META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            for (name, n) in port_entries(c) {
                if !host_ip(n).is_empty() {
                    continue;
                }
                let shown = n
                    .as_str()
                    .map(|s| format!("`{s}`"))
                    .unwrap_or_else(|| "this port".into());
                let fix = n
                    .as_str()
                    .and_then(loopback)
                    .and_then(|v| {
                        Some((replace_scalar(&c.fix_budget, text_of(a, c), n.span, &v)?, v))
                    })
                    .map(|(e, v)| {
                        Fix::unsafe_(format!("Publish on 127.0.0.1 only (`{v}`)"), vec![e])
                    });
                let mut d = Diagnostic::new(
                    entry_span(n),
                    format!("service `{name}` publishes {shown} on every interface; bind it to one (e.g. `127.0.0.1:`)"),
                );
                d.fix = fix;
                out.push((c.path.clone(), d));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

pub struct NoDuplicateExportedPorts;

static DUP_META: RuleMeta = RuleMeta {
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
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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
    fn unbound_ports_fix_binds_to_loopback() {
        assert_eq!(
            super::super::dclint_common::bad_example_fixes(&NoUnboundPortInterfaces),
            ["services:\n  db:\n    image: postgres:16\n    ports:\n      - '127.0.0.1:5432:5432'\n"]
        );
        assert_eq!(loopback("80").as_deref(), Some("127.0.0.1::80"));
        assert_eq!(
            loopback("8000-8010:80/udp").as_deref(),
            Some("127.0.0.1:8000-8010:80/udp")
        );
        assert_eq!(loopback("${PORT}:80"), None);
        let src = "services:\n  a:\n    image: x:1\n    ports:\n      - 9000\n      - \"8080:80\"\n      - target: 80\n        published: 81\n";
        let mut ws = crate::Workspace::new();
        ws.add("compose.yaml", src);
        let r = crate::lint(&ws, &crate::Config::default());
        let fixed: Vec<Option<String>> = r
            .findings
            .iter()
            .filter(|f| f.rule == "compose-no-unbound-port-interfaces")
            .map(|f| {
                f.fix
                    .as_ref()
                    .map(|x| crate::diagnostics::apply_edits(src, &x.edits).unwrap())
            })
            .collect();
        assert_eq!(fixed.len(), 3);
        assert!(fixed[0]
            .as_ref()
            .unwrap()
            .contains("      - 127.0.0.1::9000\n"));
        assert!(fixed[1]
            .as_ref()
            .unwrap()
            .contains("      - \"127.0.0.1:8080:80\"\n"));
        assert_eq!(fixed[2], None, "long syntax: no fix");
    }

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
