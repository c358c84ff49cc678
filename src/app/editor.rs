//! The editor: a plain textarea (so typing, IME, undo and accessibility are the browser's own) over
//! a backdrop that draws the syntax highlighting (`shipshape_core::highlight`), finding highlights
//! and inline parse errors, beside a line-number gutter whose markers are buttons. Hovering an
//! underlined span, or putting the caret (or keyboard focus) on one or on a marker, shows the
//! finding's message in a tooltip the textarea or marker is described by.

use super::files::kind_class;
use super::state::{Action, Reveal, StateRef};
use super::{dom, scroll_into_view};
use crate::model::{self, Item, LineView, Mark, Seg};
use shipshape_core::highlight::TokenKind;
use shipshape_core::highlight::{self, Language};
use shipshape_core::{FileKind, Severity, Span};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Vertical padding of the code (static/style.css `--pad-y`): used to scroll to a line.
const PAD_Y_PX: f64 = 12.0;
/// Files larger than this, or with more lines than [`PLAIN_LINES`], are shown as plain text: no
/// syntax colours, line numbers, markers or underlines (drawing those for hundreds of thousands of
/// lines would stall the page). Their findings are in the list as usual.
pub const PLAIN_BYTES: usize = 512 * 1024;
pub const PLAIN_LINES: usize = 10_000;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

/// A finding of the open file, as the gutter and tooltips need it.
#[derive(Clone, Debug, PartialEq)]
struct Info {
    start: usize,
    end: usize,
    line: usize,
    severity: Severity,
    /// Its place in the state's items (`State::items`): the tooltip's label is made from it when
    /// a tooltip shows, not for every finding on every lint.
    item: usize,
}

/// A finding's line in the editor's tooltip.
fn tip_label(i: &Item<'_>) -> String {
    format!(
        "{} {}: {}",
        i.severity().as_str(),
        i.rule().unwrap_or("parse error"),
        model::bidi_isolate(&i.message().replace('`', ""))
    )
}

/// What the backdrop and gutter draw, computed once per change of text, findings or selection.
struct View {
    lines: Rc<Vec<Rc<LineView>>>,
    gutter: Rc<Vec<Option<Severity>>>,
    infos: Rc<Vec<Info>>,
    /// Microseconds the syntax highlighter took.
    hl_us: u64,
    /// Lines of the text.
    line_count: usize,
    /// Shown as plain text (over [`PLAIN_BYTES`]).
    plain: bool,
}

/// Where the tooltip comes from and what it shows.
#[derive(Clone, Debug, PartialEq)]
struct Tip {
    ids: Vec<usize>,
    from: TipFrom,
    x: f64,
    y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum TipFrom {
    Hover,
    Caret,
    Gutter(usize),
}

/// Maps a finding's span in the linted text to the text now (`None`: wait for the lint).
type SpanMover = dyn Fn(usize, usize) -> Option<(usize, usize)>;

/// The open file's syntax tokens, worked out once per text (not again when only its findings or
/// the selection change), and whether it is drawn as plain text instead.
struct Tokens {
    tokens: Vec<(Span, TokenKind)>,
    plain: bool,
    /// Microseconds the syntax highlighter took.
    us: u64,
}

fn tokenize(doc: &model::Doc) -> Tokens {
    let plain = doc.text.len() > PLAIN_BYTES
        || doc.text.bytes().filter(|&b| b == b'\n').count() >= PLAIN_LINES;
    let t0 = super::now_ms();
    let tokens = if plain {
        Vec::new()
    } else {
        highlight::highlight(&doc.text, Language::of(doc.kind(), &doc.path))
    };
    Tokens {
        tokens,
        plain,
        us: ((super::now_ms() - t0) * 1000.0) as u64,
    }
}

fn compute(state: &super::state::State, tk: &Tokens) -> View {
    let doc = state.session.active();
    let fresh = state.fresh();
    let items = state.items();
    let selected = state.selected_index(&items).map(|i| items[i].key());
    // While a large file waits for its lint, the last findings move with the edits (so only the
    // edited line is redrawn); findings inside the edited stretch wait for the lint.
    let linted = state
        .linted
        .iter()
        .find(|(p, _)| *p == doc.path)
        .map(|(_, t)| t.clone());
    let mover: Box<SpanMover> = match (&linted, fresh) {
        (_, true) => Box::new(|s, e| Some((s, e))),
        (Some(old), false) => Box::new(model::span_mover(old, &doc.text)),
        (None, false) => Box::new(|_, _| None),
    };
    let index = shipshape_core::LineIndex::new(&doc.text);
    let mine: Vec<(Item<'_>, usize, usize, usize)> = items
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, i)| i.file() == doc.path)
        .filter_map(|(n, i)| {
            let r = i.span();
            mover(r.start, r.end).map(|(s, e)| (i, s, e, n))
        })
        .collect();
    let marks: Vec<Mark> = mine
        .iter()
        .enumerate()
        .map(|(n, (i, s, e, _))| Mark {
            range: *s..*e,
            severity: i.severity(),
            selected: selected.as_ref().is_some_and(|k| i.is(k)),
            id: n,
        })
        .collect();
    // An empty file shows the placeholder instead; its error stays in the strip and the list.
    let lenses: Vec<(usize, Severity, String)> = mine
        .iter()
        .filter(|(i, ..)| fresh && matches!(i, Item::Error(_)) && !doc.text.trim().is_empty())
        .map(|(e, s, ..)| {
            (
                model::line_end(&doc.text, *s),
                Severity::Error,
                format!(
                    "  ← {}:{} {}",
                    e.line(),
                    e.column(),
                    model::bidi_isolate(e.message())
                ),
            )
        })
        .collect();
    let plain = tk.plain;
    let t0 = super::now_ms();
    let lines = if plain {
        Rc::new(Vec::new())
    } else {
        let pieces = model::pieces(&doc.text, &marks, &lenses);
        Rc::new(
            model::line_views(&doc.text, &pieces, &tk.tokens)
                .into_iter()
                .map(Rc::new)
                .collect::<Vec<_>>(),
        )
    };
    let hl_us = tk.us + ((super::now_ms() - t0) * 1000.0) as u64;
    let line_count = if plain {
        model::line_count(&doc.text)
    } else {
        lines.len()
    };
    let infos: Vec<Info> = mine
        .iter()
        .map(|(i, s, e, n)| Info {
            start: *s,
            end: *e,
            line: index.line_of(*s) + 1,
            severity: i.severity(),
            item: *n,
        })
        .collect();
    let mut gutter = vec![None; if plain { 0 } else { lines.len() + 1 }];
    for i in &infos {
        if let Some(slot) = gutter.get_mut(i.line) {
            *slot = (*slot).max(Some(i.severity));
        }
    }
    View {
        lines,
        gutter: Rc::new(gutter),
        infos: Rc::new(infos),
        hl_us,
        line_count,
        plain,
    }
}

/// Keys for the backdrop's lines (of one chunk): the line's content (and which repeat of it), so
/// inserting or removing a line does not redraw every line after it in its chunk.
fn line_keys(lines: &[Rc<LineView>]) -> Vec<String> {
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    lines
        .iter()
        .map(|l| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &b in l.text.as_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
            let n = seen.entry(h).or_insert(0);
            *n += 1;
            format!("{h:x}-{n}")
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct LineProps {
    line: Rc<LineView>,
}

/// One line of the backdrop. Text runs are text nodes, so the user's text is never markup.
#[function_component(BLine)]
fn bline(p: &LineProps) -> Html {
    let text = &p.line.text;
    let segs = p.line.segs.iter().map(|seg| match seg {
        Seg::Text { range, tok, mark } => {
            let t = text.get(range.clone()).unwrap_or("").to_string();
            let inner = match tok {
                Some(k) => html! { <span class={k.class()}>{ t }</span> },
                None => html! { { t } },
            };
            match mark {
                None => inner,
                Some(m) => html! {
                    <mark class={classes!("m", format!("sev-{}", m.severity.as_str()), m.selected.then_some("sel"))}
                        data-f={m.ids.iter().map(usize::to_string).collect::<Vec<_>>().join(" ")}>
                        { inner }
                    </mark>
                },
            }
        }
        Seg::Point {
            severity,
            selected,
            id,
        } => html! {
            <mark class={classes!("pt", format!("sev-{}", severity.as_str()), selected.then_some("sel"))}
                data-f={id.to_string()}></mark>
        },
        Seg::Lens { severity, message } => html! {
            <span class={classes!("lens", format!("sev-{}", severity.as_str()))}>{ message.clone() }</span>
        },
    });
    html! { <div class="bl">{ for segs }</div> }
}

/// The backdrop's lines, equal only to themselves: a render that did not recompute them (a caret
/// move, a tooltip) leaves the backdrop alone instead of comparing thousands of lines.
#[derive(Clone)]
struct Lines(Rc<Vec<Rc<LineView>>>);

impl PartialEq for Lines {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Lines per chunk of the backdrop and the gutter. A chunk is a component that draws its lines as
/// a fragment (no wrapper: they stay the backdrop's and the gutter's own children), so a render of
/// a 5,000-line file compares ~80 chunks instead of diffing 5,000 rows, and redraws the chunks
/// whose lines changed.
const CHUNK: usize = 64;

/// The chunk of `lines` from `start` to `end`; equal when its lines are (compared by content).
#[derive(Properties)]
struct BChunkProps {
    lines: Lines,
    start: usize,
    end: usize,
}

impl BChunkProps {
    fn mine(&self) -> &[Rc<LineView>] {
        self.lines.0.get(self.start..self.end).unwrap_or_default()
    }
}

impl PartialEq for BChunkProps {
    fn eq(&self, other: &Self) -> bool {
        self.mine() == other.mine()
    }
}

#[function_component(BChunk)]
fn bchunk(p: &BChunkProps) -> Html {
    let lines = p.mine();
    let rows = lines
        .iter()
        .zip(line_keys(lines))
        .map(|(l, k)| html! { <BLine key={k} line={l.clone()} /> });
    html! { { for rows } }
}

#[derive(Properties, PartialEq)]
struct BackdropProps {
    lines: Lines,
    hl_us: u64,
    node: NodeRef,
}

/// The text again, under the textarea, in syntax colours with the findings' highlights; in chunks
/// of keyed rows, one per line, so an edit redraws the lines it changed.
#[function_component(Backdrop)]
fn backdrop(p: &BackdropProps) -> Html {
    let n = p.lines.0.len();
    let rows = (0..n).step_by(CHUNK).map(|start| {
        html! { <BChunk lines={p.lines.clone()} {start} end={(start + CHUNK).min(n)} /> }
    });
    html! {
        <pre class="backdrop" aria-hidden="true" ref={p.node.clone()} data-hl-us={p.hl_us.to_string()}>
            { for rows }
            // Room for the next keystroke, so the browser keeps the caret in view by scrolling
            // the editor before this backdrop catches up.
            <div class="bl bl-end">{ " " }</div>
        </pre>
    }
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: usize,
    /// Worst severity per 1-based line (index 0 unused).
    marks: Rc<Vec<Option<Severity>>>,
    /// 1-based lines of the selected finding.
    selected: Option<(usize, usize)>,
    /// The line whose marker the tooltip describes.
    tip_line: Option<usize>,
    onselect: Callback<usize>,
    /// Show (with the marker's box) or hide the tooltip of a line's marker.
    ontip: Callback<(usize, Option<web_sys::DomRect>)>,
    node: NodeRef,
}

/// Line numbers, with a severity marker button on lines that have findings: click selects the
/// line's finding, hover or focus shows its message.
#[function_component(Gutter)]
fn gutter(p: &GutterProps) -> Html {
    let chunks = (1..=p.lines).step_by(CHUNK).map(|from| {
        let to = (from + CHUNK).min(p.lines + 1);
        let mine = |n: &usize| (from..to).contains(n);
        html! {
            <GChunk {from} {to} marks={p.marks.clone()}
                selected={p.selected.map(|(a, b)| (a.max(from), b.min(to - 1))).filter(|(a, b)| a <= b)}
                tip_line={p.tip_line.filter(mine)}
                onselect={p.onselect.clone()} ontip={p.ontip.clone()} />
        }
    });
    html! { <div class="gutter" ref={p.node.clone()}>{ for chunks }</div> }
}

/// Lines `from..to` (1-based) of the gutter, drawn as a fragment; `selected` and `tip_line` are
/// clipped to them, so a chunk is equal to the last one unless its own rows changed.
#[derive(Properties)]
struct GChunkProps {
    from: usize,
    to: usize,
    /// Worst severity per 1-based line of the whole file (only this chunk's are compared).
    marks: Rc<Vec<Option<Severity>>>,
    selected: Option<(usize, usize)>,
    tip_line: Option<usize>,
    onselect: Callback<usize>,
    ontip: Callback<(usize, Option<web_sys::DomRect>)>,
}

impl GChunkProps {
    fn marks(&self) -> &[Option<Severity>] {
        self.marks.get(self.from..self.to).unwrap_or_default()
    }
}

impl PartialEq for GChunkProps {
    fn eq(&self, other: &Self) -> bool {
        (self.from, self.to, self.selected, self.tip_line)
            == (other.from, other.to, other.selected, other.tip_line)
            && self.marks() == other.marks()
            && self.onselect == other.onselect
            && self.ontip == other.ontip
    }
}

#[function_component(GChunk)]
fn gchunk(p: &GChunkProps) -> Html {
    let rows = (p.from..p.to).map(|n| {
        let sev = p.marks.get(n).copied().flatten();
        let sel = p.selected.is_some_and(|(a, b)| n >= a && n <= b);
        match sev {
            None => html! {
                <div class={classes!("ln", sel.then_some("sel"))} aria-hidden="true">{ n }</div>
            },
            Some(s) => {
                let show = {
                    let t = p.ontip.clone();
                    move |e: &Event| {
                        let rect = e
                            .target_dyn_into::<Element>()
                            .map(|el| el.get_bounding_client_rect());
                        t.emit((n, rect));
                    }
                };
                let (s1, s2) = (show.clone(), show);
                let hide = p.ontip.reform(move |_: Event| (n, None));
                html! {
                    <button type="button"
                        class={classes!("ln", "has", format!("sev-{}", s.as_str()), sel.then_some("sel"))}
                        data-line={n.to_string()}
                        aria-label={format!("Line {n}: {} finding", s.as_str())}
                        aria-describedby={(p.tip_line == Some(n)).then_some("editor-tip")}
                        onclick={p.onselect.reform(move |_| n)}
                        onmouseenter={Callback::from(move |e: MouseEvent| s1(&e))}
                        onfocus={Callback::from(move |e: FocusEvent| s2(&e))}
                        onmouseleave={hide.reform(|e: MouseEvent| e.into())}
                        onblur={hide.reform(|e: FocusEvent| e.into())}
                        onkeydown={{
                            let t = p.ontip.clone();
                            // Escape hides the tooltip (it must be dismissible without moving).
                            Callback::from(move |e: KeyboardEvent| {
                                if e.key() == "Escape" {
                                    t.emit((n, None));
                                }
                            })
                        }}>
                        { n }
                    </button>
                }
            }
        }
    });
    html! { { for rows } }
}

/// In soft-wrap mode a line may take several rows: give each line number its line's height.
/// All heights are read before any is written, so the browser lays out once.
fn fit_gutter(backdrop: &Element, gutter: &Element, wrap: bool) {
    let lines = backdrop.children();
    let nums = gutter.children();
    let heights: Vec<Option<i32>> = (0..nums.length())
        .map(|i| {
            wrap.then(|| {
                lines
                    .item(i)
                    .and_then(|l| l.dyn_into::<HtmlElement>().ok())
                    .map_or(0, |l| l.offset_height())
            })
        })
        .collect();
    for (i, h) in heights.into_iter().enumerate() {
        let Some(num) = nums
            .item(i as u32)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let style = num.style();
        let have = style.get_property_value("height").unwrap_or_default();
        match h {
            None if !have.is_empty() => {
                let _ = style.remove_property("height");
            }
            None => {}
            Some(h) => {
                let want = format!("{h}px");
                if have != want {
                    let _ = style.set_property("height", &want);
                }
            }
        }
    }
}

/// Findings whose span holds byte `at` (a zero-width one when `at` is its place).
fn ids_at(infos: &[Info], at: usize) -> Vec<usize> {
    infos
        .iter()
        .enumerate()
        .filter(|(_, i)| (i.start <= at && at < i.end) || (i.start == i.end && i.start == at))
        .map(|(n, _)| n)
        .collect()
}

/// The backdrop element drawn for finding `id`, for placing its tooltip.
fn mark_of(backdrop: &NodeRef, id: usize) -> Option<Element> {
    backdrop
        .cast::<Element>()?
        .query_selector(&format!("[data-f~=\"{id}\"]"))
        .ok()
        .flatten()
}

#[function_component(Editor)]
pub fn editor(p: &Props) -> Html {
    let area_ref = use_node_ref();
    let scroller = use_node_ref();
    let backdrop = use_node_ref();
    let gutter_ref = use_node_ref();
    let tip_ref = use_node_ref();
    let caret = use_state(|| (1usize, 1usize));
    let tip = use_state(|| None::<Tip>);
    // (file id, revision) the textarea was last synced to, the last reveal carried out, and the
    // textarea itself (a new element starts empty).
    let synced = use_mut_ref(|| (0u32, u64::MAX, 0u64, None::<HtmlTextAreaElement>));
    let s = &p.state;
    let d = &p.dispatch;
    let doc = s.session.active();
    let id = doc.id;
    let kind = doc.kind();
    let (badge, kind_name) = model::kind_label(kind);
    let fresh = s.fresh();
    let wrap = s.settings.wrap;
    let tokens = use_memo((id, s.session.rev), |_| tokenize(doc));
    let view = use_memo(
        (
            id,
            s.session.rev,
            Rc::as_ptr(&s.report) as usize,
            s.selected.clone(),
            fresh,
        ),
        |_| compute(s, &tokens),
    );

    // The caret's line and column for the status bar, and its tooltip when it is on a finding.
    let update_caret: Rc<dyn Fn(bool)> = {
        let (area_ref, caret, tip, view, backdrop) = (
            area_ref.clone(),
            caret.clone(),
            tip.clone(),
            view.clone(),
            backdrop.clone(),
        );
        Rc::new(move |show_tip: bool| {
            let Some(area) = area_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = area.value();
            let pos = area.selection_start().ok().flatten().unwrap_or(0);
            let at = model::byte_offset(&text, pos);
            let lc = model::line_col(&text, at);
            if *caret != lc {
                caret.set(lc);
            }
            let ids = if show_tip {
                ids_at(&view.infos, at)
            } else {
                Vec::new()
            };
            let place = ids.first().and_then(|&i| mark_of(&backdrop, i));
            match place {
                Some(el) => {
                    let r = el.get_bounding_client_rect();
                    let next = Tip {
                        ids,
                        from: TipFrom::Caret,
                        x: r.left(),
                        y: r.bottom() + 4.0,
                    };
                    if tip.as_ref() != Some(&next) {
                        tip.set(Some(next));
                    }
                }
                None => {
                    if tip.as_ref().is_some_and(|t| t.from == TipFrom::Caret) {
                        tip.set(None);
                    }
                }
            }
        })
    };

    // After each render: keep the textarea's text in step with the session (same file: through the
    // textarea's undo history), reset the view on a file switch, carry out a reveal.
    {
        let (s, area_ref, scroller, backdrop, synced, update_caret) = (
            s.clone(),
            area_ref.clone(),
            scroller.clone(),
            backdrop.clone(),
            synced.clone(),
            update_caret.clone(),
        );
        use_effect(move || {
            let Some(area) = area_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let doc = s.session.active();
            let mut st = synced.borrow_mut();
            let same_file =
                st.0 == doc.id && st.3.as_ref().is_some_and(|a| a.is_same_node(Some(&area)));
            if !same_file || st.1 != s.session.rev {
                dom::sync_textarea(&area, &doc.text, same_file);
            }
            let reveal = s.reveal.filter(|r| r.seq != st.2);
            if !same_file && reveal.is_none() {
                // Another file is in the editor: start at its top, not where the last one was.
                let _ = area.set_selection_range(0, 0);
                if let Some(sc) = scroller.cast::<Element>() {
                    sc.set_scroll_top(0);
                    sc.set_scroll_left(0);
                }
            }
            st.0 = doc.id;
            st.1 = s.session.rev;
            st.3 = Some(area.clone());
            if let Some(r) = reveal {
                st.2 = r.seq;
                let range = match r.what {
                    Reveal::Range(a, b) => Some((a, b)),
                    Reveal::Selected => {
                        let items = s.items();
                        s.selected_index(&items)
                            .map(|i| items[i])
                            .filter(|i| i.file() == doc.path)
                            .map(|i| (i.span().start, i.span().end))
                    }
                };
                if let Some((a, b)) = range {
                    let (ua, ub) = (
                        model::utf16_offset(&doc.text, a),
                        model::utf16_offset(&doc.text, b),
                    );
                    let _ = area.set_selection_range(ua, ub.max(ua));
                    let mark = backdrop
                        .cast::<Element>()
                        .and_then(|b| b.query_selector("mark.sel").ok().flatten())
                        .filter(|_| r.what == Reveal::Selected);
                    if let Some(mark) = mark {
                        scroll_into_view(&mark, true);
                    } else if let Some(sc) = scroller.cast::<Element>() {
                        let line = model::line_col(&doc.text, a).0 as f64;
                        let lh = f64::from(s.settings.line_px());
                        let top =
                            PAD_Y_PX + (line - 1.0) * lh - f64::from(sc.client_height()) / 3.0;
                        sc.set_scroll_top(top.max(0.0) as i32);
                    }
                }
                drop(st);
                update_caret(true);
            }
        });
    }
    // Soft wrap: line numbers as tall as their wrapped lines (also after the window resizes).
    // Measured when the text, the file or the settings change, not on caret moves.
    {
        let (backdrop, gutter_ref) = (backdrop.clone(), gutter_ref.clone());
        let deps = (id, s.session.rev, s.settings.clone(), view.lines.len());
        let fitted = use_mut_ref(|| false);
        use_effect_with(deps, move |_| {
            if wrap || *fitted.borrow() {
                if let (Some(b), Some(g)) =
                    (backdrop.cast::<Element>(), gutter_ref.cast::<Element>())
                {
                    fit_gutter(&b, &g, wrap);
                }
                *fitted.borrow_mut() = wrap;
            }
        });
    }
    {
        let (backdrop, gutter_ref) = (backdrop.clone(), gutter_ref.clone());
        use_effect_with(wrap, move |&wrap| {
            let cb = Closure::<dyn FnMut()>::new(move || {
                if let (Some(b), Some(g)) =
                    (backdrop.cast::<Element>(), gutter_ref.cast::<Element>())
                {
                    fit_gutter(&b, &g, wrap);
                }
            });
            let w = web_sys::window();
            if let Some(w) = &w {
                let _ = w.add_event_listener_with_callback("resize", cb.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = w {
                    let _ = w
                        .remove_event_listener_with_callback("resize", cb.as_ref().unchecked_ref());
                }
            }
        });
    }
    // Place the tooltip (through the CSSOM: the CSP allows no style attributes), inside the window.
    {
        let tip_ref = tip_ref.clone();
        use_effect_with((*tip).clone(), move |t| {
            if let (Some(t), Some(el)) = (t, tip_ref.cast::<HtmlElement>()) {
                let vw = web_sys::window()
                    .and_then(|w| w.inner_width().ok())
                    .and_then(|v| v.as_f64())
                    .unwrap_or(1024.0);
                let w = f64::from(el.offset_width());
                let x = t.x.min(vw - w - 8.0).max(8.0);
                let style = el.style();
                // Whole pixels: formatting an f64 would pull float printing into the wasm.
                let _ = style.set_property("left", &format!("{}px", x.round() as i64));
                let _ = style.set_property("top", &format!("{}px", t.y.round() as i64));
            }
        });
    }
    // Edit → findings on screen: measured when the frame that paints them starts (its animation
    // frame callback runs before that frame is painted).
    let painted = use_state(|| None::<(u64, f64)>);
    {
        let painted = painted.clone();
        let (rev, since) = (s.session.rev, s.changed_at);
        use_effect_with(
            (Rc::as_ptr(&s.report) as usize, fresh),
            move |&(_, fresh)| {
                if fresh {
                    let cb = Closure::once_into_js(move || {
                        painted.set(Some((rev, super::now_ms() - since)));
                    });
                    if let Some(w) = web_sys::window() {
                        let _ = w.request_animation_frame(cb.unchecked_ref());
                    }
                }
            },
        );
    }
    // A new focus request for the editor (F8 moves to a finding there).
    super::use_focus(area_ref.clone(), s.focus_for(super::state::Focus::Editor));

    let oninput = {
        let (d, uc) = (d.clone(), update_caret.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            d.emit(Action::Edit(id, area.value()));
            uc(false);
        })
    };
    // Tells the session when a paste is about to replace all of the file (or fill an empty one).
    let onpaste = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(why) = dom::insertion_over_limit(&e, &area, crate::worker::MAX_FILE_BYTES) {
                e.prevent_default();
                d.emit(Action::Notice(why));
                return;
            }
            let len = area.value().encode_utf16().count() as u32;
            let start = area.selection_start().ok().flatten();
            let end = area.selection_end().ok().flatten();
            if start == Some(0) && end == Some(len) {
                d.emit(Action::PasteWhole(id));
            }
        })
    };
    // Text dropped on the editor: the same limit as a paste.
    let ondrop = {
        let d = d.clone();
        Callback::from(move |e: DragEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(why) = dom::insertion_over_limit(&e, &area, crate::worker::MAX_FILE_BYTES) {
                e.prevent_default();
                e.stop_propagation();
                d.emit(Action::Notice(why));
            }
        })
    };
    let onkeyup = {
        let uc = update_caret.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Escape" {
                uc(true)
            }
        })
    };
    let onkeydown = {
        let tip = tip.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Escape dismisses the tooltip (it stays out of the way of the text).
            if e.key() == "Escape" && tip.is_some() {
                tip.set(None);
            }
        })
    };
    let onmouseup = {
        let uc = update_caret.clone();
        Callback::from(move |_: MouseEvent| uc(true))
    };
    // Hover: the backdrop lies under the textarea, so look at what is under the pointer there.
    let onmousemove = {
        let tip = tip.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let hit = doc
                .elements_from_point(e.client_x() as f32, e.client_y() as f32)
                .iter()
                .filter_map(|n| n.dyn_into::<Element>().ok())
                .find(|el| {
                    el.has_attribute("data-f") && el.closest(".backdrop").ok().flatten().is_some()
                });
            match hit {
                Some(el) => {
                    let ids: Vec<usize> = el
                        .get_attribute("data-f")
                        .unwrap_or_default()
                        .split_whitespace()
                        .filter_map(|x| x.parse().ok())
                        .collect();
                    if tip
                        .as_ref()
                        .is_some_and(|t| t.ids == ids && t.from == TipFrom::Hover)
                    {
                        return;
                    }
                    let r = el.get_bounding_client_rect();
                    tip.set(Some(Tip {
                        ids,
                        from: TipFrom::Hover,
                        x: r.left(),
                        y: r.bottom() + 4.0,
                    }));
                }
                None => {
                    if tip.as_ref().is_some_and(|t| t.from == TipFrom::Hover) {
                        tip.set(None);
                    }
                }
            }
        })
    };
    let onmouseleave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| {
            if tip.as_ref().is_some_and(|t| t.from == TipFrom::Hover) {
                tip.set(None);
            }
        })
    };
    let onblur = {
        let tip = tip.clone();
        Callback::from(move |_: FocusEvent| {
            if tip.as_ref().is_some_and(|t| t.from == TipFrom::Caret) {
                tip.set(None);
            }
        })
    };
    // The gutter's callbacks keep their identity across renders, so the gutter (one row per line)
    // is redrawn only when its lines or markers change, not on every keystroke.
    let infos_now = use_mut_ref(|| Rc::new(Vec::new()));
    *infos_now.borrow_mut() = view.infos.clone();
    let tip_from = use_mut_ref(|| None::<TipFrom>);
    *tip_from.borrow_mut() = tip.as_ref().map(|t| t.from);
    let ontip = {
        let setter = tip.setter();
        use_callback(
            (),
            move |(line, rect): (usize, Option<web_sys::DomRect>), _| match rect {
                Some(r) => {
                    let ids: Vec<usize> = infos_now
                        .borrow()
                        .iter()
                        .enumerate()
                        .filter(|(_, i)| i.line == line)
                        .map(|(n, _)| n)
                        .collect();
                    setter.set(Some(Tip {
                        ids,
                        from: TipFrom::Gutter(line),
                        x: r.right() + 6.0,
                        y: r.top(),
                    }));
                }
                None => {
                    if *tip_from.borrow() == Some(TipFrom::Gutter(line)) {
                        setter.set(None);
                    }
                }
            },
        )
    };
    let onselect = use_callback(d.clone(), |line: usize, d| d.emit(Action::SelectLine(line)));

    let items = s.items();
    let errors: Vec<Item<'_>> = items
        .iter()
        .copied()
        .filter(|i| fresh && i.file() == doc.path && matches!(i, Item::Error(_)))
        .collect();
    let error_strip = errors.iter().map(|e| {
        let key = e.key();
        html! {
            <li>
                <button type="button" class="perr" onclick={d.reform(move |_| Action::Select(key.clone()))}>
                    <strong>{ format!("Parse error at line {}, column {}", e.line(), e.column()) }</strong>
                    <span>{ format!(": {}", e.message()) }</span>
                </button>
            </li>
        }
    });
    let selected = s.selected_index(&items).map(|i| items[i]);
    let sel_lines = selected.filter(|x| x.file() == doc.path).map(|x| match x {
        Item::Finding(f) => (f.line, f.end_line.max(f.line)),
        Item::Error(e) => (e.line, e.line),
    });
    let lines = view.line_count;
    let status = format!(
        "Ln {}, Col {} · {} line{} · {}",
        caret.0,
        caret.1,
        lines,
        super::files::plural(lines),
        if doc.text.contains("\r\n") {
            "CRLF"
        } else {
            "LF"
        }
    );
    let failed = s
        .lint_failed
        .as_ref()
        .is_some_and(|f| f.rev == s.session.rev);
    // Edit → findings on screen. The status says "findings in" in the same render that draws the
    // findings (so it is never a frame behind them): until the frame that paints them comes, with
    // the time so far, then (the effect above) with the time to that frame, before it is painted.
    let findings_ms = match *painted {
        Some((rev, total)) if rev == s.session.rev => total,
        _ => super::now_ms() - s.changed_at,
    };
    let lint_status = if fresh {
        // Integer maths: formatting an f64 would pull float printing into the wasm.
        let ms = |v: f64| {
            let us = (v * 1000.0) as u64;
            if us < 100 {
                "<0.1 ms".to_string()
            } else {
                format!("{}.{} ms", us / 1000, us % 1000 / 100)
            }
        };
        format!("findings in {} (lint {})", ms(findings_ms), ms(s.lint_ms))
    } else if failed {
        "linting stopped".to_string()
    } else if s.worker {
        "linting…".to_string()
    } else {
        "linting when you pause…".to_string()
    };
    let painted_ms = fresh.then_some((findings_ms * 10.0) as u64);
    let tip_html = tip.as_ref().map(|t| {
        let items = s.items();
        let rows = t
            .ids
            .iter()
            .filter_map(|&i| view.infos.get(i))
            .filter_map(|i| Some((i.severity, tip_label(items.get(i.item)?))))
            .map(
                |(sev, label)| html! { <li class={format!("sev-{}", sev.as_str())}>{ label }</li> },
            );
        html! {
            <div id="editor-tip" class="tooltip" role="tooltip" ref={tip_ref.clone()}>
                <ul>{ for rows }</ul>
            </div>
        }
    });
    let described = match tip.as_ref().map(|t| t.from) {
        Some(TipFrom::Hover | TipFrom::Caret) => "editor-status editor-tip",
        _ => "editor-status",
    };
    let tip_line = tip.as_ref().and_then(|t| match t.from {
        TipFrom::Gutter(l) => Some(l),
        _ => None,
    });
    html! {
        <section class={classes!("editor-pane", wrap.then_some("wrap"))} aria-label="Editor">
            <div class="pane-head">
                <span class={classes!("kind-badge", kind_class(kind))}>{ badge }</span>
                <h2 class="path" id="editor-path"><bdi>{ doc.path.clone() }</bdi></h2>
                if doc.path.rsplit('/').next() != Some(kind_name) {
                    <span class="kind-name">{ kind_name }</span>
                }
            </div>
            if kind == FileKind::Other {
                <p class="not-linted">
                    { "This file is not linted: shipshape detects the kind from the name. Rename it to Dockerfile, *.dockerfile, Containerfile, compose.yaml, .dockerignore, .hadolint.yaml or .dclintrc." }
                </p>
            }
            if view.plain {
                <p class="not-linted plain-note">
                    { format!("This file is {}: it is shown as plain text, without colours, line numbers or markers, so typing stays quick. Its findings are in the list.", crate::worker::size_label(doc.text.len())) }
                </p>
            }
            if !errors.is_empty() {
                <ul id="parse-errors" class="parse-errors" role="alert">{ for error_strip }</ul>
            }
            <div class="editor-scroll" ref={scroller}>
                <div class="editor-inner">
                    <Gutter lines={if view.plain { 0 } else { lines }} marks={view.gutter.clone()} selected={sel_lines} {tip_line}
                        {onselect} {ontip} node={gutter_ref} />
                    <div class="code">
                        <Backdrop lines={Lines(view.lines.clone())} hl_us={view.hl_us} node={backdrop} />
                        <textarea id="editor" ref={area_ref} class={classes!(view.plain.then_some("plain"))}
                            wrap={if wrap { "soft" } else { "off" }} spellcheck="false"
                            autocomplete="off" autocapitalize="off"
                            aria-labelledby="editor-path" aria-describedby={described}
                            placeholder="Paste or type a Dockerfile here, or drop files on the page…"
                            {oninput} {onpaste} {ondrop} {onkeyup} {onkeydown} {onmouseup} {onmousemove}
                            {onmouseleave} {onblur} />
                    </div>
                </div>
            </div>
            { tip_html.unwrap_or_default() }
            <div class="statusbar" id="editor-status">
                <span>{ status }</span>
                <span class={classes!("lint-status", (!fresh).then_some("busy"), failed.then_some("failed"))}
                    data-e2e-tenths-ms={painted_ms.map(|t| t.to_string())}>{ lint_status }</span>
            </div>
        </section>
    }
}
