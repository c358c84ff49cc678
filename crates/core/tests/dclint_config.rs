//! dclint's configuration file (`.dclintrc`): its rule levels and rule options applied to the
//! compose files in its folder and below, the nearest one winning, the command line winning over
//! it, and a broken one reported where it is broken.

use shipshape_core::config::dclint::RULES;
use shipshape_core::fix::apply_edits;
use shipshape_core::{lint, Config, FileKind, Finding, Report, Severity, Workspace};

fn lint_files(files: &[(&str, &str)], config: &Config) -> Report {
    let mut ws = Workspace::new();
    for (path, text) in files {
        ws.add(*path, *text);
    }
    lint(&ws, config)
}

fn of<'a>(r: &'a Report, file: &str, alias: &str) -> Vec<&'a Finding> {
    r.findings
        .iter()
        .filter(|f| f.file == file && f.aliases.contains(&alias))
        .collect()
}

#[test]
fn every_dclint_rule_name_is_one_rule() {
    let rules = shipshape_core::lint::all_rules();
    for (name, _) in RULES {
        let n = rules.iter().filter(|m| m.aliases.contains(name)).count();
        assert_eq!(n, 1, "{name} names {n} rules");
    }
    // And every rule taken from dclint can be named in a `.dclintrc`.
    for m in rules.iter().filter(|m| {
        m.references
            .iter()
            .any(|r| r.contains("zavoloklom/docker-compose-linter"))
    }) {
        assert!(
            RULES.iter().any(|(n, _)| m.aliases.contains(n)),
            "{} has no dclint name in config::dclint::RULES",
            m.id
        );
    }
    for name in [
        ".dclintrc",
        ".dclintrc.json",
        ".dclintrc.yaml",
        "a/.dclintrc.yml",
    ] {
        assert_eq!(FileKind::detect(name), FileKind::DclintConfig, "{name}");
    }
}

const UNORDERED: &str = "services:\n  web:\n    image: nginx:1.27\n  api:\n    image: api:2.0\n";

#[test]
fn levels_turn_rules_off_and_set_their_severity_for_the_files_below() {
    // Level 0 turns the rule off beside the file; level 1 makes an error a warning.
    let r = lint_files(
        &[
            ("compose.yaml", UNORDERED),
            ("dev/compose.yaml", UNORDERED),
            (
                ".dclintrc",
                r#"{"rules": {"services-alphabetical-order": 0, "service-image-require-explicit-tag": 1}}"#,
            ),
            (
                "dev/.dclintrc.yaml",
                "rules:\n  services-alphabetical-order: 2\n",
            ),
        ],
        &Config::default(),
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(of(&r, "compose.yaml", "services-alphabetical-order").is_empty());
    // The nearest configuration wins whole: dev/ has its own, which says nothing of tags.
    let dev = of(&r, "dev/compose.yaml", "services-alphabetical-order");
    assert_eq!(dev.len(), 1);
    assert_eq!(dev[0].severity, Severity::Error);
    let untagged = "services:\n  db:\n    image: postgres\n";
    let r = lint_files(
        &[
            ("compose.yaml", untagged),
            (
                ".dclintrc",
                r#"{"rules": {"service-image-require-explicit-tag": 1}}"#,
            ),
        ],
        &Config::default(),
    );
    let tag = of(&r, "compose.yaml", "service-image-require-explicit-tag");
    assert_eq!(tag.len(), 1);
    assert_eq!(tag[0].severity, Severity::Warning);
    // A severity chosen on the command line wins; `--config` leaves the workspace's files out.
    let mut cli = Config::default();
    cli.overrides
        .insert("service-image-require-explicit-tag".into(), Severity::Info);
    let r = lint_files(
        &[
            ("compose.yaml", untagged),
            (
                ".dclintrc",
                r#"{"rules": {"service-image-require-explicit-tag": 1}}"#,
            ),
        ],
        &cli,
    );
    assert_eq!(
        of(&r, "compose.yaml", "service-image-require-explicit-tag")[0].severity,
        Severity::Info
    );
    // Level 0 too: a rule the command line gives a severity still reports.
    let r = lint_files(
        &[
            ("compose.yaml", untagged),
            (
                ".dclintrc",
                r#"{"rules": {"service-image-require-explicit-tag": 0}}"#,
            ),
        ],
        &cli,
    );
    assert_eq!(
        of(&r, "compose.yaml", "service-image-require-explicit-tag").len(),
        1
    );
    let no_files = Config {
        use_workspace_config: false,
        ..Config::default()
    };
    let r = lint_files(
        &[
            ("compose.yaml", UNORDERED),
            (".dclintrc", "rules:\n  services-alphabetical-order: 0\n"),
        ],
        &no_files,
    );
    assert_eq!(
        of(&r, "compose.yaml", "services-alphabetical-order").len(),
        1
    );
}

#[test]
fn a_broken_configuration_is_an_error_at_its_place_and_the_defaults_apply() {
    let rc = "rules:\n  services-alphabetical-order: 0\n  no-such-rule: 1\n";
    let r = lint_files(
        &[("compose.yaml", UNORDERED), (".dclintrc.yml", rc)],
        &Config::default(),
    );
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let e = &r.errors[0];
    assert_eq!((e.file.as_str(), e.line, e.column), (".dclintrc.yml", 3, 3));
    assert!(e.message.contains("no-such-rule"), "{}", e.message);
    assert_eq!(
        of(&r, "compose.yaml", "services-alphabetical-order").len(),
        1
    );
}

fn with_rc(compose: &str, rc: &str) -> Report {
    let r = lint_files(
        &[("compose.yaml", compose), (".dclintrc", rc)],
        &Config::default(),
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r
}

/// The lines a dclint rule reports in `compose` with the `.dclintrc` `rc` beside it.
fn lines(compose: &str, rc: &str, rule: &str) -> Vec<usize> {
    of(&with_rc(compose, rc), "compose.yaml", rule)
        .iter()
        .map(|f| f.line)
        .collect()
}

#[test]
fn check_pull_policy_false_reports_build_and_image_whatever_the_policy() {
    let compose =
        "services:\n  app:\n    build: .\n    image: acme/app:1.0\n    pull_policy: build\n";
    let rule = "no-build-and-image";
    assert!(of(&with_rc(compose, "{}"), "compose.yaml", rule).is_empty());
    let r = with_rc(
        compose,
        "rules:\n  no-build-and-image: [2, {checkPullPolicy: false}]\n",
    );
    let hits = of(&r, "compose.yaml", rule);
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].fix.is_none(),
        "a pull_policy would not silence it, so none is offered"
    );
    let without = "services:\n  app:\n    build: .\n    image: acme/app:1.0\n";
    let r = with_rc(
        without,
        "rules:\n  no-build-and-image: [2, {checkPullPolicy: false}]\n",
    );
    assert!(of(&r, "compose.yaml", rule)[0].fix.is_none());
    assert!(of(&with_rc(without, "{}"), "compose.yaml", rule)[0]
        .fix
        .is_some());
}

#[test]
fn quote_type_double_asks_for_double_quotes_and_fixes_to_them() {
    let compose = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8080:80'\n      - \"8443:443\"\n      - 9000:9000\n";
    let rule = "require-quotes-in-ports";
    assert_eq!(lines(compose, "{}", rule), [6, 7]);
    let r = with_rc(
        compose,
        r#"{"rules": {"require-quotes-in-ports": [1, {"quoteType": "double"}]}}"#,
    );
    let double = of(&r, "compose.yaml", rule);
    assert_eq!(double.iter().map(|f| f.line).collect::<Vec<_>>(), [5, 7]);
    let fixed: Vec<String> = double
        .iter()
        .map(|f| {
            let edits = &f.fix.as_ref().expect("a fix").edits;
            let out = apply_edits(compose, edits).unwrap();
            out.lines().nth(f.line - 1).unwrap().trim().to_string()
        })
        .collect();
    assert_eq!(fixed, ["- \"8080:80\"", "- \"9000:9000\""]);
}

#[test]
fn prohibited_tags_replace_the_moving_tags() {
    let compose = "services:\n  a:\n    image: app:latest\n  b:\n    image: app:unstable\n  c:\n    image: app\n  d:\n    image: app:1.2\n";
    let rule = "service-image-require-explicit-tag";
    assert_eq!(lines(compose, "{}", rule), [3, 7]);
    let rc = "rules:\n  service-image-require-explicit-tag: [2, {prohibitedTags: [unstable]}]\n";
    assert_eq!(lines(compose, rc, rule), [5, 7]);
}

#[test]
fn service_key_groups_and_their_order() {
    // Networking first, then a core group that lists `build` before `image`.
    let rc = "rules:\n  service-keys-order:\n    - 1\n    - groups:\n        Core Definitions: [build, image]\n      groupOrder: [Networking, Core Definitions]\n";
    let compose = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '80:80'\n    build: .\n    environment:\n      A: b\n";
    let rule = "service-keys-order";
    // By default `build` stands after `ports`, which it belongs before.
    assert_eq!(lines(compose, "{}", rule), [6]);
    let r = with_rc(compose, rc);
    let custom = of(&r, "compose.yaml", rule);
    // `ports` belongs before `image`; `build` before `image` is compared with `ports` just above
    // it, and is in place; `environment`'s group is left out of the order, so it may stand anywhere.
    assert_eq!(custom.iter().map(|f| f.line).collect::<Vec<_>>(), [4]);
    let fixed = apply_edits(compose, &custom[0].fix.as_ref().expect("a fix").edits).unwrap();
    assert_eq!(
        fixed,
        "services:\n  web:\n    ports:\n      - '80:80'\n    build: .\n    image: nginx:1.27\n    environment:\n      A: b\n"
    );
}

#[test]
fn a_custom_top_level_order() {
    let rc = "rules:\n  top-level-properties-order: [1, {customOrder: [services, x-properties, volumes]}]\n";
    let compose = "x-env: &env\n  A: b\nservices:\n  web:\n    image: nginx:1.27\nvolumes:\n  data: {}\nname: shop\n";
    let rule = "top-level-properties-order";
    assert_eq!(lines(compose, "{}", rule), [8]);
    let r = with_rc(compose, rc);
    let custom = of(&r, "compose.yaml", rule);
    // `services` belongs before `x-env`; `name` is not in the order at all.
    assert_eq!(custom.iter().map(|f| f.line).collect::<Vec<_>>(), [3, 8]);
    assert!(custom[1]
        .message
        .contains("services, x-properties, volumes"));
}
