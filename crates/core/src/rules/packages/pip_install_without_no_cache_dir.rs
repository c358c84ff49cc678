//! DL3042: `pip install` without `--no-cache-dir`.

use super::common::{
    earlier_runs, finding, insert_after, operands, pip_install, runs, stage_ships, stage_var, Run,
    Site,
};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

pub struct Dl3042;

static DL3042: RuleMeta = rule_meta! {
    id: "DL3042",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`pip install` without `--no-cache-dir`",
    why: concat!(
        "pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an image that cache is \
dead weight, often as large as the installed packages themselves, and it stays in the layer. \
`pip install --no-cache-dir` skips it.\n\n\
Not reported, as in hadolint: when `PIP_NO_CACHE_DIR` is set by ENV in the stage (or a stage it \
is built on) or in the RUN itself (`PIP_NO_CACHE_DIR=1 pip install ...`), and when the RUN has a \
cache or tmpfs mount on pip's cache (`/root/.cache/pip`), which keeps the cache out of the layer \
and makes rebuilds faster (hadolint #497):\n\n    RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n\n\
Beyond hadolint, shipshape also accepts a mount on any `.../.cache/pip` or `.../.cache` folder, \
on `$PIP_CACHE_DIR` or on the command's `--cache-dir`; an ARG default for `PIP_NO_CACHE_DIR` \
(build arguments are in the RUN environment); any value pip accepts for `PIP_NO_CACHE_DIR` \
(pip disables the cache for `0`/`false`/`off` too, for backward compatibility, as its option \
handler `_handle_no_cache_dir` in `pip/_internal/cli/cmdoptions.py` explains, while hadolint \
only accepts true-like values); and an earlier `pip config set global.no-cache-dir ...` in the \
stage. `pipx` and `pipenv` are not pip installs. The fix adds `--no-cache-dir` after `install`; \
it is safe, since the same packages are installed.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM python:3.12-slim\nRUN pip install requests==2.32.3\n",
    good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir requests==2.32.3\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3042",
        "https://pip.pypa.io/en/stable/topics/caching/",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/619",
        "https://github.com/hadolint/hadolint/pull/620",
        "https://github.com/pypa/pip/issues/5385",
        "https://github.com/pypa/pip/issues/2897",
    ],
};

/// Values pip accepts for a boolean option from the environment or a config file (`strtobool`).
fn pip_bool(v: &str) -> bool {
    let v = v.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    matches!(
        v.as_str(),
        "y" | "yes" | "t" | "true" | "on" | "1" | "n" | "no" | "f" | "false" | "off" | "0"
    )
}

/// `PIP_NO_CACHE_DIR=<bool>` somewhere in the text (an assignment, `export`, `env`).
fn sets_no_cache_env(text: &str) -> bool {
    text.match_indices("PIP_NO_CACHE_DIR=").any(|(i, m)| {
        let rest = &text[i + m.len()..];
        let value: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ';' && *c != '&')
            .collect();
        pip_bool(&value)
    })
}

/// `pip config [--global|--user|--site] set <scope>.no-cache-dir <value>`.
fn configures_no_cache(site: &Site<'_>) -> bool {
    let v = site.view();
    let is_pip = site.install().is_none()
        && v.program().is_some_and(|p| {
            p.starts_with("pip") && p[3..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
                || p.starts_with("python") && v.args.iter().any(|a| a.text == "pip")
        });
    if !is_pip {
        return false;
    }
    let ops = operands(v.args, "", &[]);
    let ops: Vec<&str> = ops
        .iter()
        .map(|w| w.text.as_str())
        .skip_while(|w| *w != "config")
        .collect();
    matches!(ops.as_slice(), ["config", "set", key, ..] if key.ends_with(".no-cache-dir"))
}

/// Whether pip's cache cannot reach the layer for this RUN.
fn cache_kept_out(cx: &Context<'_>, all: &[Run<'_>], run: &Run<'_>, site: &Site<'_>) -> bool {
    let var = |name: &str| stage_var(cx, run.stage, run.ins, name);
    if var("PIP_NO_CACHE_DIR").is_some_and(|v| pip_bool(&v)) || sets_no_cache_env(&run.text()) {
        return true;
    }
    let mut dirs: Vec<String> = vec!["/root/.cache/pip".into()];
    dirs.extend(var("PIP_CACHE_DIR"));
    dirs.extend(
        site.view()
            .flag_value(None, Some("cache-dir"))
            .map(|f| f.text),
    );
    let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
    let user_cache = run.mounts().iter().any(|m| {
        (m.kind == "cache" || m.kind == "tmpfs")
            && m.target.as_deref().is_some_and(|t| {
                let t = t.trim_end_matches('/');
                t.ends_with("/.cache/pip") || t.ends_with("/.cache")
            })
    });
    if user_cache || run.mounts_cache(&dirs) {
        return true;
    }
    let configured_before = run
        .sites()
        .any(|s| s.seq < site.seq && configures_no_cache(&s));
    configured_before
        || earlier_runs(cx.model, all, run)
            .iter()
            .any(|r| r.sites().any(|s| configures_no_cache(&s)))
}

impl Rule for Dl3042 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3042
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Pip]) {
            return;
        }
        let all: Vec<Run> = runs(cx).collect();
        for run in &all {
            if !stage_ships(cx, run) {
                continue;
            }
            for site in run.sites() {
                let Some((_, verb)) = pip_install(&site) else {
                    continue;
                };
                if site.view().has_flag(None, Some("no-cache-dir"))
                    || cache_kept_out(cx, &all, run, &site)
                {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "`pip install` keeps its download cache in the layer; add `--no-cache-dir` (or use a cache mount)"
                        .to_string(),
                );
                if let Some(e) = insert_after(cx, &site, verb, " --no-cache-dir") {
                    d = d.with_fix(Fix::safe("Add `--no-cache-dir`", vec![e]));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn dl3042_cache() {
        let n = |s: &str| run(&Dl3042, s).len();
        assert_eq!(n("FROM p:1\nRUN pip install a==1\n"), 1);
        assert_eq!(n("FROM p:1\nRUN pip install a==1 --no-cache-dir\n"), 0);
        assert_eq!(n("FROM p:1\nRUN pipx install a\n"), 0);
        assert_eq!(
            n("FROM p:1\nENV PIP_NO_CACHE_DIR=1\nRUN pip install a==1\n"),
            0
        );
        assert_eq!(
            n("FROM p:1\nENV PIP_NO_CACHE_DIR=off\nRUN pip install a==1\n"),
            0
        );
        assert_eq!(
            n("FROM p:1\nENV PIP_NO_CACHE_DIR=maybe\nRUN pip install a==1\n"),
            1
        );
        assert_eq!(
            n("FROM p:1 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nRUN pip install a==1\n"),
            0
        );
        assert_eq!(
            n("FROM p:1 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM p:1\nRUN pip install a==1\n"),
            1
        );
        assert_eq!(
            n("FROM p:1\nRUN pip install a==1\nENV PIP_NO_CACHE_DIR=1\n"),
            1,
            "set too late"
        );
        assert_eq!(
            n("FROM p:1\nARG PIP_NO_CACHE_DIR=1\nRUN pip install a==1\n"),
            0
        );
        assert_eq!(n("FROM p:1\nRUN PIP_NO_CACHE_DIR=1 pip install a==1\n"), 0);
        assert_eq!(
            n("FROM p:1\nRUN pip config set global.no-cache-dir false\nRUN pip install a==1\n"),
            0
        );
        assert_eq!(
            n("FROM p:1\nRUN --mount=type=cache,target=/root/.cache/pip pip install a==1\n"),
            0
        );
        assert_eq!(
            n("FROM p:1\nRUN --mount=type=cache,target=/home/app/.cache pip install a==1\n"),
            0
        );
        assert_eq!(n("FROM p:1\nENV PIP_CACHE_DIR=/pc\nRUN --mount=type=cache,target=/pc pip install a==1\n"), 0);
        assert_eq!(
            n("FROM p:1\nRUN --mount=type=cache,target=/pc pip install --cache-dir /pc a==1\n"),
            0
        );
        assert_eq!(
            n("FROM p:1\nRUN --mount=type=cache,target=/tmp/x pip install a==1\n"),
            1
        );
    }

    #[test]
    fn dl3042_fix() {
        let src = "FROM p:1\nRUN python -m pip install -U a==1\n";
        let d = run(&Dl3042, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM p:1\nRUN python -m pip install --no-cache-dir -U a==1\n"
        );
    }
}
