//! prefer-copy-link: COPY/ADD in a shipped stage that could use `--link`.

use super::syntax_directive::{frontend, frontend_version};
use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{stage_chain, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct PreferCopyLink;

static META: RuleMeta = rule_meta! {
    id: "prefer-copy-link",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`COPY --from` in the shipped image could use `--link`",
    why: "`COPY --link` (Dockerfile 1.4+) writes the files into a layer of their own instead of \
on top of the previous state, so the layer stays cached when earlier steps change, and an image \
can be rebased onto an updated base image without running the copy again. The gain is largest \
for `COPY --from=<stage or image>` in the stage that ships: without `--link` every such copy \
runs again (and uploads a new layer) after each base-image update. That is the case reported; \
copies from the build context are cheap to redo and are left alone.\n\n\
It is not always equivalent, which is why this is a suggestion and the fix (adding `--link`) is \
unsafe. The copy cannot follow a symlink already in the destination path (`/lib` on merged-usr \
images, `/var/run`), and the directories leading to the destination are created fresh in the \
new layer, replacing the owner and mode they had below (`/tmp` losing its sticky 1777, a home or \
work directory losing its non-root owner: moby/moby#44956, moby/buildkit#4964); with `--chown` \
the owner is applied to those parent directories too (docker/buildx#1855). The rule therefore \
stays quiet for copies with `--chown`, for destinations under `/tmp`, `/var/tmp`, `/root`, \
`/home`, `/run`, `/var/run`, `/var/www`, `/var/lib`, `/var/cache`, `/var/log`, `/bin`, `/sbin` \
and `/lib*` (package and service directories, symlinks on merged-usr systems), for `/` itself, for \
destinations a previous step chowned, chmodded or symlinked, or that a `WORKDIR` created for a \
non-root USER, for relative destinations when the working directory is unknown, and when the \
`# syntax=` frontend predates 1.4.",
    bad: "FROM golang:1.22 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /usr/local/bin/app\n",
    good: "FROM golang:1.22 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --link --from=build /out/app /usr/local/bin/app\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#copy---link",
        "https://github.com/moby/buildkit/issues/4964",
        "https://github.com/docker/buildx/issues/1855",
    ],
};

/// Destinations whose directories commonly have a non-default owner or mode, or are symlinks.
const RISKY: &[&str] = &[
    "/tmp",
    "/var/tmp",
    "/root",
    "/home",
    "/run",
    "/var/run",
    "/var/lock",
    "/dev",
    "/proc",
    "/sys",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/var/www",
    "/var/spool",
    "/var/mail",
    // Packages create service directories here with their own owner and mode (`/var/lib/tor`).
    "/var/lib",
    "/var/cache",
    "/var/log",
    "/etc/ssl/private",
];

/// Commands that change the owner, mode or kind of a path.
const TOUCHING: &[&str] = &[
    "chown", "chmod", "chgrp", "setfacl", "ln", "install", "useradd", "adduser", "usermod",
];

/// `path` with `.` segments, repeated and trailing slashes removed; `None` with `..`.
fn normalize(path: &str) -> Option<String> {
    let mut out = String::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => {
                out.push('/');
                out.push_str(s);
            }
        }
    }
    Some(if out.is_empty() { "/".to_string() } else { out })
}

/// `a` is `b` or a directory above it.
fn covers(a: &str, b: &str) -> bool {
    a == b || a == "/" || (b.starts_with(a) && b.as_bytes().get(a.len()) == Some(&b'/'))
}

fn resolve(path: &str, workdir: Option<&str>) -> Option<String> {
    if path.starts_with('/') {
        normalize(path)
    } else {
        normalize(&format!("{}/{path}", workdir?))
    }
}

fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name.is_empty() || name == "root" || name == "0"
}

/// What the steps before a COPY did to the file system, as far as the Dockerfile shows.
#[derive(Default)]
struct State {
    /// The working directory; `None` while it comes from an unknown base image.
    workdir: Option<String>,
    nonroot: bool,
    /// Paths whose owner, mode or kind an earlier step changed.
    touched: Vec<String>,
    /// A step changed something relative to an unknown working directory.
    touched_unknown: bool,
}

impl State {
    fn step(&mut self, ins: &Instruction, text: &str) {
        let c = &ins.command;
        match (c.keyword, &c.args) {
            (Keyword::Workdir, Args::String(w)) => {
                self.workdir = if w.text.contains('$') {
                    None
                } else {
                    resolve(&w.text, self.workdir.as_deref())
                };
                if self.nonroot {
                    match &self.workdir {
                        Some(d) => self.touched.push(d.clone()),
                        None => self.touched_unknown = true,
                    }
                }
            }
            (Keyword::User, Args::String(w)) => self.nonroot = !is_root_user(&w.text),
            (Keyword::Copy | Keyword::Add, Args::Words(w) | Args::Exec(w)) => {
                let owned = c.flag("chown").is_some() || c.flag("chmod").is_some();
                if let (true, Some(dest)) = (owned, w.last()) {
                    match resolve(&dest.text, self.workdir.as_deref()) {
                        Some(d) if !dest.text.contains('$') => self.touched.push(d),
                        _ => self.touched_unknown = true,
                    }
                }
            }
            (Keyword::Run, _) => {
                let script = ins.span.slice(text);
                let words: Vec<&str> = script
                    .split(|c: char| c.is_whitespace() || ";&|\"'`()".contains(c))
                    .filter(|w| !w.is_empty())
                    .collect();
                if !words.iter().any(|w| {
                    TOUCHING.contains(&w.rsplit('/').next().unwrap_or(w))
                        || (*w == "-m" && words.contains(&"mkdir"))
                }) {
                    return;
                }
                for w in &words {
                    let w = w.trim_end_matches(['*', '/']);
                    if w.starts_with('/') {
                        if let Some(p) = normalize(w).filter(|p| p != "/") {
                            self.touched.push(p);
                        }
                    } else if w == "." || w.starts_with("./") || w.contains("$PWD") {
                        match &self.workdir {
                            Some(d) => self.touched.push(d.clone()),
                            None => self.touched_unknown = true,
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Why `--link` may not be equivalent for a copy to `dest`, if there is a reason.
    fn linkable(&self, dest: &str) -> bool {
        if dest.contains('$') || dest.contains('\\') || dest.get(1..2) == Some(":") {
            return false;
        }
        if !dest.starts_with('/') && self.touched_unknown {
            return false;
        }
        let Some(d) = resolve(dest, self.workdir.as_deref()) else {
            return false;
        };
        d != "/"
            && !RISKY.iter().any(|r| covers(r, &d))
            && !self.touched.iter().any(|t| covers(t, &d))
    }
}

impl Rule for PreferCopyLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.dockerfile.escape == '`' {
            return; // Windows images: no --link.
        }
        if let Some(r) = frontend(cx.dockerfile) {
            match frontend_version(&r) {
                Some((1, Some(minor))) if minor < 4 => return,
                Some((0, _)) => return,
                Some(_) => {}
                // A digest or a moving tag of the official frontend is current; others are unknown.
                None if r.repository.starts_with("docker/dockerfile") => {}
                None => return,
            }
        }
        for stage in &cx.model.stages {
            // Replaying the stage's history (RUN texts included) is only worth it for a candidate.
            if !stage.instructions.iter().any(|ins| is_candidate(ins))
                || !cx.is_shipped(stage.index)
            {
                continue;
            }
            let chain = stage_chain(cx.model, stage);
            let mut state = State::default();
            if chain
                .last()
                .and_then(|s| s.base_resolved.as_deref())
                .is_some_and(|b| b.eq_ignore_ascii_case("scratch"))
            {
                state.workdir = Some("/".to_string());
            }
            for parent in chain[1..].iter().rev() {
                for ins in &parent.instructions {
                    state.step(ins, cx.text);
                }
            }
            for ins in &stage.instructions {
                if let Some(d) = suggestion(ins, &state) {
                    out.push(d);
                }
                state.step(ins, cx.text);
            }
        }
    }
}

/// A `COPY`/`ADD --from` without `--link` or `--chown`: what [`suggestion`] looks at further.
fn is_candidate(ins: &Instruction) -> bool {
    let c = &ins.command;
    matches!(c.keyword, Keyword::Copy | Keyword::Add)
        && !ins.has_error
        && c.flag("from").is_some()
        && c.flag("link").is_none()
        && c.flag("chown").is_none()
}

fn suggestion(ins: &Instruction, state: &State) -> Option<Diagnostic> {
    let c = &ins.command;
    if !is_candidate(ins) {
        return None;
    }
    let words = match &c.args {
        Args::Words(w) | Args::Exec(w) if w.len() >= 2 || !ins.heredocs.is_empty() => w,
        _ => return None,
    };
    let dest = words.last()?;
    if !state.linkable(&dest.text) {
        return None;
    }
    Some(
        Diagnostic::new(
            c.name_span,
            "`COPY --from` in the shipped image could use `--link`: its layer would stay cached when \
earlier layers or the base image change",
        )
        .with_fix(Fix::unsafe_(
            "Add `--link`",
            vec![TextEdit::new(Span::empty(c.name_span.end), " --link")],
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn hits(src: &str) -> Vec<usize> {
        run(&PreferCopyLink, src)
            .iter()
            .map(|d| crate::source::LineIndex::new(src).line_of(d.span.start) + 1)
            .collect()
    }

    #[test]
    fn shipped_stages_only() {
        let src =
            "FROM golang:1.22 AS build\nCOPY --from=tools /t /t\nRUN go build -o /out/app .\n\
FROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\nCOPY conf/ /etc/app/\n\
COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/app/\n";
        assert_eq!(hits(src), [5, 7]);
        let d = run(&PreferCopyLink, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert!(out.contains("COPY --link --from=build /out/app"), "{out}");
        assert_eq!(hits(&out), [7]);
        // A parent of the shipped stage ships too.
        let src = "FROM alpine:3.20 AS base\nCOPY --from=x /a /opt/a\nFROM base\nCOPY --from=x /b /opt/b\n";
        assert_eq!(hits(src), [2, 4]);
    }

    #[test]
    fn not_equivalent_cases_are_quiet() {
        for body in [
            "COPY --from=b --chown=1000:1000 /a /opt/a\n",
            "COPY --from=b --link=false /a /opt/a\n",
            "COPY --from=b /a /tmp/a\n",
            "RUN apk add tor\nCOPY --from=b /torrc /var/lib/tor/torrc\n",
            "COPY --from=b /a /home/app/a\n",
            "COPY --from=b /a.so /lib/x86_64-linux-gnu/\n",
            "COPY --from=b /rootfs/ /\n",
            "COPY --from=b /a $APP_HOME/\n",
            "RUN mkdir /app && chown app /app\nCOPY --from=b /a /app/a\n",
            "RUN ln -s /data /srv/data\nCOPY --from=b /a /srv/data/a\n",
            "COPY --chown=app . /app\nCOPY --from=b /b /app/b\n",
            "USER app\nWORKDIR /srv/app\nCOPY --from=b /app .\n",
            "WORKDIR /app\nRUN chown -R app .\nCOPY --from=b /app .\n",
            // Copies from the build context are cheap to redo.
            "COPY a /opt/a\n",
        ] {
            let src = format!("FROM alpine:3.20 AS b\nFROM alpine:3.20\n{body}");
            assert!(hits(&src).is_empty(), "{src}");
        }
        for src in [
            "FROM alpine:3.20 AS b\nFROM node:22\nCOPY --from=b /a .\n",
            "# syntax=docker/dockerfile:1.3\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b /a /opt/a\n",
            "# syntax=example.com/frontend:2\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b /a /opt/a\n",
            "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=b a C:/a\n",
        ] {
            assert!(hits(src).is_empty(), "{src}");
        }
    }

    #[test]
    fn known_workdirs_and_frontends() {
        let head = "FROM alpine:3.20 AS b\n";
        let at = |body: &str| hits(&format!("{head}{body}"));
        assert_eq!(
            at("FROM alpine:3.20\nWORKDIR /app\nCOPY --from=b /app .\n"),
            [4]
        );
        assert_eq!(
            at("FROM scratch\nCOPY --from=b /app /\nCOPY --from=b /conf etc/\n"),
            [4]
        );
        assert_eq!(
            at("FROM alpine:3.20\nUSER app\nUSER root\nWORKDIR /app\nCOPY --from=b /x .\n"),
            [6]
        );
        assert_eq!(
            hits("# syntax=docker/dockerfile:1.4\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b /a /opt/a\n"),
            [4]
        );
        // Chowning elsewhere does not matter.
        assert_eq!(
            at("FROM alpine:3.20\nRUN chown app /data\nCOPY --from=b /a /opt/a\n"),
            [4]
        );
    }

    #[test]
    fn paths() {
        assert_eq!(normalize("/a//b/./c/").as_deref(), Some("/a/b/c"));
        assert_eq!(normalize("/").as_deref(), Some("/"));
        assert_eq!(normalize("/a/../b"), None);
        assert!(covers("/app", "/app/x") && covers("/app", "/app"));
        assert!(!covers("/app", "/application"));
    }
}
