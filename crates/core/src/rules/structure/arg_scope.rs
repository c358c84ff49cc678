//! arg-scope: an ARG declared before the first FROM (or one of BuildKit's automatic platform ARGs)
//! is used inside a stage that never redeclares it, so it expands to nothing. Moving an ARG above
//! FROM "so scripts can use it", as audit reports sometimes advise, causes exactly this.

use crate::diagnostics::Fix;
use crate::dockerfile::model::{expand, Stage, AUTOMATIC_PLATFORM_ARGS};
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{
    recase, Category, Context, Diagnostic, InheritedNames, Rule, RuleMeta, Severity,
};
use crate::source::{Span, TextEdit};
use std::collections::{BTreeMap, HashSet};

pub struct ArgScope;

static META: RuleMeta = rule_meta! {
    id: "arg-scope",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A global ARG is used in a stage that does not redeclare it",
    why: "An `ARG` before the first `FROM` lives outside every stage: only `FROM` lines can use it. \
Inside a stage the variable is unset until the stage says `ARG NAME` (without a value, to take \
the global default or the `--build-arg`), so `COPY app-$VERSION.tar .` or \
`RUN curl .../$VERSION/...` silently expand to an empty string. BuildKit's automatic \
`TARGETARCH`, `TARGETOS`, `BUILDPLATFORM`, ... work the same way. A stage inherits the ARGs of \
a local stage it is built `FROM`.\n\n\
This is the case where moving the ARG above `FROM` (as some audit advice suggests) does not \
help: the ARG must be declared again inside the stage that uses it. The rule reads the \
instructions BuildKit expands (COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, \
STOPSIGNAL, `--chown`/`--chmod`, ARG defaults, `COPY <<EOF` bodies) and RUN scripts; names the \
script assigns itself, `${NAME:-default}` forms, and names that official base images set as ENV \
(`NODE_VERSION`, `PYTHON_VERSION`, ...) are left alone. It is reported once per stage and name, \
at the first use; BuildKit's UndefinedVar check leaves this case to this rule.\n\n\
The fix inserts `ARG NAME` after the stage's `FROM`. It is unsafe on purpose: it changes what \
the stage builds (the value stops being empty, and every later step of the stage sees it), which \
is almost always what was meant, but should be a decision.",
    bad: "ARG VERSION=1.4.2\nFROM alpine:3.20\nRUN wget -q https://example.com/tool-$VERSION.tar.gz\n",
    good: "ARG VERSION=1.4.2\nFROM alpine:3.20\nARG VERSION\nRUN wget -q https://example.com/tool-$VERSION.tar.gz\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact",
        "https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope",
    ],
};

/// ENV names the official images set, so a stage built on them has the variable anyway.
const IMAGE_ENV: &[&str] = &[
    "NODE_VERSION",
    "YARN_VERSION",
    "PYTHON_VERSION",
    "PYTHON_SHA256",
    "PYTHON_PIP_VERSION",
    "PYTHON_SETUPTOOLS_VERSION",
    "PYTHON_GET_PIP_URL",
    "PYTHON_GET_PIP_SHA256",
    "GPG_KEY",
    "GOLANG_VERSION",
    "GOPATH",
    "GOTOOLCHAIN",
    "RUBY_VERSION",
    "RUBY_MAJOR",
    "RUBY_DOWNLOAD_SHA256",
    "GEM_HOME",
    "BUNDLE_PATH",
    "BUNDLE_APP_CONFIG",
    "BUNDLE_SILENCE_ROOT_WARNING",
    "JAVA_HOME",
    "JAVA_VERSION",
    "LANG",
    "LC_ALL",
    "PHP_VERSION",
    "PHP_INI_DIR",
    "PHP_URL",
    "PHP_SHA256",
    "PHPIZE_DEPS",
    "NGINX_VERSION",
    "NJS_VERSION",
    "PKG_RELEASE",
    "PG_MAJOR",
    "PG_VERSION",
    "PGDATA",
    "REDIS_VERSION",
    "MAVEN_HOME",
    "MAVEN_CONFIG",
    "GRADLE_HOME",
    "GRADLE_VERSION",
    "DOTNET_VERSION",
    "ASPNET_VERSION",
    "ASPNETCORE_URLS",
    "RUSTUP_HOME",
    "CARGO_HOME",
    "RUST_VERSION",
    "HOME",
    "HOSTNAME",
    "PATH",
];

/// Whether `src` has `$NAME`, `${NAME`, `${#NAME` or `${!NAME` for one of `names`: a cheap
/// superset of the references [`refs`] finds.
fn names_after_dollar(src: &str, names: &[&str]) -> bool {
    let b = src.as_bytes();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'$') {
        let mut j = i + k + 1;
        if b.get(j) == Some(&b'{') {
            j += 1;
            if matches!(b.get(j), Some(b'#' | b'!')) {
                j += 1;
            }
        }
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        if names.contains(&&src[start..j]) {
            return true;
        }
        i = start;
    }
    false
}

/// Names `text` references with no default (`$X`, `${X}`; not `${X:-d}`), single-quoted text and
/// `\$` escapes excluded. `shell` also drops `#` comments.
fn refs(text: &str, shell: bool) -> Vec<String> {
    if !text.contains('$') {
        return Vec::new(); // every reference starts with `$` (most RUN texts have none)
    }
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_double = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' if !in_double => {
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
                plain.push(' ');
            }
            '\\' => {
                chars.next();
                plain.push(' ');
            }
            '"' => {
                in_double = !in_double;
                plain.push(' ');
            }
            '#' if shell && !in_double && plain.chars().last().is_none_or(char::is_whitespace) => {
                while chars.peek().is_some_and(|d| *d != '\n') {
                    chars.next();
                }
            }
            _ => plain.push(c),
        }
    }
    let mut out = expand(&plain, |_| None).1;
    out.dedup();
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether a shell script sets `name` itself (`NAME=`, `for NAME in`, `read NAME`, `export NAME`).
fn assigned_in(script: &str, name: &str) -> bool {
    for (i, _) in script.match_indices(name) {
        let before = script[..i].chars().last();
        let after = script[i + name.len()..].chars().next();
        if before.is_some_and(|c| is_ident(c) || c == '$' || c == '{')
            || after.is_some_and(is_ident)
        {
            continue;
        }
        if after == Some('=') {
            return true;
        }
        let line_start = script[..i].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let head = &script[line_start..i];
        let last_word = head.split_whitespace().last().unwrap_or("");
        if matches!(
            last_word,
            "for" | "export" | "local" | "declare" | "typeset" | "readonly"
        ) || head
            .split(|c: char| c.is_whitespace() || c == ';' || c == '&' || c == '|')
            .any(|w| w == "read" || w == "getopts")
        {
            return true;
        }
    }
    false
}

/// The span of the first `$name` / `${name` inside `span`, else `span`.
fn ref_span(text: &str, span: Span, name: &str) -> Span {
    let s = span.slice(text);
    let mut from = 0;
    while let Some(p) = s[from..].find('$') {
        let at = from + p;
        let rest = &s[at + 1..];
        let braced = rest.starts_with('{');
        let body = if braced { &rest[1..] } else { rest };
        if body.starts_with(name) && !body[name.len()..].starts_with(is_ident) {
            let len = 1 + usize::from(braced) + name.len();
            let end = if braced {
                rest.find('}').map(|q| at + 1 + q + 1).unwrap_or(at + len)
            } else {
                at + len
            };
            return Span::new(span.start + at, span.start + end);
        }
        from = at + 1;
    }
    span
}

/// ARG names and ENV keys an instruction defines.
fn defines(ins: &Instruction) -> Vec<String> {
    match (ins.keyword(), &ins.command.args) {
        (Keyword::Arg, _) => crate::dockerfile::model::arg_decls(ins)
            .into_iter()
            .map(|a| a.name)
            .collect(),
        (Keyword::Env, Args::KeyValues(kvs)) => kvs.iter().map(|kv| kv.key.text.clone()).collect(),
        _ => Vec::new(),
    }
}

/// (name, span) for every variable `ins` uses without a default.
fn uses(cx: &Context<'_>, ins: &Instruction) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let add = |text: &str, span: Span, shell: bool, out: &mut Vec<(String, Span)>| {
        for v in refs(text, shell) {
            let at = ref_span(cx.text, span, &v);
            out.push((v, at));
        }
    };
    let c = &ins.command;
    match (c.keyword, &c.args) {
        (
            Keyword::Copy | Keyword::Add | Keyword::Expose | Keyword::Volume,
            Args::Words(w) | Args::Exec(w),
        ) => {
            for w in w {
                add(&w.text, w.span, false, &mut out);
            }
        }
        (Keyword::Workdir | Keyword::User | Keyword::Stopsignal, Args::String(w)) => {
            add(&w.text, w.span, false, &mut out)
        }
        (Keyword::Env | Keyword::Label, Args::KeyValues(kvs)) => {
            for kv in kvs {
                add(&kv.value.text, kv.value.span, false, &mut out);
            }
        }
        (Keyword::Arg, Args::Names(words)) => {
            for w in words {
                if let Some((name, default)) = w.text.split_once('=') {
                    let found: Vec<(String, Span)> = refs(default, false)
                        .into_iter()
                        .filter(|v| v != name)
                        .map(|v| {
                            let at = ref_span(cx.text, w.span, &v);
                            (v, at)
                        })
                        .collect();
                    out.extend(found);
                }
            }
        }
        (Keyword::Run, _) => {
            let scripts = cx.run_of(ins).map_or(&[][..], |r| r.scripts.as_slice());
            for script in scripts {
                if !script.interpreter.is_shell() || script.origin == crate::shell::Origin::Exec {
                    continue;
                }
                for v in refs(&script.text, true) {
                    if assigned_in(&script.text, &v) {
                        continue;
                    }
                    let at = ref_span(cx.text, script.span, &v);
                    let at = if at == script.span {
                        ref_span(cx.text, ins.span, &v)
                    } else {
                        at
                    };
                    out.push((v, at));
                }
            }
        }
        _ => {}
    }
    if matches!(c.keyword, Keyword::Copy | Keyword::Add) {
        for f in c
            .flags
            .iter()
            .filter(|f| f.name() == "chown" || f.name() == "chmod")
        {
            if let (Some(v), Some(span)) = (f.value(), f.value_span) {
                add(v, span, false, &mut out);
            }
        }
        for h in ins.heredocs.iter().filter(|h| h.expand) {
            for v in expand(h.body.slice(cx.text), |_| None).1 {
                let at = ref_span(cx.text, h.body, &v);
                out.push((v, at));
            }
        }
    }
    out
}

impl Rule for ArgScope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = cx.model;
        // What the stages a stage is built on declare, and the SHELL each stage ends with: known
        // per stage in one pass, not by walking every stage's chain.
        let declared_above = InheritedNames::new(model, defines);
        let from_scratch = cx.scratch_chains();
        let watched: Vec<&str> = model
            .global_args
            .iter()
            .map(|a| a.name.as_str())
            .chain(AUTOMATIC_PLATFORM_ARGS.iter().copied())
            .collect();
        for stage in &model.stages {
            // A file without FROM has no global scope: its ARGs belong to its one stage.
            if stage.anonymous {
                continue;
            }
            let scratch = from_scratch[stage.index];
            let mut declared: HashSet<String> = HashSet::new();
            // name -> (first use, number of uses)
            let mut found: BTreeMap<String, (Span, usize)> = BTreeMap::new();
            for ins in &stage.instructions {
                // Only a global name can be reported: skip reading an instruction that does not
                // mention one.
                let mentions = names_after_dollar(ins.span.slice(cx.text), &watched);
                for (name, span) in mentions.then(|| uses(cx, ins)).into_iter().flatten() {
                    if declared.contains(&name)
                        || declared_above.inherited(model, stage.index, &name)
                        || !model.is_global_arg(&name)
                        || crate::dockerfile::model::is_proxy_arg(&name)
                        || (!scratch && IMAGE_ENV.contains(&name.as_str()))
                    {
                        continue;
                    }
                    let e = found.entry(name).or_insert((span, 0));
                    e.1 += 1;
                }
                declared.extend(defines(ins));
            }
            let mut found: Vec<(String, (Span, usize))> = found.into_iter().collect();
            crate::sort::sort_by_key(&mut found, |(_, (span, _))| *span);
            for (name, (span, count)) in found {
                out.push(diagnostic(cx, stage, &name, span, count));
            }
        }
    }
}

fn diagnostic(
    cx: &Context<'_>,
    stage: &Stage<'_>,
    name: &str,
    span: Span,
    count: usize,
) -> Diagnostic {
    let origin = if cx.model.global_args.iter().any(|a| a.name == name) {
        format!("`ARG {name}` before the first FROM is only visible to FROM lines")
    } else if AUTOMATIC_PLATFORM_ARGS.contains(&name) {
        format!("BuildKit defines `{name}` for FROM lines only")
    } else {
        format!("`{name}` is a global ARG")
    };
    let later = stage
        .instructions
        .iter()
        .filter(|i| i.span.start > span.start && i.keyword() == Keyword::Arg)
        .find(|i| defines(i).iter().any(|n| n == name))
        .map(|i| {
            format!(
                " (the `ARG {name}` on line {} comes after this use)",
                i.start_line
            )
        })
        .unwrap_or_default();
    let more = if count > 1 {
        format!("; {count} uses in this stage")
    } else {
        String::new()
    };
    let upper = stage
        .from
        .command
        .name
        .chars()
        .any(|c| c.is_ascii_uppercase());
    let line = crate::rules::whole_lines(cx.text, stage.from.span);
    let (at, text) = if line.end == cx.text.len() && !cx.text.ends_with('\n') {
        (line.end, format!("\n{} {name}", recase("ARG", upper)))
    } else {
        (line.end, format!("{} {name}\n", recase("ARG", upper)))
    };
    Diagnostic::new(
        span,
        format!("`${name}` is empty here: {origin}; add `ARG {name}` to this stage{later}{more}"),
    )
    .with_fix(Fix::unsafe_(
        format!("Declare `ARG {name}` in this stage"),
        vec![TextEdit::new(Span::empty(at), text)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn names(src: &str) -> Vec<String> {
        run(&ArgScope, src)
            .iter()
            .map(|d| d.span.slice(src).to_string())
            .collect()
    }

    #[test]
    fn expanded_instructions() {
        let src = "ARG VERSION=1\nARG USER=app\nFROM alpine:3.20\nCOPY app-$VERSION.tar /x/\nUSER ${USER}\nLABEL v=\"$VERSION\"\n";
        assert_eq!(names(src), ["$VERSION", "${USER}"]);
        let d = run(&ArgScope, src);
        assert!(d[0].message.contains("2 uses"), "{}", d[0].message);
        let src = "ARG VERSION=1\nFROM alpine:3.20\nARG VERSION\nCOPY app-$VERSION.tar /x/\n";
        assert!(names(src).is_empty());
        // A default is handled; single quotes are literal.
        assert!(names("ARG V=1\nFROM alpine:3.20\nWORKDIR /x/${V:-1}\nLABEL a='$V'\n").is_empty());
    }

    #[test]
    fn run_scripts() {
        let src = "ARG VERSION=1\nFROM alpine:3.20\nRUN echo \"$VERSION\" && curl -o /t https://x/${VERSION}/t\n";
        let d = run(&ArgScope, src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.slice(src), "$VERSION");
        assert!(names("ARG V=1\nFROM alpine:3.20\nRUN V=2; echo $V\n").is_empty());
        assert!(
            names("ARG V=1\nFROM alpine:3.20\nRUN for V in a b; do echo $V; done\n").is_empty()
        );
        assert!(names("ARG V=1\nFROM alpine:3.20\nRUN echo '$V' \\$V # $V\n").is_empty());
        assert_eq!(
            names("ARG V=1\nFROM alpine:3.20\nRUN <<EOF\necho $V\nEOF\n"),
            ["$V"]
        );
        // PowerShell has its own `$name` syntax.
        assert!(
            names("ARG V=1\nFROM alpine:3.20\nSHELL [\"pwsh\", \"-c\"]\nRUN echo $V\n").is_empty()
        );
    }

    #[test]
    fn automatic_platform_args() {
        let src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN GOARCH=$TARGETARCH go build ./...\n";
        let d = run(&ArgScope, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("TARGETARCH"));
        let src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build ./...\n";
        assert!(names(src).is_empty());
    }

    #[test]
    fn inherited_from_parent_stages() {
        let src = "ARG V=1\nFROM alpine:3.20 AS base\nARG V\nFROM base\nRUN echo $V\n";
        assert!(names(src).is_empty());
        let src = "ARG V=1\nFROM alpine:3.20 AS base\nENV V=2\nFROM base\nRUN echo $V\n";
        assert!(names(src).is_empty());
        // Not inherited from a stage it only copies from.
        let src = "ARG V=1\nFROM alpine:3.20 AS base\nARG V\nFROM alpine:3.20\nCOPY --from=base /a /a-$V\n";
        assert_eq!(names(src), ["$V"]);
    }

    #[test]
    fn base_image_env_and_proxies() {
        assert!(
            names("ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\nRUN echo $NODE_VERSION\n")
                .is_empty()
        );
        assert_eq!(
            names("ARG NODE_VERSION=22\nFROM scratch\nCOPY a /$NODE_VERSION\n"),
            ["$NODE_VERSION"]
        );
        assert!(names("ARG HTTP_PROXY\nFROM alpine:3.20\nRUN wget $HTTP_PROXY\n").is_empty());
        // Not a global ARG: not this rule's business.
        assert!(names("FROM alpine:3.20\nRUN echo $NOT_DECLARED\n").is_empty());
    }

    #[test]
    fn declared_too_late_and_the_fix() {
        let src = "ARG V=1\nfrom alpine:3.20\nrun echo $V\narg V\n";
        let d = run(&ArgScope, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("line 4"), "{}", d[0].message);
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostics::Applicability::Unsafe);
        let out = apply_edits(src, &fix.edits).unwrap();
        assert_eq!(
            out,
            "ARG V=1\nfrom alpine:3.20\narg V\nrun echo $V\narg V\n"
        );
        assert!(run(&ArgScope, &out).is_empty());
        // No final newline.
        let src = "ARG V=1\nFROM scratch\nCOPY a /$V";
        let d = run(&ArgScope, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "ARG V=1\nFROM scratch\nARG V\nCOPY a /$V");
    }

    #[test]
    fn one_rule_reports_each_place() {
        for src in [
            "ARG V=1\nFROM alpine:3.20\nCOPY app-$V.tar /x/\n",
            "ARG V=1\nFROM scratch\nCOPY app-$V.tar /x/\n",
            "FROM scratch\nCOPY app-$TARGETARCH /x/\n",
        ] {
            let mut ws = crate::workspace::Workspace::new();
            ws.add("Dockerfile", src);
            let report = crate::lint::lint(&ws, &crate::config::Config::default());
            let rules: Vec<&str> = report
                .findings
                .iter()
                .map(|f| f.rule)
                .filter(|r| *r == "arg-scope" || *r == "UndefinedVar")
                .collect();
            assert_eq!(rules, ["arg-scope"], "{src}");
        }
    }

    #[test]
    fn flags_arg_defaults_and_copy_heredocs() {
        let src = "ARG UID=1000\nARG V=1\nFROM alpine:3.20\nCOPY --chown=$UID:$UID a /a\nARG FULL=v$V\nCOPY <<EOF /etc/v\n$V\nEOF\n";
        assert_eq!(names(src), ["$UID", "$V"]);
        assert!(names("ARG V=1\nFROM alpine:3.20\nCOPY <<'EOF' /etc/v\n$V\nEOF\n").is_empty());
    }
}
