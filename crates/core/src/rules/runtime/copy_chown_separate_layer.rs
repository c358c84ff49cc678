//! copy-chown-separate-layer: `RUN chown -R` of what the previous COPY/ADD just wrote, which stores
//! every copied file twice; `COPY --chown` sets the owner while copying.

use super::common::{resolve, runs, RunAt};
use crate::diagnostics::Fix;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{
    stage_tree_walk, whole_lines, Category, Context, Diagnostic, Rule, RuleMeta, Severity, Visit,
};
use crate::shell::{Cmd, Op, Origin};
use crate::source::{Span, TextEdit};
use std::collections::HashMap;

pub struct CopyChownSeparateLayer;

static META: RuleMeta = rule_meta! {
    id: "copy-chown-separate-layer",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`RUN chown -R` of files just copied; use `COPY --chown`",
    why: "Layers are stacked copies: `COPY . /app` stores the files once, and a following `RUN \
chown -R app:app /app` changes the metadata of every one of them, so each file is copied up into \
the RUN's layer and the image carries the tree twice (a 300 MB application becomes 600 MB, and \
both layers must be pushed and pulled). `COPY --chown=app:app . /app` writes the files with the \
right owner in one layer.\n\n\
Reported for a recursive chown whose only target is the destination of the COPY or ADD right \
before the RUN (resolved against WORKDIR), in a stage that ships (the shipped stage or a local \
stage it is built on; in builder stages the extra layer never reaches the image). Chowning a \
parent or a subdirectory of the destination is something else and is not reported.\n\n\
The fix (unsafe) moves the owner to the COPY and removes the chown (the whole RUN when it does \
nothing else). It is only offered when nothing earlier in the stage put files into that \
directory (an earlier COPY or ADD, or a RUN that names it), since `chown -R` also changed those. \
`COPY --chown` does not change a destination directory that already exists: when WORKDIR \
created it, the fix keeps a non-recursive `chown` of the directory itself, which costs one \
directory entry instead of a copy of every file. A directory the base image already has (and \
its other contents) cannot be seen offline; check that case before applying the fix.",
    bad: "FROM node:22-slim\nCOPY . /app\nRUN chown -R node:node /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n",
    good: "FROM node:22-slim\nCOPY --chown=node:node . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#copy---chown---chmod",
        "https://docs.docker.com/build/cache/optimize/#minimize-the-number-of-layers",
    ],
};

/// `/a/./b/../c/` → `/a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// An absolute, normalised path for `path` written with working directory `wd`.
fn absolute(path: &str, wd: Option<&str>) -> Option<String> {
    if path.starts_with('/') {
        Some(normalize(path))
    } else {
        Some(normalize(&format!("{}/{path}", wd?)))
    }
}

fn inside(path: &str, dir: &str) -> bool {
    path == dir || dir == "/" || path.starts_with(&format!("{dir}/"))
}

/// The owner a `chown` sets and its single target, for `chown -R OWNER TARGET`.
struct Chown<'c> {
    cmd: &'c Cmd,
    owner: String,
    owner_literal: bool,
    target: String,
    /// The word holding the recursive flag.
    recursive: &'c crate::shell::ShWord,
}

fn chown_of(c: &Cmd) -> Option<Chown<'_>> {
    let v = c.unwrapped();
    if v.program() != Some("chown") || !v.wrappers.is_empty() {
        return None;
    }
    if v.has_flag(None, Some("reference")) || v.has_flag(None, Some("from")) {
        return None;
    }
    let recursive = v.args.iter().take_while(|a| a.text != "--").find(|a| {
        a.text == "--recursive"
            || (a.text.starts_with('-')
                && !a.text.starts_with("--")
                && a.text[1..].chars().all(|c| c.is_ascii_alphabetic())
                && a.text.contains('R'))
    })?;
    let ops = crate::shell::packages::operands_with(v.args, "", &[]);
    let [owner, target] = ops.as_slice() else {
        return None;
    };
    Some(Chown {
        cmd: c,
        owner: owner.text.clone(),
        owner_literal: !owner.has_expansion,
        target: target.text.clone(),
        recursive,
    })
}

/// The destination of a COPY/ADD as written (unquoted), and its `--chown` flag span.
fn copy_dest(ins: &Instruction, escape: char) -> Option<String> {
    match &ins.command.args {
        Args::Words(w) if w.len() >= 2 => Some(unquote(&w[w.len() - 1].text, escape)),
        Args::Exec(w) if w.len() >= 2 => Some(w[w.len() - 1].text.clone()),
        _ => None,
    }
}

/// Bytes after a command up to the next command: blanks, line continuations, then `&&` or `;`,
/// then blanks and continuations again. `None` if anything else is there.
fn separator_end(text: &str, from: usize, escape: char) -> Option<usize> {
    let b = text.as_bytes();
    let e = escape as u8;
    let skip = |mut i: usize| loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        if i < b.len() && b[i] == e {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j < b.len() && b[j] == b'\n' {
                i = j + 1;
                continue;
            }
        }
        return i;
    };
    let mut i = skip(from);
    if text[i..].starts_with("&&") {
        i += 2;
    } else if text[i..].starts_with(';') {
        i += 1;
    } else {
        return None;
    }
    let end = skip(i);
    // A comment line or the end of the instruction: not a plain continuation.
    match b.get(end) {
        Some(b'#') | Some(b'\n') | None => None,
        _ => Some(end),
    }
}

impl Rule for CopyChownSeparateLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let all_runs = runs(cx);
        let by_start: HashMap<usize, &RunAt<'_>> =
            all_runs.iter().map(|r| (r.ins.span.start, r)).collect();
        let escape = cx.dockerfile.escape;
        // One depth-first walk of the stages: what a stage's chain wrote is carried down to the
        // stages built on it and undone on leaving it, so each instruction is looked at once
        // (walking each shipped stage's chain was quadratic: in a chain every stage ships).
        // Only shipped stages are judged; a stage that does not ship has no shipped stage built
        // on it, so its subtree is skipped.
        let shipped: Vec<bool> = (0..cx.model.stages.len())
            .map(|i| cx.is_shipped(i))
            .collect();
        let mut wd: Option<String> = None;
        let mut workdirs: Vec<String> = Vec::new();
        // (destination, or None when unknown) of every COPY/ADD so far.
        let mut copies: Vec<Option<String>> = Vec::new();
        // (RUN text, working directory) so far.
        let mut earlier_runs: Vec<(&str, Option<String>)> = Vec::new();
        let mut last_copy: Option<(&Instruction, Option<String>)> = None;
        // The state on entering each stage of the walk's path, to restore on leaving it.
        type Saved<'i> = (
            Option<String>,
            usize,
            usize,
            usize,
            Option<(&'i Instruction, Option<String>)>,
        );
        let mut saved: Vec<Saved<'_>> = Vec::new();
        for visit in stage_tree_walk(cx.model) {
            let index = match visit {
                Visit::Leave(_) => {
                    if let Some((w, nw, nc, nr, lc)) = saved.pop() {
                        wd = w;
                        workdirs.truncate(nw);
                        copies.truncate(nc);
                        earlier_runs.truncate(nr);
                        last_copy = lc;
                    }
                    continue;
                }
                Visit::Enter(i) => i,
            };
            saved.push((
                wd.clone(),
                workdirs.len(),
                copies.len(),
                earlier_runs.len(),
                last_copy.clone(),
            ));
            if !shipped[index] {
                continue;
            }
            for ins in &cx.model.stages[index].instructions {
                let vars = || cx.vars.at(index, ins.span.start);
                match ins.keyword() {
                    Keyword::Workdir => {
                        if let Args::String(w) = &ins.command.args {
                            let raw = unquote(w.text.trim(), escape);
                            wd = resolve(&raw, &vars()).and_then(|p| absolute(&p, wd.as_deref()));
                            workdirs.extend(wd.clone());
                        }
                    }
                    Keyword::Copy | Keyword::Add => {
                        let dest = copy_dest(ins, escape)
                            .and_then(|d| resolve(&d, &vars()))
                            .and_then(|d| absolute(&d, wd.as_deref()));
                        if let Some((_, prev)) = last_copy.take() {
                            copies.push(prev);
                        }
                        last_copy = Some((ins, dest));
                    }
                    Keyword::Run => {
                        if let Some((copy, Some(dest))) = &last_copy {
                            if let Some(run) = by_start.get(&ins.span.start) {
                                let ctx = Pair {
                                    cx,
                                    run,
                                    copy,
                                    dest,
                                    wd: wd.as_deref(),
                                    workdirs: &workdirs,
                                    copies: &copies,
                                    earlier_runs: &earlier_runs,
                                    vars: vars(),
                                };
                                ctx.check(out);
                            }
                        }
                        if let Some((_, prev)) = last_copy.take() {
                            copies.push(prev);
                        }
                        earlier_runs.push((ins.span.slice(cx.text), wd.clone()));
                    }
                    _ => {}
                }
            }
        }
    }
}

/// A COPY/ADD and the RUN right after it.
struct Pair<'x, 'a> {
    cx: &'x Context<'a>,
    run: &'x RunAt<'a>,
    copy: &'a Instruction,
    dest: &'x str,
    wd: Option<&'x str>,
    workdirs: &'x [String],
    copies: &'x [Option<String>],
    earlier_runs: &'x [(&'a str, Option<String>)],
    vars: crate::semantic::vars::At<'a>,
}

impl Pair<'_, '_> {
    fn check(&self, out: &mut Vec<Diagnostic>) {
        let cx = self.cx;
        let scripts = &self.run.scripts;
        for (si, script) in scripts.iter().enumerate() {
            if !script.is_parsed_shell() {
                continue;
            }
            for (ci, c) in script.commands.iter().enumerate() {
                if c.is_nested() || c.in_pipeline {
                    continue;
                }
                let Some(ch) = chown_of(c) else { continue };
                let target = if ch.target.contains('$') {
                    resolve(&ch.target, &self.vars)
                } else {
                    Some(ch.target.clone())
                };
                let Some(target) = target.and_then(|t| absolute(&t, self.wd)) else {
                    continue;
                };
                if target != self.dest {
                    continue;
                }
                let line = crate::source::LineIndex::new(cx.text)
                    .line_col(cx.text, self.copy.span.start)
                    .line;
                let kw = self.copy.command.name.to_ascii_uppercase();
                let mut d = Diagnostic::new(
                    c.span,
                    format!("`chown -R` of `{target}` right after the {kw} on line {line} rewrites every copied file into a new layer, so the image stores them twice; set the owner while copying: `{kw} --chown={}`", ch.owner),
                );
                let first = si == 0 && ci == 0 && c.prev_op.is_none() && !c.negated;
                if first && script.origin == Origin::Shell && c.redirects.is_empty() {
                    if let Some(fix) = self.fix(
                        &ch,
                        &target,
                        scripts.len() == 1 && script.commands.len() == 1,
                    ) {
                        d = d.with_fix(fix);
                    }
                }
                out.push(d);
            }
        }
    }

    fn fix(&self, ch: &Chown<'_>, target: &str, only: bool) -> Option<Fix> {
        let cx = self.cx;
        // The owner must mean the same in the COPY flag: literal, or ARG/ENV variables only.
        let owner = &ch.owner;
        if owner.is_empty()
            || owner.starts_with(':')
            || owner.contains([' ', '\t', '"', '\'', '`', '\\'])
            || owner.contains("$(")
            || (!owner.contains(':') && owner.contains('.'))
        {
            return None;
        }
        if !ch.owner_literal {
            let stage = cx.model.stage_of(self.copy).map_or(0, |s| s.index);
            let before = cx.vars.at(stage, self.copy.span.start);
            let names = crate::dockerfile::model::referenced_vars(owner);
            if names.is_empty()
                || names
                    .iter()
                    .any(|n| before.get(n) == crate::semantic::vars::Var::Unset)
            {
                return None;
            }
        }
        // Nothing else may be in the directory.
        if self
            .copies
            .iter()
            .any(|d| d.as_deref().is_none_or(|d| inside(d, target)))
        {
            return None;
        }
        if self.earlier_runs.iter().any(|(text, wd)| {
            text.contains(target) || wd.as_deref().is_some_and(|w| inside(w, target))
        }) {
            return None;
        }
        if self
            .workdirs
            .iter()
            .any(|w| w != target && inside(w, target))
        {
            return None;
        }
        let pre_exists = self.workdirs.iter().any(|w| w == target);

        let mut edits = Vec::new();
        let flag = format!("--chown={owner}");
        match self.copy.command.flag("chown") {
            Some(f) => edits.push(TextEdit::new(f.span, flag.clone())),
            None => edits.push(TextEdit::insert(
                self.copy.command.name_span.end,
                format!(" {flag}"),
            )),
        }
        if pre_exists {
            // Keep a non-recursive chown of the directory WORKDIR created.
            let w = ch.recursive;
            if w.span.slice(cx.text) != w.raw {
                return None;
            }
            let rest: String = w.text.chars().filter(|c| *c != 'R').collect();
            if w.text == "--recursive" || rest == "-" {
                let after = &cx.text[w.span.end..];
                let ws = after.len() - after.trim_start_matches([' ', '\t']).len();
                edits.push(TextEdit::new(Span::new(w.span.start, w.span.end + ws), ""));
            } else {
                edits.push(TextEdit::new(w.span, rest));
            }
        } else if only {
            edits.push(TextEdit::new(whole_lines(cx.text, self.run.ins.span), ""));
        } else {
            if !matches!(ch.cmd.next_op, Some(Op::And) | Some(Op::Seq)) {
                return None;
            }
            let end = separator_end(cx.text, ch.cmd.span.end, cx.dockerfile.escape)?;
            edits.push(TextEdit::new(Span::new(ch.cmd.span.start, end), ""));
        }
        Some(Fix::unsafe_(
            format!("Copy with `{flag}` instead of a chown layer"),
            edits,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::CopyChownSeparateLayer as R;
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
    fn chown_of_the_copied_directory() {
        for bad in [
            "FROM a:1\nCOPY . /app\nRUN chown -R app:app /app\n",
            "FROM a:1\nCOPY src/ /app/\nRUN chown -R app /app/\n",
            "FROM a:1\nWORKDIR /app\nCOPY . .\nRUN chown -R app:app /app\n",
            "FROM a:1\nWORKDIR /app\nCOPY . .\nUSER root\nRUN chown -R app:app .\n",
            "FROM a:1\nCOPY --from=build /out /srv\nRUN chown --recursive 1000:1000 /srv && chmod +x /srv/run\n",
            "FROM a:1\nARG DIR=/opt/x\nADD x.tar.gz $DIR\nRUN chown -Rv app $DIR\n",
            "FROM a:1\nCOPY . /app\nRUN npm ci && chown -R node /app\n",
        ] {
            assert_eq!(run(&R, bad).len(), 1, "{bad}");
        }
    }

    #[test]
    fn other_ownership_changes() {
        for ok in [
            "FROM a:1\nCOPY . /app/src\nRUN chown -R app /app\n",
            "FROM a:1\nCOPY . /app\nRUN chown -R app /app/data\n",
            "FROM a:1\nCOPY . /app\nRUN chown app /app\n",
            "FROM a:1\nCOPY . /app\nRUN npm ci\nRUN chown -R app /app\n",
            "FROM a:1\nCOPY . /app\nRUN chown -R app /app /data\n",
            "FROM a:1\nCOPY . app\nRUN chown -R app app\n",
            "FROM a:1 AS build\nCOPY . /app\nRUN chown -R app /app\nFROM b:1\nCOPY --from=build /app /app\n",
            "FROM a:1\nCOPY . /app\nRUN if true; then chown -R app /app; fi\n",
        ] {
            assert!(run(&R, ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn fixes() {
        assert_eq!(
            fixed("FROM a:1\nCOPY . /app\nRUN chown -R app:app /app\nUSER app\n").as_deref(),
            Some("FROM a:1\nCOPY --chown=app:app . /app\nUSER app\n")
        );
        assert_eq!(
            fixed("FROM a:1\nCOPY --chown=root:root . /srv\nRUN chown -R 1000:1000 /srv && \\\n    chmod +x /srv/run\n")
                .as_deref(),
            Some("FROM a:1\nCOPY --chown=1000:1000 . /srv\nRUN chmod +x /srv/run\n")
        );
        assert_eq!(
            fixed("FROM a:1\nWORKDIR /app\nCOPY . .\nRUN chown -R app:app /app\n").as_deref(),
            Some("FROM a:1\nWORKDIR /app\nCOPY --chown=app:app . .\nRUN chown app:app /app\n"),
            "WORKDIR made the directory: keep a cheap chown of it"
        );
        assert_eq!(
            fixed("FROM a:1\nARG U=app\nCOPY x /x\nRUN chown -R $U /x\n").as_deref(),
            Some("FROM a:1\nARG U=app\nCOPY --chown=$U x /x\n")
        );
        for no_fix in [
            "FROM a:1\nCOPY a /app/\nCOPY b /app/\nRUN chown -R app /app\n",
            "FROM a:1\nRUN mkdir -p /app/logs\nCOPY . /app\nRUN chown -R app /app\n",
            "FROM a:1\nCOPY . /app\nRUN npm ci && chown -R node /app\n",
            "FROM a:1\nCOPY . /app\nRUN chown -R $(id -u) /app\n",
            "FROM a:1\nCOPY . /app\nRUN chown -R app.app /app\n",
        ] {
            assert_eq!(fixed(no_fix), None, "{no_fix}");
        }
    }
}
