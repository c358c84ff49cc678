//! What the compose rules share beyond the YAML text helpers of `crate::compose::edit`: the text
//! of a compose file in the analysis, and the fixed texts of a rule's bad example (for tests).

pub(crate) use crate::compose::edit::*;
use crate::compose::ComposeFile;
use crate::semantic::Analysis;
use crate::source::Span;
use crate::yaml::{Kind, Node};

/// Give `key` the next place in an order being built, unless it already has one: the places
/// compare as the keys' first positions in the order as written, repeats and all, do.
pub(crate) fn place<'a>(places: &mut std::collections::HashMap<&'a str, usize>, key: &'a str) {
    let next = places.len();
    places.entry(key).or_insert(next);
}

pub(crate) fn text_of<'a>(a: &'a Analysis<'_>, c: &ComposeFile) -> &'a str {
    a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("")
}

/// For rules' tests: apply every fix the rule offers on its own bad example (one at a time) and
/// check the file still parses and the rule reports fewer findings. Returns the fixed texts.
#[cfg(test)]
pub(crate) fn bad_example_fixes(rule: &dyn super::WorkspaceRule) -> Vec<String> {
    use crate::{lint, Config, Workspace};
    let m = rule.meta();
    let ws_with = |compose: &str| {
        let mut ws = Workspace::new();
        ws.add("compose.yaml", compose);
        for (p, t) in m.files {
            ws.add(*p, *t);
        }
        ws
    };
    let before = lint(&ws_with(m.bad), &Config::default());
    let hits: Vec<_> = before.findings.iter().filter(|f| f.rule == m.id).collect();
    assert!(
        !hits.is_empty(),
        "{}: the bad example does not trigger",
        m.id
    );
    let mut out = Vec::new();
    for f in hits.iter().filter(|f| f.file == "compose.yaml") {
        let Some(fix) = &f.fix else { continue };
        let text = crate::diagnostics::apply_edits(m.bad, &fix.edits).expect("the fix applies");
        let after = lint(&ws_with(&text), &Config::default());
        assert!(
            after.errors.is_empty(),
            "{}: {:?}\n{text}",
            m.id,
            after.errors
        );
        let left = after.findings.iter().filter(|x| x.rule == m.id).count();
        assert!(
            left < hits.len(),
            "{}: the fix does not remove the finding:\n{text}",
            m.id
        );
        out.push(text);
    }
    assert_eq!(
        m.has_fix,
        !out.is_empty(),
        "{}: has_fix must say whether the bad example gets a fix",
        m.id
    );
    out
}

// Ports: how dclint reads `ports` entries (the port rules and the ports order rule).

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

pub(super) fn unbracket(s: &str) -> &str {
    s.strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s)
}

pub(super) fn scalar_text(n: &Node) -> Option<&str> {
    n.as_str()
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
pub(super) fn entry_span(n: &Node) -> Span {
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
pub(super) fn port_entries(c: &crate::compose::ComposeFile) -> Vec<(&str, &Node)> {
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

/// dclint's reading of an entry's published port and protocol: the part before the first colon, or
/// the one after a leading IP address (`"9000"` reads as 9000); `published` in the long syntax.
pub(super) fn published_port(n: &Node) -> (String, String) {
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

// Container names (the two container_name rules).

pub(super) fn valid_container_name(s: &str) -> bool {
    let mut chars = s.chars();
    let ok_rest = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && s.len() >= 2
        && chars.all(ok_rest)
}
