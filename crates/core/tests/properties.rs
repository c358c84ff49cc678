//! Property tests over generated Dockerfiles (proptest): whatever the text, the parser gives
//! every byte back, every finding's span lies inside the text on character boundaries with a
//! 1-based line and column, applying the safe fixes twice changes nothing the second time, and a
//! lint that reuses the last one's files (`lint_reusing`) reports what a fresh lint does.
//!
//! The generator assembles lines from instruction-shaped pieces and hostile ones: continuations,
//! heredocs that may never end, comments and directives, CRLF, tabs, quotes, `$` expansions,
//! non-ASCII and right-to-left characters, stray brackets and unbalanced quotes.

use proptest::prelude::*;
use shipshape_core::dockerfile;
use shipshape_core::fix::{fix_workspace, FixOptions};
use shipshape_core::lint::{lint_reusing, Reuse};
use shipshape_core::{lint, Config, FileKind, Workspace};

/// Words an instruction is made of.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("alpine:3.20".to_string()),
        Just("debian".to_string()),
        Just("apt-get".to_string()),
        Just("install".to_string()),
        Just("-y".to_string()),
        Just("--no-install-recommends".to_string()),
        Just("&&".to_string()),
        Just("|".to_string()),
        Just("$HOME".to_string()),
        Just("${VERSION:-1}".to_string()),
        Just("\"quoted text\"".to_string()),
        Just("'single'".to_string()),
        Just("\"unbalanced".to_string()),
        Just("[\"exec\", \"form\"]".to_string()),
        Just("[\"broken\",".to_string()),
        Just("--mount=type=cache,target=/root/.cache".to_string()),
        Just("--from=build".to_string()),
        Just("AS".to_string()),
        Just("build".to_string()),
        Just("/usr/local/bin/".to_string()),
        Just("é漢字".to_string()),
        Just("\u{202e}evil".to_string()),
        Just("((((".to_string()),
        Just("$(echo x)".to_string()),
        Just("`id -u`".to_string()),
        Just("KEY=value".to_string()),
        Just("=".to_string()),
        prop::collection::vec(prop::char::range('a', 'z'), 1..8)
            .prop_map(|cs| cs.into_iter().collect::<String>()),
    ]
}

fn keyword() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "FROM",
        "RUN",
        "COPY",
        "ADD",
        "ENV",
        "ARG",
        "WORKDIR",
        "USER",
        "CMD",
        "ENTRYPOINT",
        "EXPOSE",
        "LABEL",
        "HEALTHCHECK",
        "SHELL",
        "ONBUILD",
        "STOPSIGNAL",
        "VOLUME",
        "from",
        "run",
        "MAINTAINER",
        "BOGUS",
    ])
}

/// One line (or a few, for heredocs and continuations).
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (keyword(), prop::collection::vec(word(), 0..6))
            .prop_map(|(k, ws)| format!("{k} {}", ws.join(" "))),
        1 => Just("# a comment".to_string()),
        1 => Just("# syntax=docker/dockerfile:1".to_string()),
        1 => Just("# hadolint ignore=DL3008, DL3015".to_string()),
        1 => Just("# check=skip=all // why".to_string()),
        1 => Just(String::new()),
        1 => Just("RUN apt-get update \\".to_string()),
        1 => Just("    && echo continued \\".to_string()),
        1 => Just("RUN <<EOF\necho in a heredoc".to_string()),
        1 => Just("EOF".to_string()),
        1 => Just("\t\t".to_string()),
        1 => Just("FROM scratch\r".to_string()),
    ]
}

fn dockerfile_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..24),
        prop::sample::select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(lines, eol, final_eol)| {
            let mut s = lines.join(eol);
            if final_eol {
                s.push_str(eol);
            }
            s
        })
}

fn workspace(text: &str) -> Workspace {
    let mut ws = Workspace::new();
    ws.add_as("Dockerfile", text, FileKind::Dockerfile);
    ws
}

/// A compose project around generated Dockerfiles: `api/Dockerfile` built at `target` with an
/// arg, `worker/Dockerfile` built as is, and `api`'s ignore file.
fn project(api: &str, worker: &str, ignore: &str, target: &str) -> Workspace {
    let mut ws = Workspace::new();
    ws.add(
        "compose.yaml",
        format!("services:\n  api:\n    build:\n      context: api\n      target: {target}\n      args:\n        VERSION: \"2\"\n    ports: [\"8080:80\"]\n  worker:\n    build: worker\n"),
    );
    ws.add_as("api/Dockerfile", api, FileKind::Dockerfile);
    ws.add_as("worker/Dockerfile", worker, FileKind::Dockerfile);
    ws.add_as("api/.dockerignore", ignore, FileKind::Dockerignore);
    ws
}

/// One edit of that project: a Dockerfile's new text, the ignore file's (ignoring everything,
/// one name or nothing) or the target compose builds.
fn edit() -> impl Strategy<Value = (usize, String)> {
    prop_oneof![
        dockerfile_text().prop_map(|t| (0, t)),
        dockerfile_text().prop_map(|t| (1, t)),
        prop::sample::select(vec!["*\n", "build\n", "", "*\n!alpine:3.20\n"])
            .prop_map(|t| (2, t.to_string())),
        prop::sample::select(vec!["build", "run", "base"]).prop_map(|t| (3, t.to_string())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_reused_lint_reports_what_a_fresh_one_does(
        api in dockerfile_text(),
        worker in dockerfile_text(),
        edits in prop::collection::vec(edit(), 1..5),
    ) {
        let config = Config::default();
        let mut texts = [api, worker, ".git\n".to_string(), "build".to_string()];
        let mut reuse = Reuse::default();
        for step in 0..=edits.len() {
            if step > 0 {
                let (which, text) = &edits[step - 1];
                texts[*which] = text.clone();
            }
            let ws = project(&texts[0], &texts[1], &texts[2], &texts[3]);
            let fresh = lint(&ws, &config);
            let reused = lint_reusing(&ws, &config, &mut reuse);
            prop_assert_eq!(format!("{reused:?}"), format!("{fresh:?}"), "after {} edits", step);
        }
    }

    #[test]
    fn parsing_gives_every_byte_back(text in dockerfile_text()) {
        let df = dockerfile::parse(&text);
        prop_assert_eq!(df.reconstruct(&text), text);
    }

    #[test]
    fn finding_spans_lie_inside_the_text_on_char_boundaries(text in dockerfile_text()) {
        let config = Config { all_enabled: true, ..Config::default() };
        let report = lint(&workspace(&text), &config);
        for f in &report.findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{:?} in {:?}", f, text);
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{:?}", f);
            prop_assert!(f.line >= 1 && f.column >= 1, "{:?}", f);
        }
        for e in &report.errors {
            prop_assert!(e.span.end <= text.len() && text.is_char_boundary(e.span.start), "{:?}", e);
            prop_assert!(e.line >= 1 && e.column >= 1, "{:?}", e);
        }
    }

    #[test]
    fn safe_fixes_are_idempotent(text in dockerfile_text()) {
        let config = Config::default();
        let once = fix_workspace(&workspace(&text), &config, &FixOptions::default());
        let after = once.first().map_or(text.clone(), |f| f.after.clone());
        let twice = fix_workspace(&workspace(&after), &config, &FixOptions::default());
        let again = twice.first().map_or(after.clone(), |f| f.after.clone());
        prop_assert_eq!(again, after, "a second round of safe fixes changed the text");
    }
}
