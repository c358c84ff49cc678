//! The right panel's tabs (Findings, Changes, Report), "Apply all safe fixes" with its combined
//! diff under review, the Changes view (every file against its original), and the page's keyboard
//! shortcuts: undo/redo of the workspace and F8 / Shift+F8 to the next / previous finding.

use super::diff_view::{diff_block, LayoutToggle};
use super::files::plural;
use super::state::{Action, Focus, StateRef, Tab};
use super::{icon, icons, use_focus};
use crate::model::{self, FixPlan};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Ctrl/⌘+Z undoes and Ctrl/⌘+Shift+Z or Ctrl+Y redoes the last workspace action, except in text
/// fields, which keep their own undo for typing. F8 / Shift+F8 go to the next / previous finding
/// from anywhere.
pub(super) fn shortcuts(d: &Callback<Action>) -> Callback<KeyboardEvent> {
    let d = d.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "F8" && !e.ctrl_key() && !e.meta_key() && !e.alt_key() {
            e.prevent_default();
            d.emit(Action::Step(!e.shift_key()));
            return;
        }
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
            return;
        }
        let in_text = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT"));
        if in_text {
            return;
        }
        let action = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
            ("z", false) => Action::Undo,
            ("z", true) | ("y", false) => Action::Redo,
            _ => return,
        };
        e.prevent_default();
        d.emit(action);
    })
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
    pub findings: usize,
}

#[derive(Properties, PartialEq)]
struct TabProps {
    tab: Tab,
    label: &'static str,
    selected: bool,
    badge: Option<(&'static str, usize)>,
    focus: Option<u64>,
    dispatch: Callback<Action>,
}

#[function_component(TabButton)]
fn tab_button(p: &TabProps) -> Html {
    let node = use_node_ref();
    use_focus(node.clone(), p.focus);
    let t = p.tab;
    html! {
        <button type="button" role="tab" id={format!("tab-{}", t.id())} ref={node}
            class={classes!("tab", p.selected.then_some("active"))}
            aria-selected={p.selected.to_string()} aria-controls={format!("panel-{}", t.id())}
            tabindex={if p.selected { "0" } else { "-1" }}
            onclick={p.dispatch.reform(move |_| Action::Tab(t))}>
            <span>{ p.label }</span>
            if let Some((id, n)) = p.badge {
                <span id={id} class="total">{ n }</span>
            }
        </button>
    }
}

#[function_component(Tabs)]
pub fn tabs(p: &TabsProps) -> Html {
    let s = &p.state;
    let changed = s.session.changed_count();
    let current = s.panel.tab;
    // Arrow keys move between tabs (the ARIA tabs pattern); Tab leaves the list.
    let onkeydown = {
        let d = p.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % Tab::ALL.len(),
                "ArrowLeft" => (i + Tab::ALL.len() - 1) % Tab::ALL.len(),
                "Home" => 0,
                "End" => Tab::ALL.len() - 1,
                _ => return,
            };
            e.prevent_default();
            d.emit(Action::Tab(Tab::ALL[next]));
        })
    };
    let tab = |t: Tab, label: &'static str, badge: Option<(&'static str, usize)>| {
        html! {
            <TabButton tab={t} {label} selected={current == t} {badge}
                focus={s.focus_for(Focus::Tab(t))} dispatch={p.dispatch.clone()} />
        }
    };
    html! {
        <div class="pane-head tabs" role="tablist" aria-label="Findings, changes and report" {onkeydown}>
            { tab(Tab::Findings, "Findings", Some(("count", p.findings))) }
            { tab(Tab::Changes, "Changes", (changed > 0).then_some(("changes-count", changed))) }
            { tab(Tab::Report, "Report", None) }
        </div>
    }
}

/// "Apply all safe fixes": the button in the findings toolbar.
#[function_component(FixAllButton)]
pub fn fix_all_button(p: &Props) -> Html {
    let node = use_node_ref();
    use_focus(node.clone(), p.state.focus_for(Focus::FixAll));
    let n = if p.state.fresh() {
        model::safe_fix_count(&p.state.report)
    } else {
        0
    };
    html! {
        <button type="button" id="fix-all" class="btn small-btn" disabled={n == 0} ref={node}
            title={if n == 0 { "No finding has a safe fix".to_string() } else { format!("Review the combined diff of {n} safe fix{} first", if n == 1 { "" } else { "es" }) }}
            onclick={p.dispatch.reform(|_| Action::ReviewFixAll)}>
            { icon(icons::CHECK) }{ "Apply all safe fixes" }
            if n > 0 { <span class="total">{ n }</span> }
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
    pub plan: Rc<FixPlan>,
}

/// The combined diff of every safe fix, file by file, with Apply and Cancel.
#[function_component(FixAllReview)]
pub fn fix_all_review(p: &ReviewProps) -> Html {
    let apply = use_node_ref();
    use_focus(apply.clone(), p.state.focus_for(Focus::FixAllApply));
    let (s, d, plan) = (&p.state, &p.dispatch, &p.plan);
    let stale = plan.rev != s.session.rev;
    let n = plan.fix_count();
    let sbs = s.panel.side_by_side;
    let files = plan.files.iter().map(|f| {
        let diff = FixPlan::diff(f);
        let titles = f.applied.iter().map(
            |(rule, title)| html! { <li><code>{ *rule }</code>{ " " }{ super::findings::inline(title) }</li> },
        );
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
                <LayoutToggle side_by_side={sbs} dispatch={d.clone()} />
            </div>
            <p class="muted small review-note">
                { "Safe fixes keep the build's behaviour. Fixes that only become possible after others are included, so this is the whole result. One Undo takes it all back." }
            </p>
            if stale {
                <p class="fix-error" role="alert">
                    { "The files changed since this was computed. " }
                    <button type="button" class="link-btn" onclick={d.reform(|_| Action::ReviewFixAll)}>{ "Review again" }</button>
                </p>
            }
            <div class="review-body" tabindex="0" role="region" aria-label="Combined diff">{ for files }</div>
            <div class="fix-actions review-actions">
                <button type="button" id="fix-all-apply" class="btn primary" disabled={stale} ref={apply}
                    onclick={d.reform(|_| Action::ApplyFixAll)}>
                    { icon(icons::CHECK) }{ "Apply" }
                </button>
                <button type="button" id="fix-all-cancel" class="btn"
                    onclick={d.reform(|_| Action::CancelFixAll)}>
                    { "Cancel" }
                </button>
            </div>
        </div>
    }
}

/// Every file against its original: what was changed since it was opened or pasted in.
#[function_component(ChangesTab)]
pub fn changes_tab(p: &Props) -> Html {
    let (s, d) = (&p.state, &p.dispatch);
    let changes = s.session.changes();
    let sbs = s.panel.side_by_side;
    let rows = changes.iter().map(|c| {
        let id = c.id;
        html! {
            <section class="change" data-path={c.path.clone()}>
                <h3 class="change-head">
                    <button type="button" class="link-btn change-path" title={format!("Open {}", c.path)}
                        onclick={d.reform(move |_| Action::Open(id))}>{ c.path.clone() }</button>
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
                if !changes.is_empty() { <LayoutToggle side_by_side={sbs} dispatch={d.clone()} /> }
            </div>
            if changes.is_empty() {
                <div id="no-changes" class="clean">
                    <p><strong>{ "No changes yet." }</strong></p>
                    <p class="muted">{ "Applied fixes and edits show up here as a diff against each file's original." }</p>
                </div>
            } else {
                <div id="changes" class="changes" tabindex="0" role="region" aria-label="Changes to the files">{ for rows }</div>
            }
        </div>
    }
}
