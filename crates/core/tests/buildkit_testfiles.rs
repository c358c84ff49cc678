//! Oracle: BuildKit's own parser testfiles. Our dump must equal each `result`; negative cases must error.

mod common;

use shipshape_core::dockerfile::{self, dump};

#[test]
fn every_buildkit_testfile_dumps_identically() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("buildkit-parser/testfiles");
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
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("buildkit-parser/testfiles-negative");
    let cases = common::dirs_in(&dir);
    assert!(!cases.is_empty());
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
