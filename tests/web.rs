//! Browser tests of the playground: mount the real App in headless Chromium, type, click, read the DOM.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use shipshape_web::app::App;
use shipshape_web::examples::START;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, InputEvent, InputEventInit,
    KeyboardEvent, KeyboardEventInit,
};
use yew::platform::time::sleep;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh App into its own div; tests query inside it, so earlier mounts don't interfere.
async fn mount() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn get(root: &Element, sel: &str) -> Element {
    find(root, sel).unwrap_or_else(|| panic!("no element matches {sel}"))
}

/// Like `get`, but waits for the element: Yew may yield to the browser between rendering the DOM
/// and running `rendered` hooks when the machine is busy.
async fn wait_get(root: &Element, sel: &str) -> Element {
    wait_for(sel, || find(root, sel).is_some()).await;
    get(root, sel)
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn text(root: &Element, sel: &str) -> String {
    get(root, sel).text_content().unwrap_or_default()
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    get(root, "textarea#editor").dyn_into().unwrap()
}

/// Let Yew finish everything it has queued: renders and `rendered` hooks.
async fn settle() {
    sleep(Duration::from_millis(5)).await;
    yew::scheduler::flush().await;
}

/// Poll until `cond` holds (up to ~10 s); a failing test then shows what it waited for.
async fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if cond() {
            return;
        }
        sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Fires an input event the way typing does. Yew delegates events to the root, so it must bubble.
fn fire_input(el: &Element) {
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

fn fire_key(el: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_key(key);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

/// Sets the editor text the way a user's typing or paste does: value, then an input event.
async fn type_text(root: &Element, text: &str) {
    let area = editor(root);
    area.set_value(text);
    fire_input(&area);
    settle().await;
}

async fn click(root: &Element, sel: &str) {
    wait_get(root, sel)
        .await
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
}

fn rules(root: &Element) -> Vec<String> {
    all(root, "ul#findings li.finding")
        .iter()
        .filter_map(|e| e.get_attribute("data-rule"))
        .collect()
}

fn has_rule(root: &Element, rule: &str) -> bool {
    rules(root).iter().any(|r| r == rule)
}

/// The textarea's selected text (its selection API counts UTF-16 units).
fn selected_text(area: &HtmlTextAreaElement) -> (usize, String) {
    let units: Vec<u16> = area.value().encode_utf16().collect();
    let s = area.selection_start().unwrap().unwrap() as usize;
    let e = area.selection_end().unwrap().unwrap() as usize;
    let line = String::from_utf16_lossy(&units[..s]).matches('\n').count() + 1;
    (line, String::from_utf16_lossy(&units[s..e]))
}

#[wasm_bindgen_test]
async fn starts_with_one_dockerfile_and_its_findings() {
    let root = mount().await;
    assert_eq!(editor(&root).value(), START[0].1);
    let files = all(&root, "#files li.file");
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].get_attribute("data-kind").as_deref(),
        Some("dockerfile")
    );
    assert!(has_rule(&root, "DL3007"), "findings: {:?}", rules(&root));
    assert_eq!(text(&root, "#count"), rules(&root).len().to_string());
    assert!(!all(&root, ".gutter .ln.has").is_empty(), "gutter markers");
    assert!(
        !all(&root, ".backdrop mark.m").is_empty(),
        "highlighted spans"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_produces_findings() {
    let root = mount().await;
    type_text(&root, "FROM alpine:3.20\n").await;
    assert!(!has_rule(&root, "DL3007"));
    type_text(&root, "FROM ubuntu:latest\n").await;
    assert!(has_rule(&root, "DL3007"), "findings: {:?}", rules(&root));
    let item = get(&root, "li.finding[data-rule=DL3007]");
    assert_eq!(item.get_attribute("data-line").as_deref(), Some("1"));
    assert_eq!(
        item.get_attribute("data-severity").as_deref(),
        Some("warning")
    );
    assert!(item.text_content().unwrap().contains("Dockerfile:1:"));
    assert_eq!(text(&root, "#count"), rules(&root).len().to_string());
    assert_eq!(text(&root, ".gutter .ln.has"), "1");
    root.remove();
}

#[wasm_bindgen_test]
async fn clicking_a_finding_selects_its_line() {
    let root = mount().await;
    // Non-ASCII above the finding: byte offsets must become UTF-16 offsets for the textarea.
    type_text(&root, "# héllo ✓ 𝄞\nFROM alpine:3.20\nADD app.py /app/\n").await;
    assert!(has_rule(&root, "DL3020"), "findings: {:?}", rules(&root));
    click(&root, "li.finding[data-rule=DL3020] .finding-btn").await;
    let li = get(&root, "li.finding[data-rule=DL3020]");
    assert!(li.class_name().split_whitespace().any(|c| c == "selected"));
    assert_eq!(
        get(&root, "li.finding.selected .finding-btn")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    wait_for("the selection on line 3", || {
        selected_text(&editor(&root)).0 == 3
    })
    .await;
    let (_, sel) = selected_text(&editor(&root));
    assert!(
        !sel.is_empty() && "ADD app.py /app/".starts_with(&sel),
        "selected {sel:?}"
    );
    assert_eq!(text(&root, ".gutter .ln.sel"), "3");
    assert_eq!(text(&root, ".backdrop mark.sel"), sel);
    // The explanation comes from the rule docs.
    let meta = shipshape_core::lint::find_rule("DL3020").unwrap();
    assert!(text(&root, "li.finding.selected .summary").contains(meta.summary));
    let first_words: String = meta
        .why
        .split('`')
        .next()
        .unwrap()
        .chars()
        .take(20)
        .collect();
    assert!(text(&root, "li.finding.selected .why").contains(&first_words));
    // A second click folds it away again.
    click(&root, "li.finding[data-rule=DL3020] .finding-btn").await;
    assert!(find(&root, "li.finding.selected").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn apply_fix_changes_the_text_and_removes_the_finding() {
    let root = mount().await;
    let before = "FROM alpine:3.20\nADD app.py /app/\nUSER 1000\n";
    type_text(&root, before).await;
    click(&root, "li.finding[data-rule=DL3020] .finding-btn").await;
    let diff = text(&root, "li.finding.selected pre.diff");
    assert!(diff.contains("-ADD app.py /app/"), "diff: {diff}");
    assert!(diff.contains("+COPY app.py /app/"), "diff: {diff}");
    assert!(diff.contains("@@ "), "a unified diff: {diff}");
    click(&root, "li.finding.selected button.apply").await;
    let after = "FROM alpine:3.20\nCOPY app.py /app/\nUSER 1000\n";
    assert_eq!(editor(&root).value(), after);
    assert!(!has_rule(&root, "DL3020"), "findings: {:?}", rules(&root));
    assert!(text(&root, ".notice").contains("Applied"));
    // Undo restores the text and the finding; redo applies it again.
    click(&root, "#undo").await;
    assert_eq!(editor(&root).value(), before);
    assert!(has_rule(&root, "DL3020"));
    click(&root, "#redo").await;
    assert_eq!(editor(&root).value(), after);
    assert!(!has_rule(&root, "DL3020"));
    root.remove();
}

#[wasm_bindgen_test]
async fn parse_errors_show_inline_with_line_and_column() {
    let root = mount().await;
    let typed = "FROM alpine:3.20\nFRM x\nUSER 1000\n";
    type_text(&root, typed).await;
    let err = get(&root, "li.finding.parse-error");
    assert_eq!(err.get_attribute("data-line").as_deref(), Some("2"));
    assert!(err.text_content().unwrap().contains("Dockerfile:2:1"));
    assert!(text(&root, "#parse-errors").contains("line 2, column 1"));
    let lens = text(&root, ".backdrop .lens");
    assert!(lens.contains("2:1") && lens.contains("FRM"), "lens: {lens}");
    assert_eq!(editor(&root).value(), typed, "the text is left alone");
    root.remove();
}

#[wasm_bindgen_test]
async fn files_can_be_added_renamed_and_closed() {
    let root = mount().await;
    click(&root, "#new-file").await;
    assert_eq!(all(&root, "#files li.file").len(), 2);
    let input: HtmlInputElement = wait_get(&root, "input.rename").await.dyn_into().unwrap();
    // A taken name is refused with a message; the box stays open.
    input.set_value("Dockerfile");
    fire_input(&input);
    settle().await;
    fire_key(&input, "Enter");
    settle().await;
    assert!(wait_get(&root, ".rename-error")
        .await
        .text_content()
        .unwrap()
        .contains("already open"));
    let input: HtmlInputElement = wait_get(&root, "input.rename").await.dyn_into().unwrap();
    input.set_value("compose.yaml");
    fire_input(&input);
    settle().await;
    assert!(text(&root, ".rename-hint").contains("Compose"));
    fire_key(&input, "Enter");
    settle().await;
    let row = wait_get(&root, "#files li.file[data-path='compose.yaml']").await;
    assert_eq!(row.get_attribute("data-kind").as_deref(), Some("compose"));
    assert!(row.class_name().split_whitespace().any(|c| c == "active"));
    // The compose file is linted with the Dockerfile: a cross-file finding.
    type_text(
        &root,
        "services:\n  api:\n    build:\n      context: .\n      target: release\n",
    )
    .await;
    assert!(
        has_rule(&root, "compose-target-missing"),
        "findings: {:?}",
        rules(&root)
    );
    assert!(
        find(&root, "#findings li.group").is_some(),
        "grouped by file"
    );
    // Close it: back to one file, whose close button is then disabled.
    click(
        &root,
        "#files li.file[data-path='compose.yaml'] .file-close",
    )
    .await;
    assert_eq!(all(&root, "#files li.file").len(), 1);
    assert!(!has_rule(&root, "compose-target-missing"));
    let close = get(&root, "#files li.file .file-close");
    assert!(close.has_attribute("disabled"));
    // Undo reopens it with its text.
    click(&root, "#undo").await;
    assert_eq!(all(&root, "#files li.file").len(), 2);
    root.remove();
}

#[wasm_bindgen_test]
async fn markup_in_names_and_text_stays_text() {
    let root = mount().await;
    let evil_text =
        "FROM alpine:3.20\n# <script>window.__pwned = 1</script><img src=x onerror=alert(1)>\n";
    type_text(&root, evil_text).await;
    click(&root, "#files li.file .file-rename").await;
    let name = "<img src=x onerror=alert(1)>.dockerfile";
    let input: HtmlInputElement = wait_get(&root, "input.rename").await.dyn_into().unwrap();
    input.set_value(name);
    fire_input(&input);
    fire_key(&input, "Enter");
    settle().await;
    assert_eq!(text(&root, "#files li.file .file-name"), name);
    assert_eq!(text(&root, "#editor-path"), name);
    assert!(find(&root, "script").is_none(), "no script element");
    assert!(find(&root, "img:not(.logo)").is_none(), "no img element");
    assert_eq!(editor(&root).value(), evil_text);
    root.remove();
}

#[wasm_bindgen_test]
async fn examples_load_and_undo_restores_your_text() {
    let root = mount().await;
    let mine = "FROM alpine:3.20\nUSER 1000\n# my own work\n";
    type_text(&root, mine).await;
    let examples = all(&root, "#examples button.example");
    assert!(examples.len() >= 4, "a few examples");
    click(&root, "#examples button.example[data-example=compose]").await;
    let paths: Vec<String> = all(&root, "#files li.file")
        .iter()
        .filter_map(|e| e.get_attribute("data-path"))
        .collect();
    assert_eq!(paths, ["compose.yaml", "Dockerfile"]);
    assert!(
        has_rule(&root, "compose-target-missing"),
        "{:?}",
        rules(&root)
    );
    click(&root, "#undo").await;
    assert_eq!(all(&root, "#files li.file").len(), 1);
    assert_eq!(editor(&root).value(), mine);
    root.remove();
}

#[wasm_bindgen_test]
async fn gutter_marker_selects_the_finding_on_its_line() {
    let root = mount().await;
    type_text(&root, "FROM alpine:3.20\nMAINTAINER me\nUSER 1000\n").await;
    click(&root, ".gutter .ln.has[data-line='2']").await;
    let sel = get(&root, "li.finding.selected");
    assert_eq!(sel.get_attribute("data-line").as_deref(), Some("2"));
    wait_for("the selection on line 2", || {
        selected_text(&editor(&root)).0 == 2
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn large_input_is_linted_after_a_pause_and_never_lost() {
    let root = mount().await;
    let mut big = String::from("FROM ubuntu:latest\n");
    while big.len() <= shipshape_web::model::LARGE_INPUT {
        big.push_str(
            "# a long comment line to make this workspace larger than the debounce limit\n",
        );
    }
    type_text(&root, "FROM alpine:3.20\n").await;
    assert!(!has_rule(&root, "DL3007"));
    type_text(&root, &big).await;
    assert_eq!(editor(&root).value(), big, "the text is there at once");
    assert!(
        text(&root, ".lint-status").contains("pause"),
        "waiting for a pause"
    );
    assert!(find(&root, "li.finding.selected button.apply").is_none());
    wait_for("the debounced lint", || {
        has_rule(&root, "DL3007") && !text(&root, ".lint-status").contains("pause")
    })
    .await;
    root.remove();
}
