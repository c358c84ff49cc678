//! DL3067: `COPY --from=<stage> / /` copies a whole filesystem.

use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3067;

static META: RuleMeta = rule_meta! {
    id: "DL3067",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "COPY --from copies a whole filesystem (`/` to `/`)",
    why: "`COPY --from=build / /` pulls everything from the other stage (compilers, caches, package \
databases, secrets left in files) into this one, which defeats the point of a multi-stage build and \
overwrites this stage's own files. Copy the directories you need, or build FROM that stage instead. \
A root source is recognised with quotes and as `/.`.",
    bad: "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build / /\n",
    good: "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3067"],
};

fn is_root(p: &str) -> bool {
    matches!(p, "/" | "/." | "/./")
}

impl Rule for Dl3067 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Copy {
                continue;
            }
            let Some(from) = ins.command.flag("from").and_then(|f| f.value()) else {
                continue;
            };
            let (words, exec) = match &ins.command.args {
                Args::Words(w) => (w, false),
                Args::Exec(w) => (w, true),
                _ => continue,
            };
            let Some((dest, sources)) = words.split_last() else {
                continue;
            };
            let text = |w: &crate::dockerfile::Word| {
                if exec {
                    w.text.clone()
                } else {
                    unquote(&w.text, cx.dockerfile.escape)
                }
            };
            if is_root(&text(dest)) && sources.iter().any(|s| is_root(&text(s))) {
                out.push(Diagnostic::new(
                    ins.command.args_span,
                    format!("copies the whole filesystem of `{from}` over this stage; copy only the paths you need"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3067;
    use crate::rules::run;

    #[test]
    fn root_to_root_only() {
        assert_eq!(
            run(&Dl3067, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b / /\n").len(),
            1
        );
        assert_eq!(
            run(
                &Dl3067,
                "FROM a:1 AS b\nFROM c:1\nCOPY --from=b [\"/\", \"/\"]\n"
            )
            .len(),
            1
        );
        assert_eq!(
            run(&Dl3067, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b \"/\" /.\n").len(),
            1
        );
        assert!(run(
            &Dl3067,
            "FROM a:1 AS b\nFROM c:1\nCOPY --from=b / /rootfs/\n"
        )
        .is_empty());
        assert!(run(&Dl3067, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b /app /\n").is_empty());
        assert!(
            run(&Dl3067, "FROM c:1\nCOPY / /\n").is_empty(),
            "the build context is not a stage"
        );
    }
}
