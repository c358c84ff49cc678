//! useradd-missing-group: `useradd -g GROUP` (or `adduser -G`/`--ingroup`/`--gid`) naming a group
//! that does not exist yet, so the build fails.

use super::common::{account, is_numeric, runs, Account, RunAt, UserTool, Val, WELL_KNOWN_GROUPS};
use crate::diagnostics::Fix;
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::{CmdView, Op};
use crate::source::{LineIndex, TextEdit};
use std::cell::OnceCell;
use std::collections::HashSet;
use std::rc::Rc;

pub struct UseraddMissingGroup;

static META: RuleMeta = rule_meta! {
    id: "useradd-missing-group",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "useradd puts the user in a group that does not exist yet",
    why: "`useradd -g GROUP` (also `--gid`), BusyBox `adduser -G GROUP` and Debian `adduser \
--ingroup GROUP`/`--gid GID` do not create the group: useradd(8) says \"a group number must refer \
to an already existing group\", and the build stops with `group '10001' does not exist`. A common \
audit recommendation, `useradd -m -u 10001 -g 10001 app` on its own, fails exactly like this. The \
group has to be created *before* the user: `groupadd -g 10001 app && useradd -m -u 10001 -g 10001 \
app` (Alpine: `addgroup -S app && adduser -S -G app app`). Running groupadd after useradd, as some \
audit fixes do, is still too late.\n\n\
A group counts as existing when an earlier groupadd/addgroup (or a useradd/adduser that makes a \
user private group) in the stage or a local stage it is built on created it, or when the base \
image is known to have it. Offline the base image's /etc/group cannot be read, so only base images \
whose accounts are known are checked: the official OS and language images (debian, ubuntu, \
alpine, busybox, the Red Hat family, python, golang, rust, node, ruby, php, eclipse-temurin, \
...) and Microsoft's .NET images. They have the usual system groups (root, users, nogroup, \
staff, wheel, www-data, ...) and, for a few, one account of their own (`node` 1000 in node, \
`ubuntu` 1000 in Ubuntu 23.04 and later, `app` 1654 in .NET 8+). Numeric GIDs below 1000 (the \
system range, where packages also create groups) are not reported; names are not reported \
after a system package install in the chain, which may have created the group, unless the group \
is named after the user being created. A stage that edits /etc/group directly is not judged.\n\n\
The fix (unsafe: it changes what the build does) inserts the group creation right before the \
user creation in the same RUN.",
    bad: "FROM debian:12-slim\nRUN useradd -m -u 10001 -g 10001 app\nUSER 10001:10001\n",
    good: "FROM debian:12-slim\nRUN groupadd -g 10001 app && useradd -m -u 10001 -g 10001 app\nUSER 10001:10001\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://man7.org/linux/man-pages/man8/useradd.8.html",
        "https://man7.org/linux/man-pages/man8/groupadd.8.html",
        "https://wiki.archlinux.org/title/Users_and_groups",
    ],
};

/// What a known base image has besides the distribution's system groups.
struct KnownBase {
    names: Vec<String>,
    gids: Vec<&'static str>,
}

/// Base images whose groups are known (official images), with their own extra groups.
fn known_base(image: &str) -> Option<KnownBase> {
    let r = ImageRef::parse(image);
    let registry = r.registry.as_deref().unwrap_or("docker.io");
    let repo = r.repository.as_str();
    let tag = r.tag.as_deref().unwrap_or("latest");
    let mut kb = KnownBase {
        names: Vec::new(),
        gids: Vec::new(),
    };
    let name = match registry {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => {
            repo.strip_prefix("library/").unwrap_or(repo)
        }
        "mcr.microsoft.com" if repo.starts_with("dotnet/") => {
            kb.names.push("app".into());
            kb.gids.push("1654");
            return Some(kb);
        }
        _ => return None,
    };
    const OFFICIAL: &[&str] = &[
        "alpine",
        "debian",
        "ubuntu",
        "busybox",
        "centos",
        "fedora",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "oraclelinux",
        "archlinux",
        "python",
        "golang",
        "rust",
        "openjdk",
        "eclipse-temurin",
        "amazoncorretto",
        "ruby",
        "php",
        "perl",
        "buildpack-deps",
        "gcc",
        "node",
        "nginx",
        "httpd",
        "gradle",
    ];
    if !OFFICIAL.contains(&name) {
        return None;
    }
    kb.names.push(name.to_string());
    if matches!(name, "node" | "gradle") {
        kb.gids.push("1000");
    }
    // Ubuntu 23.04 and later ship a `ubuntu` user and group (1000).
    let t = tag.to_ascii_lowercase();
    let new_ubuntu = ["noble", "oracular", "plucky", "questing", "lunar", "mantic"]
        .iter()
        .any(|c| t.contains(c))
        || (name == "ubuntu"
            && (matches!(t.as_str(), "latest" | "rolling" | "devel")
                || t.split('.')
                    .next()
                    .and_then(|m| m.parse::<u32>().ok())
                    .is_some_and(|m| m >= 23)));
    if new_ubuntu {
        kb.names.push("ubuntu".into());
        kb.gids.push("1000");
    }
    Some(kb)
}

/// Whether a GID needs no creation: the system range (distribution and package groups) and the
/// overflow groups.
fn system_gid(g: &str) -> bool {
    g.parse::<u64>()
        .is_ok_and(|n| n < 1000 || n == 65533 || n == 65534)
}

/// The text that creates the missing group, to insert before the user creation.
fn creation_text(
    tool: UserTool,
    group: &Val<'_>,
    value: &str,
    login: Option<&str>,
    system: bool,
) -> Option<String> {
    let literal = if group.separate {
        group.word.raw.clone()
    } else if group.word.has_expansion {
        return None;
    } else {
        value.to_string()
    };
    let numeric = is_numeric(value);
    Some(match tool {
        UserTool::Useradd => {
            let sys = if system { " -r" } else { "" };
            if numeric {
                format!("groupadd{sys} -g {literal} {} && ", login?)
            } else {
                format!("groupadd{sys} {literal} && ")
            }
        }
        UserTool::BusyboxAdduser => {
            if numeric {
                return None;
            }
            let sys = if system { " -S" } else { "" };
            format!("addgroup{sys} {literal} && ")
        }
        UserTool::DebianAdduser => {
            let sys = if system { " --system" } else { "" };
            if numeric && group.flag == "--gid" {
                format!("addgroup{sys} --gid {literal} {} && ", login?)
            } else if numeric {
                return None;
            } else {
                format!("addgroup{sys} {literal} && ")
            }
        }
    })
}

/// Whether text can be inserted right before the command without changing how it is chained.
fn insertable(v: &CmdView<'_>) -> bool {
    let c = v.cmd;
    v.wrappers.is_empty()
        && !c.in_pipeline
        && !c.negated
        && matches!(c.prev_op, None | Some(Op::And) | Some(Op::Seq))
}

/// What is known at the end of a stage about the groups that exist, handed to the stages built on
/// it, so each RUN is looked at once however long the chain of stages is.
#[derive(Clone)]
struct Groups {
    names: HashSet<String>,
    gids: HashSet<String>,
    /// A system package was installed (it may have created groups).
    installed: bool,
    /// /etc/group was written by hand (or copied in): from here on the groups are not known.
    unknown: bool,
}

/// A stage's chain as seen from its end: the root's base image and what it has, and the groups.
#[derive(Clone)]
struct ChainState {
    base: Rc<str>,
    known: Rc<KnownBase>,
    groups: Rc<Groups>,
}

impl Rule for UseraddMissingGroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Only a user creation (`useradd`, `adduser`) is reported: a file whose RUNs never name
        // one needs no group tracking (one look at the whole text first, then at each RUN's).
        if memchr::memmem::find(cx.text.as_bytes(), b"user").is_none() {
            return;
        }
        let all_runs = runs(cx);
        if !all_runs
            .iter()
            .any(|r| r.ins.span.slice(cx.text).contains("user"))
        {
            return;
        }
        let lines = OnceCell::new();
        let mut by_stage: Vec<Vec<&RunAt<'_>>> = vec![Vec::new(); cx.model.stages.len()];
        for r in &all_runs {
            if let Some(v) = by_stage.get_mut(r.stage) {
                v.push(r);
            }
        }
        // Stages come after the stages they build on, so one pass in file order sees every
        // parent's state before its children.
        let mut states: Vec<Option<ChainState>> = Vec::with_capacity(cx.model.stages.len());
        for stage in &cx.model.stages {
            let start = match cx.model.parent(stage.index) {
                Some(p) if p < stage.index => states[p].clone(),
                Some(_) => None,
                None => stage.base_resolved.as_deref().and_then(|base| {
                    Some(ChainState {
                        known: Rc::new(known_base(base)?),
                        base: Rc::from(base),
                        groups: Rc::new(Groups {
                            names: HashSet::new(),
                            gids: HashSet::new(),
                            installed: false,
                            unknown: false,
                        }),
                    })
                }),
            };
            let Some(mut state) = start else {
                states.push(None);
                continue;
            };
            if !state.groups.unknown {
                // /etc/group written by hand (or copied in): the groups are not known from there.
                let etc_group_at = stage
                    .instructions
                    .iter()
                    .find(|i| {
                        matches!(i.keyword(), Keyword::Run | Keyword::Copy | Keyword::Add)
                            && i.span.slice(cx.text).contains("/etc/group")
                    })
                    .map(|i| i.span.start);
                let stage_runs = &by_stage[stage.index];
                for (k, run) in stage_runs.iter().enumerate() {
                    if etc_group_at.is_some_and(|at| at <= run.ins.span.start) {
                        break;
                    }
                    check_run(cx, &mut state, run, &stage_runs[k + 1..], &lines, out);
                }
                if etc_group_at.is_some() {
                    Rc::make_mut(&mut state.groups).unknown = true;
                }
            }
            states.push(Some(state));
        }
    }
}

/// One RUN of a stage: report user creations naming a group that does not exist yet, and note
/// the groups it creates. `later_runs` are the stage's RUNs after it.
fn check_run(
    cx: &Context<'_>,
    state: &mut ChainState,
    run: &RunAt<'_>,
    later_runs: &[&RunAt<'_>],
    lines: &OnceCell<LineIndex>,
    out: &mut Vec<Diagnostic>,
) {
    let vars = cx.vars.at(run.stage, run.ins.span.start);
    let cmds: Vec<_> = run.commands().collect();
    for (ci, c) in cmds.iter().enumerate() {
        if !state.groups.installed
            && crate::shell::packages::install_of(c).is_some_and(|i| i.manager.is_system())
        {
            Rc::make_mut(&mut state.groups).installed = true;
        }
        let Some((acc, view)) = account(c, &vars) else {
            continue;
        };
        match acc {
            Account::Group { name, gid } => {
                let groups = Rc::make_mut(&mut state.groups);
                groups.names.extend(name);
                groups.gids.extend(gid);
            }
            Account::Membership { .. } => {}
            Account::User {
                tool,
                name,
                name_word,
                uid,
                group,
                system,
                own_group,
                ..
            } => {
                if let Some(g) = &group {
                    if let Some(value) = g.value.as_deref() {
                        let groups = &state.groups;
                        let known = &state.known;
                        let exists = if is_numeric(value) {
                            groups.gids.contains(value)
                                || system_gid(value)
                                || known.gids.contains(&value)
                        } else {
                            groups.names.contains(value)
                                || WELL_KNOWN_GROUPS.contains(&value)
                                || known.names.iter().any(|n| n == value)
                                || (groups.installed && name.as_deref() != Some(value))
                        };
                        if !exists {
                            // Created later in the stage? (the order is wrong)
                            let later = cmds[ci + 1..]
                                .iter()
                                .copied()
                                .chain(later_runs.iter().flat_map(|r| r.commands()))
                                .filter_map(|c| account(c, &vars))
                                .find_map(|(a, v)| match a {
                                    Account::Group { name, gid }
                                        if name.as_deref() == Some(value)
                                            || gid.as_deref() == Some(value) =>
                                    {
                                        Some(v.cmd.span)
                                    }
                                    _ => None,
                                });
                            let what =
                                format!("{} {}", view.program().unwrap_or("useradd"), g.flag);
                            let kind = if is_numeric(value) { "GID" } else { "group" };
                            let base = &state.base;
                            let d = match later {
                                Some(at) => {
                                    let line = lines
                                        .get_or_init(|| LineIndex::new(cx.text))
                                        .line_of(at.start)
                                        + 1;
                                    Diagnostic::new(
                                        g.word.span,
                                        format!("`{what} {value}`: {kind} `{value}` is only created later (line {line}); the user creation fails because the group must exist first: move the group creation before it"),
                                    )
                                }
                                None => {
                                    let mut d = Diagnostic::new(
                                        g.word.span,
                                        format!("`{what} {value}`: no {kind} `{value}` exists at this point (nothing earlier creates it and `{base}` does not have it), so the user creation fails; create the group first"),
                                    );
                                    let login = name_word.map(|w| w.raw.as_str());
                                    let login_taken =
                                        name.as_ref().is_some_and(|n| groups.names.contains(n));
                                    if insertable(&view) && !login_taken {
                                        if let Some(text) =
                                            creation_text(tool, g, value, login, system)
                                        {
                                            let title = format!(
                                                "Create the group first: `{}`",
                                                text.trim_end_matches(" && ")
                                            );
                                            d = d.with_fix(Fix::unsafe_(
                                                title,
                                                vec![TextEdit::insert(c.span.start, text)],
                                            ));
                                        }
                                    }
                                    d
                                }
                            };
                            out.push(d);
                        }
                    }
                }
                if own_group {
                    let groups = Rc::make_mut(&mut state.groups);
                    groups.names.extend(name);
                    groups.gids.extend(uid);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UseraddMissingGroup as R;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn n(src: &str) -> usize {
        run(&R, src).len()
    }

    #[test]
    fn missing_numeric_and_named_groups() {
        assert_eq!(n("FROM debian:12\nRUN useradd -u 10001 -g 10001 app\n"), 1);
        assert_eq!(n("FROM debian:12\nRUN useradd --gid=2000 app\n"), 1);
        assert_eq!(n("FROM python:3.12-slim\nRUN useradd -g app app\n"), 1);
        assert_eq!(n("FROM alpine:3.20\nRUN adduser -D -G app app\n"), 1);
        assert_eq!(
            n("FROM ubuntu:22.04\nRUN adduser --system --ingroup svc svc\n"),
            1
        );
        assert_eq!(
            n("ARG G=4000\nFROM debian:12\nARG G\nRUN useradd -g $G app\n"),
            1,
            "a GID from an ARG default"
        );
    }

    #[test]
    fn groups_that_exist() {
        for ok in [
            "FROM debian:12\nRUN groupadd -g 10001 app && useradd -u 10001 -g 10001 app\n",
            "FROM debian:12\nRUN groupadd --gid 10001 app\nRUN useradd -g app app\n",
            "FROM alpine:3\nRUN addgroup -S app && adduser -S -G app app\n",
            "FROM alpine:3\nRUN addgroup -g 1000 app && adduser -u 1000 -G app -D app\n",
            "FROM debian:12\nRUN useradd -g users app && useradd -g 100 b && useradd -g nogroup c\n",
            "FROM debian:12\nRUN useradd -g 0 x && useradd -g staff y && useradd -g 65534 z\n",
            "FROM debian:12\nRUN useradd -u 1500 app && useradd -g app other && useradd -g 1500 o2\n",
            "FROM node:22\nRUN useradd -g node x && useradd -g 1000 y\n",
            "FROM ubuntu:24.04\nRUN useradd -g 1000 x\n",
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nRUN useradd -g app x\n",
            "FROM debian:12 AS base\nRUN groupadd -g 5000 g\nFROM base\nRUN useradd -g 5000 u\n",
            "FROM debian:12\nRUN apt-get install -y docker-ce && useradd -g docker ci\n",
            "FROM debian:12\nRUN echo 'app:x:5000:' >> /etc/group && useradd -g 5000 app\n",
            "FROM myorg/base:1\nRUN useradd -g 10001 app\n",
            "ARG BASE\nFROM ${BASE}\nRUN useradd -g 10001 app\n",
            "FROM debian:12\nRUN useradd -g $GID app\n",
            "FROM debian:12\nRUN useradd -m app\n",
        ] {
            assert!(run(&R, ok).is_empty(), "{ok}");
        }
        assert_eq!(
            n("FROM debian:12\nRUN apt-get install -y curl && useradd -g app app\n"),
            1,
            "a group named after the new user is not made by packages"
        );
    }

    #[test]
    fn only_reported_in_its_own_stage() {
        assert_eq!(
            n("FROM debian:12 AS a\nRUN useradd -g 7000 u\nFROM a AS b\nRUN true\nFROM a\n"),
            1
        );
    }

    #[test]
    fn groups_carry_down_a_chain_of_stages() {
        // Created three stages up; a package install two stages up; unknown after /etc/group.
        let chain = "FROM debian:12 AS a\nRUN groupadd -g 5000 g\nFROM a AS b\nRUN true\n\
FROM b AS c\nRUN useradd -g 5000 u && useradd -g 6000 v\n";
        assert_eq!(n(chain), 1, "only the GID nothing created");
        let installed = "FROM debian:12 AS a\nRUN apt-get install -y docker-ce\nFROM a AS b\n\
FROM b\nRUN useradd -g docker ci\n";
        assert_eq!(n(installed), 0);
        let copied = "FROM debian:12 AS a\nFROM a AS b\nCOPY group /etc/group\nFROM b\n\
RUN useradd -g 7000 u\n";
        assert_eq!(
            n(copied),
            0,
            "a stage without RUNs still makes the groups unknown"
        );
        // Siblings do not see each other's groups.
        let siblings = "FROM debian:12 AS a\nFROM a AS b\nRUN groupadd -g 5000 g\nFROM a\n\
RUN useradd -g 5000 u\n";
        assert_eq!(n(siblings), 1);
        // 2,000 chained stages, each creating a user in the group the first one made.
        let mut long = String::from("FROM debian:12 AS s0\nRUN groupadd -g 5000 g\n");
        for i in 1..2000 {
            long.push_str(&format!(
                "FROM s{} AS s{i}\nRUN useradd -g 5000 u{i}\n",
                i - 1
            ));
        }
        long.push_str("RUN useradd -g 5001 last\n");
        assert_eq!(n(&long), 1);
    }

    #[test]
    fn group_created_too_late() {
        let src = "FROM debian:12\nRUN useradd -u 10001 -g 10001 app && groupadd -g 10001 app\n";
        let d = run(&R, src);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("only created later"),
            "{}",
            d[0].message
        );
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn fixes_insert_the_group_before_the_user() {
        let cases = [
            (
                "FROM debian:12\nRUN apt-get update && useradd -m -u 10001 -g 10001 app\n",
                "FROM debian:12\nRUN apt-get update && groupadd -g 10001 app && useradd -m -u 10001 -g 10001 app\n",
            ),
            (
                "FROM debian:12\nRUN useradd -r -g svc svc\n",
                "FROM debian:12\nRUN groupadd -r svc && useradd -r -g svc svc\n",
            ),
            (
                "FROM alpine:3.20\nRUN adduser -S -D -G app app\n",
                "FROM alpine:3.20\nRUN addgroup -S app && adduser -S -D -G app app\n",
            ),
            (
                "FROM debian:12\nRUN adduser --system --gid 3000 svc\n",
                "FROM debian:12\nRUN addgroup --system --gid 3000 svc && adduser --system --gid 3000 svc\n",
            ),
        ];
        for (src, want) in cases {
            let d = run(&R, src);
            assert_eq!(d.len(), 1, "{src}");
            let fix = d[0].fix.as_ref().expect("a fix");
            assert_eq!(apply_edits(src, &fix.edits).unwrap(), want);
            assert!(run(&R, want).is_empty(), "{want}");
        }
        // A heredoc script: the insertion lands in the body.
        let src = "FROM debian:12\nRUN <<EOF\nset -e\nuseradd -u 5000 -g 5000 app\nEOF\n";
        let d = run(&R, src);
        assert_eq!(d.len(), 1);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM debian:12\nRUN <<EOF\nset -e\ngroupadd -g 5000 app && useradd -u 5000 -g 5000 app\nEOF\n"
        );
        assert!(run(&R, &out).is_empty());
        // Not where the insertion would change the logic, nor when the group would be odd.
        let d = run(&R, "FROM debian:12\nRUN adduser --ingroup 4000 app\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none(), "a numeric --ingroup is a name lookup");
        for src in [
            "FROM debian:12\nRUN id app || useradd -g 4000 app\n",
            "FROM debian:12\nRUN sudo useradd -g 4000 app\n",
        ] {
            let d = run(&R, src);
            assert_eq!(d.len(), 1, "{src}");
            assert!(d[0].fix.is_none(), "{src}");
        }
    }
}
