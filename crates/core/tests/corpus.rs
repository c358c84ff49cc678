//! The whole corpus: every real Dockerfile parses (except the few invalid on purpose), every file is
//! reproduced byte for byte from the tree, and the edge cases give their expected instruction sequences.

mod common;

use shipshape_core::dockerfile;

/// Corpus files that are invalid on purpose, with the error we must give.
const INVALID_ON_PURPOSE: &[(&str, &str)] = &[
    // HewlettPackard's parser test fixture with a deliberately unknown instruction
    (
        "HewlettPackard+dockerfile-parser-rs__Dockerfile.test",
        "unknown instruction: other",
    ),
    // docker/compose e2e fixture whose whole point is a broken Dockerfile
    (
        "docker+compose__pkg_e2e_fixtures_wrong-composefile_service1_Dockerfile",
        "unknown instruction: WRONG",
    ),
    // BuildKit parser fixtures: the parser accepts them, its instruction layer rejects them
    (
        "moby+buildkit__frontend_dockerfile_parser_testfiles_flags_Dockerfile",
        "unknown flag --user for COPY",
    ),
    (
        "moby+buildkit__frontend_dockerfile_parser_testfiles_health_Dockerfile",
        "unknown type \"CONNECT\" in HEALTHCHECK",
    ),
    // wild: a bare `FROM` line left in the file (BuildKit: FROM requires one or three arguments)
    (
        "GoogleContainerTools+skaffold__examples_getting-started_Dockerfile",
        "FROM takes an image",
    ),
    // wild: backtick continuations without `# escape=``, so the continuation lines are instructions
    (
        "dsouzajohnson+dotnetframework48-cicd-demo__Dockerfile",
        "unknown instruction: --installPath",
    ),
    // wild: committed with git merge-conflict markers
    (
        "ggml-org+llama.cpp__.devops_llama-server-cuda.Dockerfile",
        "unknown instruction: <<<<<<<",
    ),
];

#[test]
fn every_corpus_dockerfile_parses_losslessly() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let files = common::dockerfiles(&corpus);
    assert!(
        files.len() > 300,
        "expected the corpus, found {} files",
        files.len()
    );
    let mut unexpected = Vec::new();
    let mut ok = 0;
    let mut seen_invalid = 0;
    for f in &files {
        let src = common::read(f);
        let df = dockerfile::parse(&src);
        assert_eq!(
            df.reconstruct(&src),
            src,
            "{} is not reproduced byte for byte",
            f.display()
        );
        let name = common::name(f);
        match INVALID_ON_PURPOSE.iter().find(|(n, _)| *n == name) {
            Some((_, msg)) => {
                seen_invalid += 1;
                assert!(
                    df.errors.iter().any(|e| e.message.contains(msg)),
                    "{name}: expected an error containing {msg:?}, got {:?}",
                    df.errors
                )
            }
            None if df.errors.is_empty() => ok += 1,
            None => unexpected.push(format!("{name}: {:?}", df.errors)),
        }
    }
    println!(
        "corpus Dockerfiles parsed without error: {ok}/{} ({} invalid on purpose)",
        files.len(),
        INVALID_ON_PURPOSE.len()
    );
    assert_eq!(
        seen_invalid,
        INVALID_ON_PURPOSE.len(),
        "every invalid-on-purpose entry names a corpus file"
    );
    assert!(
        unexpected.is_empty(),
        "unexpected parse errors:\n{}",
        unexpected.join("\n")
    );
}

/// BuildKit's parser testfiles get the same check in buildkit_testfiles.rs (they are in the repository).
#[test]
fn every_edge_file_is_lossless() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut n = 0;
    for f in common::files_in(&corpus.join("edge")) {
        let src = common::read(&f);
        assert_eq!(
            dockerfile::parse(&src).reconstruct(&src),
            src,
            "{}",
            f.display()
        );
        n += 1;
    }
    assert!(n > 60);
}

#[test]
fn edge_cases_give_expected_instruction_sequences() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for f in common::files_in(&corpus.join("edge")) {
        if f.extension().and_then(|e| e.to_str()) != Some("Dockerfile") {
            continue;
        }
        let expect_path = f.with_extension("expect");
        let Ok(expect) = std::fs::read_to_string(&expect_path) else {
            continue;
        };
        let src = common::read(&f);
        let df = dockerfile::parse(&src);
        let got: Vec<String> = df
            .instructions()
            .map(|i| i.command.name.to_ascii_uppercase())
            .collect();
        let want: Vec<String> = expect.split_whitespace().map(str::to_string).collect();
        if got != want {
            failures.push(format!("{}: want {want:?}, got {got:?}", common::name(&f)));
        }
        checked += 1;
    }
    println!("edge cases matched: {}/{checked}", checked - failures.len());
    assert!(checked >= 30, "only {checked} edge cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
