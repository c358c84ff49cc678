//! Browser tests of share links, autosave and workspace files: the real App in headless Chromium,
//! with its storage under a per-test prefix and links put in the page's own address.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use shipshape_core::share::{self, Selection, Shared};
use shipshape_core::Workspace;
use shipshape_web::app::{read_workspace_file, workspace_file, App, AppProps};
use shipshape_web::examples::START;
use shipshape_web::model::{self, Session};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, InputEvent, InputEventInit,
};
use yew::platform::time::sleep;

wasm_bindgen_test_configure!(run_in_browser);

const OWN: &str = "FROM debian:12\nRUN echo my own work\n";
const LINKED: &str = "FROM python:latest\nWORKDIR /app\nADD requirements.txt .\nRUN pip install -r requirements.txt\nCMD python app.py\n";

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Clear every key under `prefix` (tests share one page and its storage).
fn clear(prefix: &str) {
    let s = storage();
    let keys: Vec<String> = (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(&format!("{prefix}.")))
        .collect();
    for k in keys {
        s.remove_item(&k).unwrap();
    }
}

fn stored(prefix: &str, key: &str) -> Option<String> {
    storage().get_item(&format!("{prefix}.{key}")).unwrap()
}

/// Put a fragment in the page's address without a navigation (and without `hashchange`).
fn set_fragment(frag: Option<&str>) {
    let href = window().location().href().unwrap();
    let base = href.split('#').next().unwrap().to_string();
    let url = match frag {
        Some(f) => format!("{base}#{f}"),
        None => base,
    };
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

fn fragment() -> String {
    window().location().hash().unwrap()
}

/// A mounted App. Tests must `close` it: a live App keeps listening to `hashchange` and saving.
struct Mounted {
    root: Element,
    handle: yew::AppHandle<App>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Mounted {
    fn close(self) {
        self.handle.destroy();
        self.root.remove();
    }
}

async fn mount(prefix: Option<&str>) -> Mounted {
    let doc = window().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        storage: prefix.map(|p| p.to_string().into()),
        lint_worker: false,
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Mounted { root, handle }
}

async fn settle() {
    sleep(Duration::from_millis(5)).await;
    yew::scheduler::flush().await;
}

async fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if cond() {
            return;
        }
        sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn get(root: &Element, sel: &str) -> Element {
    find(root, sel).unwrap_or_else(|| panic!("no element matches {sel}"))
}

fn text(root: &Element, sel: &str) -> String {
    get(root, sel).text_content().unwrap_or_default()
}

async fn click(root: &Element, sel: &str) {
    wait_for(sel, || find(root, sel).is_some()).await;
    get(root, sel).dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    get(root, "textarea#editor").dyn_into().unwrap()
}

async fn type_text(root: &Element, text: &str) {
    let area = editor(root);
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

fn file_names(root: &Element) -> Vec<String> {
    let list = root
        .query_selector_all("#files li.file .file-name")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

fn selected_line(area: &HtmlTextAreaElement) -> usize {
    let units: Vec<u16> = area.value().encode_utf16().collect();
    let s = area.selection_start().unwrap().unwrap() as usize;
    String::from_utf16_lossy(&units[..s]).matches('\n').count() + 1
}

/// A link to `files`, selecting the first `rule` finding, with the position computed by the same
/// linter the page runs.
fn link_to(
    files: &[(&str, &str)],
    rule: Option<&str>,
    check: Option<&str>,
) -> (String, Option<Selection>) {
    let mut session = Session::new(files);
    session.check = check.map(str::to_string);
    let report = session.lint();
    let items = model::items(&report, session.docs());
    let selection = rule.map(|r| {
        let item = items
            .iter()
            .find(|i| i.rule() == Some(r))
            .unwrap_or_else(|| panic!("{r} is reported"));
        shipshape_web::persist::selection_of(item)
    });
    let mut ws = Workspace::new();
    for (p, t) in files {
        ws.add(*p, *t);
    }
    let frag = share::encode(&Shared {
        workspace: ws,
        check: check.map(str::to_string),
        selection: selection.clone(),
    });
    (frag, selection)
}

#[wasm_bindgen_test]
async fn a_link_opens_with_its_files_and_finding_selected() {
    clear("t-open");
    set_fragment(None);
    let compose = "services:\n  web:\n    build: .\n";
    let (frag, sel) = link_to(
        &[("compose.yaml", compose), ("Dockerfile", LINKED)],
        Some("DL3020"),
        None,
    );
    let sel = sel.unwrap();
    set_fragment(Some(&frag));
    let root = mount(Some("t-open")).await;
    assert_eq!(file_names(&root), ["compose.yaml", "Dockerfile"]);
    // The finding's file is in the editor, the finding is selected and its span is selected.
    assert_eq!(editor(&root).value(), LINKED);
    wait_for("the linked finding selected", || {
        find(&root, "li.finding.selected[data-rule=DL3020]").is_some()
    })
    .await;
    wait_for("the editor on its line", || {
        selected_line(&editor(&root)) == sel.line
    })
    .await;
    assert!(text(&root, "#share-banner").contains("Opened a shared workspace"));
    // Nothing of the user's was there to keep (a fresh browser).
    assert!(find(&root, "#restore-previous").is_none());
    assert!(find(&root, "#banner-restore").is_none());
    // The opened workspace is saved, and the address still holds the link while it matches.
    let saved = share::decode(&stored("t-open", "workspace").unwrap()).unwrap();
    assert_eq!(saved.workspace.get("Dockerfile").unwrap().text, LINKED);
    assert_eq!(saved.selection.as_ref(), Some(&sel));
    assert_eq!(fragment(), format!("#{frag}"));
    // The first edit drops the fragment: the address no longer claims to show this workspace.
    type_text(&root, &format!("{LINKED}EXPOSE 80\n")).await;
    wait_for("the fragment to go", || fragment().is_empty()).await;
    root.close();
    set_fragment(None);
}

#[wasm_bindgen_test]
async fn own_work_is_kept_when_a_link_opens_and_comes_back_in_one_click() {
    clear("t-keep");
    set_fragment(None);
    let root = mount(Some("t-keep")).await;
    assert_eq!(editor(&root).value(), START[0].1);
    type_text(&root, OWN).await;
    let saved = share::decode(&stored("t-keep", "workspace").unwrap()).unwrap();
    assert_eq!(saved.workspace.get("Dockerfile").unwrap().text, OWN);
    root.close();

    // A link opened in this browser (a reload with a fragment): own work is kept aside.
    let (frag, _) = link_to(&[("Dockerfile", LINKED)], Some("DL3020"), None);
    set_fragment(Some(&frag));
    let root = mount(Some("t-keep")).await;
    assert_eq!(editor(&root).value(), LINKED);
    assert!(text(&root, "#share-banner").contains("Your previous workspace is kept"));
    let previous = share::decode(&stored("t-keep", "previous").unwrap()).unwrap();
    assert_eq!(previous.workspace.get("Dockerfile").unwrap().text, OWN);
    // One click brings it back; the link's workspace was untouched, so nothing else is kept.
    click(&root, "#banner-restore").await;
    assert_eq!(editor(&root).value(), OWN);
    assert!(stored("t-keep", "previous").is_none());
    assert!(find(&root, "#restore-previous").is_none());
    // ... and the link is one Undo away in this tab.
    click(&root, "#undo").await;
    assert_eq!(editor(&root).value(), LINKED);
    root.close();
    set_fragment(None);
}

#[wasm_bindgen_test]
async fn a_link_pasted_into_the_address_bar_of_an_open_tab_opens_too() {
    clear("t-hash");
    set_fragment(None);
    let root = mount(Some("t-hash")).await;
    type_text(&root, OWN).await;
    let (frag, _) = link_to(
        &[("Dockerfile", LINKED)],
        None,
        Some("skip=JSONArgsRecommended"),
    );
    // A real fragment navigation: fires `hashchange`.
    window().location().set_hash(&frag).unwrap();
    wait_for("the link to open", || editor(&root).value() == LINKED).await;
    settle().await;
    // The link's check options apply: shell-form CMD (BuildKit's JSONArgsRecommended) is not reported.
    assert!(find(&root, "li.finding[data-rule=DL3025]").is_none());
    assert!(find(&root, "li.finding[data-rule=DL3020]").is_some());
    assert!(text(&root, "#share-banner").contains("skip=JSONArgsRecommended"));
    // Own work: the top bar offers it back, and keeps working after the banner is dismissed.
    click(&root, "#share-banner button.dismiss").await;
    click(&root, "#restore-previous").await;
    assert_eq!(editor(&root).value(), OWN);
    // Own work had no check options; the link's are gone with it.
    type_text(&root, LINKED).await;
    assert!(find(&root, "li.finding[data-rule=DL3025]").is_some());
    root.close();
    set_fragment(None);
}

#[wasm_bindgen_test]
async fn a_reload_restores_the_autosaved_workspace_file_and_finding() {
    clear("t-reload");
    set_fragment(None);
    let root = mount(Some("t-reload")).await;
    click(&root, "#new-file").await;
    // The new file is being renamed; name it and fill it.
    wait_for("the rename box", || find(&root, "input.rename").is_some()).await;
    let input: HtmlInputElement = get(&root, "input.rename").dyn_into().unwrap();
    input.set_value("api/Dockerfile");
    let init = InputEventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
    let form_enter = web_sys::KeyboardEventInit::new();
    form_enter.set_bubbles(true);
    form_enter.set_key("Enter");
    input
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &form_enter)
                .unwrap(),
        )
        .unwrap();
    settle().await;
    assert_eq!(file_names(&root), ["Dockerfile", "api/Dockerfile"]);
    type_text(&root, LINKED).await;
    click(
        &root,
        "li.finding[data-rule=DL3020][data-file='api/Dockerfile'] .finding-btn",
    )
    .await;
    let before: Vec<String> = rules(&root);
    root.close();

    let root = mount(Some("t-reload")).await;
    assert_eq!(file_names(&root), ["Dockerfile", "api/Dockerfile"]);
    assert_eq!(
        editor(&root).value(),
        LINKED,
        "the same file is in the editor"
    );
    assert_eq!(rules(&root), before);
    wait_for("the same finding selected", || {
        find(
            &root,
            "li.finding.selected[data-rule=DL3020][data-file='api/Dockerfile']",
        )
        .is_some()
    })
    .await;
    assert!(
        find(&root, "#share-banner").is_none(),
        "a plain reload says nothing"
    );
    root.close();
}

fn rules(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("ul#findings li.finding").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-rule"))
        .collect()
}

fn ws(files: &[(String, String)]) -> Workspace {
    let mut w = Workspace::new();
    for (p, t) in files {
        w.add(p.as_str(), t.as_str());
    }
    w
}

#[wasm_bindgen_test]
async fn damaged_or_hostile_links_change_nothing() {
    let (good, _) = link_to(&[("Dockerfile", LINKED)], None, None);
    let raw = |bytes: Vec<u8>| {
        use std::fmt::Write;
        // base64url by hand (the test crate has no base64 dependency).
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for c in bytes.chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..=c.len() {
                let _ = write!(out, "{}", A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    };
    let mut future = vec![9u8];
    future.extend((1..40).map(|b: u8| b.wrapping_mul(37)));
    let cases: Vec<(String, &str)> = vec![
        (good[..good.len() / 2].to_string(), "damaged"),
        (format!("{}!{}", &good[..20], &good[20..]), "not base64url"),
        (raw(future), "version 9"),
        (format!("AQ{}", "z".repeat(30)), "damaged"),
        (share::encode(&Shared::default()), "no workspace"),
        // A zip bomb: 2 MiB of spaces packs into a few KiB.
        (
            share::encode(&Shared {
                workspace: ws(&[("Dockerfile".into(), " ".repeat(2 << 20))]),
                ..Shared::default()
            }),
            "more than 1024 KiB",
        ),
        (
            share::encode(&Shared {
                workspace: ws(&(0..65)
                    .map(|i| (format!("d{i}/Dockerfile"), "FROM alpine\n".to_string()))
                    .collect::<Vec<_>>()),
                ..Shared::default()
            }),
            "at most 64",
        ),
    ];
    for (i, (frag, why)) in cases.iter().enumerate() {
        let prefix = format!("t-bad{i}");
        clear(&prefix);
        set_fragment(None);
        let root = mount(Some(&prefix)).await;
        type_text(&root, OWN).await;
        let saved = stored(&prefix, "workspace");
        root.close();

        set_fragment(Some(frag));
        let root = mount(Some(&prefix)).await;
        assert_eq!(editor(&root).value(), OWN, "case {i}");
        let banner = find(&root, "#share-banner").unwrap_or_else(|| panic!("case {i}: no message"));
        assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
        let msg = banner.text_content().unwrap();
        assert!(
            msg.contains("could not be opened") && msg.contains(why) && msg.contains("not changed"),
            "case {i}: {msg}"
        );
        assert_eq!(stored(&prefix, "workspace"), saved, "case {i}");
        assert!(stored(&prefix, "previous").is_none());
        root.close();
    }
    set_fragment(None);
}

#[wasm_bindgen_test]
async fn markup_in_linked_names_and_text_stays_text() {
    clear("t-xss");
    set_fragment(None);
    let name = "<img src=x onerror=\"window.__pwned=1\">.Dockerfile";
    let body = "FROM alpine\n# <script>window.__pwned=1</script>\nLABEL x=\"<b>bold</b>\"\n";
    let (frag, _) = link_to(&[(name, body)], None, None);
    set_fragment(Some(&frag));
    let root = mount(Some("t-xss")).await;
    settle().await;
    assert_eq!(file_names(&root), [name]);
    assert_eq!(editor(&root).value(), body);
    assert!(find(&root, "img[src=x]").is_none());
    assert!(find(&root, "script").is_none());
    assert!(find(&root, "b").is_none());
    assert!(
        text(&root, "#share-banner").contains(name),
        "the banner names it as text"
    );
    let pwned = web_sys::js_sys::Reflect::get(&window(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    root.close();
    set_fragment(None);
}

#[wasm_bindgen_test]
async fn the_share_menu_gives_a_link_that_opens_the_same_view() {
    set_fragment(None);
    let root = mount(None).await;
    type_text(&root, LINKED).await;
    click(&root, "li.finding[data-rule=DL3020] .finding-btn").await;
    click(&root, "#share > summary").await;
    wait_for("the link", || find(&root, "#share-link").is_some()).await;
    let link: HtmlInputElement = get(&root, "#share-link").dyn_into().unwrap();
    let url = link.value();
    let base = window().location().href().unwrap();
    assert!(url.starts_with(base.split('#').next().unwrap()), "{url}");
    let shared = share::decode(url.split('#').nth(1).unwrap()).unwrap();
    assert_eq!(shared.workspace.files()[0].text, LINKED);
    assert_eq!(
        shared.selection.as_ref().map(|s| s.rule.as_str()),
        Some("DL3020")
    );
    assert!(text(&root, "#share-size").contains(&format!("{} characters", url.len())));
    assert!(find(&root, "#share-warning").is_none());
    // Without a store the page leaves the address alone.
    assert!(fragment().is_empty());
    // Untick the finding: the link carries the files only.
    click(&root, "#share-selection").await;
    let url = get(&root, "#share-link")
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value();
    assert!(share::decode(url.split('#').nth(1).unwrap())
        .unwrap()
        .selection
        .is_none());

    // An incompressible workspace makes a long link: the menu says so and points at Download.
    let mut noise = String::from("FROM alpine\n");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..900 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push_str(&format!("LABEL k{x:x}=v\n"));
    }
    type_text(&root, &noise).await;
    let warning = text(&root, "#share-warning");
    assert!(warning.contains("Download"), "{warning}");
    let url = get(&root, "#share-link")
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value();
    assert!(
        url.len() > shipshape_web::persist::PRACTICAL_LINK,
        "{}",
        url.len()
    );
    assert!(find(&root, "#download-workspace").is_some());
    root.close();
}

#[wasm_bindgen_test]
async fn workspace_files_round_trip_and_bad_ones_are_refused() {
    let mut session = Session::new(&[
        ("Dockerfile", LINKED),
        ("deploy/compose.yaml", "services:\n  web:\n    build: ..\n"),
        ("<b>.dockerignore", "*\n\"quoted\"\n\u{1F433}\n"),
    ]);
    session.check = Some("skip=DL3007".into());
    let json = workspace_file(&session);
    assert!(
        json.contains("\"format\": \"shipshape-workspace\""),
        "{json}"
    );
    let back = read_workspace_file(&json).unwrap();
    let files: Vec<(&str, &str)> = back
        .workspace
        .files()
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = session
        .docs()
        .iter()
        .map(|d| (d.path.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(files, want);
    assert_eq!(back.check.as_deref(), Some("skip=DL3007"));
    // A file holding a share link opens too.
    let (frag, _) = link_to(&[("Dockerfile", OWN)], None, None);
    let from_link = read_workspace_file(&format!("https://x.example/play/#{frag}\n")).unwrap();
    assert_eq!(from_link.workspace.files()[0].text, OWN);
    for (bad, why) in [
        ("{", "not valid JSON"),
        ("{\"format\":\"other\"}", "not a shipshape workspace"),
        ("{\"format\":\"shipshape-workspace\",\"version\":2,\"files\":[]}", "version 2"),
        ("{\"format\":\"shipshape-workspace\",\"version\":1}", "no list of files"),
        ("{\"format\":\"shipshape-workspace\",\"version\":1,\"files\":[{\"path\":\"a\"}]}", "no text"),
        ("{\"format\":\"shipshape-workspace\",\"version\":1,\"files\":[{\"path\":\"../a\",\"text\":\"\"}]}", "unusable"),
        ("{\"format\":\"shipshape-workspace\",\"version\":1,\"files\":[]}", "no files"),
        ("hello", "neither"),
    ] {
        let err = read_workspace_file(bad).unwrap_err();
        assert!(err.contains(why), "{bad}: {err}");
    }
}
