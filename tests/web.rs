//! Browser tests of the playground: mount the real App in headless Chromium, type, read the findings.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use shipshape_web::app::{App, SAMPLE};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement, InputEvent, InputEventInit};
use yew::platform::time::sleep;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh App into its own div; tests query inside it, so earlier mounts don't interfere.
async fn mount() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    sleep(Duration::from_millis(20)).await;
    root
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    root.query_selector("textarea#editor")
        .unwrap()
        .expect("no #editor")
        .dyn_into()
        .unwrap()
}

/// Sets the editor text the way a user's typing does: value, then an input event. Yew delegates
/// events to the root, so the event must bubble or the app never sees it.
async fn type_text(root: &Element, text: &str) {
    let area = editor(root);
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    sleep(Duration::from_millis(50)).await;
}

fn rules(root: &Element) -> Vec<String> {
    let items = root.query_selector_all("ul#findings li.finding").unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-rule"))
        .collect()
}

#[wasm_bindgen_test]
async fn starts_with_the_sample_and_its_findings() {
    let root = mount().await;
    assert_eq!(editor(&root).value(), SAMPLE);
    let found = rules(&root);
    assert!(
        found.iter().any(|r| r == "DL3007"),
        "sample findings: {found:?}"
    );
    let first = root.query_selector("li.finding").unwrap().unwrap();
    let text = first.text_content().unwrap_or_default();
    assert!(
        first.class_name().contains("sev-"),
        "no severity class on {text:?}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn latest_tag_is_flagged_as_you_type() {
    let root = mount().await;
    type_text(&root, "FROM alpine:3.20\n").await;
    assert!(!rules(&root).iter().any(|r| r == "DL3007"));
    type_text(&root, "FROM ubuntu:latest\n").await;
    let found = rules(&root);
    assert!(found.iter().any(|r| r == "DL3007"), "findings: {found:?}");
    let item = root
        .query_selector("li.finding[data-rule=DL3007]")
        .unwrap()
        .unwrap();
    let text = item.text_content().unwrap_or_default();
    assert!(
        text.starts_with("1:"),
        "finding should point at line 1: {text:?}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn clean_dockerfile_has_no_dl3007() {
    let root = mount().await;
    type_text(&root, "FROM alpine:3.20\nUSER 1000\nCMD [\"sh\"]\n").await;
    let found = rules(&root);
    assert!(!found.iter().any(|r| r == "DL3007"), "findings: {found:?}");
    let count = root
        .query_selector("#count")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        count,
        found.len().to_string(),
        "count badge matches the list"
    );
    root.remove();
}
