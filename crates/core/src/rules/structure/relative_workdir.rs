//! DL3000 / WorkdirRelativePath: a relative WORKDIR depends on whatever directory came before.

use crate::diagnostics::Fix;
use crate::dockerfile::{words::unquote, Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3000;

static META: RuleMeta = rule_meta! {
    id: "DL3000",
    aliases: &["WorkdirRelativePath"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Relative WORKDIR before any absolute one in the stage",
    why: "A relative WORKDIR is resolved against the working directory inherited from the base image, \
which can change when the base image is updated. Use an absolute path so the layout is explicit. \
Paths starting with a variable (`$HOME/app`) and Windows drive paths (`C:\\app`) count as absolute.\n\n\
Like BuildKit (and unlike hadolint, which reports every relative WORKDIR), a relative WORKDIR after an \
absolute one in the same stage (or in the local stage it is built FROM) is well defined and not \
reported: the Dockerfile reference resolves it against the previous WORKDIR, and BuildKit's \
check only looks until the stage (or the stage it is built on) has set one. When the stage starts from `scratch` the working directory is known to be `/`, and the fix \
makes the path absolute.",
    bad: "FROM scratch\nCOPY bin/ /srv/bin/\nWORKDIR srv\n",
    good: "FROM scratch\nCOPY bin/ /srv/bin/\nWORKDIR /srv\nWORKDIR bin\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3000",
        "https://docs.docker.com/reference/build-checks/workdir-relative-path/",
        "https://docs.docker.com/reference/dockerfile/#workdir",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert.go",
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
        let model = cx.model;
        // Whether each stage ends with an absolute WORKDIR set (so children inherit a known one).
        let mut ends_absolute = vec![false; model.stages.len()];
        for stage in &model.stages {
            let base = stage
                .base_resolved
                .as_deref()
                .unwrap_or("")
                .to_ascii_lowercase();
            let scratch = base == "scratch";
            let mut known = model
                .stage_before(&base, stage.index)
                .map(|p| ends_absolute[p.index])
                .unwrap_or(false);
            for ins in &stage.instructions {
                if ins.keyword() != Keyword::Workdir {
                    continue;
                }
                let Args::String(w) = &ins.command.args else {
                    continue;
                };
                let path = unquote(&w.text, cx.dockerfile.escape);
                if is_absolute(&path) {
                    known = true;
                    continue;
                }
                if known {
                    continue;
                }
                let mut d = Diagnostic::new(
                    w.span,
                    format!("WORKDIR `{path}` is relative and no absolute WORKDIR was set before it in this stage"),
                );
                let (a, b) = ins.command.args_logical;
                if scratch && ins.logical.is_contiguous(a, b) && !w.text.contains(['"', '\'', '\\'])
                {
                    let abs = format!("/{}", path.trim_start_matches("./"));
                    d = d.with_fix(Fix::safe(
                        format!("Write `{abs}`"),
                        vec![TextEdit::new(w.span, abs)],
                    ));
                }
                out.push(d);
                // After this the directory is defined (relative to the base), as BuildKit sees it.
                known = true;
            }
            ends_absolute[stage.index] = known;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3000;
    use crate::rules::run;

    #[test]
    fn relative_after_absolute_is_fine_and_scratch_gets_a_fix() {
        assert!(run(&Dl3000, "FROM a:1\nWORKDIR /app\nWORKDIR src\n").is_empty());
        assert!(run(
            &Dl3000,
            "FROM a:1 AS b\nWORKDIR /app\nFROM b\nWORKDIR src\n"
        )
        .is_empty());
        let d = run(&Dl3000, "FROM scratch\nWORKDIR app\n");
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].replacement, "/app");
        assert!(
            run(&Dl3000, "FROM a:1\nWORKDIR app\n")[0].fix.is_none(),
            "base image's WORKDIR unknown"
        );
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(run(&Dl3000, "FROM a:1\nWORKDIR app\n").len(), 1);
        assert_eq!(run(&Dl3000, "FROM a:1\nWORKDIR \"app dir\"\n").len(), 1);
        for ok in ["/app", "$HOME/app", "${APP_HOME}", "C:\\app", "\"/x y\""] {
            assert!(
                run(&Dl3000, &format!("FROM a:1\nWORKDIR {ok}\n")).is_empty(),
                "{ok}"
            );
        }
    }
}
