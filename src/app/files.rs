//! The top bar (examples, view settings, share, undo/redo) and the workspace's file list with open,
//! add, rename and close.

use super::share::ShareMenu;
use super::state::{Action, Focus, Rename, StateRef};
use super::{dom, icon, icons, use_focus};
use crate::examples::EXAMPLES;
use crate::model;
use crate::settings::Theme;
use shipshape_core::{FileKind, Severity};
use wasm_bindgen::JsCast;
use web_sys::{FocusEvent, HtmlElement, HtmlInputElement, Node};
use yew::prelude::*;

pub(super) fn kind_class(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "k-dockerfile",
        FileKind::Compose => "k-compose",
        FileKind::Dockerignore => "k-ignore",
        FileKind::HadolintConfig | FileKind::DclintConfig => "k-config",
        FileKind::Other => "k-other",
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

/// A `<details>` menu that closes when focus leaves it or on Escape (focus back on its button).
fn menu_handlers(menu: &NodeRef) -> (Callback<FocusEvent>, Callback<KeyboardEvent>) {
    let m = menu.clone();
    let onfocusout = Callback::from(move |e: FocusEvent| {
        let Some(details) = m.cast::<web_sys::Element>() else {
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
    let m = menu.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            dom::close_menu(&m);
        }
    });
    (onfocusout, onkeydown)
}

#[function_component(TopBar)]
pub fn top_bar(p: &Props) -> Html {
    let examples_ref = use_node_ref();
    let d = &p.dispatch;
    let examples = EXAMPLES.iter().enumerate().map(|(i, ex)| {
        let (d, menu) = (d.clone(), examples_ref.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(m) = menu.cast::<web_sys::Element>() {
                let _ = m.remove_attribute("open");
            }
            d.emit(Action::Example(i));
        });
        html! {
            <li>
                <button type="button" class="example" data-example={ex.id} {onclick}>
                    <span class="ex-title">{ ex.title }</span>
                    <span class="ex-blurb">{ ex.teaches }</span>
                </button>
            </li>
        }
    });
    let (onfocusout, onkeydown) = menu_handlers(&examples_ref);
    let undo = p.state.session.undo_label();
    let redo = p.state.session.redo_label();
    html! {
        <header class="topbar">
            <div class="brand">
                <img class="logo" src="static/icon.svg" alt="" width="24" height="24" />
                <h1 class="name">{ "shipshape" }</h1>
                <span class="sub">{ "Dockerfile & Compose audit" }</span>
            </div>
            <p class="privacy">
                { icon(icons::LOCK) }
                { "Runs entirely in this tab. Nothing is uploaded." }
            </p>
            <nav class="actions" aria-label="Workspace actions">
                <details class="menu" id="examples" ref={examples_ref.clone()} {onfocusout} {onkeydown}>
                    <summary class="btn">
                        { icon(icons::BOOK) }<span class="btn-label">{ "Examples" }</span>{ icon(icons::CHEVRON) }
                    </summary>
                    <ul class="menu-list">{ for examples }</ul>
                </details>
                <a class="btn" id="nav-rules" href="#/rules">
                    { icon(icons::BOOK) }<span class="btn-label">{ "Rules" }</span>
                </a>
                <a class="btn" id="nav-learn" href="#/learn">
                    { icon(icons::CHECK) }<span class="btn-label">{ "Learn" }</span>
                </a>
                <ViewMenu state={p.state.clone()} dispatch={d.clone()} />
                <ShareMenu state={p.state.clone()} dispatch={d.clone()} />
                <button type="button" id="undo" class="btn icon-btn" disabled={undo.is_none()}
                    title={undo.map_or_else(|| "Nothing to undo".to_string(), |l| format!("Undo: {l}"))}
                    onclick={d.reform(|_| Action::Undo)}>
                    { icon(icons::UNDO) }<span class="btn-label">{ "Undo" }</span>
                </button>
                <button type="button" id="redo" class="btn icon-btn" disabled={redo.is_none()}
                    title={redo.map_or_else(|| "Nothing to redo".to_string(), |l| format!("Redo: {l}"))}
                    onclick={d.reform(|_| Action::Redo)}>
                    { icon(icons::REDO) }<span class="btn-label">{ "Redo" }</span>
                </button>
            </nav>
        </header>
    }
}

/// Code size (A−/A+), soft wrap and theme; kept in this browser (`settings`).
#[function_component(ViewMenu)]
fn view_menu(p: &Props) -> Html {
    let menu = use_node_ref();
    let (onfocusout, onkeydown) = menu_handlers(&menu);
    let s = p.state.settings.clone();
    let d = &p.dispatch;
    let set = |f: fn(&crate::settings::Settings) -> crate::settings::Settings| {
        let (d, s) = (d.clone(), s.clone());
        Callback::from(move |_: MouseEvent| d.emit(Action::Settings(f(&s))))
    };
    let onwrap = {
        let (d, s) = (d.clone(), s.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            d.emit(Action::Settings(crate::settings::Settings {
                wrap: on,
                ..s.clone()
            }));
        })
    };
    let onpresenter = {
        let (d, s) = (d.clone(), s.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            d.emit(Action::Settings(crate::settings::Settings {
                presenter: on,
                ..s.clone()
            }));
        })
    };
    let themes = Theme::ALL.iter().map(|&t| {
        let checked = s.theme == t;
        let (d, s) = (d.clone(), s.clone());
        let onchange = Callback::from(move |_: Event| {
            d.emit(Action::Settings(crate::settings::Settings {
                theme: t,
                ..s.clone()
            }))
        });
        html! {
            <label class="theme-opt">
                <input type="radio" name="theme" id={format!("theme-{}", t.id())} value={t.id()}
                    {checked} {onchange} />
                { t.label() }
            </label>
        }
    });
    html! {
        <details class="menu" id="view" ref={menu} {onfocusout} {onkeydown}>
            <summary class="btn" aria-label="View settings">
                { icon(icons::VIEW) }<span class="btn-label">{ "View" }</span>
            </summary>
            <div class="menu-list view-panel" role="group" aria-label="View settings">
                <div class="view-row">
                    <span id="font-size-label">{ "Code size" }</span>
                    <span class="spacer"></span>
                    <button type="button" id="font-smaller" class="btn small-btn" aria-label="Smaller code (A−)"
                        disabled={!s.can_shrink()} onclick={set(|s| s.smaller())}>{ "A−" }</button>
                    <output id="font-size" aria-labelledby="font-size-label">{ format!("{} px", s.font_px) }</output>
                    <button type="button" id="font-larger" class="btn small-btn" aria-label="Larger code (A+)"
                        disabled={!s.can_grow()} onclick={set(|s| s.larger())}>{ "A+" }</button>
                </div>
                <label class="view-row">
                    <input type="checkbox" id="soft-wrap" checked={s.wrap} onchange={onwrap} />
                    { "Soft wrap long lines" }
                </label>
                <label class="view-row">
                    <input type="checkbox" id="presenter" checked={s.presenter} onchange={onpresenter} />
                    { "Presenter view (large, high contrast)" }
                </label>
                <fieldset class="view-themes">
                    <legend>{ "Theme" }</legend>
                    { for themes }
                </fieldset>
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    id: u32,
    path: String,
    count: usize,
    worst: Option<Severity>,
    active: bool,
    only_one: bool,
    renaming: Option<Rename>,
    focus_open: Option<u64>,
    focus_rename: Option<u64>,
    dispatch: Callback<Action>,
}

/// One file of the list; keyed by the file's id, redrawn only when its own props change.
#[function_component(FileRow)]
fn file_row(p: &RowProps) -> Html {
    let open_ref = use_node_ref();
    let rename_ref = use_node_ref();
    use_focus(open_ref.clone(), p.focus_open);
    use_focus(rename_ref.clone(), p.focus_rename);
    let (id, d) = (p.id, &p.dispatch);
    let kind = FileKind::detect(&p.path);
    let (badge, kind_name) = model::kind_label(kind);
    let count = html! {
        if p.count > 0 {
            <span class={classes!("count", p.worst.map(|s| format!("sev-{}", s.as_str())))}
                title={format!("{} finding(s)", p.count)}>
                { p.count }
            </span>
        }
    };
    let body = if let Some(r) = &p.renaming {
        let onkeydown = {
            let d = d.clone();
            Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    d.emit(Action::CommitRename(false));
                }
                "Escape" => d.emit(Action::CancelRename),
                _ => {}
            })
        };
        let preview = model::kind_label(FileKind::detect(r.value.trim())).1;
        html! {
            <div class="rename-box">
                <input class="rename" type="text" value={r.value.clone()} ref={rename_ref}
                    aria-label="File name" spellcheck="false" autocomplete="off"
                    aria-invalid={r.error.is_some().to_string()}
                    oninput={d.reform(|e: InputEvent| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        Action::RenameInput(input.value())
                    })}
                    {onkeydown}
                    onblur={d.reform(|_| Action::CommitRename(true))} />
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
                <button type="button" class="file-open" title={format!("{} — {kind_name}", p.path)}
                    aria-current={p.active.then_some("true")} ref={open_ref}
                    onclick={d.reform(move |_| Action::Open(id))}
                    ondblclick={d.reform(move |_| Action::StartRename(id))}>
                    <span class={classes!("kind-badge", kind_class(kind))}>{ badge }</span>
                    <bdi class="file-name">{ p.path.clone() }</bdi>
                    { count }
                </button>
                <span class="file-actions">
                    <button type="button" class="file-rename ghost" title={format!("Rename {}", p.path)}
                        aria-label={format!("Rename {}", p.path)}
                        onclick={d.reform(move |_| Action::StartRename(id))}>
                        { icon(icons::PENCIL) }
                    </button>
                    <button type="button" class="file-close ghost" title={format!("Close {}", p.path)}
                        aria-label={format!("Close {}", p.path)} disabled={p.only_one}
                        onclick={d.reform(move |_| Action::Close(id))}>
                        { icon(icons::CLOSE) }
                    </button>
                </span>
            </>
        }
    };
    html! {
        <li class={classes!("file", p.active.then_some("active"))}
            data-id={id.to_string()} data-path={p.path.clone()} data-kind={kind.as_str()}>
            { body }
        </li>
    }
}

#[function_component(FileList)]
pub fn file_list(p: &Props) -> Html {
    let file_input = use_node_ref();
    let folder_input = use_node_ref();
    let s = &p.state;
    let d = &p.dispatch;
    let items = s.items();
    let active = s.session.active().id;
    let only_one = s.session.docs().len() == 1;
    let rows = s.session.docs().iter().map(|doc| {
        let mine = items.iter().filter(|i| i.file() == doc.path);
        let (count, worst) = mine.fold((0, None), |(n, w), i| (n + 1, w.max(Some(i.severity()))));
        html! {
            <FileRow key={doc.id} id={doc.id} path={doc.path.clone()} {count} {worst}
                active={doc.id == active} {only_one}
                renaming={s.renaming.clone().filter(|r| r.id == doc.id)}
                focus_open={s.focus_for(Focus::FileOpen(doc.id))}
                focus_rename={s.renaming.as_ref().filter(|r| r.id == doc.id).and(s.focus_for(Focus::Rename))}
                dispatch={d.clone()} />
        }
    });
    let total = items.len();
    let errors = items
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .count();
    let click = |node: &NodeRef| {
        let node = node.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = node.cast::<HtmlElement>() {
                i.click();
            }
        })
    };
    html! {
        <aside class="files" aria-label="Workspace files">
            <div class="side-head">
                <h2>{ "Workspace" }</h2>
                <span class="side-tools">
                    <button type="button" id="open-files" class="ghost" title="Open files…"
                        aria-label="Open files" onclick={click(&file_input)}>
                        { icon(icons::FILE) }
                    </button>
                    <button type="button" id="open-folder" class="ghost" title="Open a folder…"
                        aria-label="Open a folder" onclick={click(&folder_input)}>
                        { icon(icons::FOLDER) }
                    </button>
                    <button type="button" id="new-file" class="ghost" title="New file"
                        aria-label="New file" onclick={d.reform(|_| Action::NewFile)}>
                        { icon(icons::PLUS) }
                    </button>
                </span>
                <input type="file" id="open-files-input" class="sr-only" tabindex="-1" multiple=true
                    aria-label="Open files" ref={file_input}
                    onchange={dom::on_files_chosen(d, false)} />
                <input type="file" id="open-folder-input" class="sr-only" tabindex="-1" multiple=true
                    webkitdirectory=true aria-label="Open a folder" ref={folder_input}
                    onchange={dom::on_files_chosen(d, true)} />
            </div>
            <ul id="files" class="file-list">{ for rows }</ul>
            <div class="side-foot">
                <p>
                    { "Files are linted together: compose services are checked against the Dockerfiles they build." }
                </p>
                <p class="side-hint">
                    { "Open or drop Dockerfiles, compose files, .dockerignore, .hadolint.yaml, .dclintrc or whole folders." }
                </p>
                <p class="side-total">
                    { format!("{} file{} · {total} finding{} · {errors} error{}",
                        s.session.docs().len(), plural(s.session.docs().len()),
                        plural(total), plural(errors)) }
                </p>
            </div>
        </aside>
    }
}
