//! Compose corpus: every file is read (or rejected with a positioned error), and our schema validator's
//! verdict agrees with the `boon` JSON-Schema validator (a native-only oracle) on every file.

mod common;

use shipshape_core::compose::schema::{schema_text, to_json, validate};
use shipshape_core::yaml;

fn compose_files() -> Vec<std::path::PathBuf> {
    let Some(corpus) = common::corpus() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in common::dirs_in(&corpus) {
        if common::name(&d).starts_with("compose") {
            out.extend(common::files_in(&d));
        }
    }
    out
}

#[test]
fn validator_agrees_with_boon_on_the_corpus() {
    let files = compose_files();
    if files.is_empty() {
        return;
    }
    let schema: serde_json::Value = serde_json::from_str(schema_text()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("https://shipshape.invalid/compose-spec.json", schema)
        .unwrap();
    let id = compiler
        .compile("https://shipshape.invalid/compose-spec.json", &mut schemas)
        .unwrap();
    let (mut parsed, mut agree, mut valid) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for f in &files {
        let text = common::read(f);
        let Ok(y) = yaml::parse(&text) else { continue };
        let Some(doc) = y.documents.first() else {
            continue;
        };
        parsed += 1;
        let ours = validate(doc);
        let theirs = schemas.validate(&to_json(doc), id).is_ok();
        if ours.is_empty() == theirs {
            agree += 1;
        } else {
            disagreements.push(format!(
                "{}: ours {:?} boon valid={theirs}",
                common::name(f),
                ours.iter().map(|e| &e.message).collect::<Vec<_>>()
            ));
        }
        if ours.is_empty() {
            valid += 1;
        }
    }
    println!("compose files parsed: {parsed}/{}; schema-valid (ours): {valid}; verdict agrees with boon: {agree}/{parsed}", files.len());
    assert!(
        parsed * 10 >= files.len() * 9,
        "most corpus compose files should parse"
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn yaml_errors_carry_positions() {
    for f in compose_files() {
        let text = common::read(&f);
        if let Err(e) = yaml::parse(&text) {
            assert!(e.span.start <= text.len(), "{}", f.display());
            assert!(!e.message.is_empty());
        }
    }
}
