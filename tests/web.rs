//! Browser tests of the playground: mount the real App in headless Chromium, type, click, read the DOM.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use shipshape_web::app::App;
use shipshape_web::examples::START;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::js_sys::Function;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement, InputEvent,
    InputEventInit, KeyboardEvent, KeyboardEventInit,
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

/// Runs a snippet of JavaScript (the test page has no CSP) and returns its result.
fn js(body: &str) -> JsValue {
    Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .expect("the snippet runs")
}

fn js_string(body: &str) -> Option<String> {
    js(body).as_string()
}

/// Ctrl+key (with Shift when asked) as a keydown on `el`, bubbling like a real one.
fn fire_ctrl_key(el: &Element, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key(key);
    init.set_ctrl_key(true);
    init.set_shift_key(shift);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

/// A paste over the whole editor the way the browser delivers it: `paste` while everything is
/// selected, then the input that replaces the text.
async fn paste_over_all(root: &Element, text: &str) {
    let area = editor(root);
    let len = area.value().encode_utf16().count() as u32;
    area.set_selection_range(0, len).unwrap();
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("paste", &init).unwrap())
        .unwrap();
    area.set_value(text);
    fire_input(&area);
    settle().await;
}

/// The core's Markdown report for a one-Dockerfile workspace: what the page must show and copy.
fn core_report(dockerfile: &str) -> String {
    use shipshape_core::{lint, report, Config, Workspace};
    let mut ws = Workspace::new();
    ws.add("Dockerfile", dockerfile);
    report::render(
        report::Format::Markdown,
        &ws,
        &lint(&ws, &Config::default()),
    )
}

/// Two safe fixes (ADD -> COPY, pip --no-cache-dir), one unsafe (shell-form CMD), and markup.
const FIXABLE: &str = "FROM python:3.12-slim\nADD <script>x</script>.txt /app/\nRUN pip install flask\nUSER 1000\nCMD python app.py\n";

#[wasm_bindgen_test]
async fn report_tab_renders_the_core_report_and_shows_it_raw() {
    let root = mount().await;
    type_text(&root, FIXABLE).await;
    click(&root, "#tab-report").await;
    assert_eq!(
        get(&root, "#tab-report")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    let doc = wait_get(&root, "#report-doc").await;
    assert_eq!(text(&root, "#report-doc h2"), "shipshape audit report");
    assert!(all(&root, "#report-doc table").len() >= 3, "tables render");
    assert!(
        find(&root, "#report-doc h3 code").is_some(),
        "code in headings"
    );
    assert!(
        find(&root, "#report-doc li strong").is_some(),
        "bold rule ids"
    );
    // Fix diffs in the report are coloured diffs; the file's markup stays text.
    let diffs = all(&root, "#report-doc pre.diff");
    assert!(diffs.iter().any(|d| d
        .text_content()
        .unwrap()
        .contains("+COPY <script>x</script>.txt /app/")));
    assert!(find(&root, "script").is_none(), "no script element");
    assert!(doc.text_content().unwrap().contains("DL3020"));
    // Raw shows exactly the core's Markdown, the one the CLI prints.
    click(&root, ".segmented [data-view=raw]").await;
    let raw: HtmlTextAreaElement = wait_get(&root, "#report-raw").await.dyn_into().unwrap();
    assert_eq!(raw.value(), core_report(FIXABLE));
    assert!(find(&root, "#report-doc").is_none());
    // The report follows the text.
    type_text(&root, "FROM alpine:3.20\nUSER 1000\n").await;
    let raw: HtmlTextAreaElement = get(&root, "#report-raw").dyn_into().unwrap();
    assert_eq!(raw.value(), core_report("FROM alpine:3.20\nUSER 1000\n"));
    // Arrow keys move between tabs.
    fire_key(&get(&root, "#tab-report"), "Home");
    settle().await;
    assert!(find(&root, "ul#findings").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn copy_uses_the_clipboard_and_falls_back_when_refused() {
    let root = mount().await;
    type_text(&root, FIXABLE).await;
    click(&root, "#tab-report").await;
    js("window.__copied = null;
        Object.defineProperty(navigator, 'clipboard', { configurable: true,
            value: { writeText: t => { window.__copied = t; return Promise.resolve(); } } });");
    click(&root, "#report-copy").await;
    wait_for("the clipboard write", || {
        js_string("return window.__copied").is_some()
    })
    .await;
    assert_eq!(
        js_string("return window.__copied").unwrap(),
        core_report(FIXABLE)
    );
    wait_for("the copied notice", || {
        find(&root, ".notice").is_some_and(|n| n.text_content().unwrap().contains("Copied"))
    })
    .await;
    // Refused by the clipboard API and by the copy command: the raw report is shown, selected.
    js("Object.defineProperty(navigator, 'clipboard', { configurable: true,
            value: { writeText: () => Promise.reject(new DOMException('no', 'NotAllowedError')) } });
        document.execCommand = () => false;");
    click(&root, "#report-copy").await;
    wait_for("the refusal notice", || {
        find(&root, ".notice").is_some_and(|n| n.text_content().unwrap().contains("refused"))
    })
    .await;
    let raw: HtmlTextAreaElement = wait_get(&root, "#report-raw").await.dyn_into().unwrap();
    wait_for("the raw report selected", || {
        raw.selection_start().unwrap() == Some(0)
            && raw.selection_end().unwrap() == Some(raw.value().encode_utf16().count() as u32)
            && raw.value().len() > 100
    })
    .await;
    js("delete navigator.clipboard; delete document.execCommand;");
    root.remove();
}

#[wasm_bindgen_test]
async fn download_saves_the_report_as_a_markdown_blob() {
    let root = mount().await;
    type_text(&root, FIXABLE).await;
    click(&root, "#tab-report").await;
    click(&root, "#report-download").await;
    let links = js(
        "return [...document.querySelectorAll('a[data-download]')].map(a => [a.href, a.download])",
    );
    let last = web_sys::js_sys::Array::from(&links).pop();
    let pair = web_sys::js_sys::Array::from(&last);
    let href = pair.get(0).as_string().expect("a download link");
    assert!(href.starts_with("blob:"), "{href}");
    assert_eq!(
        pair.get(1).as_string().as_deref(),
        Some("shipshape-report.md")
    );
    js(&format!(
        "window.__dl = null; fetch('{href}').then(r => r.blob())
           .then(b => b.text().then(t => window.__dl = b.type + '\\n' + t), e => window.__dl = 'ERR ' + e);"
    ));
    wait_for("the blob's text", || {
        js_string("return window.__dl").is_some()
    })
    .await;
    let got = js_string("return window.__dl").unwrap();
    assert_eq!(
        got,
        format!("text/markdown;charset=utf-8\n{}", core_report(FIXABLE))
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn apply_all_safe_fixes_reviews_the_combined_diff_then_is_one_undo_step() {
    let root = mount().await;
    type_text(&root, FIXABLE).await;
    let fix_all = get(&root, "#fix-all");
    assert!(!fix_all.has_attribute("disabled"));
    assert!(
        fix_all.text_content().unwrap().ends_with('2'),
        "two safe fixes"
    );
    // Review first: the combined diff of both fixes; nothing changes yet.
    click(&root, "#fix-all").await;
    let review = text(&root, "#fix-all-review pre.diff");
    assert!(
        review.contains("-ADD <script>x</script>.txt /app/"),
        "{review}"
    );
    assert!(
        review.contains("+COPY <script>x</script>.txt /app/"),
        "{review}"
    );
    assert!(
        review.contains("+RUN pip install --no-cache-dir flask"),
        "{review}"
    );
    assert!(
        !review.contains("CMD [\"python\""),
        "unsafe fixes stay out: {review}"
    );
    assert_eq!(editor(&root).value(), FIXABLE);
    click(&root, "#fix-all-cancel").await;
    assert!(find(&root, "#fix-all-review").is_none());
    assert_eq!(editor(&root).value(), FIXABLE);
    // Apply: exactly what the core's fix_workspace gives.
    click(&root, "#fix-all").await;
    click(&root, "#fix-all-apply").await;
    let mut ws = shipshape_core::Workspace::new();
    ws.add("Dockerfile", FIXABLE);
    let fixed = shipshape_core::fix::fix_workspace(
        &ws,
        &shipshape_core::Config::default(),
        &Default::default(),
    );
    let after = fixed[0].after.clone();
    assert_eq!(editor(&root).value(), after);
    assert!(!has_rule(&root, "DL3020") && !has_rule(&root, "DL3042"));
    assert!(has_rule(&root, "DL3025"), "the unsafe one is left");
    assert!(text(&root, ".notice").contains("Applied 2 safe fixes"));
    assert!(get(&root, "#fix-all").has_attribute("disabled"));
    // One undo step, by keyboard: Ctrl+Z outside text fields, Ctrl+Shift+Z / Ctrl+Y to redo.
    fire_ctrl_key(&get(&root, "#tab-findings"), "z", false);
    settle().await;
    assert_eq!(editor(&root).value(), FIXABLE);
    fire_ctrl_key(&get(&root, "#tab-findings"), "Z", true);
    settle().await;
    assert_eq!(editor(&root).value(), after);
    click(&root, "#undo").await;
    fire_ctrl_key(&get(&root, "#tab-findings"), "y", false);
    settle().await;
    assert_eq!(editor(&root).value(), after);
    // In the editor Ctrl+Z is the textarea's own undo of typing: the workspace is left alone.
    fire_ctrl_key(&editor(&root).into(), "z", false);
    settle().await;
    assert_eq!(editor(&root).value(), after);
    root.remove();
}

#[wasm_bindgen_test]
async fn changes_tab_diffs_each_file_against_what_was_pasted() {
    let root = mount().await;
    assert!(find(&root, "#changes-count").is_none());
    paste_over_all(&root, FIXABLE).await;
    click(&root, "#tab-changes").await;
    assert!(
        find(&root, "#no-changes").is_some(),
        "the paste is the original"
    );
    click(&root, "#tab-findings").await;
    click(&root, "li.finding[data-rule=DL3020] .finding-btn").await;
    click(&root, "li.finding.selected button.apply").await;
    assert_eq!(text(&root, "#changes-count"), "1");
    click(&root, "#tab-changes").await;
    let change = wait_get(&root, "#changes .change[data-path=Dockerfile]").await;
    let diff = text(&root, "#changes pre.diff");
    assert!(
        diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,5 +1,5 @@\n"),
        "{diff}"
    );
    assert!(
        diff.contains("-ADD <script>x</script>.txt /app/\n+COPY <script>x</script>.txt /app/\n")
    );
    assert!(
        !diff.contains("ubuntu"),
        "the starter text is not the original: {diff}"
    );
    assert_eq!(text(&root, ".change .stat"), "+1−1");
    // Side by side: old on the left, new on the right, with line numbers; the unified diff
    // stays in the page for narrow screens.
    click(&root, "#panel-changes [data-layout=sbs]").await;
    let del = all(&change, "table.sbs td.d-del");
    let add = all(&change, "table.sbs td.d-add");
    assert_eq!(del.len(), 1);
    assert_eq!(
        del[0].text_content().unwrap(),
        "ADD <script>x</script>.txt /app/"
    );
    assert_eq!(
        add[0].text_content().unwrap(),
        "COPY <script>x</script>.txt /app/"
    );
    let row = del[0].parent_element().unwrap();
    let nums: Vec<String> = all(&row, "td.sbs-ln")
        .iter()
        .map(|c| c.text_content().unwrap())
        .collect();
    assert_eq!(nums, ["2", "2"]);
    assert!(find(&change, "pre.diff.diff-uni").is_some());
    assert!(
        find(&root, "section.problems.wide").is_some(),
        "the panel widens"
    );
    // The fix's own diff follows the layout too.
    click(&root, "#tab-findings").await;
    click(&root, "li.finding[data-rule=DL3042] .finding-btn").await;
    assert!(find(&root, "li.finding.selected .fix table.sbs").is_some());
    click(&root, "li.finding.selected [data-layout=unified]").await;
    assert!(find(&root, "li.finding.selected .fix table.sbs").is_none());
    // Undo of the fix empties the Changes view again.
    click(&root, "#undo").await;
    assert!(find(&root, "#changes-count").is_none());
    root.remove();
}
