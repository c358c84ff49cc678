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
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
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
    /// Its place in the whole list and the list's length, when only part of the list is drawn.
    position: Option<(usize, usize)>,
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
            data-line={p.line.to_string()}
            aria-posinset={p.position.map(|(at, _)| at.to_string())}
            aria-setsize={p.position.map(|(_, n)| n.to_string())}>
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

/// Past this many entries (rows and file headings) the list draws only those in and near its view,
/// and blank room of the rows' measured height for the rest: a thousand drawn rows cost every
/// keystroke's frame tens of milliseconds of layout, and nobody reads them at once.
const WINDOW_PAST: usize = 300;
/// Entries drawn past each edge of the view, so a scroll shows drawn rows while the next are made.
const OVERSCAN: usize = 12;
/// The window moves in steps of this many entries, so small scrolls draw nothing again.
const STEP: usize = 8;
/// A row's height (px) until one is measured.
const ROW_GUESS: f64 = 52.0;

/// One entry of the list: a file's heading (workspaces of several files), or the item at this
/// index of the list's items.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Group(usize),
    Row(usize),
}

/// The list's entries in order, each file's heading (its first item's index) before its rows.
fn entries(items: &[Item<'_>], multi: bool) -> Vec<Entry> {
    let mut out = Vec::with_capacity(items.len() + 1);
    let mut last_file: Option<&str> = None;
    for (n, item) in items.iter().enumerate() {
        if multi && last_file != Some(item.file()) {
            out.push(Entry::Group(n));
            last_file = Some(item.file());
        }
        out.push(Entry::Row(n));
    }
    out
}

/// What of the list one render draws.
#[derive(Clone, PartialEq)]
struct Drawn {
    /// The entries drawn (all of them below [`WINDOW_PAST`]).
    range: std::ops::Range<usize>,
    /// A reveal of the selected finding not yet carried out.
    reveal: Option<u64>,
    /// A focus request for the selected finding not yet carried out.
    focus: Option<u64>,
    /// The whole list's length, told to assistive technology when only part of it is drawn.
    set_size: Option<usize>,
}

/// The drawn rows (the selected one with its explanation), file headings among them. A window
/// that starts inside a file's rows draws that file's heading first, where it sticks to the top.
fn finding_rows(
    s: &StateRef,
    d: &Callback<Action>,
    items: &[Item<'_>],
    entries: &[Entry],
    drawn: &Drawn,
) -> Html {
    let selected = s.selected_index(items);
    // Row keys say which finding a row is, not where: the file, rule and message, and which repeat
    // of them. Typing moves every offset after the caret; the rows stay (only what they show of
    // their place is patched) instead of all being drawn again.
    let mut seen: std::collections::HashMap<(&str, Option<&str>, &str), usize> =
        std::collections::HashMap::new();
    let repeats: Vec<usize> = items
        .iter()
        .map(|item| {
            let n = seen
                .entry((item.file(), item.rule(), item.message()))
                .or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    let group = |first: usize, at: Option<usize>| {
        let file = items[first].file();
        let k = items.iter().filter(|i| i.file() == file).count();
        let (at, size) = match (at, drawn.set_size) {
            (Some(at), Some(n)) => (Some((at + 1).to_string()), Some(n.to_string())),
            _ => (None, None),
        };
        html! {
            <li key={format!("group:{file}")} class="group" aria-posinset={at} aria-setsize={size}>
                <bdi>{ file.to_string() }</bdi><span class="muted">{ k }</span>
            </li>
        }
    };
    let mut rows: Vec<Html> = Vec::with_capacity(drawn.range.len() + 1);
    if let Some(Entry::Row(first)) = entries.get(drawn.range.start) {
        if drawn.range.start > 0 && entries.len() > items.len() {
            let file = items[*first].file();
            let head = items
                .iter()
                .position(|i| i.file() == file)
                .unwrap_or(*first);
            let at = entries.iter().position(|e| *e == Entry::Group(head));
            rows.push(group(head, at));
        }
    }
    for (at, entry) in entries[drawn.range.clone()].iter().enumerate() {
        let n = match *entry {
            Entry::Group(first) => {
                rows.push(group(first, Some(drawn.range.start + at)));
                continue;
            }
            Entry::Row(n) => n,
        };
        let item = &items[n];
        let is_sel = selected == Some(n);
        let detail = if is_sel {
            view_detail(s, d, *item)
        } else {
            Html::default()
        };
        let key = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            item.file(),
            item.rule().unwrap_or(""),
            item.message(),
            repeats[n]
        );
        rows.push(html! {
            <FindingRow {key}
                item_key={item.key()} file={item.file().to_string()} line={item.line()}
                column={item.column()} severity={item.severity()} rule={item.rule()}
                message={item.message().to_string()}
                has_fix={matches!(item, Item::Finding(f) if f.fix.is_some())}
                selected={is_sel}
                focus={if is_sel { drawn.focus } else { None }}
                reveal={if is_sel { drawn.reveal } else { None }}
                position={drawn.set_size.map(|size| (drawn.range.start + at + 1, size))}
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

/// The list. Its rows are rebuilt only when what they show changes: not on every keystroke in a
/// large file (its lint waits for a pause) or on a change elsewhere in the page. Past
/// [`WINDOW_PAST`] entries it draws a window of them that follows the scroll, between two blank
/// rows as tall as the entries they stand for, and moves to the selected finding when something
/// asks to reveal or focus it (F8, a gutter marker, a link).
#[function_component(FindingList)]
fn finding_list(p: &ListProps) -> Html {
    let s = &p.state;
    let list = use_node_ref();
    let (above, below) = (use_node_ref(), use_node_ref());
    // Where the window is: its first entry, how many entries the view holds, the rows' measured
    // height, and the list's length. Also the reveal and focus requests already carried out (a row
    // drawn again as the window comes back to it must not scroll the list or take the focus a
    // second time).
    let view = use_mut_ref(|| View {
        first: 0,
        fits: 20,
        row_h: ROW_GUESS,
        total: 0,
    });
    let done = use_mut_ref(|| (None::<u64>, None::<u64>));
    let redraw = use_force_update();

    let paths: Vec<String> = s.session.docs().iter().map(|d| d.path.clone()).collect();
    // The entries follow the report and the files' order: sorted into place once per lint, not
    // on every render (every keystroke renders the list).
    let entries = use_memo((Rc::as_ptr(&s.report) as usize, paths.clone()), |_| {
        entries(&s.items(), s.session.docs().len() > 1)
    });
    let windowed = entries.len() > WINDOW_PAST;
    view.borrow_mut().total = entries.len();
    let fresh = |want: Option<u64>, had: Option<u64>| want.filter(|_| want != had);
    let asked = (
        s.reveal
            .filter(|r| r.what == super::state::Reveal::Selected)
            .map(|r| r.seq),
        s.focus_for(Focus::SelectedFinding),
    );
    let (reveal, focus) = {
        let had = *done.borrow();
        (fresh(asked.0, had.0), fresh(asked.1, had.1))
    };
    // Where the selected finding is, when a request for it waits.
    let wanted = (reveal.is_some() || focus.is_some())
        .then(|| s.selected_index(&s.items()))
        .flatten()
        .and_then(|i| entries.iter().position(|e| *e == Entry::Row(i)));
    let range = if windowed {
        let mut v = view.borrow_mut();
        let span = v.span();
        if let Some(at) = wanted.filter(|at| !(v.first..v.first + span).contains(at)) {
            v.first = at.saturating_sub(span / 2) / STEP * STEP;
        }
        // A shorter list than the window was made for (a lint with fewer findings).
        v.first = v.first.min(entries.len().saturating_sub(span));
        v.first..(v.first + span).min(entries.len())
    } else {
        0..entries.len()
    };
    // A request is carried out by the render that draws the selected row.
    let carried = wanted.is_some_and(|at| range.contains(&at));
    let drawn = Drawn {
        range: range.clone(),
        reveal: reveal.filter(|_| carried),
        focus: focus.filter(|_| carried),
        set_size: windowed.then_some(entries.len()),
    };
    let deps = (
        Rc::as_ptr(&s.report) as usize,
        s.selected.clone(),
        drawn.clone(),
        s.panel.side_by_side,
        // The explanation's fix diff is made against the text as it is, once linted.
        s.selected.as_ref().map(|_| (s.session.rev, s.fresh())),
        paths,
        // The explanation's text arrives with the rules' documentation (`docs.rs`).
        s.docs.clone(),
    );
    let rows = use_memo(deps, |_| {
        finding_rows(s, &p.dispatch, &s.items(), &entries, &drawn)
    });

    // After each render: the requests carried out, the blank rows' heights, and the view measured
    // again (a change of the rows' height past 5%, or of what fits, draws the window again).
    {
        let (list, above, below, view, done, redraw) = (
            list.clone(),
            above.clone(),
            below.clone(),
            view.clone(),
            done.clone(),
            redraw.clone(),
        );
        let h = view.borrow().row_h;
        let deps = (
            Rc::as_ptr(&rows) as usize,
            range,
            h.to_bits(),
            asked,
            carried,
        );
        use_effect_with(deps, move |(_, range, _, asked, carried)| {
            if *carried {
                *done.borrow_mut() = *asked;
            }
            if !windowed {
                return;
            }
            let total = view.borrow().total;
            let room = |el: &NodeRef, n: usize| {
                if let Some(el) = el.cast::<web_sys::HtmlElement>() {
                    let _ = el
                        .style()
                        .set_property("height", &format!("{}px", (n as f64 * h).round()));
                }
            };
            room(&above, range.start);
            room(&below, total.saturating_sub(range.end));
            let Some(el) = list.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let measured = measured_row_height(&el).filter(|m| (m - h).abs() > h * 0.05);
            let mut v = view.borrow_mut();
            if let Some(m) = measured {
                v.row_h = m;
            }
            // A render that revealed the selected row has scrolled to it (its row's effect): the
            // scroll event that makes moves the window, not the scroll position from before.
            if (!*carried && v.follow(&el)) || measured.is_some() {
                redraw.force_update();
            }
        });
    }

    // Scrolling (of the list in the wide layout, of the page in the narrow one) and resizing move
    // the window. Scroll events do not bubble: the window hears them all while they are captured,
    // and lets those of other scrollers (the editor's, as the caret moves) go.
    {
        let (list, view, redraw) = (list.clone(), view.clone(), redraw.clone());
        use_effect_with((), move |_| {
            let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                let Some(el) = list.cast::<web_sys::Element>() else {
                    return;
                };
                let ours = e.target().is_none_or(|t| {
                    let (t, el): (&wasm_bindgen::JsValue, &wasm_bindgen::JsValue) =
                        (t.as_ref(), el.as_ref());
                    t == el || t.is_instance_of::<web_sys::Document>()
                });
                if e.type_() == "scroll" && !ours {
                    return;
                }
                let moved = {
                    let mut v = view.borrow_mut();
                    v.total > WINDOW_PAST && v.follow(&el)
                };
                if moved {
                    redraw.force_update();
                }
            });
            let w = web_sys::window();
            if let Some(w) = &w {
                let f = cb.as_ref().unchecked_ref();
                let _ = w.add_event_listener_with_callback_and_bool("scroll", f, true);
                let _ = w.add_event_listener_with_callback("resize", f);
            }
            move || {
                if let Some(w) = w {
                    let f = cb.as_ref().unchecked_ref();
                    let _ = w.remove_event_listener_with_callback_and_bool("scroll", f, true);
                    let _ = w.remove_event_listener_with_callback("resize", f);
                }
            }
        });
    }

    let spacer = |r: NodeRef, key: &'static str| {
        html! { <li key={key} ref={r} class="spacer" aria-hidden="true"></li> }
    };
    html! {
        <ul id="findings" ref={list}
            class={classes!("finding-list", s.lint_failed.is_some().then_some("stale"))}
            aria-label="Findings">
            if windowed { { spacer(above, "spacer:above") } }
            { (*rows).clone() }
            if windowed { { spacer(below, "spacer:below") } }
        </ul>
    }
}

/// Where a long list's window is (see [`FindingList`]).
struct View {
    /// The first entry drawn (a multiple of [`STEP`]).
    first: usize,
    /// How many entries the visible part of the list holds.
    fits: usize,
    /// The rows' measured height (px).
    row_h: f64,
    /// The list's length.
    total: usize,
}

impl View {
    /// How many entries a window draws.
    fn span(&self) -> usize {
        self.fits + 2 * OVERSCAN + STEP
    }

    /// Moves the window to what of `list` is in view now; whether it moved. The list scrolls
    /// itself in the wide layout; in the narrow one it is as tall as its rows and the page
    /// scrolls, so what is in view is where the list's box meets the window's.
    fn follow(&mut self, list: &web_sys::Element) -> bool {
        let rect = list.get_bounding_client_rect();
        let window_h = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0);
        let top = f64::from(list.scroll_top()) + (-rect.top()).max(0.0);
        let seen = (rect.bottom().min(window_h) - rect.top().max(0.0))
            .clamp(0.0, f64::from(list.client_height()));
        let first = ((top / self.row_h) as usize).saturating_sub(OVERSCAN) / STEP * STEP;
        let fits = (seen / self.row_h).ceil() as usize;
        let moved = first != self.first || fits != self.fits;
        self.first = first;
        self.fits = fits;
        moved
    }
}

/// The mean height of the drawn rows that are not selected (the selected one holds its
/// explanation), or `None` before any is drawn.
fn measured_row_height(list: &web_sys::HtmlElement) -> Option<f64> {
    let rows = list
        .query_selector_all(":scope > li.finding:not(.selected)")
        .ok()?;
    let n = rows.length();
    let sum: f64 = (0..n)
        .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|li| f64::from(li.offset_height()))
        .sum();
    (n > 0 && sum > 0.0).then(|| sum / f64::from(n))
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
            { rows }
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
