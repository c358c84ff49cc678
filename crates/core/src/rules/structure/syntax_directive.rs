//! syntax-directive-unpinned: `# syntax=` follows a moving tag, or BuildKit-only syntax is used
//! with no `# syntax=` line at all.

use crate::diagnostics::Fix;
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::{Args, Command, Dockerfile, Instruction, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct SyntaxDirectiveUnpinned;

static META: RuleMeta = rule_meta! {
    id: "syntax-directive-unpinned",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "The Dockerfile frontend is not pinned to a major version",
    why: "The `# syntax=` line picks the Dockerfile frontend BuildKit downloads before the build. \
`docker/dockerfile` without a tag, `:latest`, `:labs` or `-upstream:master` follow whatever is \
released next, a new major version included; `docker/dockerfile:1` (or `:1.7`, or a \
`@sha256:` digest) keeps the syntax stable while still getting fixes. Without any `# syntax=` \
line the builder's bundled frontend is used, so heredocs, `RUN --mount`, `COPY --link`, \
`--chmod`, `--parents`, `--exclude` and the other BuildKit-only flags work or fail depending on \
the Docker or BuildKit version of the machine that builds (and never with the legacy builder); \
that case is reported on the first such feature.\n\n\
Fixes: `docker/dockerfile` and `:latest` become `:1`, `:labs` becomes `:1-labs` (safe: these \
resolve to the same frontend today, they only stop a future major release from being picked \
up). Moving from `master`/`nightly`/`experimental` to `docker/dockerfile:1`, and adding \
`# syntax=docker/dockerfile:1` where there is none, are unsafe: the build then pulls a different \
frontend than before (it needs registry access, and its behaviour and checks may differ).",
    bad: "FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
    good: "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#syntax",
        "https://docs.docker.com/build/buildkit/frontend/",
    ],
};

/// Tags that move to new releases (or to unreleased code).
const MOVING_TAGS: &[&str] = &[
    "latest",
    "labs",
    "master",
    "main",
    "nightly",
    "experimental",
    "edge",
    "dev",
    "mainline",
    "upstream",
    "stable",
];

/// The official frontend repositories, whose tags are versions.
fn is_docker_frontend(r: &ImageRef) -> bool {
    matches!(
        r.repository.as_str(),
        "docker/dockerfile" | "docker/dockerfile-upstream"
    ) && matches!(
        r.registry.as_deref(),
        None | Some("docker.io") | Some("index.docker.io") | Some("registry-1.docker.io")
    )
}

/// The `# syntax=` frontend as an image reference, when the file has the directive.
pub(super) fn frontend(df: &Dockerfile) -> Option<ImageRef> {
    df.directive("syntax")
        .map(|d| ImageRef::parse(d.value.trim()))
}

/// For a pinned official frontend `docker/dockerfile:MAJOR[.MINOR...]`, the (major, minor) it pins.
pub(super) fn frontend_version(r: &ImageRef) -> Option<(u32, Option<u32>)> {
    if !is_docker_frontend(r) || r.digest.is_some() {
        return None;
    }
    let tag = r.tag.as_deref()?;
    let version = tag.split('-').next()?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok());
    Some((major, minor))
}

/// What is wrong with a `# syntax=` value, if anything: (description, replacement, safe).
fn judge(value: &str) -> Option<(String, Option<(String, bool)>)> {
    let r = ImageRef::parse(value);
    if r.digest.is_some() || r.repository.is_empty() {
        return None;
    }
    let official = is_docker_frontend(&r);
    let tag = r.tag.as_deref();
    // No digest here, so the value ends with `:tag` when it has one.
    let name = match tag {
        Some(t) => &value[..value.len() - t.len() - 1],
        None => value,
    };
    let unpinned = match tag {
        None => true,
        Some(t) if MOVING_TAGS.contains(&t.to_ascii_lowercase().as_str()) => true,
        // The official images tag every release with its version: anything else moves.
        Some(t) => official && !t.starts_with(|c: char| c.is_ascii_digit()),
    };
    if !unpinned {
        return None;
    }
    let what = match tag {
        None => format!("`{value}` has no tag, so it follows `latest`"),
        Some(t) if official && t.eq_ignore_ascii_case("experimental") => {
            format!("`{value}` is the old experimental channel that `labs` replaced, not a version")
        }
        Some(t) => format!("`{value}` follows the moving `{t}` tag"),
    };
    let fix = if !official {
        None
    } else if r.repository == "docker/dockerfile" {
        match tag {
            None | Some("latest") => Some((format!("{name}:1"), true)),
            Some("labs") => Some((format!("{name}:1-labs"), true)),
            _ => Some(("docker/dockerfile:1".to_string(), false)),
        }
    } else {
        Some(("docker/dockerfile:1".to_string(), false))
    };
    Some((what, fix))
}

/// BuildKit-only syntax an instruction uses: (feature, where).
fn features(ins: &Instruction) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let cmd: &Command = match &ins.command.args {
        Args::Onbuild(inner) => inner,
        _ => &ins.command,
    };
    if let Some(h) = ins.heredocs.first() {
        out.push(("heredocs".to_string(), h.marker));
    }
    let flags: &[&str] = match cmd.keyword {
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["link", "chmod", "parents", "exclude"],
        Keyword::Add => &[
            "link",
            "chmod",
            "parents",
            "exclude",
            "checksum",
            "keep-git-dir",
            "unpack",
        ],
        _ => &[],
    };
    for f in &cmd.flags {
        if flags.contains(&f.name()) {
            out.push((format!("`{} --{}`", cmd.keyword.as_str(), f.name()), f.span));
        }
    }
    out
}

impl Rule for SyntaxDirectiveUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(d) = cx.dockerfile.directive("syntax") {
            let Some((what, fix)) = judge(d.value.trim()) else {
                return;
            };
            let mut diag = Diagnostic::new(
                d.value_span,
                format!(
                    "{what}; pin the frontend to a major version such as `docker/dockerfile:1`"
                ),
            );
            if let Some((new, safe)) = fix {
                let title = format!("Pin the syntax to `{new}`");
                let edits = vec![TextEdit::new(d.value_span, new)];
                diag = diag.with_fix(if safe {
                    Fix::safe(title, edits)
                } else {
                    Fix::unsafe_(title, edits)
                });
            }
            out.push(diag);
            return;
        }
        let mut found: Vec<(String, Span)> = Vec::new();
        for ins in cx.dockerfile.instructions() {
            for (name, span) in features(ins) {
                if !found.iter().any(|(n, _)| *n == name) {
                    found.push((name, span));
                }
            }
        }
        let Some((first, span)) = found.first() else {
            return;
        };
        let others = if found.len() > 1 {
            let rest: Vec<&str> = found[1..].iter().map(|(n, _)| n.as_str()).collect();
            format!(" (also used: {})", rest.join(", "))
        } else {
            String::new()
        };
        // After a byte-order mark, if there is one: the directive must open the file.
        let at = if cx.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        out.push(
            Diagnostic::new(
                *span,
                format!(
                    "this file uses {first}, which only BuildKit's Dockerfile frontend supports, but has no \
`# syntax=` line: whether it builds depends on the frontend the builder bundles{others}"
                ),
            )
            .with_fix(Fix::unsafe_(
                "Add `# syntax=docker/dockerfile:1` as the first line",
                vec![TextEdit::new(
                    Span::empty(at),
                    "# syntax=docker/dockerfile:1\n",
                )],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{apply_edits, Applicability};
    use crate::rules::run;

    fn fixed(src: &str) -> (String, Applicability) {
        let d = run(&SyntaxDirectiveUnpinned, src);
        assert_eq!(d.len(), 1, "{src}: {d:?}");
        let fix = d[0].fix.as_ref().expect("a fix");
        (apply_edits(src, &fix.edits).unwrap(), fix.applicability)
    }

    #[test]
    fn pinned_directives_are_fine() {
        for v in [
            "docker/dockerfile:1",
            "docker/dockerfile:1.7",
            "docker/dockerfile:1.7.1",
            "docker/dockerfile:1-labs",
            "docker/dockerfile:1.7-labs",
            "docker.io/docker/dockerfile:1",
            "docker/dockerfile@sha256:4c68376a702446fc3c79af22de146a148bc3367e73c25a5803d453b6b3f722fb",
            "docker/dockerfile:1@sha256:4c68376a702446fc3c79af22de146a148bc3367e73c25a5803d453b6b3f722fb",
            "docker/dockerfile-upstream:1.8.0",
            "tonistiigi/dockerfile:runmount20180618",
        ] {
            let src = format!("# syntax={v}\nFROM alpine:3.20\nRUN --mount=type=cache,target=/x true\n");
            assert!(run(&SyntaxDirectiveUnpinned, &src).is_empty(), "{v}");
        }
    }

    #[test]
    fn moving_tags_are_pinned() {
        let (out, a) = fixed("# syntax=docker/dockerfile\nFROM alpine:3.20\n");
        assert_eq!(out, "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n");
        assert_eq!(a, Applicability::Safe);
        let (out, a) = fixed("#syntax=docker.io/docker/dockerfile:latest\nFROM alpine:3.20\n");
        assert_eq!(
            out,
            "#syntax=docker.io/docker/dockerfile:1\nFROM alpine:3.20\n"
        );
        assert_eq!(a, Applicability::Safe);
        let (out, _) = fixed("# syntax=docker/dockerfile:labs\nFROM alpine:3.20\n");
        assert!(
            out.starts_with("# syntax=docker/dockerfile:1-labs\n"),
            "{out}"
        );
        let (out, a) = fixed("# syntax=docker/dockerfile-upstream:master\nFROM alpine:3.20\n");
        assert!(out.starts_with("# syntax=docker/dockerfile:1\n"), "{out}");
        assert_eq!(a, Applicability::Unsafe);
        let (_, a) = fixed("# syntax=docker/dockerfile:experimental\nFROM alpine:3.20\n");
        assert_eq!(a, Applicability::Unsafe);
        // A custom frontend on a moving tag: reported, but we cannot know what to pin it to.
        let d = run(
            &SyntaxDirectiveUnpinned,
            "# syntax=example.com/frontend:latest\nFROM alpine:3.20\n",
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn buildkit_features_without_directive() {
        for src in [
            "FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n",
            "FROM alpine:3.20\nCOPY --link a /a\n",
            "FROM alpine:3.20\nCOPY --chmod=755 a /a\n",
            "FROM alpine:3.20\nCOPY --parents a/b /a/\n",
            "FROM alpine:3.20\nADD --exclude=*.md . /a/\n",
            "FROM alpine:3.20\nONBUILD RUN --mount=type=cache,target=/x true\n",
        ] {
            let d = run(&SyntaxDirectiveUnpinned, src);
            assert_eq!(d.len(), 1, "{src}");
        }
        let src = "FROM alpine:3.20\nCOPY --link a /a\nRUN <<EOF\necho\nEOF\nCOPY --link b /b\n";
        let d = run(&SyntaxDirectiveUnpinned, src);
        assert_eq!(d.len(), 1, "one finding per file");
        assert_eq!(d[0].span.slice(src), "--link");
        assert!(
            d[0].message.contains("also used: heredocs"),
            "{}",
            d[0].message
        );
        let (out, a) = fixed(src);
        assert!(out.starts_with("# syntax=docker/dockerfile:1\nFROM"));
        assert_eq!(a, Applicability::Unsafe);
        // The classic builder's flags need no directive.
        assert!(run(
            &SyntaxDirectiveUnpinned,
            "FROM alpine:3.20 AS b\nCOPY --from=b --chown=1:1 a /a\n"
        )
        .is_empty());
    }

    #[test]
    fn directive_goes_after_a_bom_and_before_other_directives() {
        let (out, _) = fixed("\u{feff}# escape=`\nFROM alpine:3.20\nCOPY --link a /a\n");
        assert_eq!(
            out,
            "\u{feff}# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.20\nCOPY --link a /a\n"
        );
        let df = crate::dockerfile::parse(&out);
        assert_eq!(
            df.directive("syntax").map(|d| d.value.as_str()),
            Some("docker/dockerfile:1")
        );
        assert_eq!(df.escape, '`');
    }

    #[test]
    fn versions() {
        let v = |s: &str| frontend_version(&ImageRef::parse(s));
        assert_eq!(v("docker/dockerfile:1.3"), Some((1, Some(3))));
        assert_eq!(v("docker/dockerfile:1-labs"), Some((1, None)));
        assert_eq!(v("docker/dockerfile:latest"), None);
        assert_eq!(v("example.com/x:1.2"), None);
    }
}
