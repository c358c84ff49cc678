//! The Report tab: the core's Markdown audit report (`report::render` with `Format::Markdown`, the same text the
//! CLI's `--format markdown` prints), shown rendered or raw, with Copy and Download .md. The
//! rendering builds elements from `model::markdown`'s tree of plain strings; nothing is ever handed
//! to the browser as HTML, so file contents in the report stay text.

use super::diff_view;
use super::docs::Docs;
use super::state::{Action, Focus, State, StateRef};
use super::{icon, use_focus};
use crate::model::markdown::{self, Block, Inline};
use gloo_timers::callback::Timeout;
use shipshape_core::report::{render, Format};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Function, Reflect};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlDocument, HtmlTextAreaElement, Url};
use yew::prelude::*;

pub(super) const FILE_NAME: &str = "shipshape-report.md";
const COPY_ICON: &str = "M5.5 5.5h7v8h-7zM3.5 10.5v-8h7";
const DOWNLOAD_ICON: &str = "M8 2.5v8M4.5 7L8 10.5 11.5 7M3 13.5h10";
/// How long the object URL of a download stays valid (the browser has started the download by then).
const REVOKE_AFTER_MS: u32 = 60_000;

/// How a copy ended.
pub enum Copied {
    Yes,
    /// Neither the clipboard API nor the `copy` command was allowed.
    Refused,
}

fn inline(parts: &[Inline]) -> Html {
    let nodes = parts.iter().map(|p| match p {
        Inline::Text(t) => html! { { t.clone() } },
        Inline::Code(t) => html! { <code>{ t.clone() }</code> },
        Inline::Strong(x) => html! { <strong>{ inline(x) }</strong> },
    });
    html! { { for nodes } }
}

fn block(b: &Block) -> Html {
    match b {
        // The page's own headings are h2 (panes), so the report's levels start one below.
        Block::Heading(level, text) => {
            let tag = format!("h{}", (level + 1).min(6));
            html! { <@{tag}>{ inline(text) }</@> }
        }
        Block::Para(text) => html! { <p>{ inline(text) }</p> },
        Block::List(items) => {
            let items = items.iter().map(
                |i| html! { <li>{ inline(&i.text) }{ for i.children.iter().map(block) }</li> },
            );
            html! { <ul>{ for items }</ul> }
        }
        Block::Table { head, rows } => {
            let head_row = (!head.iter().all(Vec::is_empty)).then(|| {
                html! { <thead><tr>{ for head.iter().map(|c| html! { <th>{ inline(c) }</th> }) }</tr></thead> }
            });
            let rows = rows.iter().map(|r| {
                html! { <tr>{ for r.iter().map(|c| html! { <td>{ inline(c) }</td> }) }</tr> }
            });
            html! {
                <div class="table-wrap">
                    <table>{ for head_row }<tbody>{ for rows }</tbody></table>
                </div>
            }
        }
        Block::Code { lang, text } if lang == "diff" => {
            diff_view::unified(text, "Fix as a diff", None)
        }
        Block::Code { text, .. } => html! { <pre class="code"><code>{ text.clone() }</code></pre> },
    }
}

/// Put `md` on the clipboard: the clipboard API, else the `copy` command on a hidden textarea.
pub(super) fn copy(md: &str, done: Callback<Copied>) {
    let Some(window) = web_sys::window() else {
        return done.emit(Copied::Refused);
    };
    // `navigator.clipboard` is missing outside secure contexts: check before calling into it.
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        return done.emit(fallback_copy(md));
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    let text = md.to_string();
    let ok = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| done.emit(Copied::Yes))
    };
    let refused = Closure::once_into_js(move |_: JsValue| done.emit(fallback_copy(&text)));
    // `then` through Reflect: the closures free themselves when called.
    let promise = clipboard.write_text(md);
    let then = Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(then) = then {
        let _ = then.call2(&promise, &ok, &refused);
    }
}

/// The old way: select the text in a textarea and run the `copy` command.
fn fallback_copy(md: &str) -> Copied {
    let copied = (|| {
        let doc = web_sys::window()?.document()?;
        let area: HtmlTextAreaElement = doc.create_element("textarea").ok()?.dyn_into().ok()?;
        area.set_value(md);
        area.set_read_only(true);
        area.set_class_name("offscreen");
        doc.body()?.append_child(&area).ok()?;
        area.select();
        let ok = doc
            .dyn_ref::<HtmlDocument>()
            .and_then(|d| d.exec_command("copy").ok())
            .unwrap_or(false);
        area.remove();
        Some(ok)
    })();
    if copied == Some(true) {
        Copied::Yes
    } else {
        Copied::Refused
    }
}

/// Save `md` as a file: a Blob, an object URL and a link with `download`, clicked. The URL is
/// revoked (and the link removed) a minute later.
pub(super) fn download(md: &str, name: &str) -> Result<(), String> {
    let err = |e: JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = Array::of1(&JsValue::from_str(md));
    let opts = BlobPropertyBag::new();
    opts.set_type("text/markdown;charset=utf-8");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(err)?;
    let a: HtmlAnchorElement = doc
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "not a link")?;
    a.set_href(&url);
    a.set_download(name);
    a.set_class_name("offscreen");
    let _ = a.set_attribute("data-download", name);
    doc.body().ok_or("no body")?.append_child(&a).map_err(err)?;
    a.click();
    Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
        a.remove();
    })
    .forget();
    Ok(())
}

/// The report's Markdown for the current lint, rendered once per lint (and once more when the
/// rules' documentation arrives: the report quotes it). While a large workspace waits for its
/// debounced lint, the last report stands in; while the documentation loads there is none.
pub(super) fn report_markdown(s: &State) -> Option<Rc<str>> {
    if s.docs.pending() {
        return None;
    }
    let docs = s.docs == Docs::Ready;
    let mut cache = s.panel.report_md.borrow_mut();
    match &*cache {
        Some((report, with_docs, md))
            if *with_docs == docs && (Rc::ptr_eq(report, &s.report) || !s.fresh()) =>
        {
            return Some(md.clone())
        }
        _ if !s.fresh() => return None,
        _ => {}
    }
    let md: Rc<str> = render(Format::Markdown, &s.session.workspace(), &s.report).into();
    *cache = Some((s.report.clone(), docs, md.clone()));
    Some(md)
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

#[function_component(ReportTab)]
pub fn report_tab(p: &Props) -> Html {
    let raw_ref = use_node_ref();
    use_focus(raw_ref.clone(), p.state.focus_for(Focus::ReportRaw));
    let (s, d) = (&p.state, &p.dispatch);
    let md = report_markdown(s);
    let raw = s.panel.raw;
    let seg = |value: bool, label: &'static str, id: &'static str| {
        html! {
            <button type="button" class="seg" data-view={id} aria-pressed={(raw == value).to_string()}
                onclick={d.reform(move |_| Action::Raw(value))}>
                { label }
            </button>
        }
    };
    let body = match &md {
        None if s.docs.pending() => super::docs::placeholder(&s.docs),
        None => {
            html! { <p class="muted pad">{ "The report is written once the lint catches up with your typing…" }</p> }
        }
        Some(md) if raw => html! {
            <textarea id="report-raw" class="report-raw" readonly=true value={md.to_string()} ref={raw_ref}
                aria-label="The report as Markdown" spellcheck="false" wrap="off" />
        },
        Some(md) => html! {
            <article id="report-doc" class="report-doc" tabindex="0" aria-label="Audit report">
                { for markdown::parse(md).iter().map(block) }
            </article>
        },
    };
    let oncopy = {
        let (d, md) = (d.clone(), md.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(md) = &md {
                copy(
                    md,
                    d.reform(|c| Action::ReportCopied(matches!(c, Copied::Yes))),
                );
            }
        })
    };
    let ondownload = {
        let (d, md) = (d.clone(), md.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(md) = &md {
                if let Err(e) = download(md, FILE_NAME) {
                    d.emit(Action::Notice(format!("The download did not start: {e}.")));
                }
            }
        })
    };
    let busy = md.is_some() && !s.fresh();
    html! {
        <div id="panel-report" class="tab-panel report" role="tabpanel" aria-labelledby="tab-report">
            <div class="toolbar">
                <div class="segmented" role="group" aria-label="Report view">
                    { seg(false, "Rendered", "rendered") }
                    { seg(true, "Markdown", "raw") }
                </div>
                <span class="spacer"></span>
                <button type="button" id="report-copy" class="btn small-btn" disabled={md.is_none()}
                    onclick={oncopy}>
                    { icon(COPY_ICON) }{ "Copy" }
                </button>
                <button type="button" id="report-download" class="btn small-btn" disabled={md.is_none()}
                    title={format!("Save as {FILE_NAME}")} onclick={ondownload}>
                    { icon(DOWNLOAD_ICON) }{ "Download .md" }
                </button>
            </div>
            if busy {
                <p class="muted small pad">{ "Showing the last report: it is updated when you pause typing." }</p>
            }
            { body }
        </div>
    }
}
