//! numeric-user: the shipped image's USER is a name, which Kubernetes `runAsNonRoot` cannot verify.

use super::common::{account, chain_root_first, is_numeric, resolve, runs, vars_before, Account};
use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;
use std::collections::HashMap;

pub struct NumericUser;

static META: RuleMeta = rule_meta! {
    id: "numeric-user",
    aliases: &["DL3066"],
    severity: Severity::Info,
    category: Category::Security,
    enabled_by_default: true,
    summary: "The shipped image's USER is a name, not a numeric UID",
    why: "With `USER app` the image runs as whatever UID `app` has in the image's /etc/passwd. \
Kubernetes cannot see that: with `runAsNonRoot: true` the kubelet refuses to start a container \
whose image user is not numeric (\"image has non-numeric user, cannot verify user is non-root\"), \
and `runAsUser`/`fsGroup` and volume permissions have to be matched against a number anyway. \
`USER 10001:10001` states the IDs outright (and lets the image run without a passwd entry).\n\n\
This is hadolint's DL3066 (same idea, same severity), on the USER that is in effect when the \
image ships: the last USER of each shipped stage, inherited from a local stage it is built on \
when it sets none (BuildKit carries the image config, USER included, over from that stage). \
hadolint 2.15.1 reports every named USER; its maintainers have since narrowed DL3066 to the last \
USER of the last stage, because root in build stages and during package installs is common and \
legitimate (hadolint pull request 1239). USERs in builder stages and earlier USERs that a later \
one replaces are not reported. An effective `USER root` is reported as hadolint does (without a \
fix: `USER 0` would change nothing, the image should not run as root, see DL3002). As in DL3066, \
only the user part matters (`USER 10001:app` is fine). A value from an ARG or ENV is resolved; \
one that cannot be resolved is not reported, as hadolint now does too (pull request 1226).\n\n\
In a snippet without FROM, the last USER is judged as the image's. \
Windows images (`ContainerUser`, nanoserver, servercore) are not reported: Windows users have \
names and no numeric UID, and Kubernetes selects them by name (`runAsUserName`).\n\n\
The fix (safe) replaces the name by the numbers when this file creates the user with an \
explicit UID (`useradd -u`, `adduser -u`/`--uid`) in the stage or a stage it is built on: the \
primary GID is added when it is known too (`-g 10001`, or a group created with `groupadd -g`) \
and the user has no supplementary groups; otherwise only the UID is used, which Docker resolves \
to the same passwd entry. Two base image users with documented IDs are known as well: \
`nonroot` in distroless and Chainguard images (65532:65532) and `node` in the official node \
images (1000:1000).",
    bad: "FROM debian:12-slim\nRUN groupadd -g 10001 app && useradd -u 10001 -g app -m app\nUSER app\n",
    good: "FROM debian:12-slim\nRUN groupadd -g 10001 app && useradd -u 10001 -g app -m app\nUSER 10001:10001\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3066",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "https://docs.docker.com/reference/dockerfile/#user",
        "https://github.com/hadolint/hadolint/pull/1239",
        "https://github.com/hadolint/hadolint/pull/1226",
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-runasusername/",
    ],
};

/// A user the file creates: its UID, primary GID when known, and whether it has other groups.
#[derive(Debug, Clone, Default)]
struct Known {
    uid: Option<String>,
    gid: Option<String>,
    supplementary: bool,
}

/// Windows images: users are names (`ContainerUser`), there is no numeric UID.
fn windows(base: &str, user: &str) -> bool {
    let b = base.to_ascii_lowercase();
    let u = user.to_ascii_lowercase();
    u == "containeruser"
        || u == "containeradministrator"
        || ["nanoserver", "servercore", "windows/", "windows:"]
            .iter()
            .any(|k| b.contains(k))
}

/// Users that well-known base images define with documented IDs: distroless and Chainguard
/// `nonroot` (65532) and the official node images' `node` (1000).
fn base_user(base: &str, user: &str) -> Option<Known> {
    let r = crate::dockerfile::model::ImageRef::parse(base);
    let registry = r.registry.as_deref().unwrap_or("docker.io");
    let repo = r
        .repository
        .strip_prefix("library/")
        .unwrap_or(&r.repository);
    let id = match (registry, repo, user) {
        ("gcr.io", rp, "nonroot") if rp.starts_with("distroless/") => "65532",
        ("cgr.dev", _, "nonroot") => "65532",
        ("docker.io", "node", "node") => "1000",
        _ => return None,
    };
    Some(Known {
        uid: Some(id.to_string()),
        gid: Some(id.to_string()),
        supplementary: false,
    })
}

impl Rule for NumericUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let all_runs = runs(cx);
        let mut seen = Vec::new();
        // A snippet without FROM: its USER is judged as the image's.
        let snippet = cx
            .model
            .stages
            .first()
            .filter(|s| s.anonymous)
            .map(|s| s.index);
        for shipped in cx.shipped_stages().into_iter().chain(snippet) {
            let chain = chain_root_first(cx, shipped);
            // The USER in effect: the last one along the chain.
            let Some(ins) = chain
                .iter()
                .rev()
                .find_map(|s| {
                    s.instructions
                        .iter()
                        .rev()
                        .find(|i| i.keyword() == Keyword::User)
                })
                .copied()
            else {
                continue;
            };
            if seen.contains(&ins.span.start) {
                continue;
            }
            seen.push(ins.span.start);
            let Args::String(word) = &ins.command.args else {
                continue;
            };
            let vars = vars_before(cx, &chain, ins.span.start);
            let raw = word.text.trim();
            let Some(value) = resolve(raw, &vars) else {
                continue;
            };
            let (user, group) = match value.split_once(':') {
                Some((u, g)) => (u.to_string(), Some(g.to_string())),
                None => (value.clone(), None),
            };
            if user.is_empty() || is_numeric(&user) {
                continue;
            }
            // Windows users have names only (and Kubernetes uses `runAsUserName` there).
            let base = chain[0].base_resolved.clone().unwrap_or_default();
            if windows(&base, &user) {
                continue;
            }

            // Users and groups this chain creates, up to the USER.
            let members: Vec<usize> = chain.iter().map(|s| s.index).collect();
            let mut users: HashMap<String, Known> = HashMap::new();
            let mut groups: HashMap<String, String> = HashMap::new();
            for run in all_runs
                .iter()
                .filter(|r| members.contains(&r.stage) && r.ins.span.start < ins.span.start)
            {
                let vars = vars_before(cx, &chain, run.ins.span.start);
                for c in run.commands() {
                    match account(c, &vars).map(|(a, _)| a) {
                        Some(Account::Group {
                            name: Some(n),
                            gid: Some(g),
                        }) if is_numeric(&g) => {
                            groups.insert(n, g);
                        }
                        Some(Account::User {
                            name: Some(n),
                            uid,
                            group: g,
                            supplementary,
                            ..
                        }) => {
                            let gid = g.and_then(|g| g.value).and_then(|g| {
                                if is_numeric(&g) {
                                    Some(g)
                                } else {
                                    groups.get(&g).cloned()
                                }
                            });
                            users.insert(
                                n,
                                Known {
                                    uid: uid.filter(|u| is_numeric(u)),
                                    gid,
                                    supplementary,
                                },
                            );
                        }
                        Some(Account::Membership { user: Some(u) }) => {
                            if let Some(k) = users.get_mut(&u) {
                                k.supplementary = true;
                            }
                        }
                        _ => {}
                    }
                }
            }

            if user == "root" {
                // Root is UID 0 everywhere: writing `USER 0` would silence this and change
                // nothing, so there is no fix; the image should not run as root at all (DL3002).
                out.push(Diagnostic::new(
                    word.span,
                    "USER `root` is a name: Kubernetes `runAsNonRoot` cannot verify it, and it is root; switch to an unprivileged numeric UID",
                ));
                continue;
            }
            let mut d = Diagnostic::new(
                word.span,
                format!("USER `{user}` is a name: Kubernetes `runAsNonRoot` cannot verify it is not root; use the numeric UID (and GID)"),
            );
            let literal = !raw.contains('$');
            let known = users.get(&user).cloned().or_else(|| {
                let k = base_user(&base, &user)?;
                // The base image's user has a group of the same name and ID.
                if let Some(g) = &k.gid {
                    groups.entry(user.clone()).or_insert_with(|| g.clone());
                }
                Some(k)
            });
            if let (true, Some(k)) = (literal, known.as_ref()) {
                if let Some(uid) = &k.uid {
                    let gid = match &group {
                        Some(g) if is_numeric(g) => Some(g.clone()),
                        Some(g) => Some(groups.get(g).cloned().unwrap_or_else(|| g.clone())),
                        None if !k.supplementary => k.gid.clone(),
                        None => None,
                    };
                    let new = match gid {
                        Some(g) => format!("{uid}:{g}"),
                        None => uid.clone(),
                    };
                    d = d.with_fix(Fix::safe(
                        format!("Use `USER {new}`"),
                        vec![TextEdit::new(word.span, new)],
                    ));
                    let from = if users.contains_key(&user) {
                        "this file gives it".to_string()
                    } else {
                        format!("`{base}` gives it")
                    };
                    d.message = format!("USER `{user}` is a name: Kubernetes `runAsNonRoot` cannot verify it is not root; {from} UID {uid}, so use the numbers");
                }
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NumericUser as R;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn fixed(src: &str) -> Option<String> {
        let d = run(&R, src);
        assert_eq!(d.len(), 1, "{src}");
        d[0].fix
            .as_ref()
            .map(|f| apply_edits(src, &f.edits).unwrap())
    }

    #[test]
    fn names_are_reported() {
        assert_eq!(run(&R, "FROM node:22\nUSER node\n").len(), 1);
        assert_eq!(run(&R, "FROM a:1\nUSER app:app\n").len(), 1);
        assert_eq!(
            run(&R, "FROM a:1\nARG U=app\nUSER ${U}\n").len(),
            1,
            "resolved from an ARG"
        );
        assert_eq!(
            run(&R, "FROM a:1 AS base\nUSER app\nFROM base\nRUN x\n").len(),
            1,
            "inherited"
        );
        assert_eq!(run(&R, "USER app:app\n").len(), 1, "a snippet without FROM");
        assert!(run(&R, "USER 10001\n").is_empty());
    }

    #[test]
    fn effective_root_is_reported_without_a_fix() {
        for src in [
            "FROM a:1\nUSER root\n",
            "FROM a:1\nUSER app\nRUN x\nUSER root:root\n",
            "FROM a:1 AS base\nUSER root\nFROM base\nRUN x\n",
        ] {
            let d = run(&R, src);
            assert_eq!(d.len(), 1, "{src}");
            assert!(d[0].fix.is_none(), "{src}");
        }
    }

    #[test]
    fn numbers_earlier_users_and_unknowns_are_not() {
        for ok in [
            "FROM a:1\nUSER 10001\n",
            "FROM a:1\nUSER 10001:10001\n",
            "FROM a:1\nUSER 10001:app\n",
            "FROM a:1\nUSER $UNSET\n",
            "FROM a:1 AS build\nUSER root\nRUN x\nFROM b:1\nUSER 1000\n",
            "FROM a:1\nUSER root\nRUN x\nUSER 1000\n",
            "FROM a:1\nARG UID=1000\nUSER $UID\n",
            "FROM a:1\nRUN x\n",
            "FROM a:1 AS build\nUSER builder\nFROM b:1\nUSER 1000\n",
            "FROM a:1\nUSER app\nUSER 1000\n",
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER app\n",
        ] {
            assert!(run(&R, ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn fixes_use_the_created_ids() {
        assert_eq!(
            fixed("FROM d:1\nRUN useradd -u 10001 -g 10001 app\nUSER app\n").as_deref(),
            Some("FROM d:1\nRUN useradd -u 10001 -g 10001 app\nUSER 10001:10001\n")
        );
        assert_eq!(
            fixed("FROM d:1\nRUN groupadd -g 2000 grp && useradd -u 1500 -g grp app\nUSER app\n")
                .as_deref(),
            Some("FROM d:1\nRUN groupadd -g 2000 grp && useradd -u 1500 -g grp app\nUSER 1500:2000\n")
        );
        assert_eq!(
            fixed("FROM alpine:3\nARG UID=1001\nRUN adduser -D -u $UID app\nUSER app\n").as_deref(),
            Some("FROM alpine:3\nARG UID=1001\nRUN adduser -D -u $UID app\nUSER 1001\n"),
            "no known GID: the UID alone"
        );
        assert_eq!(
            fixed("FROM d:1\nRUN useradd -u 7 -g 7 -G audio app\nUSER app\n").as_deref(),
            Some("FROM d:1\nRUN useradd -u 7 -g 7 -G audio app\nUSER 7\n"),
            "supplementary groups: keep Docker's lookup"
        );
        assert_eq!(
            fixed("FROM d:1\nRUN adduser --uid 990 --system web\nUSER web:staff\n").as_deref(),
            Some("FROM d:1\nRUN adduser --uid 990 --system web\nUSER 990:staff\n")
        );
        assert_eq!(
            fixed("FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot\n")
                .as_deref(),
            Some("FROM gcr.io/distroless/static-debian12:nonroot\nUSER 65532:65532\n"),
            "a base image user with a documented UID"
        );
        assert_eq!(
            fixed("FROM node:22-alpine\nUSER node\n").as_deref(),
            Some("FROM node:22-alpine\nUSER 1000:1000\n")
        );
        assert_eq!(
            fixed("FROM d:1\nRUN useradd app\nUSER app\n"),
            None,
            "no UID in the file"
        );
        assert_eq!(
            fixed("FROM d:1 AS other\nRUN useradd -u 5 app\nFROM d:1\nUSER app\n"),
            None,
            "created in an unrelated stage"
        );
    }
}
