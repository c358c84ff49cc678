//! The CLI where users already work: GitHub Actions annotations (`--format github`), source snippets
//! in tty output, rule patterns in `--select`/`--ignore`, tally's ignore comments, the pre-commit
//! hook file and the CLI image's Dockerfile. (The language server: `lsp.rs`.)

mod common;
use common::{bin, json, rule_ids, run_with_stdin, scratch};
use std::path::PathBuf;
use std::process::Output;

/// The repository root, from the folder cargo names when it runs the test (not the one baked in
/// at build time: a test binary that cargo reuses from another checkout's build reads this one).
fn root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .join("../..")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn rules_of(o: &Output) -> Vec<String> {
    rule_ids(&json(o))
}

/// Run the CLI with `stdin` as standard input.
fn run(args: &[&str], stdin: &str) -> Output {
    run_with_stdin(bin().args(args), stdin)
}

#[test]
fn github_format_annotates_findings_and_parse_errors() {
    let out = run(
        &[
            "lint",
            "--format",
            "github",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ],
        "FROM ubuntu\nMAINTAINER 100% me\nFROOM x\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"::error file=app/Dockerfile,line=3,col=1,title=parse-error::unknown instruction: FROOM (did you mean FROM?)"),
        "{text}"
    );
    assert!(
        lines.contains(&"::warning file=app/Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=DL3006::base image `ubuntu` has no tag; pin a version such as `ubuntu:<version>`"),
        "{text}"
    );
    let dl4000 = lines
        .iter()
        .find(|l| l.contains("title=DL4000::"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(dl4000.starts_with("::error file=app/Dockerfile,line=2,col=1,endLine=2,endColumn="));
    // Every line is a workflow command; nothing else (no summary line) is printed.
    assert!(lines.iter().all(|l| l.starts_with("::")), "{text}");
    // A clean file prints nothing and exits 0.
    let out = run(
        &["lint", "--format", "github", "-"],
        "FROM alpine:3.20\nUSER 1000\n",
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn tty_shows_the_source_line_with_the_span_underlined() {
    let df = "FROM ubuntu\n\tRUN cd /x && echo \"日本\"\r\nMAINTAINER me\n";
    let out = run(&["lint", "--no-color", "-"], df);
    let text = stdout(&out);
    assert!(
        text.contains(
            "-:1:6: warning DL3006 base image `ubuntu` has no tag; pin a version such as `ubuntu:<version>`\n --> -:1:6\n  |\n1 | FROM ubuntu\n  |      ^^^^^^\n"
        ),
        "{text}"
    );
    // The tab is expanded and the carets sit under `cd`; the CR of the CRLF is not shown.
    assert!(
        text.contains("2 |     RUN cd /x && echo \"日本\"\n  |         ^^\n"),
        "{text}"
    );
    assert!(!text.contains('\r'), "{text:?}");
    let out = run(&["lint", "--no-color", "--no-snippets", "-"], df);
    let text = stdout(&out);
    assert!(text.contains("-:1:6: warning DL3006"), "{text}");
    assert!(!text.contains("-->") && !text.contains('^'), "{text}");
}

#[test]
fn select_and_ignore_take_patterns() {
    let df = "FROM ubuntu\nRUN cd /x\nMAINTAINER me\n";
    let all = rules_of(&run(&["lint", "--format", "json", "-"], df));
    assert!(all.iter().any(|r| r == "DL3006") && all.iter().any(|r| r == "DL4000"));
    let dl30 = rules_of(&run(
        &["lint", "--format", "json", "--select", "DL30*", "-"],
        df,
    ));
    assert!(!dl30.is_empty(), "{dl30:?}");
    assert!(dl30.iter().any(|r| r == "DL3006"), "{dl30:?}");
    assert!(
        !dl30.iter().any(|r| r == "DL4000" || r == "no-user"),
        "{dl30:?}"
    );
    let two = rules_of(&run(
        &[
            "lint", "--format", "json", "--select", "dl4*", "--select", "DL3003", "-",
        ],
        df,
    ));
    assert_eq!(two, ["DL3003", "DL4000"]);
    let ignored = rules_of(&run(
        &["lint", "--format", "json", "--ignore", "DL*", "-"],
        df,
    ));
    assert!(ignored.iter().all(|r| !r.starts_with("DL")), "{ignored:?}");
    assert!(ignored.len() < all.len());
    // A pattern that matches nothing, or an unknown name, is a usage error.
    for args in [
        ["--select", "XYZ*"],
        ["--ignore", "compose-nothing-*"],
        ["--ignore", "DL9999"],
        ["--select", "nope"],
    ] {
        let out = run(&["lint", args[0], args[1], "-"], df);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(args[1]), "{err}");
    }
    // Compose rules by pattern.
    let compose = "services:\n  web:\n    image: nginx\n    build: .\n";
    let with = rules_of(&run(
        &[
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "compose.yaml",
            "-",
        ],
        compose,
    ));
    assert!(with.iter().any(|r| r.starts_with("compose-")), "{with:?}");
    let without = rules_of(&run(
        &[
            "lint",
            "--format",
            "json",
            "--ignore",
            "compose-*",
            "--stdin-filename",
            "compose.yaml",
            "-",
        ],
        compose,
    ));
    assert!(
        without.iter().all(|r| !r.starts_with("compose-")),
        "{without:?}"
    );
}

#[test]
fn tally_ignore_comments_are_honoured() {
    let base = "FROM alpine:3.20\nUSER 1000\n";
    let df = format!("{base}RUN cd /x\n");
    assert_eq!(
        rules_of(&run(&["lint", "--format", "json", "-"], &df)),
        ["DL3003"]
    );
    for pragma in [
        "# tally ignore=DL3003",
        "# tally ignore=hadolint/DL3003;reason=the folder is made above",
        "# tally ignore=all",
        "# hadolint ignore=DL3003;reason=tally's spelling of a hadolint pragma",
    ] {
        let df = format!("{base}{pragma}\nRUN cd /x\n");
        let found = rules_of(&run(&["lint", "--format", "json", "-"], &df));
        assert!(found.is_empty(), "{pragma}: {found:?}");
    }
    let global = format!("# tally global ignore=DL3003\n{base}RUN cd /x\nWORKDIR /y\nRUN cd /z\n");
    assert!(rules_of(&run(&["lint", "--format", "json", "-"], &global)).is_empty());
    // Only the next instruction, and only the rules named.
    let df = format!("{base}# tally ignore=DL3059\nRUN cd /x\n");
    assert_eq!(
        rules_of(&run(&["lint", "--format", "json", "-"], &df)),
        ["DL3003"]
    );
    let df = format!("{base}# tally ignore=DL3003\nWORKDIR /w\nRUN cd /x\n");
    assert_eq!(
        rules_of(&run(&["lint", "--format", "json", "-"], &df)),
        ["DL3003"]
    );
    // --disable-ignore-pragma turns them off like hadolint's.
    let df = format!("{base}# tally ignore=DL3003\nRUN cd /x\n");
    let found = rules_of(&run(
        &["lint", "--format", "json", "--disable-ignore-pragma", "-"],
        &df,
    ));
    assert_eq!(found, ["DL3003"]);
}

/// One hook entry of `.pre-commit-hooks.yaml`, as strings.
struct Hook {
    id: String,
    entry: String,
    language: String,
    files: String,
    exclude: String,
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let yaml = shipshape_core::yaml::parse(&text).unwrap();
    let doc = &yaml.documents[0];
    doc.items()
        .iter()
        .map(|h| {
            let s = |k: &str| h.get(k).and_then(|n| n.as_str()).unwrap_or("").to_string();
            Hook {
                id: s("id"),
                entry: s("entry"),
                language: s("language"),
                files: s("files"),
                exclude: s("exclude"),
            }
        })
        .collect()
}

#[test]
fn pre_commit_hooks_pick_the_files_the_cli_discovers() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["shipshape", "shipshape-fix"]);
    assert_eq!(hooks[0].entry, "shipshape lint");
    assert_eq!(hooks[1].entry, "shipshape fix");
    // pre-commit selects a file when `files` matches somewhere in its path (re.search) and
    // `exclude` does not.
    let selects = |h: &Hook, path: &str| {
        regex::Regex::new(&h.files).unwrap().is_match(path)
            && !regex::Regex::new(&h.exclude).unwrap().is_match(path)
    };
    for h in &hooks {
        assert_eq!(h.language, "rust");
        for path in [
            "Dockerfile",
            "Dockerfile.dev",
            "api.Dockerfile",
            "compose.yaml",
            "docker-compose.prod.yml",
            "services/web/Dockerfile",
            "dockerfile",
            "Dockerfile-prod",
            "worker_Dockerfile",
            "Containerfile",
            "compose.override.yml",
        ] {
            assert!(selects(h, path), "{}: {path} should be linted", h.id);
        }
        for path in [
            "README.md",
            "Dockerfile.md",
            "docs/Dockerfile.txt",
            "build-dockerfile.sh",
            "Cargo.toml",
            "config.yaml",
            "Dockerfile/README.md",
            "mydockerfile",
        ] {
            assert!(!selects(h, path), "{}: {path} should not be linted", h.id);
        }
    }
    // The same names in a folder: what the hook selects is what `shipshape lint DIR` lints (the
    // Dockerfiles and compose files; the files they read come along by themselves).
    let dir = scratch("precommit");
    let names = [
        "Dockerfile",
        "Dockerfile.dev",
        "api.Dockerfile",
        "compose.yaml",
        "docker-compose.prod.yml",
        "Dockerfile-prod",
        "worker_Dockerfile",
        "Containerfile",
        "README.md",
        "Dockerfile.md",
        "build-dockerfile.sh",
        "notes.txt",
    ];
    for n in names {
        let text = if n.ends_with(".yaml") || n.ends_with(".yml") {
            "services:\n  web:\n    image: nginx:1.27\n"
        } else {
            "FROM alpine:3.20\n"
        };
        std::fs::write(dir.join(n), text).unwrap();
    }
    let out = bin()
        .args(["lint", "--format", "json", "--no-fail", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut discovered: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    discovered.sort_unstable();
    let mut selected: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| selects(&hooks[0], n))
        .collect();
    selected.sort_unstable();
    assert_eq!(selected, discovered);
}

#[test]
fn the_cli_image_dockerfile_scores_100() {
    // The repository's Dockerfile with the compose file that names its targets, as `shipshape lint`
    // sees them: no finding, no error.
    let out = bin()
        .args([
            "lint",
            "--format",
            "json",
            "Dockerfile",
            "compose.yaml",
            ".dockerignore",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], serde_json::json!([]), "{v}");
    assert_eq!(v["findings"], serde_json::json!([]), "{v}");
    assert_eq!(out.status.code(), Some(0));
    // The `cli` target: a static binary in an empty image, a numeric non-root user, and
    // `shipshape` as the exec-form entrypoint, so `docker run --rm -i IMAGE lint - < Dockerfile`
    // lints standard input.
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let stage: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("FROM scratch AS cli"))
        .skip(1)
        .take_while(|l| !l.starts_with("FROM "))
        .collect();
    assert!(!stage.is_empty(), "no `FROM scratch AS cli` stage");
    assert!(stage.contains(&"ENTRYPOINT [\"shipshape\"]"), "{stage:?}");
    let user = stage
        .iter()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("a USER");
    let uid = user.split(':').next().unwrap();
    assert!(uid.parse::<u32>().is_ok_and(|u| u != 0), "{user}");
    assert!(text.contains("--target \"$(uname -m)-unknown-linux-musl\""));
    // What the image runs: `shipshape lint -` with the Dockerfile on standard input.
    let out = run(&["lint", "-"], &text);
    assert!(out.status.code().is_some_and(|c| c != 2), "{out:?}");
}
