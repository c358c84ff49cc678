//! Hostile and huge inputs, and the fuzzers' crashes as regression tests. Every input is made
//! here in code (nothing is copied from a corpus). Each must end in findings or a clear error with
//! a line and column: no panic, no stack overflow. No test times itself (speed is
//! `scripts/scale.sh`'s job), but each stays quick in a debug build so CI stays fast.

use shipshape_core::fix::{apply_edits, fix_workspace, FixOptions};
use shipshape_core::{lint, Config, Report, Workspace};

/// The configurations the fuzzers use: the default, and every rule on.
fn configs() -> [Config; 2] {
    [
        Config::default(),
        Config::preset("strict").expect("the strict preset"),
    ]
}

/// What every report must keep (the fuzz targets check the same, fuzz/src/lib.rs): findings and
/// errors inside their file, on character boundaries, from line 1 column 1; every fix applies.
fn check(ws: &Workspace, report: &Report) {
    for f in &report.findings {
        let file = ws
            .get(&f.file)
            .expect("a finding's file is in the workspace");
        let t = &file.text;
        assert!(f.span.start <= f.span.end && f.span.end <= t.len(), "{f:?}");
        assert!(
            t.is_char_boundary(f.span.start) && t.is_char_boundary(f.span.end),
            "{f:?}"
        );
        assert!(f.line >= 1 && f.column >= 1, "{f:?}");
        if let Some(fix) = &f.fix {
            apply_edits(t, &fix.edits).expect("a rule's fix applies");
        }
    }
    for e in &report.errors {
        let file = ws
            .get(&e.file)
            .expect("an error's file is in the workspace");
        assert!(e.span.end <= file.text.len() && file.text.is_char_boundary(e.span.start));
        assert!(
            e.line >= 1 && e.column >= 1 && !e.message.is_empty(),
            "{e:?}"
        );
    }
}

/// Lint `files` with both configurations and apply every fix (unsafe ones too); the report of
/// the strict lint.
fn lint_all(files: &[(&str, &str)]) -> Report {
    let mut ws = Workspace::new();
    for (p, t) in files {
        ws.add(*p, *t);
    }
    let mut last = None;
    for config in configs() {
        let report = lint(&ws, &config);
        check(&ws, &report);
        let opts = FixOptions {
            include_unsafe: true,
            rules: Vec::new(),
        };
        for fixed in fix_workspace(&ws, &config, &opts) {
            let mut again = ws.clone();
            again.add(fixed.path.clone(), fixed.after.clone());
            check(&again, &lint(&again, &config));
        }
        last = Some(report);
    }
    last.expect("two configurations")
}

// ---------------------------------------------------------------------------------------------
// Crashes the fuzzers found (minimised), each fixed in the core.

/// fuzz `compose`: a key ending in a multi-byte character made the service-order fix slice the
/// text inside that character (`compose::edit::line_after`).
#[test]
fn fuzz_compose_key_ending_in_a_multibyte_character() {
    lint_all(&[("compose.yaml", "services:\n  a\u{FFFD}:\n  :")]);
    lint_all(&[(
        "compose.yaml",
        "services:\n  b\u{e9}:\n    image: x\n  a\u{e9}:\n    image: y\n",
    )]);
}

/// fuzz `workspace`: a service `extends` a service of another file and inherits its build, whose
/// spans were that other file's: compose-dockerfile-missing reported them in the extending file,
/// inside a multi-byte character there. Inherited builds now point at the `extends` reference.
#[test]
fn fuzz_workspace_extends_from_another_file_reports_in_the_right_place() {
    let compose =
        "de:\u{FFFD}\u{FFFD}\u{FFFD}:\nservices:\n : extends: {file: common.yaml,service: base}\n";
    let common = "services:\n base:\n  build: e\n";
    lint_all(&[
        ("compose.yml", compose),
        ("common.yaml", common),
        ("Dockerfile", ""),
    ]);
    // The finding for the extending service is at its `extends` (and the base's at its build).
    let compose = "services:\n  worker:\n    extends: {file: ops/common.yaml, service: base}\n";
    let common = "services:\n  base:\n    build:\n      context: ../app\n      target: biuld\n      args: [VERSON=1]\n";
    let report = lint_all(&[
        ("compose.yaml", compose),
        ("ops/common.yaml", common),
        ("app/Dockerfile", "ARG VERSION\nFROM alpine:3.20 AS build\n"),
    ]);
    let at = compose.find("base}").unwrap();
    for rule in ["compose-target-missing", "compose-build-arg-undeclared"] {
        let here: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == rule && f.file == "compose.yaml")
            .collect();
        assert_eq!(here.len(), 1, "{rule}: {:?}", report.findings);
        assert_eq!(here[0].span.start, at, "{rule}");
        assert!(here[0].fix.is_none(), "{rule}: no edit of the `extends`");
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == rule && f.file == "ops/common.yaml" && f.fix.is_some()),
            "{rule}: the base's own finding keeps its fix"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Generated hostile inputs.

/// A realistic multi-stage unit, repeated to make big files.
const UNIT: &str = "FROM debian:12-slim AS build
ARG VERSION=1.0
ENV PATH=\"/opt/app/bin:$PATH\" LANG=C.UTF-8
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make build VERSION=${VERSION} && cp out/app /usr/local/bin/app
FROM gcr.io/distroless/base-debian12
COPY --from=build /usr/local/bin/app /app
USER 65532:65532
ENTRYPOINT [\"/app\"]
";

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

fn errors_of<'r>(report: &'r Report, file: &str) -> Vec<&'r shipshape_core::FileError> {
    report.errors.iter().filter(|e| e.file == file).collect()
}

/// Lint one file with every rule on; the report after its invariants are checked.
fn lint_one(path: &str, text: &str) -> Report {
    let mut ws = Workspace::new();
    ws.add(path, text);
    let report = lint(&ws, &Config::preset("strict").expect("the strict preset"));
    check(&ws, &report);
    report
}

/// The one error of `file`, which must be at `line`:`column` and say `says`.
fn the_error(report: &Report, file: &str, says: &str) -> (usize, usize) {
    let errors = errors_of(report, file);
    assert_eq!(errors.len(), 1, "{:?}", report.errors);
    let e = errors[0];
    assert!(e.message.contains(says), "{}", e.message);
    (e.line, e.column)
}

/// 8 MiB in a form a debug build lints in seconds: one LABEL continued over 4 MiB of lines, then
/// 4 MiB of comment lines; every byte still goes through the parser, the line index and the
/// pragma scan. A realistic 8 MiB file (many stages and RUNs) takes far longer than a test may in
/// a debug build (minutes); `scripts/scale.sh lines-240000` measures it in release, and
/// `realistic_dockerfile_of_256_kib` below lints that kind of content here.
#[test]
fn dockerfile_of_8_mib() {
    let mut text = String::from("FROM alpine:3.20\nLABEL description=\"");
    while text.len() < 4 << 20 {
        text.push_str("0123456789abcdef 0123456789abcdef 0123456789abcdef \\\n");
    }
    text.push_str("\"\n");
    while text.len() < 8 << 20 {
        text.push_str("# a comment line that says nothing at all, only fills the file up\n");
    }
    text.push_str("RUN apt-get install curl\n");
    assert!(text.len() >= 8 << 20);
    let report = lint_one("Dockerfile", &text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let last = text.lines().count();
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "DL3008" && f.line == last),
        "the RUN after 8 MiB is linted"
    );
}

#[test]
fn realistic_dockerfile_of_256_kib() {
    let text = repeat_to(UNIT, 256 << 10);
    let report = lint_one("Dockerfile", &text);
    assert!(report.errors.is_empty());
    assert!(report.findings.len() > 1000, "{}", report.findings.len());
}

/// 5 MiB of compose in a form a debug build lints in seconds: one service whose `x-` data is a
/// long flat list of strings (every byte through the YAML reader, the schema and the compose
/// model). Thousands of services (`scripts/scale.sh compose-40000`, 5.3 MB) are measured in
/// release; `compose_of_2_000_services` lints that kind of file here.
#[test]
fn compose_of_5_mib() {
    let mut text = String::from(
        "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\nx-data:\n",
    );
    let mut i = 0;
    while text.len() < 5 << 20 {
        text.push_str(&format!(
            "  - \"item {i} of a long list that pads the file out\"\n"
        ));
        i += 1;
    }
    let report = lint_one("compose.yaml", &text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.findings.is_empty());
}

#[test]
fn compose_of_2_000_services() {
    let mut text = String::from("services:\n");
    for i in 0..2_000 {
        text.push_str(&format!(
            "  svc{i}:\n    image: registry.example.com/svc{i}:1.0\n    ports: [\"{}:80\"]\n    depends_on: [svc0]\n",
            10_000 + i
        ));
    }
    let report = lint_one("compose.yaml", &text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.findings.len() > 2_000, "{}", report.findings.len());
}

/// Thousands of findings that offer one file-wide fix (keys out of order, instructions before
/// FROM) do not each hold a copy of it: the copies stay within a fixed budget, so memory follows
/// the file, not findings times file (a 470 KB compose file once took 20 GB this way).
#[test]
fn one_fix_offered_by_thousands_of_findings_is_not_copied_to_each() {
    let n = 3_000;
    let mut compose = String::new();
    for i in (0..n).rev() {
        compose.push_str(&format!("x-k{i:05}: {i}\n"));
    }
    compose.push_str("services:\n  web:\n    image: nginx:1.27\n");
    for i in (0..n).rev() {
        compose.push_str(&format!("    k{i:05}: {i}\n"));
    }
    compose.push_str("    build: .\n");
    let mut dockerfile = String::new();
    for i in 0..n {
        dockerfile.push_str(&format!("LABEL n{i}=v\n"));
    }
    dockerfile.push_str("FROM alpine:3.20\n");
    for (path, text, rule) in [
        (
            "compose.yaml",
            &compose,
            "compose-top-level-properties-order",
        ),
        ("compose.yaml", &compose, "compose-service-keys-order"),
        ("Dockerfile", &dockerfile, "DL3061"),
    ] {
        let report = lint_one(path, text);
        let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
        assert!(hits.len() >= n - 1, "{rule}: {}", hits.len());
        assert!(
            hits[0].fix.is_some(),
            "{rule}: the first finding offers the fix"
        );
        let copied: usize = hits
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .flat_map(|fix| &fix.edits)
            .map(|e| e.replacement.len())
            .sum();
        assert!(
            copied <= (1 << 20) + 2 * text.len(),
            "{rule}: {copied} bytes of fixes for a {} byte file",
            text.len()
        );
    }
}

/// Ten thousand levels of nesting, in every YAML file the core reads: a clear error where the
/// limit is crossed (no stack overflow in the reader or in anything that walks the tree).
#[test]
fn deep_yaml_nesting_is_refused_with_a_position() {
    let deep = [
        format!("services: {}", "[".repeat(10_000)),
        format!("x: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("x: {}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)),
        format!("x:\n{}1\n", "- ".repeat(10_000)),
    ];
    for text in &deep {
        let report = lint_all(&[("compose.yaml", text)]);
        let (line, column) = the_error(&report, "compose.yaml", "nested more than");
        assert!(line >= 1 && column > 1, "{line}:{column}");
        let report = lint_all(&[
            (".hadolint.yaml", text),
            ("Dockerfile", "FROM alpine:3.20\n"),
        ]);
        the_error(&report, ".hadolint.yaml", "nested more than");
    }
    // Right at the limit the file is read, linted and fixed like any other.
    let at_limit = format!(
        "services:\n  web:\n    image: nginx\n    x-deep: {}1{}\n",
        "[".repeat(shipshape_core::yaml::MAX_DEPTH - 3),
        "]".repeat(shipshape_core::yaml::MAX_DEPTH - 3)
    );
    let report = lint_all(&[("compose.yaml", &at_limit)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

/// Each level a list of ten aliases of the one before: 10^levels nodes once expanded.
fn bomb(levels: usize) -> String {
    let mut s = String::from("x-a0: &a0 \"lol\"\n");
    for i in 1..=levels {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("x-a{i}: &a{i} [{refs}]\n"));
    }
    s.push_str(&format!(
        "services:\n  web:\n    image: nginx:1.27\n    labels: *a{levels}\n"
    ));
    s
}

#[test]
fn alias_bombs_of_6_and_9_levels_are_refused_at_the_anchor() {
    for levels in [6, 9] {
        let text = bomb(levels);
        let report = lint_all(&[("compose.yaml", &text)]);
        let (line, column) = the_error(&report, "compose.yaml", "alias bomb");
        // At the anchor whose copies crossed the budget (`&a4`, ~11,000 nodes each).
        let at = text.lines().nth(line - 1).expect("the line exists");
        assert!(at[column - 1..].starts_with("&a"), "{line}:{column}: {at}");
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // The same bomb as a .hadolint.yaml.
        let report = lint_all(&[
            (".hadolint.yaml", &text),
            ("Dockerfile", "FROM alpine:3.20\n"),
        ]);
        the_error(&report, ".hadolint.yaml", "alias bomb");
    }
}

/// Lines of 100,000 characters: plain text, nested variable expansions, nested brackets in a
/// RUN, a long image name, a long comment, a long compose value.
#[test]
fn lines_of_100_000_characters() {
    let n = 100_000;
    let long = "a".repeat(n);
    let cases = [
        format!("FROM alpine:3.20\nRUN echo {long}\n"),
        format!("FROM alpine:3.20\nLABEL x=\"{long}\"\n"),
        format!("FROM {long}\n"),
        format!("# {long}\nFROM alpine:3.20\n"),
        format!(
            "FROM alpine:3.20\nENV A={}{}\n",
            "${A:-".repeat(n / 5),
            "}".repeat(n / 5)
        ),
        format!(
            "ARG B\nFROM {}alpine{}\n",
            "${B:-".repeat(n / 5),
            "}".repeat(n / 5)
        ),
        format!(
            "FROM alpine:3.20\nRUN {}true{}\n",
            "(".repeat(n / 2),
            ")".repeat(n / 2)
        ),
        format!("FROM alpine:3.20\nRUN echo {}\n", "$(".repeat(n / 2)),
        format!(
            "FROM alpine:3.20\nRUN {}\n",
            "if true; then ".repeat(n / 14)
        ),
        format!("FROM alpine:3.20\nRUN [{}]\n", "\"a\",".repeat(n / 4)),
        format!(
            "FROM alpine:3.20\nCMD {}\"a\"{}\n",
            "[".repeat(n / 2),
            "]".repeat(n / 2)
        ),
        format!("FROM alpine:3.20\n{}RUN x\n", "ONBUILD ".repeat(n / 8)),
        format!("FROM alpine:3.20\nRUN echo \\\n{}", "\\\n".repeat(n / 2)),
        format!(
            "FROM alpine:3.20\nHEALTHCHECK {}CMD true\n",
            "--interval=1s ".repeat(n / 14)
        ),
    ];
    for text in &cases {
        let report = lint_one("Dockerfile", text);
        assert!(
            !report.findings.is_empty() || !report.errors.is_empty(),
            "{}",
            &text[..60]
        );
    }
    let report = lint_all(&[(
        "compose.yaml",
        &format!("services:\n  web:\n    image: {long}\n"),
    )]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

/// NUL bytes, other control characters and replacement characters (what the CLI makes of
/// invalid UTF-8) anywhere in a file. The CLI's own handling of invalid bytes is tested in
/// crates/cli/tests/hostile.rs.
#[test]
fn nul_bytes_control_characters_and_replacement_characters() {
    let cases = [
        "FROM alpine\u{0}:3.20\nRUN echo \u{0}\u{1}\u{1b}[31m\n",
        "\u{0}\u{0}\u{0}",
        "FROM alpine:3.20\nRUN \u{FFFD}\u{FFFD} && apt-get install \u{0}curl\n",
        "FROM alpine:3.20\nCOPY <<\u{0}EOF /x\n\u{0}\n\u{0}EOF\n",
    ];
    for text in cases {
        lint_all(&[("Dockerfile", text)]);
    }
    for text in [
        "services:\n  w\u{0}eb:\n    image: \"nginx\u{0}\"\n",
        "services:\n  web:\n    image: nginx\u{FFFD}\n    ports: [\"80\u{0}:80\"]\n",
        "\u{0}",
    ] {
        lint_all(&[("compose.yaml", text)]);
    }
    lint_all(&[
        (".hadolint.yaml", "ignored: [\"DL\u{0}3008\"]\n"),
        (".dockerignore", "\u{0}\n*\u{FFFD}\n"),
        ("Dockerfile", "FROM alpine:3.20\n"),
    ]);
}

/// A heredoc whose terminator never comes: an error at the heredoc, with its line and column,
/// after 256 KiB of body (a debug build parses 1 MiB of it in about 3 s; the 8 MiB test above
/// shows size alone is not the problem).
#[test]
fn a_heredoc_that_never_ends() {
    for start in [
        "FROM alpine:3.20\nRUN <<EOF\n",
        "FROM alpine:3.20\nCOPY <<EOF /etc/motd\n",
        "FROM alpine:3.20\nRUN <<A <<B cat\n",
    ] {
        let mut text = String::from(start);
        while text.len() < 256 << 10 {
            text.push_str("echo a line of the heredoc that never ends\n");
        }
        let report = lint_one("Dockerfile", &text);
        let e = errors_of(&report, "Dockerfile");
        assert!(!e.is_empty(), "{start}");
        assert!(
            e.iter()
                .all(|e| e.message.contains("heredoc") && e.line == 2 && e.column > 1),
            "{e:?}"
        );
    }
}

/// Ten thousand stages, each built on the one before: rules that follow a stage's chain do it
/// once per file (was quadratic: 43 s in release).
#[test]
fn ten_thousand_chained_stages() {
    let mut text = String::from("FROM debian:12 AS s0\nRUN groupadd -g 5000 g\n");
    for i in 1..10_000 {
        text.push_str(&format!("FROM s{} AS s{i}\nRUN echo {i}\n", i - 1));
    }
    text.push_str("RUN useradd -g 5001 app\nENV A=1 B=$A\n");
    let report = lint_one("Dockerfile", &text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let last = text.lines().count();
    for rule in ["useradd-missing-group", "DL3044"] {
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == rule && f.line >= last - 1),
            "{rule}"
        );
    }
}

/// A share link is as hostile as a file: the bomb in a link unpacks (a few hundred bytes) and is
/// refused by the YAML reader like the file; nesting in the payload's JSON and oversized
/// payloads are refused by the decoder.
#[test]
fn share_links_carrying_bombs() {
    use shipshape_core::share::{decode, encode, ShareError, Shared};
    let mut ws = Workspace::new();
    ws.add("compose.yaml", bomb(9));
    ws.add("Dockerfile", "FROM alpine:3.20\n");
    let link = encode(&Shared {
        workspace: ws,
        ..Default::default()
    });
    assert!(link.len() < 1_000, "{}", link.len());
    let shared = decode(&link).expect("the link itself is well-formed");
    let report = lint(&shared.workspace, &Config::default());
    check(&shared.workspace, &report);
    the_error(&report, "compose.yaml", "alias bomb");

    let pack = |json: &[u8]| {
        use base64::Engine;
        let mut blob = vec![shipshape_core::share::VERSION];
        blob.extend(miniz_oxide::deflate::compress_to_vec(json, 9));
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(blob)
    };
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        decode(&pack(deep.as_bytes())),
        Err(ShareError::NotAWorkspace(_))
    ));
    let huge = format!(
        "{{\"f\":[{{\"p\":\"Dockerfile\",\"t\":\"{}\"}}]}}",
        "a".repeat(8 << 20)
    );
    assert_eq!(decode(&pack(huge.as_bytes())), Err(ShareError::TooLarge));
}

/// `.dockerignore` patterns that made the recursive glob backtrack exponentially (`*a*a*a...b`)
/// or recurse once per byte (a line of 100,000 `*`), against COPY sources.
#[test]
fn dockerignore_patterns_that_backtrack_or_recurse() {
    let ignore = format!(
        "{}\n{}b\n{}x\n",
        "*".repeat(100_000),
        "*a".repeat(40),
        "**/".repeat(10_000)
    );
    let dockerfile = format!(
        "FROM alpine:3.20\nCOPY {} /a/\nCOPY src/x /b/\n",
        "a".repeat(60)
    );
    let mut ws = Workspace::new();
    ws.add(".dockerignore", ignore);
    ws.add("Dockerfile", dockerfile);
    let report = lint(&ws, &Config::default());
    check(&ws, &report);
    assert!(
        report.findings.iter().any(|f| f.rule == "CopyIgnoredFile"),
        "{:?}",
        report.findings
    );
}

/// Compose interpolation with defaults nested 20,000 deep (a line of 100,000 characters), in the
/// compose file and in its `.env`: each level recursed and rescanned the rest.
#[test]
fn compose_interpolation_nested_20_000_deep() {
    let nested = format!("{}nginx{}", "${A:-".repeat(20_000), "}".repeat(20_000));
    let compose = format!("services:\n  web:\n    image: \"{nested}\"\n");
    let report = lint_one("compose.yaml", &compose);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut ws = Workspace::new();
    ws.add("compose.yaml", "services:\n  web:\n    image: ${IMAGE}\n");
    ws.add(".env", format!("IMAGE={nested}\n"));
    let report = lint(&ws, &Config::default());
    check(&ws, &report);
}
