//! Teaching in the shipped page (release dist/, headless Chromium at 1280×720): the rule list and
//! its search, a rule page by id and by alias, "Open in playground", a finding's link to its page,
//! the course, an exercise whose goals tick as a fix is typed until it is done (kept across a
//! reload), Reset, and the presenter view (20 px code and findings, high contrast, no workspace
//! column, nothing wider than the window). Needs `scripts/build-dist.sh` first.

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use shipshape_e2e::{
    axe_source, click, dist_dir, element, js, serve, target_dir, until, Driver, WAIT,
};
use std::path::Path;

const CHROMIUM: &str = "/usr/bin/chromium";
const TARGET_TMP: &str = env!("CARGO_TARGET_TMPDIR");

/// The exec-form exercise, solved: one CMD, in JSON form.
const SOLVED: &str = "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER 1000\nCMD [\"node\", \"server.js\"]\n";

async fn connect(driver: &Driver, profile: &Path) -> Client {
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=1280,720",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    shipshape_e2e::session(driver, caps).await
}

async fn count(c: &Client, css: &str) -> u64 {
    js(
        c,
        "return document.querySelectorAll(arguments[0]).length",
        vec![json!(css)],
    )
    .await
    .as_u64()
    .unwrap_or(0)
}

async fn text_of(c: &Client, css: &str) -> String {
    js(
        c,
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
        vec![json!(css)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn shown(c: &Client, css: &str) -> bool {
    js(
        c,
        "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0",
        vec![json!(css)],
    )
    .await
        == json!(true)
}

async fn wait_for(c: &Client, css: &str) {
    element(c, css, "waited for").await;
}

async fn editor_value(c: &Client) -> String {
    js(
        c,
        "const t = document.querySelector('#editor'); return t ? t.value : ''",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Replace the editor's text as typing over a selection does (one insertText, an input event).
async fn type_text(c: &Client, text: &str) {
    js(
        c,
        "const t = document.querySelector('#editor'); t.focus(); t.select();
         document.execCommand('insertText', false, arguments[0]);",
        vec![json!(text)],
    )
    .await;
    until("the editor to hold the text", || async {
        editor_value(c).await == text
    })
    .await;
}

async fn findings(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return [...document.querySelectorAll('#findings li.finding')].map(e => e.dataset.rule)",
        vec![],
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    let dir = target_dir(Path::new(TARGET_TMP)).join("e2e");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(name), png).expect("write screenshot");
}

/// No serious or critical axe-core violation on the page as it is (injected through WebDriver).
async fn axe_clean(c: &Client, axe: &str, what: &str) {
    if js(c, "return typeof window.axe", vec![]).await != json!("object") {
        js(c, &format!("{axe}\n;return typeof window.axe"), vec![]).await;
    }
    let v = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.help + ' :: ' +
                      v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))),
               e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe.run");
    let bad: Vec<String> = serde_json::from_value(v).unwrap_or_default();
    assert!(bad.is_empty(), "axe-core, {what}:\n{}", bad.join("\n"));
}

async fn run(c: &Client, origin: &str) {
    let axe = axe_source();
    // The rule list: every rule, searchable by words and aliases, filterable.
    c.goto(&format!("{origin}/#/rules"))
        .await
        .expect("open #/rules");
    wait_for(c, "#rules-index tr.rule-row").await;
    let all = count(c, "tr.rule-row").await;
    assert!(all >= 100, "{all} rules listed");
    c.find(Locator::Css("#rule-search"))
        .await
        .expect("search box")
        .send_keys("jsonargs")
        .await
        .expect("type a search");
    until("the search to narrow the list", || async {
        let n = count(c, "tr.rule-row").await;
        (1..=3).contains(&n)
    })
    .await;
    assert_eq!(
        text_of(c, "tr.rule-row code").await,
        "DL3025",
        "found by its BuildKit alias, and listed before rules that only mention it"
    );
    js(
        c,
        "const s = document.querySelector('#rule-search'); s.value = '';
         s.dispatchEvent(new InputEvent('input', {bubbles: true}));
         const f = document.querySelector('#rule-severity'); f.value = 'error';
         f.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    until("the severity filter", || async {
        let n = count(c, "tr.rule-row").await;
        n > 0 && n < all && n == count(c, "tr.rule-row .sev-error").await
    })
    .await;
    shot(c, "teach-rules.png").await;
    axe_clean(c, &axe, "the rule list").await;

    // A rule page by id, from the list.
    js(
        c,
        "const f = document.querySelector('#rule-severity'); f.value = '';
           f.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    click(c, "tr.rule-row[data-rule=DL3007] a.rule-link").await;
    wait_for(c, "#rule-page[data-rule=DL3007]").await;
    assert!(c
        .current_url()
        .await
        .expect("url")
        .as_str()
        .ends_with("#/rules/DL3007"));
    // The examples come with the rules' documentation, fetched when the rule pages first need it.
    wait_for(c, ".rule-ex.bad pre").await;
    assert!(text_of(c, ".rule-ex.bad pre").await.contains(":latest"));
    assert!(!shown(c, ".via-alias").await);

    // By alias: BuildKit's name for DL3025, with its fix as a diff on the flagged example.
    c.goto(&format!("{origin}/#/rules/JSONArgsRecommended"))
        .await
        .expect("alias page");
    wait_for(c, "#rule-page[data-rule=DL3025]").await;
    assert!(text_of(c, ".via-alias")
        .await
        .contains("JSONArgsRecommended"));
    wait_for(c, ".rule-fix pre.diff").await;
    let diff = text_of(c, ".rule-fix pre.diff").await;
    assert!(diff.contains("\n-") && diff.contains("\n+"), "{diff}");
    axe_clean(c, &axe, "a rule page").await;
    shot(c, "teach-rule-page.png").await;
    // A long rule id is a route, never a damaged share link.
    c.goto(&format!(
        "{origin}/#/rules/compose-service-dependencies-alphabetical-order"
    ))
    .await
    .expect("long id");
    wait_for(
        c,
        "#rule-page[data-rule=compose-service-dependencies-alphabetical-order]",
    )
    .await;
    assert!(!text_of(c, "#share-banner")
        .await
        .contains("could not be opened"));
    c.goto(&format!("{origin}/#/rules/DL3025"))
        .await
        .expect("id page");
    wait_for(c, "#rule-page[data-rule=DL3025] .open-bad").await;

    // Open in playground: the flagged example, its finding, and the finding's link back.
    click(c, ".rule-ex.bad .open-bad").await;
    wait_for(c, "textarea#editor").await;
    until("the example's finding", || async {
        findings(c).await.iter().any(|r| r == "DL3025")
    })
    .await;
    assert!(!c.current_url().await.expect("url").as_str().contains("#/"));
    click(c, "#findings li.finding[data-rule=DL3025] .finding-btn").await;
    wait_for(c, "a.rule-page-link[href='#/rules/DL3025']").await;

    // The course, and one exercise beside the editor.
    c.goto(&format!("{origin}/#/learn")).await.expect("#/learn");
    wait_for(c, "#course .lesson").await;
    assert!(count(c, ".lesson").await >= 8);
    assert!(count(c, ".gallery-item").await >= 10);
    axe_clean(c, &axe, "the course").await;
    click(c, ".lesson[data-exercise=exec-form] a").await;
    wait_for(c, "#exercise[data-exercise=exec-form]").await;
    until("the starting files", || async {
        editor_value(c).await.contains("CMD npm start")
    })
    .await;
    until("open goals", || async { count(c, ".goal.open").await >= 1 }).await;
    assert!(!shown(c, "#exercise-done").await);
    click(c, "#hint").await;
    until("a hint", || async { count(c, ".hints li").await == 1 }).await;

    // Typing a fix ticks goals one by one, then shows the done state.
    type_text(c, "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER 1000\nCMD [\"npm\", \"start\"]\nCMD [\"node\", \"server.js\"]\n").await;
    until("one goal left open", || async {
        count(c, ".goal.met").await == 2 && count(c, ".goal.open").await == 1
    })
    .await;
    type_text(c, SOLVED).await;
    until("every goal met and done", || async {
        count(c, ".goal.open").await == 0 && shown(c, "#exercise-done").await
    })
    .await;
    shot(c, "teach-exercise-done.png").await;
    axe_clean(c, &axe, "an exercise, done").await;

    // Reload: progress and the learner's text stay.
    c.refresh().await.expect("reload");
    wait_for(c, "#exercise[data-exercise=exec-form]").await;
    until("the learner's text after a reload", || async {
        editor_value(c).await == SOLVED
    })
    .await;
    until("done after a reload", || async {
        shown(c, "#exercise-done").await
    })
    .await;
    c.goto(&format!("{origin}/#/learn"))
        .await
        .expect("#/learn again");
    wait_for(c, ".lesson.done[data-exercise=exec-form]").await;

    // Reset puts the starting files back.
    click(c, ".lesson[data-exercise=exec-form] a").await;
    wait_for(c, "#exercise-reset").await;
    click(c, "#exercise-reset").await;
    until("the starting files again", || async {
        editor_value(c).await.contains("CMD npm start")
    })
    .await;

    // Presenter view at 1280×720.
    click(c, "#view > summary").await;
    click(c, "#presenter").await;
    until("the presenter view", || async {
        js(
            c,
            "return document.documentElement.hasAttribute('data-presenter')",
            vec![],
        )
        .await
            == json!(true)
    })
    .await;
    // Close the View menu again: the view itself is what is checked.
    click(c, "#view > summary").await;
    let v = js(
        c,
        "const px = s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
         return [px('#editor'), px('#findings .f-msg'), px('.goal-text'),
                 document.documentElement.dataset.theme || '',
                 document.documentElement.scrollWidth, window.innerWidth];",
        vec![],
    )
    .await;
    let v = v.as_array().expect("array");
    for (i, what) in ["code", "findings", "goals"].iter().enumerate() {
        assert!(v[i].as_f64().unwrap_or(0.0) >= 20.0, "{what}: {v:?}");
    }
    assert_eq!(v[3], json!("contrast"), "{v:?}");
    assert!(v[4].as_u64() <= v[5].as_u64(), "horizontal overflow: {v:?}");
    assert_eq!(v[5], json!(1280));
    assert!(
        !shown(c, ".workbench > .files").await,
        "the workspace column is hidden"
    );
    shot(c, "teach-presenter.png").await;
    axe_clean(c, &axe, "the presenter view").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rule_pages_exercises_and_presenter_in_chromium() {
    let dist = dist_dir(Path::new(TARGET_TMP));
    assert!(
        dist.join("index.html").is_file(),
        "no release build in {} — run scripts/build-dist.sh first",
        dist.display()
    );
    let origin = format!("http://127.0.0.1:{}", serve(dist).0);
    let driver = Driver::start(WAIT);
    let profile = std::env::temp_dir().join(format!("shipshape-e2e-teach-{}", std::process::id()));
    let client = connect(&driver, &profile).await;
    let outcome = tokio::spawn({
        let c = client.clone();
        async move { run(&c, &origin).await }
    })
    .await;
    let _ = client.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
