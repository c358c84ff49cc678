//! inconsistent-uids: sibling images that run as different UIDs, or give one user name different UIDs.

use super::consistency::{
    divergences, emit, has_word, others_list, runs, unsilenced, CreatedUser, Doc, Use,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::semantic::runs::RunSite;
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct InconsistentUids;

const ID: &str = "inconsistent-uids";

static META: RuleMeta = rule_meta! {
    id: ID,
    aliases: &[],
    severity: Severity::Info,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Sibling images run as different UIDs, or create one user name with different UIDs",
    why: "File ownership is a number, not a name. When `api` runs as UID 1000 and `worker` as UID \
1001, files one of them writes to a shared volume (uploads, a cache, a SQLite file, a socket) are not \
writable by the other, and host bind mounts need different ownership per service. The same user name \
with two UIDs (`useradd -u 1000 app` here, `adduser -u 1001 app` there) is worse: the files look \
right by name and still fail with permission errors.\n\n\
Two checks across the project's Dockerfiles: every `useradd`/`adduser` with `-u`/`--uid` for the same \
name must agree (reported on the UID), and the user the shipped stage ends with (`USER 1000:1000`, or \
`USER app` with `app` created here with a UID) should be the same UID (reported on the USER). Only \
UIDs the Dockerfiles choose count: root, users without a known UID and users that come with the base \
image are not compared; ARG and ENV defaults are resolved (`useradd -u ${UID}`). A comment right \
above the USER or RUN that mentions the UID (or the word UID) states the reason and takes that line \
out of the comparison, as does `# hadolint ignore=inconsistent-uids`.",
    bad: "# api/Dockerfile\nFROM python:3.12-slim\nRUN useradd -u 1001 app\nUSER app\nCMD [\"python\", \"-m\", \"api\"]\n",
    good: "# api/Dockerfile\nFROM python:3.12-slim\nRUN useradd -u 1000 app\nUSER app\nCMD [\"python\", \"-m\", \"api\"]\n",
    has_fix: false,
    files: &[(
        "worker/Dockerfile",
        "FROM python:3.12-slim\nRUN useradd -u 1000 app\nUSER 1000:1000\nCMD [\"python\", \"-m\", \"worker\"]\n",
    )],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#user",
        "https://docs.docker.com/engine/storage/volumes/",
    ],
};

fn is_uid(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the comments right above an instruction give a reason for its UID.
fn stated(ins: &Instruction, uid: &str) -> bool {
    ins.prev_comments
        .iter()
        .any(|c| c.to_ascii_lowercase().contains("uid") || has_word(c, uid))
}

/// Users created with an explicit UID, in file order, from the file's RUN collection `sites`
/// (what [`super::consistency::Facts`] keeps of them).
pub(super) fn created(doc: &Doc<'_, '_>, sites: &[RunSite<'_>]) -> Vec<CreatedUser> {
    let mut out = Vec::new();
    let want = |t: &str| has_word(t, "useradd") || has_word(t, "adduser");
    for run in runs(doc, sites, want) {
        for c in run.commands() {
            let v = c.unwrapped();
            let Some(prog) = v.program() else { continue };
            if prog != "useradd" && prog != "adduser" {
                continue;
            }
            let Some(uid) = v.flag_value(Some('u'), Some("uid")) else {
                continue;
            };
            let resolve = |w: &crate::shell::ShWord, text: &str| {
                if w.has_expansion {
                    doc.resolve(run.stage, run.ins.span.start, text)
                } else {
                    Some(text.to_string())
                }
            };
            let Some(uid_text) = resolve(uid.word, &uid.text) else {
                continue;
            };
            let ops = crate::rules::runtime::account_operands(&v);
            // useradd [options] LOGIN; adduser [options] USER [GROUP].
            let name = if prog == "useradd" {
                ops.last()
            } else {
                ops.first()
            };
            let Some(name) = name.and_then(|w| resolve(w, &w.text)) else {
                continue;
            };
            if !is_uid(&uid_text) || stated(run.ins, &uid_text) {
                continue;
            }
            out.push(CreatedUser {
                name,
                uid: uid_text,
                span: uid.word.span,
                ins: run.ins.span.start,
            });
        }
    }
    out
}

/// The USER a shipped stage ends with (looking through the stages it builds on), with its stage.
fn last_user<'a>(doc: &'a Doc<'_, '_>, shipped: usize) -> Option<(usize, &'a Instruction)> {
    for s in doc.chain(shipped) {
        let stage = &doc.model.stages[s];
        if let Some(ins) = stage
            .instructions
            .iter()
            .rev()
            .find(|i| i.keyword() == Keyword::User)
        {
            return Some((s, ins));
        }
    }
    None
}

/// The UIDs a file's shipped stages run as (their last USER, looking through the stages they
/// build on), each with the user name when the USER gives a name that `users` creates with one
/// UID (what [`super::consistency::Facts`] keeps of them).
pub(super) fn runtime(doc: &Doc<'_, '_>, users: &[CreatedUser]) -> Vec<(Use, Option<String>)> {
    let mut out = Vec::new();
    for shipped in doc.shipped_stages() {
        let Some((stage, ins)) = last_user(doc, shipped) else {
            continue;
        };
        let Args::String(w) = &ins.command.args else {
            continue;
        };
        let written = unquote(&w.text, doc.model.dockerfile.escape);
        let Some(value) = doc.resolve(stage, ins.span.start, &written) else {
            continue;
        };
        let user = value.split(':').next().unwrap_or("").trim().to_string();
        let (uid, name) = if is_uid(&user) {
            (user, None)
        } else {
            let mut uids: Vec<&str> = users
                .iter()
                .filter(|u| u.name == user && u.ins < ins.span.start)
                .map(|u| u.uid.as_str())
                .collect();
            uids.dedup();
            let [uid] = uids.as_slice() else { continue };
            (uid.to_string(), Some(user))
        };
        if uid.trim_start_matches('0').is_empty() || stated(ins, &uid) {
            continue;
        }
        let shown = match &name {
            Some(n) => format!("UID {uid} (`{n}`)"),
            None => format!("UID {uid}"),
        };
        out.push((
            Use {
                doc: 0,
                key: uid,
                span: w.span,
                shown,
            },
            name,
        ));
    }
    out
}

impl WorkspaceRule for InconsistentUids {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn reads_docs(&self) -> bool {
        true
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        if a.dockerfiles.len() < 2 {
            return;
        }
        let docs = a.docs();
        let mut by_name: BTreeMap<String, Vec<Use>> = BTreeMap::new();
        let mut runtime: Vec<Use> = Vec::new();
        // Runtime uses made through a user name: (doc, span start) -> name.
        let mut runtime_names: HashMap<(usize, usize), String> = HashMap::new();
        // (doc, name) of users whose UIDs the name check reports.
        let mut conflicted: HashSet<(usize, String)> = HashSet::new();
        for (i, doc) in docs.iter().enumerate() {
            let users = &doc.facts.users;
            for u in users {
                by_name.entry(u.name.clone()).or_default().push(Use {
                    doc: i,
                    key: u.uid.clone(),
                    span: u.span,
                    shown: format!("UID {}", u.uid),
                });
            }
            for (u, name) in &doc.facts.runtime {
                if let Some(n) = name {
                    runtime_names.insert((i, u.span.start), n.clone());
                }
                runtime.push(Use {
                    doc: i,
                    ..u.clone()
                });
            }
        }
        let never = |_: &Use, _: &Use| false;
        for (name, uses) in by_name {
            let uses = unsilenced(docs, ID, uses);
            let divs = divergences(docs, &uses, &never);
            for d in &divs {
                conflicted.insert((d.this.doc, name.clone()));
                conflicted.extend(d.others.iter().map(|o| (o.doc, name.clone())));
            }
            emit(
                docs,
                divs,
                |d| {
                    format!(
                        "user `{name}` is created with {} here, but with {}: files it owns in one image are not its own in the other; give it one UID",
                        d.this.shown,
                        others_list(docs, &d.others)
                    )
                },
                out,
            );
        }
        // A user whose UIDs the check above reports is not reported again on its USER lines.
        runtime.retain(|u| {
            runtime_names
                .get(&(u.doc, u.span.start))
                .is_none_or(|n| !conflicted.contains(&(u.doc, n.clone())))
        });
        let runtime = unsilenced(docs, ID, runtime);
        let divs = divergences(docs, &runtime, &never);
        emit(
            docs,
            divs,
            |d| {
                format!(
                    "this image runs as {}, but {}: files one service writes to a shared volume will not be writable by the other; run them as one UID or say why in a comment",
                    d.this.shown,
                    others_list(docs, &d.others)
                )
            },
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::consistency::testing::findings;
    use super::*;

    const RULE: &str = ID;

    #[test]
    fn same_name_different_uids() {
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "FROM debian:12\nRUN groupadd -g 1000 app && useradd -m -u 1000 -g app -s /bin/bash app\nUSER app\n",
                ),
                (
                    "b/Dockerfile",
                    "FROM alpine:3.20\nRUN addgroup -S app && adduser -S -u 1001 -G app -h /home/app app\nUSER app\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("a/Dockerfile", 2));
        assert!(
            f[0].2.contains(
                "user `app` is created with UID 1000 here, but with UID 1001 in b/Dockerfile:2"
            ),
            "{}",
            f[0].2
        );
        assert_eq!((f[1].0.as_str(), f[1].1), ("b/Dockerfile", 2));
    }

    #[test]
    fn runtime_uids() {
        let f = findings(
            &[
                ("a/Dockerfile", "FROM debian:12\nUSER 1000:1000\n"),
                (
                    "b/Dockerfile",
                    "FROM debian:12\nARG APP_UID=1001\nRUN useradd --uid=${APP_UID} svc\nUSER svc\n",
                ),
                ("c/Dockerfile", "FROM debian:12\nUSER 1000\n"),
            ],
            RULE,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("b/Dockerfile", 4));
        assert!(
            f[0].2.contains("runs as UID 1001 (`svc`), but UID 1000 in a/Dockerfile:2 and UID 1000 in c/Dockerfile:2"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn consistent_unknown_root_and_stated() {
        // Same UID spelled differently; root; an unresolvable variable; a builder stage's USER.
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "FROM debian:12\nRUN useradd -u 1000 app\nUSER app:app\n",
                ),
                ("b/Dockerfile", "FROM debian:12\nUSER 1000\n"),
                ("c/Dockerfile", "FROM debian:12\nUSER root\n"),
                ("d/Dockerfile", "FROM debian:12\nARG U\nUSER ${U}\n"),
                (
                    "e/Dockerfile",
                    "FROM debian:12 AS build\nUSER 4242\nFROM debian:12\nUSER 1000\n",
                ),
                ("f/Dockerfile", "FROM node:22\nUSER node\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        // A comment naming the UID states why it differs.
        let f = findings(
            &[
                ("a/Dockerfile", "FROM debian:12\nUSER 1000\n"),
                (
                    "b/Dockerfile",
                    "FROM nginx:1.27\n# nginx's own uid, so the shared volume stays readable\nUSER 101\n",
                ),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        let f = findings(
            &[
                ("a/Dockerfile", "FROM debian:12\nUSER 1000\n"),
                (
                    "b/Dockerfile",
                    "FROM nginx:1.27\n# drop privileges\nUSER 101\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn same_user_reported_once() {
        // `app` differs: reported on the useradd UIDs, not again on the USER lines.
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "FROM debian:12\nRUN useradd -u 1000 app\nUSER app\n",
                ),
                (
                    "b/Dockerfile",
                    "FROM debian:12\nRUN useradd -u 1001 app\nUSER app\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|x| x.1 == 2), "{f:?}");
    }

    #[test]
    fn compose_targets_choose_the_shipped_stage() {
        let compose = "services:\n  a:\n    build:\n      context: a\n      target: runtime\n  b:\n    build: b\n";
        let f = findings(
            &[
                ("compose.yaml", compose),
                (
                    "a/Dockerfile",
                    "FROM debian:12 AS runtime\nUSER 1000\nFROM runtime AS debug\nUSER 2000\n",
                ),
                ("b/Dockerfile", "FROM debian:12\nUSER 1000\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
