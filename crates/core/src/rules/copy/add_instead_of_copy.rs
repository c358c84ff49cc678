//! DL3020: ADD of local files and folders; COPY says what it does and nothing more.

use crate::diagnostics::Fix;
use crate::dockerfile::{words::unquote, Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3020;

static META: RuleMeta = rule_meta! {
    id: "DL3020",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "ADD used for local files or folders; use COPY",
    why: "ADD also downloads URLs, clones git repositories and unpacks local tar archives. For plain \
files that magic is a trap: rename a file to `.tar.gz` and it is silently extracted. COPY does only \
what it says. A source given by a variable (`ADD $DIST /opt/`) is not reported: it may hold a URL \
or an archive, which need ADD, and COPY would break the build (hadolint reports it, #769). The \
fix renames the keyword; it is offered only when ADD has no ADD-only flags \
(`--checksum`, `--keep-git-dir`, `--unpack`) and no source is a URL, git reference or archive.",
    bad: "FROM alpine:3.20\nADD app.py /app/\n",
    good: "FROM alpine:3.20\nCOPY app.py /app/\nADD https://example.com/tool.tar.gz /opt/\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3020",
        "https://github.com/hadolint/hadolint/issues/769",
        "https://docs.docker.com/reference/dockerfile/#add",
    ],
};

const ARCHIVES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz",
    ".tlz",
    ".tar.lzma",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
    ".lz",
    ".lzma",
    ".z",
    ".Z",
];

fn is_special_source(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("git@")
        || lower.contains('$')
        || ARCHIVES
            .iter()
            .any(|ext| lower.ends_with(&ext.to_ascii_lowercase()))
}

impl Rule for Dl3020 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            let cmd = &ins.command;
            if cmd.keyword != Keyword::Add || !ins.heredocs.is_empty() {
                continue;
            }
            let words = match &cmd.args {
                Args::Words(w) | Args::Exec(w) => w,
                _ => continue,
            };
            if words.len() < 2 {
                continue;
            }
            let sources = &words[..words.len() - 1];
            // BuildKit removes quotes from the words: `"file.tgz"` is the archive `file.tgz`.
            let exec = matches!(cmd.args, Args::Exec(_));
            if sources.iter().any(|w| {
                if exec {
                    is_special_source(&w.text)
                } else {
                    is_special_source(&unquote(&w.text, cx.dockerfile.escape))
                }
            }) {
                continue;
            }
            let mut d = Diagnostic::new(
                cmd.name_span,
                "ADD of local files; use COPY, which never unpacks or downloads",
            );
            let add_only = cmd
                .flags
                .iter()
                .any(|f| matches!(f.name(), "checksum" | "keep-git-dir" | "unpack"));
            if !add_only {
                let upper = cmd.name.chars().all(|c| !c.is_ascii_lowercase());
                d = d.with_fix(Fix::safe(
                    "Replace ADD with COPY",
                    vec![TextEdit::new(
                        cmd.name_span,
                        if upper { "COPY" } else { "copy" },
                    )],
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3020;
    use crate::rules::run;

    #[test]
    fn urls_archives_and_add_only_flags() {
        assert_eq!(run(&Dl3020, "FROM a:1\nADD . /app\n").len(), 1);
        assert!(run(&Dl3020, "FROM a:1\nADD https://x.io/a /a\n").is_empty());
        assert!(run(&Dl3020, "FROM a:1\nADD rootfs.tar.xz /\n").is_empty());
        assert!(run(&Dl3020, "FROM a:1\nADD git@github.com:a/b.git /src\n").is_empty());
        let d = run(&Dl3020, "FROM a:1\nADD --checksum=sha256:0 local /x\n");
        assert!(d[0].fix.is_none(), "--checksum has no COPY equivalent");
        let d = run(&Dl3020, "FROM a:1\nadd x /y\n");
        assert_eq!(d[0].fix.as_ref().unwrap().edits[0].replacement, "copy");
        // Quotes do not hide an archive or a URL.
        assert!(run(&Dl3020, "FROM a:1\nADD \"rootfs.tar.xz\" /\n").is_empty());
        assert!(run(&Dl3020, "FROM a:1\nADD 'https://x.io/a' /a\n").is_empty());
        assert_eq!(
            run(&Dl3020, "FROM a:1\nADD \"config.yml\" /etc/\n").len(),
            1
        );
    }
}
