//! The top bar (examples, undo/redo) and the workspace's file list with add, rename and close.

use super::{icon, icons, App, Msg};
use crate::examples::EXAMPLES;
use crate::model::{self, Item};
use shipshape_core::{FileKind, Severity};
use wasm_bindgen::JsCast;
use web_sys::{FocusEvent, HtmlInputElement, Node};
use yew::prelude::*;

pub(super) fn kind_class(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "k-dockerfile",
        FileKind::Compose => "k-compose",
        FileKind::Dockerignore => "k-ignore",
        FileKind::HadolintConfig => "k-config",
        FileKind::Other => "k-other",
    }
}

impl App {
    pub(super) fn view_header(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let examples = EXAMPLES.iter().enumerate().map(|(i, ex)| {
            html! {
                <li>
                    <button type="button" class="example" data-example={ex.id}
                        onclick={link.callback(move |_| Msg::Example(i))}>
                        <span class="ex-title">{ ex.title }</span>
                        <span class="ex-blurb">{ ex.blurb }</span>
                    </button>
                </li>
            }
        });
        // Close the menu when focus leaves it (Tab past the last example, or a click elsewhere).
        let menu = self.examples.clone();
        let onfocusout = Callback::from(move |e: FocusEvent| {
            let Some(details) = menu.cast::<web_sys::Element>() else {
                return;
            };
            let inside = e
                .related_target()
                .and_then(|t| t.dyn_into::<Node>().ok())
                .is_some_and(|n| details.contains(Some(&n)));
            if !inside {
                let _ = details.remove_attribute("open");
            }
        });
        let onkeydown = {
            let menu = self.examples.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() != "Escape" {
                    return;
                }
                if let Some(details) = menu.cast::<web_sys::Element>() {
                    let _ = details.remove_attribute("open");
                    // Focus was on an item that is now hidden: give it back to the menu button.
                    let summary = details.query_selector("summary").ok().flatten();
                    if let Some(s) = summary.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = s.focus();
                    }
                }
            })
        };
        let undo = self.session.undo_label();
        let redo = self.session.redo_label();
        html! {
            <header class="topbar">
                <div class="brand">
                    <img class="logo" src="static/icon.svg" alt="" width="24" height="24" />
                    <span class="name">{ "shipshape" }</span>
                    <span class="sub">{ "Dockerfile & Compose audit" }</span>
                </div>
                <p class="privacy">
                    { icon(icons::LOCK) }
                    { "Runs entirely in this tab. Nothing is uploaded." }
                </p>
                <nav class="actions" aria-label="Workspace actions">
                    <details class="menu" id="examples" ref={self.examples.clone()}
                        {onfocusout} {onkeydown}>
                        <summary class="btn">
                            { icon(icons::BOOK) }{ "Examples" }{ icon(icons::CHEVRON) }
                        </summary>
                        <ul class="menu-list">{ for examples }</ul>
                    </details>
                    { self.view_share_menu(ctx) }
                    <button type="button" id="undo" class="btn icon-btn" disabled={undo.is_none()}
                        title={undo.map_or_else(|| "Nothing to undo".to_string(), |l| format!("Undo: {l}"))}
                        onclick={link.callback(|_| Msg::Undo)}>
                        { icon(icons::UNDO) }<span>{ "Undo" }</span>
                    </button>
                    <button type="button" id="redo" class="btn icon-btn" disabled={redo.is_none()}
                        title={redo.map_or_else(|| "Nothing to redo".to_string(), |l| format!("Redo: {l}"))}
                        onclick={link.callback(|_| Msg::Redo)}>
                        { icon(icons::REDO) }<span>{ "Redo" }</span>
                    </button>
                </nav>
            </header>
        }
    }

    pub(super) fn view_files(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let items = self.items();
        let active = self.session.active().id;
        let only_one = self.session.docs().len() == 1;
        let rows = self.session.docs().iter().map(|doc| {
            let id = doc.id;
            let kind = doc.kind();
            let (badge, kind_name) = model::kind_label(kind);
            let mine: Vec<&Item<'_>> = items.iter().filter(|i| i.file() == doc.path).collect();
            let worst = mine.iter().map(|i| i.severity()).max();
            let count = html! {
                if !mine.is_empty() {
                    <span class={classes!("count", worst.map(|s| format!("sev-{}", s.as_str())))}
                        title={format!("{} finding(s)", mine.len())}>
                        { mine.len() }
                    </span>
                }
            };
            let is_active = id == active;
            let renaming = self.renaming.as_ref().filter(|r| r.id == id);
            let body = if let Some(r) = renaming {
                let oninput = link.callback(|e: InputEvent| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    Msg::RenameInput(input.value())
                });
                let onkeydown = link.batch_callback(|e: KeyboardEvent| match e.key().as_str() {
                    "Enter" => {
                        e.prevent_default();
                        Some(Msg::CommitRename(false))
                    }
                    "Escape" => Some(Msg::CancelRename),
                    _ => None,
                });
                let preview = model::kind_label(FileKind::detect(r.value.trim())).1;
                html! {
                    <div class="rename-box">
                        <input class="rename" type="text" value={r.value.clone()}
                            aria-label="File name" spellcheck="false" autocomplete="off"
                            aria-invalid={r.error.is_some().to_string()}
                            {oninput} {onkeydown}
                            onblur={link.callback(|_| Msg::CommitRename(true))} />
                        if let Some(err) = &r.error {
                            <p class="rename-error" role="alert">{ err }</p>
                        } else {
                            <p class="rename-hint">{ format!("Detected as: {preview}") }</p>
                        }
                    </div>
                }
            } else {
                html! {
                    <>
                        <button type="button" class="file-open" title={format!("{} — {kind_name}", doc.path)}
                            aria-current={is_active.then_some("true")}
                            onclick={link.callback(move |_| Msg::Open(id))}
                            ondblclick={link.callback(move |_| Msg::StartRename(id))}>
                            <span class={classes!("kind-badge", kind_class(kind))}>{ badge }</span>
                            <span class="file-name">{ doc.path.clone() }</span>
                            { count }
                        </button>
                        <span class="file-actions">
                            <button type="button" class="file-rename ghost" title={format!("Rename {}", doc.path)}
                                aria-label={format!("Rename {}", doc.path)}
                                onclick={link.callback(move |_| Msg::StartRename(id))}>
                                { icon(icons::PENCIL) }
                            </button>
                            <button type="button" class="file-close ghost" title={format!("Close {}", doc.path)}
                                aria-label={format!("Close {}", doc.path)} disabled={only_one}
                                onclick={link.callback(move |_| Msg::Close(id))}>
                                { icon(icons::CLOSE) }
                            </button>
                        </span>
                    </>
                }
            };
            html! {
                <li key={id} class={classes!("file", is_active.then_some("active"))}
                    data-id={id.to_string()} data-path={doc.path.clone()} data-kind={kind.as_str()}>
                    { body }
                </li>
            }
        });
        let total = items.len();
        let errors = items
            .iter()
            .filter(|i| i.severity() == Severity::Error)
            .count();
        html! {
            <aside class="files" aria-label="Workspace files">
                <div class="side-head">
                    <h2>{ "Workspace" }</h2>
                    <button type="button" id="new-file" class="ghost" title="New file"
                        aria-label="New file" onclick={link.callback(|_| Msg::NewFile)}>
                        { icon(icons::PLUS) }
                    </button>
                </div>
                <ul id="files" class="file-list">{ for rows }</ul>
                <div class="side-foot">
                    <p>
                        { "Files are linted together: compose services are checked against the Dockerfiles they build." }
                    </p>
                    <p class="side-hint">
                        { "Name files Dockerfile, *.dockerfile, Containerfile, compose.yaml, .dockerignore or .hadolint.yaml." }
                    </p>
                    <p class="side-total">
                        { format!("{} file{} · {total} finding{} · {errors} error{}",
                            self.session.docs().len(), plural(self.session.docs().len()),
                            plural(total), plural(errors)) }
                    </p>
                </div>
            </aside>
        }
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
