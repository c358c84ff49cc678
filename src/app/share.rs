//! Share links, autosave and workspace files: the page side of `shipshape_core::share`.
//!
//! - A link carries the files, the check options and the selected finding in its fragment (after
//!   `#`, which browsers never send to a server). Opening one (on load, or pasted into the address
//!   bar of an open tab) replaces the workspace as an undoable action; the user's own work is kept as
//!   "your previous workspace" in localStorage, one click back, even after a reload.
//! - Autosave: after every change the workspace (as a share fragment, so the same bounded decoder
//!   reads it back) goes to localStorage, and a reload restores it.
//! - A workspace too large for a practical link is offered as a download (JSON, `persist`) that the
//!   page opens again.
//!
//! The address bar shows a link only while it still matches the workspace: the first edit after
//! opening (or sharing) one drops the fragment, so a reload restores the edits, not the link.

use super::dom;
use super::state::{persist_selection, Action, Reveal, State, StateRef};
use super::storage::{self, keys, Store};
use super::{icon, icons};
use crate::model::Session;
use crate::persist::{self, LinkFit};
use shipshape_core::share::{self, Selection, Shared};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Reflect};
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Where the App keeps its state between visits.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// Autosave to localStorage under this key prefix, and open share links from the address bar.
    /// `None` (the default, used by the browser tests) leaves storage and the location alone.
    #[prop_or_default]
    pub storage: Option<AttrValue>,
    /// Lint in a Web Worker (`worker.js` next to the page). Off (the default, used by the browser
    /// tests, whose pages have no worker.js) lints inline.
    #[prop_or_default]
    pub lint_worker: bool,
}

impl AppProps {
    /// The real page (src/main.rs).
    pub fn page() -> Self {
        AppProps {
            storage: Some("shipshape".into()),
            lint_worker: true,
        }
    }
}

pub enum ShareAction {
    /// The location's fragment changed (a link pasted into the address bar of this tab).
    HashChanged,
    /// The Share menu opened or closed.
    Toggled(bool),
    WithSelection(bool),
    /// Copy link was pressed: the address bar shows the link too.
    Copying,
    Copied(Result<(), String>),
    /// The workspace download started (or did not).
    Downloaded(Result<(), String>),
    RestorePrevious,
    ClearCheck,
    Dismiss,
}

#[derive(Clone, Copy, PartialEq)]
enum BannerAction {
    RestorePrevious,
}

#[derive(Clone, PartialEq)]
pub struct Banner {
    text: String,
    error: bool,
    action: Option<BannerAction>,
}

/// What a saved or shared fragment depends on; the workspace's `rev` moves on every change.
#[derive(Clone, PartialEq)]
struct EncodeKey {
    rev: u64,
    selection: Option<Selection>,
    check: Option<String>,
}

struct Encoded {
    key: EncodeKey,
    fragment: String,
    /// Filled on first use (it runs the decoder over the fragment).
    fit: Option<LinkFit>,
}

#[derive(Clone, PartialEq)]
struct SaveKey {
    rev: u64,
    selection: Option<Selection>,
    active: String,
    check: Option<String>,
}

/// What the banner adds when a link's selected finding is not among the findings here.
fn not_reported(s: &Selection) -> String {
    let rule = if s.rule.is_empty() {
        "a parse error"
    } else {
        &s.rule
    };
    format!(
        " The finding it points at ({rule} at {}:{}) is not reported here.",
        crate::model::bidi_isolate(&s.file),
        s.line
    )
}

#[derive(Clone, Default)]
pub struct ShareState {
    pub store: Option<Store>,
    banner: Option<Banner>,
    pub open: bool,
    /// Whether the link selects the current finding (on unless unticked).
    without_selection: bool,
    has_previous: bool,
    /// The fingerprint of the workspace the address bar's fragment holds, while it holds one.
    url_ws: Option<String>,
    last_saved: Option<String>,
    saved_key: Option<SaveKey>,
    save_failed: bool,
    /// A link's (or the autosave's) selected finding, for the session revision whose lint is
    /// still in the worker.
    pending_selection: Option<(u64, Selection)>,
    /// Autosave is paused because the workspace is over what a link can hold (said once).
    too_big_to_save: bool,
    /// [without selection, with selection]; shared by the state's clones.
    cache: Rc<[RefCell<Option<Encoded>>; 2]>,
}

impl Banner {
    fn info(text: String) -> Self {
        Banner {
            text,
            error: false,
            action: None,
        }
    }
    fn error(text: String) -> Self {
        Banner {
            text,
            error: true,
            action: None,
        }
    }
}

pub(super) mod paths {
    pub const SHARE: &str = "M6 8.5l4-2.5M6 7.5l4 2.5M4.5 9.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM11.5 6a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM11.5 13a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z";
    pub const DOWNLOAD: &str = "M8 2.5v8M4.5 7L8 10.5 11.5 7M3 13.5h10";
    pub const OPEN: &str = "M8 10.5v-8M4.5 6L8 2.5 11.5 6M3 13.5h10";
    pub const HISTORY: &str = "M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.6h2.6M8 5v3.2l2 1.3";
}

fn describe_js(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}

impl State {
    /// On mount: restore the autosave and the settings, then open a link in the address bar
    /// (keeping own work).
    pub(super) fn share_init(&mut self, prefix: &str) {
        self.share.store = Store::open(prefix);
        self.load_settings();
        let mut restored = false;
        if let Some(store) = self.share.store.clone() {
            if let Some(raw) = store.get(keys::WORKSPACE) {
                match persist::open_fragment(&raw) {
                    Ok(saved) => {
                        self.load_fresh(&saved, store.get(keys::ACTIVE));
                        self.share.last_saved = Some(raw);
                        restored = true;
                    }
                    Err(e) => {
                        self.share.banner = Some(Banner::error(format!(
                            "The workspace saved in this browser could not be read ({e}); starting from the example."
                        )));
                    }
                }
            }
            if !restored {
                // The starting example is nobody's work: a link may replace it without keeping it.
                let _ = store.set(keys::PRISTINE, &persist::session_fingerprint(&self.session));
            }
            self.share.has_previous = store.get(keys::PREVIOUS).is_some();
        } else {
            self.share.banner = Some(Banner::error(
                "This browser does not let the page store data: your workspace is not kept across reloads. Download it to keep it."
                    .into(),
            ));
        }
        let frag = storage::location_fragment();
        if persist::looks_like_link(&frag) {
            self.open_link(&frag);
        }
    }

    /// Replace the session outright (on mount, nothing to undo yet).
    fn load_fresh(&mut self, shared: &Shared, active: Option<String>) {
        self.session = Session::new(&persist::pairs(&shared.workspace));
        self.session.check = shared.check.clone();
        self.forget_encodings();
        if let Some(id) = active.and_then(|a| self.session.by_path(&a).map(|d| d.id)) {
            self.session.set_active(id);
        }
        self.selected = None;
        self.relint();
        self.select_shared(shared.selection.as_ref());
    }

    fn forget_encodings(&mut self) {
        self.share.cache = Rc::default();
        self.share.saved_key = None;
    }

    /// Select (and scroll to) what a link points at; false when it is not reported here.
    fn select_shared(&mut self, sel: Option<&Selection>) -> bool {
        let Some(sel) = sel else { return true };
        if !self.fresh() && self.worker {
            // The lint worker has not answered yet: select it when it does (`selection_linted`).
            self.share.pending_selection = Some((self.session.rev, sel.clone()));
            return true;
        }
        let key = {
            let items = self.items();
            persist::find_selection(&items, sel).map(|i| items[i].key())
        };
        let Some(key) = key else { return false };
        if let Some(id) = self.session.by_path(&key.file).map(|d| d.id) {
            self.session.set_active(id);
        }
        self.selected = Some(key);
        self.reveal(Reveal::Selected);
        true
    }

    /// A lint arrived: select the finding a link or the autosave pointed at, if it waited for it.
    pub(super) fn selection_linted(&mut self) {
        let Some((rev, sel)) = self.share.pending_selection.take() else {
            return;
        };
        if rev != self.session.rev || self.select_shared(Some(&sel)) {
            return;
        }
        if let Some(b) = &mut self.share.banner {
            b.text.push_str(&not_reported(&sel));
        }
    }

    fn open_link(&mut self, frag: &str) {
        match persist::open_fragment(frag) {
            Ok(shared) => {
                let fp = persist::shared_fingerprint(&shared);
                self.open_shared(&shared, "Open a shared link", "a shared workspace", true);
                self.share.url_ws = Some(fp);
            }
            Err(e) => {
                self.share.banner = Some(Banner::error(format!(
                    "This link could not be opened: {e}. Your workspace was not changed."
                )));
            }
        }
    }

    /// Put a link's (or file's) workspace in the editor as an undoable action, keeping own work.
    /// `quiet_if_same`: when the workspace already is this one (a reload of an opened link), only
    /// select its finding.
    pub(super) fn open_shared(
        &mut self,
        shared: &Shared,
        label: &str,
        what: &str,
        quiet_if_same: bool,
    ) {
        let mut kept = Ok(false);
        let same = persist::same_workspace(&self.session, shared);
        if !same {
            kept = self.stash_own_work();
            self.session
                .replace_all(&persist::pairs(&shared.workspace), label);
            self.session.check = shared.check.clone();
            self.renaming = None;
            self.selected = None;
            self.relint();
        }
        if let Some(store) = &self.share.store {
            let _ = store.set(keys::PRISTINE, &persist::shared_fingerprint(shared));
        }
        let found = self.select_shared(shared.selection.as_ref());
        if same && quiet_if_same && found {
            return;
        }
        let mut text = format!("Opened {what}: {}.", persist::describe(self.session.docs()));
        if let Some(c) = &shared.check {
            text.push_str(&format!(" It sets the check options “{c}”."));
        }
        if let (false, Some(s)) = (found, &shared.selection) {
            text.push_str(&not_reported(s));
        }
        let mut action = None;
        match kept {
            Ok(true) => {
                text.push_str(" Your previous workspace is kept.");
                action = Some(BannerAction::RestorePrevious);
            }
            Ok(false) => {}
            Err(e) => text.push_str(&format!(
                " Your previous workspace could not be kept in this browser ({e}); it is one Undo away in this tab."
            )),
        }
        self.share.banner = Some(Banner {
            text,
            error: false,
            action,
        });
    }

    /// Before the workspace is replaced: keep it as "your previous workspace" if it is the user's
    /// own work (not exactly what a link, an example or the start put there). Ok(true) when kept.
    pub(super) fn stash_own_work(&mut self) -> Result<bool, String> {
        let Some(store) = self.share.store.clone() else {
            return Ok(false);
        };
        if self.session.total_len() > share::MAX_DECOMPRESSED {
            return Err(format!(
                "the workspace is over {} KiB, more than this browser's copy can hold",
                share::MAX_DECOMPRESSED >> 10
            ));
        }
        let fp = persist::session_fingerprint(&self.session);
        if !persist::is_own_work(&fp, store.get(keys::PRISTINE).as_deref()) {
            return Ok(false);
        }
        let value = share::encode(&persist::shared_of(&self.session, None));
        store.set(keys::PREVIOUS, &value)?;
        self.share.has_previous = true;
        Ok(true)
    }

    /// The workspace now is nobody's work yet (an example was just loaded).
    pub(super) fn mark_pristine(&mut self) {
        if let Some(store) = &self.share.store {
            let _ = store.set(keys::PRISTINE, &persist::session_fingerprint(&self.session));
        }
    }

    /// The fragment for the session now, with or without the selected finding (cached per change).
    fn encoded(&self, with_selection: bool) -> std::cell::RefMut<'_, Encoded> {
        let selection = if with_selection {
            persist_selection(self)
        } else {
            None
        };
        let key = EncodeKey {
            rev: self.session.rev,
            selection,
            check: self.session.check.clone(),
        };
        let mut slot = self.share.cache[usize::from(with_selection)].borrow_mut();
        if slot.as_ref().map(|e| &e.key) != Some(&key) {
            let total = self.session.total_len();
            *slot = Some(if total > share::MAX_DECOMPRESSED {
                // No link could open it again: say so without packing megabytes on the main thread.
                Encoded {
                    key,
                    fragment: String::new(),
                    fit: Some(LinkFit::Refused(format!(
                        "the workspace is {}, and links hold at most {} KiB",
                        crate::worker::size_label(total),
                        share::MAX_DECOMPRESSED >> 10
                    ))),
                }
            } else {
                Encoded {
                    fragment: share::encode(&persist::shared_of(
                        &self.session,
                        key.selection.clone(),
                    )),
                    key,
                    fit: None,
                }
            });
        }
        std::cell::RefMut::map(slot, |s| s.as_mut().expect("just filled"))
    }

    /// The share link and how practical it is.
    pub(super) fn share_link(&self) -> (String, LinkFit) {
        let mut enc = self.encoded(!self.share.without_selection);
        let link = format!("{}#{}", storage::base_url(), enc.fragment);
        if enc.fit.is_none() {
            enc.fit = Some(persist::link_fit(&link, &enc.fragment));
        }
        let fit = enc.fit.clone().unwrap_or(LinkFit::Fine);
        (link, fit)
    }

    /// After every change: autosave, and drop a fragment that no longer matches the workspace.
    pub(super) fn autosave(&mut self) {
        let failed = self.lint_failed.as_ref().map(|f| f.rev) == Some(self.session.rev);
        if !self.fresh() && !failed {
            // Saved once the lint catches up (a large workspace waits for a pause in typing).
            return;
        }
        if self.session.total_len() > share::MAX_DECOMPRESSED {
            // A link or the autosave could not hold it (and packing it would stall the page).
            if !self.share.too_big_to_save {
                self.share.too_big_to_save = true;
                self.share.banner = Some(Banner::error(format!(
                    "Autosave is paused: the workspace is over {} KiB, more than this browser's copy can hold. Download the workspace to keep it.",
                    share::MAX_DECOMPRESSED >> 10
                )));
            }
            return;
        }
        self.share.too_big_to_save = false;
        let key = SaveKey {
            rev: self.session.rev,
            selection: persist_selection(self),
            active: self.session.active().path.clone(),
            check: self.session.check.clone(),
        };
        if self.share.saved_key.as_ref() == Some(&key) {
            return;
        }
        let rev_changed = self
            .share
            .saved_key
            .as_ref()
            .is_none_or(|k| k.rev != key.rev || k.check != key.check);
        self.share.saved_key = Some(key.clone());
        if rev_changed {
            if let Some(fp) = &self.share.url_ws {
                if *fp != persist::session_fingerprint(&self.session) {
                    storage::replace_url(&storage::base_url());
                    self.share.url_ws = None;
                }
            }
        }
        let Some(store) = self.share.store.clone() else {
            return;
        };
        let value = self.encoded(true).fragment.clone();
        if self.share.last_saved.as_deref() != Some(value.as_str()) {
            // Another tab may have saved different work since: keep it rather than overwrite it.
            if let Some(stored) = store.get(keys::WORKSPACE) {
                if Some(&stored) != self.share.last_saved.as_ref() && stored != value {
                    let own = persist::open_fragment(&stored).is_ok_and(|s| {
                        persist::is_own_work(
                            &persist::shared_fingerprint(&s),
                            store.get(keys::PRISTINE).as_deref(),
                        )
                    });
                    if own && store.set(keys::PREVIOUS, &stored).is_ok() {
                        self.share.has_previous = true;
                    }
                }
            }
            match store.set(keys::WORKSPACE, &value) {
                Ok(()) => {
                    self.share.last_saved = Some(value);
                    self.share.save_failed = false;
                }
                Err(e) if !self.share.save_failed => {
                    self.share.save_failed = true;
                    self.share.banner = Some(Banner::error(format!(
                        "Autosave failed: {e}. Download the workspace to keep it."
                    )));
                }
                Err(_) => {}
            }
        }
        let _ = store.set(keys::ACTIVE, &key.active);
    }

    pub(super) fn share_update(&mut self, a: ShareAction) -> bool {
        match a {
            ShareAction::HashChanged => {
                let frag = storage::location_fragment();
                if !persist::looks_like_link(&frag) {
                    return false;
                }
                self.open_link(&frag);
                self.share.open = false;
            }
            ShareAction::Toggled(open) => {
                if open == self.share.open {
                    return false;
                }
                self.share.open = open;
                if open {
                    self.show_link_in_address_bar();
                }
            }
            ShareAction::WithSelection(on) => {
                self.share.without_selection = !on;
                self.show_link_in_address_bar();
            }
            ShareAction::Copying => self.show_link_in_address_bar(),
            ShareAction::Copied(Ok(())) => {
                self.share.banner = Some(Banner::info(
                    "Link copied. It holds the files themselves: anyone who opens it sees them, and nothing was uploaded."
                        .into(),
                ));
            }
            ShareAction::Copied(Err(e)) => {
                self.share.banner = Some(Banner::error(format!(
                    "The browser did not let the page copy ({e}). The link is selected in the Share menu: press Ctrl+C (⌘C) to copy it."
                )));
            }
            ShareAction::Downloaded(Ok(())) => self.share.open = false,
            ShareAction::Downloaded(Err(e)) => {
                self.share.banner =
                    Some(Banner::error(format!("The download did not start: {e}.")));
            }
            ShareAction::RestorePrevious => self.restore_previous(),
            ShareAction::ClearCheck => {
                self.session.check = None;
                self.relint();
            }
            ShareAction::Dismiss => self.share.banner = None,
        }
        true
    }

    /// While the Share menu is open the address bar holds the link too (when it is practical).
    fn show_link_in_address_bar(&mut self) {
        if self.share.store.is_none() {
            return;
        }
        let (link, fit) = self.share_link();
        if fit == LinkFit::Fine {
            storage::replace_url(&link);
            self.share.url_ws = Some(persist::session_fingerprint(&self.session));
        }
    }

    fn restore_previous(&mut self) {
        let Some(store) = self.share.store.clone() else {
            return;
        };
        let Some(raw) = store.get(keys::PREVIOUS) else {
            self.share.has_previous = false;
            return;
        };
        let prev = match persist::open_fragment(&raw) {
            Ok(p) => p,
            Err(e) => {
                self.share.banner = Some(Banner::error(format!(
                    "Your previous workspace could not be read: {e}."
                )));
                return;
            }
        };
        if persist::same_workspace(&self.session, &prev) {
            store.remove(keys::PREVIOUS);
            self.share.has_previous = false;
            self.share.banner = Some(Banner::info(
                "Your previous workspace is the one open now.".into(),
            ));
            return;
        }
        // Swap: the workspace being replaced takes its place if it is own work.
        let kept = self.stash_own_work().unwrap_or(false);
        if !kept {
            store.remove(keys::PREVIOUS);
            self.share.has_previous = false;
        }
        self.session.replace_all(
            &persist::pairs(&prev.workspace),
            "Restore your previous workspace",
        );
        self.session.check = prev.check.clone();
        self.renaming = None;
        self.selected = None;
        self.relint();
        let mut text = format!(
            "Restored your previous workspace: {}.",
            persist::describe(self.session.docs())
        );
        if kept {
            text.push_str(" The one it replaced is now the previous workspace.");
        }
        self.share.banner = Some(Banner::info(text));
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

/// The "Previous workspace" button and the Share menu, for the top bar.
#[function_component(ShareMenu)]
pub fn share_menu(p: &ShareProps) -> Html {
    let details = use_node_ref();
    let link_input = use_node_ref();
    let file_input = use_node_ref();
    let s = &p.state;
    let d = &p.dispatch;
    let previous = html! {
        if s.share.has_previous {
            <button type="button" id="restore-previous" class="btn"
                title="Put back the workspace that a link or example replaced (what is open now is kept if you changed it)"
                onclick={d.reform(|_| Action::Share(ShareAction::RestorePrevious))}>
                { icon(paths::HISTORY) }<span class="btn-label">{ "Previous workspace" }</span>
            </button>
        }
    };
    let ontoggle = {
        let (d, details) = (d.clone(), details.clone());
        Callback::from(move |_: Event| {
            let open = details
                .cast::<web_sys::Element>()
                .is_some_and(|e| e.has_attribute("open"));
            d.emit(Action::Share(ShareAction::Toggled(open)));
        })
    };
    // Escape closes the menu and gives focus back to its button (like Examples).
    let onkeydown = {
        let details = details.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                dom::close_menu(&details);
            }
        })
    };
    let panel = if s.share.open {
        share_panel(s, d, &link_input, &file_input)
    } else {
        Html::default()
    };
    html! {
        <>
            { previous }
            <details class="menu share-menu" id="share" ref={details} open={s.share.open} {ontoggle} {onkeydown}>
                <summary class="btn">{ icon(paths::SHARE) }<span class="btn-label">{ "Share" }</span></summary>
                { panel }
            </details>
        </>
    }
}

fn share_panel(
    s: &State,
    d: &Callback<Action>,
    link_input: &NodeRef,
    file_input: &NodeRef,
) -> Html {
    let (url, fit) = s.share_link();
    let selection = persist_selection(s);
    let files = s.session.docs().len();
    let oncopy = {
        let (d, input, url) = (d.clone(), link_input.clone(), url.clone());
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Share(ShareAction::Copying));
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let _ = i.focus();
                i.select();
            }
            let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
                d.emit(Action::Share(ShareAction::Copied(Err(
                    "no clipboard".into()
                ))));
                return;
            };
            let (ok_d, err_d) = (d.clone(), d.clone());
            let ok = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                ok_d.emit(Action::Share(ShareAction::Copied(Ok(()))))
            });
            let err = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                err_d.emit(Action::Share(ShareAction::Copied(Err(describe_js(&e)))))
            });
            let _ = clipboard.write_text(&url).then2(&ok, &err);
            // One small pair per press of Copy; the promise settles once.
            ok.forget();
            err.forget();
        })
    };
    let link_row = match &fit {
        LinkFit::Refused(why) => html! {
            <p id="share-warning" class="share-warn" role="alert">
                { format!("This workspace is too large for a link ({why}). Download it instead: the page opens the file again.") }
            </p>
        },
        _ => html! {
            <>
                <div class="share-row">
                    <input id="share-link" class="share-link" type="text" readonly=true
                        aria-label="Share link" value={url.clone()} ref={link_input.clone()}
                        onfocus={Callback::from(|e: FocusEvent| {
                            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() { i.select(); }
                        })} />
                    <button type="button" id="share-copy" class="btn primary" onclick={oncopy}>{ "Copy link" }</button>
                </div>
                <p id="share-size" class="small muted">
                    { format!("{} characters · {files} file{}", url.len(), if files == 1 { "" } else { "s" }) }
                </p>
                if fit == LinkFit::Long {
                    <p id="share-warning" class="share-warn">
                        { format!("At {} characters this link is longer than chat tools, issue trackers and some browsers keep (about {}). Send the workspace as a file instead: Download it below.", url.len(), persist::PRACTICAL_LINK) }
                    </p>
                }
            </>
        },
    };
    let with_sel = html! {
        if let Some(sel) = &selection {
            <label class="share-check">
                <input type="checkbox" id="share-selection" checked={!s.share.without_selection}
                    onchange={d.reform(|e: Event| {
                        let on = e.target_dyn_into::<HtmlInputElement>().is_some_and(|i| i.checked());
                        Action::Share(ShareAction::WithSelection(on))
                    })} />
                { "Open with the selected finding: " }
                <code>{ if sel.rule.is_empty() { "parse error".to_string() } else { sel.rule.clone() } }</code>
                { " at " }<bdi>{ sel.file.clone() }</bdi>{ format!(":{}", sel.line) }
            </label>
        }
    };
    let check = html! {
        if let Some(c) = &s.session.check {
            <p class="share-check-opts small">
                { "Check options from a link: " }<code>{ c.clone() }</code>{ " " }
                <button type="button" id="clear-check" class="link-btn"
                    onclick={d.reform(|_| Action::Share(ShareAction::ClearCheck))}>{ "Clear" }</button>
            </p>
        }
    };
    let ondownload = {
        let (d, json) = (d.clone(), persist::workspace_file(&s.session));
        Callback::from(move |_: MouseEvent| {
            let r = download(&json, "shipshape-workspace.json");
            d.emit(Action::Share(ShareAction::Downloaded(r)));
        })
    };
    let onpick = {
        let input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<HtmlElement>() {
                i.click();
            }
        })
    };
    html! {
        <div class="menu-list share-panel" role="group" aria-label="Share this workspace">
            <p class="share-intro small">
                { "The link holds the files themselves, after the " }<code>{ "#" }</code>
                { ", which browsers never send to a server. Whoever opens it sees exactly this." }
            </p>
            { link_row }
            { with_sel }
            { check }
            <div class="share-row">
                <button type="button" id="download-workspace" class="btn" onclick={ondownload}>
                    { icon(paths::DOWNLOAD) }<span>{ "Download workspace" }</span>
                </button>
                <button type="button" id="open-workspace" class="btn" onclick={onpick}>
                    { icon(paths::OPEN) }<span>{ "Open file…" }</span>
                </button>
                <input type="file" id="open-workspace-input" class="sr-only" tabindex="-1" multiple=true
                    aria-label="Open files or a workspace file" ref={file_input.clone()}
                    onchange={dom::on_files_chosen(d, false)} />
            </div>
            if s.share.store.is_some() {
                <p class="small muted share-foot">
                    { "Your workspace is saved in this browser as you type and comes back on reload. A link never overwrites it: what it replaces stays under “Previous workspace”." }
                </p>
            }
        </div>
    }
}

/// The share/autosave message, floating above the panes.
#[function_component(ShareBanner)]
pub fn share_banner(p: &ShareProps) -> Html {
    let Some(b) = &p.state.share.banner else {
        return Html::default();
    };
    let d = &p.dispatch;
    let action = match b.action {
        Some(BannerAction::RestorePrevious) if p.state.share.has_previous => html! {
            <button type="button" id="banner-restore" class="link-btn"
                onclick={d.reform(|_| Action::Share(ShareAction::RestorePrevious))}>
                { "Restore your previous workspace" }
            </button>
        },
        _ => Html::default(),
    };
    html! {
        <div id="share-banner" class={classes!("share-banner", b.error.then_some("error"))}
            role={if b.error { "alert" } else { "status" }}>
            <span class="share-banner-text">{ b.text.clone() }</span>
            { action }
            <button type="button" class="ghost dismiss" aria-label="Dismiss"
                onclick={d.reform(|_| Action::Share(ShareAction::Dismiss))}>{ icon(icons::CLOSE) }</button>
        </div>
    }
}

/// Save `text` as a file through a Blob URL (nothing leaves the browser).
fn download(text: &str, name: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    let parts = Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| describe_js(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| describe_js(&e))?;
    let a = doc
        .create_element("a")
        .map_err(|e| describe_js(&e))?
        .dyn_into::<HtmlElement>()
        .map_err(|_| "no link element")?;
    a.set_attribute("href", &url).map_err(|e| describe_js(&e))?;
    a.set_attribute("download", name)
        .map_err(|e| describe_js(&e))?;
    a.click();
    // Let the download start before the URL goes.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
