//! DL3045: COPY to a relative destination before the stage sets a WORKDIR.

use crate::diagnostics::Fix;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword, Word};
use crate::rules::{json_quote, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3045;

static META: RuleMeta = rule_meta! {
    id: "DL3045",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "COPY to a relative destination without WORKDIR",
    why: "A relative destination is resolved against the working directory, which, until the \
stage sets one with WORKDIR, is whatever the base image chose (often `/`). `COPY . .` then \
scatters the build context over the root of the filesystem, and the result silently changes when \
the base image changes. Set WORKDIR first, or use an absolute destination.\n\n\
A WORKDIR in a stage this one is built on (`FROM build AS test`) counts. Destinations that start \
with a variable (`$HOME`) or are Windows absolute paths (`C:\\app`) are not reported. Unlike \
hadolint, ADD is checked as well as COPY: the Dockerfile reference resolves a relative ADD \
destination against the working directory exactly as it does COPY's.\n\n\
The fix writes the destination as the absolute path it means when the working directory is `/` \
(`./` becomes `/`, `app/` becomes `/app/`). That is certain for a stage built from `scratch`, where \
the fix is safe. For any other base image it is an assumption (true for most OS images, not for \
images that set their own WORKDIR, such as `golang`), so there the fix is unsafe: check the base \
image's working directory, or set WORKDIR instead.",
    bad: "FROM node:22-slim\nCOPY package.json ./\n",
    good: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3045",
        "https://docs.docker.com/reference/dockerfile/#destination",
    ],
};

/// Whether a destination does not depend on the working directory (or cannot be judged).
fn anchored(dest: &str) -> bool {
    let b = dest.as_bytes();
    dest.starts_with(['/', '\\', '$'])
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'/' | b'\\'))
}

/// `dest` resolved against `/`.
fn absolute(dest: &str) -> String {
    let mut rest = dest;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r.trim_start_matches('/');
    }
    if rest == "." {
        rest = "";
    }
    format!("/{rest}")
}

/// The edit writing `dest` as an absolute path, when the word is written plainly.
fn absolute_edit(cx: &Context<'_>, dest: &Word, text: &str, exec: bool) -> Option<TextEdit> {
    let src = dest.span.slice(cx.text);
    let plain = if exec {
        src == json_quote(text)
    } else {
        src == text && !text.contains(['"', '\'', '\\', ' ', '\t'])
    };
    if !plain || text.contains(['\n', '$']) {
        return None;
    }
    let abs = absolute(text);
    Some(TextEdit::new(
        dest.span,
        if exec { json_quote(&abs) } else { abs },
    ))
}

impl Rule for Dl3045 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let from_scratch = cx.scratch_chains();
        // Whether each stage (or one it is built on) sets a WORKDIR: one pass, parents first.
        let mut has_workdir: Vec<bool> = Vec::with_capacity(cx.model.stages.len());
        for stage in &cx.model.stages {
            // Built on scratch (through local stages without WORKDIR): the directory is `/`.
            let scratch = from_scratch[stage.index];
            let mut workdir = cx.parent_of(stage.index).is_some_and(|p| has_workdir[p]);
            has_workdir.push(
                workdir
                    || stage
                        .instructions
                        .iter()
                        .any(|i| i.keyword() == Keyword::Workdir),
            );
            for ins in &stage.instructions {
                let k = ins.keyword();
                if k == Keyword::Workdir {
                    workdir = true;
                }
                if workdir || !(k == Keyword::Copy || k == Keyword::Add) {
                    continue;
                }
                let (words, exec) = match &ins.command.args {
                    Args::Words(w) => (w, false),
                    Args::Exec(w) => (w, true),
                    _ => continue,
                };
                let Some(dest) = words.last().filter(|_| words.len() >= 2) else {
                    continue;
                };
                let text = if exec {
                    dest.text.clone()
                } else {
                    unquote(&dest.text, cx.dockerfile.escape)
                };
                // `C:\app` with the default escape loses its backslashes to the lexer, but it is
                // still meant as an absolute Windows path.
                let raw = dest.text.trim_matches(['"', '\'']);
                if anchored(&text) || anchored(raw) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    dest.span,
                    format!(
                        "{} to the relative path `{text}` before any WORKDIR: it depends on the base image's working directory; set WORKDIR or use an absolute path",
                        k.as_str()
                    ),
                );
                if let Some(edit) = absolute_edit(cx, dest, &text, exec) {
                    let abs = absolute(&text);
                    d = d.with_fix(if scratch {
                        Fix::safe(format!("Write `{abs}`"), vec![edit])
                    } else {
                        Fix::unsafe_(
                            format!(
                                "Write `{abs}` (assumes the base image's working directory is `/`)"
                            ),
                            vec![edit],
                        )
                    });
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3045;
    use crate::rules::run;

    #[test]
    fn workdir_in_stage_or_parent() {
        assert_eq!(run(&Dl3045, "FROM a:1\nCOPY . .\n").len(), 1);
        assert!(run(&Dl3045, "FROM a:1\nWORKDIR /app\nCOPY . .\n").is_empty());
        assert_eq!(
            run(&Dl3045, "FROM a:1\nCOPY a b\nWORKDIR /app\nCOPY a b\n").len(),
            1
        );
        assert!(run(
            &Dl3045,
            "FROM a:1 AS base\nWORKDIR /app\nFROM base AS test\nCOPY . .\n"
        )
        .is_empty());
        assert_eq!(
            run(
                &Dl3045,
                "FROM a:1 AS base\nWORKDIR /app\nFROM b:1\nCOPY . .\n"
            )
            .len(),
            1
        );
        assert_eq!(
            run(&Dl3045, "FROM a:1 AS x\nFROM x\nCOPY --from=x a b\n").len(),
            1
        );
    }

    #[test]
    fn absolute_variable_and_windows_destinations() {
        assert!(run(
            &Dl3045,
            "FROM a:1\nCOPY a /app/\nCOPY a \"/b\"\nCOPY [\"a\", \"/c\"]\n"
        )
        .is_empty());
        assert!(run(&Dl3045, "FROM a:1\nCOPY a $HOME/x\nCOPY a ${DIR}\n").is_empty());
        assert!(run(
            &Dl3045,
            "FROM a:1\nCOPY a c:/x\nCOPY a C:\\\\x\nADD a C:\\TEMP\\a.exe\n"
        )
        .is_empty());
        assert_eq!(run(&Dl3045, "FROM a:1\nADD a.tar.gz opt/\n").len(), 1);
        assert_eq!(run(&Dl3045, "FROM a:1\nCOPY [\"a\", \"b\"]\n").len(), 1);
    }

    fn fixes(src: &str) -> Vec<(String, bool)> {
        run(&Dl3045, src)
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .map(|f| {
                (
                    crate::diagnostics::apply_edits(src, &f.edits).unwrap(),
                    f.applicability == crate::diagnostics::Applicability::Safe,
                )
            })
            .collect()
    }

    #[test]
    fn fix_makes_the_destination_absolute() {
        assert_eq!(super::absolute("."), "/");
        assert_eq!(super::absolute("./"), "/");
        assert_eq!(super::absolute("././app/"), "/app/");
        assert_eq!(super::absolute("app/bin"), "/app/bin");
        assert_eq!(
            fixes("FROM scratch\nCOPY a ./\n"),
            [("FROM scratch\nCOPY a /\n".to_string(), true)]
        );
        // Through a local stage built on scratch: still known.
        assert_eq!(
            fixes("FROM scratch AS s\nFROM s\nCOPY [\"a\", \"b c/\"]\n"),
            [(
                "FROM scratch AS s\nFROM s\nCOPY [\"a\", \"/b c/\"]\n".to_string(),
                true
            )]
        );
        assert_eq!(
            fixes("FROM node:22\nADD a.tgz opt/\n"),
            [("FROM node:22\nADD a.tgz /opt/\n".to_string(), false)]
        );
        // Quoted or escaped words are left alone (reported, no fix).
        assert!(fixes("FROM scratch\nCOPY a \"b\"\n").is_empty());
        let out = &fixes("FROM scratch\nCOPY . .\n")[0].0;
        assert!(run(&Dl3045, out).is_empty());
    }
}
