//! The playground UI: workspace files on the left, the editor in the middle, findings with their
//! explanations and fix diffs on the right. All state lives in `model::Session`; this is its view.

mod changes;
mod diff_view;
mod editor;
mod files;
mod findings;
mod report;
mod share;
mod storage;

pub use self::share::{read_workspace_file, workspace_file, AppProps};

use crate::examples::{EXAMPLES, START};
use crate::model::{self, Item, Key, Session};
use gloo_timers::callback::Timeout;
use shipshape_core::Report;
use std::rc::Rc;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Vertical geometry shared with static/style.css (`--lh`, `--pad-y`): used to scroll to a line.
const LINE_PX: f64 = 20.0;
const PAD_Y_PX: f64 = 12.0;
/// How long typing must pause before a large workspace is linted.
const LARGE_DEBOUNCE_MS: u32 = 250;

pub enum Msg {
    /// The user typed in file `id`.
    Edit(u32, String),
    /// The caret may have moved.
    Caret,
    Open(u32),
    Select(Key),
    /// Select the first finding on a gutter line of the open file.
    SelectLine(usize),
    Apply(Key),
    Undo,
    Redo,
    NewFile,
    StartRename(u32),
    RenameInput(String),
    /// Commit the rename box; `true` when it lost focus (an invalid name then cancels quietly).
    CommitRename(bool),
    CancelRename,
    Close(u32),
    Example(usize),
    /// A debounced lint for the given session revision.
    Relint(u64),
    DismissNotice,
    /// The right panel: tabs, diff layout, Apply all safe fixes, report Copy/Download (changes.rs).
    Panel(changes::PanelMsg),
    /// Share links, autosave, workspace files (share.rs).
    Share(share::ShareMsg),
}

struct Rename {
    id: u32,
    value: String,
    error: Option<String>,
}

/// A short message about the last action, with Undo when it can be undone.
struct Notice {
    text: String,
    undo: bool,
}

pub struct App {
    session: Session,
    report: Rc<Report>,
    /// The session revision `report` was computed from; behind `session.rev` only while a large
    /// workspace waits for its debounced lint.
    linted_rev: u64,
    lint_ms: f64,
    selected: Option<Key>,
    /// After the next render, put the editor's selection on the selected item (or this range).
    reveal: Option<Reveal>,
    renaming: Option<Rename>,
    /// After the next render, focus the element matching this selector inside the app.
    focus: Option<String>,
    notice: Option<Notice>,
    caret: (usize, usize),
    /// The file the textarea showed at the last render, to notice switches.
    shown: u32,
    debounce: Option<Timeout>,
    root: NodeRef,
    editor: NodeRef,
    scroller: NodeRef,
    examples: NodeRef,
    /// Tabs, diff layout, the reviewed fix-all plan and the report cache (changes.rs).
    panel: changes::Panel,
    /// Share menu, autosave and the link/previous-workspace banner (share.rs).
    share: share::ShareState,
}

enum Reveal {
    Selected,
    /// Byte range in the open file (after a fix: what changed).
    Range(usize, usize),
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl App {
    fn relint(&mut self) {
        let t0 = now_ms();
        self.report = Rc::new(self.session.lint());
        self.lint_ms = now_ms() - t0;
        self.linted_rev = self.session.rev;
        self.debounce = None;
        // Keep the selection on the same finding as offsets move; drop it once it is gone.
        if let Some(key) = &self.selected {
            let items = model::items(&self.report, self.session.docs());
            self.selected = model::find_key(&items, key).map(|i| items[i].key());
        }
    }

    /// The workspace changed: lint now, or after a pause for very large inputs.
    fn changed(&mut self, ctx: &Context<Self>) {
        if self.session.total_len() <= model::LARGE_INPUT {
            self.relint();
        } else {
            let link = ctx.link().clone();
            let rev = self.session.rev;
            // Replacing the timeout cancels the previous one.
            self.debounce = Some(Timeout::new(LARGE_DEBOUNCE_MS, move || {
                link.send_message(Msg::Relint(rev))
            }));
        }
    }

    fn fresh(&self) -> bool {
        self.linted_rev == self.session.rev
    }

    fn items(&self) -> Vec<Item<'_>> {
        model::items(&self.report, self.session.docs())
    }

    fn selected_index(&self, items: &[Item<'_>]) -> Option<usize> {
        let key = self.selected.as_ref()?;
        items.iter().position(|i| &i.key() == key)
    }

    fn editor_el(&self) -> Option<HtmlTextAreaElement> {
        self.editor.cast::<HtmlTextAreaElement>()
    }

    fn update_caret(&mut self) -> bool {
        let Some(area) = self.editor_el() else {
            return false;
        };
        let text = &self.session.active().text;
        let pos = area.selection_start().ok().flatten().unwrap_or(0);
        let caret = model::line_col(text, model::byte_offset(text, pos));
        let moved = caret != self.caret;
        self.caret = caret;
        moved
    }

    fn notice(&mut self, text: String, undo: bool) {
        self.notice = Some(Notice { text, undo });
    }

    fn close_examples_menu(&self) {
        if let Some(menu) = self.examples.cast::<Element>() {
            let _ = menu.remove_attribute("open");
        }
    }

    /// Select `range` (bytes of the open file) in the textarea and scroll it into view.
    fn reveal_range(&self, start: usize, end: usize, mark_selector: Option<&str>) {
        let Some(area) = self.editor_el() else { return };
        let text = &self.session.active().text;
        let (s, e) = (
            model::utf16_offset(text, start),
            model::utf16_offset(text, end),
        );
        let _ = area.set_selection_range(s, e.max(s));
        let scroller = self.scroller.cast::<Element>();
        let mark =
            mark_selector.and_then(|sel| scroller.as_ref()?.query_selector(sel).ok().flatten());
        if let Some(mark) = mark {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            opts.set_inline(web_sys::ScrollLogicalPosition::Nearest);
            mark.scroll_into_view_with_scroll_into_view_options(&opts);
        } else if let Some(scroller) = scroller {
            let line = model::line_col(text, start).0 as f64;
            let top = PAD_Y_PX + (line - 1.0) * LINE_PX - f64::from(scroller.client_height()) / 3.0;
            scroller.set_scroll_top(top.max(0.0) as i32);
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut app = App {
            session: Session::new(START),
            report: Rc::new(Report {
                version: 1,
                files: Vec::new(),
                findings: Vec::new(),
                errors: Vec::new(),
            }),
            linted_rev: u64::MAX,
            lint_ms: 0.0,
            selected: None,
            reveal: None,
            renaming: None,
            focus: None,
            notice: None,
            caret: (1, 1),
            shown: 0,
            debounce: None,
            root: NodeRef::default(),
            editor: NodeRef::default(),
            scroller: NodeRef::default(),
            examples: NodeRef::default(),
            panel: changes::Panel::default(),
            share: Default::default(),
        };
        app.relint();
        app.share_init(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edit(id, text) => {
                if !self.session.edit(id, text) {
                    return self.update_caret();
                }
                self.notice = None;
                self.changed(ctx);
                self.update_caret();
            }
            Msg::Caret => return self.update_caret(),
            Msg::Open(id) => {
                if !self.session.set_active(id) {
                    return false;
                }
                self.caret = (1, 1);
            }
            Msg::Select(key) => {
                if self.selected.as_ref() == Some(&key) {
                    // A second click on the open finding folds it away.
                    self.selected = None;
                    return true;
                }
                if let Some(doc) = self.session.by_path(&key.file) {
                    let id = doc.id;
                    self.session.set_active(id);
                }
                self.selected = Some(key);
                self.reveal = Some(Reveal::Selected);
            }
            Msg::SelectLine(line) => {
                let active = self.session.active().path.clone();
                let key = self
                    .items()
                    .iter()
                    .find(|i| i.file() == active && i.line() == line)
                    .map(Item::key);
                if let Some(key) = key {
                    self.selected = Some(key);
                    self.reveal = Some(Reveal::Selected);
                    self.focus = Some("li.finding.selected > .finding-btn".into());
                }
            }
            Msg::Apply(key) => {
                if !self.fresh() {
                    return false;
                }
                // Copy what the fix needs out of the report before the session changes.
                let prepared = {
                    let items = self.items();
                    match model::find_key(&items, &key).map(|i| items[i]) {
                        Some(Item::Finding(f)) => f.fix.as_ref().and_then(|fix| {
                            let doc = self.session.by_path(&f.file)?;
                            Some((doc.id, f.rule, f.file.clone(), fix.clone()))
                        }),
                        _ => None,
                    }
                };
                let Some((id, rule, file, fix)) = prepared else {
                    return false;
                };
                let label = format!("{rule} fix: {}", fix.title);
                let at = fix.edits.iter().map(|e| e.start).min().unwrap_or(0);
                let new_len = fix
                    .edits
                    .iter()
                    .filter(|e| e.start == at)
                    .map(|e| e.replacement.len())
                    .max()
                    .unwrap_or(0);
                match self.session.apply_edits(id, &fix.edits, &label) {
                    Ok(()) => {
                        self.relint();
                        self.selected = None;
                        self.notice(format!("Applied “{}” to {file}.", fix.title), true);
                        self.reveal = Some(Reveal::Range(at, at + new_len));
                        self.focus = Some("#notice-undo".into());
                    }
                    Err(e) => self.notice(format!("The fix was not applied: {e}."), false),
                }
            }
            Msg::Undo | Msg::Redo => {
                let undo = matches!(msg, Msg::Undo);
                let done = if undo {
                    self.session.undo()
                } else {
                    self.session.redo()
                };
                let Some(label) = done else { return false };
                self.renaming = None;
                self.relint();
                let verb = if undo { "Undid" } else { "Redid" };
                self.notice(format!("{verb}: {label}."), false);
            }
            Msg::NewFile => {
                let id = self.session.add_file();
                self.changed(ctx);
                return Component::update(self, ctx, Msg::StartRename(id));
            }
            Msg::StartRename(id) => {
                let Some(doc) = self.session.get(id) else {
                    return false;
                };
                self.renaming = Some(Rename {
                    id,
                    value: doc.path.clone(),
                    error: None,
                });
                self.focus = Some("input.rename".into());
            }
            Msg::RenameInput(value) => {
                if let Some(r) = &mut self.renaming {
                    r.error = self.session.check_name(r.id, &value).err();
                    r.value = value;
                }
            }
            Msg::CommitRename(blurred) => {
                let Some(r) = self.renaming.take() else {
                    return false;
                };
                match self.session.rename(r.id, &r.value) {
                    Ok(()) => {
                        self.changed(ctx);
                        if !blurred {
                            self.focus = Some(format!("li.file[data-id=\"{}\"] .file-open", r.id));
                        }
                    }
                    Err(_) if blurred => {}
                    Err(e) => {
                        self.renaming = Some(Rename {
                            error: Some(e),
                            ..r
                        });
                    }
                }
            }
            Msg::CancelRename => {
                let Some(r) = self.renaming.take() else {
                    return false;
                };
                self.focus = Some(format!("li.file[data-id=\"{}\"] .file-open", r.id));
            }
            Msg::Close(id) => {
                let Some(path) = self.session.get(id).map(|d| d.path.clone()) else {
                    return false;
                };
                match self.session.close(id) {
                    Ok(()) => {
                        self.changed(ctx);
                        self.notice(format!("Closed {path}."), true);
                        self.focus = Some("#notice-undo".into());
                    }
                    Err(e) => self.notice(e, false),
                }
            }
            Msg::Example(i) => {
                let Some(ex) = EXAMPLES.get(i) else {
                    return false;
                };
                self.close_examples_menu();
                // Own work stays restorable after a reload too ("Previous workspace", share.rs).
                let _ = self.stash_own_work();
                self.session
                    .replace_all(ex.files, &format!("Load example “{}”", ex.title));
                self.session.check = None;
                self.mark_pristine();
                self.selected = None;
                self.renaming = None;
                self.caret = (1, 1);
                self.changed(ctx);
                self.notice(
                    format!(
                        "Loaded the example “{}”. Your previous files are one Undo away.",
                        ex.title
                    ),
                    true,
                );
            }
            Msg::Relint(rev) => {
                if rev != self.session.rev {
                    return false;
                }
                self.relint();
            }
            Msg::DismissNotice => self.notice = None,
            Msg::Panel(m) => return self.update_panel(ctx, m),
            Msg::Share(m) => return self.share_update(ctx, m),
        }
        true
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first: bool) {
        let revealed = self.reveal.is_some();
        match self.reveal.take() {
            Some(Reveal::Selected) => {
                let items = self.items();
                if let Some(i) = self.selected_index(&items) {
                    let item = items[i];
                    if item.file() == self.session.active().path {
                        let span = item.span();
                        self.reveal_range(span.start, span.end, Some(".backdrop .sel"));
                    }
                }
                // Keep the chosen finding visible in its own list too (gutter clicks).
                if let Some(root) = self.root.cast::<Element>() {
                    if let Ok(Some(li)) = root.query_selector("li.finding.selected") {
                        let opts = web_sys::ScrollIntoViewOptions::new();
                        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                        li.scroll_into_view_with_scroll_into_view_options(&opts);
                    }
                }
            }
            Some(Reveal::Range(start, end)) => self.reveal_range(start, end, None),
            None => {}
        }
        let active = self.session.active().id;
        let switched = active != self.shown;
        self.shown = active;
        if switched && !revealed {
            // Another file is in the editor: start at its top, not where the last one was.
            if let Some(area) = self.editor_el() {
                let _ = area.set_selection_range(0, 0);
            }
            if let Some(scroller) = self.scroller.cast::<Element>() {
                scroller.set_scroll_top(0);
                scroller.set_scroll_left(0);
            }
        }
        if revealed || switched {
            // The selection moved without a key or mouse event: refresh the Ln/Col status.
            ctx.link().send_message(Msg::Caret);
        }
        if let Some(sel) = self.focus.take() {
            let el = self
                .root
                .cast::<Element>()
                .and_then(|root| root.query_selector(&sel).ok().flatten());
            if let Some(el) = el {
                if let Some(input) = wasm_bindgen::JsCast::dyn_ref::<HtmlInputElement>(&el) {
                    let _ = input.focus();
                    input.select();
                } else if let Some(h) = wasm_bindgen::JsCast::dyn_ref::<HtmlElement>(&el) {
                    let _ = h.focus();
                }
            }
        }
        // Autosave (share.rs).
        self.share_rendered(ctx);
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        html! {
            <div class="app" ref={self.root.clone()} onkeydown={changes::shortcuts(ctx.link())}>
                { self.view_header(ctx) }
                <main class="workbench">
                    { self.view_files(ctx) }
                    { self.view_editor(ctx) }
                    { self.view_findings(ctx) }
                </main>
                { self.view_share_banner(ctx) }
            </div>
        }
    }
}

/// A small stroked icon (16×16 view box); decorative, so hidden from assistive technology.
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

mod icons {
    pub const PLUS: &str = "M8 3v10M3 8h10";
    pub const CLOSE: &str = "M4.5 4.5l7 7M11.5 4.5l-7 7";
    pub const PENCIL: &str = "M3 13l.8-3.2L10.5 3.1l2.4 2.4-6.7 6.7z";
    pub const UNDO: &str = "M5.5 3.5L2.5 6.5l3 3M2.5 6.5h7a3.5 3.5 0 0 1 0 7H7";
    pub const REDO: &str = "M10.5 3.5l3 3-3 3M13.5 6.5h-7a3.5 3.5 0 0 0 0 7H9";
    pub const LOCK: &str = "M4 7.5h8v6H4zM5.8 7.5V5.3a2.2 2.2 0 0 1 4.4 0v2.2";
    pub const CHEVRON: &str = "M4.5 6.5L8 10l3.5-3.5";
    pub const CHECK: &str = "M3.5 8.5l3 3 6-7";
    pub const BOOK: &str = "M2.5 3.5h4a1.5 1.5 0 0 1 1.5 1.5v8a1.2 1.2 0 0 0-1.2-1.2H2.5zM13.5 3.5h-4A1.5 1.5 0 0 0 8 5v8a1.2 1.2 0 0 1 1.2-1.2h4.3z";
}
