//! DL3021: COPY/ADD of several sources needs a destination folder written with a trailing `/`.

use crate::diagnostics::Fix;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3021;

static META: RuleMeta = rule_meta! {
    id: "DL3021",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "COPY with several sources to a destination without a trailing `/`",
    why: "With more than one source the destination must be a folder, and the builder only accepts \
it when it ends in `/`: `COPY a.txt b.txt /app` fails the build. The fix appends the `/`.\n\n\
Unlike hadolint, shipshape checks ADD too (the builder applies the same rule to it), and skips a \
destination that contains a variable, whose value may well end in `/`. When the escape character is a \
backtick (Windows style), a trailing `\\` is accepted as well.",
    bad: "FROM node:22-slim\nCOPY package.json package-lock.json /app\n",
    good: "FROM node:22-slim\nCOPY package.json package-lock.json /app/\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3021"],
};

impl Rule for Dl3021 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let escape = cx.dockerfile.escape;
        for ins in cx.dockerfile.instructions() {
            let k = ins.keyword();
            if k != Keyword::Copy && k != Keyword::Add {
                continue;
            }
            let (words, exec) = match &ins.command.args {
                Args::Words(w) => (w, false),
                Args::Exec(w) => (w, true),
                _ => continue,
            };
            if words.len() < 3 {
                continue;
            }
            let dest = &words[words.len() - 1];
            let text = if exec {
                dest.text.clone()
            } else {
                unquote(&dest.text, escape)
            };
            if text.ends_with('/') || text.contains('$') || (escape == '`' && text.ends_with('\\'))
            {
                continue;
            }
            let raw = dest.span.slice(cx.text);
            let at = if exec || raw.ends_with(['"', '\'']) {
                dest.span.end - 1
            } else {
                dest.span.end
            };
            out.push(
                Diagnostic::new(
                    dest.span,
                    format!(
                        "{} of {} sources needs a folder destination ending in `/`; write `{text}/`",
                        k.as_str(),
                        words.len() - 1
                    ),
                )
                .with_fix(Fix::safe(
                    format!("Append `/` to `{text}`"),
                    vec![TextEdit::new(crate::source::Span::empty(at), "/")],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3021;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn fixed(src: &str) -> String {
        let d = run(&Dl3021, src);
        apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap()
    }

    #[test]
    fn sources_and_destinations() {
        assert!(
            run(&Dl3021, "FROM a:1\nCOPY a /app\n").is_empty(),
            "one source may target a file"
        );
        assert!(run(&Dl3021, "FROM a:1\nCOPY a b /app/\n").is_empty());
        assert!(run(&Dl3021, "FROM a:1\nCOPY a b $DEST\n").is_empty());
        assert!(run(&Dl3021, "FROM a:1\nCOPY --from=x a b \"/app/\"\n").is_empty());
        assert_eq!(run(&Dl3021, "FROM a:1\nADD a b /app\n").len(), 1);
        assert_eq!(
            run(&Dl3021, "FROM a:1\nCOPY <<A <<B /app\nx\nA\ny\nB\n").len(),
            1
        );
    }

    #[test]
    fn fixes_keep_quotes() {
        assert_eq!(
            fixed("FROM a:1\nCOPY a b /app\n"),
            "FROM a:1\nCOPY a b /app/\n"
        );
        assert_eq!(
            fixed("FROM a:1\nCOPY a b \"/my app\"\n"),
            "FROM a:1\nCOPY a b \"/my app/\"\n"
        );
        assert_eq!(
            fixed("FROM a:1\nCOPY [\"a\", \"b\", \"/app\"]\n"),
            "FROM a:1\nCOPY [\"a\", \"b\", \"/app/\"]\n"
        );
    }

    #[test]
    fn windows_escape_accepts_backslash() {
        assert!(run(&Dl3021, "# escape=`\nFROM a:1\nCOPY a b c:\\app\\\n").is_empty());
    }
}
