//! Oracle: BuildKit's own parser testfiles. Our dump must equal each `result`; negative cases must error.
//! The testfiles are in the repository (`tests/buildkit-parser/`, see its NOTICE), so this runs on
//! every clone, with or without the external corpus.

mod common;

use shipshape_core::dockerfile::{self, dump};
use std::path::PathBuf;

/// `tests/buildkit-parser/<sub>`: BuildKit's frontend/dockerfile/parser/<sub>, copied unmodified.
fn testfiles(sub: &str) -> PathBuf {
    common::manifest_dir()
        .join("tests/buildkit-parser")
        .join(sub)
}

#[test]
fn every_buildkit_testfile_dumps_identically() {
    let dir = testfiles("testfiles");
    let cases = common::dirs_in(&dir);
    assert!(
        cases.len() >= 30,
        "expected the BuildKit testfiles, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let src = common::read(&case.join("Dockerfile"));
        let expected = common::read(&case.join("result"));
        let df = dockerfile::parse(&src);
        assert_eq!(
            df.reconstruct(&src),
            src,
            "{} is lossless",
            common::name(case)
        );
        match dump::buildkit(&df, &src) {
            Ok(got) if got == expected => {}
            Ok(got) => failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                common::name(case)
            )),
            Err(e) => failures.push(format!("{}: unexpected error {e}", common::name(case))),
        }
    }
    println!(
        "BuildKit testfiles matched: {}/{}",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_negative_testfile_is_an_error_not_a_panic() {
    let dir = testfiles("testfiles-negative");
    let cases = common::dirs_in(&dir);
    assert!(
        cases.len() >= 4,
        "expected the negative BuildKit testfiles, found {}",
        cases.len()
    );
    for case in &cases {
        let src = common::read(&case.join("Dockerfile"));
        let df = dockerfile::parse(&src);
        assert!(
            dump::buildkit(&df, &src).is_err(),
            "{} should be rejected",
            common::name(case)
        );
        assert!(!df.errors.is_empty());
        assert_eq!(df.reconstruct(&src), src, "lossless even when invalid");
    }
}
