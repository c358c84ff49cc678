//! DL3000 / WorkdirRelativePath: a relative WORKDIR depends on whatever directory came before.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::{words::unquote, Args, Keyword};

pub struct Dl3000;

static META: RuleMeta = RuleMeta {
    id: "DL3000",
    aliases: &["WorkdirRelativePath"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "WORKDIR is a relative path",
    why: "A relative WORKDIR is resolved against the previous working directory, which may come from \
the base image and change when it is updated. Use an absolute path so the layout is explicit. \
Paths starting with a variable (`$HOME/app`) and Windows drive paths (`C:\\app`) count as absolute.",
    bad: "FROM alpine:3.20\nWORKDIR app\n",
    good: "FROM alpine:3.20\nWORKDIR /app\n",
    has_fix: false,
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3000",
        "https://docs.docker.com/reference/build-checks/workdir-relative-path/",
    ],
};

fn is_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('$')
        || p.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

impl Rule for Dl3000 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Workdir {
                continue;
            }
            let Args::String(w) = &ins.command.args else {
                continue;
            };
            let path = unquote(&w.text, cx.dockerfile.escape);
            if !is_absolute(&path) {
                out.push(Diagnostic::new(
                    w.span,
                    format!("WORKDIR `{path}` is relative; use an absolute path"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl3000;

    #[test]
    fn absolute_forms() {
        assert_eq!(run(&Dl3000, "FROM a:1\nWORKDIR app\n").len(), 1);
        assert_eq!(run(&Dl3000, "FROM a:1\nWORKDIR \"app dir\"\n").len(), 1);
        for ok in ["/app", "$HOME/app", "${APP_HOME}", "C:\\app", "\"/x y\""] {
            assert!(run(&Dl3000, &format!("FROM a:1\nWORKDIR {ok}\n")).is_empty(), "{ok}");
        }
    }
}
