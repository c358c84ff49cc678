//! The right panel and its Findings tab: parse errors and findings for every file, and for the
//! selected one its explanation from the rule docs and, when it has a fix, the fix as a diff
//! (unified or side by side) with Apply. The other tabs live in changes.rs and report.rs.

use super::changes::{ChangesTab, FixAllButton, FixAllReview, Tabs};
use super::diff_view::{diff_block, LayoutToggle};
use super::files::plural;
use super::report::ReportTab;
use super::state::{Action, Focus, StateRef, Tab};
use super::{icon, icons, scroll_into_view, use_focus};
use crate::model::{self, Item, Key};
use shipshape_core::fix::apply_edits;
use shipshape_core::lint::find_rule;
use shipshape_core::{diff, Applicability, Finding, Severity};
use std::rc::Rc;
use yew::prelude::*;

/// Text with `code` runs (rule docs and messages use backticks and no other markup).
pub(super) fn inline(s: &str) -> Html {
    let runs = model::code_runs(s).into_iter().map(|(code, t)| {
        if code {
            html! { <code>{ t.to_string() }</code> }
        } else {
            html! { { t.to_string() } }
        }
    });
    html! { { for runs } }
}

pub(super) fn prose(s: &str) -> Html {
    let paras = s
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| html! { <p>{ inline(p) }</p> });
    html! { { for paras } }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

fn view_fix(s: &StateRef, d: &Callback<Action>, f: &Finding) -> Html {
    let Some(fix) = &f.fix else {
        return html! {};
    };
    let Some(doc) = s.session.by_path(&f.file) else {
        return html! {};
    };
    let fresh = s.fresh();
    let new = apply_edits(&doc.text, &fix.edits);
    let (body, can_apply) = match &new {
        Ok(new) if fresh => (
            diff_block(
                &diff::unified(&f.file, &doc.text, new, 2),
                "Fix as a diff",
                s.panel.side_by_side,
            ),
            true,
        ),
        Ok(_) => (
            html! { <p class="muted">{ "Waiting for the lint to catch up with your typing…" }</p> },
            false,
        ),
        Err(e) => (
            html! { <p class="fix-error">{ format!("This fix no longer applies to the text: {e}.") }</p> },
            false,
        ),
    };
    let safe = fix.applicability == Applicability::Safe;
    let key = Item::Finding(f).key();
    html! {
        <div class="fix">
            <div class="fix-head">
                <h3>{ "Suggested fix" }</h3>
                <span class={classes!("badge", if safe { "safe" } else { "unsafe" })}
                    title={if safe { "Keeps the build's behaviour" } else { "Changes behaviour: review the diff" }}>
                    { if safe { "safe" } else { "review" } }
                </span>
                <LayoutToggle side_by_side={s.panel.side_by_side} dispatch={d.clone()} />
            </div>
            <p class="fix-title">{ fix.title.clone() }</p>
            { body }
            <div class="fix-actions">
                <button type="button" class="btn primary apply" disabled={!can_apply}
                    onclick={d.reform(move |_| Action::Apply(key.clone()))}>
                    { icon(icons::CHECK) }{ "Apply fix" }
                </button>
                <span class="muted small">{ "Undo restores the previous text; so does Ctrl+Z in the editor." }</span>
            </div>
        </div>
    }
}

fn view_detail(s: &StateRef, d: &Callback<Action>, item: Item<'_>) -> Html {
    let f = match item {
        Item::Error(e) => {
            return html! {
                <div class="detail" role="region" aria-label="Parse error">
                    <p>{ format!("shipshape could not parse {} at line {}, column {}. ", e.file, e.line, e.column) }
                       { "The parser recovers at the next line, so the rest of the file is still checked, but findings near this line may be missing." }</p>
                    <p class="muted">{ "Your text is left exactly as you typed it." }</p>
                </div>
            };
        }
        Item::Finding(f) => f,
    };
    let meta = find_rule(f.rule);
    let aliases = if f.aliases.is_empty() {
        html! {}
    } else {
        html! { <p class="aliases">{ "Also known as " }{ for f.aliases.iter().map(|a| html! { <code>{ *a }</code> }) }</p> }
    };
    let Some(meta) = meta else {
        return html! { <div class="detail">{ aliases }{ view_fix(s, d, f) }</div> };
    };
    let refs = meta.references().iter().map(|r| {
        html! { <li><a href={*r} target="_blank" rel="noopener noreferrer">{ *r }</a></li> }
    });
    let docs = s.docs == super::docs::Docs::Ready;
    html! {
        <div class="detail" role="region" aria-label={format!("About {}", f.rule)}>
            <p class="summary">
                <strong>{ inline(meta.summary()) }</strong>
                <span class="category">{ meta.category.as_str() }</span>
                <a class="rule-page-link" href={crate::route::Route::Rule(meta.id.into()).href()}>{ "Rule page" }</a>
            </p>
            if docs {
                <div class="why">{ prose(meta.why()) }</div>
            } else {
                { super::docs::placeholder(&s.docs) }
            }
            { view_fix(s, d, f) }
            if docs {
                <details class="rule-example">
                    <summary>{ "Example" }</summary>
                    <div class="ex-grid">
                        <div><h4 class="bad">{ "Flagged" }</h4><pre tabindex="0" aria-label="Flagged example">{ meta.bad().trim_end() }</pre></div>
                        <div><h4 class="good">{ "Fine" }</h4><pre tabindex="0" aria-label="Fine example">{ meta.good().trim_end() }</pre></div>
                    </div>
                </details>
            }
            { aliases }
            if !meta.references().is_empty() {
                <div class="refs"><h4>{ "Learn more" }</h4><ul>{ for refs }</ul></div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    item_key: Key,
    file: String,
    line: usize,
    column: usize,
    severity: Severity,
    rule: Option<&'static str>,
    message: String,
    has_fix: bool,
    selected: bool,
    /// Focus the row's button (a gutter marker chose it).
    focus: Option<u64>,
    /// Scroll the row into view (a reveal chose it).
    reveal: Option<u64>,
    dispatch: Callback<Action>,
    /// The explanation, for the selected row.
    #[prop_or_default]
    children: Html,
}

/// One finding of the list; keyed, and redrawn only when its own props change.
#[function_component(FindingRow)]
fn finding_row(p: &RowProps) -> Html {
    let li = use_node_ref();
    let btn = use_node_ref();
    use_focus(btn.clone(), p.focus);
    {
        let li = li.clone();
        use_effect_with(p.reveal, move |r| {
            if r.is_some() {
                if let Some(el) = li.cast::<web_sys::Element>() {
                    scroll_into_view(&el, false);
                }
            }
        });
    }
    let sev = p.severity;
    let (rule_label, is_error) = match p.rule {
        Some(r) => (r, false),
        None => ("parse error", true),
    };
    let key = p.item_key.clone();
    html! {
        <li ref={li} class={classes!("finding", format!("sev-{}", sev.as_str()), p.selected.then_some("selected"), is_error.then_some("parse-error"))}
            data-rule={if is_error { "parse-error" } else { rule_label }}
            data-severity={sev.as_str()} data-file={p.file.clone()}
            data-line={p.line.to_string()}>
            <button type="button" class="finding-btn" aria-expanded={p.selected.to_string()} ref={btn}
                onclick={p.dispatch.reform(move |_| Action::Select(key.clone()))}>
                <span class="sev-icon" aria-hidden="true"></span>
                <span class="f-body">
                    <span class="f-msg">{ inline(&p.message) }</span>
                    <span class="f-meta">
                        <span class="sev">{ sev.as_str() }</span>
                        <code class="rule">{ rule_label }</code>
                        <span class="loc"><bdi>{ p.file.clone() }</bdi>{ format!(":{}:{}", p.line, p.column) }</span>
                        if p.has_fix { <span class="badge fixable">{ "fix" }</span> }
                    </span>
                </span>
            </button>
            { p.children.clone() }
        </li>
    }
}

/// The list's rows: one per finding (the selected one with its explanation), grouped by file.
fn finding_rows(s: &StateRef, d: &Callback<Action>, items: &[Item<'_>]) -> Html {
    let selected = s.selected_index(items);
    let multi = s.session.docs().len() > 1;
    let reveal = s
        .reveal
        .filter(|r| r.what == super::state::Reveal::Selected)
        .map(|r| r.seq);
    let mut rows: Vec<Html> = Vec::new();
    let mut last_file: Option<&str> = None;
    // Row keys say which finding a row is, not where: the file, rule and message, and which repeat
    // of them. Typing moves every offset after the caret; the rows stay (only what they show of
    // their place is patched) instead of all being drawn again.
    let mut seen: std::collections::HashMap<(&str, Option<&str>, &str), usize> =
        std::collections::HashMap::new();
    for (n, item) in items.iter().enumerate() {
        if multi && last_file != Some(item.file()) {
            let file = item.file();
            let k = items.iter().filter(|i| i.file() == file).count();
            rows.push(html! {
                <li key={format!("group:{file}")} class="group">
                    <bdi>{ file.to_string() }</bdi><span class="muted">{ k }</span>
                </li>
            });
            last_file = Some(file);
        }
        let is_sel = selected == Some(n);
        let detail = if is_sel {
            view_detail(s, d, *item)
        } else {
            Html::default()
        };
        let repeat = seen
            .entry((item.file(), item.rule(), item.message()))
            .or_insert(0);
        *repeat += 1;
        let key = format!(
            "{}\u{0}{}\u{0}{}\u{0}{repeat}",
            item.file(),
            item.rule().unwrap_or(""),
            item.message()
        );
        rows.push(html! {
            <FindingRow {key}
                item_key={item.key()} file={item.file().to_string()} line={item.line()}
                column={item.column()} severity={item.severity()} rule={item.rule()}
                message={item.message().to_string()}
                has_fix={matches!(item, Item::Finding(f) if f.fix.is_some())}
                selected={is_sel}
                focus={if is_sel { s.focus_for(Focus::SelectedFinding) } else { None }}
                reveal={if is_sel { reveal } else { None }}
                dispatch={d.clone()}>
                { detail }
            </FindingRow>
        });
    }
    html! { { for rows } }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    state: StateRef,
    dispatch: Callback<Action>,
}

/// The rows, rebuilt only when what they show changes: not on every keystroke in a large file
/// (its lint waits for a pause) or on a change elsewhere in the page.
#[function_component(FindingList)]
fn finding_list(p: &ListProps) -> Html {
    let s = &p.state;
    let deps = (
        Rc::as_ptr(&s.report) as usize,
        s.selected.clone(),
        s.focus_for(Focus::SelectedFinding),
        s.reveal.map(|r| r.seq),
        s.panel.side_by_side,
        // The explanation's fix diff is made against the text as it is, once linted.
        s.selected.as_ref().map(|_| (s.session.rev, s.fresh())),
        s.session
            .docs()
            .iter()
            .map(|d| d.path.clone())
            .collect::<Vec<_>>(),
        // The explanation's text arrives with the rules' documentation (`docs.rs`).
        s.docs.clone(),
    );
    let rows = use_memo(deps, |_| finding_rows(s, &p.dispatch, &s.items()));
    (*rows).clone()
}

fn findings_tab(s: &StateRef, d: &Callback<Action>, items: &[Item<'_>]) -> Html {
    let count = |sv: Severity| items.iter().filter(|i| i.severity() == sv).count();
    let chips = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ]
    .into_iter()
    .filter_map(|sv| {
        let n = count(sv);
        (n > 0).then(|| {
            html! {
                <span class={classes!("chip", format!("sev-{}", sv.as_str()))}>
                    <span class="dot"></span>{ format!("{n} {}{}", sv.as_str(), if sv == Severity::Style { "" } else { plural(n) }) }
                </span>
            }
        })
    });
    let rows = html! { <FindingList state={s.clone()} dispatch={d.clone()} /> };
    let files = s.session.docs().len();
    html! {
        <div id="panel-findings" class="tab-panel" role="tabpanel" aria-labelledby="tab-findings">
            <div class="toolbar list-head">
                <span class="chips">{ for chips }</span>
                <span class="spacer"></span>
                <FixAllButton state={s.clone()} dispatch={d.clone()} />
            </div>
            if items.is_empty() {
                <div id="clean" class="clean">
                    { icon(icons::CHECK) }
                    <p><strong>{ "No findings." }</strong></p>
                    <p class="muted">{ format!("{} file{} checked against {} rules.", files, plural(files), shipshape_core::lint::all_rules().len()) }</p>
                </div>
            }
            if let Some(f) = s.lint_failed.as_ref() {
                <p id="findings-stale" class="stale-note" role="status">
                    { "Out of date: these findings are from before the last change, which could not be linted (" }
                    { for f.files.iter().enumerate().map(|(i, n)| html! { <>{ if i == 0 { "" } else { ", " } }<bdi class="user">{ n.clone() }</bdi></> }) }
                    { ")." }
                </p>
            }
            <ul id="findings" class={classes!("finding-list", s.lint_failed.is_some().then_some("stale"))} aria-label="Findings">{ rows }</ul>
            if s.omitted > 0 {
                <p id="findings-omitted" class="muted omitted">
                    { inline(&format!("{} more finding{} not listed: the page shows the first {}. `shipshape lint` lists them all.", s.omitted, plural(s.omitted), crate::worker::MAX_FINDINGS)) }
                </p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NoticeProps {
    text: String,
    undo: bool,
    focus: Option<u64>,
    dispatch: Callback<Action>,
}

#[function_component(NoticeBar)]
fn notice_bar(p: &NoticeProps) -> Html {
    let undo = use_node_ref();
    use_focus(undo.clone(), p.focus);
    html! {
        <div class="notice" role="status">
            <span>{ p.text.clone() }</span>
            if p.undo {
                <button type="button" id="notice-undo" class="link-btn" ref={undo}
                    onclick={p.dispatch.reform(|_| Action::Undo)}>{ "Undo" }</button>
            }
            <button type="button" class="ghost dismiss" aria-label="Dismiss"
                onclick={p.dispatch.reform(|_| Action::DismissNotice)}>{ icon(icons::CLOSE) }</button>
        </div>
    }
}

/// The right panel: tabs, the last action's notice, and the tab's body.
#[function_component(Problems)]
pub fn problems(p: &Props) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    let items = s.items();
    let selected = s.selected_index(&items);
    let selected_has_fix =
        selected.is_some_and(|i| matches!(items[i], Item::Finding(f) if f.fix.is_some()));
    let wide = s.panel.tab != Tab::Findings
        || s.panel.plan.is_some()
        || (s.panel.side_by_side && selected_has_fix);
    let notice = s.notice.as_ref().map(|n| {
        html! {
            <NoticeBar text={n.text.clone()} undo={n.undo && s.session.undo_label().is_some()}
                focus={s.focus_for(Focus::NoticeUndo)} dispatch={d.clone()} />
        }
    });
    let body = match (s.panel.tab, &s.panel.plan) {
        (Tab::Findings, Some(plan)) => html! {
            <FixAllReview state={s.clone()} dispatch={d.clone()} plan={plan.clone()} />
        },
        (Tab::Findings, None) => findings_tab(s, d, &items),
        (Tab::Changes, _) => html! { <ChangesTab state={s.clone()} dispatch={d.clone()} /> },
        (Tab::Report, _) => html! { <ReportTab state={s.clone()} dispatch={d.clone()} /> },
    };
    html! {
        <section class={classes!("problems", wide.then_some("wide"))} aria-label="Findings, changes and report">
            <Tabs state={s.clone()} dispatch={d.clone()} findings={items.len()} />
            { notice.unwrap_or_default() }
            <p class="sr-only" aria-live="polite">{ format!("{} finding{}", items.len(), plural(items.len())) }</p>
            { body }
        </section>
    }
}
