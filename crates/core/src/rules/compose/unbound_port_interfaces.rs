//! compose-no-unbound-port-interfaces: A port is published on every network interface.

use super::dclint_common::{
    entry_span, host_ip, port_entries, replace_scalar, split_colons, text_of,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct NoUnboundPortInterfaces;

static UNBOUND_META: RuleMeta = rule_meta! {
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
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
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
                        Some((
                            replace_scalar(&c.fix_budget, text_of(a, c), &c.yaml, n.span, &v)?,
                            v,
                        ))
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
}
