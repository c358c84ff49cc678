//! The dclint-compatible compose rules: names and severities as dclint's, edge cases, spans, fixes that
//! keep comments and produce valid YAML, `# dclint` comment directives, and fixes on the whole corpus.

mod common;

use shipshape_core::fix::apply_edits;
use shipshape_core::rules::compose::WorkspaceRule;

/// The workspace rules, from the one registry.
fn registry() -> Vec<&'static dyn WorkspaceRule> {
    shipshape_core::rules::registry::workspace_rules().collect()
}
use shipshape_core::{lint, yaml, Applicability, Config, Finding, Severity, Workspace};

/// dclint 3.1's rules: (name, default type, fixable).
const DCLINT: &[(&str, Severity, bool)] = &[
    ("no-build-and-image", Severity::Error, false),
    ("no-duplicate-container-names", Severity::Error, false),
    ("no-duplicate-exported-ports", Severity::Error, false),
    ("no-quotes-in-volumes", Severity::Warning, true),
    ("no-unbound-port-interfaces", Severity::Error, false),
    ("no-version-field", Severity::Error, true),
    ("require-project-name-field", Severity::Warning, false),
    ("require-quotes-in-ports", Severity::Warning, true),
    ("service-container-name-regex", Severity::Error, false),
    (
        "service-dependencies-alphabetical-order",
        Severity::Warning,
        true,
    ),
    ("service-image-require-explicit-tag", Severity::Error, false),
    ("service-keys-order", Severity::Warning, true),
    ("service-ports-alphabetical-order", Severity::Warning, true),
    ("services-alphabetical-order", Severity::Warning, true),
    ("top-level-properties-order", Severity::Warning, true),
];

fn run(compose: &str) -> Vec<Finding> {
    let mut ws = Workspace::new();
    ws.add("compose.yaml", compose);
    let r = lint(&ws, &Config::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r.findings
}

fn of<'a>(findings: &'a [Finding], alias: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.aliases.contains(&alias))
        .collect()
}

/// (line, text under the span) of a rule's findings.
fn hits(src: &str, alias: &str) -> Vec<(usize, String)> {
    of(&run(src), alias)
        .iter()
        .map(|f| (f.line, f.span.slice(src).to_string()))
        .collect()
}

fn comments(text: &str) -> Vec<String> {
    let mut c: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .map(str::to_string)
        .collect();
    c.sort();
    c
}

/// Apply the first fix of `alias` until none is left; every intermediate text must be valid YAML
/// with the same comments. Returns the final text.
fn fix_all(src: &str, alias: &str) -> String {
    let mut text = src.to_string();
    for _ in 0..50 {
        let findings = run(&text);
        let Some(fix) = of(&findings, alias).iter().find_map(|f| f.fix.clone()) else {
            return text;
        };
        assert_eq!(fix.applicability, Applicability::Safe, "{alias}");
        let next = apply_edits(&text, &fix.edits).unwrap();
        assert!(
            yaml::parse(&next).is_ok(),
            "{alias}: fix gives invalid YAML:\n{next}"
        );
        assert_eq!(
            comments(&next),
            comments(&text),
            "{alias}: fix loses comments:\n{next}"
        );
        text = next;
    }
    panic!("{alias}: fixes do not converge")
}

#[test]
fn every_dclint_rule_is_there_with_dclint_defaults() {
    for (name, severity, fixable) in DCLINT {
        let rules: Vec<_> = registry()
            .iter()
            .map(|r| r.meta())
            .filter(|m| m.aliases.contains(name))
            .collect();
        assert_eq!(rules.len(), 1, "{name}");
        let m = rules[0];
        assert_eq!(m.id, format!("compose-{name}"));
        assert_eq!(m.severity, *severity, "{name}");
        // What dclint fixes has a fix here too; some others have (unsafe) fixes dclint lacks.
        assert!(m.has_fix || !*fixable, "{name}");
        assert!(m.enabled_by_default, "{name}: on by default, as in dclint");
        assert!(
            m.references.iter().any(|r| r.contains("zavoloklom")),
            "{name}"
        );
    }
}

#[test]
fn bad_examples_are_fixed_completely() {
    for (name, _, fixable) in DCLINT.iter().filter(|d| d.2) {
        let m = registry()
            .iter()
            .map(|r| r.meta())
            .find(|m| m.aliases.contains(name))
            .unwrap();
        assert!(*fixable);
        let before = of(&run(m.bad), name).len();
        assert!(
            before > 0 && of(&run(m.bad), name).iter().all(|f| f.fix.is_some()),
            "{name}: every finding has a fix"
        );
        let out = fix_all(m.bad, name);
        assert!(
            of(&run(&out), name).is_empty(),
            "{name}: still reported after fixing:\n{out}"
        );
    }
}

#[test]
fn services_alphabetical_order() {
    let src = "# header\nservices:\n  # the web app\n  web:\n    image: nginx:1.27\n\n  api-v1:\n    image: a:1\n  # v2\n  api_v2:\n    image: a:2\n";
    assert_eq!(
        hits(src, "services-alphabetical-order"),
        [(7, "api-v1".into()), (10, "api_v2".into())]
    );
    let f = run(src);
    assert!(of(&f, "services-alphabetical-order")[0]
        .message
        .contains("before `web`"));
    // `_` sorts before `-`, as in JavaScript's localeCompare; comments travel with their service.
    assert_eq!(
        fix_all(src, "services-alphabetical-order"),
        "# header\nservices:\n  # v2\n  api_v2:\n    image: a:2\n  api-v1:\n    image: a:1\n  # the web app\n  web:\n    image: nginx:1.27\n\n"
    );
    // Case only breaks ties.
    assert!(
        hits(
            "services:\n  Db:\n    image: a:1\n  api:\n    image: a:1\n",
            "services-alphabetical-order"
        )
        .len()
            == 1
    );
    assert!(hits(
        "services:\n  api:\n    image: a:1\n  Db:\n    image: a:1\n",
        "services-alphabetical-order"
    )
    .is_empty());
}

#[test]
fn reordering_is_refused_where_blocks_cannot_be_isolated() {
    // Flow style.
    let f = run("services: {web: {image: 'a:1'}, api: {image: 'a:1'}}\n");
    let s = of(&f, "services-alphabetical-order");
    assert_eq!(s.len(), 1);
    assert!(s[0].fix.is_none());
    // An anchor defined in one service and used in another: moving the alias above it is refused.
    let src = "services:\n  web:\n    image: &img nginx:1.27\n  api:\n    image: *img\n";
    let f = run(src);
    assert!(of(&f, "services-alphabetical-order")[0].fix.is_none());
    // Moving an anchor up is fine.
    let src = "name: shop\nx-img: &img nginx:1.27\nservices:\n  web:\n    image: *img\n";
    assert_eq!(
        fix_all(src, "top-level-properties-order"),
        "x-img: &img nginx:1.27\nname: shop\nservices:\n  web:\n    image: *img\n"
    );
    // Aliases of anchors defined elsewhere, and merge keys inside the moved services, are fine.
    let src = "x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n  api:\n    <<: *base\n    image: a:1\n";
    let out = fix_all(src, "services-alphabetical-order");
    assert!(out.ends_with("services:\n  api:\n    <<: *base\n    image: a:1\n  web:\n    <<: *base\n    image: nginx:1.27\n"), "{out}");
    // Merge keys: reported (dclint sees `<<` as a key), no fix.
    let src = "x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n";
    let f = run(src);
    let k = of(&f, "service-keys-order");
    assert_eq!(k.len(), 1, "{f:?}");
    assert_eq!(k[0].span.slice(src), "image");
    assert!(k[0].fix.is_none());
}

#[test]
fn service_keys_order() {
    // Only a key that belongs before the one just above it is reported (dclint's rule).
    let src = "services:\n  web:\n    ports:\n      - '127.0.0.1:80:80'\n    image: nginx:1.27\n    volumes:\n      - ./a:/a\n    zzz: 1\n    cap_add: [NET_ADMIN]\n";
    assert_eq!(
        hits(src, "service-keys-order"),
        [(5, "image".into()), (9, "cap_add".into())]
    );
    let out = fix_all(
        "services:\n  web:\n    # publish\n    ports:\n      - '127.0.0.1:80:80' # http\n    environment:\n      A: 1\n    command: |\n      run\n      # not a comment\n\n    image: nginx:1.27\n# trailing\n",
        "service-keys-order",
    );
    assert_eq!(
        out,
        "services:\n  web:\n    image: nginx:1.27\n    environment:\n      A: 1\n    # publish\n    ports:\n      - '127.0.0.1:80:80' # http\n    command: |\n      run\n      # not a comment\n\n# trailing\n"
    );
}

#[test]
fn dependencies_and_ports_order() {
    let src = "services:\n  web:\n    image: a:1\n    depends_on:\n      redis:\n        condition: service_started\n      db:\n        condition: service_healthy\n";
    assert_eq!(
        hits(src, "service-dependencies-alphabetical-order"),
        [(4, "depends_on".into())]
    );
    assert!(fix_all(src, "service-dependencies-alphabetical-order")
        .contains("      db:\n        condition: service_healthy\n      redis:"));
    // Published ports compare as numbers; an IP prefix is skipped.
    let src = "services:\n  web:\n    image: a:1\n    ports:\n      - '127.0.0.1:8080:80'\n      - '443:443'\n      - '80:80'\n";
    assert_eq!(
        hits(src, "service-ports-alphabetical-order"),
        [(4, "ports".into())]
    );
    let out = fix_all(src, "service-ports-alphabetical-order");
    assert!(
        out.ends_with("      - '80:80'\n      - '443:443'\n      - '127.0.0.1:8080:80'\n"),
        "{out}"
    );
    assert!(hits(
        "services:\n  w:\n    image: a:1\n    ports: ['80:80', '443:443', '8080:80']\n",
        "service-ports-alphabetical-order"
    )
    .is_empty());
}

#[test]
fn top_level_properties_order() {
    let src = "# my app\nservices:\n  web:\n    image: a:1\n    networks: [front]\nnetworks:\n  front:\nx-b: 1\nx-a: 2\nname: shop\nfoo: 1\n";
    let h = hits(src, "top-level-properties-order");
    assert_eq!(
        h,
        [
            (8, "x-b".into()),
            (9, "x-a".into()),
            (10, "name".into()),
            (11, "foo".into())
        ]
    );
    let f = run(src);
    assert!(of(&f, "top-level-properties-order")
        .iter()
        .find(|f| f.span.slice(src) == "foo")
        .unwrap()
        .fix
        .is_none());
    let out = apply_edits(
        src,
        &of(&f, "top-level-properties-order")[0]
            .fix
            .clone()
            .unwrap()
            .edits,
    )
    .unwrap();
    assert_eq!(out, "# my app\nx-a: 2\nx-b: 1\nname: shop\nservices:\n  web:\n    image: a:1\n    networks: [front]\nnetworks:\n  front:\nfoo: 1\n");
    // `models` has its place after `services`.
    assert!(hits(
        "services:\n  a:\n    image: a:1\nmodels:\n  m:\n    model: ai/smollm2\nvolumes: {}\n",
        "top-level-properties-order"
    )
    .is_empty());
}

#[test]
fn quotes_in_ports_and_volumes() {
    let src = "services:\n  web:\n    image: a:1\n    ports:\n      - 127.0.0.1:80:80\n      - \"127.0.0.1:443:443\"\n      - '127.0.0.1:81:81'\n    expose: [9000]\n";
    assert_eq!(
        hits(src, "require-quotes-in-ports"),
        [
            (5, "127.0.0.1:80:80".into()),
            (6, "\"127.0.0.1:443:443\"".into()),
            (8, "9000".into())
        ]
    );
    let out = fix_all(src, "require-quotes-in-ports");
    assert!(
        out.contains("- '127.0.0.1:80:80'\n      - '127.0.0.1:443:443'\n")
            && out.contains("expose: ['9000']"),
        "{out}"
    );

    let src = "services:\n  db:\n    image: a:1\n    volumes:\n      - \"data:/var/lib/data\" # keep\n      - 'a: b:/x'\n      - \"true\"\n      - ./plain:/p\n";
    let f = run(src);
    let v = of(&f, "no-quotes-in-volumes");
    assert_eq!(v.len(), 3);
    assert!(
        v[0].fix.is_some() && v[1].fix.is_none() && v[2].fix.is_none(),
        "`: ` and `true` need their quotes"
    );
    let out = apply_edits(src, &v[0].fix.clone().unwrap().edits).unwrap();
    assert!(out.contains("      - data:/var/lib/data # keep\n"), "{out}");
}

#[test]
fn port_interfaces_and_duplicates() {
    let src = "services:\n  a:\n    image: a:1\n    ports:\n      - '8080:80'\n      - '127.0.0.1:8081:80'\n      - '[::1]:8082:80'\n      - '9000'\n      - target: 80\n        published: 8083\n      - target: 80\n        host_ip: 127.0.0.1\n        published: 8084\n";
    assert_eq!(
        hits(src, "no-unbound-port-interfaces"),
        [
            (5, "'8080:80'".into()),
            (8, "'9000'".into()),
            (10, "published".into())
        ]
    );
    let src = "services:\n  a:\n    image: a:1\n    ports:\n      - '127.0.0.1:8000-8010:8000-8010'\n      - '9000'\n  b:\n    image: b:1\n    ports:\n      - '127.0.0.2:8005:80'\n      - '0.0.0.0:8005:80/udp'\n      - '9000'\n      - '127.0.0.1:8010:80'\n";
    let h = hits(src, "no-duplicate-exported-ports");
    assert_eq!(
        h,
        [(13, "'127.0.0.1:8010:80'".into())],
        "other address, other protocol and no host port do not clash"
    );
    let f = run(src);
    assert!(of(&f, "no-duplicate-exported-ports")[0]
        .message
        .contains("service `a`"));
}

#[test]
fn version_and_name_fields() {
    let src = "# app\nversion: '3.8'\n\nservices:\n  web:\n    image: a:1\n";
    assert_eq!(hits(src, "no-version-field"), [(2, "version".into())]);
    assert_eq!(
        fix_all(src, "no-version-field"),
        "# app\n\nservices:\n  web:\n    image: a:1\n"
    );
    let src = "version: \"3\" # old\n\n# the app\nservices:\n  web:\n    image: a:1\n";
    assert_eq!(
        fix_all(src, "no-version-field"),
        "# the app\nservices:\n  web:\n    image: a:1\n"
    );
    let f = run(src);
    let n = of(&f, "require-project-name-field");
    assert_eq!((n.len(), n[0].line), (1, 1));
    assert!(of(
        &run("name: x\nservices:\n  web:\n    image: a:1\n"),
        "require-project-name-field"
    )
    .is_empty());
}

#[test]
fn service_rules() {
    let src = "services:\n  a:\n    build: .\n    image: a:1\n  b:\n    build: .\n    image: b:1\n    pull_policy: build\n";
    assert_eq!(hits(src, "no-build-and-image"), [(3, "build".into())]);

    let src = "services:\n  a:\n    image: a:1\n    container_name: db\n  b:\n    image: b:1\n    container_name: db\n  c:\n    image: c:1\n    container_name: ${NAME:-my c}\n  d:\n    image: c:1\n    container_name: ${UNSET}\n  e:\n    image: c:1\n    container_name: x\n";
    assert_eq!(
        hits(src, "no-duplicate-container-names"),
        [(7, "db".into())]
    );
    assert_eq!(
        hits(src, "service-container-name-regex"),
        [(10, "${NAME:-my c}".into()), (16, "x".into())]
    );

    let src = "x-img: &img app:${TAG:-latest}\nservices:\n  a:\n    image: nginx\n  b:\n    image: localhost:5000/app\n  c:\n    image: nginx@sha256:0123\n  d:\n    image: nginx:stable\n  e:\n    image: *img\n  f:\n    image: ${IMAGE}\n  g:\n    image: app:${TAG}\n  h:\n    image: nginx:1.27\n";
    assert_eq!(
        hits(src, "service-image-require-explicit-tag"),
        [
            (4, "nginx".into()),
            (6, "localhost:5000/app".into()),
            (10, "nginx:stable".into()),
            (12, "*img".into()),
            (14, "${IMAGE}".into()),
        ]
    );
}

#[test]
fn comment_directives() {
    let body = "services:\n  web:\n    image: nginx\n    ports:\n      - '8080:80'\n";
    let count = |src: &str| {
        run(src)
            .iter()
            .filter(|f| f.rule.starts_with("compose-"))
            .count()
    };
    assert!(count(body) >= 3);
    assert_eq!(count(&format!("\n# dclint disable-file\n{body}")), 0);
    assert_eq!(count(&format!("# dclint disable\n{body}")), 0);
    // Rules named by dclint name or by id; only the first line counts.
    let src = format!("# dclint disable service-image-require-explicit-tag compose-require-project-name-field\n{body}");
    let f = run(&src);
    assert!(
        of(&f, "service-image-require-explicit-tag").is_empty()
            && of(&f, "require-project-name-field").is_empty()
    );
    assert!(!of(&f, "no-unbound-port-interfaces").is_empty());
    let f = run(&format!("{body}# dclint disable\n"));
    assert!(
        !of(&f, "service-image-require-explicit-tag").is_empty(),
        "not on the first line"
    );

    // disable-line: at the end of the line, or alone on the line above.
    let src = "services:\n  web:\n    image: nginx # dclint disable-line service-image-require-explicit-tag\n    ports:\n      # dclint disable-line\n      - '8080:80'\n";
    let f = run(src);
    assert!(of(&f, "service-image-require-explicit-tag").is_empty());
    assert!(of(&f, "no-unbound-port-interfaces").is_empty());
    assert!(!of(&f, "require-project-name-field").is_empty());
    // A list entry's finding is also silenced from the list key's line, where dclint reports it.
    let src = "services:\n  web:\n    image: nginx:1.27\n    ports: # dclint disable-line no-unbound-port-interfaces\n      - '8080:80'\n      - '8081:81'\n";
    assert!(of(&run(src), "no-unbound-port-interfaces").is_empty());
    // --disable-ignore-pragma turns directives off.
    let mut ws = Workspace::new();
    ws.add("compose.yaml", format!("# dclint disable-file\n{body}"));
    let off = Config {
        disable_ignore_pragma: true,
        ..Config::default()
    };
    assert!(!lint(&ws, &off).findings.is_empty());
    // Directives do not reach Dockerfiles.
    let mut ws = Workspace::new();
    ws.add("Dockerfile", "# dclint disable\nFROM alpine\n");
    assert!(!lint(&ws, &Config::default()).findings.is_empty());
}

/// A configuration with every compose rule but `id` switched off.
fn only(id: &str) -> Config {
    let ignored = registry()
        .iter()
        .map(|r| r.meta().id)
        .filter(|r| *r != id)
        .map(str::to_string)
        .collect();
    Config {
        ignored,
        ..Config::default()
    }
}

#[test]
fn corpus_fixes_apply_keep_comments_and_help() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let files: Vec<_> = common::dirs_in(&corpus)
        .into_iter()
        .filter(|d| common::name(d).starts_with("compose"))
        .flat_map(|d| common::files_in(&d))
        .collect();
    let (mut fixes, mut unfixed) = (0, 0);
    for p in files {
        let text = common::read(&p);
        if yaml::parse(&text).is_err() {
            continue;
        }
        let findings = run(&text);
        let mut tried = std::collections::HashSet::new();
        for f in findings.iter().filter(|f| {
            f.rule.starts_with("compose-") && DCLINT.iter().any(|d| d.2 && f.aliases.contains(&d.0))
        }) {
            let Some(fix) = &f.fix else {
                unfixed += 1;
                continue;
            };
            fixes += 1;
            if !tried.insert(format!("{:?}", fix.edits)) {
                continue;
            }
            let out = apply_edits(&text, &fix.edits)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", common::name(&p), f.rule));
            assert!(
                yaml::parse(&out).is_ok(),
                "{}: {} breaks the YAML",
                common::name(&p),
                f.rule
            );
            assert_eq!(
                comments(&out),
                comments(&text),
                "{}: {} loses comments",
                common::name(&p),
                f.rule
            );
            let mut ws = Workspace::new();
            ws.add("compose.yaml", out);
            let after = lint(&ws, &only(f.rule))
                .findings
                .iter()
                .filter(|g| g.rule == f.rule)
                .count();
            let before = findings.iter().filter(|g| g.rule == f.rule).count();
            assert!(
                after < before,
                "{}: {} fix does not help",
                common::name(&p),
                f.rule
            );
        }
    }
    println!("corpus: {fixes} findings with a fix applied, {unfixed} without");
    assert!(fixes > 1000);
}
