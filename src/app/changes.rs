//! The right panel's tabs (Findings, Changes, Report) and their state, "Apply all safe fixes" with
//! its combined diff under review, the Changes view (every file against its original), and the
//! keyboard shortcuts for undo/redo of the workspace.

use super::diff_view::diff_block;
use super::files::plural;
use super::report::{self, Copied};
use super::{icon, icons, App, Msg};
use crate::model::{self, FixPlan};
use gloo_timers::callback::Timeout;
use shipshape_core::Report;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};
use yew::html::Scope;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Findings,
    Changes,
    Report,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Findings, Tab::Changes, Tab::Report];

    fn id(self) -> &'static str {
        match self {
            Tab::Findings => "findings",
            Tab::Changes => "changes",
            Tab::Report => "report",
        }
    }
}

/// The panel's own state, kept apart from the editor's.
#[derive(Default)]
pub struct Panel {
    pub tab: Tab,
    /// Diffs side by side (where the screen is wide enough) instead of unified.
    pub side_by_side: bool,
    /// The report as raw Markdown instead of rendered.
    pub raw: bool,
    /// "Apply all safe fixes" waiting for Apply or Cancel.
    pub plan: Option<FixPlan>,
    /// The report's Markdown and the lint it was written from (held, so `Rc::ptr_eq` can't be
    /// fooled by a reused address): rendered once per lint, not once per render. Keyed by the lint
    /// itself rather than a revision, because a new session (a loaded link) starts counting again.
    pub report_md: RefCell<Option<(Rc<Report>, Rc<str>)>>,
}

pub enum PanelMsg {
    Tab(Tab),
    SideBySide(bool),
    Raw(bool),
    /// Compute the combined diff of all safe fixes and show it for review.
    ReviewFixAll,
    ApplyFixAll,
    CancelFixAll,
    Copy,
    Copied(Copied),
    Download,
    /// A paste is about to replace the whole of this file.
    Paste(u32),
}

/// Ctrl/⌘+Z undoes and Ctrl/⌘+Shift+Z or Ctrl+Y redoes the last workspace action, except in text
/// fields, which keep their own undo for typing.
pub(super) fn shortcuts(link: &Scope<App>) -> Callback<KeyboardEvent> {
    link.batch_callback(|e: KeyboardEvent| {
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
            return None;
        }
        let in_text = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT"));
        if in_text {
            return None;
        }
        let msg = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
            ("z", false) => Msg::Undo,
            ("z", true) | ("y", false) => Msg::Redo,
            _ => return None,
        };
        e.prevent_default();
        Some(msg)
    })
}

/// Tells the session when a paste is about to replace all of the file (or fill an empty one).
pub(super) fn on_paste(link: &Scope<App>, id: u32) -> Callback<Event> {
    link.batch_callback(move |e: Event| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        let len = area.value().encode_utf16().count() as u32;
        let start = area.selection_start().ok().flatten();
        let end = area.selection_end().ok().flatten();
        (start == Some(0) && end == Some(len)).then_some(Msg::Panel(PanelMsg::Paste(id)))
    })
}

impl App {
    pub(super) fn update_panel(&mut self, ctx: &Context<Self>, msg: PanelMsg) -> bool {
        match msg {
            PanelMsg::Tab(tab) => {
                self.panel.tab = tab;
                self.focus = Some(format!("#tab-{}", tab.id()));
            }
            PanelMsg::SideBySide(on) => self.panel.side_by_side = on,
            PanelMsg::Raw(on) => self.panel.raw = on,
            PanelMsg::ReviewFixAll => {
                let plan = self.session.plan_fix_all();
                if plan.files.is_empty() {
                    self.notice("No safe fix changes anything.".into(), false);
                    self.panel.plan = None;
                } else {
                    self.panel.plan = Some(plan);
                    self.panel.tab = Tab::Findings;
                    self.focus = Some("#fix-all-apply".into());
                }
            }
            PanelMsg::CancelFixAll => {
                self.panel.plan = None;
                self.focus = Some("#fix-all".into());
            }
            PanelMsg::ApplyFixAll => {
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
                                plural(files)
                            ),
                            true,
                        );
                        self.focus = Some("#notice-undo".into());
                    }
                    Err(e) => self.notice(format!("Nothing was applied: {e}."), false),
                }
            }
            PanelMsg::Copy => {
                let Some(md) = self.report_markdown() else {
                    return false;
                };
                let link = ctx.link().clone();
                report::copy(
                    &md,
                    Callback::from(move |c| link.send_message(Msg::Panel(PanelMsg::Copied(c)))),
                );
                return false;
            }
            PanelMsg::Copied(Copied::Yes) => {
                self.notice("Copied the report as Markdown.".into(), false);
            }
            PanelMsg::Copied(Copied::Refused) => {
                // Show the raw text, selected, so Ctrl+C (⌘C) copies it by hand.
                self.panel.raw = true;
                self.panel.tab = Tab::Report;
                self.notice(
                    "The browser refused clipboard access. The report is selected below: press Ctrl+C (⌘C) to copy it.".into(),
                    false,
                );
                let root = self.root.clone();
                Timeout::new(0, move || {
                    let raw = root
                        .cast::<Element>()
                        .and_then(|r| r.query_selector("#report-raw").ok().flatten())
                        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok());
                    if let Some(raw) = raw {
                        let _ = raw.focus();
                        raw.select();
                    }
                })
                .forget();
            }
            PanelMsg::Download => {
                let Some(md) = self.report_markdown() else {
                    return false;
                };
                if let Err(e) = report::download(&md, report::FILE_NAME) {
                    self.notice(format!("The download did not start: {e}."), false);
                } else {
                    return false;
                }
            }
            PanelMsg::Paste(id) => {
                self.session.pasting_whole(id);
                return false;
            }
        }
        true
    }

    /// The panel is widened (on wide screens) for reports and diffs side by side.
    pub(super) fn panel_wide(&self, selected_has_fix: bool) -> bool {
        self.panel.tab != Tab::Findings
            || self.panel.plan.is_some()
            || (self.panel.side_by_side && selected_has_fix)
    }

    pub(super) fn view_tabs(&self, ctx: &Context<Self>, findings: usize) -> Html {
        let link = ctx.link();
        let changed = self.session.changed_count();
        let tab = |t: Tab, label: &'static str, badge: Html| {
            let selected = self.panel.tab == t;
            html! {
                <button type="button" role="tab" id={format!("tab-{}", t.id())}
                    class={classes!("tab", selected.then_some("active"))}
                    aria-selected={selected.to_string()} aria-controls={format!("panel-{}", t.id())}
                    tabindex={if selected { "0" } else { "-1" }}
                    onclick={link.callback(move |_| Msg::Panel(PanelMsg::Tab(t)))}>
                    <span>{ label }</span>{ badge }
                </button>
            }
        };
        // Arrow keys move between tabs (the ARIA tabs pattern); Tab leaves the list.
        let current = self.panel.tab;
        let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % Tab::ALL.len(),
                "ArrowLeft" => (i + Tab::ALL.len() - 1) % Tab::ALL.len(),
                "Home" => 0,
                "End" => Tab::ALL.len() - 1,
                _ => return None,
            };
            e.prevent_default();
            Some(Msg::Panel(PanelMsg::Tab(Tab::ALL[next])))
        });
        html! {
            <div class="pane-head tabs" role="tablist" aria-label="Findings, changes and report" {onkeydown}>
                { tab(Tab::Findings, "Findings", html! { <span id="count" class="total">{ findings }</span> }) }
                { tab(Tab::Changes, "Changes", if changed > 0 {
                    html! { <span id="changes-count" class="total">{ changed }</span> }
                } else { html! {} }) }
                { tab(Tab::Report, "Report", html! {}) }
            </div>
        }
    }

    /// "Apply all safe fixes": the button in the findings toolbar.
    pub(super) fn view_fix_all_button(&self, ctx: &Context<Self>) -> Html {
        let n = if self.fresh() {
            model::safe_fix_count(&self.report)
        } else {
            0
        };
        html! {
            <button type="button" id="fix-all" class="btn small-btn" disabled={n == 0}
                title={if n == 0 { "No finding has a safe fix".to_string() } else { format!("Review the combined diff of {n} safe fix{} first", if n == 1 { "" } else { "es" }) }}
                onclick={ctx.link().callback(|_| Msg::Panel(PanelMsg::ReviewFixAll))}>
                { icon(icons::CHECK) }{ "Apply all safe fixes" }
                if n > 0 { <span class="total">{ n }</span> }
            </button>
        }
    }

    /// The combined diff of every safe fix, file by file, with Apply and Cancel.
    pub(super) fn view_fix_all(&self, ctx: &Context<Self>, plan: &FixPlan) -> Html {
        let link = ctx.link();
        let stale = plan.rev != self.session.rev;
        let n = plan.fix_count();
        let sbs = self.panel.side_by_side;
        let files = plan.files.iter().map(|f| {
            let diff = FixPlan::diff(f);
            let titles = f
                .applied
                .iter()
                .map(|(rule, title)| html! { <li><code>{ *rule }</code>{ " " }{ super::findings::inline(title) }</li> });
            html! {
                <section class="change" data-path={f.path.clone()}>
                    <h3 class="change-head"><span class="change-path">{ f.path.clone() }</span>
                        <span class="muted small">{ format!("{} fix{}", f.applied.len(), if f.applied.len() == 1 { "" } else { "es" }) }</span>
                    </h3>
                    <ul class="fix-titles">{ for titles }</ul>
                    { diff_block(&diff, &format!("Safe fixes for {}", f.path), sbs) }
                </section>
            }
        });
        html! {
            <div id="fix-all-review" class="tab-panel review" role="region" aria-label="Apply all safe fixes">
                <div class="toolbar">
                    <h3>{ format!("Apply {n} safe fix{} to {} file{}?", if n == 1 { "" } else { "es" }, plan.files.len(), plural(plan.files.len())) }</h3>
                    { self.layout_toggle(link) }
                </div>
                <p class="muted small review-note">
                    { "Safe fixes keep the build's behaviour. Fixes that only become possible after others are included, so this is the whole result. One Undo takes it all back." }
                </p>
                if stale {
                    <p class="fix-error" role="alert">
                        { "The files changed since this was computed. " }
                        <button type="button" class="link-btn" onclick={link.callback(|_| Msg::Panel(PanelMsg::ReviewFixAll))}>{ "Review again" }</button>
                    </p>
                }
                <div class="review-body">{ for files }</div>
                <div class="fix-actions review-actions">
                    <button type="button" id="fix-all-apply" class="btn primary" disabled={stale}
                        onclick={link.callback(|_| Msg::Panel(PanelMsg::ApplyFixAll))}>
                        { icon(icons::CHECK) }{ "Apply" }
                    </button>
                    <button type="button" id="fix-all-cancel" class="btn"
                        onclick={link.callback(|_| Msg::Panel(PanelMsg::CancelFixAll))}>
                        { "Cancel" }
                    </button>
                </div>
            </div>
        }
    }

    /// Every file against its original: what was changed since it was opened or pasted in.
    pub(super) fn view_changes(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let changes = self.session.changes();
        let sbs = self.panel.side_by_side;
        let rows = changes.iter().map(|c| {
            let id = c.id;
            html! {
                <section class="change" data-path={c.path.clone()}>
                    <h3 class="change-head">
                        <button type="button" class="link-btn change-path" title={format!("Open {}", c.path)}
                            onclick={link.callback(move |_| Msg::Open(id))}>{ c.path.clone() }</button>
                        if let Some(old) = &c.renamed_from {
                            <span class="muted small">{ format!("renamed from {old}") }</span>
                        }
                        <span class="stat">
                            <span class="stat-add">{ format!("+{}", c.added) }</span>
                            <span class="stat-del">{ format!("−{}", c.removed) }</span>
                        </span>
                    </h3>
                    if !c.diff.is_empty() {
                        { diff_block(&c.diff, &format!("Changes to {}", c.path), sbs) }
                    }
                </section>
            }
        });
        html! {
            <div id="panel-changes" class="tab-panel" role="tabpanel" aria-labelledby="tab-changes">
                <div class="toolbar">
                    <p class="muted small">
                        { "Each file against its original: the text it had when it was opened, created, loaded or pasted in whole." }
                    </p>
                    if !changes.is_empty() { { self.layout_toggle(link) } }
                </div>
                if changes.is_empty() {
                    <div id="no-changes" class="clean">
                        <p><strong>{ "No changes yet." }</strong></p>
                        <p class="muted">{ "Applied fixes and edits show up here as a diff against each file's original." }</p>
                    </div>
                } else {
                    <div id="changes" class="changes">{ for rows }</div>
                }
            </div>
        }
    }
}
