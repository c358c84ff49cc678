//! CopyIgnoredFile: COPY/ADD of a path that `.dockerignore` keeps out of the build context.

use crate::dockerfile::{Args, Keyword};
use crate::dockerignore::DockerIgnore;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct CopyIgnoredFile;

static META: RuleMeta = rule_meta! {
    id: "CopyIgnoredFile",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "COPY/ADD source is excluded by .dockerignore",
    why: "Files matched by `.dockerignore` never reach the builder, so `COPY` of them fails (or, with a \
wildcard, silently copies less than intended). shipshape reads the `.dockerignore` next to the \
Dockerfile (or `<Dockerfile>.dockerignore`, which takes precedence) in the workspace, treating the \
Dockerfile's folder as the build context. Like BuildKit, the check is skipped when the ignore file \
has `!` re-include patterns, whose interplay needs the real file list. Copying the context root \
itself (`.` or `/`) is reported only when a pattern excludes everything in it (`*`, `**` or \
`**/*`); excluding some files is what `.dockerignore` is for.",
    bad: "FROM node:22-slim\nCOPY node_modules ./node_modules\n",
    good: "FROM node:22-slim\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
    has_fix: false,
    files: &[(".dockerignore", "node_modules\n*.log\n")],
    references: &["https://docs.docker.com/reference/build-checks/copy-ignored-file/"],
};

/// The ignore file that applies to the Dockerfile at `path`, and its path.
fn ignore_for<'a>(cx: &Context<'a>) -> Option<(&'a str, DockerIgnore)> {
    let dir = cx.path.rfind('/').map(|p| &cx.path[..p + 1]).unwrap_or("");
    let specific = format!("{}.dockerignore", cx.path);
    let general = format!("{dir}.dockerignore");
    [specific, general]
        .iter()
        .find_map(|p| cx.workspace.get(p))
        .map(|f| (f.path.as_str(), DockerIgnore::parse(&f.text)))
}

impl Rule for CopyIgnoredFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((ignore_path, ignore)) = ignore_for(cx) else {
            return;
        };
        if ignore.has_exclusions() {
            return;
        }
        for ins in cx.dockerfile.instructions() {
            let k = ins.keyword();
            if !(k == Keyword::Copy || k == Keyword::Add) || ins.command.flag("from").is_some() {
                continue;
            }
            let words = match &ins.command.args {
                Args::Words(w) | Args::Exec(w) => w,
                _ => continue,
            };
            let Some((_, sources)) = words.split_last() else {
                continue;
            };
            for src in sources {
                let t = &src.text;
                if t.starts_with("<<")
                    || t.contains("://")
                    || t.starts_with("git@")
                    || t.contains('$')
                {
                    continue;
                }
                let root = crate::dockerignore::clean(t).is_empty();
                let hit = if root {
                    ignore.root_excluded_by()
                } else {
                    ignore.excluded_by(t)
                };
                if let Some(p) = hit {
                    out.push(Diagnostic::new(
                        src.span,
                        format!(
                            "`{t}` is excluded from the build context by `{}` ({ignore_path} line {})",
                            p.pattern, p.line
                        ),
                    ));
                }
            }
        }
    }
}
