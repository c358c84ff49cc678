//! no-user: the shipped stage never switches away from root (hadolint #328).

use super::common::runs;
use crate::dockerfile::model::Stage;
use crate::dockerfile::Keyword;
use crate::rules::edits::append_user;
use crate::rules::{stage_chain, Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct NoUser;

static META: RuleMeta = rule_meta! {
    id: "no-user",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Security,
    enabled_by_default: true,
    summary: "The shipped stage never sets USER, so the container runs as root",
    why: "Most base images run as root, and without a USER instruction so does your process. Root \
in a container is root on the host's kernel: a container escape, a writable host mount or a \
mounted Docker socket becomes a full host compromise, and Kubernetes `runAsNonRoot` refuses the \
image. Create an unprivileged user and end the final stage with `USER <uid>` (a numeric UID lets \
orchestrators verify it). This is hadolint's most requested missing check (issue #328); DL3002 \
only catches an explicit `USER root`.\n\n\
Only the last stage is judged (builder stages may need root). A USER in a local stage it is built \
on (`FROM base`) is inherited and counts; when the USER in effect is root (set in the stage or \
inherited), that is DL3002's finding, reported on the USER line, so a `# hadolint ignore=DL3002` \
there keeps working. Base images cannot \
be inspected offline, so only these are known to run as non-root: tags and names containing \
`nonroot`, `non-root`, `rootless` or `unprivileged` (distroless `:nonroot`, \
`docker:dind-rootless`, `nginxinc/nginx-unprivileged`) and Windows `nanoserver` images (which run \
as `ContainerUser`). Any other image (including `scratch`, Bitnami and Chainguard images, whose \
defaults vary by image) is assumed to run as root: state the user explicitly with USER. A base \
given by a variable without a default (`FROM ${BASE}`) is unknown and not reported. A stage that \
installs or calls a tool that switches users at run time (`gosu`, `su-exec`, `setpriv`, \
`runuser`, `s6-setuidgid`, `chpst`) is taken to start as root on purpose and drop privileges in \
its entrypoint, the pattern of many official images, and is not reported.\n\n\
The fix (unsafe: the process loses root, and files it writes must be writable by the new user) \
appends `USER` at the end of the stage: the UID of a user the stage (or a stage it is built on) \
creates with `useradd`/`adduser` (its name when no `-u`/`--uid` is given), else `65534:65534`, \
the `nobody` user and group of Debian, Ubuntu, Alpine and BusyBox, which also works on `scratch` \
since a numeric UID needs no `/etc/passwd` entry.",
    bad: "FROM alpine:3.20\nCOPY app /usr/local/bin/app\nCMD [\"app\"]\n",
    good: "FROM alpine:3.20\nRUN adduser -D -u 10001 app\nCOPY app /usr/local/bin/app\nUSER 10001\nCMD [\"app\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/issues/328",
        "https://docs.docker.com/reference/dockerfile/#user",
    ],
};

/// Base images known to run as a non-root user without a USER instruction.
pub(crate) fn known_non_root(image: &str) -> bool {
    let lower = image.to_ascii_lowercase();
    [
        "nonroot",
        "non-root",
        "rootless",
        "unprivileged",
        "nanoserver",
    ]
    .iter()
    .any(|k| lower.contains(k))
}

/// The programs that drop privileges at run time.
const TOOLS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "runuser",
    "s6-setuidgid",
    "chpst",
];

/// Whether `text` holds the name of one of [`TOOLS`] anywhere (a quick test before reading words).
fn names_a_tool(text: &str) -> bool {
    TOOLS.iter().any(|t| text.contains(t))
}

/// Whether text names a tool that switches user at run time (`gosu app cmd`, `su-exec`, ...).
fn mentions_privilege_drop(text: &str) -> bool {
    names_a_tool(text)
        && text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .any(|w| TOOLS.contains(&w))
}

/// Options of `useradd` (shadow) and `adduser` (Debian, BusyBox) that take a value.
const USER_OPTS_WITH_VALUE: &[&str] = &[
    "-b",
    "-c",
    "-d",
    "-e",
    "-f",
    "-g",
    "-G",
    "-h",
    "-k",
    "-K",
    "-p",
    "-s",
    "-u",
    "-R",
    "-P",
    "-Z",
    "--base-dir",
    "--comment",
    "--home",
    "--home-dir",
    "--expiredate",
    "--inactive",
    "--gid",
    "--groups",
    "--skel",
    "--key",
    "--password",
    "--shell",
    "--uid",
    "--root",
    "--prefix",
    "--selinux-user",
    "--ingroup",
    "--gecos",
    "--firstuid",
    "--lastuid",
    "--conf",
    "--extrausers",
    "--add-extra-groups",
];

/// The user a stage creates with `useradd`/`adduser`: its literal UID, else its name.
fn created_user(cx: &Context<'_>, chain: &[&Stage<'_>]) -> Option<String> {
    let indexes: Vec<usize> = chain.iter().map(|s| s.index).collect();
    let mut found = None;
    for run in runs(cx).iter() {
        if !run.stage.is_some_and(|i| indexes.contains(&i)) {
            continue;
        }
        for c in run.commands() {
            if !matches!(c.program_name(), Some("useradd" | "adduser")) {
                continue;
            }
            let v = c.named_view();
            let mut uid = None;
            let mut names = Vec::new();
            let mut i = 0;
            while i < v.args.len() {
                let w = &v.args[i];
                let t = w.text.as_str();
                if let Some(u) = t.strip_prefix("--uid=") {
                    uid = Some(u.to_string());
                } else if t == "-u" || t == "--uid" {
                    uid = v.args.get(i + 1).map(|n| n.text.clone());
                    i += 1;
                } else if USER_OPTS_WITH_VALUE.contains(&t) {
                    i += 1;
                } else if !t.starts_with('-') {
                    names.push(w);
                }
                i += 1;
            }
            // `adduser user group` adds a user to a group: no new user.
            let [name] = names.as_slice() else { continue };
            let literal = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            };
            let pick = match uid {
                Some(u) if !u.is_empty() && u.bytes().all(|b| b.is_ascii_digit()) => u,
                _ if !name.has_expansion && literal(&name.text) => name.text.clone(),
                _ => continue,
            };
            if is_root(&pick) {
                continue;
            }
            found = Some(pick);
        }
    }
    found
}

/// The fix: switch to the created user, else to `nobody` by number.
fn user_fix(cx: &Context<'_>, last: &Stage<'_>, chain: &[&Stage<'_>]) -> crate::diagnostics::Fix {
    match created_user(cx, chain) {
        Some(u) => append_user(
            cx,
            last,
            &u,
            format!("Run as `{u}` (created in the Dockerfile)"),
        ),
        None => append_user(
            cx,
            last,
            "65534:65534",
            "Run as `65534:65534` (nobody)".to_string(),
        ),
    }
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}

impl Rule for NoUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(last) = cx.model.final_stage() else {
            return;
        };
        let chain = stage_chain(cx.model, last);
        // The last USER along the chain, nearest stage first.
        let user = chain.iter().find_map(|s| {
            s.instructions
                .iter()
                .rev()
                .find(|i| i.keyword() == Keyword::User)
                .map(|i| (s.index, i))
        });
        let root_stage = chain[chain.len() - 1];
        // Started as root on purpose, dropping privileges in the entrypoint (official images).
        // (One look at the whole file first: most files name none of the tools.)
        let drops = names_a_tool(cx.text)
            && chain.iter().flat_map(|s| s.instructions.iter()).any(|i| {
                matches!(
                    i.keyword(),
                    Keyword::Run
                        | Keyword::Entrypoint
                        | Keyword::Cmd
                        | Keyword::Copy
                        | Keyword::Add
                ) && mentions_privilege_drop(i.span.slice(cx.text))
            });
        if drops {
            return;
        }
        let anchor = last.base.map_or(last.from.command.name_span, |w| w.span);
        match user {
            // A USER of its own, or one inherited from a local stage: when that is root, it is
            // DL3002's finding (on the USER line, where `# hadolint ignore=DL3002` silences it).
            Some(_) => {}
            None => {
                // An ARG without a default resolves to nothing: the base is unknown.
                let Some(base) = root_stage
                    .base_resolved
                    .as_deref()
                    .filter(|b| !b.trim().is_empty())
                else {
                    return;
                };
                if known_non_root(base) {
                    return;
                }
                out.push(
                    Diagnostic::new(
                        anchor,
                        format!("the shipped stage never sets USER, so the container runs as `{base}`'s default user, normally root; add `USER <uid>`"),
                    )
                    .with_fix(user_fix(cx, last, &chain)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NoUser;
    use crate::rules::run;

    #[test]
    fn final_stage_and_its_parents() {
        assert_eq!(run(&NoUser, "FROM a:1\nRUN x\n").len(), 1);
        assert_eq!(run(&NoUser, "FROM scratch\nCOPY x /x\n").len(), 1);
        assert!(run(&NoUser, "FROM a:1\nUSER 1000\n").is_empty());
        assert!(
            run(&NoUser, "FROM a:1\nUSER root\n").is_empty(),
            "DL3002's case"
        );
        assert_eq!(
            run(
                &NoUser,
                "FROM a:1 AS b\nUSER app\nFROM c:1\nCOPY --from=b /x /x\n"
            )
            .len(),
            1,
            "only the chain of the shipped stage counts"
        );
        assert!(run(&NoUser, "FROM a:1 AS b\nUSER app\nFROM b\nRUN x\n").is_empty());
        assert!(
            run(&NoUser, "FROM a:1 AS b\nUSER root\nFROM b\nRUN x\n").is_empty(),
            "inherited root is DL3002's case"
        );
        assert!(run(&NoUser, "FROM a:1 AS b\nFROM c:1\nUSER 1\n").is_empty());
    }

    #[test]
    fn privilege_dropping_entrypoints() {
        assert!(run(
            &NoUser,
            "FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT [\"docker-entrypoint.sh\"]\n"
        )
        .is_empty());
        assert!(run(
            &NoUser,
            "FROM alpine:3\nCMD [\"su-exec\", \"app\", \"srv\"]\n"
        )
        .is_empty());
        assert_eq!(
            run(&NoUser, "FROM alpine:3\nRUN echo gosuperuser\n").len(),
            1
        );
    }

    fn fixed(src: &str) -> String {
        let d = run(&NoUser, src);
        let fix = d[0].fix.as_ref().expect("a fix");
        crate::diagnostics::apply_edits(src, &fix.edits).unwrap()
    }

    #[test]
    fn fix_uses_the_created_user_or_nobody() {
        assert_eq!(
            fixed("FROM alpine:3\nRUN addgroup -S app && adduser -S -D -u 10001 -G app app\nCMD [\"app\"]\n"),
            "FROM alpine:3\nRUN addgroup -S app && adduser -S -D -u 10001 -G app app\nCMD [\"app\"]\nUSER 10001\n"
        );
        assert_eq!(
            fixed("FROM debian:12 AS base\nRUN useradd --create-home --shell /bin/bash appuser\nFROM base\nCOPY a /a"),
            "FROM debian:12 AS base\nRUN useradd --create-home --shell /bin/bash appuser\nFROM base\nCOPY a /a\nUSER appuser"
        );
        assert_eq!(
            fixed("FROM debian:12\nRUN adduser app sudo\n"),
            "FROM debian:12\nRUN adduser app sudo\nUSER 65534:65534\n",
            "adding a user to a group creates nobody"
        );
        assert_eq!(
            fixed("FROM a:1 AS b\nRUN useradd -u 5 x\nFROM c:1\nCOPY --from=b /x /x\n"),
            "FROM a:1 AS b\nRUN useradd -u 5 x\nFROM c:1\nCOPY --from=b /x /x\nUSER 65534:65534\n",
            "a user of another stage does not exist here"
        );
        let out = fixed("FROM scratch\nCOPY x /x\n");
        assert!(run(&NoUser, &out).is_empty(), "{out}");
    }

    #[test]
    fn known_non_root_bases() {
        for base in [
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "nginxinc/nginx-unprivileged:1.27",
            "docker:27-dind-rootless",
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
        ] {
            assert!(
                run(&NoUser, &format!("FROM {base}\nCOPY a /a\n")).is_empty(),
                "{base}"
            );
        }
        assert!(run(&NoUser, "ARG BASE\nFROM ${BASE}\nRUN x\n").is_empty());
        assert_eq!(
            run(
                &NoUser,
                "ARG BASE=gcr.io/distroless/static:latest\nFROM ${BASE}\n"
            )
            .len(),
            1
        );
        assert!(run(
            &NoUser,
            "ARG T=nonroot\nFROM gcr.io/distroless/static:${T}\n"
        )
        .is_empty());
    }
}
