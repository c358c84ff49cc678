//! The playground's one state and its reducer: everything the view shows, changed only by
//! [`Action`]s. The pure workspace logic lives in `model` (tested natively); this adds what the page
//! needs around it: the lint report, the selection, the notice, the right panel, share/autosave
//! state and requests to focus or reveal something after the next render.

use super::share::ShareState;
use super::storage::Store;
use crate::examples::{EXAMPLES, START};
use crate::model::{self, FixPlan, Item, Key, Session};
use crate::persist::{self, Opened};
use crate::settings::Settings;
use shipshape_core::Report;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The right panel's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Findings,
    Changes,
    Report,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Findings, Tab::Changes, Tab::Report];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Findings => "findings",
            Tab::Changes => "changes",
            Tab::Report => "report",
        }
    }
}

/// The right panel's own state.
#[derive(Clone, Default)]
pub struct Panel {
    pub tab: Tab,
    /// Diffs side by side (where the screen is wide enough) instead of unified.
    pub side_by_side: bool,
    /// The report as raw Markdown instead of rendered.
    pub raw: bool,
    /// "Apply all safe fixes" waiting for Apply or Cancel.
    pub plan: Option<Rc<FixPlan>>,
    /// The report's Markdown and the lint it was written from: rendered once per lint. Keyed by the
    /// lint itself (held, so `Rc::ptr_eq` can't be fooled by a reused address).
    pub report_md: Rc<RefCell<Option<ReportMd>>>,
}

/// A report's Markdown, the lint it was rendered from and whether the rules' docs were there.
pub type ReportMd = (Rc<Report>, bool, Rc<str>);

/// A lint that failed: for which revision, which files it was about, why.
#[derive(Clone, PartialEq)]
pub struct LintFailure {
    pub rev: u64,
    pub files: Vec<String>,
    pub reason: String,
    /// The banner is showing (dismissed: only the findings' "out of date" mark stays).
    pub shown: bool,
}

/// A file being renamed.
#[derive(Clone, PartialEq)]
pub struct Rename {
    pub id: u32,
    pub value: String,
    pub error: Option<String>,
}

/// A short message about the last action, with Undo when it can be undone.
#[derive(Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub undo: bool,
}

/// Where focus goes after the next render; each component focuses its own element (node refs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    NoticeUndo,
    FileOpen(u32),
    Rename,
    Tab(Tab),
    FixAll,
    FixAllApply,
    SelectedFinding,
    ReportRaw,
    Editor,
}

/// What the editor selects and scrolls to after the next render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reveal {
    /// The selected finding's span (if it is in the open file).
    Selected,
    /// Byte range in the open file (after a fix: what changed).
    Range(usize, usize),
}

/// A one-shot request: `seq` tells a new request from the one already carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Req<T> {
    pub seq: u64,
    pub what: T,
}

pub enum Action {
    /// The user typed in file `id` (the textarea's whole value).
    Edit(u32, String),
    /// A paste is about to replace the whole of this file.
    PasteWhole(u32),
    Open(u32),
    Select(Key),
    /// Select the first finding on a gutter line of the open file.
    SelectLine(usize),
    /// F8 / Shift+F8: the next / previous finding.
    Step(bool),
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
    /// The lint worker finished (or failed) linting a revision (app/lint_worker.rs).
    Linted(super::lint_worker::LintDone),
    /// No lint worker can run here: lint inline from now on.
    LintInline,
    DismissLintFailed,
    DismissNotice,
    Notice(String),
    Tab(Tab),
    SideBySide(bool),
    Raw(bool),
    ReviewFixAll,
    ApplyFixAll,
    CancelFixAll,
    /// The report's copy ended: `false` when the browser refused (show it raw, selected).
    ReportCopied(bool),
    /// Files were opened or dropped (what `persist::open_picked` made of them).
    Opened(Result<Opened, String>),
    Settings(Settings),
    Share(super::share::ShareAction),
    /// Rule pages, the course and exercises (`teach.rs`).
    Teach(super::teach::TeachAction),
    /// The rules' documentation is loading or has loaded (`docs.rs`).
    Docs(super::docs::DocsAction),
}

#[derive(Clone)]
pub struct State {
    pub session: Session,
    pub report: Rc<Report>,
    /// The session revision `report` was computed from; behind `session.rev` only while a large
    /// workspace waits for its debounced lint.
    pub linted_rev: u64,
    /// The texts `report` was computed from (path, text): while a large file waits for its lint,
    /// the editor moves the last findings along with the edits instead of dropping them.
    pub linted: Rc<Vec<(String, Rc<str>)>>,
    pub lint_ms: f64,
    /// Lint in the page's Web Worker (app/lint_worker.rs) instead of inline in the reducer (what
    /// the browser tests mount).
    pub worker: bool,
    /// Sends each new revision to the lint worker from the reducer (app/lint_worker.rs).
    pub linter: super::lint_worker::Linter,
    /// The last lint failed (the worker died or hung); until a lint succeeds, the findings shown
    /// are from before and marked out of date.
    pub lint_failed: Option<LintFailure>,
    /// Findings the last lint did not send (past `worker::MAX_FINDINGS`).
    pub omitted: usize,
    /// When the text last changed (`performance.now()`): the status bar's edit → findings time.
    pub changed_at: f64,
    pub selected: Option<Key>,
    pub reveal: Option<Req<Reveal>>,
    pub focus: Option<Req<Focus>>,
    seq: u64,
    pub renaming: Option<Rename>,
    pub notice: Option<Notice>,
    pub panel: Panel,
    pub share: ShareState,
    pub settings: Settings,
    pub teach: super::teach::TeachState,
    /// The rules' documentation, loaded when a view first needs it (`docs.rs`).
    pub docs: super::docs::Docs,
}

/// The reducer's state as `use_reducer` holds it, so components can get an `Rc<State>` snapshot.
pub struct Root(pub Rc<State>);

impl Reducible for Root {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self.0).clone();
        if next.update(action) {
            if next.session.rev != self.0.session.rev {
                next.changed_at = super::now_ms();
                // To the worker now: it lints while the page draws the edit.
                next.linter.lint(&next);
            }
            next.autosave();
            Rc::new(Root(Rc::new(next)))
        } else {
            self
        }
    }
}

/// A state snapshot as a prop: equal only to itself, so a component re-renders on every change.
#[derive(Clone)]
pub struct StateRef(pub Rc<State>);

impl PartialEq for StateRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for StateRef {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl State {
    pub fn new(storage: Option<AttrValue>, worker: bool) -> State {
        let mut s = State {
            session: Session::new(START),
            report: Rc::new(Report {
                version: 1,
                files: Vec::new(),
                findings: Vec::new(),
                errors: Vec::new(),
            }),
            linted_rev: u64::MAX,
            linted: Rc::default(),
            lint_ms: 0.0,
            worker,
            linter: Default::default(),
            lint_failed: None,
            omitted: 0,
            changed_at: super::now_ms(),
            selected: None,
            reveal: None,
            focus: None,
            seq: 0,
            renaming: None,
            notice: None,
            panel: Panel::default(),
            share: ShareState::default(),
            settings: Settings::default(),
            teach: Default::default(),
            docs: super::docs::Docs::initial(),
        };
        s.relint();
        if let Some(prefix) = storage {
            s.share_init(&prefix);
            s.teach_init();
        }
        s.autosave();
        s
    }

    pub fn store(&self) -> Option<&Store> {
        self.share.store.as_ref()
    }

    /// Lint the workspace now (inline), unless the lint worker does it: it picks up every new
    /// revision by itself (app/lint_worker.rs).
    pub fn relint(&mut self) {
        if self.worker {
            return;
        }
        let t0 = super::now_ms();
        let (result, refused) = crate::worker::lint_inline(&self.session);
        let rev = self.session.rev;
        self.linted_now(super::lint_worker::LintDone {
            rev,
            result,
            refused,
            lint_ms: super::now_ms() - t0,
        });
    }

    /// A lint of revision `done.rev` ended: apply it if the text is still that revision.
    fn linted_now(&mut self, done: super::lint_worker::LintDone) -> bool {
        if done.rev != self.session.rev {
            return false;
        }
        let linted = match done.result {
            Ok(l) => l,
            Err(reason) => {
                self.lint_failed = Some(LintFailure {
                    rev: done.rev,
                    files: crate::worker::changed_files(&self.session, &self.linted),
                    reason,
                    shown: true,
                });
                return true;
            }
        };
        let mut report = linted.report;
        report.errors.extend(done.refused);
        self.report = Rc::new(report);
        self.omitted = linted.omitted;
        self.lint_failed = None;
        self.lint_ms = done.lint_ms;
        self.linted_rev = self.session.rev;
        self.linted = Rc::new(
            self.session
                .docs()
                .iter()
                .map(|d| (d.path.clone(), Rc::from(d.text.as_str())))
                .collect(),
        );
        // Keep the selection on the same finding as offsets move; drop it once it is gone.
        if let Some(key) = &self.selected {
            let items = model::items(&self.report, self.session.docs());
            self.selected = model::find_key(&items, key).map(|i| items[i].key());
        }
        self.selection_linted();
        true
    }

    /// The workspace changed: lint now, or (very large inputs) after a pause, which the App's
    /// debounce effect asks for with `Relint`.
    pub(super) fn changed(&mut self) {
        if self.worker || self.session.total_len() <= model::LARGE_INPUT {
            self.relint();
        }
    }

    pub fn fresh(&self) -> bool {
        self.linted_rev == self.session.rev
    }

    pub fn items(&self) -> Vec<Item<'_>> {
        model::items(&self.report, self.session.docs())
    }

    pub fn selected_index(&self, items: &[Item<'_>]) -> Option<usize> {
        let key = self.selected.as_ref()?;
        items.iter().position(|i| i.is(key))
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn focus(&mut self, what: Focus) {
        let seq = self.next_seq();
        self.focus = Some(Req { seq, what });
    }

    pub fn reveal(&mut self, what: Reveal) {
        let seq = self.next_seq();
        self.reveal = Some(Req { seq, what });
    }

    /// The focus request's seq if it is for `what`.
    pub fn focus_for(&self, what: Focus) -> Option<u64> {
        self.focus.filter(|f| f.what == what).map(|f| f.seq)
    }

    pub fn notice(&mut self, text: String, undo: bool) {
        self.notice = Some(Notice { text, undo });
    }

    /// Apply an action; false when nothing changed (no re-render).
    pub(super) fn update(&mut self, action: Action) -> bool {
        match action {
            Action::Edit(id, text) => {
                if !self.session.edit(id, text) {
                    return false;
                }
                self.notice = None;
                self.changed();
            }
            // A change of state without anything new to draw; returning the new state anyway keeps it.
            Action::PasteWhole(id) => self.session.pasting_whole(id),
            Action::Open(id) => {
                if !self.session.set_active(id) {
                    return false;
                }
            }
            Action::Select(key) => {
                if self.selected.as_ref() == Some(&key) {
                    // A second click on the open finding folds it away.
                    self.selected = None;
                    return true;
                }
                self.select(key);
            }
            Action::SelectLine(line) => {
                let active = self.session.active().path.clone();
                let key = self
                    .items()
                    .iter()
                    .find(|i| i.file() == active && i.line() == line)
                    .map(Item::key);
                let Some(key) = key else { return false };
                self.select(key);
                self.focus(Focus::SelectedFinding);
            }
            Action::Step(forward) => {
                let key = {
                    let items = self.items();
                    if items.is_empty() {
                        None
                    } else {
                        let n = items.len();
                        let next = match (self.selected_index(&items), forward) {
                            (Some(i), true) => (i + 1) % n,
                            (Some(i), false) => (i + n - 1) % n,
                            (None, true) => 0,
                            (None, false) => n - 1,
                        };
                        Some(items[next].key())
                    }
                };
                let Some(key) = key else {
                    self.notice("No findings to go to.".into(), false);
                    return true;
                };
                self.select(key);
                self.focus(Focus::Editor);
            }
            Action::Apply(key) => return self.apply(key),
            Action::Undo | Action::Redo => {
                let undo = matches!(action, Action::Undo);
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
            Action::NewFile => {
                let id = self.session.add_file();
                self.changed();
                self.update(Action::StartRename(id));
            }
            Action::StartRename(id) => {
                let Some(doc) = self.session.get(id) else {
                    return false;
                };
                self.renaming = Some(Rename {
                    id,
                    value: doc.path.clone(),
                    error: None,
                });
                self.focus(Focus::Rename);
            }
            Action::RenameInput(value) => {
                let Some(r) = &mut self.renaming else {
                    return false;
                };
                r.error = self.session.check_name(r.id, &value).err();
                r.value = value;
            }
            Action::CommitRename(blurred) => {
                let Some(r) = self.renaming.take() else {
                    return false;
                };
                match self.session.rename(r.id, &r.value) {
                    Ok(()) => {
                        self.changed();
                        if !blurred {
                            self.focus(Focus::FileOpen(r.id));
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
            Action::CancelRename => {
                let Some(r) = self.renaming.take() else {
                    return false;
                };
                self.focus(Focus::FileOpen(r.id));
            }
            Action::Close(id) => {
                let Some(path) = self.session.get(id).map(|d| d.path.clone()) else {
                    return false;
                };
                match self.session.close(id) {
                    Ok(()) => {
                        self.changed();
                        self.notice(format!("Closed {}.", model::bidi_isolate(&path)), true);
                        self.focus(Focus::NoticeUndo);
                    }
                    Err(e) => self.notice(e, false),
                }
            }
            Action::Example(i) => {
                let Some(ex) = EXAMPLES.get(i) else {
                    return false;
                };
                // Own work stays restorable after a reload too ("Previous workspace", share.rs).
                let _ = self.stash_own_work();
                self.session
                    .replace_all(ex.files, &format!("Load example “{}”", ex.title));
                self.session.check = None;
                self.mark_pristine();
                self.selected = None;
                self.renaming = None;
                self.changed();
                self.notice(
                    format!(
                        "Loaded the example “{}”. Your previous files are one Undo away.",
                        ex.title
                    ),
                    true,
                );
            }
            Action::Relint(rev) => {
                if rev != self.session.rev || self.fresh() || self.worker {
                    return false;
                }
                self.relint();
            }
            Action::Linted(done) => return self.linted_now(done),
            Action::LintInline => {
                if !self.worker {
                    return false;
                }
                self.worker = false;
                self.relint();
            }
            Action::DismissLintFailed => match &mut self.lint_failed {
                Some(f) if f.shown => f.shown = false,
                _ => return false,
            },
            Action::DismissNotice => self.notice = None,
            Action::Notice(text) => self.notice(text, false),
            Action::Tab(tab) => {
                self.panel.tab = tab;
                self.focus(Focus::Tab(tab));
            }
            Action::SideBySide(on) => self.panel.side_by_side = on,
            Action::Raw(on) => self.panel.raw = on,
            Action::ReviewFixAll => {
                let total = self.session.total_len();
                if total > crate::worker::MAX_FIX_ALL_BYTES {
                    self.notice(
                        format!(
                            "Apply all safe fixes works here on workspaces up to {} (it lints again after each round of fixes, which would hold up the page); this one is {}. The shipshape CLI (shipshape fix) applies them to files of any size.",
                            crate::worker::size_label(crate::worker::MAX_FIX_ALL_BYTES),
                            crate::worker::size_label(total)
                        ),
                        false,
                    );
                    return true;
                }
                let plan = self.session.plan_fix_all();
                if plan.files.is_empty() {
                    self.notice("No safe fix changes anything.".into(), false);
                    self.panel.plan = None;
                } else {
                    self.panel.plan = Some(Rc::new(plan));
                    self.panel.tab = Tab::Findings;
                    self.focus(Focus::FixAllApply);
                }
            }
            Action::CancelFixAll => {
                self.panel.plan = None;
                self.focus(Focus::FixAll);
            }
            Action::ApplyFixAll => {
                let Some(plan) = self.panel.plan.take() else {
                    return false;
                };
                match self.session.apply_plan(&plan) {
                    Ok(n) => {
                        self.relint();
                        self.selected = None;
                        let files = plan.files.len();
                        self.notice(
                            format!(
                                "Applied {n} safe fix{} to {files} file{}.",
                                if n == 1 { "" } else { "es" },
                                super::files::plural(files)
                            ),
                            true,
                        );
                        self.focus(Focus::NoticeUndo);
                    }
                    Err(e) => self.notice(format!("Nothing was applied: {e}."), false),
                }
            }
            Action::ReportCopied(true) => {
                self.notice("Copied the report as Markdown.".into(), false);
            }
            Action::ReportCopied(false) => {
                // Show the raw text, selected, so Ctrl+C (⌘C) copies it by hand.
                self.panel.raw = true;
                self.panel.tab = Tab::Report;
                self.notice(
                    "The browser refused clipboard access. The report is selected below: press Ctrl+C (⌘C) to copy it.".into(),
                    false,
                );
                self.focus(Focus::ReportRaw);
            }
            Action::Opened(result) => self.opened(result),
            Action::Settings(s) => {
                if s == self.settings {
                    return false;
                }
                if let Some(store) = self.store() {
                    let _ = store.set(super::storage::keys::SETTINGS, &s.to_json());
                }
                self.settings = s;
            }
            Action::Share(a) => return self.share_update(a),
            Action::Teach(a) => return self.teach_update(a),
            Action::Docs(a) => return self.docs_update(a),
        }
        true
    }

    fn select(&mut self, key: Key) {
        if let Some(id) = self.session.by_path(&key.file).map(|d| d.id) {
            self.session.set_active(id);
        }
        self.selected = Some(key);
        self.reveal(Reveal::Selected);
    }

    fn apply(&mut self, key: Key) -> bool {
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
                self.notice(
                    format!("Applied “{}” to {}.", fix.title, model::bidi_isolate(&file)),
                    true,
                );
                self.reveal(Reveal::Range(at, at + new_len));
                self.focus(Focus::NoticeUndo);
            }
            Err(e) => self.notice(format!("The fix was not applied: {e}."), false),
        }
        true
    }

    /// Files opened from disk or dropped on the page.
    fn opened(&mut self, result: Result<Opened, String>) {
        match result {
            Err(e) => self.notice(format!("Nothing was opened: {e}."), false),
            Ok(Opened::Workspace { name, shared }) => {
                self.share.open = false;
                self.open_shared(
                    &shared,
                    &format!("Open {name}"),
                    &format!("the workspace file {name}"),
                    false,
                );
            }
            Ok(Opened::Files {
                files,
                renamed,
                skipped,
            }) => {
                // The untouched starting file is nobody's work: opened files take its place.
                let replace = self.session.is_exactly(START);
                let label = match files.as_slice() {
                    [(p, _)] => format!("Open {p}"),
                    _ => format!("Open {} files", files.len()),
                };
                self.session.open_files(&files, replace, &label);
                self.selected = None;
                self.renaming = None;
                self.panel.plan = None;
                self.changed();
                let names: Vec<_> = files.iter().map(|(p, _)| model::bidi_isolate(p)).collect();
                let mut text = if names.len() <= 3 {
                    format!("Opened {}.", names.join(", "))
                } else {
                    format!("Opened {} files.", names.len())
                };
                for (old, new) in &renamed {
                    text.push_str(&format!(
                        " {} is opened as {} (by its content).",
                        model::bidi_isolate(old),
                        model::bidi_isolate(new)
                    ));
                }
                if !skipped.is_empty() {
                    text.push_str(&format!(" Left out: {}.", skipped.join(", ")));
                }
                self.notice(text, true);
            }
        }
    }

    /// Settings from this browser's storage (on mount).
    pub fn load_settings(&mut self) {
        if let Some(raw) = self
            .store()
            .and_then(|s| s.get(super::storage::keys::SETTINGS))
        {
            self.settings = Settings::from_json(&raw);
        }
    }
}

/// What a link or the autosave records as the selected finding.
pub fn persist_selection(state: &State) -> Option<shipshape_core::share::Selection> {
    let items = state.items();
    persist::selection_for_key(&items, state.selected.as_ref())
}
